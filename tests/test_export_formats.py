"""KML and CSV exports read back: same features, coordinates, dates and texts; hostile text stays text."""
from __future__ import annotations

import csv
import io
import warnings
import xml.etree.ElementTree as ET
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

from layer_defaults import COLORS, DEFAULT_LABELS, ROUTE_CATEGORY
from mapapp import render
from mapapp.export.csv import COLUMNS, FORMULA_PREFIXES, csv_document, neutralise
from mapapp.export.kml import kml_color, kml_document
from mapapp.filters import FilterOptions, View, apply
from mapapp.link import link_articles
from mapapp.legstyle import leg_colors
from mapapp.model import Article, Event, Place, RouteLeg, Story
from payloads import PAYLOADS

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # fastkml warns that lxml is missing (pretty printing only)
    from fastkml import kml as fastkml

NS = {"k": "http://www.opengis.net/kml/2.2"}

# Aimed at KML itself: closing a CDATA section, simplekml's CDATA pass-through, XML-illegal characters.
CDATA_BREAKOUT = "]]><script>alert(1)</script>"
SIMPLEKML_CDATA = "<![CDATA[]]></name><description><script>alert(1)</script></description><name>"
IMG = "<img src=x onerror=alert(1)>"
CONTROL = "bell\x07 and nul\x00 inside"
FORMULAS = ('=HYPERLINK("https://evil.example","open")', "+1+1", "-2+3", "@SUM(A1:A9)", "\tTabbed", "\rReturn")
HOSTILE_TEXT = (CDATA_BREAKOUT, SIMPLEKML_CDATA, IMG, *PAYLOADS)
# What must never appear in the KML file as markup, undecoded.
NEVER_RAW = ("<script", "<img", "<svg", "<![CDATA[", "<style>", "<!--")
ALLOWED_TAGS = {"div", "h3", "h4", "section", "p", "b", "details", "summary", "ul", "li", "a", "span", "blockquote", "mark",
                "footer"}


# --- a small invented story, built in code -------------------------------------------------------

def make_story() -> Story:
    places = (
        Place("tamsin", "Tamsin Yard", lat=47.25, lon=139.5, aliases=("Tamsin",)),
        Place("quarry", f"Quarry {IMG}", lat=44.0, lon=135.25),
        Place("wick", "Wick Harbour", lat=-33.86, lon=-70.66, description=CDATA_BREAKOUT),  # negative numbers
        Place("orrin", "Orrin Hall", lat=40.5, lon=126.75),
    )
    events = (
        Event("ev_yard", "tamsin", "journey_stop", CDATA_BREAKOUT, date(2023, 9, 10), date(2023, 9, 11),
              participants=FORMULAS[0], description=f"Crowds and {IMG}\non two lines",
              sources=("https://example.org/yard", "javascript:alert(1)")),
        Event("ev_quarry", "quarry", "journey_stop", SIMPLEKML_CDATA, date(2023, 9, 12),
              participants=FORMULAS[1], description=FORMULAS[2]),
        Event("ev_summit", "tamsin", "summit", f"Summit {CONTROL}", date(2023, 9, 13),
              participants=FORMULAS[3], description=FORMULAS[4], sources=("https://example.org/summit",)),
        Event("ev_wick", "wick", "earlier_summit", FORMULAS[5], date(2019, 4, 25),
              description="&lt;b&gt;already escaped&lt;/b&gt;"),
        Event("ev_orrin", "orrin", "later_summit", "Return to Orrin Hall", date(2024, 6, 19), date(2024, 6, 20)),
    )
    routes = (
        RouteLeg("leg_a", f"Yard to quarry {IMG}", date(2023, 9, 10), date(2023, 9, 12), "tamsin", "quarry",
                 lines=(((139.5, 47.25), (137.0, 45.5), (135.25, 44.0)),), sources=("https://example.org/leg",),
                 description=CDATA_BREAKOUT),
        RouteLeg("leg_b", "Quarry back to the yard", date(2023, 9, 14), None, "quarry", "tamsin",
                 lines=(((135.25, 44.0), (136.0, 45.0)), ((136.0, 45.0), (139.5, 47.25)))),
    )
    articles = (
        Article("a1", date(2023, 9, 12), title=IMG, url="javascript:alert(2)",
                text=f"Witnesses at Tamsin Yard wrote {CDATA_BREAKOUT} on the wall. "
                     f"The train idled at Quarry {IMG} for an hour.\n"
                     f"Nobody in Tamsin mentioned {SIMPLEKML_CDATA} either."),
        Article("a2", date(2023, 9, 13), title="Plain report", url="https://example.org/news",
                text="Tamsin Yard was quiet. Orrin Hall was not mentioned before."),
    )
    return Story(root=Path("/nonexistent"), places=places, events=events, routes=routes, articles=articles,
                 title=f"Trains & {IMG} {CDATA_BREAKOUT}")


@pytest.fixture(scope="module")
def story() -> Story:
    return make_story()


def view_of(story: Story, options: FilterOptions = FilterOptions()) -> View:
    return apply(story, link_articles(story.places, story.articles), options)


@pytest.fixture(scope="module")
def view(story) -> View:
    return view_of(story)


@pytest.fixture(scope="module")
def kml_text(story, view) -> str:
    return kml_document(story, view)


@pytest.fixture(scope="module")
def doc(kml_text):
    """The KML Document as read back by fastkml."""
    return fastkml.KML.from_string(kml_text.encode("utf-8")).features[0]


def placemarks(doc) -> dict[str, object]:
    """fastkml placemarks by the id in their ExtendedData."""
    out = {}
    for folder in doc.features:
        for pm in folder.features:
            data = {d.name: d.value for d in pm.extended_data.elements}
            out[data["id"]] = pm
    return out


class Markup(HTMLParser):
    """Tags, attributes and decoded text of an HTML fragment."""

    def __init__(self, fragment: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.feed(fragment)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag

    def handle_data(self, data):
        self.text.append(data)

    @property
    def plain(self) -> str:
        return "".join(self.text)


def xml_safe(text: str) -> str:
    """``text`` with the characters XML cannot carry replaced, as the export does."""
    return text.replace("\x07", "\ufffd").replace("\x00", "\ufffd")


def read_back(text: str) -> str:
    """``text`` as fastkml returns it: XML-illegal characters replaced, outer whitespace stripped."""
    return xml_safe(text).strip()


def assert_inert_html(fragment: str) -> Markup:
    """Only the tags mapapp.render writes, no event handlers, only http(s) links."""
    for raw in NEVER_RAW:
        assert raw not in fragment, f"raw {raw!r} in description"
    doc = Markup(fragment)
    for tag, attrs in doc.tags:
        assert tag in ALLOWED_TAGS, f"unexpected <{tag}>"
        assert not any(name.startswith("on") for name in attrs), attrs
        if "href" in attrs:
            assert attrs["href"].startswith(("http://", "https://")), attrs["href"]
    return doc


# --- KML -------------------------------------------------------------------------------------------

def test_kml_is_wellformed_and_never_holds_raw_markup(kml_text):
    root = ET.fromstring(kml_text.encode("utf-8"))
    assert root.tag == "{http://www.opengis.net/kml/2.2}kml"
    for raw in NEVER_RAW:
        assert raw not in kml_text, raw
    assert "alert(1)" in kml_text  # the hostile text is there, as text


def test_kml_document_name_is_the_story_title(doc, story):
    assert doc.name == story.title


def test_kml_has_a_folder_per_category_in_legend_order(doc, view):
    names = [f.name for f in doc.features]
    assert names == [DEFAULT_LABELS[c] for c in
                     (ROUTE_CATEGORY, "journey_stop", "summit", "earlier_summit", "later_summit")]
    for folder in doc.features[1:]:
        category = next(c for c, label in DEFAULT_LABELS.items() if label == folder.name)
        assert [pm.name for pm in folder.features] == [read_back(e.title) for e in view.events
                                                       if e.category == category]


def test_kml_one_placemark_per_visible_event_at_its_place(doc, story, view):
    pms = placemarks(doc)
    assert set(pms) == {e.id for e in view.events} | {r.id for r in view.routes}
    for e in view.events:
        pm, place = pms[e.id], story.place_by_id[e.place_id]
        assert pm.name == read_back(e.title)  # hostile titles come back as typed
        lon, lat = pm.geometry.coords[0][:2]
        assert (lon, lat) == (place.lon, place.lat)
        data = {d.name: d.value for d in pm.extended_data.elements}
        assert data == {"id": e.id, "category": e.category, "place_id": place.id, "place_name": place.name,
                        "layer": story.label(e.category)}


def test_kml_control_characters_are_replaced_not_fatal(doc):
    assert placemarks(doc)["ev_summit"].name == "Summit bell\ufffd and nul\ufffd inside"


@pytest.fixture(scope="module")
def clean_story() -> Story:
    """The story without XML-illegal characters, so every text must round-trip exactly."""
    s = make_story()
    events = tuple(Event(**{**e.__dict__, "title": e.title.replace(CONTROL, "bell")}) for e in s.events)
    return Story(root=s.root, places=s.places, events=events, routes=s.routes, articles=s.articles,
                 title=s.title)


def test_kml_time_spans_for_google_earth_time_slider(kml_text, view):
    root = ET.fromstring(kml_text.encode("utf-8"))
    spans = {}
    for pm in root.iter("{http://www.opengis.net/kml/2.2}Placemark"):
        pid = pm.find("k:ExtendedData/k:Data[@name='id']/k:value", NS).text
        spans[pid] = (pm.find("k:TimeSpan/k:begin", NS).text, pm.find("k:TimeSpan/k:end", NS).text)
    for item in (*view.events, *view.routes):
        assert spans[item.id] == (item.date_start.isoformat(), (item.date_end or item.date_start).isoformat())


def test_kml_time_spans_read_back_by_fastkml(doc, view):
    pms = placemarks(doc)
    for e in view.events:
        assert str(pms[e.id].times.begin) == e.date_start.isoformat()
        assert str(pms[e.id].times.end) == e.last_day.isoformat()


def test_kml_descriptions_show_hostile_text_as_text(doc, story, view):
    pms = placemarks(doc)
    for e in view.events:
        place = story.place_by_id[e.place_id]
        description = pms[e.id].description
        markup = assert_inert_html(description)
        # Built only through render: the event detail and every snippet of the place, in order.
        detail = xml_safe(render.event_detail(e, place, story.label_map, show_place=False))
        snippets = [render.snippet(s) for s in view.snippets.get(place.id, ())]
        assert detail in description and all(s in description for s in snippets)
        assert description.index(detail) < min((description.index(s) for s in snippets), default=len(description))
        assert Markup(detail).plain in markup.plain
    yard = Markup(pms["ev_yard"].description).plain
    assert CDATA_BREAKOUT in yard and IMG in yard  # the title and description, shown as typed
    assert "&lt;b&gt;already escaped&lt;/b&gt;" in Markup(pms["ev_wick"].description).plain
    assert "javascript:alert" not in "".join(a.get("href", "") for _, a in Markup(yard).tags)


def test_kml_snippet_text_with_hostile_markup_comes_back_as_text(doc, view):
    yard = Markup(placemarks(doc)["ev_yard"].description).plain
    for s in view.snippets["tamsin"]:
        assert s.text in yard
    assert f"Witnesses at Tamsin Yard wrote {CDATA_BREAKOUT} on the wall." in yard
    assert SIMPLEKML_CDATA in yard


def test_kml_every_text_round_trips_exactly_without_control_characters(clean_story):
    view = view_of(clean_story)
    root = ET.fromstring(kml_document(clean_story, view).encode("utf-8"))  # etree keeps whitespace exactly
    assert root.find("k:Document/k:name", NS).text == clean_story.title
    names = {pm.find("k:ExtendedData/k:Data[@name='id']/k:value", NS).text: pm.find("k:name", NS).text
             for pm in root.iter("{http://www.opengis.net/kml/2.2}Placemark")}
    assert names == {**{e.id: e.title for e in view.events}, **{r.id: r.name for r in view.routes}}
    assert names["ev_wick"] == "\rReturn"  # a carriage return survives as &#13;


def payload_story(payload: str) -> Story:
    """``payload`` in every text field: title, names, participants, description, article text, title, URL."""
    place = Place("p", f"Stop {payload}", lat=45.5, lon=135.5, aliases=("Stop",), description=payload)
    event = Event("ev", "p", "journey_stop", payload, date(2023, 9, 12), participants=payload,
                  description=payload, sources=(payload, "https://example.org/ok"))
    leg = RouteLeg("leg", payload, date(2023, 9, 12), None, "p", "p", lines=(((135.5, 45.5), (136.5, 46.5)),),
                   sources=(payload,), description=payload)
    article = Article("a", date(2023, 9, 12), title=payload, url=payload,
                      text=f"The train reached Stop {payload} at night.")
    return Story(root=Path("/nonexistent"), places=(place,), events=(event,), routes=(leg,),
                 articles=(article,), title=payload)


@pytest.mark.parametrize("payload", HOSTILE_TEXT, ids=lambda p: repr(p[:24]))
def test_every_hostile_string_through_every_field(payload):
    story = payload_story(payload)
    view = view_of(story)
    assert view.snippets.get("p"), "the article must name the place"
    text = kml_document(story, view)
    for raw in NEVER_RAW:
        assert raw not in text, raw
    doc = fastkml.KML.from_string(text.encode("utf-8")).features[0]
    pms = placemarks(doc)
    assert doc.name == pms["ev"].name == pms["leg"].name == read_back(payload)
    for pid in ("ev", "leg"):
        shown = assert_inert_html(pms[pid].description).plain
        assert payload.strip() in shown
    shown = Markup(pms["ev"].description).plain
    assert all(s.text in shown for s in view.snippets["p"])
    (row,) = read_csv(csv_document(story, view))
    assert [plain(row[c]) for c in ("title", "participants", "description")] == [payload] * 3
    assert row["place_name"] == f"Stop {payload}" and row["snippet_count"] == str(len(view.snippets["p"]))


def test_kml_route_legs_as_lines(doc, story, view):
    folder = doc.features[0]
    assert folder.name == DEFAULT_LABELS[ROUTE_CATEGORY]
    pms = placemarks(doc)
    leg_a, leg_b = pms["leg_a"], pms["leg_b"]
    assert leg_a.geometry.geom_type == "LineString"
    assert [c[:2] for c in leg_a.geometry.coords] == list(story.routes[0].lines[0])
    assert leg_b.geometry.geom_type == "MultiLineString"
    assert [[c[:2] for c in line.coords] for line in leg_b.geometry.geoms] == [list(x) for x in story.routes[1].lines]
    assert leg_a.name == story.routes[0].name
    text = assert_inert_html(leg_a.description).plain
    assert CDATA_BREAKOUT in text and IMG in text and "Tamsin Yard → Quarry" in text
    assert str(leg_b.times.begin) == str(leg_b.times.end) == "2023-09-14"


def _style_of(root: ET.Element, placemark: ET.Element) -> ET.Element:
    style_id = placemark.find("k:styleUrl", NS).text.lstrip("#")
    return next(s for s in root.iter("{http://www.opengis.net/kml/2.2}Style") if s.get("id") == style_id)


def test_kml_styles_colour_points_by_category_and_legs_by_date(kml_text, story, view):
    root = ET.fromstring(kml_text.encode("utf-8"))
    colors = leg_colors(story)
    for pm in root.iter("{http://www.opengis.net/kml/2.2}Placemark"):
        data = {d.get("name"): d.find("k:value", NS).text for d in pm.iterfind("k:ExtendedData/k:Data", NS)}
        style = _style_of(root, pm)
        assert style.find("k:BalloonStyle/k:text", NS).text == "$[description]"
        if data["category"] == ROUTE_CATEGORY:
            assert style.find("k:LineStyle/k:color", NS).text == kml_color(colors[data["id"]])
            assert style.find("k:LineStyle/k:width", NS).text == "4"
        else:
            assert style.find("k:IconStyle/k:color", NS).text == kml_color(COLORS[data["category"]])


@pytest.mark.parametrize("rgb, aabbggrr", [("#0072B2", "ffb27200"), ("#D55E00", "ff005ed5"), ("112233", "ff332211")])
def test_kml_color_is_aabbggrr(rgb, aabbggrr):
    assert kml_color(rgb) == aabbggrr


def test_kml_date_filter_limits_placemarks(story):
    view = view_of(story, FilterOptions(start=date(2023, 9, 12), end=date(2023, 9, 13)))
    doc = fastkml.KML.from_string(kml_document(story, view).encode("utf-8")).features[0]
    assert set(placemarks(doc)) == {"ev_quarry", "ev_summit", "leg_a"}
    assert [f.name for f in doc.features] == [DEFAULT_LABELS[c] for c in
                                               (ROUTE_CATEGORY, "journey_stop", "summit")]


def test_kml_of_an_empty_view_is_an_empty_document(story):
    view = view_of(story, FilterOptions(start=date(2030, 1, 1)))
    doc = fastkml.KML.from_string(kml_document(story, view).encode("utf-8")).features[0]
    assert doc.name == story.title and list(doc.features) == []


# --- CSV -------------------------------------------------------------------------------------------

def read_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def plain(cell: str) -> str:
    """A cell as written before formula neutralising."""
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA_PREFIXES) else cell


def test_csv_has_header_and_one_row_per_visible_event(story, view):
    text = csv_document(story, view)
    assert text.splitlines()[0] == ",".join(COLUMNS)
    assert text.endswith("\r\n")
    rows = read_csv(text)
    assert [r["id"] for r in rows] == [e.id for e in view.events]


def test_csv_values_round_trip(story, view):
    rows = {r["id"]: r for r in read_csv(csv_document(story, view))}
    for e in view.events:
        row, place = rows[e.id], story.place_by_id[e.place_id]
        assert plain(row["title"]) == e.title
        assert (row["category"], row["place_id"], row["place_name"]) == (e.category, place.id, place.name)
        assert (float(row["lat"]), float(row["lon"])) == (place.lat, place.lon)
        assert row["date_start"] == e.date_start.isoformat()
        assert row["date_end"] == (e.date_end.isoformat() if e.date_end else "")
        assert plain(row["participants"]) == e.participants
        assert plain(row["description"]) == e.description
        assert row["sources"].split(" ") == list(e.sources) if e.sources else row["sources"] == ""
        assert int(row["snippet_count"]) == len(view.snippets.get(e.place_id, ()))
    assert rows["ev_yard"]["description"] == f"Crowds and {IMG}\non two lines"  # newline kept, quoted
    assert rows["ev_yard"]["title"] == CDATA_BREAKOUT


def test_csv_snippet_counts(story, view):
    rows = {r["id"]: r for r in read_csv(csv_document(story, view))}
    assert int(rows["ev_yard"]["snippet_count"]) == len(view.snippets["tamsin"]) == 3
    assert rows["ev_summit"]["snippet_count"] == rows["ev_yard"]["snippet_count"]  # same place
    assert rows["ev_quarry"]["snippet_count"] == "1"
    assert rows["ev_wick"]["snippet_count"] == "0"


def test_csv_neutralises_formula_cells(story, view):
    rows = {r["id"]: r for r in read_csv(csv_document(story, view))}
    cells = [rows["ev_yard"]["participants"], rows["ev_quarry"]["participants"], rows["ev_quarry"]["description"],
             rows["ev_summit"]["participants"], rows["ev_summit"]["description"], rows["ev_wick"]["title"]]
    assert cells == ["'" + f for f in FORMULAS]
    for row in rows.values():
        for column in COLUMNS:
            assert not row[column].startswith(FORMULA_PREFIXES) or column in ("lat", "lon"), (column, row[column])
    # Numbers we write ourselves stay numbers, even negative ones.
    assert (rows["ev_wick"]["lat"], rows["ev_wick"]["lon"]) == ("-33.86", "-70.66")


@pytest.mark.parametrize("cell, expected", [
    ("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@A1", "'@A1"), ("\tx", "'\tx"), ("\rx", "'\rx"),
    ("a=1", "a=1"), ("", ""), ("'=1", "'=1"), (" =1", " =1"), ("Tamsin", "Tamsin"),
])
def test_neutralise(cell, expected):
    assert neutralise(cell) == expected


def test_csv_date_filter_limits_rows(story):
    view = view_of(story, FilterOptions(start=date(2023, 9, 11), end=date(2023, 9, 12)))
    assert [r["id"] for r in read_csv(csv_document(story, view))] == ["ev_yard", "ev_quarry"]
    view = view_of(story, FilterOptions(layers=frozenset({"earlier_summit"})))
    assert [r["id"] for r in read_csv(csv_document(story, view))] == ["ev_wick"]


def test_csv_of_an_empty_view_is_the_header(story):
    view = view_of(story, FilterOptions(start=date(2030, 1, 1)))
    assert csv_document(story, view) == ",".join(COLUMNS) + "\r\n"
