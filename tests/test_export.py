"""mapapp/export: GeoJSON (round trip through geopandas), self-contained HTML, atomic writes."""
from __future__ import annotations

import base64
import hashlib
import html as html_mod
import json
import os
import re
import stat
from datetime import date

import geopandas as gpd
import pytest

from mapapp.errors import ExportError
from mapapp.export import export, geojson_document, html_document, write_atomic
from mapapp.filters import FilterOptions, apply
from mapapp.link import link_story
from mapapp.load import load_story
from mapapp.mapbuild import MapOptions
from story_factory import default_places, write_story

D = date.fromisoformat
EVENT_KEYS = {"id", "category", "name", "title", "date_start", "date_end", "place_id", "participants", "sources",
              "snippets"}
ROUTE_KEYS = {"id", "category", "name", "date_start", "date_end", "from_place", "to_place", "sources"}


def view_of(story, snippets, start=None, end=None, **kw):
    options = FilterOptions(start=start and D(start), end=end and D(end), **kw)
    return apply(story, snippets, options), options


# --- GeoJSON ----------------------------------------------------------------------------------------

def test_geojson_document_has_one_point_per_event_and_one_line_per_leg(story, snippets):
    view, _ = view_of(story, snippets)
    doc = geojson_document(story, view)
    assert doc["type"] == "FeatureCollection" and "crs" not in doc  # RFC 7946: WGS84 lon/lat, no crs member
    points = [f for f in doc["features"] if f["geometry"]["type"] == "Point"]
    lines = [f for f in doc["features"] if f["geometry"]["type"] != "Point"]
    assert len(points) == len(story.events) and len(lines) == len(story.routes)
    for f in points:
        assert EVENT_KEYS <= set(f["properties"])
        place = story.place_by_id[f["properties"]["place_id"]]
        assert f["geometry"]["coordinates"] == [place.lon, place.lat]
        assert f["properties"]["name"] == place.name
    for f in lines:
        assert ROUTE_KEYS <= set(f["properties"]) and f["properties"]["category"] == "rail_leg"
    home = next(f for f in lines if f["properties"]["id"] == "leg_home")
    assert home["geometry"]["type"] == "MultiLineString" and len(home["geometry"]["coordinates"]) == 2


def test_geojson_legs_keep_description_and_approximate_parts(tmp_path):
    from story_factory import default_routes

    routes = default_routes()
    part = routes[0]["geometry"]["coordinates"][:2]
    routes[0]["properties"].update(description="Along the coast.", approximate=[part])
    story = load_story(write_story(tmp_path, routes=routes))
    view, _ = view_of(story, link_story(story))
    props = {f["properties"]["id"]: f["properties"] for f in geojson_document(story, view)["features"]}
    assert props["leg_out"]["approximate"] == [part] and props["leg_out"]["description"] == "Along the coast."
    assert "approximate" not in props["leg_home"]
    # and the export reads back as a story's routes: the approximate part survives the round trip
    (tmp_path / "again").mkdir()
    legs = [f for f in geojson_document(story, view)["features"] if f["properties"].get("category") == "rail_leg"]
    again = load_story(write_story(tmp_path / "again", routes=legs))
    assert {r.id: r.approximate for r in again.routes}["leg_out"] == (tuple(map(tuple, part)),)


def test_geojson_event_properties(story, snippets):
    view, _ = view_of(story, snippets)
    props = {f["properties"]["id"]: f["properties"] for f in geojson_document(story, view)["features"]}
    border = props["e_border"]
    assert (border["date_start"], border["date_end"]) == ("2023-09-12", None)
    assert border["sources"] == ["https://example.org/events/e_border"]
    assert [s["text"] for s in border["snippets"]] == [
        "Mr. Orlen Vask of the U.S. delegation said it would reach Ferrin Crossing by dawn.",
        "Officials greeted the delegation at Ferrin’s small station."]
    assert border["snippets"][0]["article"] == "Train heads north" and border["snippets"][0]["date"] == "2023-09-12"
    assert props["e_2018"]["snippets"] == []  # no article names Lakeshore Palace
    leg = props["leg_out"]
    assert (leg["from_place"], leg["to_place"], leg["date_start"], leg["date_end"]) == (
        "norvale", "ferrin", "2023-09-10", "2023-09-12")


def test_geojson_round_trip_through_geopandas(story, snippets, tmp_path):
    view, options = view_of(story, snippets)
    out = tmp_path / "story.geojson"
    write_atomic(out, export(story, view, options, "geojson"))
    gdf = gpd.read_file(out)
    assert gdf.crs.to_epsg() == 4326
    assert set(gdf["id"]) == {e.id for e in story.events} | {r.id for r in story.routes}
    points = gdf[gdf.geometry.geom_type == "Point"].set_index("id")
    for e in story.events:
        place = story.place_by_id[e.place_id]
        row = points.loc[e.id]
        assert (row.geometry.x, row.geometry.y) == (place.lon, place.lat)  # lon/lat order survives
        assert row["date_start"].date() == e.date_start
        assert row["category"] == e.category and row["place_id"] == e.place_id
        got = row["snippets"]
        got = json.loads(got) if isinstance(got, str) else got
        assert [s["text"] for s in got] == [s.text for s in snippets.get(e.place_id, ())]
    lines = gdf[gdf.geometry.geom_type != "Point"].set_index("id")
    out_leg = lines.loc["leg_out"].geometry
    assert [tuple(c) for c in out_leg.coords] == [(125.75, 39.03), (128.0, 41.0), (130.6, 42.42)]
    assert lines.loc["leg_home"].geometry.geom_type == "MultiLineString"


@pytest.mark.parametrize("start, end, ids", [
    ("2023-09-12", "2023-09-13", {"e_border", "e_summit", "leg_out", "leg_north"}),
    ("2018-01-01", "2019-12-31", {"e_2018", "e_2019"}),
    ("2024-01-01", None, {"e_2024"}),
])
def test_geojson_export_follows_the_date_filter(story, snippets, start, end, ids):
    view, options = view_of(story, snippets, start, end)
    doc = json.loads(export(story, view, options, "geojson"))
    assert {f["properties"]["id"] for f in doc["features"]} == ids


def test_geojson_keeps_hostile_text_as_data(tmp_path):
    places = default_places()
    places[1]["properties"]["name"] = "Ferrin <script>alert(1)</script>"
    story = load_story(write_story(tmp_path, places=places))
    view, options = view_of(story, link_story(story))
    doc = json.loads(export(story, view, options, "geojson"))
    names = {f["properties"].get("name") for f in doc["features"]}
    assert "Ferrin <script>alert(1)</script>" in names  # data, not HTML: exact text for other tools


def test_unknown_format_is_an_export_error(story, snippets):
    view, options = view_of(story, snippets)
    with pytest.raises(ExportError, match="unknown export format 'docx'"):
        export(story, view, options, "docx")


# --- HTML ------------------------------------------------------------------------------------------

@pytest.fixture
def exported_html(story, snippets):
    view, options = view_of(story, snippets)
    return html_document(story, view, options)


def test_html_has_no_remote_script_or_stylesheet(exported_html):
    html = exported_html
    assert not re.search(r"<script[^>]*\bsrc\s*=", html, re.I)  # every script is inline
    assert not re.search(r"<link[^>]*\bhref\s*=\s*[\"']?(https?:)?//", html, re.I)
    assert not re.search(r"url\(\s*[\"']?(https?:)?//", html, re.I)
    assert "url(images/" not in html  # Leaflet's images are inlined too
    assert not re.search(r"@import", html)


def test_html_inlines_leaflet_and_styles(exported_html):
    html = exported_html
    scripts = re.findall(r"<script>(.*?)</script>", html, re.S)
    assert any("Leaflet 1.9" in s for s in scripts)
    assert re.search(r"<style>[^<]*\.leaflet-pane", html)
    assert ".mapapp-legend" in html  # mapapp's own CSS
    assert html.count("<script") == html.count("</script>")  # nothing in Leaflet ends a script early
    assert "L.map(" in html and ("L.geoJson(" in html or "L.geoJSON(" in html)


def csp_of(html: str) -> dict[str, list[str]]:
    m = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', html)
    assert m, "the exported HTML has no Content-Security-Policy"
    return {d.split()[0]: d.split()[1:] for d in m.group(1).split("; ")}


def sha256_source(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def test_html_policy_allows_exactly_its_inline_code_and_the_tiles(story, snippets):
    view, options = view_of(story, snippets)
    html = html_document(story, view, options, MapOptions(tiles="OpenStreetMap.Mapnik"))
    csp = csp_of(html)
    assert csp["default-src"] == ["'none'"]
    assert re.findall(r"<script[^>]*>", html) == ["<script>"] * html.count("<script")  # no src, no attributes
    blocks = re.findall(r"<(script|style)>(.*?)</\1>", html, re.S)
    scripts = {sha256_source(body) for kind, body in blocks if kind == "script"}
    styles = {sha256_source(body) for kind, body in blocks if kind == "style"}
    assert scripts and set(csp["script-src"]) == scripts  # a wrong hash would leave a blank page
    assert styles and set(csp["style-src"]) == styles
    assert csp["img-src"] == ["data:", "https://tile.openstreetmap.org"]
    head = html.index("<head>")
    assert head < html.index("Content-Security-Policy") < min(html.index("<script"), html.index("<style"))


def test_html_without_tiles_loads_nothing_remote(story, snippets):
    view, options = view_of(story, snippets)
    html = html_document(story, view, options, MapOptions(tiles=""))
    assert csp_of(html)["img-src"] == ["data:"]
    assert "L.tileLayer(" not in html


def test_html_caption_and_title(story, snippets):
    view, options = view_of(story, snippets, "2023-09-12", "2023-09-13")
    html = html_document(story, view, options)
    title = html_mod.unescape(re.search(r"<title>(.*?)</title>", html).group(1))
    assert story.title in title and "2023-09-12 to 2023-09-13" in title
    assert "2 events, 2 rail legs" in html


def test_html_export_draws_only_the_filtered_view(story, snippets):
    view, options = view_of(story, snippets, "2018-01-01", "2019-12-31")
    html = html_document(story, view, options)
    assert '"e_2018"' in html and '"e_2019"' in html
    assert '"e_summit"' not in html and '"leg_out"' not in html


def test_html_escapes_a_hostile_story_title(tmp_path):
    hostile = "</title><script>alert(1)</script> `${x}` {{7*7}}"
    story = load_story(write_story(tmp_path, story_json={"title": hostile}))
    view, options = view_of(story, link_story(story))
    html = html_document(story, view, options)
    assert "<script>alert(1)" not in html and "{{7*7}}" not in html and "`${x}`" not in html
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert "&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in title
    assert html.count("<title>") == 1


# --- write_atomic ----------------------------------------------------------------------------------

def test_write_atomic_writes_and_replaces(tmp_path):
    target = tmp_path / "out.html"
    write_atomic(target, "first ’")
    write_atomic(target, "second ’")
    assert target.read_text(encoding="utf-8") == "second ’"
    assert os.listdir(tmp_path) == ["out.html"]


@pytest.mark.parametrize("failing", ["replace", "fsync"])
def test_write_atomic_leaves_the_old_file_when_writing_fails(tmp_path, monkeypatch, failing):
    target = tmp_path / "out.html"
    target.write_text("old content", encoding="utf-8")

    def boom(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, failing, boom)
    with pytest.raises((OSError, ExportError), match="No space left"):
        write_atomic(target, "new content " * 1000)
    monkeypatch.undo()
    assert target.read_text(encoding="utf-8") == "old content"
    assert os.listdir(tmp_path) == ["out.html"]  # no temp file left behind


def test_write_atomic_leaves_no_file_when_a_new_write_fails(tmp_path, monkeypatch):
    monkeypatch.setattr(os, "replace", lambda *a: (_ for _ in ()).throw(OSError("disk gone")))
    with pytest.raises((OSError, ExportError)):
        write_atomic(tmp_path / "new.geojson", "{}")
    monkeypatch.undo()
    assert os.listdir(tmp_path) == []


def test_write_atomic_to_a_folder_or_missing_folder(tmp_path):
    with pytest.raises(ExportError, match="is a folder"):
        write_atomic(tmp_path, "x")
    with pytest.raises(ExportError, match="does not exist"):
        write_atomic(tmp_path / "no" / "such" / "out.html", "x")


def test_write_atomic_honours_the_umask(tmp_path):
    old = os.umask(0o022)
    try:
        target = tmp_path / "out.html"
        write_atomic(target, "x")
        assert stat.S_IMODE(target.stat().st_mode) == 0o644
    finally:
        os.umask(old)
