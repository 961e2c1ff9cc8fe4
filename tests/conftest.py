"""Shared fixtures: one Coder (spaCy model + dictionaries) per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"  # present in CI beside the checkout; absent on a user's machine


@pytest.fixture(scope="session")
def coder():
    from newsevents.coder import Coder

    return Coder()


@pytest.fixture(scope="session")
def nlp(coder):
    return coder.nlp


def codes(actors) -> set[str]:
    return {a.code for a in actors}


STORE_CORPUS = REPO / "tests" / "data" / "store_corpus.jsonl"
"""Made-up wire reports: one shelling reported by two outlets, a later one, a
pledge reported twice a day apart, and one empty article (fails E110)."""

EXAMPLE = REPO / "examples" / "biden-putin-call.txt"


@pytest.fixture(scope="session")
def store_db(coder, tmp_path_factory):
    """A store ingested from STORE_CORPUS and the example article (published
    2021-01-27). Read it; do not write to it (copy it first)."""
    import datetime

    from newsevents.run import ingest_inputs

    path = tmp_path_factory.mktemp("store") / "events.duckdb"
    ingest_inputs([STORE_CORPUS], path, coder=coder)
    ingest_inputs([EXAMPLE], path, coder=coder, published=datetime.date(2021, 1, 27))
    return path
