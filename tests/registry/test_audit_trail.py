"""Every change made through the API leaves an audit event; the chain shows any edited or removed event."""

from __future__ import annotations

import io
from datetime import date

import pytest
from sqlalchemy import func, select, text

from contracts.audit.models import AuditEvent
from contracts.core import clock
from contracts.core.db import db
from contracts.registry.models import Contract
from monitor.cli import cli
from tests.registry.sheets import workbook
from tests.support.builders import uscc


def _last_id() -> int:
    return db.session.scalar(select(func.max(AuditEvent.id))) or 0


def _events_since(last: int) -> list[AuditEvent]:
    db.session.expire_all()
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.id > last).order_by(AuditEvent.id)))


def test_each_change_through_the_api_writes_who_what_and_before_after(api, make):
    clock.set_today(date(2025, 6, 30))
    user, token = make.user("admin", username="财政局张会计", password=None)
    clerk = api.as_(token)
    steps = []

    def step(label, method, url, expected, **kwargs):  # type: ignore[no-untyped-def]
        last = _last_id()
        r = getattr(clerk, method)(url, **kwargs)
        assert r.status_code in (200, 201), (label, r.get_json())
        got = _events_since(last)
        assert [(e.action, e.entity) for e in got] == expected, label
        assert all(e.actor == "财政局张会计" and e.actor_id == user.id for e in got), label
        steps.append((label, got))
        return r.get_json(), got

    agency, _ = step("register agency", "post", "/api/v1/agencies", [("create", "agency")],
                     json={"name": "某县财政局", "uscc": uscc("11"), "region_code": "330102"})
    _, (ev,) = step("rename agency", "patch", f"/api/v1/agencies/{agency['id']}", [("update", "agency")],
                    json={"name": "某县财政局（更名）"})
    assert (ev.before["name"], ev.after["name"]) == ("某县财政局", "某县财政局（更名）")
    wang, _ = step("register official", "post", "/api/v1/officials", [("create", "official")],
                   json={"name": "王建国", "agency_id": agency["id"]})
    li, _ = step("register another official", "post", "/api/v1/officials", [("create", "official")],
                 json={"name": "李卫东", "agency_id": agency["id"]})
    ent, _ = step("register enterprise", "post", "/api/v1/enterprises", [("create", "enterprise")],
                  json={"name": "某公司", "uscc": uscc("91"), "is_sme": True})
    contract, created = step("register contract", "post", "/api/v1/contracts",
                             [("create", "contract"), ("create", "event"), ("create", "event")],
                             json={"kind": "procurement", "code": "HT-1", "title": "采购合同", "agency_id": agency["id"],
                                   "amount": "1000000.00", "signed_on": "2024-12-20", "award_notice_on": "2024-12-10",
                                   "parties": [{"enterprise_id": ent["id"], "role": "supplier"}]})
    assert all(e.contract_id == contract["id"] for e in created)
    assert created[0].after["parties"] == [{"enterprise_id": ent["id"], "role": "supplier"}]
    c = f"/api/v1/contracts/{contract['id']}"
    step("correct contract", "patch", c, [("update", "contract")], json={"title": "办公设备采购合同"})
    ob, _ = step("add obligation", "post", f"{c}/obligations", [("create", "obligation")],
                 json={"kind": "payment", "percent": "30", "due": {"event": "acceptance", "offset": 10,
                                                                   "unit": "working_day"}})
    _, derived = step("record acceptance", "post", f"{c}/events", [("create", "event"), ("update", "obligation")],
                      json={"type": "acceptance", "occurred_on": "2025-01-24"})
    assert (derived[1].before["due_date"], derived[1].after["due_date"]) == (None, "2025-02-13")
    events = clerk.get(f"{c}/events").get_json()
    acceptance = next(e for e in events if e["type"] == "acceptance")
    _, corrected = step("correct acceptance", "patch", f"{c}/events/{acceptance['id']}",
                        [("update", "event"), ("update", "obligation")],
                        json={"occurred_on": "2025-01-27", "reason": "验收报告日期录错"})
    assert corrected[0].note == "验收报告日期录错"
    step("correct obligation", "patch", f"/api/v1/obligations/{ob['id']}", [("update", "obligation")],
         json={"description": "验收后付30%"})
    step("pay", "post", f"/api/v1/obligations/{ob['id']}/payments", [("create", "payment"), ("update", "obligation")],
         json={"amount": "100000.00", "paid_on": "2025-02-14"})
    step("change the amount", "patch", c, [("update", "contract"), ("update", "obligation")],
         json={"amount": "1100000.00"})
    step("assign", "post", f"{c}/responsibilities", [("create", "responsibility")],
         json={"official_id": wang["id"], "role": "payment_approver", "start": "2024-12-20"})
    step("hand over", "post", f"{c}/responsibilities/handover",
         [("handover", "responsibility"), ("create", "responsibility")],
         json={"role": "payment_approver", "to_official_id": li["id"], "on": "2025-03-01", "reason": "调岗"})
    step("load a calendar year", "post", "/api/v1/calendar/years", [("create", "holiday_year")],
         json={"year": 2031, "holidays": ["2031-01-01"], "workdays": [], "source": "国办发明电〔2030〕1号"})

    audit = clerk.get("/api/v1/audit", query_string={"contract_id": contract["id"], "page_size": 100}).get_json()
    assert len(audit) == sum(1 for _, got in steps for e in got if e.contract_id == contract["id"])
    assert audit[0]["id"] > audit[-1]["id"], "newest first"
    only_ob = clerk.get("/api/v1/audit", query_string={"entity": "obligation", "entity_id": ob["id"]}).get_json()
    assert {e["action"] for e in only_ob} == {"create", "update"}
    assert _verify(api)[0] == 0


def test_a_change_and_its_audit_event_are_one_transaction(api, make, monkeypatch):
    clock.set_today(date(2025, 6, 30))
    clerk = api.as_(make.user("finance_staff", password=None)[1])
    agency, ent = make.agency(), make.enterprise()
    from contracts.audit import trail

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("audit store unavailable")

    monkeypatch.setattr(trail, "record", broken)
    r = clerk.post("/api/v1/contracts", json={
        "kind": "procurement", "code": "HT-1", "title": "采购合同", "agency_id": agency.id, "amount": "1.00",
        "signed_on": "2024-12-20", "parties": [{"enterprise_id": ent.id, "role": "supplier"}]})
    assert r.status_code == 500
    assert db.session.scalar(select(func.count()).select_from(Contract)) == 0


def test_audit_readers_filter_the_trail_and_others_may_not_read_it(api, make):
    clock.set_today(date(2025, 6, 30))
    contract = make.contract(code="HT-A")
    other = make.contract(code="HT-B")
    auditor = api.as_(make.user("supervisor", password=None)[1])
    rows = auditor.get("/api/v1/audit", query_string={"contract_id": contract.id}).get_json()
    assert rows and all(r["contract_id"] == contract.id for r in rows)
    assert {r["entity"] for r in rows} == {"contract", "event"}
    rows = auditor.get("/api/v1/audit", query_string={"entity": "contract", "entity_id": other.id}).get_json()
    assert [(r["action"], r["after"]["code"]) for r in rows] == [("create", "HT-B")]
    clerk = api.as_(make.user("agency_staff", agency=contract.agency, password=None)[1])
    assert clerk.get("/api/v1/audit").status_code == 403


def _verify(api) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    db.session.remove()
    runner = api.client.application.test_cli_runner()
    result = runner.invoke(cli, ["audit", "verify"])
    return result.exit_code, result.output


@pytest.fixture
def trail_of_changes(api, make):  # type: ignore[no-untyped-def]
    """A registry with a few dozen audit events, made through the API and an import."""
    clock.set_today(date(2025, 6, 30))
    clerk = api.as_(make.user("finance_staff", password=None)[1])
    agency, ent = make.agency(), make.enterprise()
    data = workbook({"contracts": [
        {"agency_uscc": agency.uscc, "code": f"HT-{n}", "kind": "procurement", "title": "合同", "amount": "100.00",
         "signed_on": "2024-03-15", "enterprise_uscc": ent.uscc, "party_role": "supplier"} for n in range(5)]})
    assert clerk.post("/api/v1/imports", data={"file": (io.BytesIO(data), "x.xlsx")},
                      content_type="multipart/form-data").status_code == 201
    contract = make.contract(agency, ent, code="HT-API")
    make.obligation(contract, due={"date": "2024-12-31"}, amount="10.00")
    db.session.remove()
    return db.session.scalars(select(AuditEvent.id).order_by(AuditEvent.id)).all()


def test_monitor_audit_verify_passes_on_an_intact_trail(api, trail_of_changes):
    code, output = _verify(api)
    assert code == 0
    assert f"audit trail intact: {len(trail_of_changes)} events verified" in output


def test_monitor_audit_verify_names_an_edited_event(api, trail_of_changes):
    victim = trail_of_changes[len(trail_of_changes) // 2]
    db.session.execute(text("UPDATE audit_events SET note = 'nothing to see here' WHERE id = :id"), {"id": victim})
    db.session.commit()
    code, output = _verify(api)
    assert code == 1
    assert f"event {victim}: content does not match its hash (edited)" in output
    assert "审计链已损坏" in output and "audit trail BROKEN: 1 problem(s)" in output


def test_monitor_audit_verify_names_a_removed_event(api, trail_of_changes):
    victim = trail_of_changes[5]
    db.session.execute(text("DELETE FROM audit_events WHERE id = :id"), {"id": victim})
    db.session.commit()
    code, output = _verify(api)
    assert code == 1
    after = trail_of_changes[6]
    assert f"event {after}: previous hash does not match event before it" in output


def test_monitor_audit_verify_notices_the_newest_event_removed(api, trail_of_changes):
    db.session.execute(text("DELETE FROM audit_events WHERE id = :id"), {"id": trail_of_changes[-1]})
    db.session.commit()
    code, output = _verify(api)
    assert code == 1
    assert "the newest events were removed" in output


def test_a_check_run_appends_its_rules_events_then_its_end_and_the_chain_holds(api, trail_of_changes, make):
    from monitor.checker import engine

    clock.set_today(date(2025, 6, 30))
    contract = make.contract(code="HT-LATE", kind="bidding")
    make.obligation(contract, due={"date": "2025-03-31"}, amount="10.00")
    run = engine.run_check(db.session, as_of=date(2025, 6, 30))
    got = _events_since(trail_of_changes[-1])
    mine = [(e.action, (e.after or {}).get("rule_id")) for e in got if e.entity == "check_run"]
    assert mine[-1] == ("finish", None) and ("check", "payment_overdue") in mine
    assert all(e.entity_id == run.id for e in got if e.entity == "check_run")
    assert [e.prev_hash for e in got[1:]] == [e.hash for e in got[:-1]]
    assert _verify(api)[0] == 0


def test_two_desks_writing_in_turn_keep_one_unbroken_chain(app, session):
    """Two clerks (two sessions, as two workers or two requests on one thread would have) take turns
    writing. Each desk's session keeps what it loaded across its commits, so the chain's head it read
    for its first event must not be the head it writes its second after: the other desk wrote since."""
    from contracts.audit import trail
    from contracts.audit.models import AuditHead

    desks = [db._factory(bind=db.engine), db._factory(bind=db.engine)]
    try:
        for turn in range(4):
            desk = desks[turn % 2]
            trail.record(desk, "update", "contract", turn + 1, note=f"第{turn + 1}次修改")
            desk.commit()
        db.session.expire_all()
        assert trail.verify(db.session).ok, trail.verify(db.session).problems
        head = db.session.get(AuditHead, 1)
        assert head is not None and head.last_event_id == _last_id()
    finally:
        for desk in desks:
            desk.close()


def test_desks_writing_at_the_same_moment_keep_one_unbroken_chain(app, session):
    """Four desks save at the same moment, over and over (four request threads or workers): each event
    names the one before it, and no two name the same one, in the embedded database as in PostgreSQL."""
    import threading

    from contracts.audit import trail

    errors: list[BaseException] = []
    start = threading.Barrier(4)

    def desk(n: int) -> None:
        s = db._factory(bind=db.engine)
        try:
            start.wait()
            for i in range(10):
                trail.record(s, "update", "contract", n, note=f"第{n}号窗口第{i}次")
                s.commit()
        except BaseException as exc:  # reported below, on the test's thread
            errors.append(exc)
        finally:
            s.close()

    threads = [threading.Thread(target=desk, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    db.session.expire_all()
    result = trail.verify(db.session)
    assert result.ok, result.problems
    assert db.session.scalar(select(func.count(AuditEvent.id))) >= 40
