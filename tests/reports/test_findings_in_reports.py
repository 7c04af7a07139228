"""The checker's findings reach the reports: on the breach they belong to, on the scoreboard, rectification dated."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select

from contracts.core import clock
from contracts.core.db import db
from monitor.checker import engine
from monitor.checker import services as checker
from monitor.checker.models import Finding, FindingState
from monitor.reports import contract_lookback, official_lookback, scoreboard

H1 = {"start": date(2025, 1, 1), "end": date(2025, 6, 30)}
OPEN = (FindingState.open, FindingState.notified, FindingState.rectifying, FindingState.escalated)


def _breach_findings(session, agency_id: int, states=None) -> int:  # type: ignore[no-untyped-def]
    stmt = select(func.count()).select_from(Finding).where(
        Finding.agency_id == agency_id, Finding.state != FindingState.warning,
        func.coalesce(Finding.due_date, Finding.first_found_on).between(H1["start"], H1["end"]))
    if states:
        stmt = stmt.where(Finding.state.in_(states))
    return session.scalar(stmt)


def test_the_scoreboard_counts_the_checkers_breach_findings(session, three_agencies):
    engine.run_check(session, as_of=date(2025, 7, 1))
    db.commit()
    rows = {r["key"]: r for r in scoreboard.build(session, scoreboard.Query.make(**H1))["rows"]}
    for agency in (three_agencies.education, three_agencies.health, three_agencies.transport):
        row = rows[agency.id]
        assert row["findings"] == _breach_findings(session, agency.id)
        assert row["open_findings"] == _breach_findings(session, agency.id, OPEN)
    assert rows[three_agencies.transport.id]["open_findings"] >= 1, "the unpaid 400,000 is a breach"
    assert rows[three_agencies.health.id]["open_findings"] == 0
    listed, total = scoreboard.drilldown(session, scoreboard.Query.make(**H1), "open_findings",
                                         three_agencies.transport.id)
    assert total == 1 and listed[0]["contract_id"] == three_agencies.c_transport.id
    assert listed[0]["count"] == rows[three_agencies.transport.id]["open_findings"]


def test_a_finding_sits_on_its_breach_and_its_rectification_and_resolution_are_dated(session, make, story):
    engine.run_check(session, as_of=date(2024, 12, 2))
    db.commit()
    [overdue] = session.scalars(select(Finding).where(Finding.obligation_id == story.final.id,
                                                      Finding.state != FindingState.warning)).all()
    officer, _ = make.user("credit_officer")
    checker.act(session, officer, overdue, "rectify", deadline=clock.today() + timedelta(days=15))
    db.commit()
    report = contract_lookback.build(session, story.contract)
    breach = next(e for e in report["timeline"] if e["stage"] == "breach" and e["obligation_id"] == story.final.id)
    assert [f["finding_id"] for f in breach["findings"]] == [overdue.id]
    assert [p["name"] for p in breach["findings"][0]["responsible_on_due_date"]
            if p["role"] == "payment_approver"] == ["赵三"]
    assert "rectify" in [a["action"] for a in breach["actions"]]
    [rectification] = [e for e in report["timeline"] if e["stage"] == "rectification"]
    assert rectification["finding_id"] == overdue.id
    assert rectification["rectify_deadline"] == clock.today() + timedelta(days=15)
    assert [h["name"] for h in rectification["responsible"] if h["role"] == "payment_approver"] == ["赵三"]

    checker.act(session, officer, overdue, "resolve", reason="已约定分期付款并付清首期")
    db.commit()
    report = contract_lookback.build(session, story.contract)
    [resolution] = [e for e in report["timeline"] if e["stage"] == "resolution"]
    assert resolution["details"] == "已约定分期付款并付清首期"
    zhao = official_lookback.build(session, story.zhao)
    assert [f["finding_id"] for f in zhao["breaches"][0]["findings"]] == [overdue.id]
    assert all(not o["findings"] for o in official_lookback.build(session, story.wang)["obligations"])
