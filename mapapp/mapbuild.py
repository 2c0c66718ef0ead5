"""build_map(story, view, options) → folium.Map: the base map (tiles, land, registry, legend box) and the view's
layers (legs, points, labels, player), from the data of mapdata.py drawn by the elements of mapelements.py; no
CDN assets."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import folium
import xyzservices.providers as xyz

from . import assets, journey, settings
from .mapdata import (EventRows, arrows_geojson, leg_bounds, legend_html, place_popups, place_table, point_mode,
                      points_geojson, points_json, routes_geojson, view_bounds)
from .mapelements import (FALLBACK_PANE, CanvasRenderer, DirectionArrows, LandOutline, Legend, PlaceTable, Playback,
                          PlaybackScript, PointLayer, Register, Registry, ViewState)
from .legstyle import APPROXIMATE_COLOR
from .maplabels import LabelScript, labels_group
from .model import Story
from .outlines import outline_for_box
from .view import View


@dataclass(frozen=True)
class MapOptions:
    tiles: str | None = None  # xyzservices name; None → the 'tiles' setting; "" → no tiles
    selected_place: str | None = None
    selected_leg: str | None = None  # a route leg's id: drawn with a halo
    focus_leg: bool = False  # bring the selected leg into view (picked from a list or a link, not on the map)
    height: int | str = "100%"
    legend: bool = True
    progress_until: date | None = None  # journey playback: what happened by this day is strong, the rest faint
    points: str = "auto"  # how points are drawn: "svg", "canvas", "cluster", or "auto" (by count, see point_mode)
    playback: bool = False  # a play control on the map moving a marker (train, plane, …) along the legs day by day
    # Leaflet's arrow-key panning. The dashboard turns it off: Leaflet focuses the map on mousedown, which makes
    # Streamlit scroll a partly hidden map into view mid-click (Leaflet then drops the click as a drag), and
    # ←/→ step through the journey there.
    keyboard: bool = True
    labels: bool = True  # place names beside the points, hidden where they would overlap (maplabels.py)


def tile_provider(name: str):
    """The xyzservices provider called ``name`` (e.g. 'CartoDB.Positron')."""
    return xyz.query_name(name)


def outline_for(story: Story) -> str:
    """The most detailed land outline whose box holds all the story's places and legs (the world's otherwise)."""
    lons = [p.lon for p in story.places] + [c[0] for r in story.routes for line in r.lines for c in line]
    lats = [p.lat for p in story.places] + [c[1] for r in story.routes for line in r.lines for c in line]
    return outline_for_box(min(lons), min(lats), max(lons), max(lats)) if lons else outline_for_box(0, 0, 0, 0)




def build_map(story: Story, view: View, options: MapOptions = MapOptions(), rows: EventRows | None = None
              ) -> folium.Map:
    """A folium map of the visible part of ``story``; pure (no Streamlit), testable by rendering.

    It is the base map (:func:`base_map`: what stays the same whatever is shown) with the view's layers
    (:func:`view_layers`) and a layer control added; the dashboard hands the two parts to st_folium
    separately, so a filter change replaces the layers without reloading the map."""
    mode = point_mode(len(view.events), options.points)
    m = base_map(story, options, cluster=mode == "cluster")
    for group in view_layers(story, view, options, rows):
        group.add_to(m)
    layer_control().add_to(m)
    return m


def base_map(story: Story, options: MapOptions = MapOptions(), cluster: bool | None = None) -> folium.Map:
    """The part of the map that does not depend on the filter, selection or journey step: tiles, land outline,
    the ``window.mapapp`` registry, the legend's (empty) box and the scripts the view's layers may need.

    ``cluster``: include Leaflet.markercluster; None → whenever the whole story would be clustered, so one
    base map serves every filter of the story (the dashboard keeps it mounted across reruns)."""
    if cluster is None:
        cluster = point_mode(len(story.events), options.points) == "cluster"
    m = folium.Map(location=_centre(story), zoom_start=5, tiles=None, control_scale=True,
                   height=options.height, prefer_canvas=False, keyboard=options.keyboard)
    if cluster:
        m.options["max_zoom"] = 18  # markercluster needs the map's own max zoom (tiles may be off)
    m.default_js = list(assets.map_js())
    m.default_css = list(assets.map_css())
    if cluster:
        m.default_js += list(assets.cluster_js())
        m.default_css += list(assets.cluster_css())
    _add_basemap(m, options, outline_for(story))
    Registry().add_to(m)
    LabelScript().add_to(m)
    if options.legend:
        Legend().add_to(m)
    if options.playback:
        PlaybackScript().add_to(m)
    return m


def _centre(story: Story) -> list[float]:
    """Where the map opens before it fits what is shown: the middle of the story's places."""
    if not story.places:
        return [0.0, 0.0]
    lats, lons = [p.lat for p in story.places], [p.lon for p in story.places]
    return [(min(lats) + max(lats)) / 2, (min(lons) + max(lons)) / 2]


def layer_control() -> folium.LayerControl:
    """The layer control over the view's layers (built after them: it lists the map's layers when rendered)."""
    return folium.LayerControl(collapsed=True, position="topleft")


def view_layers(story: Story, view: View, options: MapOptions = MapOptions(), rows: EventRows | None = None
                ) -> list[folium.FeatureGroup]:
    """What the filter, selection and journey step decide, as feature groups for :func:`base_map`: first one
    without a layer control entry (shared place table, canvas renderer, selection ring, legend text, fit to
    the view, journey player), then the rail legs and one group per category of points. Each layer registers
    itself in ``window.mapapp.layers`` (and ``.clusters``). ``rows``: :func:`event_rows` of the story, made once
    (the dashboard caches them); None → made here for the visible events."""
    mode = point_mode(len(view.events), options.points)
    colors, dashed = view.leg_colors, view.dashed
    until = options.progress_until
    selected = options.selected_place if options.selected_place in story.place_by_id else None
    state = folium.FeatureGroup(name="view", control=False, show=True)
    focus = next((r for r in view.routes if r.id == options.selected_leg), None) if options.focus_leg else None
    ViewState(legend_html(story, view, colors, dashed) if options.legend else None, view_bounds(view),
              [story.place_by_id[selected].lat, story.place_by_id[selected].lon] if selected else None,
              focus=leg_bounds(focus) if focus else None).add_to(state)
    canvas = CanvasRenderer().add_to(state) if mode != "svg" else None
    if selected:
        place = story.place_by_id[selected]
        folium.CircleMarker([place.lat, place.lon], radius=16, color="#000", weight=3, fill=False,
                            interactive=False).add_to(state)
    for leg in view.routes:
        if leg.id == options.selected_leg:
            for line in leg.lines:
                folium.PolyLine([(lat, lon) for lon, lat in line], color="#000", weight=13, opacity=0.3,
                                interactive=False, class_name="mapapp-leg-halo").add_to(state)
    popups = place_popups(story, view)
    table = PlaceTable(place_table(story, view, popups)).add_to(state) if mode != "svg" and view.events else None
    if options.playback and view.routes:
        Playback(journey.playback_data(story, view.routes, view.html)).add_to(state)
    groups = [state]
    for layer in story.route_layers:
        legs_here = tuple(r for r in view.routes if r.category == layer.id)
        if not legs_here:
            continue
        group = folium.FeatureGroup(name=view.html(layer.label), show=True)
        legs = folium.GeoJson(routes_geojson(legs_here, colors, dashed, view.html), name="legs",
                              style_function=lambda f: _leg_style(f, until),
                              highlight_function=lambda f: {"weight": 3 if f["properties"].get("approximate") else 7},
                              tooltip=folium.GeoJsonTooltip(fields=["tooltip"], labels=False),
                              **({"renderer": canvas} if canvas else {})).add_to(group)
        Register(layer.id, legs).add_to(group)
        DirectionArrows(arrows_geojson(legs_here, colors)).add_to(group)
        groups.append(group)
    present = {e.category for e in view.events}
    for layer in story.point_layers:
        if layer.id not in present:
            continue
        group = folium.FeatureGroup(name=view.html(layer.label), show=True)
        if mode == "svg":
            point_layer = PointLayer(layer, points_geojson(story, view, layer.id, popups), mode, until)
        else:
            point_layer = PointLayer(layer, None, mode, until, canvas, table,
                                     payload=points_json(story, view, layer.id, rows))
        point_layer.add_to(group)
        groups.append(group)
    if options.labels and view.places and mode != "cluster":
        groups.append(labels_group(view))
    return groups


def _add_basemap(m: folium.Map, options: MapOptions, outline: str = "basemap_land.geojson") -> None:
    folium.map.CustomPane(FALLBACK_PANE, z_index=150, pointer_events=False).add_to(m)
    LandOutline(outline).add_to(m)
    name = settings.get("tiles") if options.tiles is None else options.tiles
    if name:
        provider = tile_provider(name)
        folium.TileLayer(tiles=provider.build_url(scale_factor="{r}"), attr=provider.html_attribution,
                         name=provider.name, max_zoom=provider.get("max_zoom", 18), control=False,
                         subdomains=provider.get("subdomains", "abc")).add_to(m)


def _progress_style(feature: dict, until: date | None, line: bool) -> dict:
    """Full strength for what has happened by ``until`` (or always, without it); faint for what is to come."""
    props = feature["properties"]
    done = until is None or props["date_start"] <= until.isoformat()
    if line:
        return {"weight": 6 if until and done else 4, "opacity": 0.95 if done else 0.3}
    return {"opacity": 1.0 if done else 0.35, "fillOpacity": 0.95 if done else 0.3}








def _leg_style(feature: dict, until: date | None) -> dict:
    props = feature["properties"]
    style = {"color": props["color"], "dashArray": props["dash"], **_progress_style(feature, until, True)}
    if props.get("approximate"):
        style.update(color=APPROXIMATE_COLOR, dashArray="1 7", weight=2.5, lineCap="round")
    return style




