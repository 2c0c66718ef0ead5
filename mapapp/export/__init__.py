"""Exports of the visible part of a story: the HTML report, GeoJSON, KML, CSV and the still map (PNG, SVG, PDF).

One module per format (html.py with report.py, geojson.py, kml.py, csv.py, image.py with its parts); callers
use :func:`export`, :data:`FORMATS` and :func:`write_atomic`. A format's module is imported when it is first
used (folium for HTML, matplotlib for images and simplekml for KML each take a large part of a second).
"""
from __future__ import annotations

import json
from pathlib import Path

from .. import store
from ..errors import ExportError, StoreError
from ..filters import FilterOptions
from ..view import View
from ..model import Story

#: Export formats with their file extension and MIME type.
FORMATS = {"html": (".html", "text/html"), "geojson": (".geojson", "application/geo+json"),
           "kml": (".kml", "application/vnd.google-earth.kml+xml"), "csv": (".csv", "text/csv"),
           "png": (".png", "image/png"), "svg": (".svg", "image/svg+xml"), "pdf": (".pdf", "application/pdf")}
#: The still map's formats (image.py).
IMAGE_FORMATS = ("png", "svg", "pdf")

__all__ = ["FORMATS", "IMAGE_FORMATS", "csv_document", "export", "geojson_document", "html_document", "kml_document",
           "write_atomic"]
_MODULES = {"csv_document": "csv", "geojson_document": "geojson", "html_document": "html", "kml_document": "kml"}
_FORMAT_MODULES = {"html": "html", "geojson": "geojson", "kml": "kml", "csv": "csv", "png": "image", "svg": "image",
                   "pdf": "image"}


def __getattr__(name: str):
    """The format functions, imported on first use."""
    if name in _MODULES:
        from importlib import import_module

        return getattr(import_module(f".{_MODULES[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def import_formats(formats) -> None:
    """Import the modules that write ``formats`` now rather than on first use (for a command that then
    freezes what the imports made, see cli._export)."""
    from importlib import import_module

    for fmt in formats:
        import_module(f".{_FORMAT_MODULES[fmt]}", __name__)


def export(story: Story, view: View, options: FilterOptions, fmt: str, image=None) -> str | bytes:
    """The export in format ``fmt`` (one of FORMATS): text, or bytes for png/svg/pdf (drawn with ``image``,
    an image.ImageOptions; None: the defaults)."""
    if fmt in IMAGE_FORMATS:
        from .image import ImageOptions, image_document

        return image_document(story, view, options, fmt, image or ImageOptions())
    if fmt == "html":
        from .html import html_document

        return html_document(story, view, options)
    if fmt == "geojson":
        from .geojson import geojson_document

        return json.dumps(geojson_document(story, view), ensure_ascii=False, indent=1)
    if fmt == "kml":
        from .kml import kml_document

        return kml_document(story, view)
    if fmt == "csv":
        from .csv import csv_document

        return csv_document(story, view)
    raise ExportError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")


def write_atomic(path: str | Path, text: str | bytes) -> None:
    """Write via a temporary file in the same folder, fsync, then rename: never a half-written file."""
    try:
        store.write_atomic(path, text)
    except StoreError as exc:
        raise ExportError(str(exc)) from exc
