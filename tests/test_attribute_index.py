"""The indexed attribute-ruler matching finds exactly what spaCy's Matcher finds."""

from __future__ import annotations

import json

from spacy.pipeline import AttributeRuler

from newsevents.attribute_index import IndexedRuleMatcher, use_indexed_matching

from .conftest import EXAMPLE, REPO

ODD = ["", "   \n\n  ", "gon na get got ta y'all ain't nothin' c'm on let's", "It is I. I saw you; you saw it.",
       "There are talks. There's hope; but, whether or not, it'll do.", "Do it. Did he? He does, and has had it.",
       "\t\tTabs\u00a0and\u2009odd spaces ,,, ?! 12,000 U.S. $5"]


def _texts() -> list[str]:
    texts = [EXAMPLE.read_text(encoding="utf-8"), *ODD]
    for path in sorted((REPO / "tests" / "data" / "gold").glob("*.jsonl")):
        texts += [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return texts


def test_same_matches_as_spacy_on_every_test_text(nlp):
    ruler = nlp.get_pipe("attribute_ruler")
    assert isinstance(ruler.match, IndexedRuleMatcher)  # the coder's pipeline uses the index
    fast = IndexedRuleMatcher.for_ruler(ruler)
    docs = list(nlp.pipe(_texts(), disable=["attribute_ruler", "lemmatizer", "ner"]))
    spacy_matches = [AttributeRuler.match(ruler, doc) for doc in docs]  # spaCy's own Matcher
    assert sum(map(len, spacy_matches)) > 30_000
    assert [fast(doc) for doc in docs] == spacy_matches
    assert [fast(doc) for doc in docs] == spacy_matches  # and again, from the cache


def test_rules_it_cannot_read_leave_the_ruler_alone(nlp):
    import spacy

    blank = spacy.blank("en")
    assert use_indexed_matching(blank) is False  # no attribute ruler
    ruler = blank.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "new"}, {"LOWER": "york", "OP": "?"}]], {"LEMMA": "NY"})
    assert IndexedRuleMatcher.for_ruler(ruler) is None
    assert use_indexed_matching(blank) is False and not isinstance(ruler.match, IndexedRuleMatcher)
    ruler.add([[{"ORTH": "x"}]], {"LEMMA": "y"})
    assert IndexedRuleMatcher.for_ruler(ruler) is None
