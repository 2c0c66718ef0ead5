"""Build ``basemap_world.geojson``: the land outline of stories outside the region of ``basemap_land.geojson``
(see ``basemaps.json``), so any story's map stays readable when tiles fail.

The outlines are Natural Earth's 1:110m "Admin 0 – Countries" (public domain,
https://www.naturalearthdata.com/downloads/110m-cultural-vectors/), as shipped for instance in pyogrio's test
fixtures (``pyogrio/tests/fixtures/naturalearth_lowres/naturalearth_lowres.shp``). The script keeps only
``name``, simplifies with a 0.02 degree tolerance, rounds coordinates to 2 decimals (about 1 km) and adds a
``sources`` property to every feature (about 165 KB, as the regional 1:50m outline).

Usage (a build step, not run by the app or the tests)::

    python mapapp/data/make_basemap_world.py PATH/TO/naturalearth_lowres.shp
"""
from __future__ import annotations

import json
import os
import sys

import geopandas as gpd
from shapely.geometry import mapping

TOLERANCE = 0.02
NE_URL = "https://www.naturalearthdata.com/downloads/110m-cultural-vectors/"


def _round(obj, nd=2):
    if obj and isinstance(obj[0], (int, float)):
        return [round(float(v), nd) for v in obj]
    return [_round(o, nd) for o in obj]


def build(source: str, out_path: str) -> int:
    gdf = gpd.read_file(source).to_crs("EPSG:4326")[["name", "geometry"]]
    gdf["geometry"] = gdf.geometry.simplify(TOLERANCE, preserve_topology=True)
    gdf = gdf[~gdf.geometry.is_empty & gdf.geometry.notna()]
    features = []
    for _, row in gdf.sort_values("name").iterrows():
        geom = mapping(row.geometry)
        features.append({"type": "Feature", "properties": {"name": row["name"], "sources": [NE_URL]},
                         "geometry": {"type": geom["type"], "coordinates": _round(geom["coordinates"])}})
    with open(out_path, "w", encoding="utf-8") as f:
        json.dump({"type": "FeatureCollection", "features": features}, f, ensure_ascii=False, separators=(",", ":"))
    return len(features)


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    here = os.path.dirname(os.path.abspath(__file__))
    out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(here, "basemap_world.geojson")
    n = build(sys.argv[1], out)
    print(f"wrote {n} features to {out} ({os.path.getsize(out) // 1024} KB)")
