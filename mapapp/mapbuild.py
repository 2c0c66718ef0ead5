"""build_map(story, view, options) → folium.Map: one layer per kind, a legend, no CDN assets."""
from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache

import folium
import xyzservices.providers as xyz
from branca.element import Element, MacroElement
from folium.elements import JSCSSMixin
from jinja2 import Template

from . import assets, journey, render, settings
from .view import View
from .geometry import lines_geometry, points_along
from .legstyle import APPROXIMATE_COLOR, LEG_COLORS, leg_colors, retracing_legs  # noqa: F401 (re-exported)
from .maplabels import LabelScript, labels_group
from .outlines import land_outline, outline_for_box
from .model import Story
from .symbols import symbol_svg

FALLBACK_PANE = "mapappLand"
#: Above this many visible events points are drawn on one canvas instead of one SVG element each; above
#: CLUSTER_ABOVE they are also clustered (Leaflet.markercluster), so a page with 100,000 points stays usable.
CANVAS_ABOVE = 1_000
CLUSTER_ABOVE = 20_000
#: A point's popup lists at most this many events of its place; the rest are counted.
POPUP_EVENTS = 12
POINT_MODES = ("svg", "canvas", "cluster")


@dataclass(frozen=True)
class MapOptions:
    tiles: str | None = None  # xyzservices name; None → the 'tiles' setting; "" → no tiles
    selected_place: str | None = None
    selected_leg: str | None = None  # a route leg's id: drawn with a halo
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


@cache
def _land_outline_json(name: str = "basemap_land.geojson") -> str:
    return json.dumps(land_outline(name), ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")


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
    ViewState(legend_html(story, view, colors, dashed) if options.legend else None, view_bounds(view),
              [story.place_by_id[selected].lat, story.place_by_id[selected].lon] if selected else None
              ).add_to(state)
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


def point_mode(n_events: int, requested: str = "auto") -> str:
    """How to draw ``n_events`` points: one SVG element each (few), one shared canvas (many), or clustered on
    the canvas (very many). ``requested`` other than "auto" is taken as it is."""
    if requested in POINT_MODES:
        return requested
    if requested != "auto":
        raise ValueError(f"unknown point mode {requested!r}; use auto or one of {', '.join(POINT_MODES)}")
    return "svg" if n_events <= CANVAS_ABOVE else "canvas" if n_events <= CLUSTER_ABOVE else "cluster"


def place_popups(story: Story, view: View) -> dict[str, str]:
    """The popup of each visible place, made once per place (every event there shares it): the place's events,
    at most POPUP_EVENTS of them, and its snippet count."""
    out = {}
    for place in view.places:
        here = view.events_at(place.id)
        html = render.popup(place, here[:POPUP_EVENTS], len(view.snippets.get(place.id, ())), view.html)
        if len(here) > POPUP_EVENTS:
            html += render.more_events(len(here) - POPUP_EVENTS)
        out[place.id] = html
    return out


def points_geojson(story: Story, view: View, category: str, popups: Mapping[str, str] | None = None) -> dict:
    """One Point feature per visible event of ``category``; tooltip/popup values are escaped HTML."""
    popups = place_popups(story, view) if popups is None else popups
    features = []
    for event in view.events:
        if event.category != category:
            continue
        place = story.place_by_id[event.place_id]
        features.append({
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [place.lon, place.lat]},
            "properties": {"id": event.id, "place_id": place.id, "category": category,
                           "date_start": event.date_start.isoformat(), "date_end": event.last_day.isoformat(),
                           "tooltip": render.tooltip(event, place, view.html), "popup": popups[place.id]},
        })
    return {"type": "FeatureCollection", "features": features}


#: Per event id, the parts of its compact row that do not depend on the view: its id and the tail
#: ``"date_start","date_end","dates"``, each as script-safe JSON (see event_rows).
EventRows = Mapping[str, tuple[str, str]]


def place_table(story: Story, view: View, popups: Mapping[str, str]) -> list[list]:
    """The visible places once for all point layers (canvas and cluster modes), in the view's order:
    ``[id, lon, lat, popup, tooltip head]``; an event's tooltip is its place's head and its own dates."""
    return [[p.id, p.lon, p.lat, popups[p.id], render.tooltip_head(p, view.html)] for p in view.places]


def points_compact(story: Story, view: View, category: str) -> dict:
    """The events of ``category`` in the compact form the page expands (PointLayer) into the same features as
    points_geojson: one short row per event, ``[id, place index, date_start, date_end, dates]``, the place
    index into place_table (the view's places)."""
    index, esc = view.place_index, view.html
    return {"category": category,
            "events": [[e.id, index[e.place_id], e.date_start.isoformat(), e.last_day.isoformat(),
                        render.tooltip_dates(e, esc)] for e in view.events if e.category == category]}


def event_rows(story: Story, events=None) -> dict[str, tuple[str, str]]:
    """The view-independent parts of each event's compact row as script-safe JSON (see points_json), made once
    per story by the dashboard so that a filter change only joins them."""
    return {e.id: (_script_json(e.id), _script_json([e.date_start.isoformat(), e.last_day.isoformat(),
                                                     render.tooltip_dates(e)])[1:-1])
            for e in (story.events if events is None else events)}


def points_json(story: Story, view: View, category: str, rows: EventRows | None = None) -> str:
    """``_script_json(points_compact(story, view, category))``; with ``rows`` (the dashboard's cached
    :func:`event_rows`) joined from them, so a filter change of a 10,000-event story takes a few milliseconds."""
    if rows is None:
        return _script_json(points_compact(story, view, category))
    index = view.place_index
    body = ",".join(f"[{rows[e.id][0]},{index[e.place_id]},{rows[e.id][1]}]" for e in view.events
                    if e.category == category)
    return f'{{"category":{_script_json(category)},"events":[{body}]}}'


def _script_json(data) -> str:
    """JSON for inside a <script>: compact; ``</``, ``<!--`` and U+2028/9 cannot end or break the block."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("</", "<\\/").replace("<!--", "\\u003c!--")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def routes_geojson(routes, colors: dict[str, str], dashed: frozenset[str] | set[str] = frozenset(),
                   esc=render.escape) -> dict:
    """One feature per leg, then one per leg with ``approximate`` parts: those parts, drawn on top as a dotted
    white line (same id and dates as the leg, so filters and the player treat them with it)."""
    features, rough = [], []
    for leg in routes:
        props = {"id": leg.id, "color": colors.get(leg.id, LEG_COLORS[-1]), "date_start": leg.date_start.isoformat(),
                 "date_end": leg.last_day.isoformat(), "dash": "8 7" if leg.id in dashed else None,
                 "tooltip": render.leg_tooltip(leg, esc=esc)}
        features.append({"type": "Feature", "geometry": lines_geometry(leg.lines), "properties": props})
        if leg.approximate:
            rough.append({"type": "Feature", "geometry": lines_geometry(leg.approximate),
                          "properties": {**props, "approximate": True,
                                         "tooltip": render.leg_tooltip(leg, approximate=True, esc=esc)}})
    return {"type": "FeatureCollection", "features": features + rough}


def _leg_style(feature: dict, until: date | None) -> dict:
    props = feature["properties"]
    style = {"color": props["color"], "dashArray": props["dash"], **_progress_style(feature, until, True)}
    if props.get("approximate"):
        style.update(color=APPROXIMATE_COLOR, dashArray="1 7", weight=2.5, lineCap="round")
    return style


def arrows_geojson(routes, colors: dict[str, str]) -> dict:
    """Arrow points along each leg, pointing in the direction of travel."""
    features = []
    for leg in routes:
        for line in leg.lines:
            for lon, lat, bearing in points_along(line, (0.2, 0.5, 0.8)):
                features.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
                                 "properties": {"bearing": round(bearing, 1), "leg": leg.id,  # report filter
                                                "color": colors.get(leg.id, LEG_COLORS[-1])}})
    return {"type": "FeatureCollection", "features": features}


def view_bounds(view: View) -> list[list[float]] | None:
    lats = [p.lat for p in view.places] + [c[1] for r in view.routes for line in r.lines for c in line]
    lons = [p.lon for p in view.places] + [c[0] for r in view.routes for line in r.lines for c in line]
    if not lats:
        return None
    return [[min(lats), min(lons)], [max(lats), max(lons)]]


def legend_html(story: Story, view: View, colors: dict[str, str], dashed: frozenset[str] | set[str] = frozenset()
                ) -> str:
    """The legend's text, in layer order: a swatch in its symbol per point layer with visible events, and per
    route layer with visible legs its line (a ramp for a by-date layer) with a collapsible list of the legs."""
    items = []
    present = {e.category for e in view.events}
    for layer in story.layers:
        label = view.html(layer.label)
        if layer.is_points and layer.id in present:
            if layer.symbol == "star":
                items.append(f'<li><span class="st" style="color:{layer.color}" aria-hidden="true">★</span>'
                             f'{label}</li>')
            else:
                items.append(f'<li><span class="sw sym-{layer.symbol}" style="background:{layer.color}"></span>'
                             f'{label}</li>' if layer.symbol == "circle" else
                             f'<li><span class="sy sym-{layer.symbol}">{symbol_svg(layer.symbol, layer.color, 16)}'
                             f'</span>{label}</li>')
        legs = sorted((r for r in view.routes if r.category == layer.id), key=lambda r: (r.date_start, r.id))
        if layer.is_routes and legs:
            items.append(_legend_legs(layer, legs, colors, dashed, view.html))
    if not items:
        return ""
    return f'<details open><summary><b>Legend</b></summary><ul>{"".join(items)}</ul></details>'


def _legend_legs(layer, legs, colors, dashed, esc) -> str:
    ramp = "linear-gradient(90deg, " + ", ".join(colors[leg.id] for leg in legs) + f", {colors[legs[-1].id]})"
    span = render.date_range(legs[0].date_start, max(leg.last_day for leg in legs))
    rows = "".join(f'<li><span class="ln" style="background:{colors[leg.id]}"></span>'
                   f'{esc(render.date_range(leg.date_start, leg.date_end))}: '
                   f'{esc(leg.name)}{" (dashed)" if leg.id in dashed else ""}</li>' for leg in legs)
    if any(leg.id in dashed for leg in legs):
        rows += '<li class="note">Dashed: a leg back over the track of an earlier one.</li>'
    if any(leg.approximate for leg in legs):
        rows += ('<li class="note">White dots: approximate course (the track there is not known in '
                 'detail).</li>')
    return (f'<li class="legs"><details><summary><span class="ln" style="background:{ramp}"></span>'
            f'{esc(layer.label)}, {esc(span)} '
            f'({len(legs)} leg{"s" if len(legs) > 1 else ""})</summary><ul>{rows}</ul></details></li>')


class Legend(MacroElement):
    """The legend's box (bottom right), empty and hidden until the view's layers fill it (ViewState): it is part of
    the base map, its text (built by render.py from escaped parts, see legend_html) part of the view."""

    _template = Template("""
{% macro script(this, kwargs) %}
(function() {
  var legend = L.control({position: "bottomright"});
  legend.onAdd = function () {
    var div = L.DomUtil.create("div", "mapapp-legend");
    div.setAttribute("role", "region");
    div.setAttribute("aria-label", "Legend");
    div.style.display = "none";
    L.DomEvent.disableClickPropagation(div);
    window.mapapp.legend = div;
    return div;
  };
  legend.addTo({{ this._parent.get_name() }});
})();
{% endmacro %}
""")

    def __init__(self):
        super().__init__()
        self._name = "Legend"


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
    """Exposes the map to page scripts as ``window.mapapp = {map, layers: {category: L.GeoJSON}, clusters:
    {category: L.MarkerClusterGroup}}``; the view's layers fill ``layers`` and ``clusters`` (Register, PointLayer)
    each time they are (re)drawn. The HTML report's script, the journey player and the tests use it."""

    _template = Template("""
{% macro script(this, kwargs) %}
window.mapapp = {map: {{ this._parent.get_name() }}, layers: {}, clusters: {}};
{% endmacro %}
""")

    def __init__(self):
        super().__init__()
        self._name = "Registry"


class Register(MacroElement):
    """Puts one of the view's layers into ``window.mapapp.layers`` under ``key``."""

    _template = Template("""
{% macro script(this, kwargs) %}
window.mapapp.layers[{{ this.key|tojson }}] = {{ this.layer.get_name() }};
{% endmacro %}
""")

    def __init__(self, key: str, layer: MacroElement):
        super().__init__()
        self._name = "Register"
        self.key = key
        self.layer = layer


class ViewState(MacroElement):
    """The view's part of the things on the base map, run when the view's layers are added to the map: empties
    the registry's layers (the view's layers then register themselves), fills the legend, and fits the map to
    what is shown when that changed (not while a place is selected: the map centres on it instead, once per
    new selection). Put it first in the view's first group."""

    _template = Template("""
{% macro script(this, kwargs) %}
(function (group) {
  var reg = window.mapapp, map = reg.map, bounds = {{ this.bounds|tojson }}, selected = {{ this.selected|tojson }};
  reg.layers = {};
  reg.clusters = {};
  group.on("add", function () {
    var div = reg.legend;
    if (div) {
{%- if this.legend is not none %}
      div.innerHTML = {{ this.legend|tojson }};
      div.style.display = div.innerHTML ? "" : "none";
      if (window.matchMedia && window.matchMedia("(max-width: 600px)").matches) {  // a phone: folded, off the map
        var open = div.querySelector("details[open]");
        if (open) { open.removeAttribute("open"); }
      }
{%- endif %}
    }
    var key = JSON.stringify(bounds), here = JSON.stringify(selected);
    if (selected && here !== reg.selectedAt) {
      map.setView(selected, Math.max(map.getZoom(), {{ this.zoom }}), {animate: false});
    }
{%- if this.bounds %}
    else if (!selected && key !== reg.fittedTo) {
      // once the player and the layer control are on the map too (they are added after this group)
      setTimeout(function () {
        window.mapappFit(map, {{ this.bounds|tojson }}, {maxZoom: 8});
        reg.fits = (reg.fits || 0) + 1;
      }, 0);
    }
{%- endif %}
    reg.fittedTo = key;
    reg.selectedAt = here;
  });
})({{ this._parent.get_name() }});
{% endmacro %}
""")

    def __init__(self, legend: str | None, bounds: list[list[float]] | None, selected: list[float] | None,
                 zoom: int = 5):
        super().__init__()
        self._name = "ViewState"
        self.legend = legend
        self.bounds = bounds
        self.selected = selected
        self.zoom = zoom


class PlaybackScript(JSCSSMixin, MacroElement):
    """The journey player's script and styles (mapapp/static/playback.js), on the base map; the player itself
    is part of the view (Playback)."""

    _template = Template("{% macro script(this, kwargs) %}{% endmacro %}")

    def __init__(self):
        super().__init__()
        self._name = "PlaybackScript"
        self.default_js, self.default_css = assets.own_links("playback")


class Playback(MacroElement):
    """Journey playback on the map: a marker for each leg's mode moved along the shown legs day by day, pausing
    at each leg's end, with play/pause, speed and a day slider (mapapp/static/playback.js, loaded by PlaybackScript);
    made when the view's layers are added, removed with them. Works in st_folium and exports."""

    _template = Template("""
{% macro script(this, kwargs) %}
(function (group) {
  var player = null;
  group.on("add", function () { player = mapappPlayback(window.mapapp.map, {{ this.data|tojson }}); });
  group.on("remove", function () { if (player) { player.remove(); player = null; } });
})({{ this._parent.get_name() }});
{% endmacro %}
""")

    def __init__(self, data: dict):
        super().__init__()
        self._name = "Playback"
        self.data = data


class _Verbatim(Element):
    """Text that goes into the page as it is, not as a template."""

    def __init__(self, text: str):
        super().__init__()
        self.text = text

    def render(self, **kwargs) -> str:
        return self.text


class _VerbatimScript(MacroElement):
    """A MacroElement whose script goes into the page verbatim: branca would compile it as a Jinja template,
    lexing every byte of the embedded data (about 80 ms per 10,000 points)."""

    def render(self, **kwargs):
        script = self._template.module.__dict__["script"]
        self.get_root().script.add_child(_Verbatim(script(self, kwargs)), name=self.get_name())
        for element in self._children.values():
            element.render(**kwargs)


class LandOutline(_VerbatimScript):
    """The land outline (:func:`land_outline`) in its own pane under the tiles, not interactive: its JSON is made
    once per process and goes into the page as it is (folium.GeoJson would serialise 180 KB on every rerun)."""

    _template = Template("""
{% macro script(this, kwargs) %}
L.geoJson({{ this.data }}, {pane: {{ this.pane|tojson }}, interactive: false,
  style: {fillColor: "#f4f1ea", fillOpacity: 1, color: "#9c968a", weight: 0.8}}).addTo({{ this._parent.get_name() }});
{% endmacro %}
""")

    def __init__(self, name: str = "basemap_land.geojson"):
        super().__init__()
        self._name = "LandOutline"
        self.data = _land_outline_json(name)
        self.pane = FALLBACK_PANE


class CanvasRenderer(MacroElement):
    """One ``L.canvas`` renderer shared by the route legs and the points of a map with many points: one canvas
    hit-tests all of them (separate canvases would each swallow the clicks meant for those under them). It goes
    with the view's layers: removed with them, so no stale canvas is left over the next one's."""

    _template = Template("""
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = L.canvas({padding: 0.3});
{{ this._parent.get_name() }}.on("remove", function () { {{ this.get_name() }}.remove(); });
{% endmacro %}
""")

    def __init__(self):
        super().__init__()
        self._name = "CanvasRenderer"


class PlaceTable(_VerbatimScript):
    """The visible places once for every point layer (place_table): id, position, popup and tooltip head."""

    _template = Template("""
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = {{ this.payload }};
{% endmacro %}
""")

    def __init__(self, places: list[list]):
        super().__init__()
        self._name = "PlaceTable"
        self.payload = _script_json(places)


class PointLayer(_VerbatimScript):
    """The events of one category as an ``L.GeoJSON`` layer (the registry's layer): circle markers, or the
    ★ of a star layer, or an SVG square, triangle or diamond (mapapp.symbols), with one tooltip and one popup bound on the layer (content from each feature's escaped
    ``tooltip``/``popup``). Mode "svg" embeds a FeatureCollection; "canvas" and "cluster" embed the compact
    rows of points_json, expanded in the page with the shared PlaceTable into the same features, and draw the
    circles on one shared canvas (shared with the route legs); "cluster" puts them in an
    ``L.markerClusterGroup`` (a click on a pile of points at one place spreads them out): then the L.GeoJSON
    stays off the map with every feature (their clicks still reach it) and the cluster group, on the map, holds
    the markers (``filling`` while it places them in chunks, then it fires "filled")."""

    _template = Template("""
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = (function () {
  var until = {{ this.until|tojson }}, star = {{ this.star|tojson }};
  var canvas = {{ this.renderer.get_name() if this.renderer else "null" }};
  var look = {radius: 8, color: "#ffffff", weight: 2, opacity: 1, fill: true, fillColor: {{ this.color|tojson }},
              fillOpacity: 0.95};
  function style(feature) {
    if (!until) { return {}; }
    var done = feature.properties.date_start <= until;
    return {opacity: done ? 1.0 : 0.35, fillOpacity: done ? 0.95 : 0.3};
  }
  return L.geoJSON(null, {
    style: style,
    pointToLayer: function (feature, latlng) {
{% if this.star %}
      if (star) {
        var s = style(feature);
        return L.marker(latlng, {opacity: s.opacity === undefined ? 1 : s.opacity, icon: L.divIcon({
          html: '<div class="mapapp-star" style="color:' + look.fillColor + '" aria-hidden="true">\u2605</div>',
          iconSize: [34, 34],
          iconAnchor: [17, 19], className: "mapapp-star-icon"})});
      }
{% endif %}
{% if this.shape %}
      var q = style(feature);
      return L.marker(latlng, {opacity: q.opacity === undefined ? 1 : q.opacity, icon: L.divIcon({
        html: {{ this.shape|tojson }}, iconSize: [20, 20], iconAnchor: [10, 10],
        className: {{ ("mapapp-symbol mapapp-sym-" ~ this.symbol)|tojson }}})});
{% endif %}
      return new L.CircleMarker(latlng, canvas ? Object.assign({renderer: canvas}, look) : Object.assign({}, look));
    }
  });
})();
window.mapapp.layers[{{ this.category|tojson }}] = {{ this.get_name() }};
{% if this.mode != "cluster" %}{# clustered, the cluster group (on the map) carries them instead #}
{{ this.get_name() }}.bindTooltip(function (layer) { return layer.feature.properties.tooltip; },
                                  {sticky: true, className: "foliumtooltip"});
{{ this.get_name() }}.bindPopup(function (layer) { return layer.feature.properties.popup; },
                                {maxWidth: 320, className: "foliumpopup"});
{% endif %}
function {{ this.get_name() }}_add(data) { {{ this.get_name() }}.addData(data); }
{% if this.mode == "svg" %}
{{ this.get_name() }}_add({{ this.data|tojson }});
{{ this.get_name() }}.addTo({{ this._parent.get_name() }});
{% else %}
(function (d, t) {
  var features = new Array(d.events.length);
  for (var i = 0; i < d.events.length; i++) {
    var e = d.events[i], p = t[e[1]];
    features[i] = {type: "Feature", geometry: {type: "Point", coordinates: [p[1], p[2]]},
                   properties: {id: e[0], place_id: p[0], category: d.category, date_start: e[2], date_end: e[3],
                                tooltip: p[4] + e[4], popup: p[3]}};
  }
  {{ this.get_name() }}_add({type: "FeatureCollection", features: features});
})({{ this.payload }}, {{ this.table.get_name() }});
{% if this.mode == "cluster" %}
var {{ this.get_name() }}_cluster = L.markerClusterGroup({chunkedLoading: true, maxClusterRadius: 50,
  showCoverageOnHover: false,
  // "filling" while markers handed to it are still being placed in chunks, then "filled" (the report's filter
  // waits for it: a marker still queued would come back after being taken out)
  chunkProgress: function (done, total) {
    {{ this.get_name() }}_cluster.filling = done < total;
    if (done >= total) { {{ this.get_name() }}_cluster.fire("filled"); }
  },
  // the legs of a spread-out pile are SVG drawn over the canvas: not interactive, so clicks reach the points
  spiderLegPolylineOptions: {weight: 1.5, color: "#222", opacity: 0.5, interactive: false}});
{{ this.get_name() }}_cluster.bindTooltip(function (layer) { return layer.feature.properties.tooltip; },
                                          {sticky: true, className: "foliumtooltip"});
{{ this.get_name() }}_cluster.bindPopup(function (layer) { return layer.feature.properties.popup; },
                                        {maxWidth: 320, className: "foliumpopup"});
{{ this.get_name() }}_cluster.addLayers({{ this.get_name() }}.getLayers());
{{ this.get_name() }}_cluster.addTo({{ this._parent.get_name() }});
window.mapapp.clusters[{{ this.category|tojson }}] = {{ this.get_name() }}_cluster;
{% else %}
{{ this.get_name() }}.addTo({{ this._parent.get_name() }});
{% endif %}
{% endif %}
{% endmacro %}
""")

    def __init__(self, layer, data: dict | None, mode: str, until: date | None = None,
                 renderer: CanvasRenderer | None = None, table: PlaceTable | None = None, payload: str = ""):
        super().__init__()
        self._name = "geo_json"  # named like folium's GeoJson layers (page scripts and tests look for them)
        self.category = layer.id
        self.mode = mode
        self.data = data
        self.payload = payload
        self.table = table
        self.star = layer.symbol == "star"
        self.symbol = layer.symbol
        # square, triangle, diamond: an SVG marker (the circle is a circle marker, the star its ★ as before)
        self.shape = symbol_svg(layer.symbol, layer.color) if layer.symbol not in ("circle", "star") else ""
        self.color = layer.color
        self.until = until.isoformat() if until else None
        self.renderer = renderer
