"""The still map (mapapp/export/image.py): PNG, SVG and PDF written and read back, labels placed without
overlaps, every visible place labelled or named in a note, the same bytes twice, hostile names as text."""
from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from pypdf import PdfReader

from mapapp.cli import main
from mapapp.errors import ExportError
from mapapp.export import export
from mapapp.export.image import AUTO_MAX_LABELS, ImageOptions, draw, figure_size, image_document
from mapapp.export.labels import clusters, overlaps
from mapapp.export.stillparts import area_name
from mapapp.filters import FilterOptions, apply
from mapapp.load import load_story
from mapapp.model import Event, Place, RouteLeg, Story
from mapapp.settings import BUILTIN_STORY
from payloads import BACKTICK, JINJA_EXPR, SCRIPT_TAG

SVG = "{http://www.w3.org/2000/svg}"
MATH = "$x^2$"
AMP = "Mills & Sons"
HOSTILE = (SCRIPT_TAG, MATH, JINJA_EXPR, BACKTICK, AMP)


# --- stories built in code -------------------------------------------------------------------------

def hostile_story() -> Story:
    """Five places with hostile names (three of them a dense cluster), a leg, and a hostile title."""
    places = (Place("p0", SCRIPT_TAG, lat=43.10, lon=131.90),
              Place("p1", MATH, lat=43.13, lon=131.95, part_of=("p0",)),
              Place("p2", JINJA_EXPR, lat=43.08, lon=131.97, part_of=("p0",)), Place("p3", BACKTICK, lat=48.5, lon=135.1),
              Place("p4", AMP, lat=51.9, lon=128.3))
    events = tuple(Event(f"e{i}", p.id, "journey_stop", f"Event {i}", date(2023, 9, 10 + i))
                   for i, p in enumerate(places))
    routes = (RouteLeg("leg", "Leg", date(2023, 9, 10), date(2023, 9, 12), "p0", "p4",
                       lines=(((131.9, 43.1), (135.1, 48.5), (128.3, 51.9)),), sources=("https://example.org/a",)),)
    return Story(root=Path("/nonexistent"), places=places, events=events, routes=routes,
                 title=f"Title {SCRIPT_TAG} {MATH} & co")


def crowded_story(n: int) -> Story:
    """``n`` places on a grid in the region, one event each, more events on the first ones."""
    rng = np.random.default_rng(3)
    places = tuple(Place(f"q{i}", f"Place {i}", lat=float(40 + rng.random() * 10), lon=float(126 + rng.random() * 10))
                   for i in range(n))
    events = tuple(Event(f"e{i}", p.id, "journey_stop", "E", date(2023, 9, 1)) for i, p in enumerate(places))
    return Story(root=Path("/nonexistent"), places=places, events=events, title="Crowded")


def view_of(story: Story, options: FilterOptions = FilterOptions()):
    return apply(story, {}, options)


@pytest.fixture(scope="module")
def builtin():
    return load_story(BUILTIN_STORY)


JOURNEY = FilterOptions(start=date(2023, 9, 10), end=date(2023, 9, 19))


def svg_texts(data: bytes) -> tuple[ET.Element, list[str]]:
    root = ET.fromstring(data)
    return root, ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


def label_ids(root: ET.Element) -> dict[int, str]:
    """Place index → label text, from the SVG's <g id="label-N"> groups."""
    out = {}
    for g in root.iter(f"{SVG}g"):
        gid = g.get("id", "")
        if gid.startswith("label-"):
            out[int(gid[6:])] = " ".join("".join(t.itertext()) for t in g.iter(f"{SVG}text"))
    return out


# --- formats written and read back ------------------------------------------------------------------

def test_png_default_size_and_requested_size(builtin):
    view = view_of(builtin, JOURNEY)
    png = image_document(builtin, view, JOURNEY, "png")
    assert Image.open(io.BytesIO(png)).size == (2400, 1600)
    small = image_document(builtin, view, JOURNEY, "png", ImageOptions(size=(1200, 900), labels="none"))
    assert Image.open(io.BytesIO(small)).size == (1200, 900)


def test_pdf_is_one_a4_landscape_page(builtin):
    pdf = image_document(builtin, view_of(builtin, JOURNEY), JOURNEY, "pdf")
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert float(box.width) == pytest.approx(841.9, abs=1.5) and float(box.height) == pytest.approx(595.3, abs=1.5)
    assert "Vostochny Cosmodrome" in reader.pages[0].extract_text()


def test_builtin_svg_names_the_journey_places_as_editable_text(builtin):
    view = view_of(builtin, JOURNEY)
    root, texts = svg_texts(image_document(builtin, view, JOURNEY, "svg"))
    joined = " ".join(texts)
    for name in ("Vostochny", "Vladivostok", "Pyongyang"):
        assert name in joined
    assert builtin.title in texts
    assert any(t.endswith(" km") for t in texts)  # the scale bar
    assert "Natural Earth" in joined and "mapapp" in joined
    labelled = label_ids(root)
    for i, place in enumerate(view.places):  # every place labelled, as <text>, or named in the notes
        assert (i in labelled and labelled[i]) or place.name in joined, place.name


def test_default_view_labels_every_place_or_names_it_in_a_note(builtin):
    view = view_of(builtin)
    still = draw(builtin, view, FilterOptions(), "png", ImageOptions())
    notes = " ".join(still.notes)
    for i, place in enumerate(view.places):
        assert i in still.labels or place.name in notes, place.name
    assert len(still.labels) >= len(view.places) - 3


def rendered_boxes(still):
    renderer = still.fig.canvas.get_renderer()
    still.fig.draw(renderer)
    by_axes: dict = {}
    for i, text in still.labels.items():
        by_axes.setdefault(id(text.axes), []).append((i, text.get_window_extent(renderer)))
    return by_axes


@pytest.mark.parametrize("options", [JOURNEY, FilterOptions()], ids=["journey", "all-dates"])
def test_labels_do_not_overlap_each_other_or_other_points(builtin, options):
    view = view_of(builtin, options)
    still = draw(builtin, view, options, "png", ImageOptions())
    for items in rendered_boxes(still).values():
        boxes = [b for _, b in items]
        assert overlaps(boxes) == []
    # no label covers another place's point (its own point may touch it at the leader's end)
    for i, text in still.labels.items():
        ax = text.axes
        bbox = text.get_window_extent()
        for j, place in enumerate(view.places):
            if j == i:
                continue
            x, y = ax.transData.transform(still_position(still, ax, place))
            inside = bbox.x0 + 1 < x < bbox.x1 - 1 and bbox.y0 + 1 < y < bbox.y1 - 1
            assert not inside, f"label {view.places[i].name!r} covers {place.name!r}"


def still_position(still, ax, place):
    """The place's drawn position in ``ax``: its marker's offsets are in the axes' data units."""
    for coll in ax.collections:
        gid = coll.get_gid() or ""
        if gid.startswith("points-"):
            for (x, y), pid in zip(coll.get_offsets(), _ids_for(still, gid[7:])):
                if pid == place.id:
                    return x, y
    return (np.nan, np.nan)


def _ids_for(still, layer_id):
    return list(dict.fromkeys(e.place_id for e in still.scene.view.events if e.category == layer_id))


def test_same_bytes_twice_for_every_format():
    story = hostile_story()
    view = view_of(story)
    for fmt in ("png", "svg", "pdf"):
        assert image_document(story, view, FilterOptions(), fmt) == image_document(story, view, FilterOptions(), fmt)


def test_hostile_names_and_title_come_out_as_literal_text():
    story = hostile_story()
    view = view_of(story)
    data = image_document(story, view, FilterOptions(), "svg")
    root, texts = svg_texts(data)  # parses: nothing in a name broke the XML
    for name in HOSTILE:
        assert name in texts, name  # one <text> holding exactly the name: no mathtext, no markup
    assert story.title in texts
    assert b"<script" not in data  # the tag is escaped text, never an element
    assert not list(root.iter(f"{SVG}script"))


def test_dense_cluster_gets_a_named_detail_box():
    story = hostile_story()
    view = view_of(story)
    still = draw(story, view, FilterOptions(), "png", ImageOptions())
    titles = [ax.get_title(loc="left") for ax in still.fig.axes]
    assert f"A  {SCRIPT_TAG} area (detail)" in titles  # p1 and p2 are part of p0, which lies in the box
    for i in range(3):  # the three clustered places are labelled in the detail box
        assert still.labels[i].axes is not still.labels[3].axes
    assert len(still.labels) == len(view.places)


def test_labels_all_puts_every_label_on_the_main_map_and_none_draws_none():
    story = hostile_story()
    view = view_of(story)
    every = draw(story, view, FilterOptions(), "png", ImageOptions(labels="all"))
    assert len({id(t.axes) for t in every.labels.values()}) == 1
    assert not any(ax.get_title(loc="left").startswith("A ") for ax in every.fig.axes)
    root, _ = svg_texts(image_document(story, view, FilterOptions(), "svg", ImageOptions(labels="none")))
    assert label_ids(root) == {}


def test_auto_labels_the_busiest_places_and_counts_the_rest():
    story = crowded_story(AUTO_MAX_LABELS + 15)
    still = draw(story, view_of(story), FilterOptions(), "png", ImageOptions())
    notes = " ".join(still.notes)
    assert "further places not labelled" in notes
    unlabelled = [p.name for i, p in enumerate(still.scene.places) if i not in still.labels]
    explained = [n for n in unlabelled if n in notes]
    counted = int(notes.split(" further places")[0].split()[-1])
    assert counted > 0 and len(unlabelled) == len(explained) + counted


def test_nothing_visible_still_draws_the_region_and_says_so():
    story = hostile_story()
    options = FilterOptions(start=date(2030, 1, 1))
    _, texts = svg_texts(image_document(story, view_of(story, options), options, "svg"))
    assert any(t.startswith("Nothing to show for from 1 Jan 2030") for t in texts)


# --- units ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("points, radius, expected", [
    ([(0, 0), (5, 0), (100, 0)], 10, [[0, 1], [2]]),
    ([(0, 0), (8, 0), (16, 0), (50, 50)], 10, [[0, 1, 2], [3]]),  # chained
    ([(0, 0), (20, 0)], 10, [[0], [1]]),
    ([], 10, []),
])
def test_clusters_link_points_closer_than_the_radius(points, radius, expected):
    assert clusters(np.array(points, dtype=float).reshape(-1, 2), radius) == expected


def test_area_name_climbs_part_of_to_a_place_inside_the_box():
    story = hostile_story()
    identity = type("T", (), {"transform": staticmethod(lambda lon, lat: (lon, lat))})
    group = [story.place_by_id["p1"], story.place_by_id["p3"]]
    assert area_name(story, group, (131, 133, 42, 44), identity) == f"{SCRIPT_TAG} area"
    assert area_name(story, group, (0, 1, 0, 1), identity) == MATH  # outside: the first place's own name


def test_figure_sizes_and_bad_options():
    assert figure_size("pdf", None) == ((11.69, 8.27), 72.0)
    (w, h), dpi = figure_size("png", None)
    assert round(w * dpi) == 2400 and round(h * dpi) == 1600
    story = hostile_story()
    with pytest.raises(ExportError, match="label mode"):
        image_document(story, view_of(story), FilterOptions(), "png", ImageOptions(labels="some"))
    with pytest.raises(ExportError, match="too flat"):
        image_document(story, view_of(story), FilterOptions(), "png", ImageOptions(size=(4000, 300)))


def test_export_dispatches_image_formats_to_bytes():
    story = hostile_story()
    data = export(story, view_of(story), FilterOptions(), "pdf")
    assert isinstance(data, bytes) and data.startswith(b"%PDF")


# --- command line ----------------------------------------------------------------------------------

def test_cli_writes_png_with_size_labels_and_title(tmp_path, capsys):
    out = tmp_path / "map.png"
    assert main(["export", "--format", "png", "--out", str(out), "--size", "1000x700", "--labels", "none",
                 "--start", "2023-09-10", "--end", "2023-09-19", "--story", str(BUILTIN_STORY)]) == 0
    assert Image.open(out).size == (1000, 700)
    svg = tmp_path / "map.svg"
    assert main(["export", "--format", "svg", "--out", str(svg), "--title", f"My {MATH}", "--layers", "summit",
                 "--story", str(BUILTIN_STORY)]) == 0
    root, texts = svg_texts(svg.read_bytes())
    assert f"My {MATH}" in texts
    assert set(label_ids(root).values()) <= {p.name for p in load_story(BUILTIN_STORY).places}
    assert "Vostochny Cosmodrome" in label_ids(root).values()
    assert "wrote" in capsys.readouterr().out


@pytest.mark.parametrize("size", ["2400", "2400x", "axb", "100x100", "2400x-5"])
def test_cli_rejects_a_bad_size(tmp_path, size, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["export", "--format", "png", "--out", str(tmp_path / "x.png"), "--size", size])
    assert exc.value.code == 2
    assert "is not a size like 2400x1600" in capsys.readouterr().err
    assert not (tmp_path / "x.png").exists()


def test_the_still_map_has_land_wherever_the_story_is():
    """The still map takes the bundled outline that holds its extent, as the interactive map does: a story in
    Europe gets the world's outline (the regional one has no land there), the built-in region its 1:50m one."""
    from mapapp.export import basemap

    names, _, coast = basemap.land(basemap.local_crs(2.35, 48.85), (-10.0, 40.0, 10.0, 55.0))
    assert "France" in names and coast
    names, _, coast = basemap.land(basemap.local_crs(130.0, 42.0), (120.0, 35.0, 140.0, 50.0))
    assert {"North Korea", "Russia", "China"} <= set(names) and coast


def test_the_still_map_dashes_the_legs_every_map_of_the_view_dashes(builtin):
    """A leg back over an earlier leg's track is dashed even where the filter hides the earlier leg, as the
    interactive map, the report and KML draw it (view.dashed)."""
    view = view_of(builtin, FilterOptions(start=date(2023, 9, 17), end=date(2023, 9, 19)))
    shown = {r.id for r in view.routes}
    assert shown and view.dashed & shown
    root, _ = svg_texts(image_document(builtin, view, FilterOptions(), "svg"))
    legs = {g.get("id")[4:]: g for g in root.iter(f"{SVG}g") if g.get("id", "").startswith("leg-")}
    assert set(legs) == shown
    dashed = {i for i, g in legs.items() if any("stroke-dasharray" in (p.get("style") or "")
                                                 for p in g.iter(f"{SVG}path"))}
    assert dashed == view.dashed & shown
