"""Finding (预警/违约发现), CheckRun (检查批次), rule parameter overrides and the checker's calendar table."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Numeric, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

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
    # States the checker resolves by itself when the breach is cured (an escalated finding keeps its
    # state for the credit office and only gets its cure date).
    AUTO_RESOLVABLE = frozenset({warning, open, notified, rectifying})


class Finding(Base):
    """What a rule found about one obligation or contract as of a date; one per fingerprint.

    The fingerprint ``rule|o<obligation id>|due date`` (or ``rule|c<contract id>|…`` for a contract
    finding, ``-`` when there is no due date) makes re-running idempotent. ``responsible_on_due_date``
    is a snapshot [{role, official_id, name, post, agency_id, stage}] of who held each responsibility
    role on the due date (the signing date for a clause with no deadline); the current holders are
    read live from the history. ``interest`` is an estimate: outstanding × ``interest_rate`` (per day)
    × days overdue.
    """

    __tablename__ = "findings"
    __table_args__ = (
        Index("ix_findings_state_rule", "state", "rule_id"),
        Index("ix_findings_needs_officials", "rule_id", postgresql_where=text("needs_officials"),
              sqlite_where=text("needs_officials")),
        # Room on each page lets the daily refresh of days overdue and interest stay a HOT update
        # (no index entries rewritten).
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
    days_overdue: Mapped[int] = mapped_column(default=0)
    warn_level: Mapped[int | None]  # for a warning: the smallest warning window (7/3/1 days) reached
    outstanding: Mapped[Decimal | None]
    interest: Mapped[Decimal | None]  # estimate of statutory / agreed late-payment interest
    interest_rate: Mapped[Decimal | None] = mapped_column(Numeric(9, 6))  # daily rate used (0.000500 = 万分之五)
    summary: Mapped[str] = mapped_column(String(500), default="")
    citation: Mapped[str] = mapped_column(String(500), default="")
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    aggravating: Mapped[str | None] = mapped_column(String(300))  # e.g. delay blamed on a change of leader
    responsible_on_due_date: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    needs_officials: Mapped[bool] = mapped_column(default=True)  # nobody named yet: looked up again each run
    first_found_on: Mapped[date]
    last_checked_on: Mapped[date]
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
