"""Typed event records: the one record family shared by the CLI, the API and sinks.

All spans are ``(start, end)`` character offsets into the article text as
given: 0-based, end-exclusive. All dates are ISO 8601 strings (``YYYY-MM-DD``).
The field list follows DESIGN.md ("Event record") and the PLOVER manual v2.0
chapter "Data Fields".
"""

from __future__ import annotations

import hashlib
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Span = tuple[int, int]
"""``(start, end)`` character offsets, 0-based, end-exclusive."""

Modality = Literal["asserted", "negated", "hypothetical", "future", "reported"]
DatePrecision = Literal["day", "week", "month", "year"]
DateBasis = Literal["explicit", "relative", "inherited", "publication"]


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Actor(_Record):
    """A resolved actor mention.

    ``code`` is ISO 3166-1 alpha-3 for a state, or a PLOVER code for a
    non-state international actor (IGO, UNO, EUR, NGO, ISM, IMG, MNC);
    ``name`` is the canonical name ("NATO", "Joe Biden", "Russia");
    ``sector`` a PLOVER sector code (GOV, MIL, ...) or None when unknown;
    ``kb_id`` the office-holder knowledge-base row, when one was used.
    """

    text: str
    span: Span
    name: str
    code: str
    sector: str | None = None
    title: str | None = None
    kb_id: str | None = None


class Trigger(_Record):
    """The word(s) that state the event, with their span."""

    text: str
    span: Span


class Attribution(_Record):
    """Who says the event happened: ``text`` e.g. "AP reported", its span, and
    ``name`` the source in short ("AP", "officials")."""

    text: str
    span: Span
    name: str


class Location(_Record):
    """Where the event happened, resolved through the offline gazetteer.

    ``country`` is ISO 3166-1 alpha-3; ``admin1`` the GeoNames first-order
    administrative code; ``lat``/``lon`` in decimal degrees (WGS84);
    ``geonames_id`` the GeoNames id; ``basis`` is ``"in-sentence"`` or
    ``"dateline"``.
    """

    text: str
    span: Span
    name: str
    country: str | None = None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonames_id: int | None = None
    basis: Literal["in-sentence", "dateline"] = "in-sentence"


class Event(_Record):
    """One PLOVER event record (DESIGN.md "Event record").

    ``event_type`` is one of the 16 PLOVER types, ``mode`` one of its modes or
    None, ``cameo_code`` the CAMEO code by crosswalk (a string, leading zero
    kept, e.g. ``"041"``), ``quad_class`` 1..4 (GDELT meaning: verbal coop,
    material coop, verbal conflict, material conflict), ``goldstein`` the
    Goldstein (1992) score of the CAMEO code, ``plover_score`` the PLOVER
    manual v2.0 conflict-cooperation score of type (and mode).
    """

    event_id: str
    article_id: str
    coder_version: str
    event_type: str
    mode: str | None = None
    contexts: list[str] = Field(default_factory=list)
    cameo_code: str
    quad_class: int
    goldstein: float
    plover_score: float
    actors: list[Actor]
    recipients: list[Actor] = Field(default_factory=list)
    modality: Modality = "asserted"
    attribution: Attribution | None = None
    event_date: str | None = None
    date_precision: DatePrecision | None = None
    date_text: str | None = None
    date_span: Span | None = None
    date_basis: DateBasis | None = None
    location: Location | None = None
    sentence_index: int
    sentence_span: Span
    sentence: str
    trigger: Trigger
    confidence: float = Field(ge=0.0, le=1.0)


def make_event_id(article_id: str, sentence_index: int, trigger_start: int, event_type: str) -> str:
    """Stable event id: the first 16 hex digits of SHA-256 over
    ``article_id|sentence_index|trigger_start|event_type`` (DESIGN.md)."""
    key = f"{article_id}|{sentence_index}|{trigger_start}|{event_type}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
