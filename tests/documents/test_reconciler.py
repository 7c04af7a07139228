"""Redis is not the record of the work: the reconciler finds documents whose parse job was lost
and queues them again, so nothing uploaded is ever left unparsed."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta

from contracts.core import clock
from contracts.core.db import db
from contracts.documents import services
from contracts.documents.models import Document
from monitor import schedule
from tests.documents import pdfs
from tests.documents.conftest import drain, upload_without_job
from workers import documents as worker


def _killed_mid_parse(contract, *, minutes_ago: int = 20, attempts: int = 1) -> Document:  # type: ignore[no-untyped-def]
    """A document whose worker died (SIGKILL, power cut) while parsing it, ``minutes_ago``."""
    doc = upload_without_job(contract, pdfs.contract_pdf())
    session = db.session()
    services.begin_run(session, doc.id, doc.job_id)
    doc.attempts = attempts
    doc.pages_done, doc.pages_total = 1, 2
    doc.heartbeat_at = doc.started_at = clock.now() - timedelta(minutes=minutes_ago)
    session.commit()
    return doc


def test_a_document_whose_worker_died_mid_parse_is_queued_again_and_parsed(desk, row):
    doc = _killed_mid_parse(desk.contract)
    lost_job = doc.job_id
    result = worker.reconcile_documents()
    assert result["requeued"] == [doc.id] and result["failed"] == []
    drain()
    parsed = row(doc.id)
    assert parsed.status == "done", parsed.error
    assert parsed.attempts == 2 and parsed.job_id != lost_job
    assert parsed.pages_done == parsed.pages_total == 2
    assert desk.document(doc.id)["candidates"], "the candidates arrive as after a normal parse"


def test_a_document_whose_job_never_reached_the_queue_is_queued_again(desk, row):
    doc = upload_without_job(desk.contract, pdfs.contract_pdf())
    assert worker.reconcile_documents(grace_seconds=60)["requeued"] == [], "just uploaded: its job may be on the way"
    session = db.session()
    session.get(Document, doc.id).queued_at = clock.now() - timedelta(minutes=30)
    session.commit()
    assert worker.reconcile_documents()["requeued"] == [doc.id]
    drain()
    assert row(doc.id).status == "done"
    assert row(doc.id).attempts == 1


def test_a_document_with_a_fresh_heartbeat_is_left_to_its_worker(desk, row):
    doc = _killed_mid_parse(desk.contract, minutes_ago=0)
    result = worker.reconcile_documents()
    assert result == {"checked": 1, "requeued": [], "failed": []}
    assert row(doc.id).status == "running" and row(doc.id).job_id == doc.job_id


def test_after_too_many_interrupted_attempts_the_document_fails_with_a_clear_message(desk, row, app):
    doc = _killed_mid_parse(desk.contract, attempts=services.MAX_ATTEMPTS)
    result = worker.reconcile_documents()
    assert result["failed"] == [doc.id] and result["requeued"] == []
    failed = row(doc.id)
    assert failed.status == "failed"
    assert f"中断{services.MAX_ATTEMPTS}次" in failed.error and "re-parse" in failed.error
    served = desk.api.get(f"/api/v1/documents/{doc.id}/file")
    assert served.status_code == 200, "the stored file stays for a re-parse"
    assert desk.api.post(f"/api/v1/documents/{doc.id}/reparse").status_code == 202
    drain()
    assert row(doc.id).status == "done" and row(doc.id).attempts == 1


def test_the_old_job_of_a_requeued_document_cannot_overwrite_the_new_run(desk, row, monkeypatch):
    from types import SimpleNamespace

    doc = _killed_mid_parse(desk.contract)
    old = SimpleNamespace(id=doc.job_id, retries_left=3, timeout=1800, meta={}, save_meta=lambda: None)
    monkeypatch.setattr(worker, "get_current_job", lambda: old)
    services.reconcile(db.session(), stale=timedelta(minutes=15))
    db.session().commit()  # re-queued under a new job id, not sent (its worker is slow to start)
    assert worker.parse_document(doc.id) == "skipped", "the zombie run of the old job stays out"
    assert row(doc.id).status == "queued"


def test_the_reconciler_is_scheduled_every_few_minutes():
    entries = {dotted: (cron, interval, queue) for dotted, cron, interval, queue in schedule.PERIODIC}
    assert "workers.documents.reconcile_documents" in entries
    _cron, interval, queue = entries["workers.documents.reconcile_documents"]
    assert interval is not None and 60 <= interval <= 900
    assert queue == "high", "ahead of long parse jobs on the default queue"

    class Recorder:
        def __init__(self) -> None:
            self.jobs: list[tuple[object, dict]] = []

        def register(self, func, **kw):  # type: ignore[no-untyped-def]
            self.jobs.append((func, kw))

    rec = Recorder()
    schedule.register(rec)
    assert worker.reconcile_documents in [f for f, _ in rec.jobs]


def test_operators_run_the_reconciler_from_the_command_line(desk, row, cli_env):
    doc = _killed_mid_parse(desk.contract)
    r = subprocess.run([sys.executable, "-m", "monitor.cli", "reconcile", "--stale-minutes", "5"],
                       env=cli_env, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr[-2000:]
    assert f"document {doc.id} re-queued: no heartbeat" in r.stdout
    assert "1 re-queued" in r.stdout
    drain()
    assert row(doc.id).status == "done"
