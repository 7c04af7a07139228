"""An enterprise complains that a bureau has not paid; the credit office accepts, reviews, determines,
supervises and records it, each step within its deadline in working days; a missed deadline raises
an alert; an enterprise sees only its own complaints; the bureau complained about cannot handle it."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from contracts.access.models import User
from contracts.audit.models import AuditEvent
from contracts.core import clock
from contracts.core.db import db
from contracts.core.errors import Conflict
from monitor.alerts import services as alerts
from monitor.alerts.models import Notification
from monitor.checker.models import FindingState
from monitor.complaints import services
from monitor.complaints.models import Complaint
from monitor.records import services as records
from monitor.records.models import DishonestyRecord
from tests.records.support import checker_finding, county, proposed_record, run_jobs


def _complain(client, contract_id: int, **extra):  # type: ignore[no-untyped-def]
    body = {"category": "unpaid_goods", "title": "建材款30万元逾期未付",
            "description": "2025年3月3日验收合格，合同约定验收后30日内付款，至今未付。", "contract_id": contract_id,
            "amount": "300000.00"} | extra
    return client.post("/api/v1/complaints", json=body)


def test_a_complaint_walks_accept_review_determine_supervise_record_with_a_deadline_at_each_step(
        make, session, api):
    w = county(make, session)
    clock.set_today(date(2025, 5, 10))
    finding = checker_finding(session, w.ob, as_of=date(2025, 5, 10))
    ent = api.as_(make.user("enterprise", enterprise=w.enterprise)[1])
    _officer_user, officer_token = make.user("credit_officer", username="xyb-chief")
    handler_user, handler_token = make.user("credit_officer", username="xyb-handler")
    officer, handler = api.as_(officer_token), api.as_(handler_token)

    clock.set_today(date(2025, 5, 12))
    filed = _complain(ent, w.contract.id)
    assert filed.status_code == 201, filed.get_json()
    c = filed.get_json()
    assert c["status"] == "submitted" and c["next_step"] == "accept" and c["step_due"] == "2025-05-15"
    assert c["agency_id"] == w.agency.id and c["amount"] == "300000.00"
    cid = c["id"]
    assert officer.post(f"/api/v1/complaints/{cid}/assign", json={"handler_id": handler_user.id}).status_code == 200

    def step(day: date, body: dict) -> dict:  # type: ignore[type-arg]
        clock.set_today(day)
        r = handler.post(f"/api/v1/complaints/{cid}/steps", json=body)
        assert r.status_code == 200, r.get_json()
        return r.get_json()

    c = step(date(2025, 5, 14), {"step": "accept", "note": "材料齐全，予以受理"})
    assert (c["status"], c["step_due"]) == ("accepted", "2025-05-28")
    c = step(date(2025, 5, 20), {"step": "review", "note": "已调取验收单和付款台账"})
    assert (c["status"], c["step_due"]) == ("reviewed", "2025-06-04")  # the Dragon Boat holiday is skipped
    c = step(date(2025, 5, 27), {"step": "determine", "substantiated": True, "note": "投诉属实",
                                 "finding_ids": [finding.id]})
    assert (c["status"], c["step_due"], c["finding_ids"]) == ("determined", "2025-06-04", [finding.id])
    c = step(date(2025, 6, 6), {"step": "supervise", "note": "督办住建局6月20日前付清"})
    assert c["status"] == "supervised"
    c = step(date(2025, 6, 20), {"step": "record", "note": "督办期满仍未付款",
                                 "record": {"legal_basis": "发改财金〔2023〕1103号 §2(2)；《保障中小企业款项支付条例》第九条",
                                            "severity": "general"}})
    assert c["status"] == "recorded" and c["closed_on"] == "2025-06-20" and c["step_due"] is None
    assert len(c["record_ids"]) == 1

    steps = [(s["step"], s["due"], s["late"]) for s in c["steps"] if s["step"] not in ("submit", "assign")]
    assert steps == [("accept", "2025-05-15", False), ("review", "2025-05-28", False),
                     ("determine", "2025-06-04", False), ("supervise", "2025-06-04", True),
                     ("record", c["steps"][-1]["due"], False)]
    rec = session.get(DishonestyRecord, c["record_ids"][0])
    assert rec.status == "proposed" and rec.origin == "complaint" and rec.category == "arrears"
    assert rec.finding_ids == [finding.id] and "建材款30万元逾期未付" in rec.facts
    session.refresh(finding)
    assert finding.state == FindingState.escalated

    # the complainant follows it and writes to the handler
    mine = ent.get(f"/api/v1/complaints/{cid}").get_json()
    assert mine["status_label"] == "已记入信用记录"
    assert ent.post(f"/api/v1/complaints/{cid}/messages", json={"body": "请问何时公示？"}).status_code == 201
    reply = handler.post(f"/api/v1/complaints/{cid}/messages", json={"body": "认定后将在信用网站公示。"})
    assert reply.status_code == 201 and reply.get_json()["from_complainant"] is False
    assert [m["from_complainant"] for m in ent.get(f"/api/v1/complaints/{cid}/messages").get_json()] == [True, False]
    progress = session.scalars(select(Notification.title).where(Notification.event == "complaint_step",
                                                                Notification.recipient_type == "enterprise")).all()
    assert len(progress) == 5

    actions = session.scalars(select(AuditEvent.action).where(AuditEvent.entity == "complaint",
                                                              AuditEvent.entity_id == cid).order_by(AuditEvent.id))
    assert list(actions) == ["create", "assign", "accept", "review", "determine", "supervise", "record"]
    assert handler.post(f"/api/v1/complaints/{cid}/steps", json={"step": "resolve", "note": "x"}).status_code == 409


def test_a_missed_step_deadline_raises_an_alert_once(make, session, api):
    w = county(make, session)
    ent = api.as_(make.user("enterprise", enterprise=w.enterprise)[1])
    officer_user, officer_token = make.user("credit_officer")
    clock.set_today(date(2025, 5, 12))
    cid = _complain(ent, w.contract.id).get_json()["id"]

    def overdue_alerts() -> list[Notification]:
        return list(session.scalars(select(Notification).where(Notification.event == "complaint_overdue")))

    for day in (date(2025, 5, 13), date(2025, 5, 15)):
        clock.set_today(day)
        alerts.scan(session, day)
        db.commit()
    assert overdue_alerts() == []
    assert api.as_(officer_token).get("/api/v1/complaints?overdue=true").get_json() == []

    clock.set_today(date(2025, 5, 16))  # accepting was due by the 15th
    alerts.scan(session, date(2025, 5, 16))
    db.commit()
    run_jobs()
    late = overdue_alerts()
    assert [n.recipient_key for n in late] == [f"user:{officer_user.id}"]
    assert "受理期限 2025-05-15 已过" in late[0].title
    listed = api.as_(officer_token).get("/api/v1/complaints?overdue=true").get_json()
    assert [x["id"] for x in listed] == [cid] and listed[0]["overdue"] is True

    clock.set_today(date(2025, 5, 19))
    alerts.scan(session, date(2025, 5, 19))
    db.commit()
    assert len(overdue_alerts()) == 1, "one alert per missed step"
    accepted = api.as_(officer_token).post(f"/api/v1/complaints/{cid}/steps", json={"step": "accept"}).get_json()
    assert accepted["steps"][-1]["late"] is True and accepted["overdue"] is False


def test_an_enterprise_sees_only_its_own_complaints(make, session, api):
    w = county(make, session)
    ent = api.as_(make.user("enterprise", enterprise=w.enterprise)[1])
    other = api.as_(make.user("enterprise")[1])
    clock.set_today(date(2025, 5, 12))
    cid = _complain(ent, w.contract.id).get_json()["id"]

    assert [c["id"] for c in ent.get("/api/v1/complaints").get_json()] == [cid]
    assert other.get("/api/v1/complaints").get_json() == []
    assert other.get(f"/api/v1/complaints/{cid}").status_code == 404
    assert other.post(f"/api/v1/complaints/{cid}/messages", json={"body": "看看"}).status_code == 404
    r = _complain(other, w.contract.id)
    assert r.status_code == 404, "a contract the enterprise is not party to does not exist for it"
    assert session.scalar(select(func.count()).select_from(Complaint)) == 1


def test_the_bureau_complained_about_cannot_handle_it_but_its_superior_can(make, session, api):
    w = county(make, session)
    ent = api.as_(make.user("enterprise", enterprise=w.enterprise)[1])
    bureau = api.as_(make.user("agency_staff", agency=w.agency)[1])
    superior = api.as_(make.user("agency_staff", agency=w.parent)[1])
    clock.set_today(date(2025, 5, 12))
    cid = _complain(ent, w.contract.id).get_json()["id"]

    assert bureau.get(f"/api/v1/complaints/{cid}").status_code == 200
    refused = bureau.post(f"/api/v1/complaints/{cid}/steps", json={"step": "accept"})
    assert refused.status_code == 403
    assert superior.post(f"/api/v1/complaints/{cid}/steps", json={"step": "accept"}).status_code == 200
    assert api.as_("supervisor").post(f"/api/v1/complaints/{cid}/steps", json={"step": "review"}).status_code == 403


def test_an_untrue_complaint_is_rejected_with_an_explanation_for_the_complainant(make, session, api):
    w = county(make, session)
    ent = api.as_(make.user("enterprise", enterprise=w.enterprise)[1])
    officer = api.as_("credit_officer")
    clock.set_today(date(2025, 5, 12))
    cid = _complain(ent, w.contract.id, category="deposit_not_returned", title="投标保证金未退").get_json()["id"]
    for s in ("accept", "review"):
        assert officer.post(f"/api/v1/complaints/{cid}/steps", json={"step": s}).status_code == 200
    bare = officer.post(f"/api/v1/complaints/{cid}/steps", json={"step": "determine", "substantiated": False})
    assert bare.status_code == 422 and "note" in bare.get_json()["errors"]["json"]
    done = officer.post(f"/api/v1/complaints/{cid}/steps", json={
        "step": "determine", "substantiated": False, "note": "保证金已于签约后5日内退还，有银行回单为证"})
    assert done.status_code == 200
    seen = ent.get(f"/api/v1/complaints/{cid}").get_json()
    assert seen["status"] == "rejected" and seen["outcome"].startswith("保证金已于签约后5日内退还")
    assert session.scalar(select(func.count()).select_from(DishonestyRecord)) == 0


def test_a_complaint_with_bad_fields_is_refused_field_by_field_and_nothing_is_stored(make, session, api):
    w = county(make, session)
    ent = api.as_(make.user("enterprise", enterprise=w.enterprise)[1])
    r = ent.post("/api/v1/complaints", json={"category": "arrears", "description": "",
                                            "contract_id": w.contract.id})
    assert r.status_code == 422
    errors = r.get_json()["errors"]["json"]
    assert {"category", "title", "description"} <= set(errors)
    r = ent.post("/api/v1/complaints", json={"category": "other", "title": "招商承诺", "description": "未兑现"})
    assert r.status_code == 422 and "agency_id" in r.get_json()["errors"]["json"]
    assert "/" in r.get_json()["errors"]["json"]["agency_id"][0], "Chinese / English message"
    assert session.scalar(select(func.count()).select_from(Complaint)) == 0
    about_agency = ent.post("/api/v1/complaints", json={"category": "investment_promise", "title": "招商奖励未兑现",
                                                       "description": "承诺的奖励资金未拨付", "agency_id": w.parent.id})
    assert about_agency.status_code == 201 and about_agency.get_json()["contract_id"] is None


def test_no_one_working_for_the_bureau_complained_about_can_handle_it_whatever_their_role(make, session, api):
    w = county(make, session)
    ent = api.as_(make.user("enterprise", enterprise=w.enterprise)[1])
    clock.set_today(date(2025, 5, 12))
    cid = _complain(ent, w.contract.id).get_json()["id"]

    for role in ("finance_staff", "credit_officer"):
        insider = api.as_(make.user(role, agency=w.agency)[1])
        for body in ({"step": "accept"}, {"step": "reject", "note": "不属实"}):
            refused = insider.post(f"/api/v1/complaints/{cid}/steps", json=body)
            assert refused.status_code == 403, (role, body)
            assert "被投诉部门的工作人员" in refused.get_json()["errors"]["json"]["_schema"][0]
        assert insider.post(f"/api/v1/complaints/{cid}/messages", json={"body": "我们会处理"}).status_code == 403
    assert session.get(Complaint, cid).status == "submitted"

    superiors_finance = api.as_(make.user("finance_staff", agency=w.parent)[1])
    assert superiors_finance.post(f"/api/v1/complaints/{cid}/steps", json={"step": "accept"}).status_code == 200
    assert api.as_("credit_officer").post(f"/api/v1/complaints/{cid}/steps", json={"step": "review"}).status_code == 200


def test_a_complaint_is_recorded_only_against_a_live_record_about_its_contract(make, session, api):
    w = county(make, session)
    dismissed = proposed_record(make, session, w)
    records.dismiss(session, dismissed, reason="已于督办期内付清", user_id=None)
    other_contract = make.contract(w.agency, w.enterprise, code="ZJ-2025-002", title="道路养护合同",
                                   signed_on=date(2025, 1, 20))
    about_other = records.propose(session, agency_id=w.agency.id, contract_id=other_contract.id,
                                  category="arrears", facts="道路养护款逾期未付", legal_basis="1103号")
    db.commit()
    ent = api.as_(make.user("enterprise", enterprise=w.enterprise)[1])
    officer = api.as_("credit_officer")
    clock.set_today(date(2025, 5, 23))
    cid = _complain(ent, w.contract.id).get_json()["id"]
    for s in ({"step": "accept"}, {"step": "review"}, {"step": "determine", "substantiated": True},
              {"step": "supervise"}):
        assert officer.post(f"/api/v1/complaints/{cid}/steps", json=s).status_code == 200

    for rec in (dismissed, about_other):
        r = officer.post(f"/api/v1/complaints/{cid}/steps", json={"step": "record", "record": {"record_id": rec.id}})
        assert r.status_code == 422, r.get_json()
        assert "/" in r.get_json()["errors"]["json"]["record_id"][0], "Chinese / English message"
    assert session.get(Complaint, cid).status == "supervised"

    live = records.propose(session, agency_id=w.agency.id, contract_id=w.contract.id, category="arrears",
                           facts="验收后30万元逾期未付", legal_basis="1103号")
    db.commit()
    r = officer.post(f"/api/v1/complaints/{cid}/steps", json={"step": "record", "record": {"record_id": live.id}})
    assert r.status_code == 200, r.get_json()
    assert r.get_json()["status"] == "recorded" and r.get_json()["record_ids"] == [live.id]


def test_a_finding_named_twice_in_a_step_is_linked_once(make, session, api):
    w = county(make, session)
    clock.set_today(date(2025, 5, 10))
    finding = checker_finding(session, w.ob, as_of=date(2025, 5, 10))
    ent = api.as_(make.user("enterprise", enterprise=w.enterprise)[1])
    officer = api.as_("credit_officer")
    clock.set_today(date(2025, 5, 12))
    cid = _complain(ent, w.contract.id).get_json()["id"]
    for s in ("accept", "review"):
        assert officer.post(f"/api/v1/complaints/{cid}/steps", json={"step": s}).status_code == 200

    r = officer.post(f"/api/v1/complaints/{cid}/steps", json={"step": "determine", "substantiated": True,
                                                              "finding_ids": [finding.id, finding.id]})
    assert r.status_code == 200, r.get_json()
    assert r.get_json()["finding_ids"] == [finding.id]


def test_a_complaint_filed_for_an_enterprise_that_does_not_exist_is_refused(make, session, api):
    w = county(make, session)
    r = api.as_("admin").post("/api/v1/complaints", json={
        "category": "investment_promise", "title": "招商奖励未兑现", "description": "承诺的奖励资金未拨付",
        "agency_id": w.agency.id, "enterprise_id": 987654})
    assert r.status_code == 422, r.get_json()
    assert "/" in r.get_json()["errors"]["json"]["enterprise_id"][0], "Chinese / English message"
    assert session.scalar(select(func.count()).select_from(Complaint)) == 0


def test_a_complaint_amount_must_fit_yuan_and_fen(make, session, api):
    w = county(make, session)
    ent = api.as_(make.user("enterprise", enterprise=w.enterprise)[1])
    clock.set_today(date(2025, 5, 12))
    for amount in ("123456789012345678901.00", 12345678901234567890123, "10000000000000000.00", "-1.00", "300.001"):
        r = _complain(ent, w.contract.id, amount=amount)
        assert r.status_code == 422, (amount, r.get_json())
        assert "/" in r.get_json()["errors"]["json"]["amount"][0], "Chinese / English message"
    assert session.scalar(select(func.count()).select_from(Complaint)) == 0
    largest = _complain(ent, w.contract.id, amount="9999999999999999.99")
    assert largest.status_code == 201 and largest.get_json()["amount"] == "9999999999999999.99"


def test_the_bureau_complained_about_cannot_be_made_the_handler(make, session, api):
    w = county(make, session)
    ent = api.as_(make.user("enterprise", enterprise=w.enterprise)[1])
    insider, _ = make.user("agency_staff", agency=w.agency)
    clock.set_today(date(2025, 5, 12))
    cid = _complain(ent, w.contract.id).get_json()["id"]
    r = api.as_("credit_officer").post(f"/api/v1/complaints/{cid}/assign", json={"handler_id": insider.id})
    assert r.status_code == 422, r.get_json()  # today: 200, handler_id = the accused bureau's clerk


def test_no_one_is_told_about_a_complaint_they_cannot_open(make, session, api):
    w = county(make, session)
    ent = api.as_(make.user("enterprise", enterprise=w.enterprise)[1])
    stranger, _ = make.user("agency_staff", agency=w.other_agency)  # an unrelated bureau
    clock.set_today(date(2025, 5, 12))
    cid = _complain(ent, w.contract.id).get_json()["id"]
    api.as_("credit_officer").post(f"/api/v1/complaints/{cid}/assign", json={"handler_id": stranger.id})
    clock.set_today(date(2025, 5, 16))  # accepting was due by the 15th
    alerts.scan(session, date(2025, 5, 16))
    db.commit()
    told = session.scalars(select(Notification.recipient_id).where(
        Notification.event == "complaint_overdue", Notification.recipient_type == "user")).all()
    assert told
    for user_id in told:
        u = session.get(User, user_id)
        seen = api.as_(_token(make, u)).get(f"/api/v1/complaints/{cid}")
        assert seen.status_code == 200, f"{u.username} ({u.role}) is told about complaint {cid} but cannot open it"


def _token(make, u):  # type: ignore[no-untyped-def]
    from contracts.access import services as access

    t = access.issue_token(make.session, u, "review")
    make.commit()
    return t


def test_an_open_complaint_whose_deadline_awaits_next_years_calendar_is_listed_as_not_overdue(make, session, api):
    w = county(make, session)
    ent = api.as_(make.user("enterprise", enterprise=w.enterprise)[1])
    officer = api.as_("credit_officer")
    clock.set_today(date(2026, 12, 29))  # accepting is due 3 working days later, in 2027: no calendar yet
    filed = _complain(ent, w.contract.id)
    assert filed.status_code == 201, filed.get_json()
    c = filed.get_json()
    assert c["step_due"] is None and c["step_due_error"] and c["overdue"] is False

    assert [x["id"] for x in officer.get("/api/v1/complaints").get_json()] == [c["id"]]
    assert officer.get("/api/v1/complaints?overdue=true").get_json() == []
    not_late = officer.get("/api/v1/complaints?overdue=false").get_json()
    assert [x["id"] for x in not_late] == [c["id"]], "the open complaint is in neither list"



def test_a_step_sent_twice_at_once_is_taken_once_and_the_second_click_is_told_so(make, session):
    w = county(make, session)
    owner = make.user("enterprise", enterprise=w.enterprise)[0]
    officer = make.user("credit_officer")[0]
    clock.set_today(date(2025, 5, 12))
    c = services.file_complaint(session, owner, category="unpaid_goods", title="建材款30万元逾期未付",
                                description="验收合格后至今未付。", contract_id=w.contract.id)
    db.commit()
    with db.isolated_scope() as second:  # the second click's request has read the complaint as submitted
        seen = services.get_complaint(second, officer, c.id)
        assert seen.status == "submitted"
        with db.isolated_scope() as first:  # ... when the first click's request takes the step and commits
            services.take_step(first, services.get_complaint(first, officer, c.id), officer, "accept", note="受理")
            db.commit()
        with pytest.raises(Conflict) as refused:
            services.take_step(second, seen, officer, "accept", note="受理")
        assert "accepted" in refused.value.errors["step"][0]
        db.rollback()
    session.expire_all()
    assert [s.step for s in session.get(Complaint, c.id).steps] == ["submit", "accept"]


def test_a_step_out_of_turn_is_refused_in_plain_chinese_and_english(make, session, api):
    w = county(make, session)
    ent = api.as_(make.user("enterprise", enterprise=w.enterprise)[1])
    officer = api.as_("credit_officer")
    clock.set_today(date(2025, 5, 12))
    cid = _complain(ent, w.contract.id).get_json()["id"]
    r = officer.post(f"/api/v1/complaints/{cid}/steps", json={"step": "supervise", "note": "督办"})
    assert r.status_code == 409
    assert r.get_json()["errors"]["json"]["step"] == [
        "投诉待受理，不能进行“督办”环节 / a complaint that is submitted cannot take the step 'supervise'"]


def test_a_record_made_from_a_complaint_does_not_publish_the_complainants_account_naming_officials(
        make, session, api, client):
    w = county(make, session)
    ent = api.as_(make.user("enterprise", enterprise=w.enterprise)[1])
    officer = api.as_("credit_officer")
    clock.set_today(date(2025, 5, 12))
    account = "3月3日验收合格后多次催款，计财科李明科长说领导换了要重新走审批，至今未付。"  # as the portal asks
    cid = _complain(ent, w.contract.id, description=account).get_json()["id"]
    for body in ({"step": "accept"}, {"step": "review"}, {"step": "determine", "substantiated": True},
                 {"step": "supervise"}, {"step": "record", "note": "督办期满仍未付款",
                                         "record": {"legal_basis": "发改财金〔2023〕1103号 §2(2)"}}):
        assert officer.post(f"/api/v1/complaints/{cid}/steps", json=body).status_code == 200
    rec = session.scalar(select(DishonestyRecord))
    assert "建材款30万元逾期未付" in rec.facts and "督办期满仍未付款" in rec.facts
    records.publish(session, rec, user_id=None)
    db.commit()

    public = client.get("/api/v1/public/records").get_json()
    assert [r["id"] for r in public] == [rec.id]
    assert "李明" not in str(public) and "李明" not in client.get("/public/records").get_data(as_text=True)


def test_a_complaint_about_a_breach_already_on_a_record_is_recorded_against_it_not_as_a_second_record(
        make, session, api):
    w = county(make, session)
    rec = proposed_record(make, session, w)  # the checker's finding was escalated on 21 May
    [finding_id] = rec.finding_ids
    ent = api.as_(make.user("enterprise", enterprise=w.enterprise)[1])
    officer = api.as_("credit_officer")
    clock.set_today(date(2025, 5, 23))
    cid = _complain(ent, w.contract.id).get_json()["id"]
    for s in ({"step": "accept"}, {"step": "review"},
              {"step": "determine", "substantiated": True, "finding_ids": [finding_id]}, {"step": "supervise"}):
        assert officer.post(f"/api/v1/complaints/{cid}/steps", json=s).status_code == 200

    r = officer.post(f"/api/v1/complaints/{cid}/steps", json={"step": "record", "record": {"legal_basis": "1103号"}})
    assert r.status_code == 422, r.get_json()
    [message] = r.get_json()["errors"]["json"]["record_id"]
    assert f"失信记录 {rec.id}" in message and f"record {rec.id}" in message
    assert session.scalar(select(func.count()).select_from(DishonestyRecord)) == 1
    assert session.get(Complaint, cid).status == "supervised"

    r = officer.post(f"/api/v1/complaints/{cid}/steps", json={"step": "record", "record": {"record_id": rec.id}})
    assert r.status_code == 200 and r.get_json()["record_ids"] == [rec.id]
