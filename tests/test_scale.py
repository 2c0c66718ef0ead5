"""Correctness at size (not timing; benchmarks/bench_scale.py measures): a 10,000-event synthetic story loads,
links, filters, draws and exports with every event, and the large-story drawing modes keep the data hooks."""
from __future__ import annotations

import json
import re
import sys
from datetime import date
from pathlib import Path

import pytest

from mapapp import cli, mapdata
from mapapp.filters import FilterOptions, apply
from mapapp.link import link_story
from mapapp.load import load_story
from mapapp.mapbuild import MapOptions, build_map
from mapapp.mapdata import place_popups, point_mode, points_compact, points_geojson
from mapapp.ui.panel import MAX_ROWS

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
from make_story import write_story  # noqa: E402

N = 10_000
PAYLOAD = re.compile(r'^\}\)\((\{"category":[^\n]*\}), place_table_\w+\);$', re.M)
TABLE = re.compile(r'^var place_table_\w+ = (\[[^\n]*\]);$', re.M)


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    root = write_story(tmp_path_factory.mktemp("scale") / "story", N)
    story = load_story(root)
    return root, story, link_story(story)


def expand(payload: dict, table: list) -> list[dict]:
    """What the page's point layer script (mapjs.point_layer) makes of a compact payload and the place table
    (the same loop, in Python)."""
    out = []
    for eid, i, start, end, dates in payload["events"]:
        pid, lon, lat, popup, head = table[i]
        out.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
                    "properties": {"id": eid, "place_id": pid, "category": payload["category"], "date_start": start,
                                   "date_end": end, "tooltip": head + dates, "popup": popup}})
    return out


def page_features(html: str) -> list[dict]:
    (table,) = [json.loads(t) for t in TABLE.findall(html)]
    return [f for p in PAYLOAD.findall(html) for f in expand(json.loads(p), table)]


def test_synthetic_story_is_deterministic_and_in_the_region(big, tmp_path):
    root, story, snippets = big
    assert len(story.events) == N and 100 <= len(story.places) <= 1000 and story.routes
    assert all(125 <= p.lon <= 140 and 38 <= p.lat <= 53 for p in story.places)
    again = write_story(tmp_path / "again", N)
    for rel in ("geodata/events.csv", "geodata/places.geojson", "seeds/a0000.txt"):
        assert (again / rel).read_bytes() == (root / rel).read_bytes()
    assert len(snippets) > len(story.places) // 2  # the articles' sentences name the places


def test_filter_keeps_exactly_the_overlapping_events(big):
    _, story, snippets = big
    start, end = date(2020, 3, 1), date(2021, 6, 30)
    layers = frozenset({"journey_stop", "summit", "rail_leg"})
    view = apply(story, snippets, FilterOptions(start=start, end=end, layers=layers))
    expected = {e.id for e in story.events if e.category in layers and e.overlaps(start, end)}
    assert {e.id for e in view.events} == expected and 0 < len(expected) < N
    assert [e.date_start for e in view.events] == sorted(e.date_start for e in view.events)
    for place in view.places:  # the per-place index agrees with a scan
        assert view.events_at(place.id) == tuple(e for e in view.events if e.place_id == place.id)


def test_map_page_carries_every_event_with_the_same_properties(big):
    _, story, snippets = big
    view = apply(story, snippets, FilterOptions())
    assert point_mode(len(view.events)) == "canvas"
    html = build_map(story, view, MapOptions(tiles="")).get_root().render()
    assert len(html.encode()) < 5_000_000
    assert "L.canvas(" in html and "L.markerClusterGroup(" not in html
    (table,) = [json.loads(t) for t in TABLE.findall(html)]
    payloads = [json.loads(m) for m in PAYLOAD.findall(html)]
    features = [f for p in payloads for f in expand(p, table)]
    assert sorted(f["properties"]["id"] for f in features) == sorted(e.id for e in story.events)
    popups = place_popups(story, view)
    for p in payloads:  # the compact form expands to exactly the GeoJSON features of the small-story mode
        assert expand(p, table) == points_geojson(story, view, p["category"], popups)["features"]
    # each place's popup is in the page once, not once per category of its events
    assert len(table) == len(view.places) and len({row[0] for row in table}) == len(table)
    crowded = max(view.places, key=lambda pl: len({e.category for e in view.events_at(pl.id)}))
    assert len({e.category for e in view.events_at(crowded.id)}) > 1
    assert html.count(json.dumps(popups[crowded.id], ensure_ascii=False)[1:-1].replace("</", "<\\/")) == 1


def test_joined_rows_are_the_compact_form_as_json(big):
    """points_json joins cached per-event rows; it is exactly the compact form encoded for the page."""
    _, story, snippets = big
    view = apply(story, snippets, FilterOptions(start=date(2020, 1, 1), end=date(2021, 12, 31)))
    rows = mapdata.event_rows(story)
    for category in ("journey_stop", "summit"):
        expected = mapdata.script_json(points_compact(story, view, category))
        assert mapdata.points_json(story, view, category, rows=rows) == expected
        assert mapdata.points_json(story, view, category) == expected


def test_popups_list_a_bounded_number_of_events(big):
    _, story, snippets = big
    view = apply(story, snippets, FilterOptions())
    crowded = max(view.places, key=lambda p: len(view.events_at(p.id)))
    n = len(view.events_at(crowded.id))
    assert n > mapdata.POPUP_EVENTS
    popup = place_popups(story, view)[crowded.id]
    assert popup.count("<li>") == mapdata.POPUP_EVENTS and f"and {n - mapdata.POPUP_EVENTS:,} more" in popup


def test_cluster_mode_adds_markercluster_from_the_package_and_registers_the_groups(big):
    _, story, snippets = big
    view = apply(story, snippets, FilterOptions(start=date(2023, 1, 1), end=date(2023, 12, 31)))
    m = build_map(story, view, MapOptions(tiles="", points="cluster"))
    assert "leaflet_markercluster" in dict(m.default_js) and "leaflet_markercluster_css" in dict(m.default_css)
    html = m.get_root().render()
    assert "L.markerClusterGroup(" in html and "https://" not in dict(m.default_js)["leaflet_markercluster"]
    assert re.search(r'window\.mapapp\.clusters\["journey_stop"\] = geo_json_\w+_cluster;', html)
    assert re.search(r'window\.mapapp\.layers\["journey_stop"\] = geo_json_\w+;', html)


@pytest.mark.parametrize("n, mode", [(0, "svg"), (mapdata.CANVAS_ABOVE, "svg"), (mapdata.CANVAS_ABOVE + 1, "canvas"),
                                     (mapdata.CLUSTER_ABOVE, "canvas"), (mapdata.CLUSTER_ABOVE + 1, "cluster")])
def test_point_mode_follows_the_count(n, mode):
    assert point_mode(n) == mode
    assert point_mode(n, "cluster") == "cluster"


def test_point_mode_rejects_unknown_names():
    with pytest.raises(ValueError, match="unknown point mode"):
        point_mode(10, "webgl")


def test_compact_payload_cannot_end_the_script_block():
    text = mapdata.script_json({"t": "</script><script>alert(1)</script><!-- \u2028\u2029"})
    assert "</" not in text and "<!--" not in text and "\u2028" not in text and "\u2029" not in text
    assert json.loads(text) == {"t": "</script><script>alert(1)</script><!-- \u2028\u2029"}


def test_points_compact_refers_to_the_shared_place_table(big):
    _, story, snippets = big
    view = apply(story, snippets, FilterOptions())
    table = mapdata.place_table(story, view, place_popups(story, view))
    assert len({p[0] for p in table}) == len(table) == len(view.places) <= len(story.places)
    data = points_compact(story, view, "journey_stop")
    assert len(data["events"]) == sum(e.category == "journey_stop" for e in story.events)
    assert all(table[i][0] == story.event_by_id[eid].place_id for eid, i, *_ in data["events"])


def test_exports_have_every_event(big, tmp_path, capsys):
    root, story, _ = big
    out = tmp_path / "all.geojson"
    assert cli.main(["export", "--story", str(root), "--format", "geojson", "--out", str(out)]) == 0
    doc = json.loads(out.read_text("utf-8"))
    points = [f for f in doc["features"] if f["geometry"]["type"] == "Point"]
    assert sorted(f["properties"]["id"] for f in points) == sorted(e.id for e in story.events)
    where = {p.id: [p.lon, p.lat] for p in story.places}
    assert all(f["geometry"]["coordinates"] == where[f["properties"]["place_id"]] for f in points)
    page = tmp_path / "all.html"
    assert cli.main(["export", "--story", str(root), "--out", str(page)]) == 0
    html = page.read_text("utf-8")
    ids = {f["properties"]["id"] for f in page_features(html)}
    assert ids == {e.id for e in story.events}


@pytest.mark.app
def test_dashboard_starts_and_filters_a_10k_story(big, monkeypatch):
    from streamlit.testing.v1 import AppTest

    root, story, snippets = big
    monkeypatch.setenv("MAPAPP_STORY", str(root))
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    listed = next(d.value for d in at.dataframe if "Snippets" in d.value.columns)
    assert len(listed) == MAX_ROWS < N  # the list under the map shows a page of rows, and says which
    shown = apply(story, snippets, FilterOptions(*at.date_input(key="date_range").value))
    total = len(shown.events)
    assert any(f"Rows 1–{MAX_ROWS:,} of {total:,} events" in c.value for c in at.caption)
    assert list(listed["Event"]) == [e.title for e in shown.events[:MAX_ROWS]]
    # every event can be reached: the other pages list the rest, in order, the last one the remainder
    pages = at.selectbox(key="event_page")
    assert len(pages.options) == -(-total // MAX_ROWS) > 1
    for page in (1, len(pages.options) - 1):
        at.selectbox(key="event_page").set_value(page).run()
        assert not at.exception, [e.message for e in at.exception]
        listed = next(d.value for d in at.dataframe if "Snippets" in d.value.columns)
        assert list(listed["Event"]) == [e.title for e in shown.events[page * MAX_ROWS:(page + 1) * MAX_ROWS]]
        first, last = page * MAX_ROWS + 1, min((page + 1) * MAX_ROWS, total)
        assert any(f"Rows {first:,}–{last:,} of {total:,} events" in c.value for c in at.caption)
    start, end = date(2019, 1, 1), date(2019, 3, 31)
    at.date_input(key="date_range").set_value((start, end)).run()
    assert not at.exception, [e.message for e in at.exception]
    shown = next(re.search(r"Showing \*\*(\d+)\*\* of (\d+) events", c.value) for c in at.caption
                 if "Showing" in c.value)
    layers = {c for c in ("journey_stop", "summit", "earlier_summit", "later_summit", "rail_leg", "reported_place")}
    expected = apply(story, snippets, FilterOptions(start=start, end=end, layers=frozenset(layers)))
    assert (int(shown.group(1)), int(shown.group(2))) == (len(expected.events), N)
    listed = next(d.value for d in at.dataframe if "Snippets" in d.value.columns)
    assert list(listed["Event"]) == [e.title for e in expected.events] and len(listed) < MAX_ROWS
