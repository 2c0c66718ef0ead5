"""How text processing grows with the article's size: sentence splitting, mention finding and linking.

    python benchmarks/bench_text_scale.py [--sizes 125,250,500,1000,2000] [--runs 3] [--kinds prose,dense,line]

Three synthetic texts, generated here and cut to each size in KB: plain prose (paragraphs of sentences
with abbreviations, initials and decimals, few place names), dense place mentions (a place name every
few words) and one single long line (the prose without a line break). For each it times, as medians:
a plain regex word pass over the same text (the baseline, linear by construction), ``split_sentences``,
``find_mentions`` (gazetteer of the built-in story, loaded beforehand) and ``link_articles`` (the story's
places). Prints seconds, milliseconds per KB, the ratio to the baseline and the growth ratio per doubling
of the size (2.0 is linear, 4.0 quadratic). Times are CPU seconds of the benchmark's process. Asserts
nothing.
"""
from __future__ import annotations

import argparse
import math
import random
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mapapp.geoparse import find_mentions, load_gazetteer  # noqa: E402
from mapapp.link import link_articles  # noqa: E402
from mapapp.load import load_story  # noqa: E402
from mapapp.model import Article  # noqa: E402
from mapapp.sentences import split_sentences  # noqa: E402

_WORDS = ("the train left station morning officials said talks would continue after a long journey through "
          "forests and small towns where crowds waited on platforms while security was tight and reporters "
          "watched from a distance as the delegation moved slowly along the line").split()
_EXTRAS = ("Mr. Vask", "Dr. Ames", "the U.S. envoy", "J. R. Tallis", "3.5 percent", "at 9 a.m.", "Gen. Orlov",
           "No. 4", "e.g. grain", "(so he said.)")
_PLACES = ("Vladivostok", "Khasan", "Moscow", "Pyongyang", "Ussuriysk", "Khabarovsk", "Beijing", "Seoul",
           "Paris", "Berlin", "Primorsky Krai", "Komsomolsk-on-Amur", "Tokyo", "Russky Island", "Amur River",
           "Vostochny Cosmodrome", "Hanoi", "Singapore", "Cairo", "Lima")


def _sentence(rng: random.Random, dense: bool) -> str:
    words = [rng.choice(_WORDS) for _ in range(rng.randint(8, 22))]
    for _ in range(rng.randint(3, 6) if dense else rng.randint(0, 1)):
        words.insert(rng.randrange(len(words)), rng.choice(_PLACES))
    if rng.random() < 0.4:
        words.insert(rng.randrange(len(words)), rng.choice(_EXTRAS))
    s = " ".join(words)
    return s[0].upper() + s[1:] + rng.choice("...?!")


def make_text(kind: str, size: int, seed: int = 7) -> str:
    """A synthetic article of ``size`` characters: ``prose``, ``dense`` (place names) or ``line``."""
    rng = random.Random(seed)
    parts: list[str] = []
    total = 0
    while total < size:
        para = " ".join(_sentence(rng, kind == "dense") for _ in range(rng.randint(2, 6)))
        parts.append(para)
        total += len(para) + 2
    sep = " " if kind == "line" else "\n\n"
    return sep.join(parts)[:size]


def _median_time(fn, runs: int) -> float:
    """Median CPU seconds of this process (other processes on a shared machine do not count)."""
    times = []
    for _ in range(runs):
        t = time.process_time()
        fn()
        times.append(time.process_time() - t)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="125,250,500,1000,2000", help="text sizes in KB, comma-separated")
    ap.add_argument("--runs", type=int, default=3, help="runs per measurement (the median is printed)")
    ap.add_argument("--kinds", default="prose,dense,line", help="which texts: prose, dense, line")
    args = ap.parse_args(argv)
    sizes = [int(float(s) * 1000) for s in args.sizes.split(",")]
    story = load_story(ROOT)
    t = time.perf_counter()
    gaz = load_gazetteer(story.places)
    print(f"gazetteer load {time.perf_counter() - t:.2f} s; {len(story.places)} story places")
    word = re.compile(r"\w+")
    steps = {
        "baseline regex": lambda text: word.findall(text),
        "split_sentences": split_sentences,
        "find_mentions": lambda text: find_mentions(text, gaz),
        "link_articles": lambda text: link_articles(story.places, [Article("bench", None, text)]),
    }
    print(f"{'text':<6} {'KB':>6} {'step':<16} {'CPU s':>9} {'ms/KB':>8} {'×base':>7} {'×/doubling':>10}")
    for kind in args.kinds.split(","):
        previous: dict[str, tuple[int, float]] = {}
        for size in sizes:
            text = make_text(kind, size)
            base = None
            for name, fn in steps.items():
                secs = _median_time(lambda: fn(text), args.runs)
                base = secs if base is None else base
                growth = ""
                if name in previous:
                    psize, psecs = previous[name]
                    # normalised to an exact doubling: (t2 / t1) ** (1 / log2(n2 / n1))
                    growth = f"{(secs / max(psecs, 1e-9)) ** (1 / math.log2(size / psize)):.2f}"
                previous[name] = (size, secs)
                print(f"{kind:<6} {size / 1000:>6.0f} {name:<16} {secs:>9.3f} {secs * 1e6 / size:>8.2f} "
                      f"{secs / base:>7.1f} {growth:>10}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
