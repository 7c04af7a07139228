"""Agency (政府部门), Official (公务员/责任人) and Enterprise (企业)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from contracts.core import clock
from contracts.core.db import Base


class Agency(Base):
    """A government party: 采购人 / 招标人 / 实施机构 / 人民政府; USCC usually starts with 11."""

    __tablename__ = "agencies"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    uscc: Mapped[str] = mapped_column(String(18), unique=True)
    region_code: Mapped[str] = mapped_column(String(12), index=True)
    level: Mapped[str] = mapped_column(String(16), default="county")
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=clock.now)

    parent: Mapped[Agency | None] = relationship(remote_side="Agency.id")
    officials: Mapped[list[Official]] = relationship(back_populates="agency")


class Official(Base):
    """A person who can hold responsibility; posts change, history lives in Responsibility."""

    __tablename__ = "officials"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    post: Mapped[str] = mapped_column(String(120), default="")
    email: Mapped[str | None] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=clock.now)

    agency: Mapped[Agency] = relationship(back_populates="officials")


class Enterprise(Base):
    """The counterparty (供应商/中标人/社会资本方/投资方); ``is_sme`` as declared at signing."""

    __tablename__ = "enterprises"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    uscc: Mapped[str] = mapped_column(String(18), unique=True)
    is_sme: Mapped[bool] = mapped_column(default=False)
    email: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
