"""A finance clerk registers a contract of each kind through the API, from the agency to a handover."""

from __future__ import annotations

from datetime import date

import pytest

from contracts.core import clock
from tests.support.builders import uscc

KINDS = {
    # kind: (party role, kind's own fields, obligation, event that starts the clock, event date, due date)
    "procurement": (
        "supplier",
        {"procurement_method": "open_tender", "award_notice_on": "2024-12-10", "published_on": "2024-12-23"},
        {"kind": "payment", "percent": "30", "due": {"event": "acceptance", "offset": 10, "unit": "working_day"}},
        "acceptance", "2025-01-24",
        # 10 工作日 after Fri 24 Jan 2025: Sun 26 Jan (调休 workday), 27 Jan, then the Spring Festival
        # holiday 28 Jan–4 Feb, then 5, 6, 7, Sat 8 (调休 workday), 10, 11, 12, 13 Feb.
        "2025-02-13",
    ),
    "bidding": (
        "winning_bidder",
        {"estimated_price": "1300000.00", "bid_deposit": "26000.00", "performance_bond": "120000.00",
         "award_notice_on": "2023-12-01", "retention_amount": "36000.00", "defects_period_months": 24},
        {"kind": "payment", "amount": "360000.00", "due": {"event": "completion", "offset": 5, "unit": "working_day"}},
        "completion", "2024-02-08",
        # Thu 8 Feb 2024 + 5 工作日: Fri 9, Sun 18 (调休), Mon 19, Tue 20, Wed 21 — the holiday 10–17 Feb skipped.
        "2024-02-21",
    ),
    "ppp": (
        "social_capital",
        {"ppp_mode": "BOT", "cooperation_years": 20, "ppp_stage": "execution",
         "ppp_payment_mechanism": "viability_gap_funding"},
        {"kind": "subsidy", "amount": "360000.00", "due": {"event": "operation_start", "offset": 10, "unit": "working_day"}},
        "operation_start", "2025-01-24",
        "2025-02-13",
    ),
    "investment": (
        "investor",
        {"investment_project": "新能源电池生产基地", "promised_policies": "投产后给予设备补助；提供工业用地"},
        {"kind": "subsidy", "amount": "360000.00", "due": {"event": "production_start", "offset": 5, "unit": "working_day"}},
        "production_start", "2024-02-08",
        "2024-02-21",
    ),
}


@pytest.mark.parametrize("kind", list(KINDS))
def test_a_contract_of_each_kind_from_registration_to_handover(api, kind):
    role, own_fields, obligation, event, event_on, due_date = KINDS[kind]
    clock.set_today(date(2025, 6, 30))
    clerk = api.as_("finance_staff")

    r = clerk.post("/api/v1/agencies", json={"name": "某县住房和城乡建设局", "uscc": uscc("11"),
                                             "region_code": "330102", "level": "county"})
    assert r.status_code == 201, r.get_json()
    agency = r.get_json()
    assert agency["entity_type"] == "机关"
    wang = clerk.post("/api/v1/officials", json={"name": "王建国", "agency_id": agency["id"], "post": "科长"}).get_json()
    li = clerk.post("/api/v1/officials", json={"name": "李卫东", "agency_id": agency["id"], "post": "副科长"}).get_json()
    r = clerk.post("/api/v1/enterprises", json={"name": "某某建设有限公司", "uscc": uscc("91"), "is_sme": True})
    assert r.status_code == 201, r.get_json()
    enterprise = r.get_json()

    signed_on = "2024-01-15" if event_on.startswith("2024") else "2024-12-20"
    r = clerk.post("/api/v1/contracts", json={
        "kind": kind, "code": f"{kind.upper()}-2024-001", "title": "某项目合同", "agency_id": agency["id"],
        "amount": "1200000.00", "signed_on": signed_on,
        "parties": [{"enterprise_id": enterprise["id"], "role": role}], **own_fields})
    assert r.status_code == 201, r.get_json()
    contract = r.get_json()
    assert contract["amount"] == "1200000.00"
    assert contract["parties"] == [{"enterprise_id": enterprise["id"], "role": role}]
    for name, value in own_fields.items():
        assert contract[name] == value
    other_kinds_fields = {"ppp_mode", "investment_project", "procurement_method", "bid_deposit"} - set(own_fields)
    assert not other_kinds_fields & set(contract)

    r = clerk.post(f"/api/v1/contracts/{contract['id']}/obligations", json=obligation)
    assert r.status_code == 201, r.get_json()
    ob = r.get_json()
    assert ob["amount"] == "360000.00"
    assert ob["due"] == obligation["due"]
    assert ob["due_date"] is None, "no due date until the event is known"
    assert (ob["paid"], ob["outstanding"], ob["status"], ob["source"]) == ("0.00", "360000.00", "open", "manual")

    r = clerk.post(f"/api/v1/contracts/{contract['id']}/events", json={"type": event, "occurred_on": event_on,
                                                                      "evidence": "验收报告"})
    assert r.status_code == 201, r.get_json()
    ob = clerk.get(f"/api/v1/obligations/{ob['id']}").get_json()
    assert ob["due_date"] == due_date

    r = clerk.post(f"/api/v1/obligations/{ob['id']}/payments",
                   json={"amount": "100000.50", "paid_on": due_date, "voucher": "记-0001"})
    assert r.status_code == 201, r.get_json()
    ob = clerk.get(f"/api/v1/obligations/{ob['id']}").get_json()
    assert (ob["paid"], ob["outstanding"], ob["status"]) == ("100000.50", "259999.50", "open")
    listed = clerk.get(f"/api/v1/obligations/{ob['id']}/payments").get_json()
    assert [p["amount"] for p in listed] == ["100000.50"]

    r = clerk.post(f"/api/v1/contracts/{contract['id']}/responsibilities",
                   json={"official_id": wang["id"], "role": "payment_approver", "start": signed_on})
    assert r.status_code == 201, r.get_json()
    r = clerk.post(f"/api/v1/contracts/{contract['id']}/responsibilities/handover",
                   json={"role": "payment_approver", "to_official_id": li["id"], "on": event_on,
                         "reason": "王建国调任他职"})
    assert r.status_code == 201, r.get_json()
    assert r.get_json()["ended"]["end"] == event_on
    assert r.get_json()["started"]["official_name"] == "李卫东"

    url = f"/api/v1/contracts/{contract['id']}/responsibilities"
    before = clerk.get(url, query_string={"on": signed_on, "role": "payment_approver"}).get_json()
    after = clerk.get(url, query_string={"on": due_date, "role": "payment_approver"}).get_json()
    assert [r["official_name"] for r in before] == ["王建国"]
    assert [r["official_name"] for r in after] == ["李卫东"]
    history = clerk.get(url).get_json()
    assert [(h["official_id"], h["start"], h["end"]) for h in history] == [
        (wang["id"], signed_on, event_on), (li["id"], event_on, None)]
    assert clerk.get(f"{url}/{history[0]['id']}").get_json()["handover_reason"] == ""
    assert clerk.get(f"{url}/{history[1]['id']}").get_json()["handover_reason"] == "王建国调任他职"

    wang_history = clerk.get(f"/api/v1/officials/{wang['id']}/responsibilities").get_json()
    assert [(h["contract_code"], h["role"], h["start"], h["end"]) for h in wang_history] == [
        (f"{kind.upper()}-2024-001", "payment_approver", signed_on, event_on)]


def test_the_contract_list_filters_by_kind_agency_enterprise_status_overdue_and_text(api, make):
    clock.set_today(date(2025, 6, 30))
    county, city = make.agency("某县财政局"), make.agency("某市财政局")
    acme, other = make.enterprise("甲公司"), make.enterprise("乙公司")
    late = make.contract(county, acme, code="HT-LATE", title="办公设备采购")
    make.obligation(late, due={"date": "2025-03-01"}, amount="1000.00")
    on_time = make.contract(county, other, code="HT-OK", kind="bidding", role="winning_bidder", title="道路工程")
    make.obligation(on_time, due={"date": "2025-12-01"}, amount="1000.00")
    make.contract(city, acme, code="HT-CITY", kind="investment", role="investor", title="招商项目")
    clerk = api.as_("finance_staff")

    def codes(**query):  # type: ignore[no-untyped-def]
        r = clerk.get("/api/v1/contracts", query_string=query)
        assert r.status_code == 200, r.get_json()
        return sorted(c["code"] for c in r.get_json())

    assert codes() == ["HT-CITY", "HT-LATE", "HT-OK"]
    assert codes(kind="bidding") == ["HT-OK"]
    assert codes(agency_id=county.id) == ["HT-LATE", "HT-OK"]
    assert codes(agency=city.id) == ["HT-CITY"]
    assert codes(enterprise_id=acme.id) == ["HT-CITY", "HT-LATE"]
    assert codes(overdue="true") == ["HT-LATE"]
    assert codes(overdue="false") == ["HT-CITY", "HT-OK"]
    assert codes(q="道路") == ["HT-OK"]
    assert codes(q="ht-l") == ["HT-LATE"]
    assert codes(status="terminated") == []
    r = clerk.get("/api/v1/contracts", query_string={"page_size": 2})
    assert len(r.get_json()) == 2
    assert '"total": 3' in r.headers["X-Pagination"]
