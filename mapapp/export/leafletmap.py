"""The HTML report's map without folium: the map plan (mapplan.py) written as one Leaflet script, with the
libraries and stylesheets it needs from installed packages (assets.py) and the tile hosts for the page's
Content-Security-Policy. The dashboard draws the same plan through folium (mapbuild.py); both write each part
with mapjs.py, so the two maps are the same map."""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from .. import assets, mapjs
from ..mapdata import point_mode
from ..mapplan import Base, MapOptions, Names, Part, Tiles, base, outline_json, view_groups
from ..model import Story
from ..view import View

MAP_ID = "mapapp-map"
MAP_VAR = "map"


@dataclass(frozen=True)
class LeafletMap:
    """A map ready for a page: ``div`` goes where the map shows, ``styles`` and ``libraries`` (CSS and JS
    texts) into the head, ``script`` after the body; ``tiles`` its basemap (None: none), ``tile_origins`` the CSP
    sources for them."""
    div: str
    styles: list[str]
    libraries: list[str]
    script: str
    tiles: Tiles | None
    tile_origins: list[str]


def leaflet_map(story: Story, view: View, options: MapOptions, tiles: Tiles | None) -> LeafletMap:
    """The map of ``view`` on ``tiles`` (mapplan.tiles_named; None: no tiles) as the report shows it."""
    plan = base(story, options, tiles, cluster=point_mode(len(view.events), options.points) == "cluster")
    styles = [assets.leaflet_css(), assets.own("map.css"), assets.own("labels.css")]
    libraries = [assets.leaflet_js(), assets.own("fit.js"), assets.own("symbols.js"), assets.own("labels.js")]
    if plan.cluster:
        styles.append(assets.cluster_css_text())
        libraries.append(assets.cluster_js_text())
    if plan.playback:
        styles.append(assets.own("playback.css"))
        libraries.append(assets.own("playback.js"))
    script, origins = _base_script(plan)
    script += _groups_script(story, view, options)
    return LeafletMap(div=f'<div class="mapapp-map" id="{MAP_ID}"></div>', styles=styles, libraries=libraries,
                      script=script, tiles=tiles, tile_origins=origins)


def _base_script(plan: Base) -> tuple[str, list[str]]:
    """The map, its scale bar, the land outline's pane and outline, the tiles, the registry and the legend box
    (what mapbuild.base_map adds through folium)."""
    settings = {"center": plan.center, "zoom": 5, "zoomControl": True, "preferCanvas": False,
                "keyboard": plan.keyboard}
    if plan.cluster:
        settings["maxZoom"] = 18  # markercluster needs the map's own max zoom (tiles may be off)
    out = [f"var {MAP_VAR} = L.map({mapjs.tojson(MAP_ID)}, {mapjs.tojson(settings)});\n",
           f"L.control.scale().addTo({MAP_VAR});\n",
           f"var land_pane = {MAP_VAR}.createPane({mapjs.tojson(mapjs.FALLBACK_PANE)});\n"
           "land_pane.style.zIndex = 150;\nland_pane.style.pointerEvents = \"none\";\n",
           mapjs.land(MAP_VAR, outline_json(plan.outline))]
    origins = []
    if plan.tiles:
        t = plan.tiles
        layer = {"minZoom": 0, "maxZoom": t.max_zoom, "maxNativeZoom": t.max_zoom, "attribution": t.attribution,
                 "subdomains": t.subdomains}
        out.append(f"L.tileLayer({mapjs.tojson(t.url)}, {mapjs.tojson(layer)}).addTo({MAP_VAR});\n")
        origins = tile_origins([t.url])
    out.append(mapjs.registry(MAP_VAR))
    if plan.legend:
        out.append(mapjs.legend_box(MAP_VAR))
    return "".join(out), origins


def _groups_script(story: Story, view: View, options: MapOptions) -> str:
    """The view's groups (mapplan.view_groups), each made, filled and added to the map in turn, then the
    layer control listing the labelled ones."""
    names: dict[Part, str] = {}

    def name_of(part: Part) -> str:
        return names[part]

    out, overlays = [], []
    for g, group in enumerate(view_groups(story, view, options)):
        group_var = f"feature_group_{g}"
        out.append(f"var {group_var} = L.featureGroup({{}});\n")
        for part in group.parts:
            own = names[part] = f"{part.kind}_{len(names)}"
            out.append(part.write(Names(own=own, parent=group_var, of=name_of)))
        out.append(f"{group_var}.addTo({MAP_VAR});\n")
        if group.label is not None:
            overlays.append(f"{mapjs.tojson(group.label)}: {group_var}")
    out.append(f"var overlays = {{{', '.join(overlays)}}};\n"
               f'L.control.layers({{}}, overlays, {{autoZIndex: true, collapsed: true, position: "topleft"}})'
               f".addTo({MAP_VAR});\n")
    return "".join(out)


def tile_origins(urls: list[str]) -> list[str]:
    """CSP sources for tile URL templates: each URL's origin, ``{s}`` subdomains as ``*.``."""
    origins = []
    for url in urls:
        parts = urlsplit(url)
        host = parts.netloc
        if "{s}" in host:  # "{s}.tile.example.org" or "tile-{s}.example.org" → "*.example.org"
            rest = host[host.index("{s}"):].partition(".")[2]
            host = f"*.{rest}" if rest else ""
        if parts.scheme in ("http", "https") and host and "{" not in host:
            origin = f"{parts.scheme}://{host}"
            if origin not in origins:
                origins.append(origin)
    return origins
