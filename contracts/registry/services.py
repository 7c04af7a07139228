"""Registering and changing contracts and their parties (合同登记)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from contracts.audit import trail
from contracts.core.enums import ContractKind, ContractStatus, EventType, PartyRole
from contracts.core.errors import Conflict, DomainError, msg
from contracts.obligations.models import ContractEvent
from contracts.organisations.models import Agency, Enterprise
from contracts.registry.models import Contract, ContractParty

# The fields each kind may carry besides the common ones.
KIND_FIELDS: dict[str, frozenset[str]] = {
    ContractKind.procurement: frozenset({"procurement_method", "budget_amount", "award_notice_on",
                                         "published_on", "filed_on"}),
    ContractKind.bidding: frozenset({"estimated_price", "bid_deposit", "performance_bond", "award_notice_on",
                                     "retention_amount", "defects_period_months"}),
    ContractKind.ppp: frozenset({"ppp_mode", "cooperation_years", "ppp_stage", "ppp_launched_on",
                                 "ppp_payment_mechanism"}),
    ContractKind.investment: frozenset({"investment_project", "promised_policies"}),
}
COMMON_OPTIONAL = frozenset({"late_interest_daily_rate", "acceptance_period_days", "status"})
ALL_KIND_FIELDS = frozenset().union(*KIND_FIELDS.values())


def _validate_kind_fields(kind: str, fields: dict[str, Any]) -> None:
    errors: dict[str, list[str]] = {}
    allowed = KIND_FIELDS[kind] | COMMON_OPTIONAL
    for key in fields:
        if key in ALL_KIND_FIELDS and key not in allowed:
            errors[key] = [msg(f"该字段不适用于{kind}类合同", f"this field does not apply to a {kind} contract")]
        elif key not in allowed:
            errors[key] = [msg("未知字段", "unknown field")]
    if errors:
        raise DomainError(errors)


def _validate_parties(session: Session, parties: list[dict[str, Any]]) -> None:
    if not parties:
        raise DomainError.field("parties", "至少需要一个相对方企业", "at least one counterparty is required")
    seen = set()
    for i, p in enumerate(parties):
        if session.get(Enterprise, p["enterprise_id"]) is None:
            raise DomainError({"parties": [msg(f"第{i + 1}个相对方企业不存在", f"party #{i + 1}: enterprise does not exist")]})
        if p["role"] not in PartyRole.__members__:
            raise DomainError({"parties": [msg(f"第{i + 1}个相对方角色无效", f"party #{i + 1}: unknown role {p['role']}")]})
        key = (p["enterprise_id"], p["role"])
        if key in seen:
            raise DomainError({"parties": [msg("相对方重复", "the same party is listed twice")]})
        seen.add(key)


def create_contract(
    session: Session,
    *,
    kind: str,
    code: str,
    title: str,
    agency_id: int,
    amount: Decimal,
    signed_on: date,
    parties: list[dict[str, Any]],
    user_id: int | None = None,
    **fields: Any,
) -> Contract:
    """Register a contract; its signing (and award notice, if given) are recorded as events."""
    if kind not in ContractKind.__members__:
        raise DomainError.field("kind", f"未知的合同类型 {kind}", f"unknown contract kind {kind!r}")
    if session.get(Agency, agency_id) is None:
        raise DomainError.field("agency_id", "部门不存在", "agency does not exist")
    if amount < 0:
        raise DomainError.field("amount", "金额不能为负数", "the amount cannot be negative")
    _validate_kind_fields(kind, fields)
    _validate_parties(session, parties)
    code = code.strip()
    if session.scalar(select(Contract.id).where(Contract.agency_id == agency_id, Contract.code == code)):
        raise Conflict({"code": [msg("本部门已登记该合同编号", "this agency already has a contract with this code")]})
    award = fields.get("award_notice_on")
    if award and award > signed_on:
        raise DomainError.field("award_notice_on", "中标（成交）通知书日期晚于合同签订日期",
                                "the award notice date is after the signing date")
    contract = Contract(kind=kind, code=code, title=title.strip(), agency_id=agency_id, amount=amount,
                        signed_on=signed_on, status=fields.pop("status", ContractStatus.active), **fields)
    contract.parties = [ContractParty(enterprise_id=p["enterprise_id"], role=p["role"]) for p in parties]
    session.add(contract)
    session.flush()
    after = trail.snapshot(contract) | {"parties": [{"enterprise_id": p.enterprise_id, "role": p.role}
                                                    for p in contract.parties]}
    trail.record(session, "create", "contract", contract.id, after=after, contract_id=contract.id)
    session.add(ContractEvent(contract_id=contract.id, type=EventType.signing, occurred_on=signed_on,
                              evidence="合同签订", recorded_by_id=user_id))
    if award:
        session.add(ContractEvent(contract_id=contract.id, type=EventType.award_notice, occurred_on=award,
                                  evidence="中标（成交）通知书", recorded_by_id=user_id))
    session.flush()
    return contract


def update_contract(session: Session, contract: Contract, changes: dict[str, Any]) -> Contract:
    """Change a contract's fields; code, kind and agency identify it and stay as registered."""
    frozen = {"kind", "agency_id", "id"} & changes.keys()
    if frozen:
        raise DomainError({k: [msg("登记后不可修改", "cannot be changed after registration")] for k in frozen})
    fields = {k: v for k, v in changes.items()
              if k not in {"code", "title", "amount", "signed_on", "parties"}}
    _validate_kind_fields(contract.kind, fields)
    if "amount" in changes and changes["amount"] < 0:
        raise DomainError.field("amount", "金额不能为负数", "the amount cannot be negative")
    if "code" in changes and changes["code"] != contract.code and session.scalar(
            select(Contract.id).where(Contract.agency_id == contract.agency_id, Contract.code == changes["code"])):
        raise Conflict({"code": [msg("本部门已登记该合同编号", "this agency already has a contract with this code")]})
    before = trail.snapshot(contract)
    parties = changes.pop("parties", None)
    for key, value in changes.items():
        setattr(contract, key, value)
    if parties is not None:
        _validate_parties(session, parties)
        contract.parties = [ContractParty(enterprise_id=p["enterprise_id"], role=p["role"]) for p in parties]
    if "signed_on" in changes:
        ev = session.scalar(select(ContractEvent).where(ContractEvent.contract_id == contract.id,
                                                        ContractEvent.type == EventType.signing))
        if ev is not None:
            ev.occurred_on = changes["signed_on"]
    session.flush()
    trail.record(session, "update", "contract", contract.id, before=before, after=trail.snapshot(contract),
                 contract_id=contract.id)
    if {"signed_on", "amount"} & changes.keys():
        from contracts.obligations.services import derive_due_dates, recompute_percent_amounts

        recompute_percent_amounts(session, contract)
        derive_due_dates(session, contract)
    return contract


def government_enterprises(contract: Contract) -> list[Enterprise]:
    return [p.enterprise for p in contract.parties]
