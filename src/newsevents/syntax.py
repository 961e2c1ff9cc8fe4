"""Dependency-tree helpers shared by the time and place stages.

"Attachment" answers: does a phrase (a date, a place) belong to the clause
of an event? It does when the phrase hangs, without crossing into another
clause (another verb), from the event's trigger or from a verb that governs
the trigger through infinitive, participle, coordination or object links.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

CLAUSE_LINKS = frozenset({"xcomp", "advcl", "acl", "conj", "dobj", "pobj", "prep", "pcomp", "nsubjpass", "npadvmod"})


def governing_chain(token: Token, limit: int = 8) -> set[int]:
    """Indices of ``token`` and the tokens governing it up to (and
    including) the head of its finite clause."""
    out = {token.i}
    t = token
    for _ in range(limit):
        if t.dep_ not in CLAUSE_LINKS or t.head is t:
            out.add(t.head.i)
            break
        t = t.head
        out.add(t.i)
    return out


def attaches(char_span: tuple[int, int], sentence: Span, chain: set[int]) -> bool:
    """True when the words at article offsets ``char_span`` (0-based,
    end-exclusive) hang from a token of ``chain`` without crossing a verb."""
    tokens = [t for t in sentence if t.idx >= char_span[0] and t.idx + len(t) <= char_span[1]]
    if not tokens:
        return False
    inside = {t.i for t in tokens}
    head = next((t for t in tokens if t.head.i not in inside), tokens[0])
    t = head.head
    for _ in range(6):
        if t.i in chain:
            return True
        if t.pos_ in ("VERB", "AUX") or t.head is t:
            return False
        t = t.head
    return False


def event_chain(trigger: Token, clause: Token) -> set[int]:
    """The governing chain of an event: its trigger's and its clause's."""
    return governing_chain(trigger) | governing_chain(clause)
