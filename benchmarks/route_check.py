"""Rail legs against published rail distances, and where their vertices come from.

    python benchmarks/route_check.py [--before REF_OR_FILE]

For every leg of ``geodata/routes.geojson`` prints the drawn length (geodesic, WGS84), the published
rail distance and the difference in percent, next to the same figures for a "before" version of the
file (default: the version committed at ``HEAD``; pass a git ref or a file path, or ``--before ''`` to
skip). Then counts, per track section of ``geodata/route_stations.csv``, the vertices with a source URL
and the unsourced trace vertices, and the largest gap between consecutive section vertices.
Prints figures; asserts nothing.
"""
from __future__ import annotations

import argparse
import csv
import json
import math
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GEODATA = ROOT / "geodata"

# Published rail distances per track section (km) and where the figure comes from. Figures marked
# "approx." are sums of Trans-Siberian kilometre posts rather than a stated section length.
SECTION_KM = {
    "kp": (850, "Pyongyang–Khasan: ru.wikipedia Pyongyang station infobox, 'distance to Khasan 850 km'"),
    "bk": (238, "Khasan–Baranovsky: en.wikipedia Baranovsky–Khasan line"),
    "bu": (23, "Baranovsky–Ussuriysk: Trans-Siberian km posts ≈9200 → ≈9177 (approx.)"),
    "uk": (650, "Ussuriysk–Khabarovsk: Trans-Siberian km posts ≈9177 → ≈8521 (approx.)"),
    "ts": (830, "Khabarovsk–Ledyanaya km posts 8521 → ≈7725 plus ≈35 km cosmodrome branch (approx.)"),
    "ts_kv": (50, "Khabarovsk–Dezhnyovka/Volochayevka: km posts 8521 → ≈8467 (approx.)"),
    "km": (363, "Volochayevka/Dezhnyovka–Komsomolsk-on-Amur line"),
    "ba": (65, "Baranovsky–Ugolnaya km posts ≈9200 → ≈9255 plus Ugolnaya–Artyom ≈10 km (approx.)"),
}
LEG_SECTIONS = {
    "leg_a1_pyongyang_khasan": ["kp"],
    "leg_a2_khasan_ussuriysk": ["bk", "bu"],
    "leg_a3_ussuriysk_khabarovsk": ["uk"],
    "leg_a4_khabarovsk_vostochny": ["ts"],
    "leg_b_vostochny_komsomolsk": ["ts", "-ts_kv", "km"],
    "leg_c_komsomolsk_artyom": ["km", "ts_kv", "uk", "bu", "ba"],
    "leg_d1_artyom_khasan": ["ba", "bk"],
    "leg_d2_khasan_pyongyang": ["kp"],
}
_A = 6378137.0
_F = 1 / 298.257223563


def _geodesic_km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Vincenty inverse on WGS84 (falls back to haversine if it does not converge)."""
    b = _A * (1 - _F)
    lam0 = math.radians(lon2 - lon1)
    u1 = math.atan((1 - _F) * math.tan(math.radians(lat1)))
    u2 = math.atan((1 - _F) * math.tan(math.radians(lat2)))
    su1, cu1, su2, cu2 = math.sin(u1), math.cos(u1), math.sin(u2), math.cos(u2)
    lam = lam0
    for _ in range(200):
        sl, cl = math.sin(lam), math.cos(lam)
        ss = math.hypot(cu2 * sl, cu1 * su2 - su1 * cu2 * cl)
        if ss == 0:
            return 0.0
        cs = su1 * su2 + cu1 * cu2 * cl
        sig = math.atan2(ss, cs)
        sa = cu1 * cu2 * sl / ss
        c2a = 1 - sa * sa
        c2sm = cs - 2 * su1 * su2 / c2a if c2a else 0.0
        c = _F / 16 * c2a * (4 + _F * (4 - 3 * c2a))
        prev, lam = lam, lam0 + (1 - c) * _F * sa * (sig + c * ss * (c2sm + c * cs * (-1 + 2 * c2sm * c2sm)))
        if abs(lam - prev) < 1e-12:
            break
    else:
        p1, p2 = math.radians(lat1), math.radians(lat2)
        h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(lam0 / 2) ** 2
        return 2 * 6371.0088 * math.asin(math.sqrt(h))
    u_sq = c2a * (_A * _A - b * b) / (b * b)
    k1 = 1 + u_sq / 16384 * (4096 + u_sq * (-768 + u_sq * (320 - 175 * u_sq)))
    k2 = u_sq / 1024 * (256 + u_sq * (-128 + u_sq * (74 - 47 * u_sq)))
    ds = k2 * ss * (c2sm + k2 / 4 * (cs * (-1 + 2 * c2sm * c2sm)
                                     - k2 / 6 * c2sm * (-3 + 4 * ss * ss) * (-3 + 4 * c2sm * c2sm)))
    return b * k1 * (sig - ds) / 1000


def _line_km(coords: list) -> float:
    parts = coords if coords and isinstance(coords[0][0], list) else [coords]
    return sum(_geodesic_km(*a[:2], *b[:2]) for part in parts for a, b in zip(part, part[1:]))


def _leg_lengths(doc: dict) -> dict[str, float]:
    return {f["properties"]["id"]: _line_km(f["geometry"]["coordinates"]) for f in doc["features"]}


def _published(leg: str) -> float | None:
    secs = LEG_SECTIONS.get(leg)
    if not secs:
        return None
    return sum(-SECTION_KM[s[1:]][0] if s.startswith("-") else SECTION_KM[s][0] for s in secs)


def _load_before(ref: str) -> dict | None:
    if not ref:
        return None
    path = Path(ref)
    if path.is_file():
        return json.loads(path.read_text(encoding="utf-8"))
    r = subprocess.run(["git", "show", f"{ref}:geodata/routes.geojson"], cwd=ROOT,
                       capture_output=True, text=True)
    return json.loads(r.stdout) if r.returncode == 0 else None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--before", default="HEAD", help="git ref or file for the comparison (default HEAD)")
    args = ap.parse_args(argv)
    after = _leg_lengths(json.loads((GEODATA / "routes.geojson").read_text(encoding="utf-8")))
    before_doc = _load_before(args.before)
    before = _leg_lengths(before_doc) if before_doc else {}

    def pct(v: float | None, pub: float | None) -> str:
        return f"{100 * (v - pub) / pub:+6.1f}%" if v is not None and pub else "    n/a"

    print(f"{'leg':32} {'published':>9} {'before':>8} {'diff':>7} {'after':>8} {'diff':>7}")
    for leg, km in after.items():
        pub = _published(leg)
        b = before.get(leg)
        print(f"{leg:32} {pub or 0:9.0f} {b or 0:8.0f} {pct(b, pub)} {km:8.0f} {pct(km, pub)}")
    print("\npublished section figures:")
    for key, (km, note) in SECTION_KM.items():
        print(f"  {key:6} {km:5d} km  {note}")

    rows = list(csv.DictReader((GEODATA / "route_stations.csv").open(encoding="utf-8")))
    print(f"\n{'section':8} {'vertices':>8} {'sourced':>8} {'unsourced':>9} {'drawn km':>8} {'max gap km':>10}")
    tot_s = tot_u = 0
    for key in dict.fromkeys(r["line"] for r in rows):
        sec = [r for r in rows if r["line"] == key]
        pts = [(float(r["lon"]), float(r["lat"])) for r in sec]
        gaps = [_geodesic_km(*a, *b) for a, b in zip(pts, pts[1:])] or [0.0]
        s = sum(1 for r in sec if r["source_url"].strip())
        tot_s, tot_u = tot_s + s, tot_u + len(sec) - s
        print(f"{key:8} {len(sec):8d} {s:8d} {len(sec) - s:9d} {sum(gaps):8.0f} {max(gaps):10.1f}")
    print(f"{'all':8} {tot_s + tot_u:8d} {tot_s:8d} {tot_u:9d}   sourced share {tot_s / max(1, tot_s + tot_u):.0%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
