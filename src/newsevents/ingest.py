"""Ingest: read articles from text, HTML, WARC, JSONL, CSV and Parquet files, directories and stdin.

Inputs (``read_inputs``), read in the order given, each streamed (memory holds
one record at a time, never a whole multi-article file), the kind chosen by the
file's suffix (any case):

* ``a.txt`` - one article; ``id`` is the file name without its extension.
* ``a.html``, ``a.htm`` - one web page; the article is the page's main text as
  trafilatura extracts it (navigation, ads, footers and comments removed), so
  ``text`` and every offset refer to that extracted text, not to the HTML.
  ``id`` is the file name without its extension; ``title``, ``url``, ``outlet``
  (site name) and ``published`` come from the page's metadata when it has them.
  Nothing is ever fetched. A page with no main text fails with E119.
* ``a.warc``, ``a.warc.gz`` - a web archive: every ``response`` record with a 2xx
  status and an HTML content type is one page read as above; other records are
  skipped silently. ``id`` and ``url`` are the record's WARC-Target-URI (a URI
  seen again in the same file gets ``#2``, ``#3``...); ``published`` is the
  page's own date, else the capture date (WARC-Date: a page is published at the
  latest when captured), else the run's default. ``source`` is ``"a.warc.gz:N"``,
  the N-th record of the file. A truncated or corrupt archive fails with E105
  at the first bad record; the pages before it are kept.
* a directory - its page files (``*.txt``, ``*.html``, ``*.htm``, ``*.warc``,
  ``*.warc.gz``), not its tables (``*.jsonl``, ``*.csv``, ... which often sit
  beside the articles as gold or metadata files: name those explicitly) nor
  sub-directories, sorted by file name; a directory without any is reported (E104).
* ``a.jsonl`` - one JSON object per line with ``id`` and ``text`` and optional
  ``published`` (ISO date or null), ``title``, ``outlet``, ``url``, ``language``
  (strings or null); other keys are ignored, so gold files are valid input.
  Blank lines are skipped. Read line by line; ``source`` is ``"a.jsonl:LINE"``.
* ``a.jsonl.gz`` - the same, gzip-compressed; a truncated or corrupt file fails
  with E105 at the line where it breaks.
* ``a.csv`` - comma-separated, UTF-8, a header row naming the columns ``id`` and
  ``text`` (required) and optionally ``published``, ``title``, ``outlet``,
  ``url``, ``language`` (any case; other columns are ignored; an empty cell is
  null). Quoted cells may span lines; ``source`` is ``"a.csv:LINE"``, the line
  on which the row starts (the header is line 1).
* ``a.parquet`` - the same columns, read in small record batches; ``source`` is
  ``"a.parquet:ROW"`` (the first row is 1). ``published`` may also be a date or
  timestamp column.
* ``-`` - standard input: JSONL when its first non-whitespace byte is ``{``,
  otherwise one article with id ``"stdin"``.

Bad input never stops the run: every unusable input, line, row, record or
article yields an ``ArticleFailure`` with a stable code, and the rest is still
read. Text is kept exactly as given (``\\r\\n`` included; for HTML, exactly as
extracted) so that character offsets point into it; only a leading UTF-8 BOM is
removed. Ids must be unique within one call: the first article with an id is
kept, later ones fail with E118 (the id of a failed article is not reserved).
"""

from __future__ import annotations

import datetime
import glob
import gzip
import json
import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from itertools import chain
from pathlib import Path
from typing import BinaryIO

from .articles import (  # the record, its checks and the failure codes; re-exported for callers
    _BOM,
    _DECOMPRESS_ERRORS,
    E_BINARY,
    E_COLUMNS,
    E_CORRUPT,
    E_DUPLICATE,
    E_EMPTY,
    E_EMPTY_DIR,
    E_ENCODING,
    E_FIELDS,
    E_JSON,
    E_LANGUAGE,
    E_NO_SUCH_FILE,
    E_NO_TEXT,
    E_PUBLISHED,
    E_TOO_LONG,
    E_UNREADABLE,
    E_UNSUPPORTED,
    MAX_CHARS,
    MIN_ENGLISH_STOP_WORD_SHARE,
    Article,
    ArticleFailure,
    _article_from_bytes,
    _article_from_record,
    english_stop_word_share,
)
from .errors import ArticleError, InputError, NewsEventsError

__all__ = [
    "E_BINARY", "E_COLUMNS", "E_CORRUPT", "E_DUPLICATE", "E_EMPTY", "E_EMPTY_DIR", "E_ENCODING", "E_FIELDS",
    "E_JSON", "E_LANGUAGE", "E_NO_SUCH_FILE", "E_NO_TEXT", "E_PUBLISHED", "E_TOO_LONG", "E_UNREADABLE",
    "E_UNSUPPORTED", "MAX_CHARS", "MIN_ENGLISH_STOP_WORD_SHARE", "Article", "ArticleFailure",
    "directory_files", "english_stop_word_share", "expand_input", "read_inputs",
]


STDIN = "-"

SUFFIXES = (".txt", ".html", ".htm", ".warc", ".warc.gz", ".jsonl", ".jsonl.gz", ".csv", ".parquet")
"""Every file suffix ``read_inputs`` reads (matched case-insensitively)."""

DIRECTORY_SUFFIXES = (".txt", ".html", ".htm", ".warc", ".warc.gz")
"""The files read from a directory: pages and page archives, not tables."""



def read_inputs(
    inputs: Sequence[str | Path],
    *,
    published: datetime.date | None = None,
    stdin: BinaryIO | None = None,
    max_chars: int = MAX_CHARS,
) -> Iterator[Article | ArticleFailure]:
    """Yield an ``Article`` or an ``ArticleFailure`` for everything in ``inputs``, in order.

    An input is a file, a directory, ``-`` (standard input) or a glob pattern
    (expanded by :func:`expand_input`).

    ``published`` is the default publication date for articles without their own;
    ``stdin`` is read for the input ``"-"`` (default ``sys.stdin.buffer``);
    ``max_chars`` is the longest article accepted, in characters (E117 beyond).
    Never raises for bad input: each failure carries one of the ``E_*`` codes above.
    """
    first_source: dict[str, str] = {}
    for item in (path for pattern in inputs for path in expand_input(pattern)):
        for result in _read_input(item, published, stdin, max_chars):
            if isinstance(result, Article):
                if result.id in first_source:
                    result = ArticleFailure(
                        result.source, result.id, E_DUPLICATE,
                        f"duplicate id {result.id!r}: already read from {first_source[result.id]}; "
                        "the first article with this id is kept",
                    )
                else:
                    first_source[result.id] = result.source
            yield result


def expand_input(item: str | Path) -> list[str | Path]:
    """A glob pattern (``"crawl/*.warc.gz"``, ``"news/**/*.jsonl"``) as its
    matching paths, sorted; anything else, or a pattern that matches nothing
    (reported when read), as itself."""
    text = str(item)
    if text == STDIN or not glob.has_magic(text) or os.path.exists(text):
        return [item]
    return sorted(glob.glob(text, recursive=True)) or [item]


def _read_input(
    item: str | Path, published: datetime.date | None, stdin: BinaryIO | None, max_chars: int
) -> Iterator[Article | ArticleFailure]:
    source = str(item)
    if source == STDIN:
        yield from _read_stdin(stdin if stdin is not None else sys.stdin.buffer, published, max_chars)
        return
    path = Path(item)
    try:
        if path.is_dir():
            yield from _read_dir(path, published, max_chars)
        elif not path.exists():
            problem = "no file matches this pattern" if glob.has_magic(source) else "no such file or directory"
            yield ArticleFailure(source, None, E_NO_SUCH_FILE, problem)
        elif (suffix := _suffix(path)) is not None:
            yield from _read_file(path, suffix, source, published, max_chars)
        else:
            yield ArticleFailure(source, None, E_UNSUPPORTED,
                                 f"unsupported input type (expected {', '.join(SUFFIXES)}, a directory or -)")
    except OSError as exc:  # permissions, I/O errors: report, go on with the next input
        yield ArticleFailure(source, None, E_UNREADABLE, f"cannot read: {exc.strerror or exc}")


def _suffix(path: Path) -> str | None:
    """The entry of SUFFIXES that ``path`` ends with (".warc.gz" before ".gz" files), or None."""
    name = path.name.lower()
    return next((suffix for suffix in SUFFIXES if name.endswith(suffix) and len(name) > len(suffix)), None)


def _read_file(
    path: Path, suffix: str, source: str, published: datetime.date | None, max_chars: int
) -> Iterator[Article | ArticleFailure]:
    if suffix == ".txt":
        yield _article_from_bytes(path.read_bytes(), source, path.stem, published, max_chars)
    elif suffix in (".jsonl", ".jsonl.gz"):
        with (gzip.open(path, "rb") if suffix == ".jsonl.gz" else path.open("rb")) as lines:
            yield from _read_jsonl(lines, source, published, max_chars)
    else:  # the readers that need trafilatura, warcio or pyarrow, imported only when used
        from . import readers

        if suffix in (".html", ".htm"):
            yield readers.read_html_file(path, source, published, max_chars)
        elif suffix in (".warc", ".warc.gz"):
            yield from readers.read_warc(path, source, published, max_chars)
        elif suffix == ".csv":
            yield from readers.read_csv(path, source, published, max_chars)
        else:
            yield from readers.read_parquet(path, source, published, max_chars)


def directory_files(path: Path) -> list[tuple[Path, str]]:
    """The files of directory ``path`` that are read as articles, as
    ``(file, suffix)`` pairs sorted by file name (not recursive; suffixes
    :data:`DIRECTORY_SUFFIXES`).

    Raises:
        OSError: the directory cannot be listed.
    """
    return sorted(
        ((p, suffix) for p in path.iterdir() if (suffix := _suffix(p)) in DIRECTORY_SUFFIXES and p.is_file()),
        key=lambda file: file[0].name,
    )


def _read_dir(path: Path, published: datetime.date | None, max_chars: int) -> Iterator[Article | ArticleFailure]:
    files = directory_files(path)
    if not files:
        yield ArticleFailure(str(path), None, E_EMPTY_DIR, f"directory has no {', '.join(DIRECTORY_SUFFIXES)} "
                             "files (not searched recursively; name .jsonl, .csv and .parquet files explicitly)")
    for file, suffix in files:
        try:
            yield from _read_file(file, suffix, str(file), published, max_chars)
        except OSError as exc:
            article_id = None if suffix in (".warc", ".warc.gz") else file.name[: -len(suffix)]
            yield ArticleFailure(str(file), article_id, E_UNREADABLE, f"cannot read: {exc.strerror or exc}")


def _read_stdin(
    stream: BinaryIO, published: datetime.date | None, max_chars: int
) -> Iterator[Article | ArticleFailure]:
    leading: list[bytes] = []
    for line in iter(stream.readline, b""):
        leading.append(line)
        if line.removeprefix(_BOM if len(leading) == 1 else b"").strip():
            break
    first = leading[-1].removeprefix(_BOM if len(leading) == 1 else b"").lstrip() if leading else b""
    if first.startswith(b"{"):
        yield from _read_jsonl(chain(leading, stream), "<stdin>", published, max_chars)
    else:
        yield _article_from_bytes(b"".join(leading) + stream.read(), "<stdin>", "stdin", published, max_chars)


def _read_jsonl(
    lines: Iterable[bytes], name: str, published: datetime.date | None, max_chars: int
) -> Iterator[Article | ArticleFailure]:
    offset = 0  # byte offset of the line in the (uncompressed) file, for E115
    seen_line = False
    lineno = 0
    try:
        for lineno, raw in enumerate(lines, 1):
            start, offset = offset, offset + len(raw)
            if lineno == 1 and raw.startswith(_BOM):
                raw, start = raw[len(_BOM):], start + len(_BOM)
            if not raw.strip():
                continue
            seen_line = True
            yield _article_from_json_line(raw, start, f"{name}:{lineno}", published, max_chars)
    except _DECOMPRESS_ERRORS as exc:  # .jsonl.gz: the lines before are kept
        yield ArticleFailure(f"{name}:{lineno + 1}", None, E_CORRUPT,
                             f"corrupt or truncated gzip data after line {lineno} ({exc}); the rest is skipped")
        return
    if not seen_line:
        yield ArticleFailure(name, None, E_EMPTY, "empty file: no JSON lines")


def _article_from_json_line(
    raw: bytes, start: int, source: str, published: datetime.date | None, max_chars: int
) -> Article | ArticleFailure:
    try:
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ArticleError(
                f"invalid UTF-8 at byte offset {start + exc.start} (byte {exc.start + 1} of the line): "
                "save the file as UTF-8", code=E_ENCODING) from None
        try:
            obj = json.loads(line.rstrip("\r\n"))  # so that an error's column is on this line
        except json.JSONDecodeError as exc:
            raise InputError(f"invalid JSON: {exc.msg} (col {exc.colno})", code=E_JSON) from None
        if not isinstance(obj, dict):
            raise InputError(f"expected a JSON object with id and text, not {type(obj).__name__}", code=E_FIELDS)
    except NewsEventsError as exc:
        return ArticleFailure(source, None, exc.code, exc.args[0])
    return _article_from_record(obj, source, published, max_chars)
