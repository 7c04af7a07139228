"""The parse job: progress written as it goes, bad files end failed with the parser's own message,
transient faults are retried, a superseded run stops without writing."""

from __future__ import annotations

import os
from types import SimpleNamespace

import pytest
from rq.timeouts import JobTimeoutException
from sqlalchemy import select

import parsers
from contracts.core import jobs
from contracts.core.db import db
from contracts.documents.models import Candidate, Document
from contracts.documents.storage import BlobStore
from parsers import ocr
from tests.documents import pdfs
from tests.documents.conftest import drain, upload_without_job
from workers import documents as worker

BAD_FILES = {
    "not a PDF (a PDF header on garbage)": pdfs.garbage_pdf,
    "truncated": pdfs.truncated_pdf,
    "encrypted": pdfs.encrypted_pdf,
    "PDF bomb (2500 pages)": pdfs.bomb_pdf,
}


def _fake_job(doc: Document, retries_left: int | None) -> SimpleNamespace:
    """What ``get_current_job()`` gives a job on its n-th try (rq counts retries down)."""
    return SimpleNamespace(id=doc.job_id, retries_left=retries_left, timeout=1800, meta={},
                           save_meta=lambda: None)


@pytest.mark.parametrize("kind", list(BAD_FILES))
def test_every_bad_file_ends_failed_with_the_parsers_message_and_the_file_stays(desk, row, kind):
    data = BAD_FILES[kind]()
    with pytest.raises(parsers.PdfError) as expected:
        parsers.extract_document(data)
    r = desk.upload(data, f"{kind}.pdf")
    assert r.status_code == 201, "the content starts like a PDF: it is accepted and parsed"
    drain()
    doc = desk.document(r.get_json()["id"])
    assert doc["status"] == "failed"
    assert doc["error"] == str(expected.value)
    assert "\n" not in doc["error"] and "/" in doc["error"], "one bilingual line"
    assert doc["candidates"] == [] and doc["extraction"] is None
    assert doc["attempts"] == 1, "a bad file is not retried"
    served = desk.api.get(f"/api/v1/documents/{doc['id']}/file")
    assert served.status_code == 200 and served.data == data


def test_a_bad_file_is_not_retried_even_when_retries_are_left(desk, row, monkeypatch):
    doc = upload_without_job(desk.contract, pdfs.encrypted_pdf())
    monkeypatch.setattr(worker, "get_current_job", lambda: _fake_job(doc, retries_left=3))
    assert worker.parse_document(doc.id) == "failed"
    assert row(doc.id).status == "failed" and "encrypted" in row(doc.id).error


def test_pages_done_and_total_are_visible_to_others_while_the_parse_runs(desk, row, monkeypatch):
    data = pdfs.contract_pdf(table_pages=3)
    doc = upload_without_job(desk.contract, data)
    seen: list[tuple[int, int | None, str]] = []
    real = parsers.extract_document

    def watched(blob: bytes, *, on_page=None, **kw):  # type: ignore[no-untyped-def]
        def on_page_then_look(done: int, total: int) -> None:
            on_page(done, total)
            with db.engine.connect() as conn:  # another connection: only committed progress is visible
                seen.append(tuple(conn.execute(select(Document.pages_done, Document.pages_total, Document.status)
                                               .where(Document.id == doc.id)).one()))

        return real(blob, on_page=on_page_then_look, **kw)

    monkeypatch.setattr(parsers, "extract_document", watched)
    monkeypatch.setattr(worker, "PROGRESS_EVERY", 0.0)
    assert worker.parse_document(doc.id) == "done"
    assert seen == [(n, 5, "running") for n in range(1, 6)]
    final = row(doc.id)
    assert (final.status, final.pages_done, final.pages_total) == ("done", 5, 5)
    assert final.heartbeat_at is not None and final.finished_at is not None


def test_progress_writes_are_throttled_but_the_first_and_last_page_always_land(desk, row, monkeypatch):
    doc = upload_without_job(desk.contract, pdfs.contract_pdf())
    writes: list[tuple[int, int]] = []
    real = worker.services.record_progress

    def counting(session, document_id, job_id, done, total):  # type: ignore[no-untyped-def]
        writes.append((done, total))
        return real(session, document_id, job_id, done, total)

    monkeypatch.setattr(worker.services, "record_progress", counting)
    monkeypatch.setattr(worker, "PROGRESS_EVERY", 3600.0)
    monkeypatch.setattr(parsers, "extract_document", _pages_only(40))
    assert worker.parse_document(doc.id) == "done"
    assert writes == [(1, 40), (40, 40)]


def _pages_only(total: int):  # type: ignore[no-untyped-def]
    def extract(data: bytes, *, on_page=None, **kw):  # type: ignore[no-untyped-def]
        for n in range(1, total + 1):
            on_page(n, total)
        return {"contract": {}, "obligations": [], "pages": total, "warnings": [], "needs_ocr": False}

    return extract


def test_the_job_reports_its_progress_in_the_rq_job_meta_too(desk, contract_pdf):
    r = desk.upload(contract_pdf)
    drain()
    doc = desk.document(r.get_json()["id"])
    job = jobs.fetch(doc["job_id"])
    assert job is not None
    assert job.get_meta()["progress"] == {"document_id": doc["id"], "pages_done": 2, "pages_total": 2}


def test_a_transient_fault_puts_the_document_back_in_the_queue_while_retries_are_left(desk, row, monkeypatch):
    doc = upload_without_job(desk.contract, pdfs.contract_pdf())

    def disk_hiccup(data: bytes, **kw):  # type: ignore[no-untyped-def]
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(parsers, "extract_document", disk_hiccup)
    monkeypatch.setattr(worker, "get_current_job", lambda: _fake_job(doc, retries_left=2))
    with pytest.raises(OSError):
        worker.parse_document(doc.id)  # rq sees the failure and retries with back-off
    now = row(doc.id)
    assert now.status == "queued" and now.attempts == 1
    assert "will retry" in now.error and "Input/output error" in now.error

    monkeypatch.setattr(worker, "get_current_job", lambda: _fake_job(doc, retries_left=0))
    with pytest.raises(OSError):
        worker.parse_document(doc.id)
    last = row(doc.id)
    assert last.status == "failed" and last.attempts == 2
    assert last.error.startswith("解析出错") and "Input/output error" in last.error


def test_a_job_that_runs_out_of_time_fails_the_document_with_a_clear_message(desk, row, monkeypatch):
    doc = upload_without_job(desk.contract, pdfs.contract_pdf())

    def slow(data: bytes, **kw):  # type: ignore[no-untyped-def]
        raise JobTimeoutException("Task exceeded maximum timeout value (1800 seconds)")

    monkeypatch.setattr(parsers, "extract_document", slow)
    monkeypatch.setattr(worker, "get_current_job", lambda: _fake_job(doc, retries_left=3))
    with pytest.raises(JobTimeoutException):
        worker.parse_document(doc.id)
    failed = row(doc.id)
    assert failed.status == "failed" and "1800" in failed.error and "timed out" in failed.error


def test_a_run_that_was_superseded_stops_and_writes_nothing(desk, row, monkeypatch):
    doc = upload_without_job(desk.contract, pdfs.contract_pdf())
    real = parsers.extract_document

    def requeued_meanwhile(data: bytes, *, on_page=None, **kw):  # type: ignore[no-untyped-def]
        with db.engine.begin() as conn:  # the reconciler gave the document to a new job
            conn.execute(Document.__table__.update().where(Document.id == doc.id)
                         .values(job_id="parse-document-new", status="queued"))
        return real(data, on_page=on_page, **kw)

    monkeypatch.setattr(parsers, "extract_document", requeued_meanwhile)
    monkeypatch.setattr(worker, "get_current_job", lambda: _fake_job(doc, retries_left=3))
    assert worker.parse_document(doc.id) == "superseded"
    left = row(doc.id)
    assert (left.status, left.job_id, left.extraction) == ("queued", "parse-document-new", None)
    assert db.session.scalars(select(Candidate).where(Candidate.document_id == doc.id)).all() == []


def test_a_stale_job_for_a_document_given_to_another_job_does_nothing(desk, row, monkeypatch):
    doc = upload_without_job(desk.contract, pdfs.contract_pdf())
    stale = SimpleNamespace(id="parse-document-old", retries_left=3, timeout=1800, meta={}, save_meta=lambda: None)
    monkeypatch.setattr(worker, "get_current_job", lambda: stale)
    assert worker.parse_document(doc.id) == "skipped"
    assert row(doc.id).status == "queued" and row(doc.id).attempts == 0
    assert worker.parse_document(987654) == "skipped", "a document that no longer exists"


def test_a_document_already_parsed_is_not_parsed_twice(desk, row, contract_pdf):
    doc = desk.parsed(contract_pdf)
    assert worker.parse_document(doc["id"]) == "skipped"
    assert row(doc["id"]).attempts == 1


def test_a_missing_blob_fails_the_document_with_a_message(desk, row, app):
    doc = upload_without_job(desk.contract, pdfs.contract_pdf(title="遗失文件的合同"))
    BlobStore(app.config["UPLOAD_DIR"]).path_for(doc.sha256).unlink()
    assert worker.parse_document(doc.id) == "failed"
    assert "missing" in row(doc.id).error


def test_a_scanned_contract_without_ocr_installed_ends_needs_ocr_with_the_install_hint(desk, tmp_path, monkeypatch):
    monkeypatch.setenv("TESSERACT", str(tmp_path / "no-tesseract-here"))
    doc = desk.parsed(_scanned_pdf(), "扫描件.pdf")
    assert doc["status"] == "needs_ocr"
    assert "tesseract-ocr-chi-sim" in doc["error"] and "re-parse" in doc["error"]
    assert "page(s) 1" in doc["error"], "the parser's own words say which pages"
    assert doc["extraction"]["needs_ocr"] is True and doc["candidates"] == []
    served = desk.api.get(f"/api/v1/documents/{doc['id']}/file")
    assert served.status_code == 200


@pytest.mark.slow
@pytest.mark.skipif(not ocr.ocr_available(), reason="tesseract with chi_sim data is not installed here")
def test_after_installing_ocr_a_reparse_reads_the_scanned_contract(desk, tmp_path, monkeypatch):
    monkeypatch.setenv("TESSERACT", str(tmp_path / "no-tesseract-here"))
    doc = desk.parsed(_scanned_pdf(), "扫描件.pdf")
    assert doc["status"] == "needs_ocr"
    monkeypatch.delenv("TESSERACT")  # the operator installs tesseract-ocr and tesseract-ocr-chi-sim
    assert desk.api.post(f"/api/v1/documents/{doc['id']}/reparse").status_code == 202
    drain()
    again = desk.document(doc["id"])
    assert again["status"] == "done", again["error"]
    assert again["error"] is None
    assert any("OCR" in w for w in again["extraction"]["warnings"])
    assert any(c["kind"] == "payment" for c in again["candidates"]), again["extraction"]


def _scanned_pdf() -> bytes:
    """A page that is only an image of text, as a scanner produces."""
    import io

    import pypdfium2 as pdfium
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    page = pdfium.PdfDocument(pdfs.contract_pdf())[1]
    image = page.render(scale=2).to_pil()
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.drawImage(ImageReader(image), 0, 0, width=A4[0], height=A4[1])
    c.showPage()
    c.save()
    return buf.getvalue()


@pytest.mark.skipif(bool(os.environ.get("TEST_REDIS_URL")), reason="embedded mode only: REDIS_URL is configured")
def test_on_the_embedded_server_an_upload_answers_at_once_and_the_job_thread_parses_it(desk, contract_pdf, app,
                                                                                       monkeypatch):
    """The finance officer's upload comes back while the parse is held (queued, or already picked up by
    the job thread: the thread may start it before the answer is written); the page's progress then ends
    done, with the candidates, without a worker process."""
    import threading

    gate = threading.Event()
    real = parsers.extract_document

    def held(data, **kwargs):  # type: ignore[no-untyped-def]
        assert gate.wait(10), "the test never let the parse through"
        return real(data, **kwargs)

    monkeypatch.setattr(parsers, "extract_document", held)
    thread = jobs.JobThread(app.app_context)
    thread.start()
    try:
        r = desk.upload(contract_pdf)
        assert r.status_code == 201, r.get_json()
        assert r.get_json()["status"] in {"queued", "running"}  # answered before the held parse could finish
        assert desk.document(r.get_json()["id"])["status"] in {"queued", "running"}
        gate.set()
        assert thread.wait_idle(20)
    finally:
        gate.set()
        thread.stop(20)
    doc = desk.document(r.get_json()["id"])
    assert doc["status"] == "done" and doc["candidates"], doc
