"""The HTML report around the exported map: title block, date filter and presets, details panel, journey
steps, list of events, sources, attribution and a print layout.

Everything interactive runs in the page without a server (mapapp/static/report.js) on top of the map's
``window.mapapp`` registry. Text from the story reaches the page only as markup made by mapapp/render.py:
fixed markup here (dates, counts, preset names), and per-place panels, list entries and sources as escaped
fragments in the report's data, which the script inserts with innerHTML. ``export.html_document`` puts the
map into :func:`page` and adds :class:`Report` to it.
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from branca.element import MacroElement
from folium.elements import JSCSSMixin
from jinja2 import Template

from . import __version__, assets, journey, render
from .filters import FilterOptions, View, presets
from .mapbuild import tile_provider
from .model import Event, Story

LAND_CREDIT = "Land outline: Natural Earth (public domain)"


class Report(JSCSSMixin, MacroElement):
    """The report's behaviour: report.js and report.css, and one call that starts it with the report's data
    once the map and its registry exist (add it to the map last)."""

    _template = Template("""
{% macro script(this, kwargs) %}
mapappReport.init(window.mapapp, {{ this.data|tojson }});
{% endmacro %}
""")

    def __init__(self, data: dict):
        super().__init__()
        self._name = "Report"
        self.data = data
        self.default_js = [("mapapp_report_js", assets.data_uri(assets.own("report.js"), "text/javascript"))]
        self.default_css = [("mapapp_report_css", assets.data_uri(assets.own("report.css"), "text/css"))]


# --- what the page shows ------------------------------------------------------------------------------

def data_span(story: Story, view: View) -> tuple[date, date]:
    """First and last day of what the export holds (the whole story's when it holds nothing)."""
    items = (*view.events, *view.routes)
    if not items:
        return story.date_bounds()
    return min(x.date_start for x in items), max(x.last_day for x in items)


def initial_range(story: Story, view: View, options: FilterOptions) -> tuple[date, date]:
    """The export's own date filter, clamped to the days its data covers: the date fields' first values."""
    first, last = data_span(story, view)
    start = min(max(options.start or first, first), last)
    end = max(min(options.end or last, last), start)
    return start, end


def report_presets(story: Story, view: View) -> list[tuple[str, date, date]]:
    """The app's presets (mapapp.filters.presets) clamped to the export's days; those that would show nothing
    in this export are left out, "All" (everything exported) always stays."""
    first, last = data_span(story, view)
    out = []
    for name, (start, end) in presets(story).items():
        start, end = max(start or first, first), min(end or last, last)
        shown = any(x.overlaps(start, end) for x in (*view.events, *view.routes))
        if start <= end and (shown or name == "All"):
            out.append((name, start, end))
    return out


def ordered_events(story: Story, view: View) -> list[Event]:
    """The exported events by date; within a day in the story's own order (the order of travel)."""
    order = {e.id: i for i, e in enumerate(story.events)}
    return sorted(view.events, key=lambda e: (e.date_start, order.get(e.id, 0)))


def journey_steps(story: Story, view: View) -> list[str]:
    """Ids of the exported journey stops and summit in travel order (mapapp.journey.steps)."""
    shown = {e.id for e in view.events}
    return [e.id for e in journey.steps(story) if e.id in shown]


def journey_totals(view: View) -> str:
    """Hook for the journey's figures (mapapp.journey): one line of escaped text — length of the exported
    rail legs, days and legs — or "" when the export has no rail legs."""
    figures = journey.totals(journey.leg_figures(view.routes))
    if figures is None:
        return ""
    return render.escape(f"{figures.km:,.0f} km by rail over {figures.days} days, "
                         f"{render.date_range(figures.date_start, figures.date_end)} ({figures.legs} "
                         f"leg{'s' if figures.legs != 1 else ''}), measured along the drawn track.")


def source_groups(story: Story, view: View) -> list[tuple[str, list[tuple[str, Sequence[str]]]]]:
    """Every source URL of the exported events, places, rail legs and of the articles quoted in the panels."""
    events = [(f"{render.date_range(e.date_start, e.date_end)}: {e.title}", e.sources)
              for e in ordered_events(story, view)]
    places = [(p.name, p.sources) for p in view.places]
    legs = [(f"{render.date_range(r.date_start, r.date_end)}: {r.name}", r.sources)
            for r in sorted(view.routes, key=lambda r: (r.date_start, r.id))]
    articles: dict[str, tuple[str, Sequence[str]]] = {}
    for snippets in view.snippets.values():
        for s in snippets:
            if s.article_url and s.article_id not in articles:
                when = f" ({s.article_date.isoformat()})" if s.article_date else ""
                articles[s.article_id] = (f"{s.article_title or s.article_id}{when}", (s.article_url,))
    return [("Events", events), ("Places", places), ("Rail legs", legs), ("Articles", list(articles.values()))]


def report_data(story: Story, view: View) -> dict:
    """What report.js needs, JSON-ready; every text in it is escaped markup from render.py. Places are a list
    of [id, …] pairs (ids are data: an object keyed by them could meet "__proto__")."""
    names = {p.id: p.name for p in story.places}
    events = []
    for e in ordered_events(story, view):
        place = story.place_by_id[e.place_id]
        when = render.date_range(e.date_start, e.date_end)
        events.append({"id": e.id, "place": e.place_id, "category": e.category, "start": e.date_start.isoformat(),
                       "end": e.last_day.isoformat(), "item": render.event_item(e, place, story.label_map),
                       "label": render.escape(f"{place.name}, {when}: {e.title}")})
    places = [[p.id, {"lat": p.lat, "lon": p.lon,
                      "panel": render.place_panel(p, view.events_at(p.id), view.snippets.get(p.id, ()),
                                                  story.label_map, names)}]
              for p in view.places]
    return {"events": events, "places": places, "steps": journey_steps(story, view),
            "sources": render.source_groups(source_groups(story, view)),
            "attribution": render.escape("Natural Earth")}


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def shown_text(n_events: int, n_legs: int) -> str:
    return f"{_plural(n_events, 'event')}, {_plural(n_legs, 'rail leg')}"


def range_text(start: date, end: date) -> str:
    return render.date_range(start, end)


def caption(story: Story, view: View, options: FilterOptions, stamp: datetime) -> str:
    """The title block over the map's corner: title, what is shown (updated by the script), export time."""
    start, end = initial_range(story, view, options)
    return (f'<div class="mapapp-caption" role="group" aria-label="Report title">'
            f'<h1 class="report-title"><b>{render.escape(story.title)}</b></h1>'
            f'<p class="report-subtitle"><span id="report-shown">{shown_text(len(view.events), len(view.routes))}'
            f'</span> · <span id="report-range">{render.escape(range_text(start, end))}</span></p>'
            f'<p class="report-stamp"><small>Exported {render.escape(_stamp(stamp))} · mapapp '
            f'{render.escape(__version__)}</small></p></div>')


def _stamp(stamp: datetime) -> str:
    return stamp.strftime("%Y-%m-%d %H:%M UTC")


def page(map_div: str, story: Story, view: View, options: FilterOptions, stamp: datetime,
         tiles: str | None) -> str:
    """The report's body around ``map_div`` (folium's map <div>): map and side panel, then sources and credits.

    ``tiles`` is the xyzservices name of the basemap ("" or None: none), for the attribution line.
    """
    start, end = initial_range(story, view, options)
    first, last = data_span(story, view)
    dates = (f'<div class="report-dates">'
             f'<label for="report-from">From</label><input type="date" id="report-from" min="{first}" '
             f'max="{last}" value="{start}">'
             f'<label for="report-to">To</label><input type="date" id="report-to" min="{first}" max="{last}" '
             f'value="{end}"></div>')
    buttons = "".join(f'<button type="button" class="report-preset" data-from="{a}" data-to="{b}" '
                      f'aria-pressed="false">{render.escape(name)}</button>'
                      for name, a, b in report_presets(story, view))
    totals = journey_totals(view)
    steps = journey_steps(story, view)
    journey_part = ""
    if steps or totals:
        journey_part = (
            '<section class="report-journey" aria-labelledby="report-journey-h">'
            '<h2 id="report-journey-h">The journey, step by step</h2>'
            + (f'<p class="report-totals">{totals}</p>' if totals else "")
            + ('<div class="report-steps"><button type="button" id="report-prev">← Previous stop</button>'
               '<button type="button" id="report-next">Next stop →</button></div>'
               '<p id="report-step" class="report-step" aria-live="polite"></p>' if steps else "")
            + "</section>")
    provider = tile_provider(tiles).attribution if tiles else ""
    credits = [f"Map tiles: {provider}" if provider else "No map tiles", LAND_CREDIT,
               "Places, events, rail legs and article sentences: the sources listed above"]
    return (
        '<a class="report-skip" href="#report-events">Skip to the list of events</a>'
        '<div class="report">'
        f'<div class="report-map" role="region" aria-label="Map">{caption(story, view, options, stamp)}{map_div}</div>'
        '<aside class="report-side" aria-label="Filter, details and events">'
        '<section class="report-filter" aria-labelledby="report-filter-h">'
        '<h2 id="report-filter-h">Dates shown</h2>'
        f'{dates}<div class="report-presets" role="group" aria-label="Preset periods">{buttons}</div>'
        f'<p id="report-count" class="report-count" role="status">{_plural(len(view.events), "event")} shown</p>'
        '</section>'
        f'{journey_part}'
        '<section class="report-details" aria-labelledby="report-details-h">'
        '<h2 id="report-details-h">Details</h2>'
        '<div id="report-details" class="report-details-body" tabindex="-1">'
        '<p class="report-hint">Click a point on the map, or choose an event in the list, to see its details '
        'and the article sentences that name the place.</p></div></section>'
        '<section class="report-events" aria-labelledby="report-events-h">'
        '<h2 id="report-events-h">Events</h2>'
        '<ol id="report-events" class="report-event-list"></ol></section>'
        '</aside></div>'
        '<footer class="report-foot">'
        '<section class="report-sources" aria-labelledby="report-sources-h"><h2 id="report-sources-h">Sources</h2>'
        '<div id="report-sources"></div></section>'
        f'<p class="report-credits">{" · ".join(render.escape(c) for c in credits)}.</p>'
        f'<p class="report-made">Exported {render.escape(_stamp(stamp))} with mapapp '
        f'{render.escape(__version__)}. This file needs no server and no network but the map tiles.</p>'
        '</footer>')
