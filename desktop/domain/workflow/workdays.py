"""Working days (工作日) for the deadlines of framework-agreement procurement.

Order No. 110 counts several deadlines in working days (domain-rules.md §A9): an open agreement's
collector reviews a join application **within 7 working days** of receiving it and publishes the
shortlist announcement **within 2 working days** of approving it. A working day is a Monday to
Friday that is not a public holiday (放假), plus the weekend days the State Council turns into
working days (调休上班).

The holiday calendar is DATA (:data:`CALENDAR_TABLE`), not code: one line per holiday span or
adjusted working day, and one status line per year saying where the year comes from and whether it
is confirmed. To add a year, add its lines; nothing else changes.

* 2025 and 2026: the State Council's notices (国务院办公厅关于2025年/2026年部分节假日安排的通知,
  the 2026 one dated 2025-11-04, read in Xinhua's copy); still to be confirmed against gov.cn by the
  project (待核对原文).
* 2027: **provisional**. The notice is normally published in November of the year before, so only
  the statutory days of 《全国年节及纪念日放假办法》 (as revised in 2024) are listed, at their 2027
  dates (春节 from the lunar calendar: 除夕 2027-02-05); the 补休 / 调休 days are unknown. Replace
  the 2027 lines when the notice is out.
* Any other year: weekends only, and :meth:`WorkCalendar.confirmed` says False, so callers can
  show the deadline as unconfirmed.

Counting (the exam-bank examples in domain-rules.md §A9): the day of the event does not count; the
N-th working day after it is the last day in time. An application received on Tue 2025-05-06 (after
the May 1–5 holiday) must be reviewed by 2025-05-15; an approval on Tue 2025-08-12 must be announced
by 2025-08-14. Dates are China Standard Time (UTC+8, no daylight saving): :func:`local_date`.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

__all__ = [
    "CALENDAR_TABLE",
    "CHINA_TIME",
    "DEFAULT_CALENDAR",
    "CalendarEntry",
    "DayKind",
    "WorkCalendar",
    "YearStatus",
    "local_date",
    "parse_calendar",
]

CHINA_TIME = dt.timezone(dt.timedelta(hours=8), "CST")
"""China Standard Time: the day a deadline counts from is the day in Henan."""


def local_date(at: dt.datetime) -> dt.date:
    """The calendar day in China of an aware timestamp (a naive one is refused)."""
    if at.tzinfo is None:
        raise ValueError("naive datetime")
    return at.astimezone(CHINA_TIME).date()


class DayKind(enum.StrEnum):
    HOLIDAY = "放假"
    WORKDAY = "上班"
    """A weekend day made a working day (调休上班)."""


class YearStatus(enum.StrEnum):
    CONFIRMED = "已公布"
    """Taken from the State Council's notice for the year."""
    PROVISIONAL = "暂定"
    """Statutory days only, the notice is not out: 调休 unknown."""


# Columns: year | 年度 status source  |  放假 first last name  |  上班 day name
CALENDAR_TABLE: str = """
2025  年度  已公布  国务院办公厅关于2025年部分节假日安排的通知（待核对原文）
2025  放假  2025-01-01  2025-01-01  元旦
2025  放假  2025-01-28  2025-02-04  春节
2025  上班  2025-01-26  春节调休
2025  上班  2025-02-08  春节调休
2025  放假  2025-04-04  2025-04-06  清明节
2025  放假  2025-05-01  2025-05-05  劳动节
2025  上班  2025-04-27  劳动节调休
2025  放假  2025-05-31  2025-06-02  端午节
2025  放假  2025-10-01  2025-10-08  国庆节、中秋节
2025  上班  2025-09-28  国庆节调休
2025  上班  2025-10-11  国庆节调休
2026  年度  已公布  国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日，待核对原文）
2026  放假  2026-01-01  2026-01-03  元旦
2026  上班  2026-01-04  元旦调休
2026  放假  2026-02-15  2026-02-23  春节
2026  上班  2026-02-14  春节调休
2026  上班  2026-02-28  春节调休
2026  放假  2026-04-04  2026-04-06  清明节
2026  放假  2026-05-01  2026-05-05  劳动节
2026  上班  2026-05-09  劳动节调休
2026  放假  2026-06-19  2026-06-21  端午节
2026  放假  2026-09-25  2026-09-27  中秋节
2026  放假  2026-10-01  2026-10-07  国庆节
2026  上班  2026-09-20  国庆节调休
2026  上班  2026-10-10  国庆节调休
2027  年度  暂定  全国年节及纪念日放假办法的法定假日（2027年安排未公布，补休与调休待补充）
2027  放假  2027-01-01  2027-01-01  元旦
2027  放假  2027-02-05  2027-02-08  春节（除夕至正月初三）
2027  放假  2027-04-05  2027-04-05  清明节
2027  放假  2027-05-01  2027-05-02  劳动节
2027  放假  2027-06-09  2027-06-09  端午节
2027  放假  2027-09-15  2027-09-15  中秋节
2027  放假  2027-10-01  2027-10-03  国庆节
"""


@dataclass(frozen=True)
class CalendarEntry:
    """One line of the table: a holiday span (``first``..``last``) or one adjusted working day."""

    year: int
    kind: DayKind
    first: dt.date
    last: dt.date
    name: str


@dataclass(frozen=True)
class _Year:
    status: YearStatus
    source: str
    holidays: frozenset[dt.date] = frozenset()
    workdays: frozenset[dt.date] = frozenset()


def parse_calendar(table: str) -> tuple[dict[int, tuple[YearStatus, str]], tuple[CalendarEntry, ...]]:
    """The year statuses and entries of a table in :data:`CALENDAR_TABLE`'s format; ValueError when
    a line is malformed, a date lies outside its year, a span is reversed or a year has no status."""
    statuses: dict[int, tuple[YearStatus, str]] = {}
    entries: list[CalendarEntry] = []
    for number, raw in enumerate(table.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split()
        try:
            year = int(parts[0])
            if parts[1] == "年度":
                statuses[year] = (YearStatus(parts[2]), " ".join(parts[3:]))
                continue
            kind = DayKind(parts[1])
            first = dt.date.fromisoformat(parts[2])
            if kind is DayKind.HOLIDAY:
                last, name = dt.date.fromisoformat(parts[3]), " ".join(parts[4:])
            else:
                last, name = first, " ".join(parts[3:])
        except (IndexError, ValueError) as exc:
            raise ValueError(f"calendar line {number} is malformed: {raw!r}") from exc
        if first.year != year or last.year != year or last < first:
            raise ValueError(f"calendar line {number}: dates outside {year} or reversed: {raw!r}")
        if kind is DayKind.WORKDAY and first.weekday() < 5:
            raise ValueError(f"calendar line {number}: {first} is already a working day")
        entries.append(CalendarEntry(year, kind, first, last, name))
    for entry in entries:
        if entry.year not in statuses:
            raise ValueError(f"calendar year {entry.year} has no status line")
    return statuses, tuple(entries)


def _days(entry: CalendarEntry) -> Iterable[dt.date]:
    day = entry.first
    while day <= entry.last:
        yield day
        day += dt.timedelta(days=1)


@dataclass(frozen=True)
class WorkCalendar:
    """Which days are working days, from a holiday table. Immutable; build it with :meth:`from_table`."""

    years: Mapping[int, _Year] = field(default_factory=dict)

    @classmethod
    def from_table(cls, table: str = CALENDAR_TABLE) -> WorkCalendar:
        statuses, entries = parse_calendar(table)
        holidays: dict[int, set[dt.date]] = {year: set() for year in statuses}
        workdays: dict[int, set[dt.date]] = {year: set() for year in statuses}
        for entry in entries:
            target = holidays if entry.kind is DayKind.HOLIDAY else workdays
            target[entry.year].update(_days(entry))
        for year in statuses:
            clash = holidays[year] & workdays[year]
            if clash:
                raise ValueError(f"calendar {year}: {sorted(clash)} both 放假 and 上班")
        return cls({year: _Year(status, source, frozenset(holidays[year]), frozenset(workdays[year]))
                    for year, (status, source) in statuses.items()})

    # --- one day ---------------------------------------------------------------------------------

    def is_holiday(self, day: dt.date) -> bool:
        year = self.years.get(day.year)
        return year is not None and day in year.holidays

    def is_adjusted_workday(self, day: dt.date) -> bool:
        year = self.years.get(day.year)
        return year is not None and day in year.workdays

    def is_workday(self, day: dt.date) -> bool:
        if self.is_adjusted_workday(day):
            return True
        return day.weekday() < 5 and not self.is_holiday(day)

    def confirmed(self, day: dt.date) -> bool:
        """The day's year comes from a published State Council notice (else: provisional or unknown)."""
        year = self.years.get(day.year)
        return year is not None and year.status is YearStatus.CONFIRMED

    def source(self, year: int) -> str:
        entry = self.years.get(year)
        return entry.source if entry is not None else "未收录（仅按周末计算）"

    # --- counting --------------------------------------------------------------------------------

    def add_workdays(self, start: dt.date, count: int) -> dt.date:
        """The ``count``-th working day after ``start`` (``start`` itself never counts; 0: ``start``)."""
        if count < 0:
            raise ValueError("count must not be negative")
        day = start
        left = count
        while left:
            day += dt.timedelta(days=1)
            if self.is_workday(day):
                left -= 1
        return day

    def workdays_between(self, start: dt.date, end: dt.date) -> int:
        """How many working days lie after ``start`` up to and including ``end`` (0 when end ≤ start)."""
        count = 0
        day = start
        while day < end:
            day += dt.timedelta(days=1)
            if self.is_workday(day):
                count += 1
        return count

    def deadline_confirmed(self, start: dt.date, due: dt.date) -> bool:
        """Every year the count ran through is confirmed (else the due date is an estimate)."""
        return all(self.confirmed(dt.date(year, 1, 1)) for year in range(start.year, due.year + 1))


DEFAULT_CALENDAR = WorkCalendar.from_table()
"""The calendar of :data:`CALENDAR_TABLE` (the server and the client use this one)."""
