"""`python -m mapapp new` and `python -m mapapp edit …`: every action, refusals (exit 2, message, nothing
changed), undo and history, help on every option, and eight concurrent commands that all land."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from mapapp.cli import main, parser
from mapapp.load import load_story
from test_edit import snapshot

ROOT = Path(__file__).resolve().parent.parent


def run(*argv) -> int:
    return main([str(a) for a in argv])


@pytest.fixture
def story(tmp_path) -> Path:
    folder = tmp_path / "trip"
    assert run("new", folder, "--title", "Hanoi trip") == 0
    return folder


def edit(story, *argv) -> int:
    return run("edit", "--story", story, *argv)


def test_new_then_validate_and_export(story, tmp_path, capsys):
    assert run("validate", "--story", story) == 0
    assert "0 places, 0 events, 0 route legs" in capsys.readouterr().out
    for fmt in ("html", "geojson", "kml", "csv"):
        assert run("export", "--story", story, "--format", fmt, "--out", tmp_path / f"out.{fmt}") == 0


def test_new_refuses_a_story_folder(story, capsys):
    before = snapshot(story)
    assert run("new", story, "--title", "again") == 2
    assert "is not empty" in capsys.readouterr().err
    assert snapshot(story) == before


def test_every_action(story, capsys):
    assert edit(story, "add-place", "--id", "hanoi", "--name", "Hanoi", "--lat", 21.03, "--lon", 105.85,
                "--kind", "city", "--country", "VN", "--source", "https://en.wikipedia.org/wiki/Hanoi",
                "--alias", "Ha Noi") == 0
    assert edit(story, "add-place", "--id", "hp", "--name", "Hai Phong", "--lat", 20.8, "--lon", 106.6) == 0
    assert edit(story, "move-place", "hp", "--lat", 20.86, "--lon", 106.68) == 0
    assert edit(story, "update-place", "hp", "--name", "Haiphong", "--kind", "port", "--description", "Port") == 0
    assert edit(story, "add-event", "--id", "e1", "--place", "hanoi", "--category", "event", "--title", "Summit",
                "--start", "2019-02-27", "--end", "2019-02-28", "--source", "https://example.org/a",
                "--participants", "Kim; Trump") == 0
    assert edit(story, "add-route", "--id", "r1", "--from", "hanoi", "--to", "hp", "--category", "route",
                "--start", "2019-02-28", "--geometry", '{"type": "LineString", "coordinates": '
                '[[105.85, 21.03], [106.68, 20.86]]}') == 0
    assert edit(story, "add-route", "--id", "r2", "--from", "hp", "--to", "hanoi", "--category", "route",
                "--start", "2019-03-01", "--mode", "air") == 0
    assert edit(story, "add-layer", "--id", "talks", "--label", "Talks", "--symbol", "star") == 0
    assert edit(story, "update-layer", "talks", "--color", "#117733", "--label", "Talks!") == 0
    assert edit(story, "update-layer", "talks", "--position", 0) == 0
    s = load_story(story)
    assert s.place_by_id["hp"].name == "Haiphong" and (s.place_by_id["hp"].lat, s.place_by_id["hp"].lon) == (20.86,
                                                                                                         106.68)
    assert s.place_by_id["hanoi"].aliases == ("Ha Noi",)
    assert s.event_by_id["e1"].participants == "Kim; Trump"
    assert [(r.id, r.drawn) for r in s.routes] == [("r1", True), ("r2", False)]
    assert s.layers[0].id == "talks" and s.layers[0].label == "Talks!" and s.layers[0].symbol == "star"
    assert edit(story, "delete", "r2") == 0
    assert edit(story, "delete", "talks") == 0
    capsys.readouterr()
    assert edit(story, "history") == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 12 and "DeleteLayer id='talks'" in out[0] and "AddPlace id='hanoi'" in out[-1]
    for _ in range(3):
        assert edit(story, "undo") == 0
    s = load_story(story)
    assert [r.id for r in s.routes] == ["r1", "r2"] and s.layers[0].id != "talks"


@pytest.mark.parametrize("argv,message", [
    (("add-place", "--id", "x y", "--name", "X", "--lat", 1, "--lon", 1), "id: 'x y' is not a valid id"),
    (("add-place", "--id", "x", "--name", "X", "--lat", 100, "--lon", 1), "lat: must be a number from -90 to 90"),
    (("add-place", "--id", "x", "--name", "X", "--lat", 1, "--lon", 1, "--source", "ftp://a"),
     "sources: 'ftp://a' is not an http(s) URL"),
    (("move-place", "nowhere", "--lat", 1, "--lon", 1), "there is no place 'nowhere'"),
    (("add-event", "--id", "e", "--place", "nowhere", "--category", "event", "--title", "T", "--start", "2020-01-01"),
     "place_id 'nowhere' is not an id in places.geojson"),
    (("add-event", "--id", "e", "--place", "a", "--category", "event", "--title", "T", "--start", "1 May"),
     "date_start '1 May' is not an ISO date"),
    (("add-route", "--id", "r", "--from", "a", "--to", "a", "--category", "route", "--start", "2020-01-01"),
     "geometry is missing: only air legs may have none"),
    (("add-route", "--id", "r", "--from", "a", "--to", "a", "--category", "route", "--start", "2020-01-01",
      "--geometry", "[[1, 2], [3"), "geometry: not valid JSON"),
    (("delete", "a"), "place 'a' is still used by event 'e0'"),
    (("delete", "nothing"), "nothing called 'nothing'"),
    (("update-layer", "event", "--position", 0, "--label", "x"), "position: move a layer on its own"),
])
def test_refusals_exit_2_and_change_nothing(story, capsys, argv, message):
    assert edit(story, "add-place", "--id", "a", "--name", "A", "--lat", 1, "--lon", 1) == 0
    assert edit(story, "add-event", "--id", "e0", "--place", "a", "--category", "event", "--title", "T",
                "--start", "2020-01-01") == 0
    capsys.readouterr()
    before = snapshot(story)
    assert edit(story, *argv) == 2
    assert message in capsys.readouterr().err
    assert snapshot(story) == before


def test_undo_with_an_empty_history(story, capsys):
    assert edit(story, "undo") == 2
    assert "nothing to undo" in capsys.readouterr().err


def test_edit_outside_a_story_folder(tmp_path, capsys):
    assert edit(tmp_path, "undo") == 2
    assert "not a story folder" in capsys.readouterr().err


def _options(p):
    for action in p._actions:
        if hasattr(action, "choices") and isinstance(action.choices, dict):
            for name, sub in action.choices.items():
                yield from ((f"{name} {opt}", help_) for opt, help_ in _options(sub))
        elif action.dest != "help":
            yield action.dest, action.help


def test_help_on_every_option():
    missing = [name for name, help_ in _options(parser()) if not help_ and name.split()[0] in ("new", "edit")]
    assert not missing


def test_eight_concurrent_commands_all_land(story):
    procs = [subprocess.Popen([sys.executable, "-m", "mapapp", "edit", "--story", str(story), "add-place",
                               "--id", f"p{n}", "--name", f"Place {n}", "--lat", str(n), "--lon", str(n)],
                              cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for n in range(8)]
    results = [(p.wait(timeout=300), p.stderr.read()) for p in procs]
    assert all(code == 0 for code, _ in results), results
    doc = json.loads((story / "geodata/places.geojson").read_text())
    assert sorted(f["properties"]["id"] for f in doc["features"]) == [f"p{n}" for n in range(8)]
    assert run("validate", "--story", story) == 0
