"""Story-declared layers (issue 12): parsing, validation, defaults, colours, periods and air legs."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from mapapp import colors, layers
from mapapp.errors import StoryInvalid
from mapapp.filters import FilterOptions, apply, presets
from mapapp.geometry import geod, great_circle
from mapapp.journey import leg_km
from mapapp.link import link_story
from mapapp.load import load_story
from story_factory import (LAYERED_STORY_JSON, assert_problem, event, layered_events, problems_of,
                           write_layered_story, write_story)

META = "geodata/story.json"


def parse(value):
    problems, warnings = [], []
    out = layers.parse_layers(value, Path(META), problems, warnings)
    return out, problems, warnings


def test_without_layers_the_defaults_apply(tmp_path):
    story = load_story(write_story(tmp_path))
    assert [layer.id for layer in story.layers] == [*(d.id for d in layers.default_layers()), layers.REPORTED]
    assert story.layer("summit").symbol == "star" and story.layer("rail_leg").mode == "rail"


def test_the_layered_story_loads_with_its_own_layers(tmp_path):
    story = load_story(write_layered_story(tmp_path))
    assert [layer.id for layer in story.layers] == ["march", "flight", "protest", "arrests", layers.REPORTED]
    assert [(layer.label, layer.symbol) for layer in story.point_layers] == [
        ("Protest", "square"), ("Arrests", "triangle"), ("Reported place", "circle")]
    assert {leg.id: leg.mode for leg in story.routes} == {"r_march": "road", "r_flight": "air"}
    assert story.layer("protest").color == "#d62728"
    assert presets(story) == {"April": (date(2026, 4, 1), date(2026, 4, 30)),
                              "First week": (date(2026, 4, 1), date(2026, 4, 7)), "All": (None, None)}


def test_an_air_leg_without_geometry_is_the_great_circle_with_the_geodesic_length(tmp_path):
    story = load_story(write_layered_story(tmp_path))
    flight = next(leg for leg in story.routes if leg.id == "r_flight")
    assert not flight.drawn and len(flight.lines) == 1 and len(flight.lines[0]) > 100  # densified
    cdg, fdf = story.place_by_id["cdg"], story.place_by_id["fdf"]
    assert flight.lines[0][0] == (cdg.lon, cdg.lat) and flight.lines[0][-1] == (fdf.lon, fdf.lat)
    geodesic = geod().inv(cdg.lon, cdg.lat, fdf.lon, fdf.lat)[2] / 1000
    assert leg_km(flight) == pytest.approx(geodesic, rel=0.01)
    assert 6800 < geodesic < 6900  # Paris–Martinique is about 6,850 km


def test_a_great_circle_over_the_antimeridian_is_split_there():
    lines = great_circle((174.79, -41.33), (-149.57, -17.55))  # Wellington → Papeete
    assert len(lines) == 2
    assert lines[0][-1][0] == 180.0 and lines[1][0][0] == -180.0 and lines[0][-1][1] == lines[1][0][1]
    assert all(abs(lon) <= 180 for line in lines for lon, _ in line)
    assert all(abs(a[0] - b[0]) < 10 for line in lines for a, b in zip(line, line[1:]))


def test_an_undeclared_category_is_named_with_file_line_and_the_declared_ids(tmp_path):
    root = write_layered_story(tmp_path, events=[*layered_events(), event("e_x", "paris_bastille", "strike")])
    assert_problem(problems_of(root), "geodata/events.csv", "line 5 (id 'e_x')",
                   r"category 'strike' is not a point layer of the story \(geodata/story.json declares "
                   r"'protest', 'arrests'\)")


def test_a_route_of_a_points_layer_and_a_missing_geometry_off_air_are_refused(tmp_path):
    from story_factory import layered_routes
    legs = layered_routes()
    legs[0]["properties"]["category"] = "protest"
    legs[1]["properties"]["mode"] = "rail"  # a rail leg must be drawn
    problems = problems_of(write_layered_story(tmp_path, routes=legs))
    assert_problem(problems, "geodata/routes.geojson", "feature 0 (id 'r_march')",
                   r"category 'protest' is not a route layer of the story \(geodata/story.json declares 'march', "
                   r"'flight'\)")
    assert_problem(problems, "geodata/routes.geojson", "feature 1 (id 'r_flight')",
                   r"geometry is missing: only air legs may have none \(this leg's mode is 'rail'\)")


@pytest.mark.parametrize("value, where, detail", [
    ("protest", "layers", "must be a non-empty list"),
    ([], "layers", "must be a non-empty list"),
    (["protest"], "layers[1]", "must be an object"),
    ([{"label": "Protest", "type": "points"}], "layers[1]", "'id' must be a text"),
    ([{"id": "a b", "type": "points"}], "layers[1]", "'id' must be a text"),
    ([{"id": "p", "type": "dots"}], "layers[1] (id 'p')", "'type' must be \"points\" or \"routes\""),
    ([{"id": "p", "type": "points", "symbol": "hexagon"}], "layers[1] (id 'p')", "'symbol' must be one of circle"),
    ([{"id": "p", "type": "routes", "mode": "bus"}], "layers[1] (id 'p')", "'mode' must be one of rail, road"),
    ([{"id": "p", "type": "points", "color": "red"}], "layers[1] (id 'p')", "'color' must be a colour"),
    ([{"id": "p", "type": "points", "color": "by-date"}], "layers[1] (id 'p')", "'color' must be a colour"),
    ([{"id": "p", "type": "points", "label": ""}], "layers[1] (id 'p')", "'label' must be a non-empty text"),
    ([{"id": "p", "type": "points", "journey": "yes"}], "layers[1] (id 'p')", "'journey' must be true or false"),
    ([{"id": "p", "type": "points"}, {"id": "P", "type": "routes"}], "layers[2] (id 'P')", "duplicate layer id"),
])
def test_bad_layers_are_named(value, where, detail):
    _, problems, _ = parse(value)
    assert [(p.feature, detail in p.detail) for p in problems] == [(where, True)], problems


def test_layers_without_a_colour_take_distinct_palette_colours():
    out, problems, warnings = parse([{"id": f"l{i}", "type": "points"} for i in range(6)] +
                                    [{"id": "r", "type": "routes"}])
    assert not problems and not warnings
    assert [layer.color for layer in out] == [*layers.palette("points")[:6], layers.palette("routes")[0]]


def test_the_first_palette_colours_stay_apart_for_every_reader_and_readable_on_the_basemap():
    for kind in (layers.POINTS, layers.ROUTES):
        first = layers.palette(kind)[:8 if kind == layers.POINTS else 6]
        for i, a in enumerate(first):
            assert colors.contrast(a, colors.BASEMAP) >= colors.MIN_CONTRAST, a
            for b in first[i + 1:]:
                assert colors.closest_difference(a, b)[0] >= colors.MIN_DIFFERENCE, (a, b)


def test_close_or_faint_colours_are_warned_about_not_refused(tmp_path):
    meta = {**LAYERED_STORY_JSON, "layers": [*LAYERED_STORY_JSON["layers"][:2],
                                            {"id": "protest", "type": "points", "color": "#d62728"},
                                            {"id": "arrests", "type": "points", "color": "#d92b2b"},
                                            {"id": "other", "type": "points", "color": "#f0e442"}]}
    story = load_story(write_layered_story(tmp_path, story_json=meta))
    messages = [str(w) for w in story.warnings]
    assert any("'protest' and 'arrests'" in m and "too close" in m for m in messages), messages
    assert any("'other'" in m and "hard to see" in m for m in messages), messages
    # red and green that differ for most readers look alike with deuteranopia: named as such
    _, _, warnings = parse([{"id": "a", "type": "points", "color": "#d55e00"},
                            {"id": "b", "type": "points", "color": "#6b8e00"}])
    assert any("for readers with" in w.detail for w in warnings), warnings


def test_ciede2000_matches_the_published_test_pairs():
    # Sharma, Wu & Dalal (2005), pairs 1 and 2
    assert colors.delta_e((50, 2.6772, -79.7751), (50, 0, -82.7485)) == pytest.approx(2.0425, abs=1e-4)
    assert colors.delta_e((50, 3.1571, -77.2803), (50, 0, -82.7485)) == pytest.approx(2.8615, abs=1e-4)


@pytest.mark.parametrize("value, detail", [
    ({"label": "X", "start": "2026-04-31"}, "'start' must be a date"),
    ({"label": "X", "start": "2026-04-05", "end": "2026-04-01"}, "'end' 2026-04-01 is before 'start'"),
    ({"start": "2026-04-01"}, "'label' must be a non-empty text"),
])
def test_bad_periods_are_named(value, detail):
    problems = []
    layers.parse_periods([value], Path(META), problems)
    assert len(problems) == 1 and detail in problems[0].detail, problems


def test_labels_may_rename_declared_layers_only(tmp_path):
    meta = {**LAYERED_STORY_JSON, "labels": {"protest": "Demonstration"}}
    story = load_story(write_layered_story(tmp_path, story_json=meta))
    assert story.label("protest") == "Demonstration"
    bad = write_layered_story(tmp_path / "bad", story_json={**LAYERED_STORY_JSON, "labels": {"summit": "S"}})
    with pytest.raises(StoryInvalid, match=r"unknown layer\(s\) summit; use march, flight, protest, arrests"):
        load_story(bad)


def test_the_filter_shows_and_hides_story_layers(tmp_path):
    story = load_story(write_layered_story(tmp_path))
    snippets = link_story(story)
    view = apply(story, snippets, FilterOptions(layers=frozenset({"protest", "flight"})))
    assert {e.category for e in view.events} == {"protest"} and [r.id for r in view.routes] == ["r_flight"]
    everything = apply(story, snippets, FilterOptions())
    assert len(everything.events) == 3 and len(everything.routes) == 2


def test_derived_presets_follow_layer_preset_names_without_periods(tmp_path):
    meta = {k: v for k, v in LAYERED_STORY_JSON.items() if k != "periods"}
    story = load_story(write_layered_story(tmp_path, story_json=meta))
    assert list(presets(story)) == ["2026 March", "2026 Flight", "2026 Protest", "2026 Arrests", "All"]
    assert presets(story)["2026 Protest"] == (date(2026, 4, 2), date(2026, 4, 6))


def test_no_story_layer_id_is_written_in_mapapp_code():
    """The built-in ids live only in the defaults file (reported_place is the app's own layer)."""
    root = Path(__file__).resolve().parent.parent / "mapapp"
    ids = {layer.id for layer in layers.default_layers()}
    for path in [*root.rglob("*.py"), *root.rglob("*.js"), *root.rglob("*.css")]:
        if path.name == "gazetteer_data.py":
            continue
        text = path.read_text("utf-8")
        for layer_id in ids:
            assert f'"{layer_id}"' not in text and f"'{layer_id}'" not in text and f"-{layer_id} " not in text, \
                (path.name, layer_id)


@pytest.mark.parametrize("value, detail", [
    ("850 km", "must be a list"),
    ([{"from_place": "a", "to_place": "b", "km": -1, "what": "x", "source": "https://example.org"}],
     "'km' must be a positive number"),
    ([{"from_place": "a", "to_place": "", "km": 5, "what": "x", "source": "https://example.org"}],
     "must be non-empty texts"),
])
def test_bad_published_distances_are_named(value, detail):
    from mapapp.published import parse_published

    problems = []
    assert parse_published(value, Path(META), problems) == ()
    assert len(problems) == 1 and detail in problems[0].detail, problems


def test_published_distances_come_from_the_story(tmp_path):
    meta = {**LAYERED_STORY_JSON, "published": [{"from_place": "paris_bastille", "to_place": "paris_nation",
                                                 "km": 2.5, "what": "about 2.5 km", "source": "https://example.org"}]}
    story = load_story(write_layered_story(tmp_path, story_json=meta))
    from mapapp import journey

    (row,) = journey.compare(journey.leg_figures(story.routes), story.published)
    assert row.published.km == 2.5 and row.ours_km == pytest.approx(2.0, abs=0.5)
    assert journey.compare(journey.leg_figures(story.routes)) == (), "no story distances, nothing compared"


@pytest.mark.parametrize("symbol, shape", [("square", "<path"), ("triangle", "<path"), ("diamond", "<path"),
                                           ("star", "<path"), ("circle", "<circle")])
def test_each_symbol_is_an_svg_in_the_layer_colour(symbol, shape):
    from mapapp.symbols import symbol_svg

    svg = symbol_svg(symbol, "#D62728")
    assert svg.startswith("<svg") and shape in svg and 'fill="#d62728"' in svg


def test_the_player_has_a_marker_for_every_mode():
    from mapapp.symbols import vehicle_icons

    icons = vehicle_icons()
    assert set(icons) == set(layers.MODES)
    assert len(set(icons.values())) == len(icons), "each mode looks different"


def test_a_published_distance_must_join_the_storys_places(tmp_path):
    meta = {**LAYERED_STORY_JSON, "published": [{"from_place": "paris_bastille", "to_place": "lyon", "km": 400,
                                                 "what": "about 400 km", "source": "https://example.org"}]}
    assert_problem(problems_of(write_layered_story(tmp_path, story_json=meta)), META, "published[1]",
                   r"to_place 'lyon' is not a place of geodata/places.geojson")
