"""Deadline arithmetic on the official calendar (期限计算).

- ``day``: the start day is not counted, so the last day is start + N; if it is not a working
  day (a statutory holiday or an un-swapped weekend), the period ends on the next working day
  (民法典 arts. 201–203).
- ``working_day``: the Nth official working day strictly after the start day, 调休 working
  weekends included, holidays excluded.
- ``month``: the same day N calendar months later (the month's last day when it has no such
  day, 民法典 art. 201), then the rest-day extension as for ``day``.
- offset 0 means the event day itself.

Working days come from ``chinesecalendar`` (2004–2026 in the pinned release) and from holiday
schedules an admin loads for later years; a date in a year with neither raises
``CalendarNotPublished`` — a deadline is never guessed.
"""

from __future__ import annotations

import calendar as _cal
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

import chinese_calendar

from contracts.core.errors import DomainError, msg

MAX_SCAN_DAYS = 400


class CalendarNotPublished(DomainError):
    """The official holiday schedule for a year is not known yet (日历未发布)."""

    def __init__(self, year: int) -> None:
        self.year = year
        super().__init__({"due": [msg(f"{year}年节假日安排尚未发布，无法计算工作日期限",
                                      f"the {year} holiday calendar is not yet published")]})


@dataclass(frozen=True)
class YearSchedule:
    """One year's statutory days off and 调休 working weekends."""

    holidays: frozenset[date]
    workdays: frozenset[date]


def _library_years() -> range:
    dates = list(chinese_calendar.holidays) + list(chinese_calendar.workdays)
    return range(min(d.year for d in dates), max(d.year for d in dates) + 1)


LIBRARY_YEARS = _library_years()


@dataclass
class WorkCalendar:
    """The official working-day calendar: chinesecalendar plus years loaded by an admin."""

    extra: Mapping[int, YearSchedule] = field(default_factory=dict)

    def covers(self, year: int) -> bool:
        return year in self.extra or year in LIBRARY_YEARS

    def is_workday(self, day: date) -> bool:
        """True for an official working day; raises CalendarNotPublished outside known years."""
        sched = self.extra.get(day.year)
        if sched is not None:
            if day in sched.workdays:
                return True
            if day in sched.holidays:
                return False
            return day.weekday() < 5
        if day.year not in LIBRARY_YEARS:
            raise CalendarNotPublished(day.year)
        return chinese_calendar.is_workday(day)

    def next_workday_on_or_after(self, day: date) -> date:
        for _ in range(MAX_SCAN_DAYS):
            if self.is_workday(day):
                return day
            day += timedelta(days=1)
        raise CalendarNotPublished(day.year)

    def add_working_days(self, start: date, n: int) -> date:
        """The ``n``-th working day strictly after ``start`` (``n`` ≥ 1); ``start`` for 0."""
        day, counted = start, 0
        while counted < n:
            day += timedelta(days=1)
            if self.is_workday(day):
                counted += 1
        return day

    def add_days(self, start: date, n: int, *, extend: bool = True) -> date:
        """Calendar-day period: start + n, moved past a closing rest day when ``extend``."""
        last = start + timedelta(days=n)
        return self.next_workday_on_or_after(last) if extend and n > 0 else last

    def add_months(self, start: date, n: int, *, extend: bool = True) -> date:
        """Month period: the corresponding day n months on (or that month's last day)."""
        month0 = start.month - 1 + n
        year, month = start.year + month0 // 12, month0 % 12 + 1
        last = date(year, month, min(start.day, _cal.monthrange(year, month)[1]))
        return self.next_workday_on_or_after(last) if extend and n > 0 else last

    def due(self, start: date, offset: int, unit: str) -> date:
        """The due date ``offset`` ``unit``s (day / working_day / month) after ``start``."""
        if offset < 0:
            raise DomainError.field("due", "期限不能为负数", "the offset cannot be negative")
        if unit == "working_day":
            return self.add_working_days(start, offset)
        if unit == "day":
            return self.add_days(start, offset)
        if unit == "month":
            return self.add_months(start, offset)
        raise DomainError.field("due", f"未知的期限单位 {unit}", f"unknown unit {unit!r}")

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in (start, end]."""
        return sum(1 for d in _days(start + timedelta(days=1), end) if self.is_workday(d))


def _days(first: date, last: date) -> Iterable[date]:
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)


def schedule_from_lists(holidays: Iterable[str | date], workdays: Iterable[str | date]) -> YearSchedule:
    """A YearSchedule from ISO strings or dates."""
    def as_date(v: str | date) -> date:
        return v if isinstance(v, date) else date.fromisoformat(v)
    return YearSchedule(frozenset(map(as_date, holidays)), frozenset(map(as_date, workdays)))
