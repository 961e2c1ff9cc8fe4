"""Event trigger lexicon: which words state which PLOVER event.

``data/triggers.csv`` has one row per trigger: ``lemma`` (one or two words),
``pos`` (VERB or NOUN), ``event_type`` and ``mode`` (PLOVER manual v2.0
types and modes), ``requires`` (conditions on the trigger's syntactic
neighbours, ``;``-separated) and ``frame`` (how roles are read):

requires
    ``dobj:a|b`` direct object lemma in the set (``*actor``: the object is a
    codable actor, ``*any``: any object); ``prep:with|to`` a preposition
    child; ``prt:out`` a particle; ``advmod:firmly``; ``amod:joint``;
    ``subj:workers`` subject lemma; ``xcomp`` an infinitive complement;
    ``modalcomp`` a complement with should/must or an infinitive ("told X to");
    ``mustcomp`` a that-clause with must/should/has to ("said Sudan must
    return the helicopter": a demand);
    ``ccomp-conflict`` a that-clause stating a conflict event; ``future`` the
    clause is future.
frame
    ``default`` subject = actor, object = recipient; ``receive`` reversed
    ("received weapons from X": X is the actor); ``host`` the host is the
    recipient (PLOVER CONSULT: visitor = actor); ``say`` an allegation whose
    content names the recipient; ``light`` a noun that is an event only
    with a support verb ("held talks", "reaffirmed support").

For one lemma and part of speech, rows with conditions are tried before
rows without, so the most specific reading wins.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from .errors import DataFileError

FRAMES = frozenset({"default", "receive", "host", "say", "light"})
CONDITION_KINDS = frozenset({"dobj", "prep", "prt", "advmod", "amod", "subj", "xcomp", "modalcomp", "mustcomp",
                             "ccomp-conflict", "future"})


@dataclass(frozen=True)
class TriggerRule:
    """One row of the trigger lexicon; ``requires`` is a tuple of
    ``(kind, frozenset(values))``."""

    lemma: str
    pos: str
    event_type: str
    mode: str | None
    requires: tuple[tuple[str, frozenset[str]], ...]
    frame: str
    line: int


def _parse_requires(text: str, where: str) -> tuple[tuple[str, frozenset[str]], ...]:
    out = []
    for part in filter(None, (p.strip() for p in text.split(";"))):
        kind, _, values = part.partition(":")
        if kind not in CONDITION_KINDS:
            raise DataFileError(f"{where}: unknown condition {kind!r}")
        out.append((kind, frozenset(v.strip().lower() for v in values.split("|") if v.strip())))
    return tuple(out)


class TriggerLexicon:
    """Rules indexed by ``(lemma, pos)``, specific rules first."""

    def __init__(self, rules: Sequence[TriggerRule]) -> None:
        self.rules: dict[tuple[str, str], list[TriggerRule]] = {}
        for rule in rules:
            self.rules.setdefault((rule.lemma, rule.pos), []).append(rule)
        for group in self.rules.values():
            group.sort(key=lambda r: (not r.requires, r.line))
        self.two_word = {key[0] for key in self.rules if " " in key[0]}

    @classmethod
    def load(cls, path: str | Path | None = None, *, event_types: frozenset[str] | None = None) -> TriggerLexicon:
        """Load ``path`` (default: the packaged lexicon).

        Raises:
            DataFileError: unknown part of speech, frame, condition or event
                type, with ``file:line``.
        """
        source = Path(path) if path is not None else resources.files("newsevents") / "data" / "triggers.csv"
        rules = []
        with source.open(encoding="utf-8", newline="") as handle:
            for line, row in enumerate(csv.DictReader(handle), start=2):
                where = f"{source}:{line}"
                if row.get("pos") not in ("VERB", "NOUN") or row.get("frame") not in FRAMES:
                    raise DataFileError(f"{where}: bad pos or frame in {row}")
                if event_types is not None and row["event_type"] not in event_types:
                    raise DataFileError(f"{where}: unknown PLOVER event type {row['event_type']!r}")
                rules.append(TriggerRule(row["lemma"].strip().lower(), row["pos"], row["event_type"],
                                         row["mode"] or None, _parse_requires(row.get("requires") or "", where),
                                         row["frame"], line))
        return cls(rules)

    def candidates(self, lemma: str, pos: str) -> list[TriggerRule]:
        """Rules for a lemma and part of speech (VERB or NOUN), most specific first."""
        return self.rules.get((lemma, pos), [])


@lru_cache(maxsize=1)
def default_triggers() -> TriggerLexicon:
    """The packaged trigger lexicon, validated against the PLOVER types."""
    from .ontology import EVENT_TYPES

    return TriggerLexicon.load(event_types=frozenset(EVENT_TYPES))
