"""Data loss (issue 16, items 6 and 8): exports never replace the story's own files; adding an article survives
kill -9 at every step (never an article without its reviewed links); stale temporary files go; the sidecar
may start with a BOM or be a link inside the story folder."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from datetime import date
from pathlib import Path

import pytest

from mapapp import cli, store
from mapapp.errors import StoreError
from mapapp.load import load_story

ROOT = Path(__file__).resolve().parent.parent
BODY = "The train passed Ferrin Crossing and stopped at Quarrytown."


def _links(text):
    start = text.index("Ferrin Crossing")
    return [store.AcceptedLink("Ferrin Crossing", start, start + 15, place_id="ferrin")]


def _add(root, title="Quarry news"):
    article = store.prepare(BODY, date(2023, 9, 15), title)
    return store.add_article(root, article, _links(article.text))


def _sidecar(root) -> dict:
    return json.loads((Path(root) / store.LINKS).read_text(encoding="utf-8-sig"))


# --- export --out ----------------------------------------------------------------------------------

def _hardlink(root, tmp):
    os.link(root / "geodata/events.csv", tmp / "events-copy.csv")
    return tmp / "events-copy.csv"


def _symlink(root, tmp):
    (tmp / "out.geojson").symlink_to(root / "geodata/places.geojson")
    return tmp / "out.geojson"


@pytest.mark.parametrize("out", [
    lambda root, tmp: root / "geodata/places.geojson",
    lambda root, tmp: root / "geodata/events.csv",
    lambda root, tmp: root / "seeds/001_train.txt",
    lambda root, tmp: root / "seeds/new-export.html",
    lambda root, tmp: root / "geodata",
    lambda root, tmp: root / "geodata/../geodata/routes.geojson",
    _symlink,
    _hardlink,
], ids=["places", "events", "article", "new file in seeds", "geodata folder", "dotted path", "symlink",
        "hard link"])
def test_export_never_replaces_a_file_of_the_story(story_root, tmp_path, capsys, out):
    before = {p: p.read_bytes() for p in sorted(story_root.rglob("*")) if p.is_file()}
    target = out(story_root, tmp_path)
    assert cli.main(["export", "--story", str(story_root), "--format", "geojson", "--out", str(target)]) == 2
    err = capsys.readouterr().err
    assert "must not" in err and "Traceback" not in err
    assert {p: p.read_bytes() for p in sorted(story_root.rglob("*")) if p.is_file()} == before
    assert cli.main(["validate", "--story", str(story_root)]) == 0


def test_export_elsewhere_is_written_atomically(story_root, tmp_path, capsys):
    out = tmp_path / "exports" / "map.geojson"
    out.parent.mkdir()
    assert cli.main(["export", "--story", str(story_root), "--format", "geojson", "--out", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["type"] == "FeatureCollection"
    assert [p.name for p in out.parent.iterdir()] == ["map.geojson"], "no temporary file left"


# --- kill -9 while adding an article ---------------------------------------------------------------

_KILLED = textwrap.dedent("""
    import os, signal, sys
    from datetime import date
    from mapapp import store

    name, nth, when = sys.argv[2], int(sys.argv[3]), sys.argv[4]
    real = getattr(os, name)
    calls = [0]

    def hook(*args, **kwargs):
        calls[0] += 1
        if calls[0] == nth and when == "before":
            os.kill(os.getpid(), signal.SIGKILL)
        result = real(*args, **kwargs)
        if calls[0] == nth and when == "after":
            os.kill(os.getpid(), signal.SIGKILL)
        return result

    setattr(os, name, hook)
    article = store.prepare(%r, date(2023, 9, 16), "Killed")
    start = article.text.index("Ferrin Crossing")
    store.add_article(sys.argv[1], article, [store.AcceptedLink("Ferrin Crossing", start, start + 15,
                                                                place_id="ferrin")])
    print("finished")
""" % BODY)


# Every rename and link of an add (the sidecar is written with os.replace, the article with os.link), killed
# just before and just after it.
KILL_POINTS = [(name, nth, when) for name, nth in (("replace", 1), ("link", 1), ("replace", 2))
               for when in ("before", "after")]


@pytest.mark.parametrize("name, nth, when", KILL_POINTS, ids=[f"{w}-{n}{k}" for n, k, w in KILL_POINTS])
def test_kill_9_during_an_add_never_leaves_an_article_without_its_links(story_root, name, nth, when):
    first = _add(story_root, "Before the crash")
    child = subprocess.run([sys.executable, "-c", _KILLED, str(story_root), name, str(nth), when], cwd=ROOT,
                           capture_output=True, text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert child.returncode == -signal.SIGKILL, child.stdout + child.stderr
    story = load_story(story_root)  # loads, with no complaint
    killed = [a for a in story.articles if a.title == "Killed"]
    saved = (name, nth, when) in {("link", 1, "after"), ("replace", 2, "before"), ("replace", 2, "after")}
    assert bool(killed) == saved, "the add counts once its article is linked in, not before"
    if killed:  # the article made it: then so did its reviewed links (and nothing else is linked in it)
        (article,) = killed
        assert article.id in story.reviewed
        assert [(x.surface, x.place_id) for x in story.links if x.article_id == article.id] == [
            ("Ferrin Crossing", "ferrin")]
    assert first in story.reviewed
    # The next add finishes or drops the dead one's journal entry and leaves no stale temporary file.
    for temp in [*story_root.glob("geodata/.*.tmp"), *story_root.glob("seeds/.*.tmp")]:
        os.utime(temp, (time.time() - 3600,) * 2)
    _add(story_root, "After the crash")
    doc = _sidecar(story_root)
    assert not [k for k, v in doc["articles"].items() if "pending" in v]
    assert set(doc["articles"]) == {p.stem for p in story_root.glob("seeds/2023-*.txt")}
    assert not [*story_root.glob("geodata/.*.tmp"), *story_root.glob("seeds/.*.tmp")]
    assert cli.main(["validate", "--story", str(story_root)]) == 0


def test_stale_temporary_files_of_ours_go_and_nothing_else(story_root):
    old = time.time() - 3600
    stale = [story_root / "geodata/.article_links.json.k2j4_x9a.tmp", story_root / "seeds/.new.abcd1234.tmp"]
    young = story_root / "geodata/.article_links.json.zzzz0000.tmp"
    mine = [story_root / "geodata/.notes.tmp", story_root / "seeds/draft.abcd1234.tmp"]
    for p in (*stale, young, *mine):
        p.write_text("x", encoding="utf-8")
    for p in (*stale, *mine):
        os.utime(p, (old, old))
    _add(story_root)
    assert not any(p.exists() for p in stale)
    assert young.exists() and all(p.exists() for p in mine)


# --- the sidecar file ------------------------------------------------------------------------------

def test_a_sidecar_with_a_bom_can_be_saved_to(story_root):
    first = _add(story_root, "First")
    path = story_root / store.LINKS
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert first in load_story(story_root).reviewed  # it loads ...
    second = _add(story_root, "Second")  # ... and can be saved to
    assert set(_sidecar(story_root)["articles"]) == {first, second}


def test_a_linked_sidecar_inside_the_story_is_written_through(story_root):
    (story_root / "shared").mkdir()
    real = story_root / "shared/links.json"
    real.write_text('{"format": 1, "articles": {}}', encoding="utf-8")
    (story_root / store.LINKS).symlink_to(Path("../shared/links.json"))
    article_id = _add(story_root)
    assert (story_root / store.LINKS).is_symlink(), "the link is kept"
    assert article_id in json.loads(real.read_text(encoding="utf-8"))["articles"]
    assert article_id in load_story(story_root).reviewed


def test_a_sidecar_linked_outside_the_story_is_refused(story_root, tmp_path):
    real = tmp_path / "elsewhere.json"
    real.write_text('{"format": 1, "articles": {}}', encoding="utf-8")
    (story_root / store.LINKS).symlink_to(real)
    seeds = sorted(p.name for p in (story_root / "seeds").iterdir())
    with pytest.raises(StoreError, match="outside the story folder"):
        _add(story_root)
    assert (story_root / store.LINKS).is_symlink() and real.read_text(encoding="utf-8") == \
        '{"format": 1, "articles": {}}'
    assert sorted(p.name for p in (story_root / "seeds").iterdir()) == seeds


def test_a_repeated_key_in_the_sidecar_is_reported(story_root, capsys):
    article_id = _add(story_root)
    path = story_root / store.LINKS
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('"format": 1,', '"format": 1, "articles": {},', 1), encoding="utf-8")
    assert cli.main(["validate", "--story", str(story_root)]) == 2
    assert f"{path}: key 'articles': appears twice" in capsys.readouterr().err
    assert article_id
