"""Durability: kill -9 at random moments during ingest and during export.

After every kill the store opens cleanly and holds each article at most once
with all of its mentions; a resumed ingest equals an uninterrupted one; an
export killed midway leaves the previous file or none, never half a file.
The default run does a few cycles of each; ``-m slow`` does 20 or more.
"""

from __future__ import annotations

import random
import subprocess
import sys
import time

import pytest

from newsevents.exports import export
from newsevents.run import ingest_inputs
from newsevents.store import Store

from .conftest import REPO
from .test_store import snapshot

CORPUS = REPO / "tests" / "data" / "gold" / "plover-gsr.dev.jsonl"


def _kill_at_random(command: list[str], rng: random.Random, *, ready, latest: float) -> bool:
    """Start ``command``, wait until ``ready()`` (or it ends), sleep a random
    0..``latest`` s, SIGKILL it. True when it was killed (not finished)."""
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while process.poll() is None and not ready() and time.monotonic() < deadline:
        time.sleep(0.005)
    time.sleep(rng.uniform(0.0, latest))
    killed = process.poll() is None
    if killed:
        process.kill()
    process.wait()
    return killed


def _check_consistent(db, reference_mentions: dict[str, int]) -> int:
    """The store opens; every stored article has exactly its mentions, once. Returns articles stored."""
    with Store(db) as store:
        per_article = dict(store.sql(
            "SELECT a.article_id, count(m.mention_id) FROM articles a LEFT JOIN mentions m USING (article_id) "
            "GROUP BY 1").values.tolist())
        duplicates = store.sql("SELECT count(*) - count(DISTINCT mention_id) AS d FROM mentions").d[0]
        orphans = store.sql("SELECT count(*) AS n FROM actors WHERE mention_id NOT IN "
                            "(SELECT mention_id FROM mentions)").n[0]
    assert duplicates == 0 and orphans == 0
    assert all(per_article[a] == reference_mentions.get(a, 0) for a in per_article), "an article lost mentions"
    return len(per_article)


@pytest.fixture(scope="module")
def reference(coder, tmp_path_factory):
    """A store of CORPUS ingested without interruption."""
    path = tmp_path_factory.mktemp("reference") / "reference.duckdb"
    ingest_inputs([CORPUS], path, coder=coder)
    return path


def test_killed_ingest_resumes_without_loss_or_duplicates(reference, tmp_path):
    """Kills once the first batch is being written (its write-ahead log appears)."""
    db = tmp_path / "killed.duckdb"
    wal = tmp_path / "killed.duckdb.wal"
    command = [sys.executable, "-m", "newsevents.cli", "ingest", str(CORPUS), "--db", str(db), "--batch-size", "8"]
    rng = random.Random(4)
    kills, stored = 0, []
    for _ in range(3):
        kills += _kill_at_random(command, rng, ready=wal.exists, latest=1.5)
        if db.exists():
            with Store(db) as store:  # opens cleanly after kill -9
                stored.append(store.counts()["articles"])
    total = len(snapshot(reference)["articles"])
    assert kills >= 2 and any(0 < n < total for n in stored), (kills, stored, total)
    final = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert final.returncode == 0, final.stderr
    assert snapshot(db) == snapshot(reference)


def _ingest_rounds(corpus, tmp_path, rounds: int, kills_per_round: int, seed: int) -> tuple[int, list[int]]:
    """Rounds of: a fresh store, ``kills_per_round`` ingests killed at random
    moments (each resuming the last), then one run to the end, which must
    equal an uninterrupted ingest. Returns (kills, articles stored after each kill)."""
    reference = tmp_path / "reference.duckdb"
    command = [sys.executable, "-m", "newsevents.cli", "ingest", str(corpus), "--batch-size", "2", "--quiet", "--db"]
    start = time.monotonic()
    subprocess.run(command + [str(reference)], check=True, capture_output=True, timeout=600)
    whole = time.monotonic() - start  # an uninterrupted run, model loading included
    with Store(reference, read_only=True) as store:
        reference_mentions = dict(store.sql("SELECT article_id, count(*) FROM mentions GROUP BY 1").values.tolist())
    rng = random.Random(seed)
    kills, stored = 0, []
    for round_ in range(rounds):
        db = tmp_path / f"killed-{round_}.duckdb"
        for _ in range(kills_per_round):
            kills += _kill_at_random(command + [str(db)], rng, ready=lambda: True, latest=whole * 0.9)
            if db.exists():
                stored.append(_check_consistent(db, reference_mentions))
        final = subprocess.run(command + [str(db)], capture_output=True, text=True, timeout=600)
        assert final.returncode == 0, final.stderr
        assert snapshot(db) == snapshot(reference)
    return kills, stored


def test_killed_ingest_loses_and_duplicates_nothing(tmp_path):
    kills, stored = _ingest_rounds(REPO / "tests" / "data" / "gold" / "petr2-gsr.dev.jsonl", tmp_path,
                                   rounds=2, kills_per_round=2, seed=11)
    assert kills >= 3 and len(set(stored)) >= 2, (kills, stored)


@pytest.mark.slow
def test_killed_ingest_20_times(tmp_path):
    kills, stored = _ingest_rounds(CORPUS, tmp_path, rounds=8, kills_per_round=3, seed=7)
    print(f"ingest: {kills} kills, articles stored after each: {stored}")
    assert kills >= 20 and len(set(stored)) >= 5


def _export_cycles(store_db, tmp_path, cycles: int, seed: int) -> int:
    """Kill exports just after they start writing (their temporary file appears)."""
    rng = random.Random(seed)
    kills = 0
    for fmt, name in (("gdelt", "events.tsv"), ("parquet", "mentions.parquet")):
        table = [] if fmt == "gdelt" else ["--table", "mentions"]
        expected = tmp_path / f"expected-{name}"
        with Store(store_db, read_only=True) as store:
            export(store, fmt, expected, **({} if fmt == "gdelt" else {"table": "mentions"}))
        target = tmp_path / name
        command = [sys.executable, "-m", "newsevents.cli", "export", "--db", str(store_db), "--format", fmt,
                   "-o", str(target), *table]
        for _ in range(cycles // 2):
            started = lambda: any(tmp_path.glob(f".{name}.*.tmp"))  # noqa: E731
            kills += _kill_at_random(command, rng, ready=started, latest=0.02)
            assert not target.exists() or target.read_bytes() == expected.read_bytes()  # whole or absent
            with Store(store_db, read_only=True) as store:  # opens cleanly
                assert store.counts()["events"] > 0
        finished = subprocess.run(command, capture_output=True, text=True, timeout=120)
        assert finished.returncode == 0, finished.stderr
        assert target.read_bytes() == expected.read_bytes()
        assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []  # leftovers cleaned
    return kills


def test_killed_export_leaves_whole_files(reference, tmp_path):
    assert _export_cycles(reference, tmp_path, cycles=4, seed=3) >= 2


@pytest.mark.slow
def test_killed_export_20_times(reference, tmp_path):
    kills = _export_cycles(reference, tmp_path, cycles=24, seed=5)
    print(f"export: {kills} kills")
    assert kills >= 12
