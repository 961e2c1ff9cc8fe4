"""Tests for the time stage (newsevents.dates)."""

from __future__ import annotations

import datetime as dt

import pytest

from newsevents.dates import DateMention, event_date, find_dates

PUB = dt.date(2021, 1, 27)  # a Wednesday


def one(text: str, published: dt.date | None = PUB, **kw) -> tuple[str, str, str, str]:
    """The single mention in ``text`` as (text, date, precision, basis)."""
    found = find_dates(text, published, **kw)
    assert len(found) == 1, found
    m = found[0]
    assert text[m.span[0]:m.span[1]] == m.text
    return m.text, m.date, m.precision, m.basis


@pytest.mark.parametrize(
    ("sentence", "future", "expected"),
    [
        ("Police arrested him on Tuesday.", False, ("Tuesday", "2021-01-26", "day", "relative")),
        ("Tuesday, the rebels attacked.", False, ("Tuesday", "2021-01-26", "day", "relative")),
        ("The talks opened on Wednesday.", False, ("Wednesday", "2021-01-27", "day", "relative")),
        ("They will meet on Friday.", True, ("Friday", "2021-01-29", "day", "relative")),
        ("They will vote on Tuesday.", True, ("Tuesday", "2021-02-02", "day", "relative")),
        ("Shelling began Monday night.", False, ("Monday night", "2021-01-25", "day", "relative")),
        ("He left Tuesday morning.", False, ("Tuesday morning", "2021-01-26", "day", "relative")),
        ("He left last Wednesday.", False, ("last Wednesday", "2021-01-20", "day", "relative")),
        ("He arrives next Monday.", False, ("next Monday", "2021-02-01", "day", "relative")),
        ("Troops crossed late Sunday.", False, ("late Sunday", "2021-01-24", "day", "relative")),
    ],
)
def test_weekdays(sentence, future, expected):
    assert one(sentence, future=future) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Protests erupted last week.", ("last week", "2021-01-18", "week", "relative")),
        ("Talks resume this week.", ("this week", "2021-01-25", "week", "relative")),
        ("Talks resume next week.", ("next week", "2021-02-01", "week", "relative")),
        ("Elections are due early next month.", ("early next month", "2021-02-01", "month", "relative")),
        ("Elections are due next month.", ("next month", "2021-02-01", "month", "relative")),
        ("Riots broke out last month.", ("last month", "2020-12-01", "month", "relative")),
        ("Riots broke out this month.", ("this month", "2021-01-01", "month", "relative")),
        ("Riots broke out earlier this month.", ("earlier this month", "2021-01-01", "month", "relative")),
        ("The deal collapsed late last year.", ("late last year", "2020-01-01", "year", "relative")),
        ("Last year the deal collapsed.", ("Last year", "2020-01-01", "year", "relative")),
        ("Voting is set for next year.", ("next year", "2022-01-01", "year", "relative")),
        ("Voting took place this year.", ("this year", "2021-01-01", "year", "relative")),
        ("He was detained yesterday.", ("yesterday", "2021-01-26", "day", "relative")),
        ("He was detained today.", ("today", "2021-01-27", "day", "relative")),
        ("He will be freed tomorrow.", ("tomorrow", "2021-01-28", "day", "relative")),
        ("The strike began two days ago.", ("two days ago", "2021-01-25", "day", "relative")),
        ("The strike began 2 days ago.", ("2 days ago", "2021-01-25", "day", "relative")),
        ("Fighting began three weeks ago.", ("three weeks ago", "2021-01-04", "week", "relative")),
        ("Fighting began a month ago.", ("a month ago", "2020-12-01", "month", "relative")),
        ("Fighting began two years ago.", ("two years ago", "2019-01-01", "year", "relative")),
    ],
)
def test_relative(sentence, expected):
    assert one(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Troops must leave by Feb. 5.", ("Feb. 5", "2021-02-05", "day", "explicit")),
        ("It happened on January 20, 2021.", ("January 20, 2021", "2021-01-20", "day", "explicit")),
        ("It happened on 20 January 2021.", ("20 January 2021", "2021-01-20", "day", "explicit")),
        ("It happened on Jan. 20, 2021, in Kabul.", ("Jan. 20, 2021", "2021-01-20", "day", "explicit")),
        ("It happened on 2021-01-20.", ("2021-01-20", "2021-01-20", "day", "explicit")),
        ("The coup came in March 2019.", ("March 2019", "2019-03-01", "month", "explicit")),
        ("It fell in early March 2019.", ("early March 2019", "2019-03-01", "month", "explicit")),
        ("The vote is planned in March.", ("March", "2021-03-01", "month", "explicit")),
        ("The vote was held in December.", ("December", "2020-12-01", "month", "explicit")),
        ("The vote was held in mid-December.", ("mid-December", "2020-12-01", "month", "explicit")),
        ("The rebels seized the city on Dec. 30.", ("Dec. 30", "2020-12-30", "day", "explicit")),
        ("The army seized power in 2008.", ("2008", "2008-01-01", "year", "explicit")),
        ("It has ruled since 2008, officials said.", ("2008", "2008-01-01", "year", "explicit")),
        ("In 2008 the army seized power.", ("2008", "2008-01-01", "year", "explicit")),
        ("The war ended in late 1995.", ("late 1995", "1995-01-01", "year", "explicit")),
    ],
)
def test_explicit(sentence, expected):
    assert one(sentence) == expected


def test_year_inference_tie_follows_tense():
    # July is exactly six months from January either way.
    assert one("It happens in July.", future=True)[1] == "2021-07-01"
    assert one("It happened in July.")[1] == "2020-07-01"


@pytest.mark.parametrize(
    "sentence",
    [
        "The deal was extended for five years.",
        "They signed a five-year extension.",
        "It is a decades-old dispute.",
        "Relations recall the Cold War era.",
        "Prices rose over the last year.",
        "Fighting continued for the past week.",
        "Officials sent 2,000 troops.",
        "Officials sent 2000 troops.",
        "He lost the 2020 United States election.",
        "Voters disputed the 2020 election.",
        "The march may go ahead.",
        "Rebels held Tuesdays sacred.",
    ],
)
def test_not_dates(sentence):
    assert find_dates(sentence, PUB) == []


def test_without_publication_date():
    assert find_dates("Police arrested him on Tuesday.", None) == []
    assert find_dates("Troops must leave by Feb. 5.", None) == []
    assert find_dates("The vote is planned in March.", None) == []
    assert one("It happened on January 20, 2021.", None) == (
        "January 20, 2021", "2021-01-20", "day", "explicit")
    assert one("The coup came in March 2019.", None)[1:] == ("2019-03-01", "month", "explicit")
    assert one("The army seized power in 2008.", None)[1] == "2008-01-01"


def test_offset_order_and_longest_match():
    s = "On Jan. 20, 2021, troops moved, and on Tuesday they withdrew."
    found = find_dates(s, PUB, offset=100)
    assert [m.text for m in found] == ["Jan. 20, 2021", "Tuesday"]
    assert found[0].span == (103, 116)
    assert found[1].span == (100 + s.index("Tuesday"), 100 + s.index("Tuesday") + 7)
    assert all(isinstance(m, DateMention) for m in found)


def test_datetime_published_and_determinism():
    when = dt.datetime(2021, 1, 27, 23, 59)
    assert find_dates("It began last week.", when) == find_dates("It began last week.", PUB)
    assert find_dates("Fighting began Feb. 29.", dt.date(2020, 3, 10))[0].date == "2020-02-29"


def test_errors():
    with pytest.raises(TypeError):
        find_dates(None, PUB)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        find_dates("on Tuesday", "2021-01-27")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        find_dates("on Tuesday", PUB, offset=-1)
    assert find_dates("Nothing to see here.", PUB) == []


def test_event_date_prefers_nearest():
    s = "Rebels attacked on Monday, a week after talks collapsed last month."
    found = find_dates(s, PUB)
    assert [m.text for m in found] == ["Monday", "last month"]
    assert event_date(found, s.index("attacked")).text == "Monday"
    assert event_date(found, s.index("collapsed")).text == "last month"
    assert event_date(found, s.index("Monday") + 2).text == "Monday"
    assert event_date([], 0) is None


def test_weekday_with_written_date_uses_the_date():
    assert one("The attack happened on Wednesday, Jan. 20.") == (
        "Wednesday, Jan. 20", "2021-01-20", "day", "explicit")
    assert one("They met Tuesday 19 January 2021.")[1:] == ("2021-01-19", "day", "explicit")


def test_year_before_pronoun_is_a_date():
    assert one("Officials said in 2019 they would leave.")[:2] == ("2019", "2019-01-01")
