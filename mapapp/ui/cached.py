"""Streamlit caches: a story is loaded and linked once per change of its files, then shared read-only."""
from __future__ import annotations

import stat
from pathlib import Path

import streamlit as st

from .. import load_story, link_story
from ..geoparse import Gazetteer, load_gazetteer
from ..htmltext import Upload, upload_text
from ..model import Snippet, Story


def story_signature(root: str) -> tuple:
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
        except FileNotFoundError:
            continue
        if stat.S_ISREG(info.st_mode):
            out.append((str(p), info.st_size, info.st_mtime_ns))
    return tuple(out)


# The story and its snippets are resources, not data: frozen dataclasses and tuples that nobody mutates, so
# every session shares one copy. st.cache_data would unpickle a fresh copy on every rerun — about 130 ms per
# read for a 10,000-event story, more than the whole rerun may take (benchmarks/bench_scale.py).
@st.cache_resource(show_spinner="Loading the story…", max_entries=8)
def story(root: str, signature: tuple) -> Story:
    return load_story(root)


@st.cache_resource(show_spinner=False, max_entries=8)
def snippets(root: str, signature: tuple) -> dict[str, tuple[Snippet, ...]]:
    """Snippets per place id (shared and read-only: callers build new dicts, never change this one)."""
    return link_story(story(root, signature))


@st.cache_resource(show_spinner="Loading the gazetteer…", max_entries=4)
def gazetteer(root: str, signature: tuple) -> Gazetteer:
    """The geoparser's gazetteer for the story's places (reported places included). A resource, not data:
    it shares the in-memory GeoNames tables (about 25 MB pickled) across sessions, read-only."""
    return load_gazetteer(story(root, signature).places)


@st.cache_resource(show_spinner=False, max_entries=8)
def timeline_chart(root: str, signature: tuple):
    """The journey's timeline chart (ui.journey.timeline_chart), built once per story: Altair takes about 50 ms
    for a large story. A resource: the chart is only read (rendered) by each rerun, never changed."""
    from .journey import timeline_chart as build  # ui.journey uses this module: imported here, not at the top

    return build(story(root, signature))


@st.cache_data(show_spinner=False, max_entries=4)
def upload(name: str, data: bytes, limit: int) -> Upload:
    """An uploaded article as plain text (decoded, HTML/Markdown stripped); raises ArticleError."""
    return upload_text(name, data, limit)
