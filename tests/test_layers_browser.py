"""A story with its own layers in headless Chromium: the dashboard's map and the exported HTML report show the
story's legend, its square and triangle symbols in the layer colours, and the flight as a great-circle arc;
the player moves a plane along the flight. Offline (only the local server or file: is reachable); waits are on
readiness, never sleeps."""
from __future__ import annotations

import subprocess
import sys

import pytest

from browser_support import (MAP_FRAME, ROOT, StreamlitServer, browser, chromium_path, map_frame, offline,  # noqa: F401
                             only_tiles, watch_errors)
from story_factory import LAYERED_STORY_JSON, write_layered_story

pytestmark = pytest.mark.browser

TIMEOUT_MS = 30_000
COLOURS = {d["id"]: d["color"].lower() for d in LAYERED_STORY_JSON["layers"]}
#: What the map draws, read in its page: legend text, symbol markers with their fill, and the polylines.
DRAWN = """
() => {
  const fills = sel => Array.from(document.querySelectorAll(sel + ' svg g'), g => g.getAttribute('fill'));
  const flight = window.mapapp.layers.flight.getLayers()[0].getLatLngs();  // Leaflet simplifies what it draws
  return {legend: document.querySelector('.mapapp-legend').innerText,
          squares: fills('.mapapp-sym-square'), triangles: fills('.mapapp-sym-triangle'),
          legendSymbols: Array.from(document.querySelectorAll('.mapapp-legend .sy'), s => s.className),
          arc: flight.length, middle: flight[Math.floor(flight.length / 2)].lat,
          flightDrawn: !!window.mapapp.layers.flight.getLayers()[0].getElement()};
}
"""


@pytest.fixture(scope="module")
def story_root(tmp_path_factory):
    return write_layered_story(tmp_path_factory.mktemp("layered"))


def check_drawn(drawn):
    for label in ("March", "Flight", "Protest", "Arrests"):
        assert label in drawn["legend"], drawn["legend"]
    assert "summit" not in drawn["legend"].lower() and "rail" not in drawn["legend"].lower()
    assert drawn["squares"] == [COLOURS["protest"]] * 2, drawn  # e_rally and e_fdf
    assert drawn["triangles"] == [COLOURS["arrests"]], drawn
    assert drawn["legendSymbols"] == ["sy sym-square", "sy sym-triangle"]
    assert drawn["arc"] > 100 and drawn["flightDrawn"], "the flight is drawn as a densified arc, not 2 points"
    assert drawn["middle"] > (49.01 + 14.59) / 2 + 3, "the great circle bends north of the straight line"


def test_the_dashboard_map_shows_the_storys_legend_symbols_arc_and_plane(browser, story_root):  # noqa: F811
    with StreamlitServer(story=story_root) as server:
        context = browser.new_context(viewport={"width": 1400, "height": 1400})
        watch = offline(context, (server.url, "data:", "blob:", "about:"))
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        watch_errors(page, watch)
        page.goto(server.url, wait_until="domcontentloaded")
        frame = page.frame_locator(MAP_FRAME)  # open_dashboard waits for a visible leg: the march is a dot here
        frame.locator(".mapapp-legend").wait_for(timeout=60_000)
        frame.locator(".mapapp-sym-triangle").first.wait_for()
        frame.locator(".mapapp-sym-square").nth(1).wait_for()
        mf = map_frame(page)
        check_drawn(mf.evaluate(DRAWN))
        # the player: on the march day a car, during the flight a plane, on the flight's course
        mf.wait_for_function("() => window.mapapp && window.mapapp.playback")
        mf.evaluate("() => window.mapapp.playback.seek(0.5)")
        assert mf.evaluate("() => window.mapapp.playback.state().mode") == "road"
        mf.evaluate("() => window.mapapp.playback.seek(2.5)")
        state = mf.evaluate("() => window.mapapp.playback.state()")
        assert state["mode"] == "air" and mf.locator(".mapapp-vehicle-air").count() == 1
        assert 14.5 < state["latlng"]["lat"] < 49.1 and -61.1 < state["latlng"]["lng"] < 2.6
        assert not watch.problems(), watch.problems()
        assert not only_tiles(watch.blocked)
        context.close()


def test_the_exported_report_shows_the_storys_legend_symbols_and_arc(browser, story_root, tmp_path):  # noqa: F811
    out = tmp_path / "layered.html"
    done = subprocess.run([sys.executable, "-m", "mapapp", "export", "--format", "html", "--out", str(out),
                           "--story", str(story_root)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    context = browser.new_context(viewport={"width": 1366, "height": 820})
    watch = offline(context, ("file:",))
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    watch_errors(page, watch)
    page.goto(out.as_uri())
    page.wait_for_selector("html.report-ready")
    check_drawn(page.evaluate(DRAWN))
    # the list's entries carry their layer's colour; the story's own periods are the presets
    edges = page.evaluate("() => Array.from(document.querySelectorAll('#report-events button'), "
                          "b => [b.dataset.category, getComputedStyle(b).borderLeftColor])")
    assert {c for c, _ in edges} == {"protest", "arrests"}
    assert dict(edges)["arrests"] == "rgb(0, 114, 178)"  # #0072B2
    assert page.locator(".report-preset").all_inner_texts()[:2] == ["April", "First week"]
    page.locator(".report-preset", has_text="First week").click()
    assert "2 legs" in page.locator("#report-shown").inner_text()
    assert not watch.problems(), watch.problems()
    assert not only_tiles(watch.blocked)
    context.close()


def test_the_example_storys_report_opens_with_its_layers_and_steps(browser, tmp_path):  # noqa: F811
    out = tmp_path / "putin-2024.html"
    done = subprocess.run([sys.executable, "-m", "mapapp", "export", "--format", "html", "--out", str(out),
                           "--story", str(ROOT / "examples" / "putin-2024")], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    context = browser.new_context(viewport={"width": 1366, "height": 820})
    watch = offline(context, ("file:",))
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    watch_errors(page, watch)
    page.goto(out.as_uri())
    page.wait_for_selector("html.report-ready")
    legend = page.locator(".mapapp-legend").inner_text()
    for label in ("Flight", "Arrival or departure", "Welcome ceremony", "Talks and signings", "Visit or wreath-laying"):
        assert label in legend
    assert page.locator("#report-shown").inner_text() == "15 events, 2 flights"
    assert "km by air" in page.locator(".report-totals").inner_text()
    page.locator("#report-next").click()
    assert page.locator("#report-step").inner_text().startswith("Stop 1 of 15: Yakutsk Airport")
    page.locator(".report-preset", has_text="Vietnam").click()
    assert page.locator("#report-count").inner_text() == "6 events shown"
    assert not watch.problems(), watch.problems()
    context.close()
