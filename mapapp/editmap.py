"""What the dashboard's edit mode draws on its map: every place (also those without events), every leg, the
line being drawn and the spot last clicked. Pure folium (no Streamlit); every text goes through render."""
from __future__ import annotations

import math

import folium

from . import colors, render
from .model import Story

PLACE_COLOR = "#333333"
DRAFT_COLOR = "#D55E00"
PICK_COLOR = "#CC79A7"


def edit_layers(story: Story, draft=(), pick: tuple[float, float] | None = None,
                selected: str | None = None) -> list[folium.FeatureGroup]:
    """Feature groups for the edit map. ``draft``: the line being drawn, [(lon, lat), …]; ``pick``: the
    position last clicked for a new place or a move, (lat, lon); ``selected``: a place id drawn larger."""
    colour = {}
    for event in story.events:
        colour.setdefault(event.place_id, story.layer(event.category).color)
    places = folium.FeatureGroup(name="Places", control=False)
    for p in story.places:
        big = p.id == selected
        folium.CircleMarker([p.lat, p.lon], radius=9 if big else 6, weight=3 if big else 1.5, color=PLACE_COLOR,
                            fill=True, fill_opacity=0.9, fill_color=_solid(colour.get(p.id, "#ffffff")),
                            tooltip=render.escape(f"{p.name} ({p.id})")).add_to(places)
    legs = folium.FeatureGroup(name="Legs", control=False)
    for leg in story.routes:
        for line in leg.lines:
            folium.PolyLine([(lat, lon) for lon, lat in line], color=_solid(story.layer(leg.category).color),
                            weight=3, opacity=0.8, dash_array=None if leg.drawn else "6 6",
                            tooltip=render.escape(f"{leg.name} ({leg.id})")).add_to(legs)
    drawing = folium.FeatureGroup(name="Drawing", control=False)
    if len(draft) > 1:
        folium.PolyLine([(lat, lon) for lon, lat in draft], color=DRAFT_COLOR, weight=4,
                        dash_array="8 6").add_to(drawing)
    for n, (lon, lat) in enumerate(draft, 1):
        folium.CircleMarker([lat, lon], radius=4, color=DRAFT_COLOR, fill=True, fill_opacity=1,
                            tooltip=f"point {n}").add_to(drawing)
    if pick is not None:
        folium.CircleMarker(list(pick), radius=10, color=PICK_COLOR, weight=3, fill=False,
                            tooltip="clicked here").add_to(drawing)
    return [legs, places, drawing]


def _solid(color: str) -> str:
    """A layer's colour, or a dark grey for a colour that is not one (a routes layer coloured by date)."""
    return color if colors.is_hex(color) else "#555555"


def start_view(story: Story) -> tuple[tuple[float, float], int]:
    """Centre (lat, lon) and zoom that show the story's places: the whole world for a story without any."""
    if not story.places:
        return (20.0, 0.0), 2
    lats = [p.lat for p in story.places]
    lons = [p.lon for p in story.places]
    span = max(max(lats) - min(lats), max(lons) - min(lons), 0.05)
    zoom = max(2, min(12, int(math.log2(630 / span))))  # the span fits in about 450 px (256 px × 2^zoom per 360°)
    return ((min(lats) + max(lats)) / 2, (min(lons) + max(lons)) / 2), zoom
