"""Resolution for the geoparser: which of a name's candidate points a careful reader takes, given the
text's countries, the other places it names, "X, Y" patterns, population and prominence (the story's
place, then one in a country the text is about, then one near the text's other places; population
only breaks ties). Used by :func:`mapapp.geoparse.find_mentions`; pure.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from mapapp import gazetteer_data as data
from mapapp.gazetteer import (ADMIN1, ADMIN2, BIG_CITY, CITY, COUNTRY, NOT_PLACE, STORY, TABLE, Candidate)

NEAR_KM = 400.0  # "near the text's other places"
_MID_TOWN = 5_000  # towns at least this big stand after "in"/"at" in a text about their country
_CHUNK = 250  # mentions whose places locate each other (a long article has fewer)
_SOURCE_BONUS = {STORY: 100.0, COUNTRY: 10.0, TABLE: 8.0, ADMIN1: 3.0, ADMIN2: 0.0, CITY: 0.0}
_STRONG = (STORY, TABLE, COUNTRY)


@dataclass
class Span:
    """A name found in the text, with what its surroundings say about it."""

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
    chunk: int = 0  # the stretch of text whose places are its "other places" (see chunks)
    comma_next: str = ""  # text between this span and the next one
    speaker: bool = False  # one word that speaks or has an age ("Paterson says"): a town only if famous


def _distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, h)))


def context_countries(keys: list[str], spans: list[Span]) -> set[str]:
    """Countries the text is about: named countries, the countries of unambiguous table/story
    places, and demonyms ("Russian")."""
    ctx: set[str] = set()
    for sp in spans:
        srcs = {c.source for c in sp.cands}
        if COUNTRY in srcs:
            ctx.update(c.country for c in sp.cands if c.source == COUNTRY)
        elif srcs & {STORY, TABLE}:
            firsts = [c for c in sp.cands if c.source in (STORY, TABLE)]
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


def _eligible(sp: Span, c: Candidate, ctx: set[str], near_km: float, has_strong: bool,
              next_codes: set[str]) -> bool:
    """Whether a careful reader could take the name for this candidate at all."""
    if c.source == NOT_PLACE:
        return False
    if c.source in _STRONG:
        return sp.locative or "institution" not in getattr(c, "flags", "")
    # GeoNames towns and US states need more evidence than the tables and the story
    if has_strong or sp.person or sp.lower or sp.shouting:
        return False
    alt = getattr(c, "alt", False)
    near = near_km <= NEAR_KM
    about = c.country in ctx
    famous = c.population >= 1_000_000 or "capital" in getattr(c, "flags", "") and c.population >= BIG_CITY
    if sp.speaker and not famous and c.source in (CITY, ADMIN2):
        return False
    if all(t in data.COMMON_WORDS for t in sp.key.split(" ")):
        return not alt and not sp.initial and (about and c.population >= BIG_CITY
                                               or famous and c.source == CITY and not sp.named_neighbour)
    if alt:
        return about and (near or c.population >= BIG_CITY) and not sp.named_neighbour
    if c.source == ADMIN2:  # a county or district: only where the text is
        return (about or near or c.country in next_codes) and not sp.named_neighbour
    if c.source == ADMIN1:  # a state or province: a big one stands alone, a small one needs the text
        return about or near or c.country in next_codes or c.population >= 1_000_000 and not sp.named_neighbour
    if famous:
        return True
    if sp.named_neighbour:
        return False
    dominant = c.population >= 10 * max((o.population for o in sp.cands if o is not c and o.source == CITY
                                         and not getattr(o, "alt", False)), default=0)
    if c.population >= BIG_CITY:  # a big town: unless a namesake is about as big, that is enough
        return about or near or dominant
    # a town: near the text's places, confirmed by "X, Country", or in the text's country after "in"/"at"
    return near or c.country in next_codes or (sp.locative and dominant and about and c.population >= _MID_TOWN)


def _next_codes(spans: list[Span], idx: int) -> set[str]:
    """Countries of the name right after "X, " (as in "Mercedes, Texas")."""
    sp = spans[idx]
    if idx + 1 >= len(spans) or sp.comma_next.strip() != "," or _listed(sp, spans[idx + 1]):
        return set()
    return {c.country for c in spans[idx + 1].cands if c.source in (COUNTRY, ADMIN1, STORY, TABLE)}


def _listed(x: Span, y: Span) -> bool:
    """"X, Y" is a list of regions of one country ("Ohio, Oregon"), not a town and its region."""
    def regions(sp: Span) -> set[str]:
        return {c.country for c in sp.cands if c.source in (COUNTRY, ADMIN1) and not getattr(c, "alt", False)}

    return bool(regions(x) & regions(y))


def chunks(spans: list[Span]) -> None:
    """Number the stretches of ``_CHUNK`` mentions (whole sentences, unless one sentence holds twice as
    many) whose places locate each other; an article fits in one, a book is read stretch by stretch, so
    resolving stays linear in the text's length."""
    chunk, count, previous = 0, 0, None
    for sp in spans:
        if count >= _CHUNK and (sp.sentence != previous or count >= 2 * _CHUNK):
            chunk, count = chunk + 1, 0
        sp.chunk, count, previous = chunk, count + 1, sp.sentence


def resolve(spans: list[Span], ctx: set[str]):
    """Rank each span's candidates; two rounds, the second using the first round's points. A name
    keeps one sense in a text: its occurrences add their scores up before ranking. Returns the
    (span index, span, ranked candidates) of the spans that have any, the summed scores per name key
    and the distance terms per (chunk, point, key) of the last round."""
    anchors = _anchors([(sp, [c for c in sp.cands if c.source in (STORY, TABLE)]) for sp in spans])
    # states and provinces the text names: towns and counties inside them are the likelier namesakes
    named_regions = {(c.country, sp.key) for sp in spans for c in sp.cands
                     if c.source == ADMIN1 and not getattr(c, "alt", False)
                     and not all(t in data.COMMON_WORDS for t in sp.key.split(" "))}  # not "the North"
    # two states or provinces of one country named: the text is about that country
    per_country: dict[str, set[str]] = {}
    for cc, key in named_regions:
        per_country.setdefault(cc, set()).add(key)
    ctx = ctx | {cc for cc, keys in per_country.items() if len(keys) >= 2}
    pre = [_cheap_candidates(sp, spans, idx, ctx, named_regions) for idx, sp in enumerate(spans)]
    chosen: list[tuple[int, Span, list[Candidate]]] = []
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
                if needs_near and (terms is None or terms[0] > NEAR_KM):
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


def _cheap_candidates(sp: Span, spans: list[Span], idx: int, ctx: set[str], named_regions: set[tuple[str, str]]):
    """(candidate, score without distances, needs a nearby place) for each candidate that can stand
    for the span whatever the distances."""
    # the story's places and the tables hide GeoNames' namesakes; a country hides towns but not states
    strong = {c.source for c in sp.cands if c.source in _STRONG}
    next_codes = _next_codes(spans, idx)
    # A world city or capital outranks small namesakes: a careful reader takes "Berlin" for Germany's
    # capital unless the text says otherwise ("Berlin, Maryland").
    famous = max((c.population for c in sp.cands if c.source in (CITY, ADMIN1) and not getattr(c, "alt", False)
                  and (c.population >= 1_000_000 or "capital" in getattr(c, "flags", "")
                       and c.population >= BIG_CITY)), default=0)
    parents = parent_keys(spans, idx)
    region_pop = max((c.population for c in sp.cands if c.source == ADMIN1 and not getattr(c, "alt", False)),
                     default=0)
    # a state or province of the name outranks places that merely have it as an alternate name
    main_region = any(c.source == ADMIN1 and not getattr(c, "alt", False) for c in sp.cands)
    out = []
    for c in sp.cands:
        if main_region and getattr(c, "alt", False):
            continue
        if (famous and c.source in (CITY, ADMIN1) and c.population * 5 < famous
                and c.country not in next_codes and "capital" not in getattr(c, "flags", "")):
            continue
        if (c.source == CITY and c.population < BIG_CITY and c.population * 5 < region_pop
                and c.country not in next_codes):  # "Wyoming" is the state, not a village of the name
            continue
        has_strong = bool(strong - {COUNTRY}) or COUNTRY in strong and c.source != ADMIN1
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
        elif getattr(c, "parent", "") and (c.country, c.parent) in named_regions:  # "... in Illinois"
            s += 12.0
        out.append((c, s, not ok_far))
    return out


def parent_keys(spans: list[Span], idx: int) -> set[tuple[str, str]]:
    """(country, region) pairs that "X, Y" confirms for span idx: for X, the name key of the region Y
    (matched against its towns' parents); for Y, the name of its regions that hold a town named X. A town in the named region, or the region holding the named
    town, is what the writer means."""
    out: set[tuple[str, str]] = set()
    sp = spans[idx]
    if idx + 1 < len(spans) and sp.comma_next.strip() == "," and not _listed(sp, spans[idx + 1]):
        out.update((c.country, spans[idx + 1].key) for c in spans[idx + 1].cands if c.source == ADMIN1)
    if idx > 0 and spans[idx - 1].comma_next.strip() == "," and not _listed(spans[idx - 1], sp):
        holding = {c.country for c in spans[idx - 1].cands if c.source == CITY and getattr(c, "parent", "") == sp.key}
        out.update((c.country, c.name) for c in sp.cands if c.source == ADMIN1 and c.country in holding)
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
        if c.source == CITY and (getattr(c, "alt", False) or c.population < BIG_CITY):
            continue
        out.append((sp.chunk, sp.key, (c.lat, c.lon), sp.sentence))
    return out


# ----------------------------------------------------------------------------------------------
# Articles and the JSON Lines runner used by the benchmark (and, later, `python -m mapapp places`)

