"""Exports of the visible part of a story: a self-contained HTML map and GeoJSON."""
from __future__ import annotations

import base64
import json
import os
import re
import tempfile
from datetime import datetime, timezone
from pathlib import Path

from . import __version__, render
from .errors import ExportError
from .filters import FilterOptions, View
from .mapbuild import MapOptions, build_map
from .model import Story

from branca.element import Element

_DATA_SCRIPT = re.compile(r'<script src="data:text/javascript;base64,([A-Za-z0-9+/=]+)"></script>')
_DATA_STYLE = re.compile(r'<link rel="stylesheet" href="data:text/css;base64,([A-Za-z0-9+/=]+)"/>')


def html_document(story: Story, view: View, options: FilterOptions, map_options: MapOptions = MapOptions()) -> str:
    """A single HTML file: every script and stylesheet inline; only map tiles are fetched."""
    m = build_map(story, view, map_options)
    title = f"{story.title} — {_range_label(options)}"
    m.get_root().header.add_child(Element(f"<title>{render.escape(title)}</title>"), name="title")
    m.get_root().html.add_child(Element(_caption(story, view, options)), name="caption")
    html = m.get_root().render()
    html = _DATA_SCRIPT.sub(lambda mt: "<script>" + _safe_inline(base64.b64decode(mt.group(1)).decode()) +
                            "</script>", html)
    html = _DATA_STYLE.sub(lambda mt: "<style>" + base64.b64decode(mt.group(1)).decode() + "</style>", html)
    return html


def _safe_inline(js: str) -> str:
    return js.replace("</script", "<\\/script")


def _range_label(options: FilterOptions) -> str:
    if options.start is None and options.end is None:
        return "all dates"
    return f"{options.start or '…'} to {options.end or '…'}"


def _caption(story: Story, view: View, options: FilterOptions) -> str:
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return (f'<div class="mapapp-caption" style="position:absolute;top:10px;left:54px;z-index:1000;'
            f'background:rgba(255,255,255,.92);padding:6px 10px;border-radius:6px;max-width:50%;'
            f'font:13px system-ui,sans-serif;box-shadow:0 1px 5px rgba(0,0,0,.3)">'
            f'<b>{render.escape(story.title)}</b><br>{len(view.events)} events, {len(view.routes)} rail legs · '
            f'{render.escape(_range_label(options))}<br><small>Exported {stamp} · mapapp {__version__}</small>'
            f'</div>')


def geojson_document(story: Story, view: View) -> dict:
    """RFC 7946 FeatureCollection: one Point per visible event, one line feature per visible route leg."""
    features = []
    for e in view.events:
        place = story.place_by_id[e.place_id]
        features.append({
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [place.lon, place.lat]},
            "properties": {
                "id": e.id, "category": e.category, "name": place.name, "title": e.title,
                "date_start": e.date_start.isoformat(),
                "date_end": e.date_end.isoformat() if e.date_end else None,
                "place_id": e.place_id, "participants": e.participants, "description": e.description,
                "sources": list(e.sources),
                "snippets": [{"article": s.article_title, "date": s.article_date.isoformat() if s.article_date
                              else None, "url": s.article_url, "text": s.text}
                             for s in view.snippets.get(e.place_id, ())],
            },
        })
    for r in view.routes:
        coords = [[list(c) for c in line] for line in r.lines]
        geometry = ({"type": "LineString", "coordinates": coords[0]} if len(coords) == 1
                    else {"type": "MultiLineString", "coordinates": coords})
        features.append({"type": "Feature", "geometry": geometry, "properties": {
            "id": r.id, "category": r.category, "name": r.name, "date_start": r.date_start.isoformat(),
            "date_end": r.date_end.isoformat() if r.date_end else None, "from_place": r.from_place,
            "to_place": r.to_place, "sources": list(r.sources)}})
    return {"type": "FeatureCollection", "features": features}


def export(story: Story, view: View, options: FilterOptions, fmt: str) -> str:
    """The export as text in format ``fmt`` (html or geojson)."""
    if fmt == "html":
        return html_document(story, view, options)
    if fmt == "geojson":
        return json.dumps(geojson_document(story, view), ensure_ascii=False, indent=1)
    raise ExportError(f"unknown export format {fmt!r}; use html or geojson")


def write_atomic(path: str | Path, text: str) -> None:
    """Write via a temporary file in the same folder, fsync, then rename: never a half-written file."""
    path = Path(path)
    if path.is_dir():
        raise ExportError(f"{path} is a folder; give a file name")
    if not path.parent.exists():
        raise ExportError(f"folder {path.parent} does not exist")
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
