"""The dashboard on a story whose every field carries a payload: nothing runs, the text shows as text.

The exported page gets the same treatment in test_hostile_browser.py; here the live app is opened in
headless Chromium with a dialog handler and console/page-error listeners.
"""
from __future__ import annotations

from urllib.parse import urlencode

import pytest

from mapapp.load import load_story

from browser_support import (StreamlitServer, browser, chromium_path, offline, open_dashboard,  # noqa: F401
                             watch_errors)
from payloads import (HOSTILE_EVENT_ID, HOSTILE_LABEL, IMG_ONERROR, PAYLOADS, SCRIPT_TAG, TEMPLATE_EXPR,
                      write_hostile_story)

pytestmark = pytest.mark.browser
WJ = "\u2060"  # render.WORD_JOINER: splits autolinks and shortcodes, invisible


@pytest.fixture(scope="module")
def hostile_server(chromium_path, tmp_path_factory):  # noqa: F811
    root = write_hostile_story(tmp_path_factory.mktemp("hostile"))
    server = StreamlitServer(story=root).start()
    server.bounds = load_story(root).date_bounds()
    yield server
    server.stop()


def _event_id(payload: str) -> str:
    i = PAYLOADS.index(payload)
    return HOSTILE_EVENT_ID if i == 1 else f"e{i}"


@pytest.mark.parametrize("payload", [IMG_ONERROR, SCRIPT_TAG, TEMPLATE_EXPR, PAYLOADS[1]])
def test_selected_hostile_place_shows_its_text_and_runs_nothing(browser, hostile_server, payload):  # noqa: F811
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    watch = offline(context, (hostile_server.url, "file:", "data:", "blob:", "about:"))
    page = context.new_page()
    watch_errors(page, watch)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        first, last = hostile_server.bounds  # the whole story, so every event is in view
        query = urlencode({"start": first.isoformat(), "end": last.isoformat(), "select": _event_id(payload)})
        open_dashboard(page, f"{hostile_server.url}/?{query}", timeout=120_000)  # a busy machine: allow time
        panel = page.locator(".mapapp-panel")
        panel.wait_for(timeout=30_000)
        text = panel.inner_text()
        i = PAYLOADS.index(payload)
        assert f"Title{i} {payload} end" in text, "the payload is shown literally, as text"
        assert panel.locator("script, img, iframe, svg").count() == 0
        frame = page.frame_locator('iframe[title="streamlit_folium.st_folium"]')
        assert frame.locator("path.leaflet-interactive").count() > 0, "the map drew"
        assert page.title() and "alert" not in page.title()
        assert not dialogs, f"a payload ran: {dialogs}"
        assert not watch.problems(), watch.problems()
    finally:
        context.close()


def test_layer_labels_and_story_texts_show_as_text_and_run_nothing(browser, hostile_server):  # noqa: F811
    """Issue 16: a story.json label ``<img src=x onerror=alert(1)>Summit …`` ran in Leaflet's layer control, and
    the title, labels and presets were read as Markdown (links, remote images). Every story.json text field
    carries a payload here (tests/payloads.py, hostile_story_json)."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    watch = offline(context, (hostile_server.url, "file:", "data:", "blob:", "about:"))
    page = context.new_page()
    watch_errors(page, watch)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        story = load_story(hostile_server.story)
        first, last = hostile_server.bounds
        frame = open_dashboard(page, f"{hostile_server.url}/?{urlencode({'start': first, 'end': last})}",
                               timeout=120_000)
        control = frame.locator(".leaflet-control-layers")
        control.hover()  # expanded, as a reader opens it
        control.locator(".leaflet-control-layers-overlays label").first.wait_for(state="visible")
        names = [t.strip() for t in control.locator(".leaflet-control-layers-overlays label").all_inner_texts()]
        assert HOSTILE_LABEL in names, names
        assert {layer.label for layer in story.layers if layer.label in names} >= {story.layer("summit").label}
        overlays = control.locator(".leaflet-control-layers-overlays")
        assert overlays.locator("img, script, svg, iframe, a").count() == 0, "a label made an element"
        # Streamlit's Markdown: the title, the layer checkboxes and the period options are text, not links or
        # images (one check for the whole page: the app itself writes no link or image in Markdown).
        page.get_by_role("heading", level=1).first.wait_for()
        assert page.get_by_role("heading", level=1).first.inner_text().strip().replace(WJ, "") == story.title
        assert page.locator("h1 img, h1 svg").count() == 0, "a shortcode (:streamlit:) became an image"
        markdown = page.locator('[data-testid="stMarkdownContainer"]')
        made = markdown.locator('a:not([href^="#"]), img, script, iframe').evaluate_all(  # not heading anchors
            "els => els.map(e => e.outerHTML.slice(0, 200) + ' IN ' + e.parentElement.outerHTML.slice(0, 300))")
        assert not made, made
        sidebar = page.locator('[data-testid="stSidebar"]').inner_text().replace(WJ, "")
        for layer in story.layers:
            if layer.id != "reported_place":
                assert layer.label in sidebar, layer.label
        for period in story.periods:
            assert period.label in sidebar, period.label
        assert not dialogs, f"a payload ran: {dialogs}"
        assert not watch.problems(), watch.problems()
    finally:
        context.close()
