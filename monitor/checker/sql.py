"""SQL building blocks the rules share, written once for PostgreSQL and SQLite (SQL 工具).

Date arithmetic differs between the two backends (``date + integer`` versus ``date(d, 'N days')``),
so rules use these constructs instead of raw operators; the calendar lookups turn the official
working-day calendar (``checker_calendar``) into scalar subqueries: a deadline beyond the published
calendar is NULL, never a guess.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Date, Integer, String, cast, func, literal, null, or_, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.functions import FunctionElement


class add_days(FunctionElement):
    """``date + n`` days (n an integer expression)."""

    type = Date()
    inherit_cache = True
    name = "add_days"


@compiles(add_days)
def _add_days_default(element: add_days, compiler: Any, **kw: Any) -> str:
    day, n = list(element.clauses)
    return f"({compiler.process(day, **kw)} + CAST({compiler.process(n, **kw)} AS INTEGER))"


@compiles(add_days, "sqlite")
def _add_days_sqlite(element: add_days, compiler: Any, **kw: Any) -> str:
    day, n = list(element.clauses)
    return f"date({compiler.process(day, **kw)}, ({compiler.process(n, **kw)}) || ' days')"


class days_between(FunctionElement):
    """Whole days from the first date to the second (``second - first``)."""

    type = Integer()
    inherit_cache = True
    name = "days_between"


@compiles(days_between)
def _days_between_default(element: days_between, compiler: Any, **kw: Any) -> str:
    first, second = list(element.clauses)
    return f"({compiler.process(second, **kw)} - {compiler.process(first, **kw)})"


@compiles(days_between, "sqlite")
def _days_between_sqlite(element: days_between, compiler: Any, **kw: Any) -> str:
    first, second = list(element.clauses)
    return (f"CAST(julianday({compiler.process(second, **kw)}) - julianday({compiler.process(first, **kw)})"
            " AS INTEGER)")


class json_obj(FunctionElement):
    """A JSON object from key, value, key, value… (``json_build_object`` / ``json_object``)."""

    inherit_cache = True
    name = "json_obj"


@compiles(json_obj)
def _json_obj_default(element: json_obj, compiler: Any, **kw: Any) -> str:
    return f"json_build_object({compiler.process(element.clauses, **kw)})"


@compiles(json_obj, "sqlite")
def _json_obj_sqlite(element: json_obj, compiler: Any, **kw: Any) -> str:
    return f"json_object({compiler.process(element.clauses, **kw)})"


def obj(**pairs: Any) -> json_obj:
    """``json_obj`` from keyword arguments (keys become string literals)."""
    args: list[Any] = []
    for key, value in pairs.items():
        args += [literal(key, String), value]
    return json_obj(*args)


def none(type_: Any) -> ColumnElement[Any]:
    """A typed NULL (PostgreSQL reads a bare NULL column of a subquery as text)."""
    return cast(null(), type_)


def dec(value: Any) -> ColumnElement[Any]:
    """A decimal parameter as a SQL literal of numeric type."""
    from sqlalchemy import Numeric

    return literal(value, Numeric(18, 6))


def int_(value: int) -> ColumnElement[int]:
    return literal(value, Integer)


def exceeds_share(part: Any, whole: Any, percent: Any) -> ColumnElement[bool]:
    """``part`` > ``percent`` % of ``whole``, exact at the boundary on both backends.

    SQLite keeps NUMERIC as binary floating point, so the comparison is made on the difference in
    hundredths of a fen, rounded, which is exact for any amount of Numeric(18, 2).
    """
    return func.round(part * 100 - whole * dec(percent), 4) > 0


# ---- the official calendar --------------------------------------------------------------------
def extend(day: Any) -> ColumnElement[Any]:
    """The last day of a period ending on ``day``: ``day`` itself on a working day, else the next
    working day (民法典 art. 203); NULL when that lies beyond the published calendar."""
    from monitor.checker.models import CalendarDay  # the models use this module's date arithmetic

    cal = CalendarDay.__table__.alias()
    return select(cal.c.next_workday).where(cal.c.day == day).correlate_except(cal).scalar_subquery()


def after_days(start: Any, n: Any) -> ColumnElement[Any]:
    """The end of an N-日 period from ``start`` (start day not counted, last day extended)."""
    return extend(add_days(start, n))


def after_working_days(start: Any, n: Any) -> ColumnElement[Any]:
    """The N-th official working day strictly after ``start`` (N ≥ 1), 调休 weekends included."""
    from monitor.checker.models import CalendarDay

    c1, c2 = CalendarDay.__table__.alias(), CalendarDay.__table__.alias()
    base = select(c1.c.workdays_through).where(c1.c.day == start).correlate_except(c1).scalar_subquery()
    return select(c2.c.day).where(c2.c.workday_no == base + n).correlate_except(c2).scalar_subquery()


def any_like(column: Any, needles: list[str]) -> ColumnElement[bool]:
    """``column`` contains any of ``needles`` (case-insensitive for Latin letters)."""
    if not needles:
        return literal(False)
    low = func.lower(column)
    return or_(*[low.contains(n.lower(), autoescape=True) for n in needles])
