"""Event records and failures as Parquet files (pyarrow), written as a stream.

One Parquet row per event record: the columns of the store's ``mentions``
table (:func:`newsevents.rows.mention_row`, with ``mention_id`` named
``event_id`` as in the record, and without ``global_event_id``, which only
de-duplication assigns) plus the actors' and recipients' names
and sectors, with an explicit schema so every file of a partitioned run
reads back as one dataset (``pyarrow.dataset``, DuckDB ``read_parquet``,
``dask.dataframe.read_parquet``). ``event_date`` is a Parquet date;
``record_json`` holds the whole record.

Files are written to ``PATH.tmp`` and renamed when complete, so a reader (or
a retried task) never sees half a file.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from ._version import __version__
from .articles import ArticleFailure
from .records import Event
from .rows import mention_row

__all__ = ["EVENT_SCHEMA", "FAILURE_SCHEMA", "ParquetEventWriter", "write_failures"]

_str, _int, _float = pa.string(), pa.int32(), pa.float64()
_strings = pa.list_(pa.string())

EVENT_SCHEMA = pa.schema([
    ("event_id", _str), ("article_id", _str), ("coder_version", _str), ("event_type", _str), ("mode", _str),
    ("contexts", _strings), ("cameo_code", _str), ("quad_class", pa.int8()), ("goldstein", _float),
    ("plover_score", _float),
    ("actor_codes", _strings), ("actor_names", _strings), ("actor_sectors", _strings),
    ("recipient_codes", _strings), ("recipient_names", _strings), ("recipient_sectors", _strings),
    ("modality", _str), ("attribution_text", _str), ("attribution_name", _str),
    ("attribution_start", _int), ("attribution_end", _int),
    ("event_date", pa.date32()), ("date_precision", _str), ("date_text", _str), ("date_basis", _str),
    ("date_start", _int), ("date_end", _int),
    ("location_text", _str), ("location_name", _str), ("location_country", _str), ("location_admin1", _str),
    ("location_lat", _float), ("location_lon", _float), ("location_geonames_id", pa.int64()),
    ("location_basis", _str), ("location_start", _int), ("location_end", _int),
    ("sentence_index", _int), ("sentence_start", _int), ("sentence_end", _int), ("sentence", _str),
    ("trigger_text", _str), ("trigger_start", _int), ("trigger_end", _int), ("confidence", _float),
    ("record_json", _str),
])
"""Columns of an event Parquet file, in order (one row per event record)."""

FAILURE_SCHEMA = pa.schema([("source", _str), ("article_id", _str), ("code", _str), ("reason", _str),
                            ("coder_version", _str)])
"""Columns of a failures Parquet file: the input (``"file.jsonl:12"``), the
article id when known, the stable error code and the reason."""


def event_row(event: Event) -> dict:
    """The Parquet row of one event record (:data:`EVENT_SCHEMA`)."""
    row = {"event_id": event.event_id, **mention_row(event)}
    del row["mention_id"], row["global_event_id"]
    row["event_date"] = dt.date.fromisoformat(event.event_date) if event.event_date else None
    for role, actors in (("actor", event.actors), ("recipient", event.recipients)):
        row[f"{role}_names"] = [a.name for a in actors]
        row[f"{role}_sectors"] = [a.sector for a in actors]
    return row


class ParquetEventWriter:
    """Stream event records into one Parquet file at ``path``.

    Rows are buffered and written as row groups of ``row_group_size`` rows,
    so memory does not grow with the run. The file appears at ``path`` only
    when the writer is closed without error (written to ``path.tmp`` first).
    A run with no events still writes a valid file with the schema.

    Raises:
        OSError: ``path`` cannot be written.
    """

    def __init__(self, path: str | Path, *, row_group_size: int = 10_000) -> None:
        self.path = Path(path)
        self.rows = 0
        self._tmp = self.path.with_name(self.path.name + ".tmp")
        self._size = row_group_size
        self._buffer: list[dict] = []
        self._writer = pq.ParquetWriter(self._tmp, EVENT_SCHEMA, compression="zstd")

    def write(self, events: Iterable[Event]) -> None:
        """Add event records, in order."""
        for event in events:
            self._buffer.append(event_row(event))
            self.rows += 1
            if len(self._buffer) >= self._size:
                self._flush()

    def _flush(self) -> None:
        if self._buffer:
            self._writer.write_table(pa.Table.from_pylist(self._buffer, schema=EVENT_SCHEMA))
            self._buffer = []

    def close(self) -> None:
        """Write what is buffered and move the file into place."""
        self._flush()
        self._writer.close()
        os.replace(self._tmp, self.path)

    def abort(self) -> None:
        """Drop the unfinished file."""
        self._writer.close()
        self._tmp.unlink(missing_ok=True)

    def __enter__(self) -> ParquetEventWriter:
        return self

    def __exit__(self, kind, *exc) -> None:
        if kind is None:
            self.close()
        else:
            self.abort()


def write_failures(path: str | Path, failures: Iterable[ArticleFailure]) -> int:
    """Write ``failures`` to a Parquet file at ``path`` (:data:`FAILURE_SCHEMA`),
    atomically; returns the number of rows."""
    rows = [{"source": f.source, "article_id": f.article_id, "code": f.code, "reason": f.reason,
             "coder_version": __version__} for f in failures]
    path = Path(path)
    tmp = path.with_name(path.name + ".tmp")
    pq.write_table(pa.Table.from_pylist(rows, schema=FAILURE_SCHEMA), tmp, compression="zstd")
    os.replace(tmp, path)
    return len(rows)
