"""API schemas: rules with their citations and parameters, findings, actions, check runs (接口格式)."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields, validate

from contracts.core.schemas import (
    BaseSchema,
    Bool,
    Date,
    Dict,
    Id,
    List,
    Money,
    Raw,
    Str,
    length,
    one_of,
)
from monitor.checker.models import FindingState
from monitor.checker.services import ACTIONS

STATES = sorted(FindingState.ALL)


class LegalBasisSchema(Schema):
    regulation = fields.Str()
    article = fields.Str()
    version = fields.Str()
    in_force_from = fields.Date(allow_none=True)
    in_force_to = fields.Date(allow_none=True)
    kinds = fields.List(fields.Str(), allow_none=True)
    confidence = fields.Str()
    citation = fields.Str()


class ParameterSchema(Schema):
    name = fields.Str()
    value = fields.Raw(metadata={"description": "the value in force"})
    default = fields.Raw()
    source = fields.Str(metadata={"description": "default, config (CHECKER_PARAMS) or database (overridden)"})
    type = fields.Str()
    description_zh = fields.Str()
    description_en = fields.Str()


class RuleSchema(Schema):
    id = fields.Str()
    title_zh = fields.Str()
    title_en = fields.Str()
    description_zh = fields.Str()
    description_en = fields.Str()
    kinds = fields.List(fields.Str())
    severity = fields.Str()
    subject = fields.Str(metadata={"description": "obligation, contract, or calculation (applied to other findings)"})
    legal_basis = fields.List(fields.Nested(LegalBasisSchema))
    parameters = fields.List(fields.Nested(ParameterSchema))
    enabled = fields.Bool()
    active_findings = fields.Int()


class RuleQuerySchema(BaseSchema):
    kind = Str(validate=one_of(["procurement", "bidding", "ppp", "investment"]))


class ParametersInSchema(BaseSchema):
    values = Dict(keys=Str(), values=Raw(allow_none=True), required=True,
                  metadata={"description": "{parameter: value}; null restores the default"})
    reason = Str(required=True, validate=length(1, 300))


class OfficialRefSchema(Schema):
    role = fields.Str()
    stage = fields.Str(allow_none=True)
    official_id = fields.Int()
    name = fields.Str()
    post = fields.Str()
    agency_id = fields.Int()


class HistorySchema(Schema):
    """A step of a finding's history: an audited action, or (``action`` ``check``, ``actor``
    ``checker``) a state the checker gave it, its ``note`` the reason kept with a resolution."""

    at = fields.DateTime()
    actor = fields.Str()
    action = fields.Str()
    note = fields.Str(allow_none=True)
    state = fields.Method("_state", metadata={"type": "string", "nullable": True})

    def _state(self, ev: Any) -> str | None:
        return (ev.after or {}).get("state")


class FindingSchema(Schema):
    id = fields.Int()
    rule_id = fields.Str()
    rule_title_zh = fields.Str()
    rule_title_en = fields.Str()
    severity = fields.Str()
    contract_id = fields.Int()
    obligation_id = fields.Int(allow_none=True)
    agency_id = fields.Int()
    state = fields.Str()
    due_date = fields.Date(allow_none=True)
    days_overdue = fields.Int()
    days_to_due = fields.Int(allow_none=True, metadata={"description": "for a warning: days left on the last check"})
    warn_level = fields.Int(allow_none=True)
    outstanding = Money(allow_none=True)
    interest = Money(allow_none=True, metadata={"description": "an estimate"})
    interest_rate = fields.Method("_rate", allow_none=True,
                                  metadata={"type": "string", "description": "daily rate used (0.0005 = 万分之五)"})
    interest_basis = fields.Str(allow_none=True)
    summary = fields.Str()
    citation = fields.Str()
    details = fields.Dict()
    aggravating = fields.Str(allow_none=True)
    responsible_on_due_date = fields.List(fields.Nested(OfficialRefSchema))
    responsible_now = fields.List(fields.Nested(OfficialRefSchema))
    first_found_on = fields.Date()
    last_checked_on = fields.Date()
    cured_on = fields.Date(allow_none=True)
    rectify_deadline = fields.Date(allow_none=True)
    explanation = fields.Str(allow_none=True)
    resolution_reason = fields.Str(allow_none=True)
    decided_by_id = fields.Int(allow_none=True)
    state_changed_at = fields.DateTime()
    created_at = fields.DateTime()

    def _rate(self, f: dict[str, Any]) -> str | None:
        rate = f["interest_rate"]
        return None if rate is None else format(rate.normalize(), "f")


class FindingDetailSchema(FindingSchema):
    history = fields.List(fields.Nested(HistorySchema))


class FindingQuerySchema(BaseSchema):
    state = List(Str(validate=one_of(STATES)))
    active = Bool()
    rule_id = Str(validate=length(1, 64))
    agency_id = Id()
    contract_id = Id()
    obligation_id = Id()
    severity = Str(validate=one_of(["review", "minor", "general", "serious"]))


class ActionSchema(BaseSchema):
    action = Str(required=True, validate=one_of(list(ACTIONS)))
    reason = Str(validate=length(hi=500), allow_none=True)
    deadline = Date(allow_none=True, metadata={"description": "限期整改 deadline (rectify)"})
    explanation = Str(validate=length(hi=20000), allow_none=True, metadata={"description": "书面说明 (explain)"})


class CheckRequestSchema(BaseSchema):
    as_of = Date(metadata={"description": "judge as of this date (default today, never in the future)"})
    full = Bool(load_default=False, metadata={
        "description": "recompute every rule's candidates instead of only the contracts changed since the last run"})


class CheckRunSchema(Schema):
    id = fields.Int()
    as_of = fields.Date()
    status = fields.Str(validate=validate.OneOf(["queued", "running", "done", "failed"]))
    trigger = fields.Str()
    rules_done = fields.Int()
    rules_total = fields.Int()
    created = fields.Int()
    updated = fields.Int()
    resolved = fields.Int()
    obligations_checked = fields.Int()
    full = fields.Bool(metadata={"description": "a full run was asked for"})
    mode = fields.Str(allow_none=True, metadata={
        "description": "full: every candidate recomputed; changes: the changed contracts and the deadlines reached"})
    seconds = fields.Float(allow_none=True)
    per_rule = fields.Dict()
    notes = fields.List(fields.Str())
    error = fields.Str(allow_none=True)
    job_id = fields.Str(allow_none=True)
    requested_by_id = fields.Int(allow_none=True)
    queued_at = fields.DateTime()
    started_at = fields.DateTime(allow_none=True)
    finished_at = fields.DateTime(allow_none=True)


class CheckQuerySchema(BaseSchema):
    status = Str(validate=one_of(["queued", "running", "done", "failed"]))
