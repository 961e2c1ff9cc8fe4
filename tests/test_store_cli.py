"""The store commands end to end: dyad, actors, plot, export, on the shared store."""

from __future__ import annotations

import io

import pandas as pd
from typer.testing import CliRunner

from newsevents.cli import app

runner = CliRunner()
PNG = b"\x89PNG\r\n\x1a\n"


def test_dyad_command_gives_weekly_counts(store_db):
    result = runner.invoke(app, ["dyad", "rus", "UKR", "--db", str(store_db), "--format", "csv"])
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(io.StringIO(result.stdout))
    assert frame.period.tolist() == ["2024-03-04", "2024-03-11", "2024-03-18"]
    # the shelling (two reports) and Ukraine's condemnation of it
    assert frame.events.tolist()[:2] == [2, 0] and frame.mentions[0] == 3
    assert (frame.material_conflict[0], frame.verbal_conflict[0], frame.assault[0], frame.accuse[0]) == (1, 1, 1, 1)
    directed = runner.invoke(app, ["dyad", "UKR", "RUS", "--directed", "--db", str(store_db), "--format", "csv"])
    assert "assault" in directed.stdout.splitlines()[0]
    ukr_rus = pd.read_csv(io.StringIO(directed.stdout))
    assert (ukr_rus.assault.sum(), ukr_rus.accuse.sum()) == (0, 1)


def test_dyad_command_rejects_bad_dates_and_missing_stores(store_db, tmp_path):
    bad = runner.invoke(app, ["dyad", "RUS", "UKR", "--db", str(store_db), "--since", "March"])
    assert bad.exit_code == 2 and "YYYY-MM-DD" in bad.stderr
    same = runner.invoke(app, ["dyad", "RUS", "RUS", "--db", str(store_db)])
    assert same.exit_code == 2 and "error:" in same.stderr
    missing = runner.invoke(app, ["dyad", "RUS", "UKR", "--db", str(tmp_path / "none.duckdb")])
    assert missing.exit_code == 2 and "no such store" in missing.stderr
    assert not (tmp_path / "none.duckdb").exists()


def test_actors_command_ranks_by_events(store_db):
    result = runner.invoke(app, ["actors", "--top", "3", "--db", str(store_db), "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = pd.read_json(io.StringIO(result.stdout))
    assert len(rows) == 3 and rows.events.is_monotonic_decreasing
    assert set(rows.code) <= {"RUS", "UKR", "USA"} and "RUS" in set(rows.code)


def test_plot_commands_write_pngs(store_db, tmp_path):
    dyad_png = tmp_path / "dyad.png"
    result = runner.invoke(app, ["plot", "dyad", "RUS", "UKR", "-o", str(dyad_png), "--db", str(store_db)])
    assert result.exit_code == 0, result.output
    assert dyad_png.read_bytes()[:8] == PNG and dyad_png.stat().st_size > 10_000
    net_png = tmp_path / "net.png"
    result = runner.invoke(app, ["plot", "network", "-o", str(net_png), "--db", str(store_db)])
    assert result.exit_code == 0, result.output
    assert net_png.read_bytes()[:8] == PNG
    empty = runner.invoke(app, ["plot", "dyad", "CHN", "BRA", "-o", str(tmp_path / "x.png"), "--db", str(store_db)])
    assert empty.exit_code == 2 and "no events for CHN-BRA" in empty.stderr


def test_export_command_writes_gdelt(store_db, tmp_path):
    out = tmp_path / "events.tsv"
    result = runner.invoke(app, ["export", "--format", "gdelt", "-o", str(out), "--db", str(store_db)])
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(out, sep="\t", header=None, dtype=str, keep_default_na=False)
    assert frame.shape[1] == 61 and len(frame) > 10
    assert f"{len(frame)} rows written" in result.stderr
    bad = runner.invoke(app, ["export", "--format", "xml", "-o", str(out), "--db", str(store_db)])
    assert bad.exit_code == 2 and "xml" in bad.stderr


def test_sql_output_is_machine_readable(store_db):
    query = "SELECT actor_codes, event_date FROM events WHERE event_type = 'ASSAULT' ORDER BY event_date LIMIT 1"
    as_json = runner.invoke(app, ["sql", query, "--db", str(store_db), "--format", "json"])
    assert as_json.exit_code == 0, as_json.output
    assert __import__("json").loads(as_json.stdout) == [{"actor_codes": ["RUS"], "event_date": "2024-03-04"}]
    as_csv = runner.invoke(app, ["sql", query, "--db", str(store_db), "--format", "csv"])
    assert as_csv.stdout.splitlines() == ["actor_codes,event_date", '"[""RUS""]",2024-03-04']


def test_a_data_file_given_as_store_is_refused(tmp_path):
    data = tmp_path / "articles.jsonl"
    data.write_text('{"id": "a", "text": "Russia attacked Ukraine."}\n', encoding="utf-8")
    result = runner.invoke(app, ["ingest", str(data), "--db", str(data)])
    assert result.exit_code == 2 and "E403" in result.stderr and "not a DuckDB store" in result.stderr
    assert data.read_text(encoding="utf-8").startswith('{"id": "a"')
