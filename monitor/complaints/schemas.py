"""Request and response shapes for complaints (投诉举报)."""

from __future__ import annotations

from marshmallow import EXCLUDE, RAISE, Schema, fields, validate

from contracts.core.schemas import Id, Money
from monitor.complaints.models import ComplaintCategory, ComplaintStatus
from monitor.complaints.services import TRANSITIONS
from monitor.records.models import RecordCategory, Severity
from monitor.records.schemas import EvidenceSchema


class ComplaintCreateSchema(Schema):
    class Meta:
        unknown = RAISE

    category = fields.Str(required=True, validate=validate.OneOf(list(ComplaintCategory)))
    title = fields.Str(required=True, validate=validate.Length(min=1, max=200))
    description = fields.Str(required=True, validate=validate.Length(min=1))
    contract_id = Id(load_default=None)
    agency_id = Id(load_default=None)
    amount = Money(load_default=None, allow_none=True,
                   metadata={"description": "涉及金额（元）, e.g. \"300000.00\"; ≥ 0, at most two decimal places"})
    enterprise_id = Id(load_default=None, metadata={"description": "only when filed on an enterprise's behalf"})
    attachment_ids = fields.List(Id(), load_default=list)


class ComplaintQuerySchema(Schema):
    class Meta:
        unknown = EXCLUDE

    status = fields.Str(validate=validate.OneOf(list(ComplaintStatus)))
    agency_id = Id()
    contract_id = Id()
    handler_id = Id()
    overdue = fields.Bool()


class ComplaintRecordOutcomeSchema(Schema):
    class Meta:
        unknown = RAISE

    record_id = Id(metadata={"description": "link an existing record instead of proposing one"})
    legal_basis = fields.Str(validate=validate.Length(min=1))
    facts = fields.Str(validate=validate.Length(min=1))
    category = fields.Str(validate=validate.OneOf(list(RecordCategory)))
    severity = fields.Str(validate=validate.OneOf(list(Severity)))


class ComplaintStepSchema(Schema):
    class Meta:
        unknown = RAISE

    step = fields.Str(required=True, validate=validate.OneOf(list(TRANSITIONS)),
                      metadata={"description": "accept 受理, review 复核, determine 认定, supervise 督办, "
                                               "record 记入信用记录, resolve 整改办结, reject 驳回"})
    note = fields.Str(load_default="")
    substantiated = fields.Bool(load_default=None, allow_none=True)
    finding_ids = fields.List(Id(), load_default=list)
    record = fields.Nested(ComplaintRecordOutcomeSchema, load_default=None)


class ComplaintAssignSchema(Schema):
    class Meta:
        unknown = RAISE

    handler_id = Id(required=True)


class ComplaintMessageCreateSchema(Schema):
    class Meta:
        unknown = RAISE

    body = fields.Str(required=True, validate=validate.Length(min=1, max=5000))
    attachment_ids = fields.List(Id(), load_default=list)


class ComplaintStepOutSchema(Schema):
    id = fields.Int()
    step = fields.Str()
    step_label = fields.Str()
    from_status = fields.Str(allow_none=True)
    to_status = fields.Str()
    on = fields.Date()
    at = fields.DateTime()
    by_id = fields.Int(allow_none=True)
    note = fields.Str()
    due = fields.Date(allow_none=True)
    late = fields.Bool()


class ComplaintMessageSchema(Schema):
    id = fields.Int()
    author_id = fields.Int()
    from_complainant = fields.Bool()
    body = fields.Str()
    created_at = fields.DateTime()
    attachments = fields.List(fields.Nested(EvidenceSchema))


class ComplaintSchema(Schema):
    id = fields.Int()
    enterprise_id = fields.Int()
    filed_by_id = fields.Int()
    agency_id = fields.Int()
    contract_id = fields.Int(allow_none=True)
    category = fields.Str()
    category_label = fields.Str()
    title = fields.Str()
    description = fields.Str()
    amount = fields.Decimal(places=2, as_string=True, allow_none=True)
    status = fields.Str()
    status_label = fields.Str()
    handler_id = fields.Int(allow_none=True)
    next_step = fields.Str(allow_none=True)
    step_due = fields.Date(allow_none=True)
    step_due_error = fields.Str(allow_none=True)
    overdue = fields.Bool()
    submitted_on = fields.Date()
    closed_on = fields.Date(allow_none=True)
    outcome = fields.Str(allow_none=True)
    finding_ids = fields.List(fields.Int())
    record_ids = fields.List(fields.Int())
    steps = fields.List(fields.Nested(ComplaintStepOutSchema))
    messages = fields.List(fields.Nested(ComplaintMessageSchema))
    attachments = fields.List(fields.Nested(EvidenceSchema))
