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
from browser_support import POINT_ON_PAGE, browser, chromium_path, offline, watch_errors  # noqa: F401
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

@pytest.fixture
def open_report(browser):  # noqa: F811
    """Opens an exported report offline and waits until it is ready; no page error and no request by the end."""
    context = browser.new_context(viewport={"width": 1200, "height": 800})
    watch = offline(context, ("file:",))

    def open_file(path: Path):
        page = context.new_page()
        watch_errors(page, watch)
        page.goto(path.as_uri())
        page.wait_for_selector("html.report-ready")
        return page

    yield open_file
    assert watch.problems() == []
    context.close()


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
def test_legs_are_styled_by_the_journey_day_and_widen_under_the_mouse(tmp_path, open_report):
    """The legs' script (mapjs.legs, on the report as on the dashboard): legs begun by the journey's day at
    full strength and wider, later ones faint, retracing legs dashed, approximate parts dotted white; a leg
    under the mouse widens and returns to its style."""
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
    page = open_report(page_file)
    legs = page.evaluate(LEG_STYLES)
    hover = {leg.id: page.evaluate(HOVER, leg.id) for leg in view.routes}
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


# --- point symbols on the shared canvas (static/symbols.js) ------------------------------------------------

SYMBOLS = {"journey_stop": "square", "earlier_summit": "triangle", "later_summit": "diamond"}  # summit: star
DRAWN = """
() => { const out = {};
  for (const [category, layer] of Object.entries(window.mapapp.layers)) {
    const kinds = {symbol: 0, marker: 0, circle: 0, onCanvas: 0};
    layer.eachLayer(l => {
      if (l instanceof L.MapappSymbol) kinds.symbol++;
      else if (l instanceof L.Marker) kinds.marker++;
      else if (l instanceof L.CircleMarker) kinds.circle++;
      if (l._renderer instanceof L.Canvas) kinds.onCanvas++;
    });
    out[category] = kinds;
  }
  return out; }
"""
# The canvas's colour [r, g, b, a] at ``dx, dy`` pixels from the drawn centre of the point at place ``pid``.
PIXEL = """
([category, pid, dx, dy]) => { let found = null;
  window.mapapp.layers[category].eachLayer(l => { if (!found && l.feature.properties.place_id === pid) found = l; });
  const r = found._renderer, m = L.Browser.retina ? 2 : 1, p = found._point, b = r._bounds.min;
  return Array.from(r._ctx.getImageData((p.x + dx - b.x) * m, (p.y + dy - b.y) * m, 1, 1).data); }
"""


def _hex_rgb(color: str) -> list[int]:
    return [int(color[i:i + 2], 16) for i in (1, 3, 5)]


@pytest.mark.browser
def test_symbols_of_a_large_story_are_drawn_on_the_canvas_and_open_their_place(tmp_path, open_report):
    """Above a thousand points squares, triangles, diamonds and stars are canvas shapes (no page element per
    point, as circles): a square fills its corners where a circle would not, and a click on one selects its
    place."""
    import json as json_mod

    from mapapp.mapdata import point_mode

    root = write_big_story(tmp_path / "story", 1_500)
    layers = json_mod.loads((ROOT / "mapapp" / "data" / "default_layers.json").read_text(encoding="utf-8"))["layers"]
    for layer in layers:
        layer["symbol"] = SYMBOLS.get(layer["id"], layer.get("symbol"))
    (root / "geodata" / "story.json").write_text(json_mod.dumps({"title": "Symbols", "layers": layers}),
                                                 encoding="utf-8")
    story = load_story(root)
    view = apply(story, link_story(story), FilterOptions())
    assert point_mode(len(view.events)) == "canvas"
    categories = {e.category for e in view.events}
    # a place whose events are all squares, to look at alone
    by_place: dict[str, set] = {}
    for e in view.events:
        by_place.setdefault(e.place_id, set()).add(e.category)
    pid = next(p for p, cats in by_place.items() if cats == {"journey_stop"})
    place = story.place_by_id[pid]
    page_file = tmp_path / "report.html"
    page_file.write_text(html_document(story, view, FilterOptions(), MapOptions(tiles="")), encoding="utf-8")
    page = open_report(page_file)
    drawn = page.evaluate(DRAWN)
    markup = page.locator(".mapapp-symbol, .mapapp-star-icon").count()
    page.evaluate(f"() => {{ window.mapapp.map.setView([{place.lat}, {place.lon}], 17, {{animate: false}}); }}")
    page.wait_for_function("() => !document.querySelector('.leaflet-zoom-anim')")
    centre, corner, outside = (page.evaluate(PIXEL, ["journey_stop", pid, dx, dy])
                               for dx, dy in ((0, 0), (5.5, 5.5), (11, 0)))
    page.mouse.click(*page.evaluate(POINT_ON_PAGE, ["journey_stop", pid]))
    page.wait_for_selector("#report-details .mapapp-panel")
    heading = page.locator("#report-details .mapapp-panel h3").inner_text()
    assert markup == 0
    for category in categories:
        n = sum(e.category == category for e in view.events)
        kind = "circle" if story.layer(category).symbol == "circle" else "symbol"
        assert drawn[category][kind] == drawn[category]["onCanvas"] == n, (category, drawn[category])
        assert drawn[category]["marker"] == 0
    color = _hex_rgb(story.layer("journey_stop").color)
    assert centre[:3] == color and corner[:3] == color, (centre, corner)  # a circle of radius 8 ends at 5.7, 5.7
    assert outside[3] == 0
    assert heading == place.name
