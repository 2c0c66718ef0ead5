"""AppTest flows of route legs: a link with ?select=LEG_ID opens the leg's panel (name, ends, dates, mode,
distance, km/day, published distance, approximate stretches, sources, sentences) and marks it on the map; a
place chosen afterwards replaces it; a leg outside the link's dates or layers is noted. Expected values come
from the core (load_story, leginfo), not restated data."""
from __future__ import annotations

from pathlib import Path

import pytest
from markdown_support import shown_text

from mapapp import link_story, load_story, render
from mapapp.leginfo import leg_info

from test_app import map_args, panel_html
from test_journey_app import app_with, params

pytestmark = pytest.mark.app

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _builtin_story(monkeypatch):
    monkeypatch.delenv("MAPAPP_STORY", raising=False)


@pytest.fixture(scope="module")
def story():
    return load_story(ROOT)


def published_leg(story):
    """A leg of the built-in story with a published distance and approximate stretches."""
    snippets = link_story(story)
    return next(r for r in story.routes if leg_info(story, r, snippets).published and r.approximate)


def test_link_with_a_leg_opens_its_panel(story):
    leg = published_leg(story)
    at = app_with({"select": leg.id})
    body = panel_html(at)
    info = leg_info(story, leg, link_story(story))
    assert body.count("mapapp-leg-panel") == 1
    assert f"<h3>{render.escape(leg.name)}</h3>" in body
    for needle in (f"{render.escape(info.from_name)} → {render.escape(info.to_name)}",
                   render.date_range(leg.date_start, leg.date_end), info.by, f"{info.km:,.0f} km along the drawn track",
                   f"{info.km_per_day:,.0f} km/day", f"of {info.published[0].km:,.0f} km",
                   f"Approximate stretches ({len(leg.approximate)})", f"Sources ({len(leg.sources)})"):
        assert needle in body, needle
    if info.snippets:
        assert 'class="mapapp-snippet"' in body
    assert not [w for w in at.warning if "link was ignored" in w.value]
    assert params(at)["select"] == leg.id  # the URL keeps naming the leg
    feature_group = map_args(at)["feature_group"]
    assert "mapapp-leg-halo" in feature_group, "the selected leg is marked on the map"


def test_a_leg_from_a_link_is_brought_into_view_on_the_map(story):
    """The link (like a row of the list of legs) selects the leg off the map: the view's fit goes to the leg's
    bounds (mapjs.view_state ``focus``), not only to the whole view."""
    from mapapp.mapdata import leg_bounds

    leg = published_leg(story)
    feature_group = map_args(app_with({"select": leg.id}))["feature_group"]
    south_west, north_east = leg_bounds(leg)
    assert f"focus = [[{south_west[0]}, {south_west[1]}], [{north_east[0]}, {north_east[1]}]]" in feature_group
    assert "mapappFit(map, focus" in feature_group


def test_choosing_a_place_replaces_the_leg(story):
    leg = published_leg(story)
    at = app_with({"select": leg.id})
    event = next(e for e in story.events if e.date_start.year == leg.date_start.year)
    at.selectbox(key="search").set_value(event.id).run()
    body = panel_html(at)
    place = story.place_by_id[event.place_id]
    assert "mapapp-leg-panel" not in body and f"<h3>{render.escape(place.name)}</h3>" in body
    assert params(at)["select"] == event.id
    assert "mapapp-leg-halo" not in map_args(at)["feature_group"]
    at.button(key="clear_selection").click().run()
    assert not [h for h in at.get("html") if "mapapp-panel" in h.proto.body], "cleared: no panel, no old leg"
    assert "select" not in params(at)


def test_leg_outside_the_links_layers_is_noted(story):
    leg = published_leg(story)
    other = next(layer.id for layer in story.point_layers)
    at = app_with({"select": leg.id, "layers": other})
    notes = [shown_text(w.value) for w in at.warning if "link was ignored" in w.value]  # as the reader sees it
    assert len(notes) == 1 and "route leg" in notes[0] and leg.id in notes[0]
    assert not [h for h in at.get("html") if "mapapp-leg-panel" in h.proto.body]
