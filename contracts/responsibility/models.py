"""Responsibility (责任分工): official × contract (× obligation or PPP stage) × role × [start, end)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from contracts.core import clock
from contracts.core.db import Base
from contracts.organisations.models import Official


class Responsibility(Base):
    """One tenure of one role; append-only: a handover (交接) ends a row and starts the next."""

    __tablename__ = "responsibilities"
    __table_args__ = (Index("ix_responsibilities_lookup", "contract_id", "role", "start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contracts.id"), index=True)
    obligation_id: Mapped[int | None] = mapped_column(ForeignKey("obligations.id"))
    stage: Mapped[str | None] = mapped_column(String(16))
    official_id: Mapped[int] = mapped_column(ForeignKey("officials.id"), index=True)
    role: Mapped[str] = mapped_column(String(32))
    start: Mapped[date]
    end: Mapped[date | None]  # exclusive; null while current
    handover_reason: Mapped[str] = mapped_column(String(300), default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=clock.now)

    official: Mapped[Official] = relationship()
