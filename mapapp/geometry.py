"""Geodesic measures on (lon, lat) lines with pyproj's Geod on the WGS84 ellipsoid."""
from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from .model import Coord


@cache
def geod():
    """pyproj's WGS84 Geod, imported on first use: importing pyproj costs about 0.1 s, which loading a story
    without air legs need not pay."""
    from pyproj import Geod

    return Geod(ellps="WGS84")


def lines_geometry(lines: Sequence[Sequence[Coord]]) -> dict:
    """GeoJSON geometry of one or more (lon, lat) lines: a LineString for one, else a MultiLineString."""
    coords = [[list(c) for c in line] for line in lines]
    return ({"type": "LineString", "coordinates": coords[0]} if len(coords) == 1
            else {"type": "MultiLineString", "coordinates": coords})


def length_km(line: Sequence[Coord]) -> float:
    """Geodesic length of a polyline in kilometres."""
    lons, lats = zip(*line)
    return geod().line_length(lons, lats) / 1000.0


def points_along(line: Sequence[Coord], fractions: Sequence[float]) -> list[tuple[float, float, float]]:
    """(lon, lat, bearing°) at each fraction of the line's length; bearing is clockwise from north."""
    lons, lats = zip(*line)
    fwd, _, dist = geod().inv(list(lons[:-1]), list(lats[:-1]), list(lons[1:]), list(lats[1:]))
    total = sum(dist)
    out = []
    for fraction in fractions:
        target, run = fraction * total, 0.0
        for i, d in enumerate(dist):
            if run + d >= target or i == len(dist) - 1:
                lon, lat, _ = geod().fwd(lons[i], lats[i], fwd[i], max(0.0, min(d, target - run)))
                out.append((lon, lat, fwd[i] % 360))
                break
            run += d
    return out


def great_circle(start: Coord, end: Coord, step_km: float = 50.0) -> tuple[tuple[Coord, ...], ...]:
    """The geodesic from ``start`` to ``end`` (lon, lat) as lines with a vertex at least every ``step_km``,
    split where it crosses the antimeridian (each part stays within ±180° longitude, RFC 7946 §3.1.9)."""
    (lon1, lat1), (lon2, lat2) = start, end
    _, _, dist = geod().inv(lon1, lat1, lon2, lat2)
    count = max(0, int(dist / 1000 / step_km))
    between = geod().npts(lon1, lat1, lon2, lat2, count) if count else []  # pyproj refuses 0 points
    points = [(lon1, lat1), *between, (lon2, lat2)]
    lines, line = [], [points[0]]
    for (xa, ya), (xb, yb) in zip(points, points[1:]):
        if abs(xb - xa) > 180:  # crosses ±180: end this part on the meridian, start the next on the other side
            edge = 180.0 if xa > 0 else -180.0
            span = (xb + (360 if xa > 0 else -360)) - xa
            lat = ya + (yb - ya) * ((edge - xa) / span if span else 0.5)
            line.append((edge, lat))
            lines.append(tuple(line))
            line = [(-edge, lat)]
        line.append((xb, yb))
    lines.append(tuple(line))
    return tuple(lines)
