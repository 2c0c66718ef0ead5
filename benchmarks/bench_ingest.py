"""The work every export shares: import, load (with validation) and link a story, and the HTML report's
data, against another commit.

    python benchmarks/bench_ingest.py [--events 10000] [--against main] [--rounds 5] [--runs 3]

For a synthetic story (benchmarks/make_story.py), times this checkout's mapapp and the mapapp of the git
ref ``--against`` (exported with ``git archive`` into a temporary folder), each in fresh processes taking
turns, so both see the same load on a shared machine. Each process times ``import mapapp.load,
mapapp.link`` once, then ``--runs`` times: ``load_story`` (reading and validating), the validation alone
(``validate.places/events/routes/references`` on the files read beforehand), ``link_story`` and the report's
data (``export.report.report_data`` of the whole story's view, its import and the legs' lengths untimed);
"first run" is load + link in the first run of each process, as a one-shot export pays it. Prints
median wall and CPU seconds per step over all runs and the ratio ref / this checkout (above 1: this one
is faster). Asserts nothing.
"""
from __future__ import annotations

import argparse
import io
import json
import statistics
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from make_story import write_story  # noqa: E402

CHILD = r'''
import json, sys, time
code, story, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
sys.path.insert(0, code)
t, c = time.perf_counter(), time.process_time()
import mapapp.load, mapapp.link
imported, imported_cpu = time.perf_counter() - t, time.process_time() - c
from pathlib import Path
from mapapp import load, validate
from mapapp.layers import parse_layers
root = Path(story)
raw_places = load._read_json(root / load.PLACES, [], root=root)
raw_events = load._read_csv(root / load.EVENTS, load.EVENT_COLUMNS, [], root)
raw_routes = load._read_json(root / load.ROUTES, [], False, root)
layers = parse_layers(None, root / load.STORY_META, [], [])
from mapapp.filters import FilterOptions, apply
try:
    from mapapp.export.report import report_data
except ImportError:  # a ref from before the export package: no report step
    report_data = None
import gc
gc.freeze()  # as `python -m mapapp export` does after its imports

def validate_all():
    problems, warnings = [], []
    places = validate.places(raw_places, root / load.PLACES, problems, warnings)
    events = validate.events(raw_events, root / load.EVENTS, problems, layers, warnings)
    routes = validate.routes(raw_routes, root / load.ROUTES, problems, layers, warnings)
    validate.references(places, events, routes, root, problems)

def timed(fn):
    """(result, wall s, CPU s of this process) of fn()."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return result, time.perf_counter() - wall, time.process_time() - cpu

out = {"import": [(imported, imported_cpu)], "load_story": [], "validate": [], "link_story": [], "load + link": [],
       "report data": []}
for _ in range(runs):
    story_obj, *loaded = timed(lambda: load.load_story(root))
    snippets, *linked = timed(lambda: mapapp.link.link_story(story_obj))
    if report_data is not None:
        view = apply(story_obj, snippets, FilterOptions())
        view.leg_km  # the legs' lengths (pyproj) untimed: the map needs them as well
        out["report data"].append(timed(lambda: report_data(story_obj, view))[1:])
    out["validate"].append(timed(validate_all)[1:])
    out["load_story"].append(loaded)
    out["link_story"].append(linked)
    out["load + link"].append([a + b for a, b in zip(loaded, linked)])
out["first run"] = out["load + link"][:1]  # what a one-shot export pays: regexes compiled, caches filled
print(json.dumps(out))
'''


def export_ref(ref: str, into: Path) -> Path:
    """The ``mapapp`` package of git ref ``ref`` unpacked under ``into``."""
    data = subprocess.run(["git", "archive", ref, "mapapp"], cwd=ROOT, check=True, capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        tar.extractall(into, filter="data")
    return into


def compiled(tree: Path) -> Path:
    """``tree`` with its mapapp package compiled to bytecode, so that neither side's import time includes
    compiling it (a checkout run with PYTHONDONTWRITEBYTECODE has no __pycache__; git archive gives none)."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(tree / "mapapp")], check=True)
    return tree


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--events", type=int, default=10_000, help="events in the synthetic story")
    p.add_argument("--against", default="main", help="git ref to compare with (default: main)")
    p.add_argument("--rounds", type=int, default=5, help="fresh processes per code tree")
    p.add_argument("--runs", type=int, default=3, help="load + link runs per process")
    args = p.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        story = write_story(Path(tmp) / "story", args.events)
        trees = {args.against: compiled(export_ref(args.against, Path(tmp) / "ref")), "this checkout": compiled(ROOT)}
        script = Path(tmp) / "child.py"
        script.write_text(CHILD, encoding="utf-8")
        times: dict[str, dict[str, list]] = {name: {} for name in trees}
        for _ in range(args.rounds):  # interleaved
            for name, code in trees.items():
                run = subprocess.run([sys.executable, str(script), str(code), str(story), str(args.runs)],
                                     check=True, capture_output=True, text=True)
                for step, values in json.loads(run.stdout).items():
                    times[name].setdefault(step, []).extend(values)
    ref, ours = (times[name] for name in trees)
    print(f"{args.events:,} events; medians over {args.rounds} processes × {args.runs} runs (import: once per "
          f"process); wall and CPU seconds; ratio = {args.against} / this checkout (above 1: faster now)")
    print(f"{'step':<12} {args.against[:10]:>10} {'now':>7} {'ratio':>6}   {'CPU ' + args.against[:6]:>10} "
          f"{'now':>7} {'ratio':>6}")
    for step in ours:
        if not (ref.get(step) and ours[step]):
            continue
        cells = []
        for k in (0, 1):  # wall, CPU
            a, b = (statistics.median(t[k] for t in side[step]) for side in (ref, ours))
            cells.append(f"{a:>10.3f} {b:>7.3f} {a / b:>6.2f}")
        print(f"{step:<12} " + "   ".join(cells))
    return 0


if __name__ == "__main__":
    sys.exit(main())
