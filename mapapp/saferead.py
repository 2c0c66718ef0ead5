"""Read a story's files safely: regular files only, inside the story folder, bounded while reading.

Every file of a story folder (geodata files, story.json, article_links.json, seeds/*.txt) is read through
:func:`read_bytes`, so that a story folder received from someone else cannot hang the reader (a FIFO), exhaust
memory (a link to ``/dev/zero``), pull in a file from elsewhere (a link leaving the folder) or lose a file
silently (a dangling or looping link, a file without read permission): each is a DataError naming the file.
"""
from __future__ import annotations

import errno
import json
import os
import stat
from pathlib import Path

from .errors import DataError

#: Largest data file (GeoJSON, CSV, JSON) read from a story folder.
MAX_DATA_BYTES = 256 * 1024 * 1024


def exists(path: str | Path) -> bool:
    """True when there is anything at ``path``, including a dangling link (which :func:`read_bytes` refuses)."""
    try:
        os.lstat(path)
    except FileNotFoundError:
        return False
    except OSError:
        return True  # e.g. a folder without search permission: read_bytes names the problem
    return True


def resolve_inside(path: str | Path, root: str | Path | None, error=DataError) -> Path:
    """``path`` with its links resolved; an ``error`` naming it when a link dangles, loops or leaves ``root``.

    Works on strings (os.path.realpath) rather than Path objects: a story's hundreds of articles each pass
    here, and Path.resolve and Path.parents cost twice as much."""
    path = Path(path)
    try:
        real = os.path.realpath(path, strict=True)
    except FileNotFoundError:
        if not exists(path):
            raise error(path, None, "does not exist") from None
        raise error(path, None, "is a symbolic link to a file that does not exist (dangling link); "
                                "restore the target or remove the link") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # a link loop
            raise error(path, None, "is a symbolic link that loops; point it at a file or remove it") from None
        raise error(path, None, f"cannot be read: {exc.strerror or exc}") from None
    if root is not None:
        top = os.path.realpath(root)
        if real != top and not real.startswith(top.rstrip(os.sep) + os.sep):
            raise error(path, None, f"is a link to {real}, outside the story folder {top}; copy the file into "
                                    "the story instead of linking to it")
    return Path(real)


def read_bytes(path: str | Path, root: str | Path | None = None, limit: int = MAX_DATA_BYTES,
               error=DataError) -> bytes:
    """The content of the regular file ``path`` (links resolved and kept inside ``root`` when given).

    Never blocks on a FIFO or device (opened non-blocking, then checked to be a regular file) and never
    reads more than ``limit`` + 1 bytes. Raises ``error`` (a DataError class) naming the file otherwise.
    """
    path = Path(path)
    real = resolve_inside(path, root, error)
    try:
        fd = os.open(real, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise error(path, None, f"cannot be read: {exc.strerror or exc}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            what = "a folder" if stat.S_ISDIR(info.st_mode) else "a pipe" if stat.S_ISFIFO(info.st_mode) else \
                "a device or socket"
            raise error(path, None, f"is {what}, not a regular file")
        if info.st_size > limit:
            raise error(path, None, f"is {info.st_size:,} bytes; the limit is {limit:,} bytes")
        os.set_blocking(fd, True)
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise error(path, None, f"cannot be read: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
    if size > limit:
        raise error(path, None, f"is more than {limit:,} bytes (it grew while being read); the limit is "
                                f"{limit:,} bytes")
    return b"".join(chunks)


def parse_json(data: bytes, path: str | Path, problems: list):
    """The JSON document in ``data`` (UTF-8, a BOM allowed), or None after a problem naming ``path``: not
    UTF-8, not JSON (with line and column), nested too deeply, or a key repeated in one object."""
    duplicates: list[str] = []
    try:
        doc = json.loads(data.decode("utf-8-sig"), object_pairs_hook=lambda pairs: _object(pairs, duplicates))
    except UnicodeDecodeError as exc:
        problems.append(DataError(path, None, f"not UTF-8 text ({exc.reason} at byte {exc.start})"))
        return None
    except json.JSONDecodeError as exc:
        problems.append(DataError(path, f"line {exc.lineno}, column {exc.colno}", f"not valid JSON: {exc.msg}"))
        return None
    except ValueError as exc:  # e.g. an integer literal longer than Python's int digit limit
        problems.append(DataError(path, None, f"not valid JSON: {exc}"))
        return None
    except RecursionError:
        problems.append(DataError(path, None, "not valid JSON: nested too deeply"))
        return None
    for key in dict.fromkeys(duplicates):
        problems.append(DataError(path, f"key {key!r}", "appears twice in one JSON object; only the last value "
                                                        "would count — keep one"))
    return None if duplicates else doc


def _object(pairs: list, duplicates: list) -> dict:
    out = dict(pairs)
    if len(out) < len(pairs):
        seen: set = set()
        duplicates.extend(k for k, _ in pairs if k in seen or seen.add(k))
    return out
