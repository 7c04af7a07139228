"""PPP and investment attraction: government promises late, and projects of the 2023 mechanism."""

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


def _ppp(make, **fields):  # type: ignore[no-untyped-def]
    fields.setdefault("signed_on", date(2024, 1, 10))
    return make.contract(make.agency("某市住建局"), make.enterprise("某某环境项目公司"), kind="ppp",
                         role="project_company", amount="500000000.00", **fields)


def test_a_late_gap_subsidy_and_a_late_land_handover_are_ppp_findings(make, session, check, found):
    contract = _ppp(make)
    subsidy = make.obligation(contract, kind="subsidy", due={"date": "2025-06-30"}, amount="12000000.00")
    land = make.obligation(contract, kind="land", due={"date": "2025-06-30"}, description="交付项目用地")
    check(date(2025, 6, 30))
    assert {f.state for f in found("ppp_government_obligation_late")} == {FindingState.warning}
    check(date(2025, 7, 1))
    by_ob = {f.obligation_id: f for f in found("ppp_government_obligation_late")}
    assert by_ob[subsidy.id].state == FindingState.open and by_ob[subsidy.id].interest == Decimal("6000.00")
    assert by_ob[land.id].outstanding is None and by_ob[land.id].interest is None
    assert "优化营商环境条例" in by_ob[land.id].citation and "第三十一条" in by_ob[land.id].citation
    assert found("payment_overdue") == [], "PPP obligations are judged by the PPP rule"
    clock.set_today(date(2025, 7, 20))
    obligations.fulfil(session, land, on=date(2025, 7, 20), note="土地已交付")
    session.commit()
    check(date(2025, 7, 21))
    cured = {f.obligation_id: f for f in found("ppp_government_obligation_late")}[land.id]
    assert (cured.state, cured.cured_on, cured.days_overdue) == (FindingState.resolved, date(2025, 7, 20), 20)


@pytest.mark.parametrize(("launched", "years", "flagged"), [
    (date(2024, 1, 1), 40, False), (date(2024, 1, 1), 41, True),
    (date(2023, 11, 2), 50, False), (date(2023, 11, 3), 50, True)])
def test_a_franchise_over_40_years_in_a_new_mechanism_project_is_flagged_for_review(
        make, check, found, launched, years, flagged):
    _ppp(make, ppp_launched_on=launched, cooperation_years=years, signed_on=date(2024, 2, 1))
    check(date(2025, 1, 2))
    hits = found("ppp_term_over_40y")
    assert bool(hits) is flagged
    if flagged:
        assert hits[0].severity == "review" and "国办函〔2023〕115号" in hits[0].citation


@pytest.mark.parametrize(("mechanism", "launched", "flagged"), [
    ("viability_gap_funding", date(2024, 1, 1), True), ("government_pay", date(2024, 1, 1), True),
    ("user_pay", date(2024, 1, 1), False), ("viability_gap_funding", date(2022, 5, 1), False)])
def test_government_payments_in_a_new_mechanism_project_are_flagged_for_review(
        make, check, found, mechanism, launched, flagged):
    _ppp(make, ppp_launched_on=launched, ppp_payment_mechanism=mechanism, signed_on=date(2024, 2, 1))
    check(date(2025, 1, 2))
    assert bool(found("ppp_new_mechanism_payment")) is flagged


def test_an_investment_promise_blamed_on_a_change_of_government_is_late_and_aggravated(make, session, check, found):
    contract = make.contract(make.agency("某县商务局"), make.enterprise("某某新能源有限公司", is_sme=False),
                             kind="investment", role="investor", signed_on=date(2024, 5, 1), amount="300000000.00")
    reward = make.obligation(contract, kind="subsidy", due={"event": "production_start", "offset": 3,
                                                             "unit": "month"}, amount="5000000.00",
                             description="投产后3个月内兑现落户奖励")
    make.event(contract, "production_start", date(2025, 3, 20))  # 3 months → 06-20
    obligations.update_obligation(session, reward, {"delay_reason": "县政府换届，新一届班子需重新研究"})
    session.commit()
    check(date(2025, 6, 23))
    [f] = found("investment_promise_late")
    assert (f.state, f.due_date, f.days_overdue) == (FindingState.open, date(2025, 6, 20), 3)
    assert "民营经济促进法" in f.citation, "in force since 2025-05-20"
    assert f.aggravating and "第三十一条" in f.aggravating
