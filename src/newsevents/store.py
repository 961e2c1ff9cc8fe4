"""The event store: coded articles in one embedded DuckDB file (no server).

Tables (all created by :class:`Store`; column lists in ``docs/store.md``):

* ``articles`` - one row per coded article: id, content hash, metadata, text.
* ``failures`` - one row per input that failed to read or code, keyed by its
  source (``"file.jsonl:12"``), with the stable error code and reason.
* ``mentions`` - one row per coded event record, i.e. one *report* of an
  event in one article (GDELT's mentions table): the full record flattened,
  with its sentence, trigger, actor and date offsets, attribution and
  confidence, and ``global_event_id``, the de-duplicated event it reports.
* ``actors`` - one row per actor or recipient of a mention.
* ``events`` - one row per distinct happening, built from ``mentions`` by a
  de-duplication rule (:mod:`newsevents.dedup`), with NumMentions,
  NumSources and NumArticles as in GDELT 2.0.
* ``meta`` - schema version, de-duplication window, and whether ``events``
  must be rebuilt.

Writes are atomic per batch of articles (one transaction): a process killed
at any moment leaves every article either fully stored or absent, so a rerun
stores each article exactly once. ``events`` is rebuilt from ``mentions``
after every ingest; a ``stale`` flag written in the same transaction as new
mentions makes a store killed before the rebuild rebuild on next open.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from pathlib import Path

import datetime as dt

import duckdb
import pandas as pd

from . import analytics
from ._version import __version__
from .dedup import DEFAULT_WINDOW_DAYS, DedupRule, gdelt_style, global_event_id
from .errors import StoreError
from .ingest import Article, ArticleFailure
from .records import Event
from .rows import actor_rows, mention_row

__all__ = ["SCHEMA_VERSION", "TABLES", "TABLE_KEYS", "Store", "content_hash"]

SCHEMA_VERSION = "1"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE TABLE IF NOT EXISTS articles (
    article_id VARCHAR PRIMARY KEY, content_hash VARCHAR NOT NULL, source VARCHAR,
    title VARCHAR, outlet VARCHAR, url VARCHAR, language VARCHAR, published DATE,
    n_chars INTEGER, n_mentions INTEGER, coder_version VARCHAR, text VARCHAR NOT NULL);
CREATE TABLE IF NOT EXISTS failures (
    source VARCHAR PRIMARY KEY, article_id VARCHAR, code VARCHAR NOT NULL,
    reason VARCHAR NOT NULL, coder_version VARCHAR);
CREATE TABLE IF NOT EXISTS mentions (
    mention_id VARCHAR PRIMARY KEY, global_event_id BIGINT, article_id VARCHAR NOT NULL,
    coder_version VARCHAR, event_type VARCHAR NOT NULL, mode VARCHAR, contexts VARCHAR[],
    cameo_code VARCHAR NOT NULL, quad_class TINYINT, goldstein DOUBLE, plover_score DOUBLE,
    actor_codes VARCHAR[], recipient_codes VARCHAR[], modality VARCHAR,
    attribution_text VARCHAR, attribution_name VARCHAR, attribution_start INTEGER, attribution_end INTEGER,
    event_date DATE, date_precision VARCHAR, date_text VARCHAR, date_basis VARCHAR,
    date_start INTEGER, date_end INTEGER,
    location_text VARCHAR, location_name VARCHAR, location_country VARCHAR, location_admin1 VARCHAR,
    location_lat DOUBLE, location_lon DOUBLE, location_geonames_id BIGINT, location_basis VARCHAR,
    location_start INTEGER, location_end INTEGER,
    sentence_index INTEGER, sentence_start INTEGER, sentence_end INTEGER, sentence VARCHAR,
    trigger_text VARCHAR, trigger_start INTEGER, trigger_end INTEGER, confidence DOUBLE,
    record_json VARCHAR NOT NULL);
CREATE TABLE IF NOT EXISTS actors (
    mention_id VARCHAR NOT NULL, role VARCHAR NOT NULL, position INTEGER NOT NULL,
    text VARCHAR, span_start INTEGER, span_end INTEGER, name VARCHAR, code VARCHAR,
    sector VARCHAR, title VARCHAR, kb_id VARCHAR, PRIMARY KEY (mention_id, role, position));
CREATE TABLE IF NOT EXISTS events (
    global_event_id BIGINT PRIMARY KEY, root_mention_id VARCHAR NOT NULL,
    event_type VARCHAR, mode VARCHAR, contexts VARCHAR[], cameo_code VARCHAR, quad_class TINYINT,
    goldstein DOUBLE, plover_score DOUBLE, modality VARCHAR,
    actor_codes VARCHAR[], actor_names VARCHAR[], actor_sectors VARCHAR[],
    recipient_codes VARCHAR[], recipient_names VARCHAR[], recipient_sectors VARCHAR[],
    event_date DATE, date_precision VARCHAR, first_date DATE, last_date DATE,
    location_name VARCHAR, location_country VARCHAR, location_admin1 VARCHAR,
    location_lat DOUBLE, location_lon DOUBLE, location_geonames_id BIGINT,
    num_mentions INTEGER, num_sources INTEGER, num_articles INTEGER,
    first_published DATE, root_article_id VARCHAR, root_sentence_index INTEGER,
    source_url VARCHAR, coder_version VARCHAR);
"""

TABLE_KEYS = {"articles": "article_id", "failures": "source", "mentions": "mention_id",
              "actors": "mention_id, role, position", "events": "global_event_id"}
"""The data tables of a store, in the order a row's provenance runs, with the
key columns that order their rows (for deterministic reads and exports)."""

TABLES = tuple(TABLE_KEYS)


def content_hash(article: Article) -> str:
    """SHA-256 (hex) of an article's id, text, publication date and metadata:
    what decides whether a re-ingested article is unchanged."""
    key = json.dumps([article.id, article.text, article.published.isoformat() if article.published else None,
                      article.title, article.outlet, article.url, article.language], ensure_ascii=False)
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def _is_duckdb_file(path: Path) -> bool:
    """True when ``path`` starts with a DuckDB file header (the magic bytes
    ``DUCK`` at offset 8, DuckDB storage format)."""
    with open(path, "rb") as handle:
        return handle.read(12)[8:12] == b"DUCK"


def _frame(rows: list[dict], table: str, con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Rows as a DataFrame with the table's columns, in its order (also when empty)."""
    columns = [c[0] for c in con.execute(f"SELECT * FROM {table} LIMIT 0").description]
    return pd.DataFrame(rows, columns=columns)


class Store:
    """An event store in one DuckDB file, created on first open.

    Args:
        path: the database file (``events.duckdb``); its folder must exist.
        read_only: open without writing (several readers may share a file).

    Raises:
        StoreError: the file is locked by another writing process, is not a
            DuckDB database, or was written by an incompatible schema version.

    Query methods return pandas DataFrames; close with :meth:`close` or use
    ``with Store(path) as store:``.
    """

    def __init__(self, path: str | Path, *, read_only: bool = False) -> None:
        self.path = Path(path)
        self.read_only = read_only
        if read_only and not self.path.exists():
            raise StoreError(f"{self.path}: no such store (ingest articles into it first)", code="E401")
        if self.path.is_file() and self.path.stat().st_size > 0 and not _is_duckdb_file(self.path):
            # DuckDB would open a .csv/.jsonl/.parquet file as a view in memory and store nothing
            raise StoreError(f"{self.path}: not a DuckDB store (is it a data file? give --db a new or .duckdb path)",
                             code="E403")
        try:
            self.con = duckdb.connect(str(self.path), read_only=read_only)
        except duckdb.Error as exc:
            message = str(exc)
            if "not a valid DuckDB database" in message:
                raise StoreError(f"{self.path}: not a DuckDB store", code="E403") from None
            if "lock" in message.lower():
                raise StoreError(f"{self.path}: in use by another process (one writer at a time): {message}",
                                 code="E402") from None
            raise StoreError(f"{self.path}: cannot open the store: {message}", code="E402") from None
        if not read_only:
            self.con.execute(_SCHEMA)
            self.con.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)", [SCHEMA_VERSION])
        version = self._meta("schema_version")
        if version != SCHEMA_VERSION:
            self.con.close()
            raise StoreError(f"{self.path}: store schema version {version!r}, this newsevents reads {SCHEMA_VERSION!r}",
                             code="E404")

    # -- life cycle ------------------------------------------------------
    def close(self) -> None:
        """Close the connection (idempotent)."""
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _meta(self, key: str) -> str | None:
        try:
            row = self.con.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
        except duckdb.CatalogException:
            raise StoreError(f"{self.path}: not a newsevents store (no meta table)", code="E403") from None
        return row[0] if row else None

    def _set_meta(self, key: str, value: str) -> None:
        self.con.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", [key, value])

    # -- writing ---------------------------------------------------------
    def known_articles(self) -> dict[str, str]:
        """``{article_id: content_hash}`` of every stored article."""
        return dict(self.con.execute("SELECT article_id, content_hash FROM articles").fetchall())

    def failed_article_ids(self) -> set[str]:
        """Ids of articles whose coding failed (codes E3xx) and are not stored since."""
        rows = self.con.execute(
            "SELECT article_id FROM failures WHERE article_id IS NOT NULL AND code LIKE 'E3%'").fetchall()
        return {r[0] for r in rows}

    def write_batch(self, coded: Sequence[tuple[Article, list[Event]]], failed: Sequence[ArticleFailure] = ()) -> None:
        """Store coded articles with their mentions and actors, and failures,
        in one transaction. An article already stored under the same id is
        replaced (its old mentions and actors removed); a stored coding
        failure (E3xx) of the same id, and any failure of the same source, is
        removed. Marks ``events`` stale.

        Raises:
            StoreError: the store is read-only.
        """
        if self.read_only:
            raise StoreError(f"{self.path}: opened read-only", code="E405")
        if not coded and not failed:
            return
        con = self.con
        articles = [{
            "article_id": a.id, "content_hash": content_hash(a), "source": a.source, "title": a.title,
            "outlet": a.outlet, "url": a.url, "language": a.language,
            "published": a.published.isoformat() if a.published else None, "n_chars": len(a.text),
            "n_mentions": len(events), "coder_version": __version__, "text": a.text,
        } for a, events in coded]
        mentions = [mention_row(e) for _, events in coded for e in events]
        parties = [row for _, events in coded for e in events for row in actor_rows(e)]
        failures = [{"source": f.source, "article_id": f.article_id, "code": f.code, "reason": f.reason,
                     "coder_version": __version__} for f in failed]
        frames = {
            "new_ids": pd.DataFrame({"article_id": [a.id for a, _ in coded], "source": [a.source for a, _ in coded]},
                                    dtype=object),
            "new_articles": _frame(articles, "articles", con),
            "new_mentions": _frame(mentions, "mentions", con),
            "new_actors": _frame(parties, "actors", con),
            "new_failures": _frame(failures, "failures", con),
        }
        for name, frame in frames.items():
            con.register(name, frame)
        try:
            con.begin()
            con.execute("DELETE FROM actors WHERE mention_id IN (SELECT mention_id FROM mentions "
                        "WHERE article_id IN (SELECT article_id FROM new_ids))")
            con.execute("DELETE FROM mentions WHERE article_id IN (SELECT article_id FROM new_ids)")
            con.execute("DELETE FROM articles WHERE article_id IN (SELECT article_id FROM new_ids)")
            # an article now stored clears its own earlier coding failure and any failure of its
            # input line; other lines' failures (a duplicate id elsewhere, E118) stay
            con.execute("DELETE FROM failures WHERE (code LIKE 'E3%' AND article_id IN (SELECT article_id FROM new_ids)) "
                        "OR source IN (SELECT source FROM new_ids)")
            con.execute("INSERT INTO articles BY NAME SELECT * FROM new_articles")
            con.execute("INSERT INTO mentions BY NAME SELECT * FROM new_mentions")
            con.execute("INSERT INTO actors BY NAME SELECT * FROM new_actors")
            con.execute("INSERT OR REPLACE INTO failures BY NAME SELECT * FROM new_failures")
            if coded:
                self._set_meta("events_stale", "1")
            con.commit()
        except BaseException:
            con.rollback()
            raise
        finally:
            for name in frames:
                con.unregister(name)

    # -- de-duplication --------------------------------------------------
    @property
    def stale(self) -> bool:
        """True when ``events`` does not reflect ``mentions`` yet."""
        return self._meta("events_stale") == "1"

    @property
    def window_days(self) -> int:
        """The de-duplication window in days used for ``events``."""
        value = self._meta("dedup_window_days")
        return int(value) if value is not None else DEFAULT_WINDOW_DAYS

    def rebuild_events(self, *, window_days: int | None = None, rule: DedupRule = gdelt_style) -> int:
        """Rebuild ``events`` from ``mentions`` with ``rule`` (default: the
        GDELT-style rule of :func:`newsevents.dedup.gdelt_style`) and set each
        mention's ``global_event_id``. One transaction.

        Args:
            window_days: days two reports' event dates may differ and still
                be one event; default the store's (1 unless set before).
            rule: a function ``(mentions DataFrame, window_days) -> Series``
                giving each mention's root mention id (see :mod:`dedup`).

        Returns:
            The number of events.
        """
        if self.read_only:
            raise StoreError(f"{self.path}: opened read-only", code="E405")
        window = self.window_days if window_days is None else window_days
        if window < 0:
            raise StoreError(f"dedup window must be 0 or more days, got {window}", code="E406")
        con = self.con
        frame = con.execute(
            "SELECT m.mention_id, m.article_id, m.event_type, m.modality, m.actor_codes, m.recipient_codes, "
            "m.event_date, a.published FROM mentions m JOIN articles a USING (article_id)").df()
        roots = rule(frame, window) if len(frame) else pd.Series([], dtype=object)
        mapping = pd.DataFrame({"mention_id": frame["mention_id"], "root_mention_id": list(roots),
                                "global_event_id": [global_event_id(r) for r in roots]})
        con.register("event_map", mapping)
        try:
            con.begin()
            con.execute("UPDATE mentions SET global_event_id = event_map.global_event_id FROM event_map "
                        "WHERE mentions.mention_id = event_map.mention_id")
            con.execute("DELETE FROM events")
            con.execute(_EVENTS_SQL)
            self._set_meta("dedup_window_days", str(window))
            self._set_meta("events_stale", "0")
            con.commit()
        except BaseException:
            con.rollback()
            raise
        finally:
            con.unregister("event_map")
        return con.execute("SELECT count(*) FROM events").fetchone()[0]

    def refresh(self) -> None:
        """Rebuild ``events`` if a killed ingest left it stale (writable stores only)."""
        if self.stale and not self.read_only:
            self.rebuild_events()

    # -- reading ---------------------------------------------------------
    def counts(self) -> dict[str, int]:
        """Rows per table: ``{"articles": n, "failures": n, ...}``."""
        return {t: self.con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}

    def sql(self, query: str, params: Iterable | None = None) -> pd.DataFrame:
        """Run one SQL query (DuckDB dialect) and return its result.

        Raises:
            StoreError: the query is invalid (message from DuckDB).
        """
        try:
            return self.con.execute(query, list(params) if params is not None else None).df()
        except duckdb.Error as exc:
            raise StoreError(f"query failed: {exc}", code="E407") from None

    def dyad(self, a: str, b: str, *, by: str = "week", since: dt.date | None = None, until: dt.date | None = None,
             directed: bool = False) -> pd.DataFrame:
        """Events between ``a`` and ``b`` per period: see :func:`newsevents.analytics.dyad`."""
        self.refresh()
        return analytics.dyad(self.con, a, b, by=by, since=since, until=until, directed=directed)

    def top_actors(self, n: int = 10, *, since: dt.date | None = None, until: dt.date | None = None) -> pd.DataFrame:
        """The ``n`` actors in most events: see :func:`newsevents.analytics.top_actors`."""
        self.refresh()
        return analytics.top_actors(self.con, n, since=since, until=until)

    def network(self, *, top: int = 20, since: dt.date | None = None, until: dt.date | None = None) -> pd.DataFrame:
        """Actor-to-recipient edges among the top actors: see :func:`newsevents.analytics.network`."""
        self.refresh()
        return analytics.network(self.con, top=top, since=since, until=until)

    def table(self, name: str) -> pd.DataFrame:
        """A whole table (one of :data:`TABLES`) as a DataFrame."""
        if name not in TABLES:
            raise StoreError(f"no table {name!r}; tables are {', '.join(TABLES)}", code="E407")
        return self.sql(f"SELECT * FROM {name} ORDER BY {TABLE_KEYS[name]}")


# The merged event takes its fields from the root mention (the report the
# rule chose to represent the cluster) and its counts from all mentions.
_EVENTS_SQL = """
INSERT INTO events
WITH m AS (
    SELECT m.*, a.published, a.url, coalesce(a.outlet, a.url, a.article_id) AS source_name
    FROM mentions m JOIN articles a USING (article_id)
), agg AS (
    SELECT global_event_id, count(*) AS num_mentions, count(DISTINCT source_name) AS num_sources,
           count(DISTINCT article_id) AS num_articles, min(event_date) AS first_date,
           max(event_date) AS last_date, min(published) AS first_published,
           list_sort(list_distinct(flatten(list(contexts)))) AS contexts
    FROM m GROUP BY global_event_id
), names AS (
    SELECT mention_id,
           list(name ORDER BY position) FILTER (WHERE role = 'actor') AS actor_names,
           list(coalesce(sector, '') ORDER BY position) FILTER (WHERE role = 'actor') AS actor_sectors,
           list(name ORDER BY position) FILTER (WHERE role = 'recipient') AS recipient_names,
           list(coalesce(sector, '') ORDER BY position) FILTER (WHERE role = 'recipient') AS recipient_sectors
    FROM actors GROUP BY mention_id
)
SELECT r.global_event_id, r.mention_id, r.event_type, r.mode, agg.contexts, r.cameo_code, r.quad_class,
       r.goldstein, r.plover_score, r.modality,
       r.actor_codes, coalesce(n.actor_names, []), coalesce(n.actor_sectors, []),
       r.recipient_codes, coalesce(n.recipient_names, []), coalesce(n.recipient_sectors, []),
       r.event_date, r.date_precision, agg.first_date, agg.last_date,
       r.location_name, r.location_country, r.location_admin1, r.location_lat, r.location_lon,
       r.location_geonames_id, agg.num_mentions, agg.num_sources, agg.num_articles, agg.first_published,
       r.article_id, r.sentence_index, coalesce(r.url, r.article_id), r.coder_version
FROM m r JOIN agg USING (global_event_id) LEFT JOIN names n USING (mention_id)
WHERE r.mention_id IN (SELECT root_mention_id FROM event_map)
"""
