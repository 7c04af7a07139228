"""Schemas of responsibilities (责任分工) and handovers (交接)."""

from __future__ import annotations

from contracts.core.enums import PppStage, ResponsibilityRole
from contracts.core.schemas import BaseSchema, Date, DateTime, Id, Int, Nested, Str, length, not_blank, one_of

ROLES = one_of(list(ResponsibilityRole))


class ResponsibilitySchema(BaseSchema):
    """One tenure: official × contract (× obligation or PPP stage) × role × [start, end)."""

    id = Int(dump_only=True)
    contract_id = Int(dump_only=True)
    obligation_id = Id(allow_none=True, load_default=None)
    stage = Str(allow_none=True, load_default=None, validate=one_of(list(PppStage)))
    official_id = Id(required=True)
    official_name = Str(dump_only=True, attribute="official.name")
    role = Str(required=True, validate=ROLES, metadata={
        "description": "project_lead 项目负责人, payment_approver 付款审批人, acceptance_lead 验收负责人, "
                       "government_representative 政府方责任人"})
    start = Date(required=True)
    end = Date(dump_only=True, allow_none=True, metadata={"description": "exclusive; null while the tenure is current"})
    reason = Str(load_only=True, load_default="", validate=length(hi=300))
    handover_reason = Str(dump_only=True)
    created_at = DateTime(dump_only=True)


class HandoverSchema(BaseSchema):
    """交接: the current holder's tenure ends on ``on`` and ``to_official_id``'s begins."""

    role = Str(required=True, validate=ROLES)
    to_official_id = Id(required=True)
    on = Date(required=True)
    reason = Str(required=True, validate=[length(1, 300), not_blank])
    obligation_id = Id(allow_none=True, load_default=None)
    stage = Str(allow_none=True, load_default=None, validate=one_of(list(PppStage)))


class HandoverResultSchema(BaseSchema):
    ended = Nested(ResponsibilitySchema)
    started = Nested(ResponsibilitySchema)


class ResponsibilityQuerySchema(BaseSchema):
    on = Date(metadata={"description": "who held the role(s) on this date (YYYY-MM-DD)"})
    role = Str(validate=ROLES)
    obligation_id = Id()


class OfficialResponsibilitySchema(ResponsibilitySchema):
    """A tenure in an official's history, with the contract it concerns."""

    contract_code = Str(dump_only=True, attribute="contract.code")
    contract_title = Str(dump_only=True, attribute="contract.title")
    agency_id = Int(dump_only=True, attribute="contract.agency_id")
