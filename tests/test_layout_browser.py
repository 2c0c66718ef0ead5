"""The dashboard's layout as a reader sees it, in headless Chromium at 1440×900, 1280×720 and 390×844: the map
is most of the page, the first view shows every point and route leg inside the map and clear of its legend,
player and controls, the panel sits beside the map (under it on a phone), and a click on a route leg — in the
dashboard and in the exported report — tells the leg's story in the panel.

Each layout test saves a screenshot (into $MAPAPP_TEST_SCREENSHOTS when set, else the test's tmp folder).
Waits are on readiness (the map's first fit, Streamlit's status widget, selectors), never sleeps.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from mapapp.filters import presets
from mapapp.legstyle import retracing_legs
from browser_support import (LEG_TARGETS_JS, MAP_FRAME, ROOT, TOPMOST_LEG_JS, browser,  # noqa: F401
                             chromium_path, dashboard_server, map_frame, offline, open_dashboard, watch_errors)

pytestmark = pytest.mark.browser

SIZES = [(1440, 900), (1280, 720), (390, 844)]
TIMEOUT_MS = 45_000

#: The screen boxes (in the map frame) of the map, of every point and route leg drawn, and of the boxes over
#: the map that nothing shown may sit under.
BOXES_JS = """
() => {
  const map = window.mapapp.map, box = el => { const r = el.getBoundingClientRect();
    return {x0: r.left, y0: r.top, x1: r.right, y1: r.bottom}; };
  const features = [];
  map.eachLayer(layer => {
    const p = layer.feature && layer.feature.properties, el = layer._path || layer._icon;
    // not a feature; the land outline (not interactive) or a direction arrow
    if (!p || !el || !el.classList.contains('leaflet-interactive') || p.bearing !== undefined) { return; }
    features.push({id: p.id, kind: p.place_id ? 'point' : 'leg', ...box(el)});
  });
  const controls = {};
  for (const [name, sel] of [['legend', '.mapapp-legend'], ['player', '.mapapp-player'],
                             ['layers', '.leaflet-control-layers'], ['zoom', '.leaflet-control-zoom']]) {
    const el = document.querySelector(sel);
    if (el && el.getBoundingClientRect().width) { controls[name] = box(el); }
  }
  return {map: box(map.getContainer()), features, controls};
}
"""

FOCUSED_OUTLINE_JS = """
() => { const a = document.activeElement; return [a.tagName.toLowerCase(), getComputedStyle(a).outlineStyle]; }
"""


def shots_dir(tmp_path: Path) -> Path:
    out = Path(os.environ.get("MAPAPP_TEST_SCREENSHOTS") or tmp_path)
    out.mkdir(parents=True, exist_ok=True)
    return out


@pytest.fixture(scope="module")
def story():
    from mapapp.load import load_story

    return load_story(ROOT)


def open_page(browser, server, width, height, query=""):  # noqa: F811
    context = browser.new_context(viewport={"width": width, "height": height})
    watch = offline(context, (server.url, "file:", "data:", "blob:", "about:"))
    page = context.new_page()
    watch_errors(page, watch)
    open_dashboard(page, server.url + query)
    map_frame(page).wait_for_function("() => window.mapapp && window.mapapp.fits >= 1", timeout=TIMEOUT_MS)
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden", timeout=TIMEOUT_MS)
    return context, page, watch


def overlaps(a: dict, b: dict) -> bool:
    return a["x0"] < b["x1"] and b["x0"] < a["x1"] and a["y0"] < b["y1"] and b["y0"] < a["y1"]


@pytest.mark.parametrize("width,height", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_map_is_the_page_and_shows_the_whole_journey(browser, dashboard_server, story, width, height,  # noqa: F811
                                                     tmp_path):
    context, page, watch = open_page(browser, dashboard_server, width, height)
    try:
        page.screenshot(path=str(shots_dir(tmp_path) / f"dashboard-{width}x{height}.png"))
        box = page.locator(MAP_FRAME).bounding_box()
        # the whole map on the first screen
        assert box["y"] >= 0 and box["y"] + box["height"] <= height + 1, box
        if (width, height) == (1440, 900):
            assert box["width"] >= 0.6 * width and box["height"] >= 0.7 * height, box
        found = map_frame(page).evaluate(BOXES_JS)
        legs = [f for f in found["features"] if f["kind"] == "leg"]
        points = [f for f in found["features"] if f["kind"] == "point"]
        # the first view is the first preset's: all its legs and its points are drawn
        start, end = next(iter(presets(story).values()))
        assert {f["id"] for f in legs} == {r.id for r in story.routes if r.overlaps(start, end)}
        assert len(points) >= 10
        assert {"legend", "player", "layers", "zoom"} <= set(found["controls"]), found["controls"]
        frame = found["map"]
        for f in found["features"]:
            inside = (f["x0"] >= frame["x0"] - 1 and f["y0"] >= frame["y0"] - 1 and f["x1"] <= frame["x1"] + 1
                      and f["y1"] <= frame["y1"] + 1)
            assert inside, (f, frame)
            under = [name for name, c in found["controls"].items() if overlaps(f, c)]
            assert not under, f"{f['id']} ({f['kind']}) lies under the {', '.join(under)}"
        side = page.locator(".st-key-mapapp_details").bounding_box()
        if width >= 640:  # the panel beside the map, scrolling on its own, no taller than the map
            assert side["x"] >= box["x"] + box["width"] - 1
            assert side["y"] + side["height"] <= box["y"] + box["height"] + 2
            assert page.locator(".st-key-mapapp_details").evaluate("el => getComputedStyle(el).overflowY") == "auto"
        else:  # on a phone: the map first, the panel under it
            assert side["y"] >= box["y"] + box["height"] - 1
        assert not watch.problems()
    finally:
        context.close()


def test_leg_click_tells_the_legs_story(browser, dashboard_server, story, tmp_path):  # noqa: F811
    context, page, watch = open_page(browser, dashboard_server, 1440, 900)
    try:
        targets = map_frame(page).evaluate(LEG_TARGETS_JS)
        assert len(targets) >= 4, targets
        # legs drawn over the track of an earlier one first, then the others; each click shows the leg the
        # pointer hits (where legs overlap, the one on top, or hovered)
        retracing = retracing_legs(story.routes)
        targets.sort(key=lambda t: t["id"] not in retracing)
        frame_box = page.locator(MAP_FRAME).bounding_box()
        shown = []
        for number, target in enumerate(targets):
            page.mouse.move(frame_box["x"] + target["x"], frame_box["y"] + target["y"])
            hit = map_frame(page).evaluate(TOPMOST_LEG_JS, [target["x"], target["y"]])
            assert hit, target
            leg = next(r for r in story.routes if r.id == hit)
            page.mouse.down()
            if number == 0:
                tag, outline = map_frame(page).evaluate(FOCUSED_OUTLINE_JS)
                assert (tag, outline) == ("path", "none"), f"a clicked line draws a focus box ({tag}: {outline})"
            page.mouse.up()
            page.locator(".mapapp-leg-panel h3").filter(has_text=leg.name).wait_for(timeout=TIMEOUT_MS)
            text = page.locator(".mapapp-leg-panel").inner_text()
            for needle in ("km along the drawn track", "km/day", "Dates", "Mode", "Sources"):
                assert needle in text, needle
            page.wait_for_url(f"**select={leg.id}**", timeout=TIMEOUT_MS)
            page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden", timeout=TIMEOUT_MS)
            shown.append(leg.id)
            if number == 0:
                page.screenshot(path=str(shots_dir(tmp_path) / "dashboard-leg-1440x900.png"))
        assert len(set(shown)) >= 4 and retracing & set(shown), shown
        assert not watch.problems()
    finally:
        context.close()


def test_link_with_a_leg_opens_its_panel(browser, dashboard_server, story):  # noqa: F811
    leg = next(r for r in story.routes if r.approximate)
    context, page, watch = open_page(browser, dashboard_server, 1280, 720, f"/?select={leg.id}")
    try:
        panel = page.locator(".mapapp-leg-panel")
        panel.wait_for(timeout=TIMEOUT_MS)
        assert panel.locator("h3").inner_text() == leg.name
        assert "Approximate stretches" in panel.inner_text()
        assert not watch.problems()
    finally:
        context.close()


def test_a_leg_picked_off_the_map_is_brought_into_view(browser, dashboard_server, story):  # noqa: F811
    """A link to a leg (as a row picked in the list of legs) fits the map to that leg; the whole journey's view
    would show the shortest leg as a small part of the map."""
    from mapapp.journey import leg_km

    leg = min(story.routes, key=leg_km)
    lons = [c[0] for line in leg.lines for c in line]
    lats = [c[1] for line in leg.lines for c in line]
    context, page, watch = open_page(browser, dashboard_server, 1280, 720, f"/?select={leg.id}")
    try:
        page.locator(".mapapp-leg-panel").wait_for(timeout=TIMEOUT_MS)
        share = map_frame(page).evaluate("""b => {
          const map = window.mapapp.map, bounds = L.latLngBounds(b), size = map.getSize();
          if (!map.getBounds().contains(bounds)) { return 0; }
          const a = map.latLngToContainerPoint(bounds.getNorthWest()), z = map.latLngToContainerPoint(bounds.getSouthEast());
          return Math.max((z.x - a.x) / size.x, (z.y - a.y) / size.y); }""",
                                         [[min(lats), min(lons)], [max(lats), max(lons)]])
        assert share >= 0.4, f"the leg {leg.id} fills {share:.0%} of the map"
        assert not watch.problems()
    finally:
        context.close()


@pytest.fixture(scope="module")
def report(tmp_path_factory, chromium_path):  # noqa: F811
    out = tmp_path_factory.mktemp("report") / "report.html"
    done = subprocess.run([sys.executable, "-m", "mapapp", "export", "--format", "html", "--out", str(out),
                           "--story", str(ROOT)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return out


def test_report_leg_click_shows_the_leg(browser, report, story, tmp_path):  # noqa: F811
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    watch = offline(context, ("file:",))
    page = context.new_page()
    watch_errors(page, watch)
    try:
        page.goto(report.as_uri())
        page.wait_for_selector("html.report-ready", timeout=TIMEOUT_MS)
        targets = page.evaluate(LEG_TARGETS_JS)
        assert targets, "no leg to click"
        target = targets[0]
        leg = next(r for r in story.routes if r.id == target["id"])
        page.mouse.click(target["x"], target["y"])
        panel = page.locator("#report-details .mapapp-leg-panel")
        panel.wait_for(timeout=TIMEOUT_MS)
        assert panel.locator("h3").inner_text() == leg.name
        assert "km/day" in panel.inner_text()
        page.screenshot(path=str(shots_dir(tmp_path) / "report-leg-1440x900.png"))
        assert not watch.problems()
    finally:
        context.close()


def test_a_map_fitted_before_it_has_a_size_fits_once_it_has_one(browser, story, tmp_path):  # noqa: F811
    """The dashboard's map can be added while its iframe has no height yet; a fit then would zoom to the
    deepest level around the middle of the route and stay there, most legs off the map (seen in CI). The fit
    waits for the map's first size instead."""
    from datetime import date

    from mapapp.filters import FilterOptions, apply
    from mapapp.mapbuild import MapOptions, build_map

    view = apply(story, {}, FilterOptions(start=date(2023, 9, 10), end=date(2023, 9, 19)))
    page_file = tmp_path / "map.html"
    page_file.write_text(build_map(story, view, MapOptions(tiles="", height="0px")).get_root().render(),
                         encoding="utf-8")
    context = browser.new_context(viewport={"width": 1200, "height": 800})
    watch = offline(context, ("file:", "data:", "about:"))
    page = context.new_page()
    watch_errors(page, watch)
    page.goto(page_file.as_uri())
    page.wait_for_function("() => window.mapapp && window.mapapp.fits >= 1", timeout=TIMEOUT_MS)
    page.evaluate("() => { document.querySelector('.folium-map').style.height = '700px';"
                  " window.dispatchEvent(new Event('resize')); }")
    drawn = page.wait_for_function("""() => {
      const paths = Array.from(document.querySelectorAll('path.leaflet-interactive'));
      return paths.length && paths.every(p => p.getAttribute('d') !== 'M0 0') && paths.length; }""",
                                   timeout=TIMEOUT_MS).json_value()
    inside = page.evaluate("""b => window.mapapp.map.getBounds().contains(L.latLngBounds(b))""",
                           [[min(p.lat for p in view.places), min(p.lon for p in view.places)],
                            [max(p.lat for p in view.places), max(p.lon for p in view.places)]])
    context.close()
    assert drawn >= len(view.routes) and inside
    assert not watch.page_errors
