"""Progress reporting: totals counted ahead, plain lines when not on a terminal."""

from __future__ import annotations

import io
import json

from newsevents.progress import RunProgress, count_articles
from newsevents.run import code_inputs, ingest_inputs

from .conftest import EXAMPLE, STORE_CORPUS


def test_count_articles(tmp_path):
    folder = tmp_path / "texts"
    folder.mkdir()
    for name in ("a.txt", "b.txt", "notes.md"):
        (folder / name).write_text("Russia attacked Ukraine.", encoding="utf-8")
    assert count_articles([STORE_CORPUS]) == 5
    assert count_articles([STORE_CORPUS, EXAMPLE, folder]) == 8
    assert count_articles(["-"]) is None and count_articles([tmp_path / "missing.jsonl"]) is None
    assert count_articles([tmp_path / "archive.warc.gz"]) is None  # not counted ahead


def test_plain_lines_give_counts_rate_and_time_left():
    stream = io.StringIO()
    with RunProgress(4, stream=stream, interval=0.0) as progress:
        progress.advance(3)
        progress.advance(0)
    lines = stream.getvalue().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("newsevents: 1 of 4 articles (25%), ") and "articles/s, 3 events" in lines[0]
    assert "left" not in lines[0]  # no rate yet: the time to the first article (model loading) is not one
    assert lines[1].endswith("left") and "2 of 4 articles (50%)" in lines[1]
    quiet = io.StringIO()
    with RunProgress(4, stream=quiet, interval=0.0, enabled=False) as progress:
        progress.advance(1)
    assert quiet.getvalue() == "" and progress.articles == 1


def test_runs_advance_once_per_article(coder, tmp_path):
    stream = io.StringIO()
    with RunProgress(5, stream=stream, interval=0.0) as progress:
        summary = code_inputs([STORE_CORPUS], output=tmp_path / "out.jsonl", coder=coder, progress=progress)
    assert progress.articles == summary.read == 5 and progress.events == summary.events
    assert stream.getvalue().splitlines()[-1].startswith("newsevents: 5 of 5 articles (100%), ")
    with RunProgress(5, stream=io.StringIO(), interval=3600) as progress:
        first = ingest_inputs([STORE_CORPUS], tmp_path / "s.duckdb", coder=coder, progress=progress)
    assert progress.articles == first.read == 5 and progress.events == first.mentions
    with RunProgress(5, stream=io.StringIO(), interval=3600) as again:
        ingest_inputs([STORE_CORPUS], tmp_path / "s.duckdb", coder=coder, progress=again)
    assert again.articles == 5 and again.events == 0  # unchanged articles count as done
    assert json.loads((tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()[0])["article_id"]
