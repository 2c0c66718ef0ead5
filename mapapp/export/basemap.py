"""The still map's ground: a projection centred on the data, and the bundled Natural Earth land drawn on it.

The land is the most detailed bundled Natural Earth outline that holds the map (``mapapp/outlines.py``: 1:50m
for East Asia and the Russian Far East, 1:110m for the world; the same outlines the interactive map falls back to): country fills, thin borders (each country's outline) and a coastline (the
outline of their union), over a lightly tinted sea. Nothing is fetched.
"""
from __future__ import annotations

from functools import cache

import numpy as np
import shapely
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.path import Path
from pyproj import CRS, Transformer
from shapely.geometry import box, shape

from ..outlines import land_outline, outline_for_box

SEA = "#dce9f2"
LAND = "#f6f4ef"
BORDER = "#b9b3a8"
COAST = "#7f98aa"
NAME = "#a8a293"


def local_crs(lon: float, lat: float) -> CRS:
    """An azimuthal equidistant projection centred on (lon, lat): distances from the centre are true and, over
    a map a few thousand kilometres across, the scale elsewhere stays within a few per cent (the scale bar is
    drawn for the centre)."""
    return CRS.from_proj4(f"+proj=aeqd +lat_0={lat:.4f} +lon_0={lon:.4f} +datum=WGS84 +units=m +no_defs")


@cache
def _land(outline: str) -> tuple[tuple[str, ...], tuple]:
    """(names, polygons) of the countries of one bundled outline, in lon/lat."""
    data = land_outline(outline)
    names = tuple(f["properties"]["name"] for f in data["features"])
    polygons = tuple(shape(f["geometry"]).buffer(0) for f in data["features"])  # valid: a few rings touch
    return names, polygons


@cache
def _coast(outline: str):
    """The coastline: the outline of all countries together (borders between them fall away)."""
    return shapely.union_all(_land(outline)[1]).boundary


def _projector(crs: CRS):
    to_map = Transformer.from_crs("EPSG:4326", crs, always_xy=True)
    return lambda xy: np.column_stack(to_map.transform(xy[:, 0], xy[:, 1]))


def land(crs: CRS, lonlat_box: tuple[float, float, float, float]) -> tuple[list, list, list]:
    """Names and shapes of the countries inside ``lonlat_box`` (minlon, minlat, maxlon, maxlat), and the lines
    of the coastline there, projected to ``crs``."""
    project = _projector(crs)
    outline = outline_for_box(*lonlat_box)
    names, shapes = [], []
    for name, geom in zip(*_land(outline)):
        part = shapely.clip_by_rect(geom, *lonlat_box)
        if not part.is_empty:
            names.append(name)
            shapes.append(shapely.transform(part, project))
    coast = shapely.transform(shapely.clip_by_rect(_coast(outline), *lonlat_box), project)
    return names, shapes, _lines(coast)


def draw_land(ax, crs: CRS, lonlat_box: tuple[float, float, float, float], detail: bool = True
              ) -> tuple[list, list]:
    """Sea tint, land, borders (``detail``) and coastline on ``ax`` (whose limits are set by the caller);
    returns the countries' names and projected shapes.

    Drawn as two matplotlib collections straight from shapely (geopandas' plot redraws the whole figure after
    each call, and importing it costs half a second)."""
    ax.set_facecolor(SEA)
    names, countries, coast = land(crs, lonlat_box)
    ax.add_collection(PathCollection([_polygon_path(g) for g in countries], facecolors=LAND,
                                     edgecolors=BORDER if detail else "none", linewidths=0.45 if detail else 0,
                                     zorder=1), autolim=False)
    ax.add_collection(LineCollection([np.asarray(line.coords) for line in coast], colors=COAST,
                                     linewidths=0.6 if detail else 0.35, zorder=2), autolim=False)
    return names, countries


def _polygon_path(geom) -> Path:
    """A (multi)polygon as one matplotlib Path, holes included."""
    rings = [ring for poly in getattr(geom, "geoms", [geom]) if poly.geom_type == "Polygon"
             for ring in (poly.exterior, *poly.interiors)]
    return Path.make_compound_path(*(Path(np.asarray(r.coords)[:, :2], closed=True) for r in rings)) if rings \
        else Path(np.zeros((0, 2)))


def _lines(geom):
    return [g for g in getattr(geom, "geoms", [geom]) if g.geom_type == "LineString" and not g.is_empty]


def country_names(ax, names, shapes, extent, min_share: float = 0.02) -> list:
    """Country names in faint capitals on the countries that fill at least ``min_share`` of the map, at a
    point inside each; returns their boxes (display units) for place labels to keep clear of."""
    x0, x1, y0, y1 = extent
    frame = box(x0, y0, x1, y1)
    out = []
    renderer = ax.figure.canvas.get_renderer()
    for name, geom in zip(names, shapes):
        part = geom.intersection(frame)
        if part.is_empty or part.area < min_share * frame.area:
            continue
        if part.geom_type == "MultiPolygon":
            part = max(part.geoms, key=lambda g: g.area)
        spot = part.representative_point()
        text = ax.text(spot.x, spot.y, name.upper(), fontsize=8, color=NAME, ha="center",
                       va="center", zorder=1.5, parse_math=False)
        out.append(text.get_window_extent(renderer))
    return out


def lonlat_box_around(lons, lats, pad: float) -> tuple[float, float, float, float]:
    """The lon/lat box around the given coordinates, ``pad`` degrees wider on each side, within the world."""
    return (max(-180.0, min(lons) - pad), max(-89.0, min(lats) - pad),
            min(180.0, max(lons) + pad), min(89.0, max(lats) + pad))
