"""Schemas of the report API: query parameters in, look-backs and the scoreboard out (报表接口)."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields

from contracts.core.schemas import BaseSchema, Bool, Date, DecimalText, Id, Money, Nested, Str, length, one_of
from monitor.reports import scoreboard
from monitor.reports.service import REPORTS

LOOKBACK_FORMATS = ("json", "xlsx", "pdf")
SCOREBOARD_FORMATS = ("json", "xlsx", "pdf", "csv")
EXPORT_FORMATS = ("xlsx", "pdf", "csv")


def _rate(**kw: Any) -> DecimalText:
    return DecimalText(places=4, allow_none=True, **kw)


def _one(**kw: Any) -> DecimalText:
    return DecimalText(places=1, allow_none=True, **kw)


# ---- input ------------------------------------------------------------------------------------
class LookbackQuerySchema(BaseSchema):
    format = Str(load_default="json", validate=one_of(LOOKBACK_FORMATS))
    as_of = Date(metadata={"description": "judge as at the end of this day (default today)"})


class ScoreboardFilterSchema(BaseSchema):
    start = Date(metadata={"description": "first due date counted (default 1 January this year)"})
    end = Date(metadata={"description": "last due date counted (default today)"})
    as_of = Date(metadata={"description": "judge as at the end of this day (default today)"})
    group = Str(load_default="agency", validate=one_of(scoreboard.GROUPS))
    region_code = Str(validate=length(2, 12), metadata={"description": "region code prefix, e.g. 3301"})
    agency_id = Id()


class ScoreboardQuerySchema(ScoreboardFilterSchema):
    format = Str(load_default="json", validate=one_of(SCOREBOARD_FORMATS))


class DrilldownQuerySchema(ScoreboardFilterSchema):
    figure = Str(required=True, validate=one_of(scoreboard.FIGURES))
    key = Str(validate=length(1, 20), metadata={"description": "the row: an agency id or a region code"})


class ExportParamsSchema(BaseSchema):
    contract_id = Id()
    official_id = Id()
    as_of = Date()
    start = Date()
    end = Date()
    group = Str(validate=one_of(scoreboard.GROUPS))
    region_code = Str(validate=length(2, 12))
    agency_id = Id()
    details = Bool(metadata={"description": "scoreboard: add a sheet listing every contract behind the figures"})


class ExportRequestSchema(BaseSchema):
    report = Str(required=True, validate=one_of(REPORTS))
    format = Str(required=True, validate=one_of(EXPORT_FORMATS))
    params = Nested(ExportParamsSchema, required=True)


# ---- output -----------------------------------------------------------------------------------
class OfficialBriefSchema(Schema):
    official_id = fields.Int()
    name = fields.Str()
    post = fields.Str()
    agency_id = fields.Int()
    agency_name = fields.Str()


class RoleHolderSchema(OfficialBriefSchema):
    role = fields.Str()
    role_label = fields.Str()
    obligation_id = fields.Int(allow_none=True)
    stage = fields.Str(allow_none=True)
    responsibility_id = fields.Int()


class ChangeSchema(Schema):
    """What an audited action changed, in parts (``summary`` is their Chinese line)."""

    action = fields.Str()
    entity = fields.Str()
    note = fields.Str(metadata={"description": "as written; the system's own notes are bilingual (中文 / English)"})
    from_state = fields.Str(allow_none=True)
    to_state = fields.Str()
    amount = fields.Str(metadata={"description": "a payment's amount in yuan, as recorded"})
    paid_on = fields.Str()
    event_type = fields.Str()
    occurred_on = fields.Str()


class AuditActionSchema(Schema):
    audit_id = fields.Int()
    at = fields.DateTime()
    on = fields.Date()
    actor = fields.Str()
    user_id = fields.Int(allow_none=True)
    official_id = fields.Int(allow_none=True)
    official_name = fields.Str(allow_none=True)
    action = fields.Str()
    entity = fields.Str()
    entity_id = fields.Int(allow_none=True)
    contract_id = fields.Int(allow_none=True)
    contract_code = fields.Str()
    note = fields.Str()
    summary = fields.Str(metadata={"description": "the change in Chinese"})
    change = fields.Nested(ChangeSchema)


class ActionShortSchema(Schema):
    on = fields.Date()
    actor = fields.Str()
    official_name = fields.Str(allow_none=True)
    action = fields.Str()
    summary = fields.Str(metadata={"description": "the change in Chinese"})
    change = fields.Nested(ChangeSchema)


class FindingBriefSchema(Schema):
    finding_id = fields.Int()
    rule_id = fields.Str()
    state = fields.Str()
    state_label = fields.Str()
    due_date = fields.Date(allow_none=True)
    days_overdue = fields.Int()
    summary = fields.Str()
    citation = fields.Str()
    responsible_on_due_date = fields.List(fields.Dict())


class ObligationBriefSchema(Schema):
    obligation_id = fields.Int()
    contract_id = fields.Int()
    kind = fields.Str()
    debtor = fields.Str()
    description = fields.Str()
    amount = Money(allow_none=True)
    due_date = fields.Date(allow_none=True)
    paid_total = Money()
    status = fields.Str()
    outstanding = Money(allow_none=True)


class HandoverPairSchema(Schema):
    role = fields.Str()
    from_ = fields.Nested(OfficialBriefSchema, data_key="from", attribute="from")
    to = fields.Nested(OfficialBriefSchema)
    reason = fields.Str()


class RecordOfficialBriefSchema(Schema):
    name = fields.Str()
    role = fields.Str()
    capacity = fields.Str(metadata={"description": "on_due_date or current"})


class TimelineRegisterSchema(Schema):
    """A dishonesty record (record_id) or a complaint (complaint_id) behind a timeline entry."""

    record_id = fields.Int()
    complaint_id = fields.Int()
    status = fields.Str()
    status_label = fields.Str()
    category = fields.Str()
    severity = fields.Str()
    publicity_end = fields.Date(allow_none=True)
    officials = fields.List(fields.Nested(RecordOfficialBriefSchema))


class MatterSchema(Schema):
    """What a timeline entry is about, in parts (``title`` is their Chinese sentence); ``what`` says which
    of the other fields it names (monitor/reports/matter.py)."""

    what = fields.Str(metadata={"description": "signing, event, assignment, handover, payment, fulfilled, outcome, "
                                               "finding, rectification, resolution, record_proposed, record_decided, "
                                               "record_ended, complaint_filed, complaint_closed"})
    code = fields.Str(metadata={"description": "signing: the contract code"})
    event_type = fields.Str(metadata={"description": "event: the performance event type"})
    role = fields.Str(metadata={"description": "assignment, handover: the responsibility role"})
    stage = fields.Str(allow_none=True, metadata={"description": "assignment, handover: the PPP stage it covers"})
    official = fields.Str(metadata={"description": "assignment: who took the role"})
    from_official = fields.Str(metadata={"description": "handover: who handed over"})
    to_official = fields.Str(metadata={"description": "handover: who took over"})
    obligation_id = fields.Int(allow_none=True)
    description = fields.Str(metadata={"description": "the obligation's own description (may be empty)"})
    obligation_kind = fields.Str()
    amount = Money(metadata={"description": "payment: the amount paid"})
    outcome = fields.Str(metadata={"description": "outcome: on_time, late, overdue, pending, awaiting_event"})
    days_late = fields.Int(allow_none=True)
    summary = fields.Str(metadata={"description": "finding: the checker's bilingual summary"})
    finding_id = fields.Int()
    deadline = fields.Date(allow_none=True, metadata={"description": "rectification: the 限期整改 deadline"})
    state = fields.Str(metadata={"description": "resolution: the finding's settled state"})
    note = fields.Str(metadata={"description": "rectification, resolution: the note as written (the checker's are "
                                               "bilingual, 中文 / English; ``details`` has its Chinese)"})
    record_id = fields.Int()
    complaint_id = fields.Int()
    status = fields.Str(metadata={"description": "record_*, complaint_closed: the record's or complaint's status"})
    subject = fields.Str(metadata={"description": "complaint_filed: the complaint's title"})


class TimelineEntrySchema(Schema):
    date = fields.Date()
    stage = fields.Str(metadata={"description": "signing, award_notice, an event type, assignment, handover, "
                                                "payment, fulfilled, due, breach, finding, rectification, "
                                                "resolution, complaint, record"})
    stage_label = fields.Str()
    title = fields.Str(metadata={"description": "the matter in Chinese"})
    matter = fields.Nested(MatterSchema)
    responsible = fields.List(fields.Nested(RoleHolderSchema), metadata={"description": "holders on this date"})
    actions = fields.List(fields.Nested(ActionShortSchema))
    findings = fields.List(fields.Nested(FindingBriefSchema))
    obligation_id = fields.Int(allow_none=True)
    finding_id = fields.Int(allow_none=True)
    amount = Money(allow_none=True)
    outcome = fields.Str(allow_none=True)
    days_late = fields.Int(allow_none=True)
    details = fields.Str()
    obligation = fields.Nested(ObligationBriefSchema)
    handover = fields.Nested(HandoverPairSchema)
    rectify_deadline = fields.Date(allow_none=True)
    cured_on = fields.Date(allow_none=True)
    record = fields.Nested(TimelineRegisterSchema, allow_none=True)


class LookbackPartySchema(Schema):
    enterprise_id = fields.Int()
    name = fields.Str()
    uscc = fields.Str()
    is_sme = fields.Bool()
    role = fields.Str()


class ContractBriefSchema(Schema):
    id = fields.Int()
    code = fields.Str()
    title = fields.Str()
    kind = fields.Str()
    kind_label = fields.Str()
    agency_id = fields.Int()
    agency_name = fields.Str()
    region_code = fields.Str()
    amount = Money()
    signed_on = fields.Date()
    status = fields.Str()
    parties = fields.List(fields.Nested(LookbackPartySchema))


class ResponsibilityRowSchema(RoleHolderSchema):
    start = fields.Date()
    end = fields.Date(allow_none=True)
    reason = fields.Str()


class LookbackHandoverSchema(Schema):
    on = fields.Date()
    role = fields.Str()
    role_label = fields.Str()
    obligation_id = fields.Int(allow_none=True)
    stage = fields.Str(allow_none=True)
    from_ = fields.Nested(OfficialBriefSchema, data_key="from", attribute="from")
    to = fields.Nested(OfficialBriefSchema)
    reason = fields.Str()
    recorded_by = fields.Str(allow_none=True)


class ContractSummarySchema(Schema):
    obligations = fields.Int()
    breaches = fields.Int()
    overdue_outstanding = Money()
    findings = fields.Int()
    handovers = fields.Int()


class ContractLookbackSchema(Schema):
    report = fields.Str()
    as_of = fields.Date()
    not_yet_signed = fields.Bool(metadata={"description": "as_of is before the signing: the report holds nothing else"})
    note = fields.Str(metadata={"description": "why the report is empty (bilingual), or empty"})
    contract = fields.Nested(ContractBriefSchema)
    summary = fields.Nested(ContractSummarySchema)
    responsibilities = fields.List(fields.Nested(ResponsibilityRowSchema))
    handovers = fields.List(fields.Nested(LookbackHandoverSchema))
    timeline = fields.List(fields.Nested(TimelineEntrySchema))
    actions = fields.List(fields.Nested(AuditActionSchema))


class TenureSchema(Schema):
    responsibility_id = fields.Int()
    contract_id = fields.Int()
    contract_code = fields.Str()
    contract_title = fields.Str()
    agency_name = fields.Str()
    role = fields.Str()
    role_label = fields.Str()
    obligation_id = fields.Int(allow_none=True)
    stage = fields.Str(allow_none=True)
    start = fields.Date()
    end = fields.Date(allow_none=True)
    received_from = fields.Nested(OfficialBriefSchema, allow_none=True)
    received_reason = fields.Str()
    assigned_reason = fields.Str()
    handed_to = fields.Nested(OfficialBriefSchema, allow_none=True)
    handed_on = fields.Date(allow_none=True)
    handed_reason = fields.Str()


class ObligationFindingSchema(Schema):
    finding_id = fields.Int()
    rule_id = fields.Str()
    state = fields.Str()
    summary = fields.Str()


class ObligationItemSchema(ObligationBriefSchema):
    category = fields.Str(metadata={"description": "during, inherited, left or awaiting"})
    category_label = fields.Str()
    contract_code = fields.Str()
    contract_title = fields.Str()
    roles = fields.List(fields.Str())
    outcome = fields.Str(metadata={"description": "on_time, late, overdue, pending, awaiting_event"})
    outcome_label = fields.Str()
    days_late = fields.Int()
    fulfilled_on = fields.Date(allow_none=True)
    responsible_at_due = fields.List(fields.Nested(RoleHolderSchema))
    findings = fields.List(fields.Nested(ObligationFindingSchema))


class ContractFindingSchema(Schema):
    finding_id = fields.Int()
    contract_id = fields.Int()
    contract_code = fields.Str()
    rule_id = fields.Str()
    state = fields.Str()
    due_date = fields.Date(allow_none=True)
    first_found_on = fields.Date()
    summary = fields.Str()
    role = fields.Str(metadata={"description": "the first role held (see roles)"})
    roles = fields.List(fields.Str(), metadata={"description": "every role the official held on the date"})


class OfficialSummarySchema(Schema):
    contracts = fields.Int()
    tenures = fields.Int()
    obligations_due = fields.Int()
    on_time = fields.Int()
    breaches = fields.Int()
    overdue_outstanding = Money()
    inherited = fields.Int()
    left = fields.Int()
    handovers_received = fields.Int()
    handovers_given = fields.Int()


class OfficialLookbackSchema(Schema):
    report = fields.Str()
    as_of = fields.Date()
    official = fields.Nested(OfficialBriefSchema)
    summary = fields.Nested(OfficialSummarySchema)
    tenures = fields.List(fields.Nested(TenureSchema))
    obligations = fields.List(fields.Nested(ObligationItemSchema), metadata={"description": "fell due in tenure"})
    breaches = fields.List(fields.Nested(ObligationItemSchema))
    contract_findings = fields.List(fields.Nested(ContractFindingSchema))
    inherited = fields.List(fields.Nested(ObligationItemSchema))
    left = fields.List(fields.Nested(ObligationItemSchema))
    awaiting = fields.List(fields.Nested(ObligationItemSchema))
    actions = fields.List(fields.Nested(AuditActionSchema))


class ScoreRowSchema(Schema):
    key = fields.Raw(allow_none=True, metadata={"description": "agency id or region code; null on the totals"})
    agency_id = fields.Int(allow_none=True)
    name = fields.Str()
    region_code = fields.Str(allow_none=True)
    agencies = fields.Int()
    payments_due = fields.Int()
    payments_due_amount = Money()
    paid_on_time = fields.Int()
    paid_on_time_amount = Money()
    on_time_rate = _rate(metadata={"description": "paid_on_time / payments_due, 4 places"})
    on_time_amount_rate = _rate()
    payments_late = fields.Int()
    late_days = fields.Int()
    avg_days_late = _one()
    overdue_outstanding = Money()
    findings = fields.Int()
    open_findings = fields.Int()
    handled_findings = fields.Int()
    avg_handling_days = _one()
    records = fields.Int(allow_none=True)
    complaints = fields.Int(allow_none=True)
    complaints_handled = fields.Int(allow_none=True)
    complaints_upheld = fields.Int(allow_none=True)
    avg_complaint_days = _one()
    components = fields.Dict(keys=fields.Str(), values=_one())
    score = _one()


class TrendRowSchema(Schema):
    key = fields.Raw()
    name = fields.Str()
    month = fields.Str()
    payments_due = fields.Int()
    payments_due_amount = Money()
    paid_on_time = fields.Int()
    payments_late = fields.Int()
    on_time_rate = _rate()
    avg_days_late = _one()
    overdue_outstanding = Money()


class ScoreboardPeriodSchema(Schema):
    start = fields.Date()
    end = fields.Date()
    as_of = fields.Date()


class ScoreboardSchema(Schema):
    report = fields.Str()
    period = fields.Nested(ScoreboardPeriodSchema)
    group = fields.Str()
    region_code = fields.Str(allow_none=True)
    agency_id = fields.Int(allow_none=True)
    weights = fields.Dict(keys=fields.Str(), values=DecimalText())
    params = fields.Dict(keys=fields.Str(), values=DecimalText())
    registers = fields.Dict(keys=fields.Str(), values=fields.Bool())
    rows = fields.List(fields.Nested(ScoreRowSchema))
    totals = fields.Nested(ScoreRowSchema)
    trend = fields.List(fields.Nested(TrendRowSchema))


class DrilldownRowSchema(Schema):
    contract_id = fields.Int()
    code = fields.Str()
    title = fields.Str()
    agency_id = fields.Int()
    agency_name = fields.Str()
    count = fields.Int(metadata={"description": "obligations (or findings, records, complaints) behind the figure"})
    amount = Money()
    max_days_late = fields.Int()


class ReportExportSchema(Schema):
    id = fields.Int()
    report = fields.Str()
    format = fields.Str()
    params = fields.Dict()
    status = fields.Str(metadata={"description": "queued, running, done or failed"})
    progress = fields.Int(metadata={"description": "percent"})
    file_name = fields.Str(allow_none=True)
    size_bytes = fields.Int(allow_none=True)
    error = fields.Str(allow_none=True)
    created_at = fields.DateTime()
    started_at = fields.DateTime(allow_none=True)
    finished_at = fields.DateTime(allow_none=True)
    download_url = fields.Method("_download")

    def _download(self, obj: Any) -> str | None:
        return f"/api/v1/reports/exports/{obj.id}/download" if obj.status == "done" else None
