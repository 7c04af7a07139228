"""The issue's story: an SME supplier waits for a payment due 10 working days after acceptance."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from contracts.core import clock
from monitor.checker.models import FindingState


def _sme_contract(make):  # type: ignore[no-untyped-def]
    agency = make.agency("某县教育局")
    approver = make.official(agency, "李审批", "财务科科长")
    colleague = make.official(agency, "王接任", "财务科副科长")
    supplier = make.enterprise("某某小微科技有限公司", is_sme=True)
    contract = make.contract(agency, supplier, signed_on=date(2025, 8, 20), amount="1000000.00",
                             title="教学设备采购合同")
    payment = make.obligation(contract, due={"event": "acceptance", "offset": 10, "unit": "working_day"},
                              amount="300000.00", description="验收合格后10个工作日内支付30%")
    make.responsible(contract, approver, "payment_approver")
    return contract, payment, approver, colleague


def test_an_overdue_sme_payment_is_one_breach_naming_both_approvers_with_interest_until_it_is_paid(
        make, session, check, found, api):
    contract, payment, _approver, colleague = _sme_contract(make)
    clock.set_today(date(2025, 9, 26))
    make.event(contract, "acceptance", date(2025, 9, 26))
    session.refresh(payment)
    # 10 working days after Friday 2025-09-26: the 调休 Sunday 09-28 counts, the National Day
    # holiday (10-01 … 10-08) does not, the 调休 Saturday 10-11 does.
    assert payment.due_date == date(2025, 10, 16)

    check(date(2025, 10, 16))
    [warning] = found("payment_overdue")
    assert warning.state == FindingState.warning and warning.days_overdue == 0

    clock.set_today(date(2025, 11, 3))
    make.handover(contract, colleague, date(2025, 11, 3), reason="岗位调整")

    check(date(2025, 11, 20))
    check(date(2025, 11, 20))
    run = check(date(2025, 11, 21))
    [breach] = found(contract_id=contract.id, obligation_id=payment.id)
    assert breach.id == warning.id, "the warning became the breach: same fingerprint"
    assert breach.rule_id == "payment_overdue"
    assert breach.state == FindingState.open
    assert breach.days_overdue == 36  # 2025-10-16 → 2025-11-21
    assert breach.outstanding == Decimal("300000.00")
    assert breach.interest == Decimal("5400.00")  # 300,000 × 0.05% × 36 days
    assert [p["name"] for p in breach.responsible_on_due_date] == ["李审批"]
    assert run.created == run.updated == 0, "a running breach grows without being rewritten"

    staff = make.user("finance_staff")[1]
    body = api.as_(staff).get(f"/api/v1/findings/{breach.id}").get_json()
    assert [p["name"] for p in body["responsible_on_due_date"]] == ["李审批"]
    assert [p["name"] for p in body["responsible_now"]] == ["王接任"]
    assert body["interest"] == "5400.00" and body["outstanding"] == "300000.00"
    assert "政府采购法实施条例" in body["citation"]

    clock.set_today(date(2025, 11, 25))
    make.payment(payment, "300000.00", date(2025, 11, 25))
    check(date(2025, 11, 26))
    [cured] = found(contract_id=contract.id, obligation_id=payment.id)
    assert cured.state == FindingState.resolved
    assert cured.cured_on == date(2025, 11, 25)
    assert cured.days_overdue == 40 and cured.interest == Decimal("6000.00")
    assert cured.outstanding == Decimal("0.00")


def test_a_handover_before_the_due_date_makes_the_successor_the_one_responsible(make, session, check, found):
    contract, _payment, _approver, colleague = _sme_contract(make)
    clock.set_today(date(2025, 10, 10))
    make.event(contract, "acceptance", date(2025, 9, 26))
    make.handover(contract, colleague, date(2025, 10, 10))
    check(date(2025, 10, 20))
    [breach] = found("payment_overdue")
    assert [p["name"] for p in breach.responsible_on_due_date] == ["王接任"]
