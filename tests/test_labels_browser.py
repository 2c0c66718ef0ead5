"""Place labels on the exported report's map in headless Chromium (mapapp/maplabels.py, static/labels.js).

A story made in code has three places a few kilometres apart and one far away. Zoomed out, the three
names would overlap: only some show, and no two shown names overlap; zoomed in on them, all show. The
"Labels" layer switches the names off and on; a hostile name is shown as typed. Waits are on the labels'
own "mapapp:labels" event (fired after each placement), never on sleeps.
"""
from __future__ import annotations

import pytest

from browser_support import browser, chromium_path, offline, watch_errors  # noqa: F401
from story_factory import event, place, write_story

pytestmark = pytest.mark.browser

HOSTILE = "<img src=x onerror=alert(1)> & `x`"
CLUSTER = (("c1", "Eastgate Pier North"), ("c2", "Eastgate Naval Museum"), ("c3", HOSTILE))
# Runs ``action`` on the map (a JS function body) and resolves with the next placement's {shown, hidden}.
AFTER = """
(action) => new Promise(resolve => {
  const map = window.mapapp.map;
  map.once("mapapp:labels", e => resolve({shown: e.shown, hidden: e.hidden}));
  new Function("map", action)(map);
})
"""
# The names on show: text and box of each label not hidden.
SHOWN = """
() => [...document.querySelectorAll(".mapapp-label")].filter(el => el.style.display !== "none")
  .map(el => { const r = el.getBoundingClientRect(); return {text: el.textContent, x0: r.left, y0: r.top,
                                                              x1: r.right, y1: r.bottom}; })
"""


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    from mapapp.export import html_document
    from mapapp.filters import FilterOptions, apply
    from mapapp.load import load_story

    root = tmp_path_factory.mktemp("labels") / "story"
    places = [place(pid, name, 131.90 + 0.02 * i, 43.10 + 0.015 * i) for i, (pid, name) in enumerate(CLUSTER)]
    places.append(place("far", "Farholm Station", 128.3, 51.9))
    events = [event(f"e{i}", p["properties"]["id"], date_start=f"2023-09-{10 + i}") for i, p in enumerate(places)]
    write_story(root, places=places, events=events, routes=[])
    story = load_story(root)
    options = FilterOptions()
    out = root / "report.html"
    out.write_text(html_document(story, apply(story, {}, options), options), encoding="utf-8")
    return out


@pytest.fixture
def page(browser, report):  # noqa: F811
    context = browser.new_context(viewport={"width": 1200, "height": 800})
    watch = offline(context, ("file:",))
    page = context.new_page()
    page.set_default_timeout(20_000)
    watch_errors(page, watch)
    page.goto(report.as_uri())
    page.wait_for_selector("html.report-ready")
    page.wait_for_function("document.querySelector('.mapapp-map').dataset.labelsShown !== undefined")
    yield page
    assert watch.problems() == []
    context.close()


def overlapping(boxes):
    return [(a["text"], b["text"]) for i, a in enumerate(boxes) for b in boxes[i + 1:]
            if a["x0"] < b["x1"] and b["x0"] < a["x1"] and a["y0"] < b["y1"] and b["y0"] < a["y1"]]


def test_zoomed_out_overlapping_names_hide_and_zoomed_in_they_show(page):
    counts = page.evaluate(AFTER, "map.setView([47.5, 130.0], 4, {animate: false});")
    shown = page.evaluate(SHOWN)
    texts = {b["text"] for b in shown}
    assert "Farholm Station" in texts
    assert counts["hidden"] >= 1 and len(shown) == counts["shown"] < 4  # the cluster's names would overlap
    assert overlapping(shown) == []
    counts = page.evaluate(AFTER, "map.setView([43.115, 131.92], 12, {animate: false});")
    shown = page.evaluate(SHOWN)
    assert {b["text"] for b in shown} == {name for _, name in CLUSTER}
    assert counts == {"shown": 3, "hidden": 0}
    assert overlapping(shown) == []


def test_hostile_name_is_text_and_the_labels_layer_switches_names_off(page):
    page.evaluate(AFTER, "map.setView([43.115, 131.92], 12, {animate: false});")
    assert HOSTILE in {b["text"] for b in page.evaluate(SHOWN)}
    assert page.locator(".mapapp-label img").count() == 0  # the tag is text, not an element
    page.locator(".leaflet-control-layers").hover()
    box = page.get_by_role("checkbox", name="Labels")
    assert box.is_checked()
    box.uncheck()
    page.wait_for_function("document.querySelectorAll('.mapapp-label').length === 0")
    box.check()
    page.wait_for_function("document.querySelectorAll('.mapapp-label').length === 4")
