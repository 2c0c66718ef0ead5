"""validate.py through load_story: every bad feature or row is a problem naming file, culprit and fix."""
from __future__ import annotations

import copy
import json
from datetime import date

import pytest

from mapapp.errors import StoryInvalid
from mapapp.load import load_story
from mapapp.validate import parse_date
from story_factory import (assert_problem, collection, default_events, default_places, default_routes, event, place,
                           problems_of, route, write_story)

PLACES = "geodata/places.geojson"
EVENTS = "geodata/events.csv"
ROUTES = "geodata/routes.geojson"


def with_place(i: int, **changes):
    """The default places with place ``i`` changed: ``geometry=...``, ``props={...}`` (None deletes)."""
    places = copy.deepcopy(default_places())
    if "geometry" in changes:
        places[i]["geometry"] = changes["geometry"]
    for key, value in changes.get("props", {}).items():
        if value is None:
            places[i]["properties"].pop(key, None)
        else:
            places[i]["properties"][key] = value
    if "feature" in changes:
        places[i] = changes["feature"]
    return places


def with_event(i: int, **cells):
    rows = copy.deepcopy(default_events())
    rows[i].update(cells)
    return rows


def with_route(i: int, **changes):
    routes = copy.deepcopy(default_routes())
    if "geometry" in changes:
        routes[i]["geometry"] = changes["geometry"]
    for key, value in changes.get("props", {}).items():
        if value is None:
            routes[i]["properties"].pop(key, None)
        else:
            routes[i]["properties"][key] = value
    return routes


def pt(lon, lat):
    return {"type": "Point", "coordinates": [lon, lat]}


EPSG3857 = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3857"}}

# (case id, write_story kwargs, file, feature, detail regex)
CASES = [
    # places.geojson
    ("place geometry LineString", dict(places=with_place(1, geometry={"type": "LineString", "coordinates": [
        [130.6, 42.4], [130.7, 42.5]]})), PLACES, "feature 1 (id 'ferrin')", r"must be a Point, not 'LineString'"),
    ("place geometry null", dict(places=with_place(1, geometry=None)), PLACES, "feature 1 (id 'ferrin')",
     r"must be a Point, not None"),
    ("place not a Feature", dict(places=with_place(2, feature=pt(128.3, 51.9))), PLACES, "feature 2",
     r"is not a GeoJSON Feature"),
    ("longitude out of range", dict(places=with_place(1, geometry=pt(190.5, 42.42))), PLACES,
     "feature 1 (id 'ferrin')", r"\[190.5, 42.42\] is out of range: longitude must be within ±180"),
    ("latitude out of range", dict(places=with_place(1, geometry=pt(-20.0, -91.0))), PLACES,
     "feature 1 (id 'ferrin')", r"out of range"),
    ("lat/lon swapped", dict(places=with_place(2, geometry=pt(51.88, 128.33))), PLACES,
     "feature 2 (id 'greywater')", r"look swapped — GeoJSON order is \[longitude, latitude\]"),
    ("projected metres", dict(places=with_place(3, geometry=pt(14683000.0, 5330000.0))), PLACES,
     "feature 3 (id 'alder')", r"projected coordinates \(metres\).*EPSG:4326"),
    ("coordinates as strings", dict(places=with_place(0, geometry={"type": "Point", "coordinates": ["125.7", "39"]})),
     PLACES, "feature 0 (id 'norvale')", r"is not \[longitude, latitude\]"),
    ("one coordinate only", dict(places=with_place(0, geometry={"type": "Point", "coordinates": [125.7]})),
     PLACES, "feature 0 (id 'norvale')", r"is not \[longitude, latitude\]"),
    ("crs EPSG:3857", dict(places_text=json.dumps(collection(default_places(), crs=EPSG3857))), PLACES, "crs",
     r"EPSG::3857.*WGS84 longitude/latitude \(EPSG:4326\)"),
    ("crs EPSG:32652 (UTM)", dict(places_text=json.dumps(collection(default_places(), crs={
        "type": "name", "properties": {"name": "EPSG:32652"}}))), PLACES, "crs", r"'EPSG:32652'.*reproject"),
    ("crs on routes", dict(routes_text=json.dumps(collection(default_routes(), crs=EPSG3857))), ROUTES, "crs",
     r"EPSG::3857"),
    ("place without id", dict(places=with_place(4, props={"id": None})), PLACES, "feature 4",
     r"required property 'id' is missing or empty"),
    ("place without name", dict(places=with_place(4, props={"name": ""})), PLACES, "feature 4 (id 'lakeshore')",
     r"required property 'name' is missing or empty"),
    ("place with properties null", dict(places=with_place(4, feature={
        "type": "Feature", "geometry": pt(1, 1), "properties": None})), PLACES, "feature 4",
     r"required property 'id'"),
    ("aliases not strings", dict(places=with_place(2, props={"aliases": ["Grey", 7]})), PLACES,
     "feature 2 (id 'greywater')", r"property 'aliases' must be a list of strings"),
    ("duplicate place id", dict(places=with_place(5, props={"id": "ferrin"})), PLACES, "feature 5 (id 'ferrin')",
     r"duplicate id 'ferrin' \(first used by feature 1"),
    ("part_of unknown place", dict(places=with_place(1, props={"part_of": ["nowhere"]})), PLACES, "id 'ferrin'",
     r"part_of 'nowhere' is not another id in places.geojson"),
    ("part_of itself", dict(places=with_place(1, props={"part_of": "ferrin"})), PLACES, "id 'ferrin'",
     r"part_of 'ferrin' is not another id"),
    ("part_of not strings", dict(places=with_place(1, props={"part_of": [{"id": "alder"}]})), PLACES,
     "feature 1 (id 'ferrin')", r"property 'part_of' must be a list of strings"),
    # events.csv
    ("duplicate event id", dict(events=with_event(3, id="e_border")), EVENTS, "line 5 (id 'e_border')",
     r"duplicate id 'e_border' \(first on line 3\)"),
    ("date_start day-first", dict(events=with_event(2, date_start="13/09/2023")), EVENTS,
     "line 4 (id 'e_summit')", r"date_start '13/09/2023' is not an ISO date \(YYYY-MM-DD\)"),
    ("date_start without zero padding", dict(events=with_event(2, date_start="2023-9-13")), EVENTS,
     "line 4 (id 'e_summit')", r"date_start '2023-9-13' is not an ISO date"),
    ("date_start impossible", dict(events=with_event(2, date_start="2023-02-30")), EVENTS,
     "line 4 (id 'e_summit')", r"date_start '2023-02-30'"),
    ("date_start empty", dict(events=with_event(2, date_start="")), EVENTS, "line 4 (id 'e_summit')",
     r"date_start '' is not an ISO date"),
    ("date_end words", dict(events=with_event(0, date_end="soon")), EVENTS, "line 2 (id 'e_depart')",
     r"date_end 'soon' is not an ISO date"),
    ("date_end with time", dict(events=with_event(0, date_end="2023-09-11T12:00")), EVENTS,
     "line 2 (id 'e_depart')", r"date_end '2023-09-11T12:00'"),
    ("event end before start", dict(events=with_event(0, date_start="2023-09-11", date_end="2023-09-10")), EVENTS,
     "line 2 (id 'e_depart')", r"date_end 2023-09-10 is before date_start 2023-09-11"),
    ("unknown place_id", dict(events=with_event(1, place_id="atlantis")), EVENTS, "id 'e_border'",
     r"place_id 'atlantis' is not an id in places.geojson"),
    ("unknown category", dict(events=with_event(1, category="stopover")), EVENTS, "line 3 (id 'e_border')",
     r"category 'stopover' is not a point layer of the story \(geodata/story.json declares 'journey_stop', "
     r"'summit', 'earlier_summit', 'later_summit'\)"),
    ("category in capitals", dict(events=with_event(1, category="Summit")), EVENTS, "line 3 (id 'e_border')",
     r"category 'Summit' is not a point layer"),
    ("empty event id", dict(events=with_event(1, id="")), EVENTS, "line 3", r"the 'id' cell is empty"),
    ("empty place_id", dict(events=with_event(1, place_id="")), EVENTS, "line 3 (id 'e_border')",
     r"the 'place_id' cell is empty"),
    ("empty title", dict(events=with_event(1, title="  ")), EVENTS, "line 3 (id 'e_border')",
     r"the 'title' cell is empty"),
    # routes.geojson
    ("route with one point", dict(routes=with_route(1, geometry={"type": "LineString", "coordinates": [
        [130.6, 42.42]]})), ROUTES, "feature 1 (id 'leg_north')", r"needs at least two positions"),
    ("route with no points", dict(routes=with_route(1, geometry={"type": "LineString", "coordinates": []})),
     ROUTES, "feature 1 (id 'leg_north')", r"needs at least two positions"),
    ("multiline part with one point", dict(routes=with_route(2, geometry={"type": "MultiLineString", "coordinates": [
        [[128.33, 51.88], [131.9, 43.12]], [[131.9, 43.12]]]})), ROUTES, "feature 2 (id 'leg_home')",
     r"needs at least two positions"),
    ("empty multiline", dict(routes=with_route(2, geometry={"type": "MultiLineString", "coordinates": []})),
     ROUTES, "feature 2 (id 'leg_home')", r"geometry is empty"),
    ("route as a Point", dict(routes=with_route(0, geometry=pt(125.7, 39.0))), ROUTES, "feature 0 (id 'leg_out')",
     r"must be a LineString or MultiLineString, not 'Point'"),
    ("route position swapped", dict(routes=with_route(0, geometry={"type": "LineString", "coordinates": [
        [125.75, 39.03], [42.42, 130.6]]})), ROUTES, "feature 0 (id 'leg_out')", r"look swapped"),
    ("route in metres", dict(routes=with_route(0, geometry={"type": "LineString", "coordinates": [
        [13998000.0, 4728000.0], [14538000.0, 5220000.0]]})), ROUTES, "feature 0 (id 'leg_out')",
     r"\[13998000.0, 4728000.0\] is out of range: these look like projected coordinates \(metres\)"),
    ("duplicate route id", dict(routes=with_route(2, props={"id": "leg_out"})), ROUTES, "feature 2 (id 'leg_out')",
     r"duplicate id 'leg_out'"),
    ("route without id", dict(routes=with_route(2, props={"id": None})), ROUTES, "feature 2",
     r"required property 'id' is missing"),
    ("route without date_start", dict(routes=with_route(1, props={"date_start": None})), ROUTES,
     "feature 1 (id 'leg_north')", r"required property 'date_start' is missing"),
    ("route bad date_end", dict(routes=with_route(1, props={"date_end": "13.09.2023"})), ROUTES,
     "feature 1 (id 'leg_north')", r"date_end '13.09.2023' is not an ISO date"),
    ("route end before start", dict(routes=with_route(1, props={"date_end": "2023-09-01"})), ROUTES,
     "feature 1 (id 'leg_north')", r"date_end 2023-09-01 is before date_start 2023-09-12"),
    ("route wrong category", dict(routes=with_route(1, props={"category": "road_leg"})), ROUTES,
     "feature 1 (id 'leg_north')", r"category 'road_leg' is not a route layer of the story \(geodata/story.json declares 'rail_leg'\)"),
    ("route unknown from_place", dict(routes=with_route(1, props={"from_place": "nowhere"})), ROUTES,
     "id 'leg_north'", r"from_place 'nowhere' is not an id in places.geojson"),
    ("route unknown to_place", dict(routes=with_route(1, props={"to_place": "elsewhere"})), ROUTES,
     "id 'leg_north'", r"to_place 'elsewhere' is not an id"),
    ("approximate not a list", dict(routes=with_route(1, props={"approximate": "somewhere in the hills"})),
     ROUTES, "feature 1 (id 'leg_north')", r"property 'approximate' must be a list of lines"),
    ("approximate line with one point", dict(routes=with_route(1, props={"approximate": [[[130.6, 42.42]]]})),
     ROUTES, "feature 1 (id 'leg_north'), property 'approximate'", r"needs at least two positions"),
    ("approximate position swapped", dict(routes=with_route(1, props={"approximate": [
        [[130.6, 42.42], [45.0, 131.9]]]})), ROUTES, "feature 1 (id 'leg_north'), property 'approximate'",
     r"look swapped"),
]


@pytest.mark.parametrize("files, file, feature, detail", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_data_names_file_feature_and_problem(tmp_path, files, file, feature, detail):
    problems = problems_of(write_story(tmp_path, **files))
    assert_problem(problems, file, feature, detail)


@pytest.mark.parametrize("crs_name", ["urn:ogc:def:crs:OGC:1.3:CRS84", "EPSG:4326", "urn:ogc:def:crs:EPSG::4326"])
def test_wgs84_crs_member_is_accepted(tmp_path, crs_name):
    text = json.dumps(collection(default_places(), crs={"type": "name", "properties": {"name": crs_name}}))
    assert len(load_story(write_story(tmp_path, places_text=text)).places) == len(default_places())


@pytest.mark.parametrize("lon, lat", [(180, 90), (-180, -90), (0, 0), (179.999, -89.5)])
def test_edge_coordinates_are_valid(tmp_path, lon, lat):
    places = with_place(4, geometry=pt(lon, lat))
    assert load_story(write_story(tmp_path, places=places)).place_by_id["lakeshore"].lon == lon


def test_one_day_event_and_same_day_end_are_valid(tmp_path):
    story = load_story(write_story(tmp_path, events=with_event(1, date_start="2023-09-12", date_end="2023-09-12")))
    assert story.event_by_id["e_border"].last_day == date(2023, 9, 12)


def test_sources_may_be_one_string_in_geojson(tmp_path):
    places = with_place(0, props={"sources": "https://a.example/1 https://a.example/2"})
    story = load_story(write_story(tmp_path, places=places))
    assert story.place_by_id["norvale"].sources == ("https://a.example/1", "https://a.example/2")


def test_every_problem_is_reported_not_only_the_first(tmp_path):
    places = with_place(1, geometry=pt(42.42, 130.6))  # swapped
    places = places + [place("norvale", "Norvale again", 125.0, 39.0)]  # duplicate id
    events = default_events() + [
        event("e_bad_date", "ferrin", date_start="12.09.2023"),
        event("e_backwards", "ferrin", date_start="2023-09-20", date_end="2023-09-19"),
        event("e_nowhere", "atlantis"),
        event("e_cat", "ferrin", category="meeting"),
        event("e_depart", "norvale"),  # duplicate
    ]
    routes = default_routes() + [route("leg_short", [[130.6, 42.42]]), route("leg_out", [[1, 1], [2, 2]])]
    problems = problems_of(write_story(tmp_path, places=places, events=events, routes=routes))
    expected = [
        (PLACES, "feature 1 (id 'ferrin')", r"look swapped"),
        (PLACES, "feature 6 (id 'norvale')", r"duplicate id 'norvale'"),
        (EVENTS, "id 'e_bad_date'", r"date_start '12.09.2023'"),
        (EVENTS, "id 'e_backwards'", r"is before date_start"),
        (EVENTS, "id 'e_nowhere'", r"place_id 'atlantis'"),
        (EVENTS, "id 'e_cat'", r"category 'meeting'"),
        (EVENTS, "line 13 (id 'e_depart')", r"duplicate id 'e_depart' \(first on line 2\)"),
        (ROUTES, "feature 3 (id 'leg_short')", r"at least two positions"),
        (ROUTES, "feature 4 (id 'leg_out')", r"duplicate id 'leg_out'"),
    ]
    for file, feature, detail in expected:
        assert_problem(problems, file, feature, detail)
    # The swapped place is dropped, so its events and the legs touching it are reported too — but nothing
    # is reported that the data does not contain.
    assert all(p.path.endswith((".geojson", ".csv")) for p in problems)
    assert len(problems) >= len(expected)


def test_story_invalid_message_lists_each_problem_on_its_own_line(tmp_path):
    events = default_events() + [event("e_x", "atlantis"), event("e_y", "ferrin", date_start="x")]
    with pytest.raises(StoryInvalid) as info:
        load_story(write_story(tmp_path, events=events))
    lines = str(info.value).splitlines()
    assert lines[0] == "2 problem(s) in the story:"
    assert len(lines) == 3 and all(line.startswith("  - ") and "events.csv" in line for line in lines[1:])


@pytest.mark.parametrize("text", ["2023-09-13", "2024-02-29"])
def test_parse_date_accepts_iso(text):
    assert parse_date(text).isoformat() == text


@pytest.mark.parametrize("text", ["2023-9-13", "13/09/2023", "20230913", "2023-02-29", "", "2023-09-13 ",
                                  "2023-W37-3"])
def test_parse_date_rejects_other_forms(text):
    with pytest.raises(ValueError):
        parse_date(text)


def test_approximate_parts_of_a_leg_are_read(tmp_path):
    part = [[130.6, 42.42], [131.2, 43.0]]
    story = load_story(write_story(tmp_path, routes=with_route(1, props={"approximate": [part]})))
    leg = {r.id: r for r in story.routes}
    assert leg["leg_north"].approximate == (((130.6, 42.42), (131.2, 43.0)),)
    assert leg["leg_out"].approximate == ()
