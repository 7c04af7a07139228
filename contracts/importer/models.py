"""ImportRun (导入任务): one spreadsheet import run in the background, the record of its job."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, deferred, mapped_column

from contracts.core import clock
from contracts.core.db import Base


class ImportRun(Base):
    """A stored spreadsheet, who asked for it to be checked or imported, and how far the job got.

    status: queued → running → done (checked, or imported), rejected (a real run with bad rows:
    nothing stored, the report lists them) or failed (``error`` says why in one line). Like a
    document's parse, this row and not Redis is the record of the work (``contracts.core.runs``):
    the reconciler re-queues a run whose job was lost. The file is kept (content-addressed under
    ``UPLOAD_DIR/imports``), so any run can be run again.
    """

    __tablename__ = "import_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    size: Mapped[int]
    dry_run: Mapped[bool]
    sheet: Mapped[str | None] = mapped_column(String(32))  # which sheet a CSV holds, when told
    status: Mapped[str] = mapped_column(String(16), default="queued", index=True)
    stage: Mapped[str | None] = mapped_column(String(16))  # reading / checking / writing, while running
    rows_done: Mapped[int] = mapped_column(default=0)
    rows_total: Mapped[int | None]  # known once the file is read
    problems: Mapped[int | None]  # bad rows in the report
    report: Mapped[dict[str, Any] | None] = deferred(mapped_column(JSON))  # ImportReport.as_dict()
    error: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(default=0)
    job_id: Mapped[str | None] = mapped_column(String(64))
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"), index=True)  # the requester's
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    queued_at: Mapped[datetime] = mapped_column(default=clock.now)
    started_at: Mapped[datetime | None]
    heartbeat_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
