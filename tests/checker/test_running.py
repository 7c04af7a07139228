"""Running the checker: the CLI, the daily job, and the embedded default's check at start."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime

from flask import Flask
from sqlalchemy import select

from contracts.core import clock
from contracts.core.db import db
from monitor import schedule
from monitor.checker import startup
from monitor.checker.models import CheckRun, Finding
from monitor.cli import check as check_command
from workers import checks as check_jobs


def _overdue(make):  # type: ignore[no-untyped-def]
    clock.set_today(date(2025, 7, 1))
    contract = make.contract(signed_on=date(2025, 1, 2), published_on=date(2025, 1, 2), filed_on=date(2025, 1, 2))
    make.obligation(contract, due={"date": "2025-06-30"}, amount="1000.00")


def test_monitor_check_prints_a_summary_of_the_run(app, make):
    _overdue(make)
    clock.set_today(date(2025, 7, 11))
    r = app.test_cli_runner().invoke(check_command, ["--date", "2025-07-10"])
    assert r.exit_code == 0, r.output
    assert "check run #1 as of 2025-07-10: done" in r.output
    assert "new 1, updated 0, resolved 0" in r.output
    assert "active now: open 1" in r.output


def test_monitor_check_refuses_a_bad_or_future_date(app):
    clock.set_today(date(2025, 7, 11))
    runner = app.test_cli_runner()
    bad = runner.invoke(check_command, ["--date", "11/07/2025"])
    assert bad.exit_code == 2 and "is not a date" in bad.output
    future = runner.invoke(check_command, ["--date", "2025-07-12"])
    assert future.exit_code != 0
    assert db.session.scalar(select(CheckRun)) is None


def test_the_daily_job_is_scheduled_and_checks_as_of_today(make, session):
    entry = next(e for e in schedule.PERIODIC if e[0] == "workers.checks.run_daily")
    assert entry[1] == "0 1 * * *"
    _overdue(make)
    clock.set_today(date(2025, 7, 10))
    result = check_jobs.run_daily()
    assert result["status"] == "done" and result["created"] == 1
    run = session.scalar(select(CheckRun))
    assert (run.trigger, run.as_of) == ("schedule", date(2025, 7, 10))


def test_the_embedded_default_checks_when_it_starts_serving(make, session):
    _overdue(make)
    clock.set_today(date(2025, 7, 10))
    bare = Flask("embedded")
    bare.config.update(CHECK_ON_START=True, REDIS_URL=None)
    startup.init_app(bare)
    bare.add_url_rule("/", "index", lambda: "ok")
    schedule = bare.extensions["checker_schedule"]
    try:
        assert bare.test_client().get("/").status_code == 200
        deadline = time.time() + 60
        run = None
        while time.time() < deadline:
            session.expire_all()
            run = session.scalar(select(CheckRun).where(CheckRun.trigger == "start", CheckRun.status == "done"))
            if run is not None:
                break
            time.sleep(0.2)
        assert run is not None and run.as_of == date(2025, 7, 10)
        assert session.scalar(select(Finding.rule_id)) == "payment_overdue"
    finally:
        # the thread would otherwise wake at 01:00 Shanghai time and check in the middle of later
        # tests (it did, and deadlocked with their clean-up)
        schedule.stop(timeout=60)
    assert schedule.thread is not None and not schedule.thread.is_alive()


def test_with_redis_or_check_on_start_false_nothing_runs_at_start():
    for config in ({"CHECK_ON_START": False, "REDIS_URL": None}, {"CHECK_ON_START": True, "REDIS_URL": "redis://x"}):
        bare = Flask("quiet")
        bare.config.update(config)
        startup.init_app(bare)
        assert bare.before_request_funcs == {}


def test_the_embedded_daily_run_waits_until_one_in_the_morning_shanghai_time():
    # 2025-07-10 16:30 UTC is 00:30 on 07-11 in Shanghai: half an hour to go
    assert startup.seconds_until_next(datetime(2025, 7, 10, 16, 30, tzinfo=UTC)) == 1800
    # 17:00 UTC is 01:00 in Shanghai: the next run is a day later
    assert startup.seconds_until_next(datetime(2025, 7, 10, 17, 0, tzinfo=UTC)) == 86400
