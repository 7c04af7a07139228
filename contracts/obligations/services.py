"""Obligations, events and payments: the facts the checker judges (履约义务、事件与付款).

Recording an event derives the due date of every obligation that hangs on it; a payment can
never exceed what is owed; ``paid_total`` is only ever changed here, in the payment's transaction.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from contracts.audit import trail
from contracts.calendar.deadlines import CalendarNotPublished, WorkCalendar
from contracts.calendar.service import work_calendar
from contracts.core import clock, schemas
from contracts.core.enums import MONETARY_KINDS, Debtor, DueUnit, EventType, ObligationKind, ObligationStatus
from contracts.core.errors import Conflict, DomainError, msg
from contracts.core.types import money
from contracts.obligations.models import ContractEvent, Obligation, Payment
from contracts.registry.models import Contract

HUNDRED = Decimal(100)
CORRECTION_REASON_MAX = 500  # characters of an event correction's reason (the audit note's width)
# Membership tests on plain sets: an import checks these for every one of 100,000 rows.
EVENTS, UNITS = frozenset(EventType), frozenset(DueUnit)
OBLIGATION_KINDS, DEBTORS = frozenset(ObligationKind), frozenset(Debtor)


def parse_due(due: dict[str, Any]) -> tuple[date | None, str | None, int | None, str | None]:
    """Validate a due rule ``{"date": D}`` or ``{"event": E, "offset": N, "unit": U}``."""
    if not isinstance(due, dict) or not due:
        raise DomainError.field("due", "缺少期限规则", "a due rule is required")
    if "date" in due and due["date"] is not None:
        extra = {k for k in due if k != "date" and due[k] is not None}
        if extra:
            raise DomainError.field("due", "固定日期与事件期限不能同时填写",
                                    "give either a fixed date or an event rule, not both")
        value = due["date"]
        if isinstance(value, str):
            try:
                value = schemas.parse_date(value)
            except ValueError as exc:
                raise DomainError({"due": [str(exc)]}) from None
        if not isinstance(value, date):  # a number or an object from JSON would reach the driver
            raise DomainError.field("due", f"日期格式错误：{value}", f"not an ISO date: {value!r}")
        return value, None, None, None
    errors: list[str] = []
    event, offset, unit = due.get("event"), due.get("offset"), due.get("unit")
    if not isinstance(event, str) or event not in EVENTS:
        errors.append(msg(f"未知的履约事件 {event}", f"unknown event {event!r}"))
    if offset is None:
        errors.append(msg("事件期限缺少天数（offset）", "an event rule needs an offset"))
    elif not isinstance(offset, int) or isinstance(offset, bool) or offset < 0 or offset > 3650:
        errors.append(msg("期限天数应为0到3650的整数", "offset must be a whole number from 0 to 3650"))
    if not isinstance(unit, str) or unit not in UNITS:
        errors.append(msg(f"未知的期限单位 {unit}", f"unknown unit {unit!r} (day, working_day, month)"))
    if errors:
        raise DomainError({"due": errors})
    return None, event, offset, unit


def amount_from(contract: Contract, kind: str, amount: Decimal | None, percent: Decimal | None) -> Decimal | None:
    """The obligation's amount: as given, or ``percent`` of the contract amount; checked."""
    if percent is not None and not (Decimal(0) <= percent <= HUNDRED):
        raise DomainError.field("percent", "百分比应在0到100之间", "percent must be between 0 and 100")
    if amount is not None and amount < 0:
        raise DomainError.field("amount", "金额不能为负数", "the amount cannot be negative")
    if amount is None and percent is not None:
        amount = money(contract.amount * percent / HUNDRED)
    if kind in MONETARY_KINDS and amount is None:
        raise DomainError.field("amount", "金钱义务须填写金额或比例", "a money obligation needs an amount or a percent")
    return amount


def validate_obligation(contract: Contract, *, kind: str, debtor: str, due: dict[str, Any],
                        amount: Decimal | None, percent: Decimal | None
                        ) -> tuple[tuple[date | None, str | None, int | None, str | None], Decimal | None]:
    """Check a new obligation of ``contract`` (anything with an ``amount``): its due rule and amount."""
    if kind not in OBLIGATION_KINDS:
        raise DomainError.field("kind", f"未知的义务类型 {kind}", f"unknown obligation kind {kind!r}")
    if debtor not in DEBTORS:
        raise DomainError.field("debtor", "债务人应为 government 或 counterparty",
                                "debtor must be government or counterparty")
    rule = parse_due(due)
    amount = amount_from(contract, kind, amount, percent)
    _within_contract(contract, kind, amount)
    return rule, amount


def _within_contract(contract: Contract, kind: str, amount: Decimal | None) -> None:
    """A payment never exceeds the contract amount (when it is first recorded and when corrected)."""
    if amount is not None and amount > contract.amount and kind == ObligationKind.payment:
        raise DomainError.field("amount", "付款金额超过合同金额", "the payment exceeds the contract amount")


def add_obligation(
    session: Session,
    contract: Contract,
    *,
    kind: str,
    due: dict[str, Any],
    debtor: str = Debtor.government,
    amount: Decimal | None = None,
    percent: Decimal | None = None,
    description: str = "",
    source: str = "manual",
    document_id: int | None = None,
    source_page: int | None = None,
    source_text: str | None = None,
    user_id: int | None = None,
    delay_reason: str | None = None,
) -> Obligation:
    """Add an obligation; a percent of the contract amount gives the amount; due date derived."""
    (due_on, event, offset, unit), amount = validate_obligation(contract, kind=kind, debtor=debtor, due=due,
                                                                 amount=amount, percent=percent)
    ob = Obligation(contract_id=contract.id, debtor=debtor, kind=kind, description=description[:500],
                    amount=amount, percent=percent, due_on=due_on, due_event=event, due_offset=offset,
                    due_unit=unit, source=source, document_id=document_id, source_page=source_page,
                    source_text=source_text, confirmed_by_id=user_id, delay_reason=delay_reason,
                    confirmed_at=clock.now() if user_id else None, paid_total=Decimal("0.00"))
    session.add(ob)
    session.flush()
    _derive_one(ob, _events(session, contract.id), work_calendar(session))
    trail.record(session, "create", "obligation", ob.id, after=trail.snapshot(ob), contract_id=contract.id)
    return ob


def update_obligation(session: Session, ob: Obligation, changes: dict[str, Any]) -> Obligation:
    """Correct an obligation (amount, due rule, description, delay reason, status cancelled)."""
    before = trail.snapshot(ob)
    contract = session.get(Contract, ob.contract_id)
    assert contract is not None
    if "due" in changes:
        ob.due_on, ob.due_event, ob.due_offset, ob.due_unit = parse_due(changes.pop("due"))
    if "amount" in changes or "percent" in changes:
        # A new percent alone re-computes the amount; a new amount alone replaces the percent.
        percent_given, amount_given = "percent" in changes, "amount" in changes
        percent = changes.pop("percent") if percent_given else (None if amount_given else ob.percent)
        amount = changes.pop("amount") if amount_given else None
        new_amount = amount_from(contract, ob.kind, amount, percent)
        _within_contract(contract, ob.kind, new_amount)
        if new_amount is not None and new_amount < ob.paid_total:
            raise DomainError.field("amount", "金额不能低于已付金额", "the amount cannot be below what was already paid")
        ob.amount, ob.percent = new_amount, percent
    status = changes.pop("status", None)
    if status is not None:
        if status not in (ObligationStatus.open, ObligationStatus.cancelled):
            raise DomainError.field("status", "只能取消或重新开启义务", "status can only be set to open or cancelled")
        ob.status = status
        if status == ObligationStatus.open and ob.kind not in MONETARY_KINDS:
            ob.fulfilled_on = None
    if "debtor" in changes and changes["debtor"] not in DEBTORS:
        raise DomainError.field("debtor", "债务人应为 government 或 counterparty",
                                "debtor must be government or counterparty")
    for key in ("description", "delay_reason", "debtor"):
        if key in changes:
            setattr(ob, key, changes.pop(key))
    if changes:
        raise DomainError({k: [msg("不可修改的字段", "this field cannot be changed")] for k in changes})
    _settle_status(ob)
    _derive_one(ob, _events(session, ob.contract_id), work_calendar(session))
    session.flush()
    trail.record(session, "update", "obligation", ob.id, before=before, after=trail.snapshot(ob),
                 contract_id=ob.contract_id)
    return ob


def _events(session: Session, contract_id: int) -> dict[str, date]:
    rows = session.execute(select(ContractEvent.type, ContractEvent.occurred_on)
                           .where(ContractEvent.contract_id == contract_id)).all()
    return {t: d for t, d in rows}


def _derive_one(ob: Obligation, events: dict[str, date], cal: WorkCalendar) -> None:
    ob.due_date_error = None
    if ob.due_on is not None:
        ob.due_date = ob.due_on
        return
    start = events.get(ob.due_event or "")
    if start is None:
        ob.due_date = None
        return
    try:
        ob.due_date = cal.due(start, ob.due_offset or 0, ob.due_unit or DueUnit.day)
    except CalendarNotPublished as exc:
        ob.due_date = None
        ob.due_date_error = exc.errors["due"][0]


def derive_due_dates(session: Session, contract: Contract) -> list[Obligation]:
    """Recompute the due date of every obligation of ``contract`` from its events (audited when it moves)."""
    events = _events(session, contract.id)
    cal = work_calendar(session)
    obs = session.scalars(select(Obligation).where(Obligation.contract_id == contract.id)).all()
    for ob in obs:
        before = trail.snapshot(ob)
        _derive_one(ob, events, cal)
        if (ob.due_date, ob.due_date_error) != (_as_date(before["due_date"]), before["due_date_error"]):
            session.flush()
            trail.record(session, "update", "obligation", ob.id, before=before, after=trail.snapshot(ob),
                         contract_id=contract.id, note=msg("已按合同履约事件推算到期日", "due date derived from the contract's events"))
    session.flush()
    return list(obs)


def _as_date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def rederive_pending(session: Session, year: int | None = None) -> int:
    """Re-derive the due dates that waited for a holiday calendar, and with ``year`` those the newly
    loaded schedule of that year can move; returns how many contracts were looked at."""
    touched = Obligation.due_date_error.is_not(None)
    if year is not None:
        touched = touched | (Obligation.due_event.is_not(None)
                             & Obligation.due_date.between(date(year, 1, 1), date(year + 1, 12, 31)))
    contract_ids = session.scalars(select(Obligation.contract_id).where(touched).distinct()
                                   .order_by(Obligation.contract_id)).all()
    for cid in contract_ids:
        contract = session.get(Contract, cid)
        assert contract is not None
        derive_due_dates(session, contract)
    return len(contract_ids)


def recompute_percent_amounts(session: Session, contract: Contract) -> None:
    """After the contract amount changes, amounts defined as a percent follow it (never below what was paid)."""
    for ob in session.scalars(select(Obligation).where(Obligation.contract_id == contract.id,
                                                       Obligation.percent.is_not(None))):
        new_amount = money(contract.amount * ob.percent / HUNDRED)
        if new_amount == ob.amount:
            continue
        if new_amount < ob.paid_total:
            raise DomainError.field("amount", f"义务#{ob.id}按比例计算的金额将低于已付金额",
                                    f"obligation #{ob.id} would owe less than was already paid")
        before = trail.snapshot(ob)
        ob.amount = new_amount
        _settle_status(ob)
        session.flush()
        trail.record(session, "update", "obligation", ob.id, before=before, after=trail.snapshot(ob),
                     contract_id=contract.id, note=msg("按变更后的合同金额及比例重算", "percent of the new contract amount"))
    session.flush()


def check_event_date(contract: Contract, type_: str, occurred_on: date) -> None:
    """An event is known, not before signing (the award notice excepted) and not in the future."""
    if type_ not in EVENTS:
        raise DomainError.field("type", f"未知的履约事件 {type_}", f"unknown event type {type_!r}")
    if type_ != EventType.award_notice and occurred_on < contract.signed_on:
        raise DomainError.field("occurred_on", "事件日期早于合同签订日期",
                                "the event date is before the contract was signed")
    if type_ == EventType.award_notice and occurred_on > contract.signed_on:
        raise DomainError.field("occurred_on", "中标（成交）通知书日期晚于合同签订日期",
                                "the award notice date is after the signing date")
    if occurred_on > clock.today():
        raise DomainError.field("occurred_on", "不能登记将来发生的事件", "an event cannot be in the future")


def record_event(session: Session, contract: Contract, type_: str, occurred_on: date, *,
                 evidence: str = "", user_id: int | None = None) -> ContractEvent:
    """Record that an event happened (验收合格 on 2025-03-02) and derive the due dates hanging on it."""
    check_event_date(contract, type_, occurred_on)
    if session.scalar(select(ContractEvent.id).where(ContractEvent.contract_id == contract.id,
                                                     ContractEvent.type == type_)):
        raise Conflict({"type": [msg("该事件已登记，如有错误请更正原记录",
                                     "this event is already recorded; correct it instead")]})
    ev = ContractEvent(contract_id=contract.id, type=type_, occurred_on=occurred_on, evidence=evidence,
                       recorded_by_id=user_id)
    session.add(ev)
    session.flush()
    trail.record(session, "create", "event", ev.id, after=trail.snapshot(ev), contract_id=contract.id)
    _award_notice_in_step(session, contract, ev)
    derive_due_dates(session, contract)
    return ev


def _award_notice_in_step(session: Session, contract: Contract, ev: ContractEvent) -> None:
    """The contract's award-notice date follows its award-notice event (the checker's award-to-
    signing rule reads the contract's date first), audited as a change of the contract."""
    if ev.type != EventType.award_notice or contract.award_notice_on == ev.occurred_on:
        return
    before = {"award_notice_on": contract.award_notice_on}
    contract.award_notice_on = ev.occurred_on
    session.flush()
    trail.record(session, "update", "contract", contract.id, before=before,
                 after={"award_notice_on": contract.award_notice_on}, contract_id=contract.id,
                 note=msg("中标（成交）通知已登记或更正", "award notice event recorded or corrected"))


def correct_event(session: Session, ev: ContractEvent, occurred_on: date, *, reason: str) -> ContractEvent:
    """Correct an event's date (with the reason in the audit trail) and re-derive due dates."""
    contract = session.get(Contract, ev.contract_id)
    assert contract is not None
    if ev.type == EventType.signing:
        raise DomainError.field("type", "签订日期请在合同中修改", "change the signing date on the contract")
    if not reason.strip():
        raise DomainError.field("reason", "更正须说明理由", "a correction needs a reason")
    if len(reason.strip()) > CORRECTION_REASON_MAX:  # the audit note holds it; refused, not cut short
        raise DomainError.field("reason", f"最多{CORRECTION_REASON_MAX}个字符",
                                f"at most {CORRECTION_REASON_MAX} characters")
    check_event_date(contract, ev.type, occurred_on)
    before = trail.snapshot(ev)
    ev.occurred_on = occurred_on
    session.flush()
    trail.record(session, "update", "event", ev.id, before=before, after=trail.snapshot(ev),
                 contract_id=contract.id, note=reason.strip())
    _award_notice_in_step(session, contract, ev)
    derive_due_dates(session, contract)
    return ev


def _settle_status(ob: Obligation) -> None:
    if ob.status == ObligationStatus.cancelled:
        return
    if ob.amount is not None and ob.kind in MONETARY_KINDS:
        ob.status = ObligationStatus.fulfilled if ob.paid_total >= ob.amount else ObligationStatus.open
        if ob.status == ObligationStatus.open:
            ob.fulfilled_on = None


def check_payment(ob: Obligation, signed_on: date, amount: Decimal, paid_on: date) -> None:
    """A payment is for an open money obligation, positive, dated between signing and today, and
    never more than is outstanding (``ob`` may be any object with amount, kind, status, paid_total)."""
    if ob.amount is None or ob.kind not in MONETARY_KINDS:
        raise DomainError.field("obligation_id", "该义务不是金钱义务，不能登记付款",
                                "this obligation is not a money obligation")
    if ob.status == ObligationStatus.cancelled:
        raise DomainError.field("obligation_id", "该义务已取消", "this obligation was cancelled")
    if amount <= 0:
        raise DomainError.field("amount", "付款金额必须大于零", "the amount must be greater than zero")
    if paid_on < signed_on:
        raise DomainError.field("paid_on", "付款日期早于合同签订日期", "the payment date is before the contract was signed")
    if paid_on > clock.today():
        raise DomainError.field("paid_on", "不能登记将来的付款", "a payment cannot be in the future")
    outstanding = ob.amount - ob.paid_total
    if amount > outstanding:
        raise DomainError.field("amount", f"超额付款：尚欠 {outstanding:.2f} 元",
                                f"overpayment: only {outstanding:.2f} yuan is outstanding")


def record_payment(session: Session, ob: Obligation, *, amount: Decimal, paid_on: date, voucher: str = "",
                   user_id: int | None = None) -> Payment:
    """Record money paid against ``ob``; partial payments allowed, overpayment refused."""
    contract = session.get(Contract, ob.contract_id)
    assert contract is not None
    # Lock the obligation so two payments cannot both pass the overpayment check.
    session.refresh(ob, with_for_update=True)
    check_payment(ob, contract.signed_on, amount, paid_on)
    # a form sent twice: the same amount, date and voucher as a payment already recorded (the
    # spreadsheet import refuses the same); two real payments differ at least in their voucher
    if session.scalar(select(Payment.id).where(Payment.obligation_id == ob.id, Payment.amount == amount,
                                               Payment.paid_on == paid_on, Payment.voucher == voucher)):
        raise Conflict({"voucher": [msg("与已登记的一笔付款完全相同（金额、日期、凭证号）；如确为两笔，请填写各自的凭证号",
                                        "identical to a payment already recorded (amount, date, voucher); "
                                        "give each payment its voucher number")]})
    payment = Payment(obligation_id=ob.id, amount=amount, paid_on=paid_on, voucher=voucher,
                      recorded_by_id=user_id)
    session.add(payment)
    before = trail.snapshot(ob)
    ob.paid_total = ob.paid_total + amount
    _settle_status(ob)
    if ob.status == ObligationStatus.fulfilled:
        ob.fulfilled_on = max(p.paid_on for p in [*ob.payments, payment])
    session.flush()
    trail.record(session, "create", "payment", payment.id, after=trail.snapshot(payment),
                 contract_id=contract.id)
    trail.record(session, "update", "obligation", ob.id, before=before, after=trail.snapshot(ob),
                 contract_id=contract.id, note=msg("已登记付款", "payment recorded"))
    return payment


def fulfil(session: Session, ob: Obligation, *, on: date, note: str = "") -> Obligation:
    """Mark a non-money obligation (land handover, approval…) as fulfilled on a date."""
    if ob.kind in MONETARY_KINDS:
        raise DomainError.field("kind", "金钱义务以付款记录履行", "money obligations are fulfilled by payments")
    contract = session.get(Contract, ob.contract_id)
    assert contract is not None
    if on < contract.signed_on or on > clock.today():
        raise DomainError.field("on", "履行日期须在签订日期与今天之间",
                                "the date must lie between signing and today")
    before = trail.snapshot(ob)
    ob.status, ob.fulfilled_on = ObligationStatus.fulfilled, on
    session.flush()
    trail.record(session, "update", "obligation", ob.id, before=before, after=trail.snapshot(ob),
                 contract_id=contract.id, note=note or msg("已履行", "fulfilled"))
    return ob
