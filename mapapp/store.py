"""Keep articles added in the app: the text in ``seeds/``, the accepted place links in a sidecar.

Nothing is ever half-written or lost:

* every file is written to a temporary file in its own folder, fsynced, then renamed over the target
  (:func:`write_atomic`), so a crash leaves either the old file or the new one;
* a new article never overwrites a file: it is linked into place under a name nobody holds yet;
* the reviewed links are in the sidecar before the article appears in ``seeds/`` (the journal of
  :mod:`mapapp.sidecar`), so a crash never leaves an article without its links; temporary files of a
  writer that died are removed at the next add;
* the sidecar ``geodata/article_links.json`` is read, changed and replaced under an exclusive lock on
  ``<story>/.mapapp.lock`` (``fcntl.flock``), so two app sessions — threads or processes — adding at
  once keep each other's additions.

The sidecar (documented in geodata/README.md)::

    {"format": 1, "articles": {"<article id = seeds file stem>": {"added": "<UTC time>", "links": [
        {"surface": "Vladivostok", "start": 12, "end": 23, "place_id": "vladivostok"},
        {"surface": "Nakhodka", "start": 80, "end": 88,
         "place": {"name": "Nakhodka", "lat": 42.82, "lon": 132.87, "kind": "city", "country": "RU"}}]}}}

:func:`read_links` turns it into model objects for the loader: links, the new ``reported_place`` points
and one event per article and point, dated with the article.
"""
from __future__ import annotations

import errno
import fcntl
import json
import math
import os
import re
import tempfile
import time
import unicodedata
from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path

from . import settings, sidecar, saferead
from .errors import ArticleError, DataError, StoreError
from .model import Article, ArticleLink, Event, Place

LINKS = "geodata/article_links.json"
LOCK = ".mapapp.lock"
SEEDS = "seeds"
FORMAT = 1
REPORTED = "reported_place"
LOCK_TIMEOUT = 30.0  # seconds to wait for another writer before giving up


# --- atomic files ------------------------------------------------------------------------------------

def _file_mode(path: Path | None) -> int:
    """The replaced file's permissions, or the usual ones for a new file (0666 less the umask)."""
    if path is not None and path.exists():
        return path.stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _fsync_dir(folder: Path) -> None:
    """Make a rename durable. Some file systems cannot fsync a folder; the rename itself is still atomic."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # not supported here (e.g. some network file systems); nothing to repair
    finally:
        os.close(fd)


def _temp_copy(folder: Path, name: str, text: str | bytes, mode: int) -> str:
    """A fsynced temporary file holding ``text`` (UTF-8) or ``bytes`` in ``folder``; returns its path."""
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
    try:
        os.fchmod(fd, mode)
        binary = isinstance(text, bytes)
        with os.fdopen(fd, "wb" if binary else "w", **({} if binary else {"encoding": "utf-8", "newline": ""})) as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return tmp


def write_atomic(path: str | Path, text: str | bytes) -> None:
    """Write via a temporary file in the same folder, fsync, then rename: never a half-written file."""
    path = Path(path)
    if path.is_dir():
        raise StoreError(f"{path} is a folder; give a file name")
    if not path.parent.exists():
        raise StoreError(f"folder {path.parent} does not exist")
    try:
        tmp = _temp_copy(path.parent, path.name, text, _file_mode(path))
    except OSError as exc:
        raise StoreError(f"cannot write {path}: {exc.strerror or exc}") from exc
    try:
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise StoreError(f"cannot write {path}: {exc.strerror or exc}") from exc
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)


def write_new(folder: str | Path, stems: Iterable[str], suffix: str, text: str) -> Path:
    """Write ``text`` under the first name ``<stem><suffix>`` in ``folder`` that does not exist yet.

    Complete or absent, never overwriting: the fsynced temporary file is hard-linked to the name, which
    fails when the name is taken (by anyone, at any moment). Returns the path written.
    """
    folder = Path(folder)
    try:
        tmp = _temp_copy(folder, "new", text, _file_mode(None))
    except OSError as exc:
        raise StoreError(f"cannot write in {folder}: {exc.strerror or exc}") from exc
    try:
        for stem in stems:
            target = folder / f"{stem}{suffix}"
            try:
                _link_new(tmp, target)
            except FileExistsError:
                continue
            _fsync_dir(folder)
            return target
        raise StoreError(f"no free file name left in {folder}")
    except OSError as exc:
        raise StoreError(f"cannot write in {folder}: {exc.strerror or exc}") from exc
    finally:
        Path(tmp).unlink(missing_ok=True)


def _link_new(tmp: str, target: Path) -> None:
    try:
        os.link(tmp, target)
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK):
            raise
        # No hard links on this file system: claim the name, then rename the complete file over it.
        os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        os.replace(tmp, target)


@contextmanager
def story_lock(root: str | Path, timeout: float = LOCK_TIMEOUT):
    """Exclusive lock on the story folder for a read-modify-write (other threads and processes wait)."""
    path = Path(root) / LOCK
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
    except OSError as exc:
        raise StoreError(f"cannot write in the story folder {root}: {exc.strerror or exc}") from exc
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise StoreError(f"the story folder {root} is busy (another session is saving); "
                                     "try again in a moment") from None
                time.sleep(0.01)
        yield path
    finally:
        os.close(fd)  # closing releases the lock, also when the process dies


# --- adding an article -------------------------------------------------------------------------------

@dataclass(frozen=True)
class AcceptedLink:
    """A mention the user accepted: a place of the story (``place_id``) or a new point (name, lat, lon…)."""

    surface: str
    start: int
    end: int
    place_id: str | None = None
    name: str = ""
    lat: float = 0.0
    lon: float = 0.0
    kind: str = ""
    country: str = ""

    def as_json(self) -> dict:
        out: dict = {"surface": self.surface, "start": self.start, "end": self.end}
        if self.place_id:
            out["place_id"] = self.place_id
        else:
            out["place"] = {"name": self.name, "lat": self.lat, "lon": self.lon, "kind": self.kind,
                            "country": self.country}
        return out


def _one_line(value: str) -> str:
    return " ".join((value or "").split())


def seeds_text(body: str, when: date, title: str = "", url: str = "") -> str:
    """An article in the seeds format: ``date`` line, optional ``title``/``url`` lines, blank line, text."""
    head = [f"date {when.isoformat()}"]
    if _one_line(title):
        head.append(f"title {_one_line(title)}")
    if _one_line(url):
        head.append(f"url {_one_line(url)}")
    return "\n".join(head) + "\n\n" + body + "\n"


def prepare(text: str, when: date | None, title: str = "", url: str = "", name: str = "the article",
            limit: int | None = None) -> Article:
    """The article exactly as the loader will read it back from seeds/ (``id`` still empty).

    Find mentions in the returned ``text``: their offsets are the ones stored in the sidecar.
    """
    from .load import parse_article  # load imports this module for the sidecar

    limit = limit or int(settings.get("max_article_bytes"))
    if when is None:
        raise ArticleError(name, None, "needs the article's date (YYYY-MM-DD)")
    body = (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if not body:
        raise ArticleError(name, None, "has no article text")
    content = seeds_text(body, when, title, url)
    size = len(content.encode("utf-8"))
    if size > limit:
        raise ArticleError(name, None, f"is {size:,} bytes; the limit is {limit:,} bytes")
    article = parse_article(content, name=name, article_id="", limit=limit)
    if not _reads_back(content, body):
        raise ArticleError(name, None, "cannot be stored in the seeds format unchanged")
    return article


def _reads_back(content: str, body: str) -> bool:
    """True when the loader reads ``content`` (seeds format) back with exactly ``body`` as its text."""
    from .load import parse_article

    return parse_article(content, name="-", article_id="", limit=len(content.encode("utf-8")) + 1).text == body


def _slug(text: str, size: int = 48) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:size].strip("-")


def _check_link(text: str, link: AcceptedLink, known: set[str] | None) -> None:
    if not (isinstance(link.start, int) and isinstance(link.end, int) and 0 <= link.start < link.end <= len(text)
            and text[link.start:link.end] == link.surface):
        raise StoreError(f"mention {link.surface!r} at {link.start}–{link.end} is not in the article text")
    if link.place_id:
        if known is not None and link.place_id not in known:
            raise StoreError(f"place {link.place_id!r} is not in the story's places.geojson any more; "
                             "find the places again")
    elif not (_one_line(link.name) and _valid_lat_lon(link.lat, link.lon)):
        raise StoreError(f"mention {link.surface!r}: a new place needs a name and a valid latitude/longitude")


def _valid_lat_lon(lat, lon) -> bool:
    return (all(isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) for v in (lat, lon))
            and -90 <= lat <= 90 and -180 <= lon <= 180)


def _place_ids(root: Path) -> set[str] | None:
    """Ids in places.geojson, or None when it cannot be read (then the loader reports it anyway)."""
    try:
        doc = json.loads(saferead.read_bytes(root / "geodata" / "places.geojson", root).decode("utf-8-sig"))
        return {str(f["properties"]["id"]) for f in doc["features"]}
    except (DataError, ValueError, KeyError, TypeError, RecursionError):
        return None


def add_article(root: str | Path, article: Article, links: Sequence[AcceptedLink]) -> str:
    """Save ``article`` (from :func:`prepare`) as a new seeds file and its accepted links in the sidecar.

    Returns the new article id (the seeds file's stem). Raises StoreError and leaves every file as it was
    when something cannot be written.
    """
    root = Path(root)
    if article.date is None:
        raise ArticleError(article.title or "the article", None, "needs the article's date (YYYY-MM-DD)")
    if not (root / "geodata").is_dir():
        raise StoreError(f"{root} is not a story folder (no geodata/ folder)")
    known = _place_ids(root)
    for link in links:
        _check_link(article.text, link, known)
    content = seeds_text(article.text, article.date, article.title, article.url)
    if not _reads_back(content, article.text):
        raise StoreError("the article text cannot be stored unchanged; prepare it with store.prepare()")
    base = f"{article.date.isoformat()}_{_slug(article.title) or 'article'}"
    seeds = root / SEEDS
    with story_lock(root):
        sidecar.remove_stale_temps(root)
        links_path = sidecar.target(root, root / LINKS)
        doc = sidecar.read_for_update(links_path, root)
        sidecar.settle(doc, seeds)
        try:
            seeds.mkdir(exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create {seeds}: {exc.strerror or exc}") from exc
        stem = next((s for s in (base if n == 1 else f"{base}_{n}" for n in range(1, 10_000))
                     if s not in doc["articles"] and not saferead.exists(seeds / f"{s}.txt")), None)
        if stem is None:
            raise StoreError(f"no free file name left in {seeds}")
        entry = {"added": datetime.now(timezone.utc).isoformat(timespec="seconds"), sidecar.PENDING: True,
                 "links": [link.as_json() for link in links]}
        doc["articles"][stem] = entry
        write_atomic(links_path, _dump(doc))  # the reviewed links first (see sidecar.py) ...
        try:
            path = write_new(seeds, (stem,), ".txt", content)  # ... then the article
        except BaseException:
            del doc["articles"][stem]
            write_atomic(links_path, _dump(doc))
            raise
        del entry[sidecar.PENDING]
        try:
            write_atomic(links_path, _dump(doc))
        except StoreError as exc:
            raise StoreError(f"the article was saved as {path.name} with its links, but {links_path} still marks "
                             f"it pending ({exc}); the next save finishes it") from exc
    return path.stem


def _dump(doc: dict) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


# --- reading the sidecar for the loader --------------------------------------------------------------

@dataclass(frozen=True)
class AddedLinks:
    """What the sidecar adds to a story."""

    links: tuple[ArticleLink, ...] = ()
    places: tuple[Place, ...] = ()
    events: tuple[Event, ...] = ()
    reviewed: frozenset[str] = frozenset()


def read_links(root: Path, places: Sequence[Place], events: Sequence[Event], articles: Sequence[Article],
               problems: list) -> AddedLinks:
    """The accepted links of ``root``'s sidecar as model objects; each problem becomes a DataError.

    A link to a place of places.geojson is a snippet there; a link to a new place becomes a
    ``reported_place`` point (one per name and position, shared by the articles naming it). A story place
    that no point shows (no events of its own or of the places inside it) gets a ``reported_place``
    event too, so that an accepted mention is always on the map. Events are dated with their article.
    """
    path = Path(root) / LINKS
    if not saferead.exists(path):
        return AddedLinks()
    try:
        doc = saferead.parse_json(saferead.read_bytes(path, root), path, problems)
    except DataError as exc:
        problems.append(exc)
        return AddedLinks()
    if doc is None:
        return AddedLinks()
    if not isinstance(doc, dict) or not isinstance(doc.get("articles"), dict):
        problems.append(DataError(path, None, 'must be a JSON object {"format": 1, "articles": {…}}'))
        return AddedLinks()
    if doc.get("format", FORMAT) != FORMAT:
        problems.append(DataError(path, "format", f"unknown format {doc.get('format')!r}; this mapapp reads 1"))
        return AddedLinks()
    entries: dict = doc["articles"]
    by_id = {a.id: a for a in articles}
    for aid in entries:
        if aid not in by_id and not sidecar.interrupted(entries[aid], Path(root) / SEEDS, aid):
            problems.append(DataError(path, f"article {aid!r}", f"there is no {SEEDS}/{aid}.txt; restore the "
                                                                "article or remove its entry"))
    story_ids = {p.id for p in places}
    shown = _shown_places(places, events)
    taken_places, taken_events = set(story_ids), {e.id for e in events}
    new_places: dict[tuple, Place] = {}
    out_links: list[ArticleLink] = []
    out_events: list[Event] = []
    reviewed = set()
    for article in articles:  # article order, so ids are assigned the same way on every load
        entry = entries.get(article.id)
        if entry is None:
            continue
        where = f"article {article.id!r}"
        if not isinstance(entry, dict) or not isinstance(entry.get("links"), list):
            problems.append(DataError(path, where, 'must be an object with a "links" list'))
            continue
        reviewed.add(article.id)
        points: list[str] = []  # places needing a reported_place event for this article, first-named first
        for i, raw in enumerate(entry["links"], 1):
            link = _read_link(raw, article, path, f"{where}, link {i}", story_ids, problems)
            if link is None:
                continue
            surface, start, end, place_id, spec = link
            if place_id is None:
                key = (spec["name"], round(spec["lat"], 5), round(spec["lon"], 5))
                if key not in new_places:
                    new_places[key] = _new_place(spec, article, _unique(f"reported_{_slug(spec['name'], 40)}"
                                                                        .replace("-", "_"), taken_places))
                place_id = new_places[key].id
            out_links.append(ArticleLink(article.id, surface, start, end, place_id, place_id not in story_ids))
            if (place_id not in story_ids or place_id not in shown) and place_id not in points:
                points.append(place_id)
        if points and article.date is None:
            problems.append(DataError(path, where, f"{SEEDS}/{article.id}.txt has no 'date YYYY-MM-DD' line; "
                                                   "its reported places need one"))
            continue
        for place_id in points:
            out_events.append(Event(
                id=_unique(f"reported_{article.id}".replace("-", "_"), taken_events), place_id=place_id,
                category=REPORTED, title=article.title, date_start=article.date,
                description=("A place this article names, added with it to the story; its position comes from "
                             "the gazetteer." if place_id not in story_ids else
                             "A place of the story that this article names."),
                sources=(article.url,) if article.url else ()))
    return AddedLinks(links=tuple(out_links), places=tuple(new_places.values()), events=tuple(out_events),
                      reviewed=frozenset(reviewed))


def _read_link(raw, article: Article, path: Path, where: str, story_ids: set[str], problems: list):
    """(surface, start, end, place_id or None, new-place spec or None) or None after a problem."""
    if not isinstance(raw, dict):
        problems.append(DataError(path, where, "must be an object"))
        return None
    surface, start, end = raw.get("surface"), raw.get("start"), raw.get("end")
    if not (isinstance(surface, str) and surface and all(type(v) is int for v in (start, end))):
        problems.append(DataError(path, where, '"surface" (text), "start" and "end" (integers) are required'))
        return None
    text = article.text
    if text[start:end] != surface or start < 0:
        found = _nearest(text, surface, start)
        if found is None:
            problems.append(DataError(path, where, f"{surface!r} is not in {SEEDS}/{article.id}.txt any more; "
                                                   "remove the link or restore the text"))
            return None
        start, end = found, found + len(surface)  # the article was edited: follow the name
    if "place_id" in raw:
        place_id = raw["place_id"]
        if not isinstance(place_id, str) or place_id not in story_ids:
            problems.append(DataError(path, where, f"place_id {place_id!r} is not an id in places.geojson"))
            return None
        return surface, start, end, place_id, None
    spec = raw.get("place")
    if not (isinstance(spec, dict) and isinstance(spec.get("name"), str) and _one_line(spec["name"])
            and _valid_lat_lon(spec.get("lat"), spec.get("lon"))):
        problems.append(DataError(path, where, 'needs "place_id", or "place" with a "name" and a valid "lat" '
                                               "(-90…90) and \"lon\" (-180…180)"))
        return None
    spec = {"name": _one_line(spec["name"]), "lat": float(spec["lat"]), "lon": float(spec["lon"]),
            "kind": str(spec.get("kind") or ""), "country": str(spec.get("country") or "")}
    return surface, start, end, None, spec


def _nearest(text: str, surface: str, near: int) -> int | None:
    hits = [m.start() for m in re.finditer(re.escape(surface), text)]
    return min(hits, key=lambda h: abs(h - near)) if hits else None


def _unique(base: str, taken: set[str]) -> str:
    name, n = base, 1
    while name in taken:
        n += 1
        name = f"{base}_{n}"
    taken.add(name)
    return name


def _new_place(spec: dict, article: Article, place_id: str) -> Place:
    return Place(id=place_id, name=spec["name"], lat=spec["lat"], lon=spec["lon"], kind=spec["kind"],
                 country=spec["country"], sources=(article.url,) if article.url else (),
                 description="A place named in an article added to the story; the position comes from the "
                             "gazetteer.")


def _shown_places(places: Sequence[Place], events: Sequence[Event]) -> set[str]:
    """Places whose snippets appear on some point: those with events and every larger place they are in."""
    parents = {p.id: p.part_of for p in places}
    shown: set[str] = set()
    queue = list(dict.fromkeys(e.place_id for e in events))
    while queue:
        pid = queue.pop()
        if pid in shown:
            continue
        shown.add(pid)
        queue.extend(parents.get(pid, ()))
    return shown
