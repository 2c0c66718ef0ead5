"""Reading Markdown the way Streamlit does, to check that render.markdown_text's output is plain text.

markdown-it-py (CommonMark, with GFM tables and strikethrough) parses the escaped text; on top of it, the checks
Streamlit's frontend (1.67, StreamlitMarkdown.js) makes on the text itself: GFM's literal autolinks are found in
text nodes after escapes are resolved (mdast-util-gfm-autolink-literal), and remark-emoji is loaded only when the
raw source holds a ``:shortcode:``.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser

from markdown_it import MarkdownIt

WORD_JOINER = "\u2060"  # render.WORD_JOINER

_MD = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
#: Copied from Streamlit's bundle: the literal autolinks (URL, e-mail) and the emoji plugin's gate.
GFM_URL = re.compile(r"(https?://|www(?=\.))([-.\w]+)([^ \t\r\n]*)", re.I | re.A)
GFM_EMAIL = re.compile(r"([-.\w+]+)@([-\w]+(?:\.[-\w]+)+)", re.A)
EMOJI_GATE = re.compile(r":(?!material/|streamlit:)[\w+-][\w_+-]*:", re.A)
#: Shortcodes replaced in the text (``:streamlit:`` shows Streamlit's logo even escaped, and any emoji once the
#: emoji plugin is loaded by another part of the same text).
SHORTCODE = re.compile(r":[\w+-]+:")
DIRECTIVE = re.compile(r"(?<!\\):[A-Za-z][\w-]*\[")


class _Tags(HTMLParser):
    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text: list[str] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text.append(data)


def shown_text(source: str, allow: frozenset[str] = frozenset()) -> str:
    """What Streamlit shows for ``source``, after checking it makes nothing but paragraphs and line breaks (and
    the tags in ``allow``: the app's own bold figures)."""
    page = _Tags(_MD.render(source))
    assert set(page.tags) <= {"p", "br", *allow}, f"Markdown made {sorted(set(page.tags))} from {source!r}"
    text = "".join(page.text)
    assert not GFM_URL.search(text) and not GFM_EMAIL.search(text), f"a literal autolink in {text!r}"
    assert not SHORTCODE.search(text), f"a shortcode in {text!r}"
    assert not EMOJI_GATE.search(source), f"an emoji shortcode in {source!r}"
    assert not DIRECTIVE.search(source), f"a directive in {source!r}"
    assert not re.search(r"(?<!\\)\$", source), f"an unescaped $ in {source!r}"
    return text.replace(WORD_JOINER, "").strip("\n")


def assert_shows(source: str, expected: str) -> None:
    """``source`` (Markdown) shows exactly ``expected`` (line breaks as spaces or lines; word joiners aside)."""
    shown = shown_text(source).replace("\n", " ")
    assert shown == expected.replace(WORD_JOINER, ""), f"{source!r} shows {shown!r}, not {expected!r}"
