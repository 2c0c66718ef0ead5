"""Leaflet and our own CSS/JS from installed packages, so maps draw with no network but tiles."""
from __future__ import annotations

import base64
import re
from functools import cache
from importlib import resources
from pathlib import Path

import xstatic.pkg.leaflet as xs_leaflet
import xstatic.pkg.leaflet_markercluster as xs_cluster

_LEAFLET = Path(xs_leaflet.BASE_DIR)
_CLUSTER = Path(xs_cluster.BASE_DIR)
_OWN = resources.files("mapapp") / "static"


@cache
def leaflet_js() -> str:
    return (_LEAFLET / "leaflet.js").read_text(encoding="utf-8")


@cache
def leaflet_css() -> str:
    """leaflet.css with its images inlined as data: URIs."""
    css = (_LEAFLET / "leaflet.css").read_text(encoding="utf-8")

    def inline(m: re.Match) -> str:
        data = (_LEAFLET / m.group(1)).read_bytes()
        return f"url(data:image/png;base64,{base64.b64encode(data).decode()})"

    return re.sub(r"url\((images/[\w.-]+\.png)\)", inline, css)


@cache
def own(name: str) -> str:
    """A CSS or JS file shipped in mapapp/static."""
    return (_OWN / name).read_text(encoding="utf-8")


@cache
def own_links(stem: str) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """folium (default_js, default_css) for mapapp/static/<stem>.js and .css, as data: URIs (an export inlines
    them, so the CSP can hash them)."""
    return ([(f"mapapp_{stem}_js", data_uri(own(f"{stem}.js"), "text/javascript"))],
            [(f"mapapp_{stem}_css", data_uri(own(f"{stem}.css"), "text/css"))])


def data_uri(text: str, mime: str) -> str:
    return f"data:{mime};base64,{base64.b64encode(text.encode()).decode()}"


@cache
def map_js() -> tuple[tuple[str, str], ...]:
    """(name, data URI) pairs that replace folium's CDN script links, and our fit and canvas symbols
    (static/fit.js, symbols.js)."""
    return (("leaflet", data_uri(leaflet_js(), "text/javascript")),
            ("mapapp_fit", data_uri(own("fit.js"), "text/javascript")),
            ("mapapp_symbols", data_uri(own("symbols.js"), "text/javascript")))


@cache
def map_css() -> tuple[tuple[str, str], ...]:
    return (("leaflet_css", data_uri(leaflet_css(), "text/css")),
            ("mapapp_css", data_uri(own("map.css"), "text/css")))


@cache
def cluster_js_text() -> str:
    """Leaflet.markercluster (from XStatic-Leaflet-MarkerCluster), for maps with very many points."""
    js = (_CLUSTER / "leaflet.markercluster.js").read_text(encoding="utf-8")
    return re.sub(r"\n//# sourceMappingURL=\S*\s*$", "\n", js)  # no map file is shipped with the page


@cache
def cluster_css_text() -> str:
    return "\n".join((_CLUSTER / name).read_text(encoding="utf-8")
                     for name in ("MarkerCluster.css", "MarkerCluster.Default.css"))


@cache
def cluster_js() -> tuple[tuple[str, str], ...]:
    return (("leaflet_markercluster", data_uri(cluster_js_text(), "text/javascript")),)


@cache
def cluster_css() -> tuple[tuple[str, str], ...]:
    return (("leaflet_markercluster_css", data_uri(cluster_css_text(), "text/css")),)
