"""A date-bounded knowledge base of political office holders.

Facts come from the packaged ``newsevents/data/officeholders.csv`` (heads of state
and government, foreign and defence ministers of the G20, and the heads of the UN,
NATO, EU, AU, IAEA and WHO, 2015 onwards plus some earlier terms), compiled by hand
from the Wikipedia lists of office holders that each row's ``source`` column names.
Users extend it with CSV files in the same format (same header).

CSV columns: ``kb_id,name,aliases,country,org,office,title,sector,start,end,source``;
``aliases`` is ``|``-separated; dates are ISO 8601 ``YYYY-MM-DD``; an empty ``end``
means still in office. On a handover day the outgoing row ends and the incoming row
starts on the same date; lookups give that day to the incoming holder.
"""

from __future__ import annotations

import csv
import datetime
import functools
import io
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from newsevents.errors import DataFileError

COLUMNS = ("kb_id", "name", "aliases", "country", "org", "office", "title", "sector", "start", "end", "source")
#: Rank used when one person holds several offices on the same day (lower = more senior).
SENIORITY = {"head_of_state": 0, "head_of_government": 1, "head_of_igo": 2,
             "deputy_head_of_state": 3, "foreign_minister": 4, "defence_minister": 5}
OFFICES = frozenset(SENIORITY)
#: Countries whose leaders' names English news writes family name first ("Xi Jinping").
FAMILY_NAME_FIRST = frozenset({"CHN", "KOR", "PRK", "TWN", "VNM"})
_PARTICLES = frozenset("al el bin ibn da de del della der di dos du la le van von".split())
_SUFFIXES = frozenset("ii iii iv jr sr".split())
_TITLE_WORDS = frozenset("""
    acting former incoming outgoing then current late president presidents vice prime minister ministers pm
    premier chancellor king queen crown prince princess emperor sheikh sultan emir secretary general
    secretary-general director director-general chairperson chairman chairwoman chair chief head high
    representative state foreign external affairs defence defense war armed forces of the for and mr mrs ms
    miss dr sir dame lord lady his her majesty royal highness excellency us uk un nato eu au who iaea
    european commission council""".split())
_FOLD = str.maketrans({"ı": "i", "İ": "I", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D",
                       "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "’": "'", "‘": "'", "‐": "-",
                       "‑": "-", "–": "-", "—": "-", ".": "", ",": " "})
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def normalize_name(text: str) -> str:
    """Fold ``text`` to a lookup key: accents removed, lower case, dots dropped,
    a trailing possessive ``'s`` stripped, whitespace collapsed ("Erdoğan's" -> "erdogan")."""
    text = unicodedata.normalize("NFKD", text.translate(_FOLD))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold().strip()
    return " ".join(re.sub(r"'s?$", "", text).split())


@dataclass(frozen=True)
class OfficeHolding:
    """One term of one person in one office. ``start``/``end`` are inclusive dates;
    ``end`` None means still in office. ``org`` is None for state offices."""

    kb_id: str
    name: str
    aliases: tuple[str, ...]
    country: str
    org: str | None
    office: str
    title: str
    sector: str
    start: datetime.date
    end: datetime.date | None
    source: str

    def active_on(self, day: datetime.date) -> bool:
        """True if ``start <= day <= end`` (an open ``end`` never ends)."""
        return self.start <= day and (self.end is None or day <= self.end)


def _surname_keys(full: str, family_first: bool) -> set[str]:
    """Short keys a text may use for ``full``: the family name (last token, or first for
    family-name-first persons), also with particles ("von der Leyen", "bin Salman")."""
    tokens = [t for t in normalize_name(full).split() if t not in _SUFFIXES]
    if len(tokens) < 2:
        return set(tokens)
    if family_first:
        return {tokens[0]}
    i = len(tokens) - 1
    while i > 1 and tokens[i - 1] in _PARTICLES:
        i -= 1
    return {tokens[-1], " ".join(tokens[i:])}


def _parse_date(value: str, column: str) -> datetime.date:
    if not _ISO_DATE.fullmatch(value):
        raise ValueError(f"bad {column} date {value!r} (want YYYY-MM-DD)")
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise ValueError(f"bad {column} date {value!r}: {exc}") from None


def _holding(row: dict[str, str]) -> OfficeHolding:
    """Build and validate one holding from a CSV row; raises ValueError with the problem."""
    if None in row or any(row.get(c) is None for c in COLUMNS):
        raise ValueError(f"wrong number of fields (want {len(COLUMNS)})")
    row = {k: v.strip() for k, v in row.items()}
    for column in ("kb_id", "name", "country", "office", "title", "sector", "start"):
        if not row[column]:
            raise ValueError(f"empty {column}")
    if row["office"] not in OFFICES:
        raise ValueError(f"unknown office {row['office']!r} (want one of {', '.join(sorted(OFFICES))})")
    start = _parse_date(row["start"], "start")
    end = _parse_date(row["end"], "end") if row["end"] else None
    if end is not None and end < start:
        raise ValueError(f"end {end} before start {start}")
    aliases = tuple(a.strip() for a in row["aliases"].split("|") if a.strip())
    return OfficeHolding(row["kb_id"], row["name"], aliases, row["country"], row["org"] or None,
                         row["office"], row["title"], row["sector"], start, end, row["source"])


def _parse(text: str, label: str) -> list[OfficeHolding]:
    """Parse a whole CSV file; raises DataFileError("label:line: problem")."""
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or ())]
    if missing:
        raise DataFileError(f"{label}:1: missing column(s): {', '.join(missing)}")
    out: list[OfficeHolding] = []
    seen: set[str] = set()
    for row in reader:
        try:
            holding = _holding(row)
            if holding.kb_id in seen:
                raise ValueError(f"duplicate kb_id {holding.kb_id!r}")
        except ValueError as exc:
            raise DataFileError(f"{label}:{reader.line_num}: {exc}") from None
        seen.add(holding.kb_id)
        out.append(holding)
    return out


class OfficeHolderKB:
    """Office holdings indexed by name, alias and family name (see ``lookup``)."""

    def __init__(self, rows: Iterable[OfficeHolding]) -> None:
        self._rows = list({h.kb_id: h for h in rows}.values())  # a later kb_id replaces an earlier one
        self._by_person: dict[str, list[OfficeHolding]] = {}
        for h in self._rows:
            self._by_person.setdefault(normalize_name(h.name), []).append(h)
        self._exact: dict[str, set[str]] = {}
        self._short: dict[str, set[str]] = {}
        for person, holdings in self._by_person.items():
            family_first = any(h.country in FAMILY_NAME_FIRST for h in holdings)
            for full in {h.name for h in holdings} | {a for h in holdings for a in h.aliases}:
                if " " in normalize_name(full) or full == holdings[0].name:
                    self._exact.setdefault(normalize_name(full), set()).add(person)
                for key in _surname_keys(full, family_first):
                    self._short.setdefault(key, set()).add(person)

    @classmethod
    def load(cls, extra_paths: Sequence[str | Path] = ()) -> OfficeHolderKB:
        """The packaged CSV plus user CSV files (same header) that extend it; a user row
        whose kb_id exists replaces that row. Raises DataFileError("file:line: problem")
        on an unreadable file, a missing column, a bad or reversed date, an unknown
        office, an empty required field or a kb_id repeated within one file."""
        packaged = resources.files("newsevents").joinpath("data", "officeholders.csv")
        rows = _parse(packaged.read_text(encoding="utf-8"), "newsevents/data/officeholders.csv")
        for path in extra_paths:
            try:
                text = Path(path).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise DataFileError(f"{path}:0: cannot read: {exc}") from None
            rows.extend(_parse(text, str(path)))
        return cls(rows)

    @classmethod
    def from_rows(cls, rows: Iterable[OfficeHolding]) -> OfficeHolderKB:
        """A KB from holdings already built (tests); a later kb_id replaces an earlier one."""
        return cls(rows)

    def __len__(self) -> int:
        return len(self._rows)

    def __iter__(self) -> Iterator[OfficeHolding]:
        return iter(self._rows)

    def lookup(self, name: str, on: datetime.date | None = None) -> OfficeHolding | None:
        """The holding ``name`` refers to on day ``on``, or None.

        ``name`` is a full name, alias or bare family name as written in text (case and
        accents ignored, possessive and leading title words such as "President" stripped).
        Returns the person's holding active on ``on`` (most senior if several; on a
        handover day the incoming one), else the one that ended most recently before
        ``on`` (see ``is_former``), else None. With ``on`` None: an incumbent holding,
        else the latest. A bare family name shared by several people resolves only to
        the one person active on ``on`` (incumbent if ``on`` is None); None if ambiguous.
        """
        key = normalize_name(name)
        tokens = key.split()
        keys = [key]
        while len(tokens) > 1 and tokens[0] in _TITLE_WORDS:
            tokens = tokens[1:]
            keys.append(" ".join(tokens))
        for k in keys:
            if k in self._exact:
                return self._select([h for p in sorted(self._exact[k]) for h in self._by_person[p]], on)
        for k in keys:
            if k in self._short:
                persons = sorted(self._short[k])
                if len(persons) > 1:
                    persons = self._only_active(persons, on)
                    if len(persons) != 1:
                        return None
                return self._select(self._by_person[persons[0]], on)
        return None

    def _only_active(self, persons: list[str], on: datetime.date | None) -> list[str]:
        if on is None:
            return [p for p in persons if any(h.end is None for h in self._by_person[p])]
        live = [p for p in persons if any(h.active_on(on) for h in self._by_person[p])]
        staying = [p for p in live if any(h.active_on(on) and h.end != on for h in self._by_person[p])]
        return staying or live

    @staticmethod
    def _select(holdings: list[OfficeHolding], on: datetime.date | None) -> OfficeHolding | None:
        if on is None:
            current = [h for h in holdings if h.end is None]
            if current:
                return min(current, key=lambda h: SENIORITY[h.office])
            return max(holdings, key=lambda h: (h.end, -SENIORITY[h.office]))
        active = [h for h in holdings if h.active_on(on)]
        if active:
            return min(active, key=lambda h: (h.end == on, SENIORITY[h.office]))
        past = [h for h in holdings if h.end is not None and h.end < on]
        return max(past, key=lambda h: (h.end, -SENIORITY[h.office])) if past else None

    @staticmethod
    def is_former(holding: OfficeHolding, on: datetime.date) -> bool:
        """True if ``holding`` ended before day ``on`` (its holder is a former office holder)."""
        return holding.end is not None and holding.end < on


@functools.lru_cache(maxsize=1)
def default_kb() -> OfficeHolderKB:
    """The packaged knowledge base, loaded once (raises DataFileError if the file is invalid)."""
    return OfficeHolderKB.load()
