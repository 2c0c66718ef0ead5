"""Unit tests of the geoparser on sentences written for these tests."""
from __future__ import annotations

import json

import pytest

from mapapp.geoparse import Mention, find_mentions, load_gazetteer
from mapapp.model import Place

STORY = (
    Place("khasan_station", "Khasan Station", 42.4294, 130.6428, "station", "RU",
          ("Khasan station", "Russian border")),
    Place("vladivostok", "Vladivostok", 43.1155, 131.8855, "city", "Russia", ("Vladivostok city",)),
    Place("test_plaza", "Ocean Plaza", 43.0, 131.9, "venue", "RU", ("Marshal Plaza",)),
)


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer(STORY)


@pytest.fixture(scope="module")
def bare():
    return load_gazetteer([])


def surfaces(text, gaz):
    return [m.surface for m in find_mentions(text, gaz)]


def only(text, gaz, surface) -> Mention:
    hits = [m for m in find_mentions(text, gaz) if m.surface == surface]
    assert hits, f"{surface!r} not found in {surfaces(text, gaz)}"
    return hits[0]


# --- offsets, sentences, output shape --------------------------------------------------------

def test_offsets_point_at_the_surface_and_sentence_holds_it(gaz):
    text = ("The envoy flew from Pyongyang to Moscow.\n\nLater that week she reached "
            "Vladivostok, where officials from Beijing waited.")
    ms = find_mentions(text, gaz)
    assert [m.surface for m in ms] == ["Pyongyang", "Moscow", "Vladivostok", "Beijing"]
    for m in ms:
        assert text[m.start:m.end] == m.surface
        assert m.surface in m.sentence and m.sentence in text
    assert ms[2].sentence.startswith("Later that week")


def test_as_dict_has_exactly_the_json_keys(gaz):
    m = find_mentions("Delegates gathered in Vladivostok.", gaz)[0]
    assert list(m.as_dict()) == ["surface", "start", "end", "name", "lat", "lon", "kind", "country",
                                 "place_id", "sentence", "confidence", "reason"]
    assert m.place_id == "vladivostok" and m.country == "RU"
    assert m.candidates and m.candidates[0].name == m.name
    json.dumps(m.as_dict())


def test_deterministic(gaz):
    text = "Trains ran from Ussuriysk to Khabarovsk and on to Komsomolsk-on-Amur, not to Changsha."
    first = [m.as_dict() for m in find_mentions(text, gaz)]
    for _ in range(3):
        assert [m.as_dict() for m in find_mentions(text, load_gazetteer(STORY))] == first


def test_empty_and_placeless_text(gaz):
    assert find_mentions("", gaz) == []
    assert find_mentions("nothing here names anywhere at all.", gaz) == []


# --- multi-word and possessive names ----------------------------------------------------------

@pytest.mark.parametrize("text, surface, lat, lon, tol", [
    ("Rockets rose over the Vostochny Cosmodrome at dawn.", "Vostochny Cosmodrome", 51.9, 128.3, 0.3),
    ("The train rolled across Russia's Far East for days.", "Russia's Far East", 62.5, 142.0, 8),
    ("Workers in Komsomolsk-on-Amur build jets.", "Komsomolsk-on-Amur", 50.55, 137.0, 0.3),
    ("Fishermen in Primorsky Krai landed crab.", "Primorsky Krai", 45.0, 134.5, 2),
    ("Fishermen in Primorye landed crab.", "Primorye", 45.0, 134.5, 2),
    ("Sanctions on North Korea were discussed.", "North Korea", 40.3, 127.5, 3),
    ("Officials in South Korea were briefed.", "South Korea", 35.9, 127.8, 3),
    ("A delegation from the DPRK arrived.", "DPRK", 40.3, 127.5, 3),
    ("Diplomats from the U.S. objected.", "U.S.", 37.1, -95.7, 5),
    ("Diplomats from the United States objected.", "United States", 37.1, -95.7, 5),
    ("Tension on the Korean Peninsula eased.", "Korean Peninsula", 38.0, 127.3, 2),
    ("Tension on the Korean peninsula eased.", "Korean peninsula", 38.0, 127.3, 2),
    ("The motorcade reached Sentosa Island at noon.", "Sentosa Island", 1.25, 103.83, 0.1),
])
def test_multiword_names(bare, text, surface, lat, lon, tol):
    m = only(text, bare, surface)
    assert abs(m.lat - lat) <= tol and abs(m.lon - lon) <= tol


def test_longest_match_wins(bare):
    text = "Guests stayed near Ho Chi Minh City and later flew home."
    assert surfaces(text, bare) == ["Ho Chi Minh City"]


def test_possessive_name_alone(bare):
    m = only("Pyongyang's envoy left early.", bare, "Pyongyang")
    assert m.country == "KP"


# --- disambiguation ---------------------------------------------------------------------------

def test_artyom_in_a_primorsky_story_is_the_russian_town(bare):
    text = "The convoy left Vladivostok for Artyom, a town in Primorsky Krai."
    m = only(text, bare, "Artyom")
    assert m.country == "RU" and abs(m.lat - 43.35) < 0.3 and abs(m.lon - 132.2) < 0.3


def test_khasan_is_the_russian_border_settlement(bare):
    m = only("The guests crossed into Russia at Khasan on Monday.", bare, "Khasan")
    assert m.country == "RU" and abs(m.lat - 42.43) < 0.2 and abs(m.lon - 130.64) < 0.2


def test_story_place_comes_first(gaz):
    m = only("The guests crossed into Russia at Khasan station on Monday.", gaz, "Khasan station")
    assert m.place_id == "khasan_station"


def test_country_named_in_text_decides(bare):
    m = only("Officials in Washington said the United States would respond.", bare, "Washington")
    assert abs(m.lat - 38.9) < 0.3 and abs(m.lon + 77.0) < 0.3


def test_distance_to_other_places_decides(bare):
    text = ("The train stopped in Nanning, then in Pingxiang, and crossed the border at Dong Dang "
            "in Vietnam.")
    m = only(text, bare, "Pingxiang")
    assert abs(m.lat - 22.1) < 0.3 and abs(m.lon - 106.75) < 0.3


def test_population_breaks_ties(bare):
    m = only("The reporter filed her story from Changsha.", bare, "Changsha")
    assert abs(m.lat - 28.2) < 0.3 and abs(m.lon - 112.97) < 0.3


def test_one_sense_per_text(bare):
    text = "The train passed Changsha at night. Changsha, the capital of Hunan, was quiet."
    lats = {round(m.lat, 2) for m in find_mentions(text, bare) if m.surface == "Changsha"}
    assert len(lats) == 1


def test_region_of_a_city_name_means_the_region(bare):
    m = only("It is the second city of the region of Khabarovsk.", bare, "Khabarovsk")
    assert m.kind == "region"


def test_town_confirmed_by_its_country_after_a_comma(bare):
    m = only("The delegation once toured Mercedes, Texas.", bare, "Mercedes")
    assert m.country == "US"


# --- false places -----------------------------------------------------------------------------

@pytest.mark.parametrize("text, banned", [
    ("They laid flowers honouring Ho Chi Minh, the founding leader.", "Ho Chi Minh"),
    ("The congress of the Workers' Party of Korea opened.", "Korea"),
    ("Sailors of the Pacific Fleet paraded.", "Pacific"),
    ("Both sides recalled the Panmunjom Declaration.", "Panmunjom"),
    ("The Korean Central News Agency reported the visit.", "Korean"),
    ("The talks began at 10:00 Moscow time.", "Moscow"),
    ("A Russian official met a Korean delegation.", "Russian"),
    ("Kim and Putin shook hands; Kim Jong Un smiled.", "Kim"),
    ("Kim and Putin shook hands; Kim Jong Un smiled.", "Jong"),
    ("The Kremlin said the talks went well.", "Kremlin"),
    ("The White House declined to comment.", "White House"),
    ("Analysts said the North would respond.", "North"),
    ("The Trans-Siberian Railway runs east.", "Trans"),
    ("President Vladimir Putin spoke first.", "Vladimir"),
    ("Reading the statement, the minister paused.", "Reading"),
    ("Nice weather greeted the guests.", "Nice"),
    ("Mobile phones were banned in the hall.", "Mobile"),
    ("He told us the plan was fixed.", "us"),
    ("Of the ten ministers, two stayed.", "Of"),
    ("The State Duma approved the treaty.", "Duma"),
    ("Local reporters from ANN asked questions.", "ANN"),
])
def test_false_places_are_dropped(bare, text, banned):
    assert all(banned not in s for s in surfaces(text, bare)), surfaces(text, bare)


def test_kremlin_as_a_place(bare):
    assert "Kremlin" in surfaces("The leaders dined at the Kremlin on Friday.", bare)
    assert "Blue House" in surfaces("They met in the presidential Blue House complex.", bare)


def test_place_as_modifier_counts(bare):
    text = "The U.S. President spoke as Pyongyang said it would reply; Japan's Kyodo agency agreed."
    assert {"U.S.", "Pyongyang", "Japan"} <= set(surfaces(text, bare))


def test_media_name_after_a_country_is_not_a_place(bare):
    assert "Pakistan" not in surfaces("Pakistan Point News carried the report.", bare)


def test_unusable_story_aliases_are_ignored(gaz):
    text = "Guards stood at the Russian border while Marshal Plaza filled up."
    assert surfaces(text, gaz) == []


def test_person_next_to_town_name_is_not_a_town(bare):
    # "Kozlov" and "Alexander" are town names somewhere; here they make up a person's name.
    text = "In Russia, Minister Alexander Kozlov greeted the guests."
    assert surfaces(text, bare) == ["Russia"]

# --- the command line ------------------------------------------------------------------------------

def test_places_cli_prints_json_lines_with_offsets_into_the_body(tmp_path, capsys):
    from mapapp.cli import main

    f = tmp_path / "a.txt"
    f.write_text("date 2023-09-12\n\nThe train left Pyongyang for Vladivostok.", encoding="utf-8")
    assert main(["places", "--json", str(f)]) == 0
    obj = json.loads(capsys.readouterr().out)
    assert obj["file"] == str(f)
    assert [m["surface"] for m in obj["mentions"]] == ["Pyongyang", "Vladivostok"]
    body = "The train left Pyongyang for Vladivostok."
    for m in obj["mentions"]:
        assert body[m["start"]:m["end"]] == m["surface"]


@pytest.mark.parametrize("text, surface, country", [
    # a small namesake near another named place does not beat a capital or a world city
    ("Diplomats in Washington and London traded notes.", "Washington", "US"),
    ("Protests spread from Paris to London and Berlin.", "Berlin", "DE"),
    # but the text can say otherwise
    ("The family moved to Berlin, Maryland, last spring.", "Berlin", "US"),
])
def test_world_cities_outrank_small_namesakes(bare, text, surface, country):
    found = {m.surface: m.country for m in find_mentions(text, bare)}
    assert found[surface] == country
