"""AppTest flows of the journey features: Previous/Next through the stops, the view in the URL, the search box
and the figures. Expected values come from the core (load_story, journey.steps), not restated data."""
from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from mapapp import journey, load_story
from layer_defaults import LAYERS
from markdown_support import shown_text

from test_app import map_args, map_script, panel_html, panels, run_app

pytestmark = pytest.mark.app

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "streamlit_app.py"
#: The day up to which the route legs' script draws legs at full strength (later ones faint; null: all full).
LEGS_UNTIL = re.compile(r'var until = (null|"[0-9-]+");\n  function style\(feature\) \{\n    var p = feature\.properties')


def legs_until(script: str) -> set:
    return {json.loads(m) for m in LEGS_UNTIL.findall(script)}


@pytest.fixture(autouse=True)
def _builtin_story(monkeypatch):
    monkeypatch.delenv("MAPAPP_STORY", raising=False)


@pytest.fixture(scope="module")
def story():
    return load_story(ROOT)


def app_with(params: dict[str, str]):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(APP), default_timeout=30)
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def params(at) -> dict[str, str]:
    return {k: at.query_params[k][0] if isinstance(at.query_params[k], list) else at.query_params[k]
            for k in at.query_params}


def step_caption(at) -> str:
    return next(c.value for c in at.caption if c.value.startswith(("Stop **", "Walk the journey")))


def assert_shows(at, story, event_id):
    """The panel shows the event's place and title, the map is centred there, the URL names the event."""
    event = story.event_by_id[event_id]
    place = story.place_by_id[event.place_id]
    body = panel_html(at)
    assert f"<h3>{place.name}</h3>" in body and event.title.replace("'", "&#x27;") in body
    assert map_args(at)["center"] == pytest.approx([place.lat, place.lon])
    assert params(at)["select"] == event_id


# --- step through ---------------------------------------------------------------------------------------

def test_next_and_previous_walk_the_stops_in_date_order(story):
    steps = journey.steps(story)
    at = run_app()
    assert not panels(at) and step_caption(at).startswith("Walk the journey")
    assert legs_until(map_script(at)) == {None}, "nothing is faint before a step is chosen"

    at.button(key="journey_next").click().run()
    assert_shows(at, story, steps[0].id)
    assert step_caption(at).startswith(f"Stop **1 of {len(steps)}**")
    assert at.button(key="journey_prev").disabled, "no stop before the first"
    assert legs_until(map_script(at)) == {steps[0].date_start.isoformat()}, "legs after the first day are faint"
    assert any(r.date_start > steps[0].date_start for r in story.routes)

    for i in (1, 2):
        at.button(key="journey_next").click().run()
        assert_shows(at, story, steps[i].id)
        assert step_caption(at).startswith(f"Stop **{i + 1} of {len(steps)}**")
    at.button(key="journey_prev").click().run()
    assert_shows(at, story, steps[1].id)
    assert not at.exception


def test_stepping_reveals_the_stop_when_the_filter_hides_it(story):
    steps = journey.steps(story)
    at = app_with({"start": "2018-01-01", "end": "2019-12-31"})
    at.button(key="journey_next").click().run()
    assert_shows(at, story, steps[0].id)
    p = params(at)
    assert date.fromisoformat(p["start"]) <= steps[0].date_start <= date.fromisoformat(p["end"])


def test_the_buttons_have_arrow_key_shortcuts():
    at = run_app()
    assert at.button(key="journey_prev").proto.shortcut.lower() in ("arrowleft", "left")
    assert at.button(key="journey_next").proto.shortcut.lower() in ("arrowright", "right")


def test_last_stop_disables_next(story):
    steps = journey.steps(story)
    at = app_with({"select": steps[-1].id})
    assert at.button(key="journey_next").disabled
    assert_shows(at, story, steps[-1].id)


# --- the view in the URL --------------------------------------------------------------------------------

def test_query_params_restore_dates_layers_and_selection(story):
    at = app_with({"start": "2023-09-12", "end": "2023-09-14", "select": "e2023_vostochny_summit",
                   "layers": "rail_leg,summit"})
    assert at.date_input(key="date_range").value == (date(2023, 9, 12), date(2023, 9, 14))
    assert at.radio(key="preset").value == "Custom"
    for category in LAYERS:
        assert at.checkbox(key=f"layers_{category}").value == (category in ("rail_leg", "summit")), category
    assert_shows(at, story, "e2023_vostochny_summit")
    assert not at.warning
    assert params(at) == {"start": "2023-09-12", "end": "2023-09-14", "select": "e2023_vostochny_summit",
                          "layers": "rail_leg,summit"}
    script = map_script(at)
    assert "e2023_vostochny_summit" in script and "e2023_khasan_welcome" not in script, "journey stops are off"


@pytest.mark.parametrize("bad, needle", [
    ({"start": "2023-13-45"}, "start"),
    ({"end": "yesterday"}, "end"),
    ({"start": "1999-01-01"}, "outside the story"),
    ({"start": "2023-09-15", "end": "2023-09-11"}, "after end"),
    ({"select": "<script>alert(1)</script>"}, "no event or route leg has the id"),
    ({"layers": "bogus,[x](javascript:1)"}, "unknown layers"),
])
def test_invalid_params_are_ignored_with_a_note(bad, needle):
    at = app_with(bad)
    notes = [shown_text(w.value) for w in at.warning if "link was ignored" in shown_text(w.value)]
    assert len(notes) == 1 and needle in notes[0], [w.value for w in at.warning]  # shown_text: no link, no HTML
    # The rest of the view is the default one, and the URL now describes it (the bad values are gone).
    assert all(at.checkbox(key=f"layers_{c}").value for c in LAYERS)
    p = params(at)
    assert not ({"select", "layers"} & set(p)) and set(p) == {"start", "end"}
    at.button(key="url_notes_dismiss").click().run()
    assert not [w for w in at.warning if "link was ignored" in shown_text(w.value)]


def test_selecting_and_filtering_update_the_url(story):
    at = run_app()
    at.selectbox(key="search").set_value("e2023_khasan_welcome").run()
    assert params(at)["select"] == "e2023_khasan_welcome"
    at.radio(key="preset").set_value("All").run()
    first, last = story.date_bounds()
    assert params(at)["start"] == first.isoformat() and params(at)["end"] == last.isoformat()
    at.checkbox(key="layers_later_summit").uncheck().run()
    assert params(at)["layers"] == ",".join(c for c in LAYERS if c != "later_summit")
    at.button(key="clear_selection").click().run()
    assert "select" not in params(at)


def test_a_copied_url_reopens_the_same_view(story):
    at = run_app()
    at.button(key="journey_next").click().run()
    at.button(key="journey_next").click().run()
    copied = params(at)
    again = app_with(copied)
    assert params(again) == copied
    assert panel_html(again) == panel_html(at)
    assert map_args(again)["center"] == map_args(at)["center"]


# --- search and figures -----------------------------------------------------------------------------------

def test_search_selects_a_place_by_alias(story):
    at = run_app()
    target = next(p for p in story.places if p.id == "vostochny_cosmodrome")
    alias = next(a for a in target.aliases if a.isascii()) if target.aliases else target.name
    at.text_input(key="find").input(alias).run()
    assert not at.exception
    if "select" not in params(at):  # ambiguous: pick the first hit
        at.button(key="find_pick_0").click().run()
    assert story.event_by_id[params(at)["select"]].place_id == "vostochny_cosmodrome"
    assert "<h3>" + target.name + "</h3>" in panel_html(at)


def test_figures_table_totals_and_chart(story):
    at = run_app()
    frames = [d.value for d in at.dataframe if {"km/day", "Days"} <= set(d.value.columns)]  # not the list of legs
    assert len(frames) == 1
    table = frames[0]
    figs = journey.leg_figures(story.routes)
    assert list(table["Leg"][:-1]) == [f.name for f in figs]
    total = table.iloc[-1]
    assert total["Leg"].startswith("Total") and total["km"] == round(journey.totals(figs).km)
    assert total["Days"] == journey.totals(figs).days
    compared = [d.value for d in at.dataframe if "Published (km)" in d.value.columns]
    assert len(compared) == 1 and len(compared[0]) == len(journey.compare(figs, story.published))
    assert at.get("vega_lite_chart"), "the timeline chart is drawn"
