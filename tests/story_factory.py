"""Build story folders (geodata/ + seeds/) in a temporary directory, in code.

The default story is invented (no real place names) so tests never depend on the real geodata/:

    root = write_story(tmp_path)                      # the default story
    root = write_story(tmp_path, places=[...])        # replace one part
    root = write_story(tmp_path, places_text="{oops") # or write a file's raw text

Every builder returns plain dicts, so a test can break any field it wants.
"""
from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

EVENT_COLUMNS = ("id", "place_id", "category", "title", "date_start", "date_end", "participants",
                 "description", "sources")


def place(pid: str, name: str, lon: float, lat: float, aliases=(), **props) -> dict:
    """A places.geojson Point feature."""
    properties = {"id": pid, "name": name, "aliases": list(aliases), "kind": props.pop("kind", "station"),
                  "country": props.pop("country", "RU"),
                  "sources": props.pop("sources", [f"https://example.org/places/{pid}"]), **props}
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]}, "properties": properties}


def event(eid: str, place_id: str, category: str = "journey_stop", date_start: str = "2023-09-12",
          date_end: str = "", title: str | None = None, **cells) -> dict:
    """An events.csv row."""
    row = {"id": eid, "place_id": place_id, "category": category, "title": title or f"Event {eid}",
           "date_start": date_start, "date_end": date_end, "participants": cells.pop("participants", "A; B"),
           "description": cells.pop("description", f"What happened at {place_id}."),
           "sources": cells.pop("sources", f"https://example.org/events/{eid}")}
    row.update(cells)
    return row


def route(rid: str, coords, date_start: str = "2023-09-10", date_end: str = "", from_place: str = "",
          to_place: str = "", name: str | None = None, multi: bool = False, **props) -> dict:
    """A routes.geojson LineString (or MultiLineString when ``multi``) feature."""
    geometry = {"type": "MultiLineString" if multi else "LineString", "coordinates": coords}
    properties = {"id": rid, "name": name or f"Leg {rid}", "category": "rail_leg", "date_start": date_start,
                  "date_end": date_end, "from_place": from_place, "to_place": to_place,
                  "sources": [f"https://example.org/routes/{rid}"], **props}
    return {"type": "Feature", "geometry": geometry, "properties": properties}


def collection(features, **extra) -> dict:
    return {"type": "FeatureCollection", "features": list(features), **extra}


def events_csv(rows, columns=EVENT_COLUMNS, delimiter=",") -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(columns), delimiter=delimiter, lineterminator="\n",
                            extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    return buf.getvalue()


def article(date: str | None, body: str, title: str | None = None, url: str | None = None) -> str:
    """Text in the seeds format: ``date`` line, optional ``title``/``url`` lines, a blank line, the body."""
    head = []
    if date:
        head.append(f"date {date}")
    if title:
        head.append(f"title {title}")
    if url:
        head.append(f"url {url}")
    return ("\n".join(head) + "\n\n" if head else "") + body + "\n"


# --- the default invented story ----------------------------------------------------------------------

def default_places() -> list[dict]:
    return [
        place("norvale", "Norvale", 125.75, 39.03, aliases=["Norvale Central"], country="KP"),
        place("ferrin", "Ferrin Crossing", 130.60, 42.42, aliases=["Ferrin"]),
        place("greywater", "Greywater Spaceport", 128.33, 51.88, aliases=["Greywater", "the Greywater launch site"],
              kind="spaceport"),
        place("alder", "Port Alder", 131.90, 43.12, aliases=["Alder Bay"], kind="port"),
        place("lakeshore", "Lakeshore Palace", 103.85, 1.29, country="SG", kind="venue",
              description="A palace with no article naming it."),
        place("kestrel", "Kestrel Hall", 125.76, 39.02, country="KP", kind="venue"),
    ]


def default_events() -> list[dict]:
    return [
        event("e_depart", "norvale", "journey_stop", "2023-09-10", "2023-09-11", title="Departure from Norvale"),
        event("e_border", "ferrin", "journey_stop", "2023-09-12", title="Train crosses at Ferrin"),
        event("e_summit", "greywater", "summit", "2023-09-13", title="Summit at Greywater",
              participants="Leader A; Leader B"),
        event("e_port", "alder", "journey_stop", "2023-09-16", "2023-09-17", title="Visit to Port Alder"),
        event("e_2018", "lakeshore", "earlier_summit", "2018-06-12", title="Lakeshore meeting"),
        event("e_2019", "alder", "earlier_summit", "2019-04-25", title="First Port Alder summit"),
        event("e_2024", "kestrel", "later_summit", "2024-06-19", title="Kestrel Hall return visit"),
    ]


def default_routes() -> list[dict]:
    return [
        route("leg_out", [[125.75, 39.03], [128.0, 41.0], [130.60, 42.42]], "2023-09-10", "2023-09-12",
              "norvale", "ferrin", name="Norvale to Ferrin"),
        route("leg_north", [[130.60, 42.42], [131.5, 46.0], [128.33, 51.88]], "2023-09-12", "2023-09-13",
              "ferrin", "greywater", name="Ferrin to Greywater"),
        route("leg_home", [[[128.33, 51.88], [131.90, 43.12]], [[131.90, 43.12], [125.75, 39.03]]],
              "2023-09-17", "2023-09-19", "greywater", "norvale", name="Greywater to Norvale", multi=True),
    ]


ARTICLE_BODY = (
    "The armoured train left Norvale on Sunday afternoon. "
    "Mr. Orlen Vask of the U.S. delegation said it would reach Ferrin Crossing by dawn.\n"
    "Officials greeted the delegation at Ferrin’s small station. "
    "The leaders then met at the Greywater Spaceport, far to the north.\n"
    "Analysts in Alder Bay were cautious. Nothing was said about Lakeshore."
)


def default_articles() -> dict[str, str]:
    return {
        "001_train.txt": article("2023-09-12", ARTICLE_BODY, title="Train heads north",
                                 url="https://example.org/news/train"),
        "002_later.txt": article("2023-09-14", "Greywater was quiet a day later. PORT ALDER prepared a parade.",
                                 title="After the summit"),
    }


def write_story(root: Path, *, places=None, events=None, routes=None, articles=None,
                places_text: str | bytes | None = None, events_text: str | bytes | None = None,
                routes_text: str | bytes | None = None, story_json: dict | None = None,
                with_routes: bool = True) -> Path:
    """Write a story folder under ``root`` and return it. ``*_text`` wins over the structured argument."""
    root = Path(root)
    (root / "geodata").mkdir(parents=True, exist_ok=True)
    (root / "seeds").mkdir(parents=True, exist_ok=True)

    def put(name: str, content) -> None:
        target = root / name
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8", newline="")

    put("geodata/places.geojson", places_text if places_text is not None else json.dumps(
        collection(default_places() if places is None else places), ensure_ascii=False, indent=1))
    put("geodata/events.csv", events_text if events_text is not None else events_csv(
        default_events() if events is None else events))
    if routes_text is not None:
        put("geodata/routes.geojson", routes_text)
    elif with_routes:
        put("geodata/routes.geojson", json.dumps(collection(default_routes() if routes is None else routes),
                                                 ensure_ascii=False, indent=1))
    if story_json is not None:
        put("geodata/story.json", json.dumps(story_json))
    for name, text in (default_articles() if articles is None else articles).items():
        put(f"seeds/{name}", text)
    return root


# --- assertions on load problems ------------------------------------------------------------------

def problems_of(root) -> list:
    """The problems load_story reports for ``root`` (it must raise StoryInvalid)."""
    from mapapp.errors import StoryInvalid
    from mapapp.load import load_story

    try:
        load_story(root)
    except StoryInvalid as exc:
        assert exc.problems, "StoryInvalid must carry its problems"
        return exc.problems
    raise AssertionError(f"load_story({root}) did not raise StoryInvalid")


def assert_problem(problems, file: str, feature: str | None, detail: str):
    """Exactly one problem names ``file`` (path ends with it), ``feature`` (substring) and ``detail`` (regex)."""
    hits = [p for p in problems
            if p.path.replace("\\", "/").endswith(file)
            and (feature is None and p.feature is None or feature is not None and feature in (p.feature or ""))
            and re.search(detail, p.detail)]
    assert len(hits) == 1, f"expected one problem {file} / {feature} / {detail!r}; got:\n" + "\n".join(
        map(str, problems))
    # The message a user sees names all three.
    message = str(hits[0])
    assert file.split("/")[-1] in message and (feature or "") in message and hits[0].detail in message
    return hits[0]


# --- a story with its own layers (issue 12): strikes and marches, a road march and a flight ---------------

LAYERED_STORY_JSON = {
    "title": "Strikes and marches, April 2026",
    "layers": [
        {"id": "march", "label": "March", "type": "routes", "mode": "road", "color": "#332288"},
        {"id": "flight", "label": "Flight", "type": "routes", "mode": "air", "color": "#555555"},
        {"id": "protest", "label": "Protest", "type": "points", "color": "#d62728", "symbol": "square"},
        {"id": "arrests", "label": "Arrests", "type": "points", "color": "#0072B2", "symbol": "triangle"},
    ],
    "periods": [{"label": "April", "start": "2026-04-01", "end": "2026-04-30"},
                {"label": "First week", "start": "2026-04-01", "end": "2026-04-07"}],
}


def layered_places() -> list[dict]:
    return [place("paris_bastille", "Place de la Bastille", 2.3691, 48.8532, kind="venue", country="FR"),
            place("paris_nation", "Place de la Nation", 2.3959, 48.8483, kind="venue", country="FR"),
            place("cdg", "Paris-Charles de Gaulle Airport", 2.5479, 49.0097, kind="airfield", country="FR"),
            place("fdf", "Martinique Aimé Césaire Airport", -61.0032, 14.5910, kind="airfield", country="MQ"),
            place("fdf_prefecture", "Prefecture of Martinique", -61.0703, 14.6037, kind="venue", country="MQ")]


def layered_events() -> list[dict]:
    return [event("e_rally", "paris_bastille", "protest", "2026-04-02", title="Rally at Bastille"),
            event("e_arrests", "paris_nation", "arrests", "2026-04-02", title="Arrests at Nation"),
            event("e_fdf", "fdf_prefecture", "protest", "2026-04-05", "2026-04-06", title="Strike in Fort-de-France")]


def layered_routes() -> list[dict]:
    march = route("r_march", [[2.3691, 48.8532], [2.3800, 48.8510], [2.3959, 48.8483]], "2026-04-02",
                  from_place="paris_bastille", to_place="paris_nation", name="March to Nation", category="march")
    flight = route("r_flight", None, "2026-04-04", from_place="cdg", to_place="fdf", name="Paris → Fort-de-France",
                   category="flight")
    flight["geometry"] = None
    return [march, flight]


def write_layered_story(root: Path, **overrides) -> Path:
    """The layered story: its own point layers (Protest, Arrests), a road march and a flight with no geometry."""
    args = dict(places=layered_places(), events=layered_events(), routes=layered_routes(),
                story_json=LAYERED_STORY_JSON, articles={
                    "2026-04-03_rally.txt": article("2026-04-03", "Thousands gathered at Place de la Bastille. "
                                                    "Police made arrests at Place de la Nation.")})
    args.update(overrides)
    return write_story(root, **args)
