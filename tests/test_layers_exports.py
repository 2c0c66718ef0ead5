"""The layered story (its own layers: Protest squares, Arrests triangles, a road march, an air flight with no
geometry) through every export, the example story folder, and the dashboard's sidebar (AppTest)."""
from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from markdown_support import shown_text

from mapapp import journey
from mapapp.export import export
from mapapp.export.kml import SYMBOL_HREF, kml_color
from mapapp.export.report import report_data
from mapapp.filters import FilterOptions, apply
from mapapp.geometry import geod
from mapapp.link import link_story
from mapapp.load import load_story
from mapapp.mapbuild import MapOptions, build_map
from story_factory import LAYERED_STORY_JSON, write_layered_story

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "putin-2024"
KML = "{http://www.opengis.net/kml/2.2}"
LABELS = {d["id"]: d["label"] for d in LAYERED_STORY_JSON["layers"]}
COLOURS = {d["id"]: d["color"].lower() for d in LAYERED_STORY_JSON["layers"]}


@pytest.fixture
def layered(tmp_path):
    story = load_story(write_layered_story(tmp_path))
    return story, apply(story, link_story(story), FilterOptions())


def geodesic_km(story, a, b) -> float:
    pa, pb = story.place_by_id[a], story.place_by_id[b]
    return geod().inv(pa.lon, pa.lat, pb.lon, pb.lat)[2] / 1000


def test_geojson_carries_layer_labels_colours_symbols_and_the_flight_arc(layered):
    story, view = layered
    doc = json.loads(export(story, view, FilterOptions(), "geojson"))
    points = {f["properties"]["id"]: f["properties"] for f in doc["features"] if f["geometry"]["type"] == "Point"}
    assert {(p["category"], p["layer"], p["color"], p["symbol"]) for p in points.values()} == {
        ("protest", "Protest", COLOURS["protest"], "square"), ("arrests", "Arrests", COLOURS["arrests"], "triangle")}
    legs = {f["properties"]["id"]: f for f in doc["features"] if f["geometry"]["type"] != "Point"}
    flight, march = legs["r_flight"], legs["r_march"]
    assert (flight["properties"]["layer"], flight["properties"]["mode"], flight["properties"]["drawn"]) == (
        "Flight", "air", False)
    assert (march["properties"]["layer"], march["properties"]["mode"], "drawn" in march["properties"]) == (
        "March", "road", False)
    coords = flight["geometry"]["coordinates"]
    assert flight["geometry"]["type"] == "LineString" and len(coords) > 100, "the arc is exported as geometry"
    cdg, fdf = story.place_by_id["cdg"], story.place_by_id["fdf"]
    assert coords[0] == [cdg.lon, cdg.lat] and coords[-1] == [fdf.lon, fdf.lat]
    expected = geodesic_km(story, "cdg", "fdf")
    assert flight["properties"]["length_km"] == pytest.approx(expected, rel=0.01)
    # the arc bends north of the straight line in longitude/latitude, as a great circle Paris → Caribbean does
    middle = coords[len(coords) // 2]
    assert middle[1] > (cdg.lat + fdf.lat) / 2 + 3


def test_kml_has_a_folder_and_style_per_layer_with_its_colour_and_symbol(layered):
    story, view = layered
    root = ET.fromstring(export(story, view, FilterOptions(), "kml").encode())
    folders = {f.findtext(f"{KML}name"): f for f in root.iter(f"{KML}Folder")}
    assert set(folders) == {"March", "Flight", "Protest", "Arrests"}
    styles = {s.get("id"): s for s in root.iter(f"{KML}Style")}
    for layer in ("protest", "arrests"):
        marks = folders[LABELS[layer]].findall(f"{KML}Placemark")
        assert marks
        style = styles[marks[0].findtext(f"{KML}styleUrl").lstrip("#")]
        assert style.findtext(f"{KML}IconStyle/{KML}color") == kml_color(COLOURS[layer])
        symbol = next(d["symbol"] for d in LAYERED_STORY_JSON["layers"] if d["id"] == layer)
        assert style.findtext(f"{KML}IconStyle/{KML}Icon/{KML}href") == SYMBOL_HREF[symbol]
    (flight,) = folders["Flight"].findall(f"{KML}Placemark")
    data = {d.get("name"): d.findtext(f"{KML}value") for d in flight.iter(f"{KML}Data")}
    assert data["mode"] == "air" and data["layer"] == "Flight" and data["geometry"].startswith("great circle")
    line = flight.find(f".//{KML}LineString/{KML}coordinates").text.split()
    assert len(line) > 100
    assert styles[flight.findtext(f"{KML}styleUrl").lstrip("#")].findtext(
        f"{KML}LineStyle/{KML}color") == kml_color(COLOURS["flight"])


def test_csv_names_each_events_layer_colour_and_symbol(layered):
    story, view = layered
    rows = list(csv.DictReader(io.StringIO(export(story, view, FilterOptions(), "csv"))))
    assert {(r["category"], r["layer"], r["color"], r["symbol"]) for r in rows} == {
        ("protest", "Protest", COLOURS["protest"], "square"), ("arrests", "Arrests", COLOURS["arrests"], "triangle")}


def test_html_report_uses_the_storys_labels_colours_symbols_periods_and_draws_the_arc(layered):
    story, view = layered
    doc = export(story, view, FilterOptions(), "html")
    for name in ("April", "First week"):  # the story's periods are the report's presets
        assert re.search(rf'class="report-preset"[^>]*>{name}</button>', doc)
    for label in ("Protest", "Arrests", "March", "Flight"):
        assert label in doc
    assert "mapapp-sym-square" in doc and "mapapp-sym-triangle" in doc
    for layer in ("protest", "arrests"):  # the symbols in the layer's colour (inside the map's JSON: quotes escaped)
        assert re.search(r'fill=\\?"' + COLOURS[layer], doc), layer
    assert "rail leg" not in doc and "summit" not in doc.lower()
    assert "by road and air" in doc  # the totals name the legs' modes
    data = report_data(story, view)
    assert {c[0]: c[1:] for c in data["categories"]} == {"protest": ["Protest", COLOURS["protest"]],
                                                         "arrests": ["Arrests", COLOURS["arrests"]]}
    assert data["routes"] == ["march", "flight"] and data["legNoun"] == "leg"
    # the flight is drawn as its arc: its great-circle midpoint is among the map's coordinates
    lon, lat, _ = geod().fwd(story.place_by_id["cdg"].lon, story.place_by_id["cdg"].lat,
                           geod().inv(story.place_by_id["cdg"].lon, story.place_by_id["cdg"].lat,
                                    story.place_by_id["fdf"].lon, story.place_by_id["fdf"].lat)[0],
                           geodesic_km(story, "cdg", "fdf") * 500)
    arc = next(r for r in story.routes if r.id == "r_flight").lines[0]
    assert min(abs(x - lon) + abs(y - lat) for x, y in arc) < 0.5
    assert f"[{arc[len(arc) // 2][0]}, {arc[len(arc) // 2][1]}]" in doc or \
        f"[{arc[len(arc) // 2][0]},{arc[len(arc) // 2][1]}]" in doc


def test_the_map_legend_and_player_follow_the_layers(layered):
    story, view = layered
    html = build_map(story, view, MapOptions(tiles="", playback=True)).get_root().render()
    assert "mapapp-sym-square" in html and "mapapp-sym-triangle" in html
    data = journey.playback_data(story, view.routes, str)
    assert [leg["mode"] for leg in data["legs"]] == ["road", "air"]
    assert data["routes"] == ["march", "flight"] and set(data["icons"]) >= {"rail", "air", "sea", "road", "foot"}
    assert "by road and air" in data["summary"]
    # the plane's time on the map is not held to a train's speed: its 6,850 km fit in its one day
    flight = next(leg for leg in data["legs"] if leg["mode"] == "air")
    assert flight["end"] - flight["start"] <= 1.0 + 1e-9


def test_journey_figures_give_km_per_day_per_mode_not_mixed(layered):
    from mapapp.ui.journey import figures_frame

    story, _ = layered
    frame = figures_frame(story)
    assert list(frame["How"][:2]) == ["by road", "by air"]
    subtotals = frame[frame["Leg"].str.startswith("All legs")]
    assert list(subtotals["How"]) == ["by road", "by air"] and subtotals["km/day"].notna().all()
    total = frame.iloc[-1]
    assert total["Leg"].startswith("Total") and total["How"] == "by road and air"
    assert total["km/day"] is None or total["km/day"] != total["km/day"]  # left empty (None/NaN) across modes


# --- the example story -------------------------------------------------------------------------------

def test_the_example_story_validates_with_its_own_layers_and_air_legs():
    story = load_story(EXAMPLE)
    assert not story.warnings, [str(w) for w in story.warnings]
    assert {layer.id for layer in story.layers} == {"flight", "airport", "welcome", "talks", "visit",
                                                    "reported_place"}
    assert not {"journey_stop", "summit", "rail_leg"} & {e.category for e in story.events}
    assert [p.label for p in story.periods] == ["Yakutsk and North Korea (18–19 June)", "Vietnam (20 June)"]
    assert {r.mode for r in story.routes} == {"air"} and not any(r.drawn for r in story.routes)
    for leg in story.routes:
        assert journey.leg_km(leg) == pytest.approx(geodesic_km(story, leg.from_place, leg.to_place), rel=0.01)
    for e in story.events:  # dated, sourced, at a site of the story
        assert e.sources and all(s.startswith("https://") for s in e.sources) and e.place_id in story.place_by_id
        assert "2024-06-18" <= e.date_start.isoformat() <= "2024-06-20"
    assert {p.kind for p in story.places} <= {"airport", "square", "venue", "monument", "church"}


def test_the_example_story_renders_in_every_format():
    story = load_story(EXAMPLE)
    view = apply(story, link_story(story), FilterOptions())
    html = export(story, view, FilterOptions(), "html")
    assert "Welcome ceremony" in html and "Talks and signings" in html and "by air" in html
    assert "mapapp-sym-square" in html and "mapapp-sym-diamond" in html and "mapapp-star" in html
    assert len(view.snippets) >= 5, "the summary article names the sites"
    for fmt in ("geojson", "kml", "csv"):
        assert "Kim Il Sung Square" in export(story, view, FilterOptions(), fmt)


# --- the dashboard on the layered story (AppTest) ------------------------------------------------------

def test_the_sidebar_lists_the_storys_own_layers(tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("MAPAPP_STORY", str(write_layered_story(tmp_path)))
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    labels = [c.label for c in at.sidebar.checkbox]
    assert labels[:4] == ["March", "Flight", "Protest", "Arrests"]
    assert not any("summit" in label.lower() or "rail" in label.lower() for label in labels)
    assert [o for o in at.radio(key="preset").options][:2] == ["April", "First week"]
    assert any("2 legs" in c.value for c in at.caption)
    at.sidebar.checkbox(key="layers_protest").uncheck().run()
    assert any("**1** of 3 events" in c.value for c in at.caption)


def test_a_story_outside_the_regional_outline_gets_the_world_outline(layered):
    from mapapp.mapbuild import outline_for
    from mapapp.outlines import land_outline

    story, view = layered
    assert outline_for(story) == "basemap_world.geojson"
    assert outline_for(load_story(ROOT)) == outline_for(load_story(EXAMPLE)) == "basemap_land.geojson"
    names = {f["properties"]["name"] for f in land_outline("basemap_world.geojson")["features"]}
    assert {"France", "Brazil", "North Korea"} <= names
    html = build_map(story, view, MapOptions(tiles="")).get_root().render()
    assert '"name":"France"' in html, "offline, Paris is drawn on land"


def test_hostile_layer_labels_come_out_as_text_in_every_export(tmp_path):
    evil = "<img src=x onerror=alert(1)> `${alert(2)}` {{ 7*7 }}"
    meta = {**LAYERED_STORY_JSON, "layers": [{**d, "label": f"{d['label']} {evil}"} for d in
                                            LAYERED_STORY_JSON["layers"]]}
    story = load_story(write_layered_story(tmp_path, story_json=meta))
    view = apply(story, link_story(story), FilterOptions())
    html = export(story, view, FilterOptions(), "html")
    decoded = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), html)
    assert "<img src=x" not in decoded and "&lt;img src=x onerror=alert(1)&gt;" in decoded
    assert "${alert(2)}" not in decoded and "{{ 7*7 }}" not in decoded
    root = ET.fromstring(export(story, view, FilterOptions(), "kml").encode())
    assert {f.findtext(f"{KML}name") for f in root.iter(f"{KML}Folder")} == {f"{n} {evil}" for n in LABELS.values()}
    rows = list(csv.DictReader(io.StringIO(export(story, view, FilterOptions(), "csv"))))
    assert {r["layer"] for r in rows} == {f"Protest {evil}", f"Arrests {evil}"}


def test_the_dashboard_runs_on_the_example_story(monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("MAPAPP_STORY", str(EXAMPLE))
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    at.run()
    assert not at.exception and not at.error, [e.message for e in at.exception]
    assert shown_text(at.title[0].value) == load_story(EXAMPLE).title  # the title is Markdown-escaped
    shown = [re.sub(r"\\(.)", r"\1", c.label) for c in at.sidebar.checkbox]  # Markdown-escaped labels
    assert shown[:5] == ["Flight", "Arrival or departure", "Welcome ceremony", "Talks and signings",
                         "Visit or wreath-laying"]
    assert any("of 2 flights" in c.value for c in at.caption)
    assert any("plays the plane" in c.value for c in at.caption)
    at.radio(key="preset").set_value("Vietnam (20 June)").run()
    assert any("**6** of 15 events" in c.value for c in at.caption)
