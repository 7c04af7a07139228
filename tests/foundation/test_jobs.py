"""Work handed to background jobs runs only after its rows are committed, in-process or in rq workers."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from itertools import pairwise

import pytest

from contracts.core import jobs
from contracts.core.db import db
from contracts.organisations import services as orgs
from tests.support.builders import uscc

PROBE = "tests.foundation.probe_jobs.agency_name"


def _new_agency(session, name="某县教育局"):  # type: ignore[no-untyped-def]
    return orgs.create_agency(session, name=name, uscc=uscc("11"), region_code="330102")


def test_a_job_queued_in_a_transaction_is_sent_only_when_it_commits(session):
    agency = _new_agency(session)
    jobs.enqueue(session, PROBE, agency.id)
    assert len(session.info["pending_jobs"]) == 1, "queued on the session, not sent yet"
    assert jobs.queue().count == 0 and not jobs.queue().finished_job_registry.get_job_ids()
    db.commit()
    assert "pending_jobs" not in session.info


def test_a_rolled_back_transaction_sends_no_job(session):
    agency = _new_agency(session)
    jobs.enqueue(session, PROBE, agency.id)
    db.rollback()
    assert "pending_jobs" not in session.info


@pytest.mark.skipif(bool(os.environ.get("TEST_REDIS_URL")), reason="embedded mode only: REDIS_URL is configured")
def test_in_the_embedded_default_the_job_runs_in_process_and_sees_its_row(session):
    agency = _new_agency(session, "某县卫健委")
    jobs.enqueue(session, PROBE, agency.id)
    db.commit()
    q = jobs.queue()
    finished = q.finished_job_registry.get_job_ids()
    assert len(finished) == 1
    job = jobs.fetch(finished[0])
    assert job.return_value() == "某县卫健委"


@pytest.mark.skipif(not os.environ.get("TEST_REDIS_URL"), reason="needs the real Redis (TEST_REDIS_URL)")
def test_a_real_rq_worker_process_runs_a_job_the_app_enqueued(session, app):
    agency = _new_agency(session, "某县交通运输局")
    jobs.enqueue(session, PROBE, agency.id, retries=0)
    db.commit()
    q = jobs.queue()
    assert q.count == 1
    job_id = q.job_ids[0]
    env = dict(os.environ)
    r = subprocess.run([sys.executable, "-m", "monitor.cli", "worker", "--burst", "--no-scheduler"],
                       env=env, capture_output=True, text=True, timeout=120, cwd=os.getcwd())
    assert r.returncode == 0, r.stderr[-2000:]
    assert "not prepared" not in r.stderr, "the worker compiles the daily check's statements before it forks"
    deadline = time.time() + 10
    job = jobs.fetch(job_id)
    while job.get_status() != "finished" and time.time() < deadline:
        time.sleep(0.2)
    assert job.get_status() == "finished", job.latest_result()
    assert job.return_value() == "某县交通运输局"


@pytest.mark.skipif(bool(os.environ.get("TEST_REDIS_URL")), reason="embedded mode only: REDIS_URL is configured")
def test_in_the_embedded_server_a_job_runs_on_the_job_thread_after_the_call_that_queued_it_returns(session, app):
    from tests.foundation import probe_jobs

    thread = jobs.JobThread(app.app_context)
    thread.start()
    probe_jobs.GATE.clear()
    try:
        agency = _new_agency(session, "某县水利局")
        jobs.enqueue(session, "tests.foundation.probe_jobs.agency_name_when_let_through", agency.id,
                     job_id="probe-thread-1")
        db.commit()
        assert jobs.fetch("probe-thread-1").get_status() in {"queued", "started"}, "the commit did not wait for it"
        probe_jobs.GATE.set()
        assert thread.wait_idle(10)
        job = jobs.fetch("probe-thread-1")
        assert job.get_status() == "finished" and job.return_value() == "某县水利局"
    finally:
        probe_jobs.GATE.set()
        thread.stop(10)
    agency2 = _new_agency(session, "某县林业局")
    jobs.enqueue(session, PROBE, agency2.id, job_id="probe-after-stop")
    db.commit()
    assert jobs.fetch("probe-after-stop").return_value() == "某县林业局", "a stopped thread hands jobs back inline"


@pytest.mark.skipif(bool(os.environ.get("TEST_REDIS_URL")), reason="embedded mode only: REDIS_URL is configured")
def test_a_job_that_fails_on_the_job_thread_is_recorded_failed_and_the_thread_goes_on(session, app):
    thread = jobs.JobThread(app.app_context)
    thread.start()
    try:
        jobs.enqueue(session, PROBE, 999999, job_id="probe-missing")
        agency = _new_agency(session, "某县审计局")
        jobs.enqueue(session, PROBE, agency.id, job_id="probe-next")
        db.commit()
        assert thread.wait_idle(10)
        assert jobs.fetch("probe-missing").get_status() == "failed"
        assert jobs.fetch("probe-next").return_value() == "某县审计局"
    finally:
        thread.stop(10)


@pytest.mark.skipif(bool(os.environ.get("TEST_REDIS_URL")), reason="embedded mode only: REDIS_URL is configured")
def test_the_job_thread_runs_its_periodic_jobs_at_its_start_and_again_each_interval(app):
    from tests.foundation import probe_jobs

    probe_jobs.TICKS.clear()
    thread = jobs.JobThread(app.app_context, {"tests.foundation.probe_jobs.tick": 0.2})
    thread.start()
    try:
        deadline = time.monotonic() + 10
        while len(probe_jobs.TICKS) < 3 and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        thread.stop(10)
    assert len(probe_jobs.TICKS) >= 3
    assert all(b - a >= 0.19 for a, b in pairwise(probe_jobs.TICKS)), "not before its interval"
