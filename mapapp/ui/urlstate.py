"""The view in the URL: `start`, `end` (ISO dates), `select` (an event or route leg id) and `layers`
(comma-separated).

Opening a link restores the date range, the layers and the selection (detail panel included); selecting a
point or changing the filter rewrites the URL. What cannot be used in a link is ignored with a visible note.
This module also holds the selection helpers the search box and the journey controls share.
"""
from __future__ import annotations

from datetime import date

import streamlit as st

from .. import render
from ..filters import FilterOptions, presets
from ..view import View
from ..model import Event, RouteLeg, Story
from . import state as S

PARAMS = ("start", "end", "select", "layers")


def layer_key(category: str) -> str:
    """Session key of a layer's checkbox in the sidebar."""
    return f"{S.LAYERS}_{category}"


# --- the selection -----------------------------------------------------------------------------------

def select(story: Story, event: Event, reveal: bool = True) -> None:
    """Select ``event`` (its place shows in the panel); with ``reveal``, widen the filter so it is visible.

    Call from a widget callback or before the sidebar is drawn: it may set the sidebar's widget state.
    """
    st.session_state[S.SELECTED] = event.place_id
    st.session_state[S.SELECTED_EVENT] = event.id
    if reveal:
        _reveal(story, event)


def select_leg(leg_id: str, focus: bool = False) -> None:
    """Select a route leg (the panel shows it); the place selection gives way to it. ``focus``: it was picked
    off the map (the list of legs, a link), so the map brings it into view."""
    st.session_state[S.SELECTED_LEG] = leg_id
    st.session_state[S.FOCUS_LEG] = leg_id if focus else None
    st.session_state.pop(S.SELECTED, None)
    st.session_state.pop(S.SELECTED_EVENT, None)


def settle() -> None:
    """A place selected (by the map, the list, the search or the journey buttons) replaces a selected leg."""
    if st.session_state.get(S.SELECTED):
        st.session_state.pop(S.SELECTED_LEG, None)


def selected_leg(story: Story, view: View | None = None) -> RouteLeg | None:
    """The selected route leg, when no place is selected and it is shown (in ``view``, if given)."""
    if st.session_state.get(S.SELECTED):
        return None
    leg_id = st.session_state.get(S.SELECTED_LEG)
    routes = story.routes if view is None else view.routes
    return next((r for r in routes if r.id == leg_id), None) if leg_id else None


def selected_event(story: Story, view: View | None = None) -> Event | None:
    """The event behind the current selection: the one chosen, if it is at the selected place (and visible in
    ``view``), else the first visible event at the selected place."""
    place = st.session_state.get(S.SELECTED)
    if not place:
        return None
    chosen = story.event_by_id.get(st.session_state.get(S.SELECTED_EVENT) or "")
    visible = view.events_at(place) if view is not None else tuple(e for e in story.events if e.place_id == place)
    if chosen and chosen.place_id == place and chosen in visible:
        return chosen
    return visible[0] if visible else None


def _reveal(story: Story, event: Event) -> None:
    st.session_state[layer_key(event.category)] = True
    picked = tuple(st.session_state.get(S.DATE_RANGE) or ())
    if len(picked) == 2 and event.overlaps(picked[0], picked[1]):
        return
    first, last = story.date_bounds()
    for name, (start, end) in presets(story).items():
        if event.overlaps(start, end):
            st.session_state[S.PRESET] = name
            st.session_state[S.DATE_RANGE] = (start or first, end or last)
            return


# --- reading and writing the URL ---------------------------------------------------------------------

def restore(story: Story) -> None:
    """Apply the page's query parameters to a new session, once, before the sidebar is drawn."""
    if st.session_state.get(S.URL_READ):
        return
    st.session_state[S.URL_READ] = True
    params = {k: st.query_params.get(k) for k in PARAMS if k in st.query_params}
    notes: list[str] = []
    first, last = story.date_bounds()
    start = _day(params, "start", first, last, notes)
    end = _day(params, "end", first, last, notes)
    if start and end and start > end:
        notes.append(f"start {start} is after end {end}: the dates were ignored")
        start = end = None
    if start or end:
        span = (start or first, end or last)
        st.session_state[S.DATE_RANGE] = span
        st.session_state[S.PRESET] = next((k for k, (a, b) in presets(story).items()
                                           if (a or first, b or last) == span), S.CUSTOM)
    if "layers" in params:
        ids = [layer.id for layer in story.layers]
        asked = [x.strip() for x in (params["layers"] or "").split(",") if x.strip()]
        good = [x for x in asked if x in ids]
        bad = [x for x in asked if x not in ids]
        if bad:
            notes.append(f"unknown layer{'s' if len(bad) > 1 else ''} {_listed(bad)} (known: {_listed(ids)})")
        if good:
            for category in ids:
                st.session_state[layer_key(category)] = category in good
        elif not bad:
            notes.append("layers was empty: all layers are shown")
    if "select" in params:
        event = story.event_by_id.get(params["select"] or "")
        leg = None if event else next((r for r in story.routes if r.id == params["select"]), None)
        if leg is not None:
            select_leg(leg.id, focus=True)
            hidden_layer = "layers" in params and not st.session_state.get(layer_key(leg.category), True)
            if not leg.overlaps(start or first, end or last) or hidden_layer:
                notes.append(f"the selected route leg {_shown(leg.id)} is outside the link's dates or layers")
        elif event is None:
            notes.append(f"no event or route leg has the id {_shown(params['select'])}")
        else:
            select(story, event, reveal=False)
            lo, hi = start or first, end or last
            hidden_layer = "layers" in params and not st.session_state.get(layer_key(event.category), True)
            if not event.overlaps(lo, hi) or hidden_layer:
                notes.append(f"the selected event {_shown(event.id)} is outside the link's dates or layers")
    st.session_state[S.URL_NOTES] = notes


def _day(params: dict, name: str, first: date, last: date, notes: list[str]) -> date | None:
    if name not in params:
        return None
    raw = params[name] or ""
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        notes.append(f"{name}={_shown(raw)} is not a date like 2023-09-13")
        return None
    if not first <= day <= last:
        notes.append(f"{name}={raw} is outside the story's dates ({first} to {last})")
        return None
    return day


#: A note names at most this many values of a list (unknown layers, known layers), each at most SHOWN_CHARS long.
LISTED = 8
SHOWN_CHARS = 60


def _shown(value) -> str:
    """A value from the URL or the story as it may appear in a note: quoted and short (the note is escaped
    as a whole when shown)."""
    text = str(value or "")
    return f"“{text[:SHOWN_CHARS]}{'…' if len(text) > SHOWN_CHARS else ''}”"


def _listed(values: list[str]) -> str:
    """The first LISTED values, quoted, and how many more were left out."""
    out = ", ".join(_shown(v) for v in values[:LISTED])
    return out + (f" and {len(values) - LISTED:,} more" if len(values) > LISTED else "")


def show_notes() -> None:
    """A visible note for what the link asked for but could not be used; dismissable."""
    notes = st.session_state.get(S.URL_NOTES) or []
    if not notes:
        return
    st.warning(render.markdown_text("Part of this link was ignored: " + "; ".join(notes) + "."), icon="🔗")
    if st.button("Dismiss", key="url_notes_dismiss"):
        st.session_state[S.URL_NOTES] = []
        st.rerun()


def wanted(story: Story, view: View, options: FilterOptions) -> dict[str, str]:
    """The query parameters that describe the current view."""
    out: dict[str, str] = {}
    if options.start:
        out["start"] = options.start.isoformat()
    if options.end:
        out["end"] = options.end.isoformat()
    event = selected_event(story, view)
    leg = selected_leg(story, view)
    if event:
        out["select"] = event.id
    elif leg:
        out["select"] = leg.id
    ids = [layer.id for layer in story.layers]
    if options.layers is not None and set(options.layers) != set(ids):
        out["layers"] = ",".join(c for c in ids if c in options.layers)
    return out


def sync(story: Story, view: View, options: FilterOptions) -> None:
    """Rewrite the URL when the view differs from it (no rerun; the browser's address bar follows)."""
    target = wanted(story, view, options)
    current = {k: st.query_params.get(k) for k in st.query_params}
    if current != target:
        st.query_params.from_dict(target)
