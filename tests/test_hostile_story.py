"""Hostile and careless story folders (issue 16, items 4, 5 and 7): `python -m mapapp validate` names the file,
the feature or line and the problem for each, exits 2, never hangs and never prints a traceback."""
from __future__ import annotations

import json
import os
import pathlib
import re
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from mapapp import cli
from mapapp.errors import DataError
from story_factory import collection, default_events, default_places, events_csv, place, write_story

ROOT = Path(__file__).resolve().parent.parent


# --- ways to break a story folder (each takes the story folder and a folder outside it) -----------------

def _fifo(name):
    def make(root, outside):
        (root / name).unlink(missing_ok=True)
        os.mkfifo(root / name)
    return make


def _link(name, to):
    def make(root, outside):
        target = to(root, outside) if callable(to) else to
        (root / name).unlink(missing_ok=True)
        (root / name).symlink_to(target)
    return make


def _secret(root, outside):
    (outside / "secret.txt").write_text("date 2023-09-01\n\nThe private diary of someone.\n", encoding="utf-8")
    return outside / "secret.txt"


def _loop(root, outside):
    (root / "geodata/loop_b").symlink_to(root / "geodata/loop_a")
    (root / "geodata/loop_a").symlink_to(root / "geodata/loop_b")
    return root / "geodata/loop_a"


def _edit_places(change):
    def make(root, outside):
        doc = json.loads((root / "geodata/places.geojson").read_text(encoding="utf-8"))
        change(doc)
        (root / "geodata/places.geojson").write_text(json.dumps(doc), encoding="utf-8")
    return make


def _props(i, **values):
    return _edit_places(lambda doc: doc["features"][i]["properties"].update(values))


def _events(change):
    def make(root, outside):
        rows = default_events()
        change(rows)
        (root / "geodata/events.csv").write_text(events_csv(rows), encoding="utf-8")
    return make


def _write(name, text):
    def make(root, outside):
        (root / name).write_text(text, encoding="utf-8")
    return make


def _cut_csv(root, outside):
    rows = default_events()
    rows[2]["description"] = 'A long, "quoted" description\nover two lines.'
    text = events_csv(rows)
    cut = text.index("over two lines")  # the file ends inside the quoted cell of the third event
    (root / "geodata/events.csv").write_text(text[:cut], encoding="utf-8")


def _crs(name):
    return _edit_places(lambda doc: doc.update(crs={"type": "name", "properties": {"name": name}}))


def _cycle(doc):
    doc["features"][0]["properties"]["part_of"] = ["ferrin"]
    doc["features"][1]["properties"]["part_of"] = ["greywater"]
    doc["features"][2]["properties"]["part_of"] = ["norvale"]


def _duplicate_key(root, outside):
    text = json.dumps(collection(default_places()), indent=1)
    text = text.replace('"name": "Norvale"', '"name": "Norvale", "name": "Elsewhere"', 1)
    (root / "geodata/places.geojson").write_text(text, encoding="utf-8")


# (case id, how to break the story, file named, feature/line named (substring) or None, problem (regex))
CASES = [
    # item 4: hang, memory, leak
    ("fifo in seeds", _fifo("seeds/003_pipe.txt"), "seeds/003_pipe.txt", None, r"is a pipe, not a regular file"),
    ("fifo as places", _fifo("geodata/places.geojson"), "geodata/places.geojson", None, r"is a pipe"),
    ("seeds link to /dev/zero", _link("seeds/003_zero.txt", "/dev/zero"), "seeds/003_zero.txt", None,
     r"link to /dev/zero, outside the story folder"),
    ("seeds link outside the story", _link("seeds/003_secret.txt", _secret), "seeds/003_secret.txt", None,
     r"outside the story folder"),
    ("events link outside the story", _link("geodata/events.csv", lambda r, o: _copy(r, o, "geodata/events.csv")),
     "geodata/events.csv", None, r"outside the story folder"),
    ("folder named like an article", lambda r, o: (r / "seeds/003_dir.txt").mkdir(), "seeds/003_dir.txt", None,
     r"is a folder, not a regular file"),
    # item 5: silent omissions
    ("dangling routes link", _link("geodata/routes.geojson", "/nonexistent/routes.geojson"),
     "geodata/routes.geojson", None, r"dangling link"),
    ("looping routes link", _link("geodata/routes.geojson", _loop), "geodata/routes.geojson", None, r"loops"),
    ("dangling story.json link", _link("geodata/story.json", "missing.json"), "geodata/story.json", None,
     r"dangling link"),
    ("looping article_links.json", _link("geodata/article_links.json", _loop), "geodata/article_links.json",
     None, r"loops"),
    ("csv cut inside quotes", _cut_csv, "geodata/events.csv", "line 4", r"quoted cell .* never closed"),
    ("stray quote in csv", _write("geodata/events.csv", events_csv(default_events()).replace(
        ",A; B,", ',"A" B,', 1)), "geodata/events.csv", "line 2", r"cannot be read as CSV"),
    # item 7: the contract
    ("empty sources", _props(0, sources=[]), "geodata/places.geojson", "feature 0", r"'sources' is empty"),
    ("ftp source", _props(1, sources=["ftp://example.org/x"]), "geodata/places.geojson", "feature 1",
     r"'ftp://example.org/x' is not an absolute http\(s\) URL"),
    ("javascript source", _props(1, sources=["javascript:alert(1)"]), "geodata/places.geojson", "feature 1",
     r"not an absolute http\(s\) URL"),
    ("relative source in events", _events(lambda rows: rows[0].update(sources="www.example.org")),
     "geodata/events.csv", "line 2", r"'www.example.org' is not an absolute http\(s\) URL"),
    ("empty sources in events", _events(lambda rows: rows[0].update(sources="")), "geodata/events.csv",
     "line 2", r"'sources' is empty"),
    ("unknown kind", _props(2, kind="citty"), "geodata/places.geojson", "feature 2",
     r"kind 'citty' is not a known kind \(did you mean 'city'\?"),
    ("country name, not code", _props(2, country="Russia"), "geodata/places.geojson", "feature 2",
     r"country 'Russia' is not an ISO 3166-1 alpha-2 code"),
    ("unknown country code", _props(2, country="XX"), "geodata/places.geojson", "feature 2", r"'XX' is not an ISO"),
    ("numeric name", _props(3, name=5), "geodata/places.geojson", "feature 3",
     r"property 'name' must be a text \(a JSON string\), not a number"),
    ("list name", _props(3, name=["Alder"]), "geodata/places.geojson", "feature 3",
     r"property 'name' must be a text .*not a list"),
    ("numeric id", _props(3, id=7), "geodata/places.geojson", "feature 3", r"property 'id' must be a text"),
    ("ids equal but for case", _props(1, id="Norvale"), "geodata/places.geojson", "feature 1",
     r"id 'Norvale' differs only in case or spaces from 'norvale'"),
    ("ids equal but for spaces", _props(1, id="nor vale"), "geodata/places.geojson", "feature 1",
     r"differs only in case or spaces"),
    ("event ids equal but for case", _events(lambda rows: rows[1].update(id=rows[0]["id"].upper())),
     "geodata/events.csv", "line 3", r"differs only in case or spaces from 'e_depart'"),
    ("part_of cycle", _edit_places(_cycle), "geodata/places.geojson", "id 'norvale'",
     r"part_of forms a cycle: norvale → ferrin → greywater → norvale"),
    ("duplicated JSON key", _duplicate_key, "geodata/places.geojson", "key 'name'", r"appears twice"),
    ("UTM zone is not WGS84", _crs("WGS 84 / UTM zone 52N"), "geodata/places.geojson", "crs",
     r"'WGS 84 / UTM zone 52N'; GeoJSON must be WGS84"),
    ("web mercator", _crs("urn:ogc:def:crs:EPSG::3857"), "geodata/places.geojson", "crs", r"EPSG::3857"),
    ("title of the wrong type", _write("geodata/story.json", '{"title": 5}'), "geodata/story.json", "title",
     r"field 'title' must be a text \(a JSON string\), not a number"),
]


def _copy(root, outside, name):
    (outside / "copy").write_bytes((root / name).read_bytes())
    return outside / "copy"


#: Cases that are warnings: the story loads (the map and report link only http(s) URLs) and validate names them.
WARNINGS = {"unknown kind", "empty sources", "ftp source", "javascript source", "relative source in events", "empty sources in events"}
#: Cases that hung or ate memory before the fix run in a child process, bounded in time and memory.
CHILD = {"fifo in seeds", "fifo as places", "seeds link to /dev/zero"}


def _validate_here(root, capsys) -> tuple[int, str, str]:
    rc = cli.main(["validate", "--story", str(root)])
    captured = capsys.readouterr()
    return rc, captured.out, captured.err


def _validate(root) -> tuple[int, str, str]:
    """Run `python -m mapapp validate --story root` in a child process: bounded in time and memory."""
    def limits():
        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))  # a runaway read fails fast, not the machine

    proc = subprocess.run([sys.executable, "-m", "mapapp", "validate", "--story", str(root)], cwd=ROOT,
                          capture_output=True, text=True, timeout=60, preexec_fn=limits,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    return proc.returncode, proc.stdout, proc.stderr


@pytest.mark.parametrize("case, make, file, feature, detail", CASES, ids=[c[0] for c in CASES])
def test_validate_names_every_bad_input(tmp_path, capsys, case, make, file, feature, detail):
    root = write_story(tmp_path / "story")
    (tmp_path / "outside").mkdir()
    make(root, tmp_path / "outside")
    rc, out, err = _validate(root) if case in CHILD else _validate_here(root, capsys)
    assert "Traceback" not in err, err
    if case in WARNINGS:  # the story still shows; validate names the problem
        assert rc == 0, err
        lines = [line[len("warning: "):] for line in err.splitlines() if line.startswith("warning: ")]
    else:
        assert rc == 2 and "OK" not in out, out + err
        lines = [line.lstrip(" -") for line in err.splitlines()]
    lines = [line for line in lines if line.startswith(str(root.resolve() / file) + ":")]
    hits = [line for line in lines if (feature is None or f": {feature}" in line) and re.search(detail, line)]
    assert len(hits) == 1, f"expected one line naming {file} / {feature} / {detail!r}:\n{err}"
    assert "private diary" not in out + err


@pytest.mark.parametrize("crs", ["WGS 84 / UTM zone 52N", "EPSG:3857"])
def test_a_wrong_crs_is_one_problem_not_one_per_feature_and_reference(tmp_path, capsys, crs):
    root = write_story(tmp_path / "story")
    _crs(crs)(root, tmp_path)
    rc, out, err = _validate_here(root, capsys)
    assert rc == 2 and "1 problem(s)" in err, err


@pytest.mark.parametrize("name", ["urn:ogc:def:crs:OGC:1.3:CRS84", "urn:ogc:def:crs:EPSG::4326", "EPSG:4326"])
def test_wgs84_crs_names_are_accepted(tmp_path, name):
    root = write_story(tmp_path / "story")
    _crs(name)(root, tmp_path)
    assert cli.main(["validate", "--story", str(root)]) == 0


def test_a_link_inside_the_story_folder_is_read(tmp_path, capsys):
    root = write_story(tmp_path / "story")
    (root / "data").mkdir()
    (root / "geodata/events.csv").rename(root / "data/events.csv")
    (root / "geodata/events.csv").symlink_to(Path("../data/events.csv"))
    assert cli.main(["validate", "--story", str(root)]) == 0
    assert f"{len(default_events())} events" in capsys.readouterr().out


def test_an_unreadable_file_is_an_error_not_absence(tmp_path, monkeypatch, capsys):
    """Permission denied (simulated: the tests may run as root, who reads anything)."""
    root = write_story(tmp_path / "story")
    target = str(root / "geodata/routes.geojson")
    real_open, real_read_text, real_read_bytes = os.open, pathlib.Path.read_text, pathlib.Path.read_bytes

    def denied(path, *args, **kwargs):
        if str(path) == target:
            raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(os, "open", lambda p, *a, **k: denied(p) or real_open(p, *a, **k))
    monkeypatch.setattr(pathlib.Path, "read_text", lambda p, *a, **k: denied(p) or real_read_text(p, *a, **k))
    monkeypatch.setattr(pathlib.Path, "read_bytes", lambda p, *a, **k: denied(p) or real_read_bytes(p, *a, **k))
    assert cli.main(["validate", "--story", str(root)]) == 2
    assert f"{target}: cannot be read: Permission denied" in capsys.readouterr().err


def test_the_built_in_story_still_validates(capsys):
    assert cli.main(["validate", "--story", str(ROOT)]) == 0


def test_reading_stops_at_the_limit_even_when_the_size_says_zero():
    """/proc files report size 0 but have content: the limit holds while reading, not only before."""
    from mapapp import saferead

    with pytest.raises(DataError, match="more than 10 bytes"):
        saferead.read_bytes("/proc/self/status", limit=10)
    assert saferead.read_bytes("/proc/self/status").startswith(b"Name:")


def test_the_factory_story_with_every_kind_and_country_validates(tmp_path):
    places = default_places() + [place("p_sea", "Some Sea", 130.0, 40.0, kind="sea", country="kp"),
                                 place("p_none", "No country", 131.0, 41.0, kind="place", country="")]
    root = write_story(tmp_path / "story", places=places)
    assert cli.main(["validate", "--story", str(root)]) == 0


def test_the_apps_cache_key_survives_looping_links_and_pipes(tmp_path):
    """The app lists the story's files before loading it: a link loop or a FIFO must reach the loader's message."""
    from mapapp.ui.cached import story_signature

    root = write_story(tmp_path / "story")
    os.mkfifo(root / "seeds/003_pipe.txt")
    (root / "geodata/loop").symlink_to(root / "geodata/loop")
    names = [Path(entry[0]).name for entry in story_signature(str(root))]
    assert "places.geojson" in names and "loop" not in names and "003_pipe.txt" not in names


def test_places_on_a_pipe_is_an_error_not_a_hang(tmp_path):
    os.mkfifo(tmp_path / "article.txt")
    proc = subprocess.run([sys.executable, "-m", "mapapp", "places", str(tmp_path / "article.txt")], cwd=ROOT,
                          capture_output=True, text=True, timeout=60, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.returncode == 2 and "is a pipe, not a regular file" in proc.stderr, proc.stderr


def test_the_story_format_documents_every_place_kind():
    from mapapp.contract import KINDS

    row = next(line for line in (ROOT / "geodata/README.md").read_text(encoding="utf-8").splitlines()
               if line.startswith("| `kind` |"))
    assert re.findall(r"`([a-z_]+)`", row)[1:-1] == list(KINDS)  # between `kind` and `validate`
