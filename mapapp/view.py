"""The prepared view: what one filter shows of a story, made once, that the map, the dashboard and every
export (report, GeoJSON, KML, CSV, still map) draw from instead of each walking the story again.

:func:`mapapp.filters.apply` makes it. Besides the visible events, legs, places and snippets it resolves on first
use, once, what several outputs need: each visible place's index, each leg's colour, dash and length, and in
:attr:`View.html` the texts escaped by :mod:`mapapp.render`, each distinct text once whichever output shows it.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

from . import render
from .journey import leg_km
from .legstyle import leg_colors, retracing_legs
from .model import Event, Place, RouteLeg, Snippet, Story


@dataclass(frozen=True)
class View:
    """The visible part of a story."""

    story: Story
    events: tuple[Event, ...]  # by first day, then id
    routes: tuple[RouteLeg, ...]  # in the story's order
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

    @cached_property
    def place_index(self) -> dict[str, int]:
        """Each visible place's position in :attr:`places` (the map's and the report's place tables)."""
        return {p.id: i for i, p in enumerate(self.places)}

    @cached_property
    def leg_colors(self) -> dict[str, str]:
        """Each visible leg's colour, set among all the story's legs so that it stays the same whatever the
        filter (legstyle.leg_colors)."""
        return leg_colors(self.story, self.routes)

    @cached_property
    def dashed(self) -> frozenset[str]:
        """Legs drawn dashed because they retrace an earlier leg of the story."""
        return frozenset(retracing_legs(self.story.routes))

    @cached_property
    def leg_km(self) -> dict[str, float]:
        """Each visible leg's geodesic length along its drawn track, in km."""
        return {r.id: leg_km(r) for r in self.routes}

    @cached_property
    def html(self) -> render.Escaper:
        """render.escape and render.marked for this view's outputs, each distinct text escaped once."""
        return render.Escaper()
