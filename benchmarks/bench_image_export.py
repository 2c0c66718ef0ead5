"""How long the still map takes: ``python -m mapapp export --format png|svg|pdf`` as a whole process.

    python benchmarks/bench_image_export.py [--runs 3] [--big 10000] [--json]

For the built-in story (all dates, and the 2023 journey) and a synthetic story of ``--big`` events
(benchmarks/make_story.py), each format is exported in a fresh process several times; the table gives the
median wall time, the median CPU time of the process (user + sys: on a shared machine the wall time also
counts waiting for a core: where the machine is busy, the CPU time is what the same process takes on an
idle one) and the ratio to a baseline measured in the same run: the same command writing
CSV, which loads the story the same way but draws nothing. The target (issue 14): under 5 s per format
for the built-in story. Prints a table (and JSON with --json); asserts nothing.
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
sys.path.insert(0, str(ROOT / "benchmarks"))

from make_story import write_story  # noqa: E402

LIMIT_S = 5.0


def run_once(args: list[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one ``python -m mapapp`` process."""
    before = os.times()
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mapapp", *args], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - t
    after = os.times()
    return wall, (after.children_user - before.children_user) + (after.children_system - before.children_system)


def measure(args: list[str], runs: int) -> tuple[float, float]:
    results = [run_once(args) for _ in range(runs)]
    return statistics.median(r[0] for r in results), statistics.median(r[1] for r in results)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--runs", type=int, default=3, help="runs per measure (median); default 3")
    p.add_argument("--big", type=int, default=10_000, help="events in the synthetic story; default 10000")
    p.add_argument("--json", action="store_true", help="also print the figures as JSON")
    args = p.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        big = write_story(Path(tmp) / "big", args.big)
        cases = [("built-in, all dates", []), ("built-in, 10-19 Sep 2023", ["--start", "2023-09-10", "--end",
                                                                            "2023-09-19"]),
                 (f"synthetic, {args.big:,} events", ["--story", str(big)])]
        for name, extra in cases:
            runs = args.runs if "built-in" in name else max(1, args.runs - 1)
            base_wall, base_cpu = measure(["export", "--format", "csv", "--out", f"{tmp}/x.csv", *extra], runs)
            for fmt in ("png", "svg", "pdf"):
                out = f"{tmp}/x.{fmt}"
                wall, cpu = measure(["export", "--format", fmt, "--out", out, *extra], runs)
                rows.append({"story": name, "format": fmt, "wall_s": round(wall, 2), "cpu_s": round(cpu, 2),
                             "baseline_csv_wall_s": round(base_wall, 2), "ratio": round(wall / base_wall, 2),
                             "bytes": os.path.getsize(out),
                             "within_limit": wall < LIMIT_S if "built-in" in name else None,
                             "cpu_within_limit": cpu < LIMIT_S if "built-in" in name else None})
    print(f"{'story':<28} {'fmt':<4} {'wall s':>7} {'cpu s':>6} {'csv s':>6} {'ratio':>6} {'KB':>7}  target")
    for r in rows:
        target = "" if r["within_limit"] is None else (
            f"wall {'ok' if r['within_limit'] else 'MISSED'}, cpu {'ok' if r['cpu_within_limit'] else 'MISSED'}")
        print(f"{r['story']:<28} {r['format']:<4} {r['wall_s']:>7.2f} {r['cpu_s']:>6.2f} "
              f"{r['baseline_csv_wall_s']:>6.2f} {r['ratio']:>6.2f} {r['bytes'] // 1024:>7}  {target}")
    if args.json:
        print(json.dumps(rows, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
