"""Sidebar: the date filter (presets + range), the layers, the basemap and the export buttons."""
from __future__ import annotations

from datetime import date
from functools import partial

import streamlit as st

from ..export import FORMATS, export
from .. import render
from ..filters import FilterOptions, presets
from ..view import View
from ..model import Story
from . import state as S

TILE_CHOICES = {"OpenStreetMap.Mapnik": "OpenStreetMap", "OpenTopoMap": "OpenTopoMap (terrain)",
                "Esri.WorldGrayCanvas": "Esri light grey", "": "No tiles (outline only)"}
EXPORT_LABELS = {"html": "Map as HTML", "geojson": "Data as GeoJSON", "kml": "Google Earth KML",
                 "csv": "Events as CSV", "png": "Still map as PNG", "svg": "Still map as SVG",
                 "pdf": "Still map as PDF"}
EXPORT_HELP = {"html": "One self-contained file: opens from disk, no internet needed but tiles.",
               "kml": "Folders by layer, legs as lines, time spans for Google Earth's time slider.",
               "png": "For a slide or a web page: 2400 × 1600 px, place names, legend, scale bar.",
               "svg": "For a graphics desk: the place names stay editable text.",
               "pdf": "For print: one A4 landscape page."}
STILLS = ("png", "svg", "pdf")


def filters(story: Story) -> tuple[FilterOptions, str]:
    """Draw the filter widgets; return the options they hold and the chosen tile provider."""
    named = presets(story)
    first, last = story.date_bounds()
    if S.PRESET not in st.session_state:
        st.session_state[S.PRESET] = next(iter(named))
        st.session_state[S.DATE_RANGE] = _span(named[st.session_state[S.PRESET]], first, last)

    def on_preset():
        choice = st.session_state[S.PRESET]
        if choice in named:
            st.session_state[S.DATE_RANGE] = _span(named[choice], first, last)

    def on_dates():
        picked = tuple(st.session_state[S.DATE_RANGE])
        st.session_state[S.PRESET] = next((k for k, v in named.items() if _span(v, first, last) == picked),
                                          S.CUSTOM)

    with st.sidebar:
        st.header("Filter")
        st.radio("Period", [*named, S.CUSTOM], key=S.PRESET, on_change=on_preset, format_func=render.markdown_text,
                 help="Presets come from the story's own dates; 'Custom' keeps the range you pick below.")
        st.date_input("Date range", key=S.DATE_RANGE, min_value=first, max_value=last, on_change=on_dates,
                      format="YYYY-MM-DD", help="Events and legs that overlap this range are shown.")
        st.caption("Layers")
        ids = [layer.id for layer in story.layers]
        for c in ids:  # defaults through session state, so a shared link (ui/urlstate.py) may preset them
            st.session_state.setdefault(f"{S.LAYERS}_{c}", True)
        chosen = frozenset(layer.id for layer in story.layers
                           if st.checkbox(render.markdown_text(layer.label), key=f"{S.LAYERS}_{layer.id}"))
        tiles = st.selectbox("Basemap", list(TILE_CHOICES), format_func=TILE_CHOICES.get, key=S.TILES,
                             help="Keyless tile providers. Without tiles the map still shows a land outline.")
        st.toggle("Labels", value=True, key=S.LABELS,
                  help="Place names beside the points; a name that would overlap another is hidden until you zoom in.")
    picked = tuple(st.session_state[S.DATE_RANGE])
    start = picked[0] if picked else None
    end = picked[1] if len(picked) > 1 else start  # half-picked range: that day only, as the caption says
    return FilterOptions(start=start, end=end, layers=chosen), tiles


def _span(span: tuple[date | None, date | None], first: date, last: date) -> tuple[date, date]:
    """A preset's range within the story's days (a story's period may reach beyond its data)."""
    start = min(max(span[0] or first, first), last)
    return start, max(min(span[1] or last, last), start)


def exports(story: Story, view: View, options: FilterOptions, still=None) -> None:
    """Download buttons for the current view; each file is made only when its button is clicked. ``still``:
    fmt → bytes of the still map (cached, ui/cached.py); without it the still is drawn on each click."""
    with st.sidebar:
        st.header("Export this view")
        for fmt, (ext, mime) in FORMATS.items():
            make = partial(still, fmt) if still and fmt in STILLS else partial(export, story, view, options, fmt)
            st.download_button(EXPORT_LABELS[fmt], data=make,
                               file_name=f"mapapp-export{ext}", mime=mime, icon="⬇️", key=f"download_{fmt}",
                               help=EXPORT_HELP.get(fmt))
