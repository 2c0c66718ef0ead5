"""Dashboard wiring: widgets → FilterOptions/MapOptions → core functions → map, panel, list, exports."""
from __future__ import annotations

import math
from datetime import date
from functools import partial

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from .. import render, settings
from ..errors import MapAppError
from ..export import FORMATS, export
from ..filters import LAYERS, FilterOptions, View, apply, presets
from ..mapbuild import LAYER_NAMES, MapOptions, build_map
from ..model import Story
from . import cached
from . import state as S

EXPORT_HELP = {"html": "One self-contained file: opens from disk, no internet needed but tiles.",
               "kml": "Folders by category, rail legs as lines, time spans for Google Earth's time slider."}
TILE_CHOICES = {"OpenStreetMap.Mapnik": "OpenStreetMap", "OpenTopoMap": "OpenTopoMap (terrain)",
                "Esri.WorldGrayCanvas": "Esri light grey", "": "No tiles (outline only)"}


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
    st.title(story.title)
    options, tiles = _sidebar(story)
    view = apply(story, snippets, options)
    _sidebar_exports(story, view, options)
    st.caption(f"Showing **{len(view.events)}** of {len(story.events)} events and **{len(view.routes)}** of "
               f"{len(story.routes)} rail legs · {_range_text(options)}. Click a point for its details and "
               f"article snippets.")
    map_col, panel_col = st.columns([3, 2], gap="medium")
    with map_col:
        _map(story, view, tiles)
    with panel_col:
        _panel(story, view)
    _event_list(story, view)


def _range_text(options: FilterOptions) -> str:
    if options.start is None and options.end is None:
        return "all dates"
    return f"{render.date_range(options.start, options.end)}"


def _sidebar(story: Story) -> tuple[FilterOptions, str]:
    named = presets(story)
    first, last = story.date_bounds()
    if S.PRESET not in st.session_state:
        st.session_state[S.PRESET] = next(iter(named))
        st.session_state[S.DATE_RANGE] = _preset_range(named[st.session_state[S.PRESET]], first, last)

    def on_preset():
        choice = st.session_state[S.PRESET]
        if choice in named:
            st.session_state[S.DATE_RANGE] = _preset_range(named[choice], first, last)

    def on_dates():
        picked = tuple(st.session_state[S.DATE_RANGE])
        st.session_state[S.PRESET] = next((k for k, v in named.items()
                                           if _preset_range(v, first, last) == picked), S.CUSTOM)

    with st.sidebar:
        st.header("Filter")
        st.radio("Period", [*named, S.CUSTOM], key=S.PRESET, on_change=on_preset,
                 help="Presets come from the story's own dates; 'Custom' keeps the range you pick below.")
        st.date_input("Date range", key=S.DATE_RANGE, min_value=first, max_value=last, on_change=on_dates,
                      format="YYYY-MM-DD", help="Events and rail legs that overlap this range are shown.")
        st.multiselect("Layers", LAYERS, default=list(LAYERS), key=S.LAYERS,
                       format_func=lambda c: LAYER_NAMES[c])
        tiles = st.selectbox("Basemap", list(TILE_CHOICES), format_func=TILE_CHOICES.get, key=S.TILES,
                             help="Keyless tile providers. Without tiles the map still shows a land outline.")
    picked = tuple(st.session_state[S.DATE_RANGE])
    start = picked[0] if picked else None
    end = picked[1] if len(picked) > 1 else start  # half-picked range: that day only, as the caption says
    options = FilterOptions(start=start, end=end, layers=frozenset(st.session_state[S.LAYERS]))
    return options, tiles


def _preset_range(span: tuple[date | None, date | None], first: date, last: date) -> tuple[date, date]:
    return (span[0] or first, span[1] or last)


def _sidebar_exports(story: Story, view: View, options: FilterOptions) -> None:
    with st.sidebar:
        st.header("Export this view")
        labels = {"html": "Map as HTML", "geojson": "Data as GeoJSON", "kml": "Google Earth KML",
                  "csv": "Events as CSV"}
        for fmt, (ext, mime) in FORMATS.items():
            st.download_button(labels[fmt], data=partial(export, story, view, options, fmt),
                               file_name=f"mapapp-export{ext}", mime=mime, icon="⬇️", key=f"download_{fmt}",
                               help=EXPORT_HELP.get(fmt))


def _map(story: Story, view: View, tiles: str) -> None:
    selected = st.session_state.get(S.SELECTED)
    if selected not in {p.id for p in view.places}:
        selected = None
    m = build_map(story, view, MapOptions(tiles=tiles, selected_place=selected))
    center = None
    if selected:
        place = story.place_by_id[selected]
        center = (place.lat, place.lon)
    out = st_folium(m, key=S.MAP, height=int(settings.get("map_height")), use_container_width=True,
                    returned_objects=["last_object_clicked"], center=center, zoom=7 if center else None)
    click = (out or {}).get("last_object_clicked")
    if click and click != st.session_state.get(S.LAST_CLICK):
        st.session_state[S.LAST_CLICK] = click
        place = nearest_place(view, click["lat"], click["lng"])
        if place and place != st.session_state.get(S.SELECTED):
            st.session_state[S.SELECTED] = place
            st.rerun()


def nearest_place(view: View, lat: float, lon: float, max_km: float = 50.0) -> str | None:
    """The visible place closest to a click (clicks land on a marker, so it is very near)."""
    best, best_d = None, max_km
    for p in view.places:
        d = 6371 * math.hypot(math.radians(p.lat - lat), math.radians(p.lon - lon) * math.cos(math.radians(lat)))
        if d <= best_d:
            best, best_d = p.id, d
    return best


def _panel(story: Story, view: View) -> None:
    selected = st.session_state.get(S.SELECTED)
    st.subheader("Details")
    if not selected or selected not in {p.id for p in view.places}:
        st.info("Click a point on the map, or choose an event in the list below, to see its details and the "
                "article sentences that mention it.")
        return
    place = story.place_by_id[selected]
    st.html(render.place_panel(place, view.events_at(place.id), view.snippets.get(place.id, ())))
    if st.button("Clear selection", key="clear_selection"):
        st.session_state.pop(S.SELECTED, None)
        st.rerun()


def _event_list(story: Story, view: View) -> None:
    st.subheader(f"Events shown ({len(view.events)})")
    if not view.events:
        st.warning("No events in this date range and these layers. Widen the range or choose 'All'.")
        return
    labels = {e.id: f"{e.date_start} · {e.title} ({story.place_by_id[e.place_id].name})" for e in view.events}

    def on_pick():
        event_id = st.session_state[S.SEARCH]
        if event_id:
            st.session_state[S.SELECTED] = story.event_by_id[event_id].place_id

    st.selectbox("Go to event", [None, *labels], format_func=lambda k: "Choose an event…" if k is None else labels[k],
                 key=S.SEARCH, on_change=on_pick)
    frame = pd.DataFrame([{"Date": render.date_range(e.date_start, e.date_end), "Event": e.title,
                           "Place": story.place_by_id[e.place_id].name,
                           "Category": render.CATEGORY_LABELS.get(e.category, e.category),
                           "Snippets": len(view.snippets.get(e.place_id, ()))} for e in view.events])

    def on_row():
        rows = st.session_state[S.EVENT_TABLE].selection.rows
        if rows:
            st.session_state[S.SELECTED] = view.events[rows[0]].place_id

    st.dataframe(frame, hide_index=True, width="stretch", on_select=on_row,
                 selection_mode="single-row", key=S.EVENT_TABLE)
