"""The checker through the API: the catalogue, findings and their actions, check runs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date

import pytest
from sqlalchemy import select

from contracts.audit.models import AuditEvent
from contracts.core import clock, jobs
from monitor.checker.models import CheckRun, FindingState
from monitor.checker.rules import CATALOGUE

LATER = date(2026, 6, 30)


@pytest.fixture(autouse=True)
def _facts_can_be_recorded() -> None:
    clock.set_today(LATER)


@pytest.fixture
def world(make, check):  # type: ignore[no-untyped-def]
    """Two agencies, each with an overdue payment to its own supplier."""
    out = {}
    for name in ("甲", "乙"):
        agency = make.agency(f"某县{name}局")
        supplier = make.enterprise(f"{name}供应商有限公司")
        contract = make.contract(agency, supplier, signed_on=date(2025, 1, 2), published_on=date(2025, 1, 2),
                                 filed_on=date(2025, 1, 2))
        ob = make.obligation(contract, due={"date": "2025-06-30"}, amount="1000.00")
        approver = make.official(agency, f"{name}审批人")
        make.responsible(contract, approver)
        out[name] = {"agency": agency, "supplier": supplier, "contract": contract, "ob": ob}
    check(date(2025, 7, 10))
    clock.set_today(LATER)
    return out


def _only(body):  # type: ignore[no-untyped-def]
    assert len(body) == 1, body
    return body[0]


# ---- the catalogue -----------------------------------------------------------------------------
def test_the_catalogue_lists_every_rule_with_its_citations_and_parameters(api):
    r = api.as_("supervisor").get("/api/v1/rules?page_size=100")
    assert r.status_code == 200
    rules = {rule["id"]: rule for rule in r.get_json()}
    assert len(rules) == len(CATALOGUE) and json.loads(r.headers["X-Pagination"])["total"] == len(CATALOGUE)
    sme = rules["sme_payment_deadline"]
    assert {b["version"] for b in sme["legal_basis"]} == {"2025年修订，国务院令第802号", "2020年，国务院令第728号"}
    assert {b["article"] for b in sme["legal_basis"]} == {"第九条、第十条", "第八条、第九条"}
    assert sme["legal_basis"][0]["in_force_from"] == "2025-06-01"
    assert {p["name"]: p["value"] for p in sme["parameters"]}["max_days"] == 60
    assert rules["late_payment_interest"]["subject"] == "calculation"
    assert {p["name"]: p["value"] for p in rules["late_payment_interest"]["parameters"]}[
        "default_daily_rate"] == "0.0005"
    assert api.as_("enterprise").get("/api/v1/rules?kind=ppp").status_code == 200
    assert api.get("/api/v1/rules").status_code == 401
    assert api.as_("supervisor").get("/api/v1/rules/nope").status_code == 404


def test_only_an_administrator_overrides_a_parameter_and_it_shows_as_overridden(api, session):
    body = {"values": {"percent": "1.5"}, "reason": "本省规定投标保证金不超过1.5%"}
    assert api.as_("finance_staff").put("/api/v1/rules/gp_bid_deposit_cap/parameters", json=body).status_code == 403
    admin = api.as_("admin")
    r = admin.put("/api/v1/rules/gp_bid_deposit_cap/parameters", json=body)
    assert r.status_code == 200
    percent = {p["name"]: p for p in r.get_json()["parameters"]}["percent"]
    assert (percent["value"], percent["default"], percent["source"]) == ("1.5", "2", "database")
    assert session.scalar(select(AuditEvent).where(AuditEvent.entity == "rule_parameter")).note == body["reason"]
    bad = admin.put("/api/v1/rules/gp_bid_deposit_cap/parameters",
                    json={"values": {"percent": "-1", "bogus": 1}, "reason": "x"})
    assert bad.status_code == 422
    assert set(bad.get_json()["errors"]["json"]) == {"percent", "bogus"}
    assert admin.put("/api/v1/rules/gp_bid_deposit_cap/parameters",
                     json={"values": {"percent": "1"}}).status_code == 422  # no reason
    restored = admin.put("/api/v1/rules/gp_bid_deposit_cap/parameters",
                         json={"values": {"percent": None}, "reason": "恢复国家标准"}).get_json()
    assert {p["name"]: p["source"] for p in restored["parameters"]}["percent"] == "default"


# ---- reading findings --------------------------------------------------------------------------
def test_findings_are_listed_with_filters_and_pages(world, api):
    staff = api.as_("finance_staff")
    r = staff.get("/api/v1/findings?page_size=1")
    assert r.status_code == 200 and len(r.get_json()) == 1
    assert json.loads(r.headers["X-Pagination"])["total"] == 2
    jia = world["甲"]
    body = staff.get(f"/api/v1/findings?agency_id={jia['agency'].id}").get_json()
    assert _only(body)["contract_id"] == jia["contract"].id
    assert len(staff.get("/api/v1/findings?state=open&rule_id=payment_overdue").get_json()) == 2
    assert staff.get("/api/v1/findings?state=resolved").get_json() == []
    assert staff.get("/api/v1/findings?active=false").get_json() == []
    assert staff.get("/api/v1/findings?state=bogus").status_code == 422


def test_an_enterprise_sees_the_findings_of_its_own_contracts_without_officials_names(world, api, make):
    _, token = make.user("enterprise", enterprise=world["甲"]["supplier"])
    ent = api.as_(token)
    f = _only(ent.get("/api/v1/findings").get_json())
    assert f["contract_id"] == world["甲"]["contract"].id
    assert f["responsible_on_due_date"] == [] and f["responsible_now"] == []
    other = api.as_("finance_staff").get(f"/api/v1/findings?contract_id={world['乙']['contract'].id}").get_json()[0]
    assert ent.get(f"/api/v1/findings/{other['id']}").status_code == 404
    assert ent.post(f"/api/v1/findings/{f['id']}/actions", json={"action": "notify"}).status_code == 403
    # what was done and why, not which member of staff did it
    assert api.as_("finance_staff").post(f"/api/v1/findings/{f['id']}/actions",
                                         json={"action": "notify"}).status_code == 200
    steps = ent.get(f"/api/v1/findings/{f['id']}").get_json()["history"]
    assert [(s["action"], s["state"], s["actor"]) for s in steps] == [("check", "open", ""),
                                                                       ("notify", "notified", "")]


def test_agency_staff_see_and_act_on_their_own_agency_only(world, api, make):
    _, token = make.user("agency_staff", agency=world["甲"]["agency"])
    staff = api.as_(token)
    mine = _only(staff.get("/api/v1/findings").get_json())
    assert [p["name"] for p in mine["responsible_on_due_date"]] == ["甲审批人"]
    theirs = api.as_("finance_staff").get(f"/api/v1/findings?contract_id={world['乙']['contract'].id}").get_json()[0]
    assert staff.post(f"/api/v1/findings/{theirs['id']}/actions", json={"action": "notify"}).status_code == 404


# ---- acting on findings --------------------------------------------------------------------------
def test_the_lifecycle_notify_rectify_escalate_with_permissions_and_audit(world, api, make, session):
    _, token = make.user("agency_staff", agency=world["甲"]["agency"])
    staff = api.as_(token)
    fid = _only(staff.get("/api/v1/findings").get_json())["id"]
    url = f"/api/v1/findings/{fid}/actions"
    assert staff.post(url, json={"action": "notify"}).get_json()["state"] == FindingState.notified
    no_deadline = staff.post(url, json={"action": "rectify"})
    assert no_deadline.status_code == 422 and "deadline" in no_deadline.get_json()["errors"]["json"]
    past = staff.post(url, json={"action": "rectify", "deadline": "2026-06-01"})
    assert past.status_code == 422
    r = staff.post(url, json={"action": "rectify", "deadline": "2026-07-31"})
    assert (r.get_json()["state"], r.get_json()["rectify_deadline"]) == (FindingState.rectifying, "2026-07-31")
    assert staff.post(url, json={"action": "explain", "explanation": "财政资金下月到位"}).get_json()[
        "explanation"] == "财政资金下月到位"
    assert staff.post(url, json={"action": "dismiss", "reason": "不是我们的错"}).status_code == 403
    assert staff.post(url, json={"action": "escalate"}).status_code == 422
    r = staff.post(url, json={"action": "escalate", "reason": "整改期限届满仍未支付"})
    assert r.get_json()["state"] == FindingState.escalated
    history = r.get_json()["history"]
    assert [h["action"] for h in history] == ["check", "notify", "rectify", "explain", "escalate"], "found, then acted on"
    assert history[-1]["note"] == "整改期限届满仍未支付" and history[-1]["state"] == FindingState.escalated
    assert staff.post(url, json={"action": "notify"}).status_code == 409
    assert staff.post(url, json={"action": "fly"}).status_code == 422


def test_the_credit_office_dismisses_with_a_reason_and_can_reopen(world, api, check):
    officer = api.as_("credit_officer")
    fid = officer.get("/api/v1/findings").get_json()[0]["id"]
    url = f"/api/v1/findings/{fid}/actions"
    assert officer.post(url, json={"action": "dismiss"}).status_code == 422
    r = officer.post(url, json={"action": "dismiss", "reason": "合同已依法解除"})
    assert (r.get_json()["state"], r.get_json()["resolution_reason"]) == (FindingState.dismissed, "合同已依法解除")
    check(date(2025, 7, 20))
    clock.set_today(LATER)
    assert officer.get(f"/api/v1/findings/{fid}").get_json()["state"] == FindingState.dismissed
    r = officer.post(url, json={"action": "reopen", "reason": "解除通知未送达，重新审查"})
    assert r.get_json()["state"] == FindingState.open and r.get_json()["resolution_reason"] is None


# ---- check runs -----------------------------------------------------------------------------------
def _run_queued_jobs() -> None:
    if not jobs.is_async():
        return  # the embedded default ran the job in-process when the request committed
    r = subprocess.run([sys.executable, "-m", "monitor.cli", "worker", "--burst", "--no-scheduler"],
                       env=dict(os.environ), capture_output=True, text=True, timeout=300, cwd=os.getcwd())
    assert r.returncode == 0, r.stderr[-2000:]


def test_a_check_run_is_started_through_the_api_and_reports_its_progress(make, api, session):
    contract = make.contract(signed_on=date(2025, 1, 2), published_on=date(2025, 1, 2), filed_on=date(2025, 1, 2))
    make.obligation(contract, due={"date": "2026-06-01"}, amount="1000.00")
    staff = api.as_("finance_staff")
    r = staff.post("/api/v1/checks", json={"as_of": "2026-06-30"})
    assert r.status_code == 202, r.get_json()
    run_id = r.get_json()["id"]
    assert r.get_json()["trigger"] == "api" and r.get_json()["job_id"] == f"check-run-{run_id}"
    _run_queued_jobs()
    body = staff.get(f"/api/v1/checks/{run_id}").get_json()
    assert body["status"] == "done", body
    assert body["rules_done"] == body["rules_total"] and body["created"] == 1
    assert body["seconds"] is not None and body["obligations_checked"] == 1
    assert staff.get("/api/v1/checks").get_json()[0]["id"] == run_id
    finding = _only(staff.get("/api/v1/findings").get_json())
    assert (finding["days_overdue"], finding["last_checked_on"]) == (29, "2026-06-30")


def test_a_check_run_is_refused_for_the_future_for_enterprises_and_while_one_is_queued(api, session):
    staff = api.as_("finance_staff")
    assert staff.post("/api/v1/checks", json={"as_of": "2026-07-01"}).status_code == 422
    assert staff.post("/api/v1/checks", json={"as_of": "someday"}).status_code == 422
    assert api.as_("enterprise").post("/api/v1/checks", json={}).status_code == 403
    assert api.as_("enterprise").get("/api/v1/checks").status_code == 403
    session.add(CheckRun(as_of=LATER, status="queued", trigger="api", per_rule={}, notes=[]))
    session.commit()
    conflict = staff.post("/api/v1/checks", json={})
    assert conflict.status_code == 409
    assert api.as_("supervisor").get("/api/v1/checks/999999").status_code == 404


def test_a_full_check_can_be_asked_for_and_a_bad_flag_is_refused_in_both_languages(api, make):
    staff = make.user("finance_staff")[1]
    bad = api.as_(staff).post("/api/v1/checks", json={"full": "maybe"})
    assert bad.status_code == 422 and "/" in bad.get_json()["errors"]["json"]["full"][0]
    run = api.as_(staff).post("/api/v1/checks", json={"full": True}).get_json()
    _run_queued_jobs()
    run = api.as_(staff).get(f"/api/v1/checks/{run['id']}").get_json()
    assert (run["full"], run["mode"], run["status"]) == (True, "full", "done")
