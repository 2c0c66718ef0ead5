"""CSV export of the visible events, for spreadsheets: one row per event with coordinates and counts."""
from __future__ import annotations

import csv
import io

from ..view import View
from ..model import Story

COLUMNS = ("id", "category", "title", "place_id", "place_name", "lat", "lon", "date_start", "date_end",
           "participants", "description", "sources", "snippet_count", "layer", "color", "symbol")
#: A spreadsheet reads a cell starting with one of these as a formula (or its start).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def csv_document(story: Story, view: View) -> str:
    """RFC 4180 CSV (header row, CRLF line ends, quoted where needed) of the visible events in date order.

    Columns: :data:`COLUMNS`. ``sources`` are space-separated URLs; ``date_end`` is empty for one-day
    events; ``snippet_count`` counts the article snippets of the event's place in the view; ``layer``,
    ``color`` and ``symbol`` are the label, colour and symbol of the event's layer (story.json).

    Formula injection: a text cell starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return gets a
    leading ``'``, so Excel, LibreOffice and Google Sheets show it as text instead of evaluating it
    (OWASP "CSV injection"). Numbers we write ourselves (``lat``, ``lon``, ``snippet_count``) are not
    prefixed, so a negative coordinate stays a number.
    """
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(COLUMNS)
    for e in view.events:
        place = story.place_by_id[e.place_id]
        layer = story.layer(e.category)
        row = (e.id, e.category, e.title, place.id, place.name, place.lat, place.lon,
               e.date_start.isoformat(), e.date_end.isoformat() if e.date_end else "",
               e.participants, e.description, " ".join(e.sources), len(view.snippets.get(e.place_id, ())),
               layer.label, layer.color, layer.symbol)
        writer.writerow([neutralise(v) if isinstance(v, str) else v for v in row])
    return buf.getvalue()


def neutralise(cell: str) -> str:
    """``cell`` with a leading ``'`` when a spreadsheet would take it for a formula."""
    return "'" + cell if cell.startswith(FORMULA_PREFIXES) else cell
