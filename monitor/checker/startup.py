"""The embedded default's own schedule: a check when the server starts serving, then daily (启动检查).

With ``REDIS_URL`` set, production runs the daily check through ``monitor cron`` (``PERIODIC`` in
``monitor/schedule.py``) and nothing happens here. In the embedded default (no Redis) and with
``CHECK_ON_START`` true, the first request starts a background thread that runs the check once and
then every day at ``DAILY_AT`` (Asia/Shanghai), so CLI commands that build the app never trigger it.
After each check it runs the same follow-ups as the cron (``follow_up``): escalation of findings past
their rectification deadline, expiry of publicity, and the alert scan and dispatch.
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime, timedelta

from flask import Flask

from contracts.core import clock
from contracts.core.db import db

log = logging.getLogger(__name__)
DAILY_AT = (1, 0)  # 01:00, as the cron entry


class Schedule:
    """The embedded default's checker thread (``app.extensions["checker_schedule"]``): started by
    the first request; ``stop`` ends it after the check or the wait it is in."""

    def __init__(self) -> None:
        self.thread: threading.Thread | None = None
        self._stopping = threading.Event()
        self._guard = threading.Lock()

    def start(self, app: Flask) -> None:
        with self._guard:
            if self.thread is None:
                self.thread = threading.Thread(target=self._loop, args=(app,), name="checker", daemon=True)
                self.thread.start()

    def stop(self, timeout: float | None = None) -> None:
        """Stop the thread and wait up to ``timeout`` seconds for it to end."""
        self._stopping.set()
        if self.thread is not None:
            self.thread.join(timeout)

    def _loop(self, app: Flask) -> None:
        trigger = "start"
        while not self._stopping.is_set():
            _run_once(app, trigger)
            trigger = "schedule"
            self._stopping.wait(seconds_until_next(clock.now()))


def init_app(app: Flask) -> None:
    """Arrange the start-up check; a no-op when REDIS_URL is set or CHECK_ON_START is false."""
    if not app.config.get("CHECK_ON_START") or app.config.get("REDIS_URL"):
        return
    schedule = app.extensions["checker_schedule"] = Schedule()

    @app.before_request
    def _start_checker_once() -> None:
        schedule.start(app)


def seconds_until_next(now: datetime) -> float:
    """Seconds from ``now`` (aware) to the next DAILY_AT in the service time zone."""
    local = now.astimezone(clock.timezone())
    target = local.replace(hour=DAILY_AT[0], minute=DAILY_AT[1], second=0, microsecond=0)
    if target <= local:
        target += timedelta(days=1)
    return (target - local).total_seconds()


def _run_once(app: Flask, trigger: str) -> None:
    from monitor.checker import engine

    with app.app_context(), db.isolated_scope() as session:
        try:
            run = engine.run_check(session, trigger=trigger)
            log.info("check run %s (%s): %s new, %s resolved", run.id, trigger, run.created, run.resolved)
        except engine.RunInProgress:
            log.info("check on %s skipped: another run is in progress", trigger)
        except Exception:
            log.exception("check on %s failed", trigger)
    with app.app_context(), db.isolated_scope() as session:
        try:
            follow_up(session)
        except Exception:
            db.rollback()
            log.exception("daily follow-up after the %s check failed", trigger)


def follow_up(session) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """What ``monitor cron`` runs after the daily check, for the embedded default: escalate findings
    past their rectification deadline, end expired publicity, derive due alerts and send them."""
    from monitor.alerts import services as alerts
    from monitor.complaints.services import refresh_deadlines
    from monitor.records import services as records

    today = clock.today()
    proposed = records.escalate_overdue(session, today)
    expired = records.expire_due(session, today)
    db.commit()
    refresh_deadlines(session)
    records.refresh_objection_deadlines(session)
    counts = alerts.scan(session, today)
    db.commit()
    sent = alerts.dispatch_due(session)
    db.commit()
    log.info("daily follow-up: %s records proposed, %s expired, %s notifications, %s deliveries",
             len(proposed), len(expired), sum(counts.values()), len(sent))
    return {"proposed": len(proposed), "expired": len(expired), "deliveries": len(sent)}
