"""Place names on the interactive map and the report: a "Labels" layer whose names hide instead of overlapping.

The map plan (mapplan.py) makes it one of the view's layers, drawn by mapapp/static/labels.js
(mapjs.place_labels) while the group is on the map and taken off with it. The layer control lists the group as
"Labels", so a reader can switch the names off; labels.js hides a name that would overlap one of a busier place, after every zoom and pan, and the
names of places whose points are hidden (by the layer control or the report's date filter).
"""
from __future__ import annotations

from collections import Counter

from .view import View

#: Names on the map at most (the busiest places): more would only be hidden by the overlap test.
MAX_LABELS = 400
LAYER_NAME = "Labels"


def label_rows(view: View, limit: int = MAX_LABELS) -> list[list]:
    """[lat, lon, name, place id] per visible place, the most events first (ties: first-event order). Names
    are escaped by render.py (view.html; labels.js inserts them as markup, like the map's tooltips)."""
    counts = Counter(e.place_id for e in view.events)
    order = sorted(range(len(view.places)), key=lambda i: (-counts[view.places[i].id], i))[:limit]
    return [[view.places[i].lat, view.places[i].lon, view.html(view.places[i].name), view.places[i].id]
            for i in order]

