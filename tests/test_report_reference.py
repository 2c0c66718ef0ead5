"""The report's data made faster (issue 14, item 6) is exactly what the straightforward report_data made: the
same rows, indices, escaped texts and cuts, on the real stories, a synthetic one, and stories with hostile
names, titles, URLs, emoji and articles. The straightforward version is kept here as the reference."""
from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest

from mapapp import render
from mapapp.export import report
from mapapp import journey
from mapapp.export.report import data_span, journey_steps, ordered_events, source_groups
from mapapp.leginfo import leg_info
from mapapp.filters import FilterOptions, apply
from mapapp.link import link_story
from mapapp.load import load_story
from payloads import PAYLOADS
from story_factory import article, default_articles, default_events, default_places, event, place, write_story

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
from make_story import write_story as write_synthetic  # noqa: E402


# --- the reference: report_data before the speed work --------------------------------------------------------

def reference_report_data(story, view) -> dict:
    esc = render.escape
    urls: dict[str, int] = {}
    url_rows: list = []

    def url_ids(values) -> list[int]:
        out = []
        for u in values:
            i = urls.get(u)
            if i is None:
                i = urls[u] = len(url_rows)
                url_rows.append(render.report_url(u, esc))
            out.append(i)
        return out

    articles: dict[tuple, int] = {}
    article_rows: list[list] = []
    sentences: dict[tuple[int, str], int] = {}
    sentence_rows: list[list] = []

    def snippet_row(s) -> list:
        key = (s.article_id, s.article_title, s.article_date, s.article_url)
        a = articles.get(key)
        if a is None:
            a = articles[key] = len(article_rows)
            article_rows.append([esc(s.article_title), url_ids([s.article_url])[0] if s.article_url else -1,
                                 esc(s.article_date.isoformat() if s.article_date else "undated")])
        text, cuts = render.marked(s.text, s.spans, esc)
        k = sentences.get((a, text))
        if k is None:
            k = sentences[(a, text)] = len(sentence_rows)
            sentence_rows.append([a, text])
        return [k, *render.utf16_offsets(text, cuts)]

    names = story.place_names
    place_index = view.place_index
    places = []
    for p in view.places:
        snippets = view.snippets.get(p.id, ())
        own = [snippet_row(s) for s in snippets if s.place_id == p.id]
        wider: dict[str, list] = {}
        for s in snippets:
            if s.place_id != p.id:
                wider.setdefault(s.place_id, []).append(snippet_row(s))
        places.append([p.id, p.lat, p.lon, esc(p.name), esc(p.description),
                       url_ids(p.sources), own, [[esc(names.get(a, a)), rows] for a, rows in wider.items()]])
    categories = list(dict.fromkeys(e.category for e in view.events))
    category_index = {c: i for i, c in enumerate(categories)}
    labels = story.label_map
    event_index = {e.id: i for i, e in enumerate(view.events)}
    t0 = min((e.date_start for e in view.events), default=data_span(story, view)[0])
    events = [[e.id, place_index[e.place_id], category_index[e.category], (e.date_start - t0).days,
               (e.last_day - e.date_start).days, esc(e.title), esc(e.participants),
               esc(e.description), url_ids(e.sources)] for e in view.events]
    groups = []
    for heading, items in source_groups(story, view, events=False):
        groups.append([esc(heading), None if items is None else
                       [[esc(label), url_ids(u)] for label, u in items if u]])
    return {"t0": t0.isoformat(), "categories": [[c, esc(labels.get(c, c)), story.layer(c).color] for c in categories],
            "routes": [layer.id for layer in story.route_layers], "legNoun": journey.leg_noun(story),
            "urls": url_rows,
            "articles": article_rows, "sentences": sentence_rows, "places": places, "events": events,
            "order": [event_index[e.id] for e in ordered_events(story, view)],
            "steps": [event_index[i] for i in journey_steps(story, view)],
            "sources": groups, "attribution": esc("Natural Earth"),
            "legs": [[r.id, render.leg_panel(leg_info(story, r, view.snippets, km=view.leg_km[r.id]), esc)]
                     for r in view.routes]}


# --- stories -------------------------------------------------------------------------------------------------

HOSTILE_BODY = " ".join(f"At Norvale {p} then Ferrin Crossing 🚂 said {p}." for p in PAYLOADS) + \
    "\nGreywater & Port Alder: `${x}` {{y}} \\ \u2028 done. 𝓣 Norvale 😀 Norvale."


def hostile_story(root: Path) -> Path:
    places = default_places() + [place(f"h{i}", f"Place {i} {p}", 131.0 + i / 10, 43.0, description=p,
                                       sources=[f"https://example.org/?q={i}&r=<{p}>", p])
                                 for i, p in enumerate(PAYLOADS)]
    events = default_events() + [event(f"eh{i}", f"h{i}", title=p, participants=p, description=p,
                                       sources=f"https://example.org/e/{i}?a=1&b=2 javascript:alert({i})")
                                 for i, p in enumerate(PAYLOADS)]
    articles = {**default_articles(),
                "003_hostile.txt": article("2023-09-13", HOSTILE_BODY, title="<b>Title</b> `${t}`",
                                           url="https://example.org/a?x=1&y='2'"),
                "004_nourl.txt": article(None, "Norvale and Norvale Central, then Ferrin. Alder Bay 😀.",
                                         title="No URL")}
    return write_story(root, places=places, events=events, articles=articles)


def _cases(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("reference")
    return {"built-in": ROOT, "putin-2024": ROOT / "examples" / "putin-2024",
            "synthetic": write_synthetic(tmp / "synthetic", 600, n_places=40),
            "hostile": hostile_story(tmp / "hostile")}


@pytest.fixture(scope="module")
def stories(tmp_path_factory):
    out = {}
    for name, root in _cases(tmp_path_factory).items():
        if root.is_dir():
            story = load_story(root)
            out[name] = (story, link_story(story))
    return out


FILTERS = [FilterOptions(), FilterOptions(start=date(2023, 9, 12), end=date(2023, 9, 16)),
           FilterOptions(layers=frozenset({"journey_stop"}))]


@pytest.mark.parametrize("name", ["built-in", "putin-2024", "synthetic", "hostile"])
def test_report_data_is_the_reference(stories, name):
    if name not in stories:
        pytest.skip(f"no {name} story here")
    story, snippets = stories[name]
    for options in FILTERS:
        expected = reference_report_data(story, apply(story, snippets, options))
        assert report.report_data(story, apply(story, snippets, options)) == expected
        if options == FilterOptions():
            assert expected["events"] and expected["sentences"], "something to compare"


def test_the_hostile_story_exercises_the_slow_paths(stories):
    """The comparison above covers texts with something to escape, astral characters and unsafe URLs."""
    story, snippets = stories["hostile"]
    data = report.report_data(story, apply(story, snippets, FilterOptions()))
    assert any(isinstance(u, list) for u in data["urls"]), "a URL that is not a link to itself"
    assert any("&amp;" in u for u in data["urls"] if isinstance(u, str)), "an escaped URL"
    assert any("😀" in text for _, text in data["sentences"]), "an astral character in a sentence"
    assert any("&lt;" in text for _, text in data["sentences"]), "a sentence with something to escape"
