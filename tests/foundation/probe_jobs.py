"""Job functions used by the foundation tests (importable by a real worker process)."""

from __future__ import annotations

import threading

from sqlalchemy import select

from contracts.organisations.models import Agency
from workers.context import job_context


def agency_name(agency_id: int) -> str:
    """Read a row by id inside a job: proves the job ran after the row was committed."""
    with job_context() as session:
        name = session.scalar(select(Agency.name).where(Agency.id == agency_id))
    if name is None:
        raise LookupError(f"agency {agency_id} not found by the job")
    return name


GATE = threading.Event()
"""Held shut by a test to keep ``agency_name_when_let_through`` waiting on the job thread."""


def agency_name_when_let_through(agency_id: int) -> str:
    """``agency_name``, once the test opens ``GATE`` (it gives up after 10 seconds)."""
    if not GATE.wait(10):
        raise TimeoutError("the test never let the job through")
    return agency_name(agency_id)


TICKS: list[float] = []


def tick() -> int:
    """A periodic probe: notes when it ran."""
    import time

    TICKS.append(time.monotonic())
    return len(TICKS)
