"""The article record and its checks: what every reader of :mod:`newsevents.ingest`
and :mod:`newsevents.readers` builds, and the stable failure codes (E1xx) they report.

An :class:`Article` is checked once, whatever it was read from
(:func:`_make_article`): not empty, not binary, not over ``MAX_CHARS``, in
English. A problem becomes an :class:`ArticleFailure` naming the input and the
reason; the run goes on.
"""

from __future__ import annotations

import codecs
import datetime
import gzip
import re
import zlib
from collections.abc import Mapping
from dataclasses import dataclass

from spacy.lang.en.stop_words import STOP_WORDS

from .errors import ArticleError, InputError, NewsEventsError

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


def english_stop_word_share(text: str) -> tuple[int, float]:
    """``(number of words, share of them that are English stop words)``."""
    words = _WORD_RE.findall(text.lower())
    if not words:
        return 0, 0.0
    return len(words), sum(word in STOP_WORDS for word in words) / len(words)


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
    if "\x00" in text:
        raise ArticleError(f"binary content: a NUL character at character {text.index(chr(0))} (no text file "
                           "has one; strip it if the rest is text)", code=E_BINARY)
    if controls > MAX_CONTROL_SHARE * len(text):
        raise ArticleError(f"binary content: {controls} of {len(text)} characters are control characters "
                           f"(the limit is {MAX_CONTROL_SHARE:.0%})", code=E_BINARY)
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
