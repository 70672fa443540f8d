"""The working-day calculator and its holiday table (desktop.domain.workflow.workdays)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.domain.workflow.workdays import (
    CALENDAR_TABLE,
    DEFAULT_CALENDAR,
    DayKind,
    WorkCalendar,
    YearStatus,
    local_date,
    parse_calendar,
)

CAL = DEFAULT_CALENDAR
D = dt.date.fromisoformat

dates = st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2028, 12, 31))
counts = st.integers(min_value=0, max_value=40)


# --- worked examples -------------------------------------------------------------------------------

@pytest.mark.parametrize(("start", "count", "due"), [
    ("2025-05-06", 7, "2025-05-15"),  # exam bank: application after the May 1–5 holiday (domain-rules.md §A9)
    ("2025-08-12", 2, "2025-08-14"),  # exam bank: approval → announcement
    ("2026-02-13", 7, "2026-03-02"),  # over 春节 2026, with the 2/14 and 2/28 调休 Saturdays
    ("2026-09-30", 2, "2026-10-09"),  # over 国庆节 2026
    ("2026-09-18", 1, "2026-09-20"),  # Sunday 9/20 is a 调休 working day
    ("2026-12-31", 1, "2027-01-04"),  # 2027-01-01 元旦 (provisional year), then a weekend
    ("2026-11-27", 0, "2026-11-27"),
])
def test_deadlines(start: str, count: int, due: str) -> None:
    assert CAL.add_workdays(D(start), count) == D(due)
    assert CAL.workdays_between(D(start), D(due)) == count


def test_days_of_the_2026_notice() -> None:
    for holiday in ("2026-01-01", "2026-01-02", "2026-02-16", "2026-02-23", "2026-04-06", "2026-05-05",
                    "2026-06-19", "2026-09-25", "2026-10-07"):
        assert CAL.is_holiday(D(holiday)) and not CAL.is_workday(D(holiday)), holiday
    for workday in ("2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"):
        assert CAL.is_adjusted_workday(D(workday)) and CAL.is_workday(D(workday)), workday
    assert CAL.is_workday(D("2026-11-27")) and not CAL.is_workday(D("2026-11-28"))


def test_the_calendar_says_how_sure_it_is() -> None:
    assert CAL.confirmed(D("2026-06-01")) and CAL.confirmed(D("2025-06-01"))
    assert not CAL.confirmed(D("2027-06-01"))  # provisional: statutory days only
    assert not CAL.confirmed(D("2030-06-01"))  # not in the table: weekends only
    assert CAL.years[2027].status is YearStatus.PROVISIONAL
    assert "待核对" in CAL.source(2026) and CAL.source(2030).startswith("未收录")
    assert CAL.deadline_confirmed(D("2026-03-02"), D("2026-03-11"))
    assert not CAL.deadline_confirmed(D("2026-12-28"), D("2027-01-06"))
    assert CAL.is_workday(D("2030-01-01")) and not CAL.is_workday(D("2030-01-05"))


def test_local_dates_are_china_time() -> None:
    assert local_date(dt.datetime(2026, 2, 13, 17, 0, tzinfo=dt.UTC)) == D("2026-02-14")
    assert local_date(dt.datetime(2026, 2, 13, 15, 59, tzinfo=dt.UTC)) == D("2026-02-13")
    with pytest.raises(ValueError):
        local_date(dt.datetime(2026, 2, 13, 15, 59))
    with pytest.raises(ValueError):
        CAL.add_workdays(D("2026-02-13"), -1)


# --- the table is data ------------------------------------------------------------------------------

def test_the_table_parses_and_is_consistent() -> None:
    statuses, entries = parse_calendar(CALENDAR_TABLE)
    assert set(statuses) == {2025, 2026, 2027}
    for entry in entries:
        assert entry.first.year == entry.year == entry.last.year and entry.first <= entry.last
        if entry.kind is DayKind.WORKDAY:
            assert entry.first.weekday() >= 5, entry
    for year in CAL.years.values():
        assert not year.holidays & year.workdays


@pytest.mark.parametrize("table", [
    "2026 年度 已公布 x\n2026 放假 2026-01-01",  # no last day
    "2026 年度 已公布 x\n2026 上班 2026-01-05 周一",  # a Monday is already a working day
    "2026 年度 已公布 x\n2026 放假 2025-12-31 2026-01-01 跨年",  # outside its year
    "2026 年度 已公布 x\n2026 放假 2026-01-03 2026-01-01 倒序",
    "2026 放假 2026-01-01 2026-01-01 元旦",  # no status line
    "2026 年度 已公布 x\n2026 放假 2026-01-03 2026-01-04 元旦\n2026 上班 2026-01-04 调休",  # both
    "2026 年度 未知 x",
])
def test_a_broken_table_is_refused(table: str) -> None:
    with pytest.raises(ValueError):
        WorkCalendar.from_table(table)


def test_another_table_changes_the_answer() -> None:
    plain = WorkCalendar.from_table("")
    assert plain.add_workdays(D("2026-09-30"), 2) == D("2026-10-02")
    extra = WorkCalendar.from_table("# a comment\n2026 年度 暂定 测试\n2026 放假 2026-10-02 2026-10-02 测试")
    assert extra.add_workdays(D("2026-09-30"), 2) == D("2026-10-05")


# --- properties --------------------------------------------------------------------------------------

@given(dates, counts)
def test_counting_round_trips(start: dt.date, count: int) -> None:
    due = CAL.add_workdays(start, count)
    assert CAL.workdays_between(start, due) == count
    assert (due - start).days >= count
    if count:
        assert CAL.is_workday(due)
        assert CAL.workdays_between(start, due - dt.timedelta(days=1)) == count - 1


@given(dates, counts, counts)
def test_counting_composes_and_grows(start: dt.date, first: int, second: int) -> None:
    assert CAL.add_workdays(CAL.add_workdays(start, first), second) == CAL.add_workdays(start, first + second)
    assert CAL.add_workdays(start, first + 1) > CAL.add_workdays(start, first)


@given(dates)
def test_a_day_is_a_working_day_exactly_by_the_table(day: dt.date) -> None:
    expected = CAL.is_adjusted_workday(day) or (day.weekday() < 5 and not CAL.is_holiday(day))
    assert CAL.is_workday(day) is expected
    assert not (CAL.is_holiday(day) and CAL.is_adjusted_workday(day))
    if day.year not in CAL.years:
        assert CAL.is_workday(day) is (day.weekday() < 5)


@given(dates, st.integers(min_value=0, max_value=20))
def test_without_holidays_a_week_has_five_working_days(start: dt.date, weeks: int) -> None:
    plain = WorkCalendar.from_table("")
    assert plain.workdays_between(start, start + dt.timedelta(weeks=weeks)) == 5 * weeks
    assert CAL.workdays_between(start, start + dt.timedelta(weeks=weeks)) <= 5 * weeks + 2 * (weeks + 1)
