"""On PostgreSQL + Redis, real `monitor worker` processes parse uploads; a worker killed with SIGKILL
mid-job and a Redis emptied mid-queue both end with the document parsed once the reconciler runs."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from contracts.core import jobs
from contracts.core.db import db
from contracts.documents.models import Document
from tests.documents import pdfs
from workers import documents as worker

pytestmark = [
    pytest.mark.redis,
    pytest.mark.slow,
    pytest.mark.skipif(not os.environ.get("TEST_REDIS_URL"), reason="needs the real Redis (TEST_REDIS_URL)"),
]

WORKER = [sys.executable, "-m", "monitor.cli", "worker", "--burst", "--no-scheduler"]


def _run_worker(env: dict[str, str]) -> None:
    r = subprocess.run(WORKER, env=env, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr[-3000:]


def _state(doc_id: int) -> tuple[str, int, int | None]:
    with db.engine.connect() as conn:
        return tuple(conn.execute(select(Document.status, Document.pages_done, Document.pages_total)
                                  .where(Document.id == doc_id)).one())  # type: ignore[return-value]


def _descendants(pid: int) -> list[int]:
    """Every process under ``pid`` (rq's work-horse puts itself in its own process group)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def test_a_real_worker_parses_an_uploaded_pdf_end_to_end(desk, cli_env, contract_pdf):
    r = desk.upload(contract_pdf)
    assert r.status_code == 201
    doc = r.get_json()
    assert doc["status"] == "queued", "the web process only queues the work"
    assert jobs.queue().job_ids == [doc["job_id"]]
    _run_worker(cli_env)
    parsed = desk.document(doc["id"])
    assert parsed["status"] == "done", parsed["error"]
    assert parsed["pages_done"] == parsed["pages_total"] == 2 and parsed["attempts"] == 1
    assert any("预付款" in c["text"] for c in parsed["candidates"])
    assert jobs.fetch(doc["job_id"]).get_status() == "finished"


def test_a_worker_killed_with_sigkill_mid_parse_is_recovered_by_the_reconciler(desk, cli_env):
    data = pdfs.contract_pdf(table_pages=120)
    r = desk.upload(data, "带设备清单的采购合同.pdf")
    doc_id, first_job = r.get_json()["id"], r.get_json()["job_id"]
    proc = subprocess.Popen(WORKER, env=cli_env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while _state(doc_id)[1] == 0 and time.monotonic() < deadline:
            assert proc.poll() is None, "the worker ended before it started parsing"
            time.sleep(0.05)
        status, done, total = _state(doc_id)
        assert status == "running" and 0 < done < total == 122
        for pid in [*_descendants(proc.pid), proc.pid]:  # the machine dies: worker and work-horse
            os.kill(pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    time.sleep(1.2)
    assert _state(doc_id)[0] == "running", "nobody else noticed"

    result = worker.reconcile_documents(stale_seconds=1)
    assert result["requeued"] == [doc_id]
    _run_worker(cli_env)
    parsed = desk.document(doc_id)
    assert parsed["status"] == "done", parsed["error"]
    assert parsed["pages_done"] == parsed["pages_total"] == 122
    assert parsed["attempts"] == 2 and parsed["job_id"] != first_job
    assert parsed["candidates"]


def test_a_redis_emptied_mid_queue_loses_no_upload(desk, cli_env, contract_pdf):
    first = desk.upload(contract_pdf, "合同一.pdf").get_json()
    second = desk.upload(pdfs.contract_pdf(title="政府采购合同（二）"), "合同二.pdf").get_json()
    connection = jobs.connection()
    connection.flushdb()  # Redis restarted without its data
    connection.set("ccm-test-claim", "held")
    assert jobs.fetch(first["job_id"]) is None and jobs.queue().count == 0

    _run_worker(cli_env)
    assert _state(first["id"])[0] == _state(second["id"])[0] == "queued", "no worker can know about them"

    result = worker.reconcile_documents(grace_seconds=0)
    assert sorted(result["requeued"]) == sorted([first["id"], second["id"]])
    _run_worker(cli_env)
    for doc in (first, second):
        parsed = desk.document(doc["id"])
        assert parsed["status"] == "done", parsed["error"]
        assert parsed["candidates"]
