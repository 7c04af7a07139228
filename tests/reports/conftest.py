"""Fixtures for the report tests: the approver story, users linked to officials, job running."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest

from contracts.access import services as access
from contracts.audit import trail
from contracts.core import clock, jobs
from contracts.core.db import db


@contextmanager
def acting_as(user: Any) -> Iterator[None]:
    """Audit events written in the block name ``user`` as their author, as a signed-in request would."""
    token = trail.set_actor(trail.Actor(user.id, user.username))
    try:
        yield
    finally:
        trail.reset_actor(token)


def user_for_official(session: Any, official: Any, role: str = "agency_staff") -> tuple[Any, str]:
    """A user account linked to ``official`` (so their audited actions are the official's), with a token."""
    u = access.create_user(session, username=f"u-{official.id}-{official.name}", role=role,
                           agency_id=official.agency_id, official_id=official.id, display_name=official.name)
    token = access.issue_token(session, u, "test")
    db.commit()
    return u, token


def run_queued_jobs() -> None:
    """With Redis, run the queued jobs in this process (as `monitor worker --burst` would)."""
    if jobs.is_async():
        from rq import SimpleWorker

        worker = SimpleWorker([jobs.queue(q) for q in jobs.QUEUE_NAMES], connection=jobs.connection())
        worker.work(burst=True)


@dataclass
class ApproverStory:
    """A works contract whose payment approver changed twice; the final payment breached after the second change.

    王一 approves from signing (2024-03-15) and sees the advance paid on time; hands over to 李二 on
    2024-06-01; 李二 pays the progress payment 20 days late and hands over to 赵三 on 2024-09-01;
    the works are accepted on 2024-09-20 and the final payment, due 15 days later, moved past the National Day holiday to 2024-10-08, is
    still unpaid on 2024-12-02. 周四 leads the project throughout.
    """

    agency: Any
    contract: Any
    wang: Any
    li: Any
    zhao: Any
    zhou: Any
    advance: Any
    progress: Any
    final: Any
    li_user: Any
    li_token: str


@pytest.fixture
def story(make, session) -> ApproverStory:  # type: ignore[no-untyped-def]
    clock.set_today(date(2024, 12, 2))
    agency = make.agency("某县住房和城乡建设局", region_code="330102")
    wang = make.official(agency, "王一", "财务科科长")
    li = make.official(agency, "李二", "财务科副科长")
    zhao = make.official(agency, "赵三", "财务科科长")
    zhou = make.official(agency, "周四", "项目办主任")
    contract = make.contract(agency, make.enterprise("某某建设工程有限公司"), kind="bidding", amount="1000000.00",
                             signed_on=date(2024, 3, 15), title="城南小学改造工程施工合同", role="winning_bidder")
    make.responsible(contract, wang, "payment_approver")
    make.responsible(contract, zhou, "project_lead")
    advance = make.obligation(contract, due={"date": "2024-04-15"}, amount="300000.00", description="预付款")
    progress = make.obligation(contract, due={"date": "2024-07-31"}, amount="300000.00", description="进度款")
    final = make.obligation(contract, due={"event": "acceptance", "offset": 15, "unit": "day"}, amount="400000.00",
                            description="竣工验收款")
    make.payment(advance, "300000.00", date(2024, 4, 10))
    make.handover(contract, li, date(2024, 6, 1), reason="王一调任县财政局")
    li_user, li_token = user_for_official(session, li)
    with acting_as(li_user):
        make.payment(progress, "100000.00", date(2024, 7, 20))
        make.payment(progress, "200000.00", date(2024, 8, 20))
    make.handover(contract, zhao, date(2024, 9, 1), reason="李二退休")
    make.event(contract, "acceptance", date(2024, 9, 20))
    session.refresh(final)
    assert final.due_date == date(2024, 10, 8)
    return ApproverStory(agency, contract, wang, li, zhao, zhou, advance, progress, final, li_user, li_token)


@dataclass
class ThreeAgencies:
    """Government payments of three agencies falling due in the first half of 2025, judged on 2025-07-01.

    教育局 (330102) paid one of three on time: 预付款 200,000 on time; 进度款 300,000 ten days late;
    尾款 100,000 due 2025-05-31 still half unpaid (40,000 on 06-10, 10,000 on 06-25).
    卫健委 (330102) paid both of its payments on time (and owes 100,000 from 2024, outside the period).
    交通局 (330106) has not paid 400,000 due 2025-06-30; another 400,000 falls due on the day of judging.
    Excluded throughout: a payment due in August, one owed by the counterparty, a land handover, a
    cancelled payment (cancelled on 2025-02-15).
    """

    education: Any
    health: Any
    transport: Any
    c_education: Any
    c_health: Any
    c_transport: Any
    a3: Any


@pytest.fixture
def three_agencies(make, session, on_day) -> ThreeAgencies:  # type: ignore[no-untyped-def]
    from contracts.obligations import services as obligations

    clock.set_today(date(2025, 7, 1))
    education = make.agency("某县教育局", region_code="330102")
    health = make.agency("某县卫生健康委员会", region_code="330102")
    transport = make.agency("某区交通运输局", region_code="330106")
    firm = make.enterprise("某某科技有限公司")

    ce = make.contract(education, firm, amount="1000000.00", signed_on=date(2024, 12, 1), title="智慧校园采购合同")
    a1 = make.obligation(ce, due={"date": "2025-01-20"}, amount="200000.00", description="预付款")
    a2 = make.obligation(ce, due={"date": "2025-03-10"}, amount="300000.00", description="进度款")
    a3 = make.obligation(ce, due={"date": "2025-05-31"}, amount="100000.00", description="尾款")
    make.obligation(ce, due={"date": "2025-08-15"}, amount="50000.00", description="质保金")
    make.obligation(ce, due={"date": "2025-02-01"}, amount="10000.00", debtor="counterparty", description="违约金")
    make.obligation(ce, due={"date": "2025-02-01"}, kind="land", description="提供场地")
    make.payment(a1, "200000.00", date(2025, 1, 15))
    make.payment(a2, "300000.00", date(2025, 3, 20))
    make.payment(a3, "40000.00", date(2025, 6, 10))
    make.payment(a3, "10000.00", date(2025, 6, 25))

    ch = make.contract(health, firm, amount="600000.00", signed_on=date(2024, 11, 1), title="医疗设备采购合同")
    make.obligation(ch, due={"date": "2024-12-31"}, amount="100000.00", description="上年度欠款")
    b1 = make.obligation(ch, due={"date": "2025-02-28"}, amount="250000.00", description="首付款")
    b2 = make.obligation(ch, due={"date": "2025-04-30"}, amount="250000.00", description="验收款")
    make.payment(b1, "250000.00", date(2025, 2, 27))
    make.payment(b2, "250000.00", date(2025, 4, 30))

    ct = make.contract(transport, firm, amount="800000.00", signed_on=date(2025, 1, 5), title="道路养护服务合同")
    c0 = make.obligation(ct, due={"date": "2025-03-01"}, amount="100000.00", description="已取消的付款")
    on_day(date(2025, 2, 15))  # cancelled before its due date (audited that day), so never counted
    obligations.update_obligation(session, c0, {"status": "cancelled"})
    db.commit()
    on_day(date(2025, 7, 1))
    make.obligation(ct, due={"date": "2025-06-30"}, amount="400000.00", description="上半年服务费")
    make.obligation(ct, due={"date": "2025-07-01"}, amount="400000.00", description="下半年首期")
    return ThreeAgencies(education, health, transport, ce, ch, ct, a3)


@dataclass
class Registers:
    """Records and complaints of the three agencies in 2025 H1 (and some outside what is counted)."""

    record: Any
    upheld_complaint: Any
    rejected_complaint: Any


def _on(day: date) -> None:
    clock.set_today(day)


@pytest.fixture
def registers(three_agencies: ThreeAgencies, make, session) -> Registers:  # type: ignore[no-untyped-def]
    """教育局: a record decided 04-20 and a complaint found true, handled in 30 days (03-03 → 04-02).
    交通局: a complaint rejected after 10 days (05-06 → 05-16) and a proposed record dismissed.
    卫健委: a record proposed but not yet decided, and a complaint filed in 2024: neither counts."""
    from monitor.complaints import services as complaints
    from monitor.records import services as records

    t = three_agencies
    officer, _ = make.user("credit_officer")
    firm_user, _ = make.user("enterprise", enterprise=t.c_education.parties[0].enterprise)

    def file(on: date, contract: Any, title: str) -> Any:
        _on(on)
        c = complaints.file_complaint(session, firm_user, category="unpaid_goods", title=title,
                                      description=f"{title}，请督促付款。", contract_id=contract.id)
        db.commit()
        return c

    def step(on: date, c: Any, name: str, **kw: Any) -> None:
        _on(on)
        complaints.take_step(session, c, officer, name, **kw)
        db.commit()

    upheld = file(date(2025, 3, 3), t.c_education, "教育局拖欠进度款")
    step(date(2025, 3, 5), upheld, "accept")
    step(date(2025, 3, 10), upheld, "review")
    step(date(2025, 3, 17), upheld, "determine", substantiated=True)
    step(date(2025, 3, 20), upheld, "supervise")
    step(date(2025, 4, 2), upheld, "resolve", note="已督促付清进度款")
    rejected = file(date(2025, 5, 6), t.c_transport, "交通局未付服务费")
    step(date(2025, 5, 16), rejected, "reject", note="服务费尚未到期")
    file(date(2024, 12, 20), t.c_health, "卫健委上年度欠款")

    _on(date(2025, 4, 10))
    rec = records.propose(session, agency_id=t.education.id, contract_id=t.c_education.id, category="arrears",
                          facts="逾期支付进度款", legal_basis="《保障中小企业款项支付条例》第八条", user_id=officer.id)
    db.commit()
    _on(date(2025, 4, 20))
    records.publish(session, rec, user_id=officer.id)
    db.commit()
    _on(date(2025, 6, 1))
    dropped = records.propose(session, agency_id=t.transport.id, contract_id=t.c_transport.id, category="arrears",
                              facts="服务费逾期", legal_basis="合同第五条", user_id=officer.id)
    db.commit()
    records.dismiss(session, dropped, reason="尚未到期", user_id=officer.id)
    records.propose(session, agency_id=t.health.id, contract_id=t.c_health.id, category="arrears",
                    facts="上年度欠款未付", legal_basis="合同第六条", user_id=officer.id)
    db.commit()
    _on(date(2025, 7, 1))
    return Registers(rec, upheld, rejected)
