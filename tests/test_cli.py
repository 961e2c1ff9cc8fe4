"""The command line: formats, summary line, failures reported and skipped, exit status."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from newsevents.cli import app

from .conftest import REPO

EXAMPLE = str(REPO / "examples" / "biden-putin-call.txt")
runner = CliRunner()


def test_code_example_jsonl(tmp_path):
    out = tmp_path / "events.jsonl"
    result = runner.invoke(app, ["code", EXAMPLE, "--published", "2021-01-27", "--output", str(out)])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) >= 12
    first = records[0]
    assert first["article_id"] == "biden-putin-call"
    assert (first["event_type"], first["mode"], first["event_date"]) == ("CONSULT", "phone", "2021-01-26")
    assert "1 article read, 1 coded, 0 failed" in result.stderr
    assert f"{len(records)} events written" in result.stderr


def test_table_and_json_formats(tmp_path):
    table = runner.invoke(app, ["code", EXAMPLE, "--published", "2021-01-27", "--format", "table"])
    assert table.exit_code == 0
    lines = table.stdout.strip().splitlines()
    assert lines[0].startswith("article\tsent\tdate\ttype") and "attribution" in lines[0]
    assert "CONSULT\tphone\tUSA/GOV\tRUS/GOV" in lines[1]
    as_json = runner.invoke(app, ["code", EXAMPLE, "--published", "2021-01-27", "--format", "json"])
    assert len(json.loads(as_json.stdout)) == len(lines) - 1


def test_bad_articles_are_reported_and_the_rest_coded(tmp_path):
    data = tmp_path / "mixed.jsonl"
    data.write_text(
        json.dumps({"id": "good", "text": "Russia attacked Ukraine on Monday.", "published": "2022-03-01"}) + "\n"
        + '{"id": "broken", "text": \n'
        + json.dumps({"id": "empty", "text": "   "}) + "\n",
        encoding="utf-8",
    )
    errors = tmp_path / "errors.jsonl"
    result = runner.invoke(app, ["code", str(data), "--errors", str(errors)])
    assert result.exit_code == 0
    failures = [json.loads(line) for line in errors.read_text(encoding="utf-8").splitlines()]
    assert [f["code"] for f in failures] == ["E111", "E110"]
    assert failures[0]["source"].endswith("mixed.jsonl:2")
    assert "3 articles read, 1 coded, 2 failed" in result.stderr
    assert json.loads(result.stdout.splitlines()[0])["event_type"] == "ASSAULT"


def test_nothing_coded_exits_non_zero(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    result = runner.invoke(app, ["code", str(empty)])
    assert result.exit_code == 1
    assert "E110" in result.stderr


def test_stdin_text():
    result = runner.invoke(app, ["code", "-", "--published", "2022-03-01"], input="Russian troops attacked Kharkiv on Monday.")
    assert result.exit_code == 0
    event = json.loads(result.stdout.splitlines()[0])
    assert (event["article_id"], event["event_type"], event["event_date"]) == ("stdin", "ASSAULT", "2022-02-28")


def test_bad_published_option():
    result = runner.invoke(app, ["code", EXAMPLE, "--published", "27/01/2021"])
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.stderr
