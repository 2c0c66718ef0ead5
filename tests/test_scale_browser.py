"""Large stories in headless Chromium: an exported 2,000-event story drawn on the canvas and clustered — a
click on a point (or on clusters, until the point shows) opens its details — and the dashboard's click →
nearest place → details panel path with canvas-drawn points."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from browser_support import (MAP_FRAME, StreamlitServer, browser, chromium_path, map_frame,  # noqa: F401
                             offline, report_markup_mismatches, watch_errors)
from mapapp.export import html_document
from mapapp.filters import FilterOptions, apply
from mapapp.link import link_story
from mapapp.load import load_story
from mapapp.mapbuild import MapOptions

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
from make_story import write_story  # noqa: E402

pytestmark = pytest.mark.browser
N = 2_000

#: Every event feature is drawn: on the map, or held by its category's cluster group.
DRAWN = """() => {
  const m = window.mapapp;
  if (!m || !m.layers || !m.layers.journey_stop) return false;
  return Object.entries(m.layers).filter(([k]) => k !== 'rail_leg').every(([k, layer]) => {
    const all = layer.getLayers(), cluster = m.clusters && m.clusters[k];
    return all.length > 0 && (cluster ? cluster.getLayers().length === all.length : all.every(l => l._map));
  });
}"""

#: The map has stopped moving (a click during the first fit's animation would count as a drag).
SETTLED = """() => { const map = window.mapapp.map;
  return !map._animatingZoom && !(map._panAnim && map._panAnim._inProgress); }"""

#: The most isolated journey-stop point (farthest from any other place) in the current view, its container
#: position and its place name: a click there can only mean that point.
TARGET = """() => {
  const m = window.mapapp, map = m.map;
  const feats = m.layers.journey_stop.getLayers();
  const seen = new Map();  // one point per (category, place): what could lie over or near the target
  for (const l of Object.values(m.layers).flatMap(x => x.getLayers ? x.getLayers() : [])) {
    const q = l.feature && l.feature.properties;
    if (q && l.feature.geometry.type === 'Point') seen.set(q.category + ' ' + q.place_id, l);
  }
  const places = [...seen.values()];
  const size = map.getSize();
  let best = null, bestD = -1;
  for (const l of feats) {
    const p = map.latLngToContainerPoint(l.getLatLng());
    if (p.x < 60 || p.y < 60 || p.x > size.x - 60 || p.y > size.y - 60) continue;
    let d = Infinity;
    for (const o of places) {
      if (o.feature.properties.category === 'journey_stop' &&
          o.feature.properties.place_id === l.feature.properties.place_id) continue;
      d = Math.min(d, p.distanceTo(map.latLngToContainerPoint(o.getLatLng())));
    }
    if (d > bestD) { best = l; bestD = d; }
  }
  const p = map.latLngToContainerPoint(best.getLatLng());
  return {x: p.x, y: p.y, id: best.feature.properties.id, place: best.feature.properties.place_id,
          name: best.feature.properties.tooltip.replace(/<br>.*$/, '').replace(/<[^>]+>/g, ''), gap: bestD};
}"""


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    folder = tmp_path_factory.mktemp("scale_browser")
    root = write_story(folder / "story", N)
    story = load_story(root)
    view = apply(story, link_story(story), FilterOptions())
    pages = {}
    for mode in ("auto", "cluster"):
        path = folder / f"{mode}.html"
        path.write_text(html_document(story, view, FilterOptions(), MapOptions(tiles="", points=mode)), "utf-8")
        pages[mode] = path
    return root, story, pages


@pytest.fixture
def page(browser):  # noqa: F811
    context = browser.new_context(viewport={"width": 1300, "height": 900})
    watch = offline(context, ("file:", "data:", "about:"))
    p = context.new_page()
    watch_errors(p, watch)
    yield p, watch
    context.close()


def click_at(page, frame_selector, x, y):
    box = (page.locator(frame_selector).bounding_box() if frame_selector else
           page.locator(".leaflet-container").first.bounding_box())
    page.mouse.click(box["x"] + x, box["y"] + y)


def test_canvas_points_are_drawn_and_open_their_details(big, page):
    _, story, pages = big
    p, watch = page
    p.goto(pages["auto"].as_uri())
    p.wait_for_function(DRAWN, timeout=30_000)
    assert p.locator(".leaflet-container canvas").count() >= 1  # points on a canvas, not 2,000 SVG paths
    assert p.locator("path.leaflet-interactive").count() == 0
    target = p.evaluate(TARGET)
    assert target["gap"] > 12, target
    click_at(p, None, target["x"], target["y"])
    popup = p.locator(".leaflet-popup-content")
    popup.wait_for(state="visible", timeout=10_000)
    place = story.place_by_id[target["place"]]
    assert place.name in popup.inner_text() and place.name == target["name"]
    assert watch.problems() == []


def test_report_lists_every_event_after_drawing_and_builds_the_same_markup(big, page):
    """A long list of events is built in chunks once the points are drawn; list, panels and sources end up
    as render.py would make them."""
    root, story, pages = big
    p, watch = page
    p.goto(pages["auto"].as_uri())
    p.wait_for_function(DRAWN, timeout=30_000)
    view = apply(story, link_story(story), FilterOptions())
    assert report_markup_mismatches(p, story, view) == []  # waits for the whole list
    assert p.locator("#report-events li").count() == N
    assert watch.problems() == []


def test_clustered_points_open_their_details_through_the_clusters(big, page):
    _, story, pages = big
    p, watch = page
    p.goto(pages["cluster"].as_uri())
    p.wait_for_function(DRAWN, timeout=30_000)
    assert p.locator(".marker-cluster").count() > 0
    # Follow one event: click the cluster that holds it until it shows as a point (zoom in or spiderfy).
    event_id = p.evaluate("() => window.mapapp.layers.journey_stop.getLayers()[0].feature.properties.id")
    locate = """(id) => {
      const m = window.mapapp, map = m.map, cluster = m.clusters.journey_stop;
      const marker = m.layers.journey_stop.getLayers().find(l => l.feature.properties.id === id);
      if (map._animatingZoom || cluster._inZoomAnimation) return null;
      // a circle marker has no _icon, so getVisibleParent never returns it: on the map means shown
      const shown = marker._map ? marker : cluster.getVisibleParent(marker);
      if (!shown) { map.setView(marker.getLatLng(), map.getZoom(), {animate: false}); return null; }
      const p = map.latLngToContainerPoint(shown.getLatLng());
      return {x: p.x, y: p.y, point: shown === marker, zoom: map.getZoom()};
    }"""
    for _ in range(25):
        handle = p.wait_for_function(locate, arg=event_id, timeout=10_000)
        spot = handle.json_value()
        click_at(p, None, spot["x"], spot["y"])
        if spot["point"]:
            break
        # wait until the click took effect: zoomed in, or the cluster spread out its points
        p.wait_for_function("""(z) => { const m = window.mapapp; return m.map.getZoom() !== z ||
                               !!m.clusters.journey_stop._spiderfied; }""", arg=spot["zoom"], timeout=10_000)
    else:
        pytest.fail("the event never showed as a point")
    popup = p.locator(".leaflet-popup-content")
    popup.wait_for(state="visible", timeout=10_000)
    event = story.event_by_id[event_id]
    assert story.place_by_id[event.place_id].name in popup.inner_text()
    assert watch.problems() == []


def test_dashboard_click_on_a_canvas_point_shows_its_place(big, browser):  # noqa: F811
    root, story, _ = big
    with StreamlitServer(story=root) as server:
        # tall enough that the whole map is on screen: a click below the fold would go nowhere
        context = browser.new_context(viewport={"width": 1400, "height": 1500})
        watch = offline(context, (server.url, "file:", "data:", "blob:", "about:"))
        p = context.new_page()
        watch_errors(p, watch)
        try:
            p.goto(server.url, wait_until="domcontentloaded")
            p.locator(MAP_FRAME).wait_for(state="attached", timeout=60_000)
            frame = map_frame(p)
            frame.wait_for_function(DRAWN, timeout=60_000)
            frame.wait_for_function(SETTLED, timeout=30_000)
            target = frame.evaluate(TARGET)
            click_at(p, MAP_FRAME, target["x"], target["y"])
            name = story.place_by_id[target["place"]].name
            p.locator(".mapapp-panel h3", has_text=name).wait_for(timeout=30_000)
        finally:
            context.close()
