"""The dashboard keeps its map mounted across reruns: a date-filter change swaps the points and rail legs (the
view's layers, st_folium's dynamic feature groups) inside the same Leaflet map, in the same page — between
the canvas drawing of many points and SVG circles for fewer — and clicks on the new points still select
their place. Headless Chromium on a 2,000-event synthetic story (benchmarks/make_story.py)."""
from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest

from browser_support import (MAP_FRAME, StreamlitServer, browser, chromium_path, map_frame,  # noqa: F401
                             offline, open_sidebar, watch_errors)
from mapapp.filters import FilterOptions, apply
from mapapp.link import link_story
from mapapp.load import load_story
from test_scale_browser import SETTLED, TARGET, click_at

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
from make_story import write_story  # noqa: E402

pytestmark = pytest.mark.browser
N = 2_000

#: (points on the map, rail legs on the map) of the registry's current layers.
SHOWN = """() => {
  const m = window.mapapp;
  if (!m || !m.layers) return null;
  let points = 0, legs = 0;
  for (const [key, layer] of Object.entries(m.layers)) {
    const on = layer.getLayers().filter(l => l._map).length;
    if (key === 'rail_leg') legs += on; else points += on;
  }
  return [points, legs];
}"""

#: Marks the map object, its page and its container; a remounted map would lose all three.
MARK = """() => {
  const t = String(Math.random()), map = window.mapapp.map;
  window.__stable = t; map.__stable = t; map.getContainer().dataset.stable = t;
  return t;
}"""

#: What tells a kept map from a new one, and what must not pile up when the layers are swapped.
STATE = """() => {
  const map = window.mapapp.map;
  return {page: window.__stable || null, map: map.__stable || null,
          container: map.getContainer().dataset.stable || null,
          containers: document.querySelectorAll('.leaflet-container').length,
          layerControls: document.querySelectorAll('.leaflet-control-layers').length,
          canvases: document.querySelectorAll('.leaflet-overlay-pane canvas').length,
          players: document.querySelectorAll('.mapapp-player').length,
          legend: document.querySelector('.mapapp-legend').innerText};
}"""


@pytest.fixture(scope="module")
def big(tmp_path_factory, chromium_path):  # noqa: F811 (no server without Chromium)
    root = write_story(tmp_path_factory.mktemp("stable") / "story", N)
    story = load_story(root)
    with StreamlitServer(story=root) as server:
        yield story, link_story(story), server


def counts(story, snippets, start=None, end=None) -> list[int]:
    """[events, rail legs, circles (the events but the summit's stars)] the core shows for the dates."""
    view = apply(story, snippets, FilterOptions(start=start, end=end))
    return [len(view.events), len(view.routes), sum(e.category != "summit" for e in view.events)]


def wait_shown(frame, want: list[int]) -> None:
    frame.wait_for_function(f"w => {{ const s = ({SHOWN})(); return !!s && s[0] === w[0] && s[1] === w[1]; }}",
                            arg=want[:2], timeout=60_000)


def test_a_date_change_swaps_points_and_legs_in_the_same_map(big, browser, tmp_path):  # noqa: F811
    story, snippets, server = big
    context = browser.new_context(viewport={"width": 1400, "height": 1500})
    watch = offline(context, (server.url, "data:", "blob:", "about:"))
    page = context.new_page()
    watch_errors(page, watch)
    try:
        page.goto(server.url, wait_until="domcontentloaded")
        page.locator(MAP_FRAME).wait_for(state="attached", timeout=60_000)
        frame = map_frame(page)
        first, last = story.date_bounds()
        everything = counts(story, snippets)
        assert everything[:2] == [N, len(story.routes)]
        wait_shown(frame, everything)
        mark = frame.evaluate(MARK)
        before = frame.evaluate(STATE)
        assert before["canvases"] == 1 and before["players"] == 1 and "Rail route" in before["legend"]
        page.screenshot(path=str(tmp_path / "before.png"))

        # The end date's year back to the first year: fewer points (SVG circles now) and no rail legs.
        open_sidebar(page)
        page.get_by_role("spinbutton", name="year, Date range end date").click()
        page.keyboard.type(str(first.year))
        page.keyboard.press("Escape")  # closes the calendar and commits the range
        fewer = counts(story, snippets, first, date(first.year, 12, 31))
        assert 0 < fewer[0] <= 1_000 < N and fewer[1] == 0
        wait_shown(frame, fewer)
        page.get_by_text(f"Showing {fewer[0]} of {N} events").wait_for(timeout=30_000)
        after = frame.evaluate(STATE)
        assert (after["page"], after["map"], after["container"]) == (mark, mark, mark), "the map was remounted"
        assert after["containers"] == 1 and after["layerControls"] == 1
        assert after["canvases"] == 0, "the canvas of the many points went with them"
        assert after["players"] == 0 and "Rail route" not in after["legend"]
        assert frame.locator("path.leaflet-interactive").count() == fewer[2], "one SVG circle per point"
        page.screenshot(path=str(tmp_path / "after.png"))

        # Back to everything (a preset sets both dates): the canvas, the legs and the player return.
        page.locator('[data-testid="stSidebar"]').get_by_text("All", exact=True).click()
        wait_shown(frame, everything)
        again = frame.evaluate(STATE)
        assert (again["page"], again["map"], again["container"]) == (mark, mark, mark), "the map was remounted"
        assert again["canvases"] == 1 and again["players"] == 1 and again["layerControls"] == 1
        assert "Rail route" in again["legend"]

        # A click on one of the new canvas points still reaches the app: its place is selected.
        frame.wait_for_function(SETTLED, timeout=30_000)
        target = frame.evaluate(TARGET)
        assert target["gap"] > 12, target
        click_at(page, MAP_FRAME, target["x"], target["y"])
        page.locator(".mapapp-panel h3", has_text=story.place_by_id[target["place"]].name).wait_for(timeout=30_000)
        assert frame.evaluate(STATE)["map"] == mark
        assert watch.problems() == []
    finally:
        context.close()
