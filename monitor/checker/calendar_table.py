"""Keep ``checker_calendar`` (the official calendar as a table) in step with the schedules (日历表维护)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, timedelta
from importlib.metadata import version

from sqlalchemy import delete, insert
from sqlalchemy.orm import Session

from contracts.calendar.deadlines import LIBRARY_YEARS, WorkCalendar
from contracts.calendar.service import work_calendar
from monitor.checker.models import CalendarDay, CalendarState


@dataclass(frozen=True)
class Coverage:
    """The days the table covers: deadlines after ``last_day`` are not judged."""

    first_day: date
    last_day: date
    rebuilt: bool


def _covered_years(cal: WorkCalendar) -> range:
    first = min(LIBRARY_YEARS)
    last = first
    while cal.covers(last + 1):
        last += 1
    return range(first, last + 1)


def _signature(cal: WorkCalendar, years: range) -> str:
    loaded = {str(y): [sorted(d.isoformat() for d in s.holidays), sorted(d.isoformat() for d in s.workdays)]
              for y, s in sorted(cal.extra.items())}
    body = json.dumps({"years": [years.start, years.stop], "loaded": loaded,
                       "chinesecalendar": version("chinesecalendar")}, sort_keys=True)
    return hashlib.sha256(body.encode()).hexdigest()


def rows(cal: WorkCalendar, first: date, last: date) -> list[dict[str, object]]:
    """One row per day from ``first`` to ``last``; ``next_workday`` is NULL after the last working day."""
    days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    flags = [cal.is_workday(d) for d in days]
    out: list[dict[str, object]] = []
    count = 0
    for day, work in zip(days, flags, strict=True):
        count += work
        out.append({"day": day, "workday": work, "workdays_through": count, "workday_no": count if work else None,
                    "next_workday": None})
    following: date | None = None
    for row in reversed(out):
        if row["workday"]:
            following = row["day"]  # type: ignore[assignment]
        row["next_workday"] = following
    return out


def ensure(session: Session) -> Coverage:
    """Rebuild the table when the schedules changed (a year loaded, a new chinesecalendar); the
    caller commits."""
    cal = work_calendar(session)
    years = _covered_years(cal)
    first, last = date(years.start, 1, 1), date(years.stop - 1, 12, 31)
    signature = _signature(cal, years)
    state = session.get(CalendarState, 1)
    if state is not None and state.signature == signature:
        return Coverage(state.first_day, state.last_day, rebuilt=False)
    session.execute(delete(CalendarDay))
    session.execute(insert(CalendarDay), rows(cal, first, last))
    if state is None:
        state = CalendarState(id=1, signature=signature, first_day=first, last_day=last)
        session.add(state)
    else:
        state.signature, state.first_day, state.last_day = signature, first, last
    session.flush()
    return Coverage(first, last, rebuilt=True)
