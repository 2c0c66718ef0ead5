"""Start a story from nothing: ``python -m mapapp new DIR --title TITLE`` and the dashboard's "create" form.

The new folder holds geodata/ (story.json declaring the new-story layers of mapapp/data/default_layers.json,
an empty places.geojson and routes.geojson, events.csv with its header only) and seeds/ with a README. It is
built in a temporary folder beside ``DIR`` and renamed into place, so it appears complete or not at all.
"""
from __future__ import annotations

import csv
import io
import os
import shutil
import tempfile
from pathlib import Path

from . import storyfiles as sf
from .edit_layers import layer_dict
from .editbase import text
from .errors import EditRefused
from .layers import new_story_layers
from .load import EVENT_COLUMNS, EVENTS, PLACES, ROUTES, STORY_META
from .store import LOCK

SEEDS_README = """# Articles of this story

One article per `.txt` file (UTF-8):

    date 2024-05-01
    title The article's title          (optional)
    url https://example.org/article    (optional)

    The article text…

The dashboard's "Add an article" section writes files here for you. The format is described in the
mapapp README ("Story data format").
"""


def is_empty_folder(folder: str | Path) -> bool:
    """True when ``folder`` is missing or holds nothing (but perhaps the story lock file)."""
    folder = Path(folder)
    return not folder.exists() or (folder.is_dir() and all(p.name == LOCK for p in folder.iterdir()))


def new_files(title: str) -> dict[str, str]:
    """The texts of a new story's files (relative path → text)."""
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerow(EVENT_COLUMNS)
    meta = {"title": title, "layers": [layer_dict(layer) for layer in new_story_layers()]}
    return {STORY_META: sf.json_text(meta), PLACES: sf.json_text(sf.collection()),
            ROUTES: sf.json_text(sf.collection()), EVENTS: buf.getvalue(), "seeds/README.md": SEEDS_README}


def create(folder: str | Path, title: str) -> Path:
    """Make an empty story at ``folder`` (missing or empty); returns its path. Refuses anything else."""
    title = text(title, "title", required=True)
    folder = Path(folder).expanduser().absolute()
    if not is_empty_folder(folder):
        raise EditRefused(f"{folder} is not empty; a new story needs a new or empty folder "
                          "(nothing was changed)")
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
    except OSError as exc:
        raise EditRefused(f"cannot create {folder}: {exc.strerror or exc}") from exc
    try:
        (tmp / "geodata").mkdir()
        (tmp / "seeds").mkdir()
        for rel, content in new_files(title).items():
            (tmp / rel).write_text(content, encoding="utf-8", newline="")
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o777 & ~umask)
        if folder.exists():
            (folder / LOCK).unlink(missing_ok=True)
        os.rename(tmp, folder)  # replaces an empty folder; fails if someone filled it meanwhile
    except OSError as exc:
        raise EditRefused(f"cannot create {folder}: {exc.strerror or exc} (nothing was changed)") from exc
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return folder
