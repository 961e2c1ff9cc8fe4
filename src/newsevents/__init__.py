"""newsevents: source-grounded political event data from news text.

Quick use::

    from newsevents import Coder
    events = Coder().code(text, published="2021-01-27", article_id="a1")

Each :class:`Event` is a PLOVER event record with its CAMEO crosswalk,
actors coded by country and sector, event date, place, modality,
attribution and character-offset evidence.
"""

from ._version import __version__
from .coder import Coder
from .records import Actor, Attribution, Event, Location, Trigger

__all__ = ["Actor", "Attribution", "Coder", "Event", "Location", "Trigger", "__version__"]
