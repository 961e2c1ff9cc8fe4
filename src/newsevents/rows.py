"""Event records as flat rows: what the store's ``mentions`` and ``actors``
tables and the Parquet output hold.

One row per event record (a *mention*: one report of an event in one
article), with its spans split into ``*_start`` / ``*_end`` columns
(character offsets, 0-based, end-exclusive), dates as ISO 8601 strings, and
the whole record as JSON in ``record_json`` so nothing is lost.
"""

from __future__ import annotations

from .records import Actor, Event

__all__ = ["actor_rows", "mention_row"]


def mention_row(event: Event) -> dict:
    """The flat row of one event record (the ``mentions`` table's columns;
    ``global_event_id`` is None until de-duplication assigns it)."""

    def span(obj, index: int):
        return obj.span[index] if obj is not None else None

    loc, att = event.location, event.attribution
    return {
        "mention_id": event.event_id, "global_event_id": None, "article_id": event.article_id,
        "coder_version": event.coder_version, "event_type": event.event_type, "mode": event.mode,
        "contexts": list(event.contexts), "cameo_code": event.cameo_code, "quad_class": event.quad_class,
        "goldstein": event.goldstein, "plover_score": event.plover_score,
        "actor_codes": [a.code for a in event.actors], "recipient_codes": [a.code for a in event.recipients],
        "modality": event.modality,
        "attribution_text": att.text if att else None, "attribution_name": att.name if att else None,
        "attribution_start": span(att, 0), "attribution_end": span(att, 1),
        "event_date": event.event_date, "date_precision": event.date_precision, "date_text": event.date_text,
        "date_basis": event.date_basis,
        "date_start": event.date_span[0] if event.date_span else None,
        "date_end": event.date_span[1] if event.date_span else None,
        "location_text": loc.text if loc else None, "location_name": loc.name if loc else None,
        "location_country": loc.country if loc else None, "location_admin1": loc.admin1 if loc else None,
        "location_lat": loc.lat if loc else None, "location_lon": loc.lon if loc else None,
        "location_geonames_id": loc.geonames_id if loc else None, "location_basis": loc.basis if loc else None,
        "location_start": span(loc, 0), "location_end": span(loc, 1),
        "sentence_index": event.sentence_index, "sentence_start": event.sentence_span[0],
        "sentence_end": event.sentence_span[1], "sentence": event.sentence,
        "trigger_text": event.trigger.text, "trigger_start": event.trigger.span[0],
        "trigger_end": event.trigger.span[1], "confidence": event.confidence,
        "record_json": event.model_dump_json(),
    }


def actor_rows(event: Event) -> list[dict]:
    """One row per actor and recipient of ``event`` (the ``actors`` table's
    columns): ``role`` is ``"actor"`` or ``"recipient"``, ``position`` its
    0-based place in that list."""

    def row(role: str, position: int, actor: Actor) -> dict:
        return {"mention_id": event.event_id, "role": role, "position": position, "text": actor.text,
                "span_start": actor.span[0], "span_end": actor.span[1], "name": actor.name, "code": actor.code,
                "sector": actor.sector, "title": actor.title, "kb_id": actor.kb_id}

    return ([row("actor", i, a) for i, a in enumerate(event.actors)]
            + [row("recipient", i, a) for i, a in enumerate(event.recipients)])
