"""The events stage: triggers + syntax -> event candidates with actors and
recipients (PLOVER manual v2.0 roles: actor = source, recipient = target).

Rules (each a whole class of constructions, not a case):

* A verb trigger is coded with its subject as actor (climbing through
  infinitives, participles and coordination to the governing subject), its
  object or a type-specific preposition ("with", "to", "for", "against", ...)
  as recipient; passives swap in the "by" agent.
* A noun trigger ("call", "talks", "support") is coded only with a support
  verb ("had a call", "held talks", "reaffirmed support") or as the subject
  of "took place"; a bare nominal ("the poisoning of X") is a mention of an
  event, not a report of one, and is not coded.
* A trigger that is the complement of another trigger ("agreed to meet",
  "accused X of attacking", "claimed that X attacked Y") is the content of
  that event, not a separate event.
* "received weapons from X" reverses the roles (X is the actor of AID); a
  host is the recipient of a CONSULT visit.
* Coordinated subjects with no recipient ("X and Y agreed", "the two
  presidents agreed") are a reciprocal event: all parties are actors.
* Roles the sentence leaves implicit (countryless actors, unnamed attackers,
  unnamed targets) are filled from the setting by
  :mod:`newsevents.implicit_roles`.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from .actors import DocActors
from .candidate import Candidate
from .implicit_roles import (
    AUTHORITY_ACTS, UNKNOWN_ATTACKER_TYPES, place_unplaced, setting_target, unknown_attacker, unnamed_authority,
)
from .records import Actor
from .trigger_senses import SUBJECT_DEPS, children as _children, obliged, political_sense
from .triggers import TriggerLexicon, TriggerRule

LIGHT_VERBS = frozenset(
    "have hold make conduct launch carry stage stag mount give pay express voice reaffirm reiterate pledge offer extend "
    "lend show announce declare issue level file open impose reach strike lodge begin start resume attend "
    "complete conclude finalize finalise seal broker renew continue step intensify claim speed accelerate".split()
)
OCCUR_VERBS = frozenset({"take", "happen", "occur", "begin", "start", "resume", "continue", "break", "erupt"})
CLIMB_DEPS = frozenset({"xcomp", "advcl", "conj", "acl", "pcomp", "relcl", "acomp"})
COMPLEMENT_DEPS = frozenset({"xcomp", "ccomp", "pcomp"})
RECIPIENT_PREPS = {
    "AGREE": {"with"}, "CONSULT": {"with", "to", "between"}, "SUPPORT": {"for", "to", "with", "behind"},
    "CONCEDE": {"to", "for"}, "COOPERATE": {"with"}, "AID": {"to", "for"}, "RETREAT": {"from"},
    "REQUEST": {"from", "of"}, "ACCUSE": {"against", "of", "over", "about"}, "REJECT": {"from", "of"},
    "THREATEN": {"against", "with"}, "PROTEST": {"against", "outside"}, "SANCTION": {"on", "against", "with"},
    "MOBILIZE": {"against", "to"}, "COERCE": {"against", "on"}, "ASSAULT": {"on", "against", "at", "with"},
}
RECIPROCAL_TYPES = frozenset({"AGREE", "CONSULT", "COOPERATE", "ASSAULT"})
MEET_NOUNS = frozenset({"call", "meeting", "talk", "talks", "visit", "summit", "negotiation", "dialogue"})
SELF_WORDS = frozenset({"his", "her", "its", "their", "him", "them", "himself", "herself", "itself", "themselves"})
# Nouns for a party's statement, plan or act: whose it is names the other
# party of an event about it ("rejected North Korea's demand").
OWNED_NOUNS = frozenset(
    "proposal demand demands plan call calls appeal offer request ultimatum invitation initiative resolution "
    "order orders permission announcement news "
    "statement decision policy effort efforts bid move mediation proposals plans conditions terms peace "
    "changes reform reforms position stance warning threat".split()
)
MEASURE_NOUNS = frozenset(
    "ton tons tonne tonnes million millions billion billions thousand thousands hundred hundreds dozen dozens "
    "barrel barrels shipment shipments batch batches unit units worth amount package".split()
)
FACT_NOUNS = frozenset({"announcement", "news", "fact", "confirmation", "decision", "word", "revelation"})
DOCUMENT_NOUNS = frozenset({"report", "statement", "study", "letter", "communique", "declaration", "document", "dossier"})
# Where a complement's recipient is looked for when the trigger names none:
# "offered to hand over to Great Britain", "agreed to re-open its borders to UN peacekeepers".
COMPLEMENT_PREPS = frozenset({"to", "with", "against", "on", "from", "into", "at", "for"})
ATTACK_NOUNS = frozenset(
    "attack attacks strike strikes airstrike airstrikes shelling bombing bombings raid raids fire gunfire "
    "offensive assault operation operations ambush crossfire barrage bombardment explosion blast "
    "tank tanks drone drones missile missiles rocket rockets artillery mortar mortars airstrike".split()
)
# "is opposed to", "is committed to": a state of the subject, not a passive act on it
STATIVE_PASSIVES = frozenset({"oppose", "commit", "determine", "prepare", "dedicate", "devote", "resolve", "engage"})
CONFLICT_TYPES = frozenset({"REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"})


def _with_conjuncts(tokens: list[Token]) -> list[Token]:
    out: list[Token] = []
    for tok in tokens:
        for t in (tok, *tok.conjuncts):
            if t not in out and t.i >= tok.i:
                out.append(t)
    return out


def _unplaced(token: Token, actors: DocActors) -> tuple[Actor, ...]:
    found = actors.unplaced_at(token)
    return (found,) if found is not None else ()


def _is_owner_of_act(actor: Actor, clause: Token) -> bool:
    """True when ``actor`` was found as the owner of an act noun under
    ``clause`` ("in Israeli shelling"), not as a place ("in Gaza")."""
    doc = clause.doc
    for prep in clause.children:
        if prep.dep_ != "prep":
            continue
        for pobj in prep.children:
            if pobj.dep_ == "pobj" and pobj.pos_ == "NOUN" and pobj.idx <= actor.span[0] < pobj.idx + len(pobj):
                return False
            if pobj.dep_ == "pobj" and pobj.pos_ == "NOUN" and pobj.lemma_.lower() in ATTACK_NOUNS:
                start = doc[pobj.left_edge.i].idx
                if start <= actor.span[0] < pobj.idx + len(pobj):
                    return True
    return False


def _drop_nested_repeats(cands: list[Candidate]) -> list[Candidate]:
    """Drop an event whose clause lies inside the clause of another event of
    the same type in the same sentence ("held a meeting with X at a lunch
    hosted by Y", "began a hunger strike ... in protest"): one report, one
    event (the governing one)."""
    clauses: dict[tuple[int, str], set[int]] = {}  # clause tokens of each sentence and type
    for cand in cands:
        clauses.setdefault((cand.sentence_index, cand.event_type), set()).add(cand.clause.i)
    kept = []
    for cand in cands:
        # inside another's clause: one of its ancestors is the clause of an event of the same type and
        # sentence (a tree has no cycles, so that clause is not inside this one). One walk up the tree
        # per event; comparing every pair made one long sentence with many triggers cubic.
        others = clauses[(cand.sentence_index, cand.event_type)]
        if not any(head.i in others for head in cand.clause.ancestors):
            kept.append(cand)
    return kept


class EventFinder:
    """Find event candidates in a parsed Doc with resolved actors."""

    def __init__(self, triggers: TriggerLexicon) -> None:
        self.triggers = triggers

    # -- trigger matching ---------------------------------------------------
    def _rule_for(self, token: Token, actors: DocActors) -> tuple[TriggerRule, tuple[Token, ...]] | None:
        pos = "VERB" if token.pos_ == "VERB" else "NOUN" if token.pos_ in ("NOUN", "PROPN") else None
        if pos is None:
            return None
        lemma = token.lemma_.lower()
        words: tuple[Token, ...] = (token,)
        if pos == "NOUN":
            for c in token.lefts:
                if c.dep_ == "compound" and f"{c.lower_} {lemma}" in self.triggers.two_word:
                    lemma, words = f"{c.lower_} {lemma}", (c, token)
            if token.lower_ == "talks":
                lemma = "talks"
        for rule in self.triggers.candidates(lemma, pos):
            extra = self._conditions_hold(token, rule, actors)
            if extra is not None:
                return rule, tuple(sorted(words + extra, key=lambda t: t.i))
        return None

    def _conditions_hold(self, token: Token, rule: TriggerRule, actors: DocActors) -> tuple[Token, ...] | None:
        extra: tuple[Token, ...] = ()
        for kind, values in rule.requires:
            if kind == "dobj":
                # "photographs and other intelligence"; a passive subject is the object ("evidence was presented")
                objs = _with_conjuncts(_children(token, {"dobj", "nsubjpass"}))
                # "25,000 tons of food aid", "thousands of troops": the measured thing is the object
                objs += [p for o in objs if o.lemma_.lower() in MEASURE_NOUNS for c in o.children
                         if c.dep_ == "prep" and c.lower_ == "of" for p in c.children if p.dep_ == "pobj"]
                if "*any" in values:
                    ok = bool(objs)
                elif "*actor" in values:
                    # "calling them an occupying army" names them, it does not act on them
                    ok = any(actors.get(o) or actors.unplaced_at(o) for o in objs) and not _children(token, {"oprd"})
                else:
                    ok = any(o.lemma_.lower() in values or o.lower_ in values for o in objs)
            elif kind == "prep":
                found = [c for c in token.children if c.dep_ in ("prep", "prt", "agent") and c.lower_ in values]
                # "called for the Taliban to lift the ban": the parser makes "for" the mark of a clause
                found += [m for c in token.children if c.dep_ == "advcl" for m in c.children
                          if m.dep_ == "mark" and m.lower_ in values]
                ok = bool(found)
            elif kind == "prt":
                found = [c for c in token.children if c.dep_ == "prt" and c.lower_ in values]
                ok, extra = bool(found), extra + tuple(found)
            elif kind == "advmod":
                ok = any(c.dep_ == "advmod" and c.lower_ in values for c in token.children)
            elif kind == "amod":
                # any modifier in the noun phrase: "the Malabar Joint Maritime Exercise"
                ok = any(c.dep_ in ("amod", "compound") and c.lower_ in values for c in token.subtree if c.i < token.i)
            elif kind == "subj":
                ok = any(s.lemma_.lower() in values or s.lower_ in values for s in self._subjects(token)[0])
            elif kind == "xcomp":
                ok = bool(_children(token, {"xcomp", "ccomp"}))
            elif kind == "modalcomp":
                # "told X to leave", "asked them to", "told X that it must": an infinitive or an obligation
                ok = any(any(a.dep_ == "aux" and a.lower_ == "to" for a in x.children)
                         for x in _children(token, {"xcomp"})) or any(obliged(c) for c in _children(token, {"ccomp"}))
            elif kind == "mustcomp":
                # a party obliged to act, named in the clause ("said Sudan must return"), not "we should have"
                ok = any(obliged(c) and any(actors.get(x) or actors.unplaced_at(x) for x in _children(c, SUBJECT_DEPS))
                         for c in _children(token, {"ccomp"}))
            elif kind == "ccomp-conflict":
                ok = any(self._rule_type(c, actors) in CONFLICT_TYPES for c in _children(token, {"ccomp"}))
            elif kind == "future":
                ok = any(c.dep_ == "aux" and c.lower_ in ("will", "would", "shall", "'ll") for c in token.children) or \
                    token.dep_ == "xcomp"
            else:  # pragma: no cover - the loader rejects unknown kinds
                ok = False
            if not ok:
                return None
        return extra

    def _rule_type(self, token: Token, actors: DocActors) -> str | None:
        found = self._rule_for(token, actors) if token.pos_ == "VERB" else None
        return found[0].event_type if found else None

    # -- candidates -----------------------------------------------------
    def find(self, doc: Doc, actors: DocActors) -> list[Candidate]:
        """All event candidates of ``doc`` in text order."""
        out: list[Candidate] = []
        for s_index, sent in enumerate(doc.sents):
            matched: dict[int, tuple[TriggerRule, tuple[Token, ...]]] = {}
            for token in sent:
                found = self._rule_for(token, actors)
                if found is not None:
                    matched[token.i] = found
            for i, (rule, words) in matched.items():
                token = doc[i]
                clause = self._clause(token, rule, matched)
                if clause is None or self._absorbed(clause, matched):
                    continue
                cand = Candidate(s_index, sent, token, words, clause, rule, rule.event_type, rule.mode)
                if not political_sense(cand, actors):
                    continue
                self._roles(cand, actors)
                if rule.frame == "say" and cand.event_type == "ACCUSE" and not cand.recipients:
                    continue  # "it claimed they were holding 200 hostages": a claim about oneself accuses no one
                if cand.actors or cand.recipients:
                    out.append(cand)
        return _drop_nested_repeats(out)

    def _clause(self, token: Token, rule: TriggerRule, matched) -> Token | None:
        """The verb framing the event, or None when a noun has no support verb
        or a light verb's object is itself a trigger (the noun wins)."""
        if rule.pos == "VERB":
            if token.lemma_.lower() in LIGHT_VERBS and any(o.i in matched and matched[o.i][0].pos == "NOUN"
                                                           for o in _children(token, {"dobj"})):
                return None
            return token
        head = token.head
        if token.dep_ in ("dobj", "nsubjpass") and head.pos_ in ("VERB", "AUX") and head.lemma_.lower() in LIGHT_VERBS:
            return head
        if token.dep_ == "nsubj" and head.lemma_.lower() in OCCUR_VERBS:
            return head
        if token.dep_ == "conj" and token.head.i in matched:
            return self._clause(token.head, matched[token.head.i][0], matched)
        return None

    @staticmethod
    def _absorbed(clause: Token, matched) -> bool:
        """True when the event clause is the complement of another trigger
        verb, directly or through purpose and infinitive clauses ("refused to
        meet to discuss X": discuss belongs to the refusal)."""
        t = clause
        while t.dep_ == "conj" and t.head is not t:
            t = t.head
        infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in t.children)
        if t.dep_ in ("advcl", "acl") and infinitive and not any(c.dep_ in SUBJECT_DEPS for c in t.children) and (
                t.head.i in matched or any(c.i in matched for c in t.head.children if c.dep_ == "dobj")):
            # the purpose of another event ("met in Zurich to discuss X", "continued their hunger strike to
            # demand X") is part of it
            return True
        if t.dep_ == "acl" and infinitive and t.head.dep_ == "pobj" and t.head.head.head.i in matched:
            return True  # "called for the Taliban to lift the ban": what was asked for
        if t.dep_ == "advcl" and infinitive and t.head.i in matched and any(
                c.dep_ == "mark" and c.lower_ == "for" for c in t.children):
            return True  # the same with "for" parsed as the clause's mark
        described = (t.dep_ == "acl" and t.tag_ == "VBN" and not any(c.dep_ in ("agent", "nsubj") for c in t.children)) or (
            t.dep_ == "relcl" and (any(c.lower_ in ("where", "when") for c in t.children) or t.head.i in matched))
        if described and (t.head.i in matched or any(a.i in matched for a in t.head.ancestors)):
            # "demanded the return of property seized by X", "protested in Serbia, where 24 were killed":
            # a description of something inside another event, not a report of its own
            return True
        if t.dep_ in ("advcl", "xcomp") and t.tag_ == "VBG" and not any(c.dep_ in SUBJECT_DEPS for c in t.children) \
                and t.head.i in matched and matched[t.head.i][0].event_type in CONFLICT_TYPES:
            return True  # the result of another act ("shelled the town, killing 20") is part of it
        for _ in range(4):
            if t.dep_ in ("ccomp", "acl") and t.head.pos_ == "NOUN" and t.head.lemma_.lower() not in FACT_NOUNS and any(
                    c.dep_ == "mark" and c.lower_ == "that" for c in t.children):
                # "demanded an admission that forces murdered X", "the allegation that X attacked Y": content of a
                # noun, not a report (but "the announcement that Ukraine had agreed" reports the agreement)
                return True
            if t.dep_ in COMPLEMENT_DEPS:
                gov = t.head.head if t.dep_ == "pcomp" else t.head
                if gov.i in matched and matched[gov.i][0].pos == "VERB":
                    return True
                if t.dep_ == "pcomp" and gov.dep_ == "dobj" and gov.head.i in matched:
                    return True  # "accused rebels of violating the ceasefire"
                t = gov
            elif t.dep_ in ("advcl", "acl") and t.head is not t:
                t = t.head
            elif t.dep_ in ("dobj", "pobj") and t.pos_ in ("NOUN", "PROPN") and t is not clause:
                gov = t.head.head if t.dep_ == "pobj" else t.head
                if t.lemma_.lower() in OWNED_NOUNS and t.lemma_.lower() not in FACT_NOUNS:
                    # "rejected an invitation to attend a meeting": the meeting is what was rejected
                    return gov.i in matched and matched[gov.i][0].pos == "VERB"
                t = gov  # "accused of aiding rebels fighting X": keep climbing to the accusation
            else:
                return False
        return False

    # -- roles ----------------------------------------------------------
    def _subjects(self, verb: Token) -> tuple[list[Token], bool]:
        """Subject tokens of ``verb`` (with conjuncts) and whether passive."""
        seen = 0
        t = verb
        while seen < 6:
            subj = _children(t, SUBJECT_DEPS)
            # "The Red Cross operating in Iraq said": a participle parsed as the subject
            subj = [next((c for c in x.children if c.dep_ == "nsubj"), x) if x.pos_ == "VERB" else x for x in subj]
            if subj:
                passive = subj[0].dep_ == "nsubjpass" and not (
                    t.lemma_.lower() in STATIVE_PASSIVES and not self._prep_objects(t, {"by"}))
                if t is not verb:  # "was indicted ... and will resign", "thanked ... after being freed": the verb's own voice
                    passive = any(c.dep_ == "auxpass" for c in verb.children)
                return _with_conjuncts(subj), passive
            if t.dep_ == "relcl" and t.head.pos_ in ("NOUN", "PROPN"):
                return [t.head], False
            if t.dep_ == "acl" and t.head.pos_ in ("NOUN", "PROPN") and t.tag_ == "VBN":
                return [t.head], True  # "victims killed by the crash": the noun suffered it
            if t.dep_ == "xcomp" and _children(t.head, {"dobj"}) and t.head.lemma_ in ("urge", "ask", "order", "tell", "press"):
                return _children(t.head, {"dobj"}), False
            if t.dep_ not in CLIMB_DEPS and not (t.dep_ in ("dobj", "pobj", "prep") and t.pos_ != "VERB"):
                return [], False
            t = t.head
            seen += 1
        return [], False

    @staticmethod
    def _actors_in(token: Token, actors: DocActors, depth: int = 2) -> tuple[Actor, ...]:
        """Actors of a noun phrase, else of its "of"/"for"/"to"/"with" phrase
        ("his meeting with Putin" -> Putin), else of its possessor
        ("Ukraine's sovereignty" -> Ukraine)."""
        found = actors.get(token)
        if found or depth == 0:
            return found
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ in ("of", "for", "to", "with", "on", "against"):
                for pobj in _children(child, {"pobj"}):
                    got = EventFinder._actors_in(pobj, actors, depth - 1) or _unplaced(pobj, actors) or _unplaced(pobj, actors)
                    if got:
                        return got
        # "their captors" are not "they"; but "Turkey's efforts" are Turkey's
        plural_people = token.tag_ in ("NNS", "NNPS") and token.lemma_.lower() not in OWNED_NOUNS
        for child in token.children:
            if plural_people and child.dep_ == "poss":
                continue
            if child.dep_ == "poss" or (child.dep_ == "compound" and actors.get(child)):
                got = actors.get(child)
                if got:
                    return got
        if token.pos_ == "NOUN":
            # "rejected an Indian proposal", "a United Nations appeal", "shell Iraqi towns"
            for child in token.children:
                got = actors.owner(child)
                if got:
                    return got
        if token.pos_ == "NOUN" and token.lemma_.lower() in OWNED_NOUNS:
            # "welcomed the announcement that Ukraine had agreed": the party the news is about
            for clause in token.children:
                if clause.dep_ in ("acl", "ccomp") and any(m.dep_ == "mark" and m.lower_ == "that" for m in clause.children):
                    for subj in (c for c in clause.children if c.dep_ in SUBJECT_DEPS):
                        got = actors.get(subj)
                        if got:
                            return got
        if token.pos_ == "NOUN" and token.lemma_.lower() in DOCUMENT_NOUNS:
            # "a report released in the Rwandan capital alleged": the document's place stands for its author
            for pobj in (p for acl in token.children if acl.dep_ == "acl" for c in acl.children
                         if c.dep_ == "prep" and c.lower_ in ("in", "by") for p in c.children if p.dep_ == "pobj"):
                got = EventFinder._actors_in(pobj, actors, depth - 1)
                if got:
                    return got
        if token.pos_ == "NOUN" and token.lemma_.lower() in OWNED_NOUNS:
            # "calls by Belarus's rulers", "an appeal from President X"
            for pobj in (p for c in token.children if c.dep_ == "prep" and c.lower_ in ("by", "from") for p in c.children
                         if p.dep_ == "pobj"):
                got = EventFinder._actors_in(pobj, actors, depth - 1) or _unplaced(pobj, actors)
                if got:
                    return got
        return ()

    def _collect(self, tokens: list[Token], actors: DocActors) -> tuple[Actor, ...]:
        """Actors of the noun phrases headed by ``tokens`` and their
        conjuncts; a role noun with no country yields a placeholder (code "")
        that :meth:`_place_unplaced` resolves or drops."""
        out: list[Actor] = []
        for tok in _with_conjuncts(tokens):
            found = self._actors_in(tok, actors) or _unplaced(tok, actors)
            for actor in found:
                if actor not in out:
                    out.append(actor)
        return tuple(out)

    def _prep_objects(self, token: Token, preps: set[str]) -> list[Token]:
        objs: list[Token] = []
        for prep in token.children:
            # "give permission to Russia": the parser marks that "to" as dative
            if (prep.dep_ in ("prep", "agent") or prep.dep_ == "dative" and prep.pos_ == "ADP") and prep.lower_ in preps:
                objs.extend(_children(prep, {"pobj"}))
        return objs

    def _complement_recipients(self, trigger: Token, actors: DocActors, own: tuple[Actor, ...],
                               clause: Token | None = None, depth: int = 3) -> tuple[Actor, ...]:
        """The first party named as object or prepositional object in the
        trigger's infinitive complement ("offered to hand over [...] to Great
        Britain"), or after "to" on the trigger itself ("offered its troops to
        Lebanon"); the actor's own codes are skipped."""
        codes = {(a.code, a.sector) for a in own}
        direct = tuple(a for a in self._collect(self._prep_objects(trigger, {"to"}), actors) if (a.code, a.sector) not in codes)
        if direct:  # "give permission to Russia to help Israel": Russia
            return direct
        steps = [trigger] if clause is None or clause is trigger else [trigger, clause]  # "began a strike to protest"
        for _ in range(depth):
            # infinitive complements and purposes: "offered to hand over to X", "began a strike to protest against X"
            nxt = [c for t in steps for c in t.children if c.pos_ in ("VERB", "AUX") and (
                c.dep_ == "xcomp" or c.dep_ in ("advcl", "acl", "relcl") and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children))]
            if not nxt:
                break
            for t in nxt:
                objs = _children(t, {"dobj", "dative"}) + self._prep_objects(t, COMPLEMENT_PREPS)
                if any(m.dep_ == "mark" and m.lower_ == "for" for m in t.children):
                    objs = _children(t, {"nsubj"}) + objs  # "called for the Taliban to lift": the Taliban
                found = tuple(a for a in self._collect(objs, actors) if (a.code, a.sector) not in codes)
                if found:
                    return found
            steps = nxt
        return ()

    def domestic_target(self, cand: Candidate, actors: DocActors) -> tuple[Actor, ...]:
        """The target of an event that names none, from its setting
        (:func:`newsevents.implicit_roles.setting_target`)."""
        objects = _children(cand.trigger, {"dobj"}) + self._prep_objects(
            cand.trigger, RECIPIENT_PREPS.get(cand.event_type, set()) | {"in", "on"})
        found = self._rule_for(objects[0], actors) if objects else None
        return setting_target(cand, actors, objects, found[0].event_type if found else None)

    def _roles(self, cand: Candidate, actors: DocActors) -> None:
        trigger, clause, rule = cand.trigger, cand.clause, cand.rule
        subjects, passive = self._subjects(clause)
        preps = RECIPIENT_PREPS.get(cand.event_type, set())
        if cand.mode == "visit":
            preps = preps | {"in", "to"}  # "arrived in Amman", "travelled to Moscow": the host
        # a noun's "of" phrase is its object: "suspension of air links with Serbia", "invasion of Lebanon"
        objects = _children(trigger, {"dobj", "dative"}) if rule.pos == "VERB" else self._prep_objects(trigger, {"of"})
        objects = [o for o in objects if not (o.i in {t.i for t in cand.trigger_tokens})]
        pobjs = self._prep_objects(trigger, preps)
        if rule.pos == "NOUN" and clause is not trigger:
            pobjs += self._prep_objects(clause, preps)
            possessors = [c for c in trigger.children if c.dep_ == "poss"]
            if not subjects and possessors:
                subjects = possessors
            pobjs += self._prep_objects(trigger, {"between"})
        if passive:
            agents = self._prep_objects(clause, {"by"})
            cand.recipients = self._collect(subjects, actors)
            cand.actors = self._collect(agents, actors)
            if not cand.actors and cand.event_type in CONFLICT_TYPES:
                # "were killed in Israeli tank shelling", "died in a US drone strike": the attack's owner
                cand.actors = self._collect(self._prep_objects(clause, {"in", "during", "from"}), actors)
                cand.actors = tuple(a for a in cand.actors if a.span not in {p.span for p in cand.recipients})
                cand.actors = tuple(a for a in cand.actors if _is_owner_of_act(a, clause))
        elif rule.frame == "receive":
            cand.actors = self._collect(self._prep_objects(trigger, {"from"}), actors)
            cand.recipients = self._collect(subjects, actors)
        elif rule.frame == "host":
            cand.actors = self._collect(objects, actors)
            cand.recipients = self._collect(subjects, actors)
        elif rule.frame == "say":
            cand.actors = self._collect(subjects, actors)
            content = _children(trigger, {"ccomp"})
            cand.recipients = self._collect([s for c in content for s in self._subjects(c)[0]], actors)
        else:
            cand.actors = self._collect(subjects, actors)
            own = {a.span for a in cand.actors} | {a.code for a in cand.actors}

            def others(found: tuple[Actor, ...]) -> tuple[Actor, ...]:
                # "withdraw its troops from Lebanon": the actor's own troops are not the target
                return tuple(a for a in found if a.span not in own and not (
                    a.code in own and a.text.lower().split()[0] in SELF_WORDS))

            options = [others(self._collect(objects, actors)), others(self._collect(pobjs, actors)),
                       self._complement_recipients(trigger, actors, cand.actors, clause)]
            # "sent troops to Poland": a named party beats a countryless object
            cand.recipients = next((o for o in options if any(a.code for a in o)), None) or next(
                (o for o in options if o), ())
        if cand.event_type in ("REQUEST", "REJECT") and cand.mode is None:
            if any(o.lemma_.lower() in MEET_NOUNS for o in _children(trigger, {"dobj", "xcomp"})) or any(
                x.lemma_ in ("meet", "talk", "visit") for x in _children(trigger, {"xcomp"})
            ):
                cand.mode = "meet"
        place_unplaced(cand, actors)
        if not cand.actors and cand.recipients and cand.event_type in UNKNOWN_ATTACKER_TYPES:
            cand.actors = unknown_attacker(cand, actors, subjects)
        if not cand.actors and cand.recipients and passive and cand.event_type in AUTHORITY_ACTS:
            cand.actors = unnamed_authority(cand, actors)
        actor_spans = {a.span for a in cand.actors}
        actor_ids = {(a.code, a.name) for a in cand.actors}
        # "Trump praised his summit", "Beijing backs its claims": no self-targeted events by coreference
        cand.recipients = tuple(
            r for r in cand.recipients
            if r.span not in actor_spans and not (r.text.lower() in SELF_WORDS and (r.code, r.name) in actor_ids)
        )
        actor_codes = {a.code for a in cand.actors}
        if len(actor_codes) > 1 and cand.event_type in RECIPROCAL_TYPES and {r.code for r in cand.recipients} <= actor_codes:
            cand.recipients = ()  # "they discussed both countries' ...": the parties themselves
        if not cand.recipients and len({a.code for a in cand.actors}) > 1 and cand.event_type in RECIPROCAL_TYPES:
            cand.symmetric = True
