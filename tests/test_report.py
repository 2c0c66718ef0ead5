"""The HTML report (mapapp/export/report.py via export.html_document), rendered and read back: date fields, presets,
the data its script starts with, the sources, the policy over every inline block, the size."""
from __future__ import annotations

import base64
import hashlib
import html as html_mod
import json
import re
from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest

from mapapp import render
from mapapp.export import report
from mapapp.export import html_document
from layer_defaults import LAYERS
from mapapp.filters import FilterOptions, apply, presets
from mapapp.link import link_story
from mapapp.load import load_story
from mapapp.mapbuild import MapOptions
from story_factory import default_places, write_story

D = date.fromisoformat
ROOT = Path(__file__).resolve().parent.parent
MAX_BYTES = 1_500_000


class Tags(HTMLParser):
    """Start tags with their attributes, and the inline <script>/<style> blocks with their attributes."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.blocks: list[tuple[str, dict, str]] = []
        self._open: tuple[str, dict] | None = None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag in ("script", "style"):
            self._open = (tag, dict(attrs))
            self.blocks.append((tag, dict(attrs), ""))

    def handle_endtag(self, tag):
        if self._open and tag == self._open[0]:
            self._open = None

    def handle_data(self, data):
        if self._open:
            tag, attrs, body = self.blocks[-1]
            self.blocks[-1] = (tag, attrs, body + data)

    def find(self, tag: str, **attrs) -> list[dict]:
        return [a for t, a in self.tags if t == tag and all(a.get(k) == v for k, v in attrs.items())]


def render_report(story, start=None, end=None, layers=frozenset(LAYERS), tiles=None):
    options = FilterOptions(start=start and D(start), end=end and D(end), layers=layers)
    view = apply(story, link_story(story), options)
    return html_document(story, view, options, MapOptions(tiles=tiles)), view


def report_data_of(doc: str) -> dict:
    """The data the page's script starts with (the one mapappReport.init call)."""
    calls = re.findall(r"mapappReport\.init\(window\.mapapp, (\{.*?\})\);\n", doc)
    assert len(calls) == 1
    return json.loads(calls[0])


@pytest.fixture
def doc(story):
    return render_report(story)[0]


# --- the controls -------------------------------------------------------------------------------------

def test_two_native_date_fields_span_the_exported_days(doc):
    page = Tags(doc)
    (start,) = page.find("input", id="report-from")
    (end,) = page.find("input", id="report-to")
    assert start["type"] == end["type"] == "date"
    assert (start["min"], start["max"], start["value"]) == ("2018-06-12", "2024-06-19", "2018-06-12")
    assert (end["min"], end["max"], end["value"]) == ("2018-06-12", "2024-06-19", "2024-06-19")
    assert len(page.find("label", **{"for": "report-from"})) == len(page.find("label", **{"for": "report-to"})) == 1


def test_date_fields_start_at_the_exports_own_filter(story):
    doc, _ = render_report(story, "2023-09-12", "2023-09-13")
    page = Tags(doc)
    assert page.find("input", id="report-from")[0]["value"] == "2023-09-12"
    assert page.find("input", id="report-to")[0]["value"] == "2023-09-13"
    shown = re.search(r'<span id="report-range">(.*?)</span>', doc).group(1)
    assert html_mod.unescape(shown) == "12–13 Sep 2023"


def test_presets_are_the_apps_presets(story, doc):
    buttons = Tags(doc).find("button", **{"class": "report-preset"})
    names = [html_mod.unescape(m) for m in re.findall(r'class="report-preset"[^>]*>([^<]*)</button>', doc)]
    assert names == list(presets(story)) == ["2023 journey", "2018–2019 summits", "2024 later summits", "All"]
    ranges = [(b["data-from"], b["data-to"]) for b in buttons]
    assert ranges == [("2023-09-10", "2023-09-19"), ("2018-06-12", "2019-04-25"), ("2024-06-19", "2024-06-19"),
                      ("2018-06-12", "2024-06-19")]  # "All": everything in the export


def test_presets_that_would_show_nothing_in_this_export_are_left_out(story):
    doc, _ = render_report(story, "2023-01-01", "2023-12-31")
    names = [html_mod.unescape(m) for m in re.findall(r'class="report-preset"[^>]*>([^<]*)</button>', doc)]
    assert names == ["2023 journey", "All"]


def test_caption_counts_and_journey_furniture(story, doc):
    assert "7 events, 3 rail legs" in doc and "7 events shown" in doc
    caption = re.search(r'<div class="mapapp-caption".*?</div>', doc, re.S).group(0)
    assert html_mod.unescape(re.search(r"<b>(.*?)</b>", caption).group(1)) == story.title
    assert re.search(r"Exported \d{4}-\d\d-\d\d \d\d:\d\d UTC · mapapp \d", caption)
    assert 'id="report-prev"' in doc and 'id="report-next"' in doc
    assert re.search(r'<p class="report-totals">[\d,]+ km by rail over 10 days, 10–19 Sep 2023 \(3 legs\)', doc)


def test_without_rail_legs_there_are_no_totals(story):
    doc, _ = render_report(story, layers=frozenset(LAYERS) - {"rail_leg"})
    assert '<p class="report-totals">' not in doc and 'id="report-next"' in doc  # still the stops to step through


def test_viewport_lets_the_reader_zoom(doc):
    (meta,) = Tags(doc).find("meta", name="viewport")
    assert "user-scalable=no" not in meta["content"] and "maximum-scale" not in meta["content"]


# --- the data the script starts with --------------------------------------------------------------------

def listed(data: dict) -> list[list]:
    """The data's event rows in the list's order."""
    return [data["events"][i] for i in data["order"]]


def test_embedded_data_lists_events_in_date_order_with_their_fields(story):
    doc, view = render_report(story)
    data = report_data_of(doc)
    assert [e[0] for e in listed(data)] == ["e_2018", "e_2019", "e_depart", "e_border", "e_summit", "e_port",
                                            "e_2024"]
    assert [e[0] for e in data["events"]] == [e.id for e in view.events]  # the view's order: the panels'
    t0 = D(data["t0"])
    assert t0 == D("2018-06-12")
    depart = next(e for e in data["events"] if e[0] == "e_depart")
    event = story.event_by_id["e_depart"]
    place = data["places"][depart[1]]
    category, label, color = data["categories"][depart[2]]
    assert (place[0], category, label) == ("norvale", "journey_stop", render.escape(story.label("journey_stop")))
    assert color == story.layer("journey_stop").color
    assert (t0 + timedelta(days=depart[3]), t0 + timedelta(days=depart[3] + depart[4])) == (D("2023-09-10"),
                                                                                            D("2023-09-11"))
    assert depart[5:8] == [render.escape(event.title), render.escape(event.participants),
                           render.escape(event.description)]
    assert [data["urls"][i] for i in depart[8]] == [render.report_url(u) for u in event.sources]
    assert [p[0] for p in data["places"]] == [p.id for p in view.places]
    steps = [data["events"][i][0] for i in data["steps"]]
    assert steps == ["e_depart", "e_border", "e_summit", "e_port"]  # journey stops and summit


def test_embedded_data_holds_each_sentence_once_with_its_marks(story, snippets):
    doc, view = render_report(story)
    data = report_data_of(doc)
    ferrin = next(p for p in data["places"] if p[0] == "ferrin")
    (place_id, lat, lon, name, description, urls, own, wider) = ferrin
    assert (lat, lon, name) == (42.42, 130.60, render.escape(story.place_by_id["ferrin"].name)) and wider == []
    assert len(own) == len(snippets["ferrin"])
    for row, s in zip(own, snippets["ferrin"]):
        article, text = data["sentences"][row[0]]
        assert render.with_marks(text, row[1:]) == render.highlight(s.text, s.spans)
        title, url, when = data["articles"][article]
        assert (title, data["urls"][url], when) == (render.escape(s.article_title), render.report_url(s.article_url),
                                                   s.article_date.isoformat())
    assert "Officials greeted the delegation at <mark>Ferrin</mark>" in "".join(
        render.with_marks(data["sentences"][r[0]][1], r[1:]) for r in own)
    texts = [tuple(s) for s in data["sentences"]]
    assert len(texts) == len(set(texts))


def test_embedded_data_follows_the_export_filter(story):
    doc, _ = render_report(story, "2018-01-01", "2019-12-31")
    data = report_data_of(doc)
    assert [e[0] for e in listed(data)] == ["e_2018", "e_2019"] and data["steps"] == []
    assert 'id="report-next"' not in doc


def test_embedded_data_cannot_end_its_script(tmp_path):
    places = default_places()
    places[1]["properties"]["name"] = "Ferrin </script><script>alert(1)</script> \u2028 `${x}`"
    story = load_story(write_story(tmp_path, places=places))
    doc, _ = render_report(story)
    call = re.search(r"mapappReport\.init\(window\.mapapp, (\{.*?\})\);\n", doc).group(1)
    assert not set(call) & {"<", ">", "`", "\u2028", "\u2029"}
    assert "</script><script>alert" not in doc
    name = next(p for p in report_data_of(doc)["places"] if p[0] == "ferrin")[3]
    assert name.startswith("Ferrin &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;")


def test_data_json_is_compact_and_keeps_every_character():
    data = {"a": ["<b>&amp;</b>", "\u2028\u2029", "é"], "b": 1}
    text = report.data_json(data)
    assert json.loads(text) == data and not set(text) & {"<", ">", " ", "\n", "\u2028", "\u2029"}


# --- sources ------------------------------------------------------------------------------------------

def test_sources_list_every_url_of_events_places_legs_and_articles(story, doc):
    view = apply(story, link_story(story), FilterOptions())
    sources = render.source_groups(report.source_groups(story, view))  # what the page builds (browser tests)
    urls = {u for e in story.events for u in e.sources} | {u for p in story.places for u in p.sources} | \
           {u for r in story.routes for u in r.sources} | {"https://example.org/news/train"}
    for url in urls:
        assert f'href="{render.escape(url)}"' in sources, url
    for heading in ("Events", "Places", "Rail legs", "Articles"):
        assert f"<h3>{heading}</h3>" in sources
    data = report_data_of(doc)
    assert {data["urls"][i] for _, items in data["sources"] if items for _, ids in items for i in ids} | \
        {data["urls"][i] for e in data["events"] for i in e[8]} >= {render.report_url(u) for u in urls}
    assert [h for h, items in data["sources"]] == ["Events", "Places", "Rail legs", "Articles"]
    assert data["sources"][0][1] is None  # the events' group: made in the page from the event rows
    assert 'id="report-sources"' in doc and ">Sources</h2>" in doc
    assert "Map tiles: (C) OpenStreetMap contributors" in doc and "Natural Earth" in doc


def test_only_http_sources_become_links(tmp_path):
    places = default_places()
    places[0]["properties"]["sources"] = ["javascript:alert(1)", "https://example.org/ok"]
    story = load_story(write_story(tmp_path, places=places))
    doc, view = render_report(story)
    sources = render.source_groups(report.source_groups(story, view))
    assert '<span class="mapapp-url">javascript:alert(1)</span>' in sources
    assert ["javascript:alert(1)", 0] in report_data_of(doc)["urls"]
    assert "href=\"javascript" not in sources and 'href="https://example.org/ok"' in sources


def test_source_groups_leave_out_items_without_urls():
    out = render.source_groups([("Events", [("A", ["https://a.example"]), ("B", [])]), ("Places", [("C", [])])])
    assert "<h3>Events</h3>" in out and ">A<" in out and ">B<" not in out and "Places" not in out


# --- the policy ------------------------------------------------------------------------------------------

def _sha(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def test_policy_covers_every_inline_block_and_nothing_else(doc):
    page = Tags(doc)
    policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', doc).group(1)
    directives = {d.split()[0]: set(d.split()[1:]) for d in policy.split("; ")}
    scripts = {_sha(body) for tag, attrs, body in page.blocks if tag == "script"}
    styles = {_sha(body) for tag, attrs, body in page.blocks if tag == "style"}
    assert all(attrs == {} for _, attrs, _ in page.blocks)  # no src, no type: every block is hashed code
    assert directives["script-src"] == scripts and directives["style-src"] == styles
    assert any("mapappReport" in body for tag, _, body in page.blocks if tag == "script")  # report.js inline
    assert any(".report-side" in body for tag, _, body in page.blocks if tag == "style")  # report.css inline
    assert "mapappReport.init(" in doc
    assert not [(t, a) for t, a in page.tags if any(k.startswith("on") for k in a)]  # no inline handlers


def test_no_request_but_tiles(doc):
    assert not re.search(r"<(script|img|iframe)[^>]*\bsrc\s*=", doc, re.I)
    assert not re.search(r"<link[^>]*\bhref\s*=", doc, re.I)
    assert not re.search(r"url\(\s*[\"']?(https?:)?//", doc, re.I) and "@import" not in doc


# --- the built-in story ----------------------------------------------------------------------------------

def test_built_in_story_report_is_small_and_complete():
    story = load_story(ROOT)
    doc, view = render_report(story)
    size = len(doc.encode("utf-8"))
    assert size < MAX_BYTES, f"the built-in story's report is {size} bytes"
    data = report_data_of(doc)
    assert len(data["events"]) == len(story.events) and len(data["places"]) == len(view.places)
    steps = [data["events"][i][0] for i in data["steps"]]
    assert steps[0] == "e2023_pyongyang_departure" and steps[-1] == "e2023_pyongyang_return"
    assert len(data["steps"]) == sum(e.category in ("journey_stop", "summit") for e in story.events)

