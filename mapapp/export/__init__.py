"""Exports of the visible part of a story: the HTML report, GeoJSON, KML, CSV and the still map (PNG, SVG, PDF).

One module per format (html.py with report.py, geojson.py, kml.py, csv.py, image.py with its parts); callers
use :func:`export`, :data:`FORMATS` and :func:`write_atomic`. The image modules (matplotlib) are imported
only when an image is asked for.
"""
from __future__ import annotations

import json
from pathlib import Path

from .. import store
from ..errors import ExportError, StoreError
from ..filters import FilterOptions, View
from ..model import Story
from .csv import csv_document
from .geojson import geojson_document
from .html import html_document
from .kml import kml_document

#: Export formats with their file extension and MIME type.
FORMATS = {"html": (".html", "text/html"), "geojson": (".geojson", "application/geo+json"),
           "kml": (".kml", "application/vnd.google-earth.kml+xml"), "csv": (".csv", "text/csv"),
           "png": (".png", "image/png"), "svg": (".svg", "image/svg+xml"), "pdf": (".pdf", "application/pdf")}

__all__ = ["FORMATS", "csv_document", "export", "geojson_document", "html_document", "kml_document",
           "write_atomic"]


def export(story: Story, view: View, options: FilterOptions, fmt: str, image=None) -> str | bytes:
    """The export in format ``fmt`` (one of FORMATS): text, or bytes for png/svg/pdf (drawn with ``image``,
    an image.ImageOptions; None: the defaults)."""
    if fmt in ("png", "svg", "pdf"):
        from .image import ImageOptions, image_document

        return image_document(story, view, options, fmt, image or ImageOptions())
    if fmt == "html":
        return html_document(story, view, options)
    if fmt == "geojson":
        return json.dumps(geojson_document(story, view), ensure_ascii=False, indent=1)
    if fmt == "kml":
        return kml_document(story, view)
    if fmt == "csv":
        return csv_document(story, view)
    raise ExportError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")


def write_atomic(path: str | Path, text: str | bytes) -> None:
    """Write via a temporary file in the same folder, fsync, then rename: never a half-written file."""
    try:
        store.write_atomic(path, text)
    except StoreError as exc:
        raise ExportError(str(exc)) from exc
