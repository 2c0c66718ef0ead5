"""load.py: reading a story folder and article files (file-level problems; feature-level ones are in
test_validate.py)."""
from __future__ import annotations

import json
import re
from datetime import date

import pytest

from mapapp.errors import ArticleError, DataError, StoryInvalid
from mapapp.load import decode_text, load_story, parse_article, read_article
from story_factory import (ARTICLE_BODY, EVENT_COLUMNS, article, assert_problem, collection, default_events,
                           default_places, events_csv, problems_of, write_story)


# --- a valid story --------------------------------------------------------------------------------

def test_default_story_loads_with_every_field(story, story_root):
    assert story.root == story_root.resolve()
    assert [p.id for p in story.places] == ["norvale", "ferrin", "greywater", "alder", "lakeshore", "kestrel"]
    grey = story.place_by_id["greywater"]
    assert (grey.lon, grey.lat) == (128.33, 51.88)
    assert grey.aliases == ("Greywater", "the Greywater launch site")
    assert grey.kind == "spaceport" and grey.country == "RU"
    assert grey.sources == ("https://example.org/places/greywater",)
    depart = story.event_by_id["e_depart"]
    assert (depart.date_start, depart.date_end) == (date(2023, 9, 10), date(2023, 9, 11))
    assert story.event_by_id["e_border"].date_end is None  # empty date_end = one-day event
    assert story.event_by_id["e_summit"].participants == "Leader A; Leader B"
    assert story.event_by_id["e_summit"].sources == ("https://example.org/events/e_summit",)
    legs = {r.id: r for r in story.routes}
    assert set(legs) == {"leg_out", "leg_north", "leg_home"}
    assert legs["leg_out"].lines == (((125.75, 39.03), (128.0, 41.0), (130.6, 42.42)),)
    assert len(legs["leg_home"].lines) == 2  # MultiLineString keeps its parts
    assert (legs["leg_home"].from_place, legs["leg_home"].to_place) == ("greywater", "norvale")
    assert [a.id for a in story.articles] == ["001_train", "002_later"]
    assert story.date_bounds() == (date(2018, 6, 12), date(2024, 6, 19))


def test_routes_file_is_optional(tmp_path):
    story = load_story(write_story(tmp_path, with_routes=False))
    assert story.routes == ()


def test_story_json_sets_the_title(tmp_path):
    story = load_story(write_story(tmp_path, story_json={"title": "My own story"}))
    assert story.title == "My own story"


def test_story_setting_from_environment(monkeypatch, story_root):
    monkeypatch.setenv("MAPAPP_STORY", str(story_root))
    assert load_story().root == story_root.resolve()


def test_load_does_not_depend_on_the_working_directory(monkeypatch, story_root, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert len(load_story(story_root).events) == len(default_events())


def test_extra_columns_and_properties_are_fine(tmp_path):
    rows = [dict(r, notes="extra") for r in default_events()]
    places = default_places()
    places[0]["properties"]["population"] = 3_000_000
    story = load_story(write_story(tmp_path, places=places,
                                   events_text=events_csv(rows, columns=(*EVENT_COLUMNS, "notes"))))
    assert len(story.events) == len(rows)


def test_csv_with_bom_and_crlf_is_accepted(tmp_path):
    text = "\ufeff" + events_csv(default_events()).replace("\n", "\r\n")
    story = load_story(write_story(tmp_path, events_text=text))
    assert story.event_by_id["e_depart"].id == "e_depart"  # the BOM is not glued to the first column name
    assert len(story.events) == len(default_events())


def test_geojson_with_bom_is_accepted(tmp_path):
    text = "\ufeff" + json.dumps(collection(default_places()))
    assert len(load_story(write_story(tmp_path, places_text=text)).places) == len(default_places())


# --- file-level problems --------------------------------------------------------------------------

FILE_CASES = [
    ("places not JSON", dict(places_text='{"type": "FeatureCollection", "features": [,]}'),
     "geodata/places.geojson", "line 1, column", r"not valid JSON"),
    ("routes not JSON", dict(routes_text="type: FeatureCollection\n"),
     "geodata/routes.geojson", "line 1, column 1", r"not valid JSON"),
    ("places JSON but a list", dict(places_text="[]"),
     "geodata/places.geojson", None, r"not a GeoJSON FeatureCollection"),
    ("places JSON but a single Feature", dict(places_text=json.dumps(default_places()[0])),
     "geodata/places.geojson", None, r"not a GeoJSON FeatureCollection"),
    ("routes FeatureCollection without features", dict(routes_text='{"type": "FeatureCollection"}'),
     "geodata/routes.geojson", None, r"not a GeoJSON FeatureCollection"),
    ("places not UTF-8", dict(places_text=json.dumps(collection(default_places())).replace(
        "Norvale", "Norv\u00e5le").encode("cp1252")),
     "geodata/places.geojson", None, r"not UTF-8"),
    ("events not UTF-8", dict(events_text=events_csv(default_events()).replace(
        "Departure", "D\u00e9part").encode("cp1252")),
     "geodata/events.csv", None, r"not UTF-8.*UTF-8"),
    ("events missing a column", dict(events_text=events_csv(
        default_events(), columns=[c for c in EVENT_COLUMNS if c != "date_end"])),
     "geodata/events.csv", "header (line 1)", r"missing column\(s\): date_end$"),
    ("events missing two columns", dict(events_text=events_csv(
        default_events(), columns=[c for c in EVENT_COLUMNS if c not in ("title", "sources")])),
     "geodata/events.csv", "header (line 1)", r"missing column\(s\): title, sources"),
    ("events semicolon-separated", dict(events_text=events_csv(default_events(), delimiter=";")),
     "geodata/events.csv", "header (line 1)", r"';'-separated; use commas"),
    ("events tab-separated", dict(events_text=events_csv(default_events(), delimiter="\t")),
     "geodata/events.csv", "header (line 1)", r"tab-separated; use commas"),
    ("events empty file", dict(events_text=""),
     "geodata/events.csv", "header (line 1)", r"missing column\(s\): id, place_id"),
    ("events row with an unquoted comma",
     dict(events_text=events_csv(default_events()) + "e_x,ferrin,journey_stop,Stop, with comma,2023-09-12,,,,,\n"),
     "geodata/events.csv", "line 9", r"more cells than header columns"),
]


@pytest.mark.parametrize("files, file, feature, detail", [c[1:] for c in FILE_CASES], ids=[c[0] for c in FILE_CASES])
def test_file_level_problem_names_file_place_and_problem(tmp_path, files, file, feature, detail):
    problems = problems_of(write_story(tmp_path, **files))
    assert_problem(problems, file, feature, detail)


@pytest.mark.parametrize("missing", ["geodata/places.geojson", "geodata/events.csv"])
def test_missing_required_file(tmp_path, missing):
    root = write_story(tmp_path)
    (root / missing).unlink()
    assert_problem(problems_of(root), missing, None, r"file is missing")


def test_folder_without_geodata_is_not_a_story(tmp_path):
    problems = problems_of(tmp_path)
    assert len(problems) == 1
    assert "not a story folder" in problems[0].detail and str(tmp_path) in str(problems[0])


def test_problems_in_several_files_are_all_reported(tmp_path):
    root = write_story(tmp_path, places_text="{broken", routes_text="[]",
                       events_text=events_csv(default_events(), delimiter=";"),
                       articles={"a.txt": article("2023-09-12", "Fine text."), "b.txt": "",
                                 "c.txt": "date 2023-13-40\n\nBad date."})
    problems = problems_of(root)
    assert_problem(problems, "geodata/places.geojson", "line 1", r"not valid JSON")
    assert_problem(problems, "geodata/routes.geojson", None, r"not a GeoJSON FeatureCollection")
    assert_problem(problems, "geodata/events.csv", "header", r"';'-separated")
    assert_problem(problems, "b.txt", None, r"has no article text")
    assert_problem(problems, "c.txt", "line 1", r"'2023-13-40' is not a valid")
    assert len(problems) == 5
    with pytest.raises(StoryInvalid, match=r"^5 problem\(s\) in the story:\n  - "):
        load_story(root)


# --- articles: the seeds format ---------------------------------------------------------------------

ARTICLE_CASES = [
    # name, file text, date, title, url, body starts with
    ("date line with text on the same line (like the built-in seed)",
     " date 2023-09-12 Amid talk of a deal, the leader arrived on Tuesday.\nThe train came from Norvale.\n",
     date(2023, 9, 12), "Amid talk of a deal, the leader arrived on Tuesday.", "",
     "Amid talk of a deal, the leader arrived on Tuesday.\nThe train came from Norvale."),
    ("date, title, url, blank line",
     "date 2023-09-13\ntitle Leaders meet at Greywater\nurl https://example.org/a?b=1&c=2\n\nThey met.\n",
     date(2023, 9, 13), "Leaders meet at Greywater", "https://example.org/a?b=1&c=2", "They met."),
    ("date, url before title",
     "date 2023-09-13\nurl https://example.org/x\ntitle Second order\n\nThey met.\n",
     date(2023, 9, 13), "Second order", "https://example.org/x", "They met."),
    ("date and blank line only",
     "date 2023-09-14\n\nFirst sentence here. Second one.\n",
     date(2023, 9, 14), "First sentence here. Second one.", "", "First sentence here. Second one."),
    ("header without the blank line",
     "date 2023-09-14\ntitle No gap\nThe body starts at once.\n",
     date(2023, 9, 14), "No gap", "", "The body starts at once."),
    ("CRLF line ends",
     "date 2023-09-15\r\ntitle Windows file\r\nurl https://example.org/w\r\n\r\nBody line one.\r\nTwo.\r\n",
     date(2023, 9, 15), "Windows file", "https://example.org/w", "Body line one."),
    ("no header at all",
     "Plain text pasted from a page.\nSecond paragraph.\n",
     None, "Plain text pasted from a page.", "", "Plain text pasted from a page.\nSecond paragraph."),
    ("a body that merely mentions a date",
     "On 2023-09-12 the train arrived.\n",
     None, "On 2023-09-12 the train arrived.", "", "On 2023-09-12 the train arrived."),
]


@pytest.mark.parametrize("text, when, title, url, body", [c[1:] for c in ARTICLE_CASES],
                         ids=[c[0] for c in ARTICLE_CASES])
def test_article_header_formats(tmp_path, text, when, title, url, body):
    path = tmp_path / "007_case.txt"
    path.write_bytes(text.encode("utf-8"))
    a = read_article(path)
    assert (a.id, a.date, a.title, a.url) == ("007_case", when, title, url)
    assert a.text.startswith(body)
    assert not a.text.startswith(("date ", "title ", "url ")) or when is None
    assert a.text == a.text.strip()
    assert a.path == str(path)


def test_long_first_line_gives_a_shortened_default_title():
    a = parse_article("word " * 40, name="x.txt", article_id="x")
    assert len(a.title) == 78 and a.title.endswith("…")


def test_factory_article_round_trips(story):
    first = story.articles[0]
    assert (first.date, first.title, first.url) == (date(2023, 9, 12), "Train heads north",
                                                   "https://example.org/news/train")
    assert first.text == ARTICLE_BODY


ENCODING_CASES = [
    ("utf-8", "Kim’s train — «Ferrin»".encode("utf-8"), "utf-8", "Kim’s train — «Ferrin»"),
    ("utf-8 with BOM", "\ufeffKim’s train".encode("utf-8"), "utf-8", "Kim’s train"),
    ("cp1252 fallback", "Kim’s train — “quoted” €5".encode("cp1252"), "cp1252", "Kim’s train — “quoted” €5"),
    ("latin-1 fallback", "Caf\u00e9 \x81 menu".encode("latin-1"), "latin-1", "Caf\u00e9 \x81 menu"),
    ("utf-16 with BOM", "Kim’s train".encode("utf-16"), "utf-16", "Kim’s train"),
]


@pytest.mark.parametrize("data, encoding, text", [c[1:] for c in ENCODING_CASES], ids=[c[0] for c in ENCODING_CASES])
def test_decode_text_fallbacks(data, encoding, text):
    assert decode_text(data, "a.txt") == (text, encoding)


def test_cp1252_article_file_reads_with_its_header(tmp_path):
    path = tmp_path / "win.txt"
    path.write_bytes("date 2023-09-12\ntitle Kim’s train\n\nIt reached Ferrin’s station.\n".encode("cp1252"))
    a = read_article(path)
    assert (a.date, a.title, a.text) == (date(2023, 9, 12), "Kim’s train", "It reached Ferrin’s station.")


BAD_ARTICLES = [
    ("binary with NUL bytes", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", None, r"binary file, not text"),
    ("control characters", bytes([1, 2, 3, 4, 5, 6, 7, 8, 14, 15, 16, 17]) * 20, None, r"does not look like text"),
    ("empty file", b"", None, r"has no article text"),
    ("whitespace only", b" \n\n\t\n", None, r"has no article text"),
    ("header only", b"date 2023-09-12\ntitle Nothing follows\nurl https://example.org\n", None,
     r"has no article text"),
    ("impossible date", b"date 2023-02-30\n\nText.\n", "line 1", r"'2023-02-30' is not a valid YYYY-MM-DD date"),
]


@pytest.mark.parametrize("data, feature, detail", [c[1:] for c in BAD_ARTICLES], ids=[c[0] for c in BAD_ARTICLES])
def test_bad_article_raises_article_error_naming_the_file(tmp_path, data, feature, detail):
    path = tmp_path / "bad_article.txt"
    path.write_bytes(data)
    with pytest.raises(ArticleError) as info:
        read_article(path)
    assert isinstance(info.value, DataError)
    assert "bad_article.txt" in str(info.value) and info.value.feature == feature
    assert re.search(detail, info.value.detail)


def test_article_size_limit(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"a" * 100)
    assert read_article(path, limit=100).text == "a" * 100  # exactly at the limit is fine
    with pytest.raises(ArticleError, match=r"big\.txt: is 101 bytes; the limit is 100 bytes"):
        path.write_bytes(b"a" * 101)
        read_article(path, limit=100)


def test_article_size_limit_from_setting(tmp_path, monkeypatch):
    monkeypatch.setenv("MAPAPP_MAX_ARTICLE_BYTES", "50")
    path = tmp_path / "big.txt"
    path.write_bytes(b"word " * 20)
    with pytest.raises(ArticleError, match="limit is 50 bytes"):
        read_article(path)


def test_bad_article_in_a_story_is_a_story_problem(tmp_path):
    root = write_story(tmp_path, articles={"001_ok.txt": article("2023-09-12", "Fine."),
                                           "002_bin.txt": "\x00\x01\x02"})
    (root / "seeds/002_bin.txt").write_bytes(b"\x00\x01\x02binary")
    problems = problems_of(root)
    assert_problem(problems, "002_bin.txt", None, r"binary file")
    assert len(problems) == 1


def test_only_txt_files_in_seeds_are_articles(tmp_path):
    root = write_story(tmp_path)
    (root / "seeds/README.md").write_text("# not an article\n")
    (root / "seeds/photo.jpg").write_bytes(b"\xff\xd8\xff\x00")
    assert [a.id for a in load_story(root).articles] == ["001_train", "002_later"]


def test_broken_story_json_is_a_problem(tmp_path):
    root = write_story(tmp_path)
    (root / "geodata/story.json").write_text('{"title": "Unclosed', encoding="utf-8")
    assert_problem(problems_of(root), "geodata/story.json", "line 1", r"not valid JSON")


@pytest.mark.parametrize("text", ['["My title"]', '"My title"'])
def test_story_json_must_be_an_object(tmp_path, text):
    root = write_story(tmp_path)
    (root / "geodata/story.json").write_text(text, encoding="utf-8")
    problems = problems_of(root)
    assert any(p.path.endswith("story.json") for p in problems)


def test_unreadable_places_file_is_one_problem_not_a_flood(tmp_path):
    root = write_story(tmp_path)
    (root / "geodata/places.geojson").write_text("{not json", encoding="utf-8")
    problems = problems_of(root)
    assert [p.path.endswith("places.geojson") for p in problems] == [True]
