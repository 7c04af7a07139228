"""Request and response shapes for complaints (投诉举报)."""

from __future__ import annotations

from marshmallow import EXCLUDE, RAISE

from contracts.core.schemas import BaseSchema, Bool, Date, DateTime, Id, Int, List, Money, Nested, Str, length, one_of
from monitor.complaints.models import ComplaintCategory, ComplaintStatus
from monitor.complaints.services import MESSAGE_MAX, TITLE_MAX, TRANSITIONS
from monitor.records.models import RecordCategory, Severity
from monitor.records.schemas import EvidenceSchema


class ComplaintCreateSchema(BaseSchema):
    class Meta:
        unknown = RAISE

    category = Str(required=True, validate=one_of(list(ComplaintCategory)))
    title = Str(required=True, validate=length(1, TITLE_MAX))
    description = Str(required=True, validate=length(1))
    contract_id = Id(load_default=None)
    agency_id = Id(load_default=None)
    amount = Money(load_default=None, allow_none=True,
                   metadata={"description": "涉及金额（元）, e.g. \"300000.00\"; ≥ 0, at most two decimal places"})
    enterprise_id = Id(load_default=None, metadata={"description": "only when filed on an enterprise's behalf"})
    attachment_ids = List(Id(), load_default=list)


class ComplaintQuerySchema(BaseSchema):
    class Meta:
        unknown = EXCLUDE

    status = Str(validate=one_of(list(ComplaintStatus)))
    agency_id = Id()
    contract_id = Id()
    handler_id = Id()
    overdue = Bool()


class ComplaintRecordOutcomeSchema(BaseSchema):
    class Meta:
        unknown = RAISE

    record_id = Id(metadata={"description": "link an existing record instead of proposing one"})
    legal_basis = Str(validate=length(1))
    facts = Str(validate=length(1))
    category = Str(validate=one_of(list(RecordCategory)))
    severity = Str(validate=one_of(list(Severity)))


class ComplaintStepSchema(BaseSchema):
    class Meta:
        unknown = RAISE

    step = Str(required=True, validate=one_of(list(TRANSITIONS)),
                      metadata={"description": "accept 受理, review 复核, determine 认定, supervise 督办, "
                                               "record 记入信用记录, resolve 整改办结, reject 驳回"})
    note = Str(load_default="")
    substantiated = Bool(load_default=None, allow_none=True)
    finding_ids = List(Id(), load_default=list)
    record = Nested(ComplaintRecordOutcomeSchema, load_default=None)


class ComplaintAssignSchema(BaseSchema):
    class Meta:
        unknown = RAISE

    handler_id = Id(required=True)


class ComplaintMessageCreateSchema(BaseSchema):
    class Meta:
        unknown = RAISE

    body = Str(required=True, validate=length(1, MESSAGE_MAX))
    attachment_ids = List(Id(), load_default=list)


class ComplaintStepOutSchema(BaseSchema):
    id = Int()
    step = Str()
    step_label = Str()
    from_status = Str(allow_none=True)
    to_status = Str()
    on = Date()
    at = DateTime()
    by_id = Int(allow_none=True)
    note = Str()
    due = Date(allow_none=True)
    late = Bool()


class ComplaintMessageSchema(BaseSchema):
    id = Int()
    author_id = Int()
    from_complainant = Bool()
    body = Str()
    created_at = DateTime()
    attachments = List(Nested(EvidenceSchema))


class ComplaintSchema(BaseSchema):
    id = Int()
    enterprise_id = Int()
    filed_by_id = Int()
    agency_id = Int()
    contract_id = Int(allow_none=True)
    category = Str()
    category_label = Str()
    title = Str()
    description = Str()
    amount = Money(allow_none=True)
    status = Str()
    status_label = Str()
    handler_id = Int(allow_none=True)
    next_step = Str(allow_none=True)
    step_due = Date(allow_none=True)
    step_due_error = Str(allow_none=True)
    overdue = Bool()
    submitted_on = Date()
    closed_on = Date(allow_none=True)
    outcome = Str(allow_none=True)
    finding_ids = List(Int())
    record_ids = List(Int())
    steps = List(Nested(ComplaintStepOutSchema))
    messages = List(Nested(ComplaintMessageSchema))
    attachments = List(Nested(EvidenceSchema))
