"""Analytics queries: dyad time series, top actors, the actor network.

Counts on ``store_db`` are hand counts of the coded store corpus (the two
Kharkiv shellings, the pledge, the condemnations) and the Biden-Putin call
(published 2021-01-27); a small hand-made events table pins the rules
(reciprocal vs joint actors, dateless events, unplaced codes, self-loops).
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter

import duckdb
import pandas as pd
import pytest

from newsevents.analytics import QUAD_COLUMNS, TYPE_COLUMNS, dyad, network, top_actors
from newsevents.store import Store

MARCH = {"since": dt.date(2024, 3, 1), "until": dt.date(2024, 3, 31)}
COLUMNS = ["period", "events", "mentions", "verbal_cooperation", "material_cooperation", "verbal_conflict",
           "material_conflict", "agree", "consult", "support", "concede", "cooperate", "aid", "retreat", "request",
           "accuse", "reject", "threaten", "protest", "sanction", "mobilize", "coerce", "assault",
           "mean_goldstein", "mean_plover_score"]


@pytest.fixture(scope="module")
def con(store_db):
    with Store(store_db, read_only=True) as store:
        yield store.con


def week(frame: pd.DataFrame, day: str) -> pd.Series:
    rows = frame[frame["period"] == pd.Timestamp(day)]
    assert len(rows) == 1, f"no period {day}"
    return rows.iloc[0]


# -- dyad -------------------------------------------------------------------
def test_dyad_weekly_rus_ukr_zero_filled(con):
    frame = dyad(con, "RUS", "UKR")
    assert list(frame.columns) == COLUMNS
    assert list(frame["period"]) == [pd.Timestamp("2024-03-04"), pd.Timestamp("2024-03-11"), pd.Timestamp("2024-03-18")]
    first = week(frame, "2024-03-04")  # the shelling (two reports) and Ukraine's condemnation
    assert (first.events, first.mentions, first.assault, first.accuse) == (2, 3, 1, 1)
    assert (first.material_conflict, first.verbal_conflict, first.verbal_cooperation) == (1, 1, 0)
    assert first.mean_goldstein == pytest.approx((-10 - 2) / 2)
    empty = week(frame, "2024-03-11")
    assert empty[["events", "mentions", *QUAD_COLUMNS, *TYPE_COLUMNS]].sum() == 0
    assert math.isnan(empty.mean_goldstein) and math.isnan(empty.mean_plover_score)
    last = week(frame, "2024-03-18")  # the second shelling
    assert (last.events, last.assault, last.mean_goldstein) == (1, 1, -10)


def test_dyad_directed(con):
    rus_ukr = week(dyad(con, "RUS", "UKR", directed=True), "2024-03-04")
    assert (rus_ukr.events, rus_ukr.mentions, rus_ukr.assault, rus_ukr.accuse) == (1, 2, 1, 0)
    ukr_rus = dyad(con, "UKR", "RUS", directed=True)
    assert list(ukr_rus["period"]) == [pd.Timestamp("2024-03-04")]  # no shelling, so no later weeks
    assert (ukr_rus.events.iloc[0], ukr_rus.assault.iloc[0], ukr_rus.accuse.iloc[0]) == (1, 0, 1)


def test_dyad_reciprocal_events_count_both_ways(con):
    both = dyad(con, "USA", "RUS", by="day")
    assert both.events.sum() == 8 and len(both) == 9  # 2021-01-18 .. 2021-01-26
    call = week(both, "2021-01-26")
    assert (call.events, call.agree, call.consult, call.accuse, call.request, call.threaten) == (6, 1, 2, 1, 1, 1)
    rus_usa = week(dyad(con, "RUS", "USA", by="day", directed=True), "2021-01-26")
    assert (rus_usa.events, rus_usa.agree, rus_usa.consult, rus_usa.mentions) == (2, 1, 1, 4)


def test_dyad_is_symmetric_and_case_insensitive(con):
    frame = dyad(con, "rus", "Ukr")
    pd.testing.assert_frame_equal(frame, dyad(con, "UKR", "RUS"))
    pd.testing.assert_frame_equal(frame, dyad(con, " RUS ", "UKR"))


def test_dyad_periods_and_window(con):
    month = dyad(con, "RUS", "UKR", by="month")
    assert list(month["period"]) == [pd.Timestamp("2024-03-01")] and month.events.iloc[0] == 3
    days = dyad(con, "RUS", "UKR", by="day", **MARCH)
    assert len(days) == 31 and days.events.sum() == 3
    assert days.period.iloc[0] == pd.Timestamp("2024-03-01") and days.period.iloc[-1] == pd.Timestamp("2024-03-31")
    weeks = dyad(con, "RUS", "UKR", since="2024-03-05", until=dt.date(2024, 3, 31))
    assert weeks.period.iloc[0] == pd.Timestamp("2024-03-04")  # the ISO week (Monday) holding `since`
    assert weeks.events.sum() == 1  # 4 March is before `since`


def test_dyad_without_events_keeps_its_shape(con):
    none = dyad(con, "CHN", "DEU")
    assert list(none.columns) == COLUMNS and len(none) == 0
    window = dyad(con, "CHN", "DEU", by="week", **MARCH)
    assert list(window.columns) == COLUMNS and len(window) == 5 and window.events.sum() == 0
    assert window[list(TYPE_COLUMNS)].dtypes.map(pd.api.types.is_integer_dtype).all()


@pytest.mark.parametrize("kwargs, message", [
    ({"a": "USA", "b": "RUS", "by": "year"}, "by must be one of day, week, month"),
    ({"a": "USA", "b": "usa"}, "two different parties"),
    ({"a": "", "b": "RUS"}, "actor code"),
    ({"a": "USA", "b": "RUS", "since": dt.date(2024, 2, 1), "until": dt.date(2024, 1, 1)}, "after until"),
    ({"a": "USA", "b": "RUS", "since": "March"}, "ISO date"),
])
def test_dyad_errors(con, kwargs, message):
    with pytest.raises(ValueError, match=message):
        dyad(con, **kwargs)


# -- top actors -------------------------------------------------------------
def test_top_actors_march_by_hand(con):
    frame = top_actors(con, **MARCH)
    assert list(frame.columns) == ["code", "names", "events", "as_actor", "as_recipient", "mean_goldstein",
                                   "conflict_share"]
    assert list(frame.code) == ["RUS", "UKR", "CHN", "DEU", "FRA", "POL"]  # ties by code
    rus, ukr = frame.iloc[0], frame.iloc[1]
    assert (rus["names"], rus.events, rus.as_actor, rus.as_recipient) == ("Russia", 5, 2, 3)
    assert rus.mean_goldstein == pytest.approx(-5.8) and rus.conflict_share == 1.0
    # "Kharkiv" and "Ukraine" are both given twice: alphabetical order breaks the tie
    assert (ukr["names"], ukr.events, ukr.as_actor, ukr.as_recipient) == ("Kharkiv; Ukraine; Volodymyr Zelensky", 5, 2, 3)
    assert ukr.mean_goldstein == pytest.approx(-3.22) and ukr.conflict_share == pytest.approx(0.6)
    assert list(top_actors(con, 2, **MARCH).code) == ["RUS", "UKR"]


def test_top_actors_matches_a_count_of_the_events_table(con):
    events = con.execute("SELECT actor_codes, recipient_codes FROM events").fetchall()
    counts = Counter(code for actors, recipients in events for code in set(actors) | set(recipients) if code)
    expected = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:10]
    frame = top_actors(con)
    assert list(zip(frame.code, frame.events)) == expected
    assert frame.iloc[0].code == "RUS" and frame.iloc[0].events == 13
    usa = frame[frame.code == "USA"].iloc[0]
    assert usa["names"] == "Joe Biden; United States"
    assert (usa.events, usa.as_actor, usa.as_recipient) == (12, 11, 1)


@pytest.mark.parametrize("n", [0, -1, 2.5, True])
def test_top_actors_bad_n(con, n):
    with pytest.raises(ValueError, match="positive integer"):
        top_actors(con, n)


# -- network ----------------------------------------------------------------
def test_network_edges(con):
    edges = network(con)
    assert list(edges.columns) == ["source", "target", "events", "mean_goldstein", "cooperation", "conflict"]
    assert not (edges.source == edges.target).any()
    top = set(top_actors(con, 20).code)
    assert set(edges.source) | set(edges.target) <= top
    pairs = {(r.source, r.target): r for r in edges.itertuples()}
    usa_rus, rus_usa = pairs["USA", "RUS"], pairs["RUS", "USA"]  # five USA->RUS events, two reciprocal ones
    assert (usa_rus.events, usa_rus.cooperation, usa_rus.conflict) == (7, 4, 3)
    assert (rus_usa.events, rus_usa.cooperation, rus_usa.conflict) == (3, 2, 1)
    assert (pairs["RUS", "UKR"].events, pairs["RUS", "UKR"].mean_goldstein) == (2, -10)
    assert list(edges.events) == sorted(edges.events, reverse=True)


def test_network_window_and_top(con):
    march = network(con, **MARCH)
    assert not ({"USA", "IGO"} & (set(march.source) | set(march.target)))
    two = network(con, top=2)  # RUS and USA
    assert [(r.source, r.target, r.events) for r in two.itertuples()] == [("USA", "RUS", 7), ("RUS", "USA", 3)]
    assert two.mean_goldstein.tolist() == pytest.approx([-0.2, 0.0])
    with pytest.raises(ValueError, match="positive integer"):
        network(con, top=0)


# -- the rules, on a hand-made events table -----------------------------------
@pytest.fixture()
def toy():
    con = duckdb.connect()
    con.execute("""CREATE TABLE events (global_event_id BIGINT, event_type VARCHAR, quad_class TINYINT,
        goldstein DOUBLE, plover_score DOUBLE, actor_codes VARCHAR[], actor_names VARCHAR[],
        recipient_codes VARCHAR[], recipient_names VARCHAR[], event_date DATE, num_mentions INTEGER)""")
    rows = [
        (1, "SANCTION", 4, -8.0, -7.0, ["USA", "FRA"], ["United States", "France"], ["RUS"], ["Russia"], "2024-01-02"),
        (2, "AGREE", 1, 4.0, 2.5, ["USA", "FRA"], ["United States", "France"], [], [], "2024-01-03"),
        (3, "CONSULT", 1, 1.0, 1.5, ["USA"], ["Washington"], ["FRA"], ["Paris"], None),
        (4, "ACCUSE", 3, -2.0, -3.0, [""], ["gunmen"], ["USA"], ["United States"], "2024-01-04"),
        (5, "PROTEST", 3, -6.5, -4.0, ["USA"], ["Democrats"], ["USA"], ["Republicans"], "2024-01-05"),
        (6, "REQUEST", 3, -5.0, 0.0, [None], [None], ["FRA"], ["France"], "2024-01-05"),
    ]
    con.executemany("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)", rows)
    yield con
    con.close()


def test_reciprocal_but_not_joint_actors_make_a_dyad(toy):
    frame = dyad(toy, "FRA", "USA", by="day")
    assert list(frame.period) == [pd.Timestamp("2024-01-03")]  # not the joint sanction, not the dateless visit
    assert (frame.events.iloc[0], frame.agree.iloc[0], frame.sanction.iloc[0]) == (1, 1, 0)
    assert dyad(toy, "FRA", "USA", by="day", directed=True).events.sum() == 1
    assert dyad(toy, "USA", "RUS", directed=True).sanction.sum() == 1


def test_unplaced_codes_and_dateless_events(toy):
    ranked = top_actors(toy)
    assert "" not in set(ranked.code) and ranked.code.notna().all()
    usa = ranked[ranked.code == "USA"].iloc[0]
    assert (usa.events, usa.as_actor, usa.as_recipient) == (5, 4, 2)  # the protest counts once
    assert usa.conflict_share == pytest.approx(3 / 5)
    assert top_actors(toy, since=dt.date(2024, 1, 1)).set_index("code").loc["USA", "events"] == 4
    assert top_actors(toy).set_index("code").loc["FRA", "names"] == "France; Paris"


def test_network_rules(toy):
    edges = {(r.source, r.target): r.events for r in network(toy).itertuples()}
    assert edges == {("USA", "FRA"): 2, ("FRA", "USA"): 1, ("USA", "RUS"): 1, ("FRA", "RUS"): 1}
