"""The story's editable files as text: read them, parse them for an edit, write them back in their own format,
and check a changed set with the same rules as ``validate`` before anything is written.

Formats are the built-in story's: GeoJSON and story.json as ``json.dumps(doc, ensure_ascii=False, indent=1)``
plus a newline; events.csv through the csv module (minimal quoting, the file's own line ends, ``\\r\\n`` for a
new file), its header and any extra columns kept.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import shutil
import tempfile
from pathlib import Path

from .errors import DataError, EditRefused, StoryInvalid
from .load import EVENT_COLUMNS, EVENTS, PLACES, ROUTES, STORY_META, load_story

#: The files an edit may change, relative to the story folder.
EDITABLE = (STORY_META, PLACES, EVENTS, ROUTES)
#: Files copied beside them when a changed set is checked (they refer to places).
_CONTEXT = ("geodata/article_links.json",)

Files = dict  # relative path → text, or None when the file does not exist


def read(root: str | Path) -> Files:
    """The editable files of the story at ``root`` as text (None for a missing one)."""
    root = Path(root)
    out: Files = {}
    for rel in EDITABLE:
        path = root / rel
        try:
            out[rel] = path.read_bytes().decode("utf-8") if path.exists() else None
        except UnicodeDecodeError as exc:
            raise EditRefused(f"{path} is not UTF-8 text ({exc.reason}); fix it before editing") from exc
        except OSError as exc:
            raise EditRefused(f"cannot read {path}: {exc.strerror or exc}") from exc
    return out


def digest(files: Files) -> str:
    """A content hash of the editable files: what a session saw when it opened the story."""
    h = hashlib.sha256()
    for rel in EDITABLE:
        text = files.get(rel)
        h.update(rel.encode() + (b"\x00-" if text is None else b"\x00+" + text.encode("utf-8")) + b"\x01")
    return h.hexdigest()


def story_digest(root: str | Path) -> str:
    return digest(read(root))


# --- parse and write ---------------------------------------------------------------------------------

def json_doc(files: Files, rel: str, empty):
    """The JSON document ``rel`` (``empty`` when the file is missing); an unreadable file refuses the edit."""
    text = files.get(rel)
    if text is None:
        return empty
    try:
        return json.loads(text.lstrip("\ufeff"))
    except (ValueError, RecursionError) as exc:
        raise EditRefused(f"{rel} is not valid JSON ({exc}); fix it before editing") from exc


def json_text(doc) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


def features(doc, rel: str) -> list:
    if not (isinstance(doc, dict) and isinstance(doc.get("features"), list)):
        raise EditRefused(f"{rel} is not a GeoJSON FeatureCollection; fix it before editing")
    return doc["features"]


def collection() -> dict:
    return {"type": "FeatureCollection", "features": []}


class Table:
    """events.csv as a header and rows of raw cells (extra columns kept), written back the same way."""

    def __init__(self, text: str | None):
        text = text or ""
        self.bom = "\ufeff" if text.startswith("\ufeff") else ""
        self.newline = "\n" if ("\n" in text and "\r\n" not in text) else "\r\n"
        reader = csv.DictReader(io.StringIO(text[len(self.bom):], newline=""))
        try:
            self.rows = [dict(r) for r in reader]
        except csv.Error as exc:
            raise EditRefused(f"{EVENTS} cannot be read as CSV ({exc}); fix it before editing") from exc
        self.header = list(reader.fieldnames or EVENT_COLUMNS)
        self.names = {h.strip(): h for h in self.header}
        missing = [c for c in EVENT_COLUMNS if c not in self.names]
        if missing:
            raise EditRefused(f"{EVENTS} lacks the column(s) {', '.join(missing)}; fix it before editing")

    def get(self, row: dict, column: str) -> str:
        return (row.get(self.names[column]) or "").strip()

    def set(self, row: dict, column: str, value: str) -> None:
        row[self.names[column]] = value

    def new_row(self) -> dict:
        return {h: "" for h in self.header}

    def text(self) -> str:
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=self.header, lineterminator=self.newline,
                                quoting=csv.QUOTE_MINIMAL, restval="")
        writer.writeheader()
        writer.writerows({k: v for k, v in row.items() if k in self.header} for row in self.rows)
        return self.bom + buf.getvalue()


# --- check before writing ----------------------------------------------------------------------------

def check(root: str | Path, files: Files):
    """Load the story as it would be with ``files``: the same rules as ``validate``. Returns the Story;
    raises StoryInvalid whose messages name the real files. The check runs on a copy in a hidden folder of
    the story (the articles hard-linked, so they stay inside the folder the loader reads)."""
    root = Path(root).resolve()
    with tempfile.TemporaryDirectory(prefix=".mapapp-check-", dir=root) as tmp:
        base = Path(tmp).resolve()
        (base / "geodata").mkdir()
        for rel in _CONTEXT:
            if (root / rel).is_file():
                shutil.copyfile(root / rel, base / rel)
        for rel, text in files.items():
            if text is not None:
                (base / rel).write_text(text, encoding="utf-8", newline="")
        if (root / "seeds").is_dir():
            _mirror(root / "seeds", base / "seeds")
        try:
            return load_story(base)
        except StoryInvalid as exc:
            raise StoryInvalid([_moved(p, base, root) for p in exc.problems]) from None


def _mirror(seeds: Path, into: Path) -> None:
    """The articles of ``seeds`` in ``into``: hard links (a copy where the file system has none); links as links."""
    into.mkdir()
    for path in seeds.glob("*.txt"):
        target = into / path.name
        if path.is_symlink():
            os.symlink(os.readlink(path), target)
        elif path.is_file():
            try:
                os.link(path, target)
            except OSError:
                shutil.copyfile(path, target)


def _moved(problem: DataError, base: Path, root: Path) -> DataError:
    path = problem.path.replace(str(base), str(root), 1)
    return type(problem)(path, problem.feature, problem.detail) if isinstance(problem, DataError) else problem
