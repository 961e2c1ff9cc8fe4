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
