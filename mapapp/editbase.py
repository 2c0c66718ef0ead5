"""What every edit uses: checks of single values (each refusal names its field) and the story's parsed
documents while an edit changes them."""
from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import urlsplit

from . import storyfiles as sf
from .errors import EditRefused
from .load import EVENTS, PLACES, ROUTES

ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,99}")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


@dataclass(frozen=True)
class Change:
    """What an edit does: the new text of each file it changes, and a one-line summary for the history."""

    files: dict
    summary: str


# --- checks on single values -------------------------------------------------------------------------

def check_id(value, field: str = "id") -> str:
    if not isinstance(value, str) or not ID.fullmatch(value):
        raise EditRefused(f"{field}: {value!r} is not a valid id: use letters, digits, '_', '-' or '.' "
                          "(up to 100, starting with a letter or digit), e.g. hanoi_station")
    return value


def text(value, field: str, required: bool = False, lines: bool = False) -> str:
    """A text field, trimmed; one line unless ``lines``; no control characters."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise EditRefused(f"{field}: must be a text")
    value = value.strip()
    if _CONTROL.search(value.replace("\r\n", "\n")) or (not lines and ("\n" in value or "\r" in value)):
        raise EditRefused(f"{field}: must be {'text' if lines else 'one line of text'} without control characters")
    if required and not value:
        raise EditRefused(f"{field}: must not be empty")
    return value.replace("\r\n", "\n")


def urls(values, field: str = "sources") -> list[str]:
    """Sources: each an absolute http(s) URL without spaces."""
    out = []
    for value in values or ():
        value = text(value, field)
        parts = urlsplit(value) if value else None
        if not value or parts.scheme not in ("http", "https") or not parts.netloc or re.search(r"\s", value):
            raise EditRefused(f"{field}: {value!r} is not an http(s) URL such as https://example.org/article")
        out.append(value)
    return out


def names(values, field: str) -> list[str]:
    return [v for v in (text(v, field) for v in values or ()) if v]


def coordinate(lat, lon) -> list[float]:
    """[lon, lat] for GeoJSON, rounded to 6 decimals (about 10 cm)."""
    for name, value, bound in (("lat", lat, 90), ("lon", lon, 180)):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) \
                or abs(value) > bound:
            raise EditRefused(f"{name}: must be a number from -{bound} to {bound} (got {value!r})")
    return [round(float(lon), 6), round(float(lat), 6)]


def geometry(coords) -> dict | None:
    """A LineString from [(lon, lat), …] (two or more positions), or None for a leg without geometry."""
    if coords is None or len(coords) == 0:
        return None
    if len(coords) < 2:
        raise EditRefused("geometry: a line needs at least two positions")
    line = []
    for pos in coords:
        if not isinstance(pos, (list, tuple)) or len(pos) != 2:
            raise EditRefused(f"geometry: position {pos!r} is not [longitude, latitude]")
        line.append(coordinate(pos[1], pos[0]))
    return {"type": "LineString", "coordinates": line}



# --- the story's documents while an edit changes them -----------------------------------------------

class Docs:
    """The parsed files an edit touches, parsed on first use; ``change()`` gives the texts of those changed."""

    def __init__(self, files: sf.Files):
        self.files = dict(files)
        self._docs: dict = {}
        self.dirty: set[str] = set()

    def places(self) -> list:
        return sf.features(self._get(PLACES, lambda: sf.json_doc(self.files, PLACES, sf.collection())), PLACES)

    def routes(self) -> list:
        return sf.features(self._get(ROUTES, lambda: sf.json_doc(self.files, ROUTES, sf.collection())), ROUTES)

    def events(self) -> sf.Table:
        return self._get(EVENTS, lambda: sf.Table(self.files.get(EVENTS)))

    def meta(self) -> dict:
        doc = self._get(sf.STORY_META, lambda: sf.json_doc(self.files, sf.STORY_META, {}))
        if not isinstance(doc, dict):
            raise EditRefused(f"{sf.STORY_META} is not a JSON object; fix it before editing")
        return doc

    def _get(self, rel, make):
        if rel not in self._docs:
            self._docs[rel] = make()
        return self._docs[rel]

    def touch(self, rel: str) -> None:
        self.dirty.add(rel)

    def change(self, summary: str) -> Change:
        out = {}
        for rel in self.dirty:
            doc = self._docs[rel]
            out[rel] = doc.text() if isinstance(doc, sf.Table) else sf.json_text(doc)
        return Change(files=out, summary=summary)


def find(items: list, item_id: str, props=lambda f: f.get("properties") or {}) -> int | None:
    for i, item in enumerate(items):
        if isinstance(item, dict) and str(props(item).get("id", "")).strip() == item_id:
            return i
    return None



def new_id(name: str, taken, prefix: str = "") -> str:
    """A free id made from ``name`` (lowercase slug), e.g. "Hải Phòng" → "hai_phong", "hai_phong_2", …"""
    ascii_text = unicodedata.normalize("NFKD", name or "").encode("ascii", "ignore").decode()
    base = prefix + (re.sub(r"[^a-z0-9]+", "_", ascii_text.lower()).strip("_")[:60] or "item")
    taken = set(taken)
    out, n = base, 1
    while out in taken:
        n += 1
        out = f"{base}_{n}"
    return out
