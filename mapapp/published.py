"""Distances published by others, to set beside the story's own (story.json ``published``)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import DataError


@dataclass(frozen=True)
class Published:
    """A distance reported by others between two of the story's places."""

    from_place: str
    to_place: str
    km: float
    what: str
    source: str


def parse_published(value, path: Path, problems: list) -> tuple[Published, ...]:
    """story.json ``published``: [{"from_place", "to_place", "km", "what", "source"}]; shown in the journey
    figures when the story has a chain of legs from ``from_place`` to ``to_place``."""
    if value is None:
        return ()
    if not isinstance(value, list):
        problems.append(DataError(path, "published", 'must be a list such as [{"from_place": "a", "to_place": '
                                                     '"b", "km": 850, "what": "about 850 km by rail", "source": '
                                                     '"https://…"}]'))
        return ()
    out = []
    for i, item in enumerate(value, 1):
        where = f"published[{i}]"
        if not isinstance(item, dict):
            problems.append(DataError(path, where, "must be an object with from_place, to_place, km, what, source"))
            continue
        texts = [item.get(k) for k in ("from_place", "to_place", "what", "source")]
        km = item.get("km")
        if not all(isinstance(t, str) and t.strip() for t in texts):
            problems.append(DataError(path, where, "from_place, to_place, what and source must be non-empty texts"))
            continue
        if isinstance(km, bool) or not isinstance(km, (int, float)) or not km > 0:
            problems.append(DataError(path, where, f"'km' must be a positive number (got {km!r})"))
            continue
        out.append(Published(texts[0].strip(), texts[1].strip(), float(km), texts[2].strip(), texts[3].strip()))
    return tuple(out)


def check_places(published: tuple[Published, ...], place_ids, path: Path, problems: list) -> None:
    """A published distance must join two of the story's places."""
    for i, p in enumerate(published, 1):
        for key in ("from_place", "to_place"):
            if getattr(p, key) not in place_ids:
                problems.append(DataError(path, f"published[{i}]", f"{key} {getattr(p, key)!r} is not a place of "
                                                                   "geodata/places.geojson"))
