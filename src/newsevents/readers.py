"""Readers of the inputs that need more than the standard library to be read
well: HTML pages (trafilatura), WARC archives (warcio), CSV tables and Parquet
files (pyarrow).

``newsevents.ingest.read_inputs`` picks a reader by file suffix and imports this
module only when such an input comes (trafilatura, warcio and pyarrow take a
fraction of a second each to import). Every reader streams: it holds one page,
one WARC record, one CSV row or one small Parquet batch at a time, and reports
each bad input, record, row or page as an ``ArticleFailure`` with a stable code
of ``newsevents.ingest``. Nothing is ever fetched from the network.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import datetime
import gzip
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from .errors import ArticleError, NewsEventsError
from .articles import (
    _DECOMPRESS_ERRORS,
    E_COLUMNS,
    E_CORRUPT,
    E_EMPTY,
    E_ENCODING,
    E_JSON,
    E_NO_TEXT,
    E_TOO_LONG,
    Article,
    ArticleFailure,
    _article_from_record,
    _make_article,
)

__all__ = ["MAX_HTML_BYTES", "article_from_html", "read_csv", "read_html_file", "read_parquet", "read_warc"]

MAX_HTML_BYTES = 20_000_000
"""Largest HTML page read, in bytes (trafilatura's own MAX_FILE_SIZE); a larger one fails with E117."""

TABLE_COLUMNS = ("id", "text", "published", "title", "outlet", "url", "language")
"""The columns of a CSV or Parquet file that are read (names in any case); ``id`` and ``text`` are required."""

CSV_ROW_BYTES_PER_CHAR = 4
"""A CSV row may have up to 4 bytes (the longest UTF-8 character) per character of
``max_chars``, plus 64 KiB for its other cells: a longer row is taken for a quote
that is never closed, and the rest of the file is skipped (E105)."""

PARQUET_BATCH_ROWS = 64
"""Rows decoded at a time from a Parquet file (its compressed row group is read as a whole)."""

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
"""The HTTP Content-Types of WARC response records that are read as pages."""

# htmldate: only dates the page states in its markup (meta tags, JSON-LD, <time>,
# the URL), not guesses from any date in the text (a copyright year, a comment).
_DATE_PARAMS = {"original_date": True, "extensive_search": False}
_META_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
# As browsers do (WHATWG Encoding): pages labelled Latin-1 or ASCII are windows-1252.
_CHARSET_ALIASES = {"iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252", "ascii": "cp1252",
                    "us-ascii": "cp1252"}


# ---------------------------------------------------------------- HTML pages

def read_html_file(path: Path, source: str, published: datetime.date | None, max_chars: int) -> Article | ArticleFailure:
    """One ``.html``/``.htm`` file as one article; its id is the file name without the extension."""
    article_id = path.stem
    size = path.stat().st_size
    if size > MAX_HTML_BYTES:
        return ArticleFailure(source, article_id, E_TOO_LONG, _too_big(size))
    return article_from_html(path.read_bytes(), source, article_id, published, max_chars)


def article_from_html(
    data: bytes, source: str, article_id: str, published: datetime.date | None, max_chars: int,
    *, url: str | None = None, charset: str | None = None, captured: datetime.date | None = None,
) -> Article | ArticleFailure:
    """The article of one HTML page, or why there is none.

    Its ``text`` is the page's main text as ``trafilatura.extract`` finds it
    (navigation, ads, footers and comments removed), and every character offset
    of the coded events points into that extracted text, not into the HTML.
    ``title``, ``outlet`` (the site name) and ``url`` come from the page's
    metadata; a given ``url`` (a WARC record's target URI) wins over the page's.
    ``published`` is the date the page states in its markup, else ``captured``
    (a WARC-Date), else ``published`` (the run's default). ``charset`` is the one
    an HTTP header declared. A page without main text fails with E119.
    """
    from trafilatura import extract, extract_metadata
    from trafilatura.utils import load_html

    try:
        tree = load_html(_decode_html(data, charset))
        # extract() works on a copy of the tree; no url is ever fetched
        text = extract(tree, url=url, include_comments=False) if tree is not None else None
        if not text or not text.strip():
            raise ArticleError("no main text in the HTML page (an empty, image-only or script-only page, "
                               "or not HTML)", code=E_NO_TEXT)
        meta = extract_metadata(tree, default_url=url, date_config=dict(_DATE_PARAMS))
        return _make_article(article_id, text, source, _page_date(meta.date) or captured or published, max_chars,
                             title=meta.title or None, outlet=meta.sitename or None, url=url or meta.url or None)
    except NewsEventsError as exc:
        return ArticleFailure(source, article_id, exc.code, exc.args[0])


def _decode_html(data: bytes, declared: str | None) -> str | bytes:
    """The page as text: UTF-8 when it decodes as UTF-8, else in the charset that the
    HTTP header or a ``<meta>`` tag declares; the bytes, for trafilatura to guess, if neither works."""
    data = data.removeprefix(codecs.BOM_UTF8)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    meta = _META_CHARSET_RE.search(data[:4096])
    for charset in (declared, meta.group(1).decode("ascii") if meta else None):
        if charset:
            try:
                return data.decode(_CHARSET_ALIASES.get(charset.lower(), charset))
            except (LookupError, UnicodeDecodeError):
                pass
    return data


def _page_date(value: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _too_big(size: int) -> str:
    return f"HTML page too large: {size:,} bytes, over the limit of {MAX_HTML_BYTES:,}"


# ---------------------------------------------------------------- WARC archives

class _Quiet(io.RawIOBase):
    """The (decompressed) archive for warcio, one chunk at a time. A truncated or
    corrupt gzip stream ends here quietly, ``error`` saying why, instead of
    raising inside warcio (which takes an EOFError in a record header for the end
    of the file); reading one chunk at a time loses nothing before the break."""

    def __init__(self, stream: Any) -> None:
        super().__init__()
        self.stream, self.error = stream, None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self.error is not None:
            return 0
        try:
            data = self.stream.read1(len(buffer))
        except _DECOMPRESS_ERRORS as exc:
            self.error = exc
            return 0
        buffer[: len(data)] = data
        return len(data)

    def tell(self) -> int:
        return self.stream.tell()


def read_warc(path: Path, name: str, published: datetime.date | None, max_chars: int
              ) -> Iterator[Article | ArticleFailure]:
    """Every HTML page of a WARC archive (``.warc``, or gzip-compressed whole or
    record by record), as ``article_from_html`` reads it.

    Only ``response`` records with a 2xx status and an HTML Content-Type are
    pages; requests, metadata, images, redirects, errors and the rest are skipped
    silently. ``id`` and ``url`` are the WARC-Target-URI (the WARC-Record-ID if it
    has none): readable, and the same page captured again in a later crawl keeps
    its id, so that the store updates it instead of counting its events twice; a
    URI seen again in the same file gets ``#2``, ``#3``... ``published`` is the
    page's own date, else the capture date (WARC-Date), which is the latest the
    page can have been published, else the run's default. ``source`` is
    ``"NAME:N"`` for the N-th record of the file (every record counts). The
    first truncated or corrupt record fails with E105 and ends the file; the
    pages before it are kept.
    """
    from warcio.archiveiterator import ArchiveIterator

    with path.open("rb") as raw:
        compressed = raw.read(2) == b"\x1f\x8b"
        raw.seek(0)
        with gzip.GzipFile(fileobj=raw, mode="rb") if compressed else contextlib.nullcontext(raw) as data:
            stream = _Quiet(data)
            records = ArchiveIterator(stream)
            ids: set[str] = set()
            number = 0
            while True:
                number += 1
                page = None
                try:
                    complaints = io.StringIO()
                    with contextlib.redirect_stderr(complaints):  # warcio writes its warnings to stderr
                        record = next(records, None)
                        problem = _warc_problem(records, record, stream, complaints)
                        if record is not None and problem is None:
                            page = _warc_page(record)
                            problem = _cut_off(record, stream)
                except Exception as exc:  # noqa: BLE001 - warcio raises anything on a damaged archive
                    problem = f"{type(exc).__name__}: {exc}"
                if problem is not None:
                    yield ArticleFailure(f"{name}:{number}", None, E_CORRUPT,
                                         f"corrupt or truncated WARC at record {number}: {problem}; "
                                         "the rest of the file is skipped")
                    return
                if record is None:
                    break
                if page is not None:
                    yield _article_from_warc_page(record, page, ids, f"{name}:{number}", published, max_chars)
            if number == 1:
                yield ArticleFailure(name, None, E_EMPTY, "empty file: no WARC records")


def _warc_problem(records: Any, record: Any, stream: _Quiet, complaints: io.StringIO) -> str | None:
    """What is wrong with the archive up to ``record``'s header (None: at its end), or None if nothing."""
    if stream.error is not None:
        return f"gzip data: {stream.error}"
    if records.err_count:
        return (complaints.getvalue().strip().splitlines() or [""])[0].removeprefix("WARNING: ").strip()
    if record is None:
        left = stream.tell() - records.offset
        return f"{left} bytes after the last complete record (cut off in a record header?)" if left > 0 else None
    length = record.rec_headers.get_header("Content-Length")
    if record.rec_type is None or length is None or not length.strip().isdigit():
        return "a record without WARC-Type or a valid Content-Length"
    return None


def _cut_off(record: Any, stream: _Quiet) -> str | None:
    """Why the record just read to its end is incomplete, or None."""
    if stream.error is not None:
        return f"gzip data: {stream.error}"
    missing = getattr(record.raw_stream, "limit", 0)
    return f"the record is cut off: the last {missing:,} of its bytes are missing" if missing > 0 else None


def _warc_page(record: Any) -> bytes | None:
    """The HTML of an HTML page's response record (at most MAX_HTML_BYTES + 1
    bytes, de-chunked and decompressed), or None for any other record; either
    way, the record is read to its end."""
    headers = record.http_headers
    body = None
    if record.rec_type == "response" and headers is not None and (headers.get_statuscode() or "").startswith("2"):
        media_type = (headers.get_header("Content-Type") or "").split(";")[0].strip().lower()
        if media_type in HTML_TYPES:
            body = record.content_stream().read(MAX_HTML_BYTES + 1)
    while record.raw_stream.read(1 << 16):
        pass
    return body


def _article_from_warc_page(
    record: Any, body: bytes, ids: set[str], source: str, published: datetime.date | None, max_chars: int
) -> Article | ArticleFailure:
    uri = (record.rec_headers.get_header("WARC-Target-URI") or "").strip()
    base = uri or (record.rec_headers.get_header("WARC-Record-ID") or "").strip().strip("<>") or source
    article_id, n = base, 1
    while article_id in ids:
        n += 1
        article_id = f"{base}#{n}"
    ids.add(article_id)
    if len(body) > MAX_HTML_BYTES:
        return ArticleFailure(source, article_id, E_TOO_LONG, _too_big(len(body)))
    charset = re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", record.http_headers.get_header("Content-Type") or "")
    try:
        captured = datetime.datetime.fromisoformat(record.rec_headers.get_header("WARC-Date") or "").date()
    except ValueError:
        captured = None
    return article_from_html(body, source, article_id, published, max_chars, url=uri or None,
                             charset=charset.group(1) if charset else None, captured=captured)


# ---------------------------------------------------------------- CSV tables

class _RowTooLong(Exception):
    pass


class _CsvLines:
    """The lines of a CSV file for ``csv.reader``, decoded one at a time so that
    invalid UTF-8 fails its row alone (``bad_byte``: the file offset of the first
    invalid byte of the current row) and no row grows past ``limit`` bytes.
    ``csv.reader`` reads exactly the lines of one row per step: ``next_row()``
    starts counting the next one."""

    def __init__(self, raw: BinaryIO, limit: int) -> None:
        self.raw, self.limit = raw, limit
        self.offset = 0  # of the next line in the file
        self.row_bytes = 0
        self.bad_byte: int | None = None

    def next_row(self) -> None:
        self.row_bytes, self.bad_byte = 0, None

    def __iter__(self) -> Iterator[str]:
        while line := self.raw.readline(self.limit - self.row_bytes + 1):
            start, self.offset = self.offset, self.offset + len(line)
            if start == 0 and line.startswith(codecs.BOM_UTF8):
                line, start = line[len(codecs.BOM_UTF8):], len(codecs.BOM_UTF8)
            self.row_bytes += len(line)
            if self.row_bytes > self.limit:
                raise _RowTooLong
            try:
                yield line.decode("utf-8")
            except UnicodeDecodeError as exc:
                if self.bad_byte is None:
                    self.bad_byte = start + exc.start
                yield line.decode("utf-8", "surrogateescape")


def read_csv(path: Path, name: str, published: datetime.date | None, max_chars: int
             ) -> Iterator[Article | ArticleFailure]:
    """Each row of a CSV file (UTF-8, comma-separated, a header row) as one article.

    The header names the columns (TABLE_COLUMNS, in any case; others are
    ignored); ``id`` and ``text`` are required (else E106 for the file). An empty
    cell is null, except that an empty ``text`` is an empty article (E110); a row
    without a ``text`` cell fails with E112. Blank rows are skipped. ``source``
    is ``"NAME:LINE"``, the line on which the row starts (the header is line 1).
    """
    limit = CSV_ROW_BYTES_PER_CHAR * max_chars + 65_536
    if csv.field_size_limit() < limit:  # the default, 131,072 characters, is shorter than many articles
        csv.field_size_limit(min(limit, 2**31 - 1))
    with path.open("rb") as raw:
        lines = _CsvLines(raw, limit)
        rows = csv.reader(lines, strict=True)
        columns: dict[str, int] | None = None
        line = 1  # where the next row starts
        while True:
            try:
                row = next(rows, None)
            except _RowTooLong:
                yield ArticleFailure(f"{name}:{line}", None, E_CORRUPT,
                                     f"the row starting on line {line} is over {limit:,} bytes (a quote that is "
                                     "never closed?); the rest of the file is skipped")
                return
            except csv.Error as exc:
                start, line = line, rows.line_num + 1
                lines.next_row()
                if rows.line_num and "unexpected end of data" in str(exc):
                    yield ArticleFailure(f"{name}:{start}", None, E_CORRUPT,
                                         f"the quoted cell of the row starting on line {start} is never closed; "
                                         "the rest of the file is skipped")
                    return
                yield ArticleFailure(f"{name}:{start}", None, E_JSON, f"malformed CSV row: {exc}")
                continue
            if row is None:
                break
            start, line, bad_byte = line, rows.line_num + 1, lines.bad_byte
            lines.next_row()
            if not any(cell.strip() for cell in row):
                continue
            if columns is None:
                columns = {}
                for i, cell in enumerate(row):
                    if cell.strip().lower() in TABLE_COLUMNS:
                        columns.setdefault(cell.strip().lower(), i)
                if "id" not in columns or "text" not in columns:
                    yield ArticleFailure(f"{name}:{start}", None, E_COLUMNS,
                                         f"the header {row[:10]!r} lacks an \"id\" or a \"text\" column")
                    return
                continue
            if bad_byte is not None:
                yield ArticleFailure(f"{name}:{start}", None, E_ENCODING,
                                     f"invalid UTF-8 at byte offset {bad_byte}: save the file as UTF-8")
                continue
            record = {key: row[i] if key == "text" else row[i] or None for key, i in columns.items() if i < len(row)}
            yield _article_from_record(record, f"{name}:{start}", published, max_chars)
        if columns is None:
            yield ArticleFailure(name, None, E_EMPTY, "empty file: no header row")


# ---------------------------------------------------------------- Parquet files

def read_parquet(path: Path, name: str, published: datetime.date | None, max_chars: int
                 ) -> Iterator[Article | ArticleFailure]:
    """Each row of a Parquet file as one article: the columns of ``read_csv``
    (``published`` may also be a date or timestamp column; ``id`` an integer).
    Read ``PARQUET_BATCH_ROWS`` rows at a time, one row group after the other,
    so that memory does not grow with the file. ``source`` is ``"NAME:ROW"``
    (the first row is 1); a corrupt file fails with E105 where it breaks."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    row = 0
    try:
        with pq.ParquetFile(path) as parquet:
            names: dict[str, str] = {}
            for column in parquet.schema_arrow.names:
                names.setdefault(column.lower(), column)
            columns = {key: names[key] for key in TABLE_COLUMNS if key in names}
            if "id" not in columns or "text" not in columns:
                yield ArticleFailure(name, None, E_COLUMNS, f"the columns {parquet.schema_arrow.names[:10]!r} "
                                     "lack an \"id\" or a \"text\" column")
                return
            for batch in parquet.iter_batches(batch_size=PARQUET_BATCH_ROWS, columns=list(columns.values())):
                for values in batch.to_pylist():
                    row += 1
                    record = {key: values[column] for key, column in columns.items()}
                    yield _article_from_record(record, f"{name}:{row}", published, max_chars)
    except (pa.ArrowException, OSError) as exc:
        if isinstance(exc, OSError) and exc.errno is not None:  # the operating system's: E103
            raise
        where = f"after row {row}; the rest of the file is skipped" if row else "no rows read"
        yield ArticleFailure(f"{name}:{row + 1}" if row else name, None, E_CORRUPT,
                             f"not a Parquet file, or a corrupt one ({exc}): {where}")
