"""Geoparser quality and speed: P/R/F1 on the shared eval corpus, ours next to the geotext baseline,
then articles per second after the gazetteer is loaded and the gazetteer load time.

    python benchmarks/geoparse_eval.py [CORPUS_DIR] [--ids IDS_FILE]

CORPUS_DIR defaults to ``../shared/corpus`` relative to the repository. Ours runs as
``python -m mapapp places --json FILES...``. Prints figures; asserts nothing.
"""
from __future__ import annotations

import argparse
import importlib.util
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

_CLI_CMD = [sys.executable, "-m", "mapapp", "places", "--json"]
_FINAL = re.compile(r"^F1 (\S+) P (\S+) R (\S+)$", re.M)


def _score(corpus: Path, ids: Path, cmd: list[str]) -> tuple[str, tuple[float, float, float] | None]:
    r = subprocess.run([sys.executable, str(corpus / "score.py"), str(corpus), str(ids), "--", *cmd],
                       cwd=ROOT, capture_output=True, text=True, timeout=900)
    m = _FINAL.search(r.stdout)
    figures = tuple(float(x) for x in m.groups()) if m else None
    return r.stdout + r.stderr, figures


def _articles_of(words: int, corpus: Path, ids: list[str]) -> list[str]:
    """Articles of exactly ``words`` words, made by joining corpus texts in turn (kept in memory)."""
    from mapapp.load import read_article

    pool = [read_article(corpus / f"{i}.txt").text for i in ids]
    tokens = " ".join(pool).split(" ")
    out = []
    for k in range(0, len(tokens) - words, words // 2):
        out.append(" ".join(tokens[k:k + words]))
    return out


def _speed(corpus: Path, ids: list[str], runs: int = 5) -> None:
    from mapapp import geoparse

    load_times = []
    for _ in range(runs):
        r = subprocess.run([sys.executable, "-c",
                            "import time, mapapp.geoparse as g\n"
                            "t = time.perf_counter(); g.load_gazetteer([]); print(time.perf_counter() - t)"],
                           cwd=ROOT, capture_output=True, text=True, timeout=600)
        if r.returncode == 0:
            load_times.append(float(r.stdout.strip().splitlines()[-1]))
    gaz = geoparse.load_gazetteer([])
    articles = _articles_of(500, corpus, ids)
    rates = []
    for _ in range(runs):
        t = time.perf_counter()
        for a in articles:
            geoparse.find_mentions(a, gaz)
        rates.append(len(articles) / (time.perf_counter() - t))
    print(f"speed: {statistics.median(rates):.0f} articles of 500 words per second "
          f"(median of {runs} runs over {len(articles)} articles; min {min(rates):.0f})")
    if load_times:
        print(f"gazetteer load: median {statistics.median(load_times):.2f} s over {len(load_times)} fresh "
              f"processes (compiled cache present; the first build ever takes longer)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", default=str(ROOT / ".." / "shared" / "corpus"),
                    help="eval corpus folder holding score.py, ids.txt and NNN.txt/NNN.json")
    ap.add_argument("--ids", help="ids file (default: CORPUS/ids.txt)")
    ap.add_argument("--verbose", action="store_true", help="print the scorer's per-article lines")
    ap.add_argument("--no-speed", action="store_true", help="skip the speed measurement")
    args = ap.parse_args(argv)
    corpus = Path(args.corpus).resolve()
    ids = Path(args.ids) if args.ids else corpus / "ids.txt"
    if not (corpus / "score.py").exists():
        print(f"no score.py in {corpus}: pass the corpus folder as the first argument")
        return 2

    rows = []
    text, ours = _score(corpus, ids, _CLI_CMD)
    if args.verbose or ours is None:
        print(text)
    rows.append(("mapapp (python -m mapapp places --json)", ours))
    if importlib.util.find_spec("geotext") is None:
        print("note: geotext is not installed (pip install geotext==0.4.0), so the baseline is not scored")
        rows.append(("baseline geotext", None))
    else:
        text, base = _score(corpus, ids, [sys.executable, str(corpus / "baseline_geotext.py")])
        if base is None:
            print(text)
        rows.append(("baseline geotext", base))

    print(f"{'parser':<46} {'F1':>6} {'P':>6} {'R':>6}")
    for name, fig in rows:
        if fig is None:
            print(f"{name:<46} {'n/a':>6} {'n/a':>6} {'n/a':>6}")
        else:
            print(f"{name:<46} {fig[0]:>6.3f} {fig[1]:>6.3f} {fig[2]:>6.3f}")
    if not args.no_speed:
        id_list = [x for x in ids.read_text().split() if x.strip()]
        _speed(corpus, id_list)
    return 0


if __name__ == "__main__":
    sys.exit(main())
