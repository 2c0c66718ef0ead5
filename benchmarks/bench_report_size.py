"""Size of the built-in story's HTML report, against a plain folium export of the same data as a baseline.

    python benchmarks/bench_report_size.py [--story DIR]

Prints the report's size (limit: 1.5 MB for the built-in story), its parts (inlined Leaflet and styles, the
map's script, the report's data) and the baseline: ``folium.Map`` with its default tiles and one ``GeoJson``
layer of the same GeoJSON export, saved the folium way (it links Leaflet and its plugins from CDNs, so it
is small but opens blank offline). The ratio says what self-containment and the report cost. Not a test.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import folium  # noqa: E402

from mapapp import FilterOptions, apply, link_story, load_story  # noqa: E402
from mapapp.export import geojson_document, html_document  # noqa: E402

LIMIT = 1_500_000


def kb(n: int) -> str:
    return f"{n / 1024:8.1f} KB"


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--story", help="story folder (default: the built-in story)")
    args = p.parse_args(argv)
    story = load_story(args.story)
    options = FilterOptions()
    view = apply(story, link_story(story), options)

    report = html_document(story, view, options).encode("utf-8")
    blocks = re.findall(rb"<(script|style)>(.*?)</\1>", report, re.S)
    leaflet = sum(len(b) for k, b in blocks if b"Leaflet 1.9" in b[:200] or b".leaflet-pane" in b)
    data = re.search(rb"mapappReport\.init\(window\.mapapp, (\{.*?\})\);\n", report)
    data_len = len(data.group(1)) if data else 0
    scripts = sum(len(b) for k, b in blocks if k == b"script")
    styles = sum(len(b) for k, b in blocks if k == b"style")

    m = folium.Map(location=[43.0, 132.0], zoom_start=5)
    folium.GeoJson(geojson_document(story, view), name="story").add_to(m)
    baseline = m.get_root().render().encode("utf-8")
    cdn = sorted(set(re.findall(rb'(?:src|href)="(https://[^"/]+)', baseline)))

    print(f"story: {story.title} — {len(view.events)} events, {len(view.routes)} rail legs, {len(view.places)} places")
    print(f"report (mapapp export --format html): {kb(len(report))}  ({len(report):,} bytes; limit {LIMIT:,})")
    print(f"  inline scripts                      {kb(scripts)}")
    print(f"  inline styles                       {kb(styles)}")
    print(f"    of which Leaflet's JS and CSS     {kb(leaflet)}")
    print(f"  report data (panels, list, sources) {kb(data_len)}")
    print(f"baseline (plain folium, CDN links):   {kb(len(baseline))}  ({len(baseline):,} bytes; loads from "
          f"{', '.join(c.decode() for c in cdn)})")
    print(f"ratio report / baseline:              {len(report) / len(baseline):8.2f}")
    print(f"within the limit:                     {'yes' if len(report) < LIMIT else 'NO'}")
    print(json.dumps({"report_bytes": len(report), "baseline_bytes": len(baseline),
                      "ratio": round(len(report) / len(baseline), 3), "limit_bytes": LIMIT}))
    return 0 if len(report) < LIMIT else 1


if __name__ == "__main__":
    raise SystemExit(main())
