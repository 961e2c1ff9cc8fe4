"""Score predicted events against gold events (the rule of DESIGN.md, "Gold files").

A prediction matches a gold event of the same article when

1. its type is the gold ``event_type`` or one of ``alt_types``;
2. its sentence overlaps the gold ``evidence`` (an exact substring of the text);
3. the actor code sets intersect and the recipient code sets intersect (both
   empty counts as equal; ``*`` matches any code; IGO, UNO, EUR and NGO are
   one family); for ``symmetric`` gold events the union of all parties is
   compared instead.

Each gold event matches at most one prediction. Negated and hypothetical
predictions are not events. Optional gold events neither count for nor
against. A prediction that matches a gold event in all but the sentence
(another mention of a coded event) is neither credited nor penalised. A
prediction whose trigger lies inside a ``must_not`` evidence is a violation.
On an article with a ``scope`` ``[start, end)``, predictions outside it are
ignored.

:func:`pair_errors` pairs the misses and false alarms of one article that
are the same event coded with another type (for a confusion table of types).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .records import Event

IGO_FAMILY = frozenset({"IGO", "UNO", "EUR", "NGO"})
NOT_EVENTS = frozenset({"negated", "hypothetical"})


def _norm(codes: Iterable[str]) -> set[str]:
    return {"IGO" if c in IGO_FAMILY else c for c in codes}


def _meet(a: set[str], b: set[str]) -> bool:
    if not a and not b:
        return True
    if "*" in a and b or "*" in b and a:
        return True
    return bool(a & b)


@dataclass
class ArticleScore:
    """Counts for one article and the unmatched items, for error reports."""

    article_id: str
    tp: int = 0
    fp: int = 0
    fn: int = 0
    violations: int = 0
    false_positives: list[Event] = field(default_factory=list)
    false_negatives: list[dict] = field(default_factory=list)
    matched: list[tuple[dict, Event]] = field(default_factory=list)
    violating: list[tuple[dict, Event]] = field(default_factory=list)
    """``(must_not item, prediction)`` for each violation, in must_not order."""


def _parties_match(gold: dict, pred: Event) -> bool:
    actors, recipients = _norm(a.code for a in pred.actors), _norm(r.code for r in pred.recipients)
    g_actors, g_recipients = _norm(gold.get("actor", [])), _norm(gold.get("recipient", []))
    if gold.get("symmetric"):
        return _meet(actors | recipients, g_actors | g_recipients)
    return _meet(actors, g_actors) and _meet(recipients, g_recipients)


def _type_match(gold: dict, pred: Event) -> bool:
    return pred.event_type == gold["event_type"] or pred.event_type in gold.get("alt_types", [])


def evidence_span(text: str, item: dict) -> tuple[int, int] | None:
    """``[start, end)`` of the first occurrence of ``item["evidence"]`` in
    ``text``; None when the item has no evidence or it is not in the text."""
    evidence = item.get("evidence")
    if not evidence:
        return None
    start = text.find(evidence)
    return (start, start + len(evidence)) if start >= 0 else None


def _same_sentence(span: tuple[int, int] | None, pred: Event) -> bool:
    """The prediction's sentence overlaps the gold evidence (always true for
    gold without a findable evidence)."""
    s0, s1 = pred.sentence_span
    return span is None or (span[0] < s1 and s0 < span[1])


def score_article(row: dict, predictions: Sequence[Event]) -> ArticleScore:
    """Score the predictions for one gold row (``id``, ``text``, ``events``,
    optional ``must_not`` and ``scope``)."""
    text = row["text"]
    result = ArticleScore(row["id"])
    scope = row.get("scope")
    preds = [p for p in predictions if p.modality not in NOT_EVENTS]
    if scope:
        preds = [p for p in preds if scope[0] <= p.trigger.span[0] < scope[1]]
    for bad in row.get("must_not", []):
        start = text.find(bad["evidence"])
        if start < 0:
            continue
        end = start + len(bad["evidence"])
        hits = [p for p in preds if start <= p.trigger.span[0] < end]
        result.violations += len(hits)
        result.violating.extend((bad, p) for p in hits)
        preds = [p for p in preds if p not in hits]
    golds = [(gold, evidence_span(text, gold)) for gold in row.get("events", [])]
    used: set[int] = set()
    for pred in preds:
        best = None
        for k, (gold, span) in enumerate(golds):
            if k in used or not _type_match(gold, pred) or not _parties_match(gold, pred):
                continue
            if _same_sentence(span, pred):
                best = k
                if not gold.get("optional"):
                    break
        if best is not None:
            used.add(best)
            gold = golds[best][0]
            if not gold.get("optional"):
                result.tp += 1
                result.matched.append((gold, pred))
            continue
        elsewhere = any(_type_match(g, pred) and _parties_match(g, pred) for g, _ in golds)
        if not elsewhere:
            result.fp += 1
            result.false_positives.append(pred)
    for k, (gold, _) in enumerate(golds):
        if k not in used and not gold.get("optional"):
            result.fn += 1
            result.false_negatives.append(gold)
    return result


def pair_errors(row: dict, score: ArticleScore) -> list[tuple[dict, Event]]:
    """Pair the false negatives and false positives of ``score`` (the result
    of :func:`score_article` on ``row``) that state the same event with
    another type: same sentence (the prediction's sentence overlaps the gold
    evidence) and matching parties (the rule of :func:`score_article`).

    Each gold event and each prediction is in at most one pair; predictions
    are taken in their order and paired with the first free gold event.

    Returns:
        ``(gold event, prediction)`` pairs, in prediction order.
    """
    text = row["text"]
    free = [(gold, evidence_span(text, gold)) for gold in score.false_negatives]
    pairs: list[tuple[dict, Event]] = []
    for pred in score.false_positives:
        for k, (gold, span) in enumerate(free):
            if _same_sentence(span, pred) and _parties_match(gold, pred):
                pairs.append((gold, pred))
                del free[k]
                break
    return pairs


@dataclass
class Totals:
    """Summed counts with precision, recall and F1."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    violations: int = 0

    def add(self, score: ArticleScore) -> None:
        self.tp += score.tp
        self.fp += score.fp
        self.fn += score.fn
        self.violations += score.violations

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0
