"""The HTML report against a plain folium map of the same points, each as a whole process.

    python benchmarks/bench_html_export.py [--events 10000] [--runs 3]

For a synthetic story (benchmarks/make_story.py), in one run: ``python -m mapapp export --format html``
(the report: map, journey, event list, sources), and a plain script that loads the same events.csv and
places.geojson with the standard library and writes one folium.GeoJson of the points with a GeoJsonTooltip
and a GeoJsonPopup (issue 14's baseline). Also ``python -c "import folium"``: the floor every page built with
folium pays (the report's map is written without folium). Prints median wall and CPU seconds and the ratio
report / plain (the aim is at most 1). Asserts nothing.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from make_story import write_story  # noqa: E402

PLAIN = r'''
import csv, json, sys
import folium
root, out = sys.argv[1], sys.argv[2]
places = {f["properties"]["id"]: f for f in json.load(open(f"{root}/geodata/places.geojson"))["features"]}
features = []
for row in csv.DictReader(open(f"{root}/geodata/events.csv", encoding="utf-8")):
    place = places[row["place_id"]]
    features.append({"type": "Feature", "geometry": place["geometry"],
                     "properties": {"title": row["title"], "place": place["properties"]["name"],
                                    "date": row["date_start"], "description": row["description"]}})
m = folium.Map(location=[45, 132], zoom_start=5)
folium.GeoJson({"type": "FeatureCollection", "features": features},
               tooltip=folium.GeoJsonTooltip(fields=["title", "place", "date"]),
               popup=folium.GeoJsonPopup(fields=["title", "place", "date", "description"])).add_to(m)
m.save(out)
'''


def run_once(cmd: list[str]) -> tuple[float, float]:
    before = os.times()
    t = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - t
    after = os.times()
    return wall, (after.children_user - before.children_user) + (after.children_system - before.children_system)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--events", type=int, default=10_000)
    p.add_argument("--runs", type=int, default=3)
    args = p.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        story = write_story(Path(tmp) / "story", args.events)
        script = Path(tmp) / "plain.py"
        script.write_text(PLAIN, encoding="utf-8")
        cmds = {"import folium only": [sys.executable, "-c", "import folium"],
                "plain folium GeoJson": [sys.executable, str(script), str(story), f"{tmp}/plain.html"],
                "mapapp report": [sys.executable, "-m", "mapapp", "export", "--format", "html", "--out",
                                  f"{tmp}/report.html", "--story", str(story)]}
        results: dict[str, list] = {name: [] for name in cmds}
        for _ in range(args.runs):  # interleaved, so both see the same load on a shared machine
            for name, cmd in cmds.items():
                results[name].append(run_once(cmd))
        sizes = {"import folium only": 0, "plain folium GeoJson": os.path.getsize(f"{tmp}/plain.html"),
                 "mapapp report": os.path.getsize(f"{tmp}/report.html")}
    med = {name: (statistics.median(r[0] for r in rs), statistics.median(r[1] for r in rs))
           for name, rs in results.items()}
    print(f"{args.events:,} events, median of {args.runs} runs")
    print(f"{'':<22} {'wall s':>7} {'cpu s':>6} {'MB':>6}")
    for name, (wall, cpu) in med.items():
        print(f"{name:<22} {wall:>7.2f} {cpu:>6.2f} {sizes[name] / 1e6:>6.1f}")
    base, ours = med["plain folium GeoJson"], med["mapapp report"]
    floor = med["import folium only"]
    print(f"ratio report / plain: wall {ours[0] / base[0]:.2f}, cpu {ours[1] / base[1]:.2f} (aim: <= 1)")
    print(f"the plain map spends {floor[0] / base[0]:.0%} of its wall time importing folium; the report does not "
          f"import it (its map is written by mapapp/export/leafletmap.py)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
