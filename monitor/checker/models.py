"""Finding (预警/违约发现), CheckRun (检查批次), rule parameter overrides and the checker's calendar table."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    and_,
    case,
    event,
    func,
    inspect,
    select,
    text,
    type_coerce,
)
from sqlalchemy.orm import Mapped, Session, column_property, mapped_column
from sqlalchemy.sql.elements import ColumnElement

from contracts.core import clock
from contracts.core.db import Base


class FindingState:
    """Finding lifecycle (DESIGN.md §3.7)."""

    warning = "warning"  # due soon (临期预警)
    open = "open"  # overdue (逾期)
    notified = "notified"  # agency told (已通知)
    rectifying = "rectifying"  # 限期整改 with a deadline
    escalated = "escalated"  # proposed dishonesty record (拟记入失信)
    resolved = "resolved"  # cured or fixed
    dismissed = "dismissed"  # decided not a breach, with reason

    ACTIVE = frozenset({warning, open, notified, rectifying, escalated})
    ALL = frozenset({warning, open, notified, rectifying, escalated, resolved, dismissed})
    SETTLED = frozenset({resolved, dismissed})  # handled: nothing more is owed on it
    # States the checker resolves by itself when the breach is cured (an escalated finding keeps its
    # state for the credit office and only gets its cure date).
    AUTO_RESOLVABLE = frozenset({warning, open, notified, rectifying})
    LABELS_ZH = {warning: "临期预警", open: "逾期", notified: "已通知", rectifying: "整改中",
                 escalated: "拟记入失信", resolved: "已办结", dismissed: "不予认定"}


class Finding(Base):
    """What a rule found about one obligation or contract as of a date; one per fingerprint.

    The fingerprint ``rule|o<obligation id>|due date`` (or ``rule|c<contract id>|…`` for a contract
    finding, ``-`` when there is no due date) makes re-running idempotent. ``responsible_on_due_date``
    is a snapshot [{role, official_id, name, post, agency_id, stage}] of who held each responsibility
    role on the due date (the signing date for a clause with no deadline); the current holders are
    read live from the history. ``interest`` is an estimate: outstanding × ``interest_rate`` (per day)
    × days overdue.

    ``days_overdue``, ``interest`` and ``last_checked_on`` are read as of the latest finished check
    run (see ``figures``): an active breach grows by a day each day without being rewritten; the
    ``recorded_*`` columns hold the figures as the checker last wrote them, which stand for a
    finding that no longer grows (cured, resolved, dismissed, or not yet due).
    """

    __tablename__ = "findings"
    __table_args__ = (
        Index("ix_findings_state_rule", "state", "rule_id"),
        Index("ix_findings_needs_officials", "rule_id", postgresql_where=text("needs_officials"),
              sqlite_where=text("needs_officials")),
        # Room on each page lets a warning's daily level change stay a HOT update (no index
        # entries rewritten).
        {"postgresql_with": {"fillfactor": 70}},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64), unique=True)
    rule_id: Mapped[str] = mapped_column(String(64), index=True)
    severity: Mapped[str] = mapped_column(String(16), default="general")  # review / minor / general / serious
    contract_id: Mapped[int] = mapped_column(ForeignKey("contracts.id"), index=True)
    obligation_id: Mapped[int | None] = mapped_column(ForeignKey("obligations.id"), index=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    state: Mapped[str] = mapped_column(String(16), default=FindingState.open)
    due_date: Mapped[date | None]
    recorded_days_overdue: Mapped[int] = mapped_column("days_overdue", default=0)
    warn_level: Mapped[int | None]  # for a warning: the smallest warning window (7/3/1 days) reached
    outstanding: Mapped[Decimal | None]
    recorded_interest: Mapped[Decimal | None] = mapped_column("interest", Numeric(18, 2))  # late-payment interest estimate
    interest_rate: Mapped[Decimal | None] = mapped_column(Numeric(9, 6))  # daily rate used (0.000500 = 万分之五)
    summary: Mapped[str] = mapped_column(String(500), default="")
    citation: Mapped[str] = mapped_column(String(500), default="")
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    aggravating: Mapped[str | None] = mapped_column(String(300))  # e.g. delay blamed on a change of leader
    responsible_on_due_date: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    needs_officials: Mapped[bool] = mapped_column(default=True)  # nobody named yet: looked up again each run
    first_found_on: Mapped[date]
    recorded_checked_on: Mapped[date] = mapped_column("last_checked_on")
    cured_on: Mapped[date | None]  # when the breach was remedied (paid / fulfilled / done late)
    rectify_deadline: Mapped[date | None]  # 限期整改 deadline
    explanation: Mapped[str | None] = mapped_column(Text)  # the agency's 书面说明
    resolution_reason: Mapped[str | None] = mapped_column(String(500))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))  # who resolved / dismissed by hand
    first_run_id: Mapped[int | None] = mapped_column(index=True)  # the CheckRun that created it
    state_changed_at: Mapped[datetime] = mapped_column(default=clock.now)
    created_at: Mapped[datetime] = mapped_column(default=clock.now)


class CheckRun(Base):
    """One run of the checker as of a date: when, how long, what it found; the record of the job."""

    __tablename__ = "check_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    as_of: Mapped[date]
    status: Mapped[str] = mapped_column(String(16), default="queued")  # queued/running/done/failed
    trigger: Mapped[str] = mapped_column(String(16), default="manual")  # manual/api/schedule/start
    rules_done: Mapped[int] = mapped_column(default=0)
    rules_total: Mapped[int] = mapped_column(default=0)
    created: Mapped[int] = mapped_column(default=0)
    updated: Mapped[int] = mapped_column(default=0)
    resolved: Mapped[int] = mapped_column(default=0)
    obligations_checked: Mapped[int] = mapped_column(default=0)
    full: Mapped[bool] = mapped_column(default=False)  # asked to recompute every candidate
    mode: Mapped[str | None] = mapped_column(String(16))  # full / changes: what the run re-judged
    # per rule {rule_id: {created, updated, resolved, seconds}} and notes such as unpublished calendars
    per_rule: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    notes: Mapped[list[str]] = mapped_column(JSON, default=list)
    error: Mapped[str | None] = mapped_column(Text)
    job_id: Mapped[str | None] = mapped_column(String(64))
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    queued_at: Mapped[datetime] = mapped_column(default=clock.now)
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]

    @property
    def seconds(self) -> float | None:
        """How long the run took (None until it finished)."""
        if self.started_at is None or self.finished_at is None:
            return None
        return round((self.finished_at - self.started_at).total_seconds(), 3)


def counted_to(day: Any) -> tuple[ColumnElement[Any], ColumnElement[Any]]:
    """A finding's days overdue and interest estimate counted up to ``day`` (a date expression):
    no days before its due date; the recorded interest when it has no amount or rate."""
    from monitor.checker.sql import days_between

    t = Finding.__table__
    late = and_(t.c.due_date.is_not(None), t.c.due_date < day)
    days = case((late, days_between(t.c.due_date, day)), else_=0)
    interest = case((and_(t.c.outstanding.is_not(None), t.c.interest_rate.is_not(None)),
                     func.round(t.c.outstanding * t.c.interest_rate * days, 2)), else_=t.c.interest)
    return days, interest


def figures() -> dict[str, ColumnElement[Any]]:
    """``last_checked_on``, ``days_overdue`` and ``interest`` of a finding as SQL, as of the latest
    finished run (检查截至日): an active, uncured breach is counted to that date; any other finding
    keeps the figures the checker recorded."""
    t = Finding.__table__
    through = (select(func.max(CheckRun.as_of)).where(CheckRun.status == "done")
               .correlate(None).scalar_subquery())
    active = t.c.state.in_(sorted(FindingState.ACTIVE))
    checked = case((and_(active, through > t.c.last_checked_on), through), else_=t.c.last_checked_on)
    growing = and_(active, t.c.cured_on.is_(None), t.c.due_date.is_not(None), t.c.due_date < checked)
    days_now, interest_now = counted_to(checked)
    return {"last_checked_on": type_coerce(checked, Date),
            "days_overdue": type_coerce(case((growing, days_now), else_=t.c.days_overdue), Integer),
            "interest": type_coerce(case((growing, interest_now), else_=t.c.interest), Numeric(18, 2))}


_figures = figures()
Finding.last_checked_on = column_property(_figures["last_checked_on"])
Finding.days_overdue = column_property(_figures["days_overdue"])
Finding.interest = column_property(_figures["interest"])


@event.listens_for(Session, "before_flush")
def _freeze_figures(session: Session, context: Any, instances: Any) -> None:
    """A finding that stops growing (resolved, dismissed, or given a cure date by a person) keeps
    the figures it showed: they are recorded before its state changes."""
    for obj in session.dirty:
        if not isinstance(obj, Finding):
            continue
        attrs = inspect(obj).attrs
        if attrs.state.history.has_changes() or attrs.cured_on.history.has_changes():
            with session.no_autoflush:
                obj.recorded_days_overdue = obj.days_overdue
                obj.recorded_interest = obj.interest
                obj.recorded_checked_on = obj.last_checked_on


class RuleParameter(Base):
    """A deployment's override of one rule parameter (规则参数), set by an administrator."""

    __tablename__ = "rule_parameters"

    rule_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)
    reason: Mapped[str] = mapped_column(String(300), default="")
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(default=clock.now, onupdate=clock.now)


class CalendarDay(Base):
    """One day of the official calendar as a table, so rules count deadlines in SQL (日历表).

    Derived from ``contracts.calendar`` (chinesecalendar plus admin-loaded years) and rebuilt by the
    checker when that changes; it covers only the contiguous published years, so a deadline beyond
    them comes out NULL ("calendar not yet published") instead of being guessed.
    """

    __tablename__ = "checker_calendar"

    day: Mapped[date] = mapped_column(primary_key=True)
    workday: Mapped[bool]
    next_workday: Mapped[date | None]  # first working day on or after ``day``
    workdays_through: Mapped[int]  # working days from the first covered day up to ``day`` inclusive
    workday_no: Mapped[int | None] = mapped_column(unique=True)  # ``workdays_through`` on working days only


class CalendarState(Base):
    """The signature of the schedules ``checker_calendar`` was built from (one row)."""

    __tablename__ = "checker_calendar_state"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False, default=1)
    signature: Mapped[str] = mapped_column(String(64))
    first_day: Mapped[date]
    last_day: Mapped[date]
    built_at: Mapped[datetime] = mapped_column(default=clock.now)


class CheckCandidate(Base):
    """One deadline or defect a rule derives from the registry, whatever the date (检查候选).

    The checker keeps every rule's rows here, independent of the date judged: a finding is what a
    candidate amounts to as of a date (not yet due, a warning, a breach, cured). A run recomputes
    the candidates of the contracts that changed since the last run (``contracts.registry.changes``)
    and judges again only those and the candidates whose state or warning level the passing days
    moved; a full run recomputes them all.
    """

    __tablename__ = "checker_candidates"
    __table_args__ = (Index("ix_checker_candidates_rule_due", "rule_id", "due_date"),)

    fingerprint: Mapped[str] = mapped_column(String(64), primary_key=True)
    rule_id: Mapped[str] = mapped_column(String(64))
    contract_id: Mapped[int] = mapped_column(index=True)
    obligation_id: Mapped[int | None]
    agency_id: Mapped[int]
    due_date: Mapped[date | None]
    cured_on: Mapped[date | None]
    outstanding: Mapped[Decimal | None]
    interest_rate: Mapped[Decimal | None] = mapped_column(Numeric(9, 6))
    citation: Mapped[str] = mapped_column(String(500))
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    aggravating: Mapped[str | None] = mapped_column(String(300))


class CheckCandidateState(Base):
    """What the stored candidates were built from (one row): the rules, parameters and calendar
    (``signature``), the latest date judged, and when they were last rebuilt in full."""

    __tablename__ = "checker_candidate_state"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False, default=1)
    signature: Mapped[str] = mapped_column(String(64))
    as_of: Mapped[date]
    full_as_of: Mapped[date]
    built_at: Mapped[datetime] = mapped_column(default=clock.now)
