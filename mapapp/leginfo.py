"""What the details panel tells about one route leg (pure): its ends, dates, mode, distance, km/day, the
published distance between its ends, its approximate stretches and the article sentences naming its ends;
and which leg a click on the map meant."""
from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .geometry import length_km
from .journey import BY_MODE, leg_km
from .published import Published
from .model import RouteLeg, Snippet, Story


@dataclass(frozen=True)
class LegInfo:
    leg: RouteLeg
    from_name: str
    to_name: str
    layer: str  # the leg's layer's label
    by: str  # "by rail", "by air", …
    km: float  # along the drawn track (geodesic)
    approximate_km: float  # of which drawn where the course is not known in detail
    published: tuple[Published, ...]  # distances others give between its ends (either way)
    #: (place name(s), sentences, about a wider area): both ends, each end, then the larger places they are in
    snippets: tuple[tuple[str, tuple[Snippet, ...], bool], ...]

    @property
    def days(self) -> int:
        """Calendar days, first and last included (a same-day leg is 1 day)."""
        return (self.leg.last_day - self.leg.date_start).days + 1

    @property
    def km_per_day(self) -> float:
        return self.km / self.days

    @property
    def stretches(self) -> int:
        return len(self.leg.approximate)


def leg_info(story: Story, leg: RouteLeg, snippets: Mapping[str, Sequence[Snippet]],
             published: Sequence[Published] | None = None, km: float | None = None) -> LegInfo:
    """The panel's facts about ``leg``; ``snippets``: per place id (mapapp.link_story). Its sentences are
    those naming the end places (one naming both ends is shown once, under both names), then those naming the
    larger places the ends are part of. ``published``: distances others give (default: the story's own); ``km``:
    the leg's length when known (a prepared view's), else measured here."""
    published = story.published if published is None else published
    names = story.place_by_id

    def name(pid: str) -> str:
        return names[pid].name if pid in names else pid

    ends = tuple(dict.fromkeys(p for p in (leg.from_place, leg.to_place) if p))
    named: dict[tuple, list] = {}  # sentence → [snippet, names of the end places it names]
    wider: dict[str, dict[tuple, Snippet]] = {}  # larger place the ends are part of → its sentences
    for pid in ends:
        for s in snippets.get(pid, ()):
            if s.place_id == pid:
                named.setdefault((s.article_id, s.text), [s, []])[1].append(name(pid))
            else:
                wider.setdefault(s.place_id, {}).setdefault((s.article_id, s.text), s)
    which = [tuple(name(p) for p in ends), *((name(p),) for p in ends)] if len(ends) > 1 else [(name(ends[0]),)] \
        if ends else []
    groups = [(" and ".join(w), tuple(s for s, names in named.values() if tuple(names) == w), False) for w in which]
    groups += [(name(area), tuple(found.values()), True) for area, found in wider.items()]
    groups = [g for g in groups if g[1]]
    pair = {leg.from_place, leg.to_place}
    return LegInfo(leg=leg, from_name=name(leg.from_place), to_name=name(leg.to_place),
                   layer=story.label(leg.category), by=BY_MODE.get(leg.mode, BY_MODE["other"]),
                   km=leg_km(leg) if km is None else km,
                   approximate_km=sum(length_km(line) for line in leg.approximate if len(line) > 1),
                   published=tuple(p for p in published if {p.from_place, p.to_place} == pair),
                   snippets=tuple(groups))


# --- which leg a click meant -------------------------------------------------------------------------------

def _km_to_segment(lat: float, lon: float, a, b) -> float:
    """Distance in km from (lat, lon) to the segment a–b ((lon, lat) pairs), on a local flat projection."""
    k = math.cos(math.radians(lat))
    ax, ay = (a[0] - lon) * k, a[1] - lat
    bx, by = (b[0] - lon) * k, b[1] - lat
    dx, dy = bx - ax, by - ay
    span = dx * dx + dy * dy
    t = 0.0 if span == 0 else max(0.0, min(1.0, -(ax * dx + ay * dy) / span))
    return 111.32 * math.hypot(ax + t * dx, ay + t * dy)


def km_to_leg(leg: RouteLeg, lat: float, lon: float) -> float:
    """Distance in km from a point to the nearest part of the leg's drawn track."""
    best = math.inf
    for line in leg.lines:
        if len(line) == 1:
            best = min(best, _km_to_segment(lat, lon, line[0], line[0]))
        for a, b in zip(line, line[1:]):
            best = min(best, _km_to_segment(lat, lon, a, b))
    return best


def clicked_leg(routes: Sequence[RouteLeg], lat: float, lon: float, tooltip: str = "",
                max_km: float = 60.0) -> str | None:
    """The id of the leg a click at (lat, lon) landed on: of the legs within ``max_km`` of it, the one whose
    name the clicked line's tooltip text shows (legs may run over the same track), else the nearest."""
    near = sorted((d, i) for i, r in enumerate(routes) if (d := km_to_leg(r, lat, lon)) <= max_km)
    if not near:
        return None
    text = " ".join((tooltip or "").split())
    named = [i for _, i in near if text and " ".join(routes[i].name.split()) in text]
    return routes[named[0] if named else near[0][1]].id
