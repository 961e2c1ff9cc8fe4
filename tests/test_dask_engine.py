"""--engine dask: sharding, and a 2-worker local cluster giving the rows of a single-process run."""

from __future__ import annotations

import json
import os
import shutil

import pytest

pytest.importorskip("dask.distributed")
import pyarrow.dataset as ds  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402

from newsevents.dask_engine import code_shard, plan_shards, run_dask  # noqa: E402
from newsevents.errors import EngineError  # noqa: E402
from newsevents.run import OutputFormat, code_inputs  # noqa: E402

from .conftest import EXAMPLE, REPO, STORE_CORPUS  # noqa: E402

GOLD = REPO / "tests" / "data" / "gold"


@pytest.fixture(scope="module")
def sharded(tmp_path_factory):
    """Three JSONL shards, a directory of two pages, one missing file, and an
    article id that is repeated in a later shard (with other text)."""
    root = tmp_path_factory.mktemp("shards")
    lines = [json.loads(line) for line in (GOLD / "petr2-gsr.dev.jsonl").read_text().splitlines()[:12]]
    for name, part in (("a", lines[:5]), ("b", lines[5:9]), ("c", lines[9:] + [dict(lines[0], text="Iran accused Israel of sabotage.")])):
        (root / f"{name}.jsonl").write_text("".join(json.dumps(
            {"id": x["id"], "text": x["text"], "published": x.get("published") or "2020-01-01"}) + "\n" for x in part))
    pages = root / "pages"
    pages.mkdir()
    shutil.copy(EXAMPLE, pages / "call.txt")
    (pages / "short.txt").write_text("France recalled its ambassador to Australia on Friday.\n")
    return root


def test_plan_shards_keeps_input_order(sharded, tmp_path):
    for i in range(5):
        (tmp_path / f"p{i}.txt").write_text("x")
    shards = plan_shards([str(sharded / "*.jsonl"), tmp_path, sharded / "missing.jsonl"], files_per_shard=2)
    assert all(os.path.isabs(p) for s in shards for p in s.inputs)  # workers elsewhere have other working dirs
    assert [s.inputs for s in shards] == [
        (str(sharded / "a.jsonl"),), (str(sharded / "b.jsonl"),), (str(sharded / "c.jsonl"),),
        (str(tmp_path / "p0.txt"), str(tmp_path / "p1.txt")), (str(tmp_path / "p2.txt"), str(tmp_path / "p3.txt")),
        (str(tmp_path / "p4.txt"),), (str(sharded / "missing.jsonl"),)]
    assert [s.part for s in shards[:2]] == ["part-00000.parquet", "part-00001.parquet"]
    with pytest.raises(EngineError, match="standard input"):
        plan_shards(["-"])
    with pytest.raises(ValueError):
        plan_shards([sharded], files_per_shard=0)


def test_two_worker_cluster_gives_the_single_process_rows(sharded, coder, tmp_path):
    inputs = [str(sharded / "*.jsonl"), str(sharded / "pages"), str(sharded / "missing.jsonl")]
    expanded = [p for s in plan_shards(inputs) for p in s.inputs]
    single_file, errors = tmp_path / "single.parquet", tmp_path / "errors.jsonl"
    single = code_inputs(expanded, fmt=OutputFormat.parquet, output=single_file, errors=errors, coder=coder)
    out = tmp_path / "out"
    seen = []
    summary, results = run_dask(inputs, out, workers=2, on_shard=seen.append)
    assert (summary.read, summary.coded, summary.failed, summary.events) == (
        single.read, single.coded, single.failed, single.events)
    assert single.failed == 2 and single.events > 20  # the missing file and the repeated id
    assert sorted(r.index for r in seen) == [0, 1, 2, 3, 4]
    one, many = pq.read_table(single_file), ds.dataset(out / "events", format="parquet").to_table()
    assert many.equals(one)  # same rows, same order, same event ids
    failures = ds.dataset(out / "failures", format="parquet").to_table().to_pylist()
    expected = [json.loads(line) for line in errors.read_text().splitlines()]
    assert sorted((f["source"], f["code"], f["reason"]) for f in failures) == sorted(
        (f["source"], f["code"], f["reason"]) for f in expected)
    assert sorted(f["code"] for f in failures) == ["E101", "E118"]
    manifest = json.loads((out / "_manifest.json").read_text())
    assert manifest["events"] == single.events and len(manifest["shards"]) == 5
    assert manifest["shards"][2]["failed"] == 1  # the repeated id, reported where a single run reports it
    # a second run into the same directory replaces its parts
    (out / "events" / "part-00009.parquet").write_bytes(b"stale")
    again, _ = run_dask(inputs[:1], out, workers=1)
    assert sorted(p.name for p in (out / "events").iterdir()) == [
        "part-00000.parquet", "part-00001.parquet", "part-00002.parquet"]
    assert again.events == sum(r.events for r in results[:3])


def test_output_directory_must_be_ours(sharded, tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(EngineError, match="not a newsevents output"):
        run_dask([sharded / "a.jsonl"], tmp_path)
    with pytest.raises(EngineError, match="is a file"):
        run_dask([sharded / "a.jsonl"], tmp_path / "notes.txt")
    assert (tmp_path / "notes.txt").read_text() == "mine"


def _die_once(shard, out_dir, marker, **kwargs):  # runs on a worker
    if shard.index == 1 and not os.path.exists(marker):
        open(marker, "w").close()
        os._exit(1)  # the worker process dies mid-task, as on an out-of-memory kill
    return code_shard(shard, out_dir, **kwargs)


def test_a_task_whose_worker_dies_is_run_again(sharded, tmp_path):
    import cloudpickle
    import sys
    from dask.distributed import Client, LocalCluster

    cloudpickle.register_pickle_by_value(sys.modules[__name__])
    shards = plan_shards([str(sharded / "*.jsonl")])
    out = tmp_path / "out"
    for sub in ("events", "failures"):
        (out / sub).mkdir(parents=True)
    marker = str(tmp_path / "died")
    with LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster, Client(cluster) as client:
        futures = client.map(_die_once, shards, out_dir=str(out), marker=marker, pure=False)
        results = client.gather(futures)
    assert os.path.exists(marker)  # a worker did die
    assert [r.read for r in results] == [5, 4, 4]
    rows = ds.dataset(out / "events", format="parquet").to_table()
    assert rows.num_rows == sum(r.events for r in results) > 0
    assert len(set(rows.column("event_id").to_pylist())) == rows.num_rows  # nothing written twice


def test_cli_engine_options(sharded, tmp_path):
    from typer.testing import CliRunner

    from newsevents.cli import app

    runner = CliRunner()
    result = runner.invoke(app, ["code", str(sharded / "a.jsonl"), "--engine", "dask"])
    assert result.exit_code == 2 and "--output DIR" in result.output
    result = runner.invoke(app, ["code", str(sharded / "a.jsonl"), "--scheduler", "tcp://127.0.0.1:1"])
    assert result.exit_code == 2 and "needs --engine dask" in result.output
    result = runner.invoke(app, ["code", str(sharded / "a.jsonl"), "-f", "parquet"])
    assert result.exit_code == 2 and "needs --output" in result.output
    result = runner.invoke(app, ["code", "-", "--engine", "dask", "-o", str(tmp_path / "o")])
    assert result.exit_code == 2 and "standard input" in result.output
    with pytest.raises(EngineError, match="cannot reach the Dask scheduler tcp://127.0.0.1:9: Connection refused"):
        run_dask([sharded / "a.jsonl"], tmp_path / "o", scheduler="tcp://127.0.0.1:9")
    assert not (tmp_path / "o").exists()  # nothing left behind
    result = runner.invoke(app, ["code", str(sharded / "a.jsonl"), "--engine", "dask", "-w", "2",
                                 "--scheduler", "tcp://127.0.0.1:9", "-o", str(tmp_path / "o")])
    assert result.exit_code == 2 and "--workers sets the size of the local cluster" in result.output


def test_cli_reports_every_failure_with_the_final_counts(sharded, tmp_path):
    from typer.testing import CliRunner

    from newsevents.cli import app

    result = CliRunner().invoke(app, ["code", str(sharded / "*.jsonl"), "--engine", "dask", "-w", "1", "-q",
                                      "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "E118 duplicate id" in result.output  # found after all shards, still reported
    assert "13 articles read, 12 coded, 1 failed" in result.output
