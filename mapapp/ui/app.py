"""Dashboard wiring: widgets → FilterOptions/MapOptions → core functions → map, panel, list, exports."""
from __future__ import annotations

import functools

import streamlit as st

from .. import render, settings
from ..errors import MapAppError
from ..filters import apply
from ..journey import leg_noun
from . import add_article, cached, edit_mode, journey, layout, legs, mapview, panel, search, sidebar, urlstate


def main() -> None:
    # The sidebar (filters, layers, downloads) starts folded, so the map can take most of the window.
    st.set_page_config(page_title="mapapp", page_icon="🗺️", layout="wide", initial_sidebar_state="collapsed")
    try:
        settings.check()
    except MapAppError as exc:
        st.error(render.markdown_text(f"mapapp's settings cannot be used.\n{exc}", lines=True))
        st.stop()
    layout.style()
    root = str(settings.get("story"))
    if edit_mode.offer_new_story(root):  # a missing or empty folder: create a story there
        return
    try:
        signature = cached.story_signature(root)
        story = cached.story(root, signature)
        snippets = cached.snippets(root, signature)
    except MapAppError as exc:
        st.error(render.markdown_text(f"The story at {root} cannot be shown.\n{exc}", lines=True))
        st.stop()
    st.title(render.markdown_text(story.title), anchor=False)
    if edit_mode.toggle():  # edit mode replaces the viewing page until it is switched off
        edit_mode.page(story, root, signature)
        return
    urlstate.restore(story)  # a shared link's view, applied once per session before the widgets are drawn
    urlstate.show_notes()
    options, tiles = sidebar.filters(story)
    view = apply(story, snippets, options)
    sidebar.exports(story, view, options, still=functools.partial(cached.still, root, signature, options))
    urlstate.settle()  # a place just selected replaces a selected leg
    st.caption(f"Showing **{len(view.events)}** of {len(story.events)} events and **{len(view.routes)}** of "
               f"{len(story.routes)} {leg_noun(story)}s · {render.filter_range(options.start, options.end)}. Click a point or "
               f"a route for its details · dates, layers and downloads: the sidebar (» top left).")
    map_col, side_col = st.columns([7, 3], gap="small")
    with side_col, st.container(key=layout.SIDE, gap="small"):
        search.box(story)
        progress_until = journey.controls(story)
        details = st.container(key=layout.DETAILS)
    with map_col:
        mapview.show(story, view, tiles, progress_until=progress_until, rows=cached.event_rows(root, signature))
    with details:
        panel.details(story, view, snippets)
    events_tab, legs_tab = st.tabs(["Events", "Route legs"])
    with events_tab:
        panel.event_list(story, view)
    with legs_tab:
        legs.leg_list(story, view)
    add_article.section(story, root, signature)  # paste/upload an article, review its places, keep it
    journey.figures(story, root, signature)
    urlstate.sync(story, view, options)
