"""render.markdown_text: whatever the text, Streamlit's Markdown shows it literally (issue 16, item 2)."""
from __future__ import annotations

import re

import pytest
from hypothesis import given, settings, strategies as st

from mapapp import render
from markdown_support import WORD_JOINER, assert_shows, shown_text
from payloads import MARKDOWN_PAYLOADS, PAYLOADS


@pytest.mark.parametrize("payload", [*MARKDOWN_PAYLOADS, *PAYLOADS])
def test_every_payload_shows_as_its_text(payload):
    expected = re.sub(r"\r\n|[\n\r\u2028\u2029]", " ", payload).replace("\0", "\ufffd")
    assert_shows(render.markdown_text(payload), expected)


def test_lines_keep_their_breaks_and_stay_text():
    text = "2 problem(s):\n  - places.geojson: [x](https://evil.example)\n  - # not a heading"
    source = render.markdown_text(text, lines=True)
    assert shown_text(source).split("\n") == text.split("\n")
    assert shown_text(render.markdown_text("a\n\n\nb", lines=True)) == "a\nb", "empty lines are left out"


#: Text biased towards what Markdown, HTML and Streamlit treat specially.
hostile = st.text(alphabet=st.sampled_from(list("[]()!<>`*_~#-+=|:$\\&;@./ \t\nhtpswwxyz0123456789\u2060\u2028é😀"))
                  | st.characters(), max_size=80)


@settings(max_examples=400, deadline=None)
@given(hostile)
def test_any_text_shows_literally_on_one_line(text):
    source = render.markdown_text(text)
    assert "\n" not in source
    expected = re.sub(r"\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]", " ", text).replace("\0", "\ufffd")
    assert_shows(source, expected)


@settings(max_examples=200, deadline=None)
@given(hostile)
def test_any_text_with_lines_shows_literally(text):
    lines = re.split(r"\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]", text.replace("\0", "\ufffd"))
    shown = shown_text(render.markdown_text(text, lines=True))
    assert shown == "\n".join(line.replace(WORD_JOINER, "") for line in lines if line), (text, shown)
