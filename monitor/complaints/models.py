"""Complaint (投诉举报) from an enterprise, its steps, messages and the findings and records it led to."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from contracts.core import clock
from contracts.core.db import Base


class ComplaintCategory(StrEnum):
    unpaid_works = "unpaid_works"  # 拖欠工程款
    unpaid_goods = "unpaid_goods"  # 拖欠物资采购款
    deposit_not_returned = "deposit_not_returned"  # 保证金未退还
    investment_promise = "investment_promise"  # 招商引资承诺不兑现
    other = "other"  # 其他


class ComplaintStatus(StrEnum):
    submitted = "submitted"  # 已提交，待受理
    accepted = "accepted"  # 已受理，待复核
    reviewed = "reviewed"  # 已复核，待认定
    determined = "determined"  # 认定属实，待督办
    supervised = "supervised"  # 督办中，待办结
    recorded = "recorded"  # 已记入信用记录
    resolved = "resolved"  # 督办后已整改，办结
    rejected = "rejected"  # 不予受理 / 查证不属实


CLOSED_STATUSES = frozenset({ComplaintStatus.recorded, ComplaintStatus.resolved, ComplaintStatus.rejected})

# The step awaited in each open status, whose deadline is COMPLAINT_STEP_WORKING_DAYS[step].
NEXT_STEP: dict[str, str] = {
    ComplaintStatus.submitted: "accept",  # 受理
    ComplaintStatus.accepted: "review",  # 复核
    ComplaintStatus.reviewed: "determine",  # 认定
    ComplaintStatus.determined: "supervise",  # 督办
    ComplaintStatus.supervised: "record",  # 记入信用记录（或整改办结）
}

LABELS_ZH: dict[str, str] = {
    "unpaid_works": "拖欠工程款", "unpaid_goods": "拖欠物资采购款", "deposit_not_returned": "保证金未退还",
    "investment_promise": "招商引资承诺不兑现", "other": "其他",
    "submitted": "待受理", "accepted": "已受理", "reviewed": "已复核", "determined": "已认定",
    "supervised": "督办中", "recorded": "已记入信用记录", "resolved": "已整改办结", "rejected": "不予受理/不属实",
    "accept": "受理", "review": "复核", "determine": "认定", "supervise": "督办", "record": "记入信用记录",
    "resolve": "整改办结", "reject": "驳回",
}


class Complaint(Base):
    """An enterprise's complaint about a contract or an agency, walked through 受理→复核→认定→督办→记入."""

    __tablename__ = "complaints"

    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"), index=True)
    filed_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    contract_id: Mapped[int | None] = mapped_column(ForeignKey("contracts.id"), index=True)
    category: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    amount: Mapped[Decimal | None]  # the sum the enterprise says it is owed
    status: Mapped[str] = mapped_column(String(16), default=ComplaintStatus.submitted, index=True)
    handler_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    step_due: Mapped[date | None] = mapped_column(index=True)  # deadline of the awaited step
    step_due_error: Mapped[str | None] = mapped_column(String(300))
    submitted_on: Mapped[date]
    closed_on: Mapped[date | None]
    outcome: Mapped[str | None] = mapped_column(Text)  # what the complainant is told at the end
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    updated_at: Mapped[datetime] = mapped_column(default=clock.now, onupdate=clock.now)

    steps: Mapped[list[ComplaintStep]] = relationship(back_populates="complaint", order_by="ComplaintStep.id")
    messages: Mapped[list[ComplaintMessage]] = relationship(back_populates="complaint",
                                                            order_by="ComplaintMessage.id")
    finding_links: Mapped[list[ComplaintFinding]] = relationship(order_by="ComplaintFinding.finding_id")
    record_links: Mapped[list[ComplaintRecord]] = relationship(order_by="ComplaintRecord.record_id")

    @property
    def finding_ids(self) -> list[int]:
        return [x.finding_id for x in self.finding_links]

    @property
    def record_ids(self) -> list[int]:
        return [x.record_id for x in self.record_links]


class ComplaintStep(Base):
    """One step taken on a complaint: who, when, from which status to which, its deadline, whether late."""

    __tablename__ = "complaint_steps"

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id"), index=True)
    step: Mapped[str] = mapped_column(String(16))  # submit/accept/review/determine/supervise/record/resolve/reject/assign
    from_status: Mapped[str | None] = mapped_column(String(16))
    to_status: Mapped[str] = mapped_column(String(16))
    on: Mapped[date]
    at: Mapped[datetime] = mapped_column(default=clock.now)
    by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    note: Mapped[str] = mapped_column(Text, default="")
    due: Mapped[date | None]  # the deadline this step had
    late: Mapped[bool] = mapped_column(default=False)

    complaint: Mapped[Complaint] = relationship(back_populates="steps")


class ComplaintMessage(Base):
    """A message between the complainant and the handlers."""

    __tablename__ = "complaint_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    from_complainant: Mapped[bool]
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=clock.now)

    complaint: Mapped[Complaint] = relationship(back_populates="messages")


class ComplaintFinding(Base):
    __tablename__ = "complaint_findings"

    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id"), primary_key=True)
    finding_id: Mapped[int] = mapped_column(ForeignKey("findings.id"), primary_key=True)


class ComplaintRecord(Base):
    __tablename__ = "complaint_records"

    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id"), primary_key=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("dishonesty_records.id"), primary_key=True)
