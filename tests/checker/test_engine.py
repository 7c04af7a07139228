"""The run itself: idempotent, never half-written, one at a time, and honest about what it cannot judge."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from contracts.audit.models import AuditEvent
from contracts.calendar.service import load_year
from contracts.core import clock
from contracts.core.errors import DomainError
from contracts.obligations import services as obligations
from contracts.registry.changes import ANY_TABLE, ContractChange
from contracts.responsibility import services as responsibility
from monitor.checker import engine, params, services
from monitor.checker.models import CheckCandidate, CheckRun, FindingState
from monitor.checker.rules import BY_ID, CHECKS

LATER = date(2026, 6, 30)


@pytest.fixture(autouse=True)
def _facts_can_be_recorded() -> None:
    clock.set_today(LATER)


def _overdue(make, due: str = "2025-06-30", amount: str = "1000.00"):  # type: ignore[no-untyped-def]
    contract = make.contract(signed_on=date(2025, 1, 2), published_on=date(2025, 1, 2), filed_on=date(2025, 1, 2))
    return contract, make.obligation(contract, due={"date": due}, amount=amount)


def test_re_running_never_duplicates_and_records_what_each_run_did(make, session, check, found):
    _overdue(make)
    first = check(date(2025, 7, 10))
    second = check(date(2025, 7, 10))
    third = check(date(2025, 7, 11))
    assert len(found()) == 1
    assert (first.created, second.created, third.created) == (1, 0, 0)
    # the breach grows by a day without being rewritten: its figures are read as of the latest run
    assert (second.updated, third.updated) == (0, 0)
    assert (found()[0].days_overdue, found()[0].last_checked_on) == (11, date(2025, 7, 11))
    assert (first.mode, second.mode, third.mode) == ("full", "changes", "changes")
    assert third.status == "done" and third.rules_done == third.rules_total == len(CHECKS)
    assert third.seconds is not None and third.seconds >= 0 and third.obligations_checked == 1
    assert session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.entity == "check_run", AuditEvent.action == "finish")) == 3


def test_a_dismissed_finding_stays_dismissed_and_a_decided_resolution_stays(make, session, check, found):
    _, ob = _overdue(make)
    _, other = _overdue(make)
    check(date(2025, 7, 10))
    officer, _ = make.user("credit_officer")
    by_ob = {f.obligation_id: f for f in found()}
    services.act(session, officer, by_ob[ob.id], "dismiss", reason="合同已依法解除，不构成违约")
    services.act(session, officer, by_ob[other.id], "resolve", reason="已线下支付，凭证待补录")
    session.commit()
    check(date(2025, 7, 20))
    by_ob = {f.obligation_id: f for f in found()}
    assert by_ob[ob.id].state == FindingState.dismissed and by_ob[ob.id].days_overdue == 10
    assert by_ob[other.id].state == FindingState.resolved and by_ob[other.id].days_overdue == 10


def test_a_cured_finding_reopens_when_the_obligation_is_owed_again(make, session, check, found):
    _, ob = _overdue(make)
    check(date(2025, 7, 10))
    obligations.update_obligation(session, ob, {"status": "cancelled"})
    session.commit()
    check(date(2025, 7, 11))
    assert found()[0].state == FindingState.resolved
    obligations.update_obligation(session, ob, {"status": "open"})
    session.commit()
    check(date(2025, 7, 12))
    [f] = found()
    assert (f.state, f.cured_on, f.resolution_reason, f.days_overdue) == (FindingState.open, None, None, 12)


def test_a_finding_reopened_by_hand_is_judged_by_the_facts_at_the_next_daily_run(make, session, check, found):
    """Reopening hands a finding back to the checker: the next run, daily as much as full, judges
    it by the registry (still owed: open; paid: resolved again, until the payment is corrected)."""
    _, paid = _overdue(make)
    _, owed = _overdue(make)
    check(date(2025, 7, 10))
    clock.set_today(LATER)
    make.payment(paid, "1000.00", date(2025, 7, 12))
    officer, _ = make.user("credit_officer")
    services.act(session, officer, {f.obligation_id: f for f in found()}[owed.id], "dismiss", reason="合同已依法解除")
    session.commit()
    check(date(2025, 7, 13))
    by_ob = {f.obligation_id: f for f in found()}
    assert (by_ob[paid.id].state, by_ob[owed.id].state) == (FindingState.resolved, FindingState.dismissed)
    services.act(session, officer, by_ob[paid.id], "reopen", reason="付款凭证存疑，重新审查")
    services.act(session, officer, by_ob[owed.id], "reopen", reason="解除通知未送达，重新审查")
    session.commit()
    daily = check(date(2025, 7, 14))
    by_ob = {f.obligation_id: f for f in found()}
    assert (by_ob[paid.id].state, by_ob[paid.id].cured_on) == (FindingState.resolved, date(2025, 7, 12))
    assert (by_ob[owed.id].state, by_ob[owed.id].days_overdue) == (FindingState.open, 14)
    assert daily.mode == "changes"
    full = engine.run_check(session, as_of=date(2025, 7, 14), full=True)
    assert (full.created, full.updated, full.resolved) == (0, 0, 0)


def test_an_escalated_finding_keeps_its_state_when_paid_and_gets_the_cure_date(make, session, check, found):
    _, ob = _overdue(make)
    check(date(2025, 7, 10))
    staff, _ = make.user("finance_staff")
    services.act(session, staff, found()[0], "escalate", reason="逾期未整改")
    session.commit()
    clock.set_today(LATER)
    make.payment(ob, "1000.00", date(2025, 7, 15))
    check(date(2025, 7, 16))
    [f] = found()
    assert (f.state, f.cured_on) == (FindingState.escalated, date(2025, 7, 15))


def test_a_warning_paid_in_time_resolves_with_no_days_overdue(make, check, found):
    _, ob = _overdue(make, due="2025-07-10")
    check(date(2025, 7, 5))
    clock.set_today(LATER)
    make.payment(ob, "1000.00", date(2025, 7, 8))
    check(date(2025, 7, 9))
    [f] = found()
    assert (f.state, f.cured_on, f.days_overdue) == (FindingState.resolved, date(2025, 7, 8), 0)


def test_a_moved_deadline_resolves_the_old_finding_and_opens_one_for_the_new_date(make, session, check, found):
    contract = make.contract(signed_on=date(2025, 1, 2), published_on=date(2025, 1, 2), filed_on=date(2025, 1, 2))
    make.obligation(contract, due={"event": "acceptance", "offset": 10, "unit": "day"}, amount="1000.00")
    ev = make.event(contract, "acceptance", date(2025, 6, 2))
    check(date(2025, 6, 20))
    obligations.correct_event(session, ev, date(2025, 6, 5), reason="验收报告日期登记有误")
    session.commit()
    check(date(2025, 6, 21))
    old, new = found()
    assert old.state == FindingState.resolved and "变化" in old.resolution_reason
    assert (new.state, new.due_date) == (FindingState.open, date(2025, 6, 16))


def test_a_crash_in_the_middle_writes_no_half_judged_findings_and_the_re_run_is_full_and_finishes(
        make, session, check, found, monkeypatch):
    _contract, _ = _overdue(make)
    check(date(2025, 6, 1))  # nothing due yet: the run before the crash
    make.contract(signed_on=date(2025, 3, 3), award_notice_on=date(2025, 1, 2), published_on=date(2025, 3, 3),
                  filed_on=date(2025, 3, 3))  # signed late
    position = [r.id for r in CHECKS].index("award_to_signing_30d")
    assert position > [r.id for r in CHECKS].index("payment_overdue")
    assert found() == []

    def boom(ctx):  # type: ignore[no-untyped-def]
        raise RuntimeError("database went away")

    broken = tuple(dataclasses.replace(r, query=boom) if r.id == "award_to_signing_30d" else r for r in CHECKS)
    monkeypatch.setattr(engine, "CHECKS", broken)
    clock.set_today(date(2025, 7, 10))
    with pytest.raises(RuntimeError):
        engine.run_check(session, as_of=date(2025, 7, 10), full=True)
    failed = session.scalar(select(CheckRun).order_by(CheckRun.id.desc()))
    assert failed.status == "failed" and "database went away" in failed.error
    # (on PostgreSQL the rules run side by side, so others may finish before the broken one fails)
    assert 1 <= failed.rules_done < len(CHECKS), "progress counts the rules whose candidates were committed"
    assert found() == [], "findings are judged only once every rule's candidates are in"
    monkeypatch.setattr(engine, "CHECKS", CHECKS)
    run = check(date(2025, 7, 10))
    assert (run.status, run.mode) == ("done", "full")
    assert any("did not finish" in note for note in run.notes)
    assert sorted(f.rule_id for f in found()) == ["award_to_signing_30d", "payment_overdue"]
    assert check(date(2025, 7, 10)).mode == "changes"


def test_a_run_that_fails_between_rules_ends_its_side_by_side_refreshes_before_letting_go(make, session,
                                                                                           monkeypatch):
    """A full run on PostgreSQL refreshes the rules on connections of their own (here on either
    backend); when the run fails in between (a lost commit, a failing progress report), those end
    before the run's lock is released, so the next run cannot overlap them."""
    import threading

    monkeypatch.setattr(engine, "_connections", lambda session, plan: 2)
    _overdue(make)

    def progress(done: int, total: int) -> None:
        raise RuntimeError("the job's connection to Redis went away")

    clock.set_today(date(2025, 7, 10))
    with pytest.raises(RuntimeError) as failure:
        engine.run_check(session, as_of=date(2025, 7, 10), full=True, progress=progress)
    assert "Redis" in str(failure.value)  # the failure (and its traceback) is still held here
    assert [t.name for t in threading.enumerate() if t.name.startswith("checker-rule")] == []


def test_only_one_run_at_a_time(make, session, check):
    _overdue(make)
    with engine.exclusive(session), pytest.raises(engine.RunInProgress):
        check(date(2025, 7, 10))
    refused = session.scalar(select(CheckRun).order_by(CheckRun.id.desc()))
    assert refused.status == "failed" and "another check run" in refused.error
    assert check(date(2025, 7, 10)).status == "done"


def test_a_run_left_running_by_a_dead_process_is_marked_interrupted(make, session, check):
    ghost = engine.queue_run(session, as_of=date(2025, 7, 1))
    ghost.status = "running"
    session.commit()
    check(date(2025, 7, 10))
    session.refresh(ghost)
    assert ghost.status == "failed" and "interrupted" in ghost.error


def test_a_run_as_of_a_future_date_is_refused(session):
    clock.set_today(date(2025, 7, 1))
    with pytest.raises(DomainError):
        engine.run_check(session, as_of=date(2025, 7, 2))


# ---- the calendar -------------------------------------------------------------------------------
def test_deadlines_in_an_unpublished_year_are_not_judged_and_the_run_says_so(make, session, check, found):
    clock.set_today(date(2026, 12, 31))
    contract = make.contract(signed_on=date(2026, 12, 30), published_on=None, filed_on=date(2026, 12, 30))
    ob = make.obligation(contract, due={"event": "acceptance", "offset": 10, "unit": "working_day"}, amount="1.00")
    make.event(contract, "acceptance", date(2026, 12, 30))
    assert ob.due_date is None
    run = check(date(2026, 12, 31))
    assert found("gp_contract_publish_2wd") == [], "2 working days after 12-30 fall in 2027"
    assert any("2027" in note for note in run.notes)
    assert any("1项义务" in note for note in run.notes)
    holidays = ["2027-01-01", "2027-01-02", "2027-01-03"]
    load_year(session, 2027, holidays, [], "国办发明电〔2026〕测试号")
    obligations.derive_due_dates(session, contract)
    session.commit()
    run = check(date(2026, 12, 31))
    [f] = found("gp_contract_publish_2wd")
    assert (f.state, f.due_date) == (FindingState.warning, date(2027, 1, 4))  # 12-31 (1), 01-04 (2)
    assert not any("1项义务" in note for note in run.notes)


# ---- parameters ---------------------------------------------------------------------------------
def test_an_administrator_widens_the_warning_window_and_switches_a_rule_off(make, session, check, found):
    _overdue(make, due="2025-07-31")
    check(date(2025, 7, 17))
    assert found() == []
    params.set_parameters(session, "payment_overdue", {"warning_days": [14, 7]}, reason="提前两周预警")
    session.commit()
    check(date(2025, 7, 17))
    [f] = found()
    assert (f.state, f.warn_level) == (FindingState.warning, 14)
    params.set_parameters(session, "payment_overdue", {"enabled": False}, reason="试运行期间停用")
    session.commit()
    run = check(date(2025, 8, 5))
    assert run.per_rule["payment_overdue"]["enabled"] is False
    assert found()[0].state == FindingState.warning, "a switched-off rule leaves its findings as they were"


def test_parameters_are_validated_and_configurable_per_deployment(app, session, monkeypatch):
    with pytest.raises(DomainError) as bad:
        params.set_parameters(session, "payment_overdue", {"warning_days": [-1]}, reason="x")
    assert "warning_days" in bad.value.errors
    with pytest.raises(DomainError):
        params.set_parameters(session, "payment_overdue", {"nonsense": 1}, reason="x")
    with pytest.raises(DomainError):
        params.set_parameters(session, "payment_overdue", {"enabled": False}, reason=" ")
    monkeypatch.setitem(app.config, "CHECKER_PARAMS", {"late_payment_interest": {"default_daily_rate": "0.0003"}})
    setting = params.effective(session)["late_payment_interest"]["default_daily_rate"]
    assert (str(setting.value), setting.source) == ("0.0003", "config")
    monkeypatch.setitem(app.config, "CHECKER_PARAMS", '{"no_such_rule": {}}')
    with pytest.raises(DomainError):
        params.effective(session)


# ---- responsibility snapshots --------------------------------------------------------------------
def test_officials_assigned_after_the_finding_are_filled_in_and_obligation_holders_come_first(
        make, session, check, found):
    contract, ob = _overdue(make)
    check(date(2025, 7, 10))
    assert found()[0].responsible_on_due_date == []
    agency = session.get(type(contract).agency.property.mapper.class_, contract.agency_id)
    lead, approver, special = (make.official(agency, n) for n in ("赵项目", "钱审批", "孙专管"))
    make.responsible(contract, lead, "project_lead", start=date(2025, 1, 2))
    make.responsible(contract, approver, "payment_approver", start=date(2025, 1, 2))
    responsibility.assign(session, contract, official_id=special.id, role="payment_approver",
                          start=date(2025, 6, 1), obligation_id=ob.id)
    session.commit()
    check(date(2025, 7, 11))
    [f] = found()
    assert [(p["role"], p["name"]) for p in f.responsible_on_due_date] == [
        ("payment_approver", "孙专管"), ("project_lead", "赵项目")]  # by role

    # a finding created once the history is there is named as it is created, by the same rule
    later = make.obligation(contract, due={"date": "2025-07-01"}, amount="500.00")
    check(date(2025, 7, 12))
    [g] = [x for x in found() if x.obligation_id == later.id]
    assert [(p["role"], p["name"]) for p in g.responsible_on_due_date] == [
        ("payment_approver", "钱审批"), ("project_lead", "赵项目")]
    assert not g.needs_officials and not f.needs_officials


def test_a_breach_that_stops_growing_keeps_the_days_and_interest_it_showed(make, session, check, found):
    _overdue(make, amount="100000.00")
    _, other = _overdue(make, amount="100000.00")
    check(date(2025, 7, 10))
    check(date(2025, 7, 20))
    assert [(f.days_overdue, f.interest) for f in found()] == [(20, Decimal("1000.00"))] * 2
    officer, _ = make.user("credit_officer")
    services.act(session, officer, found()[0], "dismiss", reason="合同已依法解除，不构成违约")
    session.commit()
    clock.set_today(LATER)
    obligations.update_obligation(session, other, {"status": "cancelled"})
    session.commit()
    check(date(2025, 7, 30))
    dismissed, cancelled = found()
    assert (dismissed.state, dismissed.days_overdue, dismissed.interest) == ("dismissed", 20, Decimal("1000.00"))
    assert (cancelled.state, cancelled.days_overdue, cancelled.interest) == ("resolved", 30, Decimal("1500.00"))
    check(date(2025, 8, 9))
    assert [(f.days_overdue, f.last_checked_on) for f in found()] == [(20, date(2025, 7, 20)), (30, date(2025, 7, 30))]


def test_preparing_the_daily_statements_before_a_worker_starts_judges_and_writes_nothing(make, session, check, found):
    _, paid = _overdue(make, due="2025-07-01")
    _, coming = _overdue(make, due="2025-07-12")
    check(date(2025, 7, 10))
    clock.set_today(date(2025, 7, 11))
    make.payment(paid, "1000.00", date(2025, 7, 11))  # a change the next run has to judge
    before = ([(f.fingerprint, f.state, f.last_checked_on) for f in found()],
              session.scalar(select(func.count()).select_from(CheckCandidate)),
              session.scalar(select(func.count()).select_from(ContractChange)),
              session.scalar(select(func.count()).select_from(CheckRun)))
    clock.set_today(date(2025, 7, 13))  # the deadline of ``coming`` passed since the last run
    engine.prepare(session)
    after = ([(f.fingerprint, f.state, f.last_checked_on) for f in found()],
             session.scalar(select(func.count()).select_from(CheckCandidate)),
             session.scalar(select(func.count()).select_from(ContractChange)),
             session.scalar(select(func.count()).select_from(CheckRun)))
    assert after == before and before[2] >= 1
    run = check(date(2025, 7, 13))
    assert (run.mode, run.created, run.resolved) == ("changes", 0, 1)
    by_ob = {f.obligation_id: f for f in found("payment_overdue")}
    assert (by_ob[paid.id].state, by_ob[coming.id].state) == (FindingState.resolved, FindingState.open)


def test_the_obligations_are_counted_beside_the_rules_and_again_in_the_run_if_that_fails(
        make, session, check, monkeypatch):
    _overdue(make)
    _overdue(make)
    assert check(date(2025, 7, 10)).obligations_checked == 2
    if session.get_bind().dialect.name != "postgresql":
        return  # SQLite counts in the run's own transaction only

    def lost(bind, count):  # type: ignore[no-untyped-def]
        raise OperationalError("SELECT count(*)", {}, Exception("connection refused"))

    monkeypatch.setattr(engine, "_count_on_its_own", lost)
    run = check(date(2025, 7, 11))
    assert (run.status, run.obligations_checked) == ("done", 2)


def test_a_full_run_side_by_side_finds_what_one_rule_after_another_finds(make, session, check, found, app,
                                                                          monkeypatch):
    _overdue(make)
    _overdue(make, due="2025-07-12")
    make.contract(signed_on=date(2025, 3, 3), award_notice_on=date(2025, 1, 2), published_on=date(2025, 3, 3),
                  filed_on=date(2025, 3, 3))  # signed late
    clock.set_today(date(2025, 7, 10))
    monkeypatch.setitem(app.config, "CHECKER_CONNECTIONS", 1)
    one_by_one = engine.run_check(session, as_of=date(2025, 7, 10), full=True)
    seen = [(f.fingerprint, f.state, f.days_overdue) for f in found()]
    monkeypatch.setitem(app.config, "CHECKER_CONNECTIONS", 4)
    side_by_side = engine.run_check(session, as_of=date(2025, 7, 10), full=True)
    assert len(seen) == 3 and [(f.fingerprint, f.state, f.days_overdue) for f in found()] == seen
    assert (side_by_side.status, side_by_side.created, side_by_side.updated, side_by_side.resolved) == ("done", 0, 0, 0)
    assert sorted(side_by_side.per_rule) == sorted(one_by_one.per_rule) == sorted(r.id for r in CHECKS)
    assert side_by_side.rules_done == len(CHECKS)


def test_a_payment_re_runs_for_its_contract_only_the_rules_that_read_obligations(session):
    """A daily run gives a rule only the changed contracts where a table its SQL reads changed: a
    payment (an obligation's paid total) leaves the contract's publication deadline alone, an
    SME flag re-runs the SME rules, and a mark that does not name its table re-runs everything."""
    settings = params.values(params.effective(session))
    dialect = session.get_bind().dialect.name

    def rule(rule_id: str):  # type: ignore[no-untyped-def]
        return BY_ID[rule_id], engine._refresh_statement(dialect, BY_ID[rule_id], settings, scoped=True).reads

    publish, overdue, sme = rule("gp_contract_publish_2wd"), rule("payment_overdue"), rule("sme_payment_deadline")
    assert "obligations" not in publish[1] and {"obligations", "enterprises"} <= overdue[1] <= sme[1]
    plan = engine.Plan(full=False, scope=(1, 2, 3, 4), kinds={1: "procurement", 2: "procurement", 3: "procurement"},
                       tables={1: {"obligations"}, 2: {"contracts"}, 3: {"enterprises"}, 4: {ANY_TABLE}})
    assert plan.scope_for(*publish) == (2, 4), "4: kind and tables unknown"
    assert plan.scope_for(*overdue) == (1, 2, 3, 4)
    assert engine.Plan(full=False, scope=(1,), tables={1: {"responsibilities"}}).scope_for(*sme) == ()
