"""Coding on several processes of one machine, output in input order.

:func:`code_in_processes` is the multi-process twin of
:meth:`newsevents.coder.Coder.code_articles`: the same stream of
``(article or failure, events)`` pairs, in the same order, so the output of
a run does not depend on the number of workers. Each worker process loads
its own :class:`~newsevents.coder.Coder` once (spaCy is not shared across
processes) and codes batches of articles; at most ``2 * workers`` batches
are in flight, so memory stays bounded however long the input is.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import islice

from .ingest import Article, ArticleFailure
from .records import Event

__all__ = ["code_in_processes"]

_coder = None  # the worker process's Coder


_time_limit = None  # the worker process's per-article time limit


def _load(keep_unasserted: bool, time_limit: float | None = None) -> None:  # pragma: no cover - in the workers
    global _coder, _time_limit
    from .coder import Coder

    _coder, _time_limit = Coder(keep_unasserted=keep_unasserted), time_limit


def _code_batch(batch: list) -> list:  # pragma: no cover - runs in the worker processes
    return list(_coder.code_articles(batch, time_limit=_time_limit))


def code_in_processes(articles: Iterable[Article | ArticleFailure], *, workers: int, batch_size: int = 16,
                      keep_unasserted: bool = False, time_limit: float | None = None,
                      ) -> Iterator[tuple[Article | ArticleFailure, list[Event]]]:
    """Code ``articles`` on ``workers`` processes; yields what
    ``Coder.code_articles`` yields, in input order.

    Args:
        articles: articles and read failures (failures pass through).
        workers: worker processes (at least 1).
        batch_size: articles per task sent to a worker.
        keep_unasserted: as ``Coder(keep_unasserted=...)``.
        time_limit: seconds per article, as ``Coder.code_articles``.

    Raises:
        ValueError: ``workers`` or ``batch_size`` is below 1.
    """
    if workers < 1 or batch_size < 1:
        raise ValueError(f"workers and batch_size must be at least 1, got {workers} and {batch_size}")
    stream = iter(articles)
    context = multiprocessing.get_context("spawn")
    with context.Pool(workers, initializer=_load, initargs=(keep_unasserted, time_limit)) as pool:
        pending: deque = deque()
        while True:
            while len(pending) < 2 * workers:
                batch = list(islice(stream, batch_size))
                if not batch:
                    break
                pending.append(pool.apply_async(_code_batch, (batch,)))
            if not pending:
                return
            yield from pending.popleft().get()
