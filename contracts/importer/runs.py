"""Import runs (导入任务): the spreadsheet is stored first, then checked or imported by a background job.

``start`` stores the file (content-addressed under ``UPLOAD_DIR/imports``), records an
``ImportRun`` and queues its job, which is sent after commit (in the embedded default it runs
in-process: on the server's job thread, or inline). The job's steps (``begin_run``, ``record_progress``, ``finish``,
``mark_failed``) live here, so ``workers.imports`` stays a thin entry point; claiming, ownership
and the judgement of a lost job are ``contracts.core.runs``, as for a document's parse.
``reconcile`` re-queues runs whose job was lost. ``rerun`` runs a stored file again as a new run:
a failed one, a refused one after the registry was corrected, or the real run of a checked file.
``services.run_import`` does all the checking and writing, as for the synchronous API.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from enum import StrEnum
from pathlib import Path
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from contracts.access.permissions import Permission, require
from contracts.core import clock, jobs, runs
from contracts.core.enums import Role
from contracts.core.errors import Conflict, DomainError, NotFound, msg, upload_too_large
from contracts.core.runs import ReconcileReport
from contracts.documents.services import clean_filename
from contracts.documents.storage import BlobStore
from contracts.importer.models import ImportRun
from contracts.importer.reader import sniff
from contracts.importer.services import ImportReport, check_sheet

log = logging.getLogger(__name__)

IMPORT_JOB = "workers.imports.run_import"
IMPORT_TIMEOUT = 3600
"""Seconds one run may take (1,000,000 obligations take a few minutes)."""
IMPORT_RETRIES = 3
"""rq retries (with back-off) for transient faults; a bad file is never retried."""
MAX_ATTEMPTS = 5
"""Runs of one import (retries and re-queues together) before the reconciler gives up."""


class RunStatus(StrEnum):
    queued = "queued"  # 排队中
    running = "running"  # 进行中
    done = "done"  # 已完成：检查完毕（试导入）或已导入
    rejected = "rejected"  # 已拒绝：有错误行，未保存任何数据
    failed = "failed"  # 失败：原因见 error


STAGES = ("reading", "checking", "writing")  # 读取、检查、写入
ACTIVE = runs.ACTIVE


def blob_store(upload_dir: str | Path) -> BlobStore:
    """Where import files are kept: ``UPLOAD_DIR/imports``, by SHA-256."""
    return BlobStore(Path(upload_dir) / "imports", suffix="")


def check_upload(data: bytes, *, max_bytes: int) -> None:
    """Refuse an oversize upload, or one that is not an .xlsx or .csv by its content, before storing it."""
    if len(data) > max_bytes:
        raise upload_too_large(max_bytes // (1024 * 1024))
    sniff(data)


def one_line(exc: DomainError) -> str:
    """A refusal's messages as one line (a failed run's ``error``)."""
    seen: list[str] = []
    for messages in exc.errors.values():
        for m in messages:
            if m not in seen:
                seen.append(m)
    return "; ".join(seen).replace("\n", " ")


# ---- starting and seeing runs -----------------------------------------------------------------
def start(session: Session, user: Any, *, data: bytes, filename: str | None, store: BlobStore, max_bytes: int,
          dry_run: bool = True, sheet: str | None = None) -> ImportRun:
    """Store the file (before anything else), record the run and queue its job."""
    require(user, Permission.registry_write)
    check_sheet(sheet)
    check_upload(data, max_bytes=max_bytes)
    sha = store.put(data)
    now = clock.now()
    run = ImportRun(sha256=sha, filename=clean_filename(filename, "import.xlsx"), size=len(data), dry_run=dry_run,
                    sheet=sheet, status=RunStatus.queued, rows_done=0, attempts=0, requested_by_id=user.id,
                    agency_id=user.agency_id, created_at=now, queued_at=now)
    session.add(run)
    session.flush()
    _queue(session, run)
    return run


def _queue(session: Session, run: ImportRun) -> None:
    run.job_id = runs.new_job_id("import", run.id)
    run.status = RunStatus.queued
    run.stage, run.rows_done = None, 0
    run.queued_at = clock.now()
    session.flush()
    jobs.enqueue(session, IMPORT_JOB, run.id, timeout=IMPORT_TIMEOUT, retries=IMPORT_RETRIES, job_id=run.job_id)


def visible_runs(user: Any, stmt: Select | None = None) -> Select:
    """``stmt`` (default: all runs) narrowed to what ``user`` may see: an agency's staff see the runs
    asked for by staff of their agency."""
    stmt = stmt if stmt is not None else select(ImportRun)
    if getattr(user, "role", None) == Role.agency_staff:
        return stmt.where(ImportRun.agency_id == user.agency_id)
    return stmt


def get_run(session: Session, user: Any, run_id: int) -> ImportRun:
    """The run if ``user`` may import and see it (else 403 / 404)."""
    require(user, Permission.registry_write)
    # populate_existing: a status read is fresh even in a session that loaded the run before the job ran
    run = session.scalars(visible_runs(user).where(ImportRun.id == run_id)
                          .execution_options(populate_existing=True)).first()
    if run is None:
        raise NotFound("import run")
    return run


def rerun(session: Session, user: Any, run: ImportRun, *, store: BlobStore, dry_run: bool | None = None) -> ImportRun:
    """Run the stored file of ``run`` again, as a new run (a dry run or a real one; default: as before)."""
    require(user, Permission.registry_write)
    if run.status in ACTIVE:
        raise Conflict({"status": [msg("该导入仍在排队或进行中", "this import is still queued or running")]})
    if not store.exists(run.sha256):
        raise Conflict({"file": [msg("原文件已不在存储中，请重新上传", "the stored file is missing; upload it again")]})
    now = clock.now()
    again = ImportRun(sha256=run.sha256, filename=run.filename, size=run.size,
                      dry_run=run.dry_run if dry_run is None else dry_run, sheet=run.sheet, status=RunStatus.queued,
                      rows_done=0, attempts=0, requested_by_id=user.id, agency_id=user.agency_id, created_at=now,
                      queued_at=now)
    session.add(again)
    session.flush()
    _queue(session, again)
    return again


# ---- the job's steps ----------------------------------------------------------------------------
def begin_run(session: Session, run_id: int, job_id: str | None) -> ImportRun | None:
    """Claim the run for this job (running, attempts + 1, nothing read yet); None when there is nothing to do."""
    run = runs.claim(session, ImportRun, run_id, job_id)
    if run is not None:
        run.stage, run.rows_done, run.rows_total, run.problems, run.report = "reading", 0, None, None, None
        session.flush()
    return run


def record_progress(session: Session, run_id: int, job_id: str | None, stage: str, done: int,
                    total: int | None) -> bool:
    """Write the stage, rows done / total and the heartbeat; False when this job no longer owns the run."""
    return runs.record_progress(session, ImportRun, run_id, job_id, stage=stage, rows_done=done, rows_total=total)


def still_owned(session: Session, run_id: int, job_id: str | None) -> ImportRun | None:
    """The run, locked, if this job still owns it."""
    return runs.still_owned(session, ImportRun, run_id, job_id)


def finish(session: Session, run: ImportRun, report: ImportReport, *, rejected: bool = False) -> ImportRun:
    """End the run with its report: done (checked, or imported), or rejected (bad rows, nothing stored).

    For a real run this is written in the import's own transaction: the rows and ``done`` commit together.
    """
    rows = sum(c.get("rows", 0) for c in report.counts.values())
    run.status = RunStatus.rejected if rejected else RunStatus.done
    run.stage, run.error = None, None
    run.report = report.as_dict()
    run.problems = len(report.errors)
    run.rows_total = max(run.rows_total or 0, rows)
    run.rows_done = run.rows_total
    run.finished_at = run.heartbeat_at = clock.now()
    session.flush()
    return run


def mark_failed(session: Session, run: ImportRun, message: str) -> ImportRun:
    """End the run as failed with ``message`` (one line); the stored file stays for another run."""
    run.status = RunStatus.failed
    run.stage = None
    run.error = message.replace("\n", " ")[:4000]
    run.finished_at = run.heartbeat_at = clock.now()
    session.flush()
    return run


# ---- the reconciler -------------------------------------------------------------------------------
def reconcile(session: Session, *, stale: timedelta | None = None, grace: timedelta | None = None) -> ReconcileReport:
    """Re-queue runs left queued or running by a lost job; give up after MAX_ATTEMPTS runs.

    Safe whatever the job had done: a real run's rows commit with its ``done``, so a lost run stored
    nothing, and running it again stores each row once.
    """

    def requeue(run: ImportRun, reason: str) -> None:
        _queue(session, run)
        log.warning("import run %s re-queued as job %s: %s", run.id, run.job_id, reason)

    def give_up(run: ImportRun, reason: str) -> None:
        mark_failed(session, run, msg(
            f"导入任务已中断{run.attempts}次（{reason}），已停止重试；未保存任何数据，可重新运行",
            f"the import job was interrupted {run.attempts} times ({reason}); giving up — nothing was stored; "
            "run it again"))

    return runs.reconcile(session, ImportRun, requeue=requeue, give_up=give_up, max_attempts=MAX_ATTEMPTS,
                          noun="import run", stale=stale, grace=grace)
