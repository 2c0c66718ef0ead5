"""The HTML report in headless Chromium, opened from file:// with every other request aborted and recorded.

The built-in story is exported once with ``python -m mapapp export``; each test opens it in a fresh page and
uses it like a reader: date fields and presets, a click on a point, previous/next through the journey, the
keyboard on the list of events, the layer control, phone width and print. Every test ends with no page or
console error, no Content-Security-Policy violation and no request but map tiles. Waits are on readiness
(selectors, JS predicates, Leaflet's moveend), never sleeps.
"""
from __future__ import annotations

import subprocess
import sys
from datetime import date

import pytest

from browser_support import (ROOT, browser, chromium_path, offline, only_tiles,  # noqa: F401
                             report_markup_mismatches, watch_errors)

pytestmark = pytest.mark.browser

TIMEOUT_MS = 20_000
CSP_LISTENER = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
"""
# Resolves when no map animation (zoom or flyTo) is running: two frames first, as Leaflet starts them late.
SETTLED = """
async () => {
  const frame = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  do { await frame(); } while (document.querySelector('.leaflet-zoom-anim') || window.mapapp.report.state.moving);
  return true;
}
"""
# Points and legs drawn now, per registry layer (sub-layers on the map).
DRAWN = """
() => {
  const out = {};
  for (const [key, layer] of Object.entries(window.mapapp.layers)) {
    out[key] = window.mapapp.map.hasLayer(layer) ? layer.getLayers().length : 0;
  }
  return out;
}
"""


@pytest.fixture(scope="module")
def story():
    from mapapp.load import load_story

    return load_story(ROOT)


@pytest.fixture(scope="module")
def exported(tmp_path_factory, chromium_path):  # noqa: F811
    out = tmp_path_factory.mktemp("report") / "report export.html"  # a space: the file URL must be built right
    done = subprocess.run([sys.executable, "-m", "mapapp", "export", "--format", "html", "--out", str(out),
                           "--story", str(ROOT)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return out


class Reader:
    """A page on the report, with its blocked requests, errors and policy violations."""

    def __init__(self, browser, path, width=1366, height=820, scheme="light"):  # noqa: F811
        self.context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme)
        self.watch = offline(self.context, ("file:",))
        self.page = self.context.new_page()
        self.page.set_default_timeout(TIMEOUT_MS)
        self.page.add_init_script(CSP_LISTENER)
        watch_errors(self.page, self.watch)
        self.page.goto(path.as_uri())
        self.page.wait_for_selector("html.report-ready")
        self.settle()

    def settle(self):
        self.page.evaluate(SETTLED)

    def state(self) -> dict:
        return self.page.evaluate("() => { const s = window.mapapp.report.state; return {...s}; }")

    def drawn(self) -> dict:
        return self.page.evaluate(DRAWN)

    def panel_title(self) -> str:
        return self.page.locator("#report-details .mapapp-panel h3").inner_text()

    def assert_clean(self):
        assert self.watch.problems() == [], self.watch.problems()
        assert self.page.evaluate("() => window.__csp") == [], "CSP violations"
        assert only_tiles(self.watch.blocked) == [], "a request other than map tiles"


@pytest.fixture
def reader(browser, exported):  # noqa: F811
    r = Reader(browser, exported)
    yield r
    r.context.close()


def shown_events(story, start, end, categories=None):
    a, b = date.fromisoformat(start), date.fromisoformat(end)
    return [e for e in story.events if e.overlaps(a, b) and (categories is None or e.category in categories)]


# --- drawing --------------------------------------------------------------------------------------------

def test_draws_offline_with_no_request_but_tiles(reader, story):
    page = reader.page
    assert page.evaluate("() => typeof L === 'object' && L.version") == "1.9.3"
    drawn = reader.drawn()
    lines = len(story.routes) + sum(bool(r.approximate) for r in story.routes)  # approximate parts: white dots on top
    assert drawn.pop("rail_leg") == lines
    assert sum(drawn.values()) == len(story.events)
    stars = sum(e.category == "summit" for e in story.events)
    assert page.locator(".mapapp-star-icon").count() == stars
    assert page.locator('.leaflet-overlay-pane path.leaflet-interactive[fill="none"]').count() == lines
    assert page.locator(".leaflet-overlay-pane path.leaflet-interactive:not([fill='none'])").count() == \
        len(story.events) - stars
    assert page.locator(".leaflet-mapappLand-pane path").count() > 0  # the land outline under the tiles
    assert page.locator(".mapapp-legend").is_visible() and page.locator(".leaflet-control-scale").is_visible()
    assert page.locator("#report-count").inner_text() == f"{len(story.events)} events shown"
    assert page.locator("#report-events li:not([hidden])").count() == len(story.events)
    assert page.locator("#report-sources a[href^='https://']").count() > 50
    page.wait_for_function("() => document.querySelectorAll('img.leaflet-tile').length > 0")
    assert reader.watch.blocked and all("tile.openstreetmap.org" in u for u in reader.watch.blocked)
    reader.assert_clean()


def test_points_have_accessible_names(reader, story):
    labels = reader.page.evaluate("""() => {
      const out = [];
      for (const [key, layer] of Object.entries(window.mapapp.layers)) {
        if (key === 'rail_leg') continue;
        layer.eachLayer(l => out.push(l.getElement().getAttribute('aria-label')));
      }
      return out;
    }""")
    assert len(labels) == len(story.events) and all(labels)
    summit = next(e for e in story.events if e.category == "summit")
    star = reader.page.locator(".mapapp-star-icon")
    assert star.get_attribute("aria-label").startswith(story.place_by_id[summit.place_id].name)
    assert "13 Sep 2023" in star.get_attribute("aria-label")


# --- the date filter ------------------------------------------------------------------------------------

def test_date_fields_hide_and_restore_points_and_legs(reader, story):
    page = reader.page
    before = reader.drawn()
    page.fill("#report-from", "2023-09-13")
    page.fill("#report-to", "2023-09-13")
    expected = shown_events(story, "2023-09-13", "2023-09-13")
    page.wait_for_function("t => document.querySelector('#report-count').textContent === t",
                           arg=f"{len(expected)} event{'s' * (len(expected) != 1)} shown")
    drawn = reader.drawn()
    legs = [r for r in story.routes if r.overlaps(date(2023, 9, 13), date(2023, 9, 13))]
    assert drawn.pop("rail_leg") == len(legs) < len(story.routes)
    assert sum(drawn.values()) == len(expected) < len(story.events)
    assert page.locator("#report-events li:not([hidden])").count() == len(expected)
    assert "13 Sep 2023" in page.locator("#report-range").inner_text()
    assert page.locator("#report-shown").inner_text() == f"{len(expected)} event{'s' * (len(expected) != 1)}, " \
        f"{len(legs)} rail leg{'s' * (len(legs) != 1)}"
    page.fill("#report-from", page.get_attribute("#report-from", "min"))
    page.fill("#report-to", page.get_attribute("#report-to", "max"))
    page.wait_for_function("n => document.querySelector('#report-count').textContent === n + ' events shown'",
                           arg=len(story.events))
    assert reader.drawn() == before
    reader.assert_clean()


def test_presets_set_the_dates(reader, story):
    from mapapp.filters import presets

    page = reader.page
    first, last = presets(story)["2023 journey"]
    page.get_by_role("button", name="2023 journey", exact=True).click()
    assert page.input_value("#report-from") == first.isoformat() and page.input_value("#report-to") == last.isoformat()
    assert page.get_by_role("button", name="2023 journey", exact=True).get_attribute("aria-pressed") == "true"
    n = len(shown_events(story, first.isoformat(), last.isoformat()))
    assert page.locator("#report-count").inner_text() == f"{n} events shown"
    reader.settle()
    zoomed = page.evaluate("() => window.mapapp.map.getZoom()")
    page.get_by_role("button", name="All", exact=True).click()
    reader.settle()
    assert page.evaluate("() => window.mapapp.map.getZoom()") < zoomed  # fitted to what each shows
    assert page.locator("#report-count").inner_text() == f"{len(story.events)} events shown"
    reader.assert_clean()


def test_layer_control_hides_a_layer_and_its_list_entries(reader, story):
    page = reader.page
    page.hover(".leaflet-control-layers")
    label = story.label("earlier_summit")
    page.locator(".leaflet-control-layers-overlays label", has_text=label).locator("input").uncheck()
    n = len(story.events) - sum(e.category == "earlier_summit" for e in story.events)
    page.wait_for_function("n => document.querySelector('#report-count').textContent === n + ' events shown'", arg=n)
    assert page.locator("#report-events li:not([hidden]) [data-category=earlier_summit]").count() == 0
    reader.assert_clean()


# --- details, journey, keyboard -------------------------------------------------------------------------

def test_clicking_a_point_fills_the_side_panel_with_its_snippets(reader, story):
    page = reader.page
    page.evaluate("""() => {
      window.mapapp.layers.journey_stop.eachLayer(l => {
        if (l.feature.properties.place_id !== 'pyongyang_station') return;
        window.mapapp.map.setView(l.getLatLng(), 14, {animate: false});  // clear of Pyongyang's other points
        l.getElement().setAttribute('data-test', 'pys');
      });
    }""")
    page.locator("[data-test=pys]").first.click(force=True)  # an SVG path: Playwright's hit test is too strict
    page.wait_for_selector("#report-details .mapapp-panel")
    assert reader.panel_title() == story.place_by_id["pyongyang_station"].name
    quote = page.locator("#report-details blockquote.mapapp-snippet").first
    assert quote.locator("mark").first.inner_text() == "Pyongyang"
    assert page.locator("#report-events button[aria-current=true]").count() == 2  # departure and return
    reader.assert_clean()


def test_panels_list_and_sources_are_render_pys_markup(reader, story):
    """The page builds them from compact rows of escaped texts; the result is what render.py makes."""
    from mapapp.filters import FilterOptions, apply
    from mapapp.link import link_story

    view = apply(story, link_story(story), FilterOptions())
    assert report_markup_mismatches(reader.page, story, view) == []
    reader.assert_clean()


def test_next_and_previous_walk_the_journey(reader, story):
    from mapapp import journey

    page = reader.page
    steps = journey.steps(story)
    assert page.locator("#report-prev").is_enabled()
    for i in range(3):
        page.click("#report-next")
        reader.settle()
        place = story.place_by_id[steps[i].place_id]
        assert reader.panel_title() == place.name
        assert page.locator("#report-step").inner_text().startswith(f"Stop {i + 1} of {len(steps)}: {place.name}")
        center = page.evaluate("() => window.mapapp.map.getCenter()")
        assert abs(center["lat"] - place.lat) < 0.05 and abs(center["lng"] - place.lon) < 0.05  # flew there
    assert reader.state()["event"] == steps[2].id
    page.click("#report-prev")
    reader.settle()
    assert reader.state()["event"] == steps[1].id
    page.click("#report-prev")
    assert reader.state()["event"] == steps[0].id and page.locator("#report-prev").is_disabled()
    reader.assert_clean()


def test_keyboard_enter_on_a_list_item_selects_it(reader, story):
    page = reader.page
    page.focus("#report-to")
    buttons = page.locator("#report-events button")
    for _ in range(40):  # Tab from the date field into the list
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.closest('#report-events') !== null"):
            break
    else:
        pytest.fail("Tab never reached the list of events")
    assert page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle") != "none"  # focus visible
    page.keyboard.press("Tab")  # the second entry
    page.keyboard.press("Enter")
    page.wait_for_selector("#report-events button[aria-current=true]")
    assert page.evaluate("() => document.activeElement === document.querySelectorAll('#report-events button')[1]")
    assert page.evaluate("() => document.activeElement.getAttribute('aria-current')") == "true"  # focus stays
    event_id = page.evaluate("() => window.mapapp.report.state.event")
    assert event_id == page.evaluate("() => window.mapapp.report.state.event")
    second = story.event_by_id[event_id]
    assert second.title in buttons.nth(1).inner_text()
    assert reader.panel_title() == story.place_by_id[second.place_id].name
    reader.assert_clean()


# --- layout -------------------------------------------------------------------------------------------

def _boxes(page):
    return page.evaluate("""() => ['.report-map', '.report-side'].map(s => {
      const r = document.querySelector(s).getBoundingClientRect(); return {x: r.x, y: r.y, w: r.width, h: r.height}; })""")


def test_side_by_side_on_a_laptop_and_stacked_on_a_phone(browser, exported, tmp_path):  # noqa: F811
    laptop = Reader(browser, exported)
    try:
        m, side = _boxes(laptop.page)
        assert side["x"] >= m["x"] + m["w"] - 1 and m["w"] > 800 and abs(side["y"] - m["y"]) < 1
        laptop.page.screenshot(path=str(tmp_path / "laptop.png"))
        laptop.assert_clean()
    finally:
        laptop.context.close()
    phone = Reader(browser, exported, width=390, height=844, scheme="dark")
    try:
        m, side = _boxes(phone.page)
        assert side["y"] >= m["y"] + m["h"] - 1 and m["w"] == 390 and side["w"] == 390
        assert phone.page.locator(".mapapp-legend > details").get_attribute("open") is None  # folded on phones
        assert phone.page.evaluate("() => document.documentElement.scrollWidth") <= 390  # no sideways scrolling
        phone.page.screenshot(path=str(tmp_path / "phone.png"))
        phone.assert_clean()
    finally:
        phone.context.close()


def test_print_shows_the_map_the_events_and_the_sources(reader):
    page = reader.page
    page.emulate_media(media="print")
    page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
    for hidden in ("#report-from", "#report-next", "#report-details", ".leaflet-control-zoom"):
        assert not page.locator(hidden).is_visible(), hidden
    for shown in (".mapapp-map", "#report-events", "#report-sources", ".mapapp-legend", ".mapapp-caption"):
        assert page.locator(shown).is_visible(), shown
    width = page.evaluate("() => document.querySelector('.mapapp-map').getBoundingClientRect().width")
    assert abs(width - 180 * 96 / 25.4) < 2  # 180 mm: the map laid out for paper before printing
    page.evaluate("() => window.dispatchEvent(new Event('afterprint'))")
    page.emulate_media(media="screen")
    assert page.locator("#report-from").is_visible()
    reader.assert_clean()
