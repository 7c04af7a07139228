"""A supervisor pulls last year's scoreboard as at 31 December: it shows the figures of that day, not
what happened in January.

The approver story (conftest): the 住建局 pays the advance due 2024-04-15 on time and the progress
payment due 07-31 twenty days late; the works are accepted on 09-20 and the final payment, due
10-08, is never paid. Here the story goes on into 2025: what the checker found, the credit office
did and the enterprise complained about in January must not change last year's scoreboard as at
31 December.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from contracts.core.db import db
from contracts.obligations import services as obligations
from monitor.checker import engine
from monitor.checker import services as checker
from monitor.checker.models import Finding, FindingState
from monitor.reports import scoreboard
from tests.reports.conftest import ApproverStory

YEAR_2024 = {"start": date(2024, 1, 1), "end": date(2024, 12, 31)}
NEW_YEARS_EVE = date(2024, 12, 31)
TODAY = date(2025, 2, 1)
D = Decimal


def _row(session: Any, story: ApproverStory, as_of: date | None = None) -> dict:
    report = scoreboard.build(session, scoreboard.Query.make(**YEAR_2024, as_of=as_of))
    [row] = [r for r in report["rows"] if r["key"] == story.agency.id]
    return row


def _findings(row: dict) -> tuple:
    return row["findings"], row["open_findings"], row["handled_findings"], row["avg_handling_days"]


def _drill(session: Any, story: ApproverStory, figure: str, as_of: date | None = None) -> list[tuple[int, int]]:
    rows, _ = scoreboard.drilldown(session, scoreboard.Query.make(**YEAR_2024, as_of=as_of), figure, story.agency.id)
    return [(r["contract_id"], r["count"]) for r in rows]


def _check(session: Any, on_day: Any, day: date) -> None:
    on_day(day)
    engine.run_check(session, as_of=day)
    db.commit()


def _final_finding(session: Any, story: ApproverStory) -> Finding:
    session.expire_all()
    return session.scalars(select(Finding).where(Finding.obligation_id == story.final.id)).one()


# ---- findings -------------------------------------------------------------------------------------
def test_a_finding_resolved_after_the_years_end_still_counts_as_open_on_the_scoreboard_as_at_31_december(
        session, make, story, on_day):
    """The checker finds the final payment overdue on 2024-10-10; the credit office resolves it on 2025-01-15."""
    officer, _ = make.user("credit_officer")
    _check(session, on_day, date(2024, 10, 10))
    on_day(date(2025, 1, 15))
    checker.act(session, officer, _final_finding(session, story), "resolve", reason="已约定分期付款")
    db.commit()
    on_day(TODAY)

    then = _row(session, story, NEW_YEARS_EVE)
    assert _findings(then) == (1, 1, 0, None)
    assert then["components"]["findings"] == D("95.0"), "one open finding: 100 − 5"
    assert _drill(session, story, "open_findings", NEW_YEARS_EVE) == [(story.contract.id, 1)]
    assert _drill(session, story, "handled_findings", NEW_YEARS_EVE) == []

    # 10-10 → 01-15: handled in 97 days, as the scoreboard shows today and as at any day since
    assert _findings(_row(session, story)) == (1, 0, 1, D("97.0"))
    assert _findings(_row(session, story, date(2025, 1, 20))) == (1, 0, 1, D("97.0"))
    assert _drill(session, story, "handled_findings") == [(story.contract.id, 1)]


def test_a_finding_dismissed_in_january_had_not_been_handled_as_at_31_december(session, make, story, on_day):
    """Ordered rectified on 12-10 (still open then), dismissed on 2025-01-08."""
    officer, _ = make.user("credit_officer")
    _check(session, on_day, date(2024, 10, 10))
    on_day(date(2024, 12, 10))
    checker.act(session, officer, _final_finding(session, story), "rectify", deadline=date(2024, 12, 31))
    db.commit()
    on_day(date(2025, 1, 8))
    checker.act(session, officer, _final_finding(session, story), "dismiss", reason="资金拨付系财政原因")
    db.commit()
    on_day(TODAY)

    assert _findings(_row(session, story, NEW_YEARS_EVE)) == (1, 1, 0, None)
    assert _findings(_row(session, story, date(2024, 12, 5))) == (1, 1, 0, None), "open, before the rectification"
    assert _findings(_row(session, story)) == (1, 0, 1, D("90.0"))


def test_a_breach_the_checker_first_found_in_january_is_not_on_last_years_scoreboard_as_at_31_december(
        session, story, on_day):
    _check(session, on_day, date(2025, 1, 5))
    on_day(TODAY)

    assert _findings(_row(session, story, NEW_YEARS_EVE)) == (0, 0, 0, None)
    assert _drill(session, story, "findings", NEW_YEARS_EVE) == []
    assert _findings(_row(session, story)) == (1, 1, 0, None)


def test_a_warning_whose_deadline_had_passed_counts_as_an_open_breach_though_the_late_payment_resolved_it_later(
        session, make, story, on_day):
    """Warned on 10-05 that the final payment falls due on 10-08; paid late on 10-20; the checker's run of
    12-02 resolves the finding by itself (not audited: nobody acted)."""
    _check(session, on_day, date(2024, 10, 5))
    on_day(date(2024, 10, 20))
    make.payment(story.final, "400000.00", date(2024, 10, 20))
    _check(session, on_day, date(2024, 12, 2))
    on_day(TODAY)
    assert _final_finding(session, story).state == FindingState.resolved

    assert _findings(_row(session, story, date(2024, 10, 15))) == (1, 1, 0, None), "overdue a week, not yet paid"
    assert _findings(_row(session, story, date(2024, 10, 6))) == (0, 0, 0, None), "a warning: not a breach yet"
    assert _findings(_row(session, story)) == (1, 0, 1, D("58.0")), "found 10-05, resolved by the run of 12-02"


def test_a_finding_the_checker_resolved_in_november_and_found_again_in_january_had_been_handled_as_at_31_december(
        session, story, on_day):
    """Found overdue on 10-10. The final payment was cancelled on 11-04, and the run of 11-05 resolved the
    finding by itself; the cancellation was undone on 2025-01-09, and the run of 01-10 found it again.
    Nobody acted on the finding: only the checker's own record of its states tells when it was resolved."""
    _check(session, on_day, date(2024, 10, 10))
    on_day(date(2024, 11, 4))
    obligations.update_obligation(session, story.final, {"status": "cancelled"})
    db.commit()
    _check(session, on_day, date(2024, 11, 5))
    assert _final_finding(session, story).state == FindingState.resolved
    on_day(date(2025, 1, 9))
    obligations.update_obligation(session, story.final, {"status": "open"})
    db.commit()
    _check(session, on_day, date(2025, 1, 10))
    on_day(TODAY)
    assert _final_finding(session, story).state == FindingState.open

    assert _findings(_row(session, story, date(2024, 10, 20))) == (1, 1, 0, None), "open before it was resolved"
    assert _findings(_row(session, story, NEW_YEARS_EVE)) == (1, 0, 1, D("26.0")), "10-10 → 11-05"
    assert _drill(session, story, "handled_findings", NEW_YEARS_EVE) == [(story.contract.id, 1)]
    assert _findings(_row(session, story)) == (1, 1, 0, None), "found again in January"


def test_the_drill_down_shows_the_days_a_finding_was_overdue_as_at_the_day_not_as_at_the_latest_check(
        session, story, on_day):
    _check(session, on_day, date(2024, 10, 10))
    _check(session, on_day, date(2025, 1, 20))
    on_day(TODAY)

    def days(as_of: date | None) -> list[int]:
        q = scoreboard.Query.make(**YEAR_2024, as_of=as_of)
        return [r["max_days_late"] for r in scoreboard.drilldown(session, q, "open_findings", story.agency.id)[0]]

    assert days(NEW_YEARS_EVE) == [84], "due 10-08"
    assert days(None) == [104], "counted to the latest check, 2025-01-20"


# ---- obligations ----------------------------------------------------------------------------------
def test_a_payment_cancelled_in_january_still_counts_as_due_on_last_years_scoreboard_as_at_31_december(
        session, make, story, on_day):
    """A 100,000 equipment payment due 2024-10-31 went unpaid and was cancelled on 2025-01-10."""
    equipment = make.obligation(story.contract, due={"date": "2024-10-31"}, amount="100000.00", description="设备款")
    on_day(date(2025, 1, 10))
    obligations.update_obligation(session, equipment, {"status": "cancelled"})
    db.commit()
    on_day(TODAY)

    then = _row(session, story, NEW_YEARS_EVE)
    assert (then["payments_due"], then["payments_due_amount"], then["paid_on_time"]) == (4, D("1100000.00"), 1)
    # the final payment 84 days late on 12-31 (from 10-08), the equipment payment 61 (from 10-31), progress 20
    assert (then["payments_late"], then["late_days"]) == (3, 165)
    assert then["overdue_outstanding"] == D("500000.00")
    assert _drill(session, story, "overdue_outstanding", NEW_YEARS_EVE) == [(story.contract.id, 2)]

    now = _row(session, story)
    assert (now["payments_due"], now["payments_due_amount"], now["overdue_outstanding"]) == (
        3, D("1000000.00"), D("400000.00"))
    assert _drill(session, story, "payments_due") == [(story.contract.id, 3)]


def test_a_payment_cancelled_before_the_day_does_not_count_then(session, make, story, on_day):
    equipment = make.obligation(story.contract, due={"date": "2024-10-31"}, amount="100000.00", description="设备款")
    on_day(date(2024, 10, 25))
    obligations.update_obligation(session, equipment, {"status": "cancelled"})
    db.commit()
    on_day(TODAY)

    assert _row(session, story, NEW_YEARS_EVE)["payments_due"] == 3


def test_a_payment_cancelled_in_november_and_reopened_in_january_was_not_due_as_at_31_december(
        session, make, story, on_day):
    equipment = make.obligation(story.contract, due={"date": "2024-10-31"}, amount="100000.00", description="设备款")
    on_day(date(2024, 11, 15))
    obligations.update_obligation(session, equipment, {"status": "cancelled"})
    db.commit()
    on_day(date(2025, 1, 10))
    obligations.update_obligation(session, equipment, {"status": "open"})
    db.commit()
    on_day(TODAY)

    assert _row(session, story, date(2024, 11, 10))["payments_due"] == 4, "not yet cancelled"
    assert _row(session, story, NEW_YEARS_EVE)["payments_due"] == 3
    assert _row(session, story)["payments_due"] == 4


def test_the_final_payment_hanging_on_the_acceptance_was_not_due_as_at_a_day_before_the_works_were_accepted(
        session, story, on_day):
    on_day(TODAY)
    before = _row(session, story, date(2024, 9, 15))  # accepted 09-20, due 10-08
    assert (before["payments_due"], before["overdue_outstanding"]) == (2, D("0.00"))
    after = _row(session, story, date(2024, 10, 9))
    assert (after["payments_due"], after["overdue_outstanding"]) == (3, D("400000.00"))


# ---- records and complaints -----------------------------------------------------------------------
def _record(session: Any, make: Any, story: ApproverStory, on_day: Any, proposed: date, decided: date) -> Any:
    from monitor.records import services as records

    officer, _ = make.user("credit_officer")
    on_day(proposed)
    rec = records.propose(session, agency_id=story.agency.id, contract_id=story.contract.id, category="arrears",
                          facts="逾期支付竣工验收款", legal_basis="《保障中小企业款项支付条例》第九条", user_id=officer.id)
    db.commit()
    on_day(decided)
    records.publish(session, rec, user_id=officer.id)
    db.commit()
    return rec, officer


def test_a_record_revoked_in_january_still_counts_in_last_years_scoreboard_as_at_31_december(
        session, make, story, on_day):
    from monitor.records import services as records

    rec, officer = _record(session, make, story, on_day, date(2024, 11, 1), date(2024, 11, 10))
    on_day(date(2025, 1, 10))
    records.revoke(session, rec, reason="欠款系上级财政拨付迟延所致", user_id=officer.id)
    db.commit()
    on_day(TODAY)

    then = _row(session, story, NEW_YEARS_EVE)
    assert then["records"] == 1
    assert then["components"]["records"] == D("80.0")
    assert _drill(session, story, "records", NEW_YEARS_EVE) == [(story.contract.id, 1)]
    assert _row(session, story)["records"] == 0
    assert _drill(session, story, "records") == []


def test_a_record_decided_after_the_day_is_not_yet_counted_then(session, make, story, on_day):
    _record(session, make, story, on_day, date(2024, 12, 1), date(2024, 12, 20))
    on_day(TODAY)

    assert _row(session, story, date(2024, 12, 15))["records"] == 0, "only proposed on 12-15"
    assert _drill(session, story, "records", date(2024, 12, 15)) == []
    assert _row(session, story, NEW_YEARS_EVE)["records"] == 1


def test_a_complaint_closed_after_the_day_is_not_yet_handled_nor_upheld_before_it_was_found_true(
        session, make, story, on_day):
    """Filed 2024-12-10 about the unpaid final payment; found true on 2025-01-08, resolved 01-20."""
    from monitor.complaints import services as complaints

    officer, _ = make.user("credit_officer")
    firm, _ = make.user("enterprise", enterprise=story.contract.parties[0].enterprise)
    on_day(date(2024, 12, 10))
    c = complaints.file_complaint(session, firm, category="unpaid_works", title="住建局拖欠竣工验收款",
                                  description="竣工验收款逾期未付，请督促付款。", contract_id=story.contract.id)
    db.commit()
    for day, step, kw in [(date(2024, 12, 12), "accept", {}), (date(2024, 12, 20), "review", {}),
                          (date(2025, 1, 8), "determine", {"substantiated": True}),
                          (date(2025, 1, 9), "supervise", {}), (date(2025, 1, 20), "resolve", {"note": "已付清"})]:
        on_day(day)
        complaints.take_step(session, c, officer, step, **kw)
        db.commit()
    on_day(TODAY)

    def figures(as_of: date | None) -> tuple:
        row = _row(session, story, as_of)
        return row["complaints"], row["complaints_handled"], row["complaints_upheld"], row["avg_complaint_days"]

    assert figures(date(2024, 12, 5)) == (0, 0, 0, None), "not yet filed"
    assert figures(NEW_YEARS_EVE) == (1, 0, 0, None), "under review on 12-31"
    assert _drill(session, story, "complaints", NEW_YEARS_EVE) == [(story.contract.id, 1)]
    assert _drill(session, story, "complaints_handled", NEW_YEARS_EVE) == []
    assert figures(date(2025, 1, 10)) == (1, 0, 1, None), "found true, being supervised"
    assert figures(None) == (1, 1, 1, D("41.0"))
    assert _drill(session, story, "complaints_handled") == [(story.contract.id, 1)]


def test_the_api_answers_as_at_the_day_asked(api, session, make, story, on_day):
    officer, _ = make.user("credit_officer")
    _check(session, on_day, date(2024, 10, 10))
    on_day(date(2025, 1, 15))
    checker.act(session, officer, _final_finding(session, story), "resolve", reason="已约定分期付款")
    db.commit()
    on_day(TODAY)
    sup = api.as_("supervisor")
    period = "start=2024-01-01&end=2024-12-31"

    def row(body: dict) -> dict:
        [r] = [r for r in body["rows"] if r["key"] == story.agency.id]
        return r

    then = row(sup.get(f"/api/v1/reports/scoreboard?{period}&as_of=2024-12-31").json)
    assert (then["open_findings"], then["handled_findings"]) == (1, 0)
    now = row(sup.get(f"/api/v1/reports/scoreboard?{period}").json)
    assert (now["open_findings"], now["handled_findings"]) == (0, 1)
    listed = sup.get(f"/api/v1/reports/scoreboard/drilldown?figure=open_findings&key={story.agency.id}&{period}"
                     "&as_of=2024-12-31").json
    assert [r["contract_id"] for r in listed] == [story.contract.id]


# ---- as at today ----------------------------------------------------------------------------------
def test_as_at_today_the_scoreboard_is_the_present_one_and_reads_no_audit_trail(session, make, story, on_day):
    from sqlalchemy import event

    officer, _ = make.user("credit_officer")
    _check(session, on_day, date(2024, 10, 10))
    on_day(date(2025, 1, 15))
    checker.act(session, officer, _final_finding(session, story), "resolve", reason="已约定分期付款")
    db.commit()
    on_day(TODAY)
    statements: list[str] = []

    def seen(conn, cursor, statement, *args) -> None:  # type: ignore[no-untyped-def]
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        today = scoreboard.build(session, scoreboard.Query.make(**YEAR_2024, as_of=TODAY))
        scoreboard.drilldown(session, scoreboard.Query.make(**YEAR_2024), "handled_findings", story.agency.id)
        read_today = list(statements)
        scoreboard.build(session, scoreboard.Query.make(**YEAR_2024, as_of=NEW_YEARS_EVE))
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)
    assert today == scoreboard.build(session, scoreboard.Query.make(**YEAR_2024))
    assert not any("audit_events" in s or "complaint_steps" in s for s in read_today)
    assert any("audit_events" in s for s in statements[len(read_today):])
