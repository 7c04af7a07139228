"""Contract (合同) with the fields of its kind, and ContractParty (合同相对方)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from contracts.core import clock
from contracts.core.db import Base
from contracts.organisations.models import Agency, Enterprise


class Contract(Base):
    """A government contract of one of four kinds; identified by (agency, code)."""

    __tablename__ = "contracts"
    __table_args__ = (UniqueConstraint("agency_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), index=True)
    code: Mapped[str] = mapped_column(String(80))
    title: Mapped[str] = mapped_column(String(300))
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    amount: Mapped[Decimal]
    signed_on: Mapped[date]
    status: Mapped[str] = mapped_column(String(16), default="active")
    # Terms the checker reads (all kinds)
    late_interest_daily_rate: Mapped[Decimal | None] = mapped_column(Numeric(9, 6))  # 约定逾期利率（日）
    acceptance_period_days: Mapped[int | None]  # 约定验收期限
    # 政府采购
    procurement_method: Mapped[str | None] = mapped_column(String(40))
    budget_amount: Mapped[Decimal | None]
    award_notice_on: Mapped[date | None]
    published_on: Mapped[date | None]
    filed_on: Mapped[date | None]
    # 招标投标
    estimated_price: Mapped[Decimal | None]
    bid_deposit: Mapped[Decimal | None]
    performance_bond: Mapped[Decimal | None]
    retention_amount: Mapped[Decimal | None]
    defects_period_months: Mapped[int | None]
    # PPP
    ppp_mode: Mapped[str | None] = mapped_column(String(16))  # BOT/TOT/ROT/BOO…
    cooperation_years: Mapped[int | None]
    ppp_stage: Mapped[str | None] = mapped_column(String(16))
    ppp_launched_on: Mapped[date | None]
    ppp_payment_mechanism: Mapped[str | None] = mapped_column(String(32))
    # 招商引资
    investment_project: Mapped[str | None] = mapped_column(String(300))
    promised_policies: Mapped[str | None] = mapped_column(Text)

    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    updated_at: Mapped[datetime] = mapped_column(default=clock.now, onupdate=clock.now)

    agency: Mapped[Agency] = relationship()
    parties: Mapped[list[ContractParty]] = relationship(
        back_populates="contract", cascade="all, delete-orphan", order_by="ContractParty.id")


class ContractParty(Base):
    """Links a contract to an enterprise in a role (supplier, winning bidder, investor…)."""

    __tablename__ = "contract_parties"
    __table_args__ = (UniqueConstraint("contract_id", "enterprise_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contracts.id"), index=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"), index=True)
    role: Mapped[str] = mapped_column(String(32))

    contract: Mapped[Contract] = relationship(back_populates="parties")
    enterprise: Mapped[Enterprise] = relationship()
