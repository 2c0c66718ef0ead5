"""Command line: python -m mapapp serve | export | places | validate | new | edit."""
from __future__ import annotations

import argparse
import gc
import json
import os
import sys
from datetime import date
from pathlib import Path

from . import __version__, editcli, settings
from .errors import MapAppError, StoryInvalid
from .export import FORMATS, IMAGE_FORMATS, export, import_formats, write_atomic
from .export.guard import check_out
from .filters import FilterOptions, apply
from .link import link_story
from .load import load_story


def _iso(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date in YYYY-MM-DD form") from None


def _layers(value: str) -> frozenset[str]:
    """--layers: comma-separated layer ids (checked against the story once it is loaded)."""
    chosen = frozenset(v.strip() for v in value.split(",") if v.strip())
    if not chosen:
        raise argparse.ArgumentTypeError("no layer given; name one or more layer ids, comma-separated")
    return chosen


def _check_layers(story, layers: frozenset[str] | None) -> None:
    known = [layer.id for layer in story.layers]
    unknown = sorted(set(layers or ()) - set(known))
    if unknown:
        raise MapAppError(f"unknown layer(s) {', '.join(unknown)}; the story's layers are {', '.join(known)}")


def _formats(value: str) -> tuple[str, ...]:
    """--format: one format, or several comma-separated (drawn from one prepared view)."""
    chosen = tuple(dict.fromkeys(v.strip().lower() for v in value.split(",") if v.strip()))
    unknown = [f for f in chosen if f not in FORMATS]
    if not chosen or unknown:
        raise argparse.ArgumentTypeError(f"unknown format {', '.join(unknown) or repr(value)}; use one or more of "
                                         f"{', '.join(FORMATS)}, comma-separated")
    return chosen


def _size(value: str) -> tuple[int, int]:
    """--size WIDTHxHEIGHT in pixels."""
    w, sep, h = value.lower().partition("x")
    if not (sep and w.isdigit() and h.isdigit() and 400 <= int(w) <= 20000 and 300 <= int(h) <= 20000):
        raise argparse.ArgumentTypeError(f"{value!r} is not a size like 2400x1600 (pixels, 400-20000 wide, "
                                         "300-20000 high)")
    return int(w), int(h)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m mapapp", description="Map dashboard for the geography of a news "
                                "story: serve the app, export maps, find places in articles, check a story.")
    p.add_argument("--version", action="version", version=f"mapapp {__version__}")
    sub = p.add_subparsers(dest="command", required=True)
    story_help = f"story folder holding geodata/ and seeds/ (default: ${settings._BY_NAME['story'].env} or the " \
                 "built-in story)"

    s = sub.add_parser("serve", help="start the dashboard (streamlit) on a story")
    s.add_argument("--story", help=story_help)
    s.add_argument("--port", type=int, help="port to listen on (default: Streamlit's own setting, i.e. "
                   "$STREAMLIT_SERVER_PORT, server.port in .streamlit/config.toml, else 8501)")

    e = sub.add_parser("export", help="export the map (html; png, svg, pdf as a still) or its data (geojson, kml, "
                                      "csv) for a date range")
    e.add_argument("--out", required=True, help="file to write (replaced atomically; never a file of the story); "
                                                "with several formats the files' common name, each given its "
                                                "format's extension (out/kim → out/kim.html, out/kim.png, …)")
    e.add_argument("--format", type=_formats, default=("html",), metavar="FORMAT[,FORMAT...]",
                   help="html: self-contained interactive map; geojson: events and legs (RFC 7946); kml: for "
                        "Google Earth, with time spans; csv: events for spreadsheets; png, svg, pdf: a still map "
                        "with labels, legend and scale bar, for print (default html). Several, comma-separated, are "
                        "drawn from one loading and linking of the story")
    e.add_argument("--start", type=_iso, help="first day to include, YYYY-MM-DD")
    e.add_argument("--end", type=_iso, help="last day to include, YYYY-MM-DD")
    e.add_argument("--layers", type=_layers, default=None,
                   help="comma-separated layer ids to include (default all; `validate` lists the story's layers)")
    e.add_argument("--story", help=story_help)
    e.add_argument("--size", type=_size, help="png/svg/pdf: size in pixels, WIDTHxHEIGHT (default 2400x1600; "
                                              "pdf: A4 landscape)")
    e.add_argument("--labels", choices=("auto", "all", "none"), default="auto",
                   help="png/svg/pdf place names: auto (every place, a magnified box for the densest cluster), all "
                        "(every place on the main map, no box), none (default auto)")
    e.add_argument("--title", help="png/svg/pdf: title above the map (default the story's title)")

    pl = sub.add_parser("places", help="find the places that article files or web pages name")
    pl.add_argument("files", nargs="+", help="article files (seeds-format or plain .txt, .md, or a saved .html page: "
                                              "its main text, headline, date, URL and author) or http(s):// URLs")
    pl.add_argument("--json", action="store_true", help="print JSON Lines, one object per file")
    pl.add_argument("--story", help=story_help + "; its places are preferred")

    v = sub.add_parser("validate", help="check a story folder and list every problem")
    v.add_argument("--story", help=story_help)
    editcli.add_parsers(sub, story_help)  # new | edit
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        settings.check()
        return _COMMANDS[args.command](args)
    except StoryInvalid as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except MapAppError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


def _serve(args) -> int:
    import subprocess

    env = dict(os.environ)
    if args.story:
        env[settings._BY_NAME["story"].env] = str(Path(args.story).resolve())
    return subprocess.call(serve_command(args.port), env=env)


def serve_command(port: int | None = None) -> list[str]:
    """The ``streamlit run`` command line; the port only when given, so that Streamlit's own settings
    (STREAMLIT_SERVER_PORT, .streamlit/config.toml) decide it otherwise."""
    app = Path(__file__).resolve().parent.parent / "streamlit_app.py"
    return [sys.executable, "-m", "streamlit", "run", str(app), *(("--server.port", str(port)) if port is not None else ())]


def _export(args) -> int:
    # What the imports made (folium, matplotlib, …) lives as long as the command: frozen, the garbage collector
    # stops walking it again each time the story's objects fill a generation (about 0.1 s of a 10,000-event
    # report, benchmarks/bench_html_export.py). Unfrozen at the end for callers in the same process (tests).
    import_formats(args.format)
    gc.freeze()
    try:
        return _export_files(args)
    finally:
        gc.unfreeze()


def _export_files(args) -> int:
    story = load_story(args.story)
    _check_layers(story, args.layers)
    outs = export_paths(args.out, args.format)
    for out in outs.values():  # every file checked before any is written
        check_out(out, story.root)
    options = FilterOptions(start=args.start, end=args.end, layers=args.layers)
    image = None
    if set(args.format) & set(IMAGE_FORMATS):
        from .export.image import ImageOptions

        image = ImageOptions(size=args.size, labels=args.labels, title=args.title)
    stills_only = set(args.format) <= set(IMAGE_FORMATS)  # a still quotes no article: the story is not linked
    view = apply(story, {} if stills_only else link_story(story), options)
    for fmt, out in outs.items():
        write_atomic(out, export(story, view, options, fmt, image))
        print(f"wrote {out}: {len(view.events)} events, {len(view.routes)} route legs ({fmt})")
    return 0


def export_paths(out: str, formats: tuple[str, ...]) -> dict[str, Path]:
    """The file each format goes to: ``out`` itself for one format; for several, ``out`` with each format's
    extension (an extension of one of them that ``out`` already has is replaced)."""
    if len(formats) == 1:
        return {formats[0]: Path(out)}
    path = Path(out)
    if path.suffix.lower() in {FORMATS[f][0] for f in formats}:
        path = path.with_suffix("")
    if not path.name or path.is_dir():
        raise MapAppError(f"--out {out} names a folder; with several formats give the files' common name, "
                          f"e.g. {Path(out) / 'map'}")
    return {f: path.with_name(path.name + FORMATS[f][0]) for f in formats}


def _places(args) -> int:
    from .geoparse import find_mentions, load_gazetteer
    from .htmltext import read_source

    story_places = ()
    if args.story or Path(settings.get("story"), "geodata").is_dir():
        story_places = load_story(args.story).places
    gazetteer = load_gazetteer(story_places)
    for name in args.files:
        article, author = read_source(name)
        mentions = find_mentions(article.text, gazetteer)
        meta = {"title": article.title, "date": article.date.isoformat() if article.date else None,
                "url": article.url or None, "author": author or None}
        if args.json:
            print(json.dumps({"file": name, **meta, "mentions": [m.as_dict() for m in mentions]}, ensure_ascii=False))
        else:
            print(f"{name}: {len(mentions)} mention(s)")
            print("  " + " · ".join(f"{k} {v}" for k, v in meta.items() if v))
            for m in mentions:
                print(f"  {m.surface:<28} → {m.name:<28} {m.lat:8.4f} {m.lon:9.4f}  {m.kind or '-'} "
                      f"{m.country or '-'}")
    return 0


def _validate(args) -> int:
    story = load_story(args.story)
    for warning in story.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    print(f"{story.root}: OK — {len(story.places)} places, {len(story.events)} events, "
          f"{len(story.routes)} route legs, {len(story.articles)} articles")
    print("layers: " + ", ".join(f"{layer.id} ({layer.type}, {layer.label})" for layer in story.layers))
    return 0


_COMMANDS = {"serve": _serve, "export": _export, "places": _places, "validate": _validate,
             "new": editcli.run_new, "edit": editcli.run_edit}
