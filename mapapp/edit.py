"""Edits as values: small frozen objects that :func:`apply` turns into the story's new file contents.

Pure: no Streamlit, no writing. ``apply(files, edit)`` takes the editable files as text
(:func:`mapapp.storyfiles.read`) and returns a Change holding the new texts of the files it changed;
:mod:`mapapp.journal` checks the result with the same rules as ``validate``, writes it atomically under the
story lock and keeps the previous texts for ``undo``. A value that cannot be right raises EditRefused naming
the field and the problem. For the ``Update…`` edits a field left as None is unchanged.
"""
from __future__ import annotations

from dataclasses import fields

from . import storyfiles as sf
from .editbase import Change, Docs
from .edit_items import (AddEvent, AddPlace, AddRoute, DeleteEvent, DeletePlace, DeleteRoute, MovePlace,
                         UpdateEvent, UpdatePlace, UpdateRoute)
from .edit_layers import AddLayer, DeleteLayer, MoveLayer, UpdateLayer
from .errors import EditRefused

__all__ = ["apply", "Change", "AddPlace", "MovePlace", "UpdatePlace", "DeletePlace", "AddEvent", "UpdateEvent",
           "DeleteEvent", "AddRoute", "UpdateRoute", "DeleteRoute", "AddLayer", "UpdateLayer", "MoveLayer",
           "DeleteLayer"]


def summary(edit) -> str:
    """One line for the history: the edit's kind and its first few given fields."""
    parts = [f"{f.name}={getattr(edit, f.name)!r}" for f in fields(edit)
             if getattr(edit, f.name) not in (None, "", ())][:4]
    return (f"{type(edit).__name__} " + " ".join(parts))[:300]


def apply(files: sf.Files, edit) -> Change:
    """The new texts of the files ``edit`` changes; raises EditRefused naming the field and the problem."""
    docs = Docs(files)
    edit.run(docs)
    if not docs.dirty:
        raise EditRefused("nothing to change")
    return docs.change(summary(edit))
