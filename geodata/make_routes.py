"""Rebuild the rail legs' geometry in ``routes.geojson`` from the track sections in ``route_stations.csv``.

    python geodata/make_routes.py [--check]

Each leg is a recipe of track sections (slices of ``route_stations.csv``, reversed for trains running
the other way), joined where consecutive vertices coincide, then densified so that no straight piece is
longer than ``MAX_STEP_KM`` (interpolated points lie on the chord between two listed vertices and add
no position of their own). A vertex whose ``to_next`` column says ``approximate`` starts a stretch with no
published position in between: the chord to the next vertex goes into the leg's ``approximate`` property
too, which the map draws as such. Only the geometry and ``approximate`` are rewritten; every other
property of every leg is kept.
``--check`` writes nothing and exits 1 if the file differs from what the sections give.
"""
from __future__ import annotations

import argparse
import csv
import json
import math
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from mapapp.geometry import geod  # noqa: E402
from mapapp.store import write_atomic  # noqa: E402

MAX_STEP_KM = 11.0

# leg id -> pieces (section, start, stop, reversed); start/stop are Python slice bounds on the section.
LEGS: dict[str, list[tuple[str, int | None, int | None, bool]]] = {
    "leg_a1_pyongyang_khasan": [("kp", None, None, False)],
    "leg_a2_khasan_ussuriysk": [("bk", None, None, False), ("bu", None, None, False)],
    # starts at the Ussuriysk place point (the section's last vertex), not the ESR station 40 m away
    "leg_a3_ussuriysk_khabarovsk": [("bu", -1, None, False), ("uk", 1, None, False)],
    "leg_a4_khabarovsk_vostochny": [("ts", None, None, False)],
    # back east to Volochayevka-1, across to Volochayevka 2 and north on the Komsomolsk line
    "leg_b_vostochny_komsomolsk": [("ts", 12, None, True), ("km", None, None, False)],
    # south from Komsomolsk, through Khabarovsk I (not the city point) and Ussuriysk, to Artyom
    "leg_c_komsomolsk_artyom": [("km", None, None, True), ("ts", 1, 11, True), ("uk", None, 71, True),
                                ("bu", None, 5, True), ("ba", None, None, False)],
    "leg_d1_artyom_khasan": [("ba", None, None, True), ("bk", None, None, True)],
    "leg_d2_khasan_pyongyang": [("kp", None, None, True)],
}


def read_sections(path: Path) -> tuple[dict[str, list[tuple[float, float]]], set]:
    """Track sections as ordered (lon, lat) lists keyed by the ``line`` column, and the approximate chords
    (pairs of consecutive vertices, in section order)."""
    sections: dict[str, list[tuple[float, float]]] = {}
    rough: set = set()
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    for row, nxt in zip(rows, rows[1:] + [None]):
        here = (float(row["lon"]), float(row["lat"]))
        sections.setdefault(row["line"], []).append(here)
        if (row.get("to_next") or "").strip() == "approximate" and nxt and nxt["line"] == row["line"]:
            rough.add((here, (float(nxt["lon"]), float(nxt["lat"]))))
    return sections, rough


def leg_vertices(recipe, sections) -> list[tuple[float, float]]:
    """The listed vertices of one leg, joined without repeating a shared vertex."""
    out: list[tuple[float, float]] = []
    for line, start, stop, backwards in recipe:
        piece = sections[line][start:stop]
        for p in reversed(piece) if backwards else piece:
            if not out or out[-1] != p:
                out.append(p)
    return out


def approximate_lines(vertices, rough) -> list[list[list[float]]]:
    """The leg's approximate chords (either direction), densified like the leg."""
    return [densify([a, b]) for a, b in zip(vertices, vertices[1:]) if (a, b) in rough or (b, a) in rough]


def densify(points: list[tuple[float, float]], max_km: float = MAX_STEP_KM) -> list[list[float]]:
    """Add evenly spaced points on each chord longer than ``max_km`` (rounded to 4 decimals, ~10 m)."""
    out = [list(points[0])]
    for (x1, y1), (x2, y2) in zip(points, points[1:]):
        km = geod().inv(x1, y1, x2, y2)[2] / 1000
        n = max(1, math.ceil(km / max_km))
        for i in range(1, n):
            t = i / n
            out.append([round(x1 + (x2 - x1) * t, 4), round(y1 + (y2 - y1) * t, 4)])
        out.append([x2, y2])
    return out


def rebuild(doc: dict, sections, rough) -> dict:
    """``doc`` with every leg that has a recipe given its geometry (and approximate parts) from the sections."""
    for feature in doc["features"]:
        props = feature["properties"]
        recipe = LEGS.get(props["id"])
        if recipe:
            vertices = leg_vertices(recipe, sections)
            feature["geometry"] = {"type": "LineString", "coordinates": densify(vertices)}
            props.pop("approximate", None)
            if approximate := approximate_lines(vertices, rough):
                props["approximate"] = approximate
    return doc


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="exit 1 if routes.geojson is out of date; write nothing")
    args = ap.parse_args(argv)
    path = HERE / "routes.geojson"
    current = json.loads(path.read_text(encoding="utf-8"))
    built = rebuild(json.loads(path.read_text(encoding="utf-8")), *read_sections(HERE / "route_stations.csv"))
    if args.check:
        same = built == current
        print("routes.geojson is up to date" if same else "routes.geojson differs from route_stations.csv")
        return 0 if same else 1
    text = json.dumps(built, ensure_ascii=False, indent=1) + "\n"
    write_atomic(path, text)
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
