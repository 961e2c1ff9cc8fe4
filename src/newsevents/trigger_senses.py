"""Word senses of a trigger: is it used for a political event here?

Part of the events stage. Checks on a trigger's syntactic neighbourhood that
decide between the political sense of a word and another one ("attacked the
plans" is criticism; "declined to comment" rejects no one; "said Sudan must
return" is a demand), used by :mod:`newsevents.events`.
"""

from __future__ import annotations

from spacy.tokens import Token

from .actors import DocActors
from .candidate import Candidate

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
NO_COMMENT = frozenset({"comment", "name", "identify", "elaborate", "speculate", "disclose", "confirm"})
VERBAL_TARGETS = frozenset(
    "proposal proposals plan plans policy policies decision decisions statement statements stance idea ideas "
    "claim claims remark remarks comment comments record approach handling budget bill law strategy rhetoric "
    "report reports views view cost costs reform reforms initiative resolution speech".split()
)
ABSTRACT_VALUES = frozenset(
    "peace democracy stability security dialogue reform reforms development prosperity freedom freedoms rights "
    "principle principles values sovereignty integrity multilateralism cooperation unity justice".split()
)


def children(token: Token, deps: frozenset[str] | set[str]) -> list[Token]:
    """The children of ``token`` whose dependency label is in ``deps``."""
    return [c for c in token.children if c.dep_ in deps]


def political_sense(cand: Candidate, actors: DocActors) -> bool:
    """Whether the trigger is used in its political sense; may retype the
    candidate. False for "until their demands are met" (a thing met, not
    a meeting), "declined to comment", "committed to peace" (values, no
    act); "attacked the government's plans" and "warned that X is
    dangerous" are criticism (ACCUSE), not an attack or a threat."""
    trigger = cand.trigger
    if cand.rule.pos == "VERB" and cand.event_type in ("CONSULT", "SUPPORT", "AGREE"):
        subj = children(trigger, {"nsubjpass"})
        if subj and not any(c.dep_ == "agent" for c in trigger.children) and not actors.get(
                subj[0]) and actors.unplaced_at(subj[0]) is None:
            return False
    if cand.event_type == "REJECT" and any(x.lemma_.lower() in NO_COMMENT for x in children(trigger, {"xcomp"})):
        return False
    if cand.event_type == "AGREE" and trigger.lemma_.lower() == "commit" and abstract_commitment(trigger, actors):
        return False
    if cand.event_type == "ASSAULT" and verbal_target(trigger) or (
            trigger.lemma_.lower() == "warn" and cand.event_type == "THREATEN" and warns_about_others(trigger, actors)):
        cand.event_type, cand.mode = "ACCUSE", "disapprove"
    return True


def abstract_commitment(trigger: Token, actors: DocActors) -> bool:
    """"committed to peace and respect for ...": the commitment names no act
    (no verb, no event noun) and no party."""
    if children(trigger, {"xcomp"}):
        return False
    targets = [p for c in trigger.children if c.dep_ == "prep" and c.lower_ == "to" for p in c.children
               if p.dep_ in ("pobj", "pcomp")]
    return bool(targets) and all(t.pos_ == "NOUN" and not actors.get(t) and t.lemma_.lower() in ABSTRACT_VALUES
                                 for t in targets)


def warns_about_others(trigger: Token, actors: DocActors) -> bool:
    """A warning whose content is not the warner's own future act ("the US
    warned that Russia's cooperation with North Korea is dangerous") is a
    criticism, not a threat."""
    content = children(trigger, {"ccomp"})
    if not content:
        return False
    own = {a.code for s in children(trigger, SUBJECT_DEPS) for a in actors.get(s)}
    for clause in content:
        future = any(c.dep_ == "aux" and c.lower_ in ("will", "would", "'ll", "shall") for c in clause.children)
        subj_codes = {a.code for s in children(clause, SUBJECT_DEPS) for a in actors.get(s)}
        if future and (subj_codes & own or not subj_codes):
            return False
    return True


def verbal_target(trigger: Token) -> bool:
    """True when an attack verb or noun is aimed at words or policies, not at
    people or places ("attacked the Tory plans", "an attack on the cost of
    asylum"): criticism (ACCUSE), not violence."""
    targets = [c for c in trigger.children if c.dep_ == "dobj"]
    targets += [p for c in trigger.children if c.dep_ == "prep" and c.lower_ in ("on", "against")
                for p in c.children if p.dep_ == "pobj"]
    return any(t.lemma_.lower() in VERBAL_TARGETS for t in targets)


def obliged(verb: Token) -> bool:
    """"Sudan must return", "Iraq should cooperate", "China has to drop":
    the clause states what its subject is obliged to do."""
    if any(t.tag_ in ("WDT", "WP", "WRB") or t.dep_ == "mark" and t.lower_ in ("if", "whether")
           for t in verb.subtree if t.i < verb.i):
        return False  # "asked what the government had to hide": a question
    auxes = [c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(a in ("must", "should") for a in auxes):
        # "should have said" judges the past; it asks nothing
        return "have" not in auxes and any(c.dep_ in SUBJECT_DEPS for c in verb.children)
    if verb.lemma_ == "have" and any(c.dep_ == "xcomp" for c in verb.children):
        return any(c.dep_ == "nsubj" for c in verb.children)
    return False
