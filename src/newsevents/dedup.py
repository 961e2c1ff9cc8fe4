"""Event de-duplication across articles: which reports are one happening.

One happening is reported by many outlets, and often more than once in one
article; counting reports as events is the best-known flaw of GDELT
(Hammond & Weidmann 2014, "Using machine-coded event data for the
micro-level study of political violence", Research & Politics 1(2)).
The store keeps every report as a *mention* and groups mentions into
*events* with a rule: a function

    rule(mentions: pandas.DataFrame, window_days: int) -> pandas.Series

that gets one row per mention with the columns ``mention_id``,
``article_id``, ``event_type``, ``modality``, ``actor_codes``,
``recipient_codes`` (lists of str), ``event_date`` and ``published``
(dates or missing), and returns, aligned with the rows, the ``mention_id`` of
the *root* mention of each row's event. The root's fields become the event's
fields; :func:`global_event_id` turns it into the event's integer id.
Any function of that shape can be passed to ``Store.rebuild_events(rule=...)``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

import pandas as pd

__all__ = ["DEFAULT_WINDOW_DAYS", "DedupRule", "gdelt_style", "global_event_id", "happening_key"]

DEFAULT_WINDOW_DAYS = 1
"""Reports whose event dates differ by at most this many days may be one event."""

DedupRule = Callable[[pd.DataFrame, int], pd.Series]
"""``(mentions, window_days) -> root mention id per row`` (see the module text)."""

_FACTUAL = frozenset({"asserted", "reported"})


def happening_key(event_type: str, modality: str | None, actor_codes, recipient_codes) -> tuple:
    """What two reports must share to be one happening: the PLOVER event type,
    the modality class (asserted and reported are one class: a claim and a
    confirmation of the same event; negated, hypothetical and future each
    their own), and the sets of actor and recipient codes (the empty code of
    an unplaced actor left out)."""
    modality_class = "factual" if modality in _FACTUAL or modality is None else modality
    return (event_type, modality_class, tuple(sorted({c for c in actor_codes if c})),
            tuple(sorted({c for c in recipient_codes if c})))


def gdelt_style(mentions: pd.DataFrame, window_days: int) -> pd.Series:
    """The default rule, after GDELT 2.0's event de-duplication: reports are
    one event when :func:`happening_key` is equal and their event dates (the
    publication date when a report has none) lie within ``window_days`` of
    the earliest report of the event. A report whose actor is unidentified
    (no actor code) is merged only with reports from its own article: two
    attacks by unnamed gunmen in one country on one day are not evidence of
    one attack.

    Within one key, reports are taken in (date, mention_id) order; each
    report joins the open event when its date is at most ``window_days``
    after that event's first date, else it opens a new event. A report with
    neither event nor publication date is merged only with reports of the
    same key in the same article. The root, whose fields and article stand
    for the event (GDELT's SOURCEURL), is the report published first, then
    the one with the earliest event date, then the smallest mention id; so
    the result does not depend on the order articles were ingested in.

    Returns:
        A Series of root mention ids, index aligned with ``mentions``.

    Raises:
        ValueError: ``window_days`` is negative.
    """
    if window_days < 0:
        raise ValueError(f"window_days must be 0 or more, got {window_days}")
    roots = pd.Series(index=mentions.index, dtype=object)
    if mentions.empty:
        return roots
    published = pd.to_datetime(mentions["published"])
    dates = pd.to_datetime(mentions["event_date"]).fillna(published)
    window = pd.Timedelta(days=window_days)
    groups: dict[tuple, list[tuple]] = {}
    for index, row, date, day in zip(mentions.index, mentions.itertuples(index=False), dates, published):
        key = happening_key(row.event_type, row.modality, row.actor_codes, row.recipient_codes)
        undated_in = row.article_id if pd.isna(date) else None
        unknown_actor_in = None if any(row.actor_codes) else row.article_id
        first_seen = pd.Timestamp.max if pd.isna(day) else day
        groups.setdefault((key, unknown_actor_in, undated_in), []).append((date, row.mention_id, index, first_seen))
    for (_, _, undated_in), reports in groups.items():
        reports.sort(key=lambda r: (pd.Timestamp.min if undated_in else r[0], r[1]))
        clusters: list[list[tuple]] = []
        for report in reports:
            if not clusters or (undated_in is None and report[0] - clusters[-1][0][0] > window):
                clusters.append([])
            clusters[-1].append(report)
        for cluster in clusters:
            # the root: the report published first (GDELT's first-seen article), then the earliest event date
            root = min(cluster, key=lambda r: (r[3], pd.Timestamp.min if undated_in else r[0], r[1]))[1]
            for report in cluster:
                roots[report[2]] = root
    return roots


def global_event_id(root_mention_id: str) -> int:
    """The event's integer id (GDELT's GLOBALEVENTID is an integer): the first
    15 hex digits of SHA-256 over the root mention id, so below 2**60 and
    stable for as long as the event's root mention stays the same."""
    return int(hashlib.sha256(root_mention_id.encode("utf-8")).hexdigest()[:15], 16)
