"""Save edits to a story folder and step them back: the one place an edit reaches the disk.

``save(root, edit, expected)`` runs under the story lock (:func:`mapapp.store.story_lock`): it reads the
editable files, refuses when their content hash differs from ``expected`` (the hash the caller saw when it
opened the story: "changed since you opened it"), applies the edit, checks the result with the same rules as
``validate`` (refusing problems the story did not have before), records the previous texts in the history and
writes the changed file atomically (:func:`mapapp.store.write_atomic`).

The history is ``geodata/.history/<8-digit number>.json``, one file per change, the last ``history_size``
(setting, default 50) kept: ``{"format": 1, "seq", "at", "summary", "before": {path: text or null},
"after": {path: sha256 or null}}``. ``undo`` restores the newest entry's ``before`` texts if the files are
still as that change left them (otherwise it refuses: undoing would overwrite a later change), then drops it.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from . import settings, storyfiles as sf
from .edit import apply
from .errors import EditRefused, StoreError, StoryInvalid
from .store import story_lock, write_atomic

HISTORY = "geodata/.history"
FORMAT = 1
CHANGED = ("the story was changed since you opened it (by another session or command); nothing was saved — "
           "reload it and make the change again")


@dataclass(frozen=True)
class Saved:
    """A change that landed: its summary, the story's new content hash and any warnings (e.g. close colours)."""

    summary: str
    digest: str
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Entry:
    seq: int
    at: str
    summary: str


def save(root: str | Path, edit, expected: str | None = None) -> Saved:
    """Apply ``edit`` to the story at ``root`` and write it; raises EditRefused and changes nothing when the
    edit is refused. ``expected``: the content hash the caller opened (None: whatever is there now)."""
    root = _story(root)
    with story_lock(root):
        files = sf.read(root)
        if expected is not None and sf.digest(files) != expected:
            raise EditRefused(CHANGED)
        change = apply(files, edit)
        new = {**files, **change.files}
        warnings = _checked(root, files, new)
        _record(root, change.summary, files, new, change.files)
        _write(root, change.files)
        return Saved(change.summary, sf.digest(new), warnings)


def undo(root: str | Path, expected: str | None = None) -> Saved:
    """Step back the newest recorded change; raises EditRefused (nothing changed) when it cannot."""
    root = _story(root)
    with story_lock(root):
        files = sf.read(root)
        if expected is not None and sf.digest(files) != expected:
            raise EditRefused(CHANGED)
        for path in reversed(_entries(root)):
            doc = _read_entry(path)
            now = {rel: _hash(files.get(rel)) for rel in doc["after"]}
            if now == {rel: _hash(text) for rel, text in doc["before"].items()}:
                path.unlink()  # recorded, but the change itself never reached the files (interrupted)
                continue
            if now != doc["after"]:
                changed = ", ".join(rel for rel in doc["after"] if now[rel] != doc["after"][rel])
                raise EditRefused(f"cannot undo {doc['summary']!r}: {changed} changed after it (edited by hand?); "
                                  "undoing would overwrite that. Nothing was changed")
            new = {**files, **doc["before"]}
            warnings = _checked(root, files, new)
            _write(root, doc["before"])
            path.unlink()
            return Saved(f"undid {doc['summary']}", sf.digest(new), warnings)
    raise EditRefused("nothing to undo: the history is empty")


def history(root: str | Path) -> list[Entry]:
    """The recorded changes, newest first."""
    out = []
    for path in reversed(_entries(_story(root))):
        doc = _read_entry(path)
        out.append(Entry(int(doc["seq"]), str(doc["at"]), str(doc["summary"])))
    return out


# --- helpers -----------------------------------------------------------------------------------------

def _story(root) -> Path:
    root = Path(root).resolve()
    if not (root / "geodata").is_dir():
        raise EditRefused(f"{root} is not a story folder (no geodata/ folder); make one with "
                          "`python -m mapapp new DIR --title TITLE`")
    return root


def _problems(root: Path, files: sf.Files):
    """(the story, or None when invalid; its problems as messages)."""
    try:
        return sf.check(root, files), []
    except StoryInvalid as exc:
        return None, [str(p) for p in exc.problems]


def _checked(root: Path, old: sf.Files, new: sf.Files) -> tuple[str, ...]:
    """The warnings of the story as ``new`` makes it; refuses problems that ``old`` did not have (a story
    that already had problems can still be mended edit by edit)."""
    story, after = _problems(root, new)
    if after:
        before = set(_problems(root, old)[1])
        fresh = [p for p in after if p not in before]
        if fresh:
            listed = "\n".join(f"  - {p}" for p in fresh)
            raise EditRefused(f"refused, nothing was changed: the story would have {len(fresh)} problem(s):\n{listed}")
    return tuple(str(w) for w in story.warnings) if story else ()


def _hash(text: str | None) -> str | None:
    return None if text is None else hashlib.sha256(text.encode("utf-8")).hexdigest()


def _entries(root: Path) -> list[Path]:
    folder = root / HISTORY
    return sorted(folder.glob("[0-9]" * 8 + ".json")) if folder.is_dir() else []


def _read_entry(path: Path) -> dict:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        if doc.get("format") != FORMAT or not isinstance(doc.get("before"), dict) or \
                not isinstance(doc.get("after"), dict):
            raise ValueError("not a history entry of this mapapp version")
        return doc
    except (OSError, ValueError, AttributeError) as exc:
        raise EditRefused(f"history entry {path} cannot be read ({exc}); move it away to go on") from exc


def _record(root: Path, summary: str, old: sf.Files, new: sf.Files, changed: dict) -> None:
    folder = root / HISTORY
    try:
        folder.mkdir(exist_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot create {folder}: {exc.strerror or exc}") from exc
    entries = _entries(root)
    seq = int(entries[-1].stem) + 1 if entries else 1
    doc = {"format": FORMAT, "seq": seq, "at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
           "summary": summary, "before": {rel: old.get(rel) for rel in changed},
           "after": {rel: _hash(new[rel]) for rel in changed}}
    write_atomic(folder / f"{seq:08d}.json", json.dumps(doc, ensure_ascii=False) + "\n")
    keep = max(1, int(settings.get("history_size")))
    for path in [*entries, folder / f"{seq:08d}.json"][:-keep]:
        path.unlink(missing_ok=True)


def _write(root: Path, texts: dict) -> None:
    for rel, text in texts.items():
        if text is None:
            (root / rel).unlink(missing_ok=True)
        else:
            write_atomic(root / rel, text)
