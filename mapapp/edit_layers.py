"""Edits of the story's layers (``layers`` in geodata/story.json): add, rename, recolour, change symbol or mode,
reorder, delete. A story that declares no layers gets the defaults written out on its first layer edit."""
from __future__ import annotations

from dataclasses import dataclass

from . import layers as L
from .editbase import Docs, check_id, text
from .errors import EditRefused
from .load import STORY_META


def layer_dict(layer: L.Layer) -> dict:
    """A layer as story.json writes it."""
    out = {"id": layer.id, "label": layer.label, "type": layer.type}
    out.update({"symbol": layer.symbol} if layer.is_points else {"mode": layer.mode or "other"})
    out["color"] = layer.color
    if not layer.journey:
        out["journey"] = False
    if layer.preset:
        out["preset"] = layer.preset
    return out


def _declared(docs: Docs) -> list:
    meta = docs.meta()
    if meta.get("layers") is None:
        meta["layers"] = [layer_dict(layer) for layer in L.default_layers()]
    if not isinstance(meta["layers"], list):
        raise EditRefused(f"{STORY_META}: 'layers' is not a list; fix it before editing")
    return meta["layers"]


def _index(items: list, layer_id: str) -> int:
    for i, item in enumerate(items):
        if isinstance(item, dict) and item.get("id") == layer_id:
            return i
    known = ", ".join(str(i.get("id")) for i in items if isinstance(i, dict))
    raise EditRefused(f"id: {layer_id!r} is not a layer of this story (its layers: {known})")


@dataclass(frozen=True)
class AddLayer:
    """A new layer; without a colour it takes the first palette colour no layer uses yet."""

    id: str
    label: str
    type: str = L.POINTS
    color: str = ""
    symbol: str = "circle"
    mode: str = "other"

    def run(self, docs: Docs) -> None:
        check_id(self.id)
        items = _declared(docs)
        if self.id.casefold() in {str(i.get("id", "")).casefold() for i in items if isinstance(i, dict)} \
                or self.id == L.REPORTED:
            raise EditRefused(f"id: a layer {self.id!r} already exists; choose another id")
        if self.type not in L.TYPES:
            raise EditRefused(f"type: must be {' or '.join(L.TYPES)} (got {self.type!r})")
        taken = {str(i.get("color", "")).lower() for i in items if isinstance(i, dict)}
        color = self.color or next((c for c in L.palette(self.type) if c.lower() not in taken),
                                   L.palette(self.type)[0])
        items.append(layer_dict(L.Layer(id=self.id, label=text(self.label, "label", required=True), type=self.type,
                                        color=color, symbol=self.symbol, mode=self.mode)))
        docs.touch(STORY_META)


@dataclass(frozen=True)
class UpdateLayer:
    id: str
    label: str | None = None
    color: str | None = None
    symbol: str | None = None
    mode: str | None = None

    def run(self, docs: Docs) -> None:
        items = _declared(docs)
        item = items[_index(items, self.id)]
        if self.label is not None:
            item["label"] = text(self.label, "label", required=True)
            labels = docs.meta().get("labels")
            if isinstance(labels, dict) and self.id in labels:  # an old override would hide the new name
                del labels[self.id]
                if not labels:
                    del docs.meta()["labels"]
        for key in ("color", "symbol", "mode"):
            value = getattr(self, key)
            if value is not None:
                item[key] = text(value, key, required=True)
        docs.touch(STORY_META)


@dataclass(frozen=True)
class MoveLayer:
    """Put layer ``id`` at position ``to`` (0 = first drawn and listed)."""

    id: str
    to: int

    def run(self, docs: Docs) -> None:
        items = _declared(docs)
        item = items.pop(_index(items, self.id))
        if not isinstance(self.to, int) or not 0 <= self.to <= len(items):
            raise EditRefused(f"to: position must be from 0 to {len(items)} (got {self.to!r})")
        items.insert(self.to, item)
        docs.touch(STORY_META)


@dataclass(frozen=True)
class DeleteLayer:
    """Remove a layer no event or leg uses."""

    id: str

    def run(self, docs: Docs) -> None:
        items = _declared(docs)
        i = _index(items, self.id)
        table = docs.events()
        users = [f"event {table.get(r, 'id')!r}" for r in table.rows if table.get(r, "category") == self.id]
        users += [f"leg {str(f['properties'].get('id'))!r}" for f in docs.routes()
                  if isinstance(f, dict) and isinstance(f.get("properties"), dict)
                  and str(f["properties"].get("category", "")).strip() == self.id]
        if users:
            raise EditRefused(f"id: layer {self.id!r} is still used by {', '.join(users[:10])}"
                              f"{' …' if len(users) > 10 else ''}; change or delete those first")
        del items[i]
        docs.touch(STORY_META)
