"""Obligation (履约义务), ContractEvent (履约事件) and Payment (付款记录)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Index, Numeric, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from contracts.core import clock
from contracts.core.db import Base
from contracts.registry.models import Contract


class Obligation(Base):
    """Something one side owes, with a due rule: a fixed date, or N units after an event.

    ``due_date`` is derived (null until the event it hangs on is recorded); ``paid_total`` is the
    sum of its payments, kept by the payment service in the same transaction, never typed in.
    """

    __tablename__ = "obligations"
    __table_args__ = (
        Index("ix_obligations_open_due", "status", "due_date"),
        # the few waiting for their year's holiday calendar: counted by every check run
        Index("ix_obligations_undated", "status", postgresql_where=text("due_date_error IS NOT NULL"),
              sqlite_where=text("due_date_error IS NOT NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contracts.id"), index=True)
    debtor: Mapped[str] = mapped_column(String(16), default="government")
    kind: Mapped[str] = mapped_column(String(24))
    description: Mapped[str] = mapped_column(String(500), default="")
    amount: Mapped[Decimal | None]
    percent: Mapped[Decimal | None] = mapped_column(Numeric(7, 4))
    due_on: Mapped[date | None]  # a fixed due date written in the contract
    due_event: Mapped[str | None] = mapped_column(String(24))
    due_offset: Mapped[int | None]
    due_unit: Mapped[str | None] = mapped_column(String(16))
    due_date: Mapped[date | None] = mapped_column(index=True)  # derived
    due_date_error: Mapped[str | None] = mapped_column(String(300))  # e.g. calendar not published
    paid_total: Mapped[Decimal] = mapped_column(default=Decimal("0.00"))
    status: Mapped[str] = mapped_column(String(16), default="open")
    fulfilled_on: Mapped[date | None]
    delay_reason: Mapped[str | None] = mapped_column(String(300))  # 迟延原因 as recorded by staff
    source: Mapped[str] = mapped_column(String(16), default="manual")
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    source_page: Mapped[int | None]
    source_text: Mapped[str | None] = mapped_column(Text)
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    confirmed_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=clock.now)

    contract: Mapped[Contract] = relationship()
    payments: Mapped[list[Payment]] = relationship(back_populates="obligation", order_by="Payment.paid_on")

    @property
    def outstanding(self) -> Decimal | None:
        if self.amount is None:
            return None
        return max(self.amount - (self.paid_total or Decimal("0")), Decimal("0.00"))

    @property
    def due(self) -> dict:
        """The due rule in the extraction JSON shape."""
        if self.due_on is not None:
            return {"date": self.due_on.isoformat()}
        return {"event": self.due_event, "offset": self.due_offset, "unit": self.due_unit}


class ContractEvent(Base):
    """A dated fact of performance (验收合格 on 2025-03-02); one per type and contract."""

    __tablename__ = "contract_events"
    __table_args__ = (UniqueConstraint("contract_id", "type"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contracts.id"), index=True)
    type: Mapped[str] = mapped_column(String(24))
    occurred_on: Mapped[date]
    evidence: Mapped[str] = mapped_column(String(500), default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=clock.now)


class Payment(Base):
    """Money actually paid against an obligation (partial payments allowed, never more than owed)."""

    __tablename__ = "payments"

    id: Mapped[int] = mapped_column(primary_key=True)
    obligation_id: Mapped[int] = mapped_column(ForeignKey("obligations.id"), index=True)
    amount: Mapped[Decimal]
    paid_on: Mapped[date]
    voucher: Mapped[str] = mapped_column(String(120), default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=clock.now)

    obligation: Mapped[Obligation] = relationship(back_populates="payments")
