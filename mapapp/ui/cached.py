"""st.cache_data wrappers: a story is loaded and linked once per change of its files."""
from __future__ import annotations

from pathlib import Path

import streamlit as st

from .. import load_story, link_story
from ..model import Snippet, Story


def story_signature(root: str) -> tuple:
    """Names, sizes and mtimes of the story's files: the cache key that notices edits."""
    base = Path(root)
    files = sorted([*base.glob("geodata/*"), *base.glob("seeds/*")])
    return tuple((str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in files if p.is_file())


@st.cache_data(show_spinner="Loading the story…", max_entries=8)
def story(root: str, signature: tuple) -> Story:
    return load_story(root)


@st.cache_data(show_spinner=False, max_entries=8)
def snippets(root: str, signature: tuple) -> dict[str, tuple[Snippet, ...]]:
    return link_story(story(root, signature))
