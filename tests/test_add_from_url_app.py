"""'Add an article' from a web address or a saved page (AppTest): the article's own text and its metadata.

Pages come from a local HTTP server (tests/local_server.py) serving the pages of tests/news_pages.py:
fetching fills the headline, date and canonical URL into the form, the places found are the article's
(not the menu's or the weather box's), and failures are shown beside the address.
"""
from __future__ import annotations

from datetime import date

import pytest

from mapapp.ui import add_article as A

from local_server import pages_handler, serving
from news_pages import train_page
from test_add_article_app import errors, story_copy, unescape_md, upload  # noqa: F401 — story_copy is a fixture
from test_app import map_script, run_app

PAGE = train_page()
CLUTTER = {"US", "Europe", "Asia", "Australia", "London", "New York", "Tokyo", "Sydney", "Karachi", "Madrid"}


@pytest.fixture(autouse=True)
def _local_server_allowed(monkeypatch):
    """The local test server is a private address (see mapapp/fetch.py)."""
    monkeypatch.setenv("MAPAPP_FETCH_PRIVATE_HOSTS", "1")


@pytest.fixture(scope="module")
def site():
    with serving(pages_handler({"/train": ("text/html; charset=utf-8", PAGE.html.encode()),
                                "/file.pdf": ("application/pdf", b"%PDF-1.4")})) as base:
        yield base


def fetch(at, address: str):
    at.radio(key=A.SOURCE).set_value(A.WEB).run()
    at.text_input(key=A.ADDRESS).input(address)
    at.button(key=A.FETCH).click().run()
    assert not at.exception, [e.message for e in at.exception]
    return at


@pytest.mark.app
def test_fetching_a_page_fills_the_form_and_finds_the_article_places(story_copy, site):
    at = fetch(run_app(), f"{site}/train")
    assert at.text_input(key=A.TITLE).value == PAGE.title
    assert at.text_input(key=A.URL).value == PAGE.url
    assert at.date_input(key=A.DATE).value == date.fromisoformat(PAGE.date)
    notes = [unescape_md(c.value) for c in at.caption]
    assert any(f"characters (the article of an HTML page) from {site}/train" in n and PAGE.author in n
               for n in notes), notes
    at.button(key=A.FIND).click().run()
    assert not at.error, errors(at)
    draft = at.session_state[A.DRAFT]
    assert draft["article"].text == "\n\n".join(PAGE.body)
    surfaces = {m.surface for m in draft["mentions"]}
    assert {"Khasan", "Ussuriysk", "Vladivostok"} <= surfaces and not surfaces & CLUTTER, surfaces
    at.button(key=A.SAVE).click().run()
    assert not at.exception and not at.error, errors(at)
    saved = story_copy / "seeds" / "2023-09-12_armoured-train-crosses-the-border-at-khasan.txt"
    assert saved.read_text(encoding="utf-8").startswith(
        f"date 2023-09-12\ntitle {PAGE.title}\nurl {PAGE.url}\n\n{PAGE.body[0]}")
    assert at.text_input(key=A.ADDRESS).value == "" and A.FETCHED not in at.session_state


@pytest.mark.app
def test_a_title_typed_by_the_user_is_not_overwritten(story_copy, site):
    at = run_app()
    at.text_input(key=A.TITLE).input("My own headline").run()
    fetch(at, f"{site}/train")
    assert at.text_input(key=A.TITLE).value == "My own headline"
    assert at.text_input(key=A.URL).value == PAGE.url


@pytest.mark.app
@pytest.mark.parametrize("path, message", [
    ("/missing", "could not be fetched: the server answered HTTP 404 Not Found"),
    ("/file.pdf", "is application/pdf, not a web page or text"),
    ("javascript:alert(1)", "uses javascript:; only http:// and https:// pages can be fetched"),
], ids=["404", "pdf", "javascript"])
def test_a_failed_fetch_is_explained_beside_the_address(story_copy, site, path, message):
    address = path if ":" in path else site + path
    at = fetch(run_app(), address)
    assert any(f"Cannot use this page: {address}: {message}" in e for e in errors(at)), errors(at)
    assert "e2023_vostochny_summit" in map_script(at), "the map is still there"
    at.button(key=A.FIND).click().run()
    assert any("is not fetched yet" in e for e in errors(at)), errors(at)
    assert A.DRAFT not in at.session_state


@pytest.mark.app
def test_a_saved_page_upload_fills_the_form(story_copy):
    at = upload(run_app(), "saved.html", PAGE.html.encode(), "text/html")
    assert (at.text_input(key=A.TITLE).value, at.text_input(key=A.URL).value) == (PAGE.title, PAGE.url)
    assert at.date_input(key=A.DATE).value == date.fromisoformat(PAGE.date)
    at.button(key=A.FIND).click().run()
    surfaces = {m.surface for m in at.session_state[A.DRAFT]["mentions"]}
    assert "Khasan" in surfaces and not surfaces & CLUTTER, surfaces
