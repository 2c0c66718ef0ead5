"""The report's snippet marks land on the place name whatever comes before it: emoji and other characters
beyond U+FFFF count twice in JavaScript strings, which report.js slices (issue 16, item 8)."""
from __future__ import annotations

import subprocess
import sys

import pytest

from mapapp import render
from mapapp.export.report import report_data
from mapapp.filters import FilterOptions, apply
from mapapp.link import link_story
from mapapp.load import load_story
from browser_support import browser, chromium_path  # noqa: F401 (fixtures)
from story_factory import article, write_story

EMOJI_BODY = ("🚂🚂🚂 The 🇰🇵 train & its 🛡️ guards left Norvale 😀 on Sunday. "
              "𝓣𝓱𝓮𝓷 🎉🎉 it reached Ferrin Crossing & stopped.\n"
              "Officials 👏 met at the Greywater Spaceport 🚀🚀.")


@pytest.fixture(scope="module")
def emoji_story(tmp_path_factory):
    root = write_story(tmp_path_factory.mktemp("emoji") / "story",
                       articles={"001_emoji.txt": article("2023-09-12", EMOJI_BODY, title="Emoji 🚂 & co")})
    story = load_story(root)
    return root, story, apply(story, link_story(story), FilterOptions())


def js_slice(text: str, start: int, end: int) -> str:
    """``text.slice(start, end)`` as JavaScript computes it (UTF-16 code units)."""
    units = text.encode("utf-16-le")
    return units[2 * start:2 * end].decode("utf-16-le")


@pytest.mark.parametrize("text, offsets, expected", [
    ("abc", (0, 3), (0, 3)),
    ("😀ab", (1, 3), (2, 4)),
    ("é😀a😀b", (0, 2, 3, 4, 5), (0, 3, 4, 6, 7)),
    ("", (), ()),
])
def test_utf16_offsets(text, offsets, expected):
    assert render.utf16_offsets(text, offsets) == expected


def test_report_marks_cut_the_place_names_in_javascript_terms(emoji_story):
    _, story, view = emoji_story
    data = report_data(story, view)
    names = {p[0]: p[3] for p in data["places"]}
    checked = 0
    for place in data["places"]:
        for row in place[6]:
            text = data["sentences"][row[0]][1]
            marked = [js_slice(text, a, b) for a, b in zip(row[1::2], row[2::2])]
            assert marked and all(m in (render.escape(n) for p in story.places for n in p.names) for m in marked), \
                (marked, names[place[0]])
            checked += 1
    assert checked >= 3, "the emoji article names Norvale, Ferrin Crossing and Greywater"


@pytest.mark.browser
def test_report_page_marks_the_place_names(tmp_path, emoji_story, browser):  # noqa: F811
    """The exported report's panels, built by report.js, are render.py's markup, marks included."""
    from browser_support import offline, report_markup_mismatches, watch_errors

    root, story, view = emoji_story
    out = tmp_path / "report.html"
    done = subprocess.run([sys.executable, "-m", "mapapp", "export", "--format", "html", "--out", str(out),
                           "--story", str(root)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    context = browser.new_context(viewport={"width": 1366, "height": 820})
    watch = offline(context, ("file:",))
    page = context.new_page()
    watch_errors(page, watch)
    try:
        page.goto(out.as_uri())
        page.wait_for_selector("html.report-ready", timeout=120_000)
        assert report_markup_mismatches(page, story, view) == []
        page.evaluate("id => window.mapapp.report.select(id)", "ferrin")
        assert page.locator("#report-details mark").first.inner_text() in ("Ferrin Crossing", "Ferrin")
        assert not watch.problems(), watch.problems()
    finally:
        context.close()
