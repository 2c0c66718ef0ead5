"""The HTML export: a self-contained page, the map inside the report (report.py), under a strict CSP."""
from __future__ import annotations

import base64
import hashlib
import re
from datetime import datetime, timezone
from urllib.parse import urlsplit

from .. import settings
from ..errors import ExportError
from ..filters import FilterOptions
from ..view import View
from ..mapbuild import MapOptions, build_map
from ..model import Story
from . import report

import folium
from branca.element import Element

_DATA_SCRIPT = re.compile(r'<script src="data:text/javascript;base64,([A-Za-z0-9+/=]+)"></script>')
_DATA_STYLE = re.compile(r'<link rel="stylesheet" href="data:text/css;base64,([A-Za-z0-9+/=]+)"/>')


def html_document(story: Story, view: View, options: FilterOptions, map_options: MapOptions = MapOptions()) -> str:
    """A single HTML report (see mapapp/export/report.py): the map beside a details panel, date filter, journey steps,
    list of events and sources; every script and stylesheet inline, only map tiles are fetched."""
    m = build_map(story, view, map_options)
    report.Report(report.report_data(story, view)).add_to(m)  # last: after the registry and the layers
    title = f"{story.title} — {_range_label(options)}"
    m.get_root().header.add_child(Element(f"<title>{view.html(title)}</title>"), name="title")
    head, body = _split_head(m.get_root().render())
    head = _DATA_SCRIPT.sub(lambda mt: "<script>" + _safe_inline(base64.b64decode(mt.group(1)).decode()) +
                            "</script>", head)
    html = _DATA_STYLE.sub(lambda mt: "<style>" + base64.b64decode(mt.group(1)).decode() + "</style>", head) + body
    tiles = settings.get("tiles") if map_options.tiles is None else map_options.tiles
    html = _around_map(html, m.get_name(), lambda div: report.page(div, story, view, options,
                                                                     datetime.now(timezone.utc), tiles))
    html = _VIEWPORT.sub('<meta name="viewport" content="width=device-width, initial-scale=1">', html, count=1)
    return _with_csp(html, _tile_origins(m))


_VIEWPORT = re.compile(r'<meta name="viewport"[^>]*>')


def _split_head(html: str) -> tuple[str, str]:
    """folium's page cut after its </head>: the asset links to inline are all in the head, so the (large) body
    need not be searched for them."""
    end = html.find("</head>")
    if end < 0:
        raise ExportError("cannot inline the map's scripts: folium's page has no </head>")
    return html[:end], html[end:]


def _around_map(html: str, name: str, wrap) -> str:
    """``html`` with folium's map <div> replaced by ``wrap(div)``: the report's layout around the map."""
    div = re.compile(rf'<div class="folium-map" id="{re.escape(name)}"\s*></div>')
    found = div.search(html)
    if found is None or html.count(f'id="{name}"') != 1:
        raise ExportError("cannot place the map in the report: folium's page layout changed")
    return html[:found.start()] + wrap(found.group(0)) + html[found.end():]


def _safe_inline(js: str) -> str:
    return js.replace("</script", "<\\/script")


_CHARSET_META = re.compile(r'\s*<meta http-equiv="content-type" content="text/html; charset=UTF-8" ?/>', re.I)


def _with_csp(html: str, tile_origins: list[str]) -> str:
    """``html`` with a Content-Security-Policy meta tag that allows only its own inline code and the tiles.

    Every inline <script> and <style> block is allowed by the sha256 of its text, nothing else may run or
    load (``default-src 'none'``); images may come from data: URIs (Leaflet's CSS) and the tile host(s).
    The tag opens <head>, after only the charset declaration (which must lie in the first 1024 bytes, so it
    cannot follow a policy that grows with the number of blocks; it loads nothing, so the policy need not
    cover it), and before any script or style, which a <meta> policy only governs when they follow it.

    ``style-src-attr 'unsafe-inline'``: Leaflet's divIcons and our legend and direction arrows are built
    with innerHTML that carries ``style="…"`` attributes (the arrows' rotation is computed per point, so
    'unsafe-hashes' cannot list them), and the caption is a styled div. Style attributes cannot run script;
    the cost is that injected markup could restyle the page, but text only reaches the page escaped (it
    cannot create attributes at all) and url() loads stay limited by img-src.
    """
    scripts, styles = [], []
    for kind, body in _inline_blocks(html):
        digest = _csp_hash(body)
        bucket = scripts if kind == "script" else styles
        if digest not in bucket:
            bucket.append(digest)
    policy = "; ".join([
        "default-src 'none'",
        "script-src " + " ".join(scripts or ["'none'"]),
        "style-src " + " ".join(styles or ["'none'"]),
        "style-src-attr 'unsafe-inline'",
        "img-src " + " ".join(["data:", *tile_origins]),
        "base-uri 'none'",
        "form-action 'none'",
    ])
    head = ('<head>\n    <meta charset="utf-8">\n'
            f'    <meta http-equiv="Content-Security-Policy" content="{policy}">')
    html, n = _CHARSET_META.subn("", html, count=1)
    if not n or html.count("<head>") != 1:
        raise ExportError("cannot place the Content-Security-Policy: folium's page layout changed")
    return html.replace("<head>", head, 1)


def _inline_blocks(html: str):
    """(kind, text) of each inline ``<script>`` and ``<style>`` block in page order: what the regex
    ``<(script|style)>(.*?)</\1>`` (dot matching newlines) finds, found with str.find, which is several times
    faster on a page of megabytes."""
    found = {kind: html.find(f"<{kind}>") for kind in ("script", "style")}
    while True:
        kind = min((k for k in found if found[k] >= 0), key=found.get, default=None)
        if kind is None:
            return
        start = found[kind] + len(kind) + 2
        end = html.find(f"</{kind}>", start)
        if end < 0:  # never closed: nothing further of this kind is a block either
            found[kind] = -1
            continue
        yield kind, html[start:end]
        pos = end + len(kind) + 3
        found = {k: html.find(f"<{k}>", pos) if 0 <= i < pos else i for k, i in found.items()}


def _csp_hash(text: str) -> str:
    """CSP source for an inline block, hashed as the browser sees it (CR/CRLF → LF, NUL → U+FFFD)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\0", "\ufffd")
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def _tile_origins(m) -> list[str]:
    """CSP sources for the tile layers of map ``m``: each URL's origin, ``{s}`` subdomains as ``*.``."""
    origins = []
    for layer in _walk(m):
        if not isinstance(layer, folium.TileLayer) or not isinstance(layer.tiles, str):
            continue
        parts = urlsplit(layer.tiles)
        host = parts.netloc
        if "{s}" in host:  # "{s}.tile.example.org" or "tile-{s}.example.org" → "*.example.org"
            rest = host[host.index("{s}"):].partition(".")[2]
            host = f"*.{rest}" if rest else ""
        if parts.scheme in ("http", "https") and host and "{" not in host:
            origin = f"{parts.scheme}://{host}"
            if origin not in origins:
                origins.append(origin)
    return origins


def _walk(element):
    yield element
    for child in element._children.values():
        yield from _walk(child)


def _range_label(options: FilterOptions) -> str:
    """The filter in ISO dates, for the page title (a browser tab, a bookmark, a file listing)."""
    if options.start is None and options.end is None:
        return "all dates"
    return f"{options.start or '…'} to {options.end or '…'}"
