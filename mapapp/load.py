"""Read a story folder (geodata/ + seeds/) into the model; every problem becomes a DataError."""
from __future__ import annotations

import csv
import io
import re
from datetime import date
from pathlib import Path

from dataclasses import replace

from . import contract, settings, store, saferead, validate
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
    meta = _read_json(meta_path, problems, required=False, root=root)
    if meta is not None and not isinstance(meta, dict):
        problems.append(DataError(meta_path, None, 'must be a JSON object such as {"title": "My story"}'))
        meta = None
    meta = meta or {}
    if not isinstance(meta.get("title", ""), str):
        problems.append(DataError(meta_path, "title", f"field 'title' must be a text (a JSON string), not "
                                                      f"{contract.type_name(meta['title'])}"))
    layers = parse_layers(meta.get("layers"), meta_path, problems, warnings)
    periods = parse_periods(meta.get("periods"), meta_path, problems)
    published = parse_published(meta.get("published"), meta_path, problems)
    labels = validate.labels(meta.get("labels"), meta_path, problems, layers)
    places_doc = validate.collection(_read_json(root / PLACES, problems, root=root), root / PLACES, problems)
    places = validate.places(places_doc, root / PLACES, problems, warnings)
    events = validate.events(_read_csv(root / EVENTS, EVENT_COLUMNS, problems, root), root / EVENTS, problems, layers,
                             warnings)
    routes = validate.routes(_read_json(root / ROUTES, problems, False, root), root / ROUTES, problems, layers,
                             warnings)
    articles = []
    for path in sorted((root / SEEDS).glob("*.txt")) if (root / SEEDS).is_dir() else ():
        try:
            articles.append(read_article(path, root=root))
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


def _read_json(path: Path, problems: list, required: bool = True, root: Path | None = None):
    """The JSON document at ``path`` (None after a problem, or when an optional file is missing)."""
    data = _read_file(path, problems, required, root)
    if data is None:
        return None
    return saferead.parse_json(data, path, problems)


def _read_file(path: Path, problems: list, required: bool, root: Path | None) -> bytes | None:
    """The bytes of a story file, read safely (saferead.read_bytes); None after a problem or when missing."""
    if not saferead.exists(path):
        if required:
            problems.append(DataError(path, None, "file is missing"))
        return None
    try:
        return saferead.read_bytes(path, root)
    except DataError as exc:
        problems.append(exc)
        return None


def _read_csv(path: Path, columns: tuple[str, ...], problems: list,
              root: Path | None = None) -> list[tuple[int, dict]] | None:
    """Rows as (line number, dict); checks the header for missing columns and a wrong delimiter, and that
    every quoted cell is closed (a file cut inside quotes would otherwise lose the rows after the cut)."""
    data = _read_file(path, problems, True, root)
    if data is None:
        return None
    try:
        text = data.decode("utf-8-sig")  # a leading BOM is accepted
    except UnicodeDecodeError as exc:
        problems.append(DataError(path, None, f"not UTF-8 text ({exc.reason} at byte {exc.start}); "
                                              "save it as UTF-8"))
        return None
    # csv.reader with the header zipped in by hand: csv.DictReader gives the same rows at twice the cost.
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)  # RFC 4180: quotes must close
    try:
        header = [h.strip() for h in next(reader, [])]
    except csv.Error as exc:
        problems.append(_csv_problem(path, 1, exc))
        return None
    missing = [c for c in columns if c not in header]
    if missing:
        hint = ""
        if len(header) == 1 and any(d in header[0] for d in ";\t|"):
            sep = next(d for d in ";\t|" if d in header[0])
            hint = f" — the file looks {'tab' if sep == chr(9) else repr(sep)}-separated; use commas"
        problems.append(DataError(path, "header (line 1)", f"missing column(s): {', '.join(missing)}{hint}"))
        return None
    rows = []
    start = reader.line_num + 1  # the line after the last record read
    try:
        for cells in reader:
            if not cells:
                continue  # a blank line
            line = start = reader.line_num  # a record spanning lines is named by its last one, as before
            start += 1
            if len(cells) > len(header):
                problems.append(DataError(path, f"line {line}", "more cells than header columns "
                                                                "(unquoted comma in a cell?)"))
                continue
            if len(cells) < len(header):
                cells += [""] * (len(header) - len(cells))  # missing cells at the end are empty
            rows.append((line, dict(zip(header, map(str.strip, cells)))))
    except csv.Error as exc:
        lines = text.splitlines()
        while start <= len(lines) and not lines[start - 1].strip():
            start += 1  # blank lines between records
        problems.append(_csv_problem(path, start, exc))
    return rows


def _csv_problem(path: Path, line: int, exc: csv.Error) -> DataError:
    if "unexpected end of data" in str(exc):
        return DataError(path, f"line {line}", "a quoted cell that starts on this line is never closed (the file "
                                               "ends inside quotes: cut short, or a stray \"); close the quotes")
    return DataError(path, f"line {line}", f"cannot be read as CSV: {exc} (a quote inside a quoted cell is "
                                           "written twice: \"\")")


_HEADER_DATE = re.compile(r"\A\s*date[ \t]+(\d{4}-\d{2}-\d{2})\b[ \t]*")
_HEADER_FIELD = re.compile(r"(title|url)[ \t]+(.*)")


def read_article(path: str | Path, limit: int | None = None, root: str | Path | None = None) -> Article:
    """Read one article file in the seeds format (plain text without the header is accepted); a link in a
    story folder (``root``) must stay inside it."""
    path = Path(path)
    limit = limit or int(settings.get("max_article_bytes"))
    data = saferead.read_bytes(path, root, limit, error=ArticleError)
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
        if not _printable_but_spaces(text) and \
                sum(not (c.isprintable() or c.isspace()) for c in text) > max(8, len(text) // 100):
            raise ArticleError(name, None, "does not look like text (too many control characters)")
        return text, encoding
    raise ArticleError(name, None, "cannot be decoded as text")


def _printable_but_spaces(text: str) -> bool:
    """True when every character of ``text`` but its whitespace is printable. Spaces and line breaks removed
    first (two quick passes): most articles are then printable as they are, without splitting them at every
    whitespace."""
    return text.replace("\n", "").replace(" ", "").isprintable() or "".join(text.split()).isprintable()


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
