"""Check raw story records and turn them into model objects; each problem names its culprit."""
from __future__ import annotations

import difflib
import math
import re
from datetime import date
from functools import lru_cache
from pathlib import Path

from . import contract
from .errors import DataError
from .layers import MODES, Layer
from .model import Event, Place, RouteLeg

def places(doc, path: Path, problems: list, warnings: list | None = None) -> list[Place]:
    """Features of places.geojson. A bad kind, country or source is reported but the place is kept, so that
    the events and legs naming it are not reported too; an unknown kind and source problems go to ``warnings``
    when given."""
    out: list[Place] = []
    seen: dict[str, tuple[str, str]] = {}
    for where, props, geom in _features(doc, path, problems):
        coords = _point(geom, path, where, problems)
        pid = _required(props, "id", path, where, problems)
        name = _required(props, "name", path, where, problems)
        if not _unique_id(pid, where, seen, path, problems):
            continue
        kind, country = _kind(props, path, where, problems, warnings), _country(props, path, where, problems)
        sources = _sources(props.get("sources"), path, where, problems, warnings, required=True)
        if coords is None or not pid or not name:
            continue
        out.append(Place(id=pid, name=name, lon=coords[0], lat=coords[1], kind=kind or "", country=country or "",
                         aliases=_string_list(props.get("aliases"), path, where, "aliases", problems),
                         sources=sources, description=_optional(props, "description", path, where, problems) or "",
                         part_of=_string_list(props.get("part_of"), path, where, "part_of", problems)))
    return out


def events(rows, path: Path, problems: list, layers: tuple[Layer, ...], warnings: list | None = None) -> list[Event]:
    """Rows of events.csv; a category must be one of the story's point layers (``layers``); source problems go
    to ``warnings`` when given."""
    declared = [layer.id for layer in layers if layer.is_points]
    out: list[Event] = []
    seen: dict[str, tuple[str, str]] = {}
    for line, row in rows or ():
        where = f"line {line}" + (f" (id {row['id']!r})" if row.get("id") else "")
        if not row["id"]:
            problems.append(DataError(path, where, "the 'id' cell is empty"))
            continue
        if not _unique_id(row["id"], f"line {line}", seen, path, problems, where, first_at="on"):
            continue
        if row["category"] not in declared:
            problems.append(DataError(path, where, f"category {row['category']!r} is not a point layer of the "
                                                   f"story (geodata/story.json declares {_ids(declared)})"))
            continue
        for col in ("place_id", "title"):
            if not row[col]:
                problems.append(DataError(path, where, f"the {col!r} cell is empty"))
        span = _dates(row["date_start"], row["date_end"], path, where, problems)
        sources = _sources(row["sources"], path, where, problems, warnings, required=True)
        if span is None or not row["place_id"] or not row["title"]:
            continue
        out.append(Event(id=row["id"], place_id=row["place_id"], category=row["category"], title=row["title"],
                         date_start=span[0], date_end=span[1], participants=row["participants"],
                         description=row["description"], sources=sources))
    return out


def routes(doc, path: Path, problems: list, layers: tuple[Layer, ...], warnings: list | None = None) -> list[RouteLeg]:
    """Features of routes.geojson; a category must be one of the story's route layers (``layers``; a leg without
    one takes the first). An air leg may have no geometry (``"geometry": null``): ``lines`` stays empty and
    ``drawn`` False until the loader puts the great-circle arc between its places there."""
    if doc is None:
        return []
    by_id = {layer.id: layer for layer in layers if layer.is_routes}
    out: list[RouteLeg] = []
    seen: dict[str, tuple[str, str]] = {}
    for where, props, geom in _features(doc, path, problems):
        rid = _required(props, "id", path, where, problems)
        if not _unique_id(rid, where, seen, path, problems):
            continue
        category = _optional(props, "category", path, where, problems) or next(iter(by_id), "")
        if category not in by_id:
            problems.append(DataError(path, where, f"category {category!r} is not a route layer of the story "
                                                   f"(geodata/story.json declares {_ids(list(by_id))})"))
            continue
        mode = _optional(props, "mode", path, where, problems) or by_id[category].mode
        if mode not in MODES:
            problems.append(DataError(path, where, f"mode {mode!r} is not one of {', '.join(MODES)}"))
            continue
        texts = {k: _optional(props, k, path, where, problems) for k in ("name", "from_place", "to_place",
                                                                          "description")}
        if geom is None and mode == "air":
            lines = ()
            if not (texts["from_place"] and texts["to_place"]):
                problems.append(DataError(path, where, "an air leg without geometry needs from_place and "
                                                       "to_place (it is drawn as the great circle between them)"))
                continue
        elif geom is None:
            problems.append(DataError(path, where, f"geometry is missing: only air legs may have none "
                                                   f"(this leg's mode is {mode!r})"))
            continue
        else:
            lines = _lines(geom, path, where, problems)
        start = _required(props, "date_start", path, where, problems)
        span = _dates(start, _optional(props, "date_end", path, where, problems), path, where, problems) \
            if start else None
        sources = _sources(props.get("sources"), path, where, problems, warnings, required=False)
        if lines is None or not rid or span is None or None in texts.values():
            continue
        out.append(RouteLeg(id=rid, name=texts["name"] or rid, date_start=span[0], date_end=span[1],
                            from_place=texts["from_place"], to_place=texts["to_place"], lines=lines,
                            sources=sources, description=texts["description"], category=category, mode=mode,
                            drawn=geom is not None,
                            approximate=_approximate(props.get("approximate"), path, where, problems)))
    return out


def _ids(ids) -> str:
    return ", ".join(repr(i) for i in ids) if ids else "no such layer"


def _approximate(value, path: Path, where: str, problems: list) -> tuple:
    """The optional ``approximate`` property: a list of lines ([[lon, lat], …]) along the leg."""
    if value is None or value == []:
        return ()
    if not isinstance(value, list):
        problems.append(DataError(path, where, "property 'approximate' must be a list of lines, "
                                               "e.g. [[[lon, lat], [lon, lat]]]"))
        return ()
    return _lines({"type": "MultiLineString", "coordinates": value}, path, f"{where}, property 'approximate'",
                  problems) or ()


def labels(value, path: Path, problems: list, layers: tuple[Layer, ...]) -> tuple[tuple[str, str], ...]:
    """story.json "labels": {layer id: display name} for the story's layers (``layers``)."""
    if value is None:
        return ()
    if not isinstance(value, dict) or not all(isinstance(v, str) and v.strip() for v in value.values()):
        problems.append(DataError(path, "labels", 'must be an object of non-empty texts, e.g. {"protest": "Protest"}'))
        return ()
    known = [layer.id for layer in layers]
    unknown = sorted(set(value) - set(known))
    if unknown:
        problems.append(DataError(path, "labels", f"unknown layer(s) {', '.join(unknown)}; "
                                                  f"use {', '.join(known)}"))
        return ()
    return tuple((k, v.strip()) for k, v in value.items())


def references(place_list, event_list, route_list, root: Path, problems: list) -> None:
    """Cross-file checks: every place id an event or leg names must exist."""
    known = {p.id for p in place_list}
    for p in place_list:
        for parent in p.part_of:
            if parent not in known or parent == p.id:
                problems.append(DataError(root / "geodata/places.geojson", f"id {p.id!r}",
                                          f"part_of {parent!r} is not another id in places.geojson"))
    for cycle in contract.cycles({p.id: p.part_of for p in place_list}):
        problems.append(DataError(root / "geodata/places.geojson", f"id {cycle[0]!r}",
                                  "part_of forms a cycle: " + " → ".join(cycle)))
    for e in event_list:
        if e.place_id not in known:
            problems.append(DataError(root / "geodata/events.csv", f"id {e.id!r}",
                                      f"place_id {e.place_id!r} is not an id in places.geojson"))
    for r in route_list:
        for key in ("from_place", "to_place"):
            value = getattr(r, key)
            if value and value not in known:
                problems.append(DataError(root / "geodata/routes.geojson", f"id {r.id!r}",
                                          f"{key} {value!r} is not an id in places.geojson"))


# --- helpers ---------------------------------------------------------------------------------------

def _features(doc, path: Path, problems: list):
    """Yield (where, properties, geometry) for each feature of a GeoJSON FeatureCollection."""
    if collection(doc, path, problems) is None:
        return
    for i, feat in enumerate(doc["features"]):
        props = feat.get("properties") if isinstance(feat, dict) else None
        label = f"feature {i}"
        if isinstance(props, dict) and props.get("id"):
            label += f" (id {str(props['id'])!r})"
        if not isinstance(feat, dict) or feat.get("type") != "Feature":
            problems.append(DataError(path, label, "is not a GeoJSON Feature"))
            continue
        yield label, props if isinstance(props, dict) else {}, feat.get("geometry")


def collection(doc, path: Path, problems: list):
    """``doc`` when it is a GeoJSON FeatureCollection in WGS84, else None after one problem (a wrong CRS is
    reported once, not once per feature and reference)."""
    if doc is None:
        return None
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection" or not isinstance(
            doc.get("features"), list):
        problems.append(DataError(path, None, "is JSON but not a GeoJSON FeatureCollection "
                                              "(needs \"type\": \"FeatureCollection\" and a \"features\" list)"))
        return None
    crs = doc.get("crs")
    problem = None if crs is None else contract.crs_problem(crs)
    if problem:
        if not any(p.path == str(path) and p.feature == "crs" for p in problems):
            problems.append(DataError(path, "crs", problem))
        return None
    return doc


def _position(pos, path, where, problems):
    if (not isinstance(pos, (list, tuple)) or len(pos) < 2
            or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in pos[:2])):
        problems.append(DataError(path, where, f"position {pos!r} is not [longitude, latitude]"))
        return None
    try:
        lon, lat = float(pos[0]), float(pos[1])
    except OverflowError:
        lon = lat = math.inf
    if not (math.isfinite(lon) and math.isfinite(lat)):
        problems.append(DataError(path, where, f"position {pos!r} is not a finite number pair"))
        return None
    if abs(lon) <= 180 and abs(lat) <= 90:
        return lon, lat
    if abs(lat) <= 180 and abs(lon) <= 90:
        hint = "latitude and longitude look swapped — GeoJSON order is [longitude, latitude]"
    elif abs(lon) > 1000 or abs(lat) > 1000:
        hint = "these look like projected coordinates (metres) — reproject to WGS84 (EPSG:4326)"
    else:
        hint = "longitude must be within ±180 and latitude within ±90"
    problems.append(DataError(path, where, f"position [{pos[0]}, {pos[1]}] is out of range: {hint}"))
    return None


def _point(geom, path, where, problems):
    if not isinstance(geom, dict) or geom.get("type") != "Point":
        kind = geom.get("type") if isinstance(geom, dict) else geom
        problems.append(DataError(path, where, f"geometry must be a Point, not {kind!r}"))
        return None
    return _position(geom.get("coordinates"), path, where, problems)


def _lines(geom, path, where, problems):
    kind = geom.get("type") if isinstance(geom, dict) else None
    coords = geom.get("coordinates") if isinstance(geom, dict) else None
    if kind == "LineString":
        parts = [coords]
    elif kind == "MultiLineString" and isinstance(coords, list):
        parts = coords
    else:
        problems.append(DataError(path, where, f"geometry must be a LineString or MultiLineString, "
                                               f"not {kind or geom!r}"))
        return None
    lines = []
    for part in parts:
        if not isinstance(part, list) or len(part) < 2:
            problems.append(DataError(path, where, "a route line needs at least two positions"))
            return None
        line = []
        for pos in part:  # stop at the first bad position: one message per feature, not one per point
            coords = _position(pos, path, where, problems)
            if coords is None:
                return None
            line.append(coords)
        lines.append(tuple(line))
    if not lines:
        problems.append(DataError(path, where, "geometry is empty"))
        return None
    return tuple(lines)


def _required(props: dict, key: str, path, where, problems) -> str:
    value = _optional(props, key, path, where, problems)
    if value == "":
        problems.append(DataError(path, where, f"required property {key!r} is missing or empty"))
    return value or ""


def _optional(props: dict, key: str, path, where, problems) -> str | None:
    """Property ``key`` as stripped text ("" when absent); None after a problem (not a JSON string)."""
    value = props.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        problems.append(DataError(path, where, f"property {key!r} must be a text (a JSON string), not "
                                               f"{contract.type_name(value)}"))
        return None
    return value.strip()


def _unique_id(value: str, where: str, seen: dict, path, problems, label: str | None = None,
               first_at: str = "used by") -> bool:
    """Record id ``value`` (first seen at ``where``); False after a duplicate, also one differing only in case
    or spaces."""
    if not value:
        return True
    key = contract.id_key(value)
    if key in seen:
        first_id, first = seen[key]
        same = "duplicate id" if first_id == value else f"id {value!r} differs only in case or spaces from"
        problems.append(DataError(path, label or where, f"{same} {first_id!r} (first {first_at} {first})"))
        return False
    seen[key] = (value, where)
    return True


def _kind(props: dict, path, where, problems, warnings: list | None) -> str | None:
    """The place's kind; one that is not in contract.KINDS is a warning (``problems`` when None)."""
    kind = _optional(props, "kind", path, where, problems)
    if kind and kind not in contract.KINDS:
        close = difflib.get_close_matches(kind, contract.KINDS, n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        (problems if warnings is None else warnings).append(DataError(
            path, where, f"kind {kind!r} is not a known kind ({hint}known: {', '.join(contract.KINDS)})"))
    return kind


def _country(props: dict, path, where, problems) -> str | None:
    country = _optional(props, "country", path, where, problems)
    if country and country.upper() not in contract.countries():
        problems.append(DataError(path, where, f"country {country!r} is not an ISO 3166-1 alpha-2 code "
                                               "(e.g. 'KP', 'RU', 'US')"))
        return None
    return None if country is None else country.upper()


def _sources(value, path, where, problems: list, warnings: list | None, required: bool) -> tuple[str, ...]:
    """Source URLs (a list, or one text of space-separated URLs), kept as given. An empty list or a URL that is
    not absolute http(s) goes to ``warnings`` (``problems`` when None): the story still shows, and the map and
    the report link only http(s) URLs (render.py)."""
    before = len(problems)
    urls = _string_list(value, path, where, "sources", problems)
    notes = problems if warnings is None else warnings
    if required and not urls and len(problems) == before:
        notes.append(DataError(path, where, "'sources' is empty: give at least one http(s) URL"))
    bad = contract.url_problems(urls)
    if bad:
        notes.append(DataError(path, where, f"sources: {bad[0]}" + (f" (and {len(bad) - 1} more)"
                                                                     if len(bad) > 1 else "")))
    return urls


def _string_list(value, path, where, key, problems) -> tuple[str, ...]:
    if value is None or value == "":
        return ()
    if isinstance(value, str):
        return tuple(value.split()) if key in ("sources", "part_of") else (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(v.strip() for v in value if v.strip())
    problems.append(DataError(path, where, f"property {key!r} must be a list of strings"))
    return ()


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@lru_cache(maxsize=4096)  # a story's events share a few thousand days at most
def parse_date(text: str) -> date:
    """An ISO YYYY-MM-DD date; ValueError otherwise."""
    if not _ISO_DATE.fullmatch(text):
        raise ValueError(text)
    return date.fromisoformat(text)


def _dates(start: str, end: str, path, where, problems):
    try:
        first = parse_date(start)
    except ValueError:
        problems.append(DataError(path, where, f"date_start {start!r} is not an ISO date (YYYY-MM-DD)"))
        return None
    last = None
    if end:
        try:
            last = parse_date(end)
        except ValueError:
            problems.append(DataError(path, where, f"date_end {end!r} is not an ISO date (YYYY-MM-DD)"))
            return None
        if last < first:
            problems.append(DataError(path, where, f"date_end {end} is before date_start {start}"))
            return None
    return first, last
