"""The sidecar geodata/article_links.json as the store changes it: where to write, reading it for an update,
the journal of an add in progress and the temporary files a killed writer left behind.

An add writes the sidecar entry first, marked ``"pending": true``, then the article file, then the entry
without the mark. A crash before the article file exists leaves a pending entry without an article: the
loader skips it and the next add removes it. A crash after leaves a pending entry with its article: it is
complete (the reviewed links were there first). So no article is ever in ``seeds/`` without its links.
"""
from __future__ import annotations

import json
import os
import re
import stat
import time
from pathlib import Path

from . import saferead
from .errors import DataError, StoreError

FORMAT = 1
PENDING = "pending"
#: A temporary file of ours (``.<name>.<8 random characters>.tmp``, tempfile.mkstemp) older than this was
#: left by a writer that died: it is removed at the next add.
STALE_SECONDS = 600
_TEMP = re.compile(r"\..+\.[a-z0-9_]{8}\.tmp")


def target(root: Path, path: Path) -> Path:
    """The file to replace for the sidecar ``path``: the target of a link that stays in the story folder."""
    if not path.is_symlink():
        return path
    try:
        return saferead.resolve_inside(path, root)
    except DataError as exc:
        raise StoreError(f"{exc}; it was not changed") from None


def read_for_update(path: Path, root: Path) -> dict:
    """The sidecar to change; missing means empty. Anything unreadable is refused, never overwritten."""
    if not saferead.exists(path):
        return {"format": FORMAT, "articles": {}}
    hint = "fix or remove it; it was not changed"
    try:
        doc = json.loads(saferead.read_bytes(path, root).decode("utf-8-sig"))
    except DataError as exc:
        raise StoreError(f"{exc}; {hint}") from None
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise StoreError(f"{path} cannot be read ({exc}); {hint}") from exc
    if not isinstance(doc, dict) or not isinstance(doc.get("articles", {}), dict):
        raise StoreError(f'{path} is not an article links file ({{"format": 1, "articles": {{…}}}}); {hint}')
    if doc.get("format", FORMAT) != FORMAT:
        raise StoreError(f"{path} has format {doc.get('format')!r}, written by another mapapp version; {hint}")
    doc.setdefault("format", FORMAT)
    doc.setdefault("articles", {})
    return doc


def interrupted(entry, seeds: Path, article_id: str) -> bool:
    """True for the entry of an add that died before its article file was written."""
    return isinstance(entry, dict) and entry.get(PENDING) is True and not saferead.exists(
        seeds / f"{article_id}.txt")


def settle(doc: dict, seeds: Path) -> None:
    """Finish the journal of earlier adds that died: drop entries without their article, unmark the others."""
    articles = doc["articles"]
    for article_id in list(articles):
        entry = articles[article_id]
        if interrupted(entry, seeds, article_id):
            del articles[article_id]
        elif isinstance(entry, dict):
            entry.pop(PENDING, None)


def remove_stale_temps(root: Path, now: float | None = None) -> list[Path]:
    """Remove our temporary files older than STALE_SECONDS from geodata/ and seeds/; returns them."""
    now = time.time() if now is None else now
    removed = []
    for folder in (root / "geodata", root / "seeds"):
        try:
            names = os.listdir(folder)
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise StoreError(f"cannot list {folder}: {exc.strerror or exc}") from exc
        for name in names:
            path = folder / name
            if not _TEMP.fullmatch(name):
                continue
            try:
                info = os.lstat(path)
                if stat.S_ISREG(info.st_mode) and now - info.st_mtime > STALE_SECONDS:
                    path.unlink()
                    removed.append(path)
            except FileNotFoundError:
                continue  # another session removed it first
            except OSError as exc:
                raise StoreError(f"cannot remove the stale temporary file {path}: {exc.strerror or exc}") from exc
    return removed
