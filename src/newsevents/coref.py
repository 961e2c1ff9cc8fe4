"""In-article coreference for actor mentions: pronouns and definite nominals.

A salience list in the spirit of centering theory (Grosz, Joshi & Weinstein
1995) and Hobbs-style recency: candidates are searched in the current
sentence (before the mention), then sentence by sentence backwards; within a
sentence, grammatical subjects come first, then the other mentions in text
order. Agreement constraints filter candidates:

* he/she/his/her -> a singular person; they/them/their -> a plural referent
  (a coordinated or "two" group); it/its -> a singular state or organisation;
* "the Russian leader" -> a person with a matching title and country;
* "the two presidents", "both countries", "both sides" -> the two most recent
  distinct parties;
* "the alliance", "the bloc" -> the most recent international organisation.

An unresolvable person ("Mr Odinga" with no known country) blocks the search
for he/she, so that a pronoun is left unresolved rather than attached to an
earlier, wrong person.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Span, Token

from .actor_lexicon import fold
from .records import Actor

SEARCH_SENTENCES = 5  # how far back a pronoun or nominal looks
PAIR_SENTENCES = 10  # how far back "the two presidents" looks
SINGULAR_PERSON = frozenset({"he", "him", "his", "himself", "she", "her", "hers", "herself"})
PLURAL = frozenset({"they", "them", "their", "theirs", "themselves"})
NEUTER = frozenset({"it", "its", "itself"})
CONTROL_ADJECTIVES = frozenset(
    "willing unwilling ready prepared able unable determined eager reluctant keen committed set poised "
    "intent obliged bound due".split()
)  # "it is willing to ...": "it" is the subject who is willing, not an expletive
LEADER_TITLES = frozenset({"leader", "head of state", "head of government"})
GROUP_SECTORS = frozenset({"REB", "PTY", "OPP", "MIL", "UAF", "CRM"})
ORG_CODES = frozenset({"IGO", "UNO", "EUR", "NGO", "IMG"})


@dataclass(frozen=True)
class Referent:
    """A resolved (or blocking) mention kept for later coreference."""

    token: int
    sentence: int
    actors: tuple[Actor, ...]
    person: bool
    plural: bool
    subject: bool
    title: str | None = None
    org: str | None = None
    surname: str | None = None
    start: dt.date | None = None
    blocker: bool = False
    placeholder: Actor | None = None  # an unresolved person's role, for the events stage to place

    @classmethod
    def of(cls, head: Token, actors: tuple[Actor, ...], *, person: bool, title: str | None, org: str | None = None,
           plural: bool | None = None, surname: str | None = None, start: dt.date | None = None) -> Referent:
        """A referent for the mention headed by ``head`` (sentence filled in by
        :meth:`Discourse.add`)."""
        if plural is None:
            plural = head.tag_ in ("NNS", "NNPS") or len({a.code for a in actors}) > 1 or bool(list(head.conjuncts))
        return cls(head.i, -1, actors, person, plural, head.dep_ in ("nsubj", "nsubjpass"), title, org, surname, start)

    @classmethod
    def person_blocker(cls, head: Token, name: str) -> Referent:
        """An unresolved person: stops he/she searches."""
        return cls(head.i, -1, (), True, False, head.dep_ in ("nsubj", "nsubjpass"), surname=name.split()[-1], blocker=True)


def _title_matches(wanted: str, have: str | None) -> bool:
    if not have:
        return False
    wanted, have = fold(wanted).replace("-", " "), fold(have).replace("-", " ")
    if wanted in LEADER_TITLES:
        return not have.startswith(("vice", "deputy", "foreign", "defen", "secretary of"))
    return have == wanted or (have.endswith(" " + wanted) and not have.startswith(("vice", "deputy")))


def _moved(actors: tuple[Actor, ...], span: Span) -> tuple[Actor, ...]:
    """The antecedent's actors, re-anchored on the anaphor's own text."""
    return tuple(a.model_copy(update={"text": span.text, "span": (span.start_char, span.end_char)}) for a in actors)


class Discourse:
    """The salience list of one article, filled in text order."""

    ORG_NOUNS = frozenset({"alliance", "bloc", "organization", "organisation", "union", "grouping", "coalition"})

    def __init__(self) -> None:
        self._referents: list[Referent] = []
        self._sentence = 0
        self.last_blocker: Referent | None = None
        self._mentioned: list[Actor] = []  # states named only as modifiers ("a Pakistani train")

    def start_sentence(self, index: int) -> None:
        self._sentence = index

    def add(self, referent: Referent) -> None:
        self._referents.append(Referent(**{**referent.__dict__, "sentence": self._sentence}))

    def _candidates(self, before: int, window: int) -> Iterator[Referent]:
        by_sentence: dict[int, list[Referent]] = {}
        for ref in self._referents:
            if ref.token < before and self._sentence - ref.sentence <= window:
                by_sentence.setdefault(ref.sentence, []).append(ref)
        for s in sorted(by_sentence, reverse=True):
            refs = by_sentence[s]
            if s == self._sentence:
                refs = sorted(refs, key=lambda r: -r.token)  # nearest first inside the sentence
            else:
                refs = sorted(refs, key=lambda r: (not r.subject, r.token))
            yield from refs

    def pronoun(self, token: Token, span: Span) -> tuple[Actor, ...]:
        """Resolve a personal or possessive pronoun; () when unresolved."""
        word = token.lower_
        self.last_blocker = None
        if word == "it" and token.head.lemma_ == "be" and any(
            c.dep_ in ("attr", "acomp", "xcomp", "ccomp") and c.lemma_.lower() not in CONTROL_ADJECTIVES for c in token.head.children
        ):
            return ()  # expletive "it": "it was a mistake to ..."
        for ref in self._candidates(token.i, SEARCH_SENTENCES):
            if word in SINGULAR_PERSON and ref.person and not ref.plural:
                if ref.blocker:
                    self.last_blocker = ref  # "he" is a person we cannot code yet: the caller may keep his role
                    return ()
                return _moved(ref.actors, span)
            if word in PLURAL and ref.plural and not ref.blocker and ref.actors:
                return _moved(ref.actors, span)
            if word in NEUTER and not ref.person and not ref.plural and not ref.blocker and ref.actors:
                return _moved(ref.actors, span)
        if word in PLURAL:  # "the Baloch Liberation Army ... They shot": a group named in the singular
            for ref in self._candidates(token.i, 2):
                if not ref.person and not ref.blocker and ref.actors and ref.actors[0].sector in GROUP_SECTORS:
                    return _moved(ref.actors, span)
        return ()

    def mention_state(self, actor: Actor) -> None:
        """Count a state named only as a modifier towards the story's main
        state (:meth:`main_state`); it is not a referent for pronouns."""
        self._mentioned.append(actor)

    def set_placeholder(self, token: int, placeholder: Actor) -> None:
        """Attach an unresolved person's role placeholder to its blocking referent."""
        for k in range(len(self._referents) - 1, -1, -1):
            ref = self._referents[k]
            if ref.token == token and ref.blocker:
                self._referents[k] = Referent(**{**ref.__dict__, "placeholder": placeholder})
                return

    def unplaced_named(self, surname: str) -> Actor | None:
        """The role placeholder of an earlier unresolved person with this
        surname, or None."""
        for ref in reversed(self._referents):
            if ref.blocker and ref.surname == surname and ref.placeholder is not None:
                return ref.placeholder
        return None

    def person_named(self, surname: str) -> Actor | None:
        """An earlier resolved person with this surname ("Odinga" after
        "Kenyan opposition leader Raila Odinga")."""
        for ref in reversed(self._referents):
            if ref.surname == surname and ref.actors:
                return ref.actors[0]
        return None

    def definite(self, head: Token, span: Span, *, title: str | None = None, country: str | None = None,
                 org_noun: bool = False, sector: str | None = None) -> tuple[Actor, ...]:
        """Resolve a definite nominal ("the president", "the two nations",
        "the alliance", "the military" -> the last mentioned actor of that
        sector); () when nothing fits."""
        if self._is_pair(head):
            return self._pair(head, span, title)
        if not any(t.lower_ in ("the", "this", "that") for t in head.lefts) or head.tag_ in ("NNS", "NNPS"):
            return ()
        for ref in self._candidates(head.i, SEARCH_SENTENCES):
            if ref.blocker or not ref.actors or ref.plural:
                continue
            if org_noun and ref.org and ref.actors[0].code in ORG_CODES:
                actor = ref.actors[0]
                return (Actor(text=span.text, span=(span.start_char, span.end_char), name=ref.org, code=actor.code),)
            if title and ref.person and _title_matches(title, ref.title):
                if country is None or ref.actors[0].code == country:
                    return _moved(ref.actors, span)
            if sector and not ref.person and ref.actors[0].sector == sector and ref.actors[0].code not in ORG_CODES:
                # "the military" after "the Pakistani army"
                return _moved(ref.actors[:1], span)
        if sector and head.tag_ not in ("NNS", "NNPS"):
            main = self.main_state()
            if main is not None:  # "the military" in a story about Pakistan: the story's state
                return (Actor(text=span.text, span=(span.start_char, span.end_char), name=main.name, code=main.code,
                              sector=sector),)
        return ()

    def main_state(self) -> Actor | None:
        """The state the story is about so far: the only one named, or the
        one named most often (at least twice, and more often than any
        other); None otherwise."""
        counts: dict[str, int] = {}
        first: dict[str, Actor] = {}
        for actor in [a for ref in self._referents for a in ref.actors] + self._mentioned:
            if actor.code and actor.code not in ORG_CODES and actor.code not in ("ISM", "MNC"):
                counts[actor.code] = counts.get(actor.code, 0) + 1
                first.setdefault(actor.code, actor)
        ranked = sorted(counts.items(), key=lambda kv: -kv[1])
        if not ranked or len(ranked) > 1 and (ranked[0][1] < 2 or ranked[1][1] == ranked[0][1]):
            return None  # the only state named so far, or the one named most often (twice or more)
        return first[ranked[0][0]]

    @staticmethod
    def _is_pair(head: Token) -> bool:
        return any(
            (t.dep_ == "nummod" and t.lower_ == "two") or t.lower_ == "both" for t in head.lefts
        ) and head.tag_ in ("NNS", "NNPS")

    def _pair(self, head: Token, span: Span, title: str | None) -> tuple[Actor, ...]:
        chosen: list[Actor] = []
        for ref in self._candidates(head.i, PAIR_SENTENCES):
            if ref.blocker or not ref.actors:
                continue
            if ref.plural and len({a.code for a in ref.actors}) == 2 and not chosen:
                return _moved(ref.actors, span)
            if title and not (ref.person and _title_matches(title, ref.title)):
                continue
            for actor in ref.actors:
                if actor.code not in {a.code for a in chosen}:
                    chosen.append(actor)
            if len(chosen) == 2:
                return _moved(tuple(sorted(chosen, key=lambda a: a.span)), span)
        return ()
