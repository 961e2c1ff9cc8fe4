"""Coding on several processes gives the same output, in the same order."""

from __future__ import annotations

import pytest

from newsevents.parallel import code_in_processes
from newsevents.run import code_inputs

from .conftest import EXAMPLE, STORE_CORPUS, REPO


def test_two_workers_write_the_same_bytes_as_one(coder, tmp_path):
    inputs = [STORE_CORPUS, EXAMPLE, REPO / "tests" / "data" / "gold" / "petr2-gsr.dev.jsonl"]
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    single = code_inputs(inputs, output=one, coder=coder, published=None)
    double = code_inputs(inputs, output=two, workers=2)
    assert (double.read, double.coded, double.failed, double.events) == (
        single.read, single.coded, single.failed, single.events)
    assert single.failed == 1 and single.events > 40  # the empty article of STORE_CORPUS fails in both
    assert two.read_bytes() == one.read_bytes()


def test_failures_pass_through_in_order():
    from newsevents.ingest import read_inputs

    items = [item for item, _ in code_in_processes(read_inputs([STORE_CORPUS]), workers=2, batch_size=2)]
    assert [getattr(i, "id", None) or i.article_id for i in items] == [
        "wire-1", "daily-2", "gazette-3", "herald-4", "bad-5"]
    with pytest.raises(ValueError, match="at least 1"):
        next(code_in_processes([], workers=0))


def test_same_bytes_from_separate_runs_whatever_the_hash_seed(tmp_path):
    """Coding is deterministic across processes: Python's per-process string
    hashing (set and dict order) must not reach the output."""
    import os
    import subprocess
    import sys

    inputs = [str(STORE_CORPUS), str(EXAMPLE), str(REPO / "tests" / "data" / "gold" / "petr2-gsr.dev.jsonl")]
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / f"run-{seed}.jsonl"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-m", "newsevents.cli", "code", *inputs, "--all-modalities", "-q",
                        "-o", str(out)], check=True, env=env, capture_output=True, timeout=300)
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1] and outputs[0].count(b"\n") > 40
