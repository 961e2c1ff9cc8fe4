"""Corpus runs: read inputs, code them, write events and failures, count.

The library function behind ``newsevents code``; usable from Python too.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TextIO

from .coder import Coder
from .ingest import ArticleFailure, read_inputs
from .records import Event


class OutputFormat(str, Enum):
    """``jsonl``: one event per line; ``json``: one array; ``table``: for people
    (tab-separated, one row per event)."""

    jsonl = "jsonl"
    json = "json"
    table = "table"


@dataclass
class RunSummary:
    """Counts of one run: articles read, coded (without error, events or
    not), failed, and events written."""

    read: int = 0
    coded: int = 0
    failed: int = 0
    events: int = 0

    def line(self) -> str:
        return f"newsevents: {self.read} articles read, {self.coded} coded, {self.failed} failed, {self.events} events written"


def _table_row(event: Event) -> str:
    def parties(actors) -> str:
        return ",".join(f"{a.code}{'/' + a.sector if a.sector else ''}" for a in actors) or "-"

    source = event.attribution.name if event.attribution else "-"
    return "\t".join([
        event.article_id, str(event.sentence_index), event.event_date or "-", event.event_type,
        event.mode or "-", parties(event.actors), parties(event.recipients), event.modality, source,
        event.trigger.text,
    ])


TABLE_HEADER = "article\tsent\tdate\ttype\tmode\tactors\trecipients\tmodality\tattribution\ttrigger"


def code_inputs(inputs: Sequence[str | Path], *, published: dt.date | None = None, fmt: OutputFormat = OutputFormat.jsonl,
                output: Path | None = None, errors: Path | None = None, keep_unasserted: bool = False,
                coder: Coder | None = None, stdin=None, stderr: TextIO | None = None) -> RunSummary:
    """Code every article of ``inputs`` and write the events.

    Events go to ``output`` (or standard output) in ``fmt``; each failed
    article is one line on ``stderr`` and, with ``errors``, one JSON object
    per line in that file (source, article_id, code, reason). Nothing is
    lost: every article is counted as coded or failed.

    Returns:
        The :class:`RunSummary` counts.
    """
    coder = coder or Coder(keep_unasserted=keep_unasserted)
    summary = RunSummary()
    first = True
    with ExitStack() as stack:
        out = stack.enter_context(open(output, "w", encoding="utf-8")) if output else sys.stdout
        err_file = stack.enter_context(open(errors, "w", encoding="utf-8")) if errors else None
        if fmt is OutputFormat.json:
            out.write("[")
        elif fmt is OutputFormat.table:
            out.write(TABLE_HEADER + "\n")
        for item, events in coder.code_articles(read_inputs(inputs, published=published, stdin=stdin)):
            summary.read += 1
            if isinstance(item, ArticleFailure):
                summary.failed += 1
                if stderr is not None:
                    stderr.write(f"failed: {item}\n")
                if err_file is not None:
                    err_file.write(json.dumps(item.to_dict(), ensure_ascii=False) + "\n")
                continue
            summary.coded += 1
            for event in events:
                summary.events += 1
                if fmt is OutputFormat.jsonl:
                    out.write(event.model_dump_json() + "\n")
                elif fmt is OutputFormat.json:
                    out.write(("\n" if first else ",\n") + event.model_dump_json(indent=2))
                else:
                    out.write(_table_row(event) + "\n")
                first = False
        if fmt is OutputFormat.json:
            out.write("\n]\n")
        out.flush()
    return summary
