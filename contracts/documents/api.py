"""API: upload contract PDFs, follow their parse, review the candidates (合同文件上传与审核)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import current_app, request, send_file
from flask.views import MethodView
from sqlalchemy import select
from werkzeug.exceptions import RequestEntityTooLarge

from contracts.access.current import requires
from contracts.access.models import User
from contracts.access.permissions import Permission, require
from contracts.access.scope import get_contract, require_contract_write, visible_contracts
from contracts.core.api import Blueprint
from contracts.core.db import db
from contracts.core.enums import Role
from contracts.core.errors import DomainError, NotFound, msg, upload_too_large
from contracts.core.schemas import MAX_ID, REQUIRED, page_of, parse_id
from contracts.documents import services
from contracts.documents.models import Candidate, Document
from contracts.documents.schemas import (
    AcceptSchema,
    CandidateSchema,
    DocumentDetailSchema,
    DocumentQuerySchema,
    DocumentSchema,
    RejectSchema,
)
from contracts.documents.storage import BlobStore
from contracts.registry.models import Contract

blp = Blueprint("documents", __name__, url_prefix="/api/v1/documents",
                description="Contract PDFs: upload, parse progress, review of extracted obligations (合同文件)")

UPLOAD_BODY = {
    "required": True,
    "content": {"multipart/form-data": {"schema": {
        "type": "object", "required": ["contract_id", "file"],
        "properties": {"contract_id": {"type": "integer", "minimum": 1, "maximum": MAX_ID,
                                       "description": "the contract the PDF belongs to"},
                       "file": {"type": "string", "format": "binary", "description": "the signed contract PDF"}}}}},
}


def store() -> BlobStore:
    """The blob store under UPLOAD_DIR."""
    return BlobStore(Path(current_app.config["UPLOAD_DIR"]))


def _max_bytes() -> int:
    return int(current_app.config["MAX_UPLOAD_MB"]) * 1024 * 1024


def _too_large() -> DomainError:
    return upload_too_large(int(current_app.config["MAX_UPLOAD_MB"]))


def _staff_reader(permission: Permission = Permission.registry_read) -> User:
    """Documents are for staff: an enterprise account is told they do not exist (404)."""
    user = requires(permission)
    if user.role == Role.enterprise:
        raise NotFound("document")
    return user


def _document(user: User, document_id: int) -> Document:
    doc = db.session.get(Document, document_id)
    if doc is None:
        raise NotFound("document")
    try:
        get_contract(db.session, user, doc.contract_id)
    except NotFound:
        raise NotFound("document") from None
    return doc


def _reviewable(user: User, document_id: int, candidate_id: int) -> tuple[Document, Candidate]:
    require(user, Permission.documents_review)
    doc = _document(user, document_id)
    contract = db.session.get(Contract, doc.contract_id)
    require_contract_write(user, contract)
    cand = db.session.get(Candidate, candidate_id)
    if cand is None or cand.document_id != doc.id:
        raise NotFound("candidate")
    return doc, cand


def _upload_fields() -> tuple[int, Any]:
    errors: dict[str, list[str]] = {}
    try:
        form, files = request.form, request.files
    except RequestEntityTooLarge:
        raise _too_large() from None
    raw_id = (form.get("contract_id") or "").strip()
    contract_id = 0
    if not raw_id:
        errors["contract_id"] = [REQUIRED]
    else:
        try:
            contract_id = parse_id(raw_id)
        except ValueError as exc:
            errors["contract_id"] = [str(exc)]
    upload = files.get("file")
    if upload is None:
        errors["file"] = [msg("请选择要上传的PDF文件（字段名 file）", "attach the PDF as the multipart field 'file'")]
    if errors:
        raise DomainError(errors)
    return contract_id, upload


@blp.route("")
class Documents(MethodView):
    @blp.arguments(DocumentQuerySchema, location="query")
    @blp.response(200, DocumentSchema(many=True))
    @blp.paginate()
    @blp.error(404, "no such contract (contract_id), or not yours")
    def get(self, args: dict[str, Any], pagination_parameters: Any):  # type: ignore[no-untyped-def]
        """List documents (optionally of one contract), newest first."""
        user = _staff_reader()
        stmt = visible_contracts(user, select(Document).join(Contract, Document.contract_id == Contract.id))
        if "contract_id" in args:
            try:
                get_contract(db.session, user, args["contract_id"])
            except NotFound:
                raise NotFound("contract") from None
            stmt = stmt.where(Document.contract_id == args["contract_id"])
        if "status" in args:
            stmt = stmt.where(Document.status == args["status"])
        return page_of(db.session, stmt.order_by(Document.id.desc()), pagination_parameters)

    @blp.doc(requestBody=UPLOAD_BODY)
    @blp.response(201, DocumentSchema)
    @blp.error(413, "the file exceeds MAX_UPLOAD_MB")
    def post(self):  # type: ignore[no-untyped-def]
        """Upload a contract PDF (multipart: file, contract_id); its parse job is queued."""
        user = requires(Permission.registry_write)
        contract_id, upload = _upload_fields()
        try:
            contract = get_contract(db.session, user, contract_id, write=True)
        except NotFound:
            raise DomainError.field("contract_id", "合同不存在或无权访问", "no such contract (or not yours)") from None
        try:
            data = upload.stream.read(_max_bytes() + 1)
        except RequestEntityTooLarge:
            raise _too_large() from None
        doc = services.upload_document(db.session, contract, filename=upload.filename, data=data, store=store(),
                                       max_bytes=_max_bytes(), user_id=user.id)
        db.commit()  # sends the job (embedded: to the server's job thread, or inline in CLI and tests)
        db.session.refresh(doc)
        return doc


@blp.route("/<int:document_id>")
class DocumentItem(MethodView):
    @blp.response(200, DocumentDetailSchema)
    def get(self, document_id: int):  # type: ignore[no-untyped-def]
        """A document: status, progress, error, extraction JSON, candidates, and the particulars
        the PDF states differently from the registered contract."""
        return _document(_staff_reader(), document_id)


@blp.route("/<int:document_id>/reparse")
class Reparse(MethodView):
    @blp.response(202, DocumentSchema)
    def post(self, document_id: int):  # type: ignore[no-untyped-def]
        """Parse again (a newer parser, OCR installed); confirmed obligations are never touched."""
        user = _staff_reader(Permission.documents_review)
        doc = _document(user, document_id)
        require_contract_write(user, db.session.get(Contract, doc.contract_id))
        services.reparse_document(db.session, doc, store())
        db.commit()
        db.session.refresh(doc)
        return doc


@blp.route("/<int:document_id>/candidates/<int:candidate_id>/accept")
class Accept(MethodView):
    @blp.arguments(AcceptSchema(partial=True))
    @blp.response(200, CandidateSchema)
    def post(self, edits: dict[str, Any], document_id: int, candidate_id: int):  # type: ignore[no-untyped-def]
        """Confirm a candidate, optionally corrected, as an obligation (source: document, page, text)."""
        user = _staff_reader(Permission.documents_review)
        _doc, cand = _reviewable(user, document_id, candidate_id)
        services.accept_candidate(db.session, cand, edits=edits, user_id=user.id)
        db.commit()
        return cand


@blp.route("/<int:document_id>/candidates/<int:candidate_id>/reject")
class Reject(MethodView):
    @blp.arguments(RejectSchema)
    @blp.response(200, CandidateSchema)
    def post(self, args: dict[str, Any], document_id: int, candidate_id: int):  # type: ignore[no-untyped-def]
        """Reject a candidate; it is not proposed again by a re-parse."""
        user = _staff_reader(Permission.documents_review)
        _doc, cand = _reviewable(user, document_id, candidate_id)
        services.reject_candidate(db.session, cand, user_id=user.id, reason=args.get("reason", ""))
        db.commit()
        return cand


@blp.route("/<int:document_id>/file")
class DocumentFile(MethodView):
    @blp.doc(responses={"200": {"description": "the stored PDF", "content": {"application/pdf": {}}}})
    def get(self, document_id: int):  # type: ignore[no-untyped-def]
        """The stored PDF itself."""
        doc = _document(_staff_reader(), document_id)
        path = store().path_for(doc.sha256)
        if not path.is_file():
            raise NotFound("file")
        return send_file(path, mimetype="application/pdf", download_name=doc.filename, as_attachment=False,
                         etag=doc.sha256, conditional=True, max_age=0)
