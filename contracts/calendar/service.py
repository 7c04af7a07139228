"""The calendar in force: the library's years plus the schedules stored in the database."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from contracts.audit import trail
from contracts.calendar.deadlines import LIBRARY_YEARS, WorkCalendar, schedule_from_lists
from contracts.calendar.models import HolidayYear
from contracts.core.errors import DomainError, msg


def work_calendar(session: Session) -> WorkCalendar:
    """The WorkCalendar including every year an admin has loaded."""
    rows = session.scalars(select(HolidayYear)).all()
    return WorkCalendar({r.year: schedule_from_lists(r.holidays, r.workdays) for r in rows})


def load_year(session: Session, year: int, holidays: list[str], workdays: list[str], source: str,
              user_id: int | None = None) -> HolidayYear:
    """Store (or replace) a year's official schedule; dates must lie in that year."""
    errors: dict[str, list[str]] = {}
    for name, values in (("holidays", holidays), ("workdays", workdays)):
        if not isinstance(values, list):
            errors[name] = [msg("应为日期列表", "must be a list of dates")]
            continue
        for v in values:
            try:
                d = date.fromisoformat(v)
            except (TypeError, ValueError):
                errors.setdefault(name, []).append(msg(f"日期格式错误：{v}", f"not an ISO date: {v}"))
                continue
            if d.year != year:
                errors.setdefault(name, []).append(msg(f"{v} 不属于 {year} 年", f"{v} is not in {year}"))
    if not (source or "").strip():
        errors["source"] = [msg("须写明放假安排的出处（国务院办公厅通知文号）",
                                "name the source: the State Council General Office notice")]
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


def known_years(session: Session) -> list[int]:
    stored = set(session.scalars(select(HolidayYear.year)).all())
    return sorted(stored | set(LIBRARY_YEARS))
