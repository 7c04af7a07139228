"""On PostgreSQL + Redis, real `monitor worker` processes import background uploads; a worker killed
with SIGKILL while writing and a Redis emptied mid-queue both end with every row stored exactly once
after the reconciler runs."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import time
from datetime import date

import pytest
from sqlalchemy import func, select

from contracts.core import jobs
from contracts.core.db import db
from contracts.importer.models import ImportRun
from contracts.obligations.models import Obligation
from tests.documents.test_redis_workers import WORKER, _descendants, _run_worker
from tests.registry.sheets import workbook
from workers import imports as worker

pytestmark = [
    pytest.mark.redis,
    pytest.mark.slow,
    pytest.mark.skipif(not os.environ.get("TEST_REDIS_URL"), reason="needs the real Redis (TEST_REDIS_URL)"),
]


@pytest.fixture
def desk(api, make):  # type: ignore[no-untyped-def]
    from types import SimpleNamespace

    user, token = make.user("finance_staff", password=None)
    agency = make.agency("清河县教育局")
    contract = make.contract(agency, code="HT-1", amount="900000000.00", signed_on=date(2024, 3, 15))
    return SimpleNamespace(user=user, api=api.as_(token), agency=agency, contract=contract)


def _file(agency, n: int) -> bytes:  # type: ignore[no-untyped-def]
    return workbook({"obligations": [
        {"agency_uscc": agency.uscc, "contract_code": "HT-1", "no": i, "kind": "payment", "amount": "10.00",
         "due_date": "2024-12-31", "description": f"第{i}期"} for i in range(1, n + 1)]})


def _send(desk, data: bytes, name: str = "义务.xlsx") -> dict:  # type: ignore[no-untyped-def,type-arg]
    r = desk.api.post("/api/v1/imports?background=true", content_type="multipart/form-data",
                      data={"file": (io.BytesIO(data), name)})
    assert r.status_code == 202, r.get_json()
    return r.get_json()


def _state(run_id: int) -> tuple[str, str | None, int]:
    with db.engine.connect() as conn:
        return tuple(conn.execute(select(ImportRun.status, ImportRun.stage, ImportRun.rows_done)
                                  .where(ImportRun.id == run_id)).one())  # type: ignore[return-value]


def _obligations(contract) -> int:  # type: ignore[no-untyped-def]
    with db.engine.connect() as conn:
        return conn.scalar(select(func.count()).select_from(Obligation).where(Obligation.contract_id == contract.id))


def test_a_real_worker_imports_a_background_upload_end_to_end(desk, cli_env):
    run = _send(desk, _file(desk.agency, 200))
    assert run["status"] == "queued", "the web process only stores the file and queues the work"
    assert jobs.queue().job_ids == [run["job_id"]]
    _run_worker(cli_env)
    done = desk.api.get(f"/api/v1/imports/{run['id']}").get_json()
    assert done["status"] == "done", done["error"]
    assert (done["rows_done"], done["rows_total"], done["attempts"]) == (200, 200, 1)
    assert done["report"]["counts"]["obligations"]["added"] == 200 and _obligations(desk.contract) == 200
    assert jobs.fetch(run["job_id"]).get_status() == "finished"


def test_an_import_whose_worker_was_killed_while_writing_is_picked_up_again_and_stores_each_row_once(desk, cli_env):
    rows = 30_000
    run = _send(desk, _file(desk.agency, rows), "三万行.xlsx")
    proc = subprocess.Popen(WORKER, env=cli_env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    seen = []
    try:
        deadline = time.monotonic() + 240
        while _state(run["id"])[1] != "writing" and time.monotonic() < deadline:
            assert proc.poll() is None, "the worker ended before it started writing"
            seen.append(_state(run["id"]))
            time.sleep(0.05)
        assert _state(run["id"])[:2] == ("running", "writing")
        for pid in [*_descendants(proc.pid), proc.pid]:  # the machine dies: worker and work-horse
            os.kill(pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    # progress is written at most every 0.5 s of a stage: reading 30,000 rows takes seconds, checking them
    # about one second here and sometimes less under load, so partial progress is looked for in either
    assert any(stage in ("reading", "checking") and 0 < done < rows for _, stage, done in seen), \
        "progress was seen on the way"
    time.sleep(1.2)
    assert _state(run["id"])[0] == "running", "nobody else noticed"
    assert _obligations(desk.contract) == 0, "the killed transaction stored nothing"

    result = worker.reconcile_imports(stale_seconds=1)
    assert result["requeued"] == [run["id"]]
    _run_worker(cli_env)
    done = desk.api.get(f"/api/v1/imports/{run['id']}").get_json()
    assert done["status"] == "done", done["error"]
    assert done["attempts"] == 2 and done["job_id"] != run["job_id"]
    assert done["report"]["counts"]["obligations"]["added"] == rows
    assert _obligations(desk.contract) == rows, "each row once"


def test_a_redis_emptied_mid_queue_loses_no_upload(desk, cli_env):
    first = _send(desk, _file(desk.agency, 5), "一.xlsx")
    second = _send(desk, workbook({"obligations": [
        {"agency_uscc": desk.agency.uscc, "contract_code": "HT-1", "no": 1, "kind": "payment", "amount": "99.00",
         "due_date": "2025-01-31", "description": "另一份"}]}), "二.xlsx")
    connection = jobs.connection()
    connection.flushdb()  # Redis restarted without its data
    connection.set("ccm-test-claim", "held")
    assert jobs.fetch(first["job_id"]) is None and jobs.queue().count == 0

    _run_worker(cli_env)
    assert _state(first["id"])[0] == _state(second["id"])[0] == "queued", "no worker can know about them"
    result = worker.reconcile_imports(grace_seconds=0)
    assert sorted(result["requeued"]) == sorted([first["id"], second["id"]])
    _run_worker(cli_env)
    for run in (first, second):
        assert desk.api.get(f"/api/v1/imports/{run['id']}").get_json()["status"] == "done"
    assert _obligations(desk.contract) == 6
