"""Exports in the GDELT 2.0, ICEWS and POLECAT layouts and as plain tables, read back.

All tests read the shared ``store_db`` fixture (the store corpus plus the example
article); none codes articles. Comparisons with the real formats use the files in
``shared/reference-events`` and are skipped where that folder is absent.
"""

from __future__ import annotations

import datetime as dt
import filecmp
import json
import re

import pandas as pd
import pytest

from newsevents import exports
from newsevents.errors import StoreError
from newsevents.exports import (
    FORMATS, GDELT_EVENT_COLUMNS, GDELT_MENTION_COLUMNS, ICEWS_COLUMNS, POLECAT_COLUMNS, export, gdelt_events,
)
from newsevents.store import Store

from .conftest import SHARED

REFERENCE = SHARED / "reference-events"
GDELT_REF = REFERENCE / "gdelt2" / "20191024143000.export.CSV"
MENTIONS_REF = REFERENCE / "gdelt2" / "gdeltPyR_mentionssamp_20170701234500.csv"
ICEWS_REF = REFERENCE / "icews" / "events.2018.sample.tab"
needs_reference = pytest.mark.skipif(not REFERENCE.is_dir(), reason="shared/reference-events is not here")

SUFFIX = {"gdelt": "gdelt.tsv", "gdelt-mentions": "mentions.tsv", "icews": "icews.tab", "polecat": "polecat.txt",
          "parquet": "events.parquet", "csv": "events.csv", "jsonl": "events.jsonl"}


@pytest.fixture(scope="module")
def store(store_db):
    with Store(store_db, read_only=True) as opened:
        yield opened


@pytest.fixture(scope="module")
def written(store, tmp_path_factory):
    """Every format exported once: ``{fmt: (path, rows written)}``."""
    folder = tmp_path_factory.mktemp("exports")
    return {fmt: (folder / SUFFIX[fmt], export(store, fmt, folder / SUFFIX[fmt])) for fmt in FORMATS}


def read_tsv(path, header: bool) -> pd.DataFrame:
    return pd.read_csv(path, sep="\t", header=0 if header else None, dtype=str, keep_default_na=False,
                       quoting=3)  # QUOTE_NONE: the formats are unquoted


@pytest.fixture(scope="module")
def gdelt(written) -> pd.DataFrame:
    frame = read_tsv(written["gdelt"][0], header=False)
    frame.columns = GDELT_EVENT_COLUMNS
    return frame.set_index("GLOBALEVENTID", drop=False)


def event_id(store, where: str) -> str:
    ids = store.sql(f"SELECT global_event_id FROM events WHERE {where}").global_event_id.tolist()
    assert len(ids) == 1, where
    return str(ids[0])


# -- GDELT events -------------------------------------------------------------------
def test_gdelt_has_61_columns_and_one_row_per_event(store, written, gdelt):
    assert gdelt.shape == (store.counts()["events"], 61) and written["gdelt"][1] == len(gdelt)
    assert list(gdelt.GLOBALEVENTID) == sorted(gdelt.GLOBALEVENTID, key=int)


def test_gdelt_row_of_the_phone_call(store, gdelt):
    row = gdelt.loc[event_id(store, "event_type = 'CONSULT' AND mode = 'phone'")]
    assert (row.EventCode, row.EventBaseCode, row.EventRootCode) == ("041", "041", "04")  # leading zero kept
    assert (row.QuadClass, row.GoldsteinScale, row.IsRootEvent, row.AvgTone) == ("1", "1.0", "1", "")
    assert (row.Actor1Code, row.Actor1Name, row.Actor1CountryCode, row.Actor1Type1Code) == (
        "USAGOV", "JOE BIDEN", "USA", "GOV")
    assert (row.Actor2Code, row.Actor2Name, row.Actor2CountryCode) == ("RUSGOV", "VLADIMIR PUTIN", "RUS")
    assert (row.SQLDATE, row.MonthYear, row.Year, row.FractionDate) == ("20210126", "202101", "2021", "2021.0712")
    assert row.DATEADDED == "20210127000000"  # publication date of the first report
    assert (row.ActionGeo_Type, row.ActionGeo_CountryCode, row.ActionGeo_ADM1Code, row.ActionGeo_FeatureID) == (
        "3", "US", "USDC", "4140963")
    assert row.ActionGeo_FullName == "Washington, District of Columbia, United States"
    assert (row.Actor1Geo_Type, row.Actor1Geo_CountryCode, row.Actor2Geo_FullName, row.Actor2Geo_CountryCode) == (
        "1", "US", "Russia", "RS")  # FIPS 10-4, not ISO


def test_gdelt_event_reported_by_two_articles(store, gdelt):
    row = gdelt.loc[event_id(store, "event_type = 'ASSAULT' AND num_articles = 2")]
    assert (row.NumMentions, row.NumSources, row.NumArticles) == ("2", "2", "2")
    assert (row.Actor1Code, row.Actor1Type1Code, row.Actor2CountryCode, row.EventCode) == (
        "RUSMIL", "MIL", "UKR", "194")
    assert (row.SQLDATE, row.QuadClass, row.GoldsteinScale, row.ActionGeo_Type) == ("20240304", "4", "-10.0", "0")
    assert row.ActionGeo_FullName == row.ActionGeo_Lat == ""


def test_gdelt_codes_an_igo_as_gdelt_does(store, gdelt):
    # NATO's secretary general: the organisation comes from his office-holder entry ("NATO-SG-...")
    nato = gdelt[gdelt.Actor2Name == "JENS STOLTENBERG"]
    assert len(nato) == 2
    assert set(nato.Actor2Code) == {"IGONATGOV"} and set(nato.Actor2KnownGroupCode) == {"NAT"}
    assert set(nato.Actor2CountryCode) == {""} and set(nato.Actor2Type1Code) == {"IGO"}
    assert set(nato.Actor2Type2Code) == {"GOV"} and set(nato.Actor2Geo_Type) == {"0"}


def test_gdelt_actor_fields_for_organisations_and_sectors():
    def party(code, name, sector=None):
        return {"code": code, "name": name, "sector": sector, "kb_id": None}

    # as GDELT's own row for the EU: IGOEUREEC, country EUR, group EEC, type IGO
    assert exports._gdelt_actor(party("EUR", "EU")) == ["IGOEUREEC", "EU", "EUR", "EEC", "", "", "", "IGO", "", ""]
    assert exports._gdelt_actor(party("UNO", "UNHCR"))[:4] == ["IGOUNOHCR", "UNHCR", "", "UNO"]
    assert exports._gdelt_actor(party("USA", "Pentagon", "MIL"))[:3] == ["USAMIL", "PENTAGON", "USA"]
    assert exports._gdelt_actor(party("GBR", "BBC", "JRN"))[7] == "MED"  # journalists: CAMEO MED (media)
    assert exports._gdelt_actor(party("GBR", "NHS", "MED"))[7] == "HLH"  # PLOVER MED is health
    assert exports._gdelt_actor(party("", "police", "COP"))[:3] == ["COP", "POLICE", ""]
    assert exports._gdelt_actor(None) == [""] * 10


@needs_reference
def test_gdelt_column_shapes_match_the_reference_file(gdelt):
    reference = read_tsv(GDELT_REF, header=False)
    assert reference.shape[1] == gdelt.shape[1] == 61
    reference.columns = GDELT_EVENT_COLUMNS
    shapes = {"GLOBALEVENTID": r"\d+", "SQLDATE": r"\d{8}", "MonthYear": r"\d{6}", "Year": r"\d{4}",
              "FractionDate": r"\d{4}\.\d{4}", "IsRootEvent": "[01]", "EventCode": r"\d{3,4}",
              "EventBaseCode": r"\d{3}", "EventRootCode": r"\d{2}", "QuadClass": "[1-4]",
              "GoldsteinScale": r"-?\d+\.\d", "NumMentions": r"\d+", "NumSources": r"\d+", "NumArticles": r"\d+",
              "DATEADDED": r"\d{14}", "SOURCEURL": r"\S+"}
    for prefix in ("Actor1", "Actor2"):
        shapes |= {f"{prefix}Code": "[A-Za-z]*", f"{prefix}CountryCode": "([A-Z]{3})?",
                   f"{prefix}Type1Code": "([A-Z]{3})?", f"{prefix}KnownGroupCode": "([A-Z]{3})?"}
    for prefix in ("Actor1Geo_", "Actor2Geo_", "ActionGeo_"):
        shapes |= {prefix + "Type": "[0-5]", prefix + "CountryCode": "([A-Z]{2})?",
                   prefix + "ADM1Code": "([A-Z]{2}[A-Z0-9]*)?", prefix + "Lat": r"(-?\d+(\.\d+)?)?",
                   prefix + "Long": r"(-?\d+(\.\d+)?)?"}
    for column, shape in shapes.items():
        for name, frame in (("reference", reference), ("ours", gdelt)):
            odd = [v for v in frame[column] if not re.fullmatch(shape, v)]
            assert not odd, (name, column, odd[:3])
    assert (reference.AvgTone != "").all()  # documented: ours is empty (no tone)
    for frame in (reference, gdelt):  # location-less Geo_Type 0 rows leave every other geo field empty
        empty = frame[frame.ActionGeo_Type == "0"]
        assert (empty[[c for c in GDELT_EVENT_COLUMNS if c.startswith("ActionGeo_")][1:]] == "").all().all()


@needs_reference
def test_fraction_date_formula_reproduces_the_reference():
    reference = read_tsv(GDELT_REF, header=False)
    for day, fraction in zip(reference[1], reference[4]):
        assert exports._fraction_date(dt.datetime.strptime(day, "%Y%m%d").date()) == fraction


# -- GDELT mentions -------------------------------------------------------------------
def test_gdelt_mentions_point_at_the_article_text(store, written):
    frame = read_tsv(written["gdelt-mentions"][0], header=False)
    assert frame.shape == (store.counts()["mentions"], 16) == (written["gdelt-mentions"][1], 16)
    frame.columns = GDELT_MENTION_COLUMNS
    texts = dict(store.sql("SELECT article_id, text FROM articles").values.tolist())
    facts = store.sql("SELECT m.mention_id, m.global_event_id, m.article_id, coalesce(a.url, m.article_id) AS ident, "
                      "m.sentence_index, m.trigger_start, "
                      "m.trigger_text FROM mentions m JOIN articles a USING (article_id) "
                      "ORDER BY m.global_event_id, m.mention_id")
    actors = store.sql("SELECT mention_id, role, text FROM actors WHERE position = 0")
    first = {(r.mention_id, r.role): r.text for r in actors.itertuples()}
    for row, fact in zip(frame.itertuples(), facts.itertuples()):
        text = texts[fact.article_id]
        assert row.GLOBALEVENTID == str(fact.global_event_id)
        assert row.MentionIdentifier == fact.ident
        assert row.SentenceID == str(fact.sentence_index + 1)  # 1-based
        assert text[int(row.ActionCharOffset):].startswith(fact.trigger_text)
        for column, role in (("Actor1CharOffset", "actor"), ("Actor2CharOffset", "recipient")):
            words = first.get((fact.mention_id, role))
            offset = int(getattr(row, column))
            assert offset == -1 if words is None else text[offset:].startswith(words)
        assert 0 <= int(row.Confidence) <= 100 and row.MentionDocLen == str(len(text))
    wire = frame[frame.MentionIdentifier == "https://wire-one.example/a1"]
    assert set(wire.MentionType) == {"1"} and set(wire.MentionSourceName) == {"wire-one.example"}
    assert set(wire.MentionTimeDate) == {"20240304000000"}
    assert set(frame.InRawText) == {"0", "1"}  # "They" resolved from another sentence is not raw text


@needs_reference
def test_gdelt_mentions_columns_match_the_reference(written):
    reference = pd.read_csv(MENTIONS_REF, dtype=str, keep_default_na=False)
    assert [c.lower() for c in GDELT_MENTION_COLUMNS] == list(reference.columns)
    ours = read_tsv(written["gdelt-mentions"][0], header=False)
    ours.columns = reference.columns
    shapes = {"globaleventid": r"\d+", "eventtimedate": r"\d{14}", "mentiontimedate": r"\d{14}",
              "mentiontype": "[1-6]", "sentenceid": r"[1-9]\d*", "actor1charoffset": r"-1|\d+",
              "actor2charoffset": r"-1|\d+", "actioncharoffset": r"-1|\d+", "inrawtext": "[01]",
              "confidence": r"\d{1,3}", "mentiondoclen": r"\d+"}
    for column, shape in shapes.items():
        for frame in (reference, ours):
            assert frame[column].str.fullmatch(shape).all(), column


# -- ICEWS and POLECAT --------------------------------------------------------------
def test_icews_layout_and_values(store, written):
    frame = read_tsv(written["icews"][0], header=True)
    assert list(frame.columns) == ICEWS_COLUMNS and len(frame) == store.counts()["events"] == written["icews"][1]
    call = frame.set_index("Event ID").loc[event_id(store, "event_type = 'CONSULT' AND mode = 'phone'")]
    assert (call["Source Name"], call["Source Sectors"], call["Source Country"]) == ("Joe Biden", "Government",
                                                                                     "United States")
    assert (call["Target Name"], call["Target Country"]) == ("Vladimir Putin", "Russian Federation")
    assert (call["CAMEO Code"], call["Event Text"], call["Intensity"]) == ("041", "Discuss by telephone", "1")
    assert (call["Event Date"], call["Story ID"], call["Sentence Number"]) == ("2021-01-26", "biden-putin-call", "1")
    assert (call["City"], call["Country"], call["Latitude"], call["Publisher"]) == (
        "Washington", "United States", "38.8951", "NA")
    shelling = frame.set_index("Event ID").loc[event_id(store, "event_type = 'ASSAULT' AND num_articles = 2")]
    assert (shelling["Source Name"], shelling["Source Sectors"], shelling["Intensity"]) == (
        "Military (Russia)", "Military", "-10")
    assert "" not in frame.values  # missing is "NA", never empty


@needs_reference
def test_icews_header_and_missing_values_match_the_reference(written):
    reference = read_tsv(ICEWS_REF, header=True)
    ours = read_tsv(written["icews"][0], header=True)
    assert list(reference.columns) == list(ours.columns)
    shapes = {"Event ID": r"\d+", "Event Date": r"\d{4}-\d{2}-\d{2}", "CAMEO Code": r"\d{3,4}",
              "Intensity": r"-?\d+(\.\d)?", "Sentence Number": r"[1-9]\d*", "Latitude": r"NA|-?\d+(\.\d+)?"}
    for column, shape in shapes.items():
        for frame in (reference, ours):
            assert frame[column].str.fullmatch(shape).all(), column
    names = set(reference["Source Country"]) | set(reference["Target Country"]) | set(reference["Country"])
    assert set(ours["Source Country"]) | set(ours["Target Country"]) <= names  # ICEWS spellings


def test_polecat_layout_and_values(store, written):
    frame = read_tsv(written["polecat"][0], header=True).set_index("Event ID", drop=False)
    assert list(frame.columns) == POLECAT_COLUMNS and len(frame) == store.counts()["events"]
    call = frame.loc[event_id(store, "event_type = 'CONSULT' AND mode = 'phone'")]
    assert (call["Event Type"], call["Event Mode"], call["Quad Code"], call["Event Intensity"]) == (
        "consult", "phone", "VERBAL COOPERATION", "1.5")
    assert (call["Actor Name"], call["Actor Country"], call["Primary Actor Sector"], call["Actor Title"]) == (
        "Joe Biden", "USA", "GOV", "President")
    assert (call["Recipient Country"], call["Actor COW"], call["Wikipedia Actor ID"]) == ("RUS", "None", "None")
    assert (call["GeoNames ID"], call["Raw Placename"], call["Feature Type"], call["Publication Date"]) == (
        "4140963", "WASHINGTON", "PPL", "2021-01-27")
    assert "Vladimir Putin" in call["Story People"].split("; ") and call["Story Organizations"] == "NATO"
    pair = frame.loc[event_id(store, "event_type = 'CONSULT' AND len(actor_codes) = 2")]
    assert pair["Actor Country"] in ("RUS; USA", "USA; RUS") and pair["Recipient Name"] == "None"
    assert "" not in frame.values  # missing is "None", as in POLECAT's files


# -- plain tables -------------------------------------------------------------------
def test_plain_tables_keep_lists_and_types(store, written):
    n = store.counts()["events"]
    parquet = pd.read_parquet(written["parquet"][0])
    csv_frame = pd.read_csv(written["csv"][0], dtype={"cameo_code": str})
    jsonl = pd.read_json(written["jsonl"][0], lines=True, dtype={"cameo_code": str})
    for frame in (parquet, csv_frame, jsonl):
        assert len(frame) == n and list(frame.global_event_id) == sorted(frame.global_event_id)
        assert list(frame.columns) == list(store.sql("SELECT * FROM events LIMIT 0").columns)
    pair = parquet[parquet.global_event_id == int(event_id(store, "event_type = 'CONSULT' AND mode = 'phone'"))]
    assert list(pair.actor_codes.iloc[0]) == ["USA"] and pair.cameo_code.iloc[0] == "041"
    assert parquet.num_mentions.dtype.kind == "i" and parquet.goldstein.dtype.kind == "f"
    assert [json.loads(v) for v in csv_frame.actor_codes] == [list(v) for v in parquet.actor_codes]
    assert list(jsonl.actor_codes) == [list(v) for v in parquet.actor_codes]
    assert set(csv_frame.cameo_code.str.len()) == {3}


@pytest.mark.parametrize("table", ["articles", "failures", "mentions", "actors"])
def test_any_table_exports(store, tmp_path, table):
    for fmt in ("parquet", "csv", "jsonl"):
        assert export(store, fmt, tmp_path / f"{table}.{fmt}", table=table) == store.counts()[table]
    assert len(pd.read_parquet(tmp_path / f"{table}.parquet")) == store.counts()[table]


def test_builders_return_what_is_written(store, written, gdelt):
    frame = gdelt_events(store)
    assert list(frame.columns) == GDELT_EVENT_COLUMNS
    assert frame.values.tolist() == gdelt.values.tolist()


def test_same_store_gives_byte_identical_files(store, written, tmp_path):
    for fmt in FORMATS:
        again = tmp_path / SUFFIX[fmt]
        export(store, fmt, again)
        assert filecmp.cmp(written[fmt][0], again, shallow=False), fmt


@pytest.mark.parametrize("fmt, target, options, words", [
    ("xml", "out.xml", {}, "unknown export format 'xml'"),
    ("gdelt", "missing/dir/out.tsv", {}, "gdelt export to"),
    ("parquet", "missing/dir/out.parquet", {}, "parquet export to"),
    ("csv", "out.csv", {"table": "nope"}, "table 'nope'"),
    ("icews", "out.tab", {"table": "mentions"}, "has a fixed table"),
])
def test_bad_exports_raise_store_errors(store, tmp_path, fmt, target, options, words):
    with pytest.raises(StoreError) as info:
        export(store, fmt, tmp_path / target, **options)
    assert info.value.code == "E408" and words in str(info.value) and target.split("/")[-1] in str(info.value)
