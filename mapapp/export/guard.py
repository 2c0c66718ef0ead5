"""Refuse an export that would replace a file of the story it comes from."""
from __future__ import annotations

import os
from pathlib import Path

from ..errors import ExportError


def check_out(out: str | Path, root: str | Path) -> None:
    """Raise ExportError when ``out`` is, or leads to, a file the story at ``root`` reads, or lies in its
    geodata/ or seeds/ folder (by name, through links, or as a hard link to such a file)."""
    out = Path(out)
    try:
        real = out.resolve()
    except (RuntimeError, OSError) as exc:  # a link loop
        raise ExportError(f"{out} cannot be written: {exc}") from None
    top = Path(root).resolve()
    for folder in (top / "geodata", top / "seeds"):
        if real == folder or folder in real.parents:
            raise ExportError(f"{out} is inside the story's {folder.name}/ folder ({folder}); an export must not "
                              "replace or add to the story's own files — write it elsewhere")
    if not real.exists():
        return
    for folder in (top / "geodata", top / "seeds"):
        for entry in sorted(folder.iterdir()) if folder.is_dir() else ():
            try:
                same = os.path.samefile(real, entry)
            except OSError:
                continue  # a dangling link in the story names no file that out could be
            if same:
                raise ExportError(f"{out} is the story's own file {entry} (a link to it); an export must not "
                                  "replace it — write it elsewhere")
