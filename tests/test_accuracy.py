"""Accuracy floors: every gold file of tests/data/gold/ is coded and scored on
every run; a test fails when a file's F1 drops below its floor, or when the seed
article has a must_not violation."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsevents.evaluation import code_gold, evaluate, load_gold

GOLD_DIR = Path(__file__).parent / "data" / "gold"
GOLD_FILES = sorted(GOLD_DIR.glob("*.jsonl"))

# F1 floor per gold file (file stem). A floor is set a little under the figure
# reached and must only go up: lower one only on purpose, saying why in the commit.
FLOORS = {
    "seed": 0.95,  # reached 1.00 (11/11, no false positive)
    "plover-gsr.dev": 0.61,  # reached 0.636
    "petr2-gsr.dev": 0.42,  # reached 0.448
    "voa.dev": 0.37,  # reached 0.400
}
NO_VIOLATIONS = {"seed"}  # files where any must_not violation fails the test


def test_every_gold_file_has_a_floor():
    assert sorted(FLOORS) == sorted(p.stem for p in GOLD_FILES)


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.stem)
def test_f1_floor(coder, path):
    gold = load_gold([path])
    evaluation = evaluate(gold, code_gold(gold, coder=coder))
    totals = evaluation.overall()
    measured = (f"{path.stem}: F1 {totals.f1:.3f} (P {totals.precision:.3f}, R {totals.recall:.3f}; "
                f"tp {totals.tp}, fp {totals.fp}, fn {totals.fn}, must_not {totals.violations}) "
                f"over {len(evaluation.articles)} articles, floor {FLOORS[path.stem]:.2f}")
    print(measured)
    assert not gold.unread and evaluation.articles, measured
    assert not evaluation.failed, [str(f) for f in evaluation.failed]
    assert totals.f1 >= FLOORS[path.stem], f"F1 below the floor: {measured}"
    if path.stem in NO_VIOLATIONS:
        assert totals.violations == 0, f"must_not violated: {measured}"
