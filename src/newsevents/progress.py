"""Progress of long runs: a live bar on a terminal, plain periodic lines otherwise.

On a terminal, :class:`RunProgress` draws a rich progress bar with
articles per second, events and the time left; when standard error is a
file or a pipe (a batch job, a log), it writes one line every
``interval`` seconds instead, e.g.::

    newsevents: 1,200 of 20,000 articles (6%), 60.1 articles/s, 3,400 events, 5m12s left

The total is counted ahead of the run where that is cheap
(:func:`count_articles`: lines of JSONL files, ``.txt`` files); without
it the bar shows the rate only.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

__all__ = ["RunProgress", "count_articles"]


def count_articles(inputs: Sequence[str | Path]) -> int | None:
    """How many articles ``inputs`` hold, when cheap to count: one per
    non-blank line of a ``.jsonl`` file, one per ``.txt`` file (also in a
    directory). None when any input is of another kind (stdin, archives,
    tables) or cannot be read: the run then shows its rate without a total."""
    total = 0
    for item in inputs:
        path = Path(item)
        try:
            if str(item) == "-" or not path.exists():
                return None
            if path.is_dir():
                total += sum(1 for p in path.glob("*.txt") if p.is_file())
            elif path.suffix.lower() == ".txt":
                total += 1
            elif path.suffix.lower() == ".jsonl":
                with open(path, "rb") as handle:
                    total += sum(1 for line in handle if line.strip())
            else:
                return None
        except OSError:
            return None
    return total


def _duration(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m" if hours else f"{minutes}m{secs:02d}s"


class RunProgress:
    """Report a run's progress on ``stream`` (default standard error).

    Args:
        total: articles expected, or None when unknown.
        stream: where to write; a terminal gets a live bar.
        interval: seconds between plain lines when ``stream`` is not a terminal.
        enabled: False reports nothing (``--quiet``).

    Use as a context manager and call :meth:`advance` once per article.
    """

    def __init__(self, total: int | None, *, stream: TextIO | None = None, interval: float = 10.0,
                 enabled: bool = True) -> None:
        self.total, self.interval, self.enabled = total, interval, enabled
        self.stream = stream if stream is not None else sys.stderr
        self.articles = self.events = 0
        self._started = self._last = time.monotonic()
        self._first: tuple[float, int] | None = None  # (time, articles) when the first article was done
        self._bar = self._task = None

    def __enter__(self) -> RunProgress:
        if self.enabled and self.stream.isatty():
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskProgressColumn, TextColumn

            self._bar = Progress(TextColumn("coding"), BarColumn(), MofNCompleteColumn(), TaskProgressColumn(),
                                 TextColumn("{task.fields[rate]} articles/s, {task.fields[events]} events"
                                            "{task.fields[left]}"),
                                 console=Console(file=self.stream), transient=True)
            self._bar.start()
            self._task = self._bar.add_task("coding", total=self.total, rate="0.0", events=0, left="")
        return self

    def advance(self, events: int = 0) -> None:
        """One more article done, with ``events`` events."""
        self.add(1, events)

    def add(self, articles: int, events: int = 0) -> None:
        """``articles`` more articles done (e.g. a finished shard), with ``events`` events."""
        self.articles += articles
        self.events += events
        if not self.enabled:
            return
        now = time.monotonic()
        if self._first is None:
            self._first = (now, self.articles)
        if self._bar is not None:
            left = self.time_left()
            self._bar.update(self._task, advance=articles, rate=f"{self.rate():.1f}", events=self.events,
                             left=f", {_duration(left)} left" if left is not None else "")
        elif now - self._last >= self.interval:
            self._last = now
            self.stream.write(self.line() + "\n")
            self.stream.flush()

    def rate(self) -> float:
        """Articles per second since the first article was done (model loading
        and start-up are not counted); 0.0 before the second."""
        if self._first is None:
            return 0.0
        since, done = self._first
        return (self.articles - done) / max(time.monotonic() - since, 1e-9)

    def time_left(self) -> float | None:
        """Seconds left at the current rate, or None without a total or a rate."""
        rate = self.rate()
        if not self.total or rate <= 0:
            return None
        return max(self.total - self.articles, 0) / rate

    def line(self) -> str:
        """The plain progress line."""
        done = f"{self.articles:,}"
        if self.total:
            done += f" of {self.total:,} articles ({100 * self.articles / self.total:.0f}%)"
        else:
            done += " articles"
        text = f"newsevents: {done}, {self.rate():.1f} articles/s, {self.events:,} events"
        left = self.time_left()
        if left is not None:
            text += f", {_duration(left)} left"
        return text

    def __exit__(self, *exc) -> None:
        if self._bar is not None:
            self._bar.stop()
