"""The geoparser on news from anywhere (issue 13, item 2): states, provinces and counties, world regions
and seas, "town, state" patterns, and false places (currencies, diseases, speakers, demonyms).
Sentences written for these tests."""
from __future__ import annotations

import pytest

from mapapp.geoparse import find_mentions, load_gazetteer


@pytest.fixture(scope="module")
def bare():
    return load_gazetteer([])


def resolved(text, gaz):
    return {m.surface: m for m in find_mentions(text, gaz)}


@pytest.mark.parametrize("text, surface, country, lat, lon, tol", [
    ("Flooding hit Queensland again this week.", "Queensland", "AU", -20.0, 145.0, 8.0),
    ("Farmers in Alberta reported the disease.", "Alberta", "CA", 54.0, -115.0, 5.0),
    ("The outbreak spread across Maharashtra.", "Maharashtra", "IN", 19.0, 76.0, 4.0),
    ("Cases rose in West Africa and the Middle East.", "West Africa", "", 12.0, -3.0, 10.0),
    ("Ships crossed the Mediterranean Sea to Malta.", "Mediterranean Sea", "", 35.0, 18.0, 10.0),
    ("Tourists returned from Bali last month.", "Bali", "ID", -8.4, 115.2, 1.0),
    ("Officials in the Netherlands confirmed it.", "Netherlands", "NL", 52.0, 5.5, 3.0),
])
def test_regions_seas_and_countries_of_the_world(bare, text, surface, country, lat, lon, tol):
    m = resolved(text, bare)[surface]
    assert m.country == country
    assert abs(m.lat - lat) <= tol and abs(m.lon - lon) <= tol


def test_town_and_its_state(bare):
    ms = resolved("The plant in Blakely, Georgia, was closed; officials in Atlanta, Georgia, agreed.", bare)
    assert ms["Blakely"].country == "US" and abs(ms["Blakely"].lat - 31.4) < 0.5
    assert ms["Atlanta"].country == "US" and abs(ms["Atlanta"].lon + 84.4) < 0.5
    assert ms["Georgia"].country == "US"  # the state, not the country


def test_a_country_without_us_context_stays_the_country(bare):
    assert resolved("Troops from Georgia and Armenia met in Tbilisi.", bare)["Georgia"].country == "GE"


def test_a_list_of_states_is_states_not_towns(bare):
    ms = resolved("Cases were found in Ohio, Oregon, Wyoming and Illinois.", bare)
    for name in ("Ohio", "Oregon", "Wyoming", "Illinois"):
        assert ms[name].kind == "region" and ms[name].country == "US", ms[name]


def test_county_in_the_state_the_text_names(bare):
    m = resolved("Dead ducks were found in Fulton County, located in Illinois.", bare)["Fulton County"]
    assert abs(m.lat - 40.5) < 1.0 and abs(m.lon + 90.2) < 1.0


@pytest.mark.parametrize("text, banned", [
    ("Libya was paid US$460 million in the settlement.", "US"),
    ("Cases of West Nile virus were reported in Texas.", "Nile"),
    ("Cases of West Nile virus were reported in Texas.", "West Nile"),
    ("The strain A/California/7/2009 is in the vaccine.", "California"),
    ("Paterson says he issued the declaration.", "Paterson"),
    ("The incident occurred while Campbell, 42, was resisting arrest.", "Campbell"),
    ("The Canadian government is creating a new network.", "Canadian"),
    ("The United States Department of Agriculture said so.", "United States"),
])
def test_false_places_of_world_news(bare, text, banned):
    assert banned not in resolved(text, bare)


def test_a_famous_city_may_still_speak(bare):
    assert resolved("Moscow said the talks would go on.", bare)["Moscow"].country == "RU"
