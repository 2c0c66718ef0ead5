"""The search box: find places and events by name, alias or title, and select them.

:func:`find` is plain Python (no widgets), so it is tested directly; :func:`box` draws the widgets.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import streamlit as st

from .. import render
from ..model import Event, Story
from . import state as S
from . import urlstate

MAX_HITS = 6


@dataclass(frozen=True)
class Hit:
    event: Event  # what choosing the hit selects
    label: str
    score: int  # lower is better: 0 exact name, 1 name starts with it, 2 a word starts with it, 3 inside
    is_place: bool = False  # a place hit: in the dashboard, its event in the current view is preferred


def fold(text: str) -> str:
    """Lower-case, accents and apostrophes dropped, punctuation as spaces: "P'yŏngyang" → "pyongyang"."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = re.sub(r"['’ʼ`]", "", text)
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


def _score(query: str, name: str) -> int | None:
    name = fold(name)
    if not query or not name:
        return None
    if name == query:
        return 0
    if name.startswith(query):
        return 1
    if f" {query}" in f" {name}":
        return 2
    if query in name:
        return 3
    return None


def find(story: Story, query: str, limit: int = MAX_HITS) -> list[Hit]:
    """Places (by name or alias) and events (by title) matching ``query``, best first.

    A place hit selects the place's first event; a place with no events of its own (a city, a region) leads to
    the places inside it (``part_of``) that have events.
    """
    q = fold(query)
    if len(q) < 2:
        return []
    first_event: dict[str, Event] = {}
    for e in sorted(story.events, key=lambda e: e.date_start):
        first_event.setdefault(e.place_id, e)
    found: dict[str, Hit] = {}

    def add(event: Event, label: str, score: int, is_place: bool = False) -> None:
        key = event.place_id if is_place else f"{event.place_id}|{event.id}"
        if key not in found or found[key].score > score:
            found[key] = Hit(event, label, score, is_place)

    for place in story.places:
        scores = [s for s in (_score(q, n) for n in place.names) if s is not None]
        if not scores:
            continue
        best = min(scores)
        if place.id in first_event:
            add(first_event[place.id], f"📍 {place.name}", best, True)
        else:
            for inner in story.places:
                if place.id in inner.part_of and inner.id in first_event:
                    add(first_event[inner.id], f"📍 {inner.name} (in {place.name})", best + 1, True)
    for event in story.events:
        score = _score(q, event.title)
        if score is not None:
            place = story.place_by_id[event.place_id]
            add(event, f"📅 {render.date_range(event.date_start, event.date_end)} · {event.title} ({place.name})",
                score)
    hits = sorted(found.values(), key=lambda h: (h.score, not h.is_place, h.event.date_start))
    return hits[:limit]


def _placeholder(story: Story) -> str:
    """"Name or alias, e.g. …" with three of the story's own places (first, middle and last by date), each by its
    shortest name or alias."""
    order = sorted(story.events, key=lambda e: e.date_start)
    names = list(dict.fromkeys(min((story.place_by_id[e.place_id].name, *story.place_by_id[e.place_id].aliases),
                                   key=len) for e in order if e.place_id in story.place_by_id))
    picked = list(dict.fromkeys(names[i] for i in (0, len(names) // 2, len(names) - 1))) if names else []
    return "Name or alias" + (f", e.g. {', '.join(picked)}" if picked else "")


def box(story: Story) -> None:
    """A search field; Enter selects the best hit when it is unambiguous, else the hits are listed to pick."""
    def on_enter():
        hits = find(story, st.session_state.get(S.FIND, ""))
        if hits and (len(hits) == 1 or hits[0].score == 0 < hits[1].score):
            choose(story, hits[0])

    st.text_input("Find a place or event", key=S.FIND, on_change=on_enter,
                  placeholder=_placeholder(story),
                  help="Searches place names and their aliases (accents optional) and event titles.")
    query = st.session_state.get(S.FIND, "")
    if not query:
        return
    hits = find(story, query)
    if not hits:
        st.caption("Nothing found. Try another spelling or a shorter name.")
        return
    for i, hit in enumerate(hits):
        st.button(render.markdown_text(hit.label), key=f"{S.FIND_PICK}_{i}", on_click=choose, args=(story, hit),
                  type="tertiary")


def choose(story: Story, hit: Hit) -> None:
    """Select a hit (a widget callback). For a place, prefer its event within the current dates and layers, so
    finding a place does not switch the filter when it is already in view."""
    event = hit.event
    if hit.is_place:
        picked = tuple(st.session_state.get(S.DATE_RANGE) or ())
        shown = [e for e in sorted(story.events, key=lambda e: e.date_start)
                 if e.place_id == event.place_id and len(picked) == 2 and e.overlaps(picked[0], picked[1])
                 and st.session_state.get(urlstate.layer_key(e.category), True)]
        event = shown[0] if shown else event
    urlstate.select(story, event)
