"""Browser test support: headless Debian Chromium, a Streamlit server on a free port, offline pages.

Used by tests/test_browser.py (as pytest fixtures) and by docs/make_screenshot.py (as plain functions).
Nothing here downloads anything: every request that is not to the local server (or file:) is aborted
and recorded, so a test can check that only map tiles were attempted.

Waiting is always on a condition (a line on the server's output, a locator, a JS predicate), never on a
fixed sleep.
"""
from __future__ import annotations

import contextlib
import os
import re
import socket
import subprocess
import sys
import threading
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path(os.environ.get("MAPAPP_TEST_CHROMIUM", "/usr/bin/chromium"))
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--disable-quic"]
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
SERVER_START_TIMEOUT = 60.0
#: The console message Chromium logs for a request we aborted on purpose (a tile): not a failure.
_ABORTED_NOISE = re.compile(r"Failed to load resource: net::ERR_(FAILED|BLOCKED_BY_CLIENT|INTERNET_DISCONNECTED)")


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def require_chromium() -> str:
    """The Chromium executable; skip the test when it (or Playwright) is missing (fail instead when CI is set)."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        reason = "the playwright package is not installed (pip install -r requirements.txt)"
    else:
        if CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK):
            return str(CHROMIUM)
        reason = (f"Chromium not found at {CHROMIUM}: install Debian's `chromium` package "
                  "(apt-get install chromium) or set MAPAPP_TEST_CHROMIUM")
    if in_ci():
        pytest.fail(f"{reason} (CI is set, so this is a failure, not a skip)", pytrace=False)
    pytest.skip(reason)


def launch(playwright, executable: str):
    return playwright.chromium.launch(executable_path=executable, args=LAUNCH_ARGS, headless=True)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- the Streamlit server -----------------------------------------------------------------------------

class StreamlitServer:
    """``streamlit run streamlit_app.py`` on a free port; ready once it prints its URL and /_stcore/health is ok."""

    def __init__(self, story: str | Path | None = None, port: int | None = None):
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.story = story
        self.output: list[str] = []
        self._ready = threading.Event()
        self.proc: subprocess.Popen | None = None

    def start(self) -> StreamlitServer:
        env = dict(os.environ, PYTHONUNBUFFERED="1", STREAMLIT_BROWSER_GATHER_USAGE_STATS="false")
        if self.story is not None:
            env["MAPAPP_STORY"] = str(self.story)
        cmd = [sys.executable, "-m", "streamlit", "run", str(ROOT / "streamlit_app.py"),
               "--server.headless", "true", "--server.port", str(self.port), "--server.address", "127.0.0.1",
               "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
               "--server.runOnSave", "false"]
        self.proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                     text=True, bufsize=1)
        threading.Thread(target=self._pump, daemon=True).start()
        if not self._ready.wait(SERVER_START_TIMEOUT) or self.proc.poll() is not None:
            log = self.log()
            self.stop()
            raise RuntimeError(f"Streamlit did not start on port {self.port}:\n{log}")
        with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=10) as r:  # noqa: S310 (local)
            if r.status != 200:
                raise RuntimeError(f"Streamlit health check answered {r.status}")
        return self

    def _pump(self) -> None:
        assert self.proc and self.proc.stdout
        for line in self.proc.stdout:
            self.output.append(line)
            if "URL:" in line or "You can now view" in line:
                self._ready.set()
        self._ready.set()  # process ended: wake the waiter, which then sees poll() is not None

    def log(self) -> str:
        return "".join(self.output)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)

    def __enter__(self) -> StreamlitServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


# --- pages that never reach the network -------------------------------------------------------------

@dataclass
class PageWatch:
    """What a page did: requests that were blocked, console errors and uncaught page errors."""

    blocked: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        """Console and page errors, except Chromium's "failed to load" line for a request we aborted."""
        def ours(message: str) -> bool:
            where = re.search(r"\[(.*)\]$", message)
            return bool(_ABORTED_NOISE.search(message) and where and where.group(1) in self.blocked)

        return [*self.page_errors, *(m for m in self.console_errors if not ours(m))]


def offline(context_or_page, allowed: tuple[str, ...]) -> PageWatch:
    """Abort every request whose URL does not start with one of ``allowed``; record the aborted ones."""
    watch = PageWatch()

    def handle(route):
        url = route.request.url
        if url.startswith(allowed):
            route.continue_()
        else:
            watch.blocked.append(url)
            route.abort()

    context_or_page.route("**/*", handle)
    return watch


def watch_errors(page, watch: PageWatch) -> PageWatch:
    """Collect console errors and page errors of ``page`` (and its frames) into ``watch``."""
    def on_console(msg):
        if msg.type == "error":
            where = (msg.location or {}).get("url", "")
            watch.console_errors.append(f"{msg.text} [{where}]")

    page.on("console", on_console)
    page.on("pageerror", lambda exc: watch.page_errors.append(str(exc)))
    return watch


#: Where on the page the point of ``window.mapapp.layers[category]`` at place ``pid`` is drawn (canvas points
#: have no element of their own to click): [x, y] in page pixels, or null.
POINT_ON_PAGE = """
([category, pid]) => { let found = null;
  window.mapapp.layers[category].eachLayer(l => { if (!found && l.feature.properties.place_id === pid) found = l; });
  if (!found) return null;
  const map = window.mapapp.map, p = map.latLngToContainerPoint(found.getLatLng());
  const box = map.getContainer().getBoundingClientRect();
  return [box.left + p.x, box.top + p.y]; }
"""


def tile_hosts() -> set[str]:
    """Hosts of every basemap the dashboard offers (the only remote requests a map may make)."""
    from urllib.parse import urlsplit

    from mapapp.mapbuild import tile_provider
    from mapapp.ui.sidebar import TILE_CHOICES

    hosts = set()
    for name in filter(None, TILE_CHOICES):
        provider = tile_provider(name)
        url = provider.build_url(scale_factor="")
        for sub in provider.get("subdomains", "abc"):
            hosts.add(urlsplit(url.replace("{s}", sub)).hostname)
    return hosts


def only_tiles(urls: list[str]) -> list[str]:
    """The URLs in ``urls`` that are NOT basemap tile requests (should be empty)."""
    from urllib.parse import urlsplit

    hosts = tile_hosts()
    return [u for u in urls if urlsplit(u).hostname not in hosts]


# --- the HTML report in a page -------------------------------------------------------------------------

#: Markup as the page's parser serialises it, so render.py's strings compare with what the page built.
_NORMALISED = ("hs => hs.map(h => { const t = document.createElement('template'); t.innerHTML = h; "
               "return t.innerHTML; })")


def report_markup_mismatches(page, story, view) -> list[str]:
    """Where the HTML report's script (report.js) built other markup than mapapp/render.py makes from the same
    story: each place's details panel (every place selected in turn), every entry of the list of events and
    the sources. Empty when everything matches. Waits until the list and sources are built."""
    from mapapp import render
    from mapapp.export import report

    page.wait_for_function("() => window.mapapp.report.state.listed")
    names = {p.id: p.name for p in story.places}
    panels = page.evaluate(_NORMALISED, [render.place_panel(p, view.events_at(p.id), view.snippets.get(p.id, ()),
                                                            story.label_map, names) for p in view.places])
    out = []
    for place, want in zip(view.places, panels):
        page.evaluate("id => window.mapapp.report.select(id)", place.id)
        if page.inner_html("#report-details") != want:
            out.append(f"the panel of {place.id!r}")
    ordered = report.ordered_events(story, view)
    items = page.evaluate(_NORMALISED, [render.event_item(e, story.place_by_id[e.place_id], story.label_map)
                                        for e in ordered])
    shown = page.evaluate("() => Array.from(document.querySelectorAll('#report-events button'), b => b.innerHTML)")
    out += [f"list entry {i} ({e.id!r})" for i, (e, a, b) in enumerate(zip(ordered, items, shown)) if a != b]
    if len(shown) != len(ordered):
        out.append(f"{len(shown)} list entries for {len(ordered)} events")
    (sources,) = page.evaluate(_NORMALISED, [render.source_groups(report.source_groups(story, view))])
    if page.inner_html("#report-sources") != sources:
        out.append("the sources")
    return out


# --- the dashboard in a page --------------------------------------------------------------------------

def open_dashboard(page, url: str, timeout: float = 45_000):
    """Load the dashboard and wait until the map iframe has drawn its layers; return the map frame."""
    page.goto(url, wait_until="domcontentloaded")
    page.locator(MAP_FRAME).wait_for(state="attached", timeout=timeout)
    frame = page.frame_locator(MAP_FRAME)
    frame.locator(".mapapp-legend").wait_for(timeout=timeout)
    frame.locator("path.leaflet-interactive").first.wait_for(timeout=timeout)
    return frame


def open_sidebar(page, timeout: float = 30_000) -> None:
    """Unfold the sidebar (filters, layers, downloads), which the dashboard starts folded; wait until it is
    shown."""
    button = page.locator('[data-testid="stExpandSidebarButton"]')
    if button.count() and button.is_visible():
        button.click()
    page.locator('[data-testid="stSidebarUserContent"]').first.wait_for(state="visible", timeout=timeout)


def map_frame(page):
    """The Playwright Frame (not FrameLocator) of the map, for evaluate()."""
    handle = page.locator(MAP_FRAME).element_handle()
    frame = handle.content_frame()
    assert frame is not None, "map iframe has no content frame"
    return frame


#: JS run inside a map page: tag each circle marker's SVG path with data-place (the place_id of its
#: GeoJSON feature), so a test can click the marker of a named place like a user would.
TAG_MARKERS_JS = """
() => {
  const maps = new Set(Object.values(window).filter(v => v instanceof L.Map));  // map_div and map: one map
  let n = 0;
  for (const m of maps) {
    m.eachLayer(layer => {
      const props = layer.feature && layer.feature.properties;
      if (props && props.place_id && layer._path) { layer._path.setAttribute('data-place', props.place_id); n++; }
      if (props && props.place_id && layer._icon) { layer._icon.setAttribute('data-place', props.place_id); n++; }
    });
  }
  return n;
}
"""


#: For each route leg, a point on it where the leg is the topmost element, at least 30 px from every point
#: marker: [{id, x, y}] in the map page's coordinates. Tags each leg's path with data-leg. (Where legs run over
#: each other, the one under the pointer is drawn wider while hovered: see TOPMOST_LEG_JS.)
LEG_TARGETS_JS = """
() => {
  const map = window.mapapp.map, places = [], out = [], legs = [];
  map.eachLayer(l => { const p = l.feature && l.feature.properties;
    if (p && p.place_id && l.getLatLng) { places.push(map.latLngToContainerPoint(l.getLatLng())); } });
  map.eachLayer(l => { const p = l.feature && l.feature.properties;
    if (p && !p.place_id && l._path && !p.approximate && l.getLatLngs) {
      l._path.setAttribute('data-leg', p.id);
      legs.push({id: p.id, pts: l.getLatLngs().flat(Infinity).map(ll => map.latLngToContainerPoint(ll))});
    } });
  const frame = map.getContainer().getBoundingClientRect();
  for (const leg of legs) {
    for (let i = 1; i < leg.pts.length - 1; i++) {
      const q = leg.pts[i];
      if (places.some(p => Math.hypot(p.x - q.x, p.y - q.y) < 30)) { continue; }
      const x = frame.left + q.x, y = frame.top + q.y, el = document.elementFromPoint(x, y);
      if (el && el.getAttribute('data-leg') === leg.id) { out.push({id: leg.id, x, y}); break; }
    }
  }
  return out;
}
"""

#: The id of the route leg at (x, y) of the map page, as the pointer there would hit it (legs tagged anew).
TOPMOST_LEG_JS = """
([x, y]) => {
  window.mapapp.map.eachLayer(l => { const p = l.feature && l.feature.properties;
    if (p && !p.place_id && l._path && !p.approximate) { l._path.setAttribute('data-leg', p.id); } });
  const el = document.elementFromPoint(x, y);
  return el ? el.getAttribute('data-leg') : null;
}
"""


@contextlib.contextmanager
def chromium_browser() -> Iterator:
    """A launched headless Chromium (for scripts); tests use the fixtures in test_browser.py."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = launch(p, str(CHROMIUM))
        try:
            yield browser
        finally:
            browser.close()


# --- pytest fixtures (import them into a test module by name) -----------------------------------------

@pytest.fixture(scope="module")
def chromium_path() -> str:
    return require_chromium()


@pytest.fixture(scope="module")
def browser(chromium_path):
    """One headless Chromium per test module (module scope: Playwright's sync API allows one running
    instance per thread, and other modules start their own)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = launch(p, chromium_path)
        yield b
        b.close()


@pytest.fixture(scope="module")
def dashboard_server(chromium_path):
    """One Streamlit server on the built-in story per test module; stopped at the module's end.

    Depends on ``chromium_path`` so that without Chromium no server is started at all.
    """
    server = StreamlitServer(story=ROOT).start()
    yield server
    server.stop()


@dataclass
class DashboardPage:
    page: object  # playwright Page
    watch: PageWatch
    url: str


@pytest.fixture
def dashboard_page(browser, dashboard_server):
    """A fresh 1400×1400 page (own context, so a new Streamlit session) that may only reach the server; tall
    enough that the whole map is on screen (a click below the fold goes nowhere)."""
    context = browser.new_context(viewport={"width": 1400, "height": 1400})
    watch = offline(context, (dashboard_server.url, "file:", "data:", "blob:", "about:"))
    page = context.new_page()
    watch_errors(page, watch)
    yield DashboardPage(page, watch, dashboard_server.url)
    context.close()
