"""The exception hierarchy of newsevents.

Every error carries a stable ``code`` (``E1xx`` input, ``E2xx`` data files,
``E3xx`` coding) so that logs, the ``--errors`` file and the CLI exit status
can name the problem without parsing a message.
"""

from __future__ import annotations


class NewsEventsError(Exception):
    """Base class. ``code`` is a stable identifier such as ``"E101"``."""

    code = "E000"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code

    def __str__(self) -> str:  # "E101: file.txt: empty article"
        return f"{self.code}: {self.args[0]}"


class InputError(NewsEventsError):
    """An input (file, directory, JSONL line, stdin) cannot be read as articles."""

    code = "E100"


class ArticleError(NewsEventsError):
    """One article is unusable (empty, binary, not UTF-8, not English, too long)."""

    code = "E110"


class DataFileError(NewsEventsError):
    """A packaged or user data file (lexicon, knowledge base, ontology) is invalid.

    The message names the file and line (``file:line``).
    """

    code = "E200"


class CodingError(NewsEventsError):
    """The coder failed on an article for a reason other than its input."""

    code = "E300"


class StoreError(NewsEventsError):
    """The event store (a DuckDB file) cannot be opened, written or queried:
    locked by another process, not a newsevents store, or a bad query."""

    code = "E400"


class EngineError(NewsEventsError):
    """A distributed run (``--engine dask``) cannot start or finish: Dask is
    not installed, the scheduler cannot be reached, the output directory
    holds other files, or a shard failed on every retry."""

    code = "E500"
