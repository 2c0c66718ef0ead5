"""Smoke test on the real built-in story (geodata/ + seeds/ at the repo root): it loads, is sourced, and
holds the facts the dashboard is about. Everything else is tested on invented stories in code."""
from __future__ import annotations

import math
from datetime import date
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
JOURNEY = (date(2023, 9, 10), date(2023, 9, 19))
MAX_VERTEX_GAP_KM = 20.0


@pytest.fixture(scope="module")
def story():
    from mapapp import load_story

    return load_story(ROOT)  # raises StoryInvalid listing every problem


@pytest.fixture(scope="module")
def snippets(story):
    from mapapp import link_story

    return link_story(story)


def _km(a, b) -> float:
    """Great-circle distance between two (lon, lat) points."""
    (lon1, lat1), (lon2, lat2) = a, b
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def _is_web(url: str) -> bool:
    return url.startswith(("http://", "https://")) and len(url) > len("https://x.y")


def test_loads_without_problems(story):
    from mapapp.filters import presets

    assert story.places and story.events and story.routes and story.articles
    assert story.root.resolve() == ROOT
    assert "2023 journey" in presets(story)


def test_every_feature_has_a_web_source(story):
    missing = [f"place {p.id}" for p in story.places if not any(map(_is_web, p.sources))]
    missing += [f"event {e.id}" for e in story.events if not any(map(_is_web, e.sources))]
    missing += [f"route {r.id}" for r in story.routes if not any(map(_is_web, r.sources))]
    assert not missing, f"without an http(s) source: {missing}"


def test_exactly_one_summit_at_vostochny_on_13_september(story):
    summits = [e for e in story.events if e.category == "summit"]
    assert len(summits) == 1, [e.id for e in summits]
    summit = summits[0]
    place = story.place_by_id[summit.place_id]
    assert summit.date_start == date(2023, 9, 13) and summit.last_day == date(2023, 9, 13)
    assert "Vostochny" in place.name
    # The cosmodrome itself (Tsiolkovsky, Amur Oblast), not a city centre.
    assert 51.6 < place.lat < 52.1 and 127.9 < place.lon < 128.6, (place.lat, place.lon)


@pytest.mark.parametrize("where, year", [("Singapore", 2018), ("Hanoi", 2019), ("Vladivostok", 2019)])
def test_earlier_summits_include(story, where, year):
    def names(e):
        p = story.place_by_id[e.place_id]
        return " ".join((e.title, p.name, *p.aliases))

    hits = [e for e in story.events
            if e.category == "earlier_summit" and e.date_start.year == year and where in names(e)]
    assert hits, f"no earlier_summit in {year} naming {where}"


def test_route_legs_are_dated_in_the_journey_and_dense(story):
    gaps = []
    for leg in story.routes:
        assert leg.category == "rail_leg"
        assert JOURNEY[0] <= leg.date_start <= leg.last_day <= JOURNEY[1], (leg.id, leg.date_start, leg.date_end)
        assert leg.from_place in story.place_by_id and leg.to_place in story.place_by_id, leg.id
        for line in leg.lines:
            assert len(line) >= 2, leg.id
            for i, (a, b) in enumerate(zip(line, line[1:])):
                d = _km(a, b)
                if d > MAX_VERTEX_GAP_KM:
                    gaps.append(f"{leg.id} vertex {i}→{i + 1}: {d:.1f} km")
    assert not gaps, "route vertices further apart than 20 km:\n" + "\n".join(gaps)


def test_seed_article_links_snippets(story, snippets):
    assert story.articles
    linked = {s.article_id for snips in snippets.values() for s in snips}
    assert {a.id for a in story.articles} <= linked, "every seed article names at least one place"
    summit = next(e for e in story.events if e.category == "summit")
    assert snippets.get(summit.place_id), "the summit point shows at least one snippet"
    for snips in snippets.values():
        for s in snips:
            assert s.spans and all(0 <= a < b <= len(s.text) for a, b in s.spans)


def test_route_geometry_is_built_from_the_listed_stations():
    """routes.geojson is what geodata/make_routes.py makes of route_stations.csv (no hand edits drift)."""
    import subprocess
    import sys

    r = subprocess.run([sys.executable, str(ROOT / "geodata" / "make_routes.py"), "--check"],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr


def test_route_legs_start_and_end_at_their_places(story):
    for leg in story.routes:
        first, last = leg.lines[0][0], leg.lines[-1][-1]
        start, end = story.place_by_id[leg.from_place], story.place_by_id[leg.to_place]
        assert _km(first, (start.lon, start.lat)) < 2.5, (leg.id, first)
        assert _km(last, (end.lon, end.lat)) < 2.5, (leg.id, last)
