"""Property tests (Hypothesis) for the HTML and Markdown readers and the page extractor.

Random and hostile input never raises anything but mapapp's own errors, never takes long (growth stays
linear on the constructs that made the standard library's parser and our regexes quadratic), and the
text that comes out holds no tag (the input's text pieces hold no ">", so a tag could only leak through).
"""
from __future__ import annotations

import re
import time

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from mapapp.errors import ArticleError
from mapapp.extract import extract_page
from mapapp.htmltext import html_to_text, markdown_to_text, upload_text

TAGS = ("p", "div", "a", "b", "i", "span", "br", "h1", "li", "ul", "pre", "title", "script", "style", "svg",
        "textarea", "table", "td", "tr", "article", "nav", "footer", "head", "body", "html", "meta", "img",
        "noscript", "template", "select", "x-custom")
# Text pieces hold no ">" and no "&" (so none can be decoded into one): any ">" in the output is a leak.
WORDS = st.text(st.characters(blacklist_characters="<>&", blacklist_categories=("Cs",)), max_size=30)
ATTR_VALUE = st.text(st.characters(blacklist_categories=("Cs",)), max_size=20)
HOSTILE = st.sampled_from(["<", "</", "<a", "<a ", "<!--", "-->", "<!", "<![CDATA[", "<?", "</p", "<a href=\"x",
                           "<p title='", "\"", "'", "=", "<script>", "</script>", "<title>", "<!doctype html>",
                           "<br/>", "<img src=x onerror=alert(1)>", "<<p>>", "&#0;", "&#x110000;"])  # no &lt;: it is text "<"


# A well-formed tag. Text pieces hold no ">", so such a tag in the output can only have come from the markup.
_TAG = re.compile(r"""</?[A-Za-z][A-Za-z0-9:-]*(?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*\s*/?>""")


@st.composite
def tag(draw):
    name = draw(st.sampled_from(TAGS))
    attrs = draw(st.lists(st.tuples(st.sampled_from(["href", "title", "class", "onclick", "data-x", "alt"]),
                                    ATTR_VALUE, st.sampled_from(['"', "'"])), max_size=3))
    attr_text = "".join(f" {k}={q}{v.replace(q, '')}{q}" for k, v, q in attrs)
    return draw(st.sampled_from([f"<{name}{attr_text}>", f"</{name}>", f"<{name}{attr_text}/>"]))


MARKUP = st.lists(st.one_of(WORDS, tag(), HOSTILE, st.builds(lambda w: f"<!--{w}-->", WORDS)),
                  max_size=40).map("".join)
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(MARKUP)
def test_html_reader_on_hostile_markup_returns_text_without_tags(markup):
    text, title = html_to_text(markup)
    assert not _TAG.search(text) and not _TAG.search(title), text
    assert "\n\n\n" not in text and text == text.strip() and "\n" not in title


@FAST
@given(st.text())
def test_html_and_markdown_readers_accept_any_text(text):
    for reader in (html_to_text, markdown_to_text):
        out, title = reader(text)
        assert isinstance(out, str) and isinstance(title, str) and "\n" not in title


@FAST
@given(st.lists(st.one_of(WORDS, st.sampled_from(["[", "]", "(", ")", "![", "](", "**", "*", "_", "__", "`", "#",
                                                  "\n", "> ", "- ", "1. ", "<", "<https://a.example/x>"])),
                max_size=40).map("".join))
def test_markdown_reader_on_markdown_debris_never_fails(markup):
    text, title = markdown_to_text(markup)
    assert not _TAG.search(text) and not _TAG.search(title), text


URL_PART = st.text(st.characters(whitelist_categories=("Ll", "Lu", "Nd"), whitelist_characters="-_./:%"),
                   min_size=1, max_size=8)


@st.composite
def balanced_url(draw):
    """A URL whose parentheses are balanced, like Wikipedia's "…/Foo_(bar)"."""
    parts = draw(st.lists(st.one_of(URL_PART, URL_PART.map(lambda p: f"({p})")), min_size=1, max_size=5))
    return "https://example.org/" + "".join(parts)


@FAST
@given(st.text(st.characters(whitelist_categories=("Ll", "Lu", "Nd"), whitelist_characters=" "), min_size=1, max_size=20)
       .filter(lambda s: s.strip() == s and s), balanced_url(), st.sampled_from(["", ' "Title"', " 'T'"]))
def test_a_markdown_link_becomes_its_text_whatever_its_url(label, url, title):
    assert markdown_to_text(f"Before [{label}]({url}{title}) after")[0] == f"Before {label} after"
    assert markdown_to_text(f"![{label}]({url}) and more")[0] == f"{label} and more"


@SLOW
@given(st.one_of(MARKUP, st.text(max_size=400)), st.sampled_from(["", "https://news.example/a/b", "javascript:x"]))
def test_page_extraction_on_hostile_markup_returns_text_without_tags(markup, base):
    page = extract_page(markup, base)
    assert not _TAG.search(page.text) and not _TAG.search(page.title), page
    assert page.method in ("trafilatura", "tags")
    assert page.url == "" or page.url.startswith(("http://", "https://"))
    assert len(page.date) in (0, 10) and "\n" not in page.title


@SLOW
@given(st.binary(max_size=600), st.sampled_from(["a.txt", "a.md", "a.html"]))
def test_any_bytes_upload_is_text_or_an_article_error(data, name):
    try:
        up = upload_text(name, data, limit=500)
    except ArticleError as exc:
        assert name in str(exc)
    else:
        assert up.text.strip()


# --- never hangs: doubling the input at most about doubles the time ------------------------------------

HOSTILE_UNITS = ["<", "<a ", '<a "', "<a \"'", '<a "x<', "<!--", "<![", "<?", "</a ", '<a href="x>', "<a b='", "<script>", "<div>", "&#",
                 "**a ", "*a ", "_a ", "[", "[a](", "![a](", "[a][", "`a ", "<http:", "# a #\n", "[a](b \""]


def _seconds(reader, text: str) -> float:
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        reader(text)
        best = min(best, time.perf_counter() - t0)
    return best


# One construct opened, then a long run: regexes that re-split the run were cubic ("[a](" + 10,000 spaces: 8 s).
HOSTILE_RUNS = [("[a](", " "), ("[a](x", " "), ("![a](", "\t"), ("# x", " "), ("# x ", "#"), ("<a ", " "),
                ('<a b="', "x"), ("<!--", "-"), ("**", "a"), ("[", "a"), ("<http:", "x"), ("`", " ")]


@pytest.mark.parametrize("prefix, run", HOSTILE_RUNS)
@pytest.mark.parametrize("reader", [html_to_text, markdown_to_text], ids=["html", "markdown"])
def test_readers_stay_linear_on_one_long_run(reader, prefix, run):
    t_small = _seconds(reader, prefix + run * 50_000 + "x")
    t_large = _seconds(reader, prefix + run * 200_000 + "x")
    assert t_large < max(10 * t_small, 3.0), (t_small, t_large)  # growth, not speed: machines differ


@pytest.mark.parametrize("unit", HOSTILE_UNITS)
@pytest.mark.parametrize("reader", [html_to_text, markdown_to_text], ids=["html", "markdown"])
def test_readers_stay_linear_on_hostile_repetition(reader, unit):
    small, large = unit * (50_000 // len(unit)), unit * (200_000 // len(unit))
    t_small, t_large = _seconds(reader, small), _seconds(reader, large)
    # Linear: ×4 input → about ×4 time; quadratic would be ×16 (the old readers took minutes at 100 KB). The
    # floor keeps a busy machine's noise on millisecond timings from failing the test.
    assert t_large < max(10 * t_small, 3.0), (t_small, t_large)  # growth, not speed: machines differ
