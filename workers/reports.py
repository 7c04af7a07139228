"""Report export jobs (报表导出任务): build one ReportExport's file and record progress."""

from __future__ import annotations

import logging

from flask import current_app

from contracts.core import clock
from contracts.core.db import db
from contracts.core.errors import DomainError
from monitor.reports import service
from monitor.reports.models import ExportStatus, ReportExport
from workers.context import job_context

log = logging.getLogger(__name__)


def build_export(export_id: int) -> str:
    """Build the export ``export_id``; on failure mark it failed with the reason, then re-raise."""
    with job_context() as session:
        export = session.get(ReportExport, export_id)
        if export is None:
            log.warning("report export %s vanished before its job ran", export_id)
            return "missing"
        if export.status == ExportStatus.done:
            return "done"
        try:
            service.run_export(session, export, dict(current_app.config), db.commit)
        except Exception as exc:
            db.rollback()
            export = session.get(ReportExport, export_id)
            if export is not None:
                export.status, export.finished_at = ExportStatus.failed, clock.now()
                export.error = str(exc) if isinstance(exc, DomainError) else f"{type(exc).__name__}: {exc}"
                db.commit()
            raise
        return export.file_path or ""
