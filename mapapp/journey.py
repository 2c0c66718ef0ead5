"""The rail journey as steps and figures (pure): stops in date order, distance, days and speed per leg.

Distances are geodesic lengths of the legs' drawn geometry (pyproj ``Geod`` on WGS84, via
:func:`mapapp.geometry.length_km`), so they are only as good as the geometry; they are computed here, never
stored. The data carry dates, not times: a leg's duration is counted in calendar days, first and last day
included, and speeds are kilometres per such day, not per hour of travel.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from operator import attrgetter

from .geometry import geod, length_km
from .model import Event, RouteLeg, Story
from .published import Published
from .symbols import vehicle_icons

#: How figures name a leg's mode of travel.
BY_MODE = {"rail": "by rail", "road": "by road", "sea": "by sea", "air": "by air", "foot": "on foot",
           "other": "travelled"}
#: What every figure here leaves out.
HOURS_NOTE = ("Durations count calendar days, first and last day included: the sources give dates, not "
              "departure and arrival times, so km/day is a rough average, not a travel speed; it is given per mode of travel (a flight's \
kilometres say nothing of a train's).")


class _DaysAndSpeed:
    """Calendar days (both ends included, so a same-day leg is 1 day) and km per such day."""

    date_start: date
    date_end: date
    km: float

    @property
    def days(self) -> int:
        return (self.date_end - self.date_start).days + 1

    @property
    def km_per_day(self) -> float:
        return self.km / self.days


@dataclass(frozen=True)
class LegFigures(_DaysAndSpeed):
    """Distance, dates and average daily distance of one rail leg."""

    id: str
    name: str
    from_place: str
    to_place: str
    date_start: date
    date_end: date
    km: float
    mode: str = "other"


@dataclass(frozen=True)
class Totals(_DaysAndSpeed):
    """The whole journey: from the first leg's first day to the last leg's last day."""

    legs: int
    km: float
    date_start: date
    date_end: date


def leg_km(leg: RouteLeg) -> float:
    """Geodesic length of a leg along its drawn track, in km (all its lines)."""
    return sum(length_km(line) for line in leg.lines if len(line) > 1)


def journey_legs(routes) -> tuple[RouteLeg, ...]:
    """The legs in travel order (by first day; the file's order breaks ties)."""
    return tuple(sorted(routes, key=lambda r: r.date_start))


def journey_routes(story: Story, routes=None) -> tuple[RouteLeg, ...]:
    """The legs (of ``routes``, default all the story's) on the story's journey route layers, in travel order."""
    ids = {layer.id for layer in story.route_layers if layer.journey}
    return journey_legs(r for r in (story.routes if routes is None else routes) if r.category in ids)


def step_layers(story: Story) -> frozenset[str]:
    """The point layers whose events are the journey's steps."""
    return frozenset(layer.id for layer in story.point_layers if layer.journey)


def by_mode(modes) -> str:
    """"by rail", "by air", … for legs of one mode; "by rail and air" for two; "travelled" otherwise."""
    modes = list(dict.fromkeys(modes))
    if len(modes) == 1:
        return BY_MODE.get(modes[0], BY_MODE["other"])
    if len(modes) == 2 and "foot" not in modes and "other" not in modes:
        return f"by {modes[0]} and {modes[1]}"
    return BY_MODE["other"]


def leg_noun(story: Story) -> str:
    """What the story's legs are called in counts and headings: "rail leg" when all its route layers are rail,
    "flight" when all are air, "leg" otherwise."""
    modes = {layer.mode for layer in story.route_layers}
    return "rail leg" if modes == {"rail"} else "flight" if modes == {"air"} else "leg"


def leg_figures(routes, km: dict[str, float] | None = None) -> tuple[LegFigures, ...]:
    """Each leg's figures in travel order; ``km``: the legs' lengths when known (a prepared view's), else measured."""
    return tuple(LegFigures(id=r.id, name=r.name, from_place=r.from_place, to_place=r.to_place,
                            date_start=r.date_start, date_end=r.last_day,
                            km=leg_km(r) if km is None else km[r.id], mode=r.mode or "other")
                 for r in journey_legs(routes))


def totals(figures: tuple[LegFigures, ...]) -> Totals | None:
    if not figures:
        return None
    return Totals(legs=len(figures), km=sum(f.km for f in figures),
                  date_start=min(f.date_start for f in figures), date_end=max(f.date_end for f in figures))


def distance_between(figures: tuple[LegFigures, ...], from_place: str, to_place: str) -> float | None:
    """Our distance from ``from_place`` to ``to_place``: the first chain of consecutive legs that starts at the
    one and ends at the other, summed; None when no such chain exists."""
    for i, first in enumerate(figures):
        if first.from_place != from_place:
            continue
        km = 0.0
        for prev, leg in zip((None, *figures[i:]), figures[i:]):
            if prev is not None and leg.from_place != prev.to_place:
                break
            km += leg.km
            if leg.to_place == to_place:
                return km
    return None


@dataclass(frozen=True)
class Comparison:
    published: Published
    ours_km: float

    @property
    def ratio(self) -> float:
        return self.ours_km / self.published.km


def compare(figures: tuple[LegFigures, ...], published: tuple[Published, ...] = ()) -> tuple[Comparison, ...]:
    """Our distance beside each published one (the story's ``published``, story.json) that its legs cover."""
    out = []
    for p in published:
        ours = distance_between(figures, p.from_place, p.to_place)
        if ours is not None:
            out.append(Comparison(p, ours))
    return tuple(out)


def steps(story: Story) -> tuple[Event, ...]:
    """The journey's steps: the events of its journey point layers, in date order (the story's own order within a day, which
    is the order of travel there; the file lists a day's events as they happened)."""
    layers = step_layers(story)
    return tuple(sorted((e for e in story.events if e.category in layers), key=attrgetter("date_start")))


def step_index(steps_: tuple[Event, ...], event_id: str | None) -> int | None:
    return next((i for i, e in enumerate(steps_) if e.id == event_id), None)


# --- playback: where the train is on each day ----------------------------------------------------------

#: Fastest plausible daily distance (km) per mode of travel, used only to keep legs that share a day from
#: collapsing into a jump: a train at about 60 km/h around the clock, a car at 40, a ship at 30, a walker 40 km
#: a day; a flight may cover a day's share of the globe.
MAX_KM_PER_DAY = {"rail": 1500.0, "road": 1000.0, "sea": 800.0, "air": 20000.0, "foot": 40.0, "other": 1500.0}


@dataclass(frozen=True)
class TimedLeg:
    """A leg with the journey-time span (days after the first leg's first day, 00:00) the train is put on it."""

    leg: RouteLeg
    start: float
    end: float
    km: float


def timetable(routes) -> tuple[TimedLeg, ...]:
    """Put each rail leg on a time span that respects its dates and runs the legs one after another.

    Only days are known, so this is a model: the whole journey's time is first shared out in proportion to
    distance, then each change-over between two legs is moved into the day(s) both legs share (or, if they
    share none, the traveller waits at the place between them), and a leg is never shorter than its distance
    at its mode's :data:`MAX_KM_PER_DAY`. Times are in days after the first leg's first day at 00:00.
    """
    legs = journey_legs(routes)
    if not legs:
        return ()
    t0 = legs[0].date_start
    windows = [((r.date_start - t0).days, (r.last_day - t0).days + 1) for r in legs]
    kms = [leg_km(r) for r in legs]
    total_km = sum(kms) or 1.0
    span = windows[-1][1]
    run, ends, starts = 0.0, [], [float(windows[0][0])]
    for i in range(len(legs) - 1):
        run += kms[i]
        lo = max(windows[i][0], windows[i + 1][0])
        hi = min(windows[i][1], windows[i + 1][1])
        guess = span * run / total_km
        earliest = starts[i] + kms[i] / _max_km(legs[i])
        if lo <= hi:
            t = min(max(guess, lo, earliest), max(hi, earliest))
            ends.append(t)
            starts.append(t)
        else:  # no shared day: arrive by the end of the one, leave at the start of the next
            ends.append(max(float(hi), earliest))
            starts.append(max(float(lo), ends[-1]))
    ends.append(max(float(span), starts[-1] + kms[-1] / _max_km(legs[-1])))
    return tuple(TimedLeg(leg, s, e, km) for leg, s, e, km in zip(legs, starts, ends, kms))


def _max_km(leg: RouteLeg) -> float:
    return MAX_KM_PER_DAY.get(leg.mode, MAX_KM_PER_DAY["other"])


def playback_data(story: Story, routes, escape) -> dict:
    """What the in-map player needs, as JSON-ready data: each leg's track with the cumulative share of its
    length at every vertex and its time span, the pauses (each leg's end, labelled with the place and the
    journey events there that day, as escaped HTML via ``escape``), the first day and the totals line."""
    routes = journey_routes(story, routes)
    timed = timetable(routes)
    if not timed:
        return {}
    t0 = timed[0].leg.date_start
    steps_at: dict[str, list[Event]] = {}  # the journey's events per place, in the story's order
    layers = step_layers(story)
    for e in story.events:
        if e.category in layers:
            steps_at.setdefault(e.place_id, []).append(e)
    legs, stops = [], []
    for item in timed:
        coords = [c for line in item.leg.lines for c in line]
        if len(coords) < 2:
            continue
        lons, lats = zip(*coords)
        _, _, dists = geod().inv(lons[:-1], lats[:-1], lons[1:], lats[1:])
        total = sum(dists) or 1.0
        cum, run = [0.0], 0.0
        for d in dists:
            run += d
            cum.append(round(run / total, 5))
        legs.append({"id": item.leg.id, "mode": item.leg.mode, "start": round(item.start, 4), "end": round(item.end, 4),
                     "coords": [[round(lat, 5), round(lon, 5)] for lon, lat in coords], "cum": cum})
        day = min(t0 + timedelta(days=int(item.end)), item.leg.last_day)  # a span ending at midnight: that day
        place = story.place_by_id.get(item.leg.to_place)
        name = place.name if place else item.leg.to_place
        here = [e.title for e in steps_at.get(item.leg.to_place, ()) if e.overlaps(day, day)]
        label = f"<b>{escape(name)}</b>" + "".join(f"<br>{escape(t)}" for t in here)
        stops.append({"t": round(item.end, 4), "lat": coords[-1][1], "lon": coords[-1][0], "date": day.isoformat(),
                      "label": label})
    figures = totals(leg_figures(routes))
    summary = (f"{figures.km:,.0f} km {by_mode(r.mode for r in routes)} in {figures.days} days, {figures.date_start:%-d %b} – "
               f"{figures.date_end:%-d %b %Y} ({figures.legs} legs)") if figures else ""
    return {"t0": t0.isoformat(), "days": max(s["t"] for s in stops) if stops else 0, "legs": legs,
            "stops": stops, "summary": escape(summary), "routes": [layer.id for layer in story.route_layers],
            "icons": vehicle_icons()}
