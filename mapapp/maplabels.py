"""Place names on the interactive map and the report: a "Labels" layer whose names hide instead of overlapping.

:class:`LabelScript` (on the base map) loads mapapp/static/labels.js and labels.css; :func:`labels_group` (one
of the view's layers) holds :class:`PlaceLabels`, which draws the visible places' names when the group is on
the map and takes them off with it. The layer control lists the group as "Labels", so a reader can switch the
names off; labels.js hides a name that would overlap one of a busier place, after every zoom and pan, and the
names of places whose points are hidden (by the layer control or the report's date filter).
"""
from __future__ import annotations

from collections import Counter

import folium
from branca.element import MacroElement
from folium.elements import JSCSSMixin
from jinja2 import Template

from . import assets
from .view import View

#: Names on the map at most (the busiest places): more would only be hidden by the overlap test.
MAX_LABELS = 400
LAYER_NAME = "Labels"


class LabelScript(JSCSSMixin, MacroElement):
    """labels.js and labels.css on the base map (the labels themselves come with the view: PlaceLabels)."""

    _template = Template("{% macro script(this, kwargs) %}{% endmacro %}")

    def __init__(self):
        super().__init__()
        self._name = "LabelScript"
        self.default_js, self.default_css = assets.own_links("labels")


class PlaceLabels(MacroElement):
    """The names of the view's places, drawn by mapappLabels while the parent group is on the map."""

    _template = Template("""
{% macro script(this, kwargs) %}
(function (group) {
  var labels = null, places = {{ this.places|tojson }};
  function start() { if (!labels) { labels = mapappLabels(window.mapapp.map, places); window.mapapp.labels = labels; } }
  function stop() { if (labels) { labels.remove(); labels = null; window.mapapp.labels = null; } }
  group.on("add", start);
  group.on("remove", stop);
  if (window.mapapp.map.hasLayer(group)) { start(); }
})({{ this._parent.get_name() }});
{% endmacro %}
""")

    def __init__(self, places: list[list]):
        super().__init__()
        self._name = "PlaceLabels"
        self.places = places


def label_rows(view: View, limit: int = MAX_LABELS) -> list[list]:
    """[lat, lon, name, place id] per visible place, the most events first (ties: first-event order). Names
    are escaped by render.py (view.html; labels.js inserts them as markup, like the map's tooltips)."""
    counts = Counter(e.place_id for e in view.events)
    order = sorted(range(len(view.places)), key=lambda i: (-counts[view.places[i].id], i))[:limit]
    return [[view.places[i].lat, view.places[i].lon, view.html(view.places[i].name), view.places[i].id]
            for i in order]


def labels_group(view: View) -> folium.FeatureGroup:
    """The "Labels" layer of the view (shown; listed in the layer control)."""
    group = folium.FeatureGroup(name=LAYER_NAME, show=True)
    PlaceLabels(label_rows(view)).add_to(group)
    return group
