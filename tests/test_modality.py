"""Modality (asserted, negated, hypothetical, future, reported) and attribution forms."""

from __future__ import annotations

import pytest

from newsevents.coder import Coder

from .conftest import codes


@pytest.fixture(scope="module")
def all_events(coder):
    """A coder that keeps negated and hypothetical events, to check their flags."""
    return Coder(lexicon=coder.lexicon, kb=coder.kb, keep_unasserted=True)


def _one(coder, text, event_type, published="2021-01-27"):
    events = [e for e in coder.code(text, published=published) if e.event_type == event_type]
    assert len(events) == 1, [(e.event_type, e.trigger.text, e.modality) for e in coder.code(text, published=published)]
    return events[0]


@pytest.mark.parametrize(
    ("text", "event_type", "modality"),
    [
        ("Russia attacked Ukraine on Monday.", "ASSAULT", "asserted"),
        ("Russia did not attack Ukraine.", "ASSAULT", "negated"),
        ("Russia could attack Ukraine if talks fail.", "ASSAULT", "hypothetical"),
        ("If Russian troops attack Ukraine, NATO will respond.", "ASSAULT", "hypothetical"),
        ("Biden wants to meet Putin next month.", "CONSULT", "future"),
        ("The Ukrainian military said Russian troops shelled Kharkiv.", "ASSAULT", "reported"),
    ],
)
def test_modality(all_events, text, event_type, modality):
    assert _one(all_events, text, event_type).modality == modality


def test_negated_and_hypothetical_are_dropped_by_default(coder):
    assert not [e for e in coder.code("Russia did not attack Ukraine.") if e.event_type == "ASSAULT"]
    assert not [e for e in coder.code("Russia could attack Ukraine if talks fail.") if e.event_type == "ASSAULT"]


def test_promised_cooperation_is_agree(coder):
    event = _one(coder, "China will provide aid to Pakistan.", "AGREE")
    assert codes(event.actors) == {"CHN"} and codes(event.recipients) == {"PAK"}
    assert event.modality == "asserted"


def test_accusation_content_is_not_the_accused_act(coder):
    events = coder.code("The US claimed that ISIL had attacked Iraq.")
    assert [e.event_type for e in events] == ["ACCUSE"]
    assert codes(events[0].actors) == {"USA"}


@pytest.mark.parametrize(
    ("text", "name", "words"),
    [
        ("Biden had a call with Putin on Tuesday, AP reported.", "AP", "AP reported"),
        ("Russia attacked Ukraine, according to officials familiar with the matter.", "officials",
         "according to officials familiar with the matter"),
        ("Russian troops attacked the town, the Ukrainian ministry said.", "Ukrainian ministry", "the Ukrainian ministry said"),
    ],
)
def test_attribution_forms(coder, text, name, words):
    events = coder.code(text, published="2021-01-27")
    assert events
    attribution = events[0].attribution
    assert attribution is not None and attribution.name == name and attribution.text == words
    assert text[attribution.span[0]:attribution.span[1]] == words


def test_promised_conflict_act_is_a_threat_and_its_condition_no_event(coder):
    events = coder.code("If Russia attacks Ukraine, the United States will impose sanctions on Russia.")
    assert [(e.event_type, sorted(codes(e.actors)), sorted(codes(e.recipients)), e.modality) for e in events] == [
        ("THREATEN", ["USA"], ["RUS"], "asserted")
    ]


def test_evidence_sentence_has_no_trailing_newline(coder):
    event = coder.code("Russian troops attacked Kharkiv on Monday.\n", published="2022-03-01")[0]
    assert event.sentence == "Russian troops attacked Kharkiv on Monday."
