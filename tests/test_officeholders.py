"""Tests of the office-holder knowledge base (newsevents.officeholders)."""

from __future__ import annotations

import csv
import datetime
import itertools
from importlib import resources

import pytest

from newsevents.errors import DataFileError
from newsevents.officeholders import COLUMNS, OFFICES, OfficeHolderKB, OfficeHolding, default_kb

D = datetime.date.fromisoformat
TODAY = D("2026-11-29")
G20 = "ARG AUS BRA CAN CHN FRA DEU IND IDN ITA JPN KOR MEX RUS SAU ZAF TUR GBR USA".split()
HEADER = ",".join(COLUMNS)


@pytest.fixture(scope="module")
def kb() -> OfficeHolderKB:
    return default_kb()


def _packaged_rows() -> list[dict[str, str]]:
    text = resources.files("newsevents").joinpath("data", "officeholders.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


def _get(kb: OfficeHolderKB, name: str, day: str | None) -> OfficeHolding:
    holding = kb.lookup(name, D(day) if day else None)
    assert holding is not None, (name, day)
    return holding


# --- lookups -----------------------------------------------------------------------------


def test_putin_pm_then_president(kb):
    pm = _get(kb, "Putin", "2009-06-01")
    assert (pm.office, pm.title, pm.country) == ("head_of_government", "Prime Minister", "RUS")
    president = _get(kb, "Putin", "2022-03-01")
    assert (president.office, president.title, president.country) == ("head_of_state", "President", "RUS")
    # handover day 2012-05-07: PM term ends, presidency starts -> the more senior, incoming office
    assert _get(kb, "Vladimir Putin", "2012-05-07").office == "head_of_state"


def test_medvedev_president_then_pm(kb):
    assert _get(kb, "Medvedev", "2010-01-01").office == "head_of_state"
    assert _get(kb, "Dmitri Medvedev", "2015-01-01").office == "head_of_government"
    former = _get(kb, "Medvedev", "2022-01-01")
    assert former.office == "head_of_government" and kb.is_former(former, D("2022-01-01"))


def test_biden_president_and_vice_president(kb):
    president = _get(kb, "Biden", "2021-01-27")
    assert (president.country, president.office) == ("USA", "head_of_state")
    vp = _get(kb, "Joe Biden", "2015-06-01")
    assert (vp.country, vp.office, vp.title) == ("USA", "deputy_head_of_state", "Vice President")


def test_trump_two_terms(kb):
    first, second = _get(kb, "Trump", "2019-05-05"), _get(kb, "Donald J. Trump", "2025-06-01")
    assert first.kb_id != second.kb_id and first.end == D("2021-01-20") and second.end is None
    between = _get(kb, "Trump", "2023-01-01")
    assert between.kb_id == first.kb_id and kb.is_former(between, D("2023-01-01"))
    assert _get(kb, "Trump", None).kb_id == second.kb_id


def test_nato_secretaries_general(kb):
    stoltenberg = _get(kb, "Stoltenberg", "2021-01-26")
    assert (stoltenberg.country, stoltenberg.org, stoltenberg.office) == ("IGO", "NATO", "head_of_igo")
    rutte = _get(kb, "Rutte", "2025-01-01")
    assert (rutte.org, rutte.title) == ("NATO", "Secretary General")
    dutch = _get(kb, "Mark Rutte", "2020-01-01")
    assert (dutch.country, dutch.office, dutch.org) == ("NLD", "head_of_government", None)


def test_uk_prime_minister_handover_2019(kb):
    johnson = _get(kb, "Johnson", "2019-07-23")  # a former Foreign Secretary that day, not PM
    assert johnson.office == "foreign_minister" and kb.is_former(johnson, D("2019-07-23"))
    assert _get(kb, "Theresa May", "2019-07-23").office == "head_of_government"
    pm = _get(kb, "Johnson", "2019-07-24")
    assert (pm.name, pm.office, pm.country) == ("Boris Johnson", "head_of_government", "GBR")


def test_uk_prime_ministers_2022(kb):
    assert _get(kb, "Truss", "2022-09-05").office == "foreign_minister"
    assert _get(kb, "Truss", "2022-09-06").office == "head_of_government"
    assert _get(kb, "Sunak", "2022-10-25").office == "head_of_government"
    assert kb.is_former(_get(kb, "Truss", "2022-10-26"), D("2022-10-26"))


def test_accent_folding_possessive_and_titles(kb):
    plain = _get(kb, "Erdogan", "2020-01-01")
    assert plain.name == "Recep Tayyip Erdoğan" and plain.office == "head_of_state"
    for text in ("Erdoğan", "ERDOGAN", "Erdoğan's", "President Recep Tayyip Erdogan", "Tayyip Erdogan’s"):
        assert _get(kb, text, "2020-01-01").kb_id == plain.kb_id, text
    assert _get(kb, "Erdogan", "2010-01-01").office == "head_of_government"
    assert _get(kb, "Binali Yildirim", "2017-01-01").title == "Prime Minister"  # dotless ı folded


def test_ministers(kb):
    lavrov = _get(kb, "Lavrov", "2020-05-01")
    assert (lavrov.country, lavrov.office) == ("RUS", "foreign_minister")
    blinken = _get(kb, "Secretary of State Antony Blinken", "2022-06-01")
    assert (blinken.country, blinken.office, blinken.title) == ("USA", "foreign_minister", "Secretary of State")
    assert _get(kb, "Hegseth", "2025-03-01").office == "defence_minister"
    assert _get(kb, "Shoigu", "2023-01-01").country == "RUS"


def test_family_name_first_and_particles(kb):
    assert _get(kb, "Xi", "2020-01-01").name == "Xi Jinping"
    assert _get(kb, "President Xi", "2011-01-01").office == "deputy_head_of_state"
    assert _get(kb, "Moon", "2018-04-27").name == "Moon Jae-in"
    ban = _get(kb, "Ban", "2010-01-01")
    assert (ban.country, ban.org, ban.title) == ("UNO", "UN", "Secretary-General")
    vdl = _get(kb, "von der Leyen", "2020-06-01")
    assert (vdl.country, vdl.org, vdl.office) == ("EUR", "EU", "head_of_igo")
    assert _get(kb, "von der Leyen", "2016-06-01").country == "DEU"
    assert _get(kb, "Lula", "2024-01-01").country == "BRA"


def test_shared_surnames_resolve_only_to_the_active_person(kb):
    assert _get(kb, "Li", "2024-06-01").name == "Li Qiang"
    assert kb.lookup("Li", D("2023-06-01")) is None  # Li Qiang (Premier) and Li Shangfu (Defence)
    assert kb.lookup("Singh", D("2016-01-01")) is None  # Manmohan Singh former, Rajnath Singh not yet
    assert _get(kb, "Singh", "2020-01-01").name == "Rajnath Singh"
    assert _get(kb, "Clinton", "2010-01-01").name == "Hillary Clinton"
    assert kb.lookup("Clinton", D("2020-01-01")) is None
    assert _get(kb, "Bill Clinton", "2020-01-01").title == "President"  # full name: former is fine


def test_before_any_office_and_unknown(kb):
    assert kb.lookup("Starmer", D("2020-01-01")) is None
    assert kb.lookup("Nobody Atall", D("2020-01-01")) is None
    assert kb.lookup("President", D("2020-01-01")) is None


def test_no_date_prefers_incumbent_else_latest(kb):
    assert _get(kb, "Putin", None).office == "head_of_state"
    merkel = _get(kb, "Merkel", None)
    assert merkel.end == D("2021-12-08") and merkel.title == "Chancellor"


def test_saudi_king_and_crown_prince(kb):
    salman = _get(kb, "King Salman", "2020-01-01")
    assert (salman.country, salman.office, salman.title) == ("SAU", "head_of_state", "King")
    mbs = _get(kb, "Crown Prince Mohammed bin Salman", "2020-01-01")
    assert mbs.office == "defence_minister"
    assert _get(kb, "MBS", "2023-01-01").office == "head_of_government"


# --- user files --------------------------------------------------------------------------


def _write(tmp_path, *lines: str, name: str = "extra.csv"):
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    return path


def test_user_file_extends_and_replaces(tmp_path):
    base = default_kb()
    path = _write(
        tmp_path,
        "NLD-HOG-schoof-2024,Dick Schoof,,NLD,,head_of_government,Prime Minister,GOV,2024-07-02,,user",
        "RUS-FM-lavrov-2004,Sergei Lavrov,,RUS,,foreign_minister,Foreign Minister,GOV,2004-03-09,2020-01-01,user",
    )
    kb = OfficeHolderKB.load([path])
    assert len(kb) == len(base) + 1
    schoof = _get(kb, "Schoof", "2025-01-01")
    assert (schoof.country, schoof.source) == ("NLD", "user")
    assert kb.is_former(_get(kb, "Lavrov", "2022-01-01"), D("2022-01-01"))


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ("X-1,Jane Doe,,NLD,,head_of_government,Prime Minister,GOV,2024-13-02,,user", "start date"),
        ("X-1,Jane Doe,,NLD,,head_of_government,Prime Minister,GOV,2024-07-02,2020-01-01,user", "before start"),
        ("X-1,Jane Doe,,NLD,,queen_mother,Queen Mother,GOV,2024-07-02,,user", "unknown office"),
        ("X-1,,,NLD,,head_of_government,Prime Minister,GOV,2024-07-02,,user", "empty name"),
        ("X-1,Jane Doe,,NLD,,head_of_government,Prime Minister,GOV,02/07/2024,,user", "start date"),
        ("X-1,Jane Doe,,NLD", "number of fields"),
    ],
)
def test_invalid_user_row_names_file_and_line(tmp_path, row, problem):
    ok = "X-0,John Doe,,NLD,,head_of_government,Prime Minister,GOV,2020-01-01,2021-01-01,user"
    path = _write(tmp_path, ok, row, name="mine.csv")
    with pytest.raises(DataFileError) as info:
        OfficeHolderKB.load([path])
    message = str(info.value)
    assert "mine.csv:3: " in message and problem in message and info.value.code == "E200"


def test_missing_column_and_unreadable_file(tmp_path):
    path = tmp_path / "short.csv"
    path.write_text("kb_id,name\nX,Jane Doe\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"short\.csv:1: missing column"):
        OfficeHolderKB.load([path])
    with pytest.raises(DataFileError, match="absent.csv"):
        OfficeHolderKB.load([tmp_path / "absent.csv"])


def test_from_rows_and_active_on():
    row = OfficeHolding("T-1", "Ann Example", ("Annie Example",), "XYZ", None, "head_of_state", "President",
                        "GOV", D("2020-01-01"), D("2020-12-31"), "test")
    kb = OfficeHolderKB.from_rows([row])
    assert len(kb) == 1 and kb.lookup("annie example", D("2020-06-01")) is row
    assert row.active_on(D("2020-01-01")) and row.active_on(D("2020-12-31"))
    assert not row.active_on(D("2019-12-31")) and not row.active_on(D("2021-01-01"))
    assert kb.is_former(row, D("2021-01-01")) and not kb.is_former(row, D("2020-12-31"))


# --- packaged data consistency -----------------------------------------------------------


def test_packaged_rows_are_valid_and_ids_unique(kb):
    rows = _packaged_rows()
    assert len(rows) == len(kb) >= 300
    assert len({r["kb_id"] for r in rows}) == len(rows)
    for h in kb:
        assert h.office in OFFICES and h.sector == "GOV" and h.source.startswith("Wikipedia: ")
        assert h.end is None or h.end <= TODAY
        assert (h.org is None) == (h.country not in {"IGO", "UNO", "EUR"}), h.kb_id
        assert h.name.split()[-1] not in h.aliases, h.kb_id  # bare surnames are derived, not listed


def _seat(h: OfficeHolding) -> tuple:
    """One single-holder office: the EU's presidents share office code and country, not title."""
    return (h.country, h.org, h.office, h.title if h.office == "head_of_igo" else "")


def test_no_two_people_hold_the_same_office_on_the_same_day(kb):
    clashes = []
    for seat, group in itertools.groupby(sorted(kb, key=_seat), key=_seat):
        for a, b in itertools.combinations(list(group), 2):
            # touching at a handover day (end == successor's start) is the convention, not a clash
            if max(a.start, b.start) < min(a.end or datetime.date.max, b.end or datetime.date.max):
                clashes.append((a.kb_id, b.kb_id))
    assert clashes == []


@pytest.mark.parametrize("year", range(2015, 2027))
def test_every_g20_office_is_filled_on_new_year(kb, year):
    day = D(f"{year}-01-01")
    needed = [(c, o) for c in G20 for o in ("head_of_state", "foreign_minister", "defence_minister")]
    needed += [(c, "head_of_government") for c in "AUS CAN CHN DEU FRA GBR IND ITA JPN KOR RUS SAU".split()]
    needed += [("IGO", org) for org in ("NATO", "AU", "IAEA", "WHO")] + [("UNO", "UN"), ("EUR", "EU")]
    filled = {(h.country, h.office) for h in kb if h.active_on(day)}
    filled |= {(h.country, h.org) for h in kb if h.active_on(day) and h.org}
    assert [n for n in needed if n not in filled] == []


def test_every_g20_office_has_an_incumbent_today(kb):
    incumbents = {(h.country, h.office) for h in kb if h.end is None}
    for country in G20:
        for office in ("head_of_state", "foreign_minister", "defence_minister"):
            assert (country, office) in incumbents
