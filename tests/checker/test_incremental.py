"""A daily run re-judges only the contracts that changed and the deadlines the days reached, and
finds exactly what a full run finds: after every step of a month of registry work, a full run
on the same date changes nothing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import select, text

from contracts.core import clock
from contracts.obligations import services as obligations
from contracts.organisations import services as orgs
from contracts.registry import services as registry
from contracts.registry.changes import ContractChange
from contracts.registry.models import Contract
from monitor.checker import engine
from monitor.checker.models import Finding
from monitor.checker.rules import BY_ID


def _findings(session) -> dict[str, tuple]:  # type: ignore[no-untyped-def]
    session.expire_all()
    return {f.fingerprint: (f.state, f.due_date, f.days_overdue, f.warn_level, f.outstanding, f.interest,
                            f.interest_rate, f.cured_on, f.citation, f.aggravating, f.details, f.last_checked_on,
                            f.resolution_reason, sorted(p["official_id"] for p in f.responsible_on_due_date))
            for f in session.scalars(select(Finding))}


def _registry(make):  # type: ignore[no-untyped-def]
    """Five contracts of the four kinds, with deadlines spread over June 2025."""
    clock.set_today(date(2025, 6, 1))
    agency = make.agency("某县教育局")
    approver, successor = make.official(agency, "李审批"), make.official(agency, "王接任")
    sme, big = make.enterprise("小微科技有限公司", is_sme=True), make.enterprise("某某集团股份有限公司", is_sme=False)
    signed = date(2025, 5, 6)
    a = make.contract(agency, sme, signed_on=signed, amount="300000.00", published_on=signed, filed_on=signed,
                      acceptance_period_days=5)
    make.responsible(a, approver)
    a_pay = make.obligation(a, due={"event": "acceptance", "offset": 10, "unit": "working_day"}, amount="300000.00")
    a_fixed = make.obligation(a, due={"date": "2025-06-20"}, amount="1000.00")
    b = make.contract(agency, big, signed_on=signed, amount="800000.00", published_on=signed, filed_on=signed)
    b_pay = make.obligation(b, due={"date": "2025-06-10"}, amount="80000.00")
    make.obligation(b, due={"event": "delivery", "offset": 90, "unit": "day"}, amount="20000.00")
    c = make.contract(agency, big, kind="bidding", role="winning_bidder", signed_on=signed, amount="1000000.00",
                      estimated_price=Decimal("1000000.00"), bid_deposit=Decimal("20100.00"),
                      retention_amount=Decimal("30000.00"))
    ppp = make.contract(agency, make.enterprise("某某环境项目公司"), kind="ppp", role="project_company",
                        signed_on=date(2024, 1, 10), amount="500000000.00")
    subsidy = make.obligation(ppp, kind="subsidy", due={"date": "2025-06-15"}, amount="12000000.00")
    make.obligation(ppp, kind="land", due={"date": "2025-06-25"}, description="交付项目用地")
    inv = make.contract(agency, make.enterprise("某某制造有限公司"), kind="investment", role="investor",
                        signed_on=date(2024, 5, 6), amount="100000000.00")
    reward = make.obligation(inv, kind="subsidy", due={"date": "2025-06-05"}, amount="2000000.00")
    return {"a": a, "a_pay": a_pay, "a_fixed": a_fixed, "b": b, "b_pay": b_pay, "big": big, "c": c,
            "subsidy": subsidy, "reward": reward, "successor": successor}


def test_each_daily_run_finds_what_a_full_run_finds(make, session):
    r = _registry(make)

    def change(on: date, what) -> None:  # type: ignore[no-untyped-def]
        clock.set_today(on)
        what()
        session.commit()

    steps = [
        (date(2025, 6, 1), lambda: None),
        (date(2025, 6, 3), lambda: make.event(r["a"], "delivery", date(2025, 6, 2))),
        (date(2025, 6, 9), lambda: make.payment(r["b_pay"], "30000.00", date(2025, 6, 9))),
        (date(2025, 6, 11), lambda: make.event(r["a"], "acceptance", date(2025, 6, 11))),
        (date(2025, 6, 13), lambda: orgs.update(session, r["big"], {"is_sme": True})),
        (date(2025, 6, 14), lambda: make.event(r["b"], "delivery", date(2025, 5, 10))),
        (date(2025, 6, 16), lambda: obligations.update_obligation(session, r["reward"],
                                                                  {"delay_reason": "领导换届，待新任领导审批"})),
        (date(2025, 6, 18), lambda: make.handover(r["a"], r["successor"], date(2025, 6, 18))),
        (date(2025, 6, 21), lambda: make.payment(r["subsidy"], "12000000.00", date(2025, 6, 21))),
        (date(2025, 6, 23), lambda: registry.update_contract(session, r["c"], {"bid_deposit": Decimal("20000.00")})),
        (date(2025, 6, 27), lambda: obligations.update_obligation(session, r["a_fixed"], {"status": "cancelled"})),
        (date(2025, 7, 8), lambda: None),
    ]
    modes = []
    for on, what in steps:
        change(on, what)
        daily = engine.run_check(session, as_of=on)
        modes.append(daily.mode)
        seen = _findings(session)
        full = engine.run_check(session, as_of=on, full=True)
        assert (full.mode, full.created, full.updated, full.resolved) == ("full", 0, 0, 0), on
        assert _findings(session) == seen, on
    assert modes == ["full"] + ["changes"] * (len(steps) - 1)
    assert session.scalar(select(ContractChange.id).limit(1)) is None, "every change was consumed"
    # the month left real findings behind, not an empty comparison
    states: dict[str, set[str]] = {}
    for f in session.scalars(select(Finding)):
        states.setdefault(f.rule_id, set()).add(f.state)
    assert states["investment_promise_late"] == {"open"} and states["tb_bid_deposit_cap"] == {"resolved"}
    assert states["ppp_government_obligation_late"] == {"open", "resolved"}  # land still owed, subsidy paid
    assert "open" in states["payment_overdue"] and states["sme_term_over_60d"] == {"open"}
    assert states["sme_payment_deadline"] == {"warning"}  # 60 days from the delivery on 05-10: 07-09
    # a daily run gives each rule only the changed contracts of the kinds it names, which is safe
    # because no rule finds anything in a contract of another kind
    found_in = session.execute(select(Finding.rule_id, Contract.kind).distinct()
                               .join(Contract, Contract.id == Finding.contract_id)).all()
    assert {kind for _, kind in found_in} == {"procurement", "bidding", "ppp", "investment"}
    assert [(rule_id, kind) for rule_id, kind in found_in if kind not in BY_ID[rule_id].kinds] == []


def test_a_deadline_reached_by_the_passing_days_alone_is_judged_without_any_change(make, session, found):
    r = _registry(make)
    clock.set_today(date(2025, 6, 1))
    engine.run_check(session, as_of=date(2025, 6, 1))
    clock.set_today(date(2025, 6, 12))
    run = engine.run_check(session, as_of=date(2025, 6, 12))
    assert run.mode == "changes" and run.created >= 1
    [f] = found("payment_overdue", obligation_id=r["b_pay"].id)
    assert (f.state, f.days_overdue, f.interest) == ("open", 2, Decimal("80.00"))  # 80,000 × 0.05% × 2 days
    clock.set_today(date(2025, 6, 20))
    engine.run_check(session, as_of=date(2025, 6, 20))
    [f] = found("payment_overdue", obligation_id=r["b_pay"].id)
    assert (f.days_overdue, f.interest, f.last_checked_on) == (10, Decimal("400.00"), date(2025, 6, 20))


def test_a_payment_entered_by_hand_in_sql_is_seen_by_the_next_daily_run(make, session, found):
    """Not only by the next full run: the change feed's triggers mark the contract whoever writes."""
    r = _registry(make)
    clock.set_today(date(2025, 6, 12))
    engine.run_check(session, as_of=date(2025, 6, 12))
    [f] = found("payment_overdue", obligation_id=r["b_pay"].id)
    assert f.state == "open"
    session.execute(text("UPDATE obligations SET paid_total = amount, status = 'fulfilled', fulfilled_on = :on "
                         "WHERE id = :id"), {"on": date(2025, 6, 12), "id": r["b_pay"].id})
    session.commit()
    clock.set_today(date(2025, 6, 13))
    run = engine.run_check(session, as_of=date(2025, 6, 13))
    assert (run.mode, run.resolved) == ("changes", 1)
    [f] = found("payment_overdue", obligation_id=r["b_pay"].id)
    assert (f.state, f.cured_on, f.days_overdue) == ("resolved", date(2025, 6, 12), 2)


def test_a_change_the_feed_never_saw_is_found_by_the_next_full_run_with_the_days_since(make, session, found):
    """The Sunday full run is the safety net for what no trigger sees (a restored backup): it
    recomputes every candidate and judges what that changed, and the deadlines the days since the
    last run reached, as a daily run would have."""
    r = _registry(make)
    clock.set_today(date(2025, 6, 13))
    engine.run_check(session, as_of=date(2025, 6, 13))
    [fixed] = found("payment_overdue", obligation_id=r["a_fixed"].id)
    assert (fixed.state, fixed.warn_level) == ("warning", 7)  # due 06-20
    session.execute(text("UPDATE obligations SET paid_total = amount, status = 'fulfilled', fulfilled_on = :on "
                         "WHERE id = :id"), {"on": date(2025, 6, 13), "id": r["b_pay"].id})
    session.execute(text("DELETE FROM contract_changes"))  # as a backup restored without the feed leaves it
    session.commit()
    clock.set_today(date(2025, 6, 14))
    daily = engine.run_check(session, as_of=date(2025, 6, 14))
    [paid] = found("payment_overdue", obligation_id=r["b_pay"].id)
    assert (daily.mode, daily.resolved, paid.state) == ("changes", 0, "open"), "the feed did not name it"

    clock.set_today(date(2025, 6, 22))
    full = engine.run_check(session, as_of=date(2025, 6, 22), full=True)
    assert (full.mode, full.resolved) == ("full", 1)
    [paid] = found("payment_overdue", obligation_id=r["b_pay"].id)
    assert (paid.state, paid.cured_on, paid.days_overdue) == ("resolved", date(2025, 6, 13), 3)
    [fixed] = found("payment_overdue", obligation_id=r["a_fixed"].id)
    assert (fixed.state, fixed.days_overdue, fixed.last_checked_on) == ("open", 2, date(2025, 6, 22))
    again = engine.run_check(session, as_of=date(2025, 6, 22), full=True)
    assert (again.created, again.updated, again.resolved) == (0, 0, 0)


def test_changed_parameters_or_an_earlier_date_make_a_full_run(make, session):
    from monitor.checker import params

    _registry(make)
    clock.set_today(date(2025, 6, 2))
    assert engine.run_check(session, as_of=date(2025, 6, 1)).mode == "full"
    assert engine.run_check(session, as_of=date(2025, 6, 2)).mode == "changes"
    params.set_parameters(session, "payment_overdue", {"warning_days": [10, 5]}, reason="提前预警")
    session.commit()
    run = engine.run_check(session, as_of=date(2025, 6, 2))
    assert run.mode == "full" and any("parameters" in note for note in run.notes)
    earlier = engine.run_check(session, as_of=date(2025, 5, 30))
    assert earlier.mode == "full", "a date before the last run's is checked in full"


def test_after_a_check_as_of_an_earlier_date_the_next_run_judges_what_changed_in_between(make, session, found):
    """A check as of an earlier date judges as of that date and must not write over findings
    checked later, though it reads the change feed; the next run judges everything again, so a
    payment and a late-recorded obligation from before it are not lost."""
    r = _registry(make)
    clock.set_today(date(2025, 6, 12))
    engine.run_check(session, as_of=date(2025, 6, 12))
    [paid] = found("payment_overdue", obligation_id=r["b_pay"].id)
    assert paid.state == "open"
    clock.set_today(date(2025, 6, 13))
    make.payment(r["b_pay"], "80000.00", date(2025, 6, 13))
    late = make.obligation(r["b"], due={"date": "2025-06-03"}, amount="5000.00")  # recorded late, overdue
    session.commit()
    earlier = engine.run_check(session, as_of=date(2025, 6, 1))
    assert earlier.mode == "full"
    [paid] = found("payment_overdue", obligation_id=r["b_pay"].id)
    assert paid.state == "open", "checked on 06-12: a run as of 06-01 leaves it alone"

    clock.set_today(date(2025, 6, 14))
    run = engine.run_check(session, as_of=date(2025, 6, 14))
    [paid] = found("payment_overdue", obligation_id=r["b_pay"].id)
    assert (paid.state, paid.cured_on) == ("resolved", date(2025, 6, 13))
    [overdue] = found("payment_overdue", obligation_id=late.id)
    assert (overdue.state, overdue.days_overdue, overdue.last_checked_on) == ("open", 11, date(2025, 6, 14))
    assert run.mode == "full" and any("earlier date" in note for note in run.notes)
    seen = _findings(session)
    full = engine.run_check(session, as_of=date(2025, 6, 14), full=True)
    assert (full.created, full.updated, full.resolved) == (0, 0, 0)
    assert _findings(session) == seen
    assert engine.run_check(session, as_of=date(2025, 6, 14)).mode == "changes"
