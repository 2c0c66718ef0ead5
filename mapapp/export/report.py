"""The HTML report around the exported map: title block, date filter and presets, details panel, journey
steps, list of events, sources, attribution and a print layout.

Everything interactive runs in the page without a server (mapapp/static/report.js) on top of the map's
``window.mapapp`` registry. Text from the story reaches the page only escaped by mapapp/render.py: in fixed
markup here (dates, counts, preset names), and as escaped texts in the report's compact data
(:func:`report_data`), which the script joins into the fixed markup of render.place_panel, event_item and
source_groups (each place, sentence and URL once; the panels built on selection, a long list after the map
is drawn), so the page stays small and quick at 10,000 events. ``export.html_document`` puts the map into
:func:`page` and starts the script with :func:`init_script`.
"""
from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime
from functools import partial

from .. import __version__, journey, render
from ..filters import FilterOptions, presets
from ..view import View
from ..leginfo import leg_info
from ..mapplan import Tiles
from ..model import Event, Story

LAND_CREDIT = "Land outline: Natural Earth (public domain)"


def init_script(data: dict) -> str:
    """The call that starts report.js with the report's data, once the map and its registry exist."""
    return f"mapappReport.init(window.mapapp, {data_json(data)});\n"


def data_json(data) -> str:
    """Compact JSON for inside a <script>: no ``<`` or ``>`` (nothing can end or open a tag), ASCII only (so
    no raw U+2028/9 either)."""
    return json.dumps(data, separators=(",", ":")).replace("<", "\\u003c").replace(">", "\\u003e")


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
    """Ids of the exported journey steps (events of the journey point layers) in travel order (mapapp.journey.steps)."""
    shown = {e.id for e in view.events}
    return [e.id for e in journey.steps(story) if e.id in shown]


def journey_totals(view: View) -> str:
    """Hook for the journey's figures (mapapp.journey): one line of escaped text — length of the exported
    legs ("by rail", "by air", … after their modes), days and legs — or "" when the export has no legs."""
    figures = journey.totals(journey.leg_figures(view.routes, view.leg_km))
    if figures is None:
        return ""
    how = journey.by_mode(r.mode for r in view.routes)
    return view.html(f"{figures.km:,.0f} km {how} over {figures.days} days, "
                     f"{render.date_range(figures.date_start, figures.date_end)} ({figures.legs} "
                     f"leg{'s' if figures.legs != 1 else ''}), measured along the drawn track"
                     f"{' (flights: the great circle)' if any(not r.drawn for r in view.routes) else ''}.")


def source_groups(story: Story, view: View, events: bool = True
                  ) -> list[tuple[str, list[tuple[str, Sequence[str]]] | None]]:
    """Every source URL of the exported events, places, legs and of the articles quoted in the panels.
    ``events=False``: the events' group is None (report_data leaves it to the page's script)."""
    events = [(f"{render.date_range(e.date_start, e.date_end)}: {e.title}", e.sources)
              for e in ordered_events(story, view)] if events else None
    places = [(p.name, p.sources) for p in view.places]
    legs = [(f"{render.date_range(r.date_start, r.date_end)}: {r.name}", r.sources)
            for r in sorted(view.routes, key=lambda r: (r.date_start, r.id))]
    articles: dict[str, tuple[str, Sequence[str]]] = {}
    for snippets in view.snippets.values():
        for s in snippets:
            if s.article_url and s.article_id not in articles:
                when = f" ({s.article_date.isoformat()})" if s.article_date else ""
                articles[s.article_id] = (f"{s.article_title or s.article_id}{when}", (s.article_url,))
    legs_heading = journey.leg_noun(story).capitalize() + "s"
    return [("Events", events), ("Places", places), (legs_heading, legs), ("Articles", list(articles.values()))]


def report_data(story: Story, view: View) -> dict:
    """What report.js needs, JSON-ready and compact: one short row per event, each place, URL, article and
    article sentence once. Every text in it is escaped by render.py (escape, marked, report_url); report.js
    joins those texts into fixed markup that repeats render.place_panel, render.event_item and
    render.source_groups (the browser tests check that the results are the same). Rows, not objects keyed
    by ids: ids are data (an object keyed by them could meet "__proto__").

    - ``categories``: [[category, label, layer colour], …]; ``routes``: the route layers' ids; ``legNoun``: "rail leg",
      "flight" or "leg" (journey.leg_noun); ``urls``: [render.report_url(url), …]
    - ``articles``: [[title, url index or -1, date or "undated"], …]; ``sentences``: [[article index, text], …]
    - ``places``: [[id, lat, lon, name, description, [url index, …], own snippets, wider snippets], …] in the
      view's order; a snippet is [sentence index, *render.marked cuts] (cuts in UTF-16 code units, as
      JavaScript counts); wider snippets are [[area name, [snippet, …]], …], one group per larger place
    - ``events``: [[id, place index, category index, first day, days after it, title, participants,
      description, [url index, …]], …] in the view's order (a place's panel lists its events in this order);
      the first day counted in days after ``t0``, the first day of the exported events
    - ``order``: event indices in the list's order (by date, the story's own order within a day)
    - ``steps``: event indices of the journey's steps in travel order
    - ``sources``: [[heading, items], …]: items [[label, [url index, …]], …], or null for the events (their
      dates and titles, in the list's order)
    - ``legs``: [[leg id, render.leg_panel markup], …] for the exported route legs (a click on one shows it)
    """
    esc = view.html
    urls = _Rows(partial(render.report_url, esc=esc))
    url_rows = urls.rows

    def url_ids(values) -> list[int]:
        return list(map(urls.__getitem__, values))

    # an article: (id, title, date, url) → [title, url index or -1, date or "undated"]
    articles = _Rows(lambda a: [esc(a[1]), urls[a[3]] if a[3] else -1, esc(a[2].isoformat() if a[2] else "undated")])
    sentences = _Rows(list)  # (article index, escaped text) → [article index, escaped text]
    marked, utf16_offsets = render.marked, render.utf16_offsets

    def snippet_row(s) -> list:
        a = articles[s.article_id, s.article_title, s.article_date, s.article_url]
        text, cuts = marked(s.text, s.spans, esc)
        return [sentences[a, text], *(cuts if text.isascii() else utf16_offsets(text, cuts))]  # JS counts UTF-16

    made: dict[int, str] = {}  # by id: every snippet shown stays alive in view.snippets meanwhile

    def snippet_html(s) -> str:
        """render.snippet, each made once: a place's sentences show in the panels of the legs on either side."""
        html = made.get(id(s))
        if html is None:
            html = made[id(s)] = render.snippet(s, esc)
        return html

    names = story.place_names
    place_index = view.place_index
    places = []
    for p in view.places:
        snippets = view.snippets.get(p.id, ())
        own = [snippet_row(s) for s in snippets if s.place_id == p.id]
        wider: dict[str, list] = {}
        for s in snippets:
            if s.place_id != p.id:
                wider.setdefault(s.place_id, []).append(snippet_row(s))
        places.append([p.id, p.lat, p.lon, esc(p.name), esc(p.description),
                       url_ids(p.sources), own, [[esc(names.get(a, a)), rows] for a, rows in wider.items()]])
    categories = list(dict.fromkeys(e.category for e in view.events))
    category_index = {c: i for i, c in enumerate(categories)}
    labels = story.label_map
    event_index = {e.id: i for i, e in enumerate(view.events)}
    t0 = min((e.date_start for e in view.events), default=None) or data_span(story, view)[0]
    events = [[e.id, place_index[e.place_id], category_index[e.category], (e.date_start - t0).days,
               (e.last_day - e.date_start).days, esc(e.title), esc(e.participants),
               esc(e.description), url_ids(e.sources)] for e in view.events]
    groups = []
    for heading, items in source_groups(story, view, events=False):
        groups.append([esc(heading), None if items is None else
                       [[esc(label), url_ids(u)] for label, u in items if u]])
    return {"t0": t0.isoformat(), "categories": [[c, esc(labels.get(c, c)), story.layer(c).color] for c in categories],
            "routes": [layer.id for layer in story.route_layers], "legNoun": journey.leg_noun(story),
            "urls": url_rows,
            "articles": articles.rows, "sentences": sentences.rows, "places": places, "events": events,
            "order": [event_index[e.id] for e in ordered_events(story, view)],
            "steps": [event_index[i] for i in journey_steps(story, view)],
            "sources": groups, "attribution": esc("Natural Earth"),
            "legs": [[r.id, render.leg_panel(leg_info(story, r, view.snippets, km=view.leg_km[r.id]), esc,
                                             snippet_html)] for r in view.routes]}


class _Rows(dict):
    """Row number per value, each value's row made once by ``row(value)`` into :attr:`rows` (a value seen before
    costs one lookup in C)."""

    def __init__(self, row):
        super().__init__()
        self.row, self.rows = row, []

    def __missing__(self, value) -> int:
        i = self[value] = len(self.rows)
        self.rows.append(self.row(value))
        return i


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def shown_text(n_events: int, n_legs: int, noun: str = "leg") -> str:
    return f"{_plural(n_events, 'event')}, {_plural(n_legs, noun)}"


def caption(story: Story, view: View, options: FilterOptions, stamp: datetime) -> str:
    """The title block over the map's corner: title, what is shown (updated by the script), export time."""
    start, end = initial_range(story, view, options)
    return (f'<div class="mapapp-caption" role="group" aria-label="Report title">'
            f'<h1 class="report-title"><b>{view.html(story.title)}</b></h1>'
            f'<p class="report-subtitle"><span id="report-shown">{shown_text(len(view.events), len(view.routes), journey.leg_noun(story))}'
            f'</span> · <span id="report-range">{view.html(render.date_range(start, end))}</span></p>'
            f'<p class="report-stamp"><small>Exported {view.html(_stamp(stamp))} · mapapp '
            f'{view.html(__version__)}</small></p></div>')


def _stamp(stamp: datetime) -> str:
    return stamp.strftime("%Y-%m-%d %H:%M UTC")


def page(map_div: str, story: Story, view: View, options: FilterOptions, stamp: datetime,
         tiles: Tiles | None) -> str:
    """The report's body around ``map_div`` (the map's <div>): map and side panel, then sources and credits
    (``tiles``: the basemap, None: none, for the attribution line)."""
    start, end = initial_range(story, view, options)
    first, last = data_span(story, view)
    dates = (f'<div class="report-dates">'
             f'<label for="report-from">From</label><input type="date" id="report-from" min="{first}" '
             f'max="{last}" value="{start}">'
             f'<label for="report-to">To</label><input type="date" id="report-to" min="{first}" max="{last}" '
             f'value="{end}"></div>')
    buttons = "".join(f'<button type="button" class="report-preset" data-from="{a}" data-to="{b}" '
                      f'aria-pressed="false">{view.html(name)}</button>'
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
    provider = tiles.credit if tiles else ""
    credits = [f"Map tiles: {provider}" if provider else "No map tiles", LAND_CREDIT,
               f"Places, events, {journey.leg_noun(story)}s and article sentences: the sources listed above"]
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
        '<p class="report-hint">Click a point or a route on the map, or choose an event in the list, to see '
        'its details and the article sentences that name the place.</p></div></section>'
        '<section class="report-events" aria-labelledby="report-events-h">'
        '<h2 id="report-events-h">Events</h2>'
        '<ol id="report-events" class="report-event-list"></ol></section>'
        '</aside></div>'
        '<footer class="report-foot">'
        '<section class="report-sources" aria-labelledby="report-sources-h"><h2 id="report-sources-h">Sources</h2>'
        '<div id="report-sources"></div></section>'
        f'<p class="report-credits">{" · ".join(view.html(c) for c in credits)}.</p>'
        f'<p class="report-made">Exported {view.html(_stamp(stamp))} with mapapp '
        f'{view.html(__version__)}. This file needs no server and no network but the map tiles.</p>'
        '</footer>')
