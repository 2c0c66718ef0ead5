"""Write a synthetic story with N events, in the documented story format (geodata/README.md).

    python benchmarks/make_story.py N [--out DIR] [--places P] [--seed S]

N events on a few hundred invented places in the story's region (lon 125–140, lat 38–53), dated rail legs
between some of them, and articles whose sentences name those places. The same N and seed always give
the same files. Used by benchmarks/bench_scale.py and tests/test_scale*.py (``write_story`` below).
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import random
from datetime import date, timedelta
from pathlib import Path

EVENT_COLUMNS = ("id", "place_id", "category", "title", "date_start", "date_end", "participants",
                 "description", "sources")
#: Share of events per category (journey stops dominate, as in a running story).
CATEGORY_WEIGHTS = (("journey_stop", 0.80), ("earlier_summit", 0.09), ("later_summit", 0.09), ("summit", 0.02))
KINDS = ("city", "town", "station", "venue", "airfield", "factory", "naval_base")
_ONSETS = ("k", "v", "b", "d", "g", "l", "m", "n", "p", "r", "s", "t", "z", "ch", "sh", "kh", "zh", "y")
_VOWELS = ("a", "o", "e", "i", "u", "ya")
_ENDINGS = ("sk", "grad", "ovo", "insk", "ino", "an", "ri", "dong", "gorsk", "yevka")
FIRST_DAY = date(2018, 1, 1)
DAYS = 8 * 365
SENTENCES = ("Officials said the delegation reached {a} early in the morning.",
             "Reporters saw the convoy pass {a} on its way to {b}.",
             "Talks in {a} lasted for several hours, according to state media.",
             "Residents of {a} said security was tightened overnight.",
             "The train stopped briefly at {a} before heading on towards {b}.",
             "Satellite images showed new construction near {a}.",
             "A second meeting was held in {a} the next day.")


def place_names(n: int, rng: random.Random) -> list[str]:
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < n:
        word = "".join(rng.choice(_ONSETS) + rng.choice(_VOWELS) for _ in range(rng.randint(1, 2)))
        word = (word + rng.choice(_ENDINGS)).capitalize()
        if word not in seen:
            seen.add(word)
            names.append(word)
    return names


def make(n_events: int, n_places: int = 300, seed: int = 2023) -> dict:
    """The story's files as texts: {relative path: text}."""
    rng = random.Random(seed * 1_000_003 + n_events)
    n_places = max(2, min(n_places, max(n_events, 2)))
    names = place_names(n_places, rng)
    places = []
    for i, name in enumerate(names):
        lon, lat = round(rng.uniform(125.0, 140.0), 4), round(rng.uniform(38.0, 53.0), 4)
        places.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
                       "properties": {"id": f"p{i:04d}", "name": name,
                                      "aliases": [f"{name} station"] if i % 3 == 0 else [],
                                      "kind": KINDS[i % len(KINDS)], "country": ("RU", "KP", "CN")[i % 3],
                                      "sources": [f"https://example.org/places/p{i:04d}"],
                                      "description": f"Synthetic place number {i} for the scale benchmark."}})
    categories = [c for c, _ in CATEGORY_WEIGHTS]
    weights = [w for _, w in CATEGORY_WEIGHTS]
    rows = []
    for i in range(n_events):
        pid = rng.randrange(n_places)
        start = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
        end = start + timedelta(days=rng.choice((0, 0, 0, 1, 2)))
        category = rng.choices(categories, weights)[0]
        rows.append({"id": f"e{i:06d}", "place_id": f"p{pid:04d}", "category": category,
                     "title": f"{category.replace('_', ' ').capitalize()} {i} at {names[pid]}",
                     "date_start": start.isoformat(), "date_end": end.isoformat() if end != start else "",
                     "participants": "Delegation A; Delegation B" if i % 2 else "",
                     "description": f"Synthetic event {i}: something happened at {names[pid]}.",
                     "sources": f"https://example.org/events/e{i:06d}"})
    routes = []
    n_legs = min(60, n_places - 1)
    day = date(2023, 9, 1)
    for j in range(n_legs):
        a, b = places[j]["geometry"]["coordinates"], places[j + 1]["geometry"]["coordinates"]
        line = [[round(a[0] + (b[0] - a[0]) * t / 8, 4), round(a[1] + (b[1] - a[1]) * t / 8, 4)] for t in range(9)]
        routes.append({"type": "Feature", "geometry": {"type": "LineString", "coordinates": line},
                       "properties": {"id": f"leg{j:03d}", "name": f"{names[j]} to {names[j + 1]}",
                                      "category": "rail_leg", "date_start": (day + timedelta(days=j)).isoformat(),
                                      "date_end": "", "from_place": f"p{j:04d}", "to_place": f"p{j + 1:04d}",
                                      "sources": [f"https://example.org/routes/leg{j:03d}"],
                                      "description": "Synthetic rail leg."}})
    files = {
        "geodata/places.geojson": json.dumps({"type": "FeatureCollection", "features": places}, indent=0),
        "geodata/events.csv": _csv(rows),
        "geodata/routes.geojson": json.dumps({"type": "FeatureCollection", "features": routes}, indent=0),
        "geodata/story.json": json.dumps({"title": f"Synthetic story, {n_events:,} events"}),
    }
    n_articles = max(10, min(500, n_events // 25))
    for k in range(n_articles):
        when = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
        body = []
        for _ in range(30):
            a, b = rng.sample(names, 2)
            body.append(rng.choice(SENTENCES).format(a=a, b=b))
        text = "\n".join(" ".join(body[i:i + 3]) for i in range(0, len(body), 3))
        files[f"seeds/a{k:04d}.txt"] = (f"date {when.isoformat()}\ntitle Synthetic report {k}\n"
                                        f"url https://example.org/articles/{k}\n\n{text}\n")
    return files


def _csv(rows: list[dict]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(EVENT_COLUMNS), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


def write_story(out: str | Path, n_events: int, n_places: int = 300, seed: int = 2023) -> Path:
    """Write the story folder at ``out`` (created; existing files of the same names are replaced)."""
    out = Path(out)
    for rel, text in make(n_events, n_places, seed).items():
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("n", type=int, help="number of events")
    p.add_argument("--out", help="story folder to write (default: ./synthetic_N)")
    p.add_argument("--places", type=int, default=300, help="number of places (default 300)")
    p.add_argument("--seed", type=int, default=2023, help="random seed (default 2023)")
    args = p.parse_args(argv)
    out = write_story(args.out or f"synthetic_{args.n}", args.n, args.places, args.seed)
    print(f"wrote {out}: {args.n} events on {min(args.places, max(args.n, 2))} places")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
