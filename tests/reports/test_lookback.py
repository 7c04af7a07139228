"""A supervisor asks who was responsible at each stage of a contract, and what happened under one official."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from contracts.organisations import services as orgs
from contracts.responsibility import services as responsibility
from monitor.reports import contract_lookback, official_lookback
from tests.reports.conftest import ApproverStory


def _approver(entry: dict) -> str | None:
    names = [h["name"] for h in entry["responsible"] if h["role"] == "payment_approver"]
    assert len(names) <= 1, entry
    return names[0] if names else None


def _entries(report: dict, stage: str) -> list[dict]:
    return [e for e in report["timeline"] if e["stage"] == stage]


def test_the_contract_look_back_names_the_payment_approver_in_force_on_every_date(session, story: ApproverStory):
    report = contract_lookback.build(session, story.contract)
    by_date = {(e["date"], e["stage"]): e for e in report["timeline"]}

    assert _approver(by_date[(date(2024, 3, 15), "signing")]) == "王一"
    assert _approver(by_date[(date(2024, 4, 10), "payment")]) == "王一"
    assert _approver(by_date[(date(2024, 4, 15), "due")]) == "王一"
    assert _approver(by_date[(date(2024, 7, 20), "payment")]) == "李二"
    assert _approver(by_date[(date(2024, 7, 31), "breach")]) == "李二"
    assert _approver(by_date[(date(2024, 8, 20), "payment")]) == "李二"
    assert _approver(by_date[(date(2024, 9, 20), "acceptance")]) == "赵三"
    final = by_date[(date(2024, 10, 8), "breach")]
    assert _approver(final) == "赵三"
    assert final["outcome"] == "overdue" and final["days_late"] == 55
    assert final["obligation"]["outstanding"] == Decimal("400000.00")
    # The project lead never changed: named on every stage.
    assert all("周四" in [h["name"] for h in e["responsible"] if h["role"] == "project_lead"]
               for e in report["timeline"])
    # The registry's own answer agrees on each of those dates.
    for (on, _stage), entry in by_date.items():
        official = responsibility.holder(session, story.contract.id, "payment_approver", on, entry["obligation_id"])
        assert _approver(entry) == (official.name if official else None), on


def test_the_progress_payment_paid_twenty_days_late_is_a_breach_under_the_second_approver(session, story):
    report = contract_lookback.build(session, story.contract)
    late = next(e for e in _entries(report, "breach") if e["obligation_id"] == story.progress.id)
    assert (late["outcome"], late["days_late"]) == ("late", 20)
    assert report["summary"]["breaches"] == 2
    assert report["summary"]["overdue_outstanding"] == Decimal("400000.00")
    on_time = _entries(report, "due")
    assert [e["obligation_id"] for e in on_time] == [story.advance.id]


def test_handovers_appear_in_order_with_their_reasons(session, story):
    report = contract_lookback.build(session, story.contract)
    handovers = [(h["on"], h["from"]["name"], h["to"]["name"], h["reason"]) for h in report["handovers"]]
    assert handovers == [(date(2024, 6, 1), "王一", "李二", "王一调任县财政局"),
                         (date(2024, 9, 1), "李二", "赵三", "李二退休")]
    steps = _entries(report, "handover")
    assert [e["date"] for e in steps] == [date(2024, 6, 1), date(2024, 9, 1)]
    assert _approver(steps[0]) == "李二", "on the handover day the new holder is in office"
    assert "handover" in [a["action"] for a in steps[0]["actions"]]
    wang = next(e for e in _entries(report, "assignment") if e["title"] == "付款审批人：王一")
    assert [a["action"] for a in wang["actions"]] == ["create"]
    assigned = {e["title"] for e in _entries(report, "assignment")}
    assert assigned == {"付款审批人：王一", "项目负责人：周四"}


def test_actions_are_tied_to_the_official_whose_account_made_them(session, story):
    report = contract_lookback.build(session, story.contract)
    payment = next(e for e in _entries(report, "payment") if e["date"] == date(2024, 7, 20))
    assert [a["official_name"] for a in payment["actions"]] == ["李二"]
    assert "100000.00" in payment["actions"][0]["summary"]
    by_li = [a for a in report["actions"] if a["official_id"] == story.li.id]
    assert {a["entity"] for a in by_li} == {"payment", "obligation"}
    assert all(a["official_id"] is None for a in report["actions"] if a["entity"] == "contract")


def test_the_first_approvers_look_back_shows_the_handover_but_not_the_breach(session, story):
    report = official_lookback.build(session, story.wang)
    [tenure] = report["tenures"]
    assert (tenure["role"], tenure["start"], tenure["end"]) == ("payment_approver", date(2024, 3, 15), date(2024, 6, 1))
    assert tenure["handed_to"]["name"] == "李二"
    assert tenure["handed_reason"] == "王一调任县财政局"
    assert tenure["received_from"] is None
    assert [(o["obligation_id"], o["outcome"]) for o in report["obligations"]] == [(story.advance.id, "on_time")]
    assert report["breaches"] == []
    assert report["summary"]["breaches"] == 0
    # What fell due after he left is listed as left to others, naming who held the role then.
    left = {o["obligation_id"]: [h["name"] for h in o["responsible_at_due"]] for o in report["left"]}
    assert left == {story.progress.id: ["李二"], story.final.id: ["赵三"]}


def test_the_third_approver_carries_the_final_payment_breach(session, story):
    report = official_lookback.build(session, story.zhao)
    assert [(b["obligation_id"], b["outcome"], b["days_late"]) for b in report["breaches"]] == [
        (story.final.id, "overdue", 55)]
    assert report["summary"]["overdue_outstanding"] == Decimal("400000.00")
    assert report["tenures"][0]["received_from"]["name"] == "李二"
    assert report["tenures"][0]["received_reason"] == "李二退休"
    assert report["inherited"] == [], "the progress payment was settled before 赵三 took over"


def test_the_second_approver_received_from_the_first_and_left_the_final_payment(session, story):
    report = official_lookback.build(session, story.li)
    [tenure] = report["tenures"]
    assert (tenure["received_from"]["name"], tenure["handed_to"]["name"]) == ("王一", "赵三")
    assert [(b["obligation_id"], b["outcome"], b["days_late"]) for b in report["breaches"]] == [
        (story.progress.id, "late", 20)]
    assert [o["obligation_id"] for o in report["left"]] == [story.final.id]
    assert {a["entity"] for a in report["actions"]} == {"payment", "obligation"}


def test_an_overdue_payment_still_unpaid_at_a_handover_is_inherited_by_the_successor(session, make, story):
    make.handover(story.contract, story.wang, date(2024, 11, 1), reason="赵三借调")
    zhao = official_lookback.build(session, story.zhao)
    assert [b["obligation_id"] for b in zhao["breaches"]] == [story.final.id]
    wang = official_lookback.build(session, story.wang)
    assert [(o["obligation_id"], o["outcome"]) for o in wang["inherited"]] == [(story.final.id, "overdue")]
    assert [h["name"] for h in wang["inherited"][0]["responsible_at_due"]] == ["赵三"]
    assert wang["breaches"] == [], "an inherited breach is not the successor's own"
    assert len(wang["tenures"]) == 2


def test_an_obligation_with_its_own_approver_is_judged_against_that_approver(session, make, story):
    special = make.official(story.agency, "钱五", "审计科科长")
    responsibility.assign(session, story.contract, official_id=special.id, role="payment_approver",
                          start=date(2024, 9, 15), obligation_id=story.final.id, reason="尾款专项审批")
    session.commit()
    report = contract_lookback.build(session, story.contract)
    final = next(e for e in _entries(report, "breach") if e["obligation_id"] == story.final.id)
    assert _approver(final) == "钱五"
    assert official_lookback.build(session, story.zhao)["breaches"] == []
    assert [b["obligation_id"] for b in official_lookback.build(session, special)["breaches"]] == [story.final.id]


def test_records_and_complaints_take_their_place_on_the_timeline(session, make, registers, three_agencies):
    approver = make.official(three_agencies.education, "孙六", "计财科科长")
    make.responsible(three_agencies.c_education, approver)
    report = contract_lookback.build(session, three_agencies.c_education)
    steps = [(e["date"], e["stage"], _approver(e)) for e in report["timeline"] if e["stage"] in ("record", "complaint")]
    assert steps == [(date(2025, 3, 3), "complaint", "孙六"), (date(2025, 4, 2), "complaint", "孙六"),
                     (date(2025, 4, 10), "record", "孙六"), (date(2025, 4, 20), "record", "孙六")]
    decided = [e for e in report["timeline"] if e["stage"] == "record"][-1]
    assert decided["record"]["record_id"] == registers.record.id
    assert decided["record"]["status"] == "published"


def test_a_ppp_stage_has_its_own_holder_and_the_contract_wide_one_answers_for_the_other_stages(make, session):
    """Who held a role on a date is never a coin toss between the contract-wide holder and a stage's."""
    contract = make.contract(kind="ppp", signed_on=date(2024, 1, 10), ppp_mode="BOT", cooperation_years=20,
                             ppp_stage="execution")
    agency_id = contract.agency_id
    general = orgs.create_official(session, name="钱五", agency_id=agency_id, post="财政局副局长")
    builder = orgs.create_official(session, name="孙六", agency_id=agency_id, post="项目办主任")
    # recorded stage-first, so the order of the rows cannot be what picks the holder
    responsibility.assign(session, contract, official_id=builder.id, role="payment_approver",
                          start=date(2024, 1, 10), stage="execution")
    responsibility.assign(session, contract, official_id=general.id, role="payment_approver",
                          start=date(2024, 1, 10))
    session.commit()

    on = date(2024, 6, 1)
    assert responsibility.holder(session, contract.id, "payment_approver", on).name == "钱五"
    assert responsibility.holder(session, contract.id, "payment_approver", on, stage="execution").name == "孙六"
    assert responsibility.holder(session, contract.id, "payment_approver", on, stage="transfer").name == "钱五"
    assert responsibility.holder(session, contract.id, "project_lead", on) is None


def test_a_recorded_event_reads_in_chinese_in_what_people_did(session, story):
    """The acceptance recorded on the contract reads "新建履约事件；验收合格 …", not the code ``acceptance``."""
    report = contract_lookback.build(session, story.contract)
    events = [a["summary"] for a in report["actions"] if a["entity"] == "event"]
    assert events and all(s.startswith("新建履约事件；") for s in events)
    assert any("验收合格" in s for s in events) and not any("acceptance" in s for s in events)
