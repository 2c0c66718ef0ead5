"""AppTest flows of the dashboard (streamlit.testing.v1): the filter drives caption, list, panel and map.

Expected numbers come from the core (``load_story`` → ``filters.apply``), so these tests check the wiring
of the UI rather than re-stating the data. Run from the repository root: ``python -m pytest tests/test_app.py``.
"""
from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from mapapp.ui import mapview

from markdown_support import shown_text
from story_factory import default_events, default_places, event, place, write_story

pytestmark = pytest.mark.app

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "streamlit_app.py"  # AppTest resolves relative paths against this file, so pass it absolute
CAPTION = re.compile(r"Showing \*\*(\d+)\*\* of (\d+) events and \*\*(\d+)\*\* of (\d+) rail legs")

HOSTILE_NAME = "<img src=x onerror=alert(1)>"
HOSTILE_TITLE = "Summit `${alert(1)}` at \\ {{ 7*7 }} </script><script>alert(2)</script>"


# --- helpers ----------------------------------------------------------------------------------------

def run_app(timeout: float = 30):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(APP), default_timeout=timeout)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def counts(at) -> tuple[int, int, int, int]:
    """(events shown, events total, legs shown, legs total) from the caption above the map."""
    texts = [c.value for c in at.caption]
    for text in texts:
        m = CAPTION.search(text)
        if m:
            return tuple(int(g) for g in m.groups())
    raise AssertionError(f"no 'Showing … events' caption among {texts!r}")


def map_args(at) -> dict:
    """The arguments the app passed to the st_folium component (one component on the page)."""
    found = []
    for element in at.get("component_instance"):
        proto = element.proto
        if "st_folium" not in proto.component_name or not proto.json_args:
            continue
        args = json.loads(proto.json_args)
        if "script" in args:
            found.append(args)
    assert len(found) == 1, f"expected one st_folium component, found {len(found)}"
    return found[0]


def map_script(at) -> str:
    """The generated Leaflet script of the map and its layers, with JSON ``\\uXXXX`` escapes decoded for searching.

    folium's ``tojson`` writes ``<``, ``>``, ``&`` and ``'`` as ``\\u003c`` …; decoding them means an
    unescaped ``<img`` in the data shows up here as ``<img`` and an escaped one as ``&lt;img``.
    """
    args = map_args(at)
    # the base map, then the view's layers and their layer control (st_folium's feature_group_to_add)
    script = "\n".join(args.get(k) or "" for k in ("script", "feature_group", "layer_control"))
    return re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), script)


def panels(at) -> list[str]:
    return [h.proto.body for h in at.get("html") if "mapapp-panel" in h.proto.body]


def panel_html(at) -> str:
    bodies = panels(at)
    assert len(bodies) == 1, f"expected one detail panel, found {len(bodies)}"
    return bodies[0]


def builtin():
    """The built-in story, its snippets and presets, straight from the core."""
    from mapapp import link_story, load_story
    from mapapp.filters import presets

    story = load_story(ROOT)
    return story, link_story(story), presets(story)


def expected_view(start, end):
    from mapapp.filters import FilterOptions, apply

    story, snippets, _ = builtin()
    return apply(story, snippets, FilterOptions(start=start, end=end))


@pytest.fixture(autouse=True)
def _builtin_story(monkeypatch):
    """Every test starts on the built-in story unless it sets MAPAPP_STORY itself."""
    monkeypatch.delenv("MAPAPP_STORY", raising=False)


# --- the built-in story ------------------------------------------------------------------------------

def test_runs_on_builtin_story_without_exception():
    at = run_app()
    story, _, named = builtin()
    assert shown_text(at.title[0].value) == story.title
    assert not at.error
    first = next(iter(named))
    assert at.radio(key="preset").value == first
    shown, total, legs_shown, legs_total = counts(at)
    view = expected_view(*named[first])
    assert (shown, total, legs_shown, legs_total) == (len(view.events), len(story.events), len(view.routes),
                                                      len(story.routes))
    assert 0 < shown < total, "the default preset should show part of the story"
    map_args(at)  # the map component is there


def test_period_preset_changes_counts_and_list():
    at = run_app()
    story, _, named = builtin()
    journey = next(k for k in named if k.endswith("journey"))
    at.radio(key="preset").set_value(journey).run()
    journey_counts = counts(at)
    journey_rows = at.dataframe[0].value

    at.radio(key="preset").set_value("All").run()
    assert not at.exception
    all_counts = counts(at)
    all_rows = at.dataframe[0].value

    assert all_counts[0] == len(story.events) and all_counts[2] == len(story.routes)
    assert journey_counts[0] == len(expected_view(*named[journey]).events)
    assert journey_counts[0] < all_counts[0]
    assert len(journey_rows) == journey_counts[0] and len(all_rows) == all_counts[0]
    assert at.date_input(key="date_range").value == story.date_bounds()
    assert "Trump–Kim summit in Singapore" in set(all_rows["Event"])
    assert "Trump–Kim summit in Singapore" not in set(journey_rows["Event"])


def test_date_range_changes_counts_rows_and_sets_custom():
    at = run_app()
    at.date_input(key="date_range").set_value((date(2023, 9, 12), date(2023, 9, 13))).run()
    assert not at.exception
    view = expected_view(date(2023, 9, 12), date(2023, 9, 13))
    shown, _, legs_shown, _ = counts(at)
    assert (shown, legs_shown) == (len(view.events), len(view.routes))
    assert at.radio(key="preset").value == "Custom"
    rows = at.dataframe[0].value
    assert list(rows["Event"]) == [e.title for e in view.events]
    assert "Putin–Kim summit at the Vostochny Cosmodrome" in set(rows["Event"])
    assert "Kim returns to Pyongyang" not in set(rows["Event"])
    # Picking a preset's exact range selects that preset again.
    story, _, named = builtin()
    journey = next(k for k in named if k.endswith("journey"))
    at.date_input(key="date_range").set_value(named[journey]).run()
    assert at.radio(key="preset").value == journey


def test_half_picked_range_shows_that_day_only():
    at = run_app()
    at.date_input(key="date_range").set_value((date(2023, 9, 13),)).run()
    assert not at.exception
    shown, _, _, _ = counts(at)
    assert shown == len(expected_view(date(2023, 9, 13), date(2023, 9, 13)).events)


def test_map_layers_follow_the_filter():
    at = run_app()
    story, _, named = builtin()
    journey = next(k for k in named if k.endswith("journey"))
    at.radio(key="preset").set_value(journey).run()
    script = map_script(at)
    assert "Rail route (2023)" in script and "mapapp-star" in script and "mapapp-legend" in script
    assert "e2023_vostochny_summit" in script and "leg_a4_khabarovsk_vostochny" in script
    assert "e2018_singapore" not in script and "Earlier summit (2018–2019)" not in script
    assert "e2024_putin_pyongyang" not in script

    at.radio(key="preset").set_value("All").run()
    script = map_script(at)
    for needle in ("e2018_singapore", "e2019_hanoi", "e2024_putin_pyongyang", "Earlier summit (2018–2019)",
                   "Later summit", "leg_d2_khasan_pyongyang"):
        assert needle in script, needle

    earlier = next(k for k in named if "2018" in k and "summits" in k)
    at.radio(key="preset").set_value(earlier).run()
    script = map_script(at)
    assert "e2018_singapore" in script
    assert "Rail route (2023)" not in script and "leg_a1_pyongyang_khasan" not in script
    assert "e2023_vostochny_summit" not in script and "mapapp-star" not in script

    at.checkbox(key="layers_earlier_summit").uncheck().run()
    script = map_script(at)
    assert "e2018_singapore" not in script
    assert counts(at)[0] == 0 and at.warning, "no events left: the list says so"


def test_choosing_an_event_shows_the_panel_and_centres_the_map():
    at = run_app()
    story, _, _ = builtin()
    assert not panels(at), "no panel before anything is selected"
    at.selectbox(key="search").set_value("e2023_vostochny_summit").run()
    assert not at.exception
    body = panel_html(at)
    summit = story.event_by_id["e2023_vostochny_summit"]
    place = story.place_by_id[summit.place_id]
    assert "Vostochny" in place.name and f"<h3>{place.name}</h3>" in body
    assert summit.title in body and "13 Sep 2023" in body
    # The description is shown escaped (its apostrophe becomes &#x27;).
    assert "cosmodrome&#x27;s rail station" in body and "cosmodrome's rail station" not in body
    for url in summit.sources:
        assert f'href="{url}"' in body
    assert 'class="mapapp-snippet"' in body and "<mark>" in body
    args = map_args(at)
    assert args["center"] == pytest.approx([place.lat, place.lon]) and args["zoom"] == mapview.SELECTED_ZOOM

    at.button(key="clear_selection").click().run()
    assert not panels(at) and at.info


# --- other stories ------------------------------------------------------------------------------------

@pytest.mark.parametrize("kwargs, file, detail", [
    ({"places_text": "{oops"}, "places.geojson", "not valid JSON"),
    ({"events": [*default_events()[:-1], event("e_lost", "nowhere", "journey_stop", "2023-09-14")]},
     "events.csv", "place_id 'nowhere' is not an id"),
    ({"events_text": "id,place_id,category,title,date_start,date_end,participants,description,sources\n"
                     "e1,norvale,journey_stop,T,2023-13-45,,,,https://example.org\n"}, "events.csv", "date"),
], ids=["invalid-json", "unknown-place", "bad-date"])
def test_broken_story_shows_an_error_not_an_exception(tmp_path, monkeypatch, kwargs, file, detail):
    root = write_story(tmp_path / "story", **kwargs)
    monkeypatch.setenv("MAPAPP_STORY", str(root))
    at = run_app()
    assert len(at.error) == 1
    message = shown_text(at.error[0].value)
    assert file in message and detail in message, message
    assert str(root) in message
    assert not at.get("component_instance") and not at.dataframe, "the app stops after the error"


def test_hostile_text_is_escaped_in_panel_and_map(tmp_path, monkeypatch):
    places = default_places()
    places[2] = place("greywater", HOSTILE_NAME, 128.33, 51.88, aliases=["Greywater"], kind="spaceport",
                      description=HOSTILE_TITLE)
    events = default_events()
    events[2] = event("e_summit", "greywater", "summit", "2023-09-13", title=HOSTILE_TITLE,
                      participants=HOSTILE_NAME, description=f"Met at {HOSTILE_NAME} ${{x}} `y`",
                      sources="https://example.org/a javascript:alert(3)")
    articles = {"001.txt": "date 2023-09-12\ntitle " + HOSTILE_TITLE + "\nurl javascript:alert(4)\n\n"
                           f"The leaders met at Greywater, also called {HOSTILE_NAME}, on {HOSTILE_TITLE}.\n"}
    root = write_story(tmp_path / "story", places=places, events=events, articles=articles)
    monkeypatch.setenv("MAPAPP_STORY", str(root))
    at = run_app()
    at.selectbox(key="search").set_value("e_summit").run()
    assert not at.exception
    body = panel_html(at)

    for raw in ("<img", "<script", "</script", "`", "${", "{{", "\\", "javascript:alert(3)\"",
                'href="javascript'):
        assert raw not in body, f"{raw!r} reached the panel unescaped"
    assert "&lt;img src=x onerror=alert(1)&gt;" in body
    assert "&#96;&#36;&#123;alert(1)&#125;&#96;" in body
    assert 'class="mapapp-snippet"' in body and "<mark>Greywater</mark>" in body

    script = map_script(at)
    assert "<img src=x" not in script and "${alert(1)}" not in script and "<script>alert(2)" not in script
    assert "&lt;img src=x onerror=alert(1)&gt;" in script
