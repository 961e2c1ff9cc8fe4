"""A per-article time limit for corpus runs, by an interval timer.

:func:`deadline` raises :class:`ArticleTimeout` in the block it guards when
the time is up. It uses ``SIGALRM`` (``signal.setitimer``), so it works in a
process's main thread on Unix, where corpus runs and their worker processes
code; elsewhere (a thread, Windows) it does nothing, and says so through
:func:`available`. The signal is handled whenever Python code runs, which
in newsevents is at least between two spaCy components and between two
sentences of our own coding: a run-away article is stopped within a
fraction of a second of its limit. Where the exception is swallowed (a
garbage-collector callback, a broad ``except`` in a library), the alarm
comes again every half second until it takes.

The HTTP API does not use this: it kills a child process instead
(:mod:`newsevents.coding_worker`).
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from .errors import CodingError

__all__ = ["ArticleTimeout", "available", "deadline"]

REPEAT = 0.5  # seconds between further alarms once the limit is past


class ArticleTimeout(CodingError):
    """Coding took longer than the per-article time limit and was stopped."""

    code = "E302"


def available() -> bool:
    """True when :func:`deadline` can stop work here (Unix, main thread)."""
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def deadline(seconds: float | None, what: str = "coding") -> Iterator[None]:
    """Raise :class:`ArticleTimeout` inside the block after ``seconds``
    (wall-clock). ``None`` or ``0``, or where :func:`available` is False:
    no limit. Not re-entrant: an inner deadline replaces the outer one.

    Raises:
        ArticleTimeout: the block ran past ``seconds``; the message says
            ``what`` and the limit.
    """
    if not seconds or not available():
        yield
        return

    active = True

    def expire(signum, frame):
        if active:
            raise ArticleTimeout(f"{what} took longer than the time limit of {seconds:g} s and was stopped")

    previous = signal.signal(signal.SIGALRM, expire)
    # after the first expiry the timer fires again every REPEAT seconds: an exception raised
    # where Python discards it (a garbage-collector callback, a broad "except") is raised again
    signal.setitimer(signal.ITIMER_REAL, seconds, REPEAT)
    try:
        yield
    finally:
        active = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
