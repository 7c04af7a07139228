"""Naming the officials responsible on a finding's due date (项目责任回溯), in SQL.

A finding keeps who held each role of its contract on its due date (the signing date for a
clause without one): the obligation's own holder of a role replaces the contract-wide one, and
the list is ordered by role, then by the start of the tenure. ``people_of`` is that list as one
JSON array per finding, joined into the statement that creates the findings, so a run naming
100,000 new findings does not write each of them a second time; ``snapshot`` names the findings
created before their contract's history was recorded.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, case, func, literal, or_, select, update
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from contracts.core.idlist import in_ids
from contracts.organisations.models import Official
from contracts.registry.models import Contract
from contracts.responsibility.models import Responsibility
from monitor.checker.models import Finding, FindingState

F = Finding.__table__
KEYS = ("role", "stage", "official_id", "name", "post", "agency_id")


def people_of(dialect: str, rows: Any) -> Any:
    """For each of ``rows`` (a subquery with columns ``key``, ``contract_id``, ``obligation_id``
    and ``on``), the officials in office on ``on``, as a subquery of (``key``, ``people``: a JSON
    array); a row with nobody recorded for its date has no entry. Set-based, so the planner joins
    the tenures by index for a few findings and by hash for a hundred thousand."""
    r, o = Responsibility.__table__.alias("named_r"), Official.__table__.alias("named_o")
    in_office = and_(r.c.contract_id == rows.c.contract_id, r.c.start <= rows.c.on,
                     or_(r.c.end.is_(None), r.c.end > rows.c.on),
                     or_(r.c.obligation_id.is_(None), r.c.obligation_id == rows.c.obligation_id))
    # an obligation's own holder of a role replaces the contract-wide one
    has_own = func.max(case((r.c.obligation_id.is_not(None), 1), else_=0)).over(partition_by=(rows.c.key, r.c.role))
    values = [r.c.role, r.c.stage, o.c.id, o.c.name, o.c.post, o.c.agency_id]
    pairs = [x for k, v in zip(KEYS, values, strict=True) for x in (literal(k), v)]
    entry = (func.json_build_object if dialect == "postgresql" else func.json_object)(*pairs)
    matched = (select(rows.c.key, entry.label("entry"), r.c.obligation_id, has_own.label("has_own"),
                      r.c.role, r.c.start, r.c.id)
               .select_from(rows.join(r, in_office).join(o, o.c.id == r.c.official_id)).subquery("named_matched"))
    kept = or_(matched.c.obligation_id.is_not(None), matched.c.has_own == 0)
    if dialect == "postgresql":
        people = func.json_agg(aggregate_order_by(matched.c.entry, matched.c.role, matched.c.start, matched.c.id))
        return select(matched.c.key, people.label("people")).where(kept).group_by(matched.c.key).subquery("people")
    # SQLite aggregates the rows in the order the subquery gives them
    ordered = (select(matched.c.key, matched.c.entry).where(kept)
               .order_by(matched.c.key, matched.c.role, matched.c.start, matched.c.id).subquery("named_ordered"))
    return (select(ordered.c.key, func.json_group_array(func.json(ordered.c.entry)).label("people"))
            .group_by(ordered.c.key).subquery("people"))


def due_or_signed(contract_id: Any, due_date: Any) -> ColumnElement[Any]:
    """The date a finding names its officials for: its due date, or its contract's signing date
    for a clause without one."""
    c = Contract.__table__.alias("named_c")
    return func.coalesce(due_date, select(c.c.signed_on).where(c.c.id == contract_id).scalar_subquery())


def snapshot(session: Session, run_id: int, scope: tuple[int, ...] | None, full: bool) -> None:
    """Name the officials of the active findings that name nobody yet (none was recorded for their
    due date when they were found), of the contracts in ``scope`` or, in a full run, all: a
    responsibility recorded later is a change of its contract. The findings this run created were
    named as it created them."""
    dialect = session.get_bind().dialect.name
    mine = [F.c.needs_officials, F.c.state != FindingState.dismissed,
            or_(F.c.first_run_id.is_(None), F.c.first_run_id != run_id)]
    if not full:
        if not scope:
            return
        mine.append(in_ids(F.c.contract_id, scope))
    found = (select(F.c.id.label("key"), F.c.contract_id, F.c.obligation_id,
                    due_or_signed(F.c.contract_id, F.c.due_date).label("on"))
             .where(*mine).subquery("found"))
    people = people_of(dialect, found)
    session.execute(update(F).where(F.c.id == people.c.key)
                    .values(responsible_on_due_date=people.c.people, needs_officials=False))

