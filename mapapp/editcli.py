"""``python -m mapapp new`` and ``python -m mapapp edit --story DIR ACTION …``: the dashboard's edits as commands.

Each action builds the same edit object the dashboard builds and saves it with :func:`mapapp.journal.save`,
which reads, checks and writes under the story lock (concurrent commands all land).
"""
from __future__ import annotations

import json

from . import settings
from .errors import EditRefused
from .layers import MODES, SYMBOLS, TYPES


def add_parsers(sub, story_help: str) -> None:
    n = sub.add_parser("new", help="create an empty story folder that validates and exports")
    n.add_argument("dir", help="folder to create (it must be missing or empty)")
    n.add_argument("--title", required=True, help="the story's title (shown on the map and in exports)")

    e = sub.add_parser("edit", help="change a story: add, move, update or delete places, events, legs and "
                                    "layers; undo; history")
    e.add_argument("--story", help=story_help)
    acts = e.add_subparsers(dest="action", required=True, metavar="ACTION", help="what to change (each has "
                            "its own --help)")

    a = acts.add_parser("add-place", help="add a place (a point events can happen at)")
    _place_options(a, new=True)
    m = acts.add_parser("move-place", help="give a place a new position")
    m.add_argument("id", help="the place's id")
    m.add_argument("--lat", type=float, required=True, help="new latitude, -90 to 90")
    m.add_argument("--lon", type=float, required=True, help="new longitude, -180 to 180")
    u = acts.add_parser("update-place", help="change a place's name, aliases, kind, country, sources or "
                                             "description (options left out stay as they are)")
    _place_options(u, new=False)

    ev = acts.add_parser("add-event", help="add an event at a place, on one of the story's point layers")
    ev.add_argument("--id", required=True, help="new event id (letters, digits, '_', '-', '.')")
    ev.add_argument("--place", required=True, help="id of the place where it happened")
    ev.add_argument("--category", required=True, help="id of a point layer of the story (see `validate`)")
    ev.add_argument("--title", required=True, help="one-line title")
    ev.add_argument("--start", required=True, help="first day, YYYY-MM-DD")
    ev.add_argument("--end", default="", help="last day, YYYY-MM-DD (default: one-day event)")
    ev.add_argument("--participants", default="", help="who took part, as text")
    ev.add_argument("--description", default="", help="what happened, in your own words")
    ev.add_argument("--source", action="append", default=[], help="an http(s) URL backing it (repeatable)")

    r = acts.add_parser("add-route", help="add a route leg from one place to another")
    r.add_argument("--id", required=True, help="new leg id (letters, digits, '_', '-', '.')")
    r.add_argument("--from", dest="from_place", required=True, help="id of the place it starts at")
    r.add_argument("--to", dest="to_place", required=True, help="id of the place it ends at")
    r.add_argument("--category", required=True, help="id of a route layer of the story")
    r.add_argument("--start", required=True, help="first day, YYYY-MM-DD")
    r.add_argument("--end", default="", help="last day, YYYY-MM-DD (default: same day)")
    r.add_argument("--mode", default="", choices=("", *MODES), help="rail, road, sea, air, foot or other "
                   "(default: the layer's mode); an air leg needs no geometry")
    r.add_argument("--geometry", default=None, help='the line as GeoJSON: a LineString object or its '
                   'coordinates, e.g. "[[105.85, 21.03], [106.68, 20.86]]" (longitude first)')
    r.add_argument("--name", default="", help="display name (default: 'From → To')")
    r.add_argument("--description", default="", help="about the leg, in your own words")
    r.add_argument("--source", action="append", default=[], help="an http(s) URL backing it (repeatable)")

    la = acts.add_parser("add-layer", help="add a layer to the story (story.json)")
    la.add_argument("--id", required=True, help="new layer id (letters, digits, '_', '-', '.')")
    la.add_argument("--label", required=True, help="name shown in the legend and filters")
    la.add_argument("--type", choices=TYPES, default="points", help="points (events) or routes (legs)")
    la.add_argument("--color", default="", help="#rrggbb (default: the next free colour of the tested palette)")
    la.add_argument("--symbol", choices=SYMBOLS, default="circle", help="points: how each point is drawn")
    la.add_argument("--mode", choices=MODES, default="other", help="routes: the legs' mode of travel")
    ul = acts.add_parser("update-layer", help="rename, recolour or re-symbol a layer, or move it")
    ul.add_argument("id", help="the layer's id")
    ul.add_argument("--label", help="new display name")
    ul.add_argument("--color", help="new colour, #rrggbb (or by-date for a routes layer)")
    ul.add_argument("--symbol", choices=SYMBOLS, help="points: new symbol")
    ul.add_argument("--mode", choices=MODES, help="routes: new mode of travel")
    ul.add_argument("--position", type=int, help="new position in the layer list, 0 = first")

    d = acts.add_parser("delete", help="delete a place, event, route leg or layer by id (a place or layer "
                                       "still in use is refused)")
    d.add_argument("id", help="the id to delete")
    d.add_argument("--kind", choices=("place", "event", "route", "layer"),
                   help="what the id is, when it is not unique across the story's files")
    acts.add_parser("undo", help="step back the last change (repeat to go further back)")
    acts.add_parser("history", help="list the recorded changes, newest first")


def _place_options(p, new: bool) -> None:
    if new:
        p.add_argument("--id", required=True, help="new place id (letters, digits, '_', '-', '.')")
        p.add_argument("--name", required=True, help="the place's name")
        p.add_argument("--lat", type=float, required=True, help="latitude, -90 to 90")
        p.add_argument("--lon", type=float, required=True, help="longitude, -180 to 180")
    else:
        p.add_argument("id", help="the place's id")
        p.add_argument("--name", help="new name")
    p.add_argument("--kind", help="what it is: city, station, venue… (free text)")
    p.add_argument("--country", help="ISO 3166 two-letter country code, e.g. VN")
    p.add_argument("--alias", action="append", default=None, help="another name it goes by in articles "
                   "(repeatable" + ("" if new else "; replaces the aliases") + ")")
    p.add_argument("--source", action="append", default=None, help="an http(s) URL backing its position "
                   "(repeatable" + ("" if new else "; replaces the sources") + ")")
    p.add_argument("--description", help="about the place, in your own words")


def run_new(args) -> int:
    from .newstory import create  # the edit modules load only for these commands, not for every export

    folder = create(args.dir, args.title)
    print(f"created the story {folder}: add places with `python -m mapapp edit --story {folder} add-place …` "
          f"or in the dashboard (`python -m mapapp serve --story {folder}`)")
    return 0


def run_edit(args) -> int:
    from . import journal

    root = args.story or settings.get("story")
    if args.action == "history":
        for entry in journal.history(root):
            print(f"{entry.seq:>6}  {entry.at}  {entry.summary}")
        return 0
    if args.action == "undo":
        saved = journal.undo(root)
    else:
        saved = journal.save(root, _edit(args, root))
    print(saved.summary)
    for warning in saved.warnings:
        print(f"warning: {warning}")
    return 0


def _edit(args, root):
    from . import edit as E

    a = args.action
    if a == "add-place":
        return E.AddPlace(args.id, args.name, args.lat, args.lon, kind=args.kind or "", country=args.country or "",
                          aliases=tuple(args.alias or ()), sources=tuple(args.source or ()),
                          description=args.description or "")
    if a == "move-place":
        return E.MovePlace(args.id, args.lat, args.lon)
    if a == "update-place":
        return E.UpdatePlace(args.id, name=args.name, kind=args.kind, country=args.country,
                             aliases=None if args.alias is None else tuple(args.alias),
                             sources=None if args.source is None else tuple(args.source),
                             description=args.description)
    if a == "add-event":
        return E.AddEvent(args.id, args.place, args.category, args.title, args.start, args.end,
                          participants=args.participants, description=args.description, sources=tuple(args.source))
    if a == "add-route":
        return E.AddRoute(args.id, args.from_place, args.to_place, args.category, args.start, args.end,
                          mode=args.mode, geometry=_line(args.geometry), name=args.name,
                          description=args.description, sources=tuple(args.source))
    if a == "add-layer":
        return E.AddLayer(args.id, args.label, args.type, args.color, args.symbol, args.mode)
    if a == "update-layer":
        if args.position is not None:
            if any(v is not None for v in (args.label, args.color, args.symbol, args.mode)):
                raise EditRefused("position: move a layer on its own, then change it in a second command")
            return E.MoveLayer(args.id, args.position)
        return E.UpdateLayer(args.id, label=args.label, color=args.color, symbol=args.symbol, mode=args.mode)
    return _delete(args.id, args.kind, root)


def _line(value: str | None):
    if value is None or not value.strip():
        return None
    try:
        doc = json.loads(value)
    except ValueError as exc:
        raise EditRefused(f"geometry: not valid JSON ({exc})") from exc
    if isinstance(doc, dict):
        if doc.get("type") != "LineString":
            raise EditRefused(f"geometry: must be a LineString, not {doc.get('type')!r}")
        doc = doc.get("coordinates")
    if not isinstance(doc, list):
        raise EditRefused("geometry: must be a LineString or a list of [longitude, latitude] positions")
    return tuple(tuple(p) if isinstance(p, list) else p for p in doc)


def _delete(item_id: str, kind: str | None, root):
    from . import edit as E, storyfiles
    from .editbase import Docs, find

    docs = Docs(storyfiles.read(root))
    layers = docs.meta().get("layers")
    found = {"place": find(docs.places(), item_id) is not None,
             "event": any(docs.events().get(r, "id") == item_id for r in docs.events().rows),
             "route": find(docs.routes(), item_id) is not None,
             "layer": isinstance(layers, list) and find(layers, item_id, props=lambda x: x) is not None}
    kinds = [k for k, hit in found.items() if hit and (kind is None or k == kind)]
    if not kinds:
        raise EditRefused(f"id: nothing called {item_id!r}" + (f" of kind {kind}" if kind else "") +
                          " in this story's files")
    if len(kinds) > 1:
        raise EditRefused(f"id: {item_id!r} names a {' and a '.join(kinds)}; say which with --kind")
    return {"place": E.DeletePlace, "event": E.DeleteEvent, "route": E.DeleteRoute,
            "layer": E.DeleteLayer}[kinds[0]](item_id)
