"""Finding (预警/违约发现) and CheckRun (检查批次)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text
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


class Finding(Base):
    """What a rule found about one obligation or contract as of a date; one per fingerprint.

    The fingerprint (rule, obligation or contract, due date) makes re-running idempotent.
    ``responsible_on_due_date`` is a snapshot [{role, official_id, name, agency_id}] of who held each
    responsibility role on the due date; the current holders are read live from the history.
    """

    __tablename__ = "findings"
    __table_args__ = (Index("ix_findings_state_rule", "state", "rule_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64), unique=True)
    rule_id: Mapped[str] = mapped_column(String(64), index=True)
    severity: Mapped[str] = mapped_column(String(16), default="general")  # minor / general / serious
    contract_id: Mapped[int] = mapped_column(ForeignKey("contracts.id"), index=True)
    obligation_id: Mapped[int | None] = mapped_column(ForeignKey("obligations.id"), index=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    state: Mapped[str] = mapped_column(String(16), default=FindingState.open)
    due_date: Mapped[date | None]
    days_overdue: Mapped[int] = mapped_column(default=0)
    outstanding: Mapped[Decimal | None]
    interest: Mapped[Decimal | None]  # estimate of statutory / agreed late-payment interest
    summary: Mapped[str] = mapped_column(String(500), default="")
    citation: Mapped[str] = mapped_column(String(500), default="")
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    aggravating: Mapped[str | None] = mapped_column(String(300))  # e.g. delay blamed on a change of leader
    responsible_on_due_date: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    first_found_on: Mapped[date]
    last_checked_on: Mapped[date]
    cured_on: Mapped[date | None]  # when the breach was remedied (paid / fulfilled)
    rectify_deadline: Mapped[date | None]  # 限期整改 deadline
    explanation: Mapped[str | None] = mapped_column(Text)  # the agency's 书面说明
    resolution_reason: Mapped[str | None] = mapped_column(String(500))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
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
    error: Mapped[str | None] = mapped_column(Text)
    job_id: Mapped[str | None] = mapped_column(String(64))
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    queued_at: Mapped[datetime] = mapped_column(default=clock.now)
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
