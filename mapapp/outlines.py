"""The bundled Natural Earth land outlines (``mapapp/data/basemaps.json``) and which one a map uses: the most
detailed whose box holds everything the map shows. Shared by the interactive map and the still map."""
from __future__ import annotations

import json
from functools import cache
from importlib import resources


@cache
def land_outline(name: str = "basemap_land.geojson") -> dict:
    """One of the outlines listed in basemaps.json, as GeoJSON."""
    return json.loads((resources.files("mapapp") / "data" / name).read_text("utf-8"))


@cache
def _outlines() -> tuple[tuple[str, tuple[float, ...]], ...]:
    index = json.loads((resources.files("mapapp") / "data" / "basemaps.json").read_text("utf-8"))
    return tuple((o["file"], tuple(o["bbox"])) for o in index["outlines"])


def outline_for_box(minlon: float, minlat: float, maxlon: float, maxlat: float) -> str:
    """The most detailed outline whose box holds the box given (the world's otherwise)."""
    for name, (x0, y0, x1, y1) in _outlines():
        if x0 <= minlon and y0 <= minlat and maxlon <= x1 and maxlat <= y1:
            return name
    return _outlines()[-1][0]
