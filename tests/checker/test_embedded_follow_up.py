"""In the embedded default the daily check is followed by what the cron would run next:
a finding left uncured past its 限期整改 deadline becomes a proposed record, and alerts go out."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from contracts.core import clock
from contracts.core.db import db
from monitor.checker import engine, services
from monitor.checker.models import Finding
from monitor.checker.startup import follow_up
from monitor.records.models import DishonestyRecord


def test_an_uncured_finding_past_its_rectification_deadline_is_proposed_for_the_record(session, make):
    agency = make.agency("某县住建局")
    approver = make.official(agency, "李明", "财务科长")
    contract = make.contract(agency, make.enterprise("小微建材有限公司", is_sme=True), amount="100000.00",
                             signed_on=date(2025, 6, 2))
    make.responsible(contract, approver)
    ob = make.obligation(contract, amount="100000.00", due={"event": "acceptance", "offset": 10, "unit": "day"},
                         description="验收款")
    clock.set_today(date(2025, 8, 1))
    make.event(contract, "acceptance", date(2025, 6, 20))
    engine.run_check(session, as_of=date(2025, 8, 1))
    finding = session.scalars(select(Finding).where(Finding.obligation_id == ob.id)).first()
    assert finding is not None and finding.state == "open"
    clerk, _ = make.user("finance_staff")
    services.act(session, clerk, finding, "rectify", deadline=date(2025, 8, 15))
    db.commit()

    clock.set_today(date(2025, 8, 14))
    assert follow_up(session)["proposed"] == 0, "the deadline has not passed yet"

    clock.set_today(date(2025, 8, 18))
    assert follow_up(session)["proposed"] == 1
    record = session.scalars(select(DishonestyRecord)).one()
    assert record.status == "proposed" and record.agency_id == agency.id
    assert follow_up(session)["proposed"] == 0, "running it again proposes nothing new"
