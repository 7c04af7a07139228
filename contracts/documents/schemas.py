"""API shapes of documents (合同文件) and candidates (待确认义务)."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields

from contracts.core.enums import Debtor, ObligationKind
from contracts.core.schemas import BaseSchema, Id, Money, Percent, Str, length, one_of
from contracts.documents import consistency
from contracts.obligations.schemas import DueRule, DueSchema


def _progress(doc: Any) -> float | None:
    if not doc.pages_total:
        return None
    return round(100.0 * min(doc.pages_done or 0, doc.pages_total) / doc.pages_total, 1)


class CandidateSchema(Schema):
    """A proposed obligation as the parser read it, with its page and source sentence."""

    id = fields.Int()
    document_id = fields.Int()
    position = fields.Int(metadata={"description": "index in the extraction's obligations"})
    status = fields.Str(metadata={"description": "pending, accepted, rejected or superseded"})
    kind = fields.Function(lambda c: c.data.get("kind"))
    debtor = fields.Function(lambda c: c.data.get("debtor"))
    amount = fields.Function(lambda c: c.data.get("amount"), metadata={"description": "yuan, two places"})
    percent = fields.Function(lambda c: c.data.get("percent"))
    due = fields.Function(lambda c: c.data.get("due"))
    page = fields.Int(allow_none=True)
    text = fields.Str()
    parser_version = fields.Str()
    obligation_id = fields.Int(allow_none=True)
    decided_by_id = fields.Int(allow_none=True)
    decided_at = fields.DateTime(allow_none=True)


class DocumentSchema(Schema):
    """A document with its parse status and progress (pages done / total)."""

    id = fields.Int()
    contract_id = fields.Int()
    filename = fields.Str()
    size = fields.Int()
    sha256 = fields.Str()
    status = fields.Str(metadata={"description": "queued, running, done, failed or needs_ocr"})
    pages_done = fields.Int()
    pages_total = fields.Int(allow_none=True)
    progress = fields.Function(_progress, metadata={"description": "percent of pages parsed"})
    error = fields.Str(allow_none=True)
    attempts = fields.Int()
    job_id = fields.Str(allow_none=True)
    parser_version = fields.Str(allow_none=True)
    uploaded_by_id = fields.Int(allow_none=True)
    created_at = fields.DateTime()
    queued_at = fields.DateTime()
    started_at = fields.DateTime(allow_none=True)
    heartbeat_at = fields.DateTime(allow_none=True)
    finished_at = fields.DateTime(allow_none=True)


class DocumentDetailSchema(DocumentSchema):
    """A document with its extraction JSON and its candidates."""

    extraction = fields.Dict(allow_none=True)
    candidates = fields.List(fields.Nested(CandidateSchema))
    differences = fields.Method("_differences", metadata={
        "description": "particulars the PDF states differently from the registered contract (合同一致性): "
                       "[{field: code|amount|signed_on|government|counterparty, registered, in_document}]"})

    def _differences(self, doc: Any) -> list[dict[str, str]]:
        return [d.as_json() for d in consistency.differences(doc.contract, doc.extraction)]


class DocumentQuerySchema(BaseSchema):
    contract_id = Id()
    status = Str(validate=one_of(["queued", "running", "done", "failed", "needs_ocr"]))


class AcceptSchema(BaseSchema):
    """Optional corrections to a candidate before it becomes an obligation."""

    kind = Str(validate=one_of(list(ObligationKind)))
    debtor = Str(validate=one_of(list(Debtor)))
    amount = Money(allow_none=True)
    percent = Percent(allow_none=True)
    due = DueRule(DueSchema, metadata={"description": '{"date": "YYYY-MM-DD"} or {"event": E, "offset": N, "unit": U}'})
    description = Str(validate=length(hi=500))


class RejectSchema(BaseSchema):
    reason = Str(load_default="", validate=length(hi=500))
