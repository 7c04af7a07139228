"""The credit office's decisions on records, due process for the accused, who sees names, objections
past their deadline, credit repair refused while money is owed, and evidence files."""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

from sqlalchemy import func, select

from contracts.access import services as access
from contracts.core import clock
from contracts.core.db import db
from monitor.alerts import services as alerts
from monitor.alerts.models import Notification
from monitor.checker.models import FindingState
from monitor.records import services as records
from monitor.records.models import Attachment, DishonestyRecord
from tests.records.support import (
    checker_finding,
    county,
    move_post,
    proposed_record,
    published_record,
    start_rectification,
)
from workers import records as record_jobs


def test_escalation_waits_for_the_deadline_and_spares_a_breach_cured_in_time(make, session):
    w = county(make, session)
    late = make.obligation(w.contract, kind="payment", amount="100000.00", description="进度款",
                           due={"date": "2025-04-08"})
    untouched = make.obligation(w.contract, kind="payment", amount="50000.00", description="结算款",
                                due={"date": "2025-04-09"})
    clock.set_today(date(2025, 4, 10))
    cured = start_rectification(session, checker_finding(session, w.ob, as_of=date(2025, 4, 10)), date(2025, 5, 20))
    pending = start_rectification(session, checker_finding(session, late, as_of=date(2025, 4, 10)), date(2025, 5, 30))
    checker_finding(session, untouched, as_of=date(2025, 4, 10))  # open, no rectification deadline yet
    clock.set_today(date(2025, 5, 18))
    make.payment(w.ob, "300000.00", date(2025, 5, 18))

    clock.set_today(date(2025, 5, 21))
    assert records.escalate_overdue(session, date(2025, 5, 21)) == []
    clock.set_today(date(2025, 5, 31))
    created = records.escalate_overdue(session, date(2025, 5, 31))
    db.commit()
    assert [r.finding_ids for r in created] == [[pending.id]]
    session.refresh(cured)
    assert cured.state == FindingState.rectifying, "left to the checker to resolve"
    clock.set_today(date(2025, 6, 1))
    assert records.escalate_overdue(session, date(2025, 6, 1)) == []


def test_two_rules_judging_the_same_payment_make_one_record(make, session):
    w = county(make, session)
    clock.set_today(date(2025, 4, 10))
    by_contract = start_rectification(session, checker_finding(session, w.ob, as_of=date(2025, 4, 10),
                                                               rule_id="payment_overdue"), date(2025, 5, 20))
    by_statute = start_rectification(session, checker_finding(session, w.ob, as_of=date(2025, 4, 10)),
                                     date(2025, 5, 20))
    clock.set_today(date(2025, 5, 21))
    [rec] = records.escalate_overdue(session, date(2025, 5, 21))
    db.commit()
    assert rec.finding_ids == sorted([by_contract.id, by_statute.id])
    assert rec.outstanding == 300000, "the same 300,000 yuan, counted once"
    assert "保障中小企业款项支付条例" in rec.legal_basis


def test_a_finding_escalated_by_hand_gets_its_proposed_record_at_the_next_run(make, session):
    w = county(make, session)
    clock.set_today(date(2025, 4, 10))
    f = checker_finding(session, w.ob, as_of=date(2025, 4, 10))
    f.state = FindingState.escalated  # what the checker's "escalate" action leaves behind
    db.commit()
    clock.set_today(date(2025, 4, 11))
    [rec] = records.escalate_overdue(session, date(2025, 4, 11))
    db.commit()
    assert rec.status == "proposed" and rec.finding_ids == [f.id]
    clock.set_today(date(2025, 4, 12))
    assert records.escalate_overdue(session, date(2025, 4, 12)) == []


def test_the_credit_office_dismisses_or_exempts_with_reasons_and_nothing_is_deleted(make, session, api):
    w = county(make, session)
    rec = proposed_record(make, session, w)
    other = make.obligation(w.contract, kind="land", description="交付项目用地", due={"date": "2025-04-01"})
    clock.set_today(date(2025, 4, 10))
    f2 = start_rectification(session, checker_finding(session, other, as_of=date(2025, 4, 10),
                                                      rule_id="ia_commitment_overdue"), date(2025, 5, 20))
    clock.set_today(date(2025, 5, 21))
    [rec2] = records.escalate_overdue(session, date(2025, 5, 21))
    db.commit()
    assert rec2.category == "promise_broken"
    officer = api.as_("credit_officer")

    bare = officer.post(f"/api/v1/records/{rec.id}/dismiss", json={"reason": ""})
    assert bare.status_code == 422 and "reason" in bare.get_json()["errors"]["json"]
    dismissed = officer.post(f"/api/v1/records/{rec.id}/dismiss", json={"reason": "付款条件未成就：发票未到"})
    assert dismissed.get_json()["status"] == "dismissed"
    exempted = officer.post(f"/api/v1/records/{rec2.id}/exempt", json={
        "grounds": "因上级规划调整导致用地无法按期交付，已主动报告并提出补救方案，未谋取私利",
        "basis": "某县容错纠错实施办法第五条"})
    assert exempted.status_code == 200
    body = exempted.get_json()
    assert body["status"] == "exempted" and body["exemption_basis"] == "某县容错纠错实施办法第五条"
    assert officer.post(f"/api/v1/records/{rec2.id}/publish", json={}).status_code == 409

    all_records = officer.get("/api/v1/records").get_json()
    assert {r["status"] for r in all_records} == {"dismissed", "exempted"}
    assert api.get("/api/v1/public/records").get_json() == []
    session.refresh(f2)
    assert f2.state == FindingState.dismissed and f2.resolution_reason.startswith("容错纠错：")


def test_a_revoked_record_stays_marked_with_its_reason(make, session, api):
    w = county(make, session)
    rec = published_record(make, session, w)
    officer, supervisor = api.as_("credit_officer"), api.as_("supervisor")
    ent = api.as_(make.user("enterprise", enterprise=w.enterprise)[1])
    assert ent.get(f"/api/v1/records/{rec.id}").status_code == 200, "the enterprise sees public records of its contract"
    r = officer.post(f"/api/v1/records/{rec.id}/revoke", json={"reason": "发现付款条件约定为收到财政拨款后，认定依据不足"})
    assert r.status_code == 200
    kept = supervisor.get(f"/api/v1/records/{rec.id}").get_json()
    assert kept["status"] == "revoked" and kept["status_reason"].startswith("发现付款条件")
    assert kept["ended_on"] == "2025-05-26" and kept["facts"]
    assert api.get("/api/v1/public/records").get_json() == []
    assert ent.get(f"/api/v1/records/{rec.id}").status_code == 404
    assert session.scalar(select(func.count()).select_from(DishonestyRecord)) == 1


def test_the_publicity_period_follows_the_tiers_and_ends_by_itself(make, session, api):
    w = county(make, session)
    rec = proposed_record(make, session, w, severity="serious")
    officer = api.as_("credit_officer")
    clock.set_today(date(2025, 5, 26))
    short = officer.post(f"/api/v1/records/{rec.id}/publish", json={"publicity_months": 6})
    assert short.status_code == 422
    assert "12 至 36" in short.get_json()["errors"]["json"]["publicity_months"][0]
    ok = officer.post(f"/api/v1/records/{rec.id}/publish", json={"publicity_months": 12}).get_json()
    assert ok["publicity_end"] == "2026-05-26"
    downgraded = officer.post(f"/api/v1/records/{rec.id}/amend", json={
        "changes": {"severity": "minor"}, "reason": "欠款已部分清偿，情节轻微"}).get_json()
    assert downgraded["status"] == "corrected" and downgraded["publicity_end"] == "2025-08-26"

    clock.set_today(date(2025, 8, 26))
    assert record_jobs.daily() == {"proposed": 0, "expired": 0}
    assert len(api.get("/api/v1/public/records").get_json()) == 1
    clock.set_today(date(2025, 8, 27))
    assert record_jobs.daily() == {"proposed": 0, "expired": 1}
    session.expire_all()  # the job committed in a session of its own; requests here share the test's session
    assert api.get("/api/v1/public/records").get_json() == []
    assert officer.get(f"/api/v1/records/{rec.id}").get_json()["status"] == "expired"


def test_official_names_follow_the_policy_and_a_named_official_may_object_in_his_own_name(
        app, make, session, api, monkeypatch):
    w = county(make, session)
    clock.set_today(date(2025, 4, 10))
    f = checker_finding(session, w.ob, as_of=date(2025, 4, 10))
    start_rectification(session, f, date(2025, 5, 20))
    move_post(make, session, w)
    clock.set_today(date(2025, 5, 21))
    [rec] = records.escalate_overdue(session, date(2025, 5, 21))
    clock.set_today(date(2025, 5, 26))
    records.publish(session, rec, user_id=None)
    db.commit()
    # 李明 now works at the transport bureau and has an account there
    li = access.create_user(session, username="liming", role="agency_staff", agency_id=w.other_agency.id,
                            official_id=w.former.id)
    li_token = access.issue_token(session, li)
    db.commit()

    assert [o["name"] for o in api.as_("supervisor").get(f"/api/v1/records/{rec.id}").get_json()
            ["responsible_on_due_date"]] == ["李明"]
    assert api.as_(make.user("agency_staff", agency=w.agency)[1]).get(
        f"/api/v1/records/{rec.id}").get_json()["officials_hidden"] is True
    own = api.as_(li_token).get(f"/api/v1/records/{rec.id}")
    assert own.status_code == 200 and own.get_json()["responsible_on_due_date"][0]["name"] == "李明"

    objection = api.as_(li_token).post(f"/api/v1/records/{rec.id}/objections", json={
        "grounds": "本人已于4月初提交付款审批，因资金未到位未能支付", "requested": "correct"})
    assert objection.status_code == 201, objection.get_json()
    assert objection.get_json()["filer_kind"] == "official"
    assert objection.get_json()["official_id"] == w.former.id

    assert "李明" not in api.get("/api/v1/public/records").get_data(as_text=True)
    monkeypatch.setitem(app.config, "RECORD_OFFICIALS_VISIBLE_TO", ["admin", "credit_officer", "public"])
    shown = api.get("/api/v1/public/records").get_json()[0]["responsible_officials"]
    assert shown == [{"role": "payment_approver", "name": "李明", "post": "计财科科长"}]


def test_an_objection_not_answered_in_time_raises_alerts_and_is_flagged(make, session, api):
    w = county(make, session)
    rec = published_record(make, session, w)
    officer_user, officer_token = make.user("credit_officer")
    supervisor_user, _ = make.user("supervisor")
    clerk, clerk_token = make.user("agency_staff", agency=w.agency)
    clerk_api = api.as_(clerk_token)
    clock.set_today(date(2025, 5, 28))
    obj = clerk_api.post(f"/api/v1/records/{rec.id}/objections", json={"grounds": "金额有误", "requested": "revoke"})
    assert obj.status_code == 201
    obj = obj.get_json()
    second = clerk_api.post(f"/api/v1/records/{rec.id}/objections", json={"grounds": "再次异议", "requested": "revoke"})
    assert second.status_code == 409

    def events(kind: str) -> set[str]:
        return set(session.scalars(select(Notification.recipient_key).where(Notification.event == kind)))

    assert events("objection_received") == {f"user:{officer_user.id}", f"user:{clerk.id}"}
    for day in (date(2025, 6, 9), date(2025, 6, 10), date(2025, 6, 13)):
        clock.set_today(day)
        alerts.scan(session, day)
        db.commit()
    assert events("objection_due") == {f"user:{officer_user.id}"}
    assert events("objection_overdue") == {f"user:{officer_user.id}", f"user:{clerk.id}", f"user:{supervisor_user.id}"}
    late = api.as_(officer_token).get("/api/v1/objections?overdue=true").get_json()
    assert [o["id"] for o in late] == [obj["id"]] and late[0]["overdue"] is True
    answered = api.as_(officer_token).post(f"/api/v1/objections/{obj['id']}/answer",
                                           json={"outcome": "upheld", "answer": "经核查，金额无误，维持原认定。"})
    assert answered.status_code == 200
    assert api.as_(officer_token).get("/api/v1/objections?overdue=true").get_json() == []
    assert api.as_(officer_token).get(f"/api/v1/records/{rec.id}").get_json()["status"] == "upheld"
    assert events("objection_answered") >= {f"user:{clerk.id}"}


def test_credit_repair_is_refused_while_money_is_still_owed(make, session, api):
    w = county(make, session)
    rec = published_record(make, session, w)
    clerk = api.as_(make.user("agency_staff", agency=w.agency)[1])
    stranger = api.as_(make.user("agency_staff")[1])
    officer = api.as_("credit_officer")
    clock.set_today(date(2025, 9, 1))
    make.payment(w.ob, "100000.00", date(2025, 9, 1))
    assert stranger.post(f"/api/v1/records/{rec.id}/repair", json={"commitment": "承诺"}).status_code == 404
    no_promise = clerk.post(f"/api/v1/records/{rec.id}/repair", json={"commitment": ""})
    assert no_promise.status_code == 422
    app_ = clerk.post(f"/api/v1/records/{rec.id}/repair", json={"commitment": "承诺按期付款"}).get_json()
    assert app_["case"]["principal_cured"] is False
    assert app_["case"]["obligations"][0]["outstanding"] == "200000.00"

    refused = officer.post(f"/api/v1/records/{rec.id}/repair/{app_['id']}/decision", json={"approve": True})
    assert refused.status_code == 422 and "principal_cured" in refused.get_json()["errors"]["json"]
    assert officer.post(f"/api/v1/records/{rec.id}/repair/{app_['id']}/decision",
                        json={"approve": False}).status_code == 422
    rejected = officer.post(f"/api/v1/records/{rec.id}/repair/{app_['id']}/decision",
                            json={"approve": False, "reason": "尚欠20万元"})
    assert rejected.get_json()["status"] == "rejected"
    assert officer.get(f"/api/v1/records/{rec.id}").get_json()["status"] == "published"


def test_repair_waits_for_the_day_after_the_minimum_period_and_unpaid_interest_needs_a_reason(make, session, api):
    """Published 26 May 2025, a 一般 record is public at least 3 months, through 26 August: repair may
    be asked from 27 August. Paying the arrears cures the breach; granting the repair while the
    late-payment interest is unpaid takes a stated reason (waived by the creditor, settled otherwise)."""
    w = county(make, session)
    rec = published_record(make, session, w)
    clerk = api.as_(make.user("agency_staff", agency=w.agency)[1])
    officer = api.as_("credit_officer")
    clock.set_today(date(2025, 8, 20))
    make.payment(w.ob, "300000.00", date(2025, 8, 20))
    assert rec.interest > 0

    clock.set_today(date(2025, 8, 26))
    last_day = clerk.post(f"/api/v1/records/{rec.id}/repair", json={"commitment": "承诺按期付款"})
    assert last_day.status_code == 422 and "2025-08-27" in str(last_day.get_json()["errors"])
    clock.set_today(date(2025, 8, 27))
    applied = clerk.post(f"/api/v1/records/{rec.id}/repair", json={"commitment": "承诺按期付款"})
    assert applied.status_code == 201, applied.get_json()
    case = applied.get_json()["case"]
    assert case["principal_cured"] is True and case["interest_settled"] is False

    decision = f"/api/v1/records/{rec.id}/repair/{applied.get_json()['id']}/decision"
    unexplained = officer.post(decision, json={"approve": True})
    assert unexplained.status_code == 422
    assert "逾期利息尚未付清" in str(unexplained.get_json()["errors"]["json"]["reason"])
    assert officer.get(f"/api/v1/records/{rec.id}").get_json()["status"] == "published"
    granted = officer.post(decision, json={"approve": True, "reason": "债权人书面放弃逾期利息"})
    assert granted.status_code == 200, granted.get_json()
    assert granted.get_json()["decision_reason"] == "债权人书面放弃逾期利息"
    assert officer.get(f"/api/v1/records/{rec.id}").get_json()["status"] == "repaired"


def test_evidence_is_stored_once_by_content_and_shown_only_to_those_who_may_see_it(app, make, session, api):
    w = county(make, session)
    rec = published_record(make, session, w)
    clerk_user, clerk_token = make.user("agency_staff", agency=w.agency)
    clerk = api.as_(clerk_token)
    pdf = "%PDF-1.4\n% 付款审批单\n".encode()

    def upload(client, name: str, data: bytes):  # type: ignore[no-untyped-def]
        return client.post("/api/v1/evidence", data={"file": (io.BytesIO(data), name)},
                           content_type="multipart/form-data")

    first = upload(clerk, "付款审批单.pdf", pdf)
    assert first.status_code == 201, first.get_json()
    again = upload(clerk, "审批单副本.pdf", pdf).get_json()
    assert again["sha256"] == first.get_json()["sha256"]
    blobs = [p for p in (Path(app.config["UPLOAD_DIR"]) / "evidence").rglob("*") if p.is_file()]
    assert len([p for p in blobs if p.name == again["sha256"]]) == 1
    bad = upload(clerk, "virus.exe", b"MZ")
    assert bad.status_code == 422 and "file" in bad.get_json()["errors"]["json"]

    other_upload = upload(api.as_("finance_staff"), "x.pdf", b"%PDF-1.4 other").get_json()
    clock.set_today(date(2025, 5, 28))
    stolen = clerk.post(f"/api/v1/records/{rec.id}/objections", json={
        "grounds": "见附件", "requested": "correct", "attachment_ids": [other_upload["id"]]})
    assert stolen.status_code == 422 and "attachment_ids" in stolen.get_json()["errors"]["json"]
    obj = clerk.post(f"/api/v1/records/{rec.id}/objections", json={
        "grounds": "见附件", "requested": "correct", "attachment_ids": [first.get_json()["id"]]}).get_json()
    assert [a["filename"] for a in obj["attachments"]] == ["付款审批单.pdf"]

    got = api.as_("credit_officer").get(f"/api/v1/evidence/{first.get_json()['id']}")
    assert got.status_code == 200 and got.data == pdf
    assert api.as_(make.user("enterprise")[1]).get(f"/api/v1/evidence/{first.get_json()['id']}").status_code == 404
    assert session.get(Attachment, first.get_json()["id"]).owner_type == "objection"
    assert clerk_user.id == obj["filed_by_id"]


def test_an_evidence_file_whose_name_carries_control_characters_is_stored_under_its_printable_name(make, api):
    """A NUL in the uploaded file's name failed in PostgreSQL's driver (500); the name is now cleaned as a
    contract PDF's is (control characters dropped), on both backends."""
    clerk = api.as_(make.user("agency_staff")[1])
    r = clerk.post("/api/v1/evidence", content_type="multipart/form-data",
                   data={"file": (io.BytesIO(b"%PDF-1.4 receipt"), "付款\x00凭证\x07.pdf")})
    assert r.status_code == 201, r.get_json()
    assert r.get_json()["filename"] == "付款凭证.pdf"


def test_an_evidence_file_downloads_as_the_type_its_name_says_not_the_one_its_uploader_claimed(make, api):
    """The download used to carry whatever type the uploading client sent (text/html here), which the
    API description did not list and a browser might act on; it is the suffix's type now."""
    clerk = api.as_(make.user("agency_staff")[1])
    r = clerk.post("/api/v1/evidence", content_type="multipart/form-data",
                   data={"file": (io.BytesIO(b"%PDF-1.4 receipt"), "receipt.pdf", "text/html")})
    assert r.status_code == 201, r.get_json()
    download = clerk.get(f"/api/v1/evidence/{r.get_json()['id']}")
    assert download.status_code == 200 and download.mimetype == "application/pdf"


def test_the_public_page_is_chinese_first_without_names_and_english_on_request(make, session, client):
    w = county(make, session)
    rec = published_record(make, session, w)
    page = client.get("/public/records").get_data(as_text=True)
    assert "公示中的失信记录" in page and "某县住房和城乡建设局" in page and "拖欠账款" in page
    assert f'id="record-{rec.id}"' in page and "2025-05-26 – 2026-05-26" in page
    assert "李明" not in page and "王芳" not in page
    english = client.get("/public/records?lang=en").get_data(as_text=True)
    assert "Dishonesty records in publicity" in english
    assert f'id="record-{rec.id}"' not in client.get("/public/records?category=disclosure_failure").get_data(
        as_text=True)


def test_the_public_page_says_when_nothing_is_in_publicity_and_explains_a_category_it_does_not_offer(
        make, session, client):
    page = client.get("/public/records").get_data(as_text=True)
    assert "目前没有公示中的失信记录。" in page
    assert "No dishonesty record is in its publicity period." in client.get("/public/records?lang=en").get_data(
        as_text=True)
    w = county(make, session)
    rec = published_record(make, session, w)
    filtered = client.get("/public/records?category=disclosure_failure").get_data(as_text=True)
    assert f'id="record-{rec.id}"' not in filtered and "没有符合筛选条件的失信记录。" in filtered
    # a stale or hand-edited link: the record is listed under the default, and the visitor is told why
    stale = client.get("/public/records?category=欠款").get_data(as_text=True)
    assert f'id="record-{rec.id}"' in stale and "链接中的筛选条件“欠款”不在本列表的选项中" in stale
    assert '<option value="" selected' in stale


def test_the_public_page_in_english_names_each_records_category_severity_and_status_in_english(
        make, session, client):
    """An investor reading the disclosure in English saw the category filter, and each record's
    category, severity and status, in Chinese (拖欠账款 一般 公示中) on an otherwise English page."""
    w = county(make, session)
    rec = published_record(make, session, w)
    english = client.get("/public/records?lang=en").get_data(as_text=True)
    row = english[english.index(f'id="record-{rec.id}"'):]
    row = row[:row.index("</tr>")]
    assert "Arrears" in row and "General" in row and "Published" in row
    assert not {"拖欠账款", "一般", "公示中"} & set(re.findall(r"[\u4e00-\u9fff]+", row))
    filters = english[english.index('<select name="category">'):english.index("</select>")]
    assert "Promise not honoured" in filters and "Failure to disclose" in filters
    assert not re.search(r"[\u4e00-\u9fff]", filters)
    chinese = client.get("/public/records?lang=zh_CN").get_data(as_text=True)
    assert "拖欠账款" in chinese and "公示中" in chinese
