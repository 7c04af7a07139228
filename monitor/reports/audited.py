"""How audited rows stood at the end of a day, in SQL (按审计留痕还原某日状态): the set-based twin of
``as_at.AsAt.value`` for the scoreboard, which cannot read rows one by one.

A person's change of a row is audited (``AuditEvent``: entity, entity_id, the row before and after
as JSON). At the end of a day a field held the value that the first change of it recorded after
the day replaced (that change's ``before``); with no such change, the value it has now. The
changes are grouped per row in one query and joined to the rows being counted by key, so the
report stays one ``GROUP BY`` whatever the number of rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, DateTime, Select, Subquery, and_, bindparam, case, false, func, or_, select
from sqlalchemy.orm import aliased
from sqlalchemy.orm.util import AliasedClass

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


def changed(name: str) -> ColumnElement[bool]:
    """An audit event that set ``name`` to a new value (null on either side, e.g. a row's creation, is no change)."""
    return _value(AuditEvent.before, name) != _value(AuditEvent.after, name)


@dataclass(frozen=True)
class FieldAt:
    """One audited field of ``entity`` at the end of ``day``: ``join`` it to a statement over the rows
    (outer joins: a row never changed has no audit row), then read ``value(current)``."""

    entity: str
    name: str
    day: date
    changes: Subquery  # per entity_id: later_id (first change after the day), last_id (last one by then)
    later: AliasedClass[AuditEvent]
    last: AliasedClass[AuditEvent] | None

    @classmethod
    def make(cls, entity: str, name: str, day: date, *, last: bool = False, involving: str | None = None) -> FieldAt:
        """The changes of ``name`` of ``entity`` rows; with ``last`` also the last one recorded by the
        end of the day; with ``involving``, only changes into or out of that value (enough to tell
        whether a row stood in it then, and far fewer to read)."""
        ev = AuditEvent
        ends = day_ends(day)
        cond = [ev.entity == entity, ev.entity_id.is_not(None)]
        if not last:
            cond.append(ev.at >= ends)
        if involving is None:
            cond.append(changed(name))
        else:
            # JSON is parsed only where the word appears at all (far cheaper than parsing every row)
            into_or_out = and_(changed(name), or_(_value(ev.before, name) == involving,
                                                  _value(ev.after, name) == involving))
            cond.append(case((or_(text_contains(ev.before, involving), text_contains(ev.after, involving)),
                              into_or_out), else_=false()))
        if last:
            cols = [func.min(case((ev.at >= ends, ev.id))).label("later_id"),
                    func.max(case((ev.at < ends, ev.id))).label("last_id")]
        else:
            cols = [func.min(ev.id).label("later_id")]
        changes = (select(ev.entity_id.label("entity_id"), *cols).where(*cond).group_by(ev.entity_id)
                   .subquery(f"{entity}_{name}_changes"))
        return cls(entity, name, day, changes, aliased(AuditEvent, name=f"{entity}_{name}_later"),
                   aliased(AuditEvent, name=f"{entity}_{name}_last") if last else None)

    def join(self, stmt: Select[Any], entity_id: Any) -> Select[Any]:
        """``stmt`` with the row's changes joined (by ``entity_id``, the rows' key column)."""
        stmt = (stmt.outerjoin(self.changes, self.changes.c.entity_id == entity_id)
                .outerjoin(self.later, self.later.id == self.changes.c.later_id))
        if self.last is not None:
            stmt = stmt.outerjoin(self.last, self.last.id == self.changes.c.last_id)
        return stmt

    @property
    def changed_later(self) -> ColumnElement[bool]:
        """Whether a change of the field was recorded after the day."""
        return self.later.id.is_not(None)

    @property
    def before_later(self) -> ColumnElement[Any]:
        """The value the first change recorded after the day replaced: the one the row had then."""
        return _value(self.later.before, self.name)

    def value(self, current: ColumnElement[Any]) -> ColumnElement[Any]:
        """The field at the end of the day: before the first change recorded later, else ``current``."""
        return case((self.changed_later, self.before_later), else_=current)

    @property
    def last_known(self) -> tuple[ColumnElement[bool], ColumnElement[Any], ColumnElement[Any]]:
        """(whether one was recorded, the value it set, when) for the last change recorded by the end of the day."""
        if self.last is None:
            raise ValueError("made without last=True")
        return self.last.id.is_not(None), _value(self.last.after, self.name), self.last.at
