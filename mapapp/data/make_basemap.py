"""Build ``basemap_land.geojson``: a light country-outline layer for the map, shown under the tiles (and
instead of them when they fail), so the map stays readable offline.

The outlines are Natural Earth's 1:50m "Admin 0 – Countries" (public domain,
https://www.naturalearthdata.com/downloads/50m-cultural-vectors/) as packaged in the npm package
``world-atlas`` 2.0.2 (``countries-50m.json``, TopoJSON, read through GDAL). The script keeps only
``name``, clips to the story's region (lon 60..160, lat -15..65: Russian Far East, the Koreas, China,
Vietnam, Singapore), simplifies with a 0.02 degree tolerance, rounds coordinates to 2 decimals (about
1 km) and adds a ``sources`` property to every feature. At 1:50m the coast is close enough that a rail
line along it stays on land (1:110m put the North Korean east-coast line in the sea).

Usage (from the repository root; a build step, not run by the app or the tests)::

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz    # or any copy of countries-50m.json
    python mapapp/data/make_basemap.py package/countries-50m.json  # writes mapapp/data/basemap_land.geojson
"""
from __future__ import annotations

import json
import os
import sys

import geopandas as gpd
from shapely.geometry import box, mapping

BBOX = (60.0, -15.0, 160.0, 65.0)  # minx, miny, maxx, maxy (WGS84)
TOLERANCE = 0.02                    # degrees
NE_URL = "https://www.naturalearthdata.com/downloads/50m-cultural-vectors/"
PACKAGE_URL = "https://www.npmjs.com/package/world-atlas/v/2.0.2"


def _round(obj, nd=2):
    if isinstance(obj, (list, tuple)):
        if obj and isinstance(obj[0], (int, float)):
            return [round(float(v), nd) for v in obj]
        return [_round(o, nd) for o in obj]
    return obj


def build(source: str, out_path: str) -> int:
    gdf = gpd.read_file(source, layer="countries").set_crs("EPSG:4326", allow_override=True)
    gdf = gdf[["name", "geometry"]]
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
            "properties": {"name": row["name"], "sources": [NE_URL, PACKAGE_URL]},
            "geometry": geom,
        })
    with open(out_path, "w", encoding="utf-8") as f:
        json.dump({"type": "FeatureCollection", "features": features}, f, ensure_ascii=False, separators=(",", ":"))
    return len(features)


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    here = os.path.dirname(os.path.abspath(__file__))
    out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(here, "basemap_land.geojson")
    n = build(sys.argv[1], out)
    print(f"wrote {n} features to {out} ({os.path.getsize(out) // 1024} KB)")
