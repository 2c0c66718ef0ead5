"""Find the places an English news text names and resolve each to a point (pure, deterministic).

``find_mentions(text, gazetteer)`` scans capitalised token runs for the longest name the gazetteer
(:mod:`mapapp.gazetteer`) knows, drops false places (people, organisations, documents, time zones,
diseases, currencies, demonyms, common words, institutions), resolves each name
(:mod:`mapapp.geoparse_resolve`) and says how sure it is (:mod:`mapapp.mention_confidence`). Linear in
the text's length.
"""
from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass, field

from mapapp import gazetteer_data as data
from mapapp.gazetteer import (COUNTRY, NOT_PLACE, STORY, TABLE, Candidate, Gazetteer, capitalised, fold, load_gazetteer, name_key,
                              tokens)
from mapapp.geoparse_resolve import Span, chunks, context_countries, parent_keys, resolve
from mapapp.mention_confidence import Evidence, judge
from mapapp.sentences import context as quoted, split_sentences

__all__ = ["Candidate", "Mention", "Gazetteer", "load_gazetteer", "find_mentions", "name_key"]

_MAX_CANDIDATES = 10
_GAP_RE = re.compile(r"[ \t\u00a0\-\u2010\u2011.'’]{0,3}")


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


_PLACE_HEADS = frozenset("city town village province region oblast krai district county territory state "
                         "island islands river station airport port bay sea peninsula prefecture "
                         "republic municipality area border".split())
_SENTENCE_BREAK = re.compile(r"[.!?;:\n]")
_ALNUM = re.compile(r"[^\W_]")  # a letter or digit (str.isalnum)


def find_mentions(text: str, gazetteer: Gazetteer) -> list[Mention]:
    """Every place mention in ``text``, in order, each resolved to one point with its sentence."""
    toks = list(tokens(text))
    keys = [fold(t) for _, _, t in toks]
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
    chunks(spans)
    context = context_countries(keys, spans)
    chosen, totals, near = resolve(spans, context)
    occurrences: dict[str, int] = {}
    for sp in spans:
        occurrences[sp.key] = occurrences.get(sp.key, 0) + 1
    out = []
    for idx, sp, ranked in chosen:
        best = ranked[0]
        si = bisect.bisect_right(sent_starts, sp.start) - 1
        a, b = quoted(*sents[si], sp.start, sp.end) if si >= 0 else (sp.start, sp.end)
        tot = totals[sp.key]
        margin = ((tot[best] - tot[ranked[1]]) / occurrences[sp.key]) if len(ranked) > 1 else math.inf
        terms = near.get((sp.chunk, best.lat, best.lon, sp.key))
        confidence, reason = judge(Evidence(
            best.source, best.kind, best.population, getattr(best, "alt", False), len(ranked), margin,
            all(best.population > c.population for c in ranked[1:]),
            ranked[1].source if len(ranked) > 1 else "", best.country in context,
            (best.country, getattr(best, "parent", "") or best.name) in parent_keys(spans, idx),
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


def _scan(text: str, toks: list, keys: list[str], initial: list[bool], gaz: Gazetteer) -> list[Span]:
    """Longest known names, left to right; names of non-places and trapped names are skipped."""
    spans: list[Span] = []
    n = len(toks)
    i = 0
    while i < n:
        tok = toks[i][2]
        cap = capitalised(tok)
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
        demonym = key in data.DEMONYMS and not any(c.source in (STORY, TABLE, COUNTRY) for c in cands)
        if not demonym and not any(c.source == NOT_PLACE for c in cands) and not _trapped(text, toks, keys, i, j):
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
    if text[b:b + 1] == "$" or a > 0 and text[a - 1] == "$":  # "US$", "$US"
        return True
    if text[b:b + 2][1:].isalnum() and text[b] == "/" or a > 1 and text[a - 1] == "/" and text[a - 2].isalnum():
        return True  # part of a code such as the strain "A/California/7/2009" (not TASS's "/Amur Region/")
    k = j
    for step in range(0 if j < n and keys[j] == "'s" else 3):  # "Japan's Kyodo News": Japan stays  # "X time", "X Declaration", "X Point News"
        if k >= n or text[toks[k - 1][1]:toks[k][0]].strip(" -\u2010\u2011") != "":
            break
        nxt, low = toks[k][2], keys[k]
        if step == 0 and (low == "time" or low in data.DISEASE_AFTER):  # "Moscow time", "West Nile virus"
            return True
        if not capitalised(nxt):
            break
        if low in data.ORG_AFTER:
            return True
        k += 1
    return i >= 2 and keys[i - 1] == "of" and keys[i - 2] in data.ORG_BEFORE_OF and capitalised(toks[i - 2][2])


def _make_span(text, toks, keys, initial, i, j, key, cands) -> Span:
    n = len(toks)
    before = toks[i - 1] if i > 0 and _gap_ok(text, toks[i - 1][1], toks[i][0]) else None
    after = toks[j] if j < n and _gap_ok(text, toks[j - 1][1], toks[j][0]) else None

    def name_like(t, idx) -> bool:
        w = keys[idx]
        return (capitalised(t[2]) and not initial[idx] and w not in data.COMMON_WORDS
                and w not in _PLACE_HEADS and w not in data.PERSON_TITLES and w != "'s")

    named = bool((before and name_like(before, i - 1)) or (after and name_like(after, j)))
    person = ((j - i == 1 and keys[i] in data.PERSON_TOKENS)
              or (before is not None and keys[i - 1] in data.PERSON_TITLES)
              or (after is not None and capitalised(after[2]) and keys[j] in data.PERSON_TOKENS)
              or (before is not None and capitalised(before[2]) and keys[i - 1] in data.PERSON_TOKENS))
    surface = text[toks[i][0]:toks[j - 1][1]]
    letters = surface.replace(".", "")
    shouting = letters.isalpha() and letters.isupper() and len(letters) <= 4
    sp = Span(toks[i][0], toks[j - 1][1], key, cands, initial[i], named, person,
              _after_locative(text, toks, keys, i), not capitalised(toks[i][2]), shouting)
    # "Paterson says", "Campbell, 42, was": a one-word name that speaks or has an age is a person's
    sp.speaker = j - i == 1 and j < n and (keys[j] in data.SPEECH_VERBS and text[toks[j - 1][1]:toks[j][0]] == " "
                                           or keys[j].isdigit() and text[toks[j - 1][1]:toks[j][0]] == ", ")
    return sp


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


