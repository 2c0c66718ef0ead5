"""The details panel beside the map, and the list of visible events under it."""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
import streamlit as st

from .. import assets, render
from ..view import View
from ..leginfo import leg_info
from ..model import Snippet, Story
from . import state as S
from . import urlstate


def details(story: Story, view: View, snippets: Mapping[str, Sequence[Snippet]] | None = None) -> None:
    """The selected place's or route leg's panel (``snippets``: every place's, for the sentences naming a
    leg's ends; default the view's)."""
    selected = st.session_state.get(S.SELECTED)
    leg = urlstate.selected_leg(story, view)
    st.subheader("Details", anchor=False)
    if leg is not None:
        html = render.leg_panel(leg_info(story, leg, view.snippets if snippets is None else snippets,
                                          km=view.leg_km.get(leg.id)), view.html)
    elif not selected or selected not in {p.id for p in view.places}:
        st.info("Click a point or a route on the map, or choose an event or a leg in the lists below, to see its "
                "details and the article sentences that mention it.")
        return
    else:
        place = story.place_by_id[selected]
        html = render.place_panel(place, view.events_at(place.id), view.snippets.get(place.id, ()),
                                  story.label_map, story.place_names, view.html)
    st.html(f"<style>{assets.own('panel.css')}</style>{html}")
    if st.button("Clear selection", key="clear_selection"):
        for key in (S.SELECTED, S.SELECTED_EVENT, S.SELECTED_LEG):
            st.session_state.pop(key, None)
        st.rerun()


#: The list under the map shows this many events at a time (a page, by date; a choice of pages reaches the
#: others): a table and a choice of every event of a large story would be rebuilt and sent on each rerun.
MAX_ROWS = 1_000


def page_label(page: int, total: int) -> str:
    """"Rows 1,001–2,000 of 10,000": the rows page ``page`` (from 0) of a list of ``total`` shows."""
    first = page * MAX_ROWS + 1
    return f"Rows {first:,}–{min(first + MAX_ROWS - 1, total):,} of {total:,}"


def event_list(story: Story, view: View) -> None:
    st.subheader(f"Events shown ({len(view.events):,})")
    if not view.events:
        st.warning("No events in this date range and these layers. Widen the range or choose 'All'.")
        return
    events = view.events
    if len(view.events) > MAX_ROWS:
        pages = -(-len(view.events) // MAX_ROWS)
        if st.session_state.get(S.EVENT_PAGE, 0) not in range(pages):  # the view shrank under the page
            st.session_state[S.EVENT_PAGE] = 0
        page = st.selectbox("Rows", range(pages), key=S.EVENT_PAGE,
                            format_func=lambda k: page_label(k, len(view.events)),
                            help=f"The list shows {MAX_ROWS:,} events at a time, by date; the map shows them all.")
        events = view.events[page * MAX_ROWS:(page + 1) * MAX_ROWS]
        st.caption(f"{page_label(page, len(view.events))} events by date; choose other rows above, narrow the "
                   "dates or layers, or use the search box.")
    labels = {e.id: f"{e.date_start} · {e.title} ({story.place_by_id[e.place_id].name})" for e in events}

    def on_pick():
        event_id = st.session_state[S.SEARCH]
        if event_id:
            st.session_state[S.SELECTED] = story.event_by_id[event_id].place_id
            st.session_state[S.SELECTED_EVENT] = event_id

    st.selectbox("Go to event", [None, *labels], format_func=lambda k: "Choose an event…" if k is None else labels[k],
                 key=S.SEARCH, on_change=on_pick)
    frame = pd.DataFrame([{"Date": render.date_range(e.date_start, e.date_end), "Event": e.title,
                           "Place": story.place_by_id[e.place_id].name, "Category": story.label(e.category),
                           "Snippets": len(view.snippets.get(e.place_id, ()))} for e in events])

    def on_row():
        rows = st.session_state[S.EVENT_TABLE].selection.rows
        if rows:
            st.session_state[S.SELECTED] = events[rows[0]].place_id
            st.session_state[S.SELECTED_EVENT] = events[rows[0]].id

    st.dataframe(frame, hide_index=True, width="stretch", on_select=on_row, selection_mode="single-row",
                 key=S.EVENT_TABLE)
