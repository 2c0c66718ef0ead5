"""The dashboard offers the still map (PNG, SVG, PDF) beside the other exports, drawn from the filtered view,
and a "Labels" toggle that puts the place names on the map or takes them off."""
from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest
from PIL import Image

from mapapp.filters import FilterOptions

pytestmark = pytest.mark.app

APP = Path(__file__).resolve().parent.parent / "streamlit_app.py"


def test_sidebar_offers_still_map_downloads():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(APP), default_timeout=60)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    labels = [b.label for b in at.sidebar.download_button]
    for label in ("Still map as PNG", "Still map as SVG", "Still map as PDF", "Map as HTML"):
        assert label in labels


def test_cached_still_is_the_filtered_view_and_drawn_once(story_root, monkeypatch):
    from mapapp.ui import cached

    calls = []
    real = cached.export
    monkeypatch.setattr(cached, "export", lambda *a: calls.append(a[3]) or real(*a))
    signature = cached.story_signature(str(story_root))
    options = FilterOptions(start=date(2023, 9, 12), end=date(2023, 9, 12))
    png = cached.still(str(story_root), signature, options, "png")
    assert Image.open(io.BytesIO(png)).size == (2400, 1600)
    assert cached.still(str(story_root), signature, options, "png") == png
    assert calls == ["png"]  # the second click is served from the cache
    svg = cached.still(str(story_root), signature, options, "svg")
    assert svg.startswith(b"<?xml") and b"Nothing to show" not in svg


def feature_groups(at) -> str:
    """The script of the view's layers that the app handed to st_folium."""
    for element in at.get("component_instance"):
        args = json.loads(element.proto.json_args or "{}")
        if "script" in args:
            return args.get("feature_group") or ""
    raise AssertionError("no st_folium map on the page")


def test_labels_toggle_puts_place_names_on_the_map_and_takes_them_off(story_root, monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("MAPAPP_STORY", str(story_root))
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.run()
    assert at.sidebar.toggle(key="labels").value is True
    assert "mapappLabels(" in feature_groups(at)
    at.sidebar.toggle(key="labels").set_value(False).run()
    assert not at.exception
    assert "mapappLabels(" not in feature_groups(at)
