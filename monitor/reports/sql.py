"""Date arithmetic in SQL that reads the same on PostgreSQL and SQLite (报表用的日期运算).

The scoreboard aggregates in the database; these constructs compile to each dialect's own spelling.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, Date
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ColumnElement, FunctionElement

from contracts.core import clock


class local_date(FunctionElement):
    """The calendar date, in the service time zone, of a time-zone-aware timestamp column."""

    type = Date()
    inherit_cache = True
    name = "local_date"


@compiles(local_date)
def _local_date_pg(element: local_date, compiler: Any, **kw: Any) -> str:
    (value,) = list(element.clauses)
    zone = clock.timezone().key.replace("'", "")
    return f"CAST(({compiler.process(value, **kw)} AT TIME ZONE '{zone}') AS DATE)"


@compiles(local_date, "sqlite")
def _local_date_sqlite(element: local_date, compiler: Any, **kw: Any) -> str:
    (value,) = list(element.clauses)
    # SQLite keeps naive UTC text; shift by the zone's current offset (Asia/Shanghai has no DST).
    offset = datetime.now(clock.timezone()).utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset else 0
    return f"date({compiler.process(value, **kw)}, '{minutes:+d} minutes')"


class month_start(FunctionElement):
    """The first day of the month of a date column (group by it for a monthly trend)."""

    type = Date()
    inherit_cache = True
    name = "month_start"


@compiles(month_start)
def _month_start_pg(element: month_start, compiler: Any, **kw: Any) -> str:
    (value,) = list(element.clauses)
    return f"CAST(date_trunc('month', {compiler.process(value, **kw)}) AS DATE)"


@compiles(month_start, "sqlite")
def _month_start_sqlite(element: month_start, compiler: Any, **kw: Any) -> str:
    (value,) = list(element.clauses)
    return f"strftime('%Y-%m-01', {compiler.process(value, **kw)})"


def as_date(value: Any) -> ColumnElement[Any]:
    """A bound date parameter typed as DATE (so both dialects compare it as a date)."""
    from sqlalchemy import bindparam

    return bindparam(None, value, type_=Date())


class text_contains(FunctionElement):
    """Whether a text (or a JSON column, as its text) contains a word: a cheap test to run before parsing JSON."""

    type = Boolean()
    inherit_cache = True
    name = "text_contains"


@compiles(text_contains)
def _text_contains_pg(element: text_contains, compiler: Any, **kw: Any) -> str:
    value, word = list(element.clauses)
    return f"(strpos(CAST({compiler.process(value, **kw)} AS TEXT), {compiler.process(word, **kw)}) > 0)"


@compiles(text_contains, "sqlite")
def _text_contains_sqlite(element: text_contains, compiler: Any, **kw: Any) -> str:
    value, word = list(element.clauses)
    return f"(instr(CAST({compiler.process(value, **kw)} AS TEXT), {compiler.process(word, **kw)}) > 0)"
