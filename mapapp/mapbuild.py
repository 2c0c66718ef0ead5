"""build_map(story, view, options) → folium.Map: one layer per kind, a legend, no CDN assets."""
from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources

import folium
import xyzservices.providers as xyz
from branca.element import MacroElement
from jinja2 import Template

from . import assets, render, settings
from .filters import View
from .geometry import points_along
from .model import CATEGORIES, DEFAULT_LABELS, ROUTE_CATEGORY, RouteLeg, Story

#: Okabe–Ito colours (colour-blind safe) per point category.
COLORS = {"journey_stop": "#0072B2", "summit": "#D55E00", "earlier_summit": "#009E73",
          "later_summit": "#CC79A7", "reported_place": "#E69F00"}
#: Route legs in date order take colours along viridis (perceptually ordered, colour-blind safe),
#: stopping short of its pale yellow end, which would vanish on a light basemap.
LEG_COLORS = ("#440154", "#482878", "#3e4989", "#31688e", "#26828e", "#1f9e89", "#35b779", "#6ece58")
FALLBACK_PANE = "mapappLand"


@dataclass(frozen=True)
class MapOptions:
    tiles: str | None = None  # xyzservices name; None → the 'tiles' setting; "" → no tiles
    selected_place: str | None = None
    height: int | str = "100%"
    legend: bool = True
    progress_until: date | None = None  # journey playback: what happened by this day is strong, the rest faint


def tile_provider(name: str):
    """The xyzservices provider called ``name`` (e.g. 'CartoDB.Positron')."""
    return xyz.query_name(name)


@cache
def land_outline() -> dict:
    """Natural Earth country outlines for the region, shown under the tiles (visible when tiles fail)."""
    return json.loads((resources.files("mapapp") / "data" / "basemap_land.geojson").read_text("utf-8"))


def leg_colors(routes: tuple[RouteLeg, ...]) -> dict[str, str]:
    ordered = sorted(routes, key=lambda r: (r.date_start, r.id))
    n = len(ordered)
    return {r.id: LEG_COLORS[round(i * (len(LEG_COLORS) - 1) / max(n - 1, 1))] for i, r in enumerate(ordered)}


def build_map(story: Story, view: View, options: MapOptions = MapOptions()) -> folium.Map:
    """A folium map of the visible part of ``story``; pure (no Streamlit), testable by rendering."""
    m = folium.Map(location=[43.0, 132.0], zoom_start=5, tiles=None, control_scale=True,
                   height=options.height, prefer_canvas=False)
    m.default_js = list(assets.map_js())
    m.default_css = list(assets.map_css())
    _add_basemap(m, options)
    colors = leg_colors(story.routes)
    registry = Registry()
    until = options.progress_until
    if view.routes:
        group = folium.FeatureGroup(name=story.label(ROUTE_CATEGORY), show=True)
        legs = folium.GeoJson(routes_geojson(view.routes, colors, retracing_legs(story.routes)), name="legs",
                              style_function=lambda f: {"color": f["properties"]["color"], "dashArray":
                                                        f["properties"]["dash"], **_progress_style(f, until, True)},
                              highlight_function=lambda f: {"weight": 7},
                              tooltip=folium.GeoJsonTooltip(fields=["tooltip"], labels=False)).add_to(group)
        registry.layers.append((ROUTE_CATEGORY, legs))
        DirectionArrows(arrows_geojson(view.routes, colors)).add_to(group)
        group.add_to(m)
    for category in CATEGORIES:
        events = [e for e in view.events if e.category == category]
        if not events:
            continue
        group = folium.FeatureGroup(name=story.label(category), show=True)
        layer = folium.GeoJson(points_geojson(story, view, category), name=category, marker=_marker(category),
                               style_function=(lambda f: _progress_style(f, until, False)) if until else None,
                               tooltip=folium.GeoJsonTooltip(fields=["tooltip"], labels=False),
                               popup=folium.GeoJsonPopup(fields=["popup"], labels=False, max_width=320),
                               zoom_on_click=False).add_to(group)
        registry.layers.append((category, layer))
        group.add_to(m)
    if options.selected_place and options.selected_place in story.place_by_id:
        place = story.place_by_id[options.selected_place]
        folium.CircleMarker([place.lat, place.lon], radius=16, color="#000", weight=3, fill=False,
                            interactive=False).add_to(m)
    if options.legend:
        Legend(legend_html(view, colors, story.label_map, retracing_legs(story.routes))).add_to(m)
    folium.LayerControl(collapsed=True, position="topleft").add_to(m)
    registry.add_to(m)
    bounds = view_bounds(view)
    if bounds:
        m.fit_bounds(bounds, padding=(40, 40), max_zoom=8)
    return m


def _add_basemap(m: folium.Map, options: MapOptions) -> None:
    folium.map.CustomPane(FALLBACK_PANE, z_index=150, pointer_events=False).add_to(m)
    folium.GeoJson(land_outline(), name="Land outline", control=False, interactive=False,
                   style_function=lambda f: {"fillColor": "#f4f1ea", "fillOpacity": 1, "color": "#9c968a",
                                             "weight": 0.8},
                   **{"pane": FALLBACK_PANE}).add_to(m)
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


def _marker(category: str):
    if category == "summit":
        icon = folium.DivIcon(html='<div class="mapapp-star" aria-hidden="true">★</div>', icon_size=(34, 34),
                              icon_anchor=(17, 19), class_name="mapapp-star-icon")
        return folium.Marker(icon=icon)
    return folium.CircleMarker(radius=8, color="#ffffff", weight=2, fill=True, fill_color=COLORS[category],
                               fill_opacity=0.95)


def points_geojson(story: Story, view: View, category: str) -> dict:
    """One Point feature per visible event of ``category``; tooltip/popup values are escaped HTML."""
    features = []
    for event in view.events:
        if event.category != category:
            continue
        place = story.place_by_id[event.place_id]
        here = view.events_at(place.id)
        features.append({
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [place.lon, place.lat]},
            "properties": {"id": event.id, "place_id": place.id, "category": category,
                           "date_start": event.date_start.isoformat(), "date_end": event.last_day.isoformat(),
                           "tooltip": render.tooltip(event, place),
                           "popup": render.popup(place, here, len(view.snippets.get(place.id, ())))},
        })
    return {"type": "FeatureCollection", "features": features}


def retracing_legs(routes) -> set[str]:
    """Ids of legs that run mostly over the track of an earlier leg (e.g. the way home): drawn dashed so the
    earlier leg stays visible under them."""
    seen: set[tuple[float, float]] = set()
    out = set()
    for leg in sorted(routes, key=lambda r: (r.date_start, r.id)):
        coords = [(round(x, 2), round(y, 2)) for line in leg.lines for x, y in line]
        if coords and sum(c in seen for c in coords) > len(coords) / 2:
            out.add(leg.id)
        seen.update(coords)
    return out


def routes_geojson(routes, colors: dict[str, str], dashed: frozenset[str] | set[str] = frozenset()) -> dict:
    features = []
    for leg in routes:
        coords = [list(map(list, line)) for line in leg.lines]
        geometry = ({"type": "LineString", "coordinates": coords[0]} if len(coords) == 1
                    else {"type": "MultiLineString", "coordinates": coords})
        features.append({"type": "Feature", "geometry": geometry,
                         "properties": {"id": leg.id, "color": colors.get(leg.id, LEG_COLORS[-1]),
                                        "date_start": leg.date_start.isoformat(),
                                        "date_end": leg.last_day.isoformat(),
                                        "dash": "8 7" if leg.id in dashed else None,
                                        "tooltip": f"<b>{render.escape(leg.name)}</b><br>"
                                                   f"{render.escape(render.date_range(leg.date_start, leg.date_end))}"}})
    return {"type": "FeatureCollection", "features": features}


def arrows_geojson(routes, colors: dict[str, str]) -> dict:
    """Arrow points along each leg, pointing in the direction of travel."""
    features = []
    for leg in routes:
        for line in leg.lines:
            for lon, lat, bearing in points_along(line, (0.2, 0.5, 0.8)):
                features.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
                                 "properties": {"bearing": round(bearing, 1),
                                                "color": colors.get(leg.id, LEG_COLORS[-1])}})
    return {"type": "FeatureCollection", "features": features}


def view_bounds(view: View) -> list[list[float]] | None:
    lats = [p.lat for p in view.places] + [c[1] for r in view.routes for line in r.lines for c in line]
    lons = [p.lon for p in view.places] + [c[0] for r in view.routes for line in r.lines for c in line]
    if not lats:
        return None
    return [[min(lats), min(lons)], [max(lats), max(lons)]]


def legend_html(view: View, colors: dict[str, str], labels: Mapping[str, str] = DEFAULT_LABELS,
                dashed: frozenset[str] | set[str] = frozenset()) -> str:
    items = []
    for category in CATEGORIES:
        if not any(e.category == category for e in view.events):
            continue
        label = render.escape(labels.get(category, category))
        if category == "summit":
            items.append(f'<li><span class="st" aria-hidden="true">★</span>{label}</li>')
        else:
            items.append(f'<li><span class="sw" style="background:{COLORS[category]}"></span>{label}</li>')
    if view.routes:
        legs = sorted(view.routes, key=lambda r: (r.date_start, r.id))
        ramp = "linear-gradient(90deg, " + ", ".join(colors[leg.id] for leg in legs) + f", {colors[legs[-1].id]})"
        span = render.date_range(legs[0].date_start, max(leg.last_day for leg in legs))
        rows = "".join(f'<li><span class="ln" style="background:{colors[leg.id]}"></span>'
                       f'{render.escape(render.date_range(leg.date_start, leg.date_end))}: '
                       f'{render.escape(leg.name)}{" (dashed)" if leg.id in dashed else ""}</li>' for leg in legs)
        if any(leg.id in dashed for leg in legs):
            rows += '<li class="note">Dashed: a leg back over the track of an earlier one.</li>'
        items.append(f'<li class="legs"><details><summary><span class="ln" style="background:{ramp}"></span>'
                     f'{render.escape(labels.get(ROUTE_CATEGORY, ROUTE_CATEGORY))}, {render.escape(span)} '
                     f'({len(legs)} leg{"s" if len(legs) > 1 else ""})</summary><ul>{rows}</ul></details></li>')
    if not items:
        return ""
    return f'<details open><summary><b>Legend</b></summary><ul>{"".join(items)}</ul></details>'


class Legend(MacroElement):
    """A legend control; its HTML is built by render.py from escaped parts."""

    _template = Template("""
{% macro script(this, kwargs) %}
(function() {
  var legend = L.control({position: "bottomright"});
  legend.onAdd = function () {
    var div = L.DomUtil.create("div", "mapapp-legend");
    div.setAttribute("role", "region");
    div.setAttribute("aria-label", "Legend");
    div.innerHTML = {{ this.html|tojson }};
    L.DomEvent.disableClickPropagation(div);
    return div;
  };
  legend.addTo({{ this._parent.get_name() }});
})();
{% endmacro %}
""")

    def __init__(self, html: str):
        super().__init__()
        self._name = "Legend"
        self.html = html


class DirectionArrows(MacroElement):
    """Small rotated arrows along route legs showing the direction of travel."""

    _template = Template("""
{% macro script(this, kwargs) %}
L.geoJSON({{ this.data|tojson }}, {
  pointToLayer: function (feature, latlng) {
    var p = feature.properties;
    var color = /^#[0-9a-fA-F]{6}$/.test(p.color) ? p.color : "#333";
    return L.marker(latlng, {interactive: false, keyboard: false, icon: L.divIcon({
      className: "mapapp-arrow", iconSize: [16, 16], iconAnchor: [8, 8],
      html: '<svg width="16" height="16" viewBox="0 0 16 16" style="transform:rotate(' + (Number(p.bearing) - 90) +
            'deg)"><path d="M3 2 L14 8 L3 14 L6 8 z" fill="' + color + '" stroke="#fff" stroke-width="1.2"/></svg>'
    })});
  }
}).addTo({{ this._parent.get_name() }});
{% endmacro %}
""")

    def __init__(self, data: dict):
        super().__init__()
        self._name = "DirectionArrows"
        self.data = data


class Registry(MacroElement):
    """Exposes the map and its data layers to page scripts as ``window.mapapp = {map, layers: {category: L.GeoJSON}}``
    (the HTML report's date filter and step-through use it)."""

    _template = Template("""
{% macro script(this, kwargs) %}
window.mapapp = {map: {{ this._parent.get_name() }}, layers: {}};
{% for key, layer in this.layers %}
window.mapapp.layers[{{ key|tojson }}] = {{ layer.get_name() }};
{% endfor %}
{% endmacro %}
""")

    def __init__(self):
        super().__init__()
        self._name = "Registry"
        self.layers: list[tuple[str, folium.GeoJson]] = []
