"""The event store: idempotent ingest, kill -9 and resume, failures and
retries, updates, de-duplication across articles, and bad store files."""

from __future__ import annotations

import copy
import datetime as dt
import json
import subprocess
import sys

import duckdb
import pandas as pd
import pytest

from newsevents.dedup import gdelt_style, global_event_id, happening_key
from newsevents.errors import StoreError
from newsevents.run import ingest_inputs
from newsevents.store import Store

from .conftest import REPO, STORE_CORPUS

GOLD = REPO / "tests" / "data" / "gold"


def snapshot(path) -> dict:
    """Every table's ids (sorted) and the events' counts, to compare stores."""
    with Store(path, read_only=True) as store:
        return {
            "articles": store.sql("SELECT article_id, content_hash FROM articles ORDER BY 1").values.tolist(),
            "failures": store.sql("SELECT source, code FROM failures ORDER BY 1").values.tolist(),
            "mentions": store.sql("SELECT mention_id, global_event_id FROM mentions ORDER BY 1").values.tolist(),
            "actors": store.sql("SELECT mention_id, role, position, code FROM actors ORDER BY 1, 2, 3").values.tolist(),
            "events": store.sql("SELECT global_event_id, num_mentions, num_sources, num_articles FROM events "
                                "ORDER BY 1").values.tolist(),
        }


# -- ingest -------------------------------------------------------------
def test_ingest_twice_equals_ingest_once(coder, tmp_path):
    db = tmp_path / "events.duckdb"
    first = ingest_inputs([STORE_CORPUS], db, coder=coder)
    assert (first.read, first.coded, first.failed, first.unchanged) == (5, 4, 1, 0)
    once = snapshot(db)
    assert len(once["articles"]) == 4 and once["failures"][0][1] == "E110"
    assert len(once["mentions"]) == first.mentions > 0
    second = ingest_inputs([STORE_CORPUS], db, coder=coder)
    assert (second.read, second.coded, second.unchanged, second.failed, second.mentions) == (5, 0, 4, 1, 0)
    assert snapshot(db) == once


def test_store_keeps_the_record_and_its_evidence(store_db):
    with Store(store_db, read_only=True) as store:
        row = store.sql("SELECT m.*, a.text FROM mentions m JOIN articles a USING (article_id) "
                        "WHERE article_id = 'biden-putin-call' AND event_type = 'CONSULT' AND mode = 'phone'").iloc[0]
        actors = store.sql("SELECT * FROM actors WHERE mention_id = ? ORDER BY role, position", [row.mention_id])
    record = json.loads(row.record_json)
    assert record["event_id"] == row.mention_id and record["cameo_code"] == row.cameo_code
    assert row.text[row.trigger_start:row.trigger_end] == row.trigger_text
    assert row.text[row.sentence_start:row.sentence_end] == row.sentence
    assert str(row.event_date)[:10] == "2021-01-26"
    assert list(row.actor_codes) == ["USA"] and list(row.recipient_codes) == ["RUS"]
    for actor in actors.itertuples():
        assert row.text[actor.span_start:actor.span_end] == actor.text
    assert set(actors.role) == {"actor", "recipient"}


def test_changed_article_replaces_its_old_mentions(coder, tmp_path):
    db = tmp_path / "events.duckdb"
    source = tmp_path / "a.jsonl"
    source.write_text(json.dumps({"id": "a", "published": "2024-03-05",
                                  "text": "Russian forces shelled Kharkiv on Monday."}) + "\n", encoding="utf-8")
    ingest_inputs([source], db, coder=coder)
    before = snapshot(db)
    source.write_text(json.dumps({"id": "a", "published": "2024-03-05",
                                  "text": "France condemned Russia on Monday."}) + "\n", encoding="utf-8")
    summary = ingest_inputs([source], db, coder=coder)
    assert (summary.coded, summary.unchanged) == (1, 0)
    after = snapshot(db)
    assert len(after["articles"]) == 1 and after["articles"] != before["articles"]
    with Store(db, read_only=True) as store:
        assert store.sql("SELECT event_type FROM mentions").event_type.tolist() == ["ACCUSE"]
        assert store.sql("SELECT count(*) AS n FROM actors WHERE mention_id NOT IN "
                         "(SELECT mention_id FROM mentions)").n[0] == 0


def test_coding_failure_is_stored_skipped_then_retried(coder, tmp_path):
    db = tmp_path / "events.duckdb"
    flaky = copy.copy(coder)

    def broken(doc, article):
        if article.id == "daily-2":
            raise RuntimeError("parser exploded")
        return coder.code_doc(doc, article)

    flaky.code_doc = broken
    first = ingest_inputs([STORE_CORPUS], db, coder=flaky)
    assert (first.coded, first.failed) == (3, 2)
    with Store(db, read_only=True) as store:
        failure = store.sql("SELECT * FROM failures WHERE article_id = 'daily-2'").iloc[0]
    assert failure.code == "E300" and "parser exploded" in failure.reason
    again = ingest_inputs([STORE_CORPUS], db, coder=coder)
    assert (again.unchanged, again.skipped_failed, again.coded) == (3, 1, 0)
    retried = ingest_inputs([STORE_CORPUS], db, coder=coder, retry_failed=True)
    assert (retried.coded, retried.unchanged) == (1, 3)
    with Store(db, read_only=True) as store:
        assert store.sql("SELECT article_id FROM failures").article_id.tolist() == ["bad-5"]
        assert store.counts()["articles"] == 4


# -- de-duplication -----------------------------------------------------
def test_reports_of_one_shelling_from_two_articles_are_one_event(store_db):
    with Store(store_db, read_only=True) as store:
        events = store.sql("SELECT * FROM events WHERE event_type = 'ASSAULT' AND list_contains(actor_codes, 'RUS') "
                           "AND list_contains(recipient_codes, 'UKR') ORDER BY event_date")
        mentions = store.sql("SELECT article_id FROM mentions WHERE global_event_id = ? ORDER BY 1",
                             [int(events.global_event_id[0])])
    assert [str(d)[:10] for d in events.event_date] == ["2024-03-04", "2024-03-19"]
    assert events[["num_mentions", "num_sources", "num_articles"]].values.tolist() == [[2, 2, 2], [1, 1, 1]]
    assert mentions.article_id.tolist() == ["daily-2", "wire-1"]
    assert events.root_article_id[0] == "wire-1"  # published first: GDELT's SOURCEURL


def test_window_decides_whether_reports_a_day_apart_merge(coder, tmp_path):
    db = tmp_path / "events.duckdb"
    ingest_inputs([STORE_CORPUS], db, coder=coder)
    query = "SELECT num_mentions FROM events WHERE event_type = 'AGREE' AND list_contains(actor_codes, 'DEU')"
    with Store(db) as store:
        assert store.sql(query).num_mentions.tolist() == [2]  # 2024-03-19 and 2024-03-20, window 1
        store.rebuild_events(window_days=0)
        assert sorted(store.sql(query).num_mentions.tolist()) == [1, 1]
        assert store.window_days == 0
    summary = ingest_inputs([], db, window_days=1)
    assert summary.read == 0
    with Store(db, read_only=True) as store:
        assert store.sql(query).num_mentions.tolist() == [2]


def frame(rows) -> pd.DataFrame:
    columns = ["mention_id", "article_id", "event_type", "modality", "actor_codes", "recipient_codes", "event_date",
               "published"]
    return pd.DataFrame(rows, columns=columns)


def test_gdelt_style_rule_keeps_distinct_happenings_apart():
    d = dt.date
    mentions = frame([
        ("m1", "a1", "ASSAULT", "asserted", ["RUS"], ["UKR"], d(2024, 3, 4), d(2024, 3, 5)),
        ("m2", "a2", "ASSAULT", "reported", ["RUS"], ["UKR"], d(2024, 3, 5), d(2024, 3, 5)),
        ("m3", "a3", "ASSAULT", "asserted", ["RUS"], ["UKR"], d(2024, 3, 6), d(2024, 3, 6)),  # 2 days after m1
        ("m4", "a2", "ASSAULT", "negated", ["RUS"], ["UKR"], d(2024, 3, 4), d(2024, 3, 5)),
        ("m5", "a2", "ACCUSE", "asserted", ["RUS"], ["UKR"], d(2024, 3, 4), d(2024, 3, 5)),
        ("m6", "a2", "ASSAULT", "asserted", ["UKR"], ["RUS"], d(2024, 3, 4), d(2024, 3, 5)),
        ("m7", "a4", "ASSAULT", "asserted", ["RUS"], ["UKR"], None, d(2024, 3, 4)),  # undated: publication day
        ("m8", "a5", "ASSAULT", "asserted", ["RUS"], ["UKR"], None, None),
        ("m9", "a6", "ASSAULT", "asserted", ["RUS"], ["UKR"], None, None),
    ])
    roots = gdelt_style(mentions, 1)
    # m7 was published first, so it is the root of the m1 event (GDELT's first-seen article)
    assert roots.tolist() == ["m7", "m7", "m3", "m4", "m5", "m6", "m7", "m8", "m9"]
    unknown = frame([
        ("u1", "a1", "ASSAULT", "asserted", [], ["SOM"], d(2025, 3, 11), d(2025, 3, 11)),
        ("u2", "a1", "ASSAULT", "asserted", [""], ["SOM"], d(2025, 3, 11), d(2025, 3, 11)),
        ("u3", "a2", "ASSAULT", "asserted", [], ["SOM"], d(2025, 3, 11), d(2025, 3, 12)),
    ])
    assert gdelt_style(unknown, 1).tolist() == ["u1", "u1", "u3"]  # unidentified attackers: own article only
    shuffled = mentions.sample(frac=1.0, random_state=3)
    assert gdelt_style(shuffled, 1).sort_index().tolist() == roots.tolist()
    assert gdelt_style(mentions, 2).tolist()[2] == "m7"


def test_happening_key_ignores_actor_order_and_repeats():
    assert happening_key("AGREE", "asserted", ["USA", "RUS"], []) == happening_key("AGREE", "reported", ["RUS", "USA", "USA"], [])
    assert happening_key("AGREE", "future", ["USA"], []) != happening_key("AGREE", "asserted", ["USA"], [])


def test_global_event_id_is_a_stable_positive_int64():
    assert global_event_id("62d6237b90be6c73") == global_event_id("62d6237b90be6c73")
    assert 0 < global_event_id("x") < 2 ** 60
    with pytest.raises(ValueError, match="window_days"):
        gdelt_style(frame([]), -1)


# -- bad stores ---------------------------------------------------------
def test_bad_store_files_give_clear_errors(tmp_path):
    with pytest.raises(StoreError, match="no such store") as missing:
        Store(tmp_path / "missing.duckdb", read_only=True)
    assert missing.value.code == "E401"
    text = tmp_path / "notes.duckdb"
    text.write_text("hello", encoding="utf-8")
    with pytest.raises(StoreError, match="not a DuckDB store"):
        Store(text)
    other = tmp_path / "other.duckdb"
    duckdb.connect(str(other)).close()
    with pytest.raises(StoreError, match="not a newsevents store"):
        Store(other, read_only=True)
    with Store(tmp_path / "s.duckdb") as store:
        with pytest.raises(StoreError, match="query failed"):
            store.sql("SELECT * FROM nowhere")
        with pytest.raises(StoreError, match="no table"):
            store.table("passwords")


def test_locked_store_names_the_problem(tmp_path):
    db = tmp_path / "locked.duckdb"
    Store(db).close()
    holder = subprocess.Popen([sys.executable, "-c", f"import duckdb, time; c = duckdb.connect({str(db)!r}); "
                               "print('ready', flush=True); time.sleep(30)"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        with pytest.raises(StoreError, match="in use by another process") as locked:
            Store(db)
        assert locked.value.code == "E402"
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()


def test_a_swapped_rule_rebuilds_the_events(coder, tmp_path):
    """The example rule of docs/store.md: same key and same event date only."""
    db = tmp_path / "events.duckdb"
    ingest_inputs([STORE_CORPUS], db, coder=coder)

    def same_day(mentions, window_days):
        key = mentions.apply(lambda m: happening_key(m.event_type, m.modality, m.actor_codes, m.recipient_codes)
                             + (m.event_date,), axis=1)
        return mentions.groupby(key)["mention_id"].transform("min")

    with Store(db) as store:
        default = store.counts()["events"]
        assert store.rebuild_events(rule=same_day) == default + 1  # the pledge a day apart splits
        assert store.sql("SELECT count(*) AS n FROM mentions WHERE global_event_id IS NULL").n[0] == 0


# -- command line -------------------------------------------------------
def test_cli_ingest_then_sql(tmp_path):
    from typer.testing import CliRunner

    from newsevents.cli import app

    runner = CliRunner()
    db = str(tmp_path / "cli.duckdb")
    result = runner.invoke(app, ["ingest", str(STORE_CORPUS), "--db", db])
    assert result.exit_code == 0, result.output
    assert "5 articles read, 4 coded, 0 unchanged" in result.stderr and "1 failed" in result.stderr
    assert "failed: " in result.stderr and "E110" in result.stderr
    again = runner.invoke(app, ["ingest", str(STORE_CORPUS), "--db", db])
    assert "0 coded, 4 unchanged" in again.stderr
    query = runner.invoke(app, ["sql", "SELECT article_id, n_mentions FROM articles ORDER BY 1", "--db", db,
                                "--format", "csv"])
    assert query.exit_code == 0, query.output
    lines = query.stdout.splitlines()
    assert lines[0] == "article_id,n_mentions" and [line.split(",")[0] for line in lines[1:]] == [
        "daily-2", "gazette-3", "herald-4", "wire-1"]
    bad = runner.invoke(app, ["sql", "DELETE FROM articles", "--db", db])
    assert bad.exit_code == 2 and "read-only" in bad.stderr
    missing = runner.invoke(app, ["sql", "SELECT 1", "--db", str(tmp_path / "nope.duckdb")])
    assert missing.exit_code == 2 and "no such store" in missing.stderr
