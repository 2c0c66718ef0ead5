"""Added articles are kept (mapapp.store): seeds file + sidecar, read back by the loader, never lost.

Covers the round trip through the seeds format, what the loader makes of the sidecar (snippets, reported
places and their events), every sidecar problem the loader reports, atomic writes under a SIGKILL, and
concurrent adds from several processes and threads.
"""
from __future__ import annotations

import json
import multiprocessing
import os
import signal
import subprocess
import sys
import textwrap
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

import pytest

from mapapp import store
from mapapp.errors import ArticleError, StoreError
from mapapp.link import link_story
from mapapp.load import load_story, parse_article
from mapapp.store import AcceptedLink

from story_factory import assert_problem, default_places, place, problems_of, write_story

ROOT = Path(__file__).resolve().parent.parent
BODY = ("The train passed Ferrin Crossing at night. Later it reached Port Alder.\n\n"
        "Officials also named Quarrytown, a mining town inland, and Ferrin again.")


def links_for(text: str, *names_and_targets) -> list[AcceptedLink]:
    """AcceptedLinks for the first occurrence of each surface: a place id, or (name, lat, lon) for a new place."""
    out = []
    for surface, target in names_and_targets:
        start = text.index(surface)
        if isinstance(target, str):
            out.append(AcceptedLink(surface, start, start + len(surface), place_id=target))
        else:
            name, lat, lon = target
            out.append(AcceptedLink(surface, start, start + len(surface), name=name, lat=lat, lon=lon, kind="town",
                                    country="RU"))
    return out


def add(root, body=BODY, when=date(2023, 9, 15), title="Quarry news", url="https://example.org/q", links=None):
    article = store.prepare(body, when, title, url)
    if links is None:
        links = links_for(article.text, ("Ferrin Crossing", "ferrin"), ("Quarrytown", ("Quarrytown", 45.1, 133.2)))
    return store.add_article(root, article, links), article


def sidecar(root) -> dict:
    return json.loads((Path(root) / store.LINKS).read_text(encoding="utf-8"))


# --- the seeds format round trip ---------------------------------------------------------------------

@pytest.mark.parametrize("body", [
    "Plain text.",
    "Windows\r\nline ends\r\n\r\nand old Mac\rones",
    "  \n\nleading and trailing blank lines\n\n  ",
    "date 2020-01-01\ntitle fake header inside the text",
    "title looks like a header\nurl also",
    "Unicode: a\u2028b\u2029c \u202eevil\u202c “quotes” ’s",
])
def test_prepare_reads_back_exactly_as_the_loader_reads_the_file(tmp_path, body):
    article = store.prepare(body, date(2023, 9, 15), "A title\nwith a line break", " https://example.org/a ")
    assert article.text == body.replace("\r\n", "\n").replace("\r", "\n").strip()
    assert (article.title, article.url, article.date) == ("A title with a line break", "https://example.org/a",
                                                          date(2023, 9, 15))
    path = tmp_path / "a.txt"
    path.write_text(store.seeds_text(article.text, article.date, article.title, article.url), encoding="utf-8",
                    newline="")
    again = parse_article(path.read_bytes(), "a.txt", "a")
    assert (again.text, again.title, again.url, again.date) == (article.text, article.title, article.url,
                                                                article.date)


def test_prepare_without_a_title_uses_the_loaders_default():
    article = store.prepare("First line is the headline\nThen the rest.", date(2023, 9, 15))
    assert article.title == "First line is the headline"
    assert "title" not in store.seeds_text(article.text, article.date, "", "")


@pytest.mark.parametrize("body, when, limit, message", [
    ("Some text.", None, None, "needs the article's date"),
    ("   \n\t ", date(2023, 9, 15), None, "has no article text"),
    ("x" * 200, date(2023, 9, 15), 100, r"is 2\d\d bytes; the limit is 100 bytes"),
])
def test_prepare_refuses(body, when, limit, message):
    with pytest.raises(ArticleError, match=message):
        store.prepare(body, when, limit=limit)


# --- adding, and what the loader makes of it ---------------------------------------------------------

def test_add_article_writes_the_seeds_file_and_the_sidecar(story_root):
    article_id, article = add(story_root)
    assert article_id == "2023-09-15_quarry-news"
    seeds_file = story_root / "seeds" / f"{article_id}.txt"
    assert seeds_file.read_text(encoding="utf-8").startswith(
        "date 2023-09-15\ntitle Quarry news\nurl https://example.org/q\n\nThe train passed")
    doc = sidecar(story_root)
    assert doc["format"] == 1
    entry = doc["articles"][article_id]
    assert entry["links"] == [
        {"surface": "Ferrin Crossing", "start": 17, "end": 32, "place_id": "ferrin"},
        {"surface": "Quarrytown", "start": BODY.index("Quarrytown"), "end": BODY.index("Quarrytown") + 10,
         "place": {"name": "Quarrytown", "lat": 45.1, "lon": 133.2, "kind": "town", "country": "RU"}}]
    assert entry["added"].endswith("+00:00")
    assert sorted(p.name for p in story_root.iterdir()) == [".mapapp.lock", "geodata", "seeds"]
    assert not [p for p in (story_root / "seeds").iterdir() if p.name.startswith(".")], "no temporary file left"


def test_the_loader_makes_snippets_and_a_reported_place(story_root):
    article_id, _ = add(story_root)
    story = load_story(story_root)
    assert article_id in story.reviewed
    quarry = next(p for p in story.places if p.name == "Quarrytown")
    assert quarry.id == "reported_quarrytown" and story.reported_place_ids == {quarry.id}
    assert (quarry.lat, quarry.lon, quarry.kind, quarry.country) == (45.1, 133.2, "town", "RU")
    [event] = [e for e in story.events if e.category == "reported_place"]
    assert (event.place_id, event.date_start, event.title, event.sources) == (
        quarry.id, date(2023, 9, 15), "Quarry news", ("https://example.org/q",))
    snippets = link_story(story)
    [on_quarry] = snippets[quarry.id]
    assert on_quarry.text == "Officials also named Quarrytown, a mining town inland, and Ferrin again."
    assert on_quarry.spans == ((21, 31),)
    mine = [s for s in snippets["ferrin"] if s.article_id == article_id]
    # Only the accepted mention: the sentence naming "Ferrin" again and "Port Alder" (a story place found by
    # name in other articles) were not accepted, so this article gives them nothing.
    assert [(s.text, s.spans) for s in mine] == [("The train passed Ferrin Crossing at night.", ((17, 32),))]
    assert not [s for s in snippets.get("alder", ()) if s.article_id == article_id]
    # Articles not added through the app are still linked by name.
    assert any(s.article_id == "001_train" for s in snippets["ferrin"])


@pytest.mark.parametrize("fmt", ["html", "geojson", "kml", "csv"])
def test_reported_places_follow_the_date_filter_into_every_export(story_root, fmt):
    from mapapp.export import export
    from mapapp.filters import FilterOptions, apply

    add(story_root)
    story = load_story(story_root)
    snippets = link_story(story)
    inside = FilterOptions(start=date(2023, 9, 14), end=date(2023, 9, 16))
    outside = FilterOptions(start=date(2023, 9, 16), end=date(2023, 9, 20))
    assert [e.place_id for e in apply(story, snippets, inside).events if e.category == "reported_place"] == [
        "reported_quarrytown"]
    assert "Quarrytown" in export(story, apply(story, snippets, inside), inside, fmt)
    assert "Quarrytown" not in export(story, apply(story, snippets, outside), outside, fmt)


def test_a_new_place_named_by_two_articles_is_one_point_with_two_dated_events(story_root):
    first, _ = add(story_root)
    second, _ = add(story_root, body="Quarrytown again.", when=date(2023, 9, 18), title="Follow-up",
                    links=links_for("Quarrytown again.", ("Quarrytown", ("Quarrytown", 45.1, 133.2))))
    story = load_story(story_root)
    assert [p.id for p in story.places if p.id in story.reported_place_ids] == ["reported_quarrytown"]
    events = sorted((e.date_start, e.title) for e in story.events if e.category == "reported_place")
    assert events == [(date(2023, 9, 15), "Quarry news"), (date(2023, 9, 18), "Follow-up")]
    assert len(link_story(story)["reported_quarrytown"]) == 2


def test_same_name_elsewhere_is_another_point(story_root):
    add(story_root)
    add(story_root, body="Quarrytown in the south.", title="South",
        links=links_for("Quarrytown in the south.", ("Quarrytown", ("Quarrytown", 12.0, 40.0))))
    story = load_story(story_root)
    assert sorted(story.reported_place_ids) == ["reported_quarrytown", "reported_quarrytown_2"]


def test_a_story_place_no_point_shows_gets_a_reported_event(tmp_path):
    places = [*default_places(), place("hidden", "Hidden Bay", 131.0, 44.0)]  # no events: not on the map
    root = write_story(tmp_path / "s", places=places)
    body = "Ships waited in Hidden Bay. The train passed Ferrin."
    add(root, body=body, links=links_for(body, ("Hidden Bay", "hidden"), ("Ferrin", "ferrin")))
    story = load_story(root)
    reported = [e for e in story.events if e.category == "reported_place"]
    assert [e.place_id for e in reported] == ["hidden"], "Ferrin is on the map already; Hidden Bay was not"
    assert not story.reported_place_ids, "a story place is not a new place"


def test_an_article_with_every_mention_rejected_links_nothing(story_root):
    article_id, _ = add(story_root, links=[])
    story = load_story(story_root)
    assert article_id in story.reviewed and not story.links
    assert all(s.article_id != article_id for snips in link_story(story).values() for s in snips)


def test_names_never_overwrite_a_file(story_root):
    user_file = story_root / "seeds" / "2023-09-15_quarry-news.txt"
    user_file.write_text("date 2023-01-01\n\nThe user's own article.", encoding="utf-8")
    ids = [add(story_root)[0] for _ in range(3)]
    assert ids == ["2023-09-15_quarry-news_2", "2023-09-15_quarry-news_3", "2023-09-15_quarry-news_4"]
    assert user_file.read_text(encoding="utf-8") == "date 2023-01-01\n\nThe user's own article."
    assert set(sidecar(story_root)["articles"]) == set(ids)


def test_odd_titles_make_plain_file_names(story_root):
    article_id, _ = add(story_root, title="../../etc/passwd <script>“Ñandú”</script>", links=[])
    assert article_id == "2023-09-15_etc-passwd-script-nandu-script"
    assert (story_root / "seeds" / f"{article_id}.txt").is_file()
    article_id, _ = add(story_root, title="“”", links=[])
    assert article_id == "2023-09-15_article"


def test_a_broken_sidecar_is_refused_and_left_alone(story_root):
    broken = '{"format": 1, "articles": {oops'
    (story_root / store.LINKS).write_text(broken, encoding="utf-8")
    before = sorted(p.name for p in (story_root / "seeds").iterdir())
    with pytest.raises(StoreError, match="article_links.json cannot be read .*it was not changed"):
        add(story_root)
    assert (story_root / store.LINKS).read_text(encoding="utf-8") == broken
    assert sorted(p.name for p in (story_root / "seeds").iterdir()) == before
    assert_problem(problems_of(story_root), "geodata/article_links.json", "line 1, column 28", "not valid JSON")


def test_a_sidecar_of_another_format_is_not_touched(story_root):
    (story_root / store.LINKS).write_text('{"format": 2, "articles": {}}', encoding="utf-8")
    with pytest.raises(StoreError, match="format 2"):
        add(story_root)
    assert (story_root / store.LINKS).read_text(encoding="utf-8") == '{"format": 2, "articles": {}}'


def test_unknown_keys_in_the_sidecar_are_kept(story_root):
    (story_root / store.LINKS).write_text('{"format": 1, "note": "mine", "articles": {}}', encoding="utf-8")
    add(story_root)
    assert sidecar(story_root)["note"] == "mine"


def test_a_failed_sidecar_write_takes_the_article_back(story_root, monkeypatch):
    def full(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    with pytest.raises(StoreError, match="No space left"):
        add(story_root)
    monkeypatch.undo()
    assert sorted(p.name for p in (story_root / "seeds").iterdir()) == ["001_train.txt", "002_later.txt"]
    assert not (story_root / store.LINKS).exists()


@pytest.mark.parametrize("link, message", [
    (AcceptedLink("Ferrin", 0, 6, place_id="ferrin"), "is not in the article text"),
    (AcceptedLink("Ferrin", -5, 1, place_id="ferrin"), "is not in the article text"),
    (AcceptedLink("Ferrin Crossing", 17, 32, place_id="nowhere"), "'nowhere' is not in the story's places"),
    (AcceptedLink("Ferrin Crossing", 17, 32, name="X", lat=95.0, lon=0.0), "valid latitude/longitude"),
    (AcceptedLink("Ferrin Crossing", 17, 32, name=" ", lat=1.0, lon=2.0), "needs a name"),
])
def test_bad_links_are_refused_before_anything_is_written(story_root, link, message):
    with pytest.raises(StoreError, match=message):
        add(story_root, links=[link])
    assert not (story_root / store.LINKS).exists() and len(list((story_root / "seeds").iterdir())) == 2


def test_not_a_story_folder(tmp_path):
    with pytest.raises(StoreError, match="not a story folder"):
        add(tmp_path)


# --- sidecar problems the loader reports -------------------------------------------------------------

def _edit_sidecar(root, change):
    doc = sidecar(root)
    change(doc)
    (Path(root) / store.LINKS).write_text(json.dumps(doc), encoding="utf-8")


@pytest.mark.parametrize("change, feature, detail", [
    (lambda d: d["articles"]["2023-09-15_quarry-news"]["links"][0].update(place_id="nowhere"),
     "link 1", "place_id 'nowhere' is not an id"),
    (lambda d: d["articles"]["2023-09-15_quarry-news"]["links"][1]["place"].update(lat="north"),
     "link 2", "valid \"lat\""),
    (lambda d: d["articles"]["2023-09-15_quarry-news"]["links"][0].update(start="17"),
     "link 1", "integers"),
    (lambda d: d["articles"]["2023-09-15_quarry-news"]["links"].append("oops"), "link 3", "must be an object"),
    (lambda d: d["articles"]["2023-09-15_quarry-news"]["links"][0].update(surface="Atlantis"),
     "link 1", "'Atlantis' is not in seeds/2023-09-15_quarry-news.txt"),
    (lambda d: d["articles"].update(gone={"links": []}), "article 'gone'", "there is no seeds/gone.txt"),
    (lambda d: d["articles"].update({"2023-09-15_quarry-news": []}), "article '2023-09-15_quarry-news'",
     "\"links\" list"),
], ids=["unknown-place", "bad-lat", "string-offset", "not-object", "surface-gone", "missing-article",
        "entry-not-object"])
def test_sidecar_problems_name_the_article_and_link(story_root, change, feature, detail):
    add(story_root)
    _edit_sidecar(story_root, change)
    assert_problem(problems_of(story_root), "geodata/article_links.json", feature, detail)


def test_sidecar_not_an_object(story_root):
    (story_root / store.LINKS).write_text("[1, 2]", encoding="utf-8")
    assert_problem(problems_of(story_root), "geodata/article_links.json", None, "must be a JSON object")


def test_an_edited_article_keeps_its_links_by_following_the_name(story_root):
    article_id, _ = add(story_root)
    path = story_root / "seeds" / f"{article_id}.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("The train", "Late on Monday the train"),
                    encoding="utf-8")
    story = load_story(story_root)
    article = next(a for a in story.articles if a.id == article_id)
    for link in story.links:
        assert article.text[link.start:link.end] == link.surface


def test_a_reported_place_needs_a_dated_article(story_root):
    article_id, _ = add(story_root)
    path = story_root / "seeds" / f"{article_id}.txt"
    path.write_text(path.read_text(encoding="utf-8").split("\n", 1)[1], encoding="utf-8")  # drop the date line
    assert_problem(problems_of(story_root), "geodata/article_links.json", f"article '{article_id}'",
                   "no 'date YYYY-MM-DD' line")


# --- atomic writes and the lock --------------------------------------------------------------------------

def test_write_atomic_replaces_and_keeps_permissions(tmp_path):
    target = tmp_path / "f.json"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    store.write_atomic(target, "new ’")
    assert target.read_text(encoding="utf-8") == "new ’" and (target.stat().st_mode & 0o777) == 0o640
    assert os.listdir(tmp_path) == ["f.json"]


def test_write_new_never_overwrites(tmp_path):
    (tmp_path / "a.txt").write_text("mine", encoding="utf-8")
    assert store.write_new(tmp_path, ["a", "b"], ".txt", "new").name == "b.txt"
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == "mine"
    with pytest.raises(StoreError, match="no free file name"):
        store.write_new(tmp_path, ["a", "b"], ".txt", "newer")
    assert sorted(os.listdir(tmp_path)) == ["a.txt", "b.txt"]


def test_the_lock_times_out_with_a_clear_message(story_root):
    with store.story_lock(story_root):
        with pytest.raises(StoreError, match="is busy"):
            with store.story_lock(story_root, timeout=0.05):
                pass
    with store.story_lock(story_root, timeout=0.05):  # released again
        pass


_KILLED_WRITER = textwrap.dedent("""
    import os, sys, time
    from datetime import date
    from mapapp import store

    def stuck(src, dst):  # the new file is complete and fsynced, the rename has not happened
        print("ready", src, flush=True)
        time.sleep(120)

    os.replace = stuck
    article = store.prepare("The train passed Ferrin Crossing.", date(2023, 9, 16), "Killed")
    store.add_article(sys.argv[1], article, [store.AcceptedLink("Ferrin Crossing", 17, 32, place_id="ferrin")])
""")


def test_a_writer_killed_between_write_and_rename_leaves_the_old_sidecar(story_root):
    # A large sidecar: one article with 20,000 accepted links (about 1.5 MB).
    article_id, article = add(story_root)
    start = article.text.index("Ferrin Crossing")
    _edit_sidecar(story_root, lambda d: d["articles"][article_id].update(links=[
        {"surface": "Ferrin Crossing", "start": start, "end": start + 15, "place_id": "ferrin"}] * 20_000))
    before = (story_root / store.LINKS).read_bytes()
    assert len(before) > 1_000_000
    child = subprocess.Popen([sys.executable, "-c", _KILLED_WRITER, str(story_root)], cwd=ROOT,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        line = child.stdout.readline()  # blocks until the child is between write and rename
        assert line.startswith("ready"), child.stderr.read()
        temp = Path(line.split()[1])
        assert temp.parent == story_root / "geodata" and temp.stat().st_size > len(before)
        child.send_signal(signal.SIGKILL)
    finally:
        child.kill()
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    assert (story_root / store.LINKS).read_bytes() == before, "the old sidecar is intact"
    story = load_story(story_root)  # still loads
    assert len([link for link in story.links if link.article_id == article_id]) == 20_000
    # The killed add never wrote its article: the links come first, and they were not in place yet.
    assert not (story_root / "seeds" / "2023-09-16_killed.txt").exists()
    assert "2023-09-16_killed" not in story.reviewed
    assert temp.exists(), "the dead writer's temporary file is still there"
    # The dead writer's lock is gone with it: the next add goes through at once.
    with store.story_lock(story_root, timeout=1):
        pass
    old = time.time() - 3600
    os.utime(temp, (old, old))  # an hour old: stale, so the next add removes it
    next_id, _ = add(story_root, title="After the crash", links=[])
    assert next_id in sidecar(story_root)["articles"]
    assert not temp.exists(), "the stale temporary file is removed at the next add"


def _add_many(root: str, worker: int, count: int) -> list[str]:
    """One process of the concurrency test: ``count`` adds, all with the same date and title."""
    ids = []
    for k in range(count):
        body = f"Worker {worker} article {k} names Ferrin Crossing and Quarrytown."
        article = store.prepare(body, date(2023, 9, 15), "Same title everywhere")
        links = links_for(article.text, ("Ferrin Crossing", "ferrin"),
                          ("Quarrytown", ("Quarrytown", 45.1, 133.2)))
        ids.append(store.add_article(root, article, links))
    return ids


def _check_all_present(root, ids, expected):
    assert len(ids) == len(set(ids)) == expected
    assert set(sidecar(root)["articles"]) == set(ids)
    assert {p.stem for p in (Path(root) / "seeds").glob("2023-09-15_*.txt")} == set(ids)
    story = load_story(root)
    assert len(story.links) == 2 * expected
    assert len([e for e in story.events if e.category == "reported_place"]) == expected
    assert story.reported_place_ids == {"reported_quarrytown"}
    bodies = {a.text for a in story.articles if a.id in set(ids)}
    assert len(bodies) == expected, "every article kept its own text"


def test_concurrent_adds_from_several_processes_lose_nothing(story_root):
    ctx = multiprocessing.get_context("fork")  # children start at once with mapapp already imported
    with ctx.Pool(8) as pool:
        results = pool.starmap(_add_many, [(str(story_root), w, 5) for w in range(8)])
    _check_all_present(story_root, [i for ids in results for i in ids], 40)


def test_concurrent_adds_from_threads_lose_nothing(story_root):
    """Two Streamlit sessions are two threads of one process: the flock must hold between them too."""
    with ThreadPoolExecutor(6) as pool:
        results = list(pool.map(lambda w: _add_many(str(story_root), w, 4), range(6)))
    _check_all_present(story_root, [i for ids in results for i in ids], 24)
