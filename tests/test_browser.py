"""Playwright flows in headless Chromium: the dashboard draws its layers, clicks open the detail panel,
and the exported HTML draws the map from disk with every remote request blocked.

One Streamlit server (built-in story) serves the whole module; each test gets a fresh browser context
whose only reachable origin is that server. Waits are on locators and JS predicates, never on sleeps.
Without Chromium at /usr/bin/chromium these tests skip (they fail instead when CI is set).
"""
from __future__ import annotations

import subprocess
import sys

import pytest

# browser, chromium_path, dashboard_server and dashboard_page are fixtures (see browser_support.py).
from browser_support import (MAP_FRAME, ROOT, TAG_MARKERS_JS, browser, chromium_path,  # noqa: F401
                             dashboard_page, dashboard_server, map_frame, offline, only_tiles, open_dashboard,
                             watch_errors)

pytestmark = pytest.mark.browser


def expected(start=None, end=None):
    """(route legs, circle markers, stars) the map should draw for a date range, from the core."""
    from mapapp import link_story, load_story
    from mapapp.filters import FilterOptions, apply

    story = load_story(ROOT)
    view = apply(story, link_story(story), FilterOptions(start=start, end=end))
    stars = sum(e.category == "summit" for e in view.events)
    return len(view.routes), len(view.events) - stars, stars


def rough_parts(start=None, end=None) -> int:
    """How many legs in the range have approximate parts: each is drawn once more, as white dots on top."""
    from mapapp import link_story, load_story
    from mapapp.filters import FilterOptions, apply

    story = load_story(ROOT)
    return sum(bool(r.approximate) for r in apply(story, link_story(story), FilterOptions(start=start, end=end)).routes)


def default_preset_range():
    from mapapp import load_story
    from mapapp.filters import presets

    return next(iter(presets(load_story(ROOT)).values()))


def assert_clean(watch):
    """No page errors, no console errors (beyond our aborted tiles), nothing but tiles blocked."""
    assert not watch.problems(), watch.problems()
    assert not only_tiles(watch.blocked), f"non-tile remote requests: {only_tiles(watch.blocked)}"


def test_dashboard_draws_route_points_star_and_legend(dashboard_page):
    page, watch = dashboard_page.page, dashboard_page.watch
    frame = open_dashboard(page, dashboard_page.url)
    legs, circles, stars = expected(*default_preset_range())
    # Each leg is one SVG path without fill; each point a filled circle path; the summit a ★ div icon.
    rough = rough_parts(*default_preset_range())
    assert rough, "the built-in story has approximate stretches in North Korea"
    frame.locator("path.leaflet-interactive").nth(legs + rough + circles - 1).wait_for()
    assert frame.locator('path.leaflet-interactive[fill="none"]').count() == legs + rough
    assert frame.locator('path.leaflet-interactive[fill="none"][stroke="#ffffff"]').count() == rough
    assert frame.locator("path.leaflet-interactive").count() == legs + rough + circles
    assert frame.locator(".mapapp-star").count() == stars == 1
    assert frame.locator(".mapapp-arrow").count() >= legs, "direction arrows along the legs"
    legend = frame.locator(".mapapp-legend").inner_text()
    assert "Legend" in legend and "Putin–Kim summit" in legend and "2023 journey stop" in legend
    assert f"({legs} legs)" in legend, "the legend counts the rail legs (listed when expanded)"
    layers = frame.locator(".leaflet-control-layers").text_content()
    assert "Rail route (2023)" in layers and "2023 journey stop" in layers
    assert page.get_by_text("Showing").first.is_visible()
    assert_clean(watch)
    assert watch.blocked, "tiles were requested (and blocked)"


def test_click_summit_star_shows_details(dashboard_page):
    page, watch = dashboard_page.page, dashboard_page.watch
    frame = open_dashboard(page, dashboard_page.url)
    frame.locator(".mapapp-star").click()
    panel = page.locator(".mapapp-panel")
    panel.wait_for(timeout=30_000)
    text = panel.inner_text()
    assert "Vostochny Cosmodrome" in text
    assert "Putin–Kim summit at the Vostochny Cosmodrome" in text and "13 Sep 2023" in text
    assert "Participants:" in text and "Vladimir Putin" in text
    assert panel.locator("ul.mapapp-sources a[href^='https://']").count() >= 1
    assert panel.locator("blockquote.mapapp-snippet mark").count() >= 1
    assert_clean(watch)


def test_click_named_point_shows_snippet_with_highlight(dashboard_page):
    page, watch = dashboard_page.page, dashboard_page.watch
    open_dashboard(page, dashboard_page.url)
    frame = page.frame_locator(MAP_FRAME)
    assert map_frame(page).evaluate(TAG_MARKERS_JS) > 0
    # Pyongyang Station: departure and return share the spot; click the marker on top.
    frame.locator('path[data-place="pyongyang_station"]').last.click()
    panel = page.locator(".mapapp-panel")
    panel.wait_for(timeout=30_000)
    assert "Pyongyang Station" in panel.locator("h3").inner_text()
    quote = panel.locator("blockquote.mapapp-snippet").first
    assert "departed from Pyongyang" in quote.inner_text()
    assert quote.locator("mark").first.inner_text() == "Pyongyang"
    assert_clean(watch)


def test_exported_html_draws_offline(browser, tmp_path):
    out = tmp_path / "x.html"
    done = subprocess.run([sys.executable, "-m", "mapapp", "export", "--out", str(out), "--story", str(ROOT)],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    legs, circles, stars = expected()
    context = browser.new_context(viewport={"width": 1200, "height": 800})
    try:
        watch = offline(context, ("file:", "data:", "blob:", "about:"))
        page = context.new_page()
        watch_errors(page, watch)
        page.goto(out.as_uri(), wait_until="load")
        rough = rough_parts()
        page.wait_for_function("n => document.querySelectorAll('path.leaflet-interactive').length >= n",
                               arg=legs + rough + circles, timeout=30_000)
        assert page.locator('path.leaflet-interactive[fill="none"]').count() == legs + rough
        assert page.locator("path.leaflet-interactive").count() == legs + rough + circles
        assert page.locator(".mapapp-star").count() == stars == 1
        assert page.locator(".mapapp-legend").is_visible()
        assert_clean(watch)
        assert watch.blocked, "the basemap tried its tiles"
        assert all(u.startswith(("http://", "https://")) for u in watch.blocked)
    finally:
        context.close()


def test_error_watch_is_not_blind(browser):
    """The harness itself: a thrown error, a console.error and a non-tile request are all noticed."""
    context = browser.new_context()
    try:
        watch = offline(context, ("about:", "data:"))
        page = context.new_page()
        watch_errors(page, watch)
        with page.expect_event("pageerror"), page.expect_event("requestfailed"), \
                page.expect_console_message(lambda m: m.type == "error"):
            page.set_content("<script>console.error('said'); fetch('https://example.org/x').catch(() => {});"
                             "setTimeout(() => { throw new Error('boom'); });</script>")
        assert any("boom" in e for e in watch.page_errors)
        assert any("said" in m for m in watch.problems())
        assert only_tiles(watch.blocked) == ["https://example.org/x"]
    finally:
        context.close()
