"""Hostile input: every payload through every field, nothing executes; broken bytes give only MapAppError.

A story whose every field carries a payload (tests/payloads.py) is loaded, linked, filtered, drawn and
exported. The checks read the output the way a browser would:

* the page has exactly the elements and attributes of a benign twin story (no payload made a tag or an
  attribute), no ``on*`` attribute anywhere, no ``javascript:``/``data:`` link;
* the inline scripts hold no more backticks, ``${``, ``<`` or line separators than the twin's (no payload
  reached JavaScript source unescaped), and no Jinja markers were added;
* the HTML that Leaflet inserts with innerHTML (tooltips, popups, legend) and the app's detail panel
  parse to allowed tags only, and their text is the payload, exactly: escaped, not lost;
* the Content-Security-Policy of the export lists the hash of every inline block and nothing else runs.

Hypothesis then checks render.escape/highlight for arbitrary text, and the loaders for arbitrary bytes.
"""
from __future__ import annotations

import base64
import hashlib
import contextlib
import html
import json
import re
import shutil
import tempfile
from html.parser import HTMLParser
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from mapapp import render
from mapapp.errors import ArticleError, MapAppError
from mapapp.export import geojson_document, html_document
from mapapp.filters import FilterOptions, apply
from mapapp.link import link_story
from mapapp.load import load_story, read_article
from mapapp.mapbuild import MapOptions, build_map
from mapapp.mapdata import points_geojson
from payloads import (DATA_URL, HOSTILE_EVENT_ID, HOSTILE_PLACE_ID, JS_URL, LINE_SEPARATORS, MARKDOWN_PAYLOADS,
                      NEVER_RAW, PAYLOADS, URL_PAYLOADS, write_hostile_story)
from story_factory import collection, default_events, default_places, events_csv, write_story

# --- reading HTML like a browser ---------------------------------------------------------------------


class Page(HTMLParser):
    """Elements (tag, attrs), inline script/style bodies and visible text of an HTML document or fragment."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self.text: list[str] = []
        self._raw: str | None = None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        if tag in ("script", "style"):
            self._raw = tag
            (self.scripts if tag == "script" else self.styles).append("")

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if tag == self._raw:
            self._raw = None

    def handle_data(self, data):
        if self._raw == "script":
            self.scripts[-1] += data
        elif self._raw == "style":
            self.styles[-1] += data
        else:
            self.text.append(data)

    @property
    def shape(self) -> list[tuple[str, tuple[str, ...]]]:
        return [(tag, tuple(sorted(attrs))) for tag, attrs in self.elements]

    @property
    def all_text(self) -> str:
        return "".join(self.text)


#: What render.py may produce for innerHTML sinks (tooltips, popups, legend, the app's panel).
FRAGMENT_TAGS = {"a", "b", "blockquote", "br", "details", "div", "footer", "h3", "h4", "i", "li", "mark", "p",
                 "section", "small", "span", "summary", "ul"}
FRAGMENT_ATTRS = {"class", "href", "target", "rel", "title", "style", "aria-hidden", "open", "role"}


def assert_inert_fragment(fragment: str, where: str) -> Page:
    """``fragment`` (HTML for innerHTML) has only render.py's tags, no handlers, only http(s) links."""
    page = Page(fragment)
    for tag, attrs in page.elements:
        assert tag in FRAGMENT_TAGS, f"{where}: unexpected <{tag}> in {fragment[:200]!r}"
        assert set(attrs) <= FRAGMENT_ATTRS, f"{where}: unexpected attribute(s) {set(attrs) - FRAGMENT_ATTRS}"
        if "href" in attrs:
            assert urlsplit(attrs["href"]).scheme in ("http", "https"), f"{where}: link {attrs['href']!r}"
        if "style" in attrs and attrs["style"].startswith("color:"):  # the legend's star in its layer's colour
            assert re.fullmatch(r"color:#[0-9a-fA-F]{6}", attrs["style"]), f"{where}: {attrs['style']!r}"
        elif "style" in attrs:  # only the legend's colour swatches, never text
            hexes = r"#[0-9a-fA-F]{6}(?:, #[0-9a-fA-F]{6})*"  # one colour, or our own gradient of colours
            assert re.fullmatch(rf"background:(?:#[0-9a-fA-F]{{6}}|linear-gradient\(90deg, {hexes}\))", attrs["style"]), \
                f"{where}: {attrs['style']!r}"
    assert not page.scripts and not page.styles
    return page


def assert_no_handlers_or_bad_urls(page: Page, where: str) -> None:
    for tag, attrs in page.elements:
        handlers = [a for a in attrs if a.lower().startswith("on")]
        assert not handlers, f"{where}: <{tag}> has event handler attribute(s) {handlers}"
        for key in ("href", "src", "action", "formaction", "xlink:href"):
            value = (attrs.get(key) or "").strip().lower()
            if not value or value.startswith("#"):
                continue
            scheme = urlsplit(value).scheme
            if tag == "script" and key == "src" or tag == "link" and key == "href":
                assert value.startswith(("data:text/javascript;", "data:text/css;")), f"{where}: {value[:80]}"
            else:
                assert scheme in ("http", "https"), f"{where}: <{tag} {key}={value[:80]!r}>"


#: Characters or sequences whose count in the inline scripts must not grow with hostile data.
JS_SENSITIVE = ("`", "${", "<", "</", "<!--", "\u2028", "\u2029", "{{", "{%")


def js_counts(page: Page) -> dict[str, int]:
    js = "".join(page.scripts)
    return {s: js.count(s) for s in JS_SENSITIVE}


def geojson_layers(doc: str) -> list[dict]:
    """The FeatureCollections embedded in the page (``geo_json_…_add({...});``, ``layer.addData({...});``)."""
    return [json.loads(m.group(1)) for m in re.finditer(r"(?:_add|\.addData)\((\{\"[^\n]*\})\);", doc)]


def legend_fragment(doc: str) -> str:
    return json.loads(re.search(r"div\.innerHTML = (\"[^\n]*\");", doc).group(1))


# --- the hostile story and its benign twin -------------------------------------------------------------


def _load(root):
    story = load_story(root)
    options = FilterOptions()
    view = apply(story, link_story(story), options)
    return story, view, options


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    return _load(write_hostile_story(tmp_path_factory.mktemp("hostile") / "story"))


@pytest.fixture(scope="module")
def twin(tmp_path_factory):
    plain = [f"plain{i}" for i in range(len(PAYLOADS))]
    return _load(write_hostile_story(tmp_path_factory.mktemp("twin") / "story", payloads=plain,
                                     urls=["https://example.org/u"], hostile_ids=False,
                                     markdown=[f"md{i}" for i in range(len(MARKDOWN_PAYLOADS))]))


@pytest.fixture(scope="module")
def rendered(hostile, twin):
    """(hostile, twin) pairs of Page for the folium map and for the HTML export, plus the raw texts."""
    out = {}
    for name, (story, view, options) in (("hostile", hostile), ("twin", twin)):
        map_html = build_map(story, view, MapOptions()).get_root().render()
        export_html = html_document(story, view, options)
        out[name] = {"map": map_html, "export": export_html}
    return out


def test_loading_keeps_every_payload_exactly(hostile):
    story, view, _ = hostile
    assert len(story.places) == len(PAYLOADS) == len(view.events)
    for i, p in enumerate(PAYLOADS):
        place, event = story.places[i], story.events[i]
        assert place.name == f"Site{i} {p}" and place.aliases == (f"Alias{i} {p}",)
        assert place.description == f"Description{i} {p} end"
        assert (event.title, event.description) == (f"Title{i} {p} end", f"Happened{i} {p} end")
        assert event.participants == f"Participant{i} {p}; Other"
        assert URL_PAYLOADS[i % len(URL_PAYLOADS)].strip() in event.sources
    assert story.places[0].id == HOSTILE_PLACE_ID and story.events[1].id == HOSTILE_EVENT_ID
    # Articles name their place, so snippets carry the payloads (U+2028 ends a line: that name is split).
    for i, p in enumerate(PAYLOADS):
        snippets = view.snippets.get(story.places[i].id, ())
        if p == LINE_SEPARATORS:
            continue
        assert any(p in s.text for s in snippets), f"payload {i} has no snippet"
        assert any(s.article_url in URL_PAYLOADS for s in snippets) or i % 2 == 0


@pytest.mark.parametrize("kind", ["map", "export"])
def test_no_payload_makes_an_element_attribute_or_script(rendered, kind):
    doc, twin_doc = rendered["hostile"][kind], rendered["twin"][kind]
    page, twin_page = Page(doc), Page(twin_doc)
    assert page.shape == twin_page.shape  # same tags, same attribute names, in the same order
    assert_no_handlers_or_bad_urls(page, kind)
    assert js_counts(page) == js_counts(twin_page)  # no backtick, ${, <, U+2028… from the data
    for needle in NEVER_RAW:
        assert needle not in doc, f"{needle!r} is in the {kind} HTML raw"
    assert doc.count("{{") == twin_doc.count("{{") and doc.count("{%") == twin_doc.count("{%")
    assert "javascript:" not in "".join(a.get("href", "") for _, a in page.elements).lower()


@pytest.mark.parametrize("kind", ["map", "export"])
def test_tooltips_popups_and_legend_are_inert_and_keep_the_text(rendered, hostile, kind):
    """What Leaflet inserts with innerHTML, read back from the page itself."""
    story, view, _ = hostile
    doc = rendered["hostile"][kind]
    layers = geojson_layers(doc)
    points = [f for layer in layers for f in layer["features"] if "popup" in f["properties"]]
    assert len(points) == len(view.events)
    by_place = {f["properties"]["place_id"]: f["properties"] for f in points}
    for i, p in enumerate(PAYLOADS):
        props = by_place[story.places[i].id]
        tip = assert_inert_fragment(props["tooltip"], f"tooltip {i}")
        pop = assert_inert_fragment(props["popup"], f"popup {i}")
        assert f"Site{i} {p}" in tip.all_text, f"tooltip {i} lost its text"
        assert f"Site{i} {p}" in pop.all_text and f"Title{i} {p} end" in pop.all_text
        assert render.escape(p) in props["popup"]  # escaped, in the data Leaflet will insert
    legs = [f for layer in layers for f in layer["features"] if f["geometry"]["type"] != "Point"
            and "tooltip" in f["properties"]]
    assert len(legs) == len(view.routes)
    for f in legs:
        leg = next(r for r in view.routes if r.id == f["properties"]["id"])
        assert leg.name in assert_inert_fragment(f["properties"]["tooltip"], "route tooltip").all_text
    legend = assert_inert_fragment(legend_fragment(doc), "legend")
    for leg in view.routes:
        assert leg.name in legend.all_text


def test_points_geojson_values_are_escaped_before_they_reach_folium(hostile):
    story, view, _ = hostile
    for category in {e.category for e in view.events}:
        for f in points_geojson(story, view, category)["features"]:
            for key in ("tooltip", "popup"):
                value = f["properties"][key]
                assert not set(value) & {"`", "$", "\\", "{", "}", "\u2028", "\u2029"}, (key, value[:120])


def test_export_title_and_caption_show_the_payload_as_text(rendered, hostile):
    story = hostile[0]
    page = Page(rendered["hostile"]["export"])
    assert story.title in page.all_text  # in <title> and in the caption, decoded back to the exact text
    assert page.all_text.count(story.title) == 2


def test_detail_panel_is_inert_and_keeps_every_field(hostile):
    """render.place_panel: the app's panel beside the map (sources, snippets, descriptions)."""
    story, view, _ = hostile
    for i, p in enumerate(PAYLOADS):
        place = story.places[i]
        events = view.events_at(place.id)
        snippets = view.snippets.get(place.id, ())
        markup = render.place_panel(place, events, snippets)
        page = assert_inert_fragment(markup, f"panel {i}")
        text = page.all_text
        for e in events:
            assert e.title in text and e.participants in text and e.description in text
            for url in e.sources:
                assert url in text
        for s in snippets:
            assert s.text in text and s.article_title in text
        if not snippets:
            assert place.description in text and all(u in text for u in place.sources)
        hrefs = [a["href"] for t, a in page.elements if t == "a"]
        assert all(h.startswith(("http://", "https://")) for h in hrefs)
        assert not any(JS_URL in h or DATA_URL in h or "javascript:" in h.lower() for h in hrefs)


@pytest.mark.parametrize("url", URL_PAYLOADS)
def test_non_http_urls_are_text_not_links(url):
    out = render.link(url, "label")
    page = assert_inert_fragment(out, url)
    assert not any(t == "a" for t, _ in page.elements) and page.all_text == "label"
    assert render.link(url) and url in Page(render.link(url)).all_text


def test_geojson_export_keeps_the_payloads_as_exact_data(hostile):
    """GeoJSON is data for other tools: the text is kept as typed (escaping is the reader's job)."""
    story, view, _ = hostile
    doc = json.loads(json.dumps(geojson_document(story, view), ensure_ascii=False))
    props = {f["properties"]["id"]: f["properties"] for f in doc["features"]}
    for i, p in enumerate(PAYLOADS):
        e = story.events[i]
        assert props[e.id]["title"] == f"Title{i} {p} end" and props[e.id]["name"] == f"Site{i} {p}"
    assert HOSTILE_EVENT_ID in props


# --- Content-Security-Policy of the export ------------------------------------------------------------


def csp_of(doc: str) -> dict[str, list[str]]:
    meta = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', doc)
    assert meta, "the export has no CSP meta tag"
    policy = {}
    for directive in html.unescape(meta.group(1)).split(";"):
        name, *values = directive.split()
        policy[name] = values
    return policy


def sha256_source(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_csp_opens_the_head_and_allows_exactly_the_inline_blocks(rendered):
    doc = rendered["hostile"]["export"]
    head = doc[doc.index("<head>") + 6:]
    first_tags = re.findall(r"<[^>]+>", head)[:3]
    assert first_tags[0].lower().startswith("<meta charset=")  # must stay in the first 1024 bytes
    assert first_tags[1].startswith('<meta http-equiv="Content-Security-Policy"')
    assert doc.lower().index("charset=") < 1024
    assert doc.index("Content-Security-Policy") < min(doc.index("<script"), doc.index("<style"))
    policy = csp_of(doc)
    page = Page(doc)
    assert set(policy["script-src"]) == {sha256_source(s) for s in page.scripts}
    assert set(policy["style-src"]) == {sha256_source(s) for s in page.styles}
    assert policy["default-src"] == ["'none'"] and policy["base-uri"] == ["'none'"]
    assert policy["img-src"] == ["data:", "https://tile.openstreetmap.org"]  # the default tiles' host
    assert not any("unsafe" in v for k, vs in policy.items() if k != "style-src-attr" for v in vs)
    assert "frame-ancestors" not in policy  # ignored (with a console warning) in a <meta> policy
    # No element or attribute the policy would block: nothing external, no inline handlers.
    for tag, attrs in page.elements:
        assert not (tag == "script" and "src" in attrs) and not (tag == "link" and "href" in attrs)
        assert not any(a.startswith("on") for a in attrs), (tag, attrs)
    # The one markup style attribute (the caption) is allowed by style-src-attr, see export.html.policy.
    styled = [(t, a.get("class")) for t, a in page.elements if "style" in a]
    assert not styled or policy["style-src-attr"] == ["'unsafe-inline'"]


@pytest.mark.parametrize("tiles, img_src", [
    ("", ["data:"]),
    ("Esri.WorldImagery", ["data:", "https://server.arcgisonline.com"]),
    ("OpenTopoMap", ["data:", "https://a.tile.opentopomap.org"]),
])
def test_csp_img_src_follows_the_tile_provider(hostile, tiles, img_src):
    story, view, options = hostile
    doc = html_document(story, view, options, MapOptions(tiles=tiles))
    assert csp_of(doc)["img-src"] == img_src


def test_csp_tile_origin_for_subdomain_templates():
    from mapapp.export.leafletmap import tile_origins

    assert tile_origins(["https://{s}.tile.example.org/{z}/{x}/{y}.png",
                         "https://maps-{s}.example.net:8443/{z}/{x}/{y}.png",
                         "https://tile.example.org/{z}/{x}/{y}.png", "https://tile.example.org/{z}/{y}/{x}.png",
                         "file:///tiles/{z}.png", "https://{s}/{z}.png"]) == [
        "https://*.tile.example.org", "https://*.example.net:8443", "https://tile.example.org"]


# --- hypothesis: escaping ----------------------------------------------------------------------------

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FORBIDDEN = set("<>\"'`${}\\\u2028\u2029")

#: Text biased towards the characters that matter, plus anything else.
hostile_text = st.one_of(
    st.text(),
    st.lists(st.sampled_from(list("<>&\"'`${}\\/;:= \n\r\t\u2028\u2029\u202e#x") + ["&amp;", "&#96;",
                                                                                       "</script>"])).map("".join),
    st.lists(st.sampled_from(PAYLOADS[:-1]), max_size=4).map("".join),
)


@FAST
@given(hostile_text)
def test_escape_neutralises_every_special_character_and_round_trips(text):
    out = render.escape(text)
    assert not FORBIDDEN & set(out)
    assert html.unescape(out) == text


@FAST
@given(st.data())
def test_highlight_marks_spans_and_escapes_the_rest(data):
    text = data.draw(hostile_text)
    bounds = st.integers(0, len(text))
    spans = data.draw(st.lists(st.tuples(bounds, bounds).map(sorted).map(tuple), max_size=5))
    out = render.highlight(text, spans)
    bare = out.replace("<mark>", "").replace("</mark>", "")
    assert not FORBIDDEN & set(bare)
    assert html.unescape(bare) == text
    assert out.count("<mark>") == out.count("</mark>") <= len(spans)


@FAST
@given(name=hostile_text.filter(str.strip), title=hostile_text, description=hostile_text, url=hostile_text)
def test_popup_tooltip_and_panel_are_inert_for_any_text(name, title, description, url):
    from datetime import date

    from mapapp.model import Event, Place, Snippet

    place = Place(id="p", name=name, lat=1.0, lon=2.0, description=description, sources=(url,))
    event = Event(id="e", place_id="p", category="summit", title=title, date_start=date(2023, 9, 13),
                  participants=description, description=description, sources=(url,))
    snippet = Snippet(place_id="p", article_id="a", article_title=title, article_date=None, article_url=url,
                      text=f"{description} {name}", spans=((len(description) + 1, len(description) + 1 + len(name)),))
    for markup in (render.tooltip(event, place), render.popup(place, (event,), 1),
                   render.place_panel(place, (event,), (snippet,)), render.place_panel(place, (event,), ())):
        page = assert_inert_fragment(markup, "render")
        assert name in page.all_text
        assert not set(markup) & {"`", "$", "\\", "{", "}", "\u2028", "\u2029"}


def _one_point_map(name: str, title: str, leg: str) -> str:
    from datetime import date

    from mapapp.model import Event, Place, RouteLeg, Story

    place = Place(id="p", name=name, lat=40.0, lon=130.0)
    event = Event(id="e", place_id="p", category="journey_stop", title=title, date_start=date(2023, 9, 12))
    route = RouteLeg(id="r", name=leg, date_start=date(2023, 9, 10), date_end=None, from_place="",
                     to_place="", lines=(((129.0, 39.0), (130.0, 40.0)),))
    story = Story(root=Path("."), places=(place,), events=(event,), routes=(route,))
    view = apply(story, {}, FilterOptions())
    return build_map(story, view, MapOptions(tiles="")).get_root().render()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=hostile_text.filter(str.strip), title=hostile_text.filter(str.strip), leg=hostile_text)
def test_any_text_stays_inside_its_context_in_the_rendered_map(name, title, leg):
    """Through folium and Jinja: same elements, and no backtick/${/</U+2028 more than a plain map."""
    baseline = Page(_one_point_map("x", "y", "z"))
    page = Page(_one_point_map(name, title, leg))
    assert page.shape == baseline.shape
    assert js_counts(page) == js_counts(baseline)
    assert_no_handlers_or_bad_urls(page, "map")


# --- hypothesis: loaders get arbitrary bytes -------------------------------------------------------------


def _load_outcome(root: Path):
    """load_story(root): the story, or the MapAppError it raised; any other exception propagates."""
    try:
        return load_story(root)
    except MapAppError as exc:
        return exc


@contextlib.contextmanager
def _story_with(**files) -> Iterator[Path]:
    """A throwaway story folder for one hypothesis example, removed afterwards (examples run by the hundred)."""
    base = Path(tempfile.mkdtemp(prefix="hostile_fuzz_"))
    try:
        yield write_story(base / "story", **files)
    finally:
        shutil.rmtree(base, ignore_errors=True)


def _fuzz_outcome(**files):
    with _story_with(**files) as root:
        return _load_outcome(root)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.floats(allow_nan=True) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=20)
geojson_like = st.fixed_dictionaries({"type": st.sampled_from(["FeatureCollection", "Feature", "x"]),
                                      "features": st.lists(st.fixed_dictionaries(
                                          {"type": st.sampled_from(["Feature", "Point"]),
                                           "properties": json_values | st.fixed_dictionaries(
                                               {"id": json_values, "name": json_values,
                                                "date_start": st.sampled_from(["2023-09-10", "x", ""]),
                                                "aliases": json_values, "sources": json_values,
                                                "part_of": json_values}),
                                           "geometry": json_values | st.fixed_dictionaries(
                                               {"type": st.sampled_from(["Point", "LineString",
                                                                         "MultiLineString"]),
                                                "coordinates": json_values})}), max_size=3)},
                                     optional={"crs": json_values})


@FAST
@given(st.binary(max_size=2000))
def test_read_article_raises_only_article_errors_on_arbitrary_bytes(data):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "upload.txt"
        path.write_bytes(data)
        try:
            article = read_article(path)
        except ArticleError as exc:
            assert "upload.txt" in str(exc)
        else:
            assert article.text.strip()


@FAST
@given(st.binary(max_size=1000) | st.text(max_size=500).map(str.encode))
def test_load_story_on_arbitrary_places_bytes(data):
    _fuzz_outcome(places_text=data)


@FAST
@given(geojson_like.map(json.dumps))
def test_load_story_on_arbitrary_geojson_structures(text):
    _fuzz_outcome(places_text=text)
    _fuzz_outcome(routes_text=text)


@FAST
@given(st.binary(max_size=1000) | st.lists(st.lists(st.text(max_size=15), max_size=10), max_size=5).map(
    lambda rows: events_csv([dict(zip(default_events()[0], r)) for r in rows]).encode()))
def test_load_story_on_arbitrary_events_bytes(data):
    _fuzz_outcome(events_text=data)


@FAST
@given(st.binary(max_size=500))
def test_load_story_on_arbitrary_article_and_story_json_bytes(data):
    with _story_with(articles={"001_x.txt": data.decode("latin-1")}) as root:
        (root / "seeds" / "002_y.txt").write_bytes(data)
        (root / "geodata" / "story.json").write_bytes(data)
        _load_outcome(root)


# --- holes found: inputs that escape the MapAppError hierarchy ----------------------------------------


def _places_with_longitude(literal: str) -> str:
    return json.dumps(collection(default_places())).replace("125.75", literal, 1)


def test_huge_integer_coordinate_is_a_data_error(tmp_path):
    err = _load_outcome(write_story(tmp_path, places_text=_places_with_longitude("1" + "0" * 400)))
    assert isinstance(err, MapAppError)


def test_overlong_integer_literal_is_a_data_error(tmp_path):
    err = _load_outcome(write_story(tmp_path, places_text=_places_with_longitude("1" + "0" * 5000)))
    assert isinstance(err, MapAppError)


def test_deeply_nested_json_is_a_data_error(tmp_path):
    err = _load_outcome(write_story(tmp_path, places_text="[" * 100_000))
    assert isinstance(err, MapAppError)


def test_oversized_csv_cell_is_a_data_error(tmp_path):
    import csv

    rows = default_events()
    rows[0]["description"] = "x" * 200_000
    try:
        err = _load_outcome(write_story(tmp_path, events_text=events_csv(rows)))
    except csv.Error as exc:
        pytest.fail(f"csv.Error escaped: {exc}")
    assert isinstance(err, MapAppError)

