"""link.link_articles / name_pattern: a sentence naming a place (name or alias) becomes its snippet."""
from __future__ import annotations

from datetime import date

import pytest

from mapapp.link import link_articles, link_story, name_pattern
from mapapp.model import Article, Place

PLACES = (
    Place(id="grey", name="Greywater Spaceport", lat=51.88, lon=128.33, aliases=("Greywater", "the launch site")),
    Place(id="ferrin", name="Ferrin Crossing", lat=42.42, lon=130.6, aliases=("Ferrin",)),
    Place(id="far_east", name="Russia’s Far East", lat=48.0, lon=135.0, aliases=("Far Eastern region",)),
    Place(id="port", name="Port Alder", lat=43.1, lon=131.9),
    Place(id="alder_town", name="Alder", lat=44.0, lon=132.0),
    Place(id="st_p", name="St. Petra", lat=45.0, lon=133.0),
)


def article(text: str, aid: str = "a1", title: str = "A title", when: date | None = date(2023, 9, 13),
            url: str = "https://example.org/a1") -> Article:
    return Article(id=aid, date=when, text=text, title=title, url=url)


def linked(text: str, places=PLACES) -> dict[str, list[str]]:
    """place id → the names matched in the sentences naming it (via the spans)."""
    out: dict[str, list[str]] = {}
    for pid, snips in link_articles(places, [article(text)]).items():
        out[pid] = [s.text[a:b] for s in snips for a, b in s.spans]
    return out


CASES = [
    ("name", "They met at Greywater Spaceport today.", {"grey": ["Greywater Spaceport"]}),
    ("alias", "They met at Greywater today.", {"grey": ["Greywater"]}),
    ("lowercase alias as written", "He toured the launch site.", {"grey": ["the launch site"]}),
    ("capitals form of the name", "DATELINE: FERRIN CROSSING, Tuesday.", {"ferrin": ["FERRIN CROSSING"]}),
    ("capitals form of an alias", "GREYWATER is quiet.", {"grey": ["GREYWATER"]}),
    ("possessive with ’", "Ferrin’s station was closed.", {"ferrin": ["Ferrin"]}),
    ("possessive with '", "Ferrin's station was closed.", {"ferrin": ["Ferrin"]}),
    ("apostrophe in the name written ’", "Crowds gathered in Russia’s Far East.", {"far_east": ["Russia’s Far East"]}),
    ("apostrophe in the name written '", "Crowds gathered in Russia's Far East.", {"far_east": ["Russia's Far East"]}),
    ("longest match wins", "The train reached Ferrin Crossing.", {"ferrin": ["Ferrin Crossing"]}),
    ("longest match across places", "Ships left Port Alder.", {"port": ["Port Alder"]}),
    ("shorter name of another place still matches alone", "Ships left Alder.", {"alder_town": ["Alder"]}),
    ("two places in one sentence", "From Ferrin to Greywater in a day.", {"ferrin": ["Ferrin"], "grey": ["Greywater"]}),
    ("same place twice in one sentence", "Greywater, then Greywater Spaceport.",
     {"grey": ["Greywater", "Greywater Spaceport"]}),
    ("name with a full stop", "Pilgrims went to St. Petra yesterday.", {"st_p": ["St. Petra"]}),
    ("no match inside a word (prefix)", "The Ferrinsky brothers left.", {}),
    ("no match inside a word (suffix)", "The SubFerrin pipeline.", {}),
    ("no match inside a word (digits)", "Code Ferrin2 failed.", {}),
    ("no match in a longer word of a name", "Greywaters run deep.", {}),
    ("ordinary lowercase word is not a name", "The greywater tank leaked.", {}),
    ("no places named", "Nothing to see here.", {}),
]


@pytest.mark.parametrize("text, expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_link_matches(text, expected):
    assert linked(text) == expected


def test_spans_point_at_the_name_inside_the_snippet_text():
    text = "First sentence mentions nothing. Then the convoy passed Ferrin Crossing at night.\nGreywater waited."
    result = link_articles(PLACES, [article(text)])
    (ferrin,) = result["ferrin"]
    assert ferrin.text == "Then the convoy passed Ferrin Crossing at night."
    assert ferrin.spans == ((ferrin.text.index("Ferrin"), ferrin.text.index(" at night")),)
    (grey,) = result["grey"]
    assert grey.text == "Greywater waited." and grey.spans == ((0, 9),)


def test_snippet_carries_article_id_date_title_and_url():
    a = article("Greywater is ready.", aid="007_news", title="Launch site ready", when=date(2023, 9, 11),
                url="https://example.org/news/7")
    (s,) = link_articles(PLACES, [a])["grey"]
    assert (s.place_id, s.article_id, s.article_title, s.article_date, s.article_url) == (
        "grey", "007_news", "Launch site ready", date(2023, 9, 11), "https://example.org/news/7")


def test_undated_article_gives_undated_snippets():
    (s,) = link_articles(PLACES, [article("Ferrin at last.", when=None)])["ferrin"]
    assert s.article_date is None


def test_snippets_in_article_order_then_text_order():
    arts = [article("Greywater one. Greywater two.", aid="a1"), article("Greywater three.", aid="a2")]
    snips = link_articles(PLACES, arts)["grey"]
    assert [(s.article_id, s.text) for s in snips] == [
        ("a1", "Greywater one."), ("a1", "Greywater two."), ("a2", "Greywater three.")]


def test_place_sharing_an_alias_with_another_gets_the_snippet_too():
    places = (Place(id="a", name="North Station", lat=1, lon=1, aliases=("the terminus",)),
              Place(id="b", name="South Station", lat=2, lon=2, aliases=("the terminus",)))
    result = link_articles(places, [article("Crowds filled the terminus.")])
    assert set(result) == {"a", "b"}


def test_no_places_means_no_snippets():
    assert link_articles((), [article("Greywater.")]) == {}


def test_name_pattern_maps_every_form_to_its_place():
    pattern, owners = name_pattern(PLACES)
    assert owners["Greywater Spaceport"] == ("grey",)
    assert owners["GREYWATER SPACEPORT"] == ("grey",)
    assert owners["Russia's Far East"] == ("far_east",)  # ’ normalised to '
    assert pattern.fullmatch("Russia’s Far East") and pattern.fullmatch("RUSSIA'S FAR EAST")
    assert not pattern.fullmatch("Greywate")


def test_link_story_on_a_built_story(story, snippets):
    assert snippets == link_story(story)
    assert {pid for pid in snippets} == {"norvale", "ferrin", "greywater", "alder"}
    assert "lakeshore" not in snippets  # "Lakeshore" alone is neither its name nor an alias
    ferrin = snippets["ferrin"]
    assert [s.text[a:b] for s in ferrin for a, b in s.spans] == ["Ferrin Crossing", "Ferrin"]
    assert all(s.article_title == "Train heads north" and s.article_date == date(2023, 9, 12) for s in ferrin)
    assert [s.text for s in snippets["alder"]] == ["Analysts in Alder Bay were cautious.",
                                                   "PORT ALDER prepared a parade."]


@pytest.mark.parametrize("text", ["Snow fell on Port\u00a0Alder.", "Snow fell on Port  Alder."])
def test_names_match_across_other_whitespace(text):
    assert linked(text) == {"port": [text[len("Snow fell on "):-1]]}


def test_link_story_adds_snippets_of_the_larger_places_a_place_is_part_of(tmp_path):
    from mapapp.load import load_story
    from story_factory import article as seed, default_places, place, write_story

    places = default_places() + [place("eastmarch", "Eastmarch", 131.0, 44.0, kind="region")]
    places[1]["properties"]["part_of"] = ["eastmarch"]  # Ferrin Crossing lies in Eastmarch
    places[3]["properties"]["part_of"] = ["eastmarch"]  # so does Port Alder
    story = load_story(write_story(tmp_path, places=places, articles={
        "001.txt": seed("2023-09-12", "Snow fell across Eastmarch. Ferrin in Eastmarch was closed.")}))
    result = link_story(story)
    assert [s.text for s in result["eastmarch"]] == ["Snow fell across Eastmarch.", "Ferrin in Eastmarch was closed."]
    # its own snippet first, then the region's, each sentence once
    assert [s.text for s in result["ferrin"]] == ["Ferrin in Eastmarch was closed.", "Snow fell across Eastmarch."]
    assert [s.text for s in result["alder"]] == ["Snow fell across Eastmarch.", "Ferrin in Eastmarch was closed."]
    assert "greywater" not in result
