"""The HTML report's map is written without folium (mapapp/export/leafletmap.py) from the same plan the
dashboard's folium map draws (mapapp/mapplan.py): every part of the plan is in both pages, word for word."""
from __future__ import annotations

import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from mapapp import mapjs
from mapapp.export import html_document
from mapapp.filters import FilterOptions, apply
from mapapp.link import link_story
from mapapp.load import load_story
from mapapp.mapbuild import build_map
from mapapp.mapplan import MapOptions, Names, outline_json, outline_for, view_groups
from story_factory import write_story

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
from make_story import write_story as write_big_story  # noqa: E402

NAMED = re.compile(r"\b(geo_json|canvas_renderer|place_table|feature_group|part)_(?:[0-9a-f]{32}|[0-9]+)(?![0-9a-z])")


def normalised(page: str) -> str:
    """Variable names as kind_N (folium's are random hex, the report's counted), folium's map as ``map``."""
    return NAMED.sub(r"\1_N", re.sub(r"\bmap_[0-9a-f]{32}\b", "map", page))


def written(part) -> str:
    return part.write(Names(own=f"{part.kind}_N", parent="feature_group_N", of=lambda other: f"{other.kind}_N"))


@pytest.fixture(scope="module")
def stories(tmp_path_factory):
    small = load_story(write_story(tmp_path_factory.mktemp("small")))
    big = load_story(write_big_story(tmp_path_factory.mktemp("big") / "story", 1_500))
    return {"small": small, "big": big, "builtin": load_story(ROOT)}


@pytest.mark.parametrize("name, options", [
    ("builtin", MapOptions(tiles="")),
    ("builtin", MapOptions(tiles="OpenStreetMap.Mapnik", labels=False, legend=False)),
    ("builtin", MapOptions(tiles="", selected_place="vostochny_cosmodrome", selected_leg="leg_a2_khasan_ussuriysk",
                           focus_leg=True, playback=True)),
    ("small", MapOptions(tiles="", points="svg")),
    ("big", MapOptions(tiles="")),  # canvas: one renderer and a shared place table
    ("big", MapOptions(tiles="", points="cluster")),
])
def test_the_report_and_the_dashboard_draw_the_same_plan(stories, name, options):
    story = stories[name]
    view = apply(story, link_story(story), FilterOptions())
    report = normalised(html_document(story, view, FilterOptions(), options))
    dashboard = normalised(build_map(story, view, options).get_root().render())
    groups = view_groups(story, view, options)
    parts = [written(p) for g in groups for p in g.parts]
    assert len(parts) >= 4
    for text in parts:
        assert text in report, text[:300]
        assert text in dashboard, text[:300]
    assert report.count("var feature_group_N = L.featureGroup({});") == len(groups)
    outline = outline_json(outline_for(story))
    for base_part in (mapjs.land("map", outline), mapjs.registry("map")):
        assert base_part in report and base_part in dashboard
    assert (mapjs.legend_box("map") in report) == options.legend == (mapjs.legend_box("map") in dashboard)
    labels = [mapjs.tojson(g.label) for g in groups if g.label is not None]
    assert re.search(r"var overlays = \{(.*?)\};", report).group(1) == ", ".join(
        f"{label}: feature_group_N" for label in labels)
    assert ("L.tileLayer(" in report) == bool(options.tiles) == ("L.tileLayer(" in dashboard)
    assert ("L.markerClusterGroup = " in report or "MarkerClusterGroup=" in report) == (options.points == "cluster")


def test_html_export_does_not_import_folium(tmp_path):
    """The report is written without folium, branca or Jinja (importing them is most of a plain folium map's
    time); the other exports do not need them either."""
    out = tmp_path / "r"
    code = ("import sys\nfrom mapapp.cli import main\n"
            f"main(['export', '--format', 'html,geojson,csv', '--out', {str(out)!r}])\n"
            "print(sorted(m for m in ('folium', 'branca', 'jinja2', 'streamlit', 'pandas') if m in sys.modules))")
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip().splitlines()[-1] == "[]"
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "window.mapapp = {map: map" in page and 'id="mapapp-map"' in page


# --- the route legs' own script, in Chromium ---------------------------------------------------------------

LEG_STYLES = """
() => { const out = [];
  window.mapapp.layers["rail_leg"].eachLayer(l => out.push({id: l.feature.properties.id,
    approximate: !!l.feature.properties.approximate, color: l.options.color, dash: l.options.dashArray,
    weight: l.options.weight, opacity: l.options.opacity}));
  return out; }
"""
HOVER = """
(id) => { let leg = null;
  window.mapapp.layers["rail_leg"].eachLayer(l => { if (!leg && l.feature.properties.id === id) leg = l; });
  leg.fire("mouseover", {target: leg}); const over = leg.options.weight;
  leg.fire("mouseout", {target: leg}); return [over, leg.options.weight]; }
"""


@pytest.mark.browser
def test_legs_are_styled_by_the_journey_day_and_widen_under_the_mouse(tmp_path):
    """The legs' script (mapjs.legs, on the report as on the dashboard): legs begun by the journey's day at
    full strength and wider, later ones faint, retracing legs dashed, approximate parts dotted white; a leg
    under the mouse widens and returns to its style."""
    from playwright.sync_api import sync_playwright

    from browser_support import launch, offline, require_chromium, watch_errors
    from mapapp.legstyle import APPROXIMATE_COLOR
    from story_factory import default_routes, route

    routes = default_routes()
    routes[0]["properties"]["approximate"] = [routes[0]["geometry"]["coordinates"][1:]]
    routes.append(route("leg_back", [[130.60, 42.42], [128.0, 41.0], [125.75, 39.03]], "2023-09-18", "2023-09-19",
                        "ferrin", "norvale", name="Ferrin back to Norvale"))  # over leg_out's track: dashed
    story = load_story(write_story(tmp_path / "story", routes=routes))
    view = apply(story, link_story(story), FilterOptions())
    until = date(2023, 9, 12)
    page_file = tmp_path / "report.html"
    page_file.write_text(html_document(story, view, FilterOptions(), MapOptions(tiles="", progress_until=until)),
                         encoding="utf-8")
    with sync_playwright() as p:
        browser = launch(p, require_chromium())
        context = browser.new_context(viewport={"width": 1200, "height": 800})
        watch = offline(context, ("file:",))
        page = context.new_page()
        watch_errors(page, watch)
        page.goto(page_file.as_uri())
        page.wait_for_selector("html.report-ready")
        legs = page.evaluate(LEG_STYLES)
        hover = {leg.id: page.evaluate(HOVER, leg.id) for leg in view.routes}
        browser.close()
    assert watch.problems() == []
    by_id = {leg.id: leg for leg in view.routes}
    assert sorted(x["id"] for x in legs if not x["approximate"]) == sorted(by_id)
    for x in legs:
        leg = by_id[x["id"]]
        done = leg.date_start <= until
        assert x["opacity"] == (0.95 if done else 0.3), x
        if x["approximate"]:
            assert (x["color"], x["dash"], x["weight"]) == (APPROXIMATE_COLOR, "1 7", 2.5), x
        else:
            assert x["color"] == view.leg_colors[leg.id] and x["weight"] == (6 if done else 4), x
            assert x["dash"] == ("8 7" if leg.id in view.dashed else None), x
    assert view.dashed and any(x["opacity"] == 0.3 for x in legs) and any(x["approximate"] for x in legs)
    for leg_id, (over, after) in hover.items():
        assert over == 7 and after == (6 if by_id[leg_id].date_start <= until else 4), (leg_id, over, after)
