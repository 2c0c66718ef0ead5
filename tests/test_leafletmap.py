"""The HTML report's map is written without folium (mapapp/export/leafletmap.py) from the same plan the
dashboard's folium map draws (mapapp/mapplan.py): every part of the plan is in both pages, word for word."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from mapapp import mapjs
from mapapp.export import html_document
from mapapp.filters import FilterOptions, apply
from mapapp.link import link_story
from mapapp.load import load_story
from mapapp.mapbuild import build_map
from mapapp.mapplan import MapOptions, Names, outline_json, outline_for, view_groups
from story_factory import write_story

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
from make_story import write_story as write_big_story  # noqa: E402

NAMED = re.compile(r"\b(geo_json|canvas_renderer|place_table|feature_group|part)_(?:[0-9a-f]{32}|[0-9]+)(?![0-9a-z])")


def normalised(page: str) -> str:
    """Variable names as kind_N (folium's are random hex, the report's counted), folium's map as ``map``."""
    return NAMED.sub(r"\1_N", re.sub(r"\bmap_[0-9a-f]{32}\b", "map", page))


def written(part) -> str:
    return part.write(Names(own=f"{part.kind}_N", parent="feature_group_N", of=lambda other: f"{other.kind}_N"))


@pytest.fixture(scope="module")
def stories(tmp_path_factory):
    small = load_story(write_story(tmp_path_factory.mktemp("small")))
    big = load_story(write_big_story(tmp_path_factory.mktemp("big") / "story", 1_500))
    return {"small": small, "big": big, "builtin": load_story(ROOT)}


@pytest.mark.parametrize("name, options", [
    ("builtin", MapOptions(tiles="")),
    ("builtin", MapOptions(tiles="OpenStreetMap.Mapnik", labels=False, legend=False)),
    ("builtin", MapOptions(tiles="", selected_place="vostochny_cosmodrome", selected_leg="leg_a2_khasan_ussuriysk",
                           focus_leg=True, playback=True)),
    ("small", MapOptions(tiles="", points="svg")),
    ("big", MapOptions(tiles="")),  # canvas: one renderer and a shared place table
    ("big", MapOptions(tiles="", points="cluster")),
])
def test_the_report_and_the_dashboard_draw_the_same_plan(stories, name, options):
    story = stories[name]
    view = apply(story, link_story(story), FilterOptions())
    report = normalised(html_document(story, view, FilterOptions(), options))
    dashboard = normalised(build_map(story, view, options).get_root().render())
    groups = view_groups(story, view, options)
    parts = [written(p) for g in groups for p in g.parts]
    assert len(parts) >= 4
    for text in parts:
        assert text in report, text[:300]
        assert text in dashboard, text[:300]
    assert report.count("var feature_group_N = L.featureGroup({});") == len(groups)
    outline = outline_json(outline_for(story))
    for base_part in (mapjs.land("map", outline), mapjs.registry("map")):
        assert base_part in report and base_part in dashboard
    assert (mapjs.legend_box("map") in report) == options.legend == (mapjs.legend_box("map") in dashboard)
    labels = [mapjs.tojson(g.label) for g in groups if g.label is not None]
    assert re.search(r"var overlays = \{(.*?)\};", report).group(1) == ", ".join(
        f"{label}: feature_group_N" for label in labels)
    assert ("L.tileLayer(" in report) == bool(options.tiles) == ("L.tileLayer(" in dashboard)
    assert ("L.markerClusterGroup = " in report or "MarkerClusterGroup=" in report) == (options.points == "cluster")


def test_html_export_does_not_import_folium(tmp_path):
    """The report is written without folium, branca or Jinja (importing them is most of a plain folium map's
    time); the other exports do not need them either."""
    out = tmp_path / "r"
    code = ("import sys\nfrom mapapp.cli import main\n"
            f"main(['export', '--format', 'html,geojson,csv', '--out', {str(out)!r}])\n"
            "print(sorted(m for m in ('folium', 'branca', 'jinja2', 'streamlit', 'pandas') if m in sys.modules))")
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip().splitlines()[-1] == "[]"
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "window.mapapp = {map: map" in page and 'id="mapapp-map"' in page
