"""Every text field of story.json (title, layer labels and presets, period labels) through every output that
shows it: Leaflet's layer control (HTML, issue 16 item 1), the legend, the report, KML and CSV.

The story comes from tests/payloads.py (hostile_story_json): the summit layer is labelled
``<img src=x onerror=alert(1)>Summit [click](…) ![pixel](…)``.
"""
from __future__ import annotations

import html
import json
import re
import xml.etree.ElementTree as ET

import pytest

from mapapp.export import export, html_document
from mapapp.filters import FilterOptions, apply, presets
from mapapp.link import link_story
from mapapp.load import load_story
from mapapp.mapbuild import MapOptions, build_map, layer_control, view_layers
from payloads import HOSTILE_LABEL, MARKDOWN_PAYLOADS, PAYLOADS, hostile_story_json, write_hostile_story
from test_hostile import Page, assert_inert_fragment

@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    story = load_story(write_hostile_story(tmp_path_factory.mktemp("fields") / "story"))
    options = FilterOptions()
    return story, apply(story, link_story(story), options), options


def test_every_story_json_text_is_loaded_exactly(hostile):
    story, _, _ = hostile
    meta = hostile_story_json()
    assert story.title == meta["title"]
    labels = {layer.id: layer.label for layer in story.layers}
    assert all(labels[item["id"]] == item["label"] for item in meta["layers"])
    assert story.layer("summit").label == HOSTILE_LABEL
    assert [p.label for p in story.periods] == [p["label"] for p in meta["periods"]]
    assert {layer.preset for layer in story.layers} >= {item["preset"] for item in meta["layers"]}


def overlay_names(script: str) -> list[str]:
    """The names a rendered layer control hands to Leaflet (which inserts them with innerHTML): folium's
    ``overlays : {…}``, the report's ``var overlays = {…}``."""
    block = re.search(r"overlays\s*[:=]\s*\{(.*?)\}", script, re.S)
    assert block, "no layer control in the page"
    return [json.loads(f'"{key}"') for key in re.findall(r'"((?:[^"\\]|\\.)*)"\s*:', block.group(1))]


def assert_names_are_labels(names: list[str], story) -> None:
    labels = {layer.label for layer in story.layers} | {"Labels"}  # and the map's own place-name labels
    assert names, "the layer control lists no layer"
    for name in names:
        page = Page(name)
        assert not page.elements, f"the layer control's name {name!r} makes HTML elements"
        assert page.all_text in labels, (page.all_text, labels)
    assert HOSTILE_LABEL in {Page(n).all_text for n in names}


def test_layer_control_names_are_escaped_text_in_the_map(hostile):
    story, view, _ = hostile
    assert_names_are_labels(overlay_names(build_map(story, view, MapOptions()).get_root().render()), story)


def test_layer_control_names_are_escaped_text_in_the_dashboards_layers(hostile):
    """The dashboard hands st_folium the view's feature groups and the control separately (ui/mapview.py)."""
    import folium

    story, view, _ = hostile
    m = folium.Map()
    for group in view_layers(story, view, MapOptions()):
        group.add_to(m)
    control = layer_control().add_to(m)
    m.get_root().render()
    names = [group.layer_name for group in view_layers(story, view, MapOptions()) if group.control]
    assert_names_are_labels(names, story)
    assert_names_are_labels(overlay_names(control._template.module.script(control, {})), story)


def test_layer_control_names_are_escaped_text_in_the_report(hostile):
    story, view, options = hostile
    assert_names_are_labels(overlay_names(html_document(story, view, options)), story)


def test_report_shows_layer_labels_and_period_labels_as_text(hostile):
    story, view, options = hostile
    page = Page(html_document(story, view, options))
    for label in presets(story):
        assert label in page.all_text, label  # the preset buttons
    legend = re.search(r'"legend":\s*("(?:[^"\\]|\\.)*")', html_document(story, view, options))
    if legend:
        assert HOSTILE_LABEL in assert_inert_fragment(json.loads(legend.group(1)), "legend").all_text


def test_kml_folders_and_csv_keep_the_labels_as_text(hostile):
    story, view, options = hostile
    kml = export(story, view, options, "kml")
    root = ET.fromstring(kml.encode("utf-8") if isinstance(kml, str) else kml)
    names = [e.text for e in root.iter() if e.tag.endswith("}name")]
    assert story.title in names and HOSTILE_LABEL in names
    csv_text = export(story, view, options, "csv")
    csv_text = csv_text.decode("utf-8") if isinstance(csv_text, bytes) else csv_text
    assert html.escape(HOSTILE_LABEL) not in csv_text  # data, not markup


@pytest.mark.parametrize("payload", [MARKDOWN_PAYLOADS[0], MARKDOWN_PAYLOADS[5], PAYLOADS[0], PAYLOADS[3]])
def test_any_label_is_text_in_the_layer_control(tmp_path, payload):
    meta = hostile_story_json()
    meta["layers"][2]["label"] = f"Summit {payload}"
    root = write_hostile_story(tmp_path / "story")
    (root / "geodata" / "story.json").write_text(json.dumps(meta), encoding="utf-8")
    story = load_story(root)
    view = apply(story, link_story(story), FilterOptions())
    names = overlay_names(build_map(story, view).get_root().render())
    assert story.layer("summit").label in {Page(n).all_text for n in names}
    assert not any(Page(n).elements for n in names)
