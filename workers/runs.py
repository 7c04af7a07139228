"""What a job does with its record of work when it cannot finish it (任务记录).

Shared by the parse and import jobs (``contracts.core.runs`` holds the row's side): ``fail`` ends
the row with one line, ``retry_or_fail`` releases it for rq's retry of a fault that may pass,
``Superseded`` stops a run that no longer owns its row (``progress_written``), and
``reconcile_with`` is the periodic re-queueing of lost rows.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from sqlalchemy.orm import Session

from contracts.core import runs
from contracts.core.db import db
from contracts.core.errors import msg
from workers.context import job_context

log = logging.getLogger(__name__)

MarkFailed = Callable[[Session, Any, str], Any]


class Superseded(Exception):
    """This run no longer owns its row (re-queued by the reconciler, or run again)."""


def progress_written(job: Any, owned: bool, progress: dict[str, Any]) -> None:
    """After a progress write: stop a run that no longer owns its row, else show ``progress`` in the
    rq job's meta (what ``rq info`` and the job's API show)."""
    if not owned:
        raise Superseded
    if job is not None:
        job.meta["progress"] = progress
        job.save_meta()


def reconcile_with(reconcile: Callable[..., Any], stale_seconds: int | None = None,
                   grace_seconds: int | None = None) -> dict[str, Any]:
    """Run a feature's reconciler (``reconcile(session, stale=, grace=)``) in a job context and commit."""
    with job_context() as session:
        report = reconcile(
            session,
            stale=None if stale_seconds is None else timedelta(seconds=stale_seconds),
            grace=None if grace_seconds is None else timedelta(seconds=grace_seconds))
        db.commit()
    log.info("reconciler: %s", report.summary())
    return {"checked": report.checked, "requeued": report.requeued, "failed": report.failed}


def fail(model: type[Any], row_id: int, job_id: str | None, message: str, mark_failed: MarkFailed) -> None:
    """Roll back, then end the row as failed with ``message`` (if this run still owns it) and commit."""
    db.rollback()
    row = runs.still_owned(db.session(), model, row_id, job_id)
    if row is None:
        db.rollback()
        return
    mark_failed(db.session(), row, message)
    db.commit()


def retry_or_fail(model: type[Any], row_id: int, job: Any, exc: Exception, *, what: tuple[str, str],
                  mark_failed: MarkFailed) -> None:
    """A fault that may pass (database, disk, a bug fixed by a deploy): back to queued for rq's
    retry, or failed on the last try. ``what`` names the work, e.g. ("解析出错", "parse error")."""
    job_id = job.id if job is not None else None
    detail = f"{type(exc).__name__}: {exc}"[:500]
    retries_left = getattr(job, "retries_left", None) if job is not None else None
    log.exception("%s %s: job failed (%s retries left)", model.__tablename__, row_id, retries_left or 0)
    zh, en = what
    try:
        if retries_left:
            db.rollback()
            row = runs.still_owned(db.session(), model, row_id, job_id)
            if row is not None:
                runs.release_for_retry(db.session(), row, msg(f"{zh}，将自动重试：{detail}", f"{en}, will retry: {detail}"))
            db.commit()
        else:
            fail(model, row_id, job_id, msg(f"{zh}：{detail}", f"{en}: {detail}"), mark_failed)
    except Exception:
        db.rollback()
        log.exception("%s %s: could not record the error", model.__tablename__, row_id)
