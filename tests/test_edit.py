"""The editing core: every edit, every refusal (nothing changes, byte for byte), undo chains, the history bound,
concurrent writers, hostile text, and the new-story maker."""
from __future__ import annotations

import json
import multiprocessing
import re
import shutil
from pathlib import Path

import pytest

from mapapp import edit as E, journal, storyfiles
from mapapp.errors import EditRefused
from mapapp.export import FORMATS, export
from mapapp.filters import FilterOptions, apply as filter_view
from mapapp.link import link_story
from mapapp.load import load_story
from mapapp.newstory import create
from payloads import PAYLOADS

BUILTIN = Path(__file__).resolve().parent.parent


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file of the story folder (history included, the lock file left out) as bytes."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and p.name != ".mapapp.lock"}


@pytest.fixture
def root(tmp_path) -> Path:
    return create(tmp_path / "story", "A test story")


@pytest.fixture
def filled(root) -> Path:
    for item in (E.AddPlace("hanoi", "Hanoi", 21.0285, 105.8542, kind="city", country="vn",
                            sources=("https://en.wikipedia.org/wiki/Hanoi",)),
                 E.AddPlace("haiphong", "Hai Phong", 20.8449, 106.6881),
                 E.AddEvent("e1", "hanoi", "event", "Summit", "2019-02-27", "2019-02-28",
                            sources=("https://example.org/a",)),
                 E.AddRoute("r1", "hanoi", "haiphong", "route", "2019-02-28",
                            geometry=((105.8542, 21.0285), (106.3, 20.9), (106.6881, 20.8449)))):
        journal.save(root, item)
    return root


# --- a new story -------------------------------------------------------------------------------------

def test_new_story_validates_and_exports_in_every_format(root):
    story = load_story(root)
    assert story.title == "A test story"
    assert (story.places, story.events, story.routes) == ((), (), ())
    assert any(layer.is_points for layer in story.layers) and any(layer.is_routes for layer in story.layers)
    assert (root / "seeds" / "README.md").is_file()
    assert (root / "geodata" / "events.csv").read_text().startswith("id,place_id,category,title,date_start")
    options = FilterOptions()
    view = filter_view(story, link_story(story), options)
    for fmt in FORMATS:
        assert export(story, view, options, fmt)


def test_new_story_colours_come_from_the_palettes(root):
    meta = json.loads((root / "geodata/story.json").read_text())
    from mapapp.layers import palette
    for item in meta["layers"]:
        assert item["color"] == palette(item["type"])[0]


def test_new_refuses_a_folder_with_anything_in_it(tmp_path):
    folder = tmp_path / "busy"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine")
    with pytest.raises(EditRefused, match="not empty"):
        create(folder, "x")
    assert [p.name for p in folder.iterdir()] == ["notes.txt"]
    empty = tmp_path / "empty"
    empty.mkdir()
    assert load_story(create(empty, "ok")).title == "ok"


# --- each edit ---------------------------------------------------------------------------------------

def test_add_place_writes_a_point_with_its_fields(root):
    journal.save(root, E.AddPlace("hanoi", "Hanoi", 21.0285, 105.8542, kind="city", country="vn",
                                  aliases=("Ha Noi",), sources=("https://en.wikipedia.org/wiki/Hanoi",),
                                  description="Capital"))
    place = load_story(root).place_by_id["hanoi"]
    assert (place.name, place.lat, place.lon, place.kind, place.country) == ("Hanoi", 21.0285, 105.8542, "city", "VN")
    assert place.aliases == ("Ha Noi",) and place.sources == ("https://en.wikipedia.org/wiki/Hanoi",)


def test_move_and_update_place(filled):
    journal.save(filled, E.MovePlace("haiphong", 20.9, 106.7))
    journal.save(filled, E.UpdatePlace("haiphong", name="Haiphong", aliases=("Hải Phòng",), kind="port",
                                       country="VN", description="Port city", sources=("https://example.org/hp",)))
    place = load_story(filled).place_by_id["haiphong"]
    assert (place.lat, place.lon, place.name, place.aliases, place.kind) == (20.9, 106.7, "Haiphong", ("Hải Phòng",),
                                                                             "port")
    assert place.description == "Port city" and place.sources == ("https://example.org/hp",)


def test_delete_place_when_nothing_uses_it(filled):
    journal.save(filled, E.AddPlace("spare", "Spare", 1, 2))
    journal.save(filled, E.DeletePlace("spare"))
    assert "spare" not in load_story(filled).place_by_id


def test_events_add_update_delete(filled):
    journal.save(filled, E.UpdateEvent("e1", title="Second summit", participants="Kim; Trump", end=""))
    event = load_story(filled).event_by_id["e1"]
    assert (event.title, event.participants, event.date_end) == ("Second summit", "Kim; Trump", None)
    journal.save(filled, E.DeleteEvent("e1"))
    assert load_story(filled).events == ()


def test_routes_add_air_leg_update_delete(filled):
    journal.save(filled, E.AddRoute("r2", "haiphong", "hanoi", "route", "2019-03-01", mode="air"))
    leg = {r.id: r for r in load_story(filled).routes}["r2"]
    assert leg.mode == "air" and not leg.drawn and leg.lines  # the great circle
    assert leg.name == "Hai Phong → Hanoi"
    journal.save(filled, E.UpdateRoute("r1", mode="air", geometry=()))
    assert not {r.id: r for r in load_story(filled).routes}["r1"].drawn
    journal.save(filled, E.DeleteRoute("r2"))
    assert [r.id for r in load_story(filled).routes] == ["r1"]


def test_layers_add_update_move_delete(filled):
    journal.save(filled, E.AddLayer("talks", "Talks"))
    story = load_story(filled)
    assert story.layer("talks").color not in {story.layer("event").color}
    journal.save(filled, E.UpdateLayer("talks", label="Talks & meetings", color="#117733", symbol="star"))
    journal.save(filled, E.MoveLayer("talks", 0))
    story = load_story(filled)
    assert story.layers[0].id == "talks"
    assert (story.layers[0].label, story.layers[0].color, story.layers[0].symbol) == ("Talks & meetings", "#117733",
                                                                                      "star")
    journal.save(filled, E.DeleteLayer("talks"))
    assert "talks" not in load_story(filled).layer_by_id


def test_first_layer_edit_writes_out_the_default_layers(tmp_path):
    shutil.copytree(BUILTIN / "geodata", tmp_path / "geodata")
    meta = json.loads((tmp_path / "geodata/story.json").read_text())
    del meta["layers"]
    (tmp_path / "geodata/story.json").write_text(json.dumps(meta))
    before = [layer.id for layer in load_story(tmp_path).layers]
    journal.save(tmp_path, E.UpdateLayer(before[0], label="Train"))
    story = load_story(tmp_path)
    assert [layer.id for layer in story.layers] == before and story.layers[0].label == "Train"


def test_rename_drops_an_old_labels_override(root):
    meta = json.loads((root / "geodata/story.json").read_text())
    meta["labels"] = {"event": "Old name"}
    (root / "geodata/story.json").write_text(json.dumps(meta))
    journal.save(root, E.UpdateLayer("event", label="New name"))
    assert load_story(root).layer("event").label == "New name"


# --- refusals: nothing changes -------------------------------------------------------------------------

REFUSED = [
    (E.AddPlace("hanoi", "Again", 1, 1), "id: a place 'hanoi' already exists"),
    (E.AddPlace("bad id", "X", 1, 1), "id: 'bad id' is not a valid id"),
    (E.AddPlace("x", "", 1, 1), "name: must not be empty"),
    (E.AddPlace("x", "X", 91, 1), "lat: must be a number from -90 to 90"),
    (E.AddPlace("x", "X", 1, float("nan")), "lon: must be a number"),
    (E.AddPlace("x", "X", 1, 1, sources=("javascript:alert(1)",)), "sources: 'javascript:alert(1)' is not an http"),
    (E.AddPlace("x", "Two\nlines", 1, 1), "name: must be one line"),
    (E.AddPlace("x", "X", 1, 1, country="<b>"), "country '<B>' is not an ISO 3166-1 alpha-2 code"),
    (E.MovePlace("nowhere", 1, 1), "id: there is no place 'nowhere'"),
    (E.UpdatePlace("hanoi", name="  "), "name: must not be empty"),
    (E.DeletePlace("hanoi"), "still used by event 'e1', leg 'r1'"),
    (E.DeletePlace("haiphong"), "still used by leg 'r1'"),
    (E.AddEvent("e1", "hanoi", "event", "T", "2019-01-01"), "id: an event 'e1' already exists"),
    (E.AddEvent("e2", "nowhere", "event", "T", "2019-01-01"), "place_id 'nowhere' is not an id in places.geojson"),
    (E.AddEvent("e2", "hanoi", "route", "T", "2019-01-01"), "category 'route' is not a point layer"),
    (E.AddEvent("e2", "hanoi", "event", "T", "2019-13-01"), "date_start '2019-13-01' is not an ISO date"),
    (E.AddEvent("e2", "hanoi", "event", "T", "2019-01-02", "2019-01-01"), "date_end 2019-01-01 is before"),
    (E.AddEvent("e2", "hanoi", "event", "", "2019-01-01"), "title: must not be empty"),
    (E.UpdateEvent("nope", title="x"), "id: there is no event 'nope'"),
    (E.DeleteEvent("nope"), "id: there is no event 'nope'"),
    (E.AddRoute("r2", "hanoi", "haiphong", "route", "2019-01-01"), "geometry is missing: only air legs"),
    (E.AddRoute("r2", "hanoi", "haiphong", "route", "2019-01-01", geometry=((1, 2),)), "at least two positions"),
    (E.AddRoute("r2", "hanoi", "nowhere", "route", "2019-01-01", mode="air"), "to_place 'nowhere' is not an id"),
    (E.AddRoute("r2", "hanoi", "haiphong", "event", "2019-01-01", mode="air"), "category 'event' is not a route layer"),
    (E.AddRoute("r2", "hanoi", "haiphong", "route", "2019-01-01", mode="boat"), "mode 'boat' is not one of"),
    (E.AddRoute("r1", "hanoi", "haiphong", "route", "2019-01-01", mode="air"), "a route leg 'r1' already exists"),
    (E.DeleteRoute("nope"), "there is no route leg 'nope'"),
    (E.AddLayer("event", "Again"), "a layer 'event' already exists"),
    (E.AddLayer("x", "X", color="red"), "'color' must be a colour"),
    (E.AddLayer("x", "X", type="lines"), "type: must be points or routes"),
    (E.UpdateLayer("event", symbol="heart"), "'symbol' must be one of"),
    (E.UpdateLayer("nope", label="x"), "'nope' is not a layer of this story"),
    (E.MoveLayer("event", 9), "to: position must be from 0 to"),
    (E.DeleteLayer("event"), "layer 'event' is still used by event 'e1'"),
]


@pytest.mark.parametrize("item,message", REFUSED, ids=[f"{type(i).__name__}-{n}" for n, (i, _) in enumerate(REFUSED)])
def test_refused_edits_change_nothing(filled, item, message):
    before = snapshot(filled)
    with pytest.raises(EditRefused) as caught:
        journal.save(filled, item)
    assert message in str(caught.value)
    assert snapshot(filled) == before


def test_an_edit_from_an_old_version_is_refused(filled):
    opened = storyfiles.story_digest(filled)
    journal.save(filled, E.AddPlace("hue", "Hue", 16.46, 107.59))  # another session
    before = snapshot(filled)
    with pytest.raises(EditRefused, match="changed since you opened it"):
        journal.save(filled, E.MovePlace("hanoi", 21, 105), expected=opened)
    assert snapshot(filled) == before
    saved = journal.save(filled, E.MovePlace("hanoi", 21, 105), expected=storyfiles.story_digest(filled))
    assert saved.digest == storyfiles.story_digest(filled)


def test_a_story_with_old_problems_can_still_be_mended(filled):
    rows = (filled / "geodata/events.csv").read_text()
    (filled / "geodata/events.csv").write_text(rows + "e9,nowhere,event,Broken,2019-01-01,,,,\r\n")
    journal.save(filled, E.AddPlace("nowhere", "Now here", 1, 1))  # mends it
    assert load_story(filled).event_by_id["e9"].place_id == "nowhere"


# --- history and undo ----------------------------------------------------------------------------------

def test_undo_steps_back_one_change_at_a_time(root):
    states = [snapshot(root)]
    for item in (E.AddPlace("a", "A", 1, 1), E.AddPlace("b", "B", 2, 2), E.MovePlace("a", 3, 3),
                 E.AddEvent("e", "a", "event", "T", "2020-01-01")):
        journal.save(root, item)
        states.append(snapshot(root))
    assert [e.summary.split()[0] for e in journal.history(root)] == ["AddEvent", "MovePlace", "AddPlace", "AddPlace"]
    for expected in reversed(states[:-1]):
        journal.undo(root)
        now = snapshot(root)
        assert {k: v for k, v in now.items() if ".history" not in k} == \
               {k: v for k, v in expected.items() if ".history" not in k}
    with pytest.raises(EditRefused, match="nothing to undo"):
        journal.undo(root)


def test_undo_refuses_to_overwrite_a_later_hand_edit(filled):
    path = filled / "geodata/routes.geojson"
    path.write_text(path.read_text().replace('"r1"', '"r1b"'))
    before = snapshot(filled)
    with pytest.raises(EditRefused, match="changed after it"):
        journal.undo(filled)
    assert snapshot(filled) == before


def test_the_history_is_bounded(root, monkeypatch):
    monkeypatch.setenv("MAPAPP_HISTORY_SIZE", "3")
    for n in range(6):
        journal.save(root, E.AddPlace(f"p{n}", f"P{n}", n, n))
    entries = journal.history(root)
    assert [e.seq for e in entries] == [6, 5, 4]
    assert len(list((root / "geodata/.history").iterdir())) == 3
    for _ in range(3):
        journal.undo(root)
    assert [p.id for p in load_story(root).places] == ["p0", "p1", "p2"]
    with pytest.raises(EditRefused, match="nothing to undo"):
        journal.undo(root)


def test_an_interrupted_change_is_skipped_by_undo(root):
    journal.save(root, E.AddPlace("a", "A", 1, 1))
    after_first = (root / "geodata/places.geojson").read_bytes()
    journal.save(root, E.AddPlace("b", "B", 2, 2))
    (root / "geodata/places.geojson").write_bytes(after_first)  # as if the write after the journal never happened
    journal.undo(root)  # drops the entry of b, then steps back a
    assert load_story(root).places == ()


def test_files_keep_the_builtin_format(tmp_path):
    shutil.copytree(BUILTIN / "geodata", tmp_path / "geodata")
    before = {p.name: p.read_bytes() for p in (tmp_path / "geodata").iterdir()}
    journal.save(tmp_path, E.AddEvent("e_new", "pyongyang", "summit", "Test", "2023-09-20"))
    journal.save(tmp_path, E.AddPlace("test_place", "Test", 40, 130))
    journal.undo(tmp_path)
    journal.undo(tmp_path)
    assert {p.name: p.read_bytes() for p in (tmp_path / "geodata").iterdir() if p.is_file()} == before
    journal.save(tmp_path, E.AddEvent("e_new", "pyongyang", "summit", "Test", "2023-09-20"))
    text = (tmp_path / "geodata/events.csv").read_bytes()
    assert text.startswith(before["events.csv"]) and text.endswith(b"e_new,pyongyang,summit,Test,2023-09-20,,,,\r\n")


# --- hostile text ---------------------------------------------------------------------------------------

def test_hostile_text_in_every_field_round_trips_as_text(root):
    for n, payload in enumerate(PAYLOADS):
        journal.save(root, E.AddPlace(f"p{n}", payload, 10 + n / 10, 20, kind=payload, country="vn",
                                      aliases=(payload,), description=payload + "\nsecond line"))
        journal.save(root, E.AddEvent(f"e{n}", f"p{n}", "event", payload, "2020-01-01", participants=payload,
                                      description=payload))
        journal.save(root, E.AddRoute(f"r{n}", f"p{n}", f"p{n}", "route", "2020-01-02", mode="air", name=payload,
                                      description=payload))
        journal.save(root, E.UpdateLayer("event", label=payload))
    story = load_story(root)
    for n, payload in enumerate(PAYLOADS):
        place, event = story.place_by_id[f"p{n}"], story.event_by_id[f"e{n}"]
        leg = {r.id: r for r in story.routes}[f"r{n}"]
        assert (place.name, place.kind, place.aliases, place.description) == (payload, payload, (payload,),
                                                                              payload + "\nsecond line")
        assert place.country == "VN"
        assert (event.title, event.participants, event.description) == (payload, payload, payload)
        assert (leg.name, leg.description) == (payload, payload)
    assert story.layer("event").label == PAYLOADS[-1]


# --- concurrent writers ---------------------------------------------------------------------------------

def _add(args):
    root, n = args
    journal.save(root, E.AddPlace(f"c{n}", f"Concurrent {n}", n, n))
    return n


def test_concurrent_writers_in_several_processes_all_land(root):
    with multiprocessing.get_context("fork").Pool(8) as pool:
        done = pool.map(_add, [(str(root), n) for n in range(16)])
    assert sorted(done) == list(range(16))
    assert sorted(p.id for p in load_story(root).places) == sorted(f"c{n}" for n in range(16))
    assert len(journal.history(root)) == 16


# --- the edit map -----------------------------------------------------------------------------------------

def test_edit_map_draws_places_legs_and_the_line_being_drawn_with_names_as_text(root):
    from mapapp.editmap import edit_layers
    from mapapp.mapbuild import MapOptions, base_map

    for n, payload in enumerate(PAYLOADS[:11]):
        journal.save(root, E.AddPlace(f"p{n}", payload, 10 + n, 20 + n))
    journal.save(root, E.AddRoute("r", "p0", "p1", "route", "2020-01-01", name=PAYLOADS[3],
                                  geometry=((20, 10), (21, 11))))
    story = load_story(root)
    m = base_map(story, MapOptions(legend=False), cluster=False)
    for group in edit_layers(story, draft=((30.5, 40.25), (31.5, 41.25)), pick=(12.5, 22.5), selected="p0"):
        group.add_to(m)
    html = m.get_root().render()
    for payload in ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "${alert(1)}", "{{7*7}}"):
        assert payload not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert html.count("L.circleMarker") == 11 + 2 + 1  # places, drawn points, the click
    assert "[40.25, 30.5]" in html and "[12.5, 22.5]" in html  # Leaflet order: lat, lon
    assert not re.findall(r'<(?:script[^>]+src|link[^>]+href)="https?://', html)  # no CDN: all JS/CSS inline


def test_start_view_fits_the_places(root):
    from mapapp.editmap import start_view

    assert start_view(load_story(root)) == ((20.0, 0.0), 2)
    journal.save(root, E.AddPlace("a", "A", 50, 80))
    journal.save(root, E.AddPlace("b", "B", 26, 92))
    (lat, lon), zoom = start_view(load_story(root))
    assert (lat, lon) == (38.0, 86.0) and 3 <= zoom <= 5


def test_edits_are_checked_with_the_articles_and_their_links(filled):
    from datetime import date

    from mapapp import store

    text = "Leaders met in Hai Phong on Thursday."
    article = store.prepare(text, date(2019, 2, 28), title="Meeting")
    start = article.text.index("Hai Phong")
    store.add_article(filled, article, [store.AcceptedLink("Hai Phong", start, start + 9, place_id="haiphong")])
    journal.save(filled, E.DeleteRoute("r1"))  # the leg no longer uses haiphong; the article link still does
    before = snapshot(filled)
    with pytest.raises(EditRefused, match="article_links.json.*place_id 'haiphong'"):
        journal.save(filled, E.DeletePlace("haiphong"))
    assert snapshot(filled) == before
    assert not [p for p in filled.iterdir() if p.name.startswith(".mapapp-check-")]  # the check left nothing
    journal.save(filled, E.AddPlace("hue", "Hue", 16.46, 107.59))  # a story with articles still takes edits
    assert load_story(filled).articles[0].title == "Meeting"
