"""Request and response shapes for records, objections, repair applications and evidence."""

from __future__ import annotations

from marshmallow import EXCLUDE

from contracts.core.schemas import (
    BaseSchema,
    Bool,
    Date,
    DateTime,
    Dict,
    Id,
    Int,
    List,
    Money,
    Nested,
    Str,
    Upload,
    int_range,
    length,
    one_of,
)
from monitor.records.models import ObjectionStatus, RecordCategory, RecordStatus, RepairStatus, Severity


class In(BaseSchema):
    """A request body: unknown fields refused (BaseSchema)."""


class Query(BaseSchema):
    class Meta:
        unknown = EXCLUDE  # page and page_size belong to the paginator


# ---- records ----------------------------------------------------------------------------------
class RecordQuerySchema(Query):
    status = Str(validate=one_of(list(RecordStatus)))
    agency_id = Id()
    contract_id = Id()
    severity = Str(validate=one_of(list(Severity)))
    category = Str(validate=one_of(list(RecordCategory)))


class RecordOfficialSchema(BaseSchema):
    role = Str()
    official_id = Int()
    name = Str()
    post = Str()
    agency_id = Int(allow_none=True)
    as_of = Date(metadata={"description": "the date this official held the role (due date, or the "
                                                "proposal / decision date for the current holder)"})


class RecordSchema(BaseSchema):
    id = Int()
    agency_id = Int()
    agency_name = Str()
    contract_id = Int(allow_none=True)
    contract_code = Str(allow_none=True)
    contract_title = Str(allow_none=True)
    obligation_id = Int(allow_none=True)
    origin = Str()
    category = Str()
    category_label = Str()
    severity = Str()
    severity_label = Str()
    facts = Str()
    legal_basis = Str()
    due_date = Date(allow_none=True)
    outstanding = Money(allow_none=True)
    interest = Money(allow_none=True)
    status = Str()
    status_label = Str()
    status_reason = Str(allow_none=True)
    proposed_on = Date()
    decided_by_id = Int(allow_none=True)
    decided_on = Date(allow_none=True)
    publicity_months = Int(allow_none=True)
    publicity_start = Date(allow_none=True)
    publicity_end = Date(allow_none=True)
    ended_on = Date(allow_none=True)
    exemption_grounds = Str(allow_none=True)
    exemption_basis = Str(allow_none=True)
    finding_ids = List(Int())
    officials_hidden = Bool(metadata={"description": "names withheld under RECORD_OFFICIALS_VISIBLE_TO"})
    responsible_on_due_date = List(Nested(RecordOfficialSchema))
    responsible_now = List(Nested(RecordOfficialSchema))
    objection_ids = List(Int())
    repair_ids = List(Int())


class RecordProposeSchema(In):
    finding_ids = List(Id(), required=True, validate=length(1))
    category = Str(validate=one_of(list(RecordCategory)))
    severity = Str(validate=one_of(list(Severity)))
    facts = Str(validate=length(1))
    legal_basis = Str(validate=length(1))


class RecordEscalateSchema(In):
    as_of = Date(load_default=None)


class RecordEscalatedSchema(BaseSchema):
    as_of = Date()
    created = List(Int())


class RecordPublishSchema(In):
    decided_on = Date(load_default=None)
    publicity_months = Int(load_default=None, validate=int_range(1, 36))
    note = Str(load_default="", validate=length(hi=500))


class RecordChangesSchema(In):
    facts = Str()
    legal_basis = Str()
    category = Str(validate=one_of(list(RecordCategory)))
    severity = Str(validate=one_of(list(Severity)))
    publicity_months = Int(validate=int_range(1, 36))


class RecordAmendSchema(In):
    changes = Nested(RecordChangesSchema, required=True)
    reason = Str(required=True, validate=length(1, 500))


class RecordReasonSchema(In):
    reason = Str(required=True, validate=length(1, 500))


class RecordExemptSchema(In):
    grounds = Str(required=True, validate=length(1))
    basis = Str(required=True, validate=length(1, 300))


# ---- objections -------------------------------------------------------------------------------
class ObjectionCreateSchema(In):
    grounds = Str(required=True, validate=length(1))
    requested = Str(required=True, validate=one_of(["correct", "revoke"]))
    official_id = Id(load_default=None)
    attachment_ids = List(Id(), load_default=list)


class ObjectionQuerySchema(Query):
    status = Str(validate=one_of(list(ObjectionStatus)))
    record_id = Id()
    overdue = Bool()


class EvidenceSchema(BaseSchema):
    id = Int()
    sha256 = Str()
    filename = Str()
    size = Int()
    content_type = Str()
    owner_type = Str(allow_none=True)
    owner_id = Int(allow_none=True)
    created_at = DateTime()


class ObjectionSchema(BaseSchema):
    id = Int()
    record_id = Int()
    filed_by_id = Int()
    filer_kind = Str()
    official_id = Int(allow_none=True)
    enterprise_id = Int(allow_none=True)
    grounds = Str()
    requested = Str()
    status = Str()
    received_at = DateTime()
    received_on = Date()
    answer_due = Date(allow_none=True)
    answer_due_error = Str(allow_none=True)
    overdue = Bool()
    verified_at = DateTime(allow_none=True)
    verification_note = Str(allow_none=True)
    answered_at = DateTime(allow_none=True)
    answered_on = Date(allow_none=True)
    outcome = Str(allow_none=True)
    answer = Str(allow_none=True)
    changes = Dict(allow_none=True)
    attachments = List(Nested(EvidenceSchema))


class ObjectionVerifySchema(In):
    note = Str(load_default="")


class ObjectionAnswerSchema(In):
    outcome = Str(required=True, validate=one_of(["upheld", "corrected", "revoked"]))
    answer = Str(required=True, validate=length(1))
    changes = Nested(RecordChangesSchema, load_default=None)


# ---- repair -----------------------------------------------------------------------------------
class RepairCreateSchema(In):
    commitment = Str(required=True, validate=length(1),
                            metadata={"description": "信用承诺, published with the decision"})
    statement = Str(load_default="")
    interest_payment_ids = List(Id(), load_default=list,
                                       metadata={"description": "registry payments of the late-payment interest"})
    attachment_ids = List(Id(), load_default=list)


class RepairDecisionSchema(In):
    approve = Bool(required=True)
    reason = Str(load_default=None, validate=length(hi=1000))


class RepairSchema(BaseSchema):
    id = Int()
    record_id = Int()
    applicant_id = Int()
    commitment = Str()
    statement = Str()
    interest_payment_ids = List(Int())
    case = Dict(metadata={"description": "the remedy in the registry: obligations, payments, interest, "
                                                "minimum period"})
    status = Str(validate=one_of(list(RepairStatus)))
    filed_on = Date()
    decided_by_id = Int(allow_none=True)
    decided_on = Date(allow_none=True)
    decision_reason = Str(allow_none=True)
    attachments = List(Nested(EvidenceSchema))


class EvidenceUploadSchema(BaseSchema):
    file = Upload(required=True)


# ---- public -----------------------------------------------------------------------------------
class PublicQuerySchema(Query):
    region_code = Str()
    agency_id = Id()
    category = Str(validate=one_of(list(RecordCategory)))


class PublicAgencySchema(BaseSchema):
    id = Int()
    name = Str()
    uscc = Str()
    region_code = Str()


class PublicOfficialSchema(BaseSchema):
    role = Str()
    name = Str()
    post = Str()


class PublicRecordSchema(BaseSchema):
    id = Int()
    agency = Nested(PublicAgencySchema)
    contract_code = Str(allow_none=True)
    contract_title = Str(allow_none=True)
    category = Str()
    category_label = Str()
    severity = Str()
    severity_label = Str()
    facts = Str()
    legal_basis = Str()
    status = Str()
    status_label = Str()
    decided_on = Date()
    publicity_start = Date()
    publicity_end = Date()
    responsible_officials = List(Nested(PublicOfficialSchema),
                                        metadata={"description": "only when the policy publishes names"})
