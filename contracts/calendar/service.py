"""The calendar in force: the library's years plus the schedules stored in the database."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from contracts.audit import trail
from contracts.calendar.deadlines import LIBRARY_YEARS, WorkCalendar, schedule_from_lists
from contracts.calendar.models import HolidayYear
from contracts.core.errors import DomainError, msg
from contracts.core.schemas import parse_date


def work_calendar(session: Session) -> WorkCalendar:
    """The WorkCalendar including every year an admin has loaded."""
    rows = session.scalars(select(HolidayYear)).all()
    return WorkCalendar({r.year: schedule_from_lists(r.holidays, r.workdays) for r in rows})


FIRST_YEAR, LAST_YEAR = 2000, 2100
"""The years a schedule may be loaded for."""
MAX_SOURCE = 200  # HolidayYear.source's width


def load_year(session: Session, year: int, holidays: list[str], workdays: list[str], source: str,
              user_id: int | None = None) -> HolidayYear:
    """Store (or replace) a year's official schedule; dates (YYYY-MM-DD) must lie in that year.

    The API's schema checks the same; the CLI's JSON file reaches here unchecked."""
    errors: dict[str, list[str]] = {}
    if isinstance(year, bool) or not isinstance(year, int) or not FIRST_YEAR <= year <= LAST_YEAR:
        errors["year"] = [msg(f"年份应在{FIRST_YEAR}到{LAST_YEAR}之间：{year}",
                              f"the year must be between {FIRST_YEAR} and {LAST_YEAR}: {year}")]
    for name, values in (("holidays", holidays), ("workdays", workdays)):
        if not isinstance(values, list):
            errors[name] = [msg("应为日期列表", "must be a list of dates")]
            continue
        for v in values:
            try:
                if not isinstance(v, str):
                    raise ValueError(msg(f"日期格式应为 YYYY-MM-DD：{v}", f"not an ISO date (YYYY-MM-DD): {v}"))
                d = parse_date(v)
            except ValueError as exc:
                errors.setdefault(name, []).append(str(exc))
                continue
            if d.year != year:
                errors.setdefault(name, []).append(msg(f"{v} 不属于 {year} 年", f"{v} is not in {year}"))
    both = sorted(_texts(holidays) & _texts(workdays))
    if both:  # is_workday would take the day for a working day, losing the holiday
        errors.setdefault("workdays", []).append(msg(f"{'、'.join(both)} 不能既是节假日又是调休工作日",
                                                     f"{', '.join(both)} cannot be both a holiday and a working day"))
    if not (source or "").strip():
        errors["source"] = [msg("须写明放假安排的出处（国务院办公厅通知文号）",
                                "name the source: the State Council General Office notice")]
    elif len(source) > MAX_SOURCE:
        errors["source"] = [msg(f"出处最多{MAX_SOURCE}个字符", f"the source has at most {MAX_SOURCE} characters")]
    if not holidays and "holidays" not in errors:
        errors.setdefault("holidays", []).append(msg("节假日不能为空", "holidays must not be empty"))
    if errors:
        raise DomainError(errors)
    row = session.get(HolidayYear, year)
    before = trail.snapshot(row) if row else None
    if row is None:
        row = HolidayYear(year=year)
        session.add(row)
    row.holidays, row.workdays, row.source, row.loaded_by_id = sorted(holidays), sorted(workdays), source, user_id
    session.flush()
    trail.record(session, "update" if before else "create", "holiday_year", year, before=before,
                 after=trail.snapshot(row))
    return row


def _texts(values: Any) -> set[str]:
    return {v for v in values if isinstance(v, str)} if isinstance(values, list) else set()


def known_years(session: Session) -> list[int]:
    stored = set(session.scalars(select(HolidayYear.year)).all())
    return sorted(stored | set(LIBRARY_YEARS))
