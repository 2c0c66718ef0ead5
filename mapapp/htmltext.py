"""Uploaded articles → plain text: HTML through the standard library's parser, Markdown by its syntax.

Only text survives: script, style and other non-text elements are dropped with their content, tags
are removed, entities decoded, block elements become line breaks (a paragraph per block) so that the
sentence splitter sees the article's structure. The result is text, never markup; it reaches a page
only through :mod:`mapapp.render`.
"""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from datetime import date
from html.parser import HTMLParser
from pathlib import Path, PurePath
from urllib.parse import urlsplit

from . import saferead, settings
from .errors import ArticleError
from .load import decode_text, read_article
from .model import Article

#: Upload types the app accepts, by file extension.
TEXT_TYPES = ("txt", "text")
MARKDOWN_TYPES = ("md", "markdown")
HTML_TYPES = ("html", "htm", "xhtml")
UPLOAD_TYPES = (*TEXT_TYPES, *MARKDOWN_TYPES, *HTML_TYPES)

_DROP = frozenset("script style noscript template svg math iframe object canvas select button".split())
_BLOCK = frozenset("p div section article header footer main aside nav blockquote pre ul ol dl dt dd li "
                   "table thead tbody tfoot tr caption figure figcaption form fieldset details summary address "
                   "h1 h2 h3 h4 h5 h6 hr title".split())
_CELL = frozenset("td th".split())
_INLINE = frozenset("a abbr b bdi bdo cite code data dfn em i kbd mark q s samp small span strong sub sup time u "
                    "var".split())  # tags that may sit inside a line of text, e.g. a careless <title>
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())


@dataclass(frozen=True)
class Upload:
    """An uploaded or fetched file as text: what it said, how it was decoded and what it says about itself."""

    text: str
    encoding: str  # the encoding that decoded it: "utf-8" unless a fallback was needed
    title: str = ""  # an HTML page's headline or a Markdown first-level heading, when there is one
    kind: str = "text"  # text | markdown | html
    date: str = ""  # YYYY-MM-DD the page gives as its publication date, or ""
    url: str = ""  # the page's canonical URL (or where it was fetched), or ""
    author: str = ""
    method: str = ""  # how an HTML page's text was found: trafilatura (main text) | tags (all text)


class _TextParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: list[str] = []
        self._drop: list[str] = []  # open dropped elements
        self._pre = 0
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        # A title holds a line of text: a structural tag ends it, so an unclosed <title> cannot swallow the page.
        self._in_title = tag == "title" or (self._in_title and tag in _INLINE)
        if tag in _DROP:
            self._drop.append(tag)
        elif tag == "br":
            self.parts.append("\n")
        elif tag in _BLOCK:
            self.parts.append("\n\n")
            self._pre += tag == "pre"
        elif tag in _CELL:
            self.parts.append(" \t ")

    def handle_startendtag(self, tag, attrs):
        self._in_title = self._in_title and tag in _INLINE
        if tag == "br":
            self.parts.append("\n")
        elif tag in _BLOCK:
            self.parts.append("\n\n")

    def handle_endtag(self, tag):
        self._in_title = self._in_title and tag in _INLINE
        if self._drop and tag in _DROP:
            if tag in self._drop:  # close it (and anything left open inside it)
                del self._drop[len(self._drop) - 1 - self._drop[::-1].index(tag):]
        elif tag in _BLOCK:
            self.parts.append("\n\n")
            if tag == "pre" and self._pre:
                self._pre -= 1

    def handle_data(self, data):
        if self._in_title:
            self.title.append(data)
            return
        if self._drop:
            return
        self.parts.append(data if self._pre else re.sub(r"\s+", " ", data))


# A tag as browsers read it: "<", a letter, then up to the first ">" outside a quoted value (a quote that never
# closes is a character). Possessive and atomic: no backtracking, so the scan is linear.
_TAG_RE = re.compile(r"""<(/?)([A-Za-z][^\s/>]*+)(?>[^>"'=]+|=\s*+"[^"]*+"|=\s*+'[^']*+'|[="'])*+>""")
_DECL_RE = re.compile(r"<[!?][^>]*+>")  # <!doctype …>, <![CDATA[…]]>, <?xml …?>: no article text


def _closable(markup: str) -> str:
    """Markup the standard library's parser reads quickly and as a browser would: each tag rewritten as
    ``<name>``/``</name>``/``<name/>`` (attributes carry no article text), comments and declarations
    dropped, and every "<" that opens no tag written "&lt;" (text, as it reads).

    The parser itself rescans an unclosed "<" to the end of the input, then does the same at the next
    one: quadratic (minutes for a hostile upload). Here each character is looked at once or twice.
    """
    out, pos, last_gt, comments_end = [], 0, markup.rfind(">"), True
    while True:
        i = markup.find("<", pos)
        if i < 0 or i > last_gt:  # no ">" after here: no tag either
            out.append(markup[pos:].replace("<", "&lt;"))
            return "".join(out)
        out.append(markup[pos:i])
        if markup.startswith("<!--", i):
            end = markup.find("-->", i + 4) if comments_end else -1
            comments_end = end >= 0  # once a comment never ends, no later one does
            out.append("" if comments_end else "&lt;!--")
            pos = end + 3 if comments_end else i + 4
            continue
        m = _TAG_RE.match(markup, i) or _DECL_RE.match(markup, i)
        if m is None:
            out.append("&lt;")
            pos = i + 1
            continue
        if m.re is _TAG_RE:
            out.append(f"<{m[1]}{m[2].lower()}{'/' if m.group().endswith('/>') else ''}>")
        pos = m.end()


def html_to_text(markup: str) -> tuple[str, str]:
    """(text, title) of an HTML document or fragment; script/style and the like are dropped."""
    parser = _TextParser()
    parser.feed(_closable(markup))
    parser.close()
    title = " ".join("".join(parser.title).split())
    text = _tidy("".join(parser.parts))
    if parser._in_title and not text:  # "<title>" then only text: that text is the page, not a title
        return title, ""
    return text, title


def _tidy(text: str) -> str:
    """Trim each line, keep at most one blank line between paragraphs."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


_MD_BLOCK_RULES = (
    (re.compile(r"^[ \t]{0,3}(```|~~~).*$", re.M), ""),  # code fences (their content stays as text)
    (re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+(.*)$", re.M), lambda m: _heading(m.group(1))),  # headings
    (re.compile(r"^[ \t]{0,3}>[ \t]?", re.M), ""),  # block quotes
    (re.compile(r"^[ \t]{0,3}(?:[-*_][ \t]*){3,}$", re.M), ""),  # horizontal rules
    (re.compile(r"^[ \t]*(?:[-*+]|\d+[.)])[ \t]+", re.M), ""),  # list markers
    (re.compile(r"^[ \t]{0,3}\[[^\]\n]+\]:[ \t]+\S+.*$", re.M), ""),  # link reference definitions
)
# A link destination: <…>, or a URL whose parentheses are balanced ("…/Foo_(bar)"), then an optional title.
# Possessive quantifiers: a long run of spaces or characters is never re-split (that was cubic).
_MD_DEST = (r"[ \t]*+(?:<[^<>\n]*>|(?:[^()\s]|\([^()\s]*\))*+)"
            r"(?:[ \t]++(?:\"[^\"\n]*\"|'[^'\n]*'|\([^()\n]*\)))?[ \t]*+")
_MD_INLINE_RULES = (
    (re.compile(r"!\[([^\[\]\n]*)\]\(" + _MD_DEST + r"\)"), r"\1"),  # images → their alt text
    (re.compile(r"\[([^\[\]\n]+)\]\(" + _MD_DEST + r"\)"), r"\1"),  # links → their text
    (re.compile(r"\[([^\[\]\n]+)\]\[[^\[\]\n]*\]"), r"\1"),  # reference links
    # Emphasis: markers that open (before a non-space) or close (after one) are dropped; each rule is one
    # linear pass, where matching pairs would rescan the rest of the line at every unmatched marker.
    (re.compile(r"(?:\*\*|__)(?=\S)|(?<=\S)(?:\*\*|__)"), ""),  # bold
    (re.compile(r"(?<![\w*])\*(?=[^\s*])|(?<=[^\s*])\*(?![\w*])"), ""),  # *italic*
    (re.compile(r"(?<![\w_])_(?=[^\s_])|(?<=[^\s_])_(?![\w_])"), ""),  # _italic_
    (re.compile(r"`([^`\n]+)`"), r"\1"),  # inline code
    (re.compile(r"<((?:https?|mailto):[^<>\s]+)>"), r"\1"),  # autolinks (not tags)
)
_MD_TITLE = re.compile(r"^[ \t]{0,3}#[ \t]+(.+)$", re.M)


def _heading(text: str) -> str:
    """A heading's text without its optional closing hashes ("Title ##" → "Title")."""
    text = text.rstrip(" \t")
    bare = text.rstrip("#")
    return bare.rstrip(" \t") if bare != text and (not bare or bare[-1] in " \t") else text


def _md_inline(text: str) -> str:
    for pattern, repl in _MD_INLINE_RULES:
        text = pattern.sub(repl, text)
    return text


def markdown_to_text(markup: str) -> tuple[str, str]:
    """(text, title) of a Markdown document: syntax removed, inline HTML handled as HTML."""
    text = markup.replace("\r\n", "\n").replace("\r", "\n")
    title_match = _MD_TITLE.search(text)
    for pattern, repl in _MD_BLOCK_RULES:
        text = pattern.sub(repl, text)
    # Inline HTML (and entities) as in HTML, but the line structure of Markdown kept: one line per line.
    parser = _TextParser()
    parser._pre = 1  # keep whitespace and line breaks as written
    parser.feed(_closable(_md_inline(text)))
    parser.close()
    title = html_to_text(_md_inline(_heading(title_match.group(1))))[0] if title_match else ""
    return _tidy("".join(parser.parts)), " ".join(title.split())


def kind_of(name: str) -> str:
    """text | markdown | html from a file name; ArticleError for any other type."""
    ext = PurePath(name).suffix.lower().lstrip(".")
    if ext in TEXT_TYPES:
        return "text"
    if ext in MARKDOWN_TYPES:
        return "markdown"
    if ext in HTML_TYPES:
        return "html"
    raise ArticleError(name, None, f"is not a text file this app reads; upload .txt, .md or .html "
                                   f"(not {('.' + ext) if ext else 'a file without an extension'})")


def upload_text(name: str, data: bytes, limit: int | None = None, kind: str | None = None,
                charset: str | None = None, base_url: str = "") -> Upload:
    """An uploaded .txt/.md/.html file (or fetched page) as plain text; an HTML page's main text and metadata.

    ``kind`` overrides the type read from the name; ``charset`` (e.g. from an HTTP header) is tried first.
    ArticleError when it is too large, binary or empty.
    """
    kind = kind or kind_of(name)
    text, encoding = _decode(data, name, limit, charset or (_meta_charset(data) if kind == "html" else None))
    if kind == "html":
        from .extract import extract_page  # trafilatura and lxml load only when a page comes

        page = extract_page(text, base_url)
        if not page.text.strip():
            raise ArticleError(name, None, "has no article text (only markup)")
        return Upload(text=page.text, encoding=encoding, title=page.title, kind=kind, date=page.date, url=page.url,
                      author=page.author, method=page.method)
    title = ""
    if kind == "markdown":
        text, title = markdown_to_text(text)
    if not text.strip():
        raise ArticleError(name, None, "has no article text" + (" (only markup)" if kind != "text" else ""))
    return Upload(text=text, encoding=encoding, title=title, kind=kind, url=base_url)


_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]{1,40})""", re.I)


def _meta_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in its first 4 KB (<meta charset> or http-equiv), if any."""
    m = _META_CHARSET.search(data[:4096])
    return m.group(1).decode("ascii") if m else None


def _decode(data: bytes, name: str, limit: int | None, charset: str | None) -> tuple[str, str]:
    """UTF-8 when the bytes are UTF-8; else the declared charset (HTTP header, <meta>); else the fallbacks."""
    text, encoding = decode_text(data, name, limit)  # size, binary and control-character checks; UTF-8 first
    try:
        codec = codecs.lookup(charset).name if charset else None
    except LookupError:  # an unknown charset name is no declaration at all
        codec = None
    if encoding == "utf-8" or codec in (None, encoding):
        return text, encoding
    try:
        return data.decode(codec).lstrip("\ufeff"), codec
    except UnicodeDecodeError:  # the declaration is wrong: the guessed fallback stands
        return text, encoding


def is_url(name: str) -> bool:
    """True for an http(s):// address given where a file name may stand (the `places` command)."""
    return name.strip().lower().startswith(("http://", "https://"))


def read_source(name: str, limit: int | None = None) -> tuple[Article, str]:
    """(article, author) of a file — seeds-format text, Markdown or an HTML page — or of an http(s) URL."""
    limit = limit or int(settings.get("max_article_bytes"))
    if is_url(name):
        from .fetch import fetch_article  # the network only when an address is given

        upload = fetch_article(name, limit=limit)
    elif kind_of(name) == "text":
        return read_article(name, limit), ""
    else:
        path = Path(name)
        data = saferead.read_bytes(path, None, limit, error=ArticleError)  # never blocks on a FIFO; bounded
        upload = upload_text(path.name, data, limit)
    when = date.fromisoformat(upload.date) if upload.date else None
    article = Article(id=PurePath(urlsplit(name).path).stem if is_url(name) else Path(name).stem, date=when,
                      text=upload.text, title=upload.title, url=upload.url, path="" if is_url(name) else name)
    return article, upload.author
