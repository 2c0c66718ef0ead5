"""Dashboard wiring: widgets → FilterOptions/MapOptions → core functions → map, panel, list, exports."""
from __future__ import annotations

import functools

import streamlit as st

from .. import render, settings
from ..errors import MapAppError
from ..filters import apply
from . import add_article, cached, journey, mapview, panel, search, sidebar, urlstate


def main() -> None:
    st.set_page_config(page_title="mapapp", page_icon="🗺️", layout="wide")
    root = str(settings.get("story"))
    try:
        signature = cached.story_signature(root)
        story = cached.story(root, signature)
        snippets = cached.snippets(root, signature)
    except MapAppError as exc:
        st.error(f"The story at {root} cannot be shown.\n\n{exc}")
        st.stop()
    st.title(story.title, anchor=False)
    urlstate.restore(story)  # a shared link's view, applied once per session before the widgets are drawn
    urlstate.show_notes()
    options, tiles = sidebar.filters(story)
    view = apply(story, snippets, options)
    sidebar.exports(story, view, options, still=functools.partial(cached.still, root, signature, options))
    st.caption(f"Showing **{len(view.events)}** of {len(story.events)} events and **{len(view.routes)}** of "
               f"{len(story.routes)} rail legs · {render.filter_range(options.start, options.end)}. Click a point for its details and "
               f"article snippets.")
    find_col, step_col = st.columns([2, 3], gap="medium")
    with find_col:
        search.box(story)
    with step_col:
        progress_until = journey.controls(story)
    map_col, panel_col = st.columns([3, 2], gap="medium")
    with map_col:
        mapview.show(story, view, tiles, progress_until=progress_until, rows=cached.event_rows(root, signature))
    with panel_col:
        panel.details(story, view)
    panel.event_list(story, view)
    add_article.section(story, root, signature)  # paste/upload an article, review its places, keep it
    journey.figures(story, root, signature)
    urlstate.sync(story, view, options)
