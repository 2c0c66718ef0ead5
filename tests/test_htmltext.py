"""Uploaded articles → plain text (mapapp.htmltext): HTML and Markdown stripped, bad files refused clearly."""
from __future__ import annotations

import pytest

from mapapp.errors import ArticleError
from mapapp.htmltext import html_to_text, kind_of, markdown_to_text, upload_text

from payloads import PAYLOADS

PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>Train reaches  the &amp; coast</title>
<style>p { color: red } /* Tokyo */</style>
<script>var city = "Osaka"; document.write("<p>Kyoto</p>");</script>
<link rel="stylesheet" href="x.css"></head>
<body><nav><a href="/">Home</a></nav>
<h1>Train reaches the coast</h1>
<p>The armoured train left   <b>Khasan</b> on Tuesday,
and reached <a href="https://example.org/v">Vladivostok</a> at dawn.</p>
<p>Reporters saw it pass Ussuriysk&nbsp;station.<br>Nobody spoke.</p>
<noscript><p>Enable JavaScript in Sapporo</p></noscript>
<svg><text>Nagoya</text></svg><template><p>Kobe</p></template>
<ul><li>first</li><li>second</li></ul>
<pre>  kept   as
  written</pre>
<p>A literal &lt;script&gt;alert(1)&lt;/script&gt; stays text.</p>
</body></html>"""


def test_html_keeps_the_text_and_its_paragraphs_and_drops_code():
    text, title = html_to_text(PAGE)
    assert title == "Train reaches the & coast"
    for dropped in ("Tokyo", "Osaka", "Kyoto", "Sapporo", "Nagoya", "Kobe", "color", "document.write"):
        assert dropped not in text, dropped
    assert "The armoured train left Khasan on Tuesday, and reached Vladivostok at dawn." in text
    assert "Reporters saw it pass Ussuriysk station.\nNobody spoke." in text
    assert "\n\nfirst\n\nsecond\n\n" in text
    assert "kept as\nwritten" in text  # <pre> keeps its line breaks (spaces are tidied)
    assert "A literal <script>alert(1)</script> stays text." in text  # entities decoded: text, not markup
    assert "\n\n\n" not in text and text == text.strip()


@pytest.mark.parametrize("markup, expected", [
    ("<p>one</p><p>two</p>", "one\n\ntwo"),
    ("plain words only", "plain words only"),
    ("<div>unclosed <b>bold", "unclosed bold"),
    ("<script>never closed", ""),
    ("<p>a</p><script>x</script><p>b</p>", "a\n\nb"),
    ("<table><tr><td>Khasan</td><td>Tumangang</td></tr></table>", "Khasan Tumangang"),
    ("a < b and c > d & e", "a < b and c > d & e"),
    ("<P>Upper</P><BR/>case", "Upper\n\ncase"),
    ("caf&eacute; &#x41; &#66;", "café A B"),
], ids=["paragraphs", "text", "unclosed", "open-script", "script-between", "table", "lone-brackets", "upper",
        "entities"])
def test_html_cases(markup, expected):
    assert html_to_text(markup)[0] == expected


def test_markdown_syntax_is_removed_and_lines_kept():
    md = ("# Kim in *Russia* &amp; more\n\n"
          "Kim went to **Vladivostok** and [Nakhodka](https://example.org/n).\n"
          "- one\n- two <script>alert(1)</script> x < y <https://a.example/b>\n\n"
          "> quoted `code`\n\n* * *\nsnake_case_word and 2*3*4 ![map](m.png)\n")
    text, title = markdown_to_text(md)
    assert title == "Kim in Russia & more"
    assert text == ("Kim in Russia & more\n\nKim went to Vladivostok and Nakhodka.\none\ntwo x < y "
                    "https://a.example/b\n\nquoted code\n\nsnake_case_word and 2*3*4 map")


@pytest.mark.parametrize("name, kind", [("a.txt", "text"), ("A.TXT", "text"), ("b.md", "markdown"),
                                        ("c.markdown", "markdown"), ("d.html", "html"), ("e.htm", "html")])
def test_kind_of_accepted_types(name, kind):
    assert kind_of(name) == kind


@pytest.mark.parametrize("name", ["report.pdf", "photo.png", "noextension", "archive.txt.gz"])
def test_other_types_are_refused_with_the_name(name):
    with pytest.raises(ArticleError, match=r"upload \.txt, \.md or \.html") as info:
        kind_of(name)
    assert name in str(info.value)


def test_upload_of_each_kind():
    assert upload_text("a.txt", "Kim went to Khasan.\n".encode()).text == "Kim went to Khasan.\n"
    up = upload_text("a.html", PAGE.encode())
    assert (up.kind, up.encoding, up.title) == ("html", "utf-8", "Train reaches the coast")  # the <h1> headline
    assert "Vladivostok" in up.text and "Osaka" not in up.text
    assert upload_text("a.md", b"# Title\n\nBody in *Artyom*.").text == "Title\n\nBody in Artyom."


def test_upload_not_utf8_names_the_fallback():
    up = upload_text("cp.txt", "Kim’s train — at Khasan".encode("cp1252"))
    assert up.encoding == "cp1252" and up.text == "Kim’s train — at Khasan"
    bom16 = upload_text("u16.html", "<p>Ussuriysk</p>".encode("utf-16"))
    assert bom16.encoding == "utf-16" and bom16.text == "Ussuriysk"


@pytest.mark.parametrize("name, data, message", [
    ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary file, not text"),
    ("big.txt", b"x" * 101, "is 101 bytes; the limit is 100 bytes"),
    ("empty.txt", b"", None),
    ("only-code.html", b"<script>alert(1)</script><style>p{}</style>", "has no article text"),
    ("controls.txt", bytes(range(1, 32)) * 20, "does not look like text"),
], ids=["binary", "too-large", "empty", "only-markup", "control-chars"])
def test_bad_uploads_are_refused_with_a_clear_message(name, data, message):
    with pytest.raises(ArticleError) as info:
        upload_text(name, data, limit=100 if name == "big.txt" else None)
    assert name in str(info.value)
    if message:
        assert message in str(info.value)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_hostile_markup_leaves_only_text(payload):
    text, title = html_to_text(f"<title>{payload}</title><p>{payload}</p>")
    assert "<script>alert" not in text and "<img src" not in text
    md_text, _ = markdown_to_text(f"# {payload}\n\n{payload}\n")
    assert "<script>alert" not in md_text and "<img src" not in md_text


# --- issue 16 item 8: a careless <title>, Markdown links whose URL holds parentheses ----------------------

@pytest.mark.parametrize("markup", [
    "<html><head><title>Kim at Khasan</head><body><p>The train reached Khasan.</p></body></html>",
    "<title>Kim at Khasan<p>The train reached Khasan.</p>",
    "<title>Kim at Khasan<meta charset=utf-8><body>The train reached Khasan.",
    "<title>Kim <b>at</b> Khasan</title><p>The train reached Khasan.</p>",
], ids=["closed-by-head", "closed-by-p", "closed-by-meta", "inline-tag-inside"])
def test_an_unclosed_title_does_not_swallow_the_page(markup):
    assert html_to_text(markup) == ("The train reached Khasan.", "Kim at Khasan")
    up = upload_text("page.html", markup.encode())
    assert up.text == "The train reached Khasan." and up.title == "Kim at Khasan"


def test_a_title_with_nothing_after_it_is_the_text():
    assert html_to_text("<title>The train reached Khasan.") == ("The train reached Khasan.", "")


@pytest.mark.parametrize("markdown, text", [
    ("See [Khasan](https://en.wikipedia.org/wiki/Khasan_(urban-type_settlement)) today.", "See Khasan today."),
    ("[Foo](https://e.org/a_(b)_c \"The title\") and [bar](<https://e.org/x y>)", "Foo and bar"),
    ("![map (1)](https://e.org/m_(1).png) of Khasan", "map (1) of Khasan"),
    ("(near [Khasan](https://e.org/k))", "(near Khasan)"),
    ("[Khasan](https://e.org/k) (the station)", "Khasan (the station)"),
], ids=["wikipedia-parens", "title-and-angle", "image", "inside-parens", "parens-after"])
def test_markdown_links_with_parentheses_leave_no_debris(markdown, text):
    assert markdown_to_text(markdown)[0] == text
