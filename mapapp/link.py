"""Link article sentences to the story's places: a sentence naming a place becomes its snippet."""
from __future__ import annotations

import bisect
import math
import re
from collections import defaultdict
from collections.abc import Iterable

from .model import Article, Place, Snippet, Story
from .sentences import MAX_SENTENCE, context, split_sentences

_APOSTROPHES = "'’"


def name_pattern(places: Iterable[Place]) -> tuple[re.Pattern, dict[str, tuple[str, ...]]]:
    """One regex matching every name and alias (longest first) and a map from matched name to place ids.

    Names match as written or in capitals ("VLADIVOSTOK"); an apostrophe matches ' or ’.
    """
    owners: dict[str, list[str]] = defaultdict(list)
    for place in places:
        for name in place.names:
            for form in {name, name.upper()}:
                key = _key(form)
                if key and place.id not in owners[key]:
                    owners[key].append(place.id)
    body = _alternatives(sorted(owners, key=len, reverse=True))
    pattern = re.compile(rf"(?:{body})(?![\w-])" if body else r"(?!x)x")
    return pattern, {k: tuple(v) for k, v in owners.items()}


def _alternatives(keys: list[str]) -> str:
    r"""The keys as one regex alternation that starts each name where no word character or hyphen precedes
    it, grouped under their first character: ``A(?<![\w-]A)(?:lder|sh)|B(?<![\w-]B)(?:ay)``.

    Why: with a flat alternation behind ``(?<![\w-])`` Python's regex engine tries the boundary at every
    position and every name at each word start. Grouped, it tries only the names starting with the
    character found there; and with a literal first, it jumps straight to the positions holding one of
    those characters (10x faster on a story of hundreds of places). No two groups can match at one
    position, and each group keeps the keys' order, so the matches are those of the flat alternation.
    """
    groups: dict[str, list[str]] = defaultdict(list)
    for key in keys:
        groups[key[0]].append(key[1:])
    branches = []
    for first, rests in groups.items():
        rest = "|".join(map(_regex, rests))
        for char in _APOSTROPHES if first == "'" else first:  # each a literal, for the jump
            char = re.escape(char)
            branches.append(rf"{char}(?<![\w-]{char})(?:{rest})")
    return "|".join(branches)


def _regex(text: str) -> str:
    """``text`` as a regex: an apostrophe matches ' or ’, a space any run of whitespace."""
    return re.escape(text).replace("'", f"[{_APOSTROPHES}]").replace(r"\ ", r"\s+")


def _key(name: str) -> str:
    return re.sub(r"\s+", " ", name.strip()).replace("’", "'")


def link_articles(places: Iterable[Place], articles: Iterable[Article]) -> dict[str, tuple[Snippet, ...]]:
    """Snippets per place id, in article order then text order."""
    pattern, owners = name_pattern(places)
    owners_of = {}  # matched text → place ids; a name recurs in many forms of the same few spellings
    found: dict[str, list[Snippet]] = defaultdict(list)
    for article in articles:
        text = article.text
        sentences = split_sentences(text)
        for (start, end), matches in zip(sentences, _matches_by_sentence(pattern, text, sentences)):
            if not matches:
                continue
            hits: dict[str, list[tuple[int, int]]] = {}
            for m in matches:
                surface = m.group()
                ids = owners_of.get(surface)
                if ids is None:
                    ids = owners_of[surface] = owners[_key(surface)]
                a, b = m.span()
                for place_id in ids:
                    if place_id in hits:
                        hits[place_id].append((a - start, b - start))
                    else:
                        hits[place_id] = [(a - start, b - start)]
            whole = text[start:end] if end - start <= MAX_SENTENCE else None  # one copy for all its snippets
            for place_id, spans in hits.items():  # spans from the sentence's start
                if whole is not None:  # context() is the whole sentence
                    quote = whole
                else:  # a long sentence, quoted around its first mention
                    a, b = context(start, end, start + spans[0][0], start + spans[0][1])
                    quote = text[a:b]
                    spans = [(x + start - a, y + start - a) for x, y in spans if x + start >= a and y + start <= b]
                found[place_id].append(Snippet(place_id=place_id, article_id=article.id,
                                               article_title=article.title, article_date=article.date,
                                               article_url=article.url, text=quote, spans=tuple(spans)))
    return {pid: tuple(snips) for pid, snips in found.items()}


def _matches_by_sentence(pattern: re.Pattern, text: str,
                         sentences: list[tuple[int, int]]) -> list[list[re.Match]]:
    """Per sentence, the matches ``pattern.finditer(text, start, end)`` gives, found by scanning the whole
    text once: one call per sentence cost more than the search itself.

    The two differ only where a match runs past its sentence's end (a name across a line break): that
    sentence is searched again on its own and the scan resumes at the next sentence.
    """
    starts = [start for start, _ in sentences]
    found: list[list[re.Match]] = [[] for _ in sentences]
    k = 0
    while k < len(sentences):
        for m in pattern.finditer(text, starts[k]):
            i = bisect.bisect_right(starts, m.start()) - 1  # the sentence the match starts in (i >= k)
            end = sentences[i][1]
            if m.end() > end:
                found[i].extend(pattern.finditer(text, m.start(), end))
                k = i + 1
                break
            found[i].append(m)
        else:
            break
    return found


def link_accepted(story: Story) -> dict[str, tuple[Snippet, ...]]:
    """Snippets per place from the accepted mentions of added articles (``story.links``): the sentence
    holding each mention, with every accepted mention of that place in it marked."""
    articles = {a.id: a for a in story.articles}
    grouped: dict[tuple[str, str, tuple[int, int]], list[tuple[int, int]]] = {}
    sentences: dict[str, list[tuple[int, int]]] = {}
    for link in story.links:
        article = articles.get(link.article_id)
        if article is None:
            continue
        if article.id not in sentences:
            sentences[article.id] = split_sentences(article.text)
        spans = sentences[article.id]
        k = bisect.bisect_right(spans, (link.start, math.inf)) - 1  # the last sentence starting at or before it
        sentence = spans[k] if k >= 0 and link.start < spans[k][1] else (link.start, link.end)
        grouped.setdefault((link.place_id, article.id, sentence), []).append((link.start, link.end))
    found: dict[str, list[Snippet]] = defaultdict(list)
    for (place_id, article_id, sentence), marks in grouped.items():
        article = articles[article_id]
        marks = sorted(marks)
        a, b = context(*sentence, *marks[0])
        marks = [(s, e) for s, e in marks if s >= a and s < b]
        found[place_id].append(Snippet(place_id=place_id, article_id=article_id, article_title=article.title,
                                       article_date=article.date, article_url=article.url, text=article.text[a:b],
                                       spans=tuple((s - a, min(e, b) - a) for s, e in sorted(marks))))
    return {pid: tuple(snips) for pid, snips in found.items()}


def link_story(story: Story) -> dict[str, tuple[Snippet, ...]]:
    """Snippets per place: its own, then those of the larger places it is ``part_of`` (transitively).

    Articles added in the app (``story.reviewed``) contribute only the mentions the user accepted; the
    others are linked by name to the places of places.geojson.
    """
    named = link_articles([p for p in story.places if p.id not in story.reported_place_ids],
                          [a for a in story.articles if a.id not in story.reviewed])
    accepted = link_accepted(story)
    order = {a.id: i for i, a in enumerate(story.articles)}
    direct = dict(named)  # already in article order
    for pid, snips in accepted.items():
        direct[pid] = tuple(sorted((*named.get(pid, ()), *snips), key=lambda s: order[s.article_id]))
    out: dict[str, tuple[Snippet, ...]] = {}
    for place in story.places:
        seen: set[tuple[str, str]] = set()
        merged: list[Snippet] = []
        for pid in with_parents(place.id, story):
            for s in direct.get(pid, ()):
                if (s.article_id, s.text) not in seen:
                    seen.add((s.article_id, s.text))
                    merged.append(s)
        if merged:
            out[place.id] = tuple(merged)
    return out


def with_parents(place_id: str, story: Story) -> list[str]:
    """The place id followed by every place it is part of, breadth first, each once (cycles are safe)."""
    order, queue = [], [place_id]
    while queue:
        pid = queue.pop(0)
        if pid in order or pid not in story.place_by_id:
            continue
        order.append(pid)
        queue.extend(story.place_by_id[pid].part_of)
    return order
