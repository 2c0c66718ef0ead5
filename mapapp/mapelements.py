"""The map's own Leaflet parts as folium elements: the registry page scripts use (``window.mapapp``), the land
outline, legend box, view state, canvas renderer, shared place table, point layers, direction arrows and the
journey player. mapbuild.py assembles them; their data comes from mapdata.py."""
from __future__ import annotations

import json
from datetime import date
from functools import cache

from branca.element import Element, MacroElement
from folium.elements import JSCSSMixin
from jinja2 import Template

from . import assets
from .mapdata import script_json
from .outlines import land_outline
from .symbols import symbol_svg

FALLBACK_PANE = "mapappLand"


@cache
def _land_outline_json(name: str = "basemap_land.geojson") -> str:
    return json.dumps(land_outline(name), ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")


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
    new selection; a route leg to bring into view, ``focus``, is fitted once per new leg). Put it first in the
    view's first group."""

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
    var key = JSON.stringify(bounds), here = JSON.stringify(selected), focus = {{ this.focus|tojson }};
    var focusKey = JSON.stringify(focus);
    if (selected && here !== reg.selectedAt) {
      map.setView(selected, Math.max(map.getZoom(), {{ this.zoom }}), {animate: false});
    }
{%- if this.focus %}
    else if (focusKey !== reg.focusedAt) {
      setTimeout(function () {
        window.mapappFit(map, focus, {maxZoom: 8});
        reg.fits = (reg.fits || 0) + 1;
      }, 0);
    }
{%- endif %}
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
    reg.focusedAt = focusKey;
  });
})({{ this._parent.get_name() }});
{% endmacro %}
""")

    def __init__(self, legend: str | None, bounds: list[list[float]] | None, selected: list[float] | None,
                 zoom: int = 5, focus: list[list[float]] | None = None):
        super().__init__()
        self._name = "ViewState"
        self.legend = legend
        self.bounds = bounds
        self.selected = selected
        self.zoom = zoom
        self.focus = focus


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


class Verbatim(Element):
    """Text that goes into the page as it is, not as a template."""

    def __init__(self, text: str):
        super().__init__()
        self.text = text

    def render(self, **kwargs) -> str:
        return self.text


class VerbatimScript(MacroElement):
    """A MacroElement whose script goes into the page verbatim: branca would compile it as a Jinja template,
    lexing every byte of the embedded data (about 80 ms per 10,000 points)."""

    def render(self, **kwargs):
        script = self._template.module.__dict__["script"]
        self.get_root().script.add_child(Verbatim(script(self, kwargs)), name=self.get_name())
        for element in self._children.values():
            element.render(**kwargs)


class LandOutline(VerbatimScript):
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


class PlaceTable(VerbatimScript):
    """The visible places once for every point layer (place_table): id, position, popup and tooltip head."""

    _template = Template("""
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = {{ this.payload }};
{% endmacro %}
""")

    def __init__(self, places: list[list]):
        super().__init__()
        self._name = "PlaceTable"
        self.payload = script_json(places)


class PointLayer(VerbatimScript):
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
