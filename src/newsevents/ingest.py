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

import codecs
import datetime
import gzip
import json
import re
import sys
import zlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import BinaryIO

from spacy.lang.en.stop_words import STOP_WORDS

from .errors import ArticleError, InputError, NewsEventsError

__all__ = ["MAX_CHARS", "Article", "ArticleFailure", "english_stop_word_share", "read_inputs"]

MAX_CHARS = 1_000_000
"""Longest article in characters: spaCy's default ``nlp.max_length``."""

MAX_CONTROL_SHARE = 0.10
"""Above this share of control characters (other than \\t \\n \\r \\f) text is binary."""

MIN_WORDS_FOR_LANGUAGE = 20
"""Shorter texts are never flagged as not English: too few words to judge."""

MIN_ENGLISH_STOP_WORD_SHARE = 0.10
"""Below this share of English stop words (of at least 20 words) text is not English.

Chosen from ``english_stop_word_share`` measured on real text: the 193 English
articles of corpus/dev/articles.jsonl range 0.358-0.56 (min 0.358, median 0.458),
examples/biden-putin-call.txt is 0.416, and the shortest (20-26 words) English
gold sentences of gold/*.jsonl go down to 0.136. Hand-written news paragraphs
score fr 0.037, de 0.014, es 0.026, it 0.067, pt 0.089, ru/zh/ar 0.0. 0.10
flags all of those and keeps a margin of >= 0.036 to the lowest English text.
"""

ENGLISH_LANGUAGE_TAGS = frozenset({"en", "eng", "english"})

STDIN = "-"
_BOM = codecs.BOM_UTF8
_CJK = "\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff"
# A word: one CJK character (those scripts do not separate words by spaces), or a
# run of letters in any script; digits and underscores are not words.
_WORD_RE = re.compile(rf"[{_CJK}]|[^\W\d_{_CJK}]+", re.UNICODE)
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_OPTIONAL_STR_FIELDS = ("title", "outlet", "url", "language")

# Stable failure codes (see errors.py: E1xx are input problems).
E_NO_SUCH_FILE = "E101"  # input path does not exist
E_UNSUPPORTED = "E102"  # not a supported suffix (SUFFIXES), a directory or -
E_UNREADABLE = "E103"  # OSError while reading (permissions, I/O)
E_EMPTY_DIR = "E104"  # directory without page files (DIRECTORY_SUFFIXES)
E_CORRUPT = "E105"  # truncated or corrupt gzip, WARC or Parquet file, or CSV row without an end: rest skipped
E_COLUMNS = "E106"  # CSV header or Parquet schema without an "id" and a "text" column
E_EMPTY = "E110"  # empty or whitespace-only text; JSONL, CSV or WARC file without records
E_JSON = "E111"  # JSONL line is not valid JSON; CSV row is malformed (quote followed by text)
E_FIELDS = "E112"  # JSONL object, CSV or Parquet row: id/text missing, or a field of the wrong type
E_PUBLISHED = "E113"  # "published" is not an ISO date (or a date) or null
E_BINARY = "E114"  # NUL bytes, or > MAX_CONTROL_SHARE control characters
E_ENCODING = "E115"  # invalid UTF-8 (byte offset given) or lone surrogates
E_LANGUAGE = "E116"  # not English
E_TOO_LONG = "E117"  # more than max_chars characters
E_DUPLICATE = "E118"  # id already read in this run (the first is kept)
E_NO_TEXT = "E119"  # HTML page (file or WARC record) without extractable main text

SUFFIXES = (".txt", ".html", ".htm", ".warc", ".warc.gz", ".jsonl", ".jsonl.gz", ".csv", ".parquet")
"""Every file suffix ``read_inputs`` reads (matched case-insensitively)."""

DIRECTORY_SUFFIXES = (".txt", ".html", ".htm", ".warc", ".warc.gz")
"""The files read from a directory: pages and page archives, not tables."""

_DECOMPRESS_ERRORS = (EOFError, zlib.error, gzip.BadGzipFile)


@dataclass(frozen=True)
class Article:
    """One article. ``text`` is exactly as read (offsets point into it);
    ``published`` is the publication date (the article's own, else the run's
    default, else None); ``source`` says where it came from: ``"dir/a.txt"``,
    ``"gold.jsonl:12"`` (line), ``"crawl.warc.gz:3"`` (record), ``"t.parquet:7"``
    (row), ``"<stdin>"``. For an HTML page ``text`` is its extracted main text."""

    id: str
    text: str
    published: datetime.date | None = None
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    language: str | None = None
    source: str = ""


@dataclass(frozen=True)
class ArticleFailure:
    """An input, JSONL line or article that was not read, and why.

    ``code`` is a stable ``E1xx`` code; ``article_id`` is None when unknown.
    """

    source: str
    article_id: str | None
    code: str
    reason: str

    def to_dict(self) -> dict[str, str | None]:
        """The record written to the ``--errors`` JSONL file."""
        return {"source": self.source, "article_id": self.article_id, "code": self.code, "reason": self.reason}

    def __str__(self) -> str:  # "gold.jsonl:12: E111 invalid JSON: Expecting ',' delimiter (col 40)"
        return f"{self.source}: {self.code} {self.reason}"


def read_inputs(
    inputs: Sequence[str | Path],
    *,
    published: datetime.date | None = None,
    stdin: BinaryIO | None = None,
    max_chars: int = MAX_CHARS,
) -> Iterator[Article | ArticleFailure]:
    """Yield an ``Article`` or an ``ArticleFailure`` for everything in ``inputs``, in order.

    ``published`` is the default publication date for articles without their own;
    ``stdin`` is read for the input ``"-"`` (default ``sys.stdin.buffer``);
    ``max_chars`` is the longest article accepted, in characters (E117 beyond).
    Never raises for bad input: each failure carries one of the ``E_*`` codes above.
    """
    first_source: dict[str, str] = {}
    for item in inputs:
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


def english_stop_word_share(text: str) -> tuple[int, float]:
    """``(number of words, share of them that are English stop words)``."""
    words = _WORD_RE.findall(text.lower())
    if not words:
        return 0, 0.0
    return len(words), sum(word in STOP_WORDS for word in words) / len(words)


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
            yield ArticleFailure(source, None, E_NO_SUCH_FILE, "no such file or directory")
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


def _read_dir(path: Path, published: datetime.date | None, max_chars: int) -> Iterator[Article | ArticleFailure]:
    files = sorted(
        ((p, suffix) for p in path.iterdir() if (suffix := _suffix(p)) in DIRECTORY_SUFFIXES and p.is_file()),
        key=lambda file: file[0].name,
    )
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


def _article_from_record(
    obj: Mapping[str, object], source: str, published: datetime.date | None, max_chars: int
) -> Article | ArticleFailure:
    """The article of one JSON object, CSV or Parquet row (``obj`` maps field names to values)."""
    article_id: str | None = None
    try:
        raw_id = obj.get("id")
        if isinstance(raw_id, int) and not isinstance(raw_id, bool):
            raw_id = str(raw_id)
        if not isinstance(raw_id, str) or not raw_id.strip():
            raise InputError("missing or invalid \"id\" (expected a non-empty string)", code=E_FIELDS)
        article_id = raw_id
        text = obj.get("text")
        if not isinstance(text, str):
            what = "missing" if text is None else f"not a string but {type(text).__name__}"
            raise InputError(f"\"text\" is {what}", code=E_FIELDS)
        for key in _OPTIONAL_STR_FIELDS:
            if obj.get(key) is not None and not isinstance(obj[key], str):
                raise InputError(f"\"{key}\" must be a string or null, not {type(obj[key]).__name__}", code=E_FIELDS)
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise ArticleError(f"invalid Unicode in \"text\": lone surrogate at character {exc.start}",
                               code=E_ENCODING) from None
        own_date = _parse_published(obj.get("published"))
        return _make_article(
            article_id, text, source, own_date or published, max_chars,
            **{key: obj.get(key) for key in _OPTIONAL_STR_FIELDS},
        )
    except NewsEventsError as exc:
        return ArticleFailure(source, article_id, exc.code, exc.args[0])


def _parse_published(value: object) -> datetime.date | None:
    if value is None:
        return None
    if isinstance(value, datetime.datetime):  # Parquet timestamp column
        return value.date()
    if isinstance(value, datetime.date):  # Parquet date column
        return value
    if isinstance(value, str):
        try:  # "2021-01-27"; of "2021-01-27T10:00:00Z" the date is kept
            return datetime.datetime.fromisoformat(value).date()
        except ValueError:
            pass
    raise InputError(f"invalid \"published\" {value!r}: expected an ISO date such as \"2021-01-27\" or null",
                     code=E_PUBLISHED)


def _article_from_bytes(
    data: bytes, source: str, article_id: str, published: datetime.date | None, max_chars: int
) -> Article | ArticleFailure:
    try:
        bom = len(_BOM) if data.startswith(_BOM) else 0
        nul = data.find(b"\x00")
        if nul >= 0:
            raise ArticleError(f"binary file: NUL byte at byte offset {nul} (if it is UTF-16 text, save it as UTF-8)",
                               code=E_BINARY)
        try:
            text = data[bom:].decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ArticleError(f"invalid UTF-8 at byte offset {bom + exc.start}: save the file as UTF-8",
                               code=E_ENCODING) from None
        return _make_article(article_id, text, source, published, max_chars)
    except NewsEventsError as exc:
        return ArticleFailure(source, article_id, exc.code, exc.args[0])


def _make_article(
    article_id: str, text: str, source: str, published: datetime.date | None, max_chars: int,
    *, title: str | None = None, outlet: str | None = None, url: str | None = None, language: str | None = None,
) -> Article:
    """Check ``text`` and build the Article; raises ArticleError with the code of the first problem."""
    if not text.strip():
        raise ArticleError("empty article (no text, or only whitespace)", code=E_EMPTY)
    controls = sum(1 for _ in _CONTROL_RE.finditer(text))
    if "\x00" in text or controls > MAX_CONTROL_SHARE * len(text):
        raise ArticleError(f"binary content: {controls} of {len(text)} characters are control characters",
                           code=E_BINARY)
    if len(text) > max_chars:
        raise ArticleError(f"too long: {len(text):,} characters, over the limit of {max_chars:,} "
                           "(spaCy's nlp.max_length); split the article into parts", code=E_TOO_LONG)
    if language and re.split(r"[-_]", language.strip().lower())[0] not in ENGLISH_LANGUAGE_TAGS:
        raise ArticleError(f"not English: language is {language!r}", code=E_LANGUAGE)
    n_words, share = english_stop_word_share(text)
    if n_words >= MIN_WORDS_FOR_LANGUAGE and share < MIN_ENGLISH_STOP_WORD_SHARE:
        raise ArticleError(f"not English: {share:.0%} of {n_words} words are English stop words (English news "
                           f"has ~40%, the limit is {MIN_ENGLISH_STOP_WORD_SHARE:.0%})", code=E_LANGUAGE)
    return Article(id=article_id, text=text, published=published, title=title, outlet=outlet, url=url,
                   language=language, source=source)
