"""The HTML report's date filter in every point mode, in headless Chromium: a small invented story exported
with its point mode forced (MapOptions(points=...)), so clustering is exercised without 20,000 events.

Clustered, the markers live in Leaflet.markercluster groups (window.mapapp.clusters), not in the GeoJSON
layers: the filter must take them out of the groups — the cluster counts on the map follow — and put them
back, and the layer control, the count of events, the list and a click on a point must keep working.
"""
from __future__ import annotations

from datetime import date

import pytest

from browser_support import POINT_ON_PAGE, browser, chromium_path, offline, watch_errors  # noqa: F401
from mapapp.export import html_document
from mapapp.filters import FilterOptions, apply, presets
from mapapp.link import link_story
from mapapp.load import load_story
from mapapp.mapbuild import MapOptions
from story_factory import event, write_story

pytestmark = pytest.mark.browser

TIMEOUT_MS = 15_000
JOURNEY_PLACES = ("norvale", "ferrin", "alder", "kestrel")

#: Per category, the ids of the events drawn now: held by the category's cluster group (clustered) or on the
#: map in its GeoJSON layer; and whether the group (or layer) is on the map.
DRAWN = """() => {
  const m = window.mapapp, out = {};
  for (const [key, layer] of Object.entries(m.layers)) {
    if (key === 'rail_leg') continue;
    const cluster = m.clusters[key];
    const held = cluster ? cluster.getLayers() : layer.getLayers().filter(l => l._map);
    out[key] = {ids: held.map(l => l.feature.properties.id).sort(), on: m.map.hasLayer(cluster || layer),
                clustered: !!cluster, layerOnMap: m.map.hasLayer(layer)};
  }
  return out;
}"""

#: What the reader sees of the points: the numbers on the cluster icons plus the markers drawn on their own
#: (every point is in view: the filter only ever narrows the first, fitted view or fits to what it shows).
SEEN = """() => {
  const m = window.mapapp;
  const inClusters = Array.from(document.querySelectorAll('.marker-cluster span'), s => Number(s.textContent));
  let single = 0;
  for (const [key, layer] of Object.entries(m.layers)) {
    if (key !== 'rail_leg') single += layer.getLayers().filter(l => l._map).length;
  }
  return {clusters: inClusters.length, inClusters: inClusters.reduce((a, b) => a + b, 0), single};
}"""

#: Every marker that is not held is off the map and not inside a cluster.
STRAYS = """() => {
  const m = window.mapapp, out = [];
  for (const [key, cluster] of Object.entries(m.clusters)) {
    const held = new Set(cluster.getLayers());
    for (const l of m.layers[key].getLayers()) {
      if (!held.has(l) && (l._map || l.__parent)) out.push(l.feature.properties.id);
    }
  }
  return out;
}"""


def story_events() -> list[dict]:
    """40 events: piles of journey stops at four places over ten days, one summit, earlier and later summits."""
    rows = [event(f"j{i:02d}", JOURNEY_PLACES[i % 4], "journey_stop", f"2023-09-{10 + i % 10:02d}",
                  title=f"Stop {i}") for i in range(30)]
    rows.append(event("summit", "greywater", "summit", "2023-09-13", title="The summit"))
    rows += [event(f"early{i}", ("alder", "ferrin")[i % 2], "earlier_summit", f"2019-04-{20 + i:02d}",
                   title=f"Earlier {i}") for i in range(5)]
    rows += [event(f"late{i}", ("kestrel", "norvale")[i % 2], "later_summit", f"2024-06-{18 + i:02d}",
                   title=f"Later {i}") for i in range(4)]
    return rows


@pytest.fixture(scope="module")
def exported(tmp_path_factory, chromium_path):  # noqa: F811
    folder = tmp_path_factory.mktemp("report_cluster")
    root = write_story(folder / "story", events=story_events())
    story = load_story(root)
    view = apply(story, link_story(story), FilterOptions())
    pages = {}
    for mode in ("svg", "canvas", "cluster"):
        path = folder / f"{mode}.html"
        path.write_text(html_document(story, view, FilterOptions(), MapOptions(tiles="", points=mode)), "utf-8")
        pages[mode] = path
    return story, pages


@pytest.fixture
def open_report(browser):  # noqa: F811
    contexts = []

    def opener(path):
        context = browser.new_context(viewport={"width": 1300, "height": 900})
        contexts.append(context)
        watch = offline(context, ("file:",))
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        watch_errors(page, watch)
        page.goto(path.as_uri())
        page.wait_for_selector("html.report-ready")
        settled(page)
        return page, watch

    yield opener
    for context in contexts:
        context.close()


def settled(page):
    """Wait until every cluster group holds what is shown and no map animation runs."""
    page.wait_for_function("() => window.mapapp.report.state.synced")
    page.evaluate("""async () => {
      const frame = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
      const m = window.mapapp;
      do { await frame(); } while (document.querySelector('.leaflet-zoom-anim') || m.report.state.moving ||
                                   Object.values(m.clusters).some(c => c._inZoomAnimation));
    }""")


def expected(story, start: str | None, end: str | None) -> dict[str, list[str]]:
    a = date.fromisoformat(start) if start else None
    b = date.fromisoformat(end) if end else None
    out: dict[str, list[str]] = {}
    for e in story.events:
        if e.overlaps(a, b):
            out.setdefault(e.category, []).append(e.id)
    return {k: sorted(v) for k, v in out.items()}


def drawn_ids(page) -> dict[str, list[str]]:
    return {k: v["ids"] for k, v in page.evaluate(DRAWN).items() if v["ids"]}


def set_dates(page, start: str, end: str, n: int):
    page.fill("#report-from", start)
    page.fill("#report-to", end)
    wait_count(page, n)


def wait_count(page, n: int):
    page.wait_for_function("t => document.querySelector('#report-count').textContent === t",
                           arg=f"{n} event{'s' * (n != 1)} shown")
    settled(page)


def test_cluster_mode_date_filter_takes_markers_out_of_the_clusters_and_back(exported, open_report):
    story, pages = exported
    page, watch = open_report(pages["cluster"])
    everything = expected(story, None, None)
    drawn = page.evaluate(DRAWN)
    assert all(v["clustered"] and v["on"] and not v["layerOnMap"] for v in drawn.values())  # really clustered
    assert drawn_ids(page) == everything
    seen = page.evaluate(SEEN)
    assert seen["clusters"] > 0 and seen["inClusters"] + seen["single"] == len(story.events)

    # one day: the journey stops and the summit of 13 Sep only
    want = expected(story, "2023-09-13", "2023-09-13")
    n = sum(map(len, want.values()))
    set_dates(page, "2023-09-13", "2023-09-13", n)
    assert 0 < n < len(story.events)
    assert drawn_ids(page) == want
    assert page.evaluate(STRAYS) == []
    seen = page.evaluate(SEEN)
    assert seen["inClusters"] + seen["single"] == n  # the numbers on the clusters follow
    assert page.locator("#report-events li").count() == n
    assert page.locator("#report-shown").inner_text().startswith(f"{n} events, ")

    # a preset: the whole journey (earlier and later summits out), then everything back
    first, last = presets(story)["2023 journey"]
    page.get_by_role("button", name="2023 journey", exact=True).click()
    want = expected(story, first.isoformat(), last.isoformat())
    wait_count(page, sum(map(len, want.values())))
    assert drawn_ids(page) == want and "earlier_summit" not in want
    seen = page.evaluate(SEEN)
    assert seen["inClusters"] + seen["single"] == sum(map(len, want.values()))
    page.get_by_role("button", name="All", exact=True).click()
    wait_count(page, len(story.events))
    assert drawn_ids(page) == everything
    assert page.evaluate(STRAYS) == []
    seen = page.evaluate(SEEN)
    assert seen["inClusters"] + seen["single"] == len(story.events)
    assert page.locator("#report-events li").count() == len(story.events)
    assert watch.problems() == []


def test_cluster_mode_layer_control_hides_a_cluster_group_and_brings_it_back_filtered(exported, open_report):
    story, pages = exported
    page, watch = open_report(pages["cluster"])
    page.hover(".leaflet-control-layers")
    label = page.locator(".leaflet-control-layers-overlays label", has_text=story.label("journey_stop"))
    toggle = label.locator("input")
    toggle.uncheck()
    stops = sum(e.category == "journey_stop" for e in story.events)
    wait_count(page, len(story.events) - stops)
    drawn = page.evaluate(DRAWN)
    assert drawn["journey_stop"]["on"] is False and drawn["summit"]["on"] is True
    assert page.locator("#report-events [data-category=journey_stop]").count() == 0
    # change the dates while the layer is off: the group comes back holding only that day's stops
    want = expected(story, "2023-09-12", "2023-09-12")
    set_dates(page, "2023-09-12", "2023-09-12", sum(len(v) for k, v in want.items() if k != "journey_stop"))
    page.hover(".leaflet-control-layers")
    toggle.check()
    wait_count(page, sum(map(len, want.values())))
    assert drawn_ids(page) == want and page.evaluate(STRAYS) == []
    assert page.locator("#report-events [data-category=journey_stop]").count() == len(want["journey_stop"])
    assert watch.problems() == []


def test_cluster_mode_a_click_on_a_point_still_fills_the_side_panel(exported, open_report):
    story, pages = exported
    page, watch = open_report(pages["cluster"])
    page.get_by_role("button", name="2023 journey", exact=True).click()
    first, last = presets(story)["2023 journey"]
    wait_count(page, sum(map(len, expected(story, first.isoformat(), last.isoformat()).values())))
    # the summit, alone far north: drawn as itself (a star on the canvas), not in a cluster
    summit = page.evaluate(POINT_ON_PAGE, ["summit", "greywater"])
    assert summit and page.evaluate("() => window.mapapp.layers.summit.getLayers().filter(l => l._map).length") == 1
    page.mouse.click(*summit)
    page.wait_for_selector("#report-details .mapapp-panel")
    assert page.locator("#report-details .mapapp-panel h3").inner_text() == story.place_by_id["greywater"].name
    assert "The summit" in page.locator(".leaflet-popup-content").inner_text()
    assert page.locator("#report-events button[aria-current=true]").count() == 1
    # a click in the list selects too, and hiding the place's events leaves the panel as it is
    page.locator("#report-events button").filter(has=page.get_by_text("Stop 1", exact=True)).click()
    page.wait_for_function("() => window.mapapp.report.state.event === 'j01'")
    assert page.locator("#report-details .mapapp-panel h3").inner_text() == story.place_by_id["ferrin"].name
    assert watch.problems() == []


@pytest.mark.parametrize("mode", ["svg", "canvas", "cluster"])
def test_every_point_mode_hides_and_restores_exactly_the_events_out_of_range(exported, open_report, mode):
    story, pages = exported
    page, watch = open_report(pages[mode])
    everything = expected(story, None, None)
    assert drawn_ids(page) == everything
    for start, end in (("2023-09-15", "2023-09-18"), ("2019-04-21", "2024-06-18"), ("2018-01-01", "2025-12-31")):
        want = expected(story, start, end)
        set_dates(page, start, end, sum(map(len, want.values())))
        assert drawn_ids(page) == want, (start, end)
    assert drawn_ids(page) == everything
    assert watch.problems() == []


# --- a story longer than one page of the list ---------------------------------------------------------

LONG = 2_500  # events: more than one page of the list (report.js PAGE = 2,000)


@pytest.fixture(scope="module")
def long_report(tmp_path_factory, chromium_path):  # noqa: F811
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    from make_story import write_story as write_synthetic

    folder = tmp_path_factory.mktemp("report_long")
    story = load_story(write_synthetic(folder / "story", LONG))
    view = apply(story, link_story(story), FilterOptions())
    path = folder / "cluster.html"
    path.write_text(html_document(story, view, FilterOptions(), MapOptions(tiles="", points="cluster")), "utf-8")
    return story, path


def test_a_long_list_shows_a_page_at_a_time_and_the_sources_when_reached(long_report, open_report):
    story, path = long_report
    page, watch = open_report(path)
    entries = page.locator("#report-events li")
    where = page.locator(".report-step", has_text="Events ")
    assert entries.count() == 2_000 and where.inner_text() == f"Events 1–2,000 of {LONG:,}, by date"
    earlier = page.get_by_role("button", name="← Earlier events")
    later = page.get_by_role("button", name="Later events →")
    assert earlier.is_disabled() and later.is_enabled()
    later.click()
    assert entries.count() == LONG - 2_000 and where.inner_text() == f"Events 2,001–{LONG:,} of {LONG:,}, by date"
    assert later.is_disabled()
    # a narrower filter starts the list again from its first entry; one page needs no buttons
    start, end = "2020-01-01", "2021-12-31"
    want = expected(story, start, end)
    n = sum(map(len, want.values()))
    set_dates(page, start, end, n)
    assert n < 2_000 and entries.count() == n and not where.is_visible()
    assert drawn_ids(page) == want
    # the sources (thousands of entries) wait for the reader
    assert page.evaluate("() => window.mapapp.report.state.listed") is False
    page.locator("#report-sources-h").scroll_into_view_if_needed()
    page.wait_for_function("() => window.mapapp.report.state.listed")
    assert page.locator("#report-sources li").count() > LONG
    # on paper: every shown event, then the page again
    page.evaluate("() => window.mapapp.report.setRange('', '')")
    wait_count(page, LONG)
    page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
    assert entries.count() == LONG
    page.evaluate("() => window.dispatchEvent(new Event('afterprint'))")
    assert entries.count() == 2_000
    assert watch.problems() == []
