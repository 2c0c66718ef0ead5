"""The interactive map's place labels (mapapp/maplabels.py): which names, in which order, escaped how."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from mapapp.filters import FilterOptions, apply
from mapapp.mapbuild import MapOptions, build_map
from mapapp.maplabels import label_rows
from mapapp.model import Event, Place, Story


def story() -> Story:
    places = (Place("a", "Alpha <b>", 40.0, 130.0), Place("b", "Beta `${x}`", 41.0, 131.0),
              Place("c", "Gamma {{ y }}", 42.0, 132.0))
    events = (Event("e1", "a", "journey_stop", "E1", date(2023, 9, 1)),
              Event("e2", "b", "journey_stop", "E2", date(2023, 9, 2)),
              Event("e3", "b", "journey_stop", "E3", date(2023, 9, 3)),
              Event("e4", "c", "summit", "E4", date(2023, 9, 4)))
    return Story(root=Path("/nonexistent"), places=places, events=events)


def test_rows_put_busier_places_first_and_escape_names():
    view = apply(story(), {}, FilterOptions())
    rows = label_rows(view)
    assert [r[3] for r in rows] == ["b", "a", "c"]  # b has two events; a before c (first-event order)
    assert rows[1][2] == "Alpha &lt;b&gt;"
    assert "`" not in rows[0][2] and "${" not in rows[0][2] and "{{" not in rows[2][2]
    assert label_rows(view, limit=1) == rows[:1]


def test_labels_layer_follows_the_view_and_the_option():
    s = story()
    shown = apply(s, {}, FilterOptions(layers=frozenset({"summit"})))
    html = build_map(s, shown).get_root().render()
    assert html.count("mapappLabels(") == 1 and "Gamma" in html and "Alpha" not in html
    assert "mapappLabels(window" not in build_map(s, shown, MapOptions(labels=False)).get_root().render()
    empty = apply(s, {}, FilterOptions(start=date(2030, 1, 1)))
    assert "mapappLabels(window" not in build_map(s, empty).get_root().render()
