"""Spreadsheet import jobs and their reconciler (导入任务).

``run_import(run_id)`` claims the run, reads the stored file and runs
``contracts.importer.services.run_import`` as the user who asked, with a progress callback: the
stage, rows done / total and a heartbeat, written on a connection of its own in a short
transaction (the import's own transaction stays open until the end), at most every
PROGRESS_EVERY seconds, plus ``job.meta``. A real run's rows and its ``done`` commit together, so
a worker killed mid-import stores nothing and the re-queued run stores each row once. A bad file
or a refusal fails the run at once with one line; bad rows end it as a report (a dry run: done; a
real run: rejected); other faults are retried by rq with back-off, the last try fails the run.
``reconcile_imports()`` re-queues runs whose job was lost.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from flask import current_app
from rq import get_current_job
from rq.timeouts import JobTimeoutException
from sqlalchemy.orm import Session

from contracts.access.models import User
from contracts.access.permissions import Permission, allowed
from contracts.audit import trail
from contracts.core.db import db
from contracts.core.errors import DomainError, msg
from contracts.importer import runs, services
from contracts.importer.models import ImportRun
from workers.context import job_context
from workers.runs import Superseded, fail, progress_written, reconcile_with, retry_or_fail

log = logging.getLogger(__name__)

PROGRESS_EVERY = 0.5
"""Seconds between progress writes (a change of stage is always written)."""


class _Progress:
    """``run_import``'s ``on_progress``: throttled writes of the stage, rows done / total and a heartbeat.

    While the rows are written the import holds its transaction's write locks. On PostgreSQL the
    progress (rows written of the rows the file adds) and the heartbeat are still written on the
    side connection, so a long write is not taken for a lost run. SQLite has one write lock for the
    whole file, which the import holds: there the run shows the writing stage once (every row
    checked) and the rows written only in the job's meta."""

    def __init__(self, run_id: int, job: Any) -> None:
        self.run_id = run_id
        self.job = job
        self.job_id = job.id if job is not None else None
        self.stage: str | None = None
        self.checked = 0  # rows checked: what the writing stage shows where it cannot be written as it goes
        self.last = 0.0
        self.side_writes = db.engine.dialect.name != "sqlite"

    def __call__(self, stage: str, done: int, total: int | None) -> None:
        now = time.monotonic()
        if stage == self.stage and now - self.last < PROGRESS_EVERY:
            return
        if stage == "writing" and not self.side_writes:
            if self.stage == "writing":  # the import holds the write lock: a side write would wait for it
                self.last = now
                progress_written(self.job, True, _progress(self.run_id, stage, done, total))
                return
            done = total = self.checked
        elif stage == "checking":
            self.checked = total or 0
        self.stage, self.last = stage, now
        with Session(db.engine) as side:  # not the import's transaction, which commits only at the end
            owned = runs.record_progress(side, self.run_id, self.job_id, stage, done, total)
            side.commit()
        progress_written(self.job, owned, _progress(self.run_id, stage, done, total))


def _progress(run_id: int, stage: str, done: int, total: int | None) -> dict[str, Any]:
    return {"run_id": run_id, "stage": stage, "rows_done": done, "rows_total": total}


def _fail(run_id: int, job_id: str | None, message: str) -> None:
    fail(ImportRun, run_id, job_id, message, runs.mark_failed)


def _settle(session: Session, run_id: int, job_id: str | None, report: services.ImportReport, rejected: bool) -> str:
    """Write the report and end the run (in the import's transaction), if this job still owns it."""
    run = runs.still_owned(session, run_id, job_id)
    if run is None:
        db.rollback()
        log.warning("import run %s: job %s superseded, its work rolled back", run_id, job_id)
        return "superseded"
    runs.finish(session, run, report, rejected=rejected)
    status = str(run.status)
    db.commit()
    return status


def run_import(run_id: int) -> str:
    """Check or import one stored spreadsheet; returns what happened (done, rejected, failed, skipped…)."""
    job = get_current_job()
    job_id = job.id if job is not None else None
    with job_context() as session:
        run = runs.begin_run(session, run_id, job_id)
        if run is None:
            db.rollback()
            log.info("import run %s: nothing to do for job %s", run_id, job_id)
            return "skipped"
        sha256, filename, sheet, dry_run, user_id = run.sha256, run.filename, run.sheet, run.dry_run, run.requested_by_id
        db.commit()
        try:
            data = runs.blob_store(current_app.config["UPLOAD_DIR"]).read(sha256)
        except FileNotFoundError:
            _fail(run_id, job_id, msg("原文件已不在存储中，请重新上传", "the stored file is missing; upload it again"))
            return "failed"
        user = session.get(User, user_id)
        if user is None or not user.active or not allowed(user.role, Permission.registry_write):
            _fail(run_id, job_id, msg("提交导入的用户已无导入权限（账号停用或角色变更）",
                                      "the user who asked for this import may no longer import "
                                      "(account disabled or role changed)"))
            return "failed"
        started = time.monotonic()
        token = trail.set_actor(trail.Actor(user.id, user.username))  # the import's audit events are the clerk's
        try:
            report = services.run_import(session, data, user=user, filename=filename, sheet=sheet, dry_run=dry_run,
                                         on_progress=_Progress(run_id, job))
        except Superseded:
            db.rollback()
            log.warning("import run %s: job %s superseded, stopping", run_id, job_id)
            return "superseded"
        except services.ImportRejected as exc:
            db.rollback()  # nothing of a refused real run is stored
            return _settle(session, run_id, job_id, exc.report, rejected=True)
        except DomainError as exc:
            # A bad file (or a registry changed under the import): permanent, one line, no retry.
            _fail(run_id, job_id, runs.one_line(exc))
            return "failed"
        except JobTimeoutException:
            timeout = job.timeout if job is not None else runs.IMPORT_TIMEOUT
            _fail(run_id, job_id, msg(f"导入超时（超过{timeout}秒），未保存任何数据；文件可能过大，可拆分后再导入",
                                      f"the import timed out after {timeout} s and stored nothing; the file may be "
                                      "too large — split it and import the parts"))
            raise
        except MemoryError:
            _fail(run_id, job_id, msg("导入时内存不足，未保存任何数据；文件可能过大，可拆分后再导入",
                                      "ran out of memory while importing and stored nothing; the file may be too "
                                      "large — split it and import the parts"))
            return "failed"
        except Exception as exc:
            retry_or_fail(ImportRun, run_id, job, exc, what=("导入出错", "import error"), mark_failed=runs.mark_failed)
            raise
        finally:
            trail.reset_actor(token)
        if dry_run:
            db.rollback()  # a dry run stores nothing but its report
        status = _settle(session, run_id, job_id, report, rejected=False)
        log.info("import run %s: %s, %s rows in %.1f s", run_id, status, sum(c["rows"] for c in report.counts.values()),
                 time.monotonic() - started)
        return status


def reconcile_imports(stale_seconds: int | None = None, grace_seconds: int | None = None) -> dict[str, Any]:
    """Periodic: re-queue import runs whose job was lost (Redis emptied, worker killed)."""
    return reconcile_with(runs.reconcile, stale_seconds, grace_seconds)
