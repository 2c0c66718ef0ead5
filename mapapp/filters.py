"""Date and layer filtering: options in, the visible part of a story out (pure)."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from .model import CATEGORIES, ROUTE_CATEGORY, Event, Place, RouteLeg, Snippet, Story

LAYERS = (ROUTE_CATEGORY, *CATEGORIES)


@dataclass(frozen=True)
class FilterOptions:
    """What the user asked to see: a date range (open ends allowed) and the visible layers."""

    start: date | None = None
    end: date | None = None
    layers: frozenset[str] = field(default_factory=lambda: frozenset(LAYERS))


@dataclass(frozen=True)
class View:
    """The visible part of a story."""

    events: tuple[Event, ...]
    routes: tuple[RouteLeg, ...]
    places: tuple[Place, ...]  # places with at least one visible event, in first-event order
    snippets: dict[str, tuple[Snippet, ...]]  # snippets of the visible places

    def events_at(self, place_id: str) -> tuple[Event, ...]:
        return self.events_by_place.get(place_id, ())

    @cached_property
    def events_by_place(self) -> dict[str, tuple[Event, ...]]:
        """Visible events per place id, in date order (built once: events_at is called per point)."""
        groups: dict[str, list[Event]] = defaultdict(list)
        for e in self.events:
            groups[e.place_id].append(e)
        return {pid: tuple(es) for pid, es in groups.items()}


def apply(story: Story, snippets: dict[str, tuple[Snippet, ...]], options: FilterOptions) -> View:
    """Events and route legs overlapping the date range, on the chosen layers, sorted by date."""
    events = tuple(sorted((e for e in story.events
                           if e.category in options.layers and e.overlaps(options.start, options.end)),
                          key=lambda e: (e.date_start, e.id)))
    routes = tuple(r for r in story.routes
                   if ROUTE_CATEGORY in options.layers and r.overlaps(options.start, options.end))
    place_ids = list(dict.fromkeys(e.place_id for e in events))
    places = tuple(story.place_by_id[p] for p in place_ids)
    return View(events=events, routes=routes, places=places,
                snippets={p: snippets[p] for p in place_ids if p in snippets})


def presets(story: Story) -> dict[str, tuple[date | None, date | None]]:
    """Named date ranges derived from the story: its journey, its earlier and later summits, all."""
    out: dict[str, tuple[date | None, date | None]] = {}
    journey = [x for x in (*story.events, *story.routes)
               if getattr(x, "category", "") in ("journey_stop", "summit", ROUTE_CATEGORY)]
    if journey:
        first, last = min(x.date_start for x in journey), max(x.last_day for x in journey)
        out[f"{first.year} journey"] = (first, last)
    for category, word in (("earlier_summit", "summits"), ("later_summit", "later summits")):
        items = [e for e in story.events if e.category == category]
        if items:
            first, last = min(e.date_start for e in items), max(e.last_day for e in items)
            years = str(first.year) if first.year == last.year else f"{first.year}–{last.year}"
            out[f"{years} {word}"] = (first, last)
    out["All"] = (None, None)
    return out
