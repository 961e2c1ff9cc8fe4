"""The actors stage: names, titles, capitals, role nouns, office holders by date, coreference."""

from __future__ import annotations

import pytest

from newsevents.actors import ActorResolver


def _resolve(coder, text, published="2021-01-27"):
    import datetime as dt

    doc = coder.nlp(text)
    resolver = ActorResolver(coder.lexicon, coder.kb, dt.date.fromisoformat(published) if published else None)
    found = resolver.resolve(doc)
    return doc, found


def _actor_at(coder, text, word, published="2021-01-27"):
    doc, found = _resolve(coder, text, published)
    token = next(t for t in doc if t.text == word)
    return found.get(token)


@pytest.mark.parametrize(
    ("text", "head", "expected"),
    [
        ("Russian President Vladimir Putin met the delegation.", "Putin", ("RUS", "GOV")),
        ("Ukrainian troops shelled the town.", "troops", ("UKR", "MIL")),
        ("Moscow reached out last week.", "Moscow", ("RUS", "GOV")),
        ("The Kremlin rejected the offer.", "Kremlin", ("RUS", "GOV")),
        ("The Pentagon announced the deployment.", "Pentagon", ("USA", "MIL")),
        ("Washington lawmakers criticized the plan.", "lawmakers", ("USA", "LEG")),
        ("Georgian citizens protested in Tbilisi.", "citizens", ("GEO", "CVL")),
        ("Turkish Defense Minister Hulusi Akar said the system is ready.", "Akar", ("TUR", "GOV")),
        ("NATO warned Russia.", "NATO", ("IGO", None)),
    ],
)
def test_named_and_nominal_actors(coder, text, head, expected):
    actors = _actor_at(coder, text, head)
    assert [(a.code, a.sector) for a in actors] == [expected]


def test_office_held_on_the_publication_date(coder):
    early = _actor_at(coder, "Putin met the delegation.", "Putin", published="2009-06-01")
    late = _actor_at(coder, "Putin met the delegation.", "Putin", published="2022-03-01")
    assert (early[0].code, early[0].title) == ("RUS", "Prime Minister")
    assert (late[0].code, late[0].title) == ("RUS", "President")
    assert early[0].kb_id != late[0].kb_id


def test_former_office_holder_is_elite(coder):
    actors = _actor_at(coder, "Merkel criticized the decision.", "Merkel", published="2023-05-01")
    assert [(a.code, a.sector) for a in actors] == [("DEU", "ELI")]


def test_leaders_of_three_countries(coder):
    actors = _actor_at(coder, "Biden spoke with the leaders of Britain, France and Germany.", "leaders")
    assert [(a.code, a.sector) for a in actors] == [("GBR", "GOV"), ("FRA", "GOV"), ("DEU", "GOV")]


def test_pronoun_and_nominal_coreference(coder):
    text = (
        "American President Joe Biden had his first call with President Vladimir Putin of Russia on Tuesday. "
        "The new president told the Russian leader that the two nations should finalize the treaty. "
        "He also raised other matters."
    )
    doc, found = _resolve(coder, text)
    by_text = {t.text: found.get(t) for t in doc if found.get(t)}
    assert [a.code for a in by_text["president"]] == ["USA"]
    assert [a.code for a in by_text["leader"]] == ["RUS"]
    assert sorted(a.code for a in by_text["nations"]) == ["RUS", "USA"]
    assert [a.name for a in by_text["He"]] == ["Joe Biden"]
    assert by_text["He"][0].text == "He"  # the actor's span is the anaphor's own


def test_lowercase_us_is_not_the_united_states(coder):
    doc, found = _resolve(coder, "Russia's actions harm us and our allies.")
    us = next(t for t in doc if t.text == "us")
    assert found.get(us) == ()


def test_lowercase_common_noun_is_not_a_party(coder):
    assert coder.lexicon.lookup("labour") is None
    assert coder.lexicon.lookup("Labour").code == "GBR"
