"""mapbuild.build_map (rendered and asserted on) and filters.apply / presets, on an invented story."""
from __future__ import annotations

import base64
import json
import re
from datetime import date

import pytest

from mapapp import legstyle, mapdata
from layer_defaults import CATEGORIES, DEFAULT_LABELS as LAYER_NAMES, LAYERS, ROUTE_CATEGORY
from mapapp.filters import FilterOptions, apply, presets
from mapapp.geometry import length_km, points_along
from mapapp.link import link_story
from mapapp.load import load_story
from mapapp.legstyle import leg_colors
from mapapp.mapbuild import MapOptions, build_map
from mapapp.mapdata import legend_html, view_bounds
from mapapp.model import Event
from story_factory import default_events, default_places, default_routes, write_story
from test_render import Markup, assert_inert

D = date.fromisoformat
ALL_EVENTS = {"e_depart", "e_border", "e_summit", "e_port", "e_2018", "e_2019", "e_2024"}
ALL_LEGS = {"leg_out", "leg_north", "leg_home"}


def page(story, snippets, options=FilterOptions(), map_options=MapOptions(tiles="")) -> str:
    return build_map(story, apply(story, snippets, options), map_options).get_root().render()


def overlays(html: str) -> list[str]:
    """Names in the LayerControl's overlays, in order."""
    block = re.search(r"overlays\s*:\s*\{(.*?)\}", html, re.S)
    return [json.loads(k) for k in re.findall(r'("(?:[^"\\]|\\.)*")\s*:', block.group(1))] if block else []


def json_values(html: str, key: str) -> list[str]:
    """Decoded string values of ``"key": "..."`` anywhere in the page (GeoJSON properties, options)."""
    return [json.loads(v) for v in re.findall(rf'"{key}":\s*("(?:[^"\\]|\\.)*")', html)]


def legend(html: str) -> str:
    m = re.search(r"div\.innerHTML = (\"(?:[^\"\\]|\\.)*\");", html)
    return json.loads(m.group(1)) if m else ""


def point_coordinates(html: str) -> list[list[float]]:
    return [json.loads(c) for c in re.findall(r'"coordinates": (\[-?[\d.]+, -?[\d.]+\]), "type": "Point"', html)]


# --- what is drawn ----------------------------------------------------------------------------------

def test_full_view_draws_every_layer_point_and_leg(story, snippets):
    html = page(story, snippets)
    assert overlays(html) == [LAYER_NAMES[ROUTE_CATEGORY], LAYER_NAMES["journey_stop"], LAYER_NAMES["summit"],
                              LAYER_NAMES["earlier_summit"], LAYER_NAMES["later_summit"], "Labels"]
    ids = set(json_values(html, "id"))
    assert ALL_EVENTS | ALL_LEGS <= ids
    coords = point_coordinates(html)
    for p in default_places():
        assert p["geometry"]["coordinates"] in coords  # GeoJSON order: [lon, lat]
    assert '"coordinates": [[125.75, 39.03], [128.0, 41.0], [130.6, 42.42]], "type": "LineString"' in html
    assert '"type": "MultiLineString"' in html  # leg_home keeps both parts
    assert 'className: "mapapp-arrow"' in html  # direction arrows along the legs


def test_tooltips_show_name_and_date(story, snippets):
    tips = json_values(page(story, snippets), "tooltip")
    assert "<b>Greywater Spaceport</b><br>13 Sep 2023" in tips
    assert "<b>Norvale</b><br>10–11 Sep 2023" in tips
    assert "<b>Norvale to Ferrin</b><br>10–12 Sep 2023" in tips


def test_popup_counts_snippets_and_lists_events_at_the_place(story, snippets):
    popups = json_values(page(story, snippets), "popup")
    alder = [p for p in popups if p.startswith("<b>Port Alder</b>")]
    assert alder and all("First Port Alder summit" in p and "Visit to Port Alder" in p for p in alder)
    assert all("2 article snippets" in p for p in alder)
    assert any(p.startswith("<b>Lakeshore Palace</b>") and "no snippets" in p for p in popups)


def test_no_remote_script_or_stylesheet_and_leaflet_is_inlined(story, snippets):
    html = page(story, snippets, map_options=MapOptions(tiles="OpenStreetMap.Mapnik"))
    assert not re.search(r"<script[^>]+src=[\"']?(https?:)?//", html, re.I)
    assert not re.search(r"<link[^>]+href=[\"']?(https?:)?//", html, re.I)
    assert not re.search(r"@import\s+url\([\"']?(https?:)?//", html, re.I)
    scripts = re.findall(r'<script src="data:text/javascript;base64,([A-Za-z0-9+/=]+)"', html)
    assert scripts and any("Leaflet 1.9" in base64.b64decode(s).decode() for s in scripts)
    styles = re.findall(r'<link rel="stylesheet" href="data:text/css;base64,([A-Za-z0-9+/=]+)"', html)
    assert any(".leaflet-pane" in base64.b64decode(s).decode() for s in styles)


def legend_text(html: str) -> str:
    """What the legend shows: its text and hover titles."""
    return Markup(legend(html)).shown


def test_legend_lists_categories_and_legs(story, snippets):
    html = page(story, snippets)
    text = legend_text(html)
    for category in ("journey_stop", "summit", "earlier_summit", "later_summit"):
        assert LAYER_NAMES[category] in text
    for dates, name in (("10–12 Sep 2023", "Norvale to Ferrin"), ("12–13 Sep 2023", "Ferrin to Greywater"),
                        ("17–19 Sep 2023", "Greywater to Norvale")):
        assert dates in text and name in text
    assert '"mapapp-legend"' in html


def test_approximate_parts_are_drawn_over_their_leg_and_explained(tmp_path):
    routes = default_routes()
    part = routes[0]["geometry"]["coordinates"][1:]
    routes[0]["properties"]["approximate"] = [part]
    story = load_story(write_story(tmp_path, routes=routes))
    view = apply(story, link_story(story), FilterOptions())
    features = mapdata.routes_geojson(view.routes, leg_colors(story))["features"]
    legs = [f for f in features if not f["properties"].get("approximate")]
    rough = [f for f in features if f["properties"].get("approximate")]
    assert len(legs) == len(view.routes) and features[:len(legs)] == legs  # the dots come after every leg
    assert [f["geometry"] for f in rough] == [{"type": "LineString", "coordinates": part}]
    leg = next(f for f in legs if f["properties"]["id"] == "leg_out")
    for key in ("id", "date_start", "date_end"):  # so the date filter and the player treat it with its leg
        assert rough[0]["properties"][key] == leg["properties"][key]
    assert "Approximate course here" in rough[0]["properties"]["tooltip"]
    assert "Approximate" not in leg["properties"]["tooltip"]
    html = page(story, link_story(story))
    assert f'if (p.approximate) {{\n      return {{color: "{legstyle.APPROXIMATE_COLOR}", dashArray: "1 7"' in html
    assert "White dots: approximate course" in legend_text(html)
    only_other = page(story, link_story(story), FilterOptions(start=D("2023-09-17")))
    assert "approximate course" not in legend_text(only_other)


def test_legend_can_be_turned_off(story, snippets):
    assert "mapapp-legend" not in page(story, snippets, map_options=MapOptions(tiles="", legend=False))


def test_legs_have_distinct_colours_in_date_order(story):
    colors = leg_colors(story)
    ordered = [colors[i] for i in ("leg_out", "leg_north", "leg_home")]
    assert len(set(ordered)) == 3 and all(c in legstyle.LEG_COLORS for c in ordered)
    positions = [legstyle.LEG_COLORS.index(c) for c in ordered]
    assert positions == sorted(positions)  # the palette runs with the dates


@pytest.mark.parametrize("start, end, legs", [
    (None, None, ALL_LEGS),
    ("2023-09-12", "2023-09-12", {"leg_out", "leg_north"}),  # a leg drawn on every day it runs
    ("2023-09-14", "2023-09-16", set()),
    ("2023-09-19", None, {"leg_home"}),
    (None, "2019-12-31", set()),
])
def test_route_legs_present_only_when_in_the_view(story, snippets, start, end, legs):
    options = FilterOptions(start=start and D(start), end=end and D(end))
    html = page(story, snippets, options)
    assert set(json_values(html, "id")) & ALL_LEGS == legs
    assert (LAYER_NAMES[ROUTE_CATEGORY] in overlays(html)) == bool(legs)
    assert ('className: "mapapp-arrow"' in html) == bool(legs)
    names = {"leg_out": "Norvale to Ferrin", "leg_north": "Ferrin to Greywater", "leg_home": "Greywater to Norvale"}
    for leg, name in names.items():
        assert (name in legend_text(html)) == (leg in legs)


@pytest.mark.parametrize("options, events, layers", [
    (FilterOptions(start=D("2018-01-01"), end=D("2019-12-31")), {"e_2018", "e_2019"}, ["earlier_summit"]),
    (FilterOptions(start=D("2023-09-13"), end=D("2023-09-13")), {"e_summit"}, ["rail_leg", "summit"]),
    (FilterOptions(layers=frozenset({"summit"})), {"e_summit"}, ["summit"]),
    (FilterOptions(layers=frozenset({"later_summit", "rail_leg"})), {"e_2024"}, ["rail_leg", "later_summit"]),
    (FilterOptions(start=D("2030-01-01")), set(), []),
])
def test_filter_changes_what_is_drawn(story, snippets, options, events, layers):
    html = page(story, snippets, options)
    assert set(json_values(html, "id")) & ALL_EVENTS == events
    assert overlays(html) == [LAYER_NAMES[x] for x in layers] + (["Labels"] if events else [])


def test_selected_place_is_ringed(story, snippets):
    html = page(story, snippets, map_options=MapOptions(tiles="", selected_place="greywater"))
    assert re.search(r"L\.circleMarker\(\s*\[51\.88, 128\.33\]", html)
    assert not re.search(r"L\.circleMarker\(", page(story, snippets,
                                                    map_options=MapOptions(tiles="", selected_place="nope")))


def test_map_fits_the_visible_part(story, snippets):
    view = apply(story, snippets, FilterOptions(start=D("2023-09-13"), end=D("2023-09-13")))
    # the summit point and the leg to it (Ferrin 42.42N 130.6E → Greywater 51.88N 128.33E)
    assert view_bounds(view) == [[42.42, 128.33], [51.88, 131.5]]
    html = build_map(story, view, MapOptions(tiles="")).get_root().render()
    # fitted clear of the map's controls (mapapp/static/fit.js)
    assert re.search(r"mapappFit\(map, \[\[42\.42, 128\.33\], \[51\.88, 131\.5\]\]", html)


def test_empty_view_still_builds(story, snippets):
    view = apply(story, snippets, FilterOptions(start=D("2030-01-01")))
    html = build_map(story, view, MapOptions(tiles="")).get_root().render()
    assert view_bounds(view) is None and "mapappFit(" not in html
    assert legend_html(story, view, {}) == ""
    assert "mapappLand" in html  # the land outline is there even with nothing to show


@pytest.mark.parametrize("tiles, fragment", [
    ("OpenStreetMap.Mapnik", "tile.openstreetmap.org"),
    ("OpenTopoMap", "tile.opentopomap.org"),
])
def test_tile_provider_by_name(story, snippets, tiles, fragment):
    html = page(story, snippets, map_options=MapOptions(tiles=tiles))
    assert "L.tileLayer(" in html and fragment in html


def test_no_tiles_keeps_the_land_outline(story, snippets):
    html = page(story, snippets, map_options=MapOptions(tiles=""))
    assert "L.tileLayer(" not in html
    assert re.search(r'L\.geoJson\(\{"type":"FeatureCollection".*\{pane: "mapappLand", interactive: false', html, re.S)


def test_tiles_setting_from_environment(story, snippets, monkeypatch):
    monkeypatch.setenv("MAPAPP_TILES", "OpenTopoMap")
    assert "tile.opentopomap.org" in page(story, snippets, map_options=MapOptions())


# --- hostile text through the map -------------------------------------------------------------------

HOSTILE = "<img src=x onerror=alert(1)> </script><script>alert(2)</script> `${alert(3)}` {{7*7}} {% x %} \\ '\"\u2028"


@pytest.fixture
def hostile(tmp_path):
    places = default_places()
    places[2]["properties"]["name"] = f"Greywater {HOSTILE}"
    events = default_events()
    events[2]["title"] = f"Summit {HOSTILE}"
    routes = default_routes()
    routes[0]["properties"]["name"] = f"Leg {HOSTILE}"
    routes[0]["properties"]["approximate"] = [routes[0]["geometry"]["coordinates"][:2]]
    story = load_story(write_story(tmp_path, places=places, events=events, routes=routes))
    return story, link_story(story)


def test_hostile_text_is_escaped_in_the_map(hostile):
    story, snippets = hostile
    html = page(story, snippets)
    for raw in ("<img src=x", "<script>alert", "{{7*7}}", "{% x %}", "`${alert", "\u2028"):
        assert raw not in html
    tips, popups = json_values(html, "tooltip"), json_values(html, "popup")
    grey_tip = next(t for t in tips if t.startswith("<b>Greywater &lt;img"))
    assert_inert(grey_tip, [f"Greywater {HOSTILE}"])
    leg_tips = [t for t in tips if t.startswith("<b>Leg")]
    assert len(leg_tips) == 2  # the leg and its approximate part
    for leg_tip in leg_tips:
        assert_inert(leg_tip, [f"Leg {HOSTILE}"])
    grey_popup = next(p for p in popups if p.startswith("<b>Greywater &lt;img"))
    assert_inert(grey_popup, [f"Summit {HOSTILE}"])
    assert_inert(legend(html), [f"Leg {HOSTILE}"])


# --- filters ----------------------------------------------------------------------------------------

MULTI_DAY = Event(id="m", place_id="p", category="journey_stop", title="t", date_start=D("2023-09-10"),
                  date_end=D("2023-09-12"))
ONE_DAY = Event(id="o", place_id="p", category="journey_stop", title="t", date_start=D("2023-09-12"))


@pytest.mark.parametrize("event, start, end, expected", [
    (MULTI_DAY, None, None, True),
    (MULTI_DAY, "2023-09-11", "2023-09-11", True),   # a day inside the event
    (MULTI_DAY, "2023-09-12", "2023-09-20", True),   # range starts on the last day
    (MULTI_DAY, "2023-09-01", "2023-09-10", True),   # range ends on the first day
    (MULTI_DAY, "2023-09-13", None, False),          # open end, starts after
    (MULTI_DAY, None, "2023-09-09", False),          # open start, ends before
    (MULTI_DAY, None, "2023-09-10", True),
    (MULTI_DAY, "2023-09-01", "2023-09-30", True),   # range contains the event
    (ONE_DAY, "2023-09-12", "2023-09-12", True),
    (ONE_DAY, "2023-09-13", "2023-09-14", False),
    (ONE_DAY, "2023-09-11", "2023-09-11", False),
    (ONE_DAY, "2023-09-12", None, True),
])
def test_overlap_semantics(event, start, end, expected):
    assert event.overlaps(start and D(start), end and D(end)) is expected


@pytest.mark.parametrize("start, end, events", [
    ("2023-09-11", "2023-09-11", ["e_depart"]),
    ("2023-09-11", "2023-09-13", ["e_depart", "e_border", "e_summit"]),
    ("2023-09-17", None, ["e_port", "e_2024"]),
    (None, "2019-01-01", ["e_2018"]),
    (None, None, ["e_2018", "e_2019", "e_depart", "e_border", "e_summit", "e_port", "e_2024"]),
])
def test_apply_keeps_overlapping_events_sorted_by_date(story, snippets, start, end, events):
    view = apply(story, snippets, FilterOptions(start=start and D(start), end=end and D(end)))
    assert [e.id for e in view.events] == events


def test_apply_places_and_snippets_follow_the_visible_events(story, snippets):
    view = apply(story, snippets, FilterOptions(start=D("2019-01-01"), end=D("2023-09-16")))
    assert [p.id for p in view.places] == ["alder", "norvale", "ferrin", "greywater"]  # first-event order, once
    assert set(view.snippets) == {"alder", "norvale", "ferrin", "greywater"}
    assert [e.id for e in view.events_at("alder")] == ["e_2019", "e_port"]
    summit_only = apply(story, snippets, FilterOptions(layers=frozenset({"summit"})))
    assert set(summit_only.snippets) == {"greywater"} and summit_only.routes == ()


def test_apply_layers(story, snippets):
    no_route = apply(story, snippets, FilterOptions(layers=frozenset(set(LAYERS) - {ROUTE_CATEGORY})))
    assert no_route.routes == () and len(no_route.events) == 7
    only_route = apply(story, snippets, FilterOptions(layers=frozenset({ROUTE_CATEGORY})))
    assert only_route.events == () and {r.id for r in only_route.routes} == ALL_LEGS
    assert set(LAYERS) == {ROUTE_CATEGORY, *CATEGORIES}


def test_presets_are_derived_from_the_story(story):
    assert presets(story) == {
        "2023 journey": (D("2023-09-10"), D("2023-09-19")),  # stops, summit and legs
        "2018–2019 summits": (D("2018-06-12"), D("2019-04-25")),
        "2024 later summits": (D("2024-06-19"), D("2024-06-19")),
        "All": (None, None),
    }


def test_presets_skip_categories_the_story_lacks(tmp_path):
    events = [e for e in default_events() if e["category"] not in ("earlier_summit", "later_summit")]
    story = load_story(write_story(tmp_path, events=events))
    assert list(presets(story)) == ["2023 journey", "All"]


def test_each_preset_selects_its_events(story, snippets):
    chosen = {name: {e.id for e in apply(story, snippets, FilterOptions(*span)).events}
              for name, span in presets(story).items()}
    assert chosen["2023 journey"] == {"e_depart", "e_border", "e_summit", "e_port"}
    assert chosen["2018–2019 summits"] == {"e_2018", "e_2019"}
    assert chosen["2024 later summits"] == {"e_2024"}
    assert chosen["All"] == ALL_EVENTS


# --- geometry used for the arrows -------------------------------------------------------------------

def test_length_and_points_along_a_meridian():
    line = [(130.0, 40.0), (130.0, 41.0)]
    assert length_km(line) == pytest.approx(111.0, abs=0.5)
    (lon, lat, bearing), = points_along(line, [0.5])
    assert lon == pytest.approx(130.0) and lat == pytest.approx(40.5, abs=0.01) and bearing == pytest.approx(0.0)


def test_arrows_point_in_the_direction_of_travel(story):
    north = next(r for r in story.routes if r.id == "leg_north")  # runs north
    bearings = [f["properties"]["bearing"] for f in mapdata.arrows_geojson([north], {})["features"]]
    assert len(bearings) == 3 and all(b < 30 or b > 330 for b in bearings)
