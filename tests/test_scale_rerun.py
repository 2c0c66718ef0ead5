"""What keeps the dashboard's rerun short (benchmarks/bench_scale.py measures it): the base map is the same
whatever the filter, selection or journey step, so st_folium keeps it mounted and swaps only the view's
layers; and the caches that make a filter change cheap give the same results as the uncached path."""
from __future__ import annotations

from datetime import date

import folium
import pytest
from streamlit_folium import _get_map_string, generate_js_hash

from mapapp import mapbuild, mapdata
from mapapp.filters import FilterOptions, apply
from mapapp.mapbuild import MapOptions, base_map, view_layers


def st_key(m: folium.Map) -> str:
    """The key st_folium gives the component for map ``m`` (a new key remounts the map in the page)."""
    m.render()
    return generate_js_hash(_get_map_string(m), "map", False)


def with_layers(story, view, options) -> str:
    m = base_map(story, options)
    for group in view_layers(story, view, options):
        group.add_to(m)
    mapbuild.layer_control().add_to(m)
    return m.get_root().render()


@pytest.mark.parametrize("a, b", [
    (MapOptions(tiles=""), MapOptions(tiles="", selected_place="greywater")),
    (MapOptions(tiles="", playback=True), MapOptions(tiles="", playback=True, progress_until=date(2023, 9, 12))),
])
def test_the_base_map_does_not_depend_on_the_view(story, snippets, a, b):
    """base_map takes no view at all; the selection and the journey step do not change it either."""
    assert st_key(base_map(story, a)) == st_key(base_map(story, b))
    wide = apply(story, snippets, FilterOptions())
    narrow = apply(story, snippets, FilterOptions(start=date(2018, 1, 1), end=date(2019, 12, 31)))
    assert "e_summit" in with_layers(story, wide, a) and "e_summit" not in with_layers(story, narrow, a)


def test_a_new_tile_provider_is_a_new_base_map(story):
    assert st_key(base_map(story, MapOptions(tiles=""))) != st_key(base_map(story, MapOptions(tiles="OpenTopoMap")))


def test_view_layers_carry_what_the_view_decides(story, snippets):
    view = apply(story, snippets, FilterOptions())
    options = MapOptions(tiles="", selected_place="greywater", playback=True)
    html = with_layers(story, view, options)
    base = base_map(story, options).get_root().render()
    for needle in ("L.circleMarker(", "mapappPlayback(", "div.innerHTML", "mapappFit(", "e_summit"):
        assert needle in html and needle not in base, needle
    assert "window.mapapp = {map:" in base and "mapapp-legend" in base  # the registry and the legend's box


def test_event_rows_are_what_the_page_would_get_without_them(story, snippets):
    view = apply(story, snippets, FilterOptions())
    rows = mapdata.event_rows(story)
    for category in ("journey_stop", "summit", "earlier_summit"):
        assert mapdata.points_json(story, view, category, rows=rows) == \
            mapdata.script_json(mapdata.points_compact(story, view, category))


def test_signature_is_hashed_by_its_digest(story_root):
    from mapapp.ui.cached import Signature, story_signature

    a, b = story_signature(str(story_root)), story_signature(str(story_root))
    assert isinstance(a, Signature) and a == b and a.digest == b.digest and len(a) > 3
    (story_root / "seeds" / "new.txt").write_text("date 2023-09-15\ntitle T\n\nText.\n", encoding="utf-8")
    c = story_signature(str(story_root))
    assert c.digest != a.digest and len(c) == len(a) + 1


@pytest.mark.app
def test_cached_timeline_chart_is_valid_and_unchanged():
    """The cached chart skips Altair's schema check on each rerun: here it is checked, and its spec is the
    one the plain chart gives."""
    from pathlib import Path

    from mapapp import load_story
    from mapapp.ui import cached, journey

    root = str(Path(__file__).resolve().parent.parent)
    signature = cached.story_signature(root)
    plain = journey.timeline_chart(load_story(root))
    spec = plain.to_dict()  # validates against the Vega-Lite schema; raises if the chart is invalid
    assert cached.timeline_chart(root, signature).to_dict() == spec
