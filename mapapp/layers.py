"""A story's layers and date presets: what they are, the defaults, and how story.json declares them.

What a story decides (its layers, labels, colours, symbols, route modes, periods) is data: read from
``geodata/story.json`` (``layers``, ``periods``), or, for a story that declares no layers, from the one
defaults file ``mapapp/data/default_layers.json``. Code asks ``story.layer(id)``; it never names a layer.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path

from . import colors
from .errors import DataError

POINTS, ROUTES = "points", "routes"
TYPES = (POINTS, ROUTES)
SYMBOLS = ("circle", "square", "triangle", "diamond", "star")
MODES = ("rail", "road", "sea", "air", "foot", "other")
#: A route layer's colour may be this word instead of a colour: its legs take colours along a ramp by date.
BY_DATE = "by-date"
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
_KEYS = ("id", "label", "type", "color", "symbol", "mode", "journey", "preset")


@dataclass(frozen=True)
class Layer:
    """One layer of a story: points (events.csv categories) or routes (routes.geojson categories)."""

    id: str
    label: str
    type: str = POINTS
    color: str = "#0072B2"
    symbol: str = "circle"  # points: how each point is drawn
    mode: str = ""  # routes: rail, road, sea, air, foot or other
    journey: bool = True  # its events are stops of the journey (step-through, player), its legs the way between
    preset: str = ""  # name of the derived date preset its dates join ("journey": "2023 journey")

    @property
    def is_points(self) -> bool:
        return self.type == POINTS

    @property
    def is_routes(self) -> bool:
        return self.type == ROUTES


@dataclass(frozen=True)
class Period:
    """A named date range offered as a filter preset; an open end is None."""

    label: str
    start: date | None
    end: date | None


@cache
def _defaults() -> dict:
    return json.loads((resources.files("mapapp") / "data" / "default_layers.json").read_text("utf-8"))


def default_layers() -> tuple[Layer, ...]:
    """The layers of a story that declares none (the built-in story's layout)."""
    return tuple(Layer(**{k: v for k, v in d.items() if k in _KEYS}) for d in _defaults()["layers"])


def new_story_layers() -> tuple[Layer, ...]:
    """The layers a new story (``python -m mapapp new``) starts with, coloured from the palettes."""
    return tuple(_fill_colors([Layer(**{"color": "", **d}) for d in _defaults()["new_story"]]))


def reported_layer() -> Layer:
    """The app's own layer for places found in added articles (appended to every story's layers)."""
    d = _defaults()["reported"]
    return Layer(**{k: v for k, v in d.items() if k in _KEYS})


REPORTED = "reported_place"  # the id of reported_layer(): the app's own, not a story's


def by_date_ramp() -> tuple[str, ...]:
    """Colours along which a ``by-date`` route layer's legs go, first leg to last."""
    return tuple(_defaults()["by_date_ramp"])


def palette(kind: str) -> tuple[str, ...]:
    """The tested colours new layers of ``kind`` (points or routes) take, in order."""
    return tuple(_defaults()["point_palette" if kind == POINTS else "route_palette"])


def with_reported(layers: tuple[Layer, ...]) -> tuple[Layer, ...]:
    """``layers`` with the app's reported-place layer last, unless the story declares it itself."""
    return layers if any(layer.id == REPORTED for layer in layers) else (*layers, reported_layer())


def parse_layers(value, path: Path, problems: list, warnings: list) -> tuple[Layer, ...]:
    """story.json ``layers``: a list of layer objects; None → the defaults. Problems name the layer."""
    if value is None:
        return default_layers()
    if not isinstance(value, list) or not value:
        problems.append(DataError(path, "layers", 'must be a non-empty list of layers, e.g. [{"id": "protest", '
                                                  '"label": "Protest", "type": "points"}]'))
        return default_layers()
    out: list[Layer] = []
    seen: dict[str, str] = {}
    for i, item in enumerate(value, 1):
        where = f"layers[{i}]"
        if not isinstance(item, dict):
            problems.append(DataError(path, where, "must be an object with id, label and type"))
            continue
        lid = item.get("id")
        if not isinstance(lid, str) or not _ID.fullmatch(lid):
            problems.append(DataError(path, where, "'id' must be a text of letters, digits, '_', '-' or '.', "
                                                   f"e.g. \"protest\" (got {_shown(lid)})"))
            continue
        where = f"{where} (id {lid!r})"
        key = lid.casefold()
        if key in seen:
            problems.append(DataError(path, where, f"duplicate layer id (first used by {seen[key]})"))
            continue
        seen[key] = where
        kind = item.get("type")
        if kind not in TYPES:
            problems.append(DataError(path, where, f"'type' must be \"points\" or \"routes\" (got {_shown(kind)})"))
            continue
        label = item.get("label", lid)
        if not isinstance(label, str) or not label.strip():
            problems.append(DataError(path, where, f"'label' must be a non-empty text (got {_shown(label)})"))
            label = lid
        layer = _layer(item, lid, label.strip(), kind, path, where, problems)
        if layer is not None:
            out.append(layer)
    out = _fill_colors(out)
    warnings.extend(colour_warnings(out, path))
    return tuple(out)


def _layer(item: dict, lid: str, label: str, kind: str, path: Path, where: str, problems: list) -> Layer | None:
    ok = True
    color = item.get("color", "")
    if color != "" and not (isinstance(color, str) and (colors.is_hex(color) or (kind == ROUTES and color == BY_DATE))):
        extra = f' or "{BY_DATE}"' if kind == ROUTES else ""
        problems.append(DataError(path, where, f"'color' must be a colour like \"#d62728\"{extra} (got {_shown(color)})"))
        ok = False
    symbol, mode = item.get("symbol", "circle"), item.get("mode", "other")
    if kind == POINTS and symbol not in SYMBOLS:
        problems.append(DataError(path, where, f"'symbol' must be one of {', '.join(SYMBOLS)} (got {_shown(symbol)})"))
        ok = False
    if kind == ROUTES and mode not in MODES:
        problems.append(DataError(path, where, f"'mode' must be one of {', '.join(MODES)} (got {_shown(mode)})"))
        ok = False
    journey, preset = item.get("journey", True), item.get("preset", "")
    if not isinstance(journey, bool):
        problems.append(DataError(path, where, f"'journey' must be true or false (got {_shown(journey)})"))
        ok = False
    if not isinstance(preset, str):
        problems.append(DataError(path, where, f"'preset' must be a text (got {_shown(preset)})"))
        ok = False
    if not ok:
        return None
    return Layer(id=lid, label=label, type=kind, color=colors.normal_hex(color) if colors.is_hex(color) else color,
                 symbol=symbol if kind == POINTS else "", mode=mode if kind == ROUTES else "", journey=journey,
                 preset=preset.strip())


def _fill_colors(layers: list[Layer]) -> list[Layer]:
    """Layers without a colour take the first colour of their kind's palette that no layer uses yet."""
    taken = {layer.color for layer in layers if layer.color}
    out = []
    for layer in layers:
        if not layer.color:
            free = [c for c in palette(layer.type) if c not in taken] or list(palette(layer.type))
            layer = Layer(**{**layer.__dict__, "color": free[0]})
            taken.add(free[0])
        out.append(layer)
    return out


def colour_warnings(layers, path: Path) -> list[DataError]:
    """Warnings for layer colours a reader cannot tell apart (also with a colour-vision deficiency) or can
    hardly see on a light basemap."""
    out = []
    solid = [layer for layer in layers if colors.is_hex(layer.color)]
    for i, a in enumerate(solid):
        if colors.contrast(a.color, colors.BASEMAP) < colors.MIN_CONTRAST:
            out.append(DataError(path, f"layer {a.id!r}", f"colour {a.color} is hard to see on a light basemap "
                                                          f"(contrast {colors.contrast(a.color, colors.BASEMAP):.1f}:1)"))
        for b in solid[i + 1:]:
            diff, seen_as = colors.closest_difference(a.color, b.color)
            if diff < colors.MIN_DIFFERENCE:
                how = "" if seen_as == "normal" else f" for readers with {seen_as}"
                out.append(DataError(path, f"layers {a.id!r} and {b.id!r}",
                                     f"colours {a.color} and {b.color} are too close to tell apart{how} "
                                     f"(ΔE {diff:.0f}; pick colours at least {colors.MIN_DIFFERENCE} apart)"))
    return out


def parse_periods(value, path: Path, problems: list) -> tuple[Period, ...]:
    """story.json ``periods``: [{"label", "start", "end"}], the date filter's presets (ISO dates; an empty or
    missing end is open)."""
    if value is None:
        return ()
    if not isinstance(value, list):
        problems.append(DataError(path, "periods", 'must be a list such as [{"label": "April", "start": '
                                                   '"2026-04-01", "end": "2026-04-30"}]'))
        return ()
    out: list[Period] = []
    labels: set[str] = set()
    for i, item in enumerate(value, 1):
        where = f"periods[{i}]"
        if not isinstance(item, dict):
            problems.append(DataError(path, where, "must be an object with label, start and end"))
            continue
        label = item.get("label")
        if not isinstance(label, str) or not label.strip():
            problems.append(DataError(path, where, f"'label' must be a non-empty text (got {_shown(label)})"))
            continue
        where = f"{where} ({label.strip()!r})"
        if label.strip() in labels:
            problems.append(DataError(path, where, "duplicate period label"))
            continue
        labels.add(label.strip())
        ends = []
        for key in ("start", "end"):
            raw = item.get(key)
            if raw in (None, ""):
                ends.append(None)
                continue
            try:
                ends.append(date.fromisoformat(raw) if isinstance(raw, str) and len(raw) == 10 else None)
                if ends[-1] is None:
                    raise ValueError
            except ValueError:
                problems.append(DataError(path, where, f"'{key}' must be a date YYYY-MM-DD (got {_shown(raw)})"))
                ends.append(False)
        if False in ends:
            continue
        if ends[0] and ends[1] and ends[1] < ends[0]:
            problems.append(DataError(path, where, f"'end' {ends[1]} is before 'start' {ends[0]}"))
            continue
        out.append(Period(label.strip(), ends[0], ends[1]))
    return tuple(out)


def _shown(value) -> str:
    """A value quoted for a message, cut short (it may be anything a file holds)."""
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else repr(value)
    return text if len(text) <= 60 else text[:57] + "…"
