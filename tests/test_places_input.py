"""`python -m mapapp places` on saved web pages, Markdown and URLs: the article's places and its metadata."""
from __future__ import annotations

import json
import os

import pytest

from mapapp.cli import main

from local_server import pages_handler, serving
from news_pages import floods_page, train_page
from test_cli import run


@pytest.fixture
def saved(tmp_path):
    page = train_page()
    path = tmp_path / "train.html"
    path.write_text(page.html, encoding="utf-8")
    return page, path


def test_places_json_on_a_saved_page_gives_title_date_url_author(saved, story_root, capsys):
    page, path = saved
    code, out, err = run(capsys, "places", "--json", "--story", str(story_root), str(path))
    assert code == 0, err
    row = json.loads(out)
    assert (row["title"], row["date"], row["url"], row["author"]) == (page.title, page.date, page.url, page.author)
    surfaces = [m["surface"] for m in row["mentions"]]
    assert "Khasan" in surfaces and "Vladivostok" in surfaces
    for clutter in ("US", "Europe", "Asia", "Australia", "London", "New York", "Tokyo", "Sydney"):
        assert clutter not in surfaces, clutter


def test_places_text_output_shows_the_metadata(saved, story_root, capsys):
    page, path = saved
    code, out, _ = run(capsys, "places", "--story", str(story_root), str(path))
    assert code == 0
    assert f"  title {page.title} · date {page.date} · url {page.url} · author {page.author}" in out.splitlines()


def test_places_reads_markdown_and_keeps_seeds_files(tmp_path, story_root, capsys):
    md = tmp_path / "note.md"
    md.write_text("# Train at [Khasan](https://en.wikipedia.org/wiki/Khasan_(settlement))\n\nIt left Khasan.\n",
                  encoding="utf-8")
    seeds = tmp_path / "wire.txt"
    seeds.write_text("date 2023-09-14\ntitle From the wire\nurl https://example.org/w\n\nIt left Khasan.\n",
                     encoding="utf-8")
    code, out, err = run(capsys, "places", "--json", "--story", str(story_root), str(md), str(seeds))
    assert code == 0, err
    first, second = map(json.loads, out.splitlines())
    assert first["title"] == "Train at Khasan" and first["date"] is None
    assert (second["title"], second["date"], second["url"]) == ("From the wire", "2023-09-14", "https://example.org/w")


def test_places_fetches_a_url(story_root, capsys, monkeypatch):
    monkeypatch.setenv("MAPAPP_FETCH_PRIVATE_HOSTS", "1")  # the test server is local (mapapp/fetch.py)
    page = floods_page()
    with serving(pages_handler({"/floods": ("text/html; charset=utf-8", page.html.encode())})) as base:
        code, out, err = run(capsys, "places", "--json", "--story", str(story_root), f"{base}/floods")
        assert code == 0, err
        row = json.loads(out)
        assert (row["title"], row["date"], row["url"]) == (page.title, page.date, page.url)
        assert "Dhaka" in [m["surface"] for m in row["mentions"]]
        code, out, err = run(capsys, "places", "--story", str(story_root), f"{base}/missing")
    assert code == 2 and f"error: {base}/missing: could not be fetched: the server answered HTTP 404" in err


@pytest.mark.parametrize("make, message", [
    (lambda p: None, "page.html: does not exist"),
    (lambda p: p.mkdir(), "is a folder, not a regular file"),
    (lambda p: os.mkfifo(p), "is a pipe, not a regular file"),
    (lambda p: p.write_bytes(b"<p>" + b"x" * 3_000_000 + b"</p>"), "is 3,000,007 bytes; the limit is 2,000,000 bytes"),
    (lambda p: p.write_bytes(b"<script>only()</script>"), "has no article text"),
], ids=["missing", "folder", "fifo", "too-large", "no-text"])
def test_places_refuses_bad_pages_clearly(tmp_path, story_root, capsys, make, message):
    path = tmp_path / "page.html"
    make(path)
    code, _, err = run(capsys, "places", "--story", str(story_root), str(path))
    assert code == 2 and message in err and "Traceback" not in err, err
