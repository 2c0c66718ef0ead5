"""The journey, stop by stop (Previous/Next, ← → keys) and in figures (table per leg, totals, timeline chart).

Playback itself runs inside the map (mapjs.playback), with no reruns; these widgets drive the selection.
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta

import altair as alt
import pandas as pd
import streamlit as st

from .. import journey, render
from ..legstyle import leg_colors
from ..model import Story
from . import cached, urlstate
from . import state as S

STOPS_ROW = "Stops"

def current_step(story: Story) -> int | None:
    """Index of the selected event among the journey's steps, or None when the selection is not a step."""
    steps = journey.steps(story)
    event = urlstate.selected_event(story)
    return journey.step_index(steps, event.id if event else None)

def _go(story: Story, delta: int) -> None:
    steps = journey.steps(story)
    index = current_step(story)
    target = (0 if delta > 0 else len(steps) - 1) if index is None else index + delta
    urlstate.select(story, steps[max(0, min(target, len(steps) - 1))])

def controls(story: Story) -> date | None:
    """Previous/Next through the journey's steps; returns the day the map's progress is drawn up to (the day
    of the selected step), or None when no step is selected."""
    steps = journey.steps(story)
    if not steps:
        return None
    index = current_step(story)
    with st.container(horizontal=True, vertical_alignment="center"):  # stays a row on a phone
        st.button("Previous", key=S.JOURNEY_PREV, on_click=_go, args=(story, -1), disabled=index == 0,
                  shortcut="ArrowLeft", help="Previous stop of the journey (key: ←)")
        st.button("Next", key=S.JOURNEY_NEXT, on_click=_go, args=(story, 1), type="primary",
                  disabled=index == len(steps) - 1, shortcut="ArrowRight", help="Next stop of the journey (key: →)")
    if index is None:
        st.caption(f"Walk the journey stop by stop: **Next** (or →) starts at {steps[0].date_start:%-d %b %Y}. "
                   f"▶ on the map plays the {_traveller(story)} along the route.")
    else:
        step = steps[index]
        place = story.place_by_id[step.place_id]
        where = "" if place.name.casefold() in step.title.casefold() else f" ({render.markdown_text(place.name)})"
        st.caption(f"Stop **{index + 1} of {len(steps)}** · {render.date_range(step.date_start, step.date_end)}"
                   f" · {render.markdown_text(step.title)}{where}")
    return steps[index].date_start if index is not None else None

def _traveller(story: Story) -> str:
    """What the player moves: "train", "plane", … after the journey's modes ("traveller" for several)."""
    modes = {r.mode for r in journey.journey_routes(story)}
    names = {"rail": "train", "air": "plane", "sea": "ship", "road": "car", "foot": "walker"}
    return names.get(next(iter(modes)), "traveller") if len(modes) == 1 else "traveller"

# --- figures --------------------------------------------------------------------------------------------

def figures_frame(story: Story) -> pd.DataFrame:
    """One row per leg ("by rail", "by air", …), a subtotal per mode when the legs travel by more than one, and
    a total row: dates, days, km, km/day (left empty for a total over modes: it would mix flights and trains)."""
    figures = journey.leg_figures(journey.journey_routes(story))
    rows = [{"Leg": f.name, "How": journey.BY_MODE.get(f.mode, f.mode), "From": f.date_start, "To": f.date_end,
             "Days": f.days, "km": round(f.km), "km/day": round(f.km_per_day)} for f in figures]
    modes = list(dict.fromkeys(f.mode for f in figures))
    if len(modes) > 1:
        for mode in modes:
            part = journey.totals(tuple(f for f in figures if f.mode == mode))
            rows.append({"Leg": f"All legs {journey.BY_MODE.get(mode, mode)} ({part.legs})",
                         "How": journey.BY_MODE.get(mode, mode), "From": part.date_start, "To": part.date_end,
                         "Days": part.days, "km": round(part.km), "km/day": round(part.km_per_day)})
    total = journey.totals(figures)
    if total:
        rows.append({"Leg": f"Total ({total.legs} legs)", "How": journey.by_mode(modes), "From": total.date_start,
                     "To": total.date_end, "Days": total.days, "km": round(total.km),
                     "km/day": round(total.km_per_day) if len(modes) == 1 else None})
    return pd.DataFrame(rows)

def comparison_frame(story: Story) -> pd.DataFrame:
    names = story.place_by_id
    rows = []
    for c in journey.compare(journey.leg_figures(journey.journey_routes(story)), story.published):
        p = c.published
        rows.append({"Between": f"{names[p.from_place].name if p.from_place in names else p.from_place} → "
                                f"{names[p.to_place].name if p.to_place in names else p.to_place}",
                     "Ours (km)": round(c.ours_km), "Published (km)": round(p.km), "Ours / published":
                     f"{c.ratio:.0%}", "Published figure": p.what, "Source": p.source})
    return pd.DataFrame(rows)

def timeline_chart(story: Story) -> alt.LayerChart | None:
    """Bars per leg over the days it spans, and a row of points for the stops (each in its layer's colour and symbol)."""
    figures = journey.leg_figures(journey.journey_routes(story))
    if not figures:
        return None
    colors = leg_colors(story)
    names = story.place_names
    rows = [f"{names.get(f.from_place, f.from_place)} → {names.get(f.to_place, f.to_place)}" for f in figures]
    rows = [r if rows.count(r) == 1 else f"{r} ({i + 1})" for i, r in enumerate(rows)]  # short and unique
    legs = pd.DataFrame([{"row": row, "leg": f.name, "start": _at(f.date_start, 0.0), "end": _at(f.date_end, 1.0),
                          "color": colors.get(f.id, "#31688e"), "km": round(f.km), "days": f.days,
                          "dates": render.date_range(f.date_start, f.date_end)} for row, f in zip(rows, figures)])
    steps = journey.steps(story)
    step_layers = [layer for layer in story.point_layers if layer.id in journey.step_layers(story)]
    by_day: dict[date, list] = {}
    for e in steps:
        by_day.setdefault(e.date_start, []).append(e)
    stops = pd.DataFrame([{"row": STOPS_ROW, "when": _at(day, (k + 1) / (len(items) + 1)), "title": e.title,
                           "place": story.place_by_id[e.place_id].name, "dates": render.date_range(e.date_start,
                                                                                                  e.date_end),
                           "color": story.layer(e.category).color, "kind": story.label(e.category)}
                          for day, items in by_day.items() for k, e in enumerate(items)])
    order = [STOPS_ROW, *legs["row"]]
    y = alt.Y("row:N", title=None, sort=order, scale=alt.Scale(domain=order),
              axis=alt.Axis(labelLimit=260))
    x_axis = alt.Axis(format="%-d %b", tickCount={"interval": "day", "step": 1}, title=None, labelAngle=0)
    bars = alt.Chart(legs).mark_bar(cornerRadius=3, height={"band": 0.7}).encode(
        x=alt.X("start:T", axis=x_axis), x2="end:T", y=y, color=alt.Color("color:N", scale=None),
        tooltip=[alt.Tooltip("leg:N", title="Leg"), alt.Tooltip("dates:N", title="Dates"),
                 alt.Tooltip("days:Q", title="Days"), alt.Tooltip("km:Q", title="km")])
    layers = [bars]
    if not stops.empty:
        layers.append(alt.Chart(stops).mark_point(filled=True, size=90, opacity=1, stroke="white",
                                                  strokeWidth=1).encode(
            x="when:T", y=y, color=alt.Color("color:N", scale=None),
            shape=alt.Shape("kind:N", legend=None, scale=alt.Scale(
                domain=[layer.label for layer in step_layers],
                range=[_SHAPES.get(layer.symbol, "circle") for layer in step_layers])),
            tooltip=[alt.Tooltip("title:N", title="Event"), alt.Tooltip("place:N", title="Place"),
                     alt.Tooltip("dates:N", title="Date")]))
    return alt.layer(*layers).properties(height=28 * len(order) + 40)

#: Vega-Lite point shapes for the layers' symbols.
_SHAPES = {"circle": "circle", "square": "square", "triangle": "triangle-up", "diamond": "diamond",
           "star": "M0,-1L0.24,-0.33L0.95,-0.31L0.38,0.12L0.59,0.81L0,0.4L-0.59,0.81L-0.38,0.12L-0.95,-0.31"
                   "L-0.24,-0.33Z"}


def _at(day: date, fraction: float) -> datetime:
    return datetime.combine(day, time()) + timedelta(days=fraction)

def figures(story: Story, root: str, signature: tuple) -> None:
    """The journey's figures under the map: per leg and total, against published distances, and a timeline
    (built once per story: ``root`` and ``signature`` are the story's cache key, see ui.cached)."""
    if not journey.journey_routes(story):
        return
    with st.expander("Journey figures: distance, days and average daily distance per leg", expanded=False):
        st.caption("Distance along the drawn track, measured on the WGS84 ellipsoid (pyproj Geod). "
                   + journey.HOURS_NOTE)
        st.dataframe(figures_frame(story), hide_index=True, width="stretch", column_config={
            "From": st.column_config.DateColumn(format="D MMM YYYY"),
            "To": st.column_config.DateColumn(format="D MMM YYYY"),
            "km": st.column_config.NumberColumn(format="%d km", help="Geodesic length of the drawn track"),
            "km/day": st.column_config.NumberColumn(format="%d", help="km ÷ calendar days (both ends counted)")})
        compared = comparison_frame(story)
        if not compared.empty:
            st.caption("Our distances beside published ones. Ours follow the drawn lines through the stations, "
                       "so they fall short where the drawing cuts corners between stations.")
            st.dataframe(compared, hide_index=True, width="stretch",
                         column_config={"Source": st.column_config.LinkColumn(display_text="source")})
        chart = cached.timeline_chart(root, signature)
        if chart is not None:
            st.altair_chart(chart, width="stretch", key=S.JOURNEY_CHART, alt="Timeline of the journey: a bar per leg over its days, points for the stops")
