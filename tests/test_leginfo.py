"""leginfo: what the panel tells about a route leg (figures, published distances, approximate stretches, the
sentences naming its ends), which leg a click meant, and render.leg_panel's markup (escaped)."""
from __future__ import annotations

from dataclasses import replace

import pytest

from mapapp import journey, render
from mapapp.geometry import length_km
from mapapp.published import Published
from mapapp.leginfo import clicked_leg, km_to_leg, leg_info

HOSTILE = "<img src=x onerror=alert(1)> `${x}` {{ 7*7 }}"


def leg(story, leg_id):
    return next(r for r in story.routes if r.id == leg_id)


def test_figures_are_the_journeys(story, snippets):
    info = leg_info(story, leg(story, "leg_out"), snippets)
    assert info.km == pytest.approx(journey.leg_km(info.leg))
    assert info.days == 3 and info.km_per_day == pytest.approx(info.km / 3)
    assert (info.from_name, info.to_name) == ("Norvale", "Ferrin Crossing")
    assert info.by == "by rail" and info.layer == story.label(info.leg.category)
    assert info.stretches == 0 and info.approximate_km == 0 and info.published == ()


@pytest.mark.parametrize("ends, found", [(("norvale", "ferrin"), True), (("ferrin", "norvale"), True),
                                         (("norvale", "greywater"), False)])
def test_published_distance_between_its_ends_either_way(story, snippets, ends, found):
    published = (Published(*ends, 500.0, "about 500 km", "https://example.org/p"),)
    info = leg_info(story, leg(story, "leg_out"), snippets, published)
    assert info.published == (published if found else ())


def test_approximate_stretches_are_measured(story, snippets):
    rough = ((125.75, 39.03), (128.0, 41.0))
    info = leg_info(story, replace(leg(story, "leg_out"), approximate=(rough,)), snippets)
    assert info.stretches == 1 and info.approximate_km == pytest.approx(length_km(rough))
    assert "Approximate stretches (1)" in render.leg_panel(info)


def test_sentences_naming_the_ends_once_each(story, snippets):
    info = leg_info(story, leg(story, "leg_out"), snippets)
    groups = {name: [s.text for s in group] for name, group, wider in info.snippets}
    # the first sentence names Norvale; the second names Ferrin Crossing; none names both
    assert list(groups) == ["Norvale", "Ferrin Crossing"]
    assert groups["Norvale"] == ["The armoured train left Norvale on Sunday afternoon."]
    assert all("Ferrin" in t for t in groups["Ferrin Crossing"])
    texts = [t for g in groups.values() for t in g]
    assert len(texts) == len(set(texts))


def test_a_sentence_naming_both_ends_comes_first(story, snippets):
    both = replace(snippets["norvale"][0], text="From Norvale to Ferrin.", place_id="norvale")
    mine = {"norvale": (both,), "ferrin": (replace(both, place_id="ferrin"),)}
    info = leg_info(story, leg(story, "leg_out"), mine)
    assert [(h, len(g), w) for h, g, w in info.snippets] == [("Norvale and Ferrin Crossing", 1, False)]


def test_the_wider_areas_sentences_come_last(story, snippets):
    wider = replace(snippets["norvale"][0], text="The region was calm.", place_id="somewhere")
    info = leg_info(story, leg(story, "leg_out"), {"norvale": (snippets["norvale"][0], wider)})
    assert [(h, w) for h, _, w in info.snippets] == [("Norvale", False), ("somewhere", True)]
    assert "About the wider area, somewhere (1)" in render.leg_panel(info)


def test_clicked_leg_nearest_and_tooltip(story):
    routes = story.routes
    # on leg_north's middle vertex
    assert clicked_leg(routes, 46.0, 131.5) == "leg_north"
    assert km_to_leg(leg(story, "leg_north"), 46.0, 131.5) == pytest.approx(0, abs=1e-6)
    # near Ferrin both leg_out and leg_north end: the tooltip of the line clicked decides
    assert clicked_leg(routes, 42.5, 130.5, "Ferrin to Greywater\n12–13 Sep 2023") == "leg_north"
    assert clicked_leg(routes, 42.5, 130.5, "Norvale to Ferrin\n10–12 Sep 2023") == "leg_out"
    assert clicked_leg(routes, 10.0, 100.0) is None  # far from every leg


def test_leg_panel_shows_the_leg_and_escapes(story, snippets):
    hostile = replace(leg(story, "leg_out"), name=HOSTILE, description=HOSTILE,
                      sources=("javascript:alert(1)", "https://example.org/ok"))
    published = (Published("norvale", "ferrin", 500.0, HOSTILE, "javascript:alert(2)"),)
    html = render.leg_panel(leg_info(story, hostile, snippets, published))
    for raw in ("<img", "`", "${", "{{", 'href="javascript'):
        assert raw not in html, raw
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    for needle in ("Norvale → Ferrin Crossing", "10–12 Sep 2023 (3 days)", "by rail", "km along the drawn track",
                   "km/day", "<dt>Published</dt>", "of 500 km", "Sources (2)", "<mark>Norvale</mark>"):
        assert needle in html, needle
