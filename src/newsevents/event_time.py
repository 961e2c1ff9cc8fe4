"""The time stage, syntax side: which date expression dates which event.

:mod:`newsevents.dates` finds and resolves date expressions in a sentence;
this module picks the one that belongs to the event's own clause and keeps
the article's narrative time:

* a date expression dates an event when it attaches (through the dependency
  tree, without crossing into another clause) to the trigger or to a verb
  that governs it: in "agreeing to ... complete the extension by Feb. 5",
  Feb. 5 dates the completion, not the agreement;
* an event with no date of its own takes the date of the last dated event
  before it in the article (``date_basis="inherited"``; wire stories tell one
  day's events after a first dated sentence);
* otherwise the publication date (``date_basis="publication"``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from spacy.tokens import Span, Token

from .dates import DateMention, find_dates
from .syntax import attaches, event_chain

@dataclass(frozen=True)
class EventDate:
    """``date`` ISO 8601, ``precision`` day/week/month/year, ``basis``
    explicit/relative/inherited/publication, and the words and span that
    state it (None for publication)."""

    date: str
    precision: str
    basis: str
    text: str | None = None
    span: tuple[int, int] | None = None


class ArticleClock:
    """Resolves event dates for one article, in text order."""

    def __init__(self, published: dt.date | None) -> None:
        self.published = published
        self._last: EventDate | None = None
        self._cache: dict[tuple[int, bool], list[DateMention]] = {}

    def _mentions(self, sentence: Span, future: bool) -> list[DateMention]:
        key = (sentence.start, future)
        if key not in self._cache:
            self._cache[key] = find_dates(sentence.text, self.published, offset=sentence.start_char, future=future)
        return self._cache[key]

    def date_for(self, sentence: Span, trigger: Token, clause: Token, *, future: bool) -> EventDate | None:
        """The date of an event triggered by ``trigger`` (framed by ``clause``)."""
        chain = event_chain(trigger, clause)
        own = [m for m in self._mentions(sentence, future) if attaches(m.span, sentence, chain)]
        if own:
            best = min(own, key=lambda m: abs(m.span[0] - trigger.idx))
            found = EventDate(best.date, best.precision, best.basis, best.text, best.span)
            if not future:
                self._last = found
            return found
        if self._last is not None:
            last = self._last
            return EventDate(last.date, last.precision, "inherited", last.text, last.span)
        if self.published is not None:
            return EventDate(self.published.isoformat(), "day", "publication")
        return None
