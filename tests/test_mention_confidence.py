"""Each mention says how sure the geoparser is and why (issue 13, item 3); the review lists doubtful ones first."""
from __future__ import annotations

import json
import math

import pytest

from mapapp import render
from mapapp.geoparse import find_mentions, load_gazetteer
from mapapp.mention_confidence import DOUBTFUL, Evidence, judge, review_order
from mapapp.model import Place

STORY = (Place("grey", "Greywater Spaceport", 51.88, 128.33, "cosmodrome", "RU", ("Greywater",)),)


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer(STORY)


def mention(text, gaz, surface):
    hits = [m for m in find_mentions(text, gaz) if m.surface == surface]
    assert hits, [m.surface for m in find_mentions(text, gaz)]
    return hits[0]


def test_every_mention_has_a_score_and_a_reason(gaz):
    text = ("Officials met at Greywater on Monday. Trade between Russia and France grew, and talks moved "
            "from Paris to Springfield, Illinois, and to Georgia.")
    ms = find_mentions(text, gaz)
    assert len(ms) >= 5
    for m in ms:
        assert 0.0 < m.confidence < 1.0 and m.reason
        d = m.as_dict()
        assert d["confidence"] == m.confidence and d["reason"] == m.reason
        json.dumps(d)


def test_story_place_and_country_are_sure(gaz):
    m = mention("Officials met at Greywater on Monday.", gaz, "Greywater")
    assert m.confidence >= 0.9 and m.reason.startswith("story place")
    m = mention("Officials from Mongolia arrived.", gaz, "Mongolia")
    assert m.confidence >= 0.85 and m.reason.startswith("country")


def test_town_confirmed_by_its_state_says_so_and_is_surer_than_alone(gaz):
    confirmed = mention("The outbreak began in Springfield, Illinois, last week.", gaz, "Springfield")
    assert "confirmed by the region named after it" in confirmed.reason
    assert confirmed.country == "US"
    assert confirmed.confidence >= DOUBTFUL


def test_ambiguous_name_says_how_many_candidates(gaz):
    m = mention("Reporters in the United States waited in Springfield for news.", gaz, "Springfield")
    assert "ambiguous:" in m.reason and "candidates" in m.reason
    assert m.confidence < mention("Reporters waited in Springfield, Illinois, for news.", gaz,
                                  "Springfield").confidence


def test_a_narrow_lead_over_the_runner_up_is_doubtful():
    def evidence(margin):
        return Evidence("city", "city", 250_000, False, 3, margin, True, "city", False, False, math.inf)

    narrow, reason = judge(evidence(0.5))
    wide, _ = judge(evidence(40.0))
    assert narrow < DOUBTFUL <= judge(evidence(math.inf))[0]
    assert narrow < wide
    assert reason == "city of 250,000; ambiguous: 3 candidates, picked the most populous"


def test_alternate_names_cost_confidence():
    plain = Evidence("city", "town", 8_000, False, 1, math.inf, True, "", True, False, 100.0)
    alt = Evidence("city", "town", 8_000, True, 1, math.inf, True, "", True, False, 100.0)
    assert judge(alt)[0] < judge(plain)[0]
    assert judge(alt)[1].startswith("alternate name of a town of 8,000")


def test_review_order_puts_doubtful_first_least_sure_first_then_text_order():
    assert review_order([0.9, 0.3, 0.95, 0.5, 0.7]) == [1, 3, 0, 2, 4]
    assert review_order([]) == []


def test_places_cli_prints_confidence_and_reason(tmp_path, capsys):
    from mapapp.cli import main

    f = tmp_path / "a.txt"
    f.write_text("date 2023-09-12\n\nOfficials from Mongolia arrived in Springfield, Illinois.\n", encoding="utf-8")
    assert main(["places", "--json", str(f)]) == 0
    obj = json.loads(capsys.readouterr().out)
    assert [m["surface"] for m in obj["mentions"]] == ["Mongolia", "Springfield", "Illinois"]
    for m in obj["mentions"]:
        assert 0 < m["confidence"] < 1 and m["reason"]


def test_review_note_is_escaped_and_flagged():
    cell = render.mention_cell(2, "In Springfield now.", (3, 14), "40% sure: <b>x</b> & `y`", True)
    assert "&lt;b&gt;x&lt;/b&gt;" in cell and "<b>x</b>" not in cell
    assert 'class="mapapp-doubtful"' in cell
    assert "mapapp-doubtful" not in render.mention_cell(2, "In Springfield now.", (3, 14), "95% sure: country")
