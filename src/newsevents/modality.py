"""Modality and attribution of an event candidate.

Modality (DESIGN.md; the PLOVER manual's auxiliary modes "future",
"hypothetical", "negation"):

* ``negated`` -- a negation on the event's clause or on a verb that governs
  it ("did not attack", "has not held out hope", "no talks were held");
* ``hypothetical`` -- a condition or epistemic modal ("if troops cross",
  "sanctions could follow"), an unrealised plan ("were supposed to sign"),
  or a judgement about an act ("it was a mistake to support X");
* ``future`` -- a wish or an unconverted will/shall ("wanted to speak with
  allies", "hoped they would be indicted"): not (yet) an event, dropped by
  default like negated and hypothetical events;
* ``reported`` -- the event is the content of a claim by a party to the
  news ("the ministry said rebels shelled the town"), not a news source;
* ``asserted`` -- otherwise.

PLOVER rule (manual v2.0, AGREE): future or promised cooperation is AGREE.
A cooperative event under a commitment cue (will, pledge, promise,
intention, willing/ready to, or a schedule: expected/due/scheduled to)
becomes AGREE; likewise ("future threats are THREATEN") a
material conflict event under will/shall becomes THREATEN; under a mere desire (want, hope, plan) it stays
its type with modality ``future``. Threats are about the future by nature:
a THREATEN event is never ``future``.

Attribution is the reporting source: "AP reported", "according to officials
familiar with the call", "said the ministry".
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from .actors import DocActors
from .records import Actor, Attribution

HYPOTHETICAL_MODALS = frozenset({"could", "might", "may", "can", "should", "must", "ought"})
FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
CONDITIONAL_MARKS = frozenset({"if", "unless", "whether", "providing", "provided"})
# A governing verb that says the act did not happen ("failed to recognise").
FAILURE_VERBS = frozenset({"fail", "refrain", "neglect"})
DESIRE_VERBS = frozenset({"want", "hope", "seek", "prepare", "aim", "wish", "try", "consider", "need", "like", "urge",
                          "interested", "eager", "keen"})
# Support verbs that make a noun event a promise ("offered concessions", "pledged aid").
OFFER_VERBS = frozenset({"offer", "promise", "pledge"})
OFFERED_ACTS = frozenset({"CONCEDE", "RETREAT", "AID", "COOPERATE"})  # "pledged its commitment" stays SUPPORT
# Verbs that set someone up to act ("hired a hitman to kill X"): the act is intended, not reported.
INTENT_VERBS = frozenset({"hire", "pay", "recruit", "plot", "conspire", "scheme", "train"})
# Words that say a planned act did not take place ("were supposed to sign").
UNREALISED_WORDS = frozenset({"supposed", "meant"})
# A scheduled act is a promise of it ("is expected to visit", "is due to meet"):
# PLOVER's future rule applies as for "will".
SCHEDULE_WORDS = frozenset({"expect", "due", "schedule", "plan", "set", "slate"})
COMMITMENT_WORDS = frozenset({
    "pledge", "promise", "vow", "intention", "intend", "commit", "commitment", "agree", "offer",
    "willing", "ready", "prepared", "determined", "committed", "poised",
})
COOPERATIVE_TO_AGREE = frozenset({"CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT"})
# "would not provide support", "will not accept refugees": a refusal now (PLOVER REJECT)
REFUSED_TO_REJECT = COOPERATIVE_TO_AGREE | {"AGREE"}
CONFLICT_TO_THREATEN = frozenset({"SANCTION", "COERCE", "ASSAULT", "MOBILIZE", "PROTEST"})
SPEECH_VERBS = frozenset(
    "say report tell state announce add claim note confirm write tweet post quote insist assert acknowledge "
    "reveal disclose explain argue contend suggest indicate maintain".split()
)
NEWS_SECTORS = frozenset({"JRN"})
CLIMB = frozenset({"xcomp", "conj", "advcl", "acl", "pcomp", "dobj", "pobj", "prep", "acomp"})


@dataclass(frozen=True)
class ModalityResult:
    """``modality`` of the event; ``event_type`` after the PLOVER future rule."""

    modality: str
    event_type: str
    cue: str | None = None


def _chain(clause: Token, limit: int = 6) -> list[Token]:
    """The clause token and the tokens governing it up to the first finite
    clause (``ccomp`` / root), inclusive."""
    out = [clause]
    t = clause
    while len(out) < limit and t.head is not t and (
            t.dep_ in CLIMB or t.dep_ == "ccomp" and t.head.lemma_.lower() in DESIRE_VERBS | SCHEDULE_WORDS):
        t = t.head
        out.append(t)
    return out


def _negates(child: Token, tok: Token, trigger: Token) -> bool:
    """``child`` negates ``tok``: "not"/"never" ("did not attack"), "no" on
    the trigger or a governing noun ("no talks were held", "no signs that
    ..."), or "no" on the trigger's object ("offered no evidence")."""
    if child.dep_ == "neg":
        return True
    if child.dep_ == "advmod" and child.lower_ == "longer" and any(g.lower_ == "no" for g in child.children):
        return True  # "will no longer grant access"
    if child.dep_ == "det" and child.lower_ == "no":
        return tok is trigger or tok.pos_ == "NOUN"
    return tok is trigger and child.dep_ == "dobj" and any(d.dep_ == "det" and d.lower_ == "no" for d in child.children)


def _future_refusal(chain: list[Token], negated_at: Token) -> bool:
    """A negated promise: "will not / would not (under speech) / is not
    willing to" on the negated token or a token below it in the chain."""
    for tok in chain:
        for child in tok.children:
            if child.dep_ == "aux" and (child.lower_ in FUTURE_AUX or child.lower_ == "would" and _under_speech(tok)):
                return True
        if tok.lemma_.lower() in COMMITMENT_WORDS and tok is not chain[0]:
            return True
        if tok is negated_at:
            return False
    return False


def modality_of(trigger: Token, clause: Token, event_type: str) -> ModalityResult:
    """Decide the modality of an event whose trigger is ``trigger`` and whose
    framing verb is ``clause``.

    A negated promise of cooperation ("Moscow said it would not provide
    support", "will not accept refugees") is returned as an asserted REJECT,
    following PLOVER's REJECT ("refuse to ...") and its future rule."""
    chain = _chain(clause)
    for tok in [trigger, *chain]:
        for child in tok.children:
            if _negates(child, tok, trigger):
                if event_type in REFUSED_TO_REJECT and child.dep_ == "neg" and _future_refusal(chain, tok):
                    return ModalityResult("asserted", "REJECT", child.text)
                return ModalityResult("negated", event_type, child.text)
        if tok.dep_ == "pcomp" and tok.head.lower_ == "without":
            return ModalityResult("negated", event_type, "without")
        if tok is not clause and tok.lemma_.lower() in FAILURE_VERBS:
            return ModalityResult("negated", event_type, tok.text)
    for tok in chain:
        if tok is not clause and tok.lower_ in UNREALISED_WORDS:
            return ModalityResult("hypothetical", event_type, tok.text)  # "were supposed to sign"
        if tok is not clause and tok.lemma_ == "be" and any(
                c.dep_ == "nsubj" and c.lower_ == "it" for c in tok.children) and any(
                c.dep_ == "attr" for c in tok.children):
            return ModalityResult("hypothetical", event_type, tok.text)  # "it was a mistake to support X": a judgement
        for child in tok.children:
            if child.dep_ == "mark" and child.lower_ in CONDITIONAL_MARKS:
                return ModalityResult("hypothetical", event_type, child.text)
            if child.dep_ == "aux" and child.lower_ in HYPOTHETICAL_MODALS:
                return ModalityResult("hypothetical", event_type, child.text)
    future_cue = None
    commitment = False
    for tok in chain:
        for child in tok.children:
            if child.dep_ == "aux" and child.lower_ in FUTURE_AUX | {"would"}:
                future_cue, commitment = child.text, child.lower_ != "would" or _under_speech(tok)
        if tok is not clause and tok.lemma_.lower() in DESIRE_VERBS | INTENT_VERBS and future_cue is None:
            future_cue = tok.text
        if tok is not clause and tok.lemma_.lower() in COMMITMENT_WORDS | SCHEDULE_WORDS:
            if tok.lemma_.lower() in SCHEDULE_WORDS and tok.tag_ != "VBN" and _someone_else(tok):
                future_cue = future_cue or tok.text  # "he is expecting North Korea to launch": a belief
            else:
                future_cue, commitment = tok.text, True
        if future_cue:
            break
    if future_cue is None and clause is not trigger and clause.lemma_.lower() in OFFER_VERBS and event_type in OFFERED_ACTS:
        future_cue, commitment = clause.text, True  # "offered concessions", "pledged aid": a promise of them
    if future_cue is not None and any(tok is not clause and tok.lemma_.lower() in DESIRE_VERBS for tok in chain):
        commitment = False  # "I hope his charge will be dropped": a wish, whatever its tense
    if future_cue is None:
        return ModalityResult("asserted", event_type)
    if event_type == "THREATEN":
        return ModalityResult("asserted", event_type, future_cue)
    if event_type == "SANCTION" and _announced(clause):
        return ModalityResult("asserted", event_type, future_cue)  # "announced it would cut aid": the sanction is decided
    if commitment and event_type in CONFLICT_TO_THREATEN and (future_cue.lower() in FUTURE_AUX or future_cue.lower() == "would"):
        return ModalityResult("asserted", "THREATEN", future_cue)  # "will impose sanctions": a threat now
    if commitment and event_type in COOPERATIVE_TO_AGREE:
        return ModalityResult("asserted", "AGREE", future_cue)
    if future_cue.lower() == "would" and not commitment:
        return ModalityResult("hypothetical", event_type, future_cue)
    return ModalityResult("future", event_type, future_cue)


def _someone_else(tok: Token) -> bool:
    """True when ``tok`` ("expect", "plan") governs another party's act:
    "expecting North Korea to launch" (an object, or a complement with its
    own subject)."""
    if any(c.dep_ == "dobj" for c in tok.children):
        return True
    return any(c.dep_ in ("xcomp", "ccomp") and any(g.dep_ == "nsubj" for g in c.children) for c in tok.children)


def _governed_by(tok: Token, deps: tuple[str, ...], lemmas: frozenset[str] | set[str]) -> bool:
    """True when ``tok`` or one of its first governors is a ``deps``
    dependent of a verb whose lemma is in ``lemmas``."""
    t = tok
    for _ in range(4):
        if t.dep_ in deps and t.head.lemma_.lower() in lemmas:
            return True
        if t.head is t:
            return False
        t = t.head
    return False


def _announced(tok: Token) -> bool:
    """True when the clause is the content of an announcement or decision
    ("announced it would halt aid", "decided to suspend flights")."""
    return _governed_by(tok, ("ccomp", "xcomp"), {"announce", "decide"})


def _under_speech(tok: Token) -> bool:
    """True when the clause is reported speech ("said it would ...")."""
    return _governed_by(tok, ("ccomp", "parataxis"), SPEECH_VERBS)


def _speech_governor(clause: Token) -> Token | None:
    """The speech verb whose complement contains the event clause."""
    t = clause
    for _ in range(6):
        if t.dep_ in ("ccomp", "parataxis") and t.head.lemma_.lower() in SPEECH_VERBS:
            return t.head
        if t.dep_ == "ROOT":
            # "..., AP reported." parses the report verb as root with our clause as ccomp;
            # "X said" after a quote can also be attached as parataxis child.
            for child in t.children:
                if child.dep_ == "parataxis" and child.lemma_.lower() in SPEECH_VERBS:
                    return child
            return None
        t = t.head
    return None


def _np_text(tok: Token) -> tuple[int, int, str]:
    """``(start, end, name)``: the phrase's token range, and its name = the
    words up to the head without a leading determiner ("officials")."""
    start, end = tok.left_edge.i, tok.right_edge.i + 1
    first = start + 1 if tok.doc[start].dep_ == "det" and start < tok.i else start
    return start, end, tok.doc[first : tok.i + 1].text


def according_to(sentence: Span) -> Attribution | None:
    """The "according to X" source of a sentence, or None (the part of
    :func:`attribution_of` that depends on the sentence only)."""
    doc = sentence.doc
    for tok in sentence:
        if tok.lower_ == "according" and tok.dep_ in ("prep", "advmod"):
            to = [c for c in tok.children if c.lower_ == "to"]
            pobj = [c for t in to for c in t.children if c.dep_ == "pobj"]
            if pobj:
                start, end, name = _np_text(pobj[0])
                span = doc[tok.i : end]
                return Attribution(text=span.text, span=(span.start_char, span.end_char), name=name)
    return None


_SCAN = object()


def attribution_of(sentence: Span, clause: Token, actors: DocActors, *,
                   according: Attribution | None | object = _SCAN) -> tuple[Attribution | None, tuple[Actor, ...]]:
    """The reporting source of an event, and the claimant: the source's
    actors when it is a party to the news (a government, an army), empty for
    news outlets and unnamed officials. ``according``: the sentence's
    :func:`according_to`, when already known.

    Returns ``(attribution or None, claimant actors)``.
    """
    doc = sentence.doc
    found = according_to(sentence) if according is _SCAN else according
    if found is not None:
        return found, ()
    verb = _speech_governor(clause)
    if verb is None:
        return None, ()
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not subjects:
        return None, ()
    subj = subjects[0]
    start, end, name = _np_text(subj)
    lo, hi = min(start, verb.i), max(end, verb.i + 1)
    span = doc[lo:hi]
    if hi - lo > 12:  # a long subject: keep the head words and the verb only
        span = doc[min(subj.i, verb.i) : max(subj.i, verb.i) + 1]
    source_actors = actors.get(subj)
    claimant = tuple(a for a in source_actors if a.sector not in NEWS_SECTORS)
    return Attribution(text=span.text, span=(span.start_char, span.end_char), name=name or subj.text), claimant
