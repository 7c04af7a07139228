"""Small jobs used to check that the queue works end to end."""

from __future__ import annotations

from rq import get_current_job
from sqlalchemy import text

from workers.context import job_context


def ping(marker: str) -> str:
    """Touch the database from a job and report the marker back (used by tests and healthchecks)."""
    with job_context() as session:
        session.execute(text("SELECT 1"))
    job = get_current_job()
    if job is not None:
        job.meta["progress"] = {"done": 1, "total": 1}
        job.save_meta()
    return f"pong:{marker}"
