"""Check-run jobs: a queued run by id, and the daily scheduled run (检查任务)."""

from __future__ import annotations

from typing import Any

from rq import get_current_job

from contracts.core import clock
from workers.context import job_context


def _progress(done: int, total: int) -> None:
    job = get_current_job()
    if job is not None:
        job.meta["progress"] = {"done": done, "total": total}
        job.save_meta()


def run_check(run_id: int) -> dict[str, Any]:
    """Execute the queued CheckRun ``run_id``; progress (rules done / total) goes to the run row and
    the job's meta."""
    from monitor.checker import engine
    from monitor.checker.models import CheckRun

    with job_context() as session:
        run = session.get(CheckRun, run_id)
        if run is None:
            return {"run_id": run_id, "status": "missing"}
        if run.status == "done":
            return {"run_id": run_id, "status": "done"}
        run = engine.execute(session, run, progress=_progress)
        return {"run_id": run.id, "status": run.status, "created": run.created, "updated": run.updated,
                "resolved": run.resolved}


def run_daily() -> dict[str, Any]:
    """The scheduled daily run as of today (Asia/Shanghai): the changed contracts and the deadlines
    reached, and on Sundays a full run (a safety net for what the change feed's triggers cannot
    see: a restored backup, a TRUNCATE, triggers disabled for maintenance); skipped while another
    run holds the lock."""
    from monitor.checker import engine

    with job_context() as session:
        today = clock.today()
        try:
            run = engine.run_check(session, as_of=today, trigger="schedule", progress=_progress,
                                   full=today.isoweekday() == 7)
        except engine.RunInProgress:
            return {"status": "skipped", "reason": "another check run is in progress"}
        return {"run_id": run.id, "status": run.status, "created": run.created, "resolved": run.resolved}
