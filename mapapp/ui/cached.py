"""Streamlit caches: a story is loaded and linked once per change of its files, then shared read-only."""
from __future__ import annotations

import functools
import hashlib
import stat
from pathlib import Path

import streamlit as st

from .. import link_story, load_story, mapdata
from ..export import export
from ..filters import FilterOptions, apply
from ..geoparse import Gazetteer, load_gazetteer
from ..htmltext import Upload, upload_text
from ..model import Snippet, Story


class Signature(tuple):
    """The story's files as ``((path, size, mtime_ns), …)``, with one digest of them that the caches hash:
    Streamlit would otherwise hash the tuple item by item on every cached call (about 8 ms per call for a
    story of 400 articles)."""

    @property
    def digest(self) -> str:
        value = self.__dict__.get("_digest")
        if value is None:
            value = self.__dict__["_digest"] = hashlib.sha256(repr(tuple(self)).encode()).hexdigest()
        return value


#: How the caches hash a Signature: by its digest.
_FAST = {Signature: lambda s: s.digest}


def story_signature(root: str) -> Signature:
    """Names, sizes and mtimes of the story's files: the cache key that notices edits (an added article
    changes seeds/ and geodata/article_links.json). Hidden files — the temporary files of a write in
    progress in another session — are left out; a file that vanishes while it is listed is skipped."""
    base = Path(root)
    out = []
    for p in sorted([*base.glob("geodata/*"), *base.glob("seeds/*")]):
        if p.name.startswith("."):
            continue
        try:
            info = p.stat()
        except OSError:  # vanished, or a dangling or looping link: the loader names it
            continue
        if stat.S_ISREG(info.st_mode):
            out.append((str(p), info.st_size, info.st_mtime_ns))
    return Signature(out)


# The story and its snippets are resources, not data: frozen dataclasses and tuples that nobody mutates, so
# every session shares one copy. st.cache_data would unpickle a fresh copy on every rerun — about 130 ms per
# read for a 10,000-event story, more than the whole rerun may take (benchmarks/bench_scale.py).
@st.cache_resource(show_spinner="Loading the story…", max_entries=8, hash_funcs=_FAST)
def story(root: str, signature: tuple) -> Story:
    return load_story(root)


@st.cache_resource(show_spinner=False, max_entries=8, hash_funcs=_FAST)
def snippets(root: str, signature: tuple) -> dict[str, tuple[Snippet, ...]]:
    """Snippets per place id (shared and read-only: callers build new dicts, never change this one)."""
    return link_story(story(root, signature))


@st.cache_resource(show_spinner=False, max_entries=8, hash_funcs=_FAST)
def event_rows(root: str, signature: tuple) -> dict[str, tuple[str, str]]:
    """The map's per-event data that no filter changes (mapdata.event_rows), made once per story: a filter
    change then joins the visible events' rows instead of escaping and encoding each (shared, read-only)."""
    return mapdata.event_rows(story(root, signature))


@st.cache_resource(show_spinner="Loading the gazetteer…", max_entries=4, hash_funcs=_FAST)
def gazetteer(root: str, signature: tuple) -> Gazetteer:
    """The geoparser's gazetteer for the story's places (reported places included). A resource, not data:
    it shares the in-memory GeoNames tables (about 25 MB pickled) across sessions, read-only."""
    return load_gazetteer(story(root, signature).places)


@st.cache_resource(show_spinner=False, max_entries=8, hash_funcs=_FAST)
def timeline_chart(root: str, signature: tuple):
    """The journey's timeline chart (ui.journey.timeline_chart), built once per story: Altair takes about 50 ms
    for a large story. A resource: the chart is only read (rendered) by each rerun, never changed. Streamlit's
    conversion on each rerun skips Altair's check against the Vega-Lite schema (most of its time): the chart's
    shape is fixed by the code, and tests/test_scale_rerun.py checks it against the schema."""
    from .journey import timeline_chart as build  # ui.journey uses this module: imported here, not at the top

    chart = build(story(root, signature))
    if chart is not None:
        # An instance attribute, set past altair's __setattr__ (which would store it as a chart property).
        object.__setattr__(chart, "to_dict", functools.partial(type(chart).to_dict, chart, validate=False))
    return chart


@st.cache_data(show_spinner="Drawing the still map…", max_entries=12, hash_funcs=_FAST)
def still(root: str, signature: tuple, options: FilterOptions, fmt: str) -> bytes:
    """The still map (PNG, SVG or PDF) of the story filtered by ``options``: drawn once per view and format
    (about a second), then served from the cache when the button is clicked again."""
    s = story(root, signature)
    return export(s, apply(s, {}, options), options, fmt)


@st.cache_data(show_spinner=False, max_entries=4)
def upload(name: str, data: bytes, limit: int) -> Upload:
    """An uploaded article as plain text (decoded, HTML/Markdown stripped); raises ArticleError."""
    return upload_text(name, data, limit)
