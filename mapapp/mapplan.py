"""What the map draws for a prepared view, as a plan of script parts (pure: no folium): the base map's settings
(:class:`Base`) and the view's layers (:func:`view_groups`: groups of :class:`Part`, each writing its Leaflet
script with mapjs.py). Two writers draw the same plan: mapbuild.py as folium elements (the dashboard, through
streamlit-folium) and export/leafletmap.py as one script (the HTML report, without folium)."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from . import journey, mapjs
from .legstyle import APPROXIMATE_COLOR
from .mapdata import (EventRows, arrows_geojson, leg_bounds, legend_html, place_popups, place_table, point_mode,
                      points_geojson, points_json, routes_geojson, script_json, view_bounds)
from .maplabels import LAYER_NAME, label_rows
from .model import Story
from .outlines import land_outline, outline_for_box
from .symbols import symbol_outline, symbol_svg
from .view import View


@dataclass(frozen=True)
class MapOptions:
    tiles: str | None = None  # xyzservices name; None → the 'tiles' setting; "" → no tiles
    selected_place: str | None = None
    selected_leg: str | None = None  # a route leg's id: drawn with a halo
    focus_leg: bool = False  # bring the selected leg into view (picked from a list or a link, not on the map)
    height: int | str = "100%"
    legend: bool = True
    progress_until: date | None = None  # journey playback: what happened by this day is strong, the rest faint
    points: str = "auto"  # how points are drawn: "svg", "canvas", "cluster", or "auto" (by count, see point_mode)
    playback: bool = False  # a play control on the map moving a marker (train, plane, …) along the legs day by day
    # Leaflet's arrow-key panning. The dashboard turns it off: Leaflet focuses the map on mousedown, which makes
    # Streamlit scroll a partly hidden map into view mid-click (Leaflet then drops the click as a drag), and
    # ←/→ step through the journey there.
    keyboard: bool = True
    labels: bool = True  # place names beside the points, hidden where they would overlap (maplabels.py)


@dataclass(frozen=True)
class Names:
    """The JavaScript names a part's script needs: its own variable, the layer it is added to, and the
    variables of the parts it refers to (``of(part)``)."""
    own: str
    parent: str
    of: Callable[[Part], str]


@dataclass(frozen=True, eq=False)
class Part:
    """One piece of the map's script, ``write(names)``; ``kind`` prefixes its variable's name."""
    write: Callable[[Names], str]
    kind: str = "part"


@dataclass(frozen=True)
class Group:
    """A layer group of the view: listed in the layer control as ``label`` (escaped), or not at all (None)."""
    label: str | None
    parts: list[Part] = field(default_factory=list)


@dataclass(frozen=True)
class Tiles:
    """A basemap tile provider, resolved once for every writer: URL template (``{r}`` for retina), the
    attribution as the map shows it (HTML from xyzservices) and as plain text, zoom limit, subdomains."""
    name: str
    url: str
    attribution: str
    credit: str
    max_zoom: int
    subdomains: str


@dataclass(frozen=True)
class Base:
    """What stays the same whatever the view shows: where the map opens, its land outline and tiles, and which
    of the legend box, journey player and Leaflet.markercluster it carries."""
    center: list[float]
    outline: str
    tiles: Tiles | None  # None: no tiles
    cluster: bool
    legend: bool
    playback: bool
    keyboard: bool


def outline_for(story: Story) -> str:
    """The most detailed land outline whose box holds all the story's places and legs (the world's otherwise)."""
    lons = [p.lon for p in story.places] + [c[0] for r in story.routes for line in r.lines for c in line]
    lats = [p.lat for p in story.places] + [c[1] for r in story.routes for line in r.lines for c in line]
    return outline_for_box(min(lons), min(lats), max(lons), max(lats)) if lons else outline_for_box(0, 0, 0, 0)


def tile_provider(name: str):
    """The xyzservices provider called ``name`` (e.g. 'CartoDB.Positron')."""
    import xyzservices.providers as xyz  # its catalogue takes a while to read; only maps with tiles need it
    return xyz.query_name(name)


def tiles_named(name: str) -> Tiles | None:
    """The provider called ``name`` as :class:`Tiles`; None for "" (no tiles)."""
    if not name:
        return None
    provider = tile_provider(name)
    return Tiles(name=provider.name, url=provider.build_url(scale_factor="{r}"),
                 attribution=provider.html_attribution, credit=provider.attribution,
                 max_zoom=provider.get("max_zoom", 18), subdomains=provider.get("subdomains", "abc"))


@cache
def outline_json(name: str) -> str:
    """The land outline ``name`` as script-safe JSON text, made once per process."""
    return script_json(land_outline(name))


def base(story: Story, options: MapOptions, tiles: Tiles | None, cluster: bool | None = None) -> Base:
    """The base map for ``story``. ``cluster``: include Leaflet.markercluster; None → whenever the whole story
    would be clustered, so one base map serves every filter of the story (the dashboard keeps it mounted)."""
    if cluster is None:
        cluster = point_mode(len(story.events), options.points) == "cluster"
    return Base(center=_centre(story), outline=outline_for(story), tiles=tiles, cluster=cluster,
                legend=options.legend, playback=options.playback, keyboard=options.keyboard)


def _centre(story: Story) -> list[float]:
    """Where the map opens before it fits what is shown: the middle of the story's places."""
    if not story.places:
        return [0.0, 0.0]
    lats, lons = [p.lat for p in story.places], [p.lon for p in story.places]
    return [(min(lats) + max(lats)) / 2, (min(lons) + max(lons)) / 2]


def view_groups(story: Story, view: View, options: MapOptions = MapOptions(), rows: EventRows | None = None
                ) -> list[Group]:
    """What the filter, selection and journey step decide: first a group without a layer control entry (view
    state, canvas renderer, shared place table, selection ring and halo, journey player), then one group per
    route layer and per point layer with something to show, then the place labels. Each layer registers itself
    in ``window.mapapp.layers`` (and ``.clusters``). ``rows``: mapdata.event_rows of the story, made once (the
    dashboard caches them); None → made here for the visible events."""
    mode = point_mode(len(view.events), options.points)
    until = options.progress_until.isoformat() if options.progress_until else None
    popups = place_popups(story, view)
    canvas = Part(lambda n: mapjs.canvas(n.own, n.parent), "canvas_renderer") if mode != "svg" else None
    table = None
    if mode != "svg" and view.events:
        rows_json = script_json(place_table(story, view, popups))
        table = Part(lambda n: mapjs.place_table(n.own, rows_json), "place_table")
    groups = [_state_group(story, view, options, [p for p in (canvas, table) if p])]
    for layer in story.route_layers:
        legs_here = tuple(r for r in view.routes if r.category == layer.id)
        if legs_here:
            groups.append(Group(view.html(layer.label), _leg_parts(layer.id, legs_here, view, until, canvas)))
    present = {e.category for e in view.events}
    for layer in story.point_layers:
        if layer.id in present:
            points = (dict(data=points_geojson(story, view, layer.id, popups)) if mode == "svg" else
                      dict(payload=points_json(story, view, layer.id, rows), canvas=canvas, table=table))
            groups.append(Group(view.html(layer.label), [_point_part(layer, mode, until, **points)]))
    if options.labels and view.places and mode != "cluster":
        places = label_rows(view)
        groups.append(Group(LAYER_NAME, [Part(lambda n: mapjs.place_labels(n.parent, places))]))
    return groups


def _state_group(story: Story, view: View, options: MapOptions, shared: list[Part]) -> Group:
    """The view's first group, not in the layer control: the view state (legend text, what to fit or centre
    on), the ``shared`` canvas and place table, the selected place's ring and leg's halo, the player."""
    legend = legend_html(story, view, view.leg_colors, view.dashed) if options.legend else None
    bounds = view_bounds(view)
    selected = story.place_by_id.get(options.selected_place) if options.selected_place else None
    at = [selected.lat, selected.lon] if selected else None
    focus = next((r for r in view.routes if r.id == options.selected_leg), None) if options.focus_leg else None
    focus_box = leg_bounds(focus) if focus else None
    parts = [Part(lambda n: mapjs.view_state(n.parent, legend, bounds, at, focus=focus_box)), *shared]
    if selected:
        parts.append(Part(lambda n: mapjs.ring(n.parent, selected.lat, selected.lon)))
    for leg in view.routes:
        if leg.id == options.selected_leg:
            parts.append(Part(lambda n, lines=leg.lines: mapjs.halo(n.parent, lines)))
    if options.playback and view.routes:
        player = journey.playback_data(story, view.routes, view.html)
        parts.append(Part(lambda n: mapjs.playback(n.parent, player)))
    return Group(None, parts)


def _point_part(layer, mode: str, until: str | None, data: dict | None = None, payload: str = "",
                canvas: Part | None = None, table: Part | None = None) -> Part:
    """One point layer's events: the FeatureCollection ``data`` (mode "svg"), or the compact ``payload``
    drawn on the shared ``canvas`` with the shared place ``table``."""
    look = dict(category=layer.id, mode=mode, color=layer.color, star=layer.symbol == "star",
                symbol=layer.symbol, corners=symbol_outline(layer.symbol), until=until,
                # square, triangle, diamond: an SVG marker (the circle a circle marker, the star its ★)
                shape=symbol_svg(layer.symbol, layer.color) if layer.symbol not in ("circle", "star") else "")
    if data is not None:
        return Part(lambda n: mapjs.point_layer(n.own, n.parent, data=data, **look), "geo_json")
    return Part(lambda n: mapjs.point_layer(n.own, n.parent, renderer=n.of(canvas), table=n.of(table),
                                            payload=payload, **look), "geo_json")


def _leg_parts(category: str, legs, view: View, until: str | None, canvas: Part | None) -> list[Part]:
    """One route layer's legs (on the shared ``canvas``, if any), registered, and their direction arrows."""
    data = routes_geojson(legs, view.leg_colors, view.dashed, view.html)
    arrows = arrows_geojson(legs, view.leg_colors)
    layer = Part(lambda n: mapjs.legs(n.own, n.parent, data, until, APPROXIMATE_COLOR,
                                      n.of(canvas) if canvas else None), "geo_json")
    return [layer, Part(lambda n: mapjs.register(category, n.of(layer))),
            Part(lambda n: mapjs.arrows(n.parent, arrows))]
