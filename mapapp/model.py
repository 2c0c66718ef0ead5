"""The story's domain objects: frozen dataclasses, no pandas, no Streamlit."""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from functools import cached_property
from pathlib import Path

from .layers import Layer, Period, default_layers, with_reported


Coord = tuple[float, float]  # (lon, lat), GeoJSON order


@dataclass(frozen=True)
class Place:
    id: str
    name: str
    lat: float
    lon: float
    kind: str = ""
    country: str = ""
    aliases: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    description: str = ""
    part_of: tuple[str, ...] = ()  # ids of larger places (city, region) whose mentions also concern this one

    @property
    def names(self) -> tuple[str, ...]:
        """The name and every alias, as they may appear in text."""
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class Event:
    id: str
    place_id: str
    category: str
    title: str
    date_start: date
    date_end: date | None = None
    participants: str = ""
    description: str = ""
    sources: tuple[str, ...] = ()

    @property
    def last_day(self) -> date:
        return self.date_end or self.date_start

    def overlaps(self, start: date | None, end: date | None) -> bool:
        """True when the event shares at least one day with [start, end] (open ends allowed)."""
        return (start is None or self.last_day >= start) and (end is None or self.date_start <= end)


@dataclass(frozen=True)
class RouteLeg:
    id: str
    name: str
    date_start: date
    date_end: date | None
    from_place: str
    to_place: str
    lines: tuple[tuple[Coord, ...], ...]  # one or more lines of (lon, lat)
    sources: tuple[str, ...] = ()
    category: str = ""  # its layer's id
    description: str = ""
    approximate: tuple[tuple[Coord, ...], ...] = ()  # parts whose exact course is not known (drawn as such)
    mode: str = ""  # rail, road, sea, air, foot, other: the leg's own or its layer's
    drawn: bool = True  # False: the file gives no geometry (an air leg), ``lines`` is the great-circle arc

    @property
    def last_day(self) -> date:
        return self.date_end or self.date_start

    def overlaps(self, start: date | None, end: date | None) -> bool:
        return (start is None or self.last_day >= start) and (end is None or self.date_start <= end)


@dataclass(frozen=True)
class Article:
    id: str  # file stem, unique within a story
    date: date | None
    text: str
    title: str = ""
    url: str = ""
    path: str = ""


@dataclass(frozen=True)
class Snippet:
    """One article sentence that names a place; spans mark the name(s) inside ``text``."""

    place_id: str
    article_id: str
    article_title: str
    article_date: date | None
    article_url: str
    text: str
    spans: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class ArticleLink:
    """A place mention the user accepted in an added article (``geodata/article_links.json``):
    ``text[start:end]`` of article ``article_id`` names ``place_id``. ``new_place``: the place was made
    from this link (a ``reported_place`` point), it is not in places.geojson."""

    article_id: str
    surface: str
    start: int
    end: int
    place_id: str
    new_place: bool = False


@dataclass(frozen=True)
class Story:
    root: Path
    places: tuple[Place, ...]
    events: tuple[Event, ...]
    routes: tuple[RouteLeg, ...] = ()
    articles: tuple[Article, ...] = ()
    title: str = "mapapp story"
    labels: tuple[tuple[str, str], ...] = ()  # (layer id, display name) overrides from story.json "labels"
    links: tuple[ArticleLink, ...] = ()  # accepted mentions of added articles, in article then text order
    reviewed: frozenset[str] = frozenset()  # ids of articles whose mentions were reviewed (links, not name matching)
    layers: tuple[Layer, ...] = ()  # in drawing and legend order; () → the defaults; the reported layer is added
    periods: tuple[Period, ...] = ()  # the date filter's presets; () → derived from the data
    published: tuple = ()  # published.Published distances to set beside ours (story.json "published")
    warnings: tuple = ()  # DataErrors that do not stop the story from loading (e.g. layer colours too close)

    def __post_init__(self):
        base = self.layers or default_layers()
        names = dict(self.labels)
        base = tuple(Layer(**{**layer.__dict__, "label": names[layer.id]}) if layer.id in names else layer
                     for layer in base)
        object.__setattr__(self, "layers", with_reported(base))
        routes = [layer for layer in self.layers if layer.is_routes]
        if routes and any(not r.category or not r.mode for r in self.routes):  # legs made in code, not loaded
            by_id = {layer.id: layer for layer in routes}
            legs = []
            for r in self.routes:
                layer = by_id.get(r.category or routes[0].id)
                legs.append(replace(r, category=r.category or routes[0].id,
                                    mode=r.mode or (layer.mode if layer else "other")))
            object.__setattr__(self, "routes", tuple(legs))

    @cached_property
    def place_by_id(self) -> dict[str, Place]:
        return {p.id: p for p in self.places}

    @cached_property
    def event_by_id(self) -> dict[str, Event]:
        return {e.id: e for e in self.events}

    @cached_property
    def layer_by_id(self) -> dict[str, Layer]:
        return {layer.id: layer for layer in self.layers}

    @cached_property
    def place_names(self) -> dict[str, str]:
        """Name per place id."""
        return {p.id: p.name for p in self.places}

    @cached_property
    def label_map(self) -> dict[str, str]:
        """Display name per layer id."""
        return {layer.id: layer.label for layer in self.layers}

    @property
    def point_layers(self) -> tuple[Layer, ...]:
        return tuple(layer for layer in self.layers if layer.is_points)

    @property
    def route_layers(self) -> tuple[Layer, ...]:
        return tuple(layer for layer in self.layers if layer.is_routes)

    def layer(self, layer_id: str) -> Layer:
        """The layer called ``layer_id``; an id the story does not declare gets a plain stand-in."""
        return self.layer_by_id.get(layer_id) or Layer(id=layer_id, label=layer_id)

    @cached_property
    def reported_place_ids(self) -> frozenset[str]:
        """Places made from accepted mentions of added articles (not in places.geojson)."""
        return frozenset(link.place_id for link in self.links if link.new_place)

    def label(self, category: str) -> str:
        return self.label_map.get(category, category)

    def date_bounds(self) -> tuple[date, date]:
        """First and last day covered by any event or route leg (today for a story with neither)."""
        if not (self.events or self.routes):
            return date.today(), date.today()
        starts = [x.date_start for x in (*self.events, *self.routes)]
        ends = [x.last_day for x in (*self.events, *self.routes)]
        return min(starts), max(ends)
