"""ReportExport (报表导出任务): a report built by a background job, then downloaded."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from contracts.core import clock
from contracts.core.db import Base


class ExportStatus:
    queued = "queued"
    running = "running"
    done = "done"
    failed = "failed"


class ReportExport(Base):
    """One requested export: which report with which parameters, its progress and its file."""

    __tablename__ = "report_exports"

    id: Mapped[int] = mapped_column(primary_key=True)
    report: Mapped[str] = mapped_column(String(32))  # contract_lookback / official_lookback / scoreboard
    format: Mapped[str] = mapped_column(String(8))  # xlsx / pdf / csv
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(16), default=ExportStatus.queued)
    progress: Mapped[int] = mapped_column(default=0)  # percent, 0-100
    file_path: Mapped[str | None] = mapped_column(String(300))  # relative to REPORT_DIR
    file_name: Mapped[str | None] = mapped_column(String(200))  # the download name
    size_bytes: Mapped[int | None]
    error: Mapped[str | None] = mapped_column(Text)
    job_id: Mapped[str | None] = mapped_column(String(64))
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
