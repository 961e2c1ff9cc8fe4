"""The place stage: where did an event happen? Offline, deterministic.

Place names are resolved with :class:`newsevents.gazetteer.Gazetteer`
(GeoNames and ISO 3166-1, offline; re-exported here).

* :func:`dateline` reads the dateline at the start of an article
  (``"KYIV, Ukraine (AP) —"``) into a :class:`~newsevents.records.Location`.
* :func:`sentence_place` finds the place of a sentence's event among the
  GPE/LOC/FAC entities governed by "in", "at", "near", "outside", "inside".

All spans are article character offsets, 0-based, end-exclusive.
"""

from __future__ import annotations

import re
from typing import Any

from spacy.tokens import Span

from newsevents.gazetteer import Gazetteer, fold_place as _fold
from newsevents.records import Location

_PREPS = {"in", "at", "near", "outside", "inside"}
# "in Ukraine's east": a possessive GPE counts only before these head nouns.
_GEO_HEADS = {"east", "west", "north", "south", "northeast", "northwest", "southeast", "southwest",
              "capital", "border", "territory", "region", "province", "city", "coast", "outskirts"}
_IGO_DATELINES = {"united nations": "United Nations"}
_KIND_RANK = {"city": 0, "admin1": 1, "country": 2}

__all__ = ["Gazetteer", "dateline", "sentence_place"]


def _location(rec: dict[str, Any], text: str, span: tuple[int, int], basis: str) -> Location:
    return Location(text=text, span=span, name=rec["name"], country=rec["country"], admin1=rec["admin1"],
                    lat=rec["lat"], lon=rec["lon"], geonames_id=rec["geonames_id"], basis=basis)


_WORD = r"[A-Z][A-Za-z.'\u2019-]*"
_PLACE = rf"{_WORD}(?:[ \t]+(?:(?:de|da|do|del|al|el|la|of)[ \t]+)?{_WORD}){{0,3}}"
_DATELINE_RE = re.compile(
    rf"\s*(?P<place>{_PLACE})"
    rf"(?:,[ \t]*(?P<region>{_PLACE}))?"
    r"(?:,[ \t]*(?P<date>[A-Z][a-z]{2,8}\.?[ \t]+\d{1,2}))?"
    r"[ \t]*(?P<wire>\([A-Za-z][A-Za-z .&/-]{0,30}\))?"
    r"(?:[ \t]*[\u2014\u2013][ \t]*|[ \t]+--?[ \t]+|:[ \t]+)"
)


def dateline(text: str, *, gazetteer: Gazetteer | None = None) -> Location | None:
    """The dateline at the very start of an article, as a ``basis="dateline"`` Location.

    Accepts uppercase or Title-case place words, an optional ", Region/Country" (used as
    the country hint), an optional ", Mon DD" date and "(AP)"-like wire tag, then an em/en
    dash, a spaced hyphen or a colon, ending within the first 60 characters. The span covers
    the first place words only ("WASHINGTON" -> (0, 10)). "UNITED NATIONS —" gives a Location
    named "United Nations" with country and coordinates None. Returns None when there is no
    such dateline or the place does not resolve.
    """
    m = _DATELINE_RE.match(text or "")
    if m is None or m.end() > 60:
        return None
    gaz = gazetteer or Gazetteer.default()
    place, span = m.group("place"), m.span("place")
    if _fold(place) in _IGO_DATELINES:
        return Location(text=place, span=span, name=_IGO_DATELINES[_fold(place)], basis="dateline")
    hint = None
    if m.group("region"):
        hint = gaz.country_of(m.group("region"))
    rec = gaz.resolve(place, country_hint=hint)
    return _location(rec, place, span, "dateline") if rec else None


def _qualifies(tok: Any) -> bool:
    """Is ``tok`` (an entity root) the object of a locative preposition?"""
    for _ in range(3):  # climb through compound/appos/conj/poss links
        if tok.dep_ == "pobj":
            return tok.head.dep_ == "prep" and tok.head.lower_ in _PREPS
        if tok.dep_ == "poss":
            if tok.head.lemma_.lower() not in _GEO_HEADS:
                return False
        elif tok.dep_ not in ("compound", "appos", "conj"):
            return False
        tok = tok.head
    return False


def _ents_in(sent: Any) -> list:
    """The named entities wholly inside ``sent``, as ``sent.ents`` gives them,
    read from the tokens' IOB tags (``Span.ents`` walks every entity of the
    document, which made long articles quadratic)."""
    doc, ents, start = sent.doc, [], None

    def close(end: int) -> None:
        if start is not None:
            ents.append(Span(doc, start, end, label=doc[start].ent_type_))

    for token in sent:
        if token.ent_iob_ == "B":
            close(token.i)
            start = token.i
        elif token.ent_iob_ != "I":  # "O" or unset
            close(token.i)
            start = None
    if not (sent.end < len(doc) and doc[sent.end].ent_iob_ == "I"):  # an entity running on is not inside
        close(sent.end)
    return ents


def sentence_place(sent: Any, *, gazetteer: Gazetteer | None = None,
                   country_hint: str | None = None) -> Location | None:
    """The place where the event of ``sent`` (a spaCy sentence Span) happened, or None.

    Candidates are GPE/LOC/FAC entities that are the object of "in", "at", "near", "outside"
    or "inside" (also through a compound, apposition, conjunction or "X's east/capital/border"
    possessive), never actors (subjects/objects of verbs), modifiers ("Russian") or "of X".
    Each resolves through the gazetteer (with ``country_hint``; FAC entities without alternate
    names); then cities re-resolve with the
    first country resolved in the sentence as hint, else ``country_hint``. Of the resolvable candidates the most
    specific wins (city, then US state, then country), ties by order: "Fighting broke out in
    eastern Ukraine near Donetsk" -> Donetsk (UKR).
    """
    gaz = gazetteer or Gazetteer.default()
    doc = sent.doc
    cands = []
    for ent in _ents_in(sent):
        if ent.label_ not in ("GPE", "LOC", "FAC") or not _qualifies(ent.root):
            continue
        start = ent.start + (1 if ent[0].lower_ == "the" and len(ent) > 1 else 0)
        text = doc[start:ent.end].text
        if ent.end < len(doc) and doc[ent.end].lower_ == "state" and gaz.resolve(text + " state"):
            text += " state"
            end_char = doc[ent.end].idx + 5
        else:
            end_char = ent.end_char
        cands.append((text, (doc[start].idx, end_char), ent.label_ != "FAC"))
    recs = [gaz.resolve(t, country_hint=country_hint, alternates=a) for t, _, a in cands]
    hint = next((r["country"] for r in recs if r and r["kind"] == "country"), None) or country_hint
    best = None
    for (text, span, alts), rec in zip(cands, recs):
        if rec is not None:
            rec = gaz.resolve(text, country_hint=hint, alternates=alts)
        if rec is not None and (best is None or _KIND_RANK[rec["kind"]] < _KIND_RANK[best[0]["kind"]]):
            best = (rec, text, span)
    return _location(best[0], best[1], best[2], "in-sentence") if best else None
