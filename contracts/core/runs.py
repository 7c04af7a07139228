"""The database row, not Redis, as the record of a background job's work (任务记录).

A feature whose work runs in a job (a ``Document`` being parsed, an ``ImportRun``) keeps a row
with the columns ``status`` (queued → running → a settled state), ``attempts``, ``job_id``,
``error``, ``queued_at``, ``started_at``, ``heartbeat_at`` and ``finished_at``. A run claims its
row (``claim``), writes progress and a heartbeat only while it still owns the row
(``record_progress``) and settles it under a lock (``still_owned``): a run superseded by the
reconciler or by a re-run finds it no longer owns the row and stops. ``reconcile`` re-queues rows
whose job was lost (Redis emptied, worker killed) and gives up after ``max_attempts`` runs.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from contracts.core import clock, jobs

QUEUED, RUNNING = "queued", "running"
ACTIVE = (QUEUED, RUNNING)
RECONCILE_GRACE = timedelta(seconds=60)
"""A row younger than this is not judged lost: its job may still be on its way to Redis."""
TERMINAL_JOB_STATES = frozenset({"finished", "failed", "stopped", "canceled"})


def new_job_id(prefix: str, row_id: int) -> str:
    """A fresh rq job id for a run of the row (a re-queue gets another one)."""
    return f"{prefix}-{row_id}-{uuid.uuid4().hex[:12]}"


def claim(session: Session, model: type[Any], row_id: int, job_id: str | None) -> Any | None:
    """Lock the row and claim it for this run (running, attempts + 1); None when there is nothing to do.

    Nothing to do: the row is gone, already settled, or re-queued under another job (this run was
    superseded by the reconciler or a re-run).
    """
    row = session.get(model, row_id, with_for_update=True, populate_existing=True)
    if row is None or row.status not in ACTIVE:
        return None
    if job_id is not None and row.job_id is not None and row.job_id != job_id:
        return None
    now = clock.now()
    row.status = RUNNING
    row.attempts = (row.attempts or 0) + 1
    row.started_at = row.heartbeat_at = now
    row.error = row.finished_at = None
    if job_id is not None:
        row.job_id = job_id
    session.flush()
    return row


def _owned(model: type[Any], row_id: int, job_id: str | None) -> list[Any]:
    cond = [model.id == row_id, model.status == RUNNING]
    if job_id is not None:
        cond.append(model.job_id == job_id)
    return cond


def record_progress(session: Session, model: type[Any], row_id: int, job_id: str | None, **values: Any) -> bool:
    """Write ``values`` and the heartbeat; False when this run no longer owns the row."""
    result = session.execute(update(model).where(*_owned(model, row_id, job_id))
                             .values(**values, heartbeat_at=clock.now())
                             .execution_options(synchronize_session=False))
    return bool(result.rowcount)  # type: ignore[attr-defined]


def still_owned(session: Session, model: type[Any], row_id: int, job_id: str | None) -> Any | None:
    """The row, locked, if this run still owns it (status running under ``job_id``).

    FOR NO KEY UPDATE: rows that refer to it (a key-share lock on insert) need not wait for the run."""
    row = session.get(model, row_id, with_for_update={"key_share": True}, populate_existing=True)
    if row is None or row.status != RUNNING:
        return None
    if job_id is not None and row.job_id != job_id:
        return None
    return row


def release_for_retry(session: Session, row: Any, message: str) -> Any:
    """A transient fault: back to queued (the job's retry, or the reconciler, runs it again)."""
    row.status = QUEUED
    row.error = message[:4000]
    row.queued_at = row.heartbeat_at = clock.now()
    session.flush()
    return row


# ---- the reconciler ---------------------------------------------------------------------------
@dataclass
class ReconcileReport:
    """What one reconciler pass over one kind of row did."""

    noun: str = "document"
    checked: int = 0
    requeued: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    reasons: dict[int, str] = field(default_factory=dict)

    def summary(self) -> str:
        return (f"{self.checked} unfinished {self.noun}(s) checked, {len(self.requeued)} re-queued, "
                f"{len(self.failed)} given up")


def job_state(job_id: str | None) -> str | None:
    """The rq status of the job ("queued", "started", "failed"…), None when Redis does not know it."""
    if not job_id or not jobs.is_async():
        return None
    job = jobs.fetch(job_id)
    if job is None:
        return None
    status = job.get_status(refresh=True)
    return None if status is None else str(getattr(status, "value", status))


def lost_reason(row: Any, now: datetime, stale: timedelta, grace: timedelta) -> str | None:
    """Why the row's job is judged lost, or None while it looks alive.

    A running row is judged by its heartbeat (a live worker keeps going even if Redis lost the
    job), or by its job having ended; a queued row by its job being missing or ended.
    """
    state = job_state(row.job_id)
    if row.status == RUNNING:
        beat = row.heartbeat_at or row.started_at
        if beat is None or now - beat > stale:
            return "no heartbeat since " + (beat.isoformat() if beat else "start")
        if state in TERMINAL_JOB_STATES:
            return f"job ended as {state}"
        return None
    queued_at = row.queued_at
    if queued_at is not None and now - queued_at < grace:
        return None
    if not jobs.is_async():
        # In-process jobs leave nothing in another process's queue: a row still queued after
        # ``stale`` was left by a process that stopped before running it.
        return "queued in a process that stopped" if queued_at is None or now - queued_at > stale else None
    if state is None:
        return "job missing from Redis"
    if state in TERMINAL_JOB_STATES:
        return f"job ended as {state}"
    return None


def reconcile(
    session: Session,
    model: type[Any],
    *,
    requeue: Callable[[Any, str], None],
    give_up: Callable[[Any, str], None],
    max_attempts: int,
    noun: str,
    stale: timedelta | None = None,
    grace: timedelta | None = None,
) -> ReconcileReport:
    """Pass over the unfinished rows of ``model``: ``requeue(row, reason)`` those whose job was lost,
    ``give_up(row, reason)`` on those already run ``max_attempts`` times. The caller commits."""
    stale = jobs.STALE_AFTER if stale is None else stale
    grace = RECONCILE_GRACE if grace is None else grace
    report = ReconcileReport(noun)
    now = clock.now()
    ids = session.scalars(select(model.id).where(model.status.in_(ACTIVE)).order_by(model.id)).all()
    for row_id in ids:
        row = session.get(model, row_id, with_for_update=True, populate_existing=True)
        if row is None or row.status not in ACTIVE:
            continue
        report.checked += 1
        reason = lost_reason(row, now, stale, grace)
        if reason is None:
            continue
        report.reasons[row.id] = reason
        if (row.attempts or 0) >= max_attempts:
            give_up(row, reason)
            report.failed.append(row.id)
        else:
            requeue(row, reason)
            report.requeued.append(row.id)
    return report
