"""Date and layer filtering: options in, the visible part of a story out (pure)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from operator import attrgetter

from .model import Snippet, Story
from .view import View


@dataclass(frozen=True)
class FilterOptions:
    """What the user asked to see: a date range (open ends allowed) and the visible layers (ids; None: all)."""

    start: date | None = None
    end: date | None = None
    layers: frozenset[str] | None = None

    def shows(self, layer_id: str) -> bool:
        return self.layers is None or layer_id in self.layers


def apply(story: Story, snippets: dict[str, tuple[Snippet, ...]], options: FilterOptions) -> View:
    """The prepared view (mapapp/view.py) of the events and route legs overlapping the date range, on the chosen
    layers, events sorted by date."""
    everything = options == FilterOptions()  # an export of the whole story: no event to test
    events = tuple(sorted(story.events if everything else
                          (e for e in story.events
                           if options.shows(e.category) and e.overlaps(options.start, options.end)),
                          key=attrgetter("date_start", "id")))
    routes = tuple(r for r in story.routes
                   if options.shows(r.category) and r.overlaps(options.start, options.end))
    place_ids = list(dict.fromkeys(e.place_id for e in events))
    places = tuple(story.place_by_id[p] for p in place_ids)
    return View(story=story, events=events, routes=routes, places=places,
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
