"""How mapapp's cost grows with the number of events: synthetic stories of 1,000 / 10,000 / 100,000 events.

    python benchmarks/bench_scale.py [--sizes 1000,10000,100000] [--runs 5] [--json] [--no-browser]

For each size (story written by benchmarks/make_story.py) it measures, as medians of several runs (fewer at
100,000): story load + validation; snippet linking; map build and HTML render; the HTML sizes (map and
report); the same map drawn the folium way — one ``folium.Marker`` with a ``Popup`` per event — and the
ratio; the dashboard's rerun after a date-filter change (Streamlit AppTest, first start excluded); the
export command end to end (``python -m mapapp export``, a fresh process) and its peak memory; the time
headless Chromium takes to draw every point of the exported page. Then the built-in story's rerun after a
filter change. Prints a table (and JSON with --json); asserts nothing.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import folium  # noqa: E402

from make_story import write_story  # noqa: E402
from mapapp import render  # noqa: E402
from mapapp.export import html_document  # noqa: E402
from mapapp.filters import FilterOptions, apply  # noqa: E402
from mapapp.link import link_story  # noqa: E402
from mapapp.load import load_story  # noqa: E402
from mapapp.mapbuild import MapOptions, build_map  # noqa: E402
from mapapp.mapdata import place_popups, point_mode  # noqa: E402

TARGETS = {  # (size, measure): (limit, unit) — from the scale issue; medians on the 2-core reference machine
    (10_000, "map_s"): 0.5, (10_000, "report_mb"): 5.0, (10_000, "rerun_s"): 0.25, (10_000, "draw_s"): 2.0, (10_000, "map_draw_s"): 2.0,
    (10_000, "speedup"): 20.0, (100_000, "build_s"): 5.0, (100_000, "peak_mb"): 2048.0, (100_000, "map_peak_mb"): 2048.0, ("builtin", "rerun_s"): 0.1,
}


def median_time(fn, runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), result


def baseline_html(story, view) -> str:
    """The usual folium way: one Marker with a Popup (and a tooltip) per event; same texts as ours."""
    popups = place_popups(story, view)
    m = folium.Map(location=[43.0, 132.0], zoom_start=5, tiles=None)
    for event in view.events:
        place = story.place_by_id[event.place_id]
        folium.Marker([place.lat, place.lon], popup=folium.Popup(popups[place.id], max_width=320),
                      tooltip=render.tooltip(event, place)).add_to(m)
    return m.get_root().render()


def app_rerun(root: Path, runs: int) -> tuple[float, float]:
    """(first start, median rerun after a date-filter change) of the dashboard under AppTest."""
    from streamlit.testing.v1 import AppTest

    os.environ["MAPAPP_STORY"] = str(root)
    try:
        at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=600)
        t = time.perf_counter()
        at.run()
        first = time.perf_counter() - t
        if at.exception:
            raise RuntimeError(f"app failed on {root}: {[e.message for e in at.exception]}")
        lo, hi = load_story(root).date_bounds()
        mid = lo + (hi - lo) / 2
        ranges = [(lo, mid), (mid, hi), (lo, hi)]
        times = []
        for i in range(runs):
            widget = at.date_input(key="date_range").set_value(ranges[i % len(ranges)])
            t = time.perf_counter()
            widget.run()
            times.append(time.perf_counter() - t)
            if at.exception:
                raise RuntimeError(f"app rerun failed: {[e.message for e in at.exception]}")
        return first, statistics.median(times)
    finally:
        os.environ.pop("MAPAPP_STORY", None)


def export_command(root: Path, out: Path, runs: int) -> tuple[float, float]:
    """(median wall time, peak RSS in MB) of ``python -m mapapp export`` in a fresh process."""
    times, peaks = [], []
    for _ in range(runs):
        t = time.perf_counter()
        done = subprocess.run([sys.executable, "-c", EXPORT, str(ROOT), "export", "--story", str(root), "--out",
                               str(out)], cwd=ROOT, capture_output=True, text=True)
        times.append(time.perf_counter() - t)
        if done.returncode:
            raise RuntimeError(f"export failed: {done.stderr}")
        peaks.append(float(done.stdout.strip().splitlines()[-1]))
    return statistics.median(times), max(peaks)


PIPELINE = """
import sys
sys.path.insert(0, sys.argv[2])
from mapapp.filters import FilterOptions, apply
from mapapp.link import link_story
from mapapp.load import load_story
from mapapp.mapbuild import MapOptions, build_map
story = load_story(sys.argv[1])
view = apply(story, link_story(story), FilterOptions())
html = build_map(story, view, MapOptions(tiles="")).get_root().render()
print(peak_mb())
"""
#: Peak RSS of this process from /proc (VmHWM starts afresh at exec; ru_maxrss would include the benchmark
#: process that forked it).
PEAK = """
def peak_mb():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
"""
EXPORT = PEAK + """
import sys
sys.path.insert(0, sys.argv[1])
from mapapp.cli import main
code = main(sys.argv[2:])
print(peak_mb())
sys.exit(code)
"""


def pipeline_peak(root: Path) -> float:
    """Peak RSS in MB of a fresh process that loads, links, filters, builds and renders the map (no report)."""
    out = subprocess.run([sys.executable, "-c", PEAK + PIPELINE, str(root), str(ROOT)], capture_output=True, text=True,
                         check=True)
    return float(out.stdout.strip().splitlines()[-1])


def draw_time(page_path: Path, runs: int) -> float | None:
    """Median seconds from navigation until every point of the page is on the map (or in its cluster group)
    and a frame has been painted, in headless Chromium with every request but file: blocked."""
    sys.path.insert(0, str(ROOT / "tests"))
    try:
        from browser_support import CHROMIUM, chromium_browser, offline
    except ImportError:
        return None
    if not CHROMIUM.exists():
        return None
    times = []
    with chromium_browser() as browser:
        for _ in range(runs):
            context = browser.new_context(viewport={"width": 1400, "height": 900})
            offline(context, ("file:", "data:", "about:"))
            page = context.new_page()
            t = time.perf_counter()
            page.goto(page_path.as_uri(), wait_until="commit")
            page.wait_for_function(DRAWN_JS, timeout=300_000, polling="raf")
            page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
            times.append(time.perf_counter() - t)
            context.close()
    return statistics.median(times)


#: True once every event feature is drawn: on the map, or held by the category's cluster group.
DRAWN_JS = """() => {
  const m = window.mapapp;
  if (!m || !m.layers) return false;
  for (const [key, layer] of Object.entries(m.layers)) {
    if (key === 'rail_leg') continue;
    const cluster = m.clusters && m.clusters[key];
    const all = layer.getLayers();
    if (!all.length) return false;
    if (cluster ? cluster.getLayers().length !== all.length : !all.every(l => l._map)) return false;
  }
  return true;
}"""


def measure(n: int, runs: int, workdir: Path, browser: bool, baseline: bool) -> dict:
    root = write_story(workdir / f"story_{n}", n)
    few = max(1, runs // 3) if n >= 100_000 else runs
    row: dict = {"events": n}
    row["load_s"], story = median_time(lambda: load_story(root), few)
    row["link_s"], snippets = median_time(lambda: link_story(story), few)
    view = apply(story, snippets, FilterOptions())
    row["mode"] = point_mode(len(view.events))
    row["build_s"], m = median_time(lambda: build_map(story, view, MapOptions(tiles="")), runs)
    row["render_s"], html = median_time(lambda: build_map(story, view, MapOptions(tiles="")).get_root().render(),
                                        runs)
    row["render_s"] = max(row["render_s"] - row["build_s"], 0.0)
    row["map_s"] = row["build_s"] + row["render_s"]
    row["map_mb"] = len(html.encode()) / 1e6
    report = html_document(story, view, FilterOptions())
    report_path = workdir / f"report_{n}.html"
    report_path.write_text(report, encoding="utf-8")
    row["report_mb"] = len(report.encode()) / 1e6
    if baseline:
        row["baseline_s"], base = median_time(lambda: baseline_html(story, view), 1 if n >= 10_000 else few)
        row["baseline_mb"] = len(base.encode()) / 1e6
        row["speedup"] = row["baseline_s"] / row["map_s"]
        del base
    row["app_start_s"], row["rerun_s"] = app_rerun(root, few if n < 100_000 else 2)
    row["map_peak_mb"] = pipeline_peak(root)
    row["export_s"], row["peak_mb"] = export_command(root, workdir / f"export_{n}.html", max(1, few // 2))
    if browser:
        map_path = workdir / f"map_{n}.html"
        map_path.write_text(html, encoding="utf-8")
        row["map_draw_s"] = draw_time(map_path, 3 if n < 100_000 else 1)
        row["draw_s"] = draw_time(report_path, 3 if n < 100_000 else 1)
    return row


def fmt(value, digits=2) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


COLUMNS = (("events", "events"), ("mode", "points"), ("load_s", "load+validate s"), ("link_s", "link s"),
           ("build_s", "build s"), ("render_s", "render s"), ("map_s", "map s"), ("map_mb", "map MB"),
           ("report_mb", "report MB"), ("baseline_s", "baseline s"), ("baseline_mb", "baseline MB"),
           ("speedup", "× faster"), ("app_start_s", "app start s"), ("rerun_s", "filter rerun s"),
           ("map_peak_mb", "map peak MB"), ("export_s", "export cmd s"), ("peak_mb", "export peak MB"), ("map_draw_s", "map draw s"),
           ("draw_s", "report draw s"))


def table(rows: list[dict]) -> str:
    lines = ["| " + " | ".join(h for _, h in COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    for r in rows:
        lines.append("| " + " | ".join(fmt(r.get(k), 1 if k == "speedup" else 2) for k, _ in COLUMNS) + " |")
    return "\n".join(lines)


def verdicts(rows: list[dict], builtin_rerun: float) -> list[str]:
    out = []
    by_size = {r["events"]: r for r in rows}
    for (size, key), limit in TARGETS.items():
        value = builtin_rerun if size == "builtin" else by_size.get(size, {}).get(key)
        if value is None:
            continue
        ok = value >= limit if key == "speedup" else value <= limit
        out.append(f"{'met ' if ok else 'MISS'}  {size} {key}: {value:.3f} ({'≥' if key == 'speedup' else '≤'} {limit})")
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", default="1000,10000,100000", help="comma-separated event counts")
    p.add_argument("--runs", type=int, default=5, help="repetitions per measure (a third of them at 100,000)")
    p.add_argument("--json", action="store_true", help="also print the figures as JSON")
    p.add_argument("--no-browser", action="store_true", help="skip the headless-Chromium draw time")
    p.add_argument("--baseline-max", type=int, default=100_000,
                   help="largest size at which the per-marker baseline is run (it is slow; default 100000)")
    args = p.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    rows = []
    with tempfile.TemporaryDirectory(prefix="mapapp-bench-") as tmp:
        for n in sizes:
            row = measure(n, args.runs, Path(tmp), not args.no_browser, n <= args.baseline_max)
            rows.append(row)
            print(f"measured {n:,} events", file=sys.stderr, flush=True)
        _, builtin_rerun = app_rerun(ROOT, max(args.runs, 5))
    print(table(rows))
    print(f"\nbuilt-in story: rerun after a filter change {builtin_rerun * 1000:.0f} ms (median)")
    print("\n".join(verdicts(rows, builtin_rerun)))
    if args.json:
        print(json.dumps({"sizes": rows, "builtin_rerun_s": builtin_rerun}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
