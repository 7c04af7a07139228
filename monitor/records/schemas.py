"""Request and response shapes for records, objections, repair applications and evidence."""

from __future__ import annotations

from flask_smorest.fields import Upload
from marshmallow import EXCLUDE, RAISE, Schema, fields, validate

from contracts.core.schemas import Id
from monitor.records.models import ObjectionStatus, RecordCategory, RecordStatus, RepairStatus, Severity

MONEY = {"places": 2, "as_string": True, "allow_none": True}


class In(Schema):
    class Meta:
        unknown = RAISE


class Query(Schema):
    class Meta:
        unknown = EXCLUDE  # page and page_size belong to the paginator


# ---- records ----------------------------------------------------------------------------------
class RecordQuerySchema(Query):
    status = fields.Str(validate=validate.OneOf(list(RecordStatus)))
    agency_id = Id()
    contract_id = Id()
    severity = fields.Str(validate=validate.OneOf(list(Severity)))
    category = fields.Str(validate=validate.OneOf(list(RecordCategory)))


class RecordOfficialSchema(Schema):
    role = fields.Str()
    official_id = fields.Int()
    name = fields.Str()
    post = fields.Str()
    agency_id = fields.Int(allow_none=True)
    as_of = fields.Date(metadata={"description": "the date this official held the role (due date, or the "
                                                "proposal / decision date for the current holder)"})


class RecordSchema(Schema):
    id = fields.Int()
    agency_id = fields.Int()
    agency_name = fields.Str()
    contract_id = fields.Int(allow_none=True)
    contract_code = fields.Str(allow_none=True)
    contract_title = fields.Str(allow_none=True)
    obligation_id = fields.Int(allow_none=True)
    origin = fields.Str()
    category = fields.Str()
    category_label = fields.Str()
    severity = fields.Str()
    severity_label = fields.Str()
    facts = fields.Str()
    legal_basis = fields.Str()
    due_date = fields.Date(allow_none=True)
    outstanding = fields.Decimal(**MONEY)
    interest = fields.Decimal(**MONEY)
    status = fields.Str()
    status_label = fields.Str()
    status_reason = fields.Str(allow_none=True)
    proposed_on = fields.Date()
    decided_by_id = fields.Int(allow_none=True)
    decided_on = fields.Date(allow_none=True)
    publicity_months = fields.Int(allow_none=True)
    publicity_start = fields.Date(allow_none=True)
    publicity_end = fields.Date(allow_none=True)
    ended_on = fields.Date(allow_none=True)
    exemption_grounds = fields.Str(allow_none=True)
    exemption_basis = fields.Str(allow_none=True)
    finding_ids = fields.List(fields.Int())
    officials_hidden = fields.Bool(metadata={"description": "names withheld under RECORD_OFFICIALS_VISIBLE_TO"})
    responsible_on_due_date = fields.List(fields.Nested(RecordOfficialSchema))
    responsible_now = fields.List(fields.Nested(RecordOfficialSchema))
    objection_ids = fields.List(fields.Int())
    repair_ids = fields.List(fields.Int())


class RecordProposeSchema(In):
    finding_ids = fields.List(Id(), required=True, validate=validate.Length(min=1))
    category = fields.Str(validate=validate.OneOf(list(RecordCategory)))
    severity = fields.Str(validate=validate.OneOf(list(Severity)))
    facts = fields.Str(validate=validate.Length(min=1))
    legal_basis = fields.Str(validate=validate.Length(min=1))


class RecordEscalateSchema(In):
    as_of = fields.Date(load_default=None)


class RecordEscalatedSchema(Schema):
    as_of = fields.Date()
    created = fields.List(fields.Int())


class RecordPublishSchema(In):
    decided_on = fields.Date(load_default=None)
    publicity_months = fields.Int(load_default=None, validate=validate.Range(min=1, max=36))
    note = fields.Str(load_default="", validate=validate.Length(max=500))


class RecordChangesSchema(In):
    facts = fields.Str()
    legal_basis = fields.Str()
    category = fields.Str(validate=validate.OneOf(list(RecordCategory)))
    severity = fields.Str(validate=validate.OneOf(list(Severity)))
    publicity_months = fields.Int(validate=validate.Range(min=1, max=36))


class RecordAmendSchema(In):
    changes = fields.Nested(RecordChangesSchema, required=True)
    reason = fields.Str(required=True, validate=validate.Length(min=1, max=500))


class RecordReasonSchema(In):
    reason = fields.Str(required=True, validate=validate.Length(min=1, max=500))


class RecordExemptSchema(In):
    grounds = fields.Str(required=True, validate=validate.Length(min=1))
    basis = fields.Str(required=True, validate=validate.Length(min=1, max=300))


# ---- objections -------------------------------------------------------------------------------
class ObjectionCreateSchema(In):
    grounds = fields.Str(required=True, validate=validate.Length(min=1))
    requested = fields.Str(required=True, validate=validate.OneOf(["correct", "revoke"]))
    official_id = Id(load_default=None)
    attachment_ids = fields.List(Id(), load_default=list)


class ObjectionQuerySchema(Query):
    status = fields.Str(validate=validate.OneOf(list(ObjectionStatus)))
    record_id = Id()
    overdue = fields.Bool()


class EvidenceSchema(Schema):
    id = fields.Int()
    sha256 = fields.Str()
    filename = fields.Str()
    size = fields.Int()
    content_type = fields.Str()
    owner_type = fields.Str(allow_none=True)
    owner_id = fields.Int(allow_none=True)
    created_at = fields.DateTime()


class ObjectionSchema(Schema):
    id = fields.Int()
    record_id = fields.Int()
    filed_by_id = fields.Int()
    filer_kind = fields.Str()
    official_id = fields.Int(allow_none=True)
    enterprise_id = fields.Int(allow_none=True)
    grounds = fields.Str()
    requested = fields.Str()
    status = fields.Str()
    received_at = fields.DateTime()
    received_on = fields.Date()
    answer_due = fields.Date(allow_none=True)
    answer_due_error = fields.Str(allow_none=True)
    overdue = fields.Bool()
    verified_at = fields.DateTime(allow_none=True)
    verification_note = fields.Str(allow_none=True)
    answered_at = fields.DateTime(allow_none=True)
    answered_on = fields.Date(allow_none=True)
    outcome = fields.Str(allow_none=True)
    answer = fields.Str(allow_none=True)
    changes = fields.Dict(allow_none=True)
    attachments = fields.List(fields.Nested(EvidenceSchema))


class ObjectionVerifySchema(In):
    note = fields.Str(load_default="")


class ObjectionAnswerSchema(In):
    outcome = fields.Str(required=True, validate=validate.OneOf(["upheld", "corrected", "revoked"]))
    answer = fields.Str(required=True, validate=validate.Length(min=1))
    changes = fields.Nested(RecordChangesSchema, load_default=None)


# ---- repair -----------------------------------------------------------------------------------
class RepairCreateSchema(In):
    commitment = fields.Str(required=True, validate=validate.Length(min=1),
                            metadata={"description": "信用承诺, published with the decision"})
    statement = fields.Str(load_default="")
    interest_payment_ids = fields.List(Id(), load_default=list,
                                       metadata={"description": "registry payments of the late-payment interest"})
    attachment_ids = fields.List(Id(), load_default=list)


class RepairDecisionSchema(In):
    approve = fields.Bool(required=True)
    reason = fields.Str(load_default=None, validate=validate.Length(max=1000))


class RepairSchema(Schema):
    id = fields.Int()
    record_id = fields.Int()
    applicant_id = fields.Int()
    commitment = fields.Str()
    statement = fields.Str()
    interest_payment_ids = fields.List(fields.Int())
    case = fields.Dict(metadata={"description": "the remedy in the registry: obligations, payments, interest, "
                                                "minimum period"})
    status = fields.Str(validate=validate.OneOf(list(RepairStatus)))
    filed_on = fields.Date()
    decided_by_id = fields.Int(allow_none=True)
    decided_on = fields.Date(allow_none=True)
    decision_reason = fields.Str(allow_none=True)
    attachments = fields.List(fields.Nested(EvidenceSchema))


class EvidenceUploadSchema(Schema):
    file = Upload(required=True)


# ---- public -----------------------------------------------------------------------------------
class PublicQuerySchema(Query):
    region_code = fields.Str()
    agency_id = Id()
    category = fields.Str(validate=validate.OneOf(list(RecordCategory)))


class PublicAgencySchema(Schema):
    id = fields.Int()
    name = fields.Str()
    uscc = fields.Str()
    region_code = fields.Str()


class PublicOfficialSchema(Schema):
    role = fields.Str()
    name = fields.Str()
    post = fields.Str()


class PublicRecordSchema(Schema):
    id = fields.Int()
    agency = fields.Nested(PublicAgencySchema)
    contract_code = fields.Str(allow_none=True)
    contract_title = fields.Str(allow_none=True)
    category = fields.Str()
    category_label = fields.Str()
    severity = fields.Str()
    severity_label = fields.Str()
    facts = fields.Str()
    legal_basis = fields.Str()
    status = fields.Str()
    status_label = fields.Str()
    decided_on = fields.Date()
    publicity_start = fields.Date()
    publicity_end = fields.Date()
    responsible_officials = fields.List(fields.Nested(PublicOfficialSchema),
                                        metadata={"description": "only when the policy publishes names"})
