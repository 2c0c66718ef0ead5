"""What the interactive map shows of a prepared view, as data (pure, no folium): popups and tooltips, the points
in full (GeoJSON) or compact rows, the legs and their direction arrows, the legend's text and the bounds to fit.
Texts come escaped from the view (view.html, mapapp/render.py). mapbuild.py puts them on the map."""
from __future__ import annotations

import json
from collections.abc import Mapping

from . import render
from .geometry import lines_geometry, points_along
from .legstyle import LEG_COLORS
from .model import Story
from .symbols import symbol_svg
from .view import View

#: Above this many visible events points are drawn on one canvas instead of one SVG element each; above
#: CLUSTER_ABOVE they are also clustered (Leaflet.markercluster), so a page with 100,000 points stays usable.
CANVAS_ABOVE = 1_000
CLUSTER_ABOVE = 20_000
#: A point's popup lists at most this many events of its place; the rest are counted.
POPUP_EVENTS = 12
POINT_MODES = ("svg", "canvas", "cluster")


def point_mode(n_events: int, requested: str = "auto") -> str:
    """How to draw ``n_events`` points: one SVG element each (few), one shared canvas (many), or clustered on
    the canvas (very many). ``requested`` other than "auto" is taken as it is."""
    if requested in POINT_MODES:
        return requested
    if requested != "auto":
        raise ValueError(f"unknown point mode {requested!r}; use auto or one of {', '.join(POINT_MODES)}")
    return "svg" if n_events <= CANVAS_ABOVE else "canvas" if n_events <= CLUSTER_ABOVE else "cluster"


def place_popups(story: Story, view: View) -> dict[str, str]:
    """The popup of each visible place, made once per place (every event there shares it): the place's events,
    at most POPUP_EVENTS of them, and its snippet count."""
    out = {}
    for place in view.places:
        here = view.events_at(place.id)
        html = render.popup(place, here[:POPUP_EVENTS], len(view.snippets.get(place.id, ())), view.html)
        if len(here) > POPUP_EVENTS:
            html += render.more_events(len(here) - POPUP_EVENTS)
        out[place.id] = html
    return out


def points_geojson(story: Story, view: View, category: str, popups: Mapping[str, str] | None = None) -> dict:
    """One Point feature per visible event of ``category``; tooltip/popup values are escaped HTML."""
    popups = place_popups(story, view) if popups is None else popups
    features = []
    for event in view.events:
        if event.category != category:
            continue
        place = story.place_by_id[event.place_id]
        features.append({
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [place.lon, place.lat]},
            "properties": {"id": event.id, "place_id": place.id, "category": category,
                           "date_start": event.date_start.isoformat(), "date_end": event.last_day.isoformat(),
                           "tooltip": render.tooltip(event, place, view.html), "popup": popups[place.id]},
        })
    return {"type": "FeatureCollection", "features": features}


#: Per event id, the parts of its compact row that do not depend on the view: its id and the tail
#: ``"date_start","date_end","dates"``, each as script-safe JSON (see event_rows).
EventRows = Mapping[str, tuple[str, str]]


def place_table(story: Story, view: View, popups: Mapping[str, str]) -> list[list]:
    """The visible places once for all point layers (canvas and cluster modes), in the view's order:
    ``[id, lon, lat, popup, tooltip head]``; an event's tooltip is its place's head and its own dates."""
    return [[p.id, p.lon, p.lat, popups[p.id], render.tooltip_head(p, view.html)] for p in view.places]


def points_compact(story: Story, view: View, category: str) -> dict:
    """The events of ``category`` in the compact form the page expands (mapjs.point_layer) into the same features as
    points_geojson: one short row per event, ``[id, place index, date_start, date_end, dates]``, the place
    index into place_table (the view's places)."""
    index, esc = view.place_index, view.html
    return {"category": category,
            "events": [[e.id, index[e.place_id], e.date_start.isoformat(), e.last_day.isoformat(),
                        render.tooltip_dates(e, esc)] for e in view.events if e.category == category]}


def event_rows(story: Story, events=None) -> dict[str, tuple[str, str]]:
    """The view-independent parts of each event's compact row as script-safe JSON (see points_json), made once
    per story by the dashboard so that a filter change only joins them."""
    return {e.id: (script_json(e.id), script_json([e.date_start.isoformat(), e.last_day.isoformat(),
                                                     render.tooltip_dates(e)])[1:-1])
            for e in (story.events if events is None else events)}


def points_json(story: Story, view: View, category: str, rows: EventRows | None = None) -> str:
    """``script_json(points_compact(story, view, category))``; with ``rows`` (the dashboard's cached
    :func:`event_rows`) joined from them, so a filter change of a 10,000-event story takes a few milliseconds."""
    if rows is None:
        return script_json(points_compact(story, view, category))
    index = view.place_index
    body = ",".join(f"[{rows[e.id][0]},{index[e.place_id]},{rows[e.id][1]}]" for e in view.events
                    if e.category == category)
    return f'{{"category":{script_json(category)},"events":[{body}]}}'


def script_json(data) -> str:
    """JSON for inside a <script>: compact; ``</``, ``<!--`` and U+2028/9 cannot end or break the block."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("</", "<\\/").replace("<!--", "\\u003c!--")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def routes_geojson(routes, colors: dict[str, str], dashed: frozenset[str] | set[str] = frozenset(),
                   esc=render.escape) -> dict:
    """One feature per leg, then one per leg with ``approximate`` parts: those parts, drawn on top as a dotted
    white line (same id and dates as the leg, so filters and the player treat them with it)."""
    features, rough = [], []
    for leg in routes:
        props = {"id": leg.id, "color": colors.get(leg.id, LEG_COLORS[-1]), "date_start": leg.date_start.isoformat(),
                 "date_end": leg.last_day.isoformat(), "dash": "8 7" if leg.id in dashed else None,
                 "tooltip": render.leg_tooltip(leg, esc=esc)}
        features.append({"type": "Feature", "geometry": lines_geometry(leg.lines), "properties": props})
        if leg.approximate:
            rough.append({"type": "Feature", "geometry": lines_geometry(leg.approximate),
                          "properties": {**props, "approximate": True,
                                         "tooltip": render.leg_tooltip(leg, approximate=True, esc=esc)}})
    return {"type": "FeatureCollection", "features": features + rough}


def arrows_geojson(routes, colors: dict[str, str]) -> dict:
    """Arrow points along each leg, pointing in the direction of travel."""
    features = []
    for leg in routes:
        for line in leg.lines:
            for lon, lat, bearing in points_along(line, (0.2, 0.5, 0.8)):
                features.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
                                 "properties": {"bearing": round(bearing, 1), "leg": leg.id,  # report filter
                                                "color": colors.get(leg.id, LEG_COLORS[-1])}})
    return {"type": "FeatureCollection", "features": features}


def leg_bounds(leg) -> list[list[float]] | None:
    """[[south, west], [north, east]] of a leg's drawn lines (None: it has none)."""
    coords = [c for line in leg.lines for c in line]
    if not coords:
        return None
    lons, lats = [c[0] for c in coords], [c[1] for c in coords]
    return [[min(lats), min(lons)], [max(lats), max(lons)]]


def view_bounds(view: View) -> list[list[float]] | None:
    lats = [p.lat for p in view.places] + [c[1] for r in view.routes for line in r.lines for c in line]
    lons = [p.lon for p in view.places] + [c[0] for r in view.routes for line in r.lines for c in line]
    if not lats:
        return None
    return [[min(lats), min(lons)], [max(lats), max(lons)]]


def legend_html(story: Story, view: View, colors: dict[str, str], dashed: frozenset[str] | set[str] = frozenset()
                ) -> str:
    """The legend's text, in layer order: a swatch in its symbol per point layer with visible events, and per
    route layer with visible legs its line (a ramp for a by-date layer) with a collapsible list of the legs."""
    items = []
    present = {e.category for e in view.events}
    for layer in story.layers:
        label = view.html(layer.label)
        if layer.is_points and layer.id in present:
            if layer.symbol == "star":
                items.append(f'<li><span class="st" style="color:{layer.color}" aria-hidden="true">★</span>'
                             f'{label}</li>')
            else:
                items.append(f'<li><span class="sw sym-{layer.symbol}" style="background:{layer.color}"></span>'
                             f'{label}</li>' if layer.symbol == "circle" else
                             f'<li><span class="sy sym-{layer.symbol}">{symbol_svg(layer.symbol, layer.color, 16)}'
                             f'</span>{label}</li>')
        legs = sorted((r for r in view.routes if r.category == layer.id), key=lambda r: (r.date_start, r.id))
        if layer.is_routes and legs:
            items.append(_legend_legs(layer, legs, colors, dashed, view.html))
    if not items:
        return ""
    return f'<details open><summary><b>Legend</b></summary><ul>{"".join(items)}</ul></details>'


def _legend_legs(layer, legs, colors, dashed, esc) -> str:
    ramp = "linear-gradient(90deg, " + ", ".join(colors[leg.id] for leg in legs) + f", {colors[legs[-1].id]})"
    span = render.date_range(legs[0].date_start, max(leg.last_day for leg in legs))
    rows = "".join(f'<li><span class="ln" style="background:{colors[leg.id]}"></span>'
                   f'{esc(render.date_range(leg.date_start, leg.date_end))}: '
                   f'{esc(leg.name)}{" (dashed)" if leg.id in dashed else ""}</li>' for leg in legs)
    if any(leg.id in dashed for leg in legs):
        rows += '<li class="note">Dashed: a leg back over the track of an earlier one.</li>'
    if any(leg.approximate for leg in legs):
        rows += ('<li class="note">White dots: approximate course (the track there is not known in '
                 'detail).</li>')
    return (f'<li class="legs"><details><summary><span class="ln" style="background:{ramp}"></span>'
            f'{esc(layer.label)}, {esc(span)} '
            f'({len(legs)} leg{"s" if len(legs) > 1 else ""})</summary><ul>{rows}</ul></details></li>')
