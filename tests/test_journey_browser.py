"""Playwright flows of the journey features in headless Chromium: a shared URL opens the same selection,
Next/→ walk three stops, the in-map player moves the train, and the dashboard fits a 390 px phone screen.

Waits are on locators and page predicates, never on sleeps. Screenshots go to the test's tmp_path.
"""
from __future__ import annotations

import pytest

# browser, chromium_path, dashboard_server and dashboard_page are fixtures (see browser_support.py).
from browser_support import (ROOT, browser, chromium_path, dashboard_page, dashboard_server,  # noqa: F401
                             map_frame, offline, only_tiles, open_dashboard, watch_errors)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def steps():
    from mapapp import journey, load_story

    story = load_story(ROOT)
    return story, journey.steps(story)


def assert_clean(watch):
    assert not watch.problems(), watch.problems()
    assert not only_tiles(watch.blocked), f"non-tile remote requests: {only_tiles(watch.blocked)}"


def panel_title(page, text: str, timeout: float = 30_000) -> None:
    page.locator(".mapapp-panel h3", has_text=text).wait_for(timeout=timeout)


def test_shared_url_opens_the_same_selection(dashboard_page, steps):
    story, _ = steps
    page, watch = dashboard_page.page, dashboard_page.watch
    event = story.event_by_id["e2023_vostochny_summit"]
    place = story.place_by_id[event.place_id]
    open_dashboard(page, f"{dashboard_page.url}/?start=2023-09-12&end=2023-09-14&select={event.id}"
                         "&layers=rail_leg,summit")
    panel_title(page, place.name)
    assert event.title in page.locator(".mapapp-panel").inner_text()
    frame = map_frame(page)
    frame.wait_for_function(f"""() => {{  // centred on the place (give or take a pan animation's last pixels)
        const c = window.mapapp.map.getCenter();
        return Math.abs(c.lat - {place.lat}) < 0.3 && Math.abs(c.lng - {place.lon}) < 0.3; }}""")
    assert frame.evaluate("() => Object.keys(window.mapapp.layers).sort()") == ["rail_leg", "summit"]
    page.wait_for_function("() => location.search.includes('select=e2023_vostochny_summit')")
    assert "start=2023-09-12" in page.url and "layers=rail_leg%2Csummit" in page.url.replace(",", "%2C")
    assert_clean(watch)


def test_step_through_three_stops_with_button_and_arrow_key(dashboard_page, steps):
    story, journey_steps = steps
    page, watch = dashboard_page.page, dashboard_page.watch
    open_dashboard(page, dashboard_page.url)
    next_button = page.get_by_role("button", name="Next")
    for i in range(3):
        if i == 1:
            page.keyboard.press("ArrowRight")  # focus is on the page (the Next button), not in the map frame
        else:
            next_button.click()
        step = journey_steps[i]
        panel_title(page, story.place_by_id[step.place_id].name)
        page.get_by_text(f"{i + 1} of {len(journey_steps)}").first.wait_for()
        page.wait_for_function(f"() => location.search.includes('select={step.id}')")
    page.keyboard.press("ArrowLeft")
    panel_title(page, story.place_by_id[journey_steps[1].place_id].name)
    page.wait_for_function(f"() => location.search.includes('select={journey_steps[1].id}')")
    assert_clean(watch)


def test_playback_moves_the_train_and_pauses_at_stops(dashboard_page):
    page, watch = dashboard_page.page, dashboard_page.watch
    frame = open_dashboard(page, dashboard_page.url)
    player = frame.locator(".mapapp-player")
    player.wait_for()
    assert "10 Sep 2023" in player.locator(".date").inner_text()
    start = map_frame(page).evaluate("() => window.mapapp.playback.state().latlng")
    player.locator(".speed").select_option("4")
    player.get_by_role("button", name="Play the journey").click()
    player.locator(".stop b").wait_for(timeout=20_000)  # the first pause: a station's name in bold
    first_stop = player.locator(".stop").inner_text()
    assert "Khasan" in first_stop and "12 Sep 2023" in player.locator(".date").inner_text()
    player.locator(".date", has_text="15 Sep 2023").wait_for(timeout=30_000)
    state = map_frame(page).evaluate("() => window.mapapp.playback.state()")
    assert state["playing"] and state["t"] > 4
    assert (state["latlng"]["lat"], state["latlng"]["lng"]) != (start["lat"], start["lng"])
    player.get_by_role("button", name="Pause").click()
    paused = map_frame(page).evaluate("() => window.mapapp.playback.state()")
    assert not paused["playing"]
    player.locator(".summary summary").click()
    assert "km by rail" in player.locator(".summary").inner_text()
    assert_clean(watch)


def test_phone_width_layout(browser, dashboard_server, steps, tmp_path):
    story, _ = steps
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True,
                                  has_touch=True)
    watch = offline(context, (dashboard_server.url, "file:", "data:", "blob:", "about:"))
    page = context.new_page()
    watch_errors(page, watch)
    try:
        frame = open_dashboard(page, f"{dashboard_server.url}/?select=e2023_vostochny_summit")
        panel_title(page, "Vostochny")
        frame.locator(".mapapp-player").wait_for()
        page.screenshot(path=str(tmp_path / "phone.png"), full_page=False)
        page.locator(".mapapp-panel").scroll_into_view_if_needed()
        page.screenshot(path=str(tmp_path / "phone-panel.png"), full_page=False)
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"the page scrolls sideways by {overflow}px at phone width"
        box = page.locator('iframe[title="streamlit_folium.st_folium"]').bounding_box()
        assert box and box["width"] <= 390 and box["x"] >= 0
        inner = map_frame(page).evaluate("""() => {
            const r = document.querySelector('.mapapp-player').getBoundingClientRect();
            const l = document.querySelector('.mapapp-legend').getBoundingClientRect();
            return {right: r.right, width: window.innerWidth, legendLeft: l.left, playerTop: r.top,
                    legendTop: l.top, playerRight: r.right};
        }""")
        assert inner["right"] <= inner["width"], "the player fits inside the map"
        assert page.get_by_role("button", name="Next").is_visible()
        assert_clean(watch)
    finally:
        context.close()
