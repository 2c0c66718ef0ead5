"""Saved news pages → the article's main text and its metadata (mapapp.extract), and what that does to places.

Pages are written in tests/news_pages.py: an invented article inside menus ("US Europe Asia Australia"),
a weather box ("London New York Tokyo"), a "most read" list, a cookie banner and a footer.
"""
from __future__ import annotations

import json
import socket
from collections import Counter

import pytest

from mapapp.extract import extract_page
from mapapp.geoparse import find_mentions, load_gazetteer
from mapapp.htmltext import html_to_text, upload_text

from news_pages import pages, train_page

PAGES = pages()
CLUTTER = ("US", "Europe", "Asia", "Australia", "London", "New York", "Tokyo", "Karachi", "Madrid", "Athens",
           "Sydney", "Toronto", "Dublin", "Amsterdam", "Washington", "Brussels", "Beijing")


@pytest.fixture(scope="module")
def gazetteer():
    return load_gazetteer()


def _precision(page, text, gazetteer) -> tuple[float, int, int]:
    """(precision, found, in the article) of place mentions in ``text`` against the page's own paragraphs."""
    truth = Counter(m.surface for m in find_mentions("\n\n".join(page.body), gazetteer))
    found = Counter(m.surface for m in find_mentions(text, gazetteer))
    hits = sum((found & truth).values())
    return hits / max(1, sum(found.values())), sum(found.values()), sum(truth.values())


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_main_text_is_the_article_without_the_site_around_it(page):
    got = extract_page(page.html)
    assert got.method == "trafilatura"
    assert got.text == "\n\n".join(page.body), "each paragraph of the article, in order, and nothing else"
    for word in ("cookie", "Most read", "Sign up", "rights reserved", "Weather", "Share on", "Photograph"):
        assert word not in got.text


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_metadata_is_the_headline_the_day_the_canonical_url_and_the_author(page):
    got = extract_page(page.html)
    assert (got.title, got.date, got.url, got.author) == (page.title, page.date, page.url, page.author)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_places_come_from_the_article_not_the_menus(page, gazetteer):
    precision, found, truth = _precision(page, extract_page(page.html).text, gazetteer)
    assert truth >= 3 and found >= truth
    assert precision >= 0.9, precision
    stripped_precision, stripped_found, _ = _precision(page, html_to_text(page.html)[0], gazetteer)
    assert stripped_precision < 0.5 and stripped_found > 2 * found, "the tag stripper keeps the clutter"
    names = {m.surface for m in find_mentions(extract_page(page.html).text, gazetteer)}
    assert not names & set(CLUTTER) - {m.surface for m in find_mentions(" ".join(page.body), gazetteer)}


@pytest.mark.parametrize("markup, text", [
    ("<p>Ussuriysk</p>", "Ussuriysk"),
    ("Khasan station at dawn", "Khasan station at dawn"),
    ("<html><body><b>Khasan</b>, <i>Tumen</i></body></html>", "Khasan, Tumen"),
    ("<div>" * 3000 + "Deep in Khasan." + "</div>" * 3000, "Deep in Khasan."),
], ids=["fragment", "no-tags", "inline-only", "deeply-nested"])
def test_pages_too_small_for_extraction_fall_back_to_all_their_text(markup, text):
    got = extract_page(markup)
    assert (got.method, got.text) == ("tags", text)


@pytest.mark.parametrize("head, title", [
    ("<title>Train reaches Khasan - The Daily Meridian</title>", "Train reaches Khasan"),
    ("<title>Train reaches Khasan | Meridian</title>", "Train reaches Khasan"),
    ('<title>Train reaches Khasan — Meridian News</title><meta property="og:site_name" content="Meridian News">',
     "Train reaches Khasan"),
    ('<title>Site | Home</title><meta name="twitter:title" content="The twitter headline">', "The twitter headline"),
], ids=["dash", "pipe", "site-name", "twitter"])
def test_a_browser_title_loses_the_site_name(head, title):
    assert extract_page(f"<html><head>{head}</head><body><p>Short text.</p></body></html>").title == title


@pytest.mark.parametrize("head, day", [
    ('<meta property="article:published_time" content="2023-09-12T22:00:00-04:00">', "2023-09-12"),
    ('<meta itemprop="datePublished" content="2021-02-03">', "2021-02-03"),
    ('<script type="application/ld+json">{"@graph": [{"@type": "WebSite"}, {"@type": ["NewsArticle"], '
     '"datePublished": "2020-01-31T10:00Z"}]}</script>', "2020-01-31"),
    ('<meta property="article:published_time" content="yesterday">', ""),
    ('<link rel="canonical" href="https://m.example/2023/09/12/train">', "2023-09-12"),  # htmldate: from the URL
    ('<script type="application/ld+json">{broken</script>', ""),
], ids=["article-meta", "itemprop", "json-ld-graph", "not-a-date", "in-the-url", "broken-json-ld"])
def test_publication_day(head, day):
    assert extract_page(f"<html><head>{head}</head><body><p>Short text.</p></body></html>").date == day


@pytest.mark.parametrize("head, base, url", [
    ('<link rel="canonical" href="/world/train">', "https://meridian.example/x?y=1",
     "https://meridian.example/world/train"),
    ('<link rel="canonical" href="javascript:alert(1)"><meta property="og:url" content="https://m.example/a">', "",
     "https://m.example/a"),
    ("", "https://meridian.example/fetched", "https://meridian.example/fetched"),
    ('<meta property="og:url" content="data:text/html,x">', "", ""),
], ids=["relative-canonical", "script-url-skipped", "fetched-address", "no-http-url"])
def test_canonical_url_is_an_absolute_http_address(head, base, url):
    assert extract_page(f"<html><head>{head}</head><body><p>Short text.</p></body></html>", base).url == url


def test_the_headline_is_the_article_h1_not_the_logo():
    page = ('<html><head><title>Home | Meridian</title></head><body><header><h1>The Daily Meridian</h1></header>'
            '<main><article><h1>Train reaches Khasan</h1><p>Short text.</p></article></main></body></html>')
    assert extract_page(page).title == "Train reaches Khasan"


def test_author_from_json_ld_people_or_meta():
    ld = {"@type": "NewsArticle", "author": [{"@type": "Person", "name": "A. One"}, {"name": "B. Two"}]}
    page = f'<script type="application/ld+json">{json.dumps(ld)}</script><p>Text.</p>'
    assert extract_page(page).author == "A. One, B. Two"
    assert extract_page('<meta name="author" content="By C. Three"><p>Text.</p>').author == "C. Three"
    assert extract_page('<meta property="article:author" content="https://fb.example/x"><p>Text.</p>').author == ""


def test_an_uploaded_page_carries_its_metadata():
    page = train_page()
    up = upload_text("saved.html", page.html.encode("utf-8"))
    assert (up.kind, up.method, up.title, up.date, up.url, up.author) == (
        "html", "trafilatura", page.title, page.date, page.url, page.author)
    assert up.text.startswith(page.body[0])


def test_declared_charset_is_used_when_the_bytes_are_not_utf8():
    page = ('<html><head><meta charset="windows-1251"><title>Поезд в Хасане</title></head>'
            '<body><p>Поезд прибыл в Хасан утром.</p></body></html>')
    up = upload_text("ru.html", page.encode("cp1251"))
    assert (up.encoding, up.title, up.text) == ("cp1251", "Поезд в Хасане", "Поезд прибыл в Хасан утром.")
    utf8 = upload_text("ru.html", page.encode("utf-8"))  # declared wrongly: the bytes are UTF-8
    assert (utf8.encoding, utf8.text) == ("utf-8", "Поезд прибыл в Хасан утром.")


def test_extraction_needs_no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("extraction tried to open a connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    for page in PAGES:
        assert extract_page(page.html, page.url).text
