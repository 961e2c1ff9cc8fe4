"""The seed article (a wire report of the Jan 2021 Biden-Putin call) against
its hand-coded gold events (tests/data/gold/seed.jsonl, coded for this project)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsevents.scoring import score_article

from .conftest import REPO, codes

GOLD = json.loads((Path(__file__).parent / "data" / "gold" / "seed.jsonl").read_text(encoding="utf-8").splitlines()[0])


@pytest.fixture(scope="module")
def events(coder):
    return coder.code(GOLD["text"], published=GOLD["published"], article_id=GOLD["id"])


def _find(events, event_type, trigger=None):
    found = [e for e in events if e.event_type == event_type and (trigger is None or e.trigger.text == trigger)]
    assert found, f"no {event_type} {trigger or ''} in {[(e.event_type, e.trigger.text) for e in events]}"
    return found[0]


def test_bundled_example_is_the_gold_text():
    assert (REPO / "examples" / "biden-putin-call.txt").read_text(encoding="utf-8") == GOLD["text"]


def test_every_gold_event_found_and_no_must_not_violation(events):
    score = score_article(GOLD, events)
    assert score.violations == 0
    assert score.fn == 0, [g["evidence"] for g in score.false_negatives]
    assert score.tp == 11
    assert score.fp <= 1, [(e.event_type, e.trigger.text) for e in score.false_positives]


def test_the_call(events):
    call = _find(events, "CONSULT", "call")
    assert call.mode == "phone" and call.cameo_code == "041" and call.quad_class == 1
    assert codes(call.actors) | codes(call.recipients) == {"USA", "RUS"}
    assert call.event_date == "2021-01-26" and call.date_precision == "day" and call.date_basis == "relative"
    assert call.date_text == "Tuesday"
    assert call.attribution is not None and call.attribution.name == "AP"
    assert call.attribution.text == "AP reported"
    start, end = call.trigger.span
    assert GOLD["text"][start:end] == "call"
    assert call.location is not None and call.location.country == "USA" and call.location.basis == "dateline"
    biden = call.actors[0]
    assert (biden.code, biden.sector, biden.name) == ("USA", "GOV", "Joe Biden")
    assert GOLD["text"][biden.span[0]:biden.span[1]] == biden.text == "American President Joe Biden"


def test_request_dated_to_the_week_before(events):
    request = _find(events, "REQUEST", "request")
    assert codes(request.actors) == {"RUS"} and request.actors[0].sector == "GOV"
    assert codes(request.recipients) == {"USA"}
    assert request.mode == "meet"
    assert (request.event_date, request.date_precision) == ("2021-01-18", "week")
    assert request.attribution is not None and request.attribution.name == "officials"


def test_support_accuse_threaten(events):
    support = _find(events, "SUPPORT", "support")
    assert codes(support.actors) == {"USA"} and codes(support.recipients) == {"UKR"}
    accuse = _find(events, "ACCUSE")
    assert codes(accuse.actors) == {"USA"} and codes(accuse.recipients) == {"RUS"}
    threaten = _find(events, "THREATEN")
    assert codes(threaten.actors) == {"USA"} and codes(threaten.recipients) == {"RUS"}
    assert threaten.modality == "asserted"


def test_reciprocal_agreements_list_both_parties(events):
    agree = [e for e in events if e.event_type == "AGREE" and codes(e.actors) == {"USA", "RUS"}]
    assert len(agree) >= 3
    assert all(not e.recipients for e in agree)


def test_nato_as_igo(events):
    spoke = _find(events, "CONSULT", "spoke")
    assert [(r.code, r.name) for r in spoke.recipients] == [("IGO", "Jens Stoltenberg")]
    pledge = _find(events, "SUPPORT", "commitment")
    assert [(r.code, r.name) for r in pledge.recipients] == [("IGO", "NATO")]


def test_nothing_from_negated_or_nominal_passages(events):
    text = GOLD["text"]
    for passage in ("Biden has not held out hope", "reports of Russia placing bounties", "the poisoning of Aleksey Navalny"):
        start = text.index(passage)
        assert not [e for e in events if start <= e.trigger.span[0] < start + len(passage)]


def test_same_input_same_output(coder, events):
    again = coder.code(GOLD["text"], published=GOLD["published"], article_id=GOLD["id"])
    assert [e.model_dump_json() for e in again] == [e.model_dump_json() for e in events]
    assert len({e.event_id for e in events}) == len(events)
    assert all(e.coder_version for e in events)
