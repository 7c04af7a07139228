"""HolidayYear: a year's State Council holiday schedule loaded by an admin (年度放假安排)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from contracts.core import clock
from contracts.core.db import Base


class HolidayYear(Base):
    """Holidays and 调休 working weekends of one year, for years the pinned chinesecalendar lacks."""

    __tablename__ = "holiday_years"

    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    holidays: Mapped[list[str]] = mapped_column(JSON)  # ISO dates that are statutory days off
    workdays: Mapped[list[str]] = mapped_column(JSON)  # ISO dates of weekends declared working days
    source: Mapped[str] = mapped_column(String(200), default="")  # e.g. 国办发明电〔2026〕x号
    loaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    loaded_at: Mapped[datetime] = mapped_column(default=clock.now)
