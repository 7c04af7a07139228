"""Parse jobs for uploaded contract PDFs and their reconciler (合同文件解析任务).

``parse_document(id)`` claims the document row, reads the stored blob, runs the parser with a
progress callback (pages done / total and a heartbeat, each in its own short transaction, plus
``job.meta``), and ends the row as done, needs_ocr or failed. A bad PDF (``parsers.PdfError``) is
permanent and fails at once; other faults are retried by rq with back-off, and the last try fails
the row with the error. ``reconcile_documents()`` re-queues rows whose job was lost.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

from flask import current_app
from rq import get_current_job
from rq.timeouts import JobTimeoutException

from contracts.core.db import db
from contracts.core.errors import msg
from contracts.documents import services
from contracts.documents.models import Document
from contracts.documents.storage import BlobStore
from workers.context import job_context
from workers.runs import Superseded, fail, progress_written, reconcile_with, retry_or_fail

log = logging.getLogger(__name__)

PROGRESS_EVERY = 0.5
"""Seconds between progress writes (the first and the last page are always written)."""


class _Progress:
    """The parser's ``on_page`` callback: throttled writes of pages done / total and a heartbeat."""

    def __init__(self, document_id: int, job: Any) -> None:
        self.document_id = document_id
        self.job = job
        self.job_id = job.id if job is not None else None
        self.last = 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done not in (1, total) and now - self.last < PROGRESS_EVERY:
            return
        self.last = now
        session = db.session()
        owned = services.record_progress(session, self.document_id, self.job_id, done, total)
        db.commit()
        progress_written(self.job, owned, {"document_id": self.document_id, "pages_done": done,
                                           "pages_total": total})


def _store() -> BlobStore:
    return BlobStore(Path(current_app.config["UPLOAD_DIR"]))


def _fail(document_id: int, job_id: str | None, message: str) -> None:
    """End the row as failed (if this run still owns it) and commit."""
    fail(Document, document_id, job_id, message, services.mark_failed)


def parse_document(document_id: int) -> str:
    """Parse one uploaded document; returns what happened (done, needs_ocr, failed, skipped…)."""
    import parsers

    job = get_current_job()
    job_id = job.id if job is not None else None
    with job_context() as session:
        doc = services.begin_run(session, document_id, job_id)
        if doc is None:
            db.rollback()
            log.info("document %s: nothing to do for job %s", document_id, job_id)
            return "skipped"
        sha256 = doc.sha256
        db.commit()
        try:
            data = _store().read(sha256)
        except FileNotFoundError:
            _fail(document_id, job_id, msg("原文件已不在存储中，请重新上传", "the stored file is missing; upload it again"))
            return "failed"
        started = time.monotonic()
        try:
            result = parsers.extract_document(data, on_page=_Progress(document_id, job))
        except Superseded:
            db.rollback()
            log.warning("document %s: job %s superseded, stopping", document_id, job_id)
            return "superseded"
        except parsers.PdfError as exc:
            # A bad file is permanent: no retry; the stored file stays for inspection.
            _fail(document_id, job_id, str(exc))
            return "failed"
        except JobTimeoutException:
            timeout = job.timeout if job is not None else services.PARSE_TIMEOUT
            _fail(document_id, job_id, msg(f"解析超时（超过{timeout}秒），文件可能过大",
                                           f"parsing timed out after {timeout} s; the file may be too large"))
            raise
        except MemoryError:
            _fail(document_id, job_id, msg("解析时内存不足，文件可能过大或已损坏",
                                           "ran out of memory while parsing; the file may be too large or damaged"))
            return "failed"
        except Exception as exc:
            _transient(document_id, job, exc)
            raise
        db.rollback()
        doc = services.still_owned(session, document_id, job_id)
        if doc is None:
            db.rollback()
            return "superseded"
        services.store_result(session, doc, result, parsers.PARSER_VERSION)
        status = doc.status
        db.commit()
        log.info("document %s parsed: %s, %s pages in %.1f s", document_id, status, doc.pages_total,
                 time.monotonic() - started)
        return str(status)


def _transient(document_id: int, job: Any, exc: Exception) -> None:
    """A fault that may pass (database, disk, a bug fixed by a deploy): retry, or fail on the last try."""
    retry_or_fail(Document, document_id, job, exc, what=("解析出错", "parse error"), mark_failed=services.mark_failed)


def reconcile_documents(stale_seconds: int | None = None, grace_seconds: int | None = None) -> dict[str, Any]:
    """Periodic: re-queue documents whose parse job was lost (Redis emptied, worker killed)."""
    return reconcile_with(services.reconcile, stale_seconds, grace_seconds)
