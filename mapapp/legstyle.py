"""How route legs look, whatever draws them (the interactive map, KML, the still map): colours and dashes."""
from __future__ import annotations

from .layers import BY_DATE, by_date_ramp
from .model import RouteLeg, Story

#: The legs of a route layer coloured "by-date" take colours along viridis in date order (perceptually ordered,
#: colour-blind safe), stopping short of its pale yellow end, which would vanish on a light basemap.
LEG_COLORS = by_date_ramp()
APPROXIMATE_COLOR = "#ffffff"  # dots over a leg where its course is approximate


def leg_colors(story: Story, routes: tuple[RouteLeg, ...] | None = None) -> dict[str, str]:
    """Each leg's colour: its layer's, or for a ``by-date`` layer a step along LEG_COLORS by the leg's place
    among that layer's legs in date order (the colours stay the same whatever the filter shows)."""
    out = {}
    for layer in story.route_layers:
        legs = sorted((r for r in story.routes if r.category == layer.id), key=lambda r: (r.date_start, r.id))
        n = len(legs)
        for i, r in enumerate(legs):
            out[r.id] = (LEG_COLORS[round(i * (len(LEG_COLORS) - 1) / max(n - 1, 1))] if layer.color == BY_DATE
                         else layer.color)
    if routes is not None:
        out = {r.id: out.get(r.id, LEG_COLORS[-1]) for r in routes}
    return out


def retracing_legs(routes) -> set[str]:
    """Ids of legs that run mostly over the track of an earlier leg (e.g. the way home): drawn dashed so the
    earlier leg stays visible under them."""
    seen: set[tuple[float, float]] = set()
    out = set()
    for leg in sorted(routes, key=lambda r: (r.date_start, r.id)):
        coords = [(round(x, 2), round(y, 2)) for line in leg.lines for x, y in line]
        if coords and sum(c in seen for c in coords) > len(coords) / 2:
            out.add(leg.id)
        seen.update(coords)
    return out
