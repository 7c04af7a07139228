"""DishonestyRecord (政务失信记录), its officials and findings, Objection (异议),
RepairApplication (信用修复申请) and Attachment (证据材料).

Nothing here is ever deleted: a revoked, dismissed or repaired record keeps its row, its status and
the reason; every change is in the audit trail.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from contracts.core import clock
from contracts.core.db import Base


class RecordStatus(StrEnum):
    proposed = "proposed"  # 拟记入（待认定）
    published = "published"  # 已认定公示
    objected = "objected"  # 异议处理中
    upheld = "upheld"  # 异议后维持
    corrected = "corrected"  # 已更正
    revoked = "revoked"  # 已撤销（保留并注明理由）
    repaired = "repaired"  # 已信用修复（提前结束公示）
    expired = "expired"  # 公示期满
    dismissed = "dismissed"  # 不予认定
    exempted = "exempted"  # 容错免责


# Shown on the public list while in the publicity period (公示期内).
PUBLIC_STATUSES = frozenset({RecordStatus.published, RecordStatus.objected, RecordStatus.upheld,
                             RecordStatus.corrected})
# Public and not under objection: can be amended, repaired, expired.
STANDING_STATUSES = frozenset({RecordStatus.published, RecordStatus.upheld, RecordStatus.corrected})
# In force or on its way (proposed, or public): one such record per unpaid obligation is enough.
LIVE_STATUSES = frozenset({RecordStatus.proposed, *PUBLIC_STATUSES})


class RecordCategory(StrEnum):
    arrears = "arrears"  # 拖欠账款
    promise_broken = "promise_broken"  # 不履行承诺
    contract_breach = "contract_breach"  # 违约毁约
    bidding_dishonesty = "bidding_dishonesty"  # 招标投标失信
    disclosure_failure = "disclosure_failure"  # 信息公开失职
    other = "other"  # 其他


class Severity(StrEnum):
    minor = "minor"  # 轻微
    general = "general"  # 一般
    serious = "serious"  # 严重


LABELS_ZH: dict[str, str] = {
    "proposed": "拟记入", "published": "公示中", "objected": "异议处理中", "upheld": "异议后维持",
    "corrected": "已更正", "revoked": "已撤销", "repaired": "已信用修复", "expired": "公示期满",
    "dismissed": "不予认定", "exempted": "容错免责",
    "arrears": "拖欠账款", "promise_broken": "不履行承诺", "contract_breach": "违约毁约",
    "bidding_dishonesty": "招标投标失信", "disclosure_failure": "信息公开失职", "other": "其他",
    "minor": "轻微", "general": "一般", "serious": "严重",
}


class DishonestyRecord(Base):
    """A decided (or proposed) government breach: agency, officials, facts, basis, severity, publicity."""

    __tablename__ = "dishonesty_records"
    __table_args__ = (Index("ix_dishonesty_records_status_end", "status", "publicity_end"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    contract_id: Mapped[int | None] = mapped_column(ForeignKey("contracts.id"), index=True)
    obligation_id: Mapped[int | None] = mapped_column(ForeignKey("obligations.id"))
    origin: Mapped[str] = mapped_column(String(16), default="escalation")  # escalation / complaint / manual
    category: Mapped[str] = mapped_column(String(24))
    severity: Mapped[str] = mapped_column(String(16), default=Severity.general)
    facts: Mapped[str] = mapped_column(Text)
    legal_basis: Mapped[str] = mapped_column(Text)
    due_date: Mapped[date | None]
    outstanding: Mapped[Decimal | None]  # owed when proposed
    interest: Mapped[Decimal | None]  # late-payment interest estimate when proposed
    status: Mapped[str] = mapped_column(String(16), default=RecordStatus.proposed, index=True)
    status_reason: Mapped[str | None] = mapped_column(String(500))  # why dismissed / revoked / corrected
    proposed_on: Mapped[date]
    proposed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_on: Mapped[date | None]  # 认定 date; the publicity period counts from it
    publicity_months: Mapped[int | None]
    publicity_start: Mapped[date | None]
    publicity_end: Mapped[date | None]  # last day shown publicly
    ended_on: Mapped[date | None]  # repaired / expired / revoked on
    exemption_grounds: Mapped[str | None] = mapped_column(Text)  # 容错纠错 grounds
    exemption_basis: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    updated_at: Mapped[datetime] = mapped_column(default=clock.now, onupdate=clock.now)

    officials: Mapped[list[RecordOfficial]] = relationship(
        back_populates="record", order_by="RecordOfficial.id", cascade="save-update, merge")
    finding_links: Mapped[list[RecordFinding]] = relationship(
        back_populates="record", order_by="RecordFinding.finding_id", cascade="save-update, merge")

    @property
    def finding_ids(self) -> list[int]:
        return [link.finding_id for link in self.finding_links]

    def named(self, capacity: str) -> list[RecordOfficial]:
        """The officials of the latest snapshot in ``capacity`` (on_due_date / current)."""
        rows = [o for o in self.officials if o.capacity == capacity]
        latest = max((o.as_of for o in rows), default=None)
        return [o for o in rows if o.as_of == latest]


class RecordOfficial(Base):
    """An official named in a record: who held a role on the due date (``on_due_date``) or at a later
    date (``current``, taken when proposed and again when published; the latest ``as_of`` is shown)."""

    __tablename__ = "record_officials"
    __table_args__ = (UniqueConstraint("record_id", "capacity", "as_of", "role", "official_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("dishonesty_records.id"), index=True)
    capacity: Mapped[str] = mapped_column(String(16))  # on_due_date / current
    as_of: Mapped[date]  # the date the snapshot describes
    role: Mapped[str] = mapped_column(String(32))
    official_id: Mapped[int] = mapped_column(ForeignKey("officials.id"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    post: Mapped[str] = mapped_column(String(120), default="")
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"))

    record: Mapped[DishonestyRecord] = relationship(back_populates="officials")


class RecordFinding(Base):
    """A finding behind a record. A finding backs at most one live record (escalation is
    idempotent); once that record is dropped (dismissed, exempted, revoked) it may back another."""

    __tablename__ = "record_findings"

    record_id: Mapped[int] = mapped_column(ForeignKey("dishonesty_records.id"), primary_key=True)
    finding_id: Mapped[int] = mapped_column(ForeignKey("findings.id"), primary_key=True, index=True)

    record: Mapped[DishonestyRecord] = relationship(back_populates="finding_links")


class ObjectionStatus(StrEnum):
    received = "received"  # 已受理
    verifying = "verifying"  # 核查中
    answered = "answered"  # 已答复


class Objection(Base):
    """异议: a challenge to a published record; answered within ``answer_due`` (working days)."""

    __tablename__ = "objections"

    id: Mapped[int] = mapped_column(primary_key=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("dishonesty_records.id"), index=True)
    filed_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    filer_kind: Mapped[str] = mapped_column(String(16))  # agency / official / enterprise
    official_id: Mapped[int | None] = mapped_column(ForeignKey("officials.id"))
    enterprise_id: Mapped[int | None] = mapped_column(ForeignKey("enterprises.id"))
    grounds: Mapped[str] = mapped_column(Text)
    requested: Mapped[str] = mapped_column(String(16))  # correct / revoke
    status: Mapped[str] = mapped_column(String(16), default=ObjectionStatus.received, index=True)
    received_at: Mapped[datetime] = mapped_column(default=clock.now)
    received_on: Mapped[date]
    answer_due: Mapped[date | None]  # null while the calendar of that year is unpublished
    answer_due_error: Mapped[str | None] = mapped_column(String(300))
    verified_at: Mapped[datetime | None]
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    verification_note: Mapped[str | None] = mapped_column(Text)
    answered_at: Mapped[datetime | None]
    answered_on: Mapped[date | None]
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    outcome: Mapped[str | None] = mapped_column(String(16))  # upheld / corrected / revoked
    answer: Mapped[str | None] = mapped_column(Text)
    changes: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    record: Mapped[DishonestyRecord] = relationship()


class RepairStatus(StrEnum):
    submitted = "submitted"  # 已提交
    approved = "approved"  # 准予修复
    rejected = "rejected"  # 不予修复
    closed = "closed"  # 已终止: the record was revoked or its publicity ended before a decision


class RepairApplication(Base):
    """信用修复申请: the remedy (payments in the registry), a public credit commitment, the decision."""

    __tablename__ = "repair_applications"

    id: Mapped[int] = mapped_column(primary_key=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("dishonesty_records.id"), index=True)
    applicant_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    commitment: Mapped[str] = mapped_column(Text)  # 信用承诺 (public)
    statement: Mapped[str] = mapped_column(Text, default="")
    interest_payment_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    case: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # the remedy as filed
    status: Mapped[str] = mapped_column(String(16), default=RepairStatus.submitted, index=True)
    filed_on: Mapped[date]
    filed_at: Mapped[datetime] = mapped_column(default=clock.now)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_on: Mapped[date | None]
    decision_reason: Mapped[str | None] = mapped_column(String(1000))

    record: Mapped[DishonestyRecord] = relationship()


class Attachment(Base):
    """An evidence file (证据材料), stored once by SHA-256 under UPLOAD_DIR/evidence and linked to one owner."""

    __tablename__ = "attachments"
    __table_args__ = (Index("ix_attachments_owner", "owner_type", "owner_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    size: Mapped[int]
    content_type: Mapped[str] = mapped_column(String(100), default="application/octet-stream")
    uploaded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    owner_type: Mapped[str | None] = mapped_column(String(24))  # objection / repair / complaint / complaint_message
    owner_id: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
