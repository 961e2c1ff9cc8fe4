"""Accuracy measurement: score the coder, or saved predictions, against gold files.

The library behind ``newsevents eval``. Data flows one way::

    load_gold(paths)          gold JSONL files -> GoldSet (rows, skipped rows, unread files)
    code_gold(gold, coder=)   the coder's events per gold article  -> Predictions
    read_predictions(paths)   JSONL of event records (as ``newsevents code`` writes them) -> Predictions
    evaluate(gold, preds)     -> Evaluation: one ArticleResult per gold row
    Evaluation.overall() / by_dataset() / by_type() / confusion()
    render_text(ev), to_json(ev), error_records(ev) / write_errors(ev, path)

``evaluate_files(paths, predictions=...)`` runs the whole chain. The scoring
rule is :func:`newsevents.scoring.score_article` (DESIGN.md, "Gold files").

Gold rows (one JSON object per line): ``id`` and ``text`` (non-empty strings),
``events`` (a list of objects with an ``event_type``), optional ``published``
(ISO date or null), ``source_dataset``, ``must_not`` and ``scope``. A gold
row's dataset is the stem of its file (``plover-gsr.dev``).

Bad input never stops an evaluation: a gold file that cannot be read, a line
that is not JSON, a row that lacks ``id``/``text``/``events`` or repeats an id
is reported (``file:line``, a stable code of :mod:`newsevents.ingest`) and
skipped; an article that fails to code is reported and scored with no
predictions (its gold events count as missed). Everything is in file and line
order; breakdowns by type follow the PLOVER manual's order of types.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Protocol

from pydantic import ValidationError

from ._version import __version__
from .errors import InputError
from .ingest import (
    E_DUPLICATE, E_EMPTY, E_ENCODING, E_FIELDS, E_JSON, E_NO_SUCH_FILE, E_PUBLISHED, E_TOO_LONG,
    E_UNREADABLE, MAX_CHARS, Article, ArticleFailure,
)
from .ontology import EVENT_TYPES
from .records import Event
from .scoring import ArticleScore, Totals, pair_errors, score_article

__all__ = [
    "NONE", "ArticleResult", "Evaluation", "GoldRow", "GoldSet", "Predictions", "all_problems", "code_gold",
    "error_records", "evaluate", "evaluate_files", "figures", "load_gold", "read_predictions", "render_text",
    "summary_line", "to_json", "write_errors",
]

NONE = "(none)"
"""Confusion-table label: a prediction with no gold counterpart (row), a gold
event with no prediction (column)."""

Breakdown = Literal["type", "dataset", "confusion"]
_BOM = "\ufeff"


# -- gold -------------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class GoldRow:
    """One gold article: ``row`` is the JSON object as read (``id``, ``text``,
    ``events``, ...), ``dataset`` the stem of its file, ``source``
    ``"file:line"``, ``published`` the parsed ``published`` (or None)."""

    row: dict[str, Any]
    dataset: str
    source: str
    published: dt.date | None = None

    @property
    def id(self) -> str:
        return self.row["id"]


@dataclass
class GoldSet:
    """The gold rows of some files, in file and line order.

    ``datasets`` names each file that was read, in the order given;
    ``skipped`` lists the rows that were not usable (``source`` is
    ``"file:line"``), ``unread`` the files that could not be read at all.
    """

    datasets: list[str] = field(default_factory=list)
    rows: list[GoldRow] = field(default_factory=list)
    skipped: list[ArticleFailure] = field(default_factory=list)
    unread: list[ArticleFailure] = field(default_factory=list)


def load_gold(paths: Sequence[str | Path]) -> GoldSet:
    """Read gold JSONL files (format in the module docstring).

    Never raises for bad input: a missing or unreadable file goes to
    ``unread`` (E101, E103, E110 for a file without rows), a bad line to
    ``skipped`` with its ``file:line`` (E111 not JSON, E112 a missing or
    ill-typed field, E113 bad ``published``, E115 not UTF-8, E117 too long,
    E118 an id already read, in this or an earlier file).
    """
    gold = GoldSet()
    first_source: dict[str, str] = {}
    for path in map(Path, paths):
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            gold.unread.append(ArticleFailure(str(path), None, E_NO_SUCH_FILE, "no such gold file"))
            continue
        except OSError as exc:
            gold.unread.append(ArticleFailure(str(path), None, E_UNREADABLE, f"cannot read: {exc.strerror or exc}"))
            continue
        dataset = _dataset_name(path, gold.datasets)
        lines = [(n, raw) for n, raw in enumerate(data.splitlines(), 1) if raw.strip()]
        if not lines:
            gold.unread.append(ArticleFailure(str(path), None, E_EMPTY, "empty gold file: no JSON lines"))
            continue
        gold.datasets.append(dataset)
        for lineno, raw in lines:
            item = _gold_row(raw, f"{path}:{lineno}", dataset)
            if isinstance(item, GoldRow) and item.id in first_source:
                item = ArticleFailure(item.source, item.id, E_DUPLICATE,
                                      f"duplicate id {item.id!r}: already read from {first_source[item.id]}")
            if isinstance(item, ArticleFailure):
                gold.skipped.append(item)
            else:
                first_source[item.id] = item.source
                gold.rows.append(item)
    return gold


def _dataset_name(path: Path, taken: Sequence[str]) -> str:
    """The file stem, or the whole path when another file has that stem."""
    return path.stem if path.stem not in taken else str(path)


def _gold_row(raw: bytes, source: str, dataset: str) -> GoldRow | ArticleFailure:
    try:
        line = raw.decode("utf-8").removeprefix(_BOM)
    except UnicodeDecodeError as exc:
        return ArticleFailure(source, None, E_ENCODING, f"invalid UTF-8 at byte {exc.start + 1} of the line")
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        return ArticleFailure(source, None, E_JSON, f"invalid JSON: {exc.msg} (col {exc.colno})")
    if not isinstance(obj, dict):
        return ArticleFailure(source, None, E_FIELDS, f"expected a JSON object, not {type(obj).__name__}")
    article_id = obj.get("id") if isinstance(obj.get("id"), str) else None
    problem = _row_problem(obj)
    if problem:
        return ArticleFailure(source, article_id, E_FIELDS, problem)
    try:
        published = dt.date.fromisoformat(obj["published"]) if obj.get("published") is not None else None
    except (TypeError, ValueError):
        return ArticleFailure(source, article_id, E_PUBLISHED,
                              f"\"published\" is not an ISO date or null: {obj['published']!r}")
    if len(obj["text"]) > MAX_CHARS:
        return ArticleFailure(source, article_id, E_TOO_LONG, f"text longer than {MAX_CHARS:,} characters")
    return GoldRow(obj, dataset, source, published)


def _row_problem(obj: dict[str, Any]) -> str | None:
    """What makes a gold object unusable, in words, or None."""
    for key in ("id", "text"):
        if not isinstance(obj.get(key), str) or not obj[key].strip():
            return f"\"{key}\" is missing or not a non-empty string"
    events = obj.get("events")
    if not isinstance(events, list):
        return "\"events\" is missing or not a list"
    for k, event in enumerate(events):
        if not isinstance(event, dict) or not isinstance(event.get("event_type"), str):
            return f"events[{k}] is not an object with an \"event_type\""
        for key in ("actor", "recipient", "alt_types"):
            if not isinstance(event.get(key, []), list):
                return f"events[{k}].{key} is not a list"
        if not isinstance(event.get("evidence", ""), str):
            return f"events[{k}].evidence is not a string"
    must_not = obj.get("must_not", [])
    if not isinstance(must_not, list) or not all(isinstance(m, dict) and isinstance(m.get("evidence"), str)
                                                 for m in must_not):
        return "\"must_not\" is not a list of objects with an \"evidence\""
    scope = obj.get("scope")
    if scope is not None and not (isinstance(scope, list) and len(scope) == 2 and all(isinstance(x, int) for x in scope)):
        return "\"scope\" is not [start, end]"
    return None


# -- predictions --------------------------------------------------------------

@dataclass
class Predictions:
    """Events per article id, in their order.

    ``source`` says who made them (``"newsevents 0.1.0"``, or the files read);
    ``failed`` lists the articles that could not be coded (E300; they have no
    events); ``skipped`` the prediction lines that could not be read.
    """

    source: str
    events: dict[str, list[Event]] = field(default_factory=dict)
    failed: list[ArticleFailure] = field(default_factory=list)
    skipped: list[ArticleFailure] = field(default_factory=list)


class _ArticleCoder(Protocol):
    def code_articles(self, articles: Iterable[Article | ArticleFailure]) -> Iterator[tuple[Article | ArticleFailure, list[Event]]]: ...


def code_gold(gold: GoldSet, *, coder: _ArticleCoder) -> Predictions:
    """Code every gold text with ``coder`` (a :class:`~newsevents.coder.Coder`),
    each with its row's ``published`` date, in spaCy batches.

    An article whose coding raises is in ``failed`` and has no events.
    """
    articles = [Article(id=r.id, text=r.row["text"], published=r.published, source=r.source) for r in gold.rows]
    preds = Predictions(source=f"newsevents {__version__}")
    for item, events in coder.code_articles(articles):
        if isinstance(item, ArticleFailure):
            preds.failed.append(item)
            preds.events[item.article_id or ""] = []
        else:
            preds.events[item.id] = list(events)
    return preds


def read_predictions(paths: Sequence[str | Path]) -> Predictions:
    """Read event records, one JSON object per line (the ``jsonl`` output of
    ``newsevents code``), grouped by ``article_id`` in file order.

    A line that is not JSON (E111) or not a valid event record (E112) is in
    ``skipped`` with its ``file:line``; blank lines are ignored.

    Raises:
        InputError: a file does not exist or cannot be read (E101, E103):
            scoring without its predictions would mislead.
    """
    versions: list[str] = []
    preds = Predictions(source="")
    for path in map(Path, paths):
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise InputError(f"{path}: no such predictions file", code=E_NO_SUCH_FILE) from None
        except OSError as exc:
            raise InputError(f"{path}: cannot read: {exc.strerror or exc}", code=E_UNREADABLE) from None
        for lineno, raw in enumerate(data.splitlines(), 1):
            if not raw.strip():
                continue
            event = _prediction(raw, f"{path}:{lineno}")
            if isinstance(event, ArticleFailure):
                preds.skipped.append(event)
                continue
            preds.events.setdefault(event.article_id, []).append(event)
            if event.coder_version not in versions:
                versions.append(event.coder_version)
    coders = ", ".join(f"newsevents {v}" for v in versions) or "no events"
    preds.source = f"{', '.join(map(str, paths))} ({coders})"
    return preds


def _prediction(raw: bytes, source: str) -> Event | ArticleFailure:
    try:
        obj = json.loads(raw.decode("utf-8").removeprefix(_BOM))
    except UnicodeDecodeError as exc:
        return ArticleFailure(source, None, E_ENCODING, f"invalid UTF-8 at byte {exc.start + 1} of the line")
    except json.JSONDecodeError as exc:
        return ArticleFailure(source, None, E_JSON, f"invalid JSON: {exc.msg} (col {exc.colno})")
    try:
        return Event.model_validate(obj)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(map(str, first["loc"])) or "record"
        article_id = obj.get("article_id") if isinstance(obj, dict) and isinstance(obj.get("article_id"), str) else None
        return ArticleFailure(source, article_id, E_FIELDS,
                              f"not an event record: {where}: {first['msg']} ({exc.error_count()} problem(s))")


# -- scoring and aggregation ----------------------------------------------------

@dataclass
class ArticleResult:
    """One gold article scored: its :class:`ArticleScore` and the pairs of a
    missed gold event and a false prediction that state the same event with
    another type (:func:`newsevents.scoring.pair_errors`)."""

    gold: GoldRow
    score: ArticleScore
    pairs: list[tuple[dict, Event]]


@dataclass
class Evaluation:
    """The scored gold articles, what was skipped, and the breakdowns.

    ``ignored_predictions`` counts predictions for article ids that are in no
    gold file read.
    """

    source: str
    datasets: list[str]
    articles: list[ArticleResult]
    gold_skipped: list[ArticleFailure] = field(default_factory=list)
    gold_unread: list[ArticleFailure] = field(default_factory=list)
    failed: list[ArticleFailure] = field(default_factory=list)
    predictions_skipped: list[ArticleFailure] = field(default_factory=list)
    ignored_predictions: int = 0

    def overall(self) -> Totals:
        """Counts over all articles."""
        totals = Totals()
        for result in self.articles:
            totals.add(result.score)
        return totals

    def by_dataset(self) -> dict[str, tuple[int, Totals]]:
        """``dataset -> (number of articles, counts)`` for every gold file read, in the order given."""
        out = {name: (0, Totals()) for name in self.datasets}
        for result in self.articles:
            n, totals = out[result.gold.dataset]
            totals.add(result.score)
            out[result.gold.dataset] = (n + 1, totals)
        return out

    def by_type(self) -> dict[str, Totals]:
        """``event type -> counts``: true positives and misses under the gold
        ``event_type``, false positives and must_not violations under the
        predicted type. Types in PLOVER order, others after, alphabetical."""
        out: dict[str, Totals] = {}
        for result in self.articles:
            score = result.score
            for gold, _ in score.matched:
                out.setdefault(gold["event_type"], Totals()).tp += 1
            for gold in score.false_negatives:
                out.setdefault(gold["event_type"], Totals()).fn += 1
            for pred in score.false_positives:
                out.setdefault(pred.event_type, Totals()).fp += 1
            for _, pred in score.violating:
                out.setdefault(pred.event_type, Totals()).violations += 1
        return {t: out[t] for t in _type_order(out)}

    def confusion(self) -> tuple[list[str], list[str], dict[str, dict[str, int]]]:
        """The confusion table of types.

        Rows are gold types (``event_type``) plus :data:`NONE` for false
        positives that pair with no missed gold event; columns are predicted
        types plus :data:`NONE` for missed gold events with no paired
        prediction. A true positive counts in (gold type, predicted type),
        on the diagonal unless the prediction took an ``alt_types`` type; a
        miss paired with a false positive of the same sentence and parties
        (:func:`newsevents.scoring.pair_errors`) counts in (gold type,
        predicted type). Every scored gold event and prediction is counted
        once.

        Returns:
            ``(row labels, column labels, cells)`` with ``cells[row][column]``
            a count for every row and column (zeros included).
        """
        counts: Counter[tuple[str, str]] = Counter()
        for result in self.articles:
            score = result.score
            paired_gold = {id(g) for g, _ in result.pairs}
            paired_pred = {id(p) for _, p in result.pairs}
            for gold, pred in [*score.matched, *result.pairs]:
                counts[gold["event_type"], pred.event_type] += 1
            for gold in score.false_negatives:
                if id(gold) not in paired_gold:
                    counts[gold["event_type"], NONE] += 1
            for pred in score.false_positives:
                if id(pred) not in paired_pred:
                    counts[NONE, pred.event_type] += 1
        rows = _type_order({g for g, _ in counts if g != NONE}) + [NONE]
        columns = _type_order({p for _, p in counts if p != NONE}) + [NONE]
        cells = {r: {c: counts[r, c] for c in columns} for r in rows}
        return rows, columns, cells


def _type_order(types: Iterable[str]) -> list[str]:
    """PLOVER types in the manual's order (cooperation to conflict), then any others sorted."""
    types = set(types)
    return [t for t in EVENT_TYPES if t in types] + sorted(types - set(EVENT_TYPES))


def evaluate(gold: GoldSet, predictions: Predictions) -> Evaluation:
    """Score ``predictions`` against every row of ``gold`` (an article
    without predictions scores as having none)."""
    results = []
    for row in gold.rows:
        score = score_article(row.row, predictions.events.get(row.id, []))
        results.append(ArticleResult(row, score, pair_errors(row.row, score)))
    gold_ids = {row.id for row in gold.rows}
    ignored = sum(len(events) for article_id, events in predictions.events.items() if article_id not in gold_ids)
    return Evaluation(
        source=predictions.source, datasets=list(gold.datasets), articles=results,
        gold_skipped=list(gold.skipped), gold_unread=list(gold.unread), failed=list(predictions.failed),
        predictions_skipped=list(predictions.skipped), ignored_predictions=ignored,
    )


def evaluate_files(gold_paths: Sequence[str | Path], *, predictions: Sequence[str | Path] | None = None,
                   coder: _ArticleCoder | None = None) -> Evaluation:
    """Load the gold files, code their texts (or read ``predictions``), score.

    ``coder`` defaults to a new :class:`~newsevents.coder.Coder`; it is not
    used (nor loaded) when ``predictions`` are given.

    Raises:
        InputError: a predictions file cannot be read.
        CodingError: the spaCy model is not installed.
    """
    gold = load_gold(gold_paths)
    if predictions is not None:
        preds = read_predictions(predictions)
    else:
        if coder is None:
            from .coder import Coder  # loads spaCy: only when coding

            coder = Coder()
        preds = code_gold(gold, coder=coder)
    return evaluate(gold, preds)


# -- output -----------------------------------------------------------------------

def figures(totals: Totals) -> dict[str, float | int]:
    """``precision``, ``recall``, ``f1`` (rounded to 4 places), ``tp``, ``fp``,
    ``fn``, ``must_not_violations`` of ``totals``."""
    return {"precision": round(totals.precision, 4), "recall": round(totals.recall, 4), "f1": round(totals.f1, 4),
            "tp": totals.tp, "fp": totals.fp, "fn": totals.fn, "must_not_violations": totals.violations}


def to_json(ev: Evaluation) -> dict[str, Any]:
    """All figures as one JSON-ready object, with these keys (always all):

    - ``predictions``: who made them (``"newsevents 0.1.0"`` or the files read)
    - ``datasets``: the gold files read, by stem, in the order given
    - ``articles``: number of gold articles scored
    - ``overall``: ``{precision, recall, f1, tp, fp, fn, must_not_violations}``
    - ``by_dataset``: ``{dataset: {articles, precision, recall, f1, tp, fp, fn, must_not_violations}}``
    - ``by_type``: ``{event type: {precision, recall, f1, tp, fp, fn, must_not_violations}}``
      (tp and fn by gold type, fp and violations by predicted type)
    - ``confusion``: ``{gold_types: [...], predicted_types: [...], cells: {gold type: {predicted type: n}}}``,
      ``"(none)"`` last in both (see :meth:`Evaluation.confusion`)
    - ``problems``: ``{gold_files_unread, gold_rows_skipped, coding_failed,
      prediction_lines_skipped}``, each a list of ``{source, article_id,
      code, reason}``, and ``predictions_ignored``: the number of
      predictions for articles in no gold file
    """
    rows, columns, cells = ev.confusion()
    return {
        "predictions": ev.source,
        "datasets": list(ev.datasets),
        "articles": len(ev.articles),
        "overall": figures(ev.overall()),
        "by_dataset": {name: {"articles": n, **figures(t)} for name, (n, t) in ev.by_dataset().items()},
        "by_type": {name: figures(t) for name, t in ev.by_type().items()},
        "confusion": {"gold_types": rows, "predicted_types": columns, "cells": cells},
        "problems": {
            "gold_files_unread": [p.to_dict() for p in ev.gold_unread],
            "gold_rows_skipped": [p.to_dict() for p in ev.gold_skipped],
            "coding_failed": [p.to_dict() for p in ev.failed],
            "prediction_lines_skipped": [p.to_dict() for p in ev.predictions_skipped],
            "predictions_ignored": ev.ignored_predictions,
        },
    }


_FIGURE_HEADER = ["precision", "recall", "F1", "tp", "fp", "fn", "must_not"]


def _figure_cells(totals: Totals) -> list[str]:
    return [f"{totals.precision:.3f}", f"{totals.recall:.3f}", f"{totals.f1:.3f}",
            str(totals.tp), str(totals.fp), str(totals.fn), str(totals.violations)]


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], indent: str = "  ") -> list[str]:
    """Aligned columns: the first left-aligned, the others right-aligned."""
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: Sequence[str]) -> str:
        parts = [cells[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(cells[1:], widths[1:])]
        return (indent + "  ".join(parts)).rstrip()

    return [line(header), *(line(r) for r in rows)]


def render_text(ev: Evaluation, *, by: Breakdown | None = None) -> str:
    """The report for people: a header, the overall figures, then the table
    per dataset, per type and the confusion of types (only the one named by
    ``by``, when given). Ends with a newline."""
    out = [f"{_n(len(ev.articles), 'gold article')} from {_n(len(ev.datasets), 'file')}, predictions by {ev.source}"]
    counts = _problem_counts(ev)
    if counts:
        out.append(f"note: {counts} (listed on stderr)")
    out += ["", "Overall", *_table(["", *_FIGURE_HEADER], [["all", *_figure_cells(ev.overall())]])]
    if by in (None, "dataset"):
        rows = [[name, str(k), *_figure_cells(t)] for name, (k, t) in ev.by_dataset().items()]
        out += ["", "By dataset (gold file)", *_table(["dataset", "articles", *_FIGURE_HEADER], rows)]
    if by in (None, "type"):
        rows = [[name, *_figure_cells(t)] for name, t in ev.by_type().items()]
        out += ["", "By event type (tp and fn by gold type; fp and must_not by predicted type)",
                *_table(["type", *_FIGURE_HEADER], rows)]
    if by in (None, "confusion"):
        out += ["", "Confusion of types (rows: gold type; columns: predicted type, first 4 letters;",
                "(none): no counterpart; same sentence and parties pair a miss with a false positive)",
                *_confusion_lines(ev)]
    return "\n".join(out) + "\n"


def _confusion_lines(ev: Evaluation) -> list[str]:
    rows, columns, cells = ev.confusion()
    header = ["gold \\ predicted", *(c if c == NONE else c[:4] for c in columns)]
    body = [[r, *(str(cells[r][c]) if cells[r][c] else "." for c in columns)] for r in rows]
    return _table(header, body)


def _problem_counts(ev: Evaluation) -> str:
    """e.g. "1 gold file not read, 2 gold rows skipped", or "" when there were none."""
    parts = [(len(ev.gold_unread), "gold file", "not read"), (len(ev.gold_skipped), "gold row", "skipped"),
             (len(ev.failed), "article", "failed to code (scored with no predictions)"),
             (len(ev.predictions_skipped), "prediction line", "skipped"),
             (ev.ignored_predictions, "prediction", "for articles in no gold file ignored")]
    return ", ".join(f"{_n(count, noun)} {what}" for count, noun, what in parts if count)


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' * (count != 1)}"


def summary_line(ev: Evaluation) -> str:
    """One line for stderr: articles scored, files, and what was skipped or failed."""
    line = f"newsevents eval: {_n(len(ev.articles), 'article')} scored from {_n(len(ev.datasets), 'gold file')}"
    counts = _problem_counts(ev)
    return f"{line}, {counts}" if counts else line


def all_problems(ev: Evaluation) -> list[tuple[str, ArticleFailure]]:
    """Every problem with a word for what happened (``not read``, ``skipped``,
    ``failed``), in the order: gold files, gold rows, coding, prediction lines."""
    return ([("not read", p) for p in ev.gold_unread] + [("skipped", p) for p in ev.gold_skipped]
            + [("failed", p) for p in ev.failed] + [("skipped", p) for p in ev.predictions_skipped])


def error_records(ev: Evaluation) -> Iterator[dict[str, Any]]:
    """One record per error, article by article (file and line order); in
    each article the misses (gold order), then the false positives and then
    the must_not violations (prediction order).

    Every record has ``kind`` (``false_negative``, ``false_positive``,
    ``must_not``), ``article_id``, ``dataset``, ``source`` (``file:line``).
    A false negative adds ``gold_type``, ``alt_types``, ``actors``,
    ``recipients`` (codes), ``symmetric``, ``optional`` (always false),
    ``evidence`` and ``predicted_type`` (the type of a false positive of the
    same sentence and parties, or null). A false positive adds
    ``predicted_type``, ``mode``, ``actors``, ``recipients``, ``trigger``,
    ``trigger_span``, ``modality``, ``sentence_index``, ``sentence`` and
    ``gold_type`` (of the paired miss, or null). A must_not violation adds the
    prediction's fields as a false positive does, and ``must_not`` (the gold
    evidence it falls in) and ``why``.
    """
    for result in ev.articles:
        where = {"article_id": result.gold.id, "dataset": result.gold.dataset, "source": result.gold.source}
        pred_of = {id(g): p.event_type for g, p in result.pairs}
        gold_of = {id(p): g["event_type"] for g, p in result.pairs}
        for gold in result.score.false_negatives:
            yield {"kind": "false_negative", **where, "gold_type": gold["event_type"],
                   "alt_types": list(gold.get("alt_types", [])), "actors": list(gold.get("actor", [])),
                   "recipients": list(gold.get("recipient", [])), "symmetric": bool(gold.get("symmetric")),
                   "optional": False, "evidence": gold.get("evidence"), "predicted_type": pred_of.get(id(gold))}
        for pred in result.score.false_positives:
            yield {"kind": "false_positive", **where, **_prediction_fields(pred), "gold_type": gold_of.get(id(pred))}
        for bad, pred in result.score.violating:
            yield {"kind": "must_not", **where, **_prediction_fields(pred), "must_not": bad["evidence"],
                   "why": bad.get("why")}


def _prediction_fields(pred: Event) -> dict[str, Any]:
    return {"predicted_type": pred.event_type, "mode": pred.mode, "actors": [a.code for a in pred.actors],
            "recipients": [r.code for r in pred.recipients], "trigger": pred.trigger.text,
            "trigger_span": list(pred.trigger.span), "modality": pred.modality,
            "sentence_index": pred.sentence_index, "sentence": pred.sentence}


def write_errors(ev: Evaluation, path: str | Path) -> int:
    """Write :func:`error_records` to ``path``, one JSON object per line
    (UTF-8, not ASCII-escaped). Returns the number of records.

    Raises:
        OSError: the file cannot be written.
    """
    count = 0
    with open(path, "w", encoding="utf-8") as out:
        for record in error_records(ev):
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
    return count
