"""The right people are told once: by e-mail through a real SMTP server and by webhook to a real HTTP
server; a failing endpoint is retried and finally marked failed, and the notification stays listed."""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import date

from sqlalchemy import func, select

from contracts.core import clock
from contracts.core.db import db
from monitor.alerts import services as alerts
from monitor.alerts.models import Delivery, Notification
from monitor.alerts.senders import Message, webhook_body
from tests.records.support import checker_finding, county, move_post, run_jobs, start_rectification
from workers import alerts as alert_jobs


def _scan(session, day: date) -> dict[str, int]:  # type: ignore[no-untyped-def]
    clock.set_today(day)
    counts = alerts.scan(session, day)
    db.commit()
    run_jobs()
    return counts


def test_a_breach_is_mailed_to_the_official_responsible_now_and_the_enterprise_once(app, make, session, smtp):
    w = county(make, session)
    move_post(make, session, w)  # 李明 was the approver on 2 April; 王芳 holds the post now
    clock.set_today(date(2025, 5, 10))
    checker_finding(session, w.ob, as_of=date(2025, 5, 10))

    counts = _scan(session, date(2025, 5, 10))
    assert counts["breach"] >= 2
    wang = smtp.to("wangfang@zjj.example.gov.cn")
    assert len(wang) == 1
    assert "【逾期违约】" in wang[0]["Subject"] and "某县住房和城乡建设局" in wang[0]["Subject"]
    body = wang[0].get_content()
    assert "300000.00" in body and "保障中小企业款项支付条例" in body and "已逾期 38 日" in body
    assert len(smtp.to("finance@jiancai.example.cn")) == 1, "the enterprise is told about its own contract"
    assert smtp.to("liming@zjj.example.gov.cn") == [], "the former approver is not responsible now"

    statuses = set(session.scalars(select(Delivery.status)))
    assert statuses == {"sent"}
    # the next ticks find the same state and send nothing again
    _scan(session, date(2025, 5, 10))
    _scan(session, date(2025, 5, 11))
    assert len(smtp.to("wangfang@zjj.example.gov.cn")) == 1
    assert session.scalar(select(func.count()).select_from(Notification).where(Notification.event == "breach")) \
        == counts["breach"]


def test_warnings_come_at_seven_three_and_one_days_before_the_due_date(app, make, session):
    w = county(make, session)
    clock.set_today(date(2025, 3, 27))
    f = checker_finding(session, w.ob, as_of=date(2025, 3, 27))  # due 2 April: a warning, 6 days ahead
    assert f.state == "warning"

    def keys() -> list[str]:
        return sorted(set(session.scalars(select(Notification.event_key).where(Notification.event == "warning"))))

    _scan(session, date(2025, 3, 27))
    _scan(session, date(2025, 3, 28))
    assert keys() == [f"finding:{f.id}:warning:2025-04-02:7"]
    _scan(session, date(2025, 3, 31))
    _scan(session, date(2025, 4, 1))
    assert keys() == [f"finding:{f.id}:warning:2025-04-02:{n}" for n in (1, 3, 7)]
    titles = session.scalars(select(Notification.title).where(Notification.event == "warning")).all()
    assert any("1 日内到期" in t for t in titles)


def test_an_approaching_rectification_deadline_is_announced_to_the_agency(app, make, session, api):
    w = county(make, session)
    clerk, token = make.user("agency_staff", agency=w.agency, username="zjj-clerk")
    clock.set_today(date(2025, 4, 10))
    f = checker_finding(session, w.ob, as_of=date(2025, 4, 10))
    start_rectification(session, f, date(2025, 5, 20))
    _scan(session, date(2025, 5, 16))
    assert session.scalar(select(func.count()).select_from(Notification).where(Notification.event == "rectify_due")) == 0
    _scan(session, date(2025, 5, 17))
    seen = api.as_(token).get("/api/v1/notifications?event=rectify_due").get_json()
    # the clerk's own notice and the one to 李明, the approver now: agency staff see their agency's alerts
    assert {n["recipient_key"] for n in seen} == {f"user:{clerk.id}", f"official:{w.former.id}"}
    assert all("2025-05-20" in n["title"] for n in seen)


def _post_hooks(api, hook):  # type: ignore[no-untyped-def]
    admin = api.as_("admin")
    made = [admin.post("/api/v1/webhooks", json=body) for body in (
        {"name": "督办系统", "url": f"{hook.base}/generic", "format": "generic", "secret": "s3cret",
         "events": ["complaint_new"]},
        {"name": "信用办企业微信群", "url": f"{hook.base}/wecom?key=abc", "format": "wecom"},
        {"name": "财政局钉钉群", "url": f"{hook.base}/dingtalk?access_token=xyz", "format": "dingtalk",
         "secret": "SECdingtalk"},
    )]
    assert [r.status_code for r in made] == [201, 201, 201], [r.get_json() for r in made]
    assert all("secret" not in r.get_json() for r in made)
    return admin


def test_webhooks_get_generic_json_wecom_and_dingtalk_robot_messages(app, make, session, api, hook):
    w = county(make, session)
    _post_hooks(api, hook)
    assert api.as_("finance_staff").get("/api/v1/webhooks").status_code == 403
    _, ent_token = make.user("enterprise", enterprise=w.enterprise)
    clock.set_today(date(2025, 5, 12))
    filed = api.as_(ent_token).post("/api/v1/complaints", json={
        "category": "unpaid_goods", "title": "建材款逾期未付", "description": "验收已满30日仍未付款",
        "contract_id": w.contract.id})
    assert filed.status_code == 201, filed.get_json()
    run_jobs()

    generic, wecom, ding = hook.at("/generic"), hook.at("/wecom"), hook.at("/dingtalk")
    assert (len(generic), len(wecom), len(ding)) == (1, 1, 1), "one message per endpoint, not per recipient"
    g = generic[0]
    assert g["json"]["notifications"][0]["event"] == "complaint_new"
    assert "建材款逾期未付" in g["json"]["notifications"][0]["title"]
    expected = "sha256=" + hmac.new(b"s3cret", g["raw"], hashlib.sha256).hexdigest()
    assert g["headers"]["X-Monitor-Signature"] == expected
    # at-least-once delivery: the ids a receiver dedupes on, in a header as in the body
    assert g["headers"]["X-Monitor-Notifications"] == ",".join(str(n["id"]) for n in g["json"]["notifications"])
    assert wecom[0]["headers"]["X-Monitor-Notifications"].isdigit()  # the robot's own notification
    assert wecom[0]["query"] == {"key": ["abc"]}
    assert wecom[0]["json"]["msgtype"] == "markdown" and "建材款逾期未付" in wecom[0]["json"]["markdown"]["content"]
    d = ding[0]
    assert d["json"]["msgtype"] == "markdown" and d["json"]["markdown"]["title"].startswith("【新投诉】")
    ts, sign = d["query"]["timestamp"][0], d["query"]["sign"][0]
    want = base64.b64encode(hmac.new(b"SECdingtalk", f"{ts}\nSECdingtalk".encode(), hashlib.sha256).digest()).decode()
    assert sign == want and d["query"]["access_token"] == ["xyz"]

    # later activity on other events does not reach the endpoint filtered to new complaints
    clock.set_today(date(2025, 5, 13))
    checker_finding(session, w.ob, as_of=date(2025, 5, 13))
    _scan(session, date(2025, 5, 13))
    assert len(hook.at("/generic")) == 1 and len(hook.at("/wecom")) == 2


def test_a_failing_endpoint_is_retried_then_marked_failed_and_the_notification_stays(
        app, make, session, api, hook, monkeypatch):
    monkeypatch.setitem(app.config, "ALERT_RETRY_SECONDS", [0])
    monkeypatch.setitem(app.config, "ALERT_MAX_ATTEMPTS", 3)
    w = county(make, session)
    admin = _post_hooks(api, hook)
    hook.status, hook.answer = 502, {"error": "bad gateway"}
    clock.set_today(date(2025, 4, 10))
    checker_finding(session, w.ob, as_of=date(2025, 4, 10))
    _scan(session, date(2025, 4, 10))
    assert len(hook.at("/wecom")) == 1
    listed = admin.get("/api/v1/notifications?recipient_key=webhook:2").get_json()
    assert listed[0]["deliveries"][0]["status"] == "retrying"

    for _ in range(4):  # the periodic dispatcher resubmits due retries; past the last attempt it stops
        alert_jobs.dispatch()
        run_jobs()
    assert len(hook.at("/wecom")) == 3
    listed = admin.get("/api/v1/notifications?recipient_key=webhook:2").get_json()
    assert len(listed) == 1, "the notification is kept"
    delivery = listed[0]["deliveries"][0]
    assert delivery["status"] == "failed" and delivery["attempts"] == 3
    assert [a["status_code"] for a in delivery["attempt_log"]] == [502, 502, 502]
    assert "HTTP 502" in delivery["last_error"]
    failed = admin.get("/api/v1/notifications?delivery_status=failed").get_json()
    assert {n["recipient_key"] for n in failed} == {"webhook:2", "webhook:3"}

    # A robot that answers 200 with an error code is a failure too; once it works, an admin resends.
    hook.status, hook.answer = 200, {"errcode": 93000, "errmsg": "invalid webhook url"}
    assert admin.post(f"/api/v1/deliveries/{delivery['id']}/retry").status_code == 200
    run_jobs()
    again = admin.get("/api/v1/notifications?recipient_key=webhook:2").get_json()[0]["deliveries"][0]
    assert again["status"] == "failed" and "errcode 93000" in again["last_error"]
    hook.answer = {"errcode": 0, "errmsg": "ok"}
    admin.post(f"/api/v1/deliveries/{delivery['id']}/retry")
    run_jobs()
    done = admin.get("/api/v1/notifications?recipient_key=webhook:2").get_json()[0]["deliveries"][0]
    assert done["status"] == "sent" and done["attempts"] == 5
    assert admin.post(f"/api/v1/deliveries/{delivery['id']}/retry").status_code == 409


def test_an_unreachable_mail_server_fails_the_delivery_not_the_notification(app, make, session, monkeypatch):
    from tests.alerts.conftest import free_port

    monkeypatch.setitem(app.config, "SMTP_HOST", "127.0.0.1")
    monkeypatch.setitem(app.config, "SMTP_PORT", free_port())  # nothing listens there
    monkeypatch.setitem(app.config, "SMTP_TIMEOUT", 2)
    monkeypatch.setitem(app.config, "ALERT_RETRY_SECONDS", [0])
    monkeypatch.setitem(app.config, "ALERT_MAX_ATTEMPTS", 2)
    w = county(make, session)
    clock.set_today(date(2025, 4, 10))
    checker_finding(session, w.ob, as_of=date(2025, 4, 10))
    _scan(session, date(2025, 4, 10))
    alert_jobs.dispatch()
    run_jobs()
    rows = session.scalars(select(Delivery).where(Delivery.target == "liming@zjj.example.gov.cn")).all()
    assert len(rows) == 1 and rows[0].status == "failed" and rows[0].attempts == 2
    assert "ConnectionRefusedError" in rows[0].last_error
    assert session.scalar(select(func.count()).select_from(Notification)
                          .where(Notification.email == "liming@zjj.example.gov.cn")) == 1


def test_with_the_daily_digest_each_address_gets_one_mail_with_everything(
        app, make, session, smtp, monkeypatch, api, hook):
    monkeypatch.setitem(app.config, "ALERT_EMAIL_DIGEST", "daily")
    w = county(make, session)
    made = api.as_("admin").post("/api/v1/webhooks", json={
        "name": "每日汇总", "url": f"{hook.base}/digest", "format": "generic", "digest": True, "events": ["breach"]})
    assert made.status_code == 201 and made.get_json()["digest"] is True
    second = make.obligation(w.contract, kind="payment", amount="200000.00", description="结算款",
                             due={"date": "2025-04-08"})
    clock.set_today(date(2025, 4, 10))
    checker_finding(session, w.ob, as_of=date(2025, 4, 10))
    checker_finding(session, second, as_of=date(2025, 4, 10))
    _scan(session, date(2025, 4, 10))
    assert smtp.envelopes == [] and hook.requests == [], "held for the digest"
    assert session.scalar(select(func.count()).select_from(Notification).where(Notification.digest.is_(True))) >= 4

    alert_jobs.digest()
    run_jobs()
    mails = smtp.to("liming@zjj.example.gov.cn")
    assert len(mails) == 1 and "（2条）" in mails[0]["Subject"]
    assert "300000.00" in mails[0].get_content() and "200000.00" in mails[0].get_content()
    assert [len(r["json"]["notifications"]) for r in hook.at("/digest")] == [2]
    assert hook.at("/digest")[0]["json"]["digest"] is True
    alert_jobs.digest()
    run_jobs()
    assert len(smtp.to("liming@zjj.example.gov.cn")) == 1, "a digest carries a notification once"
    assert len(hook.at("/digest")) == 1


def test_each_user_sees_only_the_notifications_meant_for_them(app, make, session, api):
    w = county(make, session)
    ent_user, ent_token = make.user("enterprise", enterprise=w.enterprise)
    _, stranger_token = make.user("enterprise")
    _, other_clerk = make.user("agency_staff")
    clock.set_today(date(2025, 4, 10))
    checker_finding(session, w.ob, as_of=date(2025, 4, 10))
    _scan(session, date(2025, 4, 10))

    mine = api.as_(ent_token).get("/api/v1/notifications").get_json()
    assert mine and {n["recipient_key"] for n in mine} <= {f"enterprise:{w.enterprise.id}", f"user:{ent_user.id}"}
    assert api.as_(stranger_token).get("/api/v1/notifications").get_json() == []
    assert api.as_(other_clerk).get("/api/v1/notifications").get_json() == []
    everything = api.as_("credit_officer").get("/api/v1/notifications")
    assert int(everything.headers["X-Pagination"].split('"total": ')[1].split(",")[0]) == len(
        session.scalars(select(Notification.id)).all())
    some_id = everything.get_json()[0]["id"]
    assert api.as_(stranger_token).get(f"/api/v1/notifications/{some_id}").status_code == 404


def test_the_suppliers_clerk_sees_each_event_once_and_a_colleague_who_joined_later_sees_it_too(app, make, session, api):
    """An event told to an enterprise is one notification to the enterprise (mailed to its registered
    address) and one to each of its users; its clerk saw both in the inbox, every event twice. A
    colleague whose account was opened after the event has no copy of their own and sees the
    enterprise's."""
    w = county(make, session)
    _, clerk_token = make.user("enterprise", enterprise=w.enterprise)
    clock.set_today(date(2025, 4, 10))
    checker_finding(session, w.ob, as_of=date(2025, 4, 10))
    _scan(session, date(2025, 4, 10))
    _, later_token = make.user("enterprise", enterprise=w.enterprise)

    for token in (clerk_token, later_token):
        seen = api.as_(token).get("/api/v1/notifications").get_json()
        events = [n["event_key"] for n in seen]
        assert events and len(events) == len(set(events)), events
    later = api.as_(later_token).get("/api/v1/notifications").get_json()
    assert {n["recipient_key"] for n in later} == {f"enterprise:{w.enterprise.id}"}
def test_a_complaint_title_with_a_line_break_still_reaches_the_credit_officer_by_mail(make, session, api, smtp):
    w = county(make, session)
    officer, _ = make.user("credit_officer")
    officer.email = "xyb@credit.example.gov.cn"
    make.commit()
    ent = api.as_(make.user("enterprise", enterprise=w.enterprise)[1])
    clock.set_today(date(2025, 5, 12))
    filed = ent.post("/api/v1/complaints", json={
        "category": "unpaid_goods", "title": "建材款逾期未付\n请尽快处理", "description": "验收已满30日仍未付款",
        "contract_id": w.contract.id})
    assert filed.status_code == 201, filed.get_json()
    run_jobs()
    row = session.scalar(select(Delivery).where(Delivery.target == "xyb@credit.example.gov.cn"))
    session.refresh(row)
    assert row.status == "sent", (row.status, row.last_error)  # today: stuck in 'sending', no attempt recorded
    assert len(smtp.to("xyb@credit.example.gov.cn")) == 1


def test_a_long_chinese_alert_is_cut_to_what_a_wecom_robot_accepts():
    # 企业微信群机器人 refuses markdown content over 4096 bytes of UTF-8 (senders.ROBOT_LIMIT's own comment)
    body = "验收已满30日仍未付款，多次催要无果。" * 120  # a long complaint description
    msg = Message(1, "complaint_new", "complaint:1:new", "【新投诉】拖欠物资采购款：建材款逾期未付 / New complaint",
                  body, {}, "2025-05-12T02:00:00+00:00")
    content = webhook_body("wecom", [msg])["markdown"]["content"]
    assert len(content.encode("utf-8")) <= 4096, len(content.encode("utf-8"))


def test_a_mistyped_webhook_address_is_refused_beside_the_url_field(api):
    admin = api.as_("admin")
    for r in (admin.post("/api/v1/webhooks", json={"name": "信用办企业微信群", "url": "http://[fe80::1/cgi-bin/webhook"}),
              admin.post("/api/v1/webhooks", json={"name": "督办系统", "url": "https://[::1/hook"})):
        assert r.status_code == 422, r.get_json()
        assert "url" in r.get_json()["errors"]["json"]

