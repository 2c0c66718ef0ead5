"""Journey figures and steps (mapapp/journey.py), the search matcher and the URL note sanitiser: unit tests.

Distances are checked against hand-computed geodesic lengths on the WGS84 ellipsoid:
- 1° of longitude along the equator = a·π/180 = 6378.137 km × 0.0174533 = 111.319 km;
- 1° of latitude from the equator (meridian arc 0°→1°) = 110.574 km (the standard table value);
- 1° of latitude from 45° to 46° = 111.141 km (idem; the meridian degree grows towards the poles).
"""
from __future__ import annotations

import json
import math
from datetime import date

import pytest

from mapapp import journey
from mapapp.model import RouteLeg
from mapapp.render import escape

from story_factory import default_events, default_places, default_routes, event, place, route, write_story


def leg(lid, lines, start, end=None, frm="a", to="b"):
    return RouteLeg(id=lid, name=f"Leg {lid}", date_start=date.fromisoformat(start),
                    date_end=date.fromisoformat(end) if end else None, from_place=frm, to_place=to,
                    lines=tuple(tuple(line) for line in lines))


# --- distances on known geometries -----------------------------------------------------------------

@pytest.mark.parametrize("lines, km", [
    ([[(0.0, 0.0), (1.0, 0.0)]], 111.319),                         # along the equator
    ([[(0.0, 0.0), (0.0, 1.0)]], 110.574),                         # meridian arc from the equator
    ([[(10.0, 45.0), (10.0, 46.0)]], 111.141),                     # meridian arc at 45°
    ([[(0.0, 0.0), (0.5, 0.0), (1.0, 0.0)]], 111.319),             # extra vertex on a geodesic: same length
    ([[(0.0, 0.0), (1.0, 0.0), (1.0, 1.0)]], 111.319 + 110.574),   # an L: sum of its arms
    ([[(0.0, 0.0), (1.0, 0.0)], [(1.0, 0.0), (1.0, 1.0)]], 111.319 + 110.574),  # MultiLineString: parts summed
    ([[(0.0, 0.0), (1.0, 0.0), (0.0, 0.0)]], 2 * 111.319),         # there and back counts twice
])
def test_leg_km_matches_hand_computed_geodesics(lines, km):
    assert journey.leg_km(leg("x", lines, "2023-09-10")) == pytest.approx(km, abs=0.002)


def test_leg_km_ignores_degenerate_parts():
    assert journey.leg_km(leg("x", [[(5.0, 5.0)], [(0.0, 0.0), (1.0, 0.0)]], "2023-09-10")) == pytest.approx(111.319,
                                                                                                       abs=0.002)


# --- days, speed, totals -----------------------------------------------------------------------------

def test_days_are_inclusive_and_speed_is_per_day():
    legs = (leg("b", [[(0, 0), (0, 1)]], "2023-09-12"),                       # same day: 1 day
            leg("a", [[(0, 0), (1, 0)]], "2023-09-10", "2023-09-12"),          # 10–12 Sep: 3 days
            leg("c", [[(0, 0), (1, 0), (1, 1)]], "2023-09-17", "2023-09-19"))
    figs = journey.leg_figures(legs)
    assert [f.id for f in figs] == ["a", "b", "c"], "legs are put in date order"
    a, b, c = figs
    assert (a.days, b.days, c.days) == (3, 1, 3)
    assert a.km_per_day == pytest.approx(111.319 / 3, abs=0.001)
    assert b.km_per_day == pytest.approx(110.574, abs=0.002)
    total = journey.totals(figs)
    assert total.legs == 3 and total.km == pytest.approx(111.319 * 2 + 110.574 * 2, abs=0.005)
    assert (total.date_start, total.date_end, total.days) == (date(2023, 9, 10), date(2023, 9, 19), 10)
    assert total.km_per_day == pytest.approx(total.km / 10)
    assert journey.totals(()) is None


def test_legs_on_a_route_layer_off_the_journey_are_not_journey_legs(tmp_path):
    from mapapp.layers import Layer
    from mapapp.model import Story
    line = (((0.0, 0.0), (1.0, 0.0)),)
    bus = RouteLeg("bus", "Bus", date(2023, 9, 10), None, "a", "b", line, category="road")
    train = RouteLeg("train", "Train", date(2023, 9, 11), None, "b", "a", line, category="rail")
    story = Story(tmp_path, (), (), routes=(bus, train), layers=(
        Layer("road", "Road", "routes", "#555555", mode="road", journey=False),
        Layer("rail", "Rail", "routes", "#332288", mode="rail")))
    assert [leg.id for leg in journey.journey_routes(story)] == ["train"]
    assert [leg.mode for leg in story.routes] == ["road", "rail"]  # taken from the layer


# --- against published distances ----------------------------------------------------------------------

def chain():
    return journey.leg_figures((leg("1", [[(0, 0), (1, 0)]], "2023-09-10", frm="p", to="k"),
                                leg("2", [[(1, 0), (1, 1)]], "2023-09-11", frm="k", to="u"),
                                leg("3", [[(1, 1), (2, 1)]], "2023-09-12", frm="u", to="v"),
                                leg("4", [[(5, 5), (6, 5)]], "2023-09-13", frm="x", to="p")))


def test_distance_between_sums_a_chain_of_consecutive_legs():
    figs = chain()
    assert journey.distance_between(figs, "p", "k") == pytest.approx(111.319, abs=0.002)
    assert journey.distance_between(figs, "k", "v") == pytest.approx(figs[1].km + figs[2].km)
    assert journey.distance_between(figs, "p", "v") == pytest.approx(sum(f.km for f in figs[:3]))
    assert journey.distance_between(figs, "v", "p") is None, "no chain runs that way"
    assert journey.distance_between(figs, "x", "k") is None, "legs 4 → 1 are not in travel order"


def test_compare_lists_only_covered_published_figures():
    published = (journey.Published("p", "k", 100.0, "about 100 km", "https://example.org/a"),
                 journey.Published("q", "z", 5.0, "elsewhere", "https://example.org/b"))
    rows = journey.compare(chain(), published)
    assert len(rows) == 1 and rows[0].published.km == 100.0
    assert rows[0].ours_km == pytest.approx(111.319, abs=0.002) and rows[0].ratio == pytest.approx(1.11319, abs=1e-4)


# --- steps --------------------------------------------------------------------------------------------

def test_steps_are_stops_and_summits_in_date_then_file_order(tmp_path):
    from mapapp.load import load_story

    events = [event("z_first", "ferrin", "journey_stop", "2023-09-12", title="Listed first that day"),
              *default_events(),
              event("a_last", "alder", "journey_stop", "2023-09-12", title="Listed last that day")]
    story = load_story(write_story(tmp_path / "s", events=events))
    ids = [e.id for e in journey.steps(story)]
    assert ids == ["e_depart", "z_first", "e_border", "a_last", "e_summit", "e_port"]
    assert journey.step_index(journey.steps(story), "e_summit") == 4
    assert journey.step_index(journey.steps(story), "e_2018") is None


# --- the playback timetable ---------------------------------------------------------------------------

def test_timetable_runs_legs_in_order_within_their_days(story):
    timed = journey.timetable(story.routes)
    assert [t.leg.id for t in timed] == ["leg_out", "leg_north", "leg_home"]
    t0 = timed[0].leg.date_start
    for prev, cur in zip(timed, timed[1:]):
        assert cur.start >= prev.end - 1e-9, "one leg after the other"
    for t in timed:
        first = (t.leg.date_start - t0).days
        last = (t.leg.last_day - t0).days + 1
        assert first - 1e-9 <= t.start < t.end <= last + 1e-9, (t.leg.id, t.start, t.end, first, last)
        assert t.end - t.start >= t.km / journey.MAX_KM_PER_DAY[t.leg.mode] - 1e-9
    assert timed[0].start == 0 and timed[-1].end == pytest.approx(10.0), "10–19 Sep: ten days"
    # 13 Sep (leg_north's end) to 17 Sep (leg_home's start): the train waits in between.
    assert timed[1].end <= 4 and timed[2].start >= 7


def test_timetable_never_collapses_legs_sharing_a_day():
    legs = (leg("a", [[(0, 0), (3, 0)]], "2023-09-10", "2023-09-12"),
            leg("b", [[(3, 0), (5, 0)]], "2023-09-12"),
            leg("c", [[(5, 0), (8, 0)]], "2023-09-12"),
            leg("d", [[(8, 0), (9, 0)]], "2023-09-12", "2023-09-13"))
    timed = journey.timetable(legs)
    assert all(t.end > t.start for t in timed)
    assert all(2 - 1e-9 <= t.start and t.end <= 3 + 1e-9 for t in timed[1:3]), "b and c on 12 Sep"


def test_playback_data_escapes_labels_and_dates_each_stop(tmp_path):
    from mapapp.load import load_story

    hostile = "<img src=x onerror=alert(1)> `${x}`"
    places = default_places()
    places[1] = place("ferrin", hostile, 130.60, 42.42)
    events = default_events()
    events[1] = event("e_border", "ferrin", "journey_stop", "2023-09-12", title=hostile)
    story = load_story(write_story(tmp_path / "s", places=places, events=events))
    data = journey.playback_data(story, story.routes, escape)
    text = json.dumps(data)
    assert "<img" not in text and "${" not in text and "&lt;img" in text
    first = data["stops"][0]
    assert first["date"] == "2023-09-12" and first["label"].count("&lt;img") == 2  # place name and event title
    assert [s["date"] for s in data["stops"]] == ["2023-09-12", "2023-09-13", "2023-09-19"]
    assert data["t0"] == "2023-09-10" and data["days"] == pytest.approx(10.0)
    leg0 = data["legs"][0]
    assert leg0["cum"][0] == 0 and leg0["cum"][-1] == pytest.approx(1.0) and leg0["cum"] == sorted(leg0["cum"])
    assert len(leg0["cum"]) == len(leg0["coords"]) and leg0["coords"][0] == [39.03, 125.75], "lat, lon for Leaflet"
    assert "km by rail in 10 days" in data["summary"]
    assert journey.playback_data(story, (), escape) == {}


# --- the map and the GeoJSON export -----------------------------------------------------------------------

def test_build_map_adds_the_player_only_when_asked(story, snippets):
    from mapapp.filters import FilterOptions, apply
    from mapapp.mapbuild import MapOptions, build_map

    view = apply(story, snippets, FilterOptions())
    with_player = build_map(story, view, MapOptions(playback=True)).get_root().render()
    assert "mapappPlayback(" in with_player and "leg_home" in with_player
    without = build_map(story, view, MapOptions()).get_root().render()
    assert "mapappPlayback(" not in without
    no_legs = apply(story, snippets, FilterOptions(layers=frozenset({"summit"})))
    assert "mapappPlayback(" not in build_map(story, no_legs, MapOptions(playback=True)).get_root().render()


def test_geojson_export_legs_carry_length_km(story, snippets):
    from mapapp.export import geojson_document
    from mapapp.filters import FilterOptions, apply

    doc = geojson_document(story, apply(story, snippets, FilterOptions()))
    legs = {f["properties"]["id"]: f["properties"] for f in doc["features"]
            if f["properties"]["category"] == "rail_leg"}
    assert set(legs) == {"leg_out", "leg_north", "leg_home"}
    for lid, props in legs.items():
        expected = journey.leg_km(next(r for r in story.routes if r.id == lid))
        assert props["length_km"] == round(expected, 1) and props["length_km"] > 100
    points = [f for f in doc["features"] if f["properties"]["category"] != "rail_leg"]
    assert all("length_km" not in f["properties"] for f in points)


# --- search ---------------------------------------------------------------------------------------------

def test_find_by_name_alias_accents_and_title(tmp_path):
    from mapapp.load import load_story
    from mapapp.ui.search import find, fold

    assert fold("P'yŏngyang  Station!") == "pyongyang station"
    places = [*default_places(), place("region", "Ŭndal Region", 131.0, 44.0, kind="region"),
              place("inner", "Depot", 131.1, 44.1, part_of=["region"])]
    events = [*default_events(), event("e_depot", "inner", "journey_stop", "2023-09-14", title="Stop at the depot")]
    story = load_story(write_story(tmp_path / "s", places=places, events=events))
    hit = find(story, "alder bay")[0]  # an alias; a place hit stands for the place's first event
    assert hit.event.id == "e_2019" and hit.label == "📍 Port Alder" and hit.score == 0 and hit.is_place
    assert find(story, "GREYWATER")[0].event.id == "e_summit"
    titles = [h.event.id for h in find(story, "summit")]
    assert "e_summit" in titles and "e_2019" in titles
    region = find(story, "undal")  # accents optional; a place without events leads to the places inside it
    assert [h.event.id for h in region] == ["e_depot"] and "(in Ŭndal Region)" in region[0].label
    assert find(story, "x") == [] and find(story, "zzzz") == []


def test_widget_labels_are_plain_text():
    from mapapp.render import markdown_text as plain
    from mapapp.ui.urlstate import _shown
    from markdown_support import shown_text

    label = plain("![x](https://evil.example/a.png) :red[big] **b** <i>")
    assert "![" not in label and "](" not in label and ":red[" not in label and "**" not in label
    shown = _shown("[a](javascript:1) <img src=x>" + "y" * 100)
    assert len(shown) < 70 and shown_text(plain(shown)) == shown  # short; escaped when the note is shown


def test_real_story_figures_are_in_the_published_ballpark():
    """On the built-in story: every leg has a length, and the two published figures are met within ±35 %
    (the drawn track is simplified; see README, Journey figures)."""
    from pathlib import Path

    from mapapp.load import load_story

    story = load_story(Path(__file__).resolve().parent.parent)
    figs = journey.leg_figures(story.routes)
    assert figs and all(f.km > 50 and math.isfinite(f.km) for f in figs)
    rows = journey.compare(figs, story.published)
    assert {(r.published.from_place, r.published.to_place) for r in rows} == {
        ("pyongyang_station", "khasan_station"), ("khasan_station", "ussuriysk_station")}
    for r in rows:
        assert 0.65 <= r.ratio <= 1.35, (r.published.what, r.ours_km)
