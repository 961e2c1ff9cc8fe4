"""Queries over a store's ``events`` table for analysis: a dyad's time series,
the most active actors, and the network of events between them.

Pure functions of a DuckDB connection (``Store.con``); :class:`newsevents.store.Store`
exposes them as ``Store.dyad``, ``Store.top_actors`` and ``Store.network``.
Every value from the caller is bound as a query parameter; the only SQL
built in Python is from this module's constants (type and quad class names).

Schemes: PLOVER event types from the OEDA PLOVER manual draft v2.0; QuadClass
(1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material
conflict) from the GDELT 2.0 event codebook; Goldstein scores (-10 most
conflictual .. +10 most cooperative) from Goldstein (1992) as extended to CAMEO
(see :mod:`newsevents.ontology`).

Parties: an event's ``actor_codes`` and ``recipient_codes`` hold ISO 3166
alpha-3 or IGO/UNO/EUR/NGO/... codes; the empty code ``""`` (an actor the
coder could not place) and null codes are never counted as a party. A
*reciprocal* event ("the two presidents agreed") lists all parties as actors
and has no recipient; joint actors of an event with a recipient ("the US and
France sanctioned Russia") did not interact with each other.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

from .ontology import EVENT_TYPES, QUAD_NAMES

__all__ = ["PERIODS", "QUAD_COLUMNS", "TYPE_COLUMNS", "dyad", "network", "top_actors"]

PERIODS = {"day": "1 day", "week": "1 week", "month": "1 month"}
"""Allowed ``by`` values of :func:`dyad` and their step. Weeks are ISO weeks
(starting Monday), months calendar months; a period is named by its first day."""

QUAD_COLUMNS: tuple[str, ...] = tuple(QUAD_NAMES[q].replace(" ", "_") for q in (1, 2, 3, 4))
"""Count columns of :func:`dyad` per QuadClass 1..4: ``verbal_cooperation``, ..."""

TYPE_COLUMNS: tuple[str, ...] = tuple(t.lower() for t in EVENT_TYPES)
"""Count columns of :func:`dyad` per PLOVER type, in manual order: ``agree``, ``consult``, ..."""

# Date window shared by every query: NULL bounds are open (and keep dateless events).
_WINDOW = ("($since::DATE IS NULL OR event_date >= $since::DATE) "
           "AND ($until::DATE IS NULL OR event_date <= $until::DATE)")

_DYAD_SQL = f"""
WITH ev AS (
    SELECT date_trunc($unit, event_date)::DATE AS period, * FROM events
    WHERE event_date IS NOT NULL AND {_WINDOW}
      AND ((list_contains(actor_codes, $a) AND list_contains(recipient_codes, $b))
        OR (NOT $directed AND list_contains(actor_codes, $b) AND list_contains(recipient_codes, $a))
        OR (coalesce(len(recipient_codes), 0) = 0
            AND list_contains(actor_codes, $a) AND list_contains(actor_codes, $b)))
), agg AS (
    SELECT period, count(*) AS events, sum(num_mentions)::BIGINT AS mentions,
           {", ".join(f"count(*) FILTER (WHERE quad_class = {q}) AS {c}" for q, c in enumerate(QUAD_COLUMNS, 1))},
           {", ".join(f"count(*) FILTER (WHERE event_type = '{t}') AS {c}" for t, c in zip(EVENT_TYPES, TYPE_COLUMNS))},
           avg(goldstein) AS mean_goldstein, avg(plover_score) AS mean_plover_score
    FROM ev GROUP BY period
), bounds AS (
    SELECT coalesce(date_trunc($unit, $since::DATE)::DATE, min(period)) AS lo,
           coalesce(date_trunc($unit, $until::DATE)::DATE, max(period)) AS hi FROM agg
), periods AS (
    SELECT unnest(generate_series(lo, hi, $step::INTERVAL))::DATE AS period
    FROM bounds WHERE lo IS NOT NULL AND hi IS NOT NULL
)
SELECT period, coalesce(events, 0) AS events, coalesce(mentions, 0) AS mentions,
       {", ".join(f"coalesce({c}, 0) AS {c}" for c in QUAD_COLUMNS + TYPE_COLUMNS)},
       mean_goldstein, mean_plover_score
FROM periods LEFT JOIN agg USING (period) ORDER BY period
"""

# One row per (event, party code, role), with the party's name; placed codes only.
_PARTIES_CTE = f"""
ev AS (SELECT * FROM events WHERE {_WINDOW}),
raw AS (
    SELECT global_event_id, 'actor' AS role, unnest(actor_codes) AS code, unnest(actor_names) AS name FROM ev
    UNION ALL
    SELECT global_event_id, 'recipient', unnest(recipient_codes), unnest(recipient_names) FROM ev
),
parties AS (SELECT * FROM raw WHERE code IS NOT NULL AND code <> ''),
names AS (
    SELECT code, array_to_string(list(name ORDER BY n DESC, name ASC)[1:3], '; ') AS names
    FROM (SELECT code, name, count(*) AS n FROM parties WHERE name IS NOT NULL GROUP BY code, name)
    GROUP BY code
),
per_event AS (
    SELECT code, global_event_id, bool_or(role = 'actor') AS is_actor, bool_or(role = 'recipient') AS is_recipient
    FROM parties GROUP BY code, global_event_id
),
ranked AS (
    SELECT p.code, names.names, count(*) AS events,
           count(*) FILTER (WHERE is_actor) AS as_actor, count(*) FILTER (WHERE is_recipient) AS as_recipient,
           avg(ev.goldstein) AS mean_goldstein,
           avg(CASE WHEN ev.quad_class IN (3, 4) THEN 1.0 WHEN ev.quad_class IN (1, 2) THEN 0.0 END) AS conflict_share
    FROM per_event p JOIN ev USING (global_event_id) LEFT JOIN names USING (code)
    GROUP BY p.code, names.names
    ORDER BY events DESC, p.code ASC
    LIMIT $n
)"""

_TOP_SQL = f"WITH {_PARTIES_CTE}\nSELECT * FROM ranked ORDER BY events DESC, code ASC"

_NETWORK_SQL = f"""
WITH {_PARTIES_CTE},
acts AS (SELECT DISTINCT global_event_id, code FROM parties WHERE role = 'actor'),
recs AS (SELECT DISTINCT global_event_id, code FROM parties WHERE role = 'recipient'),
pairs AS (
    SELECT a.global_event_id, a.code AS source, r.code AS target FROM acts a JOIN recs r USING (global_event_id)
    UNION
    SELECT a.global_event_id, a.code, b.code FROM acts a JOIN acts b USING (global_event_id)
    WHERE a.global_event_id IN (SELECT global_event_id FROM ev WHERE coalesce(len(recipient_codes), 0) = 0)
)
SELECT source, target, count(*) AS events, avg(ev.goldstein) AS mean_goldstein,
       count(*) FILTER (WHERE ev.quad_class IN (1, 2)) AS cooperation,
       count(*) FILTER (WHERE ev.quad_class IN (3, 4)) AS conflict
FROM pairs JOIN ev USING (global_event_id)
WHERE source <> target
  AND source IN (SELECT code FROM ranked) AND target IN (SELECT code FROM ranked)
GROUP BY source, target
ORDER BY events DESC, source ASC, target ASC
"""


def _date(value, name: str) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{name} must be an ISO date (YYYY-MM-DD), got {value!r}") from None
    raise ValueError(f"{name} must be a datetime.date, got {type(value).__name__}")


def _window(since, until) -> dict:
    since, until = _date(since, "since"), _date(until, "until")
    if since is not None and until is not None and since > until:
        raise ValueError(f"since ({since}) is after until ({until})")
    return {"since": since, "until": until}


def _code(value, name: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{name} must be an actor code such as 'USA', got {value!r}")
    return value.strip().upper()


def _count(value, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return value


def _query(con: duckdb.DuckDBPyConnection, sql: str, params: dict) -> pd.DataFrame:
    frame = con.execute(sql, params).df()
    if "period" in frame:
        frame["period"] = pd.to_datetime(frame["period"]).astype("datetime64[ns]")
    return frame


def dyad(con: duckdb.DuckDBPyConnection, a: str, b: str, *, by: str = "week",
         since: dt.date | None = None, until: dt.date | None = None, directed: bool = False) -> pd.DataFrame:
    """The events between two parties, counted per day, week or month.

    An event belongs to the dyad when ``a`` is among its actors and ``b``
    among its recipients; unless ``directed``, also the reverse (``b`` acts on
    ``a``); and, directed or not, when it is a reciprocal event (no recipient)
    with both ``a`` and ``b`` among its actors. Events without an
    ``event_date`` are left out (they cannot be placed in time).

    Args:
        con: a DuckDB connection to a store (``Store.con``).
        a, b: party codes (``"USA"``, ``"rus"``: compared upper-case).
        by: ``"day"``, ``"week"`` (ISO weeks, from Monday) or ``"month"``.
        since, until: first and last event date to count, inclusive
            (``datetime.date`` or ISO string); ``None`` leaves that end open.
        directed: count only events with ``a`` acting on ``b`` (and reciprocal ones).

    Returns:
        One row per period, in order, zero-filled from the first to the last
        period with events, or over ``since``..``until`` where given (no rows
        when no event matches and the range is open). Columns: ``period``
        (datetime64, the period's first day), ``events``, ``mentions`` (sum of
        the events' NumMentions), one count per QuadClass (:data:`QUAD_COLUMNS`,
        GDELT 2.0 codebook), one count per PLOVER type (:data:`TYPE_COLUMNS`,
        all 16 in manual order, whatever the data), ``mean_goldstein``
        (Goldstein 1992, -10..10) and ``mean_plover_score`` (PLOVER manual
        conflict-cooperation score); means are NaN for periods without events.

    Raises:
        ValueError: ``by`` is not day/week/month, ``a`` equals ``b``, a code
            is empty, or ``since`` is after ``until``.
    """
    if by not in PERIODS:
        raise ValueError(f"by must be one of {', '.join(PERIODS)}, got {by!r}")
    a, b = _code(a, "a"), _code(b, "b")
    if a == b:
        raise ValueError(f"a dyad needs two different parties, got {a} twice")
    params = {"a": a, "b": b, "unit": by, "step": PERIODS[by], "directed": bool(directed), **_window(since, until)}
    return _query(con, _DYAD_SQL, params)


def top_actors(con: duckdb.DuckDBPyConnection, n: int = 10, *, since: dt.date | None = None,
               until: dt.date | None = None) -> pd.DataFrame:
    """The ``n`` parties taking part in most events, as actor or recipient.

    Args:
        con: a DuckDB connection to a store (``Store.con``).
        n: how many parties (at least 1).
        since, until: inclusive event-date bounds; with either, events
            without an ``event_date`` are left out, with neither they count.

    Returns:
        At most ``n`` rows ordered by ``events`` (descending) then ``code``:
        ``code``; ``names``, the three names most often given to that code,
        most frequent first, joined by "; " (a state's parties are named by
        person, office or state: "Joe Biden; Russia; ..."; ties
        alphabetically; None when never named); ``events`` (distinct
        events with the party as actor or recipient), ``as_actor``,
        ``as_recipient`` (an event may count in both); ``mean_goldstein``
        (mean Goldstein score of those events, -10..10); ``conflict_share``
        (share of those events in QuadClass 3 or 4, verbal or material
        conflict per the GDELT 2.0 codebook, 0..1). The unplaced code ``""``
        is not a party.

    Raises:
        ValueError: ``n`` is not a positive integer, or ``since`` is after ``until``.
    """
    params = {"n": _count(n, "n"), **_window(since, until)}
    return _query(con, _TOP_SQL, params)


def network(con: duckdb.DuckDBPyConnection, *, top: int = 20, since: dt.date | None = None,
            until: dt.date | None = None) -> pd.DataFrame:
    """Directed edges of events between the ``top`` parties of :func:`top_actors`.

    Each event gives an edge from each of its actors to each of its
    recipients; a reciprocal event (several actors, no recipient) an edge in
    both directions between each two of its actors. Self-loops (a party
    acting on itself, e.g. domestic politics) are dropped; an event counts
    once per edge.

    Args:
        con: a DuckDB connection to a store (``Store.con``).
        top: how many of the most active parties are nodes (at least 1).
        since, until: inclusive event-date bounds, as in :func:`top_actors`.

    Returns:
        One row per edge, ordered by ``events`` (descending), ``source``,
        ``target``: ``source``, ``target`` (codes), ``events``,
        ``mean_goldstein`` (-10..10), ``cooperation`` (events in QuadClass 1
        or 2) and ``conflict`` (QuadClass 3 or 4; GDELT 2.0 codebook).

    Raises:
        ValueError: ``top`` is not a positive integer, or ``since`` is after ``until``.
    """
    params = {"n": _count(top, "top"), **_window(since, until)}
    return _query(con, _NETWORK_SQL, params)
