"""newsevents: source-grounded political event data from news text.

Quick use::

    from newsevents import Coder
    events = Coder().code(text, published="2021-01-27", article_id="a1")

Corpus runs go into an event store (DuckDB) queried with pandas::

    from newsevents import Store, ingest_inputs
    ingest_inputs(["articles.jsonl"], "events.duckdb")
    with Store("events.duckdb") as store:
        weekly = store.dyad("USA", "RUS", by="week")

Each :class:`Event` is a PLOVER event record with its CAMEO crosswalk,
actors coded by country and sector, event date, place, modality,
attribution and character-offset evidence.
"""

from ._version import __version__
from .coder import Coder
from .records import Actor, Attribution, Event, Location, Trigger
from .run import ingest_inputs
from .store import Store

__all__ = ["Actor", "Attribution", "Coder", "Event", "Location", "Store", "Trigger", "__version__", "ingest_inputs"]
