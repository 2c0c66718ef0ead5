"""The HTML export: a self-contained page, the map (leafletmap.py, no folium) inside the report (report.py),
every script and stylesheet inline under a strict Content-Security-Policy; only map tiles are fetched."""
from __future__ import annotations

import base64
import hashlib
from datetime import datetime, timezone

from .. import assets, settings
from ..filters import FilterOptions
from ..mapplan import MapOptions, tiles_named
from ..model import Story
from ..view import View
from . import report
from .leafletmap import leaflet_map


def html_document(story: Story, view: View, options: FilterOptions, map_options: MapOptions = MapOptions()) -> str:
    """A single HTML report (see mapapp/export/report.py): the map beside a details panel, date filter, journey steps,
    list of events and sources."""
    drawn = leaflet_map(story, view, map_options,
                        tiles_named(settings.get("tiles") if map_options.tiles is None else map_options.tiles))
    body = report.page(drawn.div, story, view, options, datetime.now(timezone.utc), drawn.tiles)
    styles = [*drawn.styles, assets.own("report.css")]
    scripts = [*drawn.libraries, assets.own("report.js"),
               # last: the report starts once the map, its registry and the layers exist
               drawn.script + report.init_script(report.report_data(story, view))]
    return page(view.html(f"{story.title} — {_range_label(options)}"), styles, scripts, body, drawn.tile_origins)


def page(title: str, styles: list[str], scripts: list[str], body: str, tile_origins: list[str]) -> str:
    """The document: ``title`` (escaped), the stylesheets and scripts (texts) inline, the last script after
    ``body`` (markup), each allowed by its hash in the policy (:func:`policy`)."""
    scripts = [_safe_inline(js) for js in scripts]
    head_scripts, last = scripts[:-1], scripts[-1]
    return "".join([
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n',
        f'<meta http-equiv="Content-Security-Policy" content="{policy(scripts, styles, tile_origins)}">\n',
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
        f"<title>{title}</title>\n",
        *(f"<style>{css}</style>\n" for css in styles),
        *(f"<script>{js}</script>\n" for js in head_scripts),
        f"</head>\n<body>\n{body}\n<script>{last}</script>\n</body>\n</html>\n"])


def _safe_inline(js: str) -> str:
    return js.replace("</script", "<\\/script")


def policy(scripts: list[str], styles: list[str], tile_origins: list[str]) -> str:
    """A Content-Security-Policy that allows only the page's own inline code and the tiles.

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
    return "; ".join([
        "default-src 'none'",
        "script-src " + " ".join(dict.fromkeys(map(_csp_hash, scripts))),
        "style-src " + " ".join(dict.fromkeys(map(_csp_hash, styles))),
        "style-src-attr 'unsafe-inline'",
        "img-src " + " ".join(["data:", *tile_origins]),
        "base-uri 'none'",
        "form-action 'none'",
    ])


def _csp_hash(text: str) -> str:
    """CSP source for an inline block, hashed as the browser sees it (CR/CRLF → LF, NUL → U+FFFD)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\0", "\ufffd")
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def _range_label(options: FilterOptions) -> str:
    """The filter in ISO dates, for the page title (a browser tab, a bookmark, a file listing)."""
    if options.start is None and options.end is None:
        return "all dates"
    return f"{options.start or '…'} to {options.end or '…'}"
