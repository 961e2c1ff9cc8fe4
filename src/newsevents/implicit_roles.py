"""Roles a sentence leaves implicit, filled from the event's setting.

Part of the events stage (:mod:`newsevents.events` calls these after reading
the roles the syntax gives):

* countryless role nouns and titled persons ("rebels", "President X" when
  the knowledge base lacks him) take the state of a coordinated partner, of
  the place named in the sentence, or of the domestic authority facing them
  (:func:`place_unplaced`);
* an attack with no named attacker is coded to unidentified attackers of the
  place, sector UNK, as ICEWS codes "Unidentified Gunmen (Iraq)"
  (:func:`unknown_attacker`);
* an event with no named target takes the state where it happens, or the
  actor's own state in a domestic sentence (:func:`setting_target`);
* a person arrested, jailed or freed with no one named as doing it was
  arrested by the authorities of his state, in a sentence that names no
  other state (:func:`unnamed_authority`).
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from .actors import DocActors
from .candidate import Candidate
from .records import Actor

NONSTATE_CODES = frozenset({"IGO", "UNO", "EUR", "NGO", "ISM", "IMG", "MNC"})
PLACE_PREPS = frozenset({"in", "at", "near", "outside", "across", "throughout"})
GEO_NOUNS = frozenset({"town", "city", "village", "province", "region", "district", "capital", "port", "area", "state",
                       "east", "west", "north", "south", "northeast", "northwest", "southeast", "southwest", "border"})
DOMESTIC_AUTHORITY = frozenset({"GOV", "COP", "JUD", "LEG", "PTY", "OPP"})
STATE_AUTHORITY = frozenset({"GOV", "COP", "JUD", "LEG"})
# The people an authority of unknown country deals with at home (not another state's authorities:
# "the foreign ministry spokesman rejected Pakistan's claims" is not Pakistani).
DOMESTIC_PARTIES = frozenset({"PTY", "OPP", "REB", "CVL", "LAB", "EDU", "REL", "BUS",
                              "AGR", "JRN", "MED", "REF", "SOC", "ELI", "CRM", "UAF", "PRM"})
UNKNOWN_ATTACKER_TYPES = frozenset({"ASSAULT"})
AUTHORITY_ACTS = frozenset({"COERCE", "RETREAT"})
# Types whose target, when none is named, is the state where the act takes place
# (its authorities for a protest, its territory for an attack or a deployment).
PLACE_TARGET_TYPES = frozenset({"PROTEST", "ASSAULT", "MOBILIZE", "COERCE", "SANCTION", "AID"})
# Types whose event always has a target; with none named in a sentence that
# names no other party, the target is the actor's own state (a domestic event).
DOMESTIC_TYPES = frozenset({"REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "COERCE", "ASSAULT", "CONCEDE"})


def place_country(sentence: Span, actors: DocActors) -> str | None:
    """The one state named as a place in the sentence ("in Serbia",
    "outside Parliament in Ankara", "near the town of Samarra"), or None
    when none or several."""
    places = [tok for tok in sentence if tok.dep_ == "pobj" and tok.head.lower_ in PLACE_PREPS]
    places += [p for tok in places if tok.lemma_.lower() in GEO_NOUNS for c in tok.children
               if c.dep_ == "prep" and c.lower_ == "of" for p in c.children if p.dep_ == "pobj"]
    places += [c for tok in places if tok.lemma_.lower() in GEO_NOUNS for c in tok.children
               if c.dep_ in ("poss", "compound")]  # "in Pakistan's Balochistan province"
    codes = {a.code for tok in places for a in actors.get(tok) + actors.owner(tok) if a.code not in NONSTATE_CODES and a.code}
    return codes.pop() if len(codes) == 1 else None


def place_unplaced(cand: Candidate, actors: DocActors) -> None:
    """Give countryless role nouns and titled persons the country of the
    event's domestic context: the one state named as the place of the
    sentence, else the state of a domestic authority on the other side
    ("the Sudanese government accused Darfur rebels" -> SDN rebels).
    Placeholders that stay unplaced are dropped."""
    place = None
    for role, other in (("actors", cand.recipients), ("recipients", cand.actors)):
        parties = getattr(cand, role)
        if not any(a.code == "" for a in parties):
            continue
        if cand.event_type != "CONSULT":  # a visitor is not from the place visited
            place = place or place_country(cand.sentence, actors)
        partners = {a.code for a in parties if a.code and a.code not in NONSTATE_CODES}
        # "Venezuelan Cardinal X and opposition leader Y": coordinated parties share the state
        together = partners.pop() if len(partners) == 1 else None
        placed = []
        for a in parties:
            if a.code:
                placed.append(a)
                continue
            # a countryless group faces an authority of its own state ("the Sudanese government accused
            # rebels"); a countryless authority faces its own people ("President X conceded to UNITA")
            # (courts and police act on their own government; a government's spokesman facing
            # another government need not be of its country)
            if cand.event_type == "PROTEST":
                fits = DOMESTIC_AUTHORITY | {None}  # protesters protest against their own state
            elif a.sector not in STATE_AUTHORITY:
                fits = DOMESTIC_AUTHORITY
            elif a.sector in ("JUD", "COP"):
                fits = DOMESTIC_PARTIES | {"GOV", "LEG"}
            else:
                fits = DOMESTIC_PARTIES | {"JUD", "LEG", "COP"}
            country = together or place or next((o.code for o in other if o.code and o.code not in NONSTATE_CODES
                                                 and o.sector in fits), None)
            if country:
                placed.append(a.model_copy(update={"code": country}))
        setattr(cand, role, tuple(placed))


def unnamed_authority(cand: Candidate, actors: DocActors) -> tuple[Actor, ...]:
    """"Mech Dara was freed from prison", "he was arrested": the actor of a
    passive coercion or release with no agent is the government of the
    people it was done to, when they are of one state and the sentence names
    no other (sector GOV, name "authorities", span = the trigger); ()
    otherwise."""
    codes = {r.code for r in cand.recipients}
    if len(codes) != 1 or not next(iter(codes)) or next(iter(codes)) in NONSTATE_CODES:
        return ()
    if any(r.sector in (None, "GOV", "MIL") for r in cand.recipients):
        return ()  # a state or its organs acted on: not a domestic arrest
    named = {a.code for tok in cand.sentence for a in actors.get(tok) + actors.owner(tok) if a.code}
    if named - codes:
        return ()
    trigger = cand.trigger
    return (Actor(text=trigger.text, span=(trigger.idx, trigger.idx + len(trigger)), name="authorities",
                  code=next(iter(codes)), sector="GOV"),)


def unknown_attacker(cand: Candidate, actors: DocActors, subjects: list[Token]) -> tuple[Actor, ...]:
    """An attack with no named attacker ("a roadside bombing near Samarra
    killed a US soldier") is coded to unidentified attackers of the
    country where it happened, sector UNK, as ICEWS codes "Unidentified
    Gunmen (Iraq)"; () when the sentence names no single place."""
    place = place_country(cand.sentence, actors)
    if place is None:
        return ()
    doc = cand.sentence.doc
    if subjects:
        head = subjects[0]
        span = doc[head.left_edge.i : head.right_edge.i + 1]
    else:
        span = doc[cand.trigger.i : cand.trigger.i + 1]
    return (Actor(text=span.text, span=(span.start_char, span.end_char), name="unidentified attackers",
                  code=place, sector="UNK"),)


def setting_target(cand: Candidate, actors: DocActors, objects: list[Token], object_type: str | None) -> tuple[Actor, ...]:
    """The target of an event that names none, from its setting.

    * A protest, attack, deployment or coercion takes as target the one
      state named as its place ("staged a protest in Beijing" -> CHN
      GOV, "exercises in Alaska" -> USA).
    * Otherwise the actor's own state, when the sentence names no other
      state or organisation (a domestic event: "Turkish authorities
      imposed a curfew in Cizre", "Egyptian demonstrators rioted"). The
      recipient's span is the object of the event, else the actor's
      mention; its sector is the object's role-noun sector if any.

    Returns () when neither applies."""
    if cand.event_type == "PROTEST":
        # a protest with no named target is against the authorities where it is held
        # ("staged a protest in Beijing" -> CHN)
        for tok in cand.sentence:
            if tok.dep_ == "pobj" and tok.head.lower_ in PLACE_PREPS and tok.head.head in (cand.trigger, cand.clause):
                states = [a for a in actors.get(tok) if a.code and a.code not in NONSTATE_CODES]
                if states:
                    return (states[0].model_copy(update={"sector": "GOV"}),)
    if cand.event_type in PLACE_TARGET_TYPES:
        place = place_country(cand.sentence, actors)
        if place is not None:  # "rioted at this jail in northern Israel", "exercises in Alaska"
            where = next(a for tok in cand.sentence for a in actors.get(tok) + actors.owner(tok) if a.code == place)
            return (where.model_copy(update={"sector": "GOV" if cand.event_type == "PROTEST" else None}),)
    codes = {a.code for a in cand.actors}
    if len(codes) != 1 or not next(iter(codes)) or next(iter(codes)) in NONSTATE_CODES:
        return ()
    named = {a.code for tok in cand.sentence for a in actors.get(tok)} | {
        a.code for tok in cand.sentence for a in actors.owner(tok)}
    if named - codes:
        return ()
    if cand.event_type not in DOMESTIC_TYPES:
        return ()
    actor = cand.actors[0]
    obj = objects[0] if objects else None
    if obj is not None and obj.pos_ == "PROPN" and obj.ent_type_ in ("GPE", "LOC", "FAC", "NORP", "PERSON"):
        return ()  # an unresolved name ("shelled Kharkiv") is someone else, not the actor's own state
    if object_type == "ASSAULT":
        return ()  # "condemned the attack": someone else's attack, not the actor's own state
    sector = None
    if obj is not None:
        placeholder = actors.unplaced_at(obj)
        sector = placeholder.sector if placeholder is not None else None
        span = cand.sentence.doc[obj.left_edge.i : obj.right_edge.i + 1]
        text, where = span.text, (span.start_char, span.end_char)
    else:
        text, where = actor.text, actor.span
    return (Actor(text=text, span=where, name=actor.name if actor.sector is None else actor.code,
                  code=actor.code, sector=sector),)
