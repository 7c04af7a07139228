"""Who may decide a record and from what: nobody on their own agency's record (回避), never from a
future date or a finding not yet overdue, one record per unpaid obligation, and a period the
credit office set while the record was proposed kept when it is published."""

from __future__ import annotations

from datetime import date

import pytest

from contracts.core import clock
from contracts.core.db import db
from contracts.core.errors import DomainError
from monitor.checker.models import FindingState
from monitor.records import services as records
from tests.records.support import checker_finding, county, proposed_record, published_record, start_rectification


def test_nobody_decides_on_a_record_about_the_agency_they_work_for(make, session, api):
    w = county(make, session)
    rec = published_record(make, session, w)
    own = api.as_(make.user("credit_officer", agency=w.agency)[1])
    r = own.post(f"/api/v1/records/{rec.id}/revoke", json={"reason": "本局认为已与企业达成和解"})
    assert r.status_code == 403 and "回避" in r.get_json()["errors"]["json"]["_schema"][0]
    ok = api.as_(make.user("credit_officer", agency=w.other_agency)[1]).post(
        f"/api/v1/records/{rec.id}/revoke", json={"reason": "认定依据不足"})
    assert ok.status_code == 200 and ok.get_json()["status"] == "revoked"


def test_a_bureau_cannot_propose_a_record_about_itself_by_hand_either(make, session, api):
    w = county(make, session)
    clock.set_today(date(2025, 4, 10))
    f = checker_finding(session, w.ob, as_of=date(2025, 4, 10))
    own = api.as_(make.user("credit_officer", agency=w.agency)[1])
    assert own.post("/api/v1/records", json={"finding_ids": [f.id]}).status_code == 403
    assert api.as_("credit_officer").post("/api/v1/records", json={"finding_ids": [f.id]}).status_code == 201


def test_findings_are_not_escalated_as_of_a_date_still_to_come(make, session, api):
    w = county(make, session)
    clock.set_today(date(2025, 4, 10))
    start_rectification(session, checker_finding(session, w.ob, as_of=date(2025, 4, 10)), date(2025, 5, 20))
    r = api.as_("credit_officer").post("/api/v1/records/escalate", json={"as_of": "2025-12-31"})
    assert r.status_code == 422 and "as_of" in r.get_json()["errors"]["json"]
    with pytest.raises(DomainError):
        records.escalate_overdue(session, date(2025, 12, 31))
    assert records.escalate_overdue(session, date(2025, 4, 10)) == [], "paying before 20 May still saves it"


def test_a_warning_is_not_a_breach_and_cannot_be_proposed_as_a_record(make, session, api):
    w = county(make, session)
    clock.set_today(date(2025, 3, 28))
    warning = checker_finding(session, w.ob, as_of=date(2025, 3, 28))  # due 04-02
    assert warning.state == FindingState.warning
    r = api.as_("credit_officer").post("/api/v1/records", json={"finding_ids": [warning.id]})
    assert r.status_code == 422 and "warning" in r.get_json()["errors"]["json"]["finding_ids"][0]


def test_a_second_rule_on_money_already_recorded_backs_the_same_record(make, session, api):
    w = county(make, session)
    rec = proposed_record(make, session, w)  # payment judged by the SME rule, proposed 05-21
    clock.set_today(date(2025, 5, 22))
    by_contract = start_rectification(session, checker_finding(session, w.ob, as_of=date(2025, 5, 22),
                                                               rule_id="payment_overdue"), date(2025, 6, 5))
    r = api.as_("credit_officer").post("/api/v1/records", json={"finding_ids": [by_contract.id]})
    assert r.status_code == 422 and f"#{rec.id}" in r.get_json()["errors"]["json"]["finding_ids"][0]
    clock.set_today(date(2025, 6, 6))
    assert records.escalate_overdue(session, date(2025, 6, 6)) == []
    db.commit()
    session.refresh(rec)
    session.refresh(by_contract)
    assert len(rec.finding_ids) == 2 and by_contract.id in rec.finding_ids
    assert by_contract.state == FindingState.escalated
    assert rec.outstanding == 300000, "the same 300,000 yuan, recorded once"


def test_a_period_set_while_the_record_was_proposed_is_kept_when_it_is_published(make, session, api):
    w = county(make, session)
    rec = proposed_record(make, session, w)
    officer = api.as_("credit_officer")
    amended = officer.post(f"/api/v1/records/{rec.id}/amend", json={
        "changes": {"publicity_months": 4}, "reason": "首次失信且已部分清偿"})
    assert amended.status_code == 200
    clock.set_today(date(2025, 5, 26))
    published = officer.post(f"/api/v1/records/{rec.id}/publish", json={}).get_json()
    assert (published["publicity_months"], published["publicity_end"]) == (4, "2025-09-26")


def test_a_finding_named_twice_backs_the_record_once_and_a_page_far_past_the_end_is_empty(make, session, api,
                                                                                           client):
    w = county(make, session)
    clock.set_today(date(2025, 4, 10))
    f = checker_finding(session, w.ob, as_of=date(2025, 4, 10))
    r = api.as_("credit_officer").post("/api/v1/records", json={"finding_ids": [f.id, f.id]})
    assert r.status_code == 201 and r.get_json()["finding_ids"] == [f.id]
    far = "99999999999999999999"
    r = api.get(f"/api/v1/public/records?page={far}")
    assert (r.status_code, r.get_json()) == (200, [])
    assert client.get(f"/public/records?page={far}").status_code == 200


def test_a_revoked_record_takes_its_findings_off_the_active_list(make, session, api):
    w = county(make, session)
    rec = published_record(make, session, w)
    [f] = records.findings_of(session, rec)
    assert f.state == FindingState.escalated
    r = api.as_("credit_officer").post(f"/api/v1/records/{rec.id}/revoke", json={"reason": "付款条件未成就，认定依据不足"})
    assert r.status_code == 200
    session.refresh(f)
    assert f.state == FindingState.dismissed and f.resolution_reason == "失信记录已撤销：付款条件未成就，认定依据不足"


def test_an_expired_record_resolves_its_cured_findings_and_leaves_the_money_still_owed_escalated(make, session):
    w = county(make, session)
    paid_rec = published_record(make, session, w, severity="minor")  # 3 months from 05-26
    owed = make.obligation(w.contract, kind="payment", amount="50000.00", description="结算款",
                           due={"date": "2025-04-08"})
    clock.set_today(date(2025, 4, 10))
    g = start_rectification(session, checker_finding(session, owed, as_of=date(2025, 4, 10), severity="minor"),
                            date(2025, 5, 20))
    clock.set_today(date(2025, 5, 21))
    [owed_rec] = records.escalate_overdue(session, date(2025, 5, 21))
    clock.set_today(date(2025, 5, 26))
    records.publish(session, owed_rec, user_id=None)
    [f] = records.findings_of(session, paid_rec)
    f.cured_on = date(2025, 6, 30)  # paid: the checker writes the cure date onto an escalated finding
    db.commit()
    clock.set_today(date(2025, 8, 27))
    assert {r.id for r in records.expire_due(session, date(2025, 8, 27))} == {paid_rec.id, owed_rec.id}
    db.commit()
    session.refresh(f)
    session.refresh(g)
    assert (f.state, g.state) == (FindingState.resolved, FindingState.escalated)


def test_a_record_revoked_on_objection_takes_its_findings_off_the_active_list_too(make, session, api):
    w = county(make, session)
    rec = published_record(make, session, w)
    [f] = records.findings_of(session, rec)
    clerk = api.as_(make.user("agency_staff", agency=w.agency)[1])
    clock.set_today(date(2025, 5, 28))
    obj = clerk.post(f"/api/v1/records/{rec.id}/objections", json={"grounds": "付款条件未成就", "requested": "revoke"})
    assert obj.status_code == 201
    answered = api.as_("credit_officer").post(f"/api/v1/objections/{obj.get_json()['id']}/answer", json={
        "outcome": "revoked", "answer": "经核查，合同约定收到财政拨款后支付，拨款尚未下达。"})
    assert answered.status_code == 200
    session.refresh(f)
    assert f.state == FindingState.dismissed and f.resolution_reason.startswith("异议成立，失信记录已撤销：")


def test_a_repair_application_waiting_when_the_record_is_revoked_on_objection_is_closed(make, session, api):
    """The bureau paid and applied for repair on 27 August; the next day an objection it filed is upheld
    and the record revoked. Nothing is left to repair: the application leaves the credit office's queue."""
    w = county(make, session)
    rec = published_record(make, session, w)
    clerk = api.as_(make.user("agency_staff", agency=w.agency)[1])
    clock.set_today(date(2025, 8, 27))
    make.payment(w.ob, "300000.00", date(2025, 8, 27))
    applied = clerk.post(f"/api/v1/records/{rec.id}/repair", json={"commitment": "承诺按期付款"})
    assert applied.status_code == 201, applied.get_json()
    clock.set_today(date(2025, 8, 28))
    obj = clerk.post(f"/api/v1/records/{rec.id}/objections", json={"grounds": "付款条件未成就", "requested": "revoke"})
    assert obj.status_code == 201, obj.get_json()
    officer = api.as_("credit_officer")
    assert officer.post(f"/api/v1/objections/{obj.get_json()['id']}/answer", json={
        "outcome": "revoked", "answer": "经核查，拨款尚未下达。"}).status_code == 200
    [app] = officer.get(f"/api/v1/records/{rec.id}/repair").get_json()
    assert (app["status"], app["decision_reason"]) == (
        "closed", "失信记录已撤销，无需修复 / the record was revoked: nothing to repair")
    decided = officer.post(f"/api/v1/records/{rec.id}/repair/{app['id']}/decision", json={"approve": False,
                                                                                       "reason": "不符合条件"})
    assert decided.status_code == 409
