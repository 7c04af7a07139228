"""Alert jobs (预警通知任务): deliver one message, derive due notifications, resubmit retries, send digests."""

from __future__ import annotations

from contracts.core import clock
from contracts.core.db import db
from workers.context import job_context


def deliver(delivery_id: int) -> str:
    """One attempt at one delivery; the row is claimed first, so it is never sent twice at once."""
    from monitor.alerts import services

    with job_context() as session:
        delivery = services.claim(session, delivery_id)
        if delivery is None:
            db.commit()
            return "skipped"
        db.commit()  # the claim is visible before anything leaves
        result = services.send(session, delivery)
        services.record_result(session, delivery, result)
        db.commit()
        return delivery.status


def scan() -> dict[str, int]:
    """Derive the notifications due today from the database (periodic; repeating it is harmless)."""
    from monitor.alerts import services
    from monitor.complaints.services import refresh_deadlines
    from monitor.records.services import refresh_objection_deadlines

    with job_context() as session:
        refresh_deadlines(session)
        refresh_objection_deadlines(session)
        counts = services.scan(session, clock.today())
        db.commit()
        return counts


def dispatch() -> int:
    """Resubmit deliveries whose retry time has come (and any whose job was lost)."""
    from monitor.alerts import services

    with job_context() as session:
        ids = services.dispatch_due(session)
        db.commit()
        return len(ids)


def digest() -> int:
    """Send the held notifications as one digest per address and per digest webhook."""
    from monitor.alerts import services

    with job_context() as session:
        deliveries = services.send_digests(session)
        db.commit()
        return len(deliveries)
