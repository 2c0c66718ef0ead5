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
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mapapp.geometry import geod, length_km  # noqa: E402

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
# Published rail distance between two vertices of a section: (section, from vertex, to vertex, km, source).
# By the triangle inequality the track between them lies inside the ellipse with those foci whose axis is
# the rail distance, so no point of the straight chord is further from the track than that ellipse's
# semi-minor axis: a proven bound where no station in between has a published position.
CHAINAGE = [
    ("kp", "Sŏp'yŏngyang", "P'yŏngsŏng", 44.1 - 4.7,
     "ja.wikipedia 西平壌駅 (4.7 km) and en.wikipedia P'yŏngra Line diagram (Kalli 19.1 + 25.0 km)"),
    ("kp", "P'yŏngsŏng", "Sunch'ŏn", 47.3 - 25.0, "en.wikipedia P'yŏngra Line diagram (km from Kalli)"),
    ("kp", "Sunch'ŏn", "Yangdŏk", 141.8 - (66.4 - 1.6),
     "namu wiki 양덕역 (141.8 km from Pyongyang); Sunch'ŏn 66.4 km (en.wikipedia diagram) less the 1.6 km by which "
     "namu's figures run below it (Chasan 56.5 against 58.1)"),
    ("kp", "Yangdŏk", "Kowŏn", 230.4 - 141.8, "namu wiki 양덕역 / 고원역 (km from Pyongyang station)"),
    ("kp", "Kowŏn", "Hamhŭng", 123.9 - 42.0, "Chosen Government Railway Hamgyŏng Line chainage (en.wikipedia Hamgyeong Line)"),
    ("kp", "Hamhŭng", "Hŭngnam", 139.3 - 123.9, "Chosen Government Railway Hamgyŏng Line chainage"),
    ("kp", "Hŭngnam", "Tanch'ŏn", 312.5 - 139.3, "Chosen Government Railway Hamgyŏng Line chainage"),
    ("kp", "Tanch'ŏn", "Kilju", 397.2 - 312.5, "Chosen Government Railway Hamgyŏng Line chainage"),
    ("kp", "Kilju", "Ranam", 517.9 - 397.2, "Chosen Government Railway Hamgyŏng Line chainage"),
    ("kp", "Hongŭi", "Tumangang", 9.5, "en.wikipedia Hongŭi Line"),
]
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
def _geodesic_km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    return geod().inv(lon1, lat1, lon2, lat2)[2] / 1000


def ellipse_bound(rail_km: float, chord: list) -> float:
    """Furthest a straight chord can be from a track of length ``rail_km`` joining its ends (km)."""
    d = _geodesic_km(*chord[0], *chord[-1])
    return 0.5 * max(0.0, rail_km * rail_km - d * d) ** 0.5


def _line_km(coords: list) -> float:
    parts = coords if coords and isinstance(coords[0][0], list) else [coords]
    return sum(length_km(part) for part in parts)


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

    print("\nproven bound: no drawn point further from the track than (where the rail distance is published)")
    print(f"{'section':8} {'stretch':36} {'rail km':>7} {'drawn km':>8} {'bound km':>8}")
    for key, a, b, rail_km, _source in CHAINAGE:
        sec = [r for r in rows if r["line"] == key]
        i = next(n for n, r in enumerate(sec) if r["name"].startswith(a))
        j = next(n for n, r in enumerate(sec) if r["name"].startswith(b))
        pts = [(float(r["lon"]), float(r["lat"])) for r in sec[i:j + 1]]
        drawn = length_km(pts)
        bound = ellipse_bound(rail_km, pts) if len(pts) == 2 else None
        print(f"{key:8} {a + ' – ' + b:36} {rail_km:7.1f} {drawn:8.1f} "
              f"{f'{bound:8.1f}' if bound is not None else '   (via ' + str(len(pts) - 2) + ')'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
