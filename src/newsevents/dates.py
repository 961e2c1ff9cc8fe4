"""The time stage: find date expressions in a sentence and resolve them.

Pure text + :mod:`datetime`; no spaCy. Candidates are found with the regexes
below; absolute month-name and ISO dates are parsed by ``dateparser`` (run with
fixed settings, so output is deterministic); weekdays, "last/this/next
week|month|year", "N units ago", "yesterday" etc. are resolved here against the
publication date.

Conventions:

* spans are ``(start, end)`` character offsets in the ARTICLE
  (``offset`` + position in the sentence), 0-based, end-exclusive;
* ``text`` holds the date words only: a leading preposition ("on", "by",
  "in", "since") is NOT part of it, a modifier ("early", "late", "last",
  "earlier this") is. "by Feb. 5" gives ``text="Feb. 5"``;
* ``date`` is ISO 8601 ``YYYY-MM-DD``: the day itself, or the FIRST day of the
  period for week (ISO 8601 weeks start on Monday), month and year precision.
  Modifiers do not move it: "late last year" is the first day of last year;
* ``basis="explicit"``: a written calendar date, including month+day or a bare
  month resolved by year inference (the occurrence nearest to publication,
  within 6 months; an exact tie goes to the future when ``future=True``, to
  the past otherwise). ``basis="relative"``: needs the publication date;
* a weekday before a written date ("Wednesday, Jan. 20") is kept in the text
  but the written date decides;
* durations ("for five years", "five-year", "decades-old", "over the past
  week", "the last year") are never returned: "last/next/past + unit" right
  after "the" is a duration.
* a bare four-digit year (1900-2100) is a date only after a preposition
  (``YEAR_PREPOSITIONS``) or a modifier ("mid-2008"), or standing alone
  between commas/brackets; and only when the next word is a function word
  (``YEAR_FOLLOWERS``) or there is none (punctuation, end). So "the 2020
  election", "in 2020 elections" and "2,000 troops" are not dates; neither,
  by this rule, is "in 2008 Russia invaded" (known limit).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import dateparser

__all__ = ["DateMention", "find_dates", "event_date"]


@dataclass(frozen=True)
class DateMention:
    """One resolved date expression.

    ``text`` the words ("last week"); ``span`` their article offsets;
    ``date`` ISO ``YYYY-MM-DD`` (first day of the period for week/month/year
    precision, weeks start Monday); ``precision`` "day" | "week" | "month" |
    "year"; ``basis`` "explicit" | "relative" (see the module docstring).
    """

    text: str
    span: tuple[int, int]
    date: str
    precision: str
    basis: str


# --- building blocks ------------------------------------------------------
# Month names, capitalised (case-sensitive, so the verbs "march"/"may" never
# match); abbreviations may take a period ("Jan.", "Sept.").
_MONTH = (
    r"(?:(?:January|February|March|April|May|June|July|August|September|October"
    r"|November|December)\b|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b\.?)"
)
# Day of month 1-31 with an optional ordinal suffix ("5th").
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?\b"
# A four-digit year 1900-2100.
_YEAR = r"(?:19\d\d|20\d\d|2100)"
# Period modifiers kept in the mention text ("early March", "mid-2008").
_MOD = r"(?:(?P<mod>(?i:early|mid|late))[\s-]+)?"
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
            "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}

# --- candidate patterns (pre-compiled) ----------------------------------------
# "2021-01-20"
ISO_DATE = re.compile(rf"(?<![\d-]){_YEAR}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])(?![\d-])")
# A weekday naming the same day as the written date ("Wednesday, Jan. 20"); the
# written date wins, the weekday is only kept in the mention text.
_WD_PREFIX = r"(?:(?:" + "|".join(_WEEKDAYS) + r"),?\s+)?"
_WD_LEAD = re.compile(r"^" + _WD_PREFIX)
# "January 20, 2021", "Jan. 20 2021", "Feb. 5" (year optional -> year inference)
MONTH_DAY = re.compile(rf"\b{_WD_PREFIX}{_MONTH}\s+{_DAY}(?:,?\s+(?P<year>{_YEAR})\b)?(?![,.]?\d)")
# "20 January 2021", "5th of May" (year optional -> year inference)
DAY_MONTH = re.compile(rf"(?<![\d,.])\b{_WD_PREFIX}{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+(?P<year>{_YEAR})\b)?")
# "March 2019", "early March 2019", "March of 2019"
MONTH_YEAR = re.compile(rf"\b{_MOD}{_MONTH},?\s+(?:of\s+)?(?P<year>{_YEAR})\b(?![,.]?\d)")
# "March", "mid-March": only after a preposition (YEAR_PREPOSITIONS) or with a modifier
BARE_MONTH = re.compile(rf"\b{_MOD}{_MONTH}(?!\s*\d)")
# "2008", "late 2008": only in the contexts of _year_ok
YEAR = re.compile(rf"(?<![\d,.$£€#/-])\b{_MOD}(?P<year>{_YEAR})\b(?!-\d|[.,]\d|%)")
# "yesterday", "tomorrow morning", "late today", "tonight", "last night"
DAY_WORD = re.compile(
    r"\b(?:(?:early|late|earlier|later)\s+)?(?:(?P<word>yesterday|today|tomorrow)"
    r"(?:\s+(?:morning|afternoon|evening|night))?|(?P<night>tonight|last\s+night))\b", re.I)
# "Tuesday", "on Tuesday", "last Tuesday", "Monday night", "late Friday"
WEEKDAY = re.compile(
    r"\b(?:(?P<mod>(?i:early|late|last|this|next))\s+)?(?P<wd>" + "|".join(_WEEKDAYS)
    + r")\b(?:\s+(?i:morning|afternoon|evening|night)\b)?")
# "last week", "early next month", "earlier this year"
REL_PERIOD = re.compile(
    r"\b(?:(?:early|mid|late|earlier|later)[\s-]+)?(?P<rel>last|this|next)\s+"
    r"(?P<unit>week|month|year)\b", re.I)
# "two days ago", "2 days ago", "a month ago"
AGO = re.compile(
    r"\b(?P<n>\d{1,3}|" + "|".join(_NUMBERS) + r")\s+(?P<unit>day|week|month|year)s?\s+ago\b", re.I)

# Words right before a bare month/year that make it a date ("in March", "since 2008").
YEAR_PREPOSITIONS = re.compile(
    r"\b(?:in|since|by|of|during|until|till|from|through|throughout|before|after)\s+$", re.I)
# Words that may follow a bare year (so it is not a modifier of a noun).
YEAR_FOLLOWERS = frozenset(
    "the a an and or but when as after before while to with in on at for by from that which "
    "who amid during following until against under over because since than its his her their "
    "they he she it we there then this these those"
    .split())
# A year standing alone: after start/comma/bracket/dash, followed by punctuation/end.
_STANDALONE_BEFORE = re.compile(r"(?:^|[,(;:\u2013\u2014]\s*)$")
# "the last week", "over the next year", "in the past month" are durations.
DURATION_BEFORE = re.compile(r"\bthe\s+$", re.I)
_NEXT_WORD = re.compile(r"\s*([A-Za-z]+)")
# Cheap pre-check: no digit, month, weekday or relative keyword -> no candidate.
_ANY = re.compile(
    r"\d|" + _MONTH + r"|day\b|\b(?:week|month|year|tonight|night|ago|tomorrow)\b", re.I)

_DP_SETTINGS = {"PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False,
                "PREFER_DATES_FROM": "current_period", "DATE_ORDER": "MDY",
                "PARSERS": ["absolute-time"], "REQUIRE_PARTS": ["month", "year"]}
_PLACEHOLDER_YEAR = "2000"  # a leap year, so "Feb. 29" parses before year inference


@lru_cache(maxsize=4096)
def _parse(text: str, published: dt.date | None) -> dt.date | None:
    """dateparser on an absolute expression that includes a year."""
    base = dt.datetime.combine(published or dt.date(2000, 1, 1), dt.time())
    res = dateparser.parse(text, languages=["en"], settings={**_DP_SETTINGS, "RELATIVE_BASE": base})
    return res.date() if res is not None else None


def _iso(d: dt.date) -> str:
    return d.isoformat()


def _add_months(d: dt.date, n: int) -> dt.date:
    """First day of the month ``n`` months from ``d``'s month."""
    k = d.year * 12 + d.month - 1 + n
    return dt.date(k // 12, k % 12 + 1, 1)


def _infer_day(m: int, d: int, pub: dt.date, future: bool) -> dt.date | None:
    """The valid month-day nearest to ``pub`` (within about 6 months)."""
    best = None
    for y in (pub.year - 1, pub.year, pub.year + 1):
        try:
            cand = dt.date(y, m, d)
        except ValueError:  # Feb 29 outside a leap year
            continue
        key = (abs((cand - pub).days), (cand < pub) if future else (cand > pub))
        if best is None or key < best[0]:
            best = (key, cand)
    return best[1] if best is not None and best[0][0] <= 184 else None


def _infer_month(m: int, pub: dt.date, future: bool) -> dt.date:
    """First day of month ``m`` in the year that puts it nearest to ``pub``."""
    p = pub.year * 12 + pub.month - 1
    cands = [(y * 12 + m - 1) for y in (pub.year - 1, pub.year, pub.year + 1)]
    k = min(cands, key=lambda c: (abs(c - p), (c < p) if future else (c > p)))
    return dt.date(k // 12, k % 12 + 1, 1)


def _next_word(text: str, end: int) -> str | None:
    """The word right after ``end``, or None if punctuation/end comes first."""
    w = _NEXT_WORD.match(text, end)
    return w.group(1).lower() if w else None


def _core(m: re.Match[str]) -> str:
    """The match without its leading "early/mid/late" modifier."""
    return m.string[m.end("mod"):m.end()].lstrip(" -") if m.group("mod") else m.group(0)


def _year_ok(text: str, m: re.Match[str]) -> bool:
    before = text[: m.start()]
    follower = _next_word(text, m.end())
    if follower is not None and follower not in YEAR_FOLLOWERS:
        return False  # "the 2020 election": a modifier, not a date
    if m.group("mod") or YEAR_PREPOSITIONS.search(before):
        return True
    return follower is None and bool(_STANDALONE_BEFORE.search(before))


def _resolve(kind: str, m: re.Match[str], text: str, pub: dt.date | None,
             future: bool) -> tuple[str, str, str] | None:
    """(date, precision, basis) for one candidate, or None to drop it."""
    if kind in ("iso", "month_day", "day_month"):
        core = _WD_LEAD.sub("", m.group(0))
        if kind == "iso":
            d = _parse(core, pub)
            return (_iso(d), "day", "explicit") if d else None
        if m.group("year"):
            d = _parse(core, pub)
            return (_iso(d), "day", "explicit") if d else None
        if pub is None:
            return None
        d = _parse(f"{core} {_PLACEHOLDER_YEAR}", pub)
        d = _infer_day(d.month, d.day, pub, future) if d else None
        return (_iso(d), "day", "explicit") if d else None
    if kind == "month_year":
        d = _parse(_core(m), pub)
        return (_iso(d.replace(day=1)), "month", "explicit") if d else None
    if kind == "bare_month":
        if pub is None or not (m.group("mod") or YEAR_PREPOSITIONS.search(text[: m.start()])):
            return None
        d = _parse(f"{_core(m)} {_PLACEHOLDER_YEAR}", pub)
        return (_iso(_infer_month(d.month, pub, future)), "month", "explicit") if d else None
    if kind == "year":
        if not _year_ok(text, m):
            return None
        return f"{m.group('year')}-01-01", "year", "explicit"
    if pub is None:  # everything below is relative to publication
        return None
    if kind == "day_word":
        word = (m.group("word") or m.group("night")).lower()
        shift = {"yesterday": -1, "today": 0, "tomorrow": 1, "tonight": 0}.get(word, -1)
        return _iso(pub + dt.timedelta(days=shift)), "day", "relative"
    if kind == "weekday":
        wd, mod = _WEEKDAYS.index(m.group("wd")), (m.group("mod") or "").lower()
        if mod == "next" or (mod != "last" and future):
            delta = (wd - pub.weekday()) % 7 or 7  # strictly after publication
        else:
            back = (pub.weekday() - wd) % 7
            delta = -(back or 7) if mod == "last" else -back
        return _iso(pub + dt.timedelta(days=delta)), "day", "relative"
    unit = m.group("unit").lower()
    if kind == "rel_period":
        if DURATION_BEFORE.search(text[: m.start()]):
            return None  # "over the last week"
        n = {"last": -1, "this": 0, "next": 1}[m.group("rel").lower()]
    else:  # "ago"
        raw = m.group("n").lower()
        n = -(int(raw) if raw.isdigit() else _NUMBERS[raw])
    if unit == "day":
        return _iso(pub + dt.timedelta(days=n)), "day", "relative"
    if unit == "week":
        d = pub + dt.timedelta(weeks=n)
        return _iso(d - dt.timedelta(days=d.weekday())), "week", "relative"
    if unit == "month":
        return _iso(_add_months(pub, n)), "month", "relative"
    return f"{pub.year + n:04d}-01-01", "year", "relative"


_PATTERNS = (("iso", ISO_DATE), ("month_day", MONTH_DAY), ("day_month", DAY_MONTH),
             ("month_year", MONTH_YEAR), ("bare_month", BARE_MONTH), ("year", YEAR),
             ("day_word", DAY_WORD), ("weekday", WEEKDAY), ("rel_period", REL_PERIOD),
             ("ago", AGO))


def find_dates(text: str, published: dt.date | None, *, offset: int = 0,
               future: bool = False) -> list[DateMention]:
    """All date expressions in ``text`` (one sentence), in text order.

    Non-overlapping; the longest match wins (ties: the earlier one). Relative
    expressions and year inference need ``published`` and are skipped without
    it; full dates, month+year and years still resolve. ``offset`` is the
    sentence's start in the article and is added to every span. ``future``
    marks a future-tense clause: a bare weekday then means the next such day
    strictly after publication, otherwise the most recent one on or before the
    publication day. ``published`` may be a ``datetime`` (its date is used).

    Raises ``TypeError`` if ``text`` is not a str or ``published`` is neither a
    date nor None, ``ValueError`` if ``offset`` is negative.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    if isinstance(published, dt.datetime):
        published = published.date()
    elif published is not None and not isinstance(published, dt.date):
        raise TypeError(f"published must be a datetime.date or None, not {type(published).__name__}")
    if offset < 0:
        raise ValueError(f"offset must be >= 0, got {offset}")
    if not _ANY.search(text):
        return []
    found: list[tuple[int, int, tuple[str, str, str]]] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            res = _resolve(kind, m, text, published, future)
            if res is not None:
                found.append((m.start(), m.end(), res))
    found.sort(key=lambda f: (f[0] - f[1], f[0]))
    chosen: list[tuple[int, int, tuple[str, str, str]]] = []
    for f in found:
        if all(f[1] <= c[0] or f[0] >= c[1] for c in chosen):
            chosen.append(f)
    chosen.sort()
    return [DateMention(text[s:e], (s + offset, e + offset), *res) for s, e, res in chosen]


_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}


def event_date(mentions: Sequence[DateMention], anchor: int) -> DateMention | None:
    """The mention dating an event whose trigger starts at article offset ``anchor``.

    ``mentions`` are those of the trigger's sentence (``find_dates`` output).
    The nearest in characters wins (0 inside a span); ties go to the finer
    precision, then the earlier mention. None when there is no mention.
    Durations never reach here: ``find_dates`` does not return them.
    """
    def key(m: DateMention) -> tuple[int, int, int]:
        s, e = m.span
        dist = 0 if s <= anchor < e else (s - anchor if anchor < s else anchor - e)
        return dist, _PRECISION_RANK.get(m.precision, 9), s

    return min(mentions, key=key) if mentions else None
