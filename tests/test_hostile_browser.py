"""The exported HTML of a hostile story in headless Chromium: nothing runs, the CSP holds, the map draws.

Every field of the story carries a payload from tests/payloads.py. The page is opened from file:// with
every other request aborted; a dialog, a page error or a Content-Security-Policy violation fails the test.
Each point is hovered and clicked: its tooltip and popup show the payload as text. Waits are on readiness
(selectors, functions), never sleeps. Without /usr/bin/chromium the tests skip, except in CI, where
conftest.py turns a skipped ``browser`` test into a failure.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from payloads import IMG_ONERROR, PAYLOADS, SCRIPT_TAG, TEMPLATE_EXPR, write_hostile_story

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--disable-quic"]
TIMEOUT_MS = 15_000

# Predicates below are passed as functions ("() => ..."): Playwright evaluates a bare expression string
# with eval, which the page's policy rightly refuses (no 'unsafe-eval').

# Records CSP violations from the first line of the page on (init scripts are injected by the browser
# driver, outside the page's policy).
CSP_LISTENER = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', e => window.__csp.push(
    e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sample || '')));
"""

# Resolves once the map has no zoom animation running: folium's fitBounds animates the first zoom, and
# positions read during it are wrong. Two animation frames first, so an animation queued for the next
# frame has started (Leaflet marks it with the class leaflet-zoom-anim).
SETTLED = """
async () => {
  const frame = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  do { await frame(); } while (document.querySelector('.leaflet-zoom-anim'));
  return true;
}
"""

# The Leaflet layer whose GeoJSON feature belongs to place ``pid``; tagged so Playwright can act on it.
TAG_TARGET = """
([pid, zoom]) => {
  const map = window.mapapp.map;
  document.querySelectorAll('[data-test-target]').forEach(el => el.removeAttribute('data-test-target'));
  map.closePopup();
  let found = null;
  map.eachLayer(l => { if (!found && l.feature && l.feature.properties.place_id === pid) found = l; });
  if (!found) return false;
  map.setView(found.getLatLng(), zoom, {animate: false});
  found.getElement().setAttribute('data-test-target', '1');
  return true;
}
"""


def _playwright():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium); browser tests need Debian's Chromium")
    return pytest.importorskip("playwright.sync_api", reason="playwright is not installed")


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """The hostile story exported to HTML, and the story (for place ids)."""
    from mapapp.export import export, write_atomic
    from mapapp.filters import FilterOptions, apply
    from mapapp.link import link_story
    from mapapp.load import load_story

    tmp = tmp_path_factory.mktemp("hostile_browser")
    story = load_story(write_hostile_story(tmp / "story"))
    options = FilterOptions()
    view = apply(story, link_story(story), options)
    out = tmp / "hostile export.html"  # a space in the name: the file URL must be built properly
    write_atomic(out, export(story, view, options, "html"))
    return out, story


@pytest.fixture(scope="module")
def browser():
    sync_api = _playwright()
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


class Page:
    """A page with every listener attached before navigation."""

    def __init__(self, browser):
        self.context = browser.new_context(viewport={"width": 1400, "height": 1000})
        self.dialogs, self.errors, self.console, self.blocked = [], [], [], []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.set_default_timeout(TIMEOUT_MS)
        self.page.add_init_script(CSP_LISTENER)
        self.page.on("dialog", self._dialog)
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.on("console", lambda msg: self.console.append(f"{msg.type}: {msg.text}"))

    def _route(self, route):
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def _dialog(self, dialog):
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def csp_violations(self) -> list[str]:
        in_page = self.page.evaluate("window.__csp || []")
        return in_page + [c for c in self.console if re.search(r"Content.Security.Policy", c, re.I)]

    def assert_quiet(self):
        assert self.dialogs == [], f"a payload opened a dialog: {self.dialogs}"
        assert self.errors == [], f"script errors: {self.errors}"
        assert self.csp_violations() == [], "CSP violations (a blocked script/style breaks the map)"


@pytest.fixture
def opened(browser, exported):
    path, story = exported
    p = Page(browser)
    p.page.goto(path.as_uri())
    try:
        p.page.wait_for_function("() => document.querySelectorAll('path.leaflet-interactive').length > 0")
        p.page.wait_for_selector(".mapapp-legend")
    except Exception as exc:  # say why: a blocked script, a page error, a dialog
        pytest.fail(f"the map did not draw ({type(exc).__name__}); dialogs={p.dialogs} errors={p.errors} "
                    f"csp={p.csp_violations()} console={p.console[:10]}")
    p.page.evaluate(SETTLED)
    yield p, story
    p.context.close()


def test_map_draws_under_the_csp_and_nothing_runs(opened):
    p, story = opened
    page = p.page
    p.assert_quiet()
    assert page.locator("path.leaflet-interactive").count() > 0
    assert page.locator(".mapapp-star-icon").count() == sum(e.category == "summit" for e in story.events)
    csp = page.locator('meta[http-equiv="Content-Security-Policy"]').get_attribute("content")
    assert "default-src 'none'" in csp
    # The policy is enforced, not just present: a script added now is refused.
    ran = page.evaluate("""() => { const s = document.createElement('script');
        s.textContent = 'window.__injected = 1'; document.body.appendChild(s); return window.__injected; }""")
    assert ran is None
    page.wait_for_function("() => window.__csp.length > 0")
    # Tiles were requested (img-src lets the tile host through; the route handler then aborted them).
    page.wait_for_function("() => document.querySelectorAll('img.leaflet-tile').length > 0")
    assert any(u.startswith("https://tile.openstreetmap.org/") for u in p.blocked), p.blocked[:5]
    assert all(u.startswith("https://tile.openstreetmap.org/") for u in p.blocked), p.blocked


def test_style_attributes_allowed_by_the_policy_still_apply(opened):
    """Arrows are rotated and legend swatches coloured through style="" attributes set by innerHTML."""
    p, _ = opened
    page = p.page
    page.wait_for_selector(".mapapp-arrow svg")
    transform = page.eval_on_selector(".mapapp-arrow svg", "el => getComputedStyle(el).transform")
    assert transform not in ("", "none")
    colour = page.eval_on_selector(".mapapp-legend .sw", "el => getComputedStyle(el).backgroundColor")
    assert colour not in ("", "rgba(0, 0, 0, 0)")
    caption = page.eval_on_selector(".mapapp-caption", "el => getComputedStyle(el).position")
    assert caption == "absolute"
    p.assert_quiet()


def test_caption_and_title_show_the_payloads_as_text(opened):
    p, story = opened
    page = p.page
    assert SCRIPT_TAG in page.title() and TEMPLATE_EXPR in page.title()
    assert story.title in page.locator(".mapapp-caption b").inner_text()
    assert page.locator(".mapapp-caption script, .mapapp-caption img").count() == 0


def test_hover_and_click_show_each_payload_as_text(opened):
    """Every point, one after another in one page: tooltip on hover, popup on click, text not markup."""
    p, story = opened
    page = p.page
    for i, payload in enumerate(PAYLOADS):
        place, event = story.places[i], story.events[i]
        assert page.evaluate(TAG_TARGET, [place.id, 9]), f"payload {i}: no layer for place {place.id!r}"
        target = page.locator("[data-test-target]")
        page.wait_for_function("() => !document.querySelector('.leaflet-popup')")  # the last one has faded out

        target.hover()
        tooltip = page.locator(".leaflet-tooltip").last
        tooltip.wait_for(state="visible")
        assert place.name in tooltip.evaluate("el => el.textContent"), f"payload {i}: tooltip {payload[:60]!r}"
        tip_shown = tooltip.inner_text()  # before the click, which may close the tooltip

        target.click()
        popup = page.locator(".leaflet-popup-content")
        popup.wait_for(state="visible")
        text = popup.evaluate("el => el.textContent")
        assert place.name in text and event.title in text, f"payload {i}: popup {payload[:60]!r}"
        if payload == IMG_ONERROR:  # what a reader sees, literally
            assert IMG_ONERROR in popup.inner_text() and IMG_ONERROR in tip_shown
        for where in (popup, tooltip):
            assert where.locator("img, script, svg, iframe, a, style").count() == 0, f"payload {i}: markup"
        p.assert_quiet()


def test_report_panels_list_and_sources_keep_every_payload_as_text(opened):
    """The report's script joins escaped texts into markup: for every hostile place, list entry and source it
    builds exactly what render.py makes (the unit tests show that is inert), and nothing runs."""
    from browser_support import report_markup_mismatches
    from mapapp.filters import FilterOptions, apply
    from mapapp.link import link_story

    p, story = opened
    view = apply(story, link_story(story), FilterOptions())
    assert report_markup_mismatches(p.page, story, view) == []
    assert p.page.locator("#report-details script, #report-events script, #report-sources script").count() == 0
    p.assert_quiet()
