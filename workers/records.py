"""Daily record jobs (失信记录定时任务): escalate uncured findings, end expired publicity."""

from __future__ import annotations

from contracts.core import clock
from contracts.core.db import db
from workers.context import job_context


def daily() -> dict[str, int]:
    """Propose records for findings past their rectification deadline; expire records past their period."""
    from monitor.records import services

    with job_context() as session:
        today = clock.today()
        proposed = services.escalate_overdue(session, today)
        expired = services.expire_due(session, today)
        db.commit()
        return {"proposed": len(proposed), "expired": len(expired)}
