"""render.py: every hostile string comes out as inert text through every path; only http(s) become links."""
from __future__ import annotations

import html
from datetime import date
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings, strategies as st

from layer_defaults import DEFAULT_LABELS
from mapapp import render
from mapapp.model import Event, Place, Snippet

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "</script><script>alert(2)</script>",
    "`${alert(3)}`",
    "${alert(4)}",
    "back\\slash \\u003cscript\\u003e",
    "{{7*7}}",
    "{% for x in y %}boom{% endfor %}",
    "it's a \"quoted\" 'string'",
    "line\u2028separator\u2029paragraph",
    "javascript:alert(5)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCg2KTwvc2NyaXB0Pg==",
    "<a href=\"javascript:alert(7)\">click</a>",
    "&lt;already escaped&gt; &amp; &#60;",
    "<svg/onload=alert(8)>",
    "--><!-- comment",
]
HOSTILE_URLS = [
    "javascript:alert(1)",
    "JAVASCRIPT:alert(1)",
    "  javascript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "//evil.example/x.js",
    "ftp://example.org/file",
    "not a url <b>",
    "",
]
GOOD_URLS = ["https://example.org/a?b=1&c=<2>", "http://example.org/", "HTTPS://EXAMPLE.ORG/Path"]

# Characters that must never appear raw in escaped text (besides the tags render.py itself writes).
RAW = ["<script", "<img", "<svg", "`", "${", "\\", "{{", "{%", "\u2028", "\u2029", "<!--"]

ALLOWED_TAGS = {"a", "span", "mark", "b", "i", "br", "ul", "li", "h3", "h4", "p", "div", "section", "blockquote",
                "footer", "details", "summary"}


class Markup(HTMLParser):
    """Collect tags, attributes and text of a fragment."""

    def __init__(self, fragment: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.comments: list[str] = []
        self.feed(fragment)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)

    def handle_comment(self, data):
        self.comments.append(data)

    @property
    def plain(self) -> str:
        return "".join(self.text)

    @property
    def shown(self) -> str:
        """Text plus title attributes (what a user can see or hover)."""
        return self.plain + "\n" + "\n".join(a["title"] for _, a in self.tags if a.get("title"))


def assert_inert(fragment: str, payloads=()) -> Markup:
    """Only the tags render.py writes, no event handlers, only http(s) hrefs, and each payload shown as text."""
    for raw in RAW:
        assert raw not in fragment, f"raw {raw!r} in {fragment!r}"
    doc = Markup(fragment)
    assert not doc.comments
    for tag, attrs in doc.tags:
        assert tag in ALLOWED_TAGS, f"unexpected <{tag}> in {fragment!r}"
        assert not any(name.startswith("on") for name in attrs), fragment
        if "href" in attrs:
            assert attrs["href"].lower().startswith(("http://", "https://")), attrs["href"]
        assert set(attrs) <= {"href", "target", "rel", "class", "style", "aria-hidden", "title", "open"}, attrs
    for payload in payloads:
        assert payload.strip() in doc.shown, f"{payload!r} not shown as text in {fragment!r}"
    return doc


@pytest.mark.parametrize("payload", HOSTILE)
def test_escape_is_inert_and_reversible(payload):
    out = render.escape(payload)
    assert not any(c in out for c in "<>\"'`$\\{}\u2028\u2029")
    assert html.unescape(out) == payload
    assert Markup(out).plain == payload and not Markup(out).tags


@pytest.mark.parametrize("value, expected", [(None, ""), (42, "42"), ("a & b", "a &amp; b")])
def test_escape_of_non_strings(value, expected):
    assert render.escape(value) == expected


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_escape_round_trips_any_text(text):
    out = render.escape(text)
    assert not any(c in out for c in "<>\"'`$\\{}\u2028\u2029")
    assert html.unescape(out) == text


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_only_http_urls_are_safe(url):
    assert render.safe_url(url) is None


@pytest.mark.parametrize("url", GOOD_URLS)
def test_http_urls_are_safe(url):
    assert render.safe_url(url) == url


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_link_to_a_hostile_url_is_plain_text(url):
    out = render.link(url)
    doc = assert_inert(out, [url] if url.strip() else [])
    assert [t for t, _ in doc.tags] == ["span"]


@pytest.mark.parametrize("url", GOOD_URLS)
@pytest.mark.parametrize("label", HOSTILE + [None])
def test_link_to_http_url_with_hostile_label(url, label):
    out = render.link(url, label)
    doc = assert_inert(out, [label or url])
    (tag, attrs), = doc.tags
    assert tag == "a" and attrs["href"] == url
    assert attrs["target"] == "_blank" and "noopener" in attrs["rel"]


def test_link_attribute_cannot_be_broken_out_of():
    out = render.link('https://example.org/" onmouseover="alert(1)')
    doc = assert_inert(out)
    (tag, attrs), = doc.tags
    assert set(attrs) == {"href", "target", "rel"}
    assert attrs["href"] == 'https://example.org/" onmouseover="alert(1)'


@pytest.mark.parametrize("payload", HOSTILE)
def test_highlight_escapes_text_and_marks_spans(payload):
    text = f"Before {payload} in Greywater after"
    start = text.index("Greywater")
    out = render.highlight(text, [(start, start + len("Greywater"))])
    doc = assert_inert(out, [payload])
    assert [t for t, _ in doc.tags] == ["mark"]
    assert doc.plain == text
    assert "<mark>Greywater</mark>" in out


def test_highlight_marks_a_hostile_span_as_text():
    text = "x <script>alert(1)</script> y"
    out = render.highlight(text, [(2, 27)])
    assert out == "x <mark>&lt;script&gt;alert(1)&lt;/script&gt;</mark> y"


@pytest.mark.parametrize("spans, expected", [
    ([], "Ferrin and Greywater"),
    ([(11, 20), (0, 6)], "<mark>Ferrin</mark> and <mark>Greywater</mark>"),  # any order
    ([(0, 6), (3, 10)], "<mark>Ferrin</mark> and Greywater"),  # overlap: the later one is skipped
])
def test_highlight_spans(spans, expected):
    assert render.highlight("Ferrin and Greywater", spans) == expected


def hostile_parts(payload: str):
    place = Place(id="p1", name=f"Place {payload}", lat=1.0, lon=2.0, description=f"Desc {payload}",
                  sources=("https://example.org/src", *HOSTILE_URLS[:5]))
    event = Event(id="e1", place_id="p1", category="summit", title=f"Title {payload}", date_start=date(2023, 9, 13),
                  date_end=date(2023, 9, 14), participants=f"Who {payload}", description=f"What {payload}",
                  sources=("https://example.org/ev", "javascript:alert(9)"))
    text = f"At Place {payload} they met."
    snippet = Snippet(place_id="p1", article_id="a1", article_title=f"Article {payload}",
                      article_date=date(2023, 9, 12), article_url="javascript:alert(10)", text=text,
                      spans=((3, 9 + len(payload)),))
    return place, event, snippet


@pytest.mark.parametrize("payload", HOSTILE)
def test_place_panel_with_snippets_is_inert(payload):
    place, event, snippet = hostile_parts(payload)
    out = render.place_panel(place, [event], [snippet])
    doc = assert_inert(out, [f"Place {payload}", f"Title {payload}", f"Who {payload}", f"What {payload}",
                             f"Article {payload}", snippet.text])
    hrefs = [a["href"] for t, a in doc.tags if t == "a"]
    assert hrefs == ["https://example.org/ev"]  # the javascript: source and article URL are not links
    assert "javascript:alert(9)" in doc.plain and "In the articles (1)" in doc.plain
    assert "<mark>" in out


@pytest.mark.parametrize("payload", HOSTILE)
def test_place_panel_without_snippets_shows_description_and_sources(payload):
    place, event, _ = hostile_parts(payload)
    out = render.place_panel(place, [event], [])
    doc = assert_inert(out, [f"Desc {payload}", "No article names this place."])
    hrefs = [a["href"] for t, a in doc.tags if t == "a"]
    assert hrefs == ["https://example.org/ev", "https://example.org/src"]
    for url in HOSTILE_URLS[:5]:
        assert url.strip() in doc.plain


@pytest.mark.parametrize("payload", HOSTILE)
def test_popup_and_tooltip_are_inert(payload):
    place, event, _ = hostile_parts(payload)
    tip = render.tooltip(event, place)
    assert_inert(tip, [f"Place {payload}", "13–14 Sep 2023"])
    pop = render.popup(place, [event], 3)
    assert_inert(pop, [f"Place {payload}", f"Title {payload}", "3 article snippets"])


def test_popup_counts_snippets():
    place, event, _ = hostile_parts("x")
    assert "1 article snippet<" in render.popup(place, [event], 1)
    assert "no snippets" in render.popup(place, [event], 0)


def test_event_detail_lists_every_field():
    place, event, _ = hostile_parts("x")
    doc = Markup(render.event_detail(event, place, DEFAULT_LABELS))
    for part in ("Title x", "13–14 Sep 2023", DEFAULT_LABELS["summit"], "Place x", "Who x", "What x",
                 "Sources (2)"):
        assert part in doc.plain


@pytest.mark.parametrize("start, end, expected", [
    (date(2023, 9, 13), None, "13 Sep 2023"),
    (date(2023, 9, 13), date(2023, 9, 13), "13 Sep 2023"),
    (date(2023, 9, 12), date(2023, 9, 17), "12–17 Sep 2023"),
    (date(2023, 9, 30), date(2023, 10, 2), "30 Sep – 2 Oct 2023"),
    (date(2018, 12, 31), date(2019, 1, 1), "31 Dec 2018 – 1 Jan 2019"),
])
def test_date_range(start, end, expected):
    assert render.date_range(start, end) == expected
