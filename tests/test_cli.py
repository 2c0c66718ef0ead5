"""cli.py: python -m mapapp export | validate | --help, in-process through main(argv) and one real subprocess."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from mapapp.cli import main, parser
from story_factory import default_events, event, write_story

REPO = Path(__file__).resolve().parent.parent


def run(capsys, *argv) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exc:  # argparse exits for --help and usage errors
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def broken_story(tmp_path):
    events = default_events() + [event("e_bad", "atlantis"), event("e_when", "ferrin", date_start="13/09/2023")]
    return write_story(tmp_path / "broken", events=events, places_text='{"type": "FeatureCollection", "features": ['
                       '{"type": "Feature", "geometry": {"type": "Point", "coordinates": [130.6, 420.0]}, '
                       '"properties": {"id": "ferrin", "name": "Ferrin Crossing"}}]}')


def test_export_html(capsys, story_root, tmp_path):
    out = tmp_path / "map.html"
    code, stdout, stderr = run(capsys, "export", "--out", str(out), "--story", str(story_root))
    assert code == 0, stderr
    assert stdout.strip() == f"wrote {out}: 7 events, 3 route legs (html)"
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "Leaflet 1.9" in html and '"e_summit"' in html


@pytest.mark.parametrize("args, ids", [
    ([], {"e_depart", "e_border", "e_summit", "e_port", "e_2018", "e_2019", "e_2024", "leg_out", "leg_north",
          "leg_home"}),
    (["--start", "2023-09-12", "--end", "2023-09-13"], {"e_border", "e_summit", "leg_out", "leg_north"}),
    (["--end", "2019-01-01"], {"e_2018"}),
    (["--start", "2024-01-01"], {"e_2024"}),
    (["--layers", "summit,rail_leg"], {"e_summit", "leg_out", "leg_north", "leg_home"}),
])
def test_export_geojson_with_filters(capsys, story_root, tmp_path, args, ids):
    out = tmp_path / "story.geojson"
    code, stdout, stderr = run(capsys, "export", "--out", str(out), "--format", "geojson", "--story",
                               str(story_root), *args)
    assert code == 0, stderr
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert {f["properties"]["id"] for f in doc["features"]} == ids
    assert stdout.endswith("(geojson)\n")


def test_export_uses_the_story_setting(capsys, story_root, tmp_path, monkeypatch):
    monkeypatch.setenv("MAPAPP_STORY", str(story_root))
    out = tmp_path / "x.geojson"
    assert run(capsys, "export", "--out", str(out), "--format", "geojson")[0] == 0
    assert len(json.loads(out.read_text())["features"]) == 10


def test_export_of_a_broken_story_exits_2_with_the_problems(capsys, broken_story, tmp_path):
    out = tmp_path / "never.html"
    code, stdout, stderr = run(capsys, "export", "--out", str(out), "--story", str(broken_story))
    assert code == 2 and stdout == ""
    assert stderr.startswith("error: ") and "Traceback" not in stderr
    assert "places.geojson: feature 0 (id 'ferrin'): position [130.6, 420.0] is out of range" in stderr
    assert not out.exists()


def test_export_into_a_missing_folder_exits_2(capsys, story_root, tmp_path):
    code, _, stderr = run(capsys, "export", "--out", str(tmp_path / "nope" / "m.html"), "--story", str(story_root))
    assert code == 2 and "does not exist" in stderr and "Traceback" not in stderr


def test_export_that_cannot_write_exits_2_with_a_message(capsys, story_root, tmp_path, monkeypatch):
    import tempfile

    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied", str(tmp_path))

    monkeypatch.setattr(tempfile, "mkstemp", denied)
    code, _, stderr = run(capsys, "export", "--out", str(tmp_path / "m.html"), "--story", str(story_root))
    assert code == 2 and stderr.startswith("error: ") and "Permission denied" in stderr


def test_export_of_a_folder_that_is_not_a_story(capsys, tmp_path):
    code, _, stderr = run(capsys, "export", "--out", str(tmp_path / "m.html"), "--story", str(tmp_path))
    assert code == 2 and "not a story folder" in stderr


@pytest.mark.parametrize("args, message", [
    (["--start", "2023-13-01"], "'2023-13-01' is not a date in YYYY-MM-DD form"),
    (["--end", "yesterday"], "'yesterday' is not a date in YYYY-MM-DD form"),
    (["--format", "docx"], "unknown format docx; use one or more of html, geojson"),
    (["--format", "csv,docx"], "unknown format docx"),
    (["--layers", "summit,volcanoes"], "unknown layer(s) volcanoes"),
])
def test_export_bad_arguments_exit_2_with_a_message(capsys, story_root, tmp_path, args, message):
    code, _, stderr = run(capsys, "export", "--out", str(tmp_path / "m.html"), "--story", str(story_root), *args)
    assert code == 2 and message in stderr


def test_several_formats_are_drawn_from_one_loading_and_linking(capsys, story_root, tmp_path, monkeypatch):
    from mapapp import cli

    calls = {"load": 0, "link": 0}
    for name in ("load", "link"):
        real = getattr(cli, f"{name}_story")

        def counted(*a, _real=real, _name=name, **k):
            calls[_name] += 1
            return _real(*a, **k)

        monkeypatch.setattr(cli, f"{name}_story", counted)
    out = tmp_path / "out"
    out.mkdir()
    code, stdout, stderr = run(capsys, "export", "--format", "html,geojson,csv,png", "--out", str(out / "kim.html"),
                               "--story", str(story_root), "--start", "2023-09-12", "--end", "2023-09-13")
    assert code == 0, stderr
    assert calls == {"load": 1, "link": 1}
    written = {p.name for p in out.iterdir()}
    assert written == {"kim.html", "kim.geojson", "kim.csv", "kim.png"}
    assert stdout.count("wrote ") == 4 and "(png)" in stdout
    # each file is the one its format alone writes
    for fmt in ("geojson", "csv"):
        alone = tmp_path / "alone" / f"one.{fmt}"
        alone.parent.mkdir(exist_ok=True)
        assert run(capsys, "export", "--format", fmt, "--out", str(alone), "--story", str(story_root),
                   "--start", "2023-09-12", "--end", "2023-09-13")[0] == 0
        assert (out / f"kim.{fmt}").read_bytes() == alone.read_bytes()
    assert (out / "kim.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_stills_alone_do_not_link_the_story(capsys, story_root, tmp_path, monkeypatch):
    from mapapp import cli

    monkeypatch.setattr(cli, "link_story", lambda story: pytest.fail("a still map needs no snippets"))
    (tmp_path / "out").mkdir()
    code, _, stderr = run(capsys, "export", "--format", "svg,pdf", "--out", str(tmp_path / "out" / "still"),
                          "--story", str(story_root))
    assert code == 0, stderr
    assert {p.name for p in (tmp_path / "out").iterdir()} == {"still.svg", "still.pdf"}


def test_several_formats_refuse_before_writing_anything(capsys, story_root, tmp_path):
    code, _, stderr = run(capsys, "export", "--format", "csv,geojson", "--out", str(story_root / "seeds" / "x"),
                          "--story", str(story_root))
    assert code == 2 and "seeds/ folder" in stderr
    assert not list((story_root / "seeds").glob("x.*"))
    code, _, stderr = run(capsys, "export", "--format", "csv,geojson", "--out", str(tmp_path), "--story",
                          str(story_root))
    assert code == 2 and "names a folder" in stderr and not list(tmp_path.glob("*.csv"))
    assert not list(tmp_path.glob("*.geojson"))


def test_export_needs_out(capsys):
    code, _, stderr = run(capsys, "export")
    assert code == 2 and "--out" in stderr


def test_validate_ok(capsys, story_root):
    code, stdout, _ = run(capsys, "validate", "--story", str(story_root))
    assert code == 0
    first, layers = stdout.strip().splitlines()
    assert first == f"{story_root.resolve()}: OK — 6 places, 7 events, 3 route legs, 2 articles"
    assert layers.startswith("layers: rail_leg (routes, Rail route), journey_stop (points, Journey stop)")


def test_validate_lists_every_problem(capsys, broken_story):
    code, stdout, stderr = run(capsys, "validate", "--story", str(broken_story))
    assert code == 2 and stdout == ""
    lines = stderr.splitlines()
    problems = [line for line in lines if line.startswith("  - ")]
    assert len(problems) == len(lines) - 1 and lines[0].startswith("error: ")
    expected = ["places.geojson: feature 0 (id 'ferrin'): position [130.6, 420.0] is out of range",
                "events.csv: line 10 (id 'e_when'): date_start '13/09/2023' is not an ISO date",
                "events.csv: id 'e_bad': place_id 'atlantis' is not an id in places.geojson",
                "events.csv: id 'e_depart': place_id 'norvale' is not an id in places.geojson"]
    for text in expected:
        assert sum(text in p for p in problems) == 1, (text, stderr)
    assert lines[0] == f"error: {len(problems)} problem(s) in the story:"


SUBCOMMANDS = {"export": ["--out", "--format", "--start", "--end", "--layers", "--story"],
               "validate": ["--story"], "serve": ["--story", "--port"], "places": ["files", "--json", "--story"]}


@pytest.mark.parametrize("command", [None, *SUBCOMMANDS])
def test_help_for_every_command(capsys, command):
    code, stdout, _ = run(capsys, *([command] if command else []), "--help")
    assert code == 0 and stdout.startswith("usage: python -m mapapp")
    options = SUBCOMMANDS.get(command, list(SUBCOMMANDS))
    for option in options:
        assert option in stdout


def test_every_option_has_help_text():
    root = parser()
    sub = next(a for a in root._actions if a.dest == "command")
    for name, command in sub.choices.items():
        for action in command._actions:
            if action.dest != "help":
                assert action.help, f"{name} {action.option_strings or action.dest} has no help text"


def test_no_command_is_a_usage_error(capsys):
    code, _, stderr = run(capsys)
    assert code == 2 and "usage:" in stderr


def test_real_subprocess_export(story_root, tmp_path):
    """python -m mapapp export as a user runs it, from another working directory."""
    out = tmp_path / "out" / "story.geojson"
    out.parent.mkdir()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])}
    env.pop("MAPAPP_STORY", None)
    proc = subprocess.run([sys.executable, "-m", "mapapp", "export", "--out", str(out), "--format", "geojson",
                           "--start", "2023-09-13", "--end", "2023-09-13", "--story", str(story_root)],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "wrote" in proc.stdout and "1 events, 1 route legs (geojson)" in proc.stdout
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert {f["properties"]["id"] for f in doc["features"]} == {"e_summit", "leg_north"}
