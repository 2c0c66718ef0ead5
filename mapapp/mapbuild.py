"""build_map(story, view, options) → folium.Map: the map plan (mapplan.py) as folium elements: the base map (tiles,
land, registry, legend box, the scripts the layers need) and the view's layers as feature groups with a layer
control; no CDN assets. The dashboard hands base map and layers to st_folium separately."""
from __future__ import annotations

import folium

from . import assets, mapjs, settings
from .mapdata import EventRows, point_mode
from .mapelements import Assets, PartElement
from .mapplan import MapOptions, Part, base, outline_for, outline_json, tile_provider, tiles_named, view_groups
from .model import Story
from .view import View

__all__ = ["MapOptions", "base_map", "build_map", "layer_control", "outline_for", "tile_provider", "view_layers"]


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
    """The part of the map that does not depend on the filter, selection or journey step (mapplan.base): tiles,
    land outline, the ``window.mapapp`` registry, the legend's (empty) box and the scripts the view's layers
    may need (``cluster``: Leaflet.markercluster; None → whenever the whole story would be clustered)."""
    plan = base(story, options, tiles_named(settings.get("tiles") if options.tiles is None else options.tiles), cluster)
    m = folium.Map(location=plan.center, zoom_start=5, tiles=None, control_scale=True,
                   height=options.height, prefer_canvas=False, keyboard=plan.keyboard)
    if plan.cluster:
        m.options["max_zoom"] = 18  # markercluster needs the map's own max zoom (tiles may be off)
    m.default_js = list(assets.map_js())
    m.default_css = list(assets.map_css())
    if plan.cluster:
        m.default_js += list(assets.cluster_js())
        m.default_css += list(assets.cluster_css())
    folium.map.CustomPane(mapjs.FALLBACK_PANE, z_index=150, pointer_events=False).add_to(m)
    outline = outline_json(plan.outline)
    PartElement(Part(lambda n: mapjs.land(n.parent, outline))).add_to(m)
    if plan.tiles:
        folium.TileLayer(tiles=plan.tiles.url, attr=plan.tiles.attribution, name=plan.tiles.name,
                         max_zoom=plan.tiles.max_zoom, control=False, subdomains=plan.tiles.subdomains).add_to(m)
    PartElement(Part(lambda n: mapjs.registry(n.parent))).add_to(m)
    Assets("labels").add_to(m)
    if plan.legend:
        PartElement(Part(lambda n: mapjs.legend_box(n.parent))).add_to(m)
    if plan.playback:
        Assets("playback").add_to(m)
    return m


def layer_control() -> folium.LayerControl:
    """The layer control over the view's layers (built after them: it lists the map's layers when rendered)."""
    return folium.LayerControl(collapsed=True, position="topleft")


def view_layers(story: Story, view: View, options: MapOptions = MapOptions(), rows: EventRows | None = None
                ) -> list[folium.FeatureGroup]:
    """The view's groups (mapplan.view_groups) as folium feature groups for :func:`base_map`; the first is not
    listed in the layer control."""
    elements: dict = {}
    groups = []
    for group in view_groups(story, view, options, rows):
        fg = folium.FeatureGroup(name=group.label or "view", control=group.label is not None, show=True)
        for part in group.parts:
            PartElement(part, elements).add_to(fg)
        groups.append(fg)
    return groups
