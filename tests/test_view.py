"""The prepared view (mapapp/view.py): every output of one view draws from it, each text escaped once; and the
speed-up behind it (safe_url's fast path) agrees with what it replaces."""
from __future__ import annotations

import json
from collections import Counter
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mapapp import render
from mapapp.export import export
from mapapp.filters import FilterOptions, apply
from mapapp.journey import leg_km
from mapapp.legstyle import leg_colors
from mapapp.link import link_story
from mapapp.load import load_story
from payloads import PAYLOADS
from story_factory import default_events, default_places, event, place, write_story

ROOT = Path(__file__).resolve().parent.parent
TEXT_FORMATS = ("html", "kml", "geojson", "csv")


def _escapes_by_render(monkeypatch) -> Counter:
    """Count every text render.escape is given, whoever calls it (through a default ``esc=escape`` too): its
    first step, the search for characters to escape, reads the module's pattern at each call."""
    counts: Counter = Counter()

    class Counting:
        def __init__(self, pattern):
            self.pattern = pattern

        def search(self, text):
            counts[text] += 1
            return self.pattern.search(text)

    monkeypatch.setattr(render, "_SPECIAL", Counting(render._SPECIAL))
    return counts


@pytest.mark.parametrize("root", [ROOT, ROOT / "examples" / "putin-2024"], ids=["built-in", "putin-2024"])
def test_every_text_of_a_view_is_escaped_once_across_all_its_outputs(root, monkeypatch):
    story = load_story(root)
    options = FilterOptions()
    view = apply(story, link_story(story), options)
    counts = _escapes_by_render(monkeypatch)
    for fmt in TEXT_FORMATS:
        export(story, view, options, fmt)
    assert counts, "nothing was escaped: the counter did not see render.escape"
    assert story.title in counts and all(p.name in counts for p in view.places)
    twice = {text: n for text, n in counts.items() if n > 1}
    assert not twice, f"escaped more than once: {list(twice.items())[:5]}"


def test_hostile_names_are_escaped_once_and_stay_text(tmp_path, monkeypatch):
    places = default_places() + [place(f"h{i}", name, 131.0 + i / 10, 43.0) for i, name in enumerate(PAYLOADS)]
    events = default_events() + [event(f"eh{i}", f"h{i}", title=name) for i, name in enumerate(PAYLOADS)]
    story = load_story(write_story(tmp_path / "s", places=places, events=events))
    options = FilterOptions()
    view = apply(story, link_story(story), options)
    counts = _escapes_by_render(monkeypatch)
    page = export(story, view, options, "html")
    assert max(counts.values()) == 1
    for name in PAYLOADS:  # escaped, in the markup or in the report's (ASCII) JSON data
        assert render.escape(name) in page or json.dumps(render.escape(name))[1:-1] in page


def test_a_view_knows_its_legs_colours_and_lengths_whatever_the_filter():
    story = load_story(ROOT)
    whole = apply(story, {}, FilterOptions())
    part = apply(story, {}, FilterOptions(start=date(2023, 9, 15), end=date(2023, 9, 19)))
    assert 0 < len(part.routes) < len(whole.routes)
    assert part.leg_colors == {r.id: whole.leg_colors[r.id] for r in part.routes}
    assert whole.leg_colors == leg_colors(story, whole.routes)
    assert part.leg_km == {r.id: pytest.approx(leg_km(r)) for r in part.routes}
    assert part.place_index == {p.id: i for i, p in enumerate(part.places)}
    assert part.story is story


def test_outputs_of_a_view_use_its_resolved_lengths(monkeypatch):
    """The GeoJSON's and the report's leg lengths come from the view (measured once), not measured again."""
    story = load_story(ROOT)
    options = FilterOptions()
    view = apply(story, {}, options)
    view.leg_km.update({r.id: 1234.5 for r in view.routes})  # as if measured so
    doc = export(story, view, options, "geojson")
    assert {round(f["properties"]["length_km"], 1) for f in json.loads(doc)["features"]
            if f["geometry"]["type"] != "Point"} == {1234.5}
    assert "1,234 km along the drawn track" in export(story, view, options, "html")


# --- what the speed-ups replace -------------------------------------------------------------------------------

def _reference_safe_url(url: str) -> str | None:
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in ("http", "https") else None


URL_PARTS = [*"htps:/[]@%#?&=.- \t\n\x00\x7fHTPSjavscrié", "http://", "https://", "HTTP://", "[::1]"]
URLISH = st.lists(st.sampled_from(URL_PARTS), max_size=12).map("".join)


@settings(max_examples=500, deadline=None)
@given(URLISH)
def test_safe_url_fast_path_agrees_with_urlsplit(url):
    assert render.safe_url(url) == _reference_safe_url(url)
