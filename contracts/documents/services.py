"""Contract PDFs: upload, the parse job's record of work, the reconciler, and review (合同文件与审核).

The ``Document`` row — not Redis — is the record of the work: queued → running → done / failed /
needs_ocr. Upload stores the blob first, then creates the row and queues the parse job (sent after
commit). The job's steps (``begin_run``, ``record_progress``, ``store_result``, ``mark_failed``)
live here so the worker stays a thin entry point. ``reconcile`` re-queues rows whose job was lost.
Claiming, progress, ownership and the judgement of a lost job are ``contracts.core.runs``, shared
with the spreadsheet import's runs.
Review turns candidates (待确认义务) into obligations with their page and source text; re-parsing
never touches confirmed obligations or decided candidates.
"""

from __future__ import annotations

import json
import logging
import re
from datetime import timedelta
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from contracts.audit import trail
from contracts.core import clock, jobs, runs
from contracts.core.errors import Conflict, DomainError, msg, upload_too_large
from contracts.core.runs import ReconcileReport
from contracts.documents.models import Candidate, Document
from contracts.documents.storage import BlobStore
from contracts.obligations.models import Obligation
from contracts.obligations.services import add_obligation
from contracts.registry.models import Contract

log = logging.getLogger(__name__)

PARSE_JOB = "workers.documents.parse_document"
PARSE_TIMEOUT = 1800
"""Seconds one parse run may take (2000 pages at pdfplumber's slowest is about 100 s)."""
PARSE_RETRIES = 3
"""rq retries (with back-off) for transient faults; a bad PDF is never retried."""
MAX_ATTEMPTS = 5
"""Runs of one parse (retries and re-queues together) before the reconciler gives up."""

PDF_MAGIC = b"%PDF-"
_MAGIC_SEARCH = 1024  # PDF readers accept the header anywhere in the first KiB
_KNOWN_MAGIC: tuple[tuple[bytes, str, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG图片", "a PNG image"),
    (b"\xff\xd8\xff", "JPEG图片", "a JPEG image"),
    (b"GIF8", "GIF图片", "a GIF image"),
    (b"PK\x03\x04", "ZIP压缩包或Word/Excel文档（docx/xlsx）", "a ZIP archive or a Word/Excel file (docx/xlsx)"),
    (b"\xd0\xcf\x11\xe0", "旧版Word/Excel文档（doc/xls）", "an old Word/Excel file (doc/xls)"),
    (b"{\\rtf", "RTF文档", "an RTF document"),
    (b"II*\x00", "TIFF图片", "a TIFF image"),
    (b"MM\x00*", "TIFF图片", "a TIFF image"),
)

NEEDS_OCR_MESSAGE = msg(
    "部分页面是扫描图像、没有文字层，需要中文OCR（tesseract-ocr、tesseract-ocr-chi-sim）；安装或修复后请重新解析",
    "some pages are scanned images without a text layer and need Chinese OCR "
    "(tesseract-ocr, tesseract-ocr-chi-sim); install or fix it, then re-parse",
)


def needs_ocr_message(warnings: list[str]) -> str:
    """The needs_ocr error: the install hint, then the parser's own words on which pages and why."""
    details = [w for w in warnings if "OCR" in w and "已用OCR识别" not in w]
    return NEEDS_OCR_MESSAGE + ("（" + "；".join(details) + "）" if details else "")


class DocumentStatus(StrEnum):
    queued = "queued"  # 排队中
    running = "running"  # 解析中
    done = "done"  # 已完成
    failed = "failed"  # 解析失败
    needs_ocr = "needs_ocr"  # 需要OCR


class CandidateStatus(StrEnum):
    pending = "pending"  # 待审核
    accepted = "accepted"  # 已确认
    rejected = "rejected"  # 已驳回
    superseded = "superseded"  # 已被新版解析取代


ACTIVE = runs.ACTIVE
SETTLED = (DocumentStatus.done, DocumentStatus.failed, DocumentStatus.needs_ocr)
DECIDED = (CandidateStatus.accepted, CandidateStatus.rejected)


def _audit_view(doc: Document) -> dict[str, Any]:
    """The document's columns for the audit trail, without the (large) extraction JSON."""
    return {k: v for k, v in trail.snapshot(doc).items() if k != "extraction"}


# ---- upload -----------------------------------------------------------------------------------
def clean_filename(name: str | None, default: str = "document.pdf") -> str:
    """The file's own name without folders or control characters (at most 255 characters)."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = "".join(ch for ch in base if ch.isprintable()).strip().lstrip(".")
    return base[-255:] or default


def check_upload(data: bytes, *, max_bytes: int) -> None:
    """Refuse an empty, oversize or non-PDF upload (judged by its bytes, not its name)."""
    if not data:
        raise DomainError.field("file", "文件为空", "the file is empty")
    if len(data) > max_bytes:
        raise upload_too_large(max_bytes // (1024 * 1024))
    if PDF_MAGIC in data[:_MAGIC_SEARCH]:
        return
    for magic, zh, en in _KNOWN_MAGIC:
        if data.startswith(magic):
            raise DomainError.field("file", f"文件不是PDF：按内容判断是{zh}", f"the file is not a PDF: its content is {en}")
    raise DomainError.field("file", "文件不是PDF（按文件内容判断，而非文件名）",
                            "the file is not a PDF (judged by its content, not its name)")


def upload_document(
    session: Session,
    contract: Contract,
    *,
    filename: str | None,
    data: bytes,
    store: BlobStore,
    max_bytes: int,
    user_id: int | None = None,
) -> Document:
    """Store the PDF (content-addressed), record the document and queue its parse job."""
    check_upload(data, max_bytes=max_bytes)
    sha = store.put(data)  # on disk before anything else happens
    doc = Document(contract_id=contract.id, sha256=sha, filename=clean_filename(filename), size=len(data),
                   status=DocumentStatus.queued, pages_done=0, attempts=0, uploaded_by_id=user_id,
                   created_at=clock.now(), queued_at=clock.now())
    session.add(doc)
    session.flush()
    _queue_parse(session, doc)
    trail.record(session, "create", "document", doc.id, after=_audit_view(doc), contract_id=contract.id)
    return doc


def _queue_parse(session: Session, doc: Document) -> None:
    doc.job_id = runs.new_job_id("parse-document", doc.id)
    doc.status = DocumentStatus.queued
    doc.queued_at = clock.now()
    session.flush()
    jobs.enqueue(session, PARSE_JOB, doc.id, timeout=PARSE_TIMEOUT, retries=PARSE_RETRIES, job_id=doc.job_id)


def reparse_document(session: Session, doc: Document, store: BlobStore) -> Document:
    """Parse again (e.g. after a parser upgrade or installing OCR); confirmed obligations stay."""
    if doc.status in ACTIVE:
        raise Conflict({"status": [msg("该文件正在排队或解析中", "this document is already queued or being parsed")]})
    if not store.exists(doc.sha256):
        raise Conflict({"file": [msg("原文件已不在存储中，请重新上传", "the stored file is missing; upload it again")]})
    before = _audit_view(doc)
    doc.pages_done, doc.pages_total, doc.error, doc.attempts = 0, None, None, 0
    doc.started_at = doc.heartbeat_at = doc.finished_at = None
    _queue_parse(session, doc)
    trail.record(session, "reparse", "document", doc.id, before=before, after=_audit_view(doc),
                 contract_id=doc.contract_id)
    return doc


# ---- the parse job's steps --------------------------------------------------------------------
def begin_run(session: Session, document_id: int, job_id: str | None) -> Document | None:
    """Claim the document for this run (running, attempts + 1, no pages yet); None when there is
    nothing to do (``contracts.core.runs.claim``)."""
    doc = runs.claim(session, Document, document_id, job_id)
    if doc is not None:
        doc.pages_done = 0
        session.flush()
    return doc


def record_progress(session: Session, document_id: int, job_id: str | None, done: int, total: int) -> bool:
    """Write pages done / total and the heartbeat; False when this run no longer owns the row."""
    return runs.record_progress(session, Document, document_id, job_id, pages_done=done, pages_total=total)


def still_owned(session: Session, document_id: int, job_id: str | None) -> Document | None:
    """The document, locked, if this run still owns it (status running under ``job_id``).

    A reviewer confirming a proposal meanwhile inserts an obligation that refers to the document;
    the lock lets that through (``runs.still_owned``), so it cannot deadlock with this run waiting
    for the proposal's lock in ``store_result``."""
    return runs.still_owned(session, Document, document_id, job_id)


def _candidate_key(kind: Any, amount: Any, percent: Any, due: Any, page: Any, text: Any) -> str:
    return json.dumps([kind, amount, percent, due, page, (text or "").strip()], sort_keys=True, ensure_ascii=False)


def _key_of(cand: Candidate) -> str:
    d = cand.data or {}
    return _candidate_key(d.get("kind"), d.get("amount"), d.get("percent"), d.get("due"), cand.page, cand.text)


def _same_file_decided(session: Session, doc: Document) -> list[Candidate]:
    """The decided candidates read from this file for this contract, in this upload or another one of
    the same bytes (an upload repeated by mistake proposes the same obligations)."""
    return list(session.scalars(
        select(Candidate).join(Document, Candidate.document_id == Document.id)
        .where(Document.contract_id == doc.contract_id, Document.sha256 == doc.sha256,
               Candidate.status.in_(list(DECIDED))).order_by(Candidate.id)))


def store_result(session: Session, doc: Document, result: dict[str, Any], parser_version: str) -> list[Candidate]:
    """Keep the extraction and propose its government-owed obligations for review.

    Pending candidates of earlier runs become superseded; accepted and rejected ones (and the
    obligations made from them) are left alone, and a proposal identical to one already decided
    for this file (in this upload or another of the same bytes to the contract) is not asked again.
    """
    before = _audit_view(doc)
    needs_ocr = bool(result.get("needs_ocr"))
    pages = int(result.get("pages") or 0)
    doc.extraction = result
    doc.parser_version = parser_version
    doc.pages_total = pages
    doc.pages_done = pages
    doc.status = DocumentStatus.needs_ocr if needs_ocr else DocumentStatus.done
    doc.error = needs_ocr_message(list(result.get("warnings") or [])) if needs_ocr else None
    doc.finished_at = doc.heartbeat_at = clock.now()

    # locked: a reviewer confirming one at this moment commits first, and is then read as decided
    existing = session.scalars(select(Candidate).where(Candidate.document_id == doc.id)
                               .order_by(Candidate.id).with_for_update()).all()
    for c in existing:
        if c.status == CandidateStatus.pending:
            c.status = CandidateStatus.superseded
    decided = {_key_of(c) for c in _same_file_decided(session, doc)}
    created: list[Candidate] = []
    for position, ob in enumerate(result.get("obligations") or []):
        if ob.get("debtor") != "government":
            continue
        key = _candidate_key(ob.get("kind"), ob.get("amount"), ob.get("percent"), ob.get("due"), ob.get("page"),
                             ob.get("text"))
        if key in decided:
            continue
        data = {k: v for k, v in ob.items() if k not in {"page", "text"}}
        cand = Candidate(document_id=doc.id, position=position, data=data, page=ob.get("page"),
                         text=ob.get("text") or "", status=CandidateStatus.pending, parser_version=parser_version)
        session.add(cand)
        created.append(cand)
    session.flush()
    after = {**_audit_view(doc), "candidates": len(created), "obligations_found": len(result.get("obligations") or [])}
    trail.record(session, "parse", "document", doc.id, before=before, after=after, contract_id=doc.contract_id,
                 actor=trail.SYSTEM)
    return created


def mark_failed(session: Session, doc: Document, message: str) -> Document:
    """End the document as failed with ``message``; the stored file stays for a later re-parse."""
    before = _audit_view(doc)
    doc.status = DocumentStatus.failed
    doc.error = message[:4000]
    doc.finished_at = doc.heartbeat_at = clock.now()
    session.flush()
    trail.record(session, "fail", "document", doc.id, before=before, after=_audit_view(doc),
                 contract_id=doc.contract_id, actor=trail.SYSTEM)
    return doc


def release_for_retry(session: Session, doc: Document, message: str) -> Document:
    """A transient fault: back to queued (the job's retry, or the reconciler, runs it again)."""
    return runs.release_for_retry(session, doc, message)


# ---- the reconciler ---------------------------------------------------------------------------
def reconcile(session: Session, *, stale: timedelta | None = None, grace: timedelta | None = None) -> ReconcileReport:
    """Re-queue documents left queued or running by a lost job; give up after MAX_ATTEMPTS runs."""

    def requeue(doc: Document, reason: str) -> None:
        before = _audit_view(doc)
        doc.status = DocumentStatus.queued
        doc.pages_done = 0
        _queue_parse(session, doc)
        trail.record(session, "requeue", "document", doc.id, before=before, after=_audit_view(doc),
                     contract_id=doc.contract_id, note=reason, actor=trail.SYSTEM)
        log.warning("document %s re-queued as job %s: %s", doc.id, doc.job_id, reason)

    def give_up(doc: Document, reason: str) -> None:
        mark_failed(session, doc, msg(
            f"解析任务已中断{doc.attempts}次（{reason}），已停止重试；请检查文件后重新解析",
            f"the parse job was interrupted {doc.attempts} times ({reason}); giving up — "
            "check the file and re-parse"))

    return runs.reconcile(session, Document, requeue=requeue, give_up=give_up, max_attempts=MAX_ATTEMPTS,
                          noun="document", stale=stale, grace=grace)


# ---- review -----------------------------------------------------------------------------------
EDITABLE = frozenset({"kind", "amount", "percent", "due", "debtor", "description"})


def _decimal(value: Any, name: str) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        raise DomainError.field(name, f"不是有效的数字：{value}", f"not a number: {value}") from None


def _pending(session: Session, cand: Candidate) -> None:
    session.refresh(cand, with_for_update=True)
    if cand.status != CandidateStatus.pending:
        raise Conflict({"status": [msg(f"该候选义务已处理（{cand.status}）", f"this candidate is already {cand.status}")]})


def accept_candidate(session: Session, cand: Candidate, *, edits: dict[str, Any] | None = None,
                     user_id: int | None = None) -> Obligation:
    """Confirm a candidate (with the reviewer's edits) as an Obligation sourced from the document;
    409 when the same file's identical proposal was already confirmed (an upload repeated)."""
    edits = dict(edits or {})
    unknown = set(edits) - EDITABLE
    if unknown:
        raise DomainError({k: [msg("不可修改的字段", "this field cannot be edited")] for k in sorted(unknown)})
    _pending(session, cand)
    doc = session.get(Document, cand.document_id)
    assert doc is not None
    contract = session.get(Contract, doc.contract_id)
    assert contract is not None
    key = _key_of(cand)
    twin = next((c for c in _same_file_decided(session, doc)
                 if c.status == CandidateStatus.accepted and _key_of(c) == key), None)
    if twin is not None:
        raise Conflict({"status": [msg(
            f"同一文件的这条义务已确认为义务 {twin.obligation_id}（上传 {twin.document_id}），不能重复确认",
            f"this obligation of the same file was already confirmed as obligation {twin.obligation_id} "
            f"(upload {twin.document_id}); it is not made twice")]})
    data = {**cand.data, **{k: v for k, v in edits.items() if k in {"kind", "due", "debtor", "description"}}}
    amount, percent = _decimal(cand.data.get("amount"), "amount"), _decimal(cand.data.get("percent"), "percent")
    if "amount" in edits or "percent" in edits:
        amount = _decimal(edits["amount"], "amount") if "amount" in edits else None
        percent = _decimal(edits["percent"], "percent") if "percent" in edits else None
    elif percent is not None:
        amount = None  # the share of the registered contract amount, kept in step with it
    ob = add_obligation(
        session, contract, kind=data.get("kind") or "", due=data.get("due") or {},
        debtor=data.get("debtor") or "government", amount=amount, percent=percent,
        description=data.get("description") or cand.text, source="document", document_id=doc.id,
        source_page=cand.page, source_text=cand.text, user_id=user_id)
    before = {"status": cand.status}
    cand.status = CandidateStatus.accepted
    cand.obligation_id = ob.id
    cand.decided_by_id = user_id
    cand.decided_at = clock.now()
    session.flush()
    trail.record(session, "accept", "candidate", cand.id, before=before,
                 after={"status": cand.status, "obligation_id": ob.id, "proposed": cand.data,
                        "edits": trail.jsonable(edits)}, contract_id=contract.id)
    return ob


def reject_candidate(session: Session, cand: Candidate, *, user_id: int | None = None, reason: str = "") -> Candidate:
    """Reject a candidate (not an obligation, or a wrong reading); it is not proposed again."""
    _pending(session, cand)
    doc = session.get(Document, cand.document_id)
    assert doc is not None
    cand.status = CandidateStatus.rejected
    cand.decided_by_id = user_id
    cand.decided_at = clock.now()
    session.flush()
    trail.record(session, "reject", "candidate", cand.id, before={"status": CandidateStatus.pending},
                 after={"status": cand.status, "proposed": cand.data}, contract_id=doc.contract_id,
                 note=reason[:500])
    return cand
