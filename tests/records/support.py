"""Shared pieces of the record, complaint and alert stories.

``checker_finding`` inserts a Finding exactly as the checker engine does (state open or warning,
fingerprint ``rule|o<obligation>|due``, the responsibility snapshot on the due date, outstanding and
an interest estimate at 万分之五 a day), and ``start_rectification`` sets a 限期整改 deadline as the
finding state actions do — both with their audit events. The story test runs the real checker and
its actions API; the other tests set findings up this way to get exact states (a warning 6 days out,
two rules on one payment) without depending on the rule catalogue's parameters.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from contracts.audit import trail
from contracts.core import clock, jobs
from contracts.core.db import db
from contracts.core.types import money
from contracts.obligations.models import Obligation
from contracts.organisations import services as orgs
from contracts.responsibility import services as responsibility
from monitor.checker.models import Finding, FindingState
from tests.support.builders import Builders

SME_CITATION = "《保障中小企业款项支付条例》（2025年修订（国务院令第802号））第九条第一款"
DAILY_RATE = Decimal("0.0005")


def run_jobs() -> None:
    """With Redis, run the queued jobs here as `monitor worker --burst` would (in-process otherwise)."""
    if jobs.is_async():
        from rq import SimpleWorker

        worker = SimpleWorker([jobs.queue(q) for q in jobs.QUEUE_NAMES], connection=jobs.connection())
        worker.work(burst=True, with_scheduler=False)


def checker_finding(session: Any, ob: Obligation, *, as_of: date, rule_id: str = "sme_payment_deadline",
                    severity: str = "general", citation: str = SME_CITATION, summary: str | None = None) -> Finding:
    """The finding the checker's run would create for ``ob`` as of ``as_of``."""
    assert ob.due_date is not None
    overdue = (as_of - ob.due_date).days
    contract = ob.contract
    holders = responsibility.on_date(session, contract.id, ob.due_date, obligation_id=ob.id)
    outstanding = ob.outstanding
    f = Finding(
        fingerprint=f"{rule_id}|o{ob.id}|{ob.due_date.isoformat()}", rule_id=rule_id, severity=severity,
        contract_id=contract.id, obligation_id=ob.id, agency_id=contract.agency_id,
        state=FindingState.open if overdue > 0 else FindingState.warning, due_date=ob.due_date,
        recorded_days_overdue=max(overdue, 0), outstanding=outstanding,
        recorded_interest=money(outstanding * DAILY_RATE * max(overdue, 0)) if outstanding is not None else None,
        interest_rate=DAILY_RATE, summary=summary or (f"{ob.description or '付款'} {outstanding:.2f} 元逾期未付" if outstanding is not None
                            else f"{ob.description}逾期未履行"),
        citation=citation,
        responsible_on_due_date=[{"role": r.role, "official_id": r.official_id, "name": r.official.name,
                                  "post": r.official.post, "agency_id": r.official.agency_id, "stage": r.stage}
                                 for r in holders],
        first_found_on=as_of, recorded_checked_on=as_of)
    session.add(f)
    session.flush()
    trail.record(session, "create", "finding", f.id, after=trail.snapshot(f), contract_id=contract.id)
    db.commit()
    return f


def recheck(session: Any, f: Finding, as_of: date) -> Finding:
    """What a later daily run does to an uncured finding: days overdue and interest grow."""
    before = trail.snapshot(f)
    f.recorded_days_overdue = (as_of - f.due_date).days
    f.recorded_interest = money(f.outstanding * DAILY_RATE * f.recorded_days_overdue)
    f.recorded_checked_on = as_of
    session.flush()
    session.refresh(f)  # the figures read back as the checker would show them
    trail.record(session, "update", "finding", f.id, before=before, after=trail.snapshot(f), contract_id=f.contract_id)
    db.commit()
    return f


def start_rectification(session: Any, f: Finding, deadline: date, explanation: str | None = None) -> Finding:
    """限期整改: the agency is notified and given a deadline (as the finding actions do)."""
    before = trail.snapshot(f)
    f.state, f.rectify_deadline, f.explanation = FindingState.rectifying, deadline, explanation
    f.state_changed_at = clock.now()
    session.flush()
    trail.record(session, "rectify", "finding", f.id, before=before, after=trail.snapshot(f),
                 contract_id=f.contract_id)
    db.commit()
    return f


@dataclass
class World:
    """A county housing bureau that owes an SME 300,000 yuan; its payment approver moves post."""

    parent: Any
    agency: Any
    other_agency: Any
    enterprise: Any
    former: Any  # 李明, payment approver on the due date, later moved post
    current: Any  # 王芳, payment approver now
    contract: Any
    ob: Any


def county(make: Builders, session: Any, *, accepted_on: date = date(2025, 3, 3)) -> World:
    """Signed 2025-01-10, accepted 2025-03-03, 300,000 due 30 days after acceptance (2025-04-02)."""
    clock.set_today(date(2025, 3, 3))
    parent = make.agency("某县人民政府", level="county")
    agency = make.agency("某县住房和城乡建设局", parent_id=parent.id)
    other_agency = make.agency("某县交通运输局")
    enterprise = make.enterprise("某某建材有限公司", is_sme=True, email="finance@jiancai.example.cn")
    former = orgs.create_official(session, name="李明", agency_id=agency.id, post="计财科科长",
                                  email="liming@zjj.example.gov.cn")
    current = orgs.create_official(session, name="王芳", agency_id=agency.id, post="计财科科长",
                                   email="wangfang@zjj.example.gov.cn")
    db.commit()
    contract = make.contract(agency, enterprise, code="ZJ-2025-001", title="保障性住房建材采购合同",
                             amount="1000000.00", signed_on=date(2025, 1, 10))
    make.responsible(contract, former, "payment_approver", start=date(2025, 1, 10))
    ob = make.obligation(contract, kind="payment", amount="300000.00", description="验收后付款（30%）",
                         due={"event": "acceptance", "offset": 30, "unit": "day"})
    make.event(contract, "acceptance", accepted_on)
    session.refresh(ob)
    return World(parent, agency, other_agency, enterprise, former, current, contract, ob)


def move_post(make: Builders, session: Any, w: World, on: date = date(2025, 5, 6)) -> None:
    """李明 moves to the transport bureau; 王芳 takes over the payment approvals (交接)."""
    clock.set_today(on)
    make.handover(w.contract, w.current, on, reason="李明调任县交通运输局")
    orgs.update(session, w.former, {"agency_id": w.other_agency.id, "post": "办公室主任"})
    db.commit()


def proposed_record(make: Builders, session: Any, w: World, *, severity: str = "general") -> Any:
    """The story up to escalation: found overdue 10 April, 限期整改 until 20 May, proposed on 21 May."""
    from monitor.records import services as records

    clock.set_today(date(2025, 4, 10))
    f = checker_finding(session, w.ob, as_of=date(2025, 4, 10), severity=severity)
    start_rectification(session, f, date(2025, 5, 20))
    clock.set_today(date(2025, 5, 21))
    [rec] = records.escalate_overdue(session, date(2025, 5, 21))
    db.commit()
    return rec


def published_record(make: Builders, session: Any, w: World, *, severity: str = "general",
                     on: date = date(2025, 5, 26)) -> Any:
    """A proposed record decided and published by the credit office on ``on``."""
    from monitor.records import services as records

    rec = proposed_record(make, session, w, severity=severity)
    clock.set_today(on)
    records.publish(session, rec, user_id=None)
    db.commit()
    return rec


def rectified_then_paid(make: Builders, session: Any, on_day: Any) -> tuple[World, Finding]:
    """The county's payment (due 2025-04-02) found overdue by the run of 04-05, ordered rectified by the
    credit office on 04-10, paid on 04-20 and resolved by the checker's run of 04-21."""
    from sqlalchemy import select

    from monitor.checker import engine, services

    w = county(make, session)
    on_day(date(2025, 4, 5))
    engine.run_check(session, as_of=date(2025, 4, 5))
    db.commit()
    finding = session.scalars(select(Finding).where(Finding.obligation_id == w.ob.id)).one()
    on_day(date(2025, 4, 10))
    officer, _ = make.user("credit_officer")
    services.act(session, officer, finding, "rectify", deadline=date(2025, 4, 30))
    db.commit()
    on_day(date(2025, 4, 20))
    make.payment(w.ob, "300000.00", date(2025, 4, 20))
    on_day(date(2025, 4, 21))
    engine.run_check(session, as_of=date(2025, 4, 21))
    db.commit()
    return w, finding
