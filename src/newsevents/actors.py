"""The actors stage: every nominal mention in a Doc resolved to PLOVER actors.

Each noun-phrase head (noun, proper noun, pronoun) becomes zero or more
:class:`~newsevents.records.Actor` objects:

* persons through the date-bounded office-holder knowledge base (the office
  held on the publication date) or the titles and nationality words around
  them ("Turkish Defense Minister Hulusi Akar" -> TUR GOV);
* states, capitals, seats of government and named organisations through the
  actor dictionaries ("Moscow" -> RUS GOV, "the Pentagon" -> USA MIL);
* role nouns with a nationality ("Ukrainian troops" -> UKR MIL,
  "the leaders of Britain, France and Germany" -> GBR, FRA, DEU GOV);
* pronouns and definite nominals ("he", "they", "the Russian leader",
  "the two presidents", "the alliance") through in-article coreference
  (:mod:`newsevents.coref`).

The result maps token index -> tuple of actors (possibly empty).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from .actor_lexicon import ActorLexicon, LexEntry
from .coref import Discourse, Referent
from .gazetteer import Gazetteer
from .officeholders import OfficeHolderKB
from .records import Actor

NOMINAL_POS = frozenset({"NOUN", "PROPN", "PRON"})
MODIFIER_DEPS = frozenset({"compound", "amod", "poss", "nmod", "npadvmod", "nummod", "det", "quantmod"})
ORIGIN_PREPS = frozenset({"of", "from"})
LIST_PREPS = frozenset({"including", "like", "as"})  # "allies, including X and Y"; "such as X"
STATE_KINDS = frozenset({"country", "demonym", "capital", "seat"})
# Cities smaller than this are too often also surnames to stand for a country.
CITY_ACTOR_POPULATION = 100_000
COLLECTIVE_HEADS = frozenset(
    "group member faction movement supporter wing camp bloc force unit leader official figure activist".split()
)
# Role nouns whose modifier says more ("opposition candidates", "army officers").
GENERIC_SECTORS = frozenset({"PTY", "CVL"})
COMPASS_WORDS = frozenset(
    "north south east west northern southern eastern western central northeastern northwestern southeastern "
    "southwestern upper lower".split()
)
NAME_LABELS = frozenset({"PERSON", "GPE", "ORG", "NORP"})
SPEECH_LEMMAS = frozenset({"say", "tell", "add", "state", "declare", "insist", "write", "tweet", "warn"})
FIRST_PERSON = frozenset({"we", "i", "us", "our", "my", "me"})
ALLEGIANCE_WORDS = frozenset({"link", "linked", "affiliate", "affiliated", "ally", "allied", "loyal", "associate",
                              "associated", "tie", "tied", "belong"})
LISTING_HEADS = frozenset({"ally", "partner", "country", "nation", "state", "member", "government", "neighbour",
                           "neighbor", "power", "party", "group", "organisation", "organization", "donor"})
FORMER_WORDS = frozenset({"former", "ex", "erstwhile", "late"})


@dataclass
class DocActors:
    """Actors per token index of one Doc: ``by_token[i]`` is a tuple of Actor
    (empty when the mention names nobody codable)."""

    by_token: dict[int, tuple[Actor, ...]] = field(default_factory=dict)
    owners: dict[int, tuple[Actor, ...]] = field(default_factory=dict)
    unplaced: dict[int, Actor] = field(default_factory=dict)

    def get(self, token: Token) -> tuple[Actor, ...]:
        return self.by_token.get(token.i, ())

    def owner(self, token: Token) -> tuple[Actor, ...]:
        """Actors named by a modifier of a non-actor noun: the nationality
        adjective or name compound that says whose thing it is ("an Indian
        proposal" -> IND, "a United Nations appeal" -> UNO)."""
        return self.owners.get(token.i, ())

    def unplaced_at(self, token: Token) -> Actor | None:
        """A role-noun or titled-person mention with no country in the text
        ("demonstrators", "President Museveni" when not in the knowledge
        base): ``code`` is "" and the events stage may place it in the
        event's domestic context; None when the token is not one."""
        return self.unplaced.get(token.i)


def _compound_text(token: Token) -> str:
    """The text of a token with its left compounds ("United States")."""
    left = [t for t in token.lefts if t.dep_ in ("compound", "flat")]
    start = left[0].i if left else token.i
    return token.doc[start : token.i + 1].text


def _ent_of(token: Token) -> Span | None:
    """The named entity ``token`` is part of, found from the IOB tags around it
    (``doc.ents`` builds every entity of the document on each access)."""
    if not token.ent_type_:
        return None
    doc, start, end = token.doc, token.i, token.i + 1
    while doc[start].ent_iob_ == "I" and start > 0:
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return Span(doc, start, end, label=token.ent_type_)


class ActorResolver:
    """Resolve the actor mentions of one article.

    Args:
        lexicon: the actor dictionaries.
        kb: the office-holder knowledge base.
        published: the publication date, which decides which office a person
            holds (None: the latest office).
        gazetteer: place names; a city or region named as a party stands for
            its country ("shelled Kharkiv" -> UKR). Default: the packaged one.
    """

    def __init__(self, lexicon: ActorLexicon, kb: OfficeHolderKB, published: dt.date | None,
                 gazetteer: Gazetteer | None = None) -> None:
        self.lexicon = lexicon
        self.kb = kb
        self.published = published
        self.gazetteer = gazetteer or Gazetteer.default()
        self._resolved: dict[int, tuple[Actor, ...]] = {}

    # -- entry point -----------------------------------------------------
    def resolve(self, doc: Doc) -> DocActors:
        """Resolve every nominal head of ``doc``, in text order."""
        result = DocActors()
        self._resolved = result.by_token  # earlier mentions, for "its troops"
        discourse = Discourse()
        for s_index, sent in enumerate(doc.sents):
            discourse.start_sentence(s_index)
            for token in sent:
                if self._is_owner_modifier(token):
                    owner = self._owner(token)
                    if owner:
                        result.owners[token.i] = owner
                        discourse.mention_state(owner[0])
                if token.dep_ == "compound" and token.head.ent_type_ in ("DATE", "TIME") and token.ent_type_ in NAME_LABELS \
                        and doc[token.i + 1].ent_iob_ != "I":
                    # "met Syrian President Bashar Assad Tuesday": the parser hangs the name on the date
                    actors, referent = self._mention(token, discourse)
                    result.by_token[token.head.i] = result.by_token[token.i] = actors
                    if referent is not None:
                        discourse.add(referent)
                    continue
                if token.pos_ not in NOMINAL_POS or token.dep_ in ("compound", "flat"):
                    continue
                if token.ent_iob_ == "I" and token.dep_ not in ("pobj", "nsubj", "dobj", "conj", "appos", "poss", "nsubjpass"):
                    continue
                actors, referent = self._mention(token, discourse)
                result.by_token[token.i] = actors
                if not actors and token.pos_ != "PRON":
                    placeholder = self._unplaced(token, discourse)
                    if placeholder is not None:
                        result.unplaced[token.i] = placeholder
                        discourse.set_placeholder(token.i, placeholder)
                elif not actors and discourse.last_blocker is not None and discourse.last_blocker.placeholder:
                    # "President Gbagbo announced that he will ...": he is Gbagbo, still to be placed
                    result.unplaced[token.i] = discourse.last_blocker.placeholder.model_copy(
                        update={"text": token.text, "span": (token.idx, token.idx + len(token))})
                if referent is not None:
                    discourse.add(referent)
        self._first_person(doc, result)
        return result

    @staticmethod
    def _first_person(doc: Doc, result: DocActors) -> None:
        """"we", "I", "our" inside a quote are its speaker: 'Mr Abbas said:
        "we are ready to negotiate"' -> Abbas's actors; the speaker is the
        subject of a speech verb in the same sentence."""
        for sent in doc.sents:
            speakers: tuple[Actor, ...] = ()
            for tok in sent:
                if tok.lemma_.lower() in SPEECH_LEMMAS and tok.pos_ == "VERB":
                    for subj in (c for c in tok.children if c.dep_ == "nsubj" and c.lower_ not in FIRST_PERSON):
                        speakers = speakers or result.by_token.get(subj.i, ())
            if not speakers:
                continue
            for tok in sent:
                if tok.lower_ in FIRST_PERSON and tok.pos_ == "PRON" and tok.text != "US" and not result.by_token.get(tok.i):
                    result.by_token[tok.i] = tuple(
                        a.model_copy(update={"text": tok.text, "span": (tok.idx, tok.idx + len(tok))}) for a in speakers)

    def _unplaced(self, head: Token, discourse: Discourse) -> Actor | None:
        ent = _ent_of(head)
        if ent is not None and ent.label_ == "PERSON":
            title = self._title(head, ent)
            sector = self.lexicon.role_noun(title).sector if title else None
            span = self._np_span(head)
            if sector is None:  # "Balkhi said" after "spokesperson Abdul Qahar Balkhi": the same unplaced person
                earlier = discourse.unplaced_named(ent[-1].text)
                return earlier.model_copy(update={"text": span.text, "span": (span.start_char, span.end_char)}) if earlier else None
            return Actor(text=span.text, span=(span.start_char, span.end_char), name=ent.text, code="", sector=sector, title=title)
        if head.pos_ in ("NOUN", "PROPN") and any(c.lower_ == "ethnic" for c in head.lefts):
            span = self._np_span(head)
            return Actor(text=span.text, span=(span.start_char, span.end_char), name=span.text, code="", sector="CVL")
        if ent is not None or head.pos_ not in ("NOUN", "PROPN"):
            return None
        phrase = self._title(head, None)
        noun = self.lexicon.role_noun(phrase) if phrase else self.lexicon.role_noun(head.lemma_)
        if noun is None or noun.kind == "state":
            return None
        span = self._np_span(head)
        return Actor(text=span.text, span=(span.start_char, span.end_char), name=noun.noun, code="", sector=noun.sector,
                     title=phrase if noun.kind == "title" else None)

    @staticmethod
    def _is_owner_modifier(token: Token) -> bool:
        head = token.head
        if head is token or head.pos_ not in ("NOUN",) or head.ent_type_:
            return False
        return (token.dep_ == "amod" and token.pos_ in ("ADJ", "PROPN")) or (
            token.dep_ == "compound" and token.pos_ == "PROPN" and token.i < head.i
        )

    def _owner(self, token: Token) -> tuple[Actor, ...]:
        ent = _ent_of(token)
        text = ent.text if ent is not None and ent.end == token.i + 1 else _compound_text(token)
        entry = self.lexicon.lookup(text)
        if entry is None or entry.kind not in STATE_KINDS and entry.kind != "org":
            return ()
        start = ent.start if ent is not None and ent.end == token.i + 1 else token.left_edge.i
        span = token.doc[start : token.i + 1]
        return (Actor(text=span.text, span=(span.start_char, span.end_char), name=entry.org or entry.name,
                      code=entry.code, sector=entry.sector if entry.kind in ("seat", "org") else None),)

    # -- one mention -----------------------------------------------------
    def _mention(self, head: Token, discourse: Discourse) -> tuple[tuple[Actor, ...], Referent | None]:
        span = self._np_span(head)
        if head.pos_ == "PRON":
            return discourse.pronoun(head, span), None
        ent = _ent_of(head)
        if ent is not None and ent.label_ == "PERSON":
            entry = self.lexicon.lookup(ent.text) if head.i == ent.end - 1 else None
            if entry is not None and entry.kind == "org" and self.kb.lookup(ent.text, self.published) is None:
                return self._named(head, entry, span)  # "Boko Haram" tagged as a person by the model
            return self._person(head, ent, span, discourse)
        name = ent.text if ent is not None and ent.label_ in ("GPE", "ORG", "NORP", "FAC", "LOC") else _compound_text(head)
        left = [t for t in head.lefts if t.dep_ in ("compound", "amod") and t.pos_ in ("PROPN", "ADJ") and t.is_title]
        wide = head.doc[left[0].i : head.i + 1].text if left else None  # "Liberal Democrats", not "Democrats"
        entry = (self.lexicon.lookup(wide) if wide and wide != name else None) or self.lexicon.lookup(name) or (
            self.lexicon.lookup(head.text) if head.pos_ == "PROPN" else None)
        if entry is None and ent is not None and ent[0].lower_ in COMPASS_WORDS and len(ent) > 1:
            inner = self.lexicon.lookup(ent[1:].text)  # "South Lebanon", "northern Syria"
            entry = inner if inner is not None and inner.kind == "country" else None
        if entry is not None:
            return self._named(head, entry, span)
        if head.pos_ == "PROPN" and (ent is None or ent.label_ in ("ORG", "NORP", "GPE")):
            # the small model often labels a known surname ORG or GPE ("Biden agreed")
            person = ent if ent is not None else head.doc[head.i : head.i + 1]
            if self.kb.lookup(person.text, self.published) is not None:
                return self._person(head, person, span, discourse)
        if head.pos_ == "PROPN" and ent is not None and (ent.label_ in ("GPE", "LOC", "FAC") or ent.label_ == "NORP" and head.dep_ == "pobj") \
                and head.i == ent.end - 1 \
                and not any(c.dep_ in ("compound", "flat") and c.pos_ == "PROPN" and c.i < ent.start for c in head.children):
            # not "Kenzo Oshima": a name before the "place" makes it a person
            place = self.gazetteer.resolve(ent.text, alternates=False)
            if place is not None and place["country"] and place.get("population", CITY_ACTOR_POPULATION) >= CITY_ACTOR_POPULATION:
                actor = Actor(text=span.text, span=(span.start_char, span.end_char), name=place["name"],
                              code=place["country"])
                return (actor,), Referent.of(head, (actor,), person=False, title=None)
        found = self._nominal(head, span, discourse)
        if not found[0] and head.pos_ == "PROPN":
            return self._described(head, span), None
        return found

    def _np_span(self, head: Token) -> Span:
        start = head.i
        for child in head.lefts:
            if child.dep_ in MODIFIER_DEPS or child.dep_ in ("compound", "flat", "punct", "case"):
                start = min(start, child.left_edge.i)
        end = head.i + 1
        for child in head.rights:
            if child.dep_ == "prep" and child.lower_ == "of":
                pobj = [c for c in child.children if c.dep_ == "pobj"]
                if pobj and self._state_entry(pobj[0]) is not None:
                    end = max(end, pobj[0].right_edge.i + 1)
            elif child.dep_ in ("case",):
                end = max(end, child.i + 1)
        while start < end - 1 and head.doc[start].dep_ == "det" and head.doc[start].lower_ in ("the", "a", "an"):
            start += 1
        return head.doc[start:end]

    def _state_entry(self, token: Token) -> LexEntry | None:
        ent = _ent_of(token)
        text = ent.text if ent is not None else _compound_text(token)
        left = [t for t in token.lefts if t.dep_ in ("compound", "amod") and t.pos_ in ("PROPN", "ADJ")]
        wide = token.doc[left[0].i : token.i + 1].text if left else None
        # "Liberal Democrat MP": the whole name before the single word ("Democrat" is also a US party)
        entry = (self.lexicon.lookup(wide) if wide else None) or self.lexicon.lookup(text)
        if entry is None and ent is not None:  # "the United Nations Emergency Relief Coordinator" as one entity
            entry = self.lexicon.lookup(_compound_text(token))
        if entry is None or (entry.kind not in STATE_KINDS and entry.kind != "org"):
            return None
        return entry

    def _origins(self, head: Token, *, exclude: Span | None = None) -> list[LexEntry]:
        """Countries or organisations named around a head: nationality
        adjectives, compounds, possessors, "of X" / "from X" (with conjuncts)."""
        found: list[LexEntry] = []
        for child in head.children:
            if exclude is not None and exclude.start <= child.i < exclude.end:
                continue
            targets: list[Token] = []
            if child.dep_ in MODIFIER_DEPS and child.i < head.i:
                targets = [child, *child.conjuncts]  # "Hungarian and Romanian officials"
                if child.dep_ == "compound":  # "Zimbabwean Prime Minister Robert Mugabe": the title's modifiers
                    targets += [g for left in child.lefts for g in left.subtree
                                if g.dep_ in ("amod", "compound", "poss", "nmod") and g.i < child.i]
            elif child.dep_ == "prep" and child.lower_ in ORIGIN_PREPS:
                pobj = [c for c in child.children if c.dep_ == "pobj"]
                targets = pobj + [c for p in pobj for c in p.conjuncts]
            for target in targets:
                entry = self._state_entry(target)
                if entry is not None and entry not in found:
                    found.append(entry)
        return found

    def _title(self, head: Token, exclude: Span | None) -> str | None:
        """The longest role-noun title among the compounds before ``head``
        ("Defense Minister", "Secretary General")."""
        # the title's own modifiers too: "opposition" in "opposition leader Juan Guaido"
        words = [t for left in head.lefts for t in left.subtree
                 if t.dep_ in ("compound", "amod") and (exclude is None or t.i < exclude.start)]
        if exclude is None:
            words.append(head)
        texts = [t.text for t in words if t.pos_ in ("NOUN", "PROPN", "ADJ")]
        for size in (3, 2, 1):
            for start in range(len(texts) - size, -1, -1):
                phrase = " ".join(texts[start : start + size])
                noun = self.lexicon.role_noun(phrase)
                if noun is not None and noun.kind in ("title", "person"):
                    return phrase
        return None

    def _is_former(self, head: Token) -> bool:
        return any(t.lower_ in FORMER_WORDS for t in head.subtree if t.i < head.i)

    def _person(self, head: Token, ent: Span, span: Span, discourse: Discourse):
        holding = self.kb.lookup(ent.text, self.published)
        title = self._title(head, ent)
        former = self._is_former(head)
        if holding is not None:
            if self.published is not None and self.kb.is_former(holding, self.published):
                former = True
            actor = Actor(
                text=span.text, span=(span.start_char, span.end_char), name=holding.name,
                code=holding.country, sector="ELI" if former else holding.sector,
                title=holding.title, kb_id=holding.kb_id,
            )
            org = holding.org
        else:
            origins = [e for e in self._origins(head, exclude=ent)]
            for appos in (c for c in head.children if c.dep_ == "appos" and not origins):
                # "Kenzo Oshima, the United Nations Emergency Relief Coordinator,"
                origins = self._origins(appos)
                title = title or self._title(appos, None)
            known = discourse.person_named(ent[-1].text)
            if origins:
                entry = origins[0]
                noun = self.lexicon.role_noun(title) if title else None
                sector = "ELI" if former else (noun.sector if noun else (entry.sector if entry.kind in ("seat", "org") else None))
                actor = Actor(text=span.text, span=(span.start_char, span.end_char), name=ent.text,
                              code=entry.code, sector=sector, title=title)
                org = entry.org
            elif known is not None:
                actor = known.model_copy(update={"text": span.text, "span": (span.start_char, span.end_char)})
                org = None
            else:
                discourse.add(Referent.person_blocker(head, ent.text))
                return (), None
        referent = Referent.of(head, (actor,), person=True, title=actor.title or title, org=org,
                               surname=ent[-1].text, start=holding.start if holding else None)
        return (actor,), referent

    def _named(self, head: Token, entry: LexEntry, span: Span):
        if entry.kind == "demonym" and any(c.lower_ == "ethnic" for c in head.lefts):
            return (), None  # "ethnic Albanians in Serbia": an ethnic group, placed by the events stage
        sector = entry.sector
        noun = self.lexicon.role_noun(head.lemma_) if head.pos_ == "NOUN" else None
        if noun is not None:
            sector = noun.sector
        if entry.kind == "demonym" and noun is None:
            sector = "CVL" if head.tag_ in ("NNPS", "NNS") else None  # "Russians" are people
        if self._is_former(head) and sector == "GOV":
            sector = "ELI"
        actor = Actor(text=span.text, span=(span.start_char, span.end_char), name=entry.org or entry.name,
                      code=entry.code, sector=sector)
        referent = Referent.of(head, (actor,), person=False, title=None, org=entry.org)
        return (actor,), referent

    def _nominal(self, head: Token, span: Span, discourse: Discourse):
        phrase = self._title(head, None)
        noun = self.lexicon.role_noun(phrase) if phrase else self.lexicon.role_noun(head.lemma_)
        if noun is None:
            noun = self.lexicon.role_noun(head.text)
        if noun is None and head.lemma_.lower() in COLLECTIVE_HEADS or noun is not None and noun.sector in GENERIC_SECTORS:
            # "opposition groups", "rebel factions": the modifier says who they are
            for child in head.lefts:
                if child.dep_ in ("compound", "amod"):
                    # "opposition candidates" are opposition (OPP), not just candidates
                    noun = self.lexicon.role_noun(child.lemma_) or noun
        origins = self._origins(head)
        if noun is not None and not origins and noun.kind != "state":
            # "opposition groups in Zimbabwe", "a court in Guyana", "security forces in Guinea"
            # (foreign troops are named with their nationality: "US troops in Iraq")
            for child in head.children:
                if child.dep_ == "prep" and child.lower_ == "in":
                    for pobj in (c for c in child.children if c.dep_ == "pobj"):
                        entry = self._state_entry(pobj)
                        if entry is not None and entry.kind in STATE_KINDS:
                            origins = [entry]
        if noun is not None and not origins and noun.kind != "state":
            # "militants linked with the Baloch Liberation Army", "fighters loyal to X": their organisation
            for child in head.rights:
                if child.dep_ in ("acl", "amod") and child.lemma_.lower() in ALLEGIANCE_WORDS:
                    for pobj in (p for c in child.children if c.dep_ in ("prep", "agent") and c.lower_ in ("with", "to")
                                 for p in c.children if p.dep_ == "pobj"):
                        entry = self._state_entry(pobj)
                        if entry is not None:
                            origins = [entry]
        if noun is not None and not origins and noun.kind != "state":
            # "its troops", "their police": the possessor pronoun's state
            for child in head.children:
                if child.dep_ == "poss" and child.pos_ == "PRON":
                    owner = [a for a in self._resolved.get(child.i, ()) if a.code not in ("IGO", "UNO", "EUR", "NGO")]
                    if owner:
                        entry = self.lexicon.lookup(owner[0].name) or self.lexicon.lookup(owner[0].code)
                        if entry is not None and entry.kind in STATE_KINDS:
                            origins = [entry]
        plural = head.tag_ in ("NNS", "NNPS")
        if noun is not None and origins:
            sector = "ELI" if self._is_former(head) and noun.sector == "GOV" else noun.sector
            if noun.kind == "state":
                sector = None
            actors = tuple(
                Actor(text=span.text, span=(span.start_char, span.end_char), name=e.org or e.name, code=e.code,
                      sector=sector if e.kind in STATE_KINDS else (e.sector or sector), title=phrase if noun.kind == "title" else None)
                for e in origins
            )
            if noun.kind == "title" and len(actors) == 1:
                found = discourse.definite(head, span, title=phrase, country=actors[0].code)
                if found:
                    return found, None
            referent = Referent.of(head, actors, person=noun.kind in ("title", "person"), title=phrase, plural=plural or len(actors) > 1)
            return actors, referent
        if noun is not None or head.lemma_ in discourse.ORG_NOUNS or head.lower_ in ("sides",):
            found = discourse.definite(head, span, title=phrase if noun and noun.kind == "title" else None,
                                       org_noun=head.lemma_ in discourse.ORG_NOUNS,
                                       sector=noun.sector if noun is not None and (noun.kind == "institution" or
                                                                                  head.lemma_.lower() in COLLECTIVE_HEADS) else None)
            if found:
                return found, Referent.of(head, found, person=bool(noun and noun.kind in ("title", "person")),
                                           title=phrase, plural=plural or len(found) > 1)
        if noun is None and origins and head.lemma_.lower() in COLLECTIVE_HEADS and all(e.kind == "org" for e in origins):
            # "the UNITA militarist wing", "Hamas leaders": a part of a named organisation
            actors = tuple(Actor(text=span.text, span=(span.start_char, span.end_char), name=e.org or e.name,
                                 code=e.code, sector=e.sector) for e in origins)
            return actors, Referent.of(head, actors, person=False, title=None, org=origins[0].org)
        if noun is None and origins and head.tag_ == "NNPS" and all(e.kind in STATE_KINDS for e in origins):
            # "Iraqi Kurds", "Syrian Arabs": a people named with its state
            actors = tuple(Actor(text=span.text, span=(span.start_char, span.end_char), name=e.name, code=e.code,
                                 sector="CVL") for e in origins)
            return actors, Referent.of(head, actors, person=False, title=None, plural=True)
        listed = self._listed(head) if noun is not None or head.lemma_.lower() in LISTING_HEADS else ()
        if listed:  # "allies, including X and Y" (not "security concerns, including Iraq": topics)
            return listed, None
        return (), None

    def _described(self, head: Token, span: Span) -> tuple[Actor, ...]:
        """A name the dictionaries do not know, described by an apposition:
        "Kenzo Oshima, the United Nations Emergency Relief Coordinator," ->
        UNO with the appositive's title."""
        for appos in (c for c in head.children if c.dep_ == "appos"):
            origins = self._origins(appos)
            if not origins:
                continue
            title = self._title(appos, None)
            noun = self.lexicon.role_noun(title) if title else None
            entry = origins[0]
            sector = noun.sector if noun else (entry.sector if entry.kind in ("seat", "org") else None)
            return (Actor(text=span.text, span=(span.start_char, span.end_char), name=head.text, code=entry.code,
                          sector=sector, title=title),)
        return ()

    def _listed(self, head: Token) -> tuple[Actor, ...]:
        """"allies, including the leaders of X, Y and Z" -> the listed actors;
        resolved later from the DocActors of the listed heads."""
        out: list[Actor] = []
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ in LIST_PREPS:
                for pobj in (c for c in child.children if c.dep_ == "pobj"):
                    for tok in (pobj, *pobj.conjuncts):
                        actors, _ = self._mention(tok, Discourse())
                        out.extend(actors)
        return tuple(out)
