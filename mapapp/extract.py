"""A saved or fetched news page → the article's main text and its metadata (title, date, URL, author).

The main text comes from trafilatura, which drops menus, weather boxes, "most read" lists, cookie
banners and footers; a page too small or too odd for it (a fragment, a few lines) falls back to the
tag stripper of :mod:`mapapp.htmltext`, which keeps all text. Metadata is read from where news sites
put it, in order: JSON-LD and Open Graph / ``article:*`` meta, then the page's ``<h1>``, ``<time
datetime>`` and ``<link rel=canonical>``, then the browser title without the site's name and htmldate's
reading of the page and its URL for the date. Pure; no network.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import urljoin, urlsplit

import htmldate
import lxml.etree
import lxml.html
import trafilatura

from .htmltext import html_to_text

_TITLE_SEPARATORS = re.compile(r"\s+(?:[|–—-]|::|»)\s+")
_ISO_DATE = re.compile(r"\s*(\d{4})-(\d{2})-(\d{2})")
_NOT_TEXT = ("script", "style", "noscript", "template", "svg", "math", "iframe", "object", "canvas")
_MAX_ELEMENTS = 10_000  # a long news page has a few thousand; trafilatura takes ~0.1 ms each
_ARTICLE_TYPES = ("article", "newsarticle", "reportagenewsarticle", "blogposting", "webpage", "analysisnewsarticle")


@dataclass(frozen=True)
class Page:
    """The article found in a page: plain text (never markup) and what the page says about itself."""

    text: str
    title: str = ""
    date: str = ""  # YYYY-MM-DD, or "" when the page gives no date
    url: str = ""  # the canonical http(s) URL, or ""
    author: str = ""
    method: str = "trafilatura"  # trafilatura | tags (the fallback: all text of the page)


def extract_page(markup: str, base_url: str = "") -> Page:
    """The main text and metadata of an HTML page; ``base_url`` (where it was fetched) resolves relative links."""
    stripped_text, stripped_title = html_to_text(markup)
    tree = _parse(markup)
    if tree is None:
        return Page(text=stripped_text, title=_clean_title(stripped_title, ""), url=_http_url(base_url, ""),
                    method="tags")
    meta = _Meta(tree)
    # The browser <title> last, as the tag stripper read it (lxml lets an unclosed <title> swallow the page).
    title = meta.title() or _clean_title(stripped_title, meta.props.get("og:site_name", ""))
    page_date = meta.date() or _iso_day(htmldate.find_date(tree, extensive_search=False, original_date=True,
                                                           url=base_url or None) or "")
    url = meta.url(base_url) or _http_url(base_url, "")
    text = _main_text(tree, base_url, title)
    kept_all = stripped_text and len(text.split()) >= 0.9 * (len(stripped_text.split()) - len(title.split()))
    if not text or kept_all:  # nothing found, or nothing to remove: all text, inline elements kept in their lines
        return Page(text=stripped_text, title=_one_line(title), date=page_date, url=url,
                    author=_one_line(meta.author()), method="tags")
    return Page(text=text, title=_one_line(title), date=page_date, url=url, author=_one_line(meta.author()))


def _parse(markup: str):
    """An lxml tree of the page, or None when lxml cannot make one (empty or hostile input)."""
    if not markup.strip():
        return None
    try:
        return lxml.html.document_fromstring(markup.encode("utf-8", "replace"),
                                             parser=lxml.html.HTMLParser(encoding="utf-8", huge_tree=False))
    except (lxml.etree.ParserError, ValueError):  # nothing parseable: the tag stripper's result stands
        return None


def _main_text(tree, base_url: str, title: str) -> str:
    """trafilatura's main text as paragraphs, without the headline repeated at the top; "" for a page too
    large for it (more than _MAX_ELEMENTS elements besides scripts, styles and drawings: many seconds' work)."""
    lxml.etree.strip_elements(tree, *_NOT_TEXT, with_tail=False)
    if sum(1 for _ in tree.iter()) > _MAX_ELEMENTS:
        return ""
    found = trafilatura.bare_extraction(tree, url=base_url or None, with_metadata=False, include_comments=False,
                                        include_tables=True, include_images=False, deduplicate=False)
    lines = [" ".join(line.split()) for line in (found.text or "").splitlines()] if found is not None else []
    lines = [line for line in lines if line]
    if lines and title and lines[0].casefold() == " ".join(title.split()).casefold():
        lines = lines[1:]
    return "\n\n".join(lines)


def _one_line(text: str) -> str:
    return " ".join((text or "").split())[:500]


def _iso_day(value: str) -> str:
    """The YYYY-MM-DD day at the start of a date-time string, or "" when there is no valid one."""
    m = _ISO_DATE.match(value or "")
    if not m:
        return ""
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
    except ValueError:
        return ""


def _http_url(value: str, base: str) -> str:
    """An absolute http(s) URL (relative ones resolved against ``base``), or ""."""
    value = (value or "").strip()
    if not value:
        return ""
    try:
        url = urljoin(base, value) if base else value
        parts = urlsplit(url)
    except ValueError:
        return ""
    return url if parts.scheme.lower() in ("http", "https") and parts.netloc else ""


def _clean_title(title: str, site: str) -> str:
    """A browser title without the site's name: "Headline - Site" / "Headline | Site" → "Headline"."""
    title = " ".join(title.split())
    if site and title.endswith(site):
        cut = _TITLE_SEPARATORS.split(title[: -len(site)].rstrip() + " | ")
        return cut[0] if cut[0] else title
    parts = _TITLE_SEPARATORS.split(title)
    return max(parts, key=len) if len(parts) > 1 else title


class _Meta:
    """The metadata a page declares about itself."""

    def __init__(self, tree):
        self.tree = tree
        self.props: dict[str, str] = {}
        for el in tree.iter("meta"):
            key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
            if key and key not in self.props and el.get("content"):
                self.props[key] = el.get("content").strip()
        self.ld = list(_ld_objects(tree))

    def _ld(self, *keys: str) -> list:
        values = []
        for obj in self.ld:
            for key in keys:
                if obj.get(key):
                    values.append(obj[key])
        return values

    def title(self) -> str:
        for value in self._ld("headline"):
            if isinstance(value, str) and value.strip():
                return value
        for key in ("og:title", "twitter:title", "headline"):
            if self.props.get(key):
                return self.props[key]
        h1 = next(iter(self.tree.xpath("//article//h1 | //main//h1") or self.tree.xpath("//h1")), None)
        return h1.text_content() if h1 is not None else ""  # the article's own <h1>, not a logo's

    def date(self) -> str:
        candidates = [self.props.get(k, "") for k in ("article:published_time", "datepublished", "pubdate",
                                                       "publishdate", "date", "dc.date", "dc.date.issued")]
        candidates += [v for v in self._ld("datePublished", "dateCreated") if isinstance(v, str)]
        candidates += [t.get("datetime", "") for t in self.tree.iter("time")]
        return next((d for d in map(_iso_day, candidates) if d), "")

    def url(self, base: str) -> str:
        links = [el.get("href", "") for el in self.tree.iter("link") if "canonical" in (el.get("rel") or "").lower()]
        candidates = links + [self.props.get("og:url", "")]
        for value in self._ld("url", "mainEntityOfPage"):
            candidates.append(value.get("@id", "") if isinstance(value, dict) else value)
        return next((u for u in (_http_url(c, base) for c in candidates if isinstance(c, str)) if u), "")

    def author(self) -> str:
        for value in self._ld("author", "creator"):
            names = [_ld_name(v) for v in (value if isinstance(value, list) else [value])]
            if any(names):
                return ", ".join(n for n in names if n)
        for key in ("author", "article:author", "byl", "dc.creator"):
            value = self.props.get(key, "")
            if value and not _http_url(value, ""):
                return re.sub(r"^by\s+", "", value, flags=re.I)
        rel = next((a for a in self.tree.iter("a") if (a.get("rel") or "").lower() == "author"), None)
        return rel.text_content() if rel is not None else ""


def _ld_name(value) -> str:
    if isinstance(value, dict):
        value = value.get("name", "")
    return " ".join(value.split()) if isinstance(value, str) else ""


def _ld_objects(tree):
    """The article objects of the page's JSON-LD blocks (unparseable blocks are not metadata: skipped)."""
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        try:
            data = json.loads(script.text or "")
        except (ValueError, RecursionError):  # broken JSON-LD on someone else's page: the other sources remain
            continue
        stack = [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                kind = item.get("@type", "")
                kinds = [k.lower() for k in (kind if isinstance(kind, list) else [kind]) if isinstance(k, str)]
                if any(k in _ARTICLE_TYPES for k in kinds):
                    yield item
                if isinstance(item.get("@graph"), list):
                    stack.extend(item["@graph"])
