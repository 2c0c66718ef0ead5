"""Property tests for render.py beyond escape/highlight (those are in test_hostile.py) and markdown_text (in
test_markdown_escape.py): the report's JavaScript offsets, links and URLs, for any text (issue 16)."""
from __future__ import annotations

import html

from hypothesis import given, settings, strategies as st

from mapapp import render
from test_hostile import assert_inert_fragment

#: Text rich in characters beyond U+FFFF (emoji, mathematical letters), entities and markup.
astral_text = st.text(alphabet=st.sampled_from(list("ab <&>\"'`$\\{}😀🚂𝓣🇰🇵é\u2028")) | st.characters(),
                      max_size=60)


def js_slice(text: str, start: int, end: int | None = None) -> str:
    units = text.encode("utf-16-le")
    return units[2 * start:None if end is None else 2 * end].decode("utf-16-le")


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_report_cuts_in_utf16_mark_what_python_marks(data):
    text = data.draw(astral_text)
    bounds = st.integers(0, len(text))
    spans = data.draw(st.lists(st.tuples(bounds, bounds).map(sorted).map(tuple), max_size=4))
    escaped, cuts = render.marked(text, spans)
    js_cuts = render.utf16_offsets(escaped, cuts)
    assert len(js_cuts) == len(cuts) and list(js_cuts) == sorted(js_cuts)
    for (a, b), (ja, jb) in zip(zip(cuts[::2], cuts[1::2]), zip(js_cuts[::2], js_cuts[1::2])):
        assert js_slice(escaped, ja, jb) == escaped[a:b]
    assert html.unescape(render.with_marks(escaped, cuts).replace("<mark>", "").replace("</mark>", "")) == text


@settings(max_examples=300, deadline=None)
@given(url=st.text(max_size=80) | st.sampled_from(["javascript:alert(1)", " JaVaScRiPt:x", "data:text/html,x",
                                                    "http://[::1", "https://ok.example/a?b=<c>"]),
       label=st.none() | st.text(max_size=40))
def test_links_never_raise_and_link_only_http(url, label):
    markup = render.link(url, label)
    page = assert_inert_fragment(markup, "link")
    good = render.safe_url(url)
    assert ("href" in markup) == (good is not None)
    assert page.all_text == (label or url)
    shown = render.report_url(url)
    assert isinstance(shown, str) or len(shown) == 2


@settings(max_examples=100, deadline=None)
@given(st.none() | st.integers() | st.floats(allow_nan=True) | st.text())
def test_markdown_and_html_escapers_take_any_value(value):
    assert isinstance(render.markdown_text(value), str) and isinstance(render.markdown_text(value, lines=True), str)
    assert html.unescape(render.escape(value)) == ("" if value is None else str(value))
