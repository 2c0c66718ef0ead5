"""Read a story folder (geodata/ + seeds/) into the model; every problem becomes a DataError."""
from __future__ import annotations

import csv
import io
import json
import re
from datetime import date
from pathlib import Path

from dataclasses import replace

from . import settings, store, validate
from .errors import ArticleError, DataError, StoryInvalid
from .geometry import great_circle
from .layers import parse_layers, parse_periods
from .model import Article, Story
from .published import check_places, parse_published

PLACES = "geodata/places.geojson"
EVENTS = "geodata/events.csv"
ROUTES = "geodata/routes.geojson"
STORY_META = "geodata/story.json"
SEEDS = "seeds"
EVENT_COLUMNS = ("id", "place_id", "category", "title", "date_start", "date_end", "participants",
                 "description", "sources")
_FALLBACK_ENCODINGS = ("utf-8", "utf-16", "cp1252", "latin-1")


def load_story(root: str | Path | None = None) -> Story:
    """Load and validate the story at ``root`` (default: the ``story`` setting).

    Raises StoryInvalid listing every problem found, not only the first.
    """
    root = Path(root or settings.get("story")).expanduser().resolve()
    problems: list[DataError] = []
    if not (root / "geodata").is_dir():
        raise StoryInvalid([DataError(root, None, "not a story folder: it has no geodata/ folder")])
    warnings: list[DataError] = []
    meta_path = root / STORY_META
    meta = _read_json(meta_path, problems, required=False)
    if meta is not None and not isinstance(meta, dict):
        problems.append(DataError(meta_path, None, 'must be a JSON object such as {"title": "My story"}'))
        meta = None
    meta = meta or {}
    if not isinstance(meta.get("title", ""), str):
        problems.append(DataError(meta_path, "title", "must be a text"))
    layers = parse_layers(meta.get("layers"), meta_path, problems, warnings)
    periods = parse_periods(meta.get("periods"), meta_path, problems)
    published = parse_published(meta.get("published"), meta_path, problems)
    labels = validate.labels(meta.get("labels"), meta_path, problems, layers)
    places_doc = _read_json(root / PLACES, problems)
    places = validate.places(places_doc, root / PLACES, problems)
    events = validate.events(_read_csv(root / EVENTS, EVENT_COLUMNS, problems), root / EVENTS, problems, layers)
    routes = validate.routes(_read_json(root / ROUTES, problems, required=False), root / ROUTES, problems, layers)
    articles = []
    for path in sorted((root / SEEDS).glob("*.txt")) if (root / SEEDS).is_dir() else ():
        try:
            articles.append(read_article(path))
        except ArticleError as exc:
            problems.append(exc)
    added = store.AddedLinks()
    if places_doc is not None:  # an unreadable places file would make every reference look wrong
        validate.references(places, events, routes, root, problems)
        check_places(published, {p.id for p in places}, meta_path, problems)
        added = store.read_links(root, places, events, articles, problems)  # geodata/article_links.json
        routes = _arcs(routes, {p.id: p for p in places})
    if problems:
        raise StoryInvalid(problems)
    return Story(root=root, places=(*places, *added.places), events=(*events, *added.events),
                 routes=tuple(routes), articles=tuple(articles),
                 title=str(meta.get("title") or settings.get("title")), labels=labels, links=added.links,
                 reviewed=added.reviewed, layers=layers, periods=periods, published=published,
                 warnings=tuple(warnings))


def _arcs(routes, places) -> list:
    """Legs without geometry (air legs) get the great-circle arc between their places as their lines."""
    out = []
    for leg in routes:
        if not leg.drawn and leg.from_place in places and leg.to_place in places:
            a, b = places[leg.from_place], places[leg.to_place]
            leg = replace(leg, lines=great_circle((a.lon, a.lat), (b.lon, b.lat)))
        out.append(leg)
    return out


def _read_json(path: Path, problems: list, required: bool = True):
    if not path.exists():
        if required:
            problems.append(DataError(path, None, "file is missing"))
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError as exc:
        problems.append(DataError(path, None, f"not UTF-8 text ({exc.reason} at byte {exc.start})"))
    except json.JSONDecodeError as exc:
        problems.append(DataError(path, f"line {exc.lineno}, column {exc.colno}", f"not valid JSON: {exc.msg}"))
    except ValueError as exc:  # e.g. an integer literal longer than Python's int digit limit
        problems.append(DataError(path, None, f"not valid JSON: {exc}"))
    except RecursionError:
        problems.append(DataError(path, None, "not valid JSON: nested too deeply"))
    return None


def _read_csv(path: Path, columns: tuple[str, ...], problems: list) -> list[tuple[int, dict]] | None:
    """Rows as (line number, dict); checks the header for missing columns and a wrong delimiter."""
    if not path.exists():
        problems.append(DataError(path, None, "file is missing"))
        return None
    try:
        text = path.read_text(encoding="utf-8-sig")  # a leading BOM is accepted
    except UnicodeDecodeError as exc:
        problems.append(DataError(path, None, f"not UTF-8 text ({exc.reason} at byte {exc.start}); "
                                              "save it as UTF-8"))
        return None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [c for c in columns if c not in header]
    if missing:
        hint = ""
        if len(header) == 1 and any(d in header[0] for d in ";\t|"):
            sep = next(d for d in ";\t|" if d in header[0])
            hint = f" — the file looks {'tab' if sep == chr(9) else repr(sep)}-separated; use commas"
        problems.append(DataError(path, "header (line 1)", f"missing column(s): {', '.join(missing)}{hint}"))
        return None
    reader.fieldnames = header
    rows = []
    try:
        for row in reader:
            line = reader.line_num
            if None in row:
                problems.append(DataError(path, f"line {line}", "more cells than header columns "
                                                                "(unquoted comma in a cell?)"))
                continue
            rows.append((line, {k: (v or "").strip() for k, v in row.items()}))
    except csv.Error as exc:
        problems.append(DataError(path, f"line {reader.line_num}", f"cannot be read as CSV: {exc}"))
    return rows


_HEADER_DATE = re.compile(r"\A\s*date[ \t]+(\d{4}-\d{2}-\d{2})\b[ \t]*")
_HEADER_FIELD = re.compile(r"(title|url)[ \t]+(.*)")


def read_article(path: str | Path, limit: int | None = None) -> Article:
    """Read one article file in the seeds format (plain text without the header is accepted)."""
    path = Path(path)
    limit = limit or int(settings.get("max_article_bytes"))
    try:
        size = path.stat().st_size
        if size > limit:
            raise ArticleError(path.name, None, f"is {size:,} bytes; the limit is {limit:,} bytes")
        data = path.read_bytes()
    except OSError as exc:
        raise ArticleError(path, None, f"cannot be read: {exc.strerror or exc}") from exc
    return parse_article(data, name=path.name, article_id=path.stem, path=str(path), limit=limit)


def decode_text(data: bytes, name: str, limit: int | None = None) -> tuple[str, str]:
    """Decode article bytes: UTF-8 first, then the usual fallbacks. Returns (text, encoding used)."""
    limit = limit or int(settings.get("max_article_bytes"))
    if len(data) > limit:
        raise ArticleError(name, None, f"is {len(data):,} bytes; the limit is {limit:,} bytes")
    if b"\x00" in data and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ArticleError(name, None, "is a binary file, not text")
    for encoding in _FALLBACK_ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding == "utf-16" and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            continue
        text = text.lstrip("\ufeff")
        if sum(not (c.isprintable() or c.isspace()) for c in text) > max(8, len(text) // 100):
            raise ArticleError(name, None, "does not look like text (too many control characters)")
        return text, encoding
    raise ArticleError(name, None, "cannot be decoded as text")


def parse_article(data: bytes | str, name: str, article_id: str, path: str = "",
                  limit: int | None = None) -> Article:
    """Parse seeds-format text: ``date YYYY-MM-DD`` line, optional ``title``/``url`` lines, then text."""
    text = data if isinstance(data, str) else decode_text(data, name, limit)[0]
    when = title = url = None
    m = _HEADER_DATE.match(text)
    if m:
        try:
            when = date.fromisoformat(m.group(1))
        except ValueError:
            raise ArticleError(name, "line 1", f"date {m.group(1)!r} is not a valid YYYY-MM-DD date") from None
        text = text[m.end():]
        if text.startswith("\n") or text.startswith("\r\n"):
            lines = text.splitlines(keepends=True)[1:] if text.startswith(("\n", "\r\n")) else []
            text = "".join(lines)
            while lines:
                hm = _HEADER_FIELD.match(lines[0].strip())
                if not hm:
                    break
                if hm.group(1) == "title":
                    title = hm.group(2).strip()
                else:
                    url = hm.group(2).strip()
                lines.pop(0)
                text = "".join(lines)
    body = text.strip()
    if not body:
        raise ArticleError(name, None, "has no article text")
    return Article(id=article_id, date=when, text=body, title=title or _default_title(body, article_id),
                   url=url or "", path=path)


def _default_title(body: str, article_id: str) -> str:
    first = body.split("\n", 1)[0]
    return (first[:77] + "…") if len(first) > 80 else first or article_id
