"""Edits of places (places.geojson), events (events.csv) and route legs (routes.geojson)."""
from __future__ import annotations

from dataclasses import dataclass

from .editbase import Docs, check_id, coordinate, find, geometry, names, text, urls
from .errors import EditRefused
from .load import EVENTS, PLACES, ROUTES


# --- places ------------------------------------------------------------------------------------------

def _place(docs: Docs, place_id: str) -> dict:
    features = docs.places()
    i = find(features, place_id)
    if i is None:
        raise EditRefused(f"id: there is no place {place_id!r} in {PLACES}")
    feature = features[i]
    if not isinstance(feature.get("properties"), dict):
        feature["properties"] = {}
    return feature


@dataclass(frozen=True)
class AddPlace:
    id: str
    name: str
    lat: float
    lon: float
    kind: str = ""
    country: str = ""
    aliases: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    description: str = ""
    part_of: tuple[str, ...] = ()

    def run(self, docs: Docs) -> None:
        check_id(self.id)
        features = docs.places()
        if find(features, self.id) is not None:
            raise EditRefused(f"id: a place {self.id!r} already exists; choose another id")
        props = {"id": self.id, "name": text(self.name, "name", required=True)}
        if names(self.aliases, "aliases"):
            props["aliases"] = names(self.aliases, "aliases")
        props.update(kind=text(self.kind, "kind"), country=text(self.country, "country").upper(),
                     sources=urls(self.sources), description=text(self.description, "description", lines=True))
        if self.part_of:
            props["part_of"] = [check_id(p, "part_of") for p in self.part_of]
        features.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": coordinate(self.lat, self.lon)},
                         "properties": props})
        docs.touch(PLACES)


@dataclass(frozen=True)
class MovePlace:
    id: str
    lat: float
    lon: float

    def run(self, docs: Docs) -> None:
        feature = _place(docs, self.id)
        feature["geometry"] = {"type": "Point", "coordinates": coordinate(self.lat, self.lon)}
        docs.touch(PLACES)


@dataclass(frozen=True)
class UpdatePlace:
    id: str
    name: str | None = None
    aliases: tuple[str, ...] | None = None
    kind: str | None = None
    country: str | None = None
    sources: tuple[str, ...] | None = None
    description: str | None = None
    part_of: tuple[str, ...] | None = None
    lat: float | None = None
    lon: float | None = None

    def run(self, docs: Docs) -> None:
        feature = _place(docs, self.id)
        props = feature["properties"]
        if self.lat is not None or self.lon is not None:
            feature["geometry"] = {"type": "Point", "coordinates": coordinate(self.lat, self.lon)}
        if self.name is not None:
            props["name"] = text(self.name, "name", required=True)
        for key, value in (("kind", self.kind), ("country", self.country)):
            if value is not None:
                props[key] = text(value, key).upper() if key == "country" else text(value, key)
        if self.description is not None:
            props["description"] = text(self.description, "description", lines=True)
        if self.aliases is not None:
            props["aliases"] = names(self.aliases, "aliases")
        if self.sources is not None:
            props["sources"] = urls(self.sources)
        if self.part_of is not None:
            props["part_of"] = [check_id(p, "part_of") for p in self.part_of]
        docs.touch(PLACES)


@dataclass(frozen=True)
class DeletePlace:
    id: str

    def run(self, docs: Docs) -> None:
        _place(docs, self.id)
        table = docs.events()
        users = [f"event {table.get(r, 'id')!r}" for r in table.rows if table.get(r, "place_id") == self.id]
        users += [f"leg {str(f['properties'].get('id'))!r}" for f in docs.routes()
                  if isinstance(f, dict) and isinstance(f.get("properties"), dict)
                  and self.id in (str(f["properties"].get("from_place", "")).strip(),
                                  str(f["properties"].get("to_place", "")).strip())]
        users += [f"place {str(f['properties'].get('id'))!r} (part_of)" for f in docs.places()
                  if isinstance(f, dict) and isinstance(f.get("properties"), dict)
                  and self.id in (f["properties"].get("part_of") or [])]
        if users:
            raise EditRefused(f"id: place {self.id!r} is still used by {', '.join(users)}; "
                              "delete or change those first")
        features = docs.places()
        del features[find(features, self.id)]
        docs.touch(PLACES)


# --- events ------------------------------------------------------------------------------------------

_EVENT_FIELDS = {"place": "place_id", "category": "category", "title": "title", "start": "date_start",
                 "end": "date_end", "participants": "participants", "description": "description"}


def _event_cells(edit, table, row) -> None:
    for attr, column in _EVENT_FIELDS.items():
        value = getattr(edit, attr)
        if value is not None:
            table.set(row, column, text(value, attr, required=attr in ("place", "category", "title", "start"),
                                        lines=attr == "description"))
    if edit.sources is not None:
        table.set(row, "sources", " ".join(urls(edit.sources)))


def _event(table, event_id: str) -> dict:
    for row in table.rows:
        if table.get(row, "id") == event_id:
            return row
    raise EditRefused(f"id: there is no event {event_id!r} in {EVENTS}")


@dataclass(frozen=True)
class AddEvent:
    id: str
    place: str
    category: str
    title: str
    start: str
    end: str = ""
    participants: str = ""
    description: str = ""
    sources: tuple[str, ...] = ()

    def run(self, docs: Docs) -> None:
        check_id(self.id)
        table = docs.events()
        if any(table.get(r, "id") == self.id for r in table.rows):
            raise EditRefused(f"id: an event {self.id!r} already exists; choose another id")
        row = table.new_row()
        table.set(row, "id", self.id)
        _event_cells(self, table, row)
        table.rows.append(row)
        docs.touch(EVENTS)


@dataclass(frozen=True)
class UpdateEvent:
    id: str
    place: str | None = None
    category: str | None = None
    title: str | None = None
    start: str | None = None
    end: str | None = None
    participants: str | None = None
    description: str | None = None
    sources: tuple[str, ...] | None = None

    def run(self, docs: Docs) -> None:
        table = docs.events()
        _event_cells(self, table, _event(table, self.id))
        docs.touch(EVENTS)


@dataclass(frozen=True)
class DeleteEvent:
    id: str

    def run(self, docs: Docs) -> None:
        table = docs.events()
        table.rows.remove(_event(table, self.id))
        docs.touch(EVENTS)


# --- route legs --------------------------------------------------------------------------------------

def _leg(docs: Docs, leg_id: str) -> dict:
    features = docs.routes()
    i = find(features, leg_id)
    if i is None:
        raise EditRefused(f"id: there is no route leg {leg_id!r} in {ROUTES}")
    return features[i]


def _place_name(docs: Docs, place_id: str) -> str:
    i = find(docs.places(), place_id)
    return str(docs.places()[i]["properties"].get("name") or place_id) if i is not None else place_id


_LEG_FIELDS = {"from_place": "from_place", "to_place": "to_place", "category": "category", "start": "date_start",
               "end": "date_end", "mode": "mode", "name": "name", "description": "description"}


def _leg_props(edit, props: dict) -> None:
    for attr, key in _LEG_FIELDS.items():
        value = getattr(edit, attr)
        if value is None:
            continue
        value = text(value, attr, required=attr in ("from_place", "to_place", "category", "start"),
                     lines=attr == "description")
        if value or attr not in ("mode", "end"):
            props[key] = value
        else:
            props.pop(key, None)
    if edit.sources is not None:
        props["sources"] = urls(edit.sources)


@dataclass(frozen=True)
class AddRoute:
    """A leg from one place to another; ``geometry`` [(lon, lat), …], or None for an air leg (drawn as the
    great circle between its places)."""

    id: str
    from_place: str
    to_place: str
    category: str
    start: str
    end: str = ""
    mode: str = ""
    geometry: tuple[tuple[float, float], ...] | None = None
    name: str = ""
    description: str = ""
    sources: tuple[str, ...] = ()

    def run(self, docs: Docs) -> None:
        check_id(self.id)
        features = docs.routes()
        if find(features, self.id) is not None:
            raise EditRefused(f"id: a route leg {self.id!r} already exists; choose another id")
        props = {"id": self.id}
        _leg_props(self, props)
        if not props.get("name"):
            props["name"] = f"{_place_name(docs, props['from_place'])} → {_place_name(docs, props['to_place'])}"
        features.append({"type": "Feature", "geometry": geometry(self.geometry), "properties": props})
        docs.touch(ROUTES)


@dataclass(frozen=True)
class UpdateRoute:
    """Change a leg; ``geometry=()`` removes its geometry (an air leg), None keeps it."""

    id: str
    from_place: str | None = None
    to_place: str | None = None
    category: str | None = None
    start: str | None = None
    end: str | None = None
    mode: str | None = None
    geometry: tuple[tuple[float, float], ...] | None = None
    name: str | None = None
    description: str | None = None
    sources: tuple[str, ...] | None = None

    def run(self, docs: Docs) -> None:
        feature = _leg(docs, self.id)
        if not isinstance(feature.get("properties"), dict):
            feature["properties"] = {}
        _leg_props(self, feature["properties"])
        if self.geometry is not None:
            feature["geometry"] = geometry(self.geometry)
        docs.touch(ROUTES)


@dataclass(frozen=True)
class DeleteRoute:
    id: str

    def run(self, docs: Docs) -> None:
        features = docs.routes()
        features.remove(_leg(docs, self.id))
        docs.touch(ROUTES)
