"""newsevents eval: scoring rule, aggregation, confusion table, outputs and bad input,
on hand-made gold rows and predictions with known answers."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from newsevents.cli import app
from newsevents.evaluation import (
    NONE, Predictions, code_gold, error_records, evaluate, load_gold, read_predictions, render_text, to_json,
)
from newsevents.records import Actor, Event, Trigger, make_event_id

from .conftest import REPO

runner = CliRunner()

TEXT = ("Russia attacked Ukraine on Monday. France and Germany met in Paris. "
        "Iran did not threaten Israel. Russia attacked Ukraine again.")
S1, S2, S3, S4 = ("Russia attacked Ukraine on Monday.", "France and Germany met in Paris.",
                  "Iran did not threaten Israel.", "Russia attacked Ukraine again.")


def _event(event_type, actors, recipients, sentence, trigger, *, article_id="a1", modality="asserted", text=TEXT):
    """A prediction: ``trigger`` is looked up inside ``sentence`` inside ``text``."""
    s0 = text.index(sentence)
    t0 = s0 + sentence.index(trigger)
    index = [S1, S2, S3, S4].index(sentence) if sentence in (S1, S2, S3, S4) else 0

    def parties(codes):
        return [Actor(text=c, span=(s0, s0 + 1), name=c, code=c) for c in codes]

    return Event(
        event_id=make_event_id(article_id, index, t0, event_type), article_id=article_id, coder_version="test",
        event_type=event_type, cameo_code="190", quad_class=4, goldstein=-10.0, plover_score=-10.0,
        actors=parties(actors), recipients=parties(recipients), modality=modality, sentence_index=index,
        sentence_span=(s0, s0 + len(sentence)), sentence=sentence,
        trigger=Trigger(text=trigger, span=(t0, t0 + len(trigger))), confidence=0.5,
    )


def _gold(event_type, actor, recipient, evidence, **extra):
    return {"event_type": event_type, "actor": actor, "recipient": recipient, "evidence": evidence, **extra}


ASSAULT = _gold("ASSAULT", ["RUS"], ["UKR"], "Russia attacked Ukraine on Monday")
CONSULT = _gold("CONSULT", ["FRA", "DEU"], [], "France and Germany met in Paris", symmetric=True)


def _row(events, article_id="a1", text=TEXT, **extra):
    return {"id": article_id, "text": text, "published": "2022-03-01", "source_dataset": "test",
            "events": events, **extra}


def _write(path, rows):
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows), encoding="utf-8")
    return path


def _score(tmp_path, rows, events, name="test.jsonl"):
    """Evaluate hand-made ``events`` (one list for all articles) against ``rows``."""
    gold = load_gold([_write(tmp_path / name, rows)])
    preds = Predictions(source="test")
    for event in events:
        preds.events.setdefault(event.article_id, []).append(event)
    return evaluate(gold, preds)


def _counts(ev):
    t = ev.overall()
    return t.tp, t.fp, t.fn, t.violations


# -- the scoring rule ---------------------------------------------------------------

def test_true_false_positives_and_misses(tmp_path):
    ev = _score(tmp_path, [_row([ASSAULT, CONSULT])], [
        _event("ASSAULT", ["RUS"], ["UKR"], S1, "attacked"),
        _event("ACCUSE", ["FRA"], ["DEU"], S3, "threaten"),
    ])
    assert _counts(ev) == (1, 1, 1, 0)
    t = ev.overall()
    assert (t.precision, t.recall, t.f1) == (0.5, 0.5, 0.5)


def test_alt_type_is_accepted_other_types_are_not(tmp_path):
    gold = _gold("SUPPORT", ["FRA"], ["DEU"], "France and Germany met", alt_types=["CONSULT"])
    ok = _score(tmp_path, [_row([gold])], [_event("CONSULT", ["FRA"], ["DEU"], S2, "met")])
    assert _counts(ok) == (1, 0, 0, 0)
    wrong = _score(tmp_path, [_row([gold])], [_event("REJECT", ["FRA"], ["DEU"], S2, "met")])
    assert _counts(wrong) == (0, 1, 1, 0)


def test_star_matches_any_code_but_not_no_party(tmp_path):
    gold = _gold("ASSAULT", ["*"], ["UKR"], "Russia attacked Ukraine on Monday")
    assert _counts(_score(tmp_path, [_row([gold])], [_event("ASSAULT", ["RUS"], ["UKR"], S1, "attacked")])) == (1, 0, 0, 0)
    assert _counts(_score(tmp_path, [_row([gold])], [_event("ASSAULT", [], ["UKR"], S1, "attacked")])) == (0, 1, 1, 0)


def test_symmetric_gold_ignores_direction_directed_gold_does_not(tmp_path):
    reversed_consult = _event("CONSULT", ["DEU"], ["FRA"], S2, "met")
    assert _counts(_score(tmp_path, [_row([CONSULT])], [reversed_consult])) == (1, 0, 0, 0)
    reversed_assault = _event("ASSAULT", ["UKR"], ["RUS"], S1, "attacked")
    assert _counts(_score(tmp_path, [_row([ASSAULT])], [reversed_assault])) == (0, 1, 1, 0)


def test_igo_family_codes_match(tmp_path):
    gold = _gold("CONSULT", ["FRA"], ["UNO"], "France and Germany met in Paris")
    assert _counts(_score(tmp_path, [_row([gold])], [_event("CONSULT", ["FRA"], ["EUR"], S2, "met")])) == (1, 0, 0, 0)


def test_optional_gold_neither_credit_nor_penalty(tmp_path):
    optional = {**CONSULT, "optional": True}
    found = _score(tmp_path, [_row([ASSAULT, optional])], [
        _event("ASSAULT", ["RUS"], ["UKR"], S1, "attacked"), _event("CONSULT", ["FRA", "DEU"], [], S2, "met")])
    assert _counts(found) == (1, 0, 0, 0)
    missed = _score(tmp_path, [_row([ASSAULT, optional])], [_event("ASSAULT", ["RUS"], ["UKR"], S1, "attacked")])
    assert _counts(missed) == (1, 0, 0, 0)


def test_another_mention_of_a_coded_event_is_neither_credited_nor_penalised(tmp_path):
    ev = _score(tmp_path, [_row([ASSAULT])], [
        _event("ASSAULT", ["RUS"], ["UKR"], S1, "attacked"), _event("ASSAULT", ["RUS"], ["UKR"], S4, "attacked")])
    assert _counts(ev) == (1, 0, 0, 0)


def test_must_not_violations_counted_apart_from_false_positives(tmp_path):
    row = _row([ASSAULT], must_not=[{"evidence": "Iran did not threaten Israel", "why": "negated"}])
    ev = _score(tmp_path, [row], [
        _event("ASSAULT", ["RUS"], ["UKR"], S1, "attacked"),
        _event("THREATEN", ["IRN"], ["ISR"], S3, "threaten"),
        _event("ASSAULT", ["IRN"], ["ISR"], S3, "Iran"),
    ])
    assert _counts(ev) == (1, 0, 0, 2)
    assert [(t, x.violations) for t, x in ev.by_type().items()] == [("THREATEN", 1), ("ASSAULT", 1)]


def test_predictions_outside_scope_are_ignored(tmp_path):
    row = _row([ASSAULT], scope=[0, TEXT.index(S3)])
    ev = _score(tmp_path, [row], [
        _event("ASSAULT", ["RUS"], ["UKR"], S1, "attacked"),
        _event("ACCUSE", ["ISR"], ["IRN"], S3, "threaten"),  # outside the scope: ignored
        _event("COERCE", ["FRA"], ["DEU"], S2, "met"),  # inside: a false positive
    ])
    assert _counts(ev) == (1, 1, 0, 0)


def test_negated_and_hypothetical_predictions_are_not_events(tmp_path):
    ev = _score(tmp_path, [_row([ASSAULT])], [
        _event("ASSAULT", ["RUS"], ["UKR"], S1, "attacked", modality="negated"),
        _event("THREATEN", ["IRN"], ["ISR"], S3, "threaten", modality="hypothetical"),
    ])
    assert _counts(ev) == (0, 0, 1, 0)


def test_each_gold_event_matches_one_prediction(tmp_path):
    ev = _score(tmp_path, [_row([ASSAULT])], [
        _event("ASSAULT", ["RUS"], ["UKR"], S1, "attacked"), _event("ASSAULT", ["RUS"], ["UKR"], S1, "Monday")])
    assert _counts(ev) == (1, 0, 0, 0)  # the second is another mention: neither credited nor penalised


# -- confusion and breakdowns ---------------------------------------------------------

def test_confusion_cells(tmp_path):
    accuse = _gold("ACCUSE", ["IRN"], ["ISR"], "Iran did not threaten Israel")
    ev = _score(tmp_path, [_row([ASSAULT, CONSULT, accuse])], [
        _event("ASSAULT", ["RUS"], ["UKR"], S1, "attacked"),  # tp: diagonal
        _event("COOPERATE", ["FRA"], ["DEU"], S2, "met"),  # same sentence and parties as CONSULT: paired
        _event("THREATEN", ["RUS"], ["ISR"], S3, "threaten"),  # other parties: not paired with ACCUSE
        _event("REJECT", ["FRA"], ["DEU"], S2, "Paris"),  # CONSULT already paired: (none) row
    ])
    assert _counts(ev) == (1, 3, 2, 0)
    rows, columns, cells = ev.confusion()
    assert rows == ["CONSULT", "ACCUSE", "ASSAULT", NONE]
    assert columns == ["COOPERATE", "REJECT", "THREATEN", "ASSAULT", NONE]
    nonzero = {(r, c): n for r in rows for c in columns if (n := cells[r][c])}
    assert nonzero == {("ASSAULT", "ASSAULT"): 1, ("CONSULT", "COOPERATE"): 1, ("ACCUSE", NONE): 1,
                       (NONE, "THREATEN"): 1, (NONE, "REJECT"): 1}


def test_alt_type_match_sits_at_gold_row_and_predicted_column(tmp_path):
    gold = _gold("SUPPORT", ["FRA"], ["DEU"], "France and Germany met", alt_types=["CONSULT"])
    ev = _score(tmp_path, [_row([gold])], [_event("CONSULT", ["FRA"], ["DEU"], S2, "met")])
    rows, columns, cells = ev.confusion()
    assert (rows, columns, cells["SUPPORT"]["CONSULT"]) == (["SUPPORT", NONE], ["CONSULT", NONE], 1)
    assert ev.by_type()["SUPPORT"].tp == 1 and "CONSULT" not in ev.by_type()


def test_breakdown_by_dataset_and_type_from_prediction_files(tmp_path):
    gold_a = _write(tmp_path / "alpha.dev.jsonl", [_row([ASSAULT, CONSULT], "a1"), _row([ASSAULT], "a2")])
    gold_b = _write(tmp_path / "beta.jsonl", [_row([CONSULT], "b1")])
    preds = _write(tmp_path / "pred.jsonl", [e.model_dump_json() for e in [
        _event("ASSAULT", ["RUS"], ["UKR"], S1, "attacked", article_id="a1"),
        _event("ASSAULT", ["RUS"], ["UKR"], S1, "attacked", article_id="a2"),
        _event("ACCUSE", ["IRN"], ["ISR"], S3, "threaten", article_id="a2"),
        _event("CONSULT", ["FRA", "DEU"], [], S2, "met", article_id="b1"),
        _event("CONSULT", ["FRA", "DEU"], [], S2, "met", article_id="zz"),  # no such gold article
    ]])
    ev = evaluate(load_gold([gold_a, gold_b]), read_predictions([preds]))
    assert ev.datasets == ["alpha.dev", "beta"]
    by_dataset = {name: (n, t.tp, t.fp, t.fn) for name, (n, t) in ev.by_dataset().items()}
    assert by_dataset == {"alpha.dev": (2, 2, 1, 1), "beta": (1, 1, 0, 0)}
    by_type = {name: (t.tp, t.fp, t.fn) for name, t in ev.by_type().items()}
    assert by_type == {"CONSULT": (1, 0, 1), "ACCUSE": (0, 1, 0), "ASSAULT": (2, 0, 0)}
    assert list(by_type) == ["CONSULT", "ACCUSE", "ASSAULT"]  # PLOVER order
    assert ev.ignored_predictions == 1
    assert ev.source == f"{preds} (newsevents test)"


def test_text_report(tmp_path):
    ev = _score(tmp_path, [_row([ASSAULT, CONSULT])], [
        _event("ASSAULT", ["RUS"], ["UKR"], S1, "attacked"), _event("ACCUSE", ["FRA"], ["DEU"], S3, "threaten")])
    text = render_text(ev)
    lines = text.splitlines()
    assert lines[0] == "1 gold article from 1 file, predictions by test"
    assert lines[2:5] == ["Overall",
                          "       precision  recall     F1  tp  fp  fn  must_not",
                          "  all      0.500   0.500  0.500   1   1   1         0"]
    assert "  test            1      0.500   0.500  0.500   1   1   1         0" in lines
    assert "  CONSULT      0.000   0.000  0.000   0   0   1         0" in lines
    assert "  gold \\ predicted  ACCU  ASSA  (none)" in lines
    assert "  CONSULT              .     .       1" in lines
    assert "  (none)               1     .       ." in lines
    by_type = render_text(ev, by="type")
    assert "By event type" in by_type and "By dataset" not in by_type and "Confusion" not in by_type
    assert "Overall" in by_type
    assert render_text(ev) == text  # deterministic


# -- outputs -------------------------------------------------------------------------

def test_error_records(tmp_path):
    row = _row([ASSAULT, CONSULT], must_not=[{"evidence": "Iran did not threaten Israel", "why": "negated"}])
    ev = _score(tmp_path, [row], [
        _event("COERCE", ["RUS"], ["UKR"], S1, "attacked"),
        _event("THREATEN", ["IRN"], ["ISR"], S3, "threaten"),
    ])
    where = {"article_id": "a1", "dataset": "test", "source": f"{tmp_path / 'test.jsonl'}:1"}
    assert list(error_records(ev)) == [
        {"kind": "false_negative", **where, "gold_type": "ASSAULT", "alt_types": [], "actors": ["RUS"],
         "recipients": ["UKR"], "symmetric": False, "optional": False,
         "evidence": "Russia attacked Ukraine on Monday", "predicted_type": "COERCE"},
        {"kind": "false_negative", **where, "gold_type": "CONSULT", "alt_types": [], "actors": ["FRA", "DEU"],
         "recipients": [], "symmetric": True, "optional": False,
         "evidence": "France and Germany met in Paris", "predicted_type": None},
        {"kind": "false_positive", **where, "predicted_type": "COERCE", "mode": None, "actors": ["RUS"],
         "recipients": ["UKR"], "trigger": "attacked", "trigger_span": [7, 15], "modality": "asserted",
         "sentence_index": 0, "sentence": S1, "gold_type": "ASSAULT"},
        {"kind": "must_not", **where, "predicted_type": "THREATEN", "mode": None, "actors": ["IRN"],
         "recipients": ["ISR"], "trigger": "threaten", "trigger_span": [81, 89], "modality": "asserted",
         "sentence_index": 2, "sentence": S3, "must_not": "Iran did not threaten Israel", "why": "negated"},
    ]


def test_cli_pred_json_and_errors_file(tmp_path):
    gold = _write(tmp_path / "g.jsonl", [_row([ASSAULT, CONSULT])])
    preds = _write(tmp_path / "p.jsonl", [
        _event("ASSAULT", ["RUS"], ["UKR"], S1, "attacked").model_dump_json(),
        _event("ACCUSE", ["FRA"], ["DEU"], S3, "threaten").model_dump_json(),
    ])
    errors = tmp_path / "errors.jsonl"
    result = runner.invoke(app, ["eval", str(gold), "--pred", str(preds), "--json", "--errors", str(errors)])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert list(out) == ["predictions", "datasets", "articles", "overall", "by_dataset", "by_type", "confusion",
                         "problems"]
    assert out["overall"] == {"precision": 0.5, "recall": 0.5, "f1": 0.5, "tp": 1, "fp": 1, "fn": 1,
                              "must_not_violations": 0}
    assert out["datasets"] == ["g"] and out["articles"] == 1
    assert out["by_dataset"]["g"] == {"articles": 1, **out["overall"]}
    assert list(out["by_type"]) == ["CONSULT", "ACCUSE", "ASSAULT"]
    assert out["by_type"]["ACCUSE"]["fp"] == 1 and out["by_type"]["CONSULT"]["fn"] == 1
    assert out["confusion"] == {
        "gold_types": ["CONSULT", "ASSAULT", NONE], "predicted_types": ["ACCUSE", "ASSAULT", NONE],
        "cells": {"CONSULT": {"ACCUSE": 0, "ASSAULT": 0, NONE: 1}, "ASSAULT": {"ACCUSE": 0, "ASSAULT": 1, NONE: 0},
                  NONE: {"ACCUSE": 1, "ASSAULT": 0, NONE: 0}}}
    assert out["problems"] == {"gold_files_unread": [], "gold_rows_skipped": [], "coding_failed": [],
                               "prediction_lines_skipped": [], "predictions_ignored": 0}
    records = [json.loads(line) for line in errors.read_text(encoding="utf-8").splitlines()]
    assert [(r["kind"], r.get("gold_type") or r["predicted_type"]) for r in records] == [
        ("false_negative", "CONSULT"), ("false_positive", "ACCUSE")]
    assert "2 errors written" in result.stderr
    assert "1 article scored from 1 gold file" in result.stderr


def test_code_gold_uses_each_rows_published_date(tmp_path, coder):
    rows = [_row([ASSAULT], "march", text=S1), {**_row([ASSAULT], "june", text=S1), "published": "2022-06-01"},
            {**_row([ASSAULT], "undated", text=S1), "published": None}]
    preds = code_gold(load_gold([_write(tmp_path / "g.jsonl", rows)]), coder=coder)
    assert [(k, [e.event_date for e in v]) for k, v in preds.events.items()] == [
        ("march", ["2022-02-28"]), ("june", ["2022-05-30"]), ("undated", [None])]


def test_cli_codes_the_gold_texts(tmp_path, monkeypatch, coder):
    monkeypatch.setattr("newsevents.coder.Coder", lambda: coder)  # the session's coder, loaded once
    gold = _write(tmp_path / "g.jsonl", [_row([ASSAULT], text=S1)])
    result = runner.invoke(app, ["eval", str(gold), "--by", "dataset"])
    assert result.exit_code == 0, result.output
    assert "  g               1      1.000   1.000  1.000   1   0   0         0" in result.stdout.splitlines()
    assert "By event type" not in result.stdout


def test_seed_gold_scores_through_the_cli(monkeypatch, coder):
    monkeypatch.setattr("newsevents.coder.Coder", lambda: coder)
    result = runner.invoke(app, ["eval", str(REPO / "tests" / "data" / "gold" / "seed.jsonl"), "--json"])
    out = json.loads(result.stdout)
    assert out["predictions"].startswith("newsevents ") and out["datasets"] == ["seed"]
    assert out["overall"]["tp"] + out["overall"]["fn"] == 11  # the seed's gold events that are not optional
    assert sum(t["tp"] + t["fn"] for t in out["by_type"].values()) == 11


# -- bad input -----------------------------------------------------------------------

def test_bad_gold_rows_and_files_are_reported_and_the_rest_scored(tmp_path):
    gold = _write(tmp_path / "g.jsonl", [
        _row([ASSAULT], "a1"),
        '{"id": "broken", "text": ',
        {"id": "no-events", "text": "Russia attacked Ukraine."},
        _row([CONSULT], "a1"),
        {"id": "bad-date", "text": "x", "events": [], "published": "27/01/2021"},
    ])
    preds = _write(tmp_path / "p.jsonl", [_event("ASSAULT", ["RUS"], ["UKR"], S1, "attacked").model_dump_json()])
    missing = tmp_path / "missing.jsonl"
    result = runner.invoke(app, ["eval", str(missing), str(gold), "--pred", str(preds)])
    assert result.exit_code == 0, result.output
    err = result.stderr.splitlines()
    assert err[:5] == [
        f"not read: {missing}: E101 no such gold file",
        f"skipped: {gold}:2: E111 invalid JSON: Expecting value (col 26)",
        f"skipped: {gold}:3: E112 \"events\" is missing or not a list",
        f"skipped: {gold}:4: E118 duplicate id 'a1': already read from {gold}:1",
        f"skipped: {gold}:5: E113 \"published\" is not an ISO date or null: '27/01/2021'",
    ]
    assert err[-1] == "newsevents eval: 1 article scored from 1 gold file, 1 gold file not read, 4 gold rows skipped"
    assert "note: 1 gold file not read, 4 gold rows skipped (listed on stderr)" in result.stdout
    assert "  all      1.000   1.000  1.000   1   0   0         0" in result.stdout


def test_nothing_to_score_exits_1_and_missing_predictions_exit_2(tmp_path):
    result = runner.invoke(app, ["eval", str(tmp_path / "none.jsonl"), "--pred", str(tmp_path / "none.jsonl")])
    assert result.exit_code == 2
    assert f"error: E101: {tmp_path / 'none.jsonl'}: no such predictions file" in result.stderr
    empty = _write(tmp_path / "empty.jsonl", [])
    preds = _write(tmp_path / "p.jsonl", [])
    result = runner.invoke(app, ["eval", str(empty), "--pred", str(preds)])
    assert result.exit_code == 1
    assert "E110 empty gold file" in result.stderr


def test_bad_prediction_lines_are_skipped(tmp_path):
    preds = _write(tmp_path / "p.jsonl", [
        _event("ASSAULT", ["RUS"], ["UKR"], S1, "attacked").model_dump_json(),
        "not json",
        {"article_id": "a1", "event_type": "ASSAULT"},
    ])
    read = read_predictions([preds])
    assert [len(v) for v in read.events.values()] == [1]
    assert [(p.source, p.code) for p in read.skipped] == [(f"{preds}:2", "E111"), (f"{preds}:3", "E112")]
    assert read.skipped[1].article_id == "a1" and "not an event record" in read.skipped[1].reason


def test_an_article_that_fails_to_code_is_counted_not_fatal(tmp_path, monkeypatch, coder):
    real = coder.code_doc

    def code_doc(doc, article):
        if article.id == "boom":
            raise RuntimeError("test failure")
        return real(doc, article)

    monkeypatch.setattr(coder, "code_doc", code_doc)
    gold = load_gold([_write(tmp_path / "g.jsonl", [_row([ASSAULT], "boom"), _row([ASSAULT], "ok")])])
    ev = evaluate(gold, code_gold(gold, coder=coder))
    assert [(f.article_id, f.code) for f in ev.failed] == [("boom", "E300")]
    assert "RuntimeError: test failure" in ev.failed[0].reason
    assert [r.gold.id for r in ev.articles] == ["boom", "ok"]
    assert ev.articles[0].score.fn == 1  # the failed article's gold events are missed
    assert ev.articles[1].score.tp == 1
    assert to_json(ev)["problems"]["coding_failed"][0]["article_id"] == "boom"
    assert "1 article failed to code" in render_text(ev)


@pytest.mark.parametrize("row, problem", [
    ({"text": "x", "events": []}, "\"id\" is missing"),
    ({"id": "x", "events": []}, "\"text\" is missing"),
    ({"id": "x", "text": "y", "events": [{"actor": []}]}, "events[0] is not an object with an \"event_type\""),
    ({"id": "x", "text": "y", "events": [{"event_type": "AID", "actor": "USA"}]}, "events[0].actor is not a list"),
    ({"id": "x", "text": "y", "events": [{"event_type": "AID", "evidence": 3}]}, "events[0].evidence is not a string"),
    ({"id": "x", "text": "y", "events": [], "scope": [0]}, "\"scope\" is not [start, end]"),
    ({"id": "x", "text": "y", "events": [], "must_not": ["z"]}, "\"must_not\" is not a list"),
    ([1, 2], "expected a JSON object, not list"),
])
def test_gold_row_checks(tmp_path, row, problem):
    gold = load_gold([_write(tmp_path / "g.jsonl", [row])])
    assert not gold.rows and len(gold.skipped) == 1
    assert gold.skipped[0].source == f"{tmp_path / 'g.jsonl'}:1" and problem in gold.skipped[0].reason
