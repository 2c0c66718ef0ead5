"""Date and layer filtering: options in, the visible part of a story out (pure)."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from .model import Event, Place, RouteLeg, Snippet, Story


@dataclass(frozen=True)
class FilterOptions:
    """What the user asked to see: a date range (open ends allowed) and the visible layers (ids; None: all)."""

    start: date | None = None
    end: date | None = None
    layers: frozenset[str] | None = None

    def shows(self, layer_id: str) -> bool:
        return self.layers is None or layer_id in self.layers


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
                           if options.shows(e.category) and e.overlaps(options.start, options.end)),
                          key=lambda e: (e.date_start, e.id)))
    routes = tuple(r for r in story.routes
                   if options.shows(r.category) and r.overlaps(options.start, options.end))
    place_ids = list(dict.fromkeys(e.place_id for e in events))
    places = tuple(story.place_by_id[p] for p in place_ids)
    return View(events=events, routes=routes, places=places,
                snippets={p: snippets[p] for p in place_ids if p in snippets})


def presets(story: Story) -> dict[str, tuple[date | None, date | None]]:
    """The date filter's named ranges: the story's own ``periods``, or, without them, one per layer preset
    name (layers sharing a ``preset`` share a range, e.g. "2023 journey"; a layer without one gets its own,
    "2026 Protest"), in layer order; then "All"."""
    out: dict[str, tuple[date | None, date | None]] = {p.label: (p.start, p.end) for p in story.periods}
    if not out:
        groups: dict[str, list] = {}
        for layer in story.layers:
            items = [x for x in (story.routes if layer.is_routes else story.events) if x.category == layer.id]
            if items:
                groups.setdefault(layer.preset or layer.label, []).extend(items)
        for name, items in groups.items():
            first, last = min(x.date_start for x in items), max(x.last_day for x in items)
            years = str(first.year) if first.year == last.year else f"{first.year}–{last.year}"
            out[f"{years} {name}"] = (first, last)
    out.setdefault("All", (None, None))
    return out
