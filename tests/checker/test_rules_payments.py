"""Payment rules on both sides of their boundaries: the contract's date, the SME 30/60 days,
the term clause, late acceptance, interest, versions of the regulation and the banned excuses."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from contracts.core import clock
from contracts.obligations import services as obligations
from monitor.checker.models import FindingState

LATER = date(2026, 6, 30)


@pytest.fixture(autouse=True)
def _facts_can_be_recorded() -> None:
    clock.set_today(LATER)


def _contract(make, *, sme: bool = False, kind: str = "procurement", signed_on: date = date(2025, 1, 2), **fields):  # type: ignore[no-untyped-def]
    supplier = make.enterprise(is_sme=sme)
    role = "supplier" if kind == "procurement" else "winning_bidder"
    return make.contract(make.agency(), supplier, kind=kind, signed_on=signed_on, role=role, **fields)


# ---- the contract's own deadline ----------------------------------------------------------------
def test_a_deadline_landing_in_the_national_day_holiday_is_breached_only_after_the_holiday(make, check, found):
    contract = _contract(make)
    make.obligation(contract, due={"event": "acceptance", "offset": 30, "unit": "day"}, amount="50000.00")
    clock.set_today(LATER)
    make.event(contract, "acceptance", date(2025, 9, 1))  # +30 days = 10-01, a holiday → 10-09
    check(date(2025, 10, 1))
    assert found("payment_overdue") == [], "8 days ahead: not yet a warning"
    check(date(2025, 10, 2))
    [f] = found("payment_overdue")
    assert (f.state, f.due_date, f.warn_level) == (FindingState.warning, date(2025, 10, 9), 7)
    check(date(2025, 10, 9))
    [f] = found("payment_overdue")
    assert (f.state, f.days_overdue, f.warn_level) == (FindingState.warning, 0, 1)
    check(date(2025, 10, 10))
    [f] = found("payment_overdue")
    assert (f.state, f.days_overdue, f.warn_level) == (FindingState.open, 1, None)
    assert f.interest == Decimal("25.00")  # 50,000 × 0.05% × 1 day


def test_warnings_step_through_the_7_3_1_day_windows_and_not_before(make, check, found):
    contract = _contract(make)
    make.obligation(contract, due={"date": "2025-06-20"}, amount="1000.00")
    check(date(2025, 6, 12))
    assert found() == [] or all(f.rule_id != "payment_overdue" for f in found())
    levels = {}
    for day in (date(2025, 6, 13), date(2025, 6, 17), date(2025, 6, 18), date(2025, 6, 19), date(2025, 6, 20)):
        check(day)
        [f] = found("payment_overdue")
        levels[day.day] = f.warn_level
    assert levels == {13: 7, 17: 3, 18: 3, 19: 1, 20: 1}


def test_a_fixed_date_on_a_tiaoxiu_saturday_is_the_deadline_itself(make, check, found):
    contract = _contract(make)
    make.obligation(contract, due={"date": "2025-10-11"}, amount="1000.00")
    check(date(2025, 10, 11))
    assert found("payment_overdue")[0].state == FindingState.warning
    check(date(2025, 10, 12))
    assert found("payment_overdue")[0].state == FindingState.open


def test_a_payment_without_an_agreed_period_is_not_judged_by_the_contract_rule(make, check, found):
    contract = _contract(make, sme=False)
    make.obligation(contract, due={"event": "acceptance", "offset": 0, "unit": "day"}, amount="1000.00")
    make.event(contract, "acceptance", date(2025, 3, 3))
    check(date(2025, 12, 1))
    assert found("payment_overdue") == [] and found("sme_payment_deadline") == []


def test_what_the_enterprise_owes_the_government_is_not_a_government_breach(make, check, found):
    contract = _contract(make)
    make.obligation(contract, due={"date": "2025-03-01"}, amount="1000.00", debtor="counterparty")
    check(date(2025, 12, 1))
    assert found("payment_overdue") == []


def test_a_partial_payment_lowers_outstanding_and_the_agreed_rate_replaces_the_statutory_one(make, check, found):
    contract = _contract(make, late_interest_daily_rate=Decimal("0.0003"))
    ob = make.obligation(contract, due={"date": "2025-06-30"}, amount="100000.00")
    make.payment(ob, "40000.00", date(2025, 6, 20))
    check(date(2025, 7, 10))
    [f] = found("payment_overdue")
    assert f.outstanding == Decimal("60000.00")
    assert f.interest_rate == Decimal("0.000300")
    assert f.interest == Decimal("180.00")  # 60,000 × 0.03% × 10 days


def test_a_cancelled_obligation_resolves_its_finding_without_a_cure_date(make, session, check, found):
    contract = _contract(make)
    ob = make.obligation(contract, due={"date": "2025-06-30"}, amount="1000.00")
    check(date(2025, 7, 10))
    obligations.update_obligation(session, ob, {"status": "cancelled"})
    session.commit()
    check(date(2025, 7, 11))
    [f] = found("payment_overdue")
    assert f.state == FindingState.resolved and f.cured_on is None
    assert "取消" in f.resolution_reason


def test_the_citation_follows_the_law_in_force_on_the_due_date(make, check, found):
    old = _contract(make, signed_on=date(2019, 3, 1))
    make.obligation(old, due={"date": "2019-06-30"}, amount="1000.00")
    new = _contract(make, signed_on=date(2024, 3, 1))
    make.obligation(new, due={"date": "2024-06-28"}, amount="1000.00")
    check(date(2025, 1, 2))
    by_contract = {f.contract_id: f.citation for f in found("payment_overdue")}
    assert "合同法" in by_contract[old.id] and "民法典" not in by_contract[old.id]
    assert "政府采购法实施条例" in by_contract[old.id] and "优化营商环境条例" not in by_contract[old.id]
    assert "民法典" in by_contract[new.id] and "优化营商环境条例" in by_contract[new.id]


# ---- SME statutory deadline ---------------------------------------------------------------------
def test_with_no_agreed_period_an_sme_is_paid_by_day_30_and_day_31_is_a_breach(make, check, found):
    contract = _contract(make, sme=True)
    make.obligation(contract, due={"event": "acceptance", "offset": 0, "unit": "day"}, amount="80000.00")
    make.event(contract, "acceptance", date(2025, 7, 1))  # day 30 = 2025-07-31, a Thursday
    check(date(2025, 7, 31))
    [f] = found("sme_payment_deadline")
    assert (f.state, f.due_date) == (FindingState.warning, date(2025, 7, 31))
    check(date(2025, 8, 1))
    [f] = found("sme_payment_deadline")
    assert (f.state, f.days_overdue) == (FindingState.open, 1)
    assert f.interest == Decimal("40.00")
    assert "保障中小企业款项支付条例" in f.citation and "第九条" in f.citation and "802号" in f.citation
    assert f.details["start"] == "2025-07-01"


def test_a_large_company_gets_no_statutory_30_days(make, check, found):
    contract = _contract(make, sme=False)
    make.obligation(contract, due={"event": "acceptance", "offset": 0, "unit": "day"}, amount="80000.00")
    make.event(contract, "acceptance", date(2025, 7, 1))
    check(date(2025, 9, 1))
    assert found("sme_payment_deadline") == []


def test_an_agreed_90_days_is_capped_at_60_and_only_the_statutory_breach_is_found(make, check, found):
    contract = _contract(make, sme=True)
    make.obligation(contract, due={"event": "acceptance", "offset": 90, "unit": "day"}, amount="80000.00")
    make.event(contract, "acceptance", date(2025, 7, 1))  # day 60 = 08-30 (Saturday) → 09-01
    check(date(2025, 7, 2))
    [clause] = found("sme_term_over_60d")
    assert clause.state == FindingState.open and clause.due_date is None
    check(date(2025, 9, 1))
    [f] = found("sme_payment_deadline")
    assert (f.state, f.due_date) == (FindingState.warning, date(2025, 9, 1))
    check(date(2025, 9, 2))
    assert found("sme_payment_deadline")[0].state == FindingState.open
    check(date(2025, 10, 15))  # past the agreed 90 days (09-29) too
    assert found("payment_overdue") == [], "one finding per unpaid obligation: the earlier, statutory one"
    assert len(found("sme_payment_deadline")) == 1


def test_an_agreed_45_days_is_judged_by_the_contract_alone(make, check, found):
    contract = _contract(make, sme=True)
    make.obligation(contract, due={"event": "acceptance", "offset": 45, "unit": "day"}, amount="80000.00")
    make.event(contract, "acceptance", date(2025, 7, 1))  # day 45 = 08-15
    check(date(2025, 8, 16))
    assert found("sme_payment_deadline") == [] and found("sme_term_over_60d") == []
    assert found("payment_overdue")[0].days_overdue == 1


def test_the_2020_text_judges_deadlines_before_june_2025_and_the_2025_text_after(make, check, found):
    before = _contract(make, sme=True)
    make.obligation(before, due={"event": "acceptance", "offset": 0, "unit": "day"}, amount="1000.00")
    make.event(before, "acceptance", date(2025, 4, 1))  # day 30 = 05-01, 劳动节 → 05-06
    after = _contract(make, sme=True)
    make.obligation(after, due={"event": "acceptance", "offset": 0, "unit": "day"}, amount="1000.00")
    make.event(after, "acceptance", date(2025, 5, 15))  # day 30 = 06-14, a Saturday → 06-16
    check(date(2025, 7, 1))
    by_contract = {f.contract_id: f for f in found("sme_payment_deadline")}
    assert by_contract[before.id].due_date == date(2025, 5, 6)
    assert "728号" in by_contract[before.id].citation and "第八条" in by_contract[before.id].citation
    assert by_contract[after.id].due_date == date(2025, 6, 16)
    assert "802号" in by_contract[after.id].citation and "第九条" in by_contract[after.id].citation


def test_before_the_regulation_took_effect_there_is_no_sme_finding(make, check, found):
    contract = _contract(make, sme=True, signed_on=date(2020, 6, 1))
    make.obligation(contract, due={"event": "acceptance", "offset": 0, "unit": "day"}, amount="1000.00")
    make.event(contract, "acceptance", date(2020, 7, 1))  # day 30 = 2020-07-31, before 2020-09-01
    check(date(2020, 12, 1))
    assert found("sme_payment_deadline") == []


def test_late_acceptance_is_a_finding_and_the_payment_clock_starts_at_the_end_of_the_acceptance_period(
        make, check, found):
    contract = _contract(make, sme=True, acceptance_period_days=10)
    make.obligation(contract, due={"event": "acceptance", "offset": 0, "unit": "day"}, amount="60000.00")
    make.event(contract, "delivery", date(2025, 3, 3))  # acceptance due 03-13
    check(date(2025, 3, 13))
    assert found("sme_acceptance_overdue")[0].state == FindingState.warning
    check(date(2025, 3, 14))
    [late] = found("sme_acceptance_overdue")
    assert (late.state, late.days_overdue) == (FindingState.open, 1)
    assert "第九条第二款" in late.citation and "728号" in late.citation, "judged by the 2020 text in March 2025"
    check(date(2025, 4, 15))  # 30 days from 03-13 = 04-12, a Saturday → 04-14
    [pay] = found("sme_payment_deadline")
    assert (pay.due_date, pay.days_overdue) == (date(2025, 4, 14), 1)
    assert pay.details["start"] == "2025-03-13"
    clock.set_today(LATER)
    make.event(contract, "acceptance", date(2025, 4, 20))
    check(date(2025, 4, 21))
    [late] = found("sme_acceptance_overdue")
    assert (late.state, late.cured_on, late.days_overdue) == (FindingState.resolved, date(2025, 4, 20), 38)
    assert found("sme_payment_deadline")[0].due_date == date(2025, 4, 14), "the clock stays at the period end"


def test_acceptance_within_the_period_starts_the_clock_on_the_acceptance_day(make, check, found):
    contract = _contract(make, sme=True, acceptance_period_days=10)
    make.obligation(contract, due={"event": "acceptance", "offset": 0, "unit": "day"}, amount="60000.00")
    make.event(contract, "delivery", date(2025, 3, 3))
    make.event(contract, "acceptance", date(2025, 3, 13))
    check(date(2025, 4, 30))
    assert found("sme_acceptance_overdue") == []
    assert found("sme_payment_deadline")[0].due_date == date(2025, 4, 14)


# ---- the term clause ----------------------------------------------------------------------------
@pytest.mark.parametrize(("offset", "unit", "flagged"), [
    (60, "day", False), (61, "day", True), (2, "month", False), (3, "month", True),
    (45, "working_day", False), (46, "working_day", True)])
def test_an_sme_term_over_60_days_is_flagged_at_registration(make, found, offset, unit, flagged):
    contract = _contract(make, sme=True, signed_on=date(2025, 7, 1))
    make.obligation(contract, due={"event": "delivery", "offset": offset, "unit": unit}, amount="1000.00")
    from monitor.checker import engine

    engine.run_check(make.session, as_of=date(2025, 7, 1))
    assert bool(found("sme_term_over_60d")) is flagged


def test_a_working_day_term_known_to_span_over_60_days_is_flagged(make, check, found):
    contract = _contract(make, sme=True, signed_on=date(2025, 1, 2))
    make.obligation(contract, due={"event": "acceptance", "offset": 42, "unit": "working_day"}, amount="1000.00")
    check(date(2025, 1, 10))
    assert found("sme_term_over_60d") == []
    clock.set_today(LATER)
    make.event(contract, "acceptance", date(2025, 1, 20))  # 42 working days across the Spring Festival
    check(date(2025, 1, 21))
    [f] = found("sme_term_over_60d")
    assert "728号" in f.citation, "a clause signed in January 2025 is judged by the 2020 text"


# ---- banned excuses ---------------------------------------------------------------------------------
def test_a_delay_blamed_on_a_change_of_leader_is_aggravating(make, session, check, found):
    contract = _contract(make, sme=True)
    blamed = make.obligation(contract, due={"date": "2025-08-01"}, amount="1000.00")
    other = make.obligation(contract, due={"date": "2025-08-01"}, amount="2000.00")
    obligations.update_obligation(session, blamed, {"delay_reason": "新任局长到任后需重新研究，暂缓支付"})
    obligations.update_obligation(session, other, {"delay_reason": "资金尚未拨付"})
    session.commit()
    check(date(2025, 8, 5))
    by_ob = {f.obligation_id: f for f in found("payment_overdue")}
    assert by_ob[other.id].aggravating is None
    assert "优化营商环境条例" in by_ob[blamed.id].aggravating
    assert "第十四条" in by_ob[blamed.id].aggravating, "2025 text of the SME regulation, in force on 08-01"
    obligations.update_obligation(session, blamed, {"delay_reason": "资金尚未拨付"})
    session.commit()
    check(date(2025, 8, 6))
    assert {f.obligation_id: f for f in found("payment_overdue")}[blamed.id].aggravating is None
