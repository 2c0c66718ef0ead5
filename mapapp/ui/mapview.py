"""The map component: st_folium with only clicks returned, so panning and zooming never rerun the app.

The base map (tiles, land outline, legend box, scripts; mapbuild.base_map) is the same on every rerun, so
st_folium keeps it mounted; what the filter, selection and journey step decide goes in as its dynamic feature
groups (mapbuild.view_layers) with their layer control, which the component swaps in the page."""
from __future__ import annotations

import math
from datetime import date

import streamlit as st
from streamlit_folium import st_folium

from .. import settings
from ..view import View
from ..leginfo import clicked_leg
from ..mapbuild import MapOptions, base_map, layer_control, view_layers
from ..model import Story
from . import state as S
from . import urlstate

SELECTED_ZOOM = 5


def show(story: Story, view: View, tiles: str, progress_until: date | None = None, rows=None) -> None:
    """Draw the map; a click on a point selects its place, a click on a route leg the leg (and reruns once to
    show the panel).

    ``progress_until``: the journey step's day; what happened by then is drawn strong, the rest faint. The map
    carries the journey player (play/pause/speed) whenever rail legs are shown. ``rows``: the story's
    mapdata.event_rows (ui.cached.event_rows), so a filter change only joins them."""
    selected = st.session_state.get(S.SELECTED)
    if selected not in {p.id for p in view.places}:
        selected = None
    leg = urlstate.selected_leg(story, view)
    options = MapOptions(tiles=tiles, selected_place=selected, progress_until=progress_until, playback=True,
                         keyboard=False, labels=st.session_state.get(S.LABELS, True),
                         selected_leg=leg.id if leg else None,
                         focus_leg=bool(leg) and st.session_state.get(S.FOCUS_LEG) == leg.id)
    center = None
    if selected:
        place = story.place_by_id[selected]
        center = (place.lat, place.lon)
    # render=False: st_folium renders the map's script itself; its extra full-page render is not used.
    # The tooltip of what was clicked tells which of two legs on one track it was.
    out = st_folium(base_map(story, options), key=S.MAP, height=int(settings.get("map_height")),
                    use_container_width=True, returned_objects=["last_object_clicked", "last_object_clicked_tooltip"],
                    center=center, zoom=SELECTED_ZOOM if center else None, render=False,
                    feature_group_to_add=view_layers(story, view, options, rows), layer_control=layer_control())
    click = (out or {}).get("last_object_clicked")
    if click and click != st.session_state.get(S.LAST_CLICK):
        st.session_state[S.LAST_CLICK] = click
        lat, lon = click["lat"], click["lng"]
        # A point's click carries the point's own position; a line's, where on the line it landed.
        place = nearest_place(view, lat, lon, max_km=0.01)
        tooltip = (out or {}).get("last_object_clicked_tooltip") or ""
        leg = None if place else clicked_leg(view.routes, lat, lon, tooltip)
        place = place or (None if leg else nearest_place(view, lat, lon))
        if place and place != st.session_state.get(S.SELECTED):
            st.session_state[S.SELECTED] = place
            st.session_state.pop(S.SELECTED_EVENT, None)  # the place's first visible event stands for it
            st.rerun()
        if leg and (leg != st.session_state.get(S.SELECTED_LEG) or st.session_state.get(S.SELECTED)):
            urlstate.select_leg(leg)
            st.rerun()


def nearest_place(view: View, lat: float, lon: float, max_km: float = 50.0) -> str | None:
    """The visible place closest to a click (clicks land on a marker, so it is very near)."""
    best, best_d = None, max_km
    for p in view.places:
        d = 6371 * math.hypot(math.radians(p.lat - lat), math.radians(p.lon - lon) * math.cos(math.radians(lat)))
        if d <= best_d:
            best, best_d = p.id, d
    return best
