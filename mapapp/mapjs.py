"""The map's own Leaflet script, as text: one function per part (the ``window.mapapp`` registry, land outline,
legend box, view state, canvas renderer, shared place table, route legs, direction arrows, point layers, place
labels, journey player), each given the JavaScript names of what it is added to and refers to.

Pure: no folium, branca or Jinja, so the HTML report (mapapp/export/leafletmap.py) writes its map without them;
the dashboard's folium elements (mapelements.py) call the same functions. Data goes in as :func:`tojson` (or as
JSON made safe for a <script> by mapdata.script_json); story text in it comes escaped from the view.
"""
from __future__ import annotations

import json

#: The land outline's pane: under the tiles, so the map stays readable where tiles fail.
FALLBACK_PANE = "mapappLand"
#: Class names of tooltips and popups (Leaflet's look as folium styles it; the report's CSS and tests use them).
TOOLTIP_CLASS = "foliumtooltip"
POPUP_CLASS = "foliumpopup"


def tojson(value) -> str:
    """JSON that is safe inside a <script> and an HTML attribute: ``<``, ``>``, ``&`` and ``'`` as \\u escapes,
    keys sorted (what Jinja's ``tojson`` filter writes)."""
    return (json.dumps(value, sort_keys=True).replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("&", "\\u0026").replace("'", "\\u0027"))


def registry(map_name: str) -> str:
    """``window.mapapp = {map, layers: {category: L.GeoJSON}, clusters: {category: L.MarkerClusterGroup}}``: the
    map for page scripts (the report's, the journey player's, the tests'); the view's layers fill the rest."""
    return f"window.mapapp = {{map: {map_name}, layers: {{}}, clusters: {{}}}};\n"


def register(key: str, layer_name: str) -> str:
    return f"window.mapapp.layers[{tojson(key)}] = {layer_name};\n"


def land(map_name: str, outline_json: str, pane: str = FALLBACK_PANE) -> str:
    """The land outline in its own pane, not interactive (``outline_json``: script-safe GeoJSON text)."""
    return (f"L.geoJson({outline_json}, {{pane: {tojson(pane)}, interactive: false,\n"
            f'  style: {{fillColor: "#f4f1ea", fillOpacity: 1, color: "#9c968a", weight: 0.8}}}})'
            f".addTo({map_name});\n")


def legend_box(map_name: str) -> str:
    """The legend's box (bottom right), empty and hidden until the view state fills it."""
    return """(function() {
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
  legend.addTo(%s);
})();
""" % map_name


def view_state(group: str, legend: str | None, bounds, selected, zoom: int = 5, focus=None) -> str:
    """Run when the view's layers are added: empties the registry's layers (they register themselves again),
    fills the legend, and fits the map to what is shown when that changed (not while a place is selected: the
    map centres on it, once per new selection; a leg to bring into view, ``focus``, is fitted once per leg)."""
    fill = ""
    if legend is not None:
        fill = f"""
      div.innerHTML = {tojson(legend)};
      div.style.display = div.innerHTML ? "" : "none";
      if (window.matchMedia && window.matchMedia("(max-width: 600px)").matches) {{  // a phone: folded, off the map
        var open = div.querySelector("details[open]");
        if (open) {{ open.removeAttribute("open"); }}
      }}"""
    focus_fit = """
    else if (focusKey !== reg.focusedAt) {
      setTimeout(function () {
        window.mapappFit(map, focus, {maxZoom: 8});
        reg.fits = (reg.fits || 0) + 1;
      }, 0);
    }""" if focus else ""
    bounds_fit = f"""
    else if (!selected && key !== reg.fittedTo) {{
      // once the player and the layer control are on the map too (they are added after this group)
      setTimeout(function () {{
        window.mapappFit(map, {tojson(bounds)}, {{maxZoom: 8}});
        reg.fits = (reg.fits || 0) + 1;
      }}, 0);
    }}""" if bounds else ""
    return f"""(function (group) {{
  var reg = window.mapapp, map = reg.map, bounds = {tojson(bounds)}, selected = {tojson(selected)};
  reg.layers = {{}};
  reg.clusters = {{}};
  group.on("add", function () {{
    var div = reg.legend;
    if (div) {{{fill}
    }}
    var key = JSON.stringify(bounds), here = JSON.stringify(selected), focus = {tojson(focus)};
    var focusKey = JSON.stringify(focus);
    if (selected && here !== reg.selectedAt) {{
      map.setView(selected, Math.max(map.getZoom(), {int(zoom)}), {{animate: false}});
    }}{focus_fit}{bounds_fit}
    reg.fittedTo = key;
    reg.selectedAt = here;
    reg.focusedAt = focusKey;
  }});
}})({group});
"""


def canvas(name: str, group: str) -> str:
    """One ``L.canvas`` renderer shared by the legs and points of a map with many points (one canvas hit-tests
    all of them), removed with the view's layers."""
    return (f"var {name} = L.canvas({{padding: 0.3}});\n"
            f'{group}.on("remove", function () {{ {name}.remove(); }});\n')


def place_table(name: str, payload: str) -> str:
    """The visible places once for every point layer (``payload``: script-safe JSON of mapdata.place_table)."""
    return f"var {name} = {payload};\n"


def ring(group: str, lat: float, lon: float) -> str:
    """The ring around the selected place."""
    return (f"L.circleMarker({tojson([lat, lon])}, {{radius: 16, color: \"#000\", weight: 3, fill: false, "
            f"interactive: false}}).addTo({group});\n")


def halo(group: str, lines) -> str:
    """The wide faint line under the selected leg (``lines``: its lines as [[lon, lat], …])."""
    return "".join(f"L.polyline({tojson([[lat, lon] for lon, lat in line])}, {{color: \"#000\", weight: 13, "
                   f"opacity: 0.3, interactive: false, className: \"mapapp-leg-halo\"}}).addTo({group});\n"
                   for line in lines)


def legs(name: str, group: str, data: dict, until: str | None, approximate_color: str,
         renderer: str | None = None) -> str:
    """The legs of one route layer as an ``L.GeoJSON`` (the registry's layer): each in its colour and dash,
    faint when it comes after ``until`` (journey playback), the approximate parts dotted in
    ``approximate_color``; wider under the mouse; a sticky tooltip with the leg's escaped ``tooltip``."""
    return f"""var {name} = (function () {{
  var until = {tojson(until)};
  function style(feature) {{
    var p = feature.properties, done = !until || p.date_start <= until;
    if (p.approximate) {{
      return {{color: {tojson(approximate_color)}, dashArray: "1 7", lineCap: "round", weight: 2.5,
              opacity: done ? 0.95 : 0.3}};
    }}
    return {{color: p.color, dashArray: p.dash, weight: until && done ? 6 : 4, opacity: done ? 0.95 : 0.3}};
  }}
  var layer = L.geoJson(null, {{style: style{", renderer: " + renderer if renderer else ""},
    onEachFeature: function (feature, leg) {{
      leg.on({{
        mouseover: function (e) {{ e.target.setStyle({{weight: feature.properties.approximate ? 3 : 7}}); }},
        mouseout: function (e) {{ layer.resetStyle(e.target); }}
      }});
    }}}});
  layer.addData({tojson(data)});
  layer.bindTooltip(function (leg) {{
    var div = L.DomUtil.create("div");
    div.innerHTML = leg.feature.properties.tooltip;
    return div;
  }}, {{sticky: true, className: {tojson(TOOLTIP_CLASS)}}});
  return layer;
}})();
{name}.addTo({group});
"""


def arrows(group: str, data: dict) -> str:
    """Small rotated arrows along the legs showing the direction of travel."""
    return """L.geoJSON(%s, {
  pointToLayer: function (feature, latlng) {
    var p = feature.properties;
    var color = /^#[0-9a-fA-F]{6}$/.test(p.color) ? p.color : "#333";
    return L.marker(latlng, {interactive: false, keyboard: false, icon: L.divIcon({
      className: "mapapp-arrow", iconSize: [16, 16], iconAnchor: [8, 8],
      html: '<svg width="16" height="16" viewBox="0 0 16 16" style="transform:rotate(' + (Number(p.bearing) - 90) +
            'deg)"><path d="M3 2 L14 8 L3 14 L6 8 z" fill="' + color + '" stroke="#fff" stroke-width="1.2"/></svg>'
    })});
  }
}).addTo(%s);
""" % (tojson(data), group)


def point_layer(name: str, group: str, category: str, mode: str, color: str, *, star: bool = False,
                shape: str = "", symbol: str = "circle", corners=(), until: str | None = None,
                renderer: str | None = None, data: dict | None = None, payload: str = "",
                table: str | None = None) -> str:
    """The events of one category as an ``L.GeoJSON`` layer (the registry's layer): circle markers, or the ★ of
    a star layer, or an SVG ``shape`` (mapapp.symbols), with one tooltip and one popup bound on the layer (each
    feature's escaped ``tooltip``/``popup``). Mode "svg" embeds the FeatureCollection ``data``; "canvas" and
    "cluster" embed the compact rows ``payload`` (mapdata.points_json), expanded in the page with the shared
    place ``table`` into the same features, and draw the circles, or the symbol's ``corners``
    (static/symbols.js), on the shared canvas ``renderer``; "cluster"
    puts them in an ``L.markerClusterGroup`` (a click on a pile of points at one place spreads them out): then
    the L.GeoJSON stays off the map with every feature (their clicks still reach it) and the cluster group, on
    the map, holds the markers (``filling`` while it places them in chunks, then it fires "filled")."""
    star_js = """
      if (star) {
        var s = style(feature);
        return L.marker(latlng, {opacity: s.opacity === undefined ? 1 : s.opacity, icon: L.divIcon({
          html: '<div class="mapapp-star" style="color:' + look.fillColor + '" aria-hidden="true">\u2605</div>',
          iconSize: [34, 34],
          iconAnchor: [17, 19], className: "mapapp-star-icon"})});
      }""" if star else ""
    shape_js = f"""
      var q = style(feature);
      return L.marker(latlng, {{opacity: q.opacity === undefined ? 1 : q.opacity, icon: L.divIcon({{
        html: {tojson(shape)}, iconSize: [20, 20], iconAnchor: [10, 10],
        className: {tojson("mapapp-symbol mapapp-sym-" + symbol)}}})}});""" if shape else ""
    canvas_js = f"""
      if (canvas) {{
        return new L.MapappSymbol(latlng, Object.assign({{renderer: canvas, corners: {tojson(list(corners))}}}, look));
      }}""" if corners and renderer else ""
    bind = _bind_tooltip_popup(name)
    head = f"""var {name} = (function () {{
  var until = {tojson(until)}, star = {tojson(star)};
  var canvas = {renderer or "null"};
  var look = {{radius: 8, color: "#ffffff", weight: 2, opacity: 1, fill: true, fillColor: {tojson(color)},
              fillOpacity: 0.95}};
  function style(feature) {{
    if (!until) {{ return {{}}; }}
    var done = feature.properties.date_start <= until;
    return {{opacity: done ? 1.0 : 0.35, fillOpacity: done ? 0.95 : 0.3}};
  }}
  return L.geoJSON(null, {{
    style: style,
    pointToLayer: function (feature, latlng) {{{canvas_js}{star_js}{shape_js}
      return new L.CircleMarker(latlng, canvas ? Object.assign({{renderer: canvas}}, look) : Object.assign({{}}, look));
    }}
  }});
}})();
window.mapapp.layers[{tojson(category)}] = {name};
{bind if mode != "cluster" else ""}function {name}_add(data) {{ {name}.addData(data); }}
"""
    if mode == "svg":
        return head + f"{name}_add({tojson(data)});\n{name}.addTo({group});\n"
    head += f"""(function (d, t) {{
  var features = new Array(d.events.length);
  for (var i = 0; i < d.events.length; i++) {{
    var e = d.events[i], p = t[e[1]];
    features[i] = {{type: "Feature", geometry: {{type: "Point", coordinates: [p[1], p[2]]}},
                   properties: {{id: e[0], place_id: p[0], category: d.category, date_start: e[2], date_end: e[3],
                                tooltip: p[4] + e[4], popup: p[3]}}}};
  }}
  {name}_add({{type: "FeatureCollection", features: features}});
}})({payload}, {table});
"""
    if mode != "cluster":
        return head + f"{name}.addTo({group});\n"
    cluster = f"{name}_cluster"
    return head + f"""var {cluster} = L.markerClusterGroup({{chunkedLoading: true, maxClusterRadius: 50,
  showCoverageOnHover: false,
  // "filling" while markers handed to it are still being placed in chunks, then "filled" (the report's filter
  // waits for it: a marker still queued would come back after being taken out)
  chunkProgress: function (done, total) {{
    {cluster}.filling = done < total;
    if (done >= total) {{ {cluster}.fire("filled"); }}
  }},
  // the legs of a spread-out pile are SVG drawn over the canvas: not interactive, so clicks reach the points
  spiderLegPolylineOptions: {{weight: 1.5, color: "#222", opacity: 0.5, interactive: false}}}});
{_bind_tooltip_popup(cluster)}{cluster}.addLayers({name}.getLayers());
{cluster}.addTo({group});
window.mapapp.clusters[{tojson(category)}] = {cluster};
"""


def _bind_tooltip_popup(name: str) -> str:
    return (f"{name}.bindTooltip(function (layer) {{ return layer.feature.properties.tooltip; }},\n"
            f"  {{sticky: true, className: {tojson(TOOLTIP_CLASS)}}});\n"
            f"{name}.bindPopup(function (layer) {{ return layer.feature.properties.popup; }},\n"
            f"  {{maxWidth: 320, className: {tojson(POPUP_CLASS)}}});\n")


def place_labels(group: str, places: list[list]) -> str:
    """The names of the view's places (maplabels.label_rows), drawn by mapappLabels (static/labels.js) while
    ``group`` is on the map."""
    return f"""(function (group) {{
  var labels = null, places = {tojson(places)};
  function start() {{ if (!labels) {{ labels = mapappLabels(window.mapapp.map, places); window.mapapp.labels = labels; }} }}
  function stop() {{ if (labels) {{ labels.remove(); labels = null; window.mapapp.labels = null; }} }}
  group.on("add", start);
  group.on("remove", stop);
  if (window.mapapp.map.hasLayer(group)) {{ start(); }}
}})({group});
"""


def playback(group: str, data: dict) -> str:
    """The journey player (static/playback.js), made when ``group`` is added, removed with it."""
    return f"""(function (group) {{
  var player = null;
  group.on("add", function () {{ player = mapappPlayback(window.mapapp.map, {tojson(data)}); }});
  group.on("remove", function () {{ if (player) {{ player.remove(); player = null; }} }});
}})({group});
"""
