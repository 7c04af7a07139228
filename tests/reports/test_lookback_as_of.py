"""A supervisor looks back "as at" an earlier day: the reports show how things stood at the end of
that day, and nothing that happened after it.

The approver story (conftest): 王一 approves from 2024-03-15, hands over to 李二 on 06-01, who hands
over to 赵三 on 09-01; the progress payment due 07-31 is paid 100,000 on 07-20 and 200,000 on 08-20;
the works are accepted on 09-20 and the final payment, due 10-08, is still unpaid on 12-02 (today).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select

from contracts.core import clock
from contracts.core.db import db
from contracts.obligations import services as obligations
from contracts.registry import services as registry
from monitor.checker import engine
from monitor.checker import services as checker
from monitor.checker.models import Finding, FindingState
from monitor.reports import contract_lookback, official_lookback
from tests.reports.conftest import ApproverStory

BEFORE_SECOND_HANDOVER = date(2024, 8, 31)


def _approver(entry: dict) -> str | None:
    names = [h["name"] for h in entry["responsible"] if h["role"] == "payment_approver"]
    assert len(names) <= 1, entry
    return names[0] if names else None


def _names_on_timeline(report: dict) -> set[str]:
    return {h["name"] for e in report["timeline"] for h in e["responsible"]}


def _entry(report: dict, stage: str, obligation_id: int) -> dict:
    [entry] = [e for e in report["timeline"] if e["stage"] == stage and e["obligation_id"] == obligation_id]
    return entry


# ---- tenures and handovers ------------------------------------------------------------------------
def test_a_look_back_as_at_the_day_before_the_handover_names_the_approver_then_in_post_and_not_the_successor(
        session, story: ApproverStory):
    report = contract_lookback.build(session, story.contract, as_of=BEFORE_SECOND_HANDOVER)

    assert [(h["from"]["name"], h["to"]["name"]) for h in report["handovers"]] == [("王一", "李二")]
    assert report["summary"]["handovers"] == 1
    approvers = [(r["name"], r["start"], r["end"]) for r in report["responsibilities"]
                 if r["role"] == "payment_approver"]
    assert approvers == [("王一", date(2024, 3, 15), date(2024, 6, 1)),
                         ("李二", date(2024, 6, 1), None)], "李二 was still in post at the end of 08-31"
    assert "赵三" not in _names_on_timeline(report)


def test_the_works_not_yet_accepted_leave_the_final_payment_awaited_with_no_due_date(session, story):
    report = contract_lookback.build(session, story.contract, as_of=BEFORE_SECOND_HANDOVER)

    assert "acceptance" not in [e["stage"] for e in report["timeline"]], "the works were accepted on 09-20"
    assert all(e["date"] <= BEFORE_SECOND_HANDOVER for e in report["timeline"]), \
        [(e["date"], e["stage"]) for e in report["timeline"] if e["date"] > BEFORE_SECOND_HANDOVER]
    assert [e for e in report["timeline"] if e["obligation_id"] == story.final.id] == []
    assert report["summary"]["breaches"] == 1  # the progress payment, paid 20 days late on 08-20
    # 李二 was then the one waiting for it: not something he had left to a successor
    li = official_lookback.build(session, story.li, as_of=BEFORE_SECOND_HANDOVER)
    assert [(o["obligation_id"], o["outcome"], o["due_date"]) for o in li["awaiting"]] == [
        (story.final.id, "awaiting_event", None)]
    assert li["left"] == []


def test_the_second_approvers_look_back_before_his_handover_shows_a_tenure_still_running(session, story):
    report = official_lookback.build(session, story.li, as_of=BEFORE_SECOND_HANDOVER)

    [tenure] = report["tenures"]
    assert (tenure["start"], tenure["end"]) == (date(2024, 6, 1), None)
    assert tenure["received_from"]["name"] == "王一"
    assert (tenure["handed_to"], tenure["handed_on"], tenure["handed_reason"]) == (None, None, "")
    assert report["summary"]["handovers_given"] == 0
    assert [(b["obligation_id"], b["outcome"], b["days_late"]) for b in report["breaches"]] == [
        (story.progress.id, "late", 20)]


def test_an_official_whose_tenure_began_after_the_day_has_nothing_to_answer_for_then(session, story):
    report = official_lookback.build(session, story.zhao, as_of=BEFORE_SECOND_HANDOVER)

    assert report["tenures"] == []
    for part in ("obligations", "breaches", "contract_findings", "inherited", "left", "awaiting"):
        assert report[part] == [], part
    assert report["summary"]["contracts"] == 0
    assert report["summary"]["handovers_received"] == 0


def test_a_payment_falling_due_after_the_day_is_charged_to_the_approver_then_in_post_not_to_a_later_successor(
        session, make, story):
    """赵三 hands over to 王一 on 11-01; as at 10-20 nobody knew he would, and the 11-15 payment was his to see to."""
    second = make.obligation(story.contract, due={"date": "2024-11-15"}, amount="100000.00", description="二期进度款")
    make.handover(story.contract, story.wang, date(2024, 11, 1), reason="赵三借调")
    as_of = date(2024, 10, 20)

    report = contract_lookback.build(session, story.contract, as_of=as_of)
    assert _approver(_entry(report, "due", second.id)) == "赵三"
    assert _approver(_entry(report, "breach", story.final.id)) == "赵三"
    assert "王一" not in [_approver(e) for e in report["timeline"] if e["date"] >= date(2024, 9, 1)]

    zhao = official_lookback.build(session, story.zhao, as_of=as_of)
    assert zhao["tenures"][0]["end"] is None and zhao["tenures"][0]["handed_to"] is None
    assert [o["obligation_id"] for o in zhao["awaiting"]] == [second.id]
    assert zhao["left"] == []
    assert [(b["obligation_id"], b["days_late"]) for b in zhao["breaches"]] == [(story.final.id, 12)]

    wang = official_lookback.build(session, story.wang, as_of=as_of)
    assert [(t["start"], t["end"]) for t in wang["tenures"]] == [(date(2024, 3, 15), date(2024, 6, 1))]
    assert wang["inherited"] == [] and wang["awaiting"] == []
    left = {o["obligation_id"]: [h["name"] for h in o["responsible_at_due"]] for o in wang["left"]}
    assert left[second.id] == ["赵三"]


# ---- money and obligations ------------------------------------------------------------------------
def test_a_look_back_during_a_breach_shows_what_had_been_paid_by_then_not_what_was_paid_later(session, story):
    as_of = date(2024, 8, 10)  # 100,000 paid on 07-20; the other 200,000 came on 08-20
    report = contract_lookback.build(session, story.contract, as_of=as_of)

    breach = _entry(report, "breach", story.progress.id)
    assert (breach["outcome"], breach["days_late"]) == ("overdue", 10)
    assert breach["obligation"]["paid_total"] == Decimal("100000.00")
    assert breach["obligation"]["outstanding"] == Decimal("200000.00")
    assert breach["obligation"]["status"] == "open"
    assert report["summary"]["overdue_outstanding"] == Decimal("200000.00")

    li = official_lookback.build(session, story.li, as_of=as_of)
    [progress] = li["breaches"]
    assert (progress["paid_total"], progress["outstanding"], progress["status"]) == (
        Decimal("100000.00"), Decimal("200000.00"), "open")


def test_an_obligation_cancelled_after_the_day_still_counts_as_it_stood_then(session, make, story, on_day):
    """A 100,000 equipment payment due 10-31 went unpaid; it was cancelled on 11-20."""
    equipment = make.obligation(story.contract, due={"date": "2024-10-31"}, amount="100000.00", description="设备款")
    on_day(date(2024, 11, 20))
    obligations.update_obligation(session, equipment, {"status": "cancelled"})
    db.commit()
    on_day(date(2024, 12, 2))
    as_of = date(2024, 11, 10)

    report = contract_lookback.build(session, story.contract, as_of=as_of)
    breach = _entry(report, "breach", equipment.id)
    assert (breach["outcome"], breach["days_late"], breach["obligation"]["status"]) == ("overdue", 10, "open")
    assert report["summary"]["obligations"] == 4
    assert report["summary"]["overdue_outstanding"] == Decimal("500000.00")
    zhao = official_lookback.build(session, story.zhao, as_of=as_of)
    assert [b["obligation_id"] for b in zhao["breaches"]] == [story.final.id, equipment.id]
    # and as of today it is cancelled
    today = contract_lookback.build(session, story.contract)
    assert [e for e in today["timeline"] if e["obligation_id"] == equipment.id and e["stage"] == "breach"] == []
    assert today["summary"]["obligations"] == 3


def test_a_reason_for_the_delay_given_after_the_day_was_not_known_then(session, story, on_day):
    on_day(date(2024, 11, 5))
    obligations.update_obligation(session, story.final, {"delay_reason": "财政资金尚未到位"})
    db.commit()
    on_day(date(2024, 12, 2))
    assert _entry(contract_lookback.build(session, story.contract, as_of=date(2024, 10, 31)),
                  "breach", story.final.id)["details"] == ""
    assert _entry(contract_lookback.build(session, story.contract), "breach", story.final.id)["details"] == \
        "财政资金尚未到位"


def test_a_contract_terminated_after_the_day_was_still_in_force_then(session, story, on_day):
    on_day(date(2024, 11, 25))
    registry.update_contract(session, story.contract, {"status": "terminated"})
    db.commit()
    on_day(date(2024, 12, 2))
    assert contract_lookback.build(session, story.contract, as_of=date(2024, 11, 10))["contract"]["status"] == "active"
    assert contract_lookback.build(session, story.contract)["contract"]["status"] == "terminated"


# ---- findings and actions -------------------------------------------------------------------------
def _final_finding(session, story) -> Finding:  # type: ignore[no-untyped-def]
    return session.scalars(select(Finding).where(Finding.obligation_id == story.final.id,
                                                 Finding.state != FindingState.warning)).one()


def test_a_finding_appears_from_the_day_it_was_found_in_the_state_it_stood_in_then(session, make, story, on_day):
    """The checker finds the final payment overdue on 10-10; the credit office orders it rectified on
    10-15 and resolves it on 11-20."""
    officer, _ = make.user("credit_officer")
    on_day(date(2024, 10, 10))
    engine.run_check(session, as_of=date(2024, 10, 10))
    db.commit()
    overdue = _final_finding(session, story)
    on_day(date(2024, 10, 15))
    checker.act(session, officer, overdue, "rectify", deadline=date(2024, 10, 30))
    db.commit()
    on_day(date(2024, 11, 20))
    checker.act(session, officer, overdue, "resolve", reason="已约定分期付款")
    db.commit()
    on_day(date(2024, 12, 2))

    def look(as_of: date) -> tuple[dict, dict]:
        report = contract_lookback.build(session, story.contract, as_of=as_of)
        steps = {e["stage"]: e["date"] for e in report["timeline"] if e["finding_id"] == overdue.id}
        return report, steps

    report, steps = look(date(2024, 10, 9))  # overdue a day, not yet found
    assert _entry(report, "breach", story.final.id)["findings"] == []
    assert report["summary"]["findings"] == 0, "nothing had been found on 10-09"

    report, steps = look(date(2024, 10, 12))
    breach = _entry(report, "breach", story.final.id)
    assert [(f["finding_id"], f["state"]) for f in breach["findings"]] == [(overdue.id, "open")]
    assert steps == {}
    assert "rectify" not in [a["action"] for a in breach["actions"]]
    assert all(a["on"] <= date(2024, 10, 12) for a in report["actions"])

    report, steps = look(date(2024, 10, 20))
    assert [f["state"] for f in _entry(report, "breach", story.final.id)["findings"]] == ["rectifying"]
    assert steps == {"rectification": date(2024, 10, 15)}
    zhao = official_lookback.build(session, story.zhao, as_of=date(2024, 10, 20))
    assert [f["state"] for f in zhao["breaches"][0]["findings"]] == ["rectifying"]

    report, steps = look(date(2024, 12, 2))  # today: as before
    assert [f["state"] for f in _entry(report, "breach", story.final.id)["findings"]] == ["resolved"]
    assert steps == {"rectification": date(2024, 10, 15), "resolution": date(2024, 11, 20)}


def test_a_breach_the_checker_resolved_and_found_again_stood_resolved_in_between(session, story, on_day):
    """The checker finds the final payment overdue on 10-10. The payment is cancelled on 11-04 and the run of
    11-05 resolves the finding by itself; the cancellation is undone on 11-25 and the run of 11-26 finds it
    again. Nobody acted on the finding, so the audit trail says nothing of it."""
    for day, status in ((date(2024, 10, 10), None), (date(2024, 11, 5), "cancelled"), (date(2024, 11, 26), "open")):
        if status:
            on_day(day - timedelta(days=1))
            obligations.update_obligation(session, story.final, {"status": status})
            db.commit()
        on_day(day)
        engine.run_check(session, as_of=day)
        db.commit()
    on_day(date(2024, 12, 2))
    finding = _final_finding(session, story)
    assert finding.state == FindingState.open

    def look(as_of: date) -> tuple[list[str], list[tuple[str, date, str]]]:
        report = contract_lookback.build(session, story.contract, as_of=as_of)
        states = [f["state"] for e in report["timeline"] for f in e["findings"] if f["finding_id"] == finding.id]
        steps = [(e["stage"], e["date"], e["details"]) for e in report["timeline"]
                 if e["finding_id"] == finding.id and e["stage"] != "finding"]
        return states, steps

    resolved = ("resolution", date(2024, 11, 5), "义务已取消")
    assert look(date(2024, 11, 1)) == (["open"], [])
    assert look(date(2024, 11, 20)) == (["resolved"], [resolved])
    assert look(date(2024, 12, 2)) == (["open"], [resolved]), "today: found again, after the resolution"


def test_a_contract_signed_late_is_found_already_done_and_its_resolution_is_on_the_timeline(make, session, on_day):
    """Awarded on 2025-03-03, signed on 04-10 (38 days): the checker's first run finds the breach already
    cured, and the look-back's timeline says when and why it was settled."""
    on_day(date(2025, 6, 30))
    contract = make.contract(make.agency(), make.enterprise(), kind="procurement", signed_on=date(2025, 4, 10),
                             award_notice_on=date(2025, 3, 3), published_on=date(2025, 4, 10),
                             filed_on=date(2025, 4, 10))
    engine.run_check(session, as_of=date(2025, 6, 30))
    db.commit()
    [finding] = session.scalars(select(Finding).where(Finding.contract_id == contract.id)).all()
    assert finding.state == FindingState.resolved

    report = contract_lookback.build(session, contract)
    assert [(e["date"], e["details"]) for e in report["timeline"]
            if e["finding_id"] == finding.id and e["stage"] == "resolution"] == [(date(2025, 6, 30), "逾期后已完成")]


def test_a_clause_breach_found_after_the_day_is_not_yet_charged_to_anyone(make, session, on_day):
    """A bid deposit over the cap, agreed at signing under 王一, found by the checker on 07-01."""
    agency = make.agency("某县住房和城乡建设局")
    wang = make.official(agency, "王一", "财务科科长")
    contract = make.contract(agency, kind="bidding", role="winning_bidder", signed_on=date(2024, 3, 15),
                             amount="1000000.00", estimated_price=Decimal("1000000.00"),
                             bid_deposit=Decimal("50000.00"))
    make.responsible(contract, wang, "payment_approver")
    on_day(date(2024, 7, 1))
    engine.run_check(session, as_of=date(2024, 7, 1))
    db.commit()
    on_day(date(2024, 12, 2))

    assert [f["rule_id"] for f in official_lookback.build(session, wang)["contract_findings"]] == ["tb_bid_deposit_cap"]
    before = official_lookback.build(session, wang, as_of=date(2024, 6, 30))
    assert before["contract_findings"] == [] and before["summary"]["breaches"] == 0
    report = contract_lookback.build(session, contract, as_of=date(2024, 6, 30))
    assert [e for e in report["timeline"] if e["stage"] == "finding"] == []
    assert report["summary"]["findings"] == 0


def test_a_breach_of_the_sme_payment_deadline_shows_what_was_still_unpaid_on_the_day(make, session, on_day):
    """An SME delivered; the contract's 90 days after acceptance are capped at the statutory 60 (due
    08-02). The checker found the breach on 08-05; 40,000 was paid on 08-10 and the rest on 09-10."""
    on_day(date(2024, 5, 1))
    contract = make.contract(make.agency("某县教育局"), make.enterprise("某某小微科技有限公司", is_sme=True),
                             kind="procurement", amount="100000.00", signed_on=date(2024, 3, 15))
    ob = make.obligation(contract, due={"event": "acceptance", "offset": 90, "unit": "day"}, amount="100000.00",
                         description="验收款")
    on_day(date(2024, 6, 3))
    make.event(contract, "acceptance", date(2024, 6, 3))
    on_day(date(2024, 8, 5))
    engine.run_check(session, as_of=date(2024, 8, 5))
    db.commit()
    on_day(date(2024, 8, 10))
    make.payment(ob, "40000.00", date(2024, 8, 10))
    on_day(date(2024, 9, 10))
    make.payment(ob, "60000.00", date(2024, 9, 10))
    on_day(date(2024, 12, 2))
    engine.run_check(session, as_of=date(2024, 12, 2))
    db.commit()

    def statutory(as_of: date | None) -> tuple:
        report = contract_lookback.build(session, contract, as_of=as_of)
        [e] = [e for e in report["timeline"] if e["stage"] == "finding" and e["obligation_id"] == ob.id
               and e["findings"][0]["rule_id"] == "sme_payment_deadline"]
        return e["date"], e["amount"], e["days_late"], e["findings"][0]["state"]

    assert statutory(date(2024, 8, 20)) == (date(2024, 8, 2), Decimal("60000.00"), 18, "open")
    assert statutory(None) == (date(2024, 8, 2), Decimal("0.00"), 39, "resolved")


# ---- the registers --------------------------------------------------------------------------------
def test_records_and_complaints_appear_as_they_stood_on_the_day(session, registers, three_agencies):
    """The complaint filed 03-03 was accepted 03-05, reviewed 03-10 and resolved 04-02; the record
    proposed 04-10 was published 04-20."""
    contract = three_agencies.c_education

    def registers_on(as_of: date) -> list[tuple[date, str, str]]:
        report = contract_lookback.build(session, contract, as_of=as_of)
        return [(e["date"], e["stage"], e["record"]["status"]) for e in report["timeline"]
                if e["stage"] in ("record", "complaint")]

    assert registers_on(date(2025, 3, 10)) == [(date(2025, 3, 3), "complaint", "reviewed")]
    assert registers_on(date(2025, 4, 15)) == [(date(2025, 3, 3), "complaint", "resolved"),
                                                (date(2025, 4, 2), "complaint", "resolved"),
                                                (date(2025, 4, 10), "record", "proposed")]
    assert registers_on(clock.today())[-1] == (date(2025, 4, 20), "record", "published")


# ---- through the API ------------------------------------------------------------------------------
def test_the_api_look_backs_judge_as_at_the_day_asked(api, session, story):
    sup = api.as_("supervisor")
    body = sup.get(f"/api/v1/reports/officials/{story.zhao.id}/lookback?as_of=2024-08-31").json
    assert body["as_of"] == "2024-08-31" and body["tenures"] == []
    body = sup.get(f"/api/v1/reports/contracts/{story.contract.id}/lookback?as_of=2024-08-31").json
    assert [h["to"]["name"] for h in body["handovers"]] == ["李二"]
    assert max(e["date"] for e in body["timeline"]) <= "2024-08-31"
