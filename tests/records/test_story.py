"""The story of issue 6: a bureau fails to pay an SME; the breach becomes a public dishonesty record that
names who was responsible; the bureau objects, the record is corrected; the bureau pays with interest,
applies for credit repair, and the record ends early — every step in the audit trail."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from contracts.audit import trail
from contracts.audit.models import AuditEvent
from contracts.core import clock
from contracts.core.db import db
from monitor.checker.models import Finding, FindingState
from monitor.cli import check, escalate
from tests.records.support import county, move_post


def _actions(session, entity: str, entity_id: int) -> list[str]:  # type: ignore[no-untyped-def]
    return list(session.scalars(select(AuditEvent.action).where(AuditEvent.entity == entity,
                                                                AuditEvent.entity_id == entity_id)
                                .order_by(AuditEvent.id)))


def test_an_unpaid_sme_becomes_a_public_record_is_corrected_on_objection_and_repaired_after_payment(
        app, api, make, session, client):
    w = county(make, session)
    officer = api.as_(make.user("credit_officer", username="xinyongban")[1])
    bureau = api.as_(make.user("agency_staff", agency=w.agency, username="zjj-jicai")[1])
    supervisor = api.as_(make.user("supervisor", agency=w.parent, username="county-supervisor")[1])
    assert w.ob.due_date == date(2025, 4, 2)

    # The daily check finds the payment overdue; the bureau is given until 20 May to pay (限期整改)
    # and sends its written explanation (书面说明).
    clock.set_today(date(2025, 4, 10))
    cli = app.test_cli_runner()
    checked = cli.invoke(check, ["--date", "2025-04-10"])
    assert checked.exit_code == 0, checked.output
    finding = session.scalar(select(Finding).where(Finding.obligation_id == w.ob.id,
                                                   Finding.rule_id == "payment_overdue"))
    assert finding.state == FindingState.open and finding.days_overdue == 8
    assert [h["name"] for h in finding.responsible_on_due_date] == ["李明"]
    clock.set_today(date(2025, 4, 15))
    for action in ({"action": "rectify", "deadline": "2025-05-20"},
                   {"action": "explain", "explanation": "财政资金尚未拨付到位，预计5月中旬支付"}):
        acted = bureau.post(f"/api/v1/findings/{finding.id}/actions", json=action)
        assert acted.status_code == 200, acted.get_json()
    # Before the deadline 李明, the approver on the due date, moves to another bureau; 王芳 takes over.
    move_post(make, session, w, date(2025, 5, 6))

    # The deadline passes uncured: the daily check runs, then escalation proposes a record.
    clock.set_today(date(2025, 5, 21))
    assert cli.invoke(check, ["--date", "2025-05-21"]).exit_code == 0
    out = cli.invoke(escalate, ["--date", "2025-05-21"])
    assert out.exit_code == 0, out.output
    assert "1 record(s) proposed" in out.output
    clock.set_today(date(2025, 5, 22))
    again = cli.invoke(escalate, ["--date", "2025-05-22"])
    assert "0 record(s) proposed" in again.output, "escalation never duplicates a record"

    records = officer.get("/api/v1/records").get_json()
    assert len(records) == 1
    rec = records[0]
    assert rec["status"] == "proposed" and rec["category"] == "arrears" and rec["severity"] == "general"
    assert rec["agency_name"] == "某县住房和城乡建设局" and rec["finding_ids"] == [finding.id]
    assert rec["outstanding"] == "300000.00" and rec["interest"] == "7350.00"  # 49 days at 万分之五
    # who was responsible on the due date (now moved post, snapshot keeps the post he held) and now
    assert [(o["name"], o["post"], o["role"]) for o in rec["responsible_on_due_date"]] == [
        ("李明", "计财科科长", "payment_approver")]
    assert [o["name"] for o in rec["responsible_now"]] == ["王芳"]
    assert "政府采购法实施条例" in rec["legal_basis"] and "优化营商环境条例" in rec["legal_basis"]
    assert "1103号" in rec["legal_basis"]
    session.refresh(finding)
    assert finding.state == FindingState.escalated
    # the bureau is told before any listing (事先告知), names are not shown to its clerk by default
    seen_by_bureau = bureau.get(f"/api/v1/records/{rec['id']}").get_json()
    assert seen_by_bureau["officials_hidden"] is True and seen_by_bureau["responsible_now"] == []

    # The credit office decides and publishes: 一般 → 12 months from the decision.
    clock.set_today(date(2025, 5, 26))
    assert bureau.post(f"/api/v1/records/{rec['id']}/publish", json={}).status_code == 403
    published = officer.post(f"/api/v1/records/{rec['id']}/publish", json={"note": "认定违约失信"})
    assert published.status_code == 200, published.get_json()
    published = published.get_json()
    assert published["status"] == "published" and published["decided_on"] == "2025-05-26"
    assert published["publicity_end"] == "2026-05-26" and published["publicity_months"] == 12
    # the current holder is taken again as of the decision; the proposal's snapshot is kept
    assert [(o["name"], o["as_of"]) for o in published["responsible_now"]] == [("王芳", "2025-05-26")]
    assert [(o["name"], o["as_of"]) for o in published["responsible_on_due_date"]] == [("李明", "2025-04-02")]

    # Anyone can read the public list, without a token and without personal data.
    public = client.get("/api/v1/public/records")
    assert public.status_code == 200
    listed = public.get_json()
    assert [r["id"] for r in listed] == [rec["id"]]
    assert listed[0]["agency"]["name"] == "某县住房和城乡建设局"
    assert listed[0]["publicity_end"] == "2026-05-26" and "1103号" in listed[0]["legal_basis"]
    assert listed[0]["responsible_officials"] == []
    assert "李明" not in public.get_data(as_text=True) and "王芳" not in public.get_data(as_text=True)
    page = client.get("/public/records")
    assert page.status_code == 200
    assert "某县住房和城乡建设局" in page.get_data(as_text=True) and "李明" not in page.get_data(as_text=True)

    # The bureau objects; the answer is due in 10 working days (the Dragon Boat holiday does not count).
    clock.set_today(date(2025, 5, 28))
    objection = bureau.post(f"/api/v1/records/{rec['id']}/objections", json={
        "grounds": "事实部分未写明已于5月20日提交书面说明及资金拨付计划", "requested": "correct"})
    assert objection.status_code == 201, objection.get_json()
    objection = objection.get_json()
    assert objection["filer_kind"] == "agency" and objection["answer_due"] == "2025-06-12"
    assert officer.get(f"/api/v1/records/{rec['id']}").get_json()["status"] == "objected"
    assert client.get("/api/v1/public/records").get_json()[0]["status_label"] == "异议处理中"

    clock.set_today(date(2025, 6, 3))
    verified = officer.post(f"/api/v1/objections/{objection['id']}/verify", json={"note": "调阅整改台账"})
    assert verified.get_json()["status"] == "verifying"
    clock.set_today(date(2025, 6, 5))
    corrected_facts = published["facts"] + "该局已于2025年5月20日提交书面说明及资金拨付计划。"
    answered = officer.post(f"/api/v1/objections/{objection['id']}/answer", json={
        "outcome": "corrected", "answer": "经核查，补充书面说明情况，其余事实维持。",
        "changes": {"facts": corrected_facts}})
    assert answered.status_code == 200, answered.get_json()
    answered = answered.get_json()
    assert answered["status"] == "answered" and answered["outcome"] == "corrected"
    assert answered["verified_at"] and answered["answered_at"] and answered["overdue"] is False
    after = officer.get(f"/api/v1/records/{rec['id']}").get_json()
    assert after["status"] == "corrected" and after["facts"] == corrected_facts
    assert client.get("/api/v1/public/records").get_json()[0]["facts"] == corrected_facts

    # The bureau pays the arrears and the late-payment interest (75 days at 万分之五).
    clock.set_today(date(2025, 6, 16))
    make.payment(w.ob, "300000.00", date(2025, 6, 16))
    interest_ob = make.obligation(w.contract, kind="payment", amount="11250.00", description="逾期付款利息",
                                  due={"date": "2025-06-16"})
    interest_payment = make.payment(interest_ob, "11250.00", date(2025, 6, 16))

    # Too early: a 一般 record may be repaired only after 3 months of publicity.
    clock.set_today(date(2025, 7, 1))
    early = bureau.post(f"/api/v1/records/{rec['id']}/repair", json={
        "commitment": "本单位承诺依法履约、按期支付中小企业款项。", "interest_payment_ids": [interest_payment.id]})
    assert early.status_code == 422
    assert "2025-08-27" in str(early.get_json()["errors"])

    clock.set_today(date(2025, 9, 1))
    applied = bureau.post(f"/api/v1/records/{rec['id']}/repair", json={
        "commitment": "本单位承诺依法履约、按期支付中小企业款项。", "statement": "已于6月16日全额支付本金及利息",
        "interest_payment_ids": [interest_payment.id]})
    assert applied.status_code == 201, applied.get_json()
    applied = applied.get_json()
    case = applied["case"]
    assert case["principal_cured"] is True and case["interest_settled"] is True
    assert case["obligations"][0]["payments"][0]["amount"] == "300000.00"
    assert case["interest_paid"] == "11250.00" and case["eligible_from"] == "2025-08-27"

    decided = officer.post(f"/api/v1/records/{rec['id']}/repair/{applied['id']}/decision",
                           json={"approve": True, "reason": "已纠正失信行为并作出信用承诺"})
    assert decided.status_code == 200, decided.get_json()
    assert decided.get_json()["status"] == "approved"

    # The record ends early: off the public list, still visible to supervisors.
    assert client.get("/api/v1/public/records").get_json() == []
    final = supervisor.get(f"/api/v1/records/{rec['id']}")
    assert final.status_code == 200
    final = final.get_json()
    assert final["status"] == "repaired" and final["ended_on"] == "2025-09-01"
    assert final["publicity_end"] == "2026-05-26"
    assert [o["name"] for o in final["responsible_on_due_date"]] == ["李明"]

    # Every step is in the audit trail, and the chain is intact.
    assert _actions(session, "dishonesty_record", rec["id"]) == [
        "propose", "publish", "object", "objection_corrected", "repair"]
    assert _actions(session, "objection", objection["id"]) == ["create", "verify", "answer"]
    assert _actions(session, "repair_application", applied["id"]) == ["create", "decide"]
    # … escalated with the proposal, resolved with the repair: no longer an active breach of the bureau
    assert _actions(session, "finding", finding.id) == ["rectify", "explain", "update", "update"]
    session.expire_all()
    assert session.get(Finding, finding.id).state == FindingState.resolved
    assert "check_run" in set(session.scalars(select(AuditEvent.entity)))
    assert "payment" in set(session.scalars(select(AuditEvent.entity)))
    db.session.remove()
    result = trail.verify(db.session)
    assert result.ok, result.problems

