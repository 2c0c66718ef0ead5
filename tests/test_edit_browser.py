"""Edit mode in headless Chromium: create a story in an empty folder, add two places by clicking the map, add
an event, draw a leg with map clicks, reload the page and find them, undo the last change.

Every request but to the local server is blocked (tiles included): editing works offline. Waits are on
locators, never on sleeps. Set MAPAPP_EDIT_SCREENSHOT=path.png to keep a screenshot of the edit page
(docs/edit-mode.png is made that way).
"""
from __future__ import annotations

import os
import re

import pytest

from browser_support import (MAP_FRAME, StreamlitServer, browser, chromium_path,  # noqa: F401
                             offline, only_tiles, open_sidebar, watch_errors)
from mapapp.load import load_story
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
TIMEOUT = 60_000


@pytest.fixture(scope="module")
def empty_story(tmp_path_factory):
    return tmp_path_factory.mktemp("edit") / "my-story"


@pytest.fixture(scope="module")
def server(chromium_path, empty_story):
    srv = StreamlitServer(story=empty_story).start()
    yield srv
    srv.stop()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1400, "height": 1300})
    watch = offline(context, (server.url, "file:", "data:", "blob:", "about:"))
    pg = context.new_page()
    watch_errors(pg, watch)
    pg.set_default_timeout(TIMEOUT)
    yield pg, watch
    context.close()


def visible(page, selector: str):
    """The one visible element matching ``selector``, once the rerun has removed any stale copy of it."""
    found = page.locator(f"{selector}:visible")
    expect(found).to_have_count(1, timeout=TIMEOUT)
    return found


#: True once the page shows one Latitude field (a rerun's stale copy gone) and it holds the clicked position.
FILLED = """() => {
  const shown = [...document.querySelectorAll("input[aria-label='Latitude']")].filter(e => e.offsetParent !== null);
  return shown.length === 1 && shown[0].value !== "";
}"""


def button(page, name: str):
    found = page.get_by_role("button", name=name)
    expect(found).to_have_count(1, timeout=TIMEOUT)
    return found


def saved(page, text: str) -> None:
    """Wait for the success note of a change whose summary contains ``text``."""
    page.locator("[data-testid='stAlertContentSuccess']", has_text=text).wait_for()


EDIT_MAP = f"{MAP_FRAME} >> visible=true"  # while a rerun replaces the page, a stale copy may linger hidden


def map_ready(page):
    page.locator(EDIT_MAP).first.wait_for()
    frame = page.frame_locator(EDIT_MAP).first
    frame.locator(".leaflet-container").wait_for()
    handle = page.locator(EDIT_MAP).first.element_handle().content_frame()
    handle.wait_for_function("() => Object.values(window).some(v => v instanceof L.Map && v._loaded)")
    return frame


def click_map(page, x: int, y: int) -> None:
    map_ready(page).locator(".leaflet-container").click(position={"x": x, "y": y})


def add_place_by_click(page, name: str, x: int, y: int) -> None:
    click_map(page, x, y)
    page.wait_for_function(FILLED)
    visible(page, "input[aria-label='Name']").fill(name)
    button(page, "Add place").click()
    saved(page, f"name='{name}'")


def test_make_a_story_from_nothing(page, server, empty_story):
    pg, watch = page
    pg.goto(server.url, wait_until="domcontentloaded")
    pg.get_by_text("Start a new story").wait_for()
    visible(pg, "input[aria-label='Title']").fill("Our trip")
    button(pg, "Create the story").click()
    pg.get_by_role("heading", name="Our trip").wait_for()
    assert load_story(empty_story).title == "Our trip"

    add_place_by_click(pg, "First stop", 470, 200)  # on the bundled land outline (East Asia)
    add_place_by_click(pg, "Second stop", 530, 290)
    places = load_story(empty_story).places
    assert [p.name for p in places] == ["First stop", "Second stop"]
    assert places[0].lon < places[1].lon and places[0].lat > places[1].lat  # where the clicks were

    pg.get_by_role("tab", name="Events").click()
    visible(pg, "input[aria-label='Title']").fill("We arrive <b>&</b>")
    button(pg, "Add event").click()
    saved(pg, "AddEvent")
    assert [e.title for e in load_story(empty_story).events] == ["We arrive <b>&</b>"]

    pg.get_by_text("Add a point to the leg's line", exact=True).click()
    pg.get_by_role("tab", name="Legs").click()
    click_map(pg, 520, 215)
    pg.get_by_text("Line being drawn: 1 point(s)").wait_for()
    button(pg, "Add leg").click()
    saved(pg, "AddRoute")
    (leg,) = load_story(empty_story).routes
    assert (leg.from_place, leg.to_place) == (places[0].id, places[1].id)
    assert len(leg.lines[0]) == 3 and leg.lines[0][0] == (places[0].lon, places[0].lat)
    expect(pg.get_by_role("tab", name="Legs", selected=True)).to_have_count(1)  # the open tab stays open
    frame = map_ready(pg)
    frame.locator("path.leaflet-interactive[fill='none']").first.wait_for()  # the leg on the edit map

    # A new session (reload): the viewing page shows what was made; edit mode lists it again.
    pg.reload(wait_until="domcontentloaded")
    pg.get_by_role("heading", name="Our trip").wait_for()
    pg.get_by_text(re.compile(r"Showing 1 of 1 events")).wait_for()
    open_sidebar(pg)  # the dashboard starts with its sidebar folded
    pg.get_by_text("Edit mode").click()
    frame = map_ready(pg)
    frame.locator("path.leaflet-interactive[fill='none']").first.wait_for()
    expect(frame.locator("path.leaflet-interactive")).to_have_count(3)  # two places and the leg
    if os.environ.get("MAPAPP_EDIT_SCREENSHOT"):
        pg.get_by_role("tab", name="Legs").click()
        pg.locator("[data-testid='stSelectbox']", has_text="Leg").first.wait_for()
        pg.screenshot(path=os.environ["MAPAPP_EDIT_SCREENSHOT"])
    pg.get_by_role("tab", name="History").click()
    for summary in ("AddRoute", "AddEvent", "name='Second stop'", "name='First stop'"):
        expect(pg.get_by_text(summary).first).to_be_visible()

    button(pg, "Undo the last change").click()
    saved(pg, "undid AddRoute")
    assert load_story(empty_story).routes == ()
    assert len(load_story(empty_story).events) == 1
    frame.locator("path.leaflet-interactive[fill='none']").wait_for(state="detached")
    assert not watch.problems(), watch.problems()
    assert not only_tiles(watch.blocked), only_tiles(watch.blocked)
