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
from itertools import chain
from pathlib import Path
from typing import TextIO

from .coder import Coder
from .ingest import Article, ArticleFailure, read_inputs
from .parallel import code_in_processes
from .parquet_out import ParquetEventWriter
from .progress import RunProgress
from .records import Event
from .store import Store, content_hash


DEFAULT_TIME_LIMIT = 120.0
"""Seconds one article may take to code in a corpus run. The longest article
accepted (1,000,000 characters) codes in about 80 s on the project machine,
100 s when it is one single sentence."""


class OutputFormat(str, Enum):
    """``jsonl``: one event per line; ``json``: one array; ``table``: for people
    (tab-separated, one row per event); ``parquet``: one row per event
    (:data:`newsevents.parquet_out.EVENT_SCHEMA`), to a file only."""

    jsonl = "jsonl"
    json = "json"
    table = "table"
    parquet = "parquet"


@dataclass
class RunSummary:
    """Counts of one run: articles read, coded (without error, events or
    not), failed, and events written."""

    read: int = 0
    coded: int = 0
    failed: int = 0
    events: int = 0

    def line(self) -> str:
        return (f"newsevents: {self.read} article{'' if self.read == 1 else 's'} read, {self.coded} coded, "
                f"{self.failed} failed, {self.events} event{'' if self.events == 1 else 's'} written")


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


def _code(articles, coder: Coder | None, workers: int, keep_unasserted: bool = False,
          time_limit: float | None = None, batch_size: int = 64):
    """``(article or failure, events)`` pairs: on ``workers`` processes, or with ``coder`` (loaded if
    None), in batches of at most ``batch_size`` articles."""
    if workers > 1:
        return code_in_processes(articles, workers=workers, keep_unasserted=keep_unasserted, time_limit=time_limit,
                                 batch_size=min(batch_size, 16))
    return (coder or Coder(keep_unasserted=keep_unasserted)).code_articles(
        articles, time_limit=time_limit, batch_size=min(batch_size, 64))


def code_inputs(inputs: Sequence[str | Path], *, published: dt.date | None = None, fmt: OutputFormat = OutputFormat.jsonl,
                output: Path | None = None, errors: Path | None = None, keep_unasserted: bool = False,
                coder: Coder | None = None, stdin=None, stderr: TextIO | None = None,
                progress: RunProgress | None = None, workers: int = 1,
                time_limit: float | None = DEFAULT_TIME_LIMIT) -> RunSummary:
    """Code every article of ``inputs`` and write the events.

    Events go to ``output`` (or standard output) in ``fmt``; each failed
    article is one line on ``stderr`` and, with ``errors``, one JSON object
    per line in that file (source, article_id, code, reason). Nothing is
    lost: every article is counted as coded or failed. ``progress`` is
    advanced once per article. With ``workers`` above 1, articles are coded
    on that many processes (:mod:`newsevents.parallel`); the output is the
    same, in the same order. An article that takes longer than
    ``time_limit`` seconds to code fails with E302 (None: no limit). ``fmt`` parquet needs ``output``; the file
    appears only when the run completes.

    Raises:
        ValueError: Parquet output without ``output``.

    Returns:
        The :class:`RunSummary` counts.
    """
    if fmt is OutputFormat.parquet and output is None:
        raise ValueError("Parquet output needs an output file (--output)")
    summary = RunSummary()
    first = True
    with ExitStack() as stack:
        if fmt is OutputFormat.parquet:
            out = stack.enter_context(ParquetEventWriter(output))
        else:
            out = stack.enter_context(open(output, "w", encoding="utf-8")) if output else sys.stdout
        err_file = stack.enter_context(open(errors, "w", encoding="utf-8")) if errors else None
        if fmt is OutputFormat.json:
            out.write("[")
        elif fmt is OutputFormat.table:
            out.write(TABLE_HEADER + "\n")
        articles = read_inputs(inputs, published=published, stdin=stdin)
        for item, events in _code(articles, coder, workers, keep_unasserted, time_limit):
            summary.read += 1
            if progress is not None:
                progress.advance(len(events))
            if isinstance(item, ArticleFailure):
                summary.failed += 1
                if stderr is not None:
                    stderr.write(f"failed: {item}\n")
                if err_file is not None:
                    err_file.write(json.dumps(item.to_dict(), ensure_ascii=False) + "\n")
                continue
            summary.coded += 1
            if fmt is OutputFormat.parquet:
                out.write(events)
                summary.events += len(events)
                continue
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
        if fmt is not OutputFormat.parquet:
            out.flush()
    return summary


@dataclass
class IngestSummary:
    """Counts of one ingest: articles read, coded and stored now, unchanged
    (already stored with the same content hash, skipped), skipped because
    their coding failed before (see ``retry_failed``), failed now; mentions
    stored now; and the store's event count after de-duplication."""

    read: int = 0
    coded: int = 0
    unchanged: int = 0
    skipped_failed: int = 0
    failed: int = 0
    mentions: int = 0
    events: int = 0

    def line(self) -> str:
        return (f"newsevents: {self.read} articles read, {self.coded} coded, {self.unchanged} unchanged, "
                f"{self.skipped_failed} skipped (failed before), {self.failed} failed, {self.mentions} mentions stored; "
                f"{self.events} events in the store")


def ingest_inputs(inputs: Sequence[str | Path], db: str | Path, *, published: dt.date | None = None,
                  retry_failed: bool = False, window_days: int | None = None, batch_size: int = 64,
                  coder: Coder | None = None, stdin=None, stderr: TextIO | None = None,
                  progress: RunProgress | None = None, workers: int = 1,
                  time_limit: float | None = DEFAULT_TIME_LIMIT) -> IngestSummary:
    """Code the articles of ``inputs`` into the store at ``db`` (created if
    missing) and rebuild its de-duplicated events.

    Articles already stored with the same content hash are skipped before
    parsing; an article stored under the same id with other content is
    re-coded and replaced. Articles whose coding failed in an earlier run
    are skipped unless ``retry_failed``. Writes are committed every
    ``batch_size`` articles, so a run killed at any moment and started again
    stores every article exactly once. With no inputs, only rebuilds the
    events (e.g. with another ``window_days``). ``workers`` above 1 codes on
    that many processes, with the same result. An article that takes longer
    than ``time_limit`` seconds to code is stored as a failure (E302).

    Raises:
        StoreError: the store cannot be opened (locked, not a store).
    """
    summary = IngestSummary()
    with Store(db) as store:
        known = store.known_articles()
        failed_before = store.failed_article_ids()

        coded: list[tuple[Article, list[Event]]] = []
        failures: list[ArticleFailure] = []

        def step(events: int = 0) -> None:
            if progress is not None:
                progress.advance(events)

        def fail(failure: ArticleFailure) -> None:
            step()
            summary.failed += 1
            failures.append(failure)
            if stderr is not None:
                stderr.write(f"failed: {failure}\n")

        def to_code(stream):
            """The articles that need coding; read failures are recorded on the way."""
            for item in stream:
                summary.read += 1
                if isinstance(item, ArticleFailure):
                    fail(item)
                elif known.get(item.id) == content_hash(item):
                    summary.unchanged += 1
                    step()
                elif item.id in failed_before and not retry_failed:
                    summary.skipped_failed += 1
                    step()
                else:
                    yield item

        todo = to_code(read_inputs(inputs, published=published, stdin=stdin)) if inputs else iter(())
        first = next(todo, None)  # load the language model only when there is something to code
        items = (_code(chain([first], todo), coder, workers, time_limit=time_limit, batch_size=batch_size)
                 if first is not None else ())
        for item, events in items:
            if isinstance(item, ArticleFailure):  # coding raised (E300)
                fail(item)
            else:
                step(len(events))
                summary.coded += 1
                summary.mentions += len(events)
                coded.append((item, events))
            if len(coded) + len(failures) >= batch_size:
                store.write_batch(coded, failures)
                coded, failures = [], []
        store.write_batch(coded, failures)
        if not inputs or store.stale or window_days is not None and window_days != store.window_days:
            store.rebuild_events(window_days=window_days)
        summary.events = store.counts()["events"]
    return summary
