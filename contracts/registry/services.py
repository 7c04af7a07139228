"""Registering and changing contracts and their parties (合同登记)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from contracts.audit import trail
from contracts.core import clock
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


def validate_kind_fields(kind: str, fields: dict[str, Any]) -> None:
    """Refuse fields of another kind (and unknown ones); a null counts as not given."""
    errors: dict[str, list[str]] = {}
    allowed = KIND_FIELDS[kind] | COMMON_OPTIONAL
    for key in fields:
        if key in ALL_KIND_FIELDS and key not in allowed and fields[key] is None:
            continue  # a null for another kind's field is simply "not given"
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
    validate_kind_fields(kind, fields)
    check_values(fields)
    _validate_parties(session, parties)
    code = code.strip()
    if session.scalar(select(Contract.id).where(Contract.agency_id == agency_id, Contract.code == code)):
        raise Conflict({"code": [msg("本部门已登记该合同编号", "this agency already has a contract with this code")]})
    fields = {k: v for k, v in fields.items() if v is not None or k in KIND_FIELDS[kind] | COMMON_OPTIONAL}
    check_dates(signed_on, fields)
    if fields.get("status") is None:
        fields.pop("status", None)
    elif fields["status"] not in ContractStatus.__members__:
        raise DomainError.field("status", f"未知的合同状态 {fields['status']}", f"unknown status {fields['status']!r}")
    award = fields.get("award_notice_on")
    contract = Contract(kind=kind, code=code, title=title.strip(), agency_id=agency_id, amount=amount,
                        signed_on=signed_on, status=fields.pop("status", ContractStatus.active), **fields)
    contract.parties = [ContractParty(enterprise_id=p["enterprise_id"], role=p["role"]) for p in parties]
    session.add(contract)
    session.flush()
    trail.record(session, "create", "contract", contract.id, after=snapshot(contract), contract_id=contract.id)
    _set_registered_event(session, contract, EventType.signing, signed_on, user_id)
    if award:
        _set_registered_event(session, contract, EventType.award_notice, award, user_id)
    return contract


def snapshot(contract: Contract) -> dict[str, Any]:
    """The contract's columns and its parties, for the audit trail."""
    return trail.snapshot(contract) | {"parties": [{"enterprise_id": p.enterprise_id, "role": p.role}
                                                   for p in contract.parties]}


# the whole-number fields' ranges (the API schema validates with them too; the workbench form
# reaches the service without the schema)
INT_RANGES = {"acceptance_period_days": (0, 3650), "defects_period_months": (0, 600), "cooperation_years": (1, 99)}


def is_daily_rate(rate: Decimal) -> bool:
    """A daily late-interest rate: 0 to 1 with at most six places (万分之五 is 0.0005, not 5)."""
    return rate.is_finite() and 0 <= rate <= 1 and rate == rate.quantize(Decimal("0.000001"))


def check_values(fields: dict[str, Any]) -> None:
    """The numbers a contract carries are in range: its daily late-interest rate and its periods."""
    errors: dict[str, list[str]] = {}
    rate = fields.get("late_interest_daily_rate")
    if rate is not None and not is_daily_rate(Decimal(rate)):
        errors["late_interest_daily_rate"] = [msg("日利率应在0到1之间，最多六位小数（万分之五为0.0005）",
                                                  "the daily rate is 0 to 1 with at most six places (0.05% is 0.0005)")]
    for name, (lo, hi) in INT_RANGES.items():
        value = fields.get(name)
        if value is not None and not lo <= value <= hi:
            errors[name] = [msg(f"应在{lo}到{hi}之间", f"must be between {lo} and {hi}")]
    if errors:
        raise DomainError(errors)


DATE_NAMES = {"signed_on": ("签订日期", "signing"), "award_notice_on": ("中标（成交）通知书日期", "award notice"),
              "published_on": ("合同公告日期", "publication"), "filed_on": ("备案日期", "filing")}


def check_dates(signed_on: date, fields: dict[str, Any], *, new: Collection[str] | None = None) -> None:
    """The contract was signed, awarded, published and filed by today (in Asia/Shanghai); the award
    notice comes before signing, publication and filing after it.

    ``new`` names the dates being given now (default: all of them): only those are refused for lying
    after today, so correcting another field of a contract is not refused for a date already registered.
    """
    given = {"signed_on": signed_on, **{k: fields.get(k) for k in DATE_NAMES if k != "signed_on"}}
    for name, value in given.items():
        if value and value > clock.today() and (new is None or name in new):
            zh, en = DATE_NAMES[name]
            raise DomainError.field(name, f"{zh}不能晚于今天", f"the {en} date cannot be after today")
    award = fields.get("award_notice_on")
    if award and award > signed_on:
        raise DomainError.field("award_notice_on", f"{DATE_NAMES['award_notice_on'][0]}晚于合同签订日期",
                                "the award notice date is after the signing date")
    for name in ("published_on", "filed_on"):
        value = fields.get(name)
        if value and value < signed_on:
            raise DomainError.field(name, f"{DATE_NAMES[name][0]}早于合同签订日期", f"{name} is before the signing date")


_EVENT_EVIDENCE = {EventType.signing: "合同签订", EventType.award_notice: "中标（成交）通知书"}


def _set_registered_event(session: Session, contract: Contract, type_: str, on: date | None,
                          user_id: int | None = None) -> None:
    """Keep the signing / award-notice event in step with the contract's own date field."""
    ev = session.scalar(select(ContractEvent).where(ContractEvent.contract_id == contract.id,
                                                    ContractEvent.type == type_))
    if ev is None and on is not None:
        ev = ContractEvent(contract_id=contract.id, type=type_, occurred_on=on, evidence=_EVENT_EVIDENCE[type_],
                           recorded_by_id=user_id)
        session.add(ev)
        session.flush()
        trail.record(session, "create", "event", ev.id, after=trail.snapshot(ev), contract_id=contract.id)
    elif ev is not None and on is None:
        before = trail.snapshot(ev)
        session.delete(ev)
        session.flush()
        trail.record(session, "delete", "event", before["id"], before=before, contract_id=contract.id,
                     note=msg("合同中的日期已删除", "date removed from the contract"))
    elif ev is not None and ev.occurred_on != on:
        before = trail.snapshot(ev)
        ev.occurred_on = on  # type: ignore[assignment]
        session.flush()
        trail.record(session, "update", "event", ev.id, before=before, after=trail.snapshot(ev),
                     contract_id=contract.id, note=msg("合同中的日期已修改", "date changed on the contract"))


def update_contract(session: Session, contract: Contract, changes: dict[str, Any]) -> Contract:
    """Change a contract's fields; kind and agency identify it and stay as registered.

    A new signing or award-notice date moves its event and re-derives due dates; a new amount
    moves the obligations defined as a percent of it (never below what was already paid).
    """
    frozen = {"kind", "agency_id", "id"} & changes.keys()
    if frozen:
        raise DomainError({k: [msg("登记后不可修改", "cannot be changed after registration")] for k in frozen})
    fields = {k: v for k, v in changes.items()
              if k not in {"code", "title", "amount", "signed_on", "parties"}}
    validate_kind_fields(contract.kind, fields)
    check_values(fields)
    if "status" in changes and changes["status"] not in ContractStatus.__members__:
        raise DomainError.field("status", f"未知的合同状态 {changes['status']}", f"unknown status {changes['status']!r}")
    if "amount" in changes and changes["amount"] < 0:
        raise DomainError.field("amount", "金额不能为负数", "the amount cannot be negative")
    if "code" in changes:
        changes["code"] = changes["code"].strip()
        if changes["code"] != contract.code and session.scalar(
                select(Contract.id).where(Contract.agency_id == contract.agency_id, Contract.code == changes["code"])):
            raise Conflict({"code": [msg("本部门已登记该合同编号", "this agency already has a contract with this code")]})
    signed_on = changes.get("signed_on", contract.signed_on)
    check_dates(signed_on, {k: changes.get(k, getattr(contract, k)) for k in
                             ("award_notice_on", "published_on", "filed_on")},
                new={k for k in DATE_NAMES if k in changes and changes[k] != getattr(contract, k)})
    if "signed_on" in changes:
        _check_facts_after(session, contract, signed_on)
    if "parties" in changes:
        _validate_parties(session, changes["parties"])
    before = snapshot(contract)
    parties = changes.pop("parties", None)
    for key, value in changes.items():
        setattr(contract, key, value)
    if parties is not None:
        wanted = [(p["enterprise_id"], p["role"]) for p in parties]
        keep = [cp for cp in contract.parties if (cp.enterprise_id, cp.role) in wanted]
        have = {(cp.enterprise_id, cp.role) for cp in keep}
        contract.parties = keep + [ContractParty(enterprise_id=e, role=r) for e, r in wanted if (e, r) not in have]
    session.flush()
    after = snapshot(contract)
    if after == before:
        return contract
    trail.record(session, "update", "contract", contract.id, before=before, after=after, contract_id=contract.id)
    if "signed_on" in changes:
        _set_registered_event(session, contract, EventType.signing, contract.signed_on)
    if "award_notice_on" in changes:
        _set_registered_event(session, contract, EventType.award_notice, contract.award_notice_on)
    if {"signed_on", "amount", "award_notice_on"} & changes.keys():
        from contracts.obligations.services import derive_due_dates, recompute_percent_amounts

        recompute_percent_amounts(session, contract)
        derive_due_dates(session, contract)
    return contract


def _check_facts_after(session: Session, contract: Contract, signed_on: date) -> None:
    """Events and payments already recorded must not fall before a corrected signing date."""
    from contracts.obligations.models import Obligation, Payment

    first_event = session.scalar(select(func.min(ContractEvent.occurred_on)).where(
        ContractEvent.contract_id == contract.id,
        ContractEvent.type.not_in([EventType.signing, EventType.award_notice])))
    first_payment = session.scalar(select(func.min(Payment.paid_on)).join(Payment.obligation).where(
        Obligation.contract_id == contract.id))
    if first_event and first_event < signed_on:
        raise DomainError.field("signed_on", f"已登记的履约事件（{first_event}）早于新的签订日期",
                                f"an event on {first_event} would fall before the new signing date")
    if first_payment and first_payment < signed_on:
        raise DomainError.field("signed_on", f"已登记的付款（{first_payment}）早于新的签订日期",
                                f"a payment on {first_payment} would fall before the new signing date")


def government_enterprises(contract: Contract) -> list[Enterprise]:
    return [p.enterprise for p in contract.parties]
