"""Date mentions: each kind of expression, its normalised value and granularity, resolution
against the publication date, and each false-positive trap."""
from __future__ import annotations

import datetime as dt
import itertools

import pytest

from cleanseeds.enrich.dates import Anchor, find_dates, iso_value_is_valid, parse_date

DAY = Anchor(dt.date(2022, 11, 9), "day")  # a Wednesday
MONTH = Anchor(dt.date(2022, 11, 1), "month")
YEAR = Anchor(dt.date(2022, 1, 1), "year")


def one(text: str, anchor: Anchor | None = DAY, **kw: bool) -> tuple[str, str | None, str | None, str]:
    found = find_dates(text, anchor, **kw)
    assert len(found) == 1, found
    m = found[0]
    assert text[m.start:m.end] == m.text
    return m.text, m.value, m.granularity, m.kind


# --- full dates in several formats -----------------------------------------------------------


@pytest.mark.parametrize("text, span, value", [
    ("It happened on November 5, 2022, in Kyiv.", "November 5, 2022", "2022-11-05"),
    ("On Saturday, Nov. 5, 2022, he left.", "Saturday, Nov. 5, 2022", "2022-11-05"),
    ("It was Nov 5th 2022 when", "Nov 5th 2022", "2022-11-05"),
    ("It happened on 5 November 2022 in Paris.", "5 November 2022", "2022-11-05"),
    ("on the 5th of November, 2022.", "the 5th of November, 2022", "2022-11-05"),
    ("The report dated 2022-11-05 was out.", "2022-11-05", "2022-11-05"),
    ("stamped 2022-11-05T10:30:00Z in the log", "2022-11-05T10:30:00Z", "2022-11-05"),
    ("filed 2022/11/05 with", "2022/11/05", "2022-11-05"),
    ("Published 11/05/2022 at noon", "11/05/2022", "2022-11-05"),
    ("Published 25/12/2021 at noon", "25/12/2021", "2021-12-25"),
    ("Am 05.11.2022 wurde", "05.11.2022", "2022-11-05"),
    ("ON NOVEMBER 5, 2022 THE", "NOVEMBER 5, 2022", "2022-11-05"),
])
def test_full_dates(text: str, span: str, value: str) -> None:
    assert one(text, None) == (span, value, "day", "absolute")


def test_numeric_dates_follow_the_site_convention_when_ambiguous() -> None:
    assert one("on 05/11/2022.", None)[1] == "2022-05-11"
    assert one("on 05/11/2022.", None, day_first=True)[1] == "2022-11-05"


@pytest.mark.parametrize("text", ["on February 30, 2022", "on 31/04/2022", "2022-13-01 was"])
def test_impossible_dates_are_not_dates(text: str) -> None:
    assert all(m.granularity != "day" for m in find_dates(text, None))


@pytest.mark.parametrize("text, span, value", [
    ("since May 2019, prices", "May 2019", "2019-05"),
    ("in Feb. 2022 the", "Feb. 2022", "2022-02"),
    ("by March, 2020, it", "March, 2020", "2020-03"),
    ("in October of 2006 the", "October of 2006", "2006-10"),
])
def test_month_year(text: str, span: str, value: str) -> None:
    assert one(text, None) == (span, value, "month", "absolute")


@pytest.mark.parametrize("text, span", [
    ("which Russia annexed in 2014.", "2014"),
    ("since 1999 the firm", "1999"),
    ("between 2010 and 2014", None),
    ("the 2016 election was", "2016"),
    ("the 2014 World Cup", "2014"),
    ("by mid-2023, they", "2023"),
    ("the study (2019) found", "2019"),
])
def test_bare_years(text: str, span: str | None) -> None:
    found = find_dates(text, None)
    if span is None:
        assert [(m.text, m.value) for m in found] == [("2010", "2010"), ("2014", "2014")]
    else:
        assert [(m.text, m.value, m.granularity, m.kind) for m in found] == [(span, span, "year", "absolute")]


# --- dates without a year, weekdays and relative expressions ----------------------------------


@pytest.mark.parametrize("text, anchor, span, value, gran", [
    ("In February, troops moved.", YEAR, "February", "2022-02", "month"),
    ("in December the", Anchor(dt.date(2023, 1, 10), "day"), "December", "2022-12", "month"),
    ("elections in March", Anchor(dt.date(2023, 1, 10), "day"), "March", "2023-03", "month"),
    ("on November 5 the", YEAR, "November 5", "2022-11-05", "day"),
    ("on 5 November the", DAY, "5 November", "2022-11-05", "day"),
    ("Earlier this month, talks", MONTH, "Earlier this month", "2022-11", "month"),
    ("later this year we", YEAR, "later this year", "2022", "year"),
    ("facing an election next year", YEAR, "next year", "2023", "year"),
    ("as it did last year.", YEAR, "last year", "2021", "year"),
    ("Last month, the", MONTH, "Last month", "2022-10", "month"),
    ("next month, the", DAY, "next month", "2022-12", "month"),
    ("It fell last week.", DAY, "last week", "2022-W44", "week"),
    ("this week, the", DAY, "this week", "2022-W45", "week"),
    ("told reporters yesterday", DAY, "yesterday", "2022-11-08", "day"),
    ("Today, the", DAY, "Today", "2022-11-09", "day"),
    ("tomorrow's vote", DAY, "tomorrow", "2022-11-10", "day"),
    ("told reporters on Saturday.", DAY, "Saturday", "2022-11-05", "day"),
    ("He will speak on Tuesday.", DAY, "Tuesday", "2022-11-15", "day"),
    ("met last Monday", DAY, "last Monday", "2022-11-07", "day"),
    ("meets next Monday", DAY, "next Monday", "2022-11-14", "day"),
    ("two days ago, a", DAY, "two days ago", "2022-11-07", "day"),
    ("3 weeks ago", DAY, "3 weeks ago", "2022-W42", "week"),
    ("a year ago, the", YEAR, "a year ago", "2021", "year"),
    ("a decade ago", YEAR, "a decade ago", "2012", "year"),
    ("last March, the", MONTH, "last March", "2022-03", "month"),
])
def test_relative_resolved_against_publication(text: str, anchor: Anchor, span: str, value: str, gran: str) -> None:
    assert one(text, anchor) == (span, value, gran, "relative")


@pytest.mark.parametrize("text, span", [
    ("told reporters on Saturday.", "Saturday"),
    ("Earlier this month, talks", "Earlier this month"),
    ("It fell last week.", "last week"),
    ("yesterday", "yesterday"),
])
def test_relative_kept_with_null_value_when_anchor_too_coarse(text: str, span: str) -> None:
    assert one(text, YEAR) == (span, None, None, "relative")


@pytest.mark.parametrize("text, span", [
    ("In February, troops moved.", "February"),
    ("facing an election next year", "next year"),
    ("told reporters on Saturday.", "Saturday"),
])
def test_relative_kept_with_null_value_without_publication_date(text: str, span: str) -> None:
    assert one(text, None) == (span, None, None, "relative")


# --- false-positive traps ---------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "300x250 Ad",
    "a 1920x1080 screen",
    "the fund raised 100M last",
    "a 2000mAh battery",
    "it costs $2014 now",
    "it costs €1999 now",
    "2,014 people came",
    "in 2014 people died",  # a count after a cue word
    "about 1999 km away",
    "pi is 3.1415 and 2019.5",
    "version 2.0 of the app",
    "Room 1999 is booked",
    "call 555-2014 now",
    "at 10:30 on the dot",
    "at 5 p.m. sharp",
    "from 9:00 to 17:30",
    "it weighs 2015 kg",
    "You may go now.",
    "We march on. They march in protest.",
    "March to the sea!",
    "May I ask a question?",
    "Theresa May said",
    "April Ryan asked",
    "August Wilson wrote plays",
    "Black Friday sales",
    "Good Friday Agreement",
    "Saturday Night Live",
    "over the last week, the",
    "for the next year or so",
    "in the 1990s",
    "#2020 trends",
    "No. 10 Downing Street",
    "a 12-year-old boy",
    "Mondays are slow",
])
def test_traps_are_not_dates(text: str) -> None:
    assert find_dates(text, DAY) == [], text


def test_month_word_in_a_range_is_a_date() -> None:
    found = find_dates("from March to May", YEAR)
    assert [(m.text, m.value) for m in found] == [("March", "2022-03"), ("May", "2022-05")]


def test_mentions_are_ordered_non_overlapping_and_within_one_line() -> None:
    text = "On Saturday, Nov. 5, 2022, and in 2014.\nMonday\nlast week"
    found = find_dates(text, DAY)
    assert [m.text for m in found] == ["Saturday, Nov. 5, 2022", "2014", "Monday", "last week"]
    for a, b in itertools.pairwise(found):
        assert a.end <= b.start
    assert all("\n" not in m.text for m in found)


# --- parse_date (metadata values) and ISO validation -----------------------------------------


@pytest.mark.parametrize("value, expected", [
    ("2022-11-05T10:00:00+00:00", (dt.date(2022, 11, 5), "day")),
    ("20221105", (dt.date(2022, 11, 5), "day")),
    ("Nov. 5, 2022 4:32 PM ET", (dt.date(2022, 11, 5), "day")),
    ("Saturday 5 November 2022 10:30 GMT", (dt.date(2022, 11, 5), "day")),
    ("2022-11", (dt.date(2022, 11, 1), "month")),
    ("November 2022", (dt.date(2022, 11, 1), "month")),
    ("2022", (dt.date(2022, 1, 1), "year")),
    ("not a date", None),
    ("2022-02-30", None),
    ("11-05-2022", (dt.date(2022, 11, 5), "day")),  # dashed numeric (a metadata value), month first by default
    ("Post time: 05-23-2022", (dt.date(2022, 5, 23), "day")),
    ("13-13-2022", None),
    ("1-2-3-2022", None),  # a code, not a date
])
def test_parse_date(value: str, expected: tuple[dt.date, str] | None) -> None:
    assert parse_date(value) == expected


@pytest.mark.parametrize("value, gran, ok", [
    ("2022-11-05", "day", True), ("2022-02-30", "day", False), ("2022-02", "month", True),
    ("2022-13", "month", False), ("2014", "year", True), ("2022-W44", "week", True),
    ("2022-W60", "week", False), ("2022", "day", False),
])
def test_iso_value_is_valid(value: str, gran: str, ok: bool) -> None:
    assert iso_value_is_valid(value, gran) is ok
