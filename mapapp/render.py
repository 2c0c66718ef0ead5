"""The one place where text becomes HTML.

Everything from outside (article text, titles, names, descriptions, URLs, file names) reaches the page
through :func:`escape`. Besides ``< > & " '`` it neutralises what folium and Leaflet would otherwise
interpret: backticks and ``${`` (JavaScript template literals), backslashes, ``{{``/``}}`` (Jinja) and the
line separators U+2028/U+2029 (which end a JavaScript string).
"""
from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from urllib.parse import urlsplit

from .model import Event, Place, RouteLeg, Snippet

_EXTRA = str.maketrans({"`": "&#96;", "$": "&#36;", "\\": "&#92;", "{": "&#123;", "}": "&#125;",
                        "\u2028": "&#8232;", "\u2029": "&#8233;"})



#: Every character escape() changes (html.escape's and _EXTRA's): a text without any is returned as it is.
_SPECIAL = re.compile("[" + re.escape("&<>\"'" + "".join(map(chr, _EXTRA))) + "]")


def escape(value) -> str:
    """Text → HTML text that is also inert inside JS template literals and Jinja."""
    text = "" if value is None else str(value)
    if _SPECIAL.search(text) is None:  # most names, titles and URLs: one scan instead of six passes
        return text
    return _escape_all(text)


def _escape_all(text: str) -> str:
    return html.escape(text, quote=True).translate(_EXTRA)


class Escaper(dict):
    """:func:`escape` with a memo, for one prepared view (mapapp/view.py): a text shown by several outputs (a
    place's name in its popup, tooltip, label, report row and KML balloon) is escaped once. Pass it as the
    ``esc`` of the functions below, with a text (str), None or a number. A dictionary of the texts escaped so
    far: calling it with one of them is a lookup in C (no Python call), the others go through ``__missing__``."""

    __slots__ = ()
    __call__ = dict.__getitem__

    def __missing__(self, value) -> str:
        if type(value) is not str:  # None, a number, …: escaped as escape() does, not kept
            return escape(value)
        out = self[value] = value if _SPECIAL.search(value) is None else _escape_all(value)  # escape(), inline
        return out


#: U+2060 WORD JOINER, invisible. Streamlit's Markdown turns ``http://…``, ``https://…``, ``www.…`` and e-mail
#: addresses into links (GFM), and ``:shortcodes:`` into emoji or its logo, in the text *after* backslash
#: escapes are resolved, so escapes cannot stop them; a word joiner inside ``://``, after ``www``, before ``@``
#: and after the first colon of ``:word:`` does.
WORD_JOINER = "\u2060"
_MD_PUNCT = re.compile(r"([!-/:-@\[-`{-~])")
_MD_AUTOLINK = re.compile(r"(?i)(?<=https:)(?=//)|(?<=http:)(?=//)|(?<=www)(?=\.)|(?=@)|(?<=:)(?=[\w+-]+:)")
_MD_BREAKS = re.compile(r"\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")
_MD_EDGE_SPACE = re.compile(r"^[^\S\x1f]+|[^\S\x1f]+$")  # not U+001F: no character reference for it


def markdown_text(text, lines: bool = False) -> str:
    """Text for Streamlit, which reads titles, labels, captions, radio options and st.error/warning/info/success
    as Markdown: shown literally, never a link, image, HTML, heading, list, emphasis, ``$`` formula, ``:emoji:``
    or ``:color[…]`` directive. Every ASCII punctuation mark is backslash-escaped (CommonMark), literal autolinks
    are split by :data:`WORD_JOINER`, whitespace at either end of a line is kept as character references (it
    cannot indent a code block) and NUL becomes U+FFFD as Markdown would. Line breaks become spaces (one line,
    for labels); with ``lines``, each line stays a line and empty lines are left out (for messages listing
    problems)."""
    parts = _MD_BREAKS.split("" if text is None else str(text).replace("\0", "\ufffd"))
    if lines:
        return "  \n".join(_markdown_line(part) for part in parts if part)
    return _markdown_line(" ".join(parts))


def _markdown_line(line: str) -> str:
    line = _MD_PUNCT.sub(r"\\\1", _MD_AUTOLINK.sub(WORD_JOINER, line))
    return _MD_EDGE_SPACE.sub(lambda m: "".join(f"&#{ord(c)};" for c in m.group()), line)


def safe_url(url: str) -> str | None:
    """The URL if its scheme is http or https, else None (javascript:, data: … are never links)."""
    if _plain_http(url):
        return url
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in ("http", "https") else None


def _plain_http(url: str) -> bool:
    """An http(s) URL of printable ASCII without spaces or brackets, which urlsplit would take as it is (scheme
    http or https, no error): most URLs of a large report, so safe_url need not parse them."""
    return (url.startswith(("https://", "http://")) and url.isascii() and url.isprintable()
            and " " not in url and "[" not in url and "]" not in url)


def link(url: str, label: str | None = None, esc=escape) -> str:
    """An <a> for http(s) URLs opening in a new tab; any other URL is shown as plain text."""
    good = url if _plain_http(url) else safe_url(url)
    text = esc(label or url)
    if good is None:
        return f'<span class="mapapp-url">{text}</span>'
    return f'<a href="{esc(good)}" target="_blank" rel="noopener noreferrer">{text}</a>'


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _day(d: date, year: bool = True) -> str:
    """"13 Sep 2023" (or "13 Sep"): English month names whatever the locale, and made without strftime, which
    takes most of the time of a map's tooltips and popups at 10,000 events."""
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}" if year else f"{d.day} {_MONTHS[d.month - 1]}"


def date_range(start: date, end: date | None) -> str:
    if end is None or end == start:
        return _day(start)
    if start.year == end.year and start.month == end.month:
        return f"{start.day}–{_day(end)}"
    if start.year == end.year:
        return f"{_day(start, False)} – {_day(end)}"
    return f"{_day(start)} – {_day(end)}"


def filter_range(start: date | None, end: date | None) -> str:
    """A date filter in words, open ends included: "all dates", "10–19 Sep 2023", "from 10 Sep 2023"."""
    if start is None and end is None:
        return "all dates"
    if end is None:
        return f"from {date_range(start, None)}"
    if start is None:
        return f"until {date_range(end, None)}"
    return date_range(start, end)


def highlight(text: str, spans: Sequence[tuple[int, int]], esc=escape) -> str:
    """Escape ``text``, wrapping each (start, end) span in <mark> (spans overlapping an earlier one are skipped)."""
    return with_marks(*marked(text, spans, esc))


def marked(text: str, spans: Sequence[tuple[int, int]], esc=escape) -> tuple[str, tuple[int, ...]]:
    """``text`` escaped, and where :func:`highlight` puts its marks in that escaped text: (start, end, start,
    end, …) offsets. The HTML report's script cuts the escaped text there (see :func:`with_marks`)."""
    if (esc is escape or type(esc) is Escaper) and type(text) is str and esc(text) == text:
        # Nothing to escape (most sentences): the text is its own escape, the spans are the cuts.
        if len(spans) == 1:  # one mention: most snippets
            start, end = spans[0]
            if 0 <= start <= end <= len(text):
                return text, (start, end)
        cuts = _plain_cuts(text, spans)
        if cuts is not None:
            return text, cuts
    pieces, cuts, pos, at = [], [], 0, 0
    for start, end in sorted(spans):
        if start < pos:
            continue
        before, inside = esc(text[pos:start]), esc(text[start:end])
        pieces += [before, inside]
        at += len(before)
        cuts.append(at)
        at += len(inside)
        cuts.append(at)
        pos = end
    pieces.append(esc(text[pos:]))
    return "".join(pieces), tuple(cuts)


def _plain_cuts(text: str, spans: Sequence[tuple[int, int]]) -> tuple[int, ...] | None:
    """:func:`marked`'s cuts in a text that escaping leaves as it is: the spans' own offsets, those overlapping
    an earlier one skipped; None for a span that is reversed or runs past the text's end (left to marked)."""
    cuts, pos, n = [], 0, len(text)
    for start, end in sorted(spans):
        if start < pos:
            continue
        if not start <= end <= n:
            return None
        cuts += (start, end)
        pos = end
    return tuple(cuts)


_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def utf16_offsets(text: str, offsets: Sequence[int]) -> tuple[int, ...]:
    """Offsets into ``text`` (Python counts code points) as JavaScript string indices (UTF-16 code units: an
    emoji or other character beyond U+FFFF counts twice), for a script that cuts ``text`` there."""
    if text.isascii() or not _ASTRAL.search(text):
        return tuple(offsets)
    return tuple(len(text[:offset].encode("utf-16-le")) // 2 for offset in offsets)


def with_marks(escaped: str, cuts: Sequence[int]) -> str:
    """Escaped text with <mark> around each (start, end) pair of ``cuts`` (offsets from :func:`marked`)."""
    if len(cuts) == 2:  # one mention: most snippets
        start, end = cuts
        return f"{escaped[:start]}<mark>{escaped[start:end]}</mark>{escaped[end:]}"
    out, pos = [], 0
    for start, end in zip(cuts[::2], cuts[1::2]):
        out += [escaped[pos:start], "<mark>", escaped[start:end], "</mark>"]
        pos = end
    out.append(escaped[pos:])
    return "".join(out)


def article_marked(text: str, marks: Sequence[tuple[int, int, str, bool]]) -> str:
    """An article as escaped HTML paragraphs with its place mentions marked and numbered.

    ``marks`` are (start, end, note, accepted): the note (e.g. the resolved place) becomes the mark's
    tooltip; a mention not accepted is shown struck through. Overlapping marks after the first are skipped.
    """
    out, pos = [], 0
    for number, (start, end, note, accepted) in sorted(enumerate(marks, 1), key=lambda item: item[1][:2]):
        if start < pos or not 0 <= start < end <= len(text):
            continue
        cls = "mapapp-mention" if accepted else "mapapp-mention mapapp-rejected"
        out.append(escape(text[pos:start]))
        out.append(f'<mark class="{cls}" title="{escape(note)}">{escape(text[start:end])}'
                   f'<sup>{number}</sup></mark>')
        pos = end
    out.append(escape(text[pos:]))
    body = "".join(out).replace("\r\n", "\n")
    paragraphs = (p.strip("\n").replace("\n", "<br>") for p in body.split("\n\n"))
    return '<div class="mapapp-article">' + "".join(f"<p>{p}</p>" for p in paragraphs if p.strip()) + "</div>"


def mention_cell(number: int, sentence: str, span: tuple[int, int], note: str = "", doubtful: bool = False) -> str:
    """One row of the mention review: its number and the sentence it stands in, the mention marked, and
    below it how sure the geoparser is and why (``note``), flagged when ``doubtful``."""
    flag = '<b class="mapapp-doubtful">check: </b>' if doubtful else ""
    why = f'<div class="mapapp-mention-note">{flag}{escape(note)}</div>' if note or doubtful else ""
    return (f'<div class="mapapp-mention-row"><b>{number}</b> '
            f'<span class="mapapp-sentence">{highlight(sentence, [span])}</span>{why}</div>')


def tooltip(event: Event, place: Place, esc=escape) -> str:
    return tooltip_head(place, esc) + tooltip_dates(event, esc)


def leg_tooltip(leg: RouteLeg, approximate: bool = False, esc=escape) -> str:
    """A leg's tooltip: name and dates; over its approximate parts, a note saying so."""
    out = f"<b>{esc(leg.name)}</b><br>{esc(date_range(leg.date_start, leg.date_end))}"
    if approximate:
        out += "<br><i>Approximate course here: the track is not known in detail.</i>"
    return out


def tooltip_head(place: Place, esc=escape) -> str:
    """The first part of a point's tooltip, the same for every event at the place (a map shares it)."""
    return f"<b>{esc(place.name)}</b><br>"


def tooltip_dates(event: Event, esc=escape) -> str:
    """The rest of a point's tooltip: the event's dates."""
    return esc(date_range(event.date_start, event.date_end))


def snippet(s: Snippet, esc=escape) -> str:
    when = s.article_date.isoformat() if s.article_date else "undated"
    source = link(s.article_url, s.article_title, esc) if s.article_url else esc(s.article_title)
    return (f'<blockquote class="mapapp-snippet">{highlight(s.text, s.spans, esc)}'
            f'<footer>{source} · {esc(when)}</footer></blockquote>')


def sources(urls: Iterable[str], esc=escape) -> str:
    items = "".join(f"<li>{link(u, esc=esc)}</li>" for u in urls)
    return f'<ul class="mapapp-sources">{items}</ul>' if items else ""


def event_detail(event: Event, place: Place, labels: Mapping[str, str] | None = None,
                 show_place: bool = True, esc=escape) -> str:
    """Title, dates, category, participants, description and sources of one event."""
    meta = [date_range(event.date_start, event.date_end), (labels or {}).get(event.category, event.category)]
    if show_place:
        meta.append(place.name)
    rows = [f'<h4 class="mapapp-title">{esc(event.title)}</h4>',
            f'<p class="mapapp-meta">{" · ".join(esc(m) for m in meta)}</p>']
    if event.participants:
        rows.append(f"<p><b>Participants:</b> {esc(event.participants)}</p>")
    if event.description:
        rows.append(f"<p>{esc(event.description)}</p>")
    if event.sources:
        rows.append(f"<details><summary>Sources ({len(event.sources)})</summary>{sources(event.sources, esc)}"
                    "</details>")
    return "".join(rows)


def place_panel(place: Place, events: Sequence[Event], snippets: Sequence[Snippet],
                labels: Mapping[str, str] | None = None, place_names: Mapping[str, str] | None = None,
                esc=escape, sentences: str | None = None) -> str:
    """The detail panel for a clicked point: its events, then :func:`place_sentences` (``sentences``: that
    markup when the caller made it already, e.g. once for all the events of a place)."""
    parts = [f'<div class="mapapp-panel"><h3>{esc(place.name)}</h3>']
    parts += [f'<section class="mapapp-event">{event_detail(e, place, labels, show_place=False, esc=esc)}</section>'
              for e in events]
    parts += [place_sentences(place, snippets, place_names, esc) if sentences is None else sentences, "</div>"]
    return "".join(parts)


def place_sentences(place: Place, snippets: Sequence[Snippet], place_names: Mapping[str, str] | None = None,
                    esc=escape) -> str:
    """The part of a place's panel after its events, the same for each of them: the sentences naming it, then
    those naming the larger places it is part of (headed by their names); a place no article names shows its
    own description and sources."""
    parts = []
    own = [s for s in snippets if s.place_id == place.id]
    wider = [s for s in snippets if s.place_id != place.id]
    if own:
        parts.append(f"<h4>In the articles ({len(own)})</h4>")
        parts += [snippet(s, esc) for s in own]
    else:
        parts.append('<p class="mapapp-none">No article names this place.</p>')
        if place.description:
            parts.append(f"<p>{esc(place.description)}</p>")
        parts.append(sources(place.sources, esc))
    names = place_names or {}
    for area in dict.fromkeys(s.place_id for s in wider):
        group = [s for s in wider if s.place_id == area]
        parts.append(f'<h4 class="mapapp-wider">About the wider area, {esc(names.get(area, area))} '
                     f'({len(group)})</h4>')
        parts += [snippet(s, esc) for s in group]
    return "".join(parts)


def leg_panel(info, esc=escape, snippet_html=None) -> str:
    """The detail panel for a clicked route leg (``info``: mapapp.leginfo.LegInfo): name, ends, dates, mode,
    distance and km/day, published distances, approximate stretches, description, sources, then the article
    sentences naming its end places. ``snippet_html``: :func:`snippet` with ``esc`` when given (the report
    makes each snippet once for all the legs it shows it in)."""
    leg = info.leg
    rows = [("Dates", f"{date_range(leg.date_start, leg.date_end)} ({info.days} day{'s' if info.days != 1 else ''})"),
            ("Mode", f"{info.by} · {info.layer}"),
            ("Distance", f"{info.km:,.0f} km along the drawn track"),
            ("Average", f"{info.km_per_day:,.0f} km/day (calendar days, both ends counted; not a speed)")]
    cells = [f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in rows]
    cells += [f"<dt>Published</dt><dd>{esc(p.what)}; ours is {esc(f'{info.km / p.km:.0%}')} of "
              f"{esc(f'{p.km:,.0f}')} km{' (' + link(p.source, 'source', esc) + ')' if p.source else ''}</dd>"
              for p in info.published]
    parts = [f'<div class="mapapp-panel mapapp-leg-panel"><h3>{esc(leg.name)}</h3>',
             f'<p class="mapapp-meta">{esc(info.from_name)} → {esc(info.to_name)}</p>',
             f'<dl class="mapapp-figures">{"".join(cells)}</dl>']
    if info.stretches:
        parts.append(f'<h4>Approximate stretches ({info.stretches})</h4><p class="mapapp-approx">'
                     f'{esc(f"About {info.approximate_km:,.0f} km of the {info.km:,.0f} km")} follow a course '
                     "that is not known in detail (white dots on the map).</p>")
    if leg.description:
        parts.append(f"<p>{esc(leg.description)}</p>")
    if leg.sources:
        parts.append(f"<details><summary>Sources ({len(leg.sources)})</summary>{sources(leg.sources, esc)}</details>")
    if not info.snippets:
        parts.append('<p class="mapapp-none">No article names the places at its ends.</p>')
    for heading, group, wider in info.snippets:
        parts.append(f'<h4 class="mapapp-wider">About the wider area, {esc(heading)} ({len(group)})</h4>' if wider
                     else f"<h4>In the articles: {esc(heading)} ({len(group)})</h4>")
        parts += [snippet(s, esc) for s in group] if snippet_html is None else map(snippet_html, group)
    parts.append("</div>")
    return "".join(parts)


def popup(place: Place, events: Sequence[Event], n_snippets: int, esc=escape) -> str:
    """Short popup inside the map; the full detail lives in the panel beside it."""
    items = "".join(f"<li>{esc(date_range(e.date_start, e.date_end))}: {esc(e.title)}</li>"
                    for e in events)
    note = f"{n_snippets} article snippet{'s' if n_snippets != 1 else ''}" if n_snippets else "no snippets"
    return f"<b>{esc(place.name)}</b><ul>{items}</ul><i>{note}</i>"


def more_events(n: int) -> str:
    """The line under a point's popup when its place has more events than the popup lists."""
    return f"<i> · and {n:,} more event{'s' if n != 1 else ''} here</i>"


# --- the HTML report (mapapp/export/report.py): fragments its script inserts with innerHTML ---------------------

def event_item(event: Event, place: Place, labels: Mapping[str, str] | None = None) -> str:
    """One entry of the report's list of events: dates, title, then place and layer."""
    return (f'<span class="report-ev-date">{escape(date_range(event.date_start, event.date_end))}</span> '
            f'<span class="report-ev-title">{escape(event.title)}</span> '
            f'<span class="report-ev-meta">{escape(place.name)} · '
            f'{escape((labels or {}).get(event.category, event.category))}</span>')


def source_groups(groups: Sequence[tuple[str, Sequence[tuple[str, Sequence[str]]]]]) -> str:
    """The report's sources section: per group (events, places, rail legs, articles) a heading, then each item's
    name and its URLs (links only for http/https, see :func:`link`). Items without URLs are left out."""
    out = []
    for heading, items in groups:
        rows = "".join(f'<li><span class="report-src-item">{escape(label)}</span>{sources(urls)}</li>'
                       for label, urls in items if urls)
        if rows:
            out.append(f'<h3>{escape(heading)}</h3><ul class="report-src-list">{rows}</ul>')
    return "".join(out)


#: An http(s) URL that :func:`_plain_http` accepts and :func:`escape` leaves as it is: printable ASCII without
#: spaces, brackets or any character escape() changes.
_PLAIN_URL = re.compile(r"https?://[!#%(-;=?-Z^_a-z|~]*")


def report_url(url: str, esc=escape) -> str | list:
    """A URL for the report's script, which makes the markup of :func:`link` from it: the escaped URL when
    it is an http(s) link to itself (the usual case), else [escaped text, escaped href or 0: no link]."""
    if (esc is escape or type(esc) is Escaper) and _PLAIN_URL.fullmatch(url):
        return url  # most URLs of a large report: nothing to escape, a link to itself
    text = esc(url)
    if _plain_http(url):  # safe_url(url) is the URL itself: a link to itself
        return text
    good = safe_url(url)
    href = esc(good) if good is not None else 0
    return text if href == text else [text, href]
