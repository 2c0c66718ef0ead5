"""Build ``basemap_land.geojson``: a light country-outline layer for the map.

The outlines come from the Natural Earth 1:110m "Admin 0 – Countries" data
(public domain, https://www.naturalearthdata.com/downloads/110m-cultural-vectors/),
using the copy shipped as a test fixture inside the ``pyogrio`` package, so no
download is needed.  The script keeps only ``name`` and ``iso_a3``, clips to the
story's region (lon 60..160, lat -15..65: Russian Far East, the Koreas, China,
Vietnam, Singapore), simplifies with a 0.05 degree tolerance, rounds
coordinates to 2 decimals and adds a ``sources`` property to every feature.

Usage (from the repository root)::

    python mapapp/data/make_basemap.py        # writes mapapp/data/basemap_land.geojson
    python mapapp/data/make_basemap.py OUT.geojson
"""
from __future__ import annotations

import json
import os
import sys

import geopandas as gpd
import pyogrio
from shapely.geometry import box, mapping

BBOX = (60.0, -15.0, 160.0, 65.0)  # minx, miny, maxx, maxy (WGS84)
TOLERANCE = 0.05                    # degrees
NE_URL = "https://www.naturalearthdata.com/downloads/110m-cultural-vectors/"


def natural_earth_path() -> str:
    base = os.path.dirname(pyogrio.__file__)
    return os.path.join(base, "tests", "fixtures", "naturalearth_lowres", "naturalearth_lowres.shp")


def _round(obj, nd=2):
    if isinstance(obj, (list, tuple)):
        if obj and isinstance(obj[0], (int, float)):
            return [round(float(v), nd) for v in obj]
        return [_round(o, nd) for o in obj]
    return obj


def build(out_path: str) -> int:
    gdf = gpd.read_file(natural_earth_path())
    gdf = gdf.to_crs("EPSG:4326") if gdf.crs and gdf.crs.to_epsg() != 4326 else gdf
    gdf = gdf[["name", "iso_a3", "geometry"]]
    gdf = gdf[gdf.intersects(box(*BBOX))].copy()
    gdf["geometry"] = gdf.geometry.clip_by_rect(*BBOX)
    gdf["geometry"] = gdf.geometry.simplify(TOLERANCE, preserve_topology=True)
    gdf = gdf[~gdf.geometry.is_empty & gdf.geometry.notna()]
    features = []
    for _, row in gdf.sort_values("name").iterrows():
        geom = mapping(row.geometry)
        geom = {"type": geom["type"], "coordinates": _round(geom["coordinates"])}
        features.append({
            "type": "Feature",
            "properties": {"name": row["name"], "iso_a3": row["iso_a3"], "sources": [NE_URL]},
            "geometry": geom,
        })
    with open(out_path, "w", encoding="utf-8") as f:
        json.dump({"type": "FeatureCollection", "features": features}, f, ensure_ascii=False, separators=(",", ":"))
    return len(features)


if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "basemap_land.geojson")
    n = build(out)
    print(f"wrote {n} features to {out} ({os.path.getsize(out) // 1024} KB)")
