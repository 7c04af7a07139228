"""Procedure, deposits, bonds and retention: each rule on both sides of its boundary."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from contracts.core import clock
from contracts.registry import services as registry
from monitor.checker import params
from monitor.checker.models import FindingState

LATER = date(2026, 6, 30)


@pytest.fixture(autouse=True)
def _facts_can_be_recorded() -> None:
    clock.set_today(LATER)


def _procurement(make, signed_on: date, **fields):  # type: ignore[no-untyped-def]
    return make.contract(make.agency(), make.enterprise(), kind="procurement", signed_on=signed_on, **fields)


def _bidding(make, signed_on: date = date(2025, 3, 3), **fields):  # type: ignore[no-untyped-def]
    return make.contract(make.agency(), make.enterprise(), kind="bidding", signed_on=signed_on,
                         role="winning_bidder", **fields)


# ---- signing, publication, filing ---------------------------------------------------------------
@pytest.mark.parametrize(("award", "signed", "late_days"), [
    (date(2025, 3, 3), date(2025, 4, 2), None),  # day 30
    (date(2025, 3, 3), date(2025, 4, 3), 1),  # day 31
    (date(2025, 9, 1), date(2025, 10, 9), None),  # day 30 is 10-01: the holiday extends it
    (date(2025, 9, 1), date(2025, 10, 10), 1),
])
def test_the_contract_is_signed_within_30_days_of_the_award_notice(make, check, found, award, signed, late_days):
    contract = _procurement(make, signed, award_notice_on=award, published_on=signed, filed_on=signed)
    check(LATER)
    hits = found("award_to_signing_30d")
    if late_days is None:
        assert hits == []
        return
    [f] = hits
    assert (f.state, f.cured_on, f.days_overdue) == (FindingState.resolved, signed, late_days)
    assert f.contract_id == contract.id and "政府采购法" in f.citation and "第四十六条" in f.citation


def test_a_bidding_contract_cites_the_tendering_law(make, check, found):
    _bidding(make, signed_on=date(2025, 4, 3), award_notice_on=date(2025, 3, 3))
    check(LATER)
    assert "招标投标法》" in found("award_to_signing_30d")[0].citation


def test_publication_within_2_working_days_counts_the_tiaoxiu_sunday(make, session, check, found):
    # signed Friday 2025-09-26: Sunday 09-28 is a 调休 working day (1), Monday 09-29 (2)
    on_time = _procurement(make, date(2025, 9, 26), published_on=date(2025, 9, 29), filed_on=date(2025, 9, 29))
    late = _procurement(make, date(2025, 9, 26), published_on=date(2025, 9, 30), filed_on=date(2025, 9, 30))
    pending = _procurement(make, date(2025, 9, 26), filed_on=date(2025, 9, 29))
    check(date(2025, 9, 29))
    by_contract = {f.contract_id: f for f in found("gp_contract_publish_2wd")}
    assert on_time.id not in by_contract
    assert by_contract[pending.id].state == FindingState.warning
    check(date(2025, 9, 30))
    by_contract = {f.contract_id: f for f in found("gp_contract_publish_2wd")}
    assert (by_contract[late.id].state, by_contract[late.id].cured_on) == (FindingState.resolved, date(2025, 9, 30))
    assert (by_contract[pending.id].state, by_contract[pending.id].days_overdue) == (FindingState.open, 1)
    clock.set_today(date(2025, 10, 10))  # published that day, and recorded
    registry.update_contract(session, pending, {"published_on": date(2025, 10, 10)})
    session.commit()
    check(date(2025, 10, 13))
    f = {f.contract_id: f for f in found("gp_contract_publish_2wd")}[pending.id]
    assert (f.state, f.cured_on, f.days_overdue) == (FindingState.resolved, date(2025, 10, 10), 11)


def test_filing_within_7_working_days_skips_the_national_day_holiday(make, check, found):
    # 09-28 (1), 09-29, 09-30, 10-09, 10-10, 10-11 (调休 Saturday), 10-13 (7)
    _procurement(make, date(2025, 9, 26), published_on=date(2025, 9, 26), filed_on=date(2025, 10, 13))
    late = _procurement(make, date(2025, 9, 26), published_on=date(2025, 9, 26), filed_on=date(2025, 10, 14))
    check(LATER)
    [f] = found("gp_contract_filing_7wd")
    assert (f.contract_id, f.due_date, f.days_overdue) == (late.id, date(2025, 10, 13), 1)


# ---- caps ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(("deposit", "flagged"), [("20000.00", False), ("20000.01", True), ("20100.00", True)])
def test_a_procurement_bid_deposit_may_be_2_percent_of_the_budget_and_no_more(make, check, found, deposit, flagged):
    contract = _procurement(make, date(2025, 3, 3), budget_amount=Decimal("1000000.00"),
                            published_on=date(2025, 3, 3), filed_on=date(2025, 3, 3))
    make.obligation(contract, kind="deposit_return", due={"date": "2025-03-10"}, amount=deposit)
    check(date(2025, 3, 4))
    assert bool(found("gp_bid_deposit_cap")) is flagged


@pytest.mark.parametrize(("deposit", "estimate", "flagged"), [
    ("200000.00", "10000000.00", False), ("201000.00", "10000000.00", True),
    ("800000.00", "90000000.00", False), ("800000.01", "90000000.00", True)])
def test_a_bid_deposit_is_capped_at_2_percent_and_800000_yuan(make, check, found, deposit, estimate, flagged):
    _bidding(make, bid_deposit=Decimal(deposit), estimated_price=Decimal(estimate))
    check(date(2025, 3, 4))
    hits = found("tb_bid_deposit_cap")
    assert bool(hits) is flagged
    if flagged and deposit.startswith("800000"):
        assert "施工招标投标办法" in hits[0].citation and "第二十六条" not in hits[0].citation


def test_the_800000_cap_is_a_parameter_a_deployment_can_switch_off(make, session, check, found):
    _bidding(make, bid_deposit=Decimal("900000.00"), estimated_price=Decimal("90000000.00"))
    params.set_parameters(session, "tb_bid_deposit_cap", {"absolute_cap": None}, reason="本地规定")
    session.commit()
    check(date(2025, 3, 4))
    assert len(found("tb_bid_deposit_cap")) == 1, "null restores the default: still capped"
    params.set_parameters(session, "tb_bid_deposit_cap", {"absolute_cap": "1000000"}, reason="本地规定更宽")
    session.commit()
    check(date(2025, 3, 5))
    [f] = found("tb_bid_deposit_cap")
    assert f.state == FindingState.resolved and f.cured_on == date(2025, 3, 5)


@pytest.mark.parametrize(("bond", "flagged"), [("100000.00", False), ("100100.00", True)])
def test_a_performance_bond_may_be_10_percent_of_the_contract(make, check, found, bond, flagged):
    contract = _procurement(make, date(2025, 3, 3), amount="1000000.00", published_on=date(2025, 3, 3),
                            filed_on=date(2025, 3, 3))
    make.obligation(contract, kind="bond_return", due={"event": "acceptance", "offset": 10, "unit": "day"},
                    amount=bond)
    _bidding(make, amount="1000000.00", performance_bond=Decimal(bond))
    check(date(2025, 3, 4))
    assert len(found("gp_performance_bond_cap")) == int(flagged)
    assert len(found("tb_performance_bond_cap")) == int(flagged)


@pytest.mark.parametrize(("retention", "flagged"), [("30000.00", False), ("30100.00", True)])
def test_retention_money_may_be_3_percent(make, check, found, retention, flagged):
    _bidding(make, amount="1000000.00", retention_amount=Decimal(retention))
    check(date(2025, 3, 4))
    assert bool(found("wk_retention_cap_3pct")) is flagged


@pytest.mark.parametrize(("months", "flagged"), [(24, False), (25, True)])
def test_the_defects_liability_period_is_at_most_2_years(make, check, found, months, flagged):
    _bidding(make, defects_period_months=months)
    check(date(2025, 3, 4))
    assert bool(found("wk_defects_period_2y")) is flagged


# ---- returning deposits and retention -----------------------------------------------------------
def test_a_procurement_bid_deposit_is_returned_within_5_working_days_of_signing(make, check, found):
    contract = _procurement(make, date(2025, 9, 26), published_on=date(2025, 9, 26), filed_on=date(2025, 9, 26))
    make.obligation(contract, kind="deposit_return", due={"event": "signing", "offset": 0, "unit": "day"},
                    amount="10000.00")
    # 09-28 (调休), 09-29, 09-30, 10-09, 10-10
    check(date(2025, 10, 10))
    [f] = found("gp_bid_deposit_return_5wd")
    assert (f.state, f.due_date) == (FindingState.warning, date(2025, 10, 10))
    check(date(2025, 10, 11))
    [f] = found("gp_bid_deposit_return_5wd")
    assert (f.state, f.days_overdue, f.interest) == (FindingState.open, 1, Decimal("5.00"))
    assert found("payment_overdue") == []


def test_bid_deposits_in_a_tender_are_returned_within_5_calendar_days_extended_past_the_holiday(make, check, found):
    contract = _bidding(make, signed_on=date(2025, 9, 26))
    make.obligation(contract, kind="deposit_return", due={"event": "signing", "offset": 15, "unit": "day"},
                    amount="10000.00")  # the contract's own 15 days is later than the statute's 5
    check(date(2025, 10, 9))  # 5 days = 10-01, a holiday → 10-09
    assert found("tb_bid_deposit_return_5d")[0].state == FindingState.warning
    check(date(2025, 10, 10))
    [f] = found("tb_bid_deposit_return_5d")
    assert (f.state, f.due_date, f.days_overdue) == (FindingState.open, date(2025, 10, 9), 1)
    assert "第五十七条" in f.citation
    check(date(2025, 10, 20))
    assert found("payment_overdue") == [], "the earlier, statutory deadline is the finding"


def test_an_agreed_earlier_deposit_return_is_judged_by_the_contract(make, check, found):
    contract = _bidding(make, signed_on=date(2025, 3, 3))
    make.obligation(contract, kind="deposit_return", due={"event": "signing", "offset": 3, "unit": "day"},
                    amount="10000.00")
    check(date(2025, 3, 7))
    assert found("tb_bid_deposit_return_5d") == []
    assert found("payment_overdue")[0].days_overdue == 1


def test_retention_with_no_agreed_return_date_is_due_14_plus_14_days_after_the_defects_period(make, check, found):
    contract = _bidding(make, signed_on=date(2023, 3, 1))
    make.obligation(contract, kind="retention_return", due={"event": "warranty_end", "offset": 0, "unit": "day"},
                    amount="30000.00")
    make.event(contract, "warranty_end", date(2025, 9, 3))  # verified by 09-17, returned by 10-01 → 10-09
    check(date(2025, 10, 9))
    [f] = found("wk_retention_return_14d")
    assert (f.state, f.due_date) == (FindingState.warning, date(2025, 10, 9))
    check(date(2025, 10, 10))
    assert found("wk_retention_return_14d")[0].state == FindingState.open
