"""The events stage: roles from syntax, reciprocal events, complements, noun triggers."""

from __future__ import annotations

from .conftest import codes


def _events(coder, text, published="2021-01-27"):
    return [(e.event_type, sorted(codes(e.actors)), sorted(codes(e.recipients))) for e in coder.code(text, published=published)]


def test_subject_object_roles(coder):
    assert _events(coder, "Russian troops attacked Ukrainian soldiers near Kharkiv.") == [("ASSAULT", ["RUS"], ["UKR"])]


def test_passive_agent_is_the_actor(coder):
    assert _events(coder, "Ukrainian soldiers were attacked by Russian troops.") == [("ASSAULT", ["RUS"], ["UKR"])]


def test_receive_reverses_roles(coder):
    events = coder.code("Georgian demonstrators received weapons from the Georgian government.")
    assert [(e.event_type, [(a.code, a.sector) for a in e.actors], [(a.code, a.sector) for a in e.recipients]) for e in events] == [
        ("AID", [("GEO", "GOV")], [("GEO", "CVL")])
    ]


def test_coordinated_subjects_agreeing_are_reciprocal(coder):
    events = coder.code("Jordan and Britain have agreed to hold joint military exercises.")
    assert [(e.event_type, sorted(codes(e.actors)), e.recipients) for e in events] == [("AGREE", ["GBR", "JOR"], [])]


def test_complement_of_a_trigger_is_not_a_separate_event(coder):
    events = coder.code("North Korea refused to meet to discuss denuclearization with the United States.")
    assert [(e.event_type, e.mode, sorted(codes(e.actors)), sorted(codes(e.recipients))) for e in events] == [
        ("REJECT", "meet", ["PRK"], ["USA"])
    ]


def test_noun_trigger_needs_a_support_verb(coder):
    assert _events(coder, "Biden held talks with Putin.") == [("CONSULT", ["USA"], ["RUS"])]
    assert _events(coder, "The talks with Putin were long.") == []


def test_no_self_targeted_event_through_a_possessive(coder):
    assert _events(coder, "Trump praised his meeting with Putin.", published="2019-03-01") == [("SUPPORT", ["USA"], ["RUS"])]


def test_event_requiring_a_recipient_is_dropped_without_one(coder):
    assert _events(coder, "The government provided aid.") == []


def test_coordinated_nationalities_make_a_compound_actor(coder):
    events = coder.code("Senior Hungarian and Romanian officials agreed on Wednesday that their countries should cooperate.")
    assert [(e.event_type, [(a.code, a.sector) for a in e.actors]) for e in events] == [
        ("AGREE", [("HUN", "GOV"), ("ROU", "GOV")])
    ]
