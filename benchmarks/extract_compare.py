"""Places found in saved news pages: trafilatura's main text vs the plain tag stripper.

Pages are the test pages of tests/news_pages.py (an invented article inside a news site's menus, weather
box, "most read" list, cookie banner and footer). Precision: the share of place mentions found whose
name is one the article's own paragraphs name; recall: the share of the article's mentions found.
Run: python benchmarks/extract_compare.py
"""
from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from news_pages import pages  # noqa: E402

from mapapp.extract import extract_page  # noqa: E402
from mapapp.geoparse import find_mentions, load_gazetteer  # noqa: E402
from mapapp.htmltext import html_to_text  # noqa: E402


def score(found: list[str], truth: list[str]) -> tuple[float, float]:
    """(precision, recall) of found mention names against the article body's, counted with multiplicity."""
    hits = sum((Counter(found) & Counter(truth)).values())
    return (hits / len(found) if found else 1.0), (hits / len(truth) if truth else 1.0)


def main() -> None:
    gazetteer = load_gazetteer()
    print(f"{'page':<8} {'method':<12} {'found':>5} {'P':>5} {'R':>5} {'ms':>6}  extra (not in the article)")
    for page in pages():
        truth = [m.surface for m in find_mentions("\n\n".join(page.body), gazetteer)]
        for method, run in (("tags", lambda: html_to_text(page.html)[0]), ("trafilatura", lambda: extract_page(
                page.html).text)):
            t0 = time.perf_counter()
            text = run()
            ms = (time.perf_counter() - t0) * 1000
            found = [m.surface for m in find_mentions(text, gazetteer)]
            p, r = score(found, truth)
            extra = sorted((Counter(found) - Counter(truth)).elements())
            print(f"{page.name:<8} {method:<12} {len(found):>5} {p:>5.2f} {r:>5.2f} {ms:>6.1f}  {', '.join(extra)}")


if __name__ == "__main__":
    main()
