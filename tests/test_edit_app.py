"""Edit mode in the dashboard (AppTest): create a story in an empty folder, then add, change and delete places,
events, legs and layers with the forms; refusals show as errors and change nothing; another session's change
is not overwritten; undo steps back. The map clicks themselves are covered by ui.edit_mode.on_click here and
by tests/test_edit_browser.py in a browser."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from mapapp import edit as E, journal
from mapapp.load import load_story
from mapapp.newstory import create
from mapapp.ui import edit_forms as F

from payloads import PAYLOADS
from test_edit import snapshot

APP = Path(__file__).resolve().parent.parent / "streamlit_app.py"


def start(timeout: float = 60):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(APP), default_timeout=timeout)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def rerun(at):
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def by_label(widgets, label, form: str | None = None):
    """The first widget called ``label`` (in the form ``form``, e.g. "edit_event_(new)")."""
    found = [w for w in widgets if w.label == label and (form is None or w.proto.form_id == form)]
    assert found, f"no widget {label!r} in {form} among {[(w.label, w.proto.form_id) for w in widgets]}"
    return found[0]


def click(at, label):
    by_label(at.button, label).click()
    return rerun(at)


@pytest.fixture
def story_dir(tmp_path, monkeypatch):
    root = tmp_path / "new"
    monkeypatch.setenv("MAPAPP_STORY", str(root))
    return root


@pytest.fixture
def editing(story_dir):
    """The app in edit mode on a new story with two places."""
    create(story_dir, "Hanoi summit")
    journal.save(story_dir, E.AddPlace("hanoi", "Hanoi", 21.0285, 105.8542))
    journal.save(story_dir, E.AddPlace("haiphong", "Hai Phong", 20.8449, 106.6881))
    at = start()
    by_label(at.toggle, "Edit mode").set_value(True)
    return rerun(at)


def add_place(at, name, lat, lon):
    by_label(at.text_input, "Name").set_value(name)
    by_label(at.number_input, "Latitude").set_value(lat)
    by_label(at.number_input, "Longitude").set_value(lon)
    return click(at, "Add place")


def test_an_empty_folder_offers_to_create_a_story(story_dir):
    at = start()
    assert "Start a new story" in [t.value for t in at.title]
    by_label(at.text_input, "Title").set_value("Hanoi summit")
    click(at, "Create the story")
    assert load_story(story_dir).title == "Hanoi summit"
    assert [t.value for t in at.title] == ["Hanoi summit"]
    assert by_label(at.toggle, "Edit mode").value is True  # straight into edit mode
    by_label(at.toggle, "Edit mode").set_value(False)
    rerun(at)  # the viewing page works on an empty story
    assert not at.error


def test_add_place_from_the_form(editing, story_dir):
    add_place(editing, "Ha Long", 20.95, 107.08)
    assert load_story(story_dir).place_by_id["ha_long"].lat == 20.95
    assert any("AddPlace" in s.value for s in editing.success)
    assert by_label(editing.text_input, "Name").value == ""  # the form starts empty again


def test_a_refused_place_shows_the_problem_and_changes_nothing(editing, story_dir):
    before = snapshot(story_dir)
    by_label(editing.text_input, "Name").set_value("Nowhere")
    click(editing, "Add place")  # no position
    assert any("lat" in e.value for e in editing.error)
    assert snapshot(story_dir) == before


def test_map_clicks_fill_the_form_move_a_place_and_draw_a_line(editing, story_dir):
    from mapapp.ui import edit_mode as M

    story = load_story(story_dir)
    state: dict = {}
    patch = pytest.MonkeyPatch()  # its own: undoing it must not undo the fixture's MAPAPP_STORY
    patch.setattr(M.st, "session_state", state)  # on_click reads and writes st.session_state
    assert M.on_click(M.ADD_HERE, 20.951234567, 467.08, story)  # a click on a wrapped-around world
    assert (state[F.PICK], state[F.PICK_FOR]) == ((20.951235, 107.08), None)
    assert not M.on_click(M.MOVE_HERE, 1, 1, story)  # no place chosen: nothing to move
    state[F.PLACE_PICK] = "hanoi"
    assert M.on_click(M.MOVE_HERE, 21.1, 105.9, story)
    assert (state[F.PICK], state[F.PICK_FOR]) == ((21.1, 105.9), "hanoi")
    M.on_click(M.DRAW_HERE, 21, 106, story)  # the browser sends whole numbers as JSON integers
    M.on_click(M.DRAW_HERE, 20.9, 106.3, story)
    assert state[F.DRAFT] == [(106.0, 21.0), (106.3, 20.9)]
    assert M.on_click(M.ADD_HERE, 20, 107, story) and state[F.PICK] == (20.0, 107.0)
    assert all(isinstance(v, float) for v in state[F.PICK])
    patch.undo()
    # What a click leaves in the app's session: the new place's form shows it, "Add place" saves it.
    editing.session_state[F.PICK], editing.session_state[F.PICK_FOR] = (20.951235, 107.08), None
    rerun(editing)
    assert by_label(editing.number_input, "Latitude").value == 20.951235
    by_label(editing.text_input, "Name").set_value("Ha Long")
    click(editing, "Add place")
    assert not editing.error, [e.value for e in editing.error]
    place = load_story(story_dir).place_by_id["ha_long"]
    assert (place.lat, place.lon) == (20.951235, 107.08)
    # A click for a chosen place moves it.
    editing.selectbox(key=F.PLACE_PICK).set_value("hanoi")
    rerun(editing)
    editing.session_state[F.PICK], editing.session_state[F.PICK_FOR] = (21.1, 105.9), "hanoi"
    click(editing, "Save place")
    hanoi = load_story(story_dir).place_by_id["hanoi"]
    assert (hanoi.lat, hanoi.lon) == (21.1, 105.9)


def test_gazetteer_lookup_fills_the_new_place(editing, story_dir):
    by_label(editing.text_input, "Look up a name in the gazetteer").set_value("Hanoi")
    rerun(editing)
    assert "VN" in by_label(editing.selectbox, "Candidates").options[0]
    click(editing, "Use this place")
    assert by_label(editing.text_input, "Name").value == "Hanoi"
    assert by_label(editing.text_input, "Country").value == "VN"
    assert by_label(editing.text_input, "Kind").value == "city"
    assert abs(by_label(editing.number_input, "Latitude").value - 21.02) < 0.1
    click(editing, "Add place")
    assert load_story(story_dir).place_by_id["hanoi_2"].country == "VN"


def test_change_and_delete_a_place(editing, story_dir):
    editing.selectbox(key=F.PLACE_PICK).set_value("haiphong")
    rerun(editing)
    by_label(editing.text_input, "Name", "edit_place_haiphong").set_value("Haiphong")
    click(editing, "Save place")
    assert load_story(story_dir).place_by_id["haiphong"].name == "Haiphong"
    click(editing, "Delete place")
    assert "haiphong" not in load_story(story_dir).place_by_id


def test_events_add_edit_delete_and_refusal(editing, story_dir):
    new = "edit_event_(new)"
    by_label(editing.text_input, "Title", new).set_value("Second summit")
    by_label(editing.date_input, "Start", new).set_value(date(2019, 2, 27))
    by_label(editing.text_area, "Sources", new).set_value("javascript:alert(1)")
    before = snapshot(story_dir)
    click(editing, "Add event")
    assert any("sources" in e.value and "http" in e.value for e in editing.error)
    assert snapshot(story_dir) == before
    by_label(editing.text_area, "Sources", new).set_value("https://example.org/a")
    click(editing, "Add event")
    event = load_story(story_dir).event_by_id["e_second_summit"]
    assert (event.title, event.date_start, event.sources) == ("Second summit", date(2019, 2, 27),
                                                              ("https://example.org/a",))
    editing.selectbox(key="edit_event_pick").set_value("e_second_summit")
    rerun(editing)
    by_label(editing.text_input, "Participants").set_value("Kim; Trump")
    click(editing, "Save event")
    assert load_story(story_dir).event_by_id["e_second_summit"].participants == "Kim; Trump"
    click(editing, "Delete event")
    assert load_story(story_dir).events == ()


def test_legs_line_from_clicks_and_air_leg(editing, story_dir):
    editing.session_state[F.DRAFT] = [(106.2, 20.95)]
    rerun(editing)
    by_label(editing.date_input, "Start", "edit_leg_(new)").set_value(date(2019, 2, 28))
    click(editing, "Add leg")
    leg = load_story(story_dir).routes[0]
    assert leg.lines == (((105.8542, 21.0285), (106.2, 20.95), (106.6881, 20.8449)),)
    assert leg.name == "Hanoi → Hai Phong"
    assert F.DRAFT not in editing.session_state  # the line was used
    by_label(editing.radio, "Geometry").set_value("None: an air leg (great circle)")
    click(editing, "Add leg")
    legs = load_story(story_dir).routes
    assert len(legs) == 2 and legs[1].mode == "air" and not legs[1].drawn


def test_layers_add_rename_recolour_reorder(editing, story_dir):
    by_label(editing.text_input, "Label", "edit_layer_(new)").set_value("Talks")
    click(editing, "Add layer")
    story = load_story(story_dir)
    assert story.layer("talks").label == "Talks" and story.layer("talks").is_points
    editing.selectbox(key="edit_layer_pick").set_value("talks")
    rerun(editing)
    by_label(editing.text_input, "Label", "edit_layer_talks").set_value("Talks & meetings")
    by_label(editing.color_picker, "Colour", "edit_layer_talks").set_value("#117733")
    click(editing, "Save layer")
    click(editing, "Move up")
    story = load_story(story_dir)
    own = [layer.id for layer in story.layers]
    assert own.index("talks") == 1 and story.layer("talks").color == "#117733"
    assert story.layer("talks").label == "Talks & meetings"


def test_another_sessions_change_is_not_overwritten(editing, story_dir):
    journal.save(story_dir, E.AddPlace("hue", "Hue", 16.46, 107.59))  # after the forms were drawn
    before = snapshot(story_dir)
    add_place(editing, "Da Nang", 16.05, 108.2)
    assert any("changed since you opened it" in e.value for e in editing.error)
    assert snapshot(story_dir) == before
    add_place(editing, "Da Nang", 16.05, 108.2)  # the rerun drew the forms from the new version
    assert "da_nang" in load_story(story_dir).place_by_id


def test_undo_button_steps_back(editing, story_dir):
    add_place(editing, "Ha Long", 20.95, 107.08)
    click(editing, "Undo the last change")
    assert "ha_long" not in load_story(story_dir).place_by_id
    assert any("undid AddPlace" in s.value for s in editing.success)


def test_hostile_names_are_text_in_errors_and_labels(editing, story_dir):
    for payload in PAYLOADS[:6]:
        add_place(editing, payload, 10, 10)
    assert not editing.exception
    story = load_story(story_dir)
    assert {p.name for p in story.places} >= set(PAYLOADS[:6])
    add_place(editing, PAYLOADS[0], 95, 10)
    assert editing.error and "<script>" not in editing.error[0].value


def test_the_same_steps_as_commands_give_the_same_files(tmp_path, monkeypatch):
    from mapapp.cli import main

    app_dir, cli_dir = tmp_path / "app", tmp_path / "cli"
    monkeypatch.setenv("MAPAPP_STORY", str(app_dir))
    at = start()
    by_label(at.text_input, "Title").set_value("Hanoi summit")
    click(at, "Create the story")
    add_place(at, "Hanoi", 21.0285, 105.8542)
    add_place(at, "Hai Phong", 20.8449, 106.6881)
    new = "edit_event_(new)"
    by_label(at.text_input, "Title", new).set_value("Summit")
    by_label(at.date_input, "Start", new).set_value(date(2019, 2, 27))
    click(at, "Add event")
    by_label(at.date_input, "Start", "edit_leg_(new)").set_value(date(2019, 2, 28))
    by_label(at.radio, "Geometry").set_value("None: an air leg (great circle)")
    click(at, "Add leg")
    assert not at.error, [e.value for e in at.error]

    edit = ["edit", "--story", str(cli_dir)]
    for argv in (["new", str(cli_dir), "--title", "Hanoi summit"],
                 [*edit, "add-place", "--id", "hanoi", "--name", "Hanoi", "--lat", "21.0285", "--lon", "105.8542"],
                 [*edit, "add-place", "--id", "hai_phong", "--name", "Hai Phong", "--lat", "20.8449", "--lon",
                  "106.6881"],
                 [*edit, "add-event", "--id", "e_summit", "--place", "hai_phong", "--category", "event", "--title",
                  "Summit", "--start", "2019-02-27"],
                 [*edit, "add-route", "--id", "leg_hanoi_hai_phong", "--from", "hanoi", "--to", "hai_phong",
                  "--category", "route", "--start", "2019-02-28", "--mode", "air"]):
        assert main(argv) == 0
    files = ("geodata/story.json", "geodata/places.geojson", "geodata/events.csv", "geodata/routes.geojson")
    assert {f: (app_dir / f).read_bytes() for f in files} == {f: (cli_dir / f).read_bytes() for f in files}
