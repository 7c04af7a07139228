"""Later years' holiday calendars, and corrections that move due dates without losing history."""

from __future__ import annotations

import json
from datetime import date

from contracts.core import clock
from contracts.core.db import db
from monitor.cli import cli
from tests.registry.helpers import is_bilingual, messages


def test_a_due_date_beyond_the_known_calendar_waits_until_an_admin_loads_that_year(api, make):
    clock.set_today(date(2027, 1, 10))
    admin = api.as_(make.user("admin", password=None)[1])
    contract = make.contract(signed_on=date(2026, 11, 2))
    ob = make.obligation(contract, due={"event": "acceptance", "offset": 5, "unit": "working_day"}, amount="1000.00")
    r = admin.post(f"/api/v1/contracts/{contract.id}/events", json={"type": "acceptance", "occurred_on": "2026-12-29"})
    assert r.status_code == 201
    body = admin.get(f"/api/v1/obligations/{ob.id}").get_json()
    assert body["due_date"] is None, "never a guessed deadline"
    assert "2027" in body["due_date_error"] and "not yet published" in body["due_date_error"]
    years = admin.get("/api/v1/calendar/years").get_json()
    assert years["library_years"] == [2004, 2026] and 2027 not in years["years"]

    r = admin.post("/api/v1/calendar/years", json={
        "year": 2027, "holidays": ["2027-01-01", "2027-01-02", "2027-01-03"], "workdays": [],
        "source": "国务院办公厅关于2027年部分节假日安排的通知"})
    assert r.status_code == 201, r.get_json()
    assert r.get_json()["rederived_contracts"] == 1
    body = admin.get(f"/api/v1/obligations/{ob.id}").get_json()
    # Tue 29 Dec 2026 + 5 工作日: 30, 31 Dec, (1–3 Jan off), Mon 4, Tue 5, Wed 6 Jan 2027.
    assert (body["due_date"], body["due_date_error"]) == ("2027-01-06", None)
    assert 2027 in admin.get("/api/v1/calendar/years").get_json()["years"]


def test_a_calendar_year_must_hold_dates_of_that_year(api, make):
    admin = api.as_(make.user("admin", password=None)[1])
    r = admin.post("/api/v1/calendar/years", json={"year": 2027, "holidays": ["2026-12-31"], "source": "通知"})
    assert r.status_code == 422 and "holidays" in messages(r.get_json())
    r = admin.post("/api/v1/calendar/years", json={"year": 2027, "holidays": ["2027-13-01"], "source": "通知"})
    assert r.status_code == 422 and "holidays.0" in messages(r.get_json())


def test_a_day_listed_both_as_a_holiday_and_as_a_working_weekend_is_refused(api, make):
    """A day cannot be both: the working day won, so the holiday a clerk typed twice was silently lost."""
    admin = api.as_(make.user("admin", password=None)[1])
    r = admin.post("/api/v1/calendar/years", json={
        "year": 2027, "holidays": ["2027-02-06", "2027-02-07"], "workdays": ["2027-02-06"], "source": "通知"})
    assert r.status_code == 422, r.get_json()
    (message,) = messages(r.get_json())["workdays"]
    assert "2027-02-06" in message and is_bilingual(message)
    assert 2027 not in admin.get("/api/v1/calendar/years").get_json()["years"]


def test_correcting_the_signing_date_or_the_amount_carries_through_to_events_and_obligations(api, make):
    clock.set_today(date(2025, 6, 30))
    clerk = api.as_(make.user("finance_staff", password=None)[1])
    contract = make.contract(amount="1000000.00", signed_on=date(2024, 12, 20))
    c = f"/api/v1/contracts/{contract.id}"
    ob = make.obligation(contract, due={"event": "signing", "offset": 5, "unit": "working_day"}, percent="10")
    make.event(contract, "acceptance", date(2025, 1, 24))
    assert clerk.get(f"/api/v1/obligations/{ob.id}").get_json()["due_date"] == "2024-12-27"

    r = clerk.patch(c, json={"signed_on": "2024-12-23", "amount": "1200000.00"})
    assert r.status_code == 200, r.get_json()
    body = clerk.get(f"/api/v1/obligations/{ob.id}").get_json()
    assert (body["amount"], body["due_date"]) == ("120000.00", "2024-12-30")
    signing = [e for e in clerk.get(f"{c}/events").get_json() if e["type"] == "signing"]
    assert [e["occurred_on"] for e in signing] == ["2024-12-23"]

    r = clerk.patch(c, json={"signed_on": "2025-02-01"})
    assert r.status_code == 422 and "2025-01-24" in messages(r.get_json())["signed_on"][0]
    make.payment(ob, "120000.00", date(2025, 1, 2))
    r = clerk.patch(c, json={"amount": "1000000.00"})
    assert r.status_code == 422 and "already paid" in messages(r.get_json())["amount"][0]
    r = clerk.patch(c, json={"kind": "ppp"})
    assert r.status_code == 422 and "kind" in messages(r.get_json())


def test_the_award_notice_on_the_contract_and_its_event_move_together(api, make):
    clock.set_today(date(2025, 6, 30))
    clerk = api.as_(make.user("finance_staff", password=None)[1])
    contract = make.contract(signed_on=date(2024, 12, 20))
    c = f"/api/v1/contracts/{contract.id}"
    assert clerk.patch(c, json={"award_notice_on": "2024-12-01"}).status_code == 200
    assert [e["occurred_on"] for e in clerk.get(f"{c}/events").get_json() if e["type"] == "award_notice"] == [
        "2024-12-01"]
    assert clerk.patch(c, json={"award_notice_on": "2024-12-05"}).status_code == 200
    assert [e["occurred_on"] for e in clerk.get(f"{c}/events").get_json() if e["type"] == "award_notice"] == [
        "2024-12-05"]
    r = clerk.patch(c, json={"award_notice_on": "2024-12-21"})
    assert r.status_code == 422 and "award_notice_on" in messages(r.get_json())


def test_parties_can_be_corrected_and_an_enterprise_then_sees_the_contract(api, make):
    clock.set_today(date(2025, 6, 30))
    clerk = api.as_(make.user("finance_staff", password=None)[1])
    first, second = make.enterprise("甲公司"), make.enterprise("乙公司")
    contract = make.contract(enterprise=first)
    partner = api.as_(make.user("enterprise", enterprise=second, password=None)[1])
    assert partner.get(f"/api/v1/contracts/{contract.id}").status_code == 404
    r = clerk.patch(f"/api/v1/contracts/{contract.id}", json={"parties": [
        {"enterprise_id": first.id, "role": "supplier"}, {"enterprise_id": second.id, "role": "supplier"}]})
    assert r.status_code == 200, r.get_json()
    assert partner.get(f"/api/v1/contracts/{contract.id}").status_code == 200
    r = clerk.patch(f"/api/v1/contracts/{contract.id}", json={"parties": []})
    assert r.status_code == 422 and "parties" in messages(r.get_json())


def test_an_obligation_is_corrected_cancelled_and_a_land_handover_fulfilled(api, make):
    clock.set_today(date(2025, 6, 30))
    clerk = api.as_(make.user("finance_staff", password=None)[1])
    contract = make.contract(amount="1000000.00", signed_on=date(2024, 3, 15), kind="investment", role="investor")
    pay = make.obligation(contract, kind="subsidy", due={"date": "2024-12-31"}, amount="1000.00")
    land = make.obligation(contract, kind="land", due={"date": "2024-06-30"})
    o = f"/api/v1/obligations/{pay.id}"
    r = clerk.patch(o, json={"percent": "20"})
    assert (r.get_json()["amount"], r.get_json()["percent"]) == ("200000.00", "20")
    r = clerk.patch(o, json={"amount": "150000.00"})
    assert (r.get_json()["amount"], r.get_json()["percent"]) == ("150000.00", None)
    r = clerk.patch(o, json={"due": {"event": "production_start", "offset": 1, "unit": "month"}, "delay_reason": "待投产"})
    assert r.status_code == 200 and r.get_json()["due"] == {"event": "production_start", "offset": 1, "unit": "month"}
    r = clerk.patch(o, json={"status": "cancelled"})
    assert r.get_json()["status"] == "cancelled"
    r = clerk.patch(o, json={"status": "fulfilled"})
    assert r.status_code == 422, "fulfilment comes from payments, not from typing it in"

    assert clerk.get(f"/api/v1/contracts/{contract.id}/obligations",
                     query_string={"overdue": "true"}).get_json()[0]["id"] == land.id
    r = clerk.post(f"/api/v1/obligations/{land.id}/fulfilment", json={"on": "2024-07-15", "note": "土地已交付"})
    assert r.status_code == 200 and (r.get_json()["status"], r.get_json()["fulfilled_on"]) == ("fulfilled", "2024-07-15")
    r = clerk.post(f"/api/v1/obligations/{pay.id}/fulfilment", json={"on": "2024-07-15"})
    assert r.status_code == 422, "a money obligation is fulfilled by payments"
    assert clerk.get(f"/api/v1/contracts/{contract.id}/obligations", query_string={"overdue": "true"}).get_json() == []


def test_loading_a_holiday_calendar_from_the_cli_derives_the_due_dates_waiting_for_it(api, make, tmp_path):
    clock.set_today(date(2027, 1, 10))
    clerk = api.as_("finance_staff")
    contract = make.contract(signed_on=date(2026, 11, 2))
    ob = make.obligation(contract, due={"event": "acceptance", "offset": 5, "unit": "working_day"}, amount="1000.00")
    make.event(contract, "acceptance", date(2026, 12, 29))
    assert clerk.get(f"/api/v1/obligations/{ob.id}").get_json()["due_date"] is None  # waits for 2027's calendar
    schedule = tmp_path / "2027.json"
    schedule.write_text(json.dumps({"holidays": ["2027-01-01", "2027-01-02", "2027-01-03"], "workdays": []}))
    db.session.remove()
    r = api.client.application.test_cli_runner().invoke(
        cli, ["calendar", "load", "2027", str(schedule), "--source", "国务院办公厅关于2027年部分节假日安排的通知"])
    assert r.exit_code == 0, r.output
    body = clerk.get(f"/api/v1/obligations/{ob.id}").get_json()
    # The same load through POST /api/v1/calendar/years gives 2027-01-06 (test_calendar_and_corrections.py).
    assert (body["due_date"], body["due_date_error"]) == ("2027-01-06", None)


def test_a_payment_obligation_cannot_be_corrected_above_the_contract_amount_and_then_overpaid(api, make):
    clock.set_today(date(2025, 6, 30))
    clerk = api.as_("finance_staff")
    contract = make.contract(amount="1000.00", signed_on=date(2024, 3, 15))
    ob = make.obligation(contract, due={"date": "2025-01-01"}, amount="500.00")
    r = clerk.post(f"/api/v1/contracts/{contract.id}/obligations",
                   json={"kind": "payment", "amount": "5000.00", "due": {"date": "2025-01-01"}})
    assert r.status_code == 422  # refused when created...
    r = clerk.patch(f"/api/v1/obligations/{ob.id}", json={"amount": "5000.00"})
    assert r.status_code == 422, r.get_json()  # ...but accepted as a correction
    r = clerk.post(f"/api/v1/obligations/{ob.id}/payments", json={"amount": "5000.00", "paid_on": "2025-02-01"})
    assert r.status_code == 422, "5000 yuan paid on a 1000-yuan contract"


def test_not_overdue_obligations_include_those_whose_due_date_is_not_known_yet(api, make):
    clock.set_today(date(2025, 6, 30))
    clerk = api.as_("finance_staff")
    contract = make.contract(signed_on=date(2024, 3, 15))
    waiting = make.obligation(contract, due={"event": "acceptance", "offset": 10, "unit": "day"}, amount="1000.00")
    url = f"/api/v1/contracts/{contract.id}/obligations"
    assert [o["id"] for o in clerk.get(url).get_json()] == [waiting.id]
    assert [o["id"] for o in clerk.get(url, query_string={"overdue": "true"}).get_json()] == []
    assert [o["id"] for o in clerk.get(url, query_string={"overdue": "false"}).get_json()] == [waiting.id]


def test_correcting_the_award_notice_event_keeps_the_contracts_award_notice_date_in_step(api, make):
    clock.set_today(date(2025, 6, 30))
    clerk = api.as_("finance_staff")
    contract = make.contract(signed_on=date(2024, 3, 15), award_notice_on=date(2024, 3, 1))
    c = f"/api/v1/contracts/{contract.id}"
    [award] = [e for e in clerk.get(f"{c}/events").get_json() if e["type"] == "award_notice"]
    r = clerk.patch(f"{c}/events/{award['id']}", json={"occurred_on": "2024-01-20", "reason": "录入错误"})
    assert r.status_code == 200, r.get_json()
    # the checker's award_to_signing rule reads coalesce(contract.award_notice_on, event): the old date wins
    assert clerk.get(c).get_json()["award_notice_on"] == "2024-01-20"
    # and the event can be moved after signing, which the contract itself refuses (check_dates)
    r = clerk.patch(f"{c}/events/{award['id']}", json={"occurred_on": "2024-05-01", "reason": "录入错误"})
    assert r.status_code == 422, r.get_json()



def test_a_payment_sent_twice_is_recorded_once(api, make):
    """The same amount, date and voucher again is a form sent twice; another voucher is another payment."""
    clock.set_today(date(2025, 6, 30))
    clerk = api.as_("finance_staff")
    contract = make.contract(amount="1000.00", signed_on=date(2024, 3, 15))
    ob = make.obligation(contract, due={"date": "2025-01-01"}, amount="500.00")
    url = f"/api/v1/obligations/{ob.id}/payments"
    first = {"amount": "100.00", "paid_on": "2025-02-01", "voucher": "记-0012"}
    assert clerk.post(url, json=first).status_code == 201
    again = clerk.post(url, json=first)
    assert again.status_code == 409 and "voucher" in again.get_json()["errors"]["json"]
    assert clerk.post(url, json={**first, "voucher": "记-0013"}).status_code == 201
    assert clerk.get(f"/api/v1/obligations/{ob.id}").get_json()["paid"] == "200.00"
