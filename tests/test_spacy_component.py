"""The spaCy component sets doc._.events with the same records as the Coder."""

from __future__ import annotations

import spacy

import newsevents.spacy_component  # noqa: F401  (registers the factory)
from newsevents.nlp import MODEL_NAME


def test_component_matches_coder(coder):
    nlp = spacy.load(MODEL_NAME)
    nlp.add_pipe("newsevents_events")
    analysis = nlp.analyze_pipes()
    assert not analysis["problems"]["newsevents_events"]
    text = "Russian troops attacked Kharkiv on Monday, the Ukrainian military said."
    doc = nlp.make_doc(text)
    doc._.published = "2022-03-01"
    doc._.article_id = "k1"
    doc = nlp(doc)
    expected = coder.code(text, published="2022-03-01", article_id="k1")
    assert [e.model_dump() for e in doc._.events] == [e.model_dump() for e in expected]
    assert [(e.event_type, e.event_date, e.modality) for e in doc._.events] == [("ASSAULT", "2022-02-28", "reported")]
