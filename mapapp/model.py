"""The story's domain objects: frozen dataclasses, no pandas, no Streamlit."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path

#: Event categories, in legend order.
CATEGORIES = ("journey_stop", "summit", "earlier_summit", "later_summit", "reported_place")
ROUTE_CATEGORY = "rail_leg"
#: Categories a story's events.csv may use (reported_place comes from user-added articles).
STORY_CATEGORIES = CATEGORIES[:4]
#: Generic display names of the layers; a story's geodata/story.json may give its own ("labels").
DEFAULT_LABELS = {
    "journey_stop": "Journey stop",
    "summit": "Summit",
    "earlier_summit": "Earlier summit",
    "later_summit": "Later summit",
    "reported_place": "Reported place",
    ROUTE_CATEGORY: "Rail route",
}

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
    category: str = ROUTE_CATEGORY
    description: str = ""
    approximate: tuple[tuple[Coord, ...], ...] = ()  # parts whose exact course is not known (drawn as such)

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
    labels: tuple[tuple[str, str], ...] = ()  # (category, display name) overrides from story.json
    links: tuple[ArticleLink, ...] = ()  # accepted mentions of added articles, in article then text order
    reviewed: frozenset[str] = frozenset()  # ids of articles whose mentions were reviewed (links, not name matching)

    @cached_property
    def place_by_id(self) -> dict[str, Place]:
        return {p.id: p for p in self.places}

    @cached_property
    def event_by_id(self) -> dict[str, Event]:
        return {e.id: e for e in self.events}

    @cached_property
    def label_map(self) -> dict[str, str]:
        """Display name per layer: the story's own labels over the generic defaults."""
        return {**DEFAULT_LABELS, **dict(self.labels)}

    @cached_property
    def reported_place_ids(self) -> frozenset[str]:
        """Places made from accepted mentions of added articles (not in places.geojson)."""
        return frozenset(link.place_id for link in self.links if link.new_place)

    def label(self, category: str) -> str:
        return self.label_map.get(category, category)

    def date_bounds(self) -> tuple[date, date]:
        """First and last day covered by any event or route leg."""
        starts = [x.date_start for x in (*self.events, *self.routes)]
        ends = [x.last_day for x in (*self.events, *self.routes)]
        return min(starts), max(ends)
