"""KML export of the visible part of a story, for Google Earth: folders by category, time spans, styles.

Built with simplekml (no string templates). Escaping is ours, not simplekml's: its own text escaping
copies any ``<![CDATA[ ... ]]>`` in a value, and everything after it, into the file unescaped, so a title
could close ``<name>`` and inject elements, and it never escapes ``ExtendedData`` values. We therefore
switch it off (``parsetext(False)``) and XML-escape every value once in :func:`_xml`. Descriptions are
HTML made only by :mod:`mapapp.render` (so article text is already HTML-escaped), then XML-escaped as
a whole: Google Earth decodes the XML and shows the escaped article text as text, never as markup.
Balloons show ``$[description]`` only, so a title is never rendered as HTML either.
"""
from __future__ import annotations

import re
import threading
from xml.sax.saxutils import escape as _xml_escape

import simplekml

from .. import render
from ..view import View
from ..model import Event, Place, RouteLeg, Story

#: White-ish icons that take the layer's colour in Google Earth, one per point symbol.
ICON_HREF = "https://maps.google.com/mapfiles/kml/shapes/placemark_circle.png"
SYMBOL_HREF = {"circle": ICON_HREF, "square": "https://maps.google.com/mapfiles/kml/shapes/placemark_square.png",
               "triangle": "https://maps.google.com/mapfiles/kml/shapes/triangle.png",
               "diamond": "https://maps.google.com/mapfiles/kml/shapes/open-diamond.png",
               "star": "https://maps.google.com/mapfiles/kml/shapes/star.png"}
LINE_WIDTH = 4  # as on the map (mapbuild: weight 4)
# Characters XML 1.0 forbids (and lone surrogates, which cannot be encoded): replaced by U+FFFD.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# simplekml keeps compile state in class attributes; one document at a time per process.
_COMPILE_LOCK = threading.Lock()


def kml_document(story: Story, view: View) -> str:
    """KML 2.2 text: one placemark per visible event in a folder per category, route legs as lines."""
    kml = simplekml.Kml()
    kml.parsetext(False)  # we escape every value ourselves, see the module docstring
    kml.document.name = _xml(story.title)
    kml.document.open = 1
    _add_route_folder(kml, story, view)
    sentences: dict[str, str] = {}  # per place: the balloon's part after the event, the same for each of its events
    by_category: dict[str, list[Event]] = {}
    for event in view.events:
        by_category.setdefault(event.category, []).append(event)
    for layer in story.point_layers:
        if layer.id not in by_category:
            continue
        category = layer.id
        folder = kml.newfolder(name=_xml(layer.label))
        style = _point_style(layer.color, layer.symbol)  # shared by the folder
        for event in by_category[category]:
            place = story.place_by_id[event.place_id]
            _add_placemark(folder, event, place, view, story, style, layer.label, sentences)
    with _COMPILE_LOCK:
        # format=False: simplekml's pretty printer re-parses the text and would turn "&#13;" into a raw
        # carriage return, which XML readers then read as a line feed.
        body = kml.kml(format=False)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"


def _add_placemark(folder, event: Event, place: Place, view: View, story: Story, style, label: str,
                   sentences: dict[str, str]) -> None:
    point = folder.newpoint(name=_xml(event.title), coords=[(place.lon, place.lat)])
    point.description = _xml(_event_html(event, place, view, story, sentences))
    point.timespan.begin = event.date_start.isoformat()
    point.timespan.end = event.last_day.isoformat()
    point.style = style
    _extended_data(point, id=event.id, category=event.category, place_id=place.id, place_name=place.name,
                   layer=label)


def _event_html(event: Event, place: Place, view: View, story: Story, sentences: dict[str, str]) -> str:
    """The balloon: the same panel as the dashboard's, for this one event (all markup from render); the
    place's sentences are made once and shared by its events (``sentences``, per place id)."""
    snippets = view.snippets.get(place.id, ())
    if place.id not in sentences:
        sentences[place.id] = render.place_sentences(place, snippets, story.place_names, view.html)
    return render.place_panel(place, [event], snippets, story.label_map, story.place_names, view.html,
                              sentences[place.id])


def _add_route_folder(kml, story: Story, view: View) -> None:
    colors = view.leg_colors
    for layer in story.route_layers:
        legs = [leg for leg in view.routes if leg.category == layer.id]
        if not legs:
            continue
        folder = kml.newfolder(name=_xml(layer.label))
        for leg in legs:
            if len(leg.lines) == 1:
                feature = folder.newlinestring(coords=list(leg.lines[0]))
            else:
                feature = folder.newmultigeometry()
                for line in leg.lines:
                    feature.newlinestring(coords=list(line))
            feature.name = _xml(leg.name)
            feature.description = _xml(_leg_html(leg, story, view.html))
            feature.timespan.begin = leg.date_start.isoformat()
            feature.timespan.end = leg.last_day.isoformat()
            feature.style = _line_style(colors[leg.id])
            _extended_data(feature, id=leg.id, category=leg.category, mode=leg.mode, from_place=leg.from_place,
                           to_place=leg.to_place, layer=layer.label,
                           geometry="drawn" if leg.drawn else "great circle between the places")


def _leg_html(leg: RouteLeg, story: Story, esc) -> str:
    def place_name(pid: str) -> str:
        return story.place_by_id[pid].name if pid in story.place_by_id else pid

    rows = [f'<h4 class="mapapp-title">{esc(leg.name)}</h4>',
            f'<p class="mapapp-meta">{esc(render.date_range(leg.date_start, leg.date_end))} · '
            f'{esc(story.label(leg.category))}</p>']
    if leg.from_place or leg.to_place:
        rows.append(f"<p>{esc(place_name(leg.from_place))} → {esc(place_name(leg.to_place))}"
                    "</p>")
    if leg.description:
        rows.append(f"<p>{esc(leg.description)}</p>")
    rows.append(render.sources(leg.sources, esc))
    return f'<div class="mapapp-panel">{"".join(rows)}</div>'


def _point_style(hex_color: str, symbol: str = "circle") -> simplekml.Style:
    style = simplekml.Style()
    style.iconstyle.color = kml_color(hex_color)
    style.iconstyle.scale = 1.1
    style.iconstyle.icon.href = SYMBOL_HREF.get(symbol, ICON_HREF)
    style.balloonstyle.text = _xml("$[description]")
    return style


def _line_style(hex_color: str) -> simplekml.Style:
    style = simplekml.Style()
    style.linestyle.color = kml_color(hex_color)
    style.linestyle.width = LINE_WIDTH
    style.balloonstyle.text = _xml("$[description]")
    return style


def _extended_data(feature, **values: str) -> None:
    for name, value in values.items():
        feature.extendeddata.newdata(name=name, value=_xml(value))


def kml_color(hex_color: str, alpha: int = 255) -> str:
    """'#RRGGBB' → KML's 'aabbggrr'."""
    rgb = hex_color.lstrip("#")
    return f"{alpha:02x}{rgb[4:6]}{rgb[2:4]}{rgb[0:2]}".lower()


def _xml(value) -> str:
    """Text → XML character data: forbidden characters replaced, ``& < >`` escaped (once), and carriage
    returns kept as ``&#13;`` (XML readers would otherwise turn them into line feeds)."""
    return _xml_escape(_XML_INVALID.sub("\ufffd", "" if value is None else str(value)), {"\r": "&#13;"})
