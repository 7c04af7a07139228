"""How audited rows stood at the end of a day, in SQL (按审计留痕还原某日状态): the set-based twin of
``as_at.AsAt.value`` for the scoreboard, which cannot read rows one by one.

A person's change of a row is audited (``AuditEvent``: entity, entity_id, the row before and after
as JSON). At the end of a day a field held the value that the first change of it recorded after
the day replaced (that change's ``before``); with no such change, the value it has now. The
changes are grouped per row in one query and joined to the rows being counted by key, so the
report stays one ``GROUP BY`` whatever the number of rows.

Parsing the JSON of every event is what costs (on PostgreSQL ~10 µs a field of a large
snapshot), so the grouping picks the events without parsing them: by a plain text search for the
value, and only the few events picked are parsed. (A finding's state at a day is not read from
here but from its history, ``monitor.checker.history``, which the checker's changes write too.)
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, DateTime, Subquery, bindparam, case, false, func, or_, select

from contracts.audit.models import AuditEvent
from contracts.core import clock
from monitor.reports.sql import text_contains


def day_ends(day: date) -> ColumnElement[Any]:
    """The instant the day after ``day`` begins (service time zone): what was recorded before it
    was recorded by the end of ``day``. A bound timestamp, so indexes and both dialects compare it."""
    start = datetime.combine(day + timedelta(days=1), time(0), clock.timezone()).astimezone(UTC)
    return bindparam(None, start, type_=DateTime(timezone=True))


def _value(side: Any, name: str) -> ColumnElement[Any]:
    return side[name].as_string()


def stood_in(entity: str, name: str, value: str, day: date) -> Subquery:
    """Per ``entity`` row with a change into or out of ``value`` recorded after ``day``: ``stood`` 1
    when the row had ``value`` at the end of the day (the first such change took it out of it), else 0.

    A row without one had then the value it has now as far as ``value`` goes: the first change of
    the field after the day, whatever it was, is the first into or out of ``value`` when the row
    stood in it then, and none of them can be out of it when it did not. Only events whose text
    mentions ``value`` at all are parsed."""
    ev = AuditEvent
    before, after = _value(ev.before, name), _value(ev.after, name)
    mentions = or_(text_contains(ev.before, value), text_contains(ev.after, value))
    into_or_out = case((mentions, (before != after) & or_(before == value, after == value)), else_=false())
    first_out = func.min(case((before == value, ev.id)))
    return (select(ev.entity_id.label("entity_id"), case((first_out == func.min(ev.id), 1), else_=0).label("stood"))
            .where(ev.entity == entity, ev.entity_id.is_not(None), ev.at >= day_ends(day), into_or_out)
            .group_by(ev.entity_id).subquery(f"{entity}_{name}_{value}"))
