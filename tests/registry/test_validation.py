"""What the registry accepts: USCC by GB 32100-2015, money with two places, percent 0–100, ISO dates."""

from __future__ import annotations

from datetime import date

import pytest

from contracts.core import clock
from contracts.organisations.uscc import check_character
from tests.registry.helpers import is_bilingual, messages
from tests.support.builders import uscc


@pytest.fixture
def clerk(api, make):  # type: ignore[no-untyped-def]
    clock.set_today(date(2025, 6, 30))
    return api.as_(make.user("finance_staff", password=None)[1])


@pytest.mark.parametrize(("prefix", "entity_type"), [
    ("A1", "军队事业单位"), ("N2", "村级集体经济组织"), ("Y1", "其他"), ("91", "企业"), ("93", "农民专业合作社"),
], ids=["军队 A", "集体经济组织 N", "其他 Y", "企业 91", "合作社 93"])
def test_valid_codes_of_every_registrant_type_are_accepted_and_their_type_read(clerk, prefix, entity_type):
    code = uscc(prefix)
    r = clerk.post("/api/v1/enterprises", json={"name": f"{entity_type}甲", "uscc": code.lower()})
    assert r.status_code == 201, r.get_json()
    assert (r.get_json()["uscc"], r.get_json()["entity_type"]) == (code, entity_type)


def test_a_published_enterprise_code_is_accepted(clerk):
    r = clerk.post("/api/v1/enterprises", json={"name": "某外资企业", "uscc": "91110000600037341L"})
    assert r.status_code == 201, r.get_json()


@pytest.mark.parametrize(("code", "says"), [
    ("91330100000000001", "18"),  # 17 characters
    ("91330100MA00000I1X", "invalid character"),  # I is not in the alphabet
    ("B1330100MA0000001X", "registration department"),
], ids=["too short", "letter I", "unknown department"])
def test_malformed_codes_are_refused_with_the_reason(clerk, code, says):
    r = clerk.post("/api/v1/enterprises", json={"name": "某公司", "uscc": code})
    assert r.status_code == 422
    (message,) = messages(r.get_json())["uscc"]
    assert says in message and is_bilingual(message)


@pytest.mark.parametrize("prefix", ["A1", "N2", "Y1", "91"])
def test_a_wrong_check_character_is_refused_for_every_registrant_type(clerk, prefix):
    good = uscc(prefix)
    bad = good[:17] + next(c for c in "0123456789ABCDEFGHJKLMNPQRTUWXY" if c != check_character(good[:17]))
    r = clerk.post("/api/v1/enterprises", json={"name": "某单位", "uscc": bad})
    assert r.status_code == 422
    assert "check character" in messages(r.get_json())["uscc"][0]


def test_a_government_organ_is_not_an_enterprise_and_a_company_is_not_an_agency(clerk):
    r = clerk.post("/api/v1/enterprises", json={"name": "某局", "uscc": uscc("11")})
    assert r.status_code == 422 and "agency" in messages(r.get_json())["uscc"][0]
    r = clerk.post("/api/v1/agencies", json={"name": "某公司", "uscc": uscc("91"), "region_code": "330102"})
    assert r.status_code == 422 and "not an agency" in messages(r.get_json())["uscc"][0]
    r = clerk.post("/api/v1/agencies", json={"name": "某医院", "uscc": uscc("12"), "region_code": "330102"})
    assert r.status_code == 201 and r.get_json()["entity_type"] == "事业单位"


@pytest.mark.parametrize(("amount", "stored"), [
    ("1200000", "1200000.00"), ("1200000.5", "1200000.50"), ("0.01", "0.01"), (1200000, "1200000.00"),
    (1234.56, "1234.56"), (" 99.90 ", "99.90"),
])
def test_money_is_stored_exactly_and_answered_with_two_places(clerk, make, amount, stored):
    agency, ent = make.agency(), make.enterprise()
    r = clerk.post("/api/v1/contracts", json={
        "kind": "procurement", "code": "HT-1", "title": "合同", "agency_id": agency.id, "amount": amount,
        "signed_on": "2024-03-15", "parties": [{"enterprise_id": ent.id, "role": "supplier"}]})
    assert r.status_code == 201, r.get_json()
    assert r.get_json()["amount"] == stored


@pytest.mark.parametrize(("amount", "says"), [
    ("100.005", "two decimal places"), ("100.000", "two decimal places"), ("-0.01", "negative"),
    ("1e3", None), ("12万", "not a valid amount"), ("NaN", "finite"),
    (True, "not a valid amount"), ("1,000.00", "not a valid amount"), ("99999999999999999.00", "too large"),
], ids=["3 places", "3 written places", "negative", "exponent", "chinese", "nan", "bool", "grouping", "too large"])
def test_bad_money_is_refused_naming_the_field(clerk, make, amount, says):
    agency, ent = make.agency(), make.enterprise()
    r = clerk.post("/api/v1/contracts", json={
        "kind": "procurement", "code": "HT-1", "title": "合同", "agency_id": agency.id, "amount": amount,
        "signed_on": "2024-03-15", "parties": [{"enterprise_id": ent.id, "role": "supplier"}]})
    if says is None:  # 1e3 is a thousand yuan written with an exponent: exact, so accepted
        assert r.status_code == 201 and r.get_json()["amount"] == "1000.00"
        return
    assert r.status_code == 422
    (message,) = messages(r.get_json())["amount"]
    assert says in message and is_bilingual(message)


@pytest.mark.parametrize(("percent", "status", "amount"), [
    ("0", 201, "0.00"), ("100", 201, "1000000.00"), ("2.5", 201, "25000.00"), ("33.3333", 201, "333333.00"),
    ("100.01", 422, None), ("-1", 422, None), ("33.33333", 422, None), ("三成", 422, None),
])
def test_percent_is_a_share_from_0_to_100_of_the_contract_amount(clerk, make, percent, status, amount):
    contract = make.contract(amount="1000000.00")
    r = clerk.post(f"/api/v1/contracts/{contract.id}/obligations",
                   json={"kind": "payment", "percent": percent, "due": {"date": "2024-12-31"}})
    assert r.status_code == status, r.get_json()
    if amount:
        assert (r.get_json()["amount"], r.get_json()["percent"]) == (amount, percent)
    else:
        assert is_bilingual(messages(r.get_json())["percent"][0])


@pytest.mark.parametrize("value", ["2024/03/15", "15.03.2024", "2024-02-30", "20240315", 20240315, ""])
def test_dates_are_iso(clerk, make, value):
    contract = make.contract()
    r = clerk.post(f"/api/v1/contracts/{contract.id}/events", json={"type": "delivery", "occurred_on": value})
    assert r.status_code == 422
    assert is_bilingual(messages(r.get_json())["occurred_on"][0])


def test_a_due_rule_is_a_date_or_an_event_with_offset_and_unit(clerk, make):
    contract = make.contract()
    url = f"/api/v1/contracts/{contract.id}/obligations"
    cases = [
        ({"event": "acceptance", "offset": 10}, "due.unit"),
        ({"date": "2024-12-31", "event": "acceptance"}, "due.event"),
        ({}, "due.event"),
        ({"event": "acceptance", "offset": -1, "unit": "day"}, "due.offset"),
        ({"event": "acceptance", "offset": "ten", "unit": "day"}, "due.offset"),
        ({"event": "acceptance", "offset": 10, "unit": "week"}, "due.unit"),
        ({"event": "groundbreaking", "offset": 10, "unit": "day"}, "due.event"),
    ]
    for due, field in cases:
        r = clerk.post(url, json={"kind": "payment", "amount": "1.00", "due": due})
        assert r.status_code == 422, due
        assert field in messages(r.get_json()), (due, messages(r.get_json()))
    r = clerk.post(url, json={"kind": "land", "due": {"event": "signing", "offset": 1, "unit": "month"}})
    assert r.status_code == 201
    assert (r.get_json()["amount"], r.get_json()["due_date"]) == (None, "2024-04-15")


def test_a_money_obligation_needs_an_amount_and_a_payment_cannot_exceed_the_contract(clerk, make):
    contract = make.contract(amount="1000.00")
    url = f"/api/v1/contracts/{contract.id}/obligations"
    r = clerk.post(url, json={"kind": "payment", "due": {"date": "2024-12-31"}})
    assert r.status_code == 422 and "amount" in messages(r.get_json())
    r = clerk.post(url, json={"kind": "payment", "amount": "1000.01", "due": {"date": "2024-12-31"}})
    assert r.status_code == 422 and "exceeds the contract" in messages(r.get_json())["amount"][0]


def test_required_fields_and_wrong_types_are_named_in_both_languages(clerk):
    r = clerk.post("/api/v1/contracts", json={"kind": "procurement", "parties": "甲公司"})
    assert r.status_code == 422
    found = messages(r.get_json())
    for field in ("code", "title", "agency_id", "amount", "signed_on", "parties"):
        assert field in found and all(is_bilingual(m) for m in found[field]), field
    r = clerk.post("/api/v1/contracts", json=["not", "an", "object"])
    assert r.status_code == 422
    assert all(is_bilingual(m) for ms in messages(r.get_json()).values() for m in ms)


def test_a_contract_cannot_be_signed_after_today_when_registered_or_corrected(clerk, make, session):
    agency, ent = make.agency(), make.enterprise()  # today is 2025-06-30 in Asia/Shanghai
    body = {"kind": "procurement", "code": "HT-1", "title": "合同", "agency_id": agency.id, "amount": "1.00",
            "parties": [{"enterprise_id": ent.id, "role": "supplier"}]}
    r = clerk.post("/api/v1/contracts", json={**body, "signed_on": "2025-07-01"})
    assert r.status_code == 422  # 201 before: a contract "signed" tomorrow was registered
    (message,) = messages(r.get_json())["signed_on"]
    assert message == "签订日期不能晚于今天 / the signing date cannot be after today"
    r = clerk.post("/api/v1/contracts", json={**body, "signed_on": "2025-06-30"})
    assert r.status_code == 201
    url = f"/api/v1/contracts/{r.get_json()['id']}"
    r = clerk.patch(url, json={"signed_on": "2025-07-01"})
    assert r.status_code == 422 and "signed_on" in messages(r.get_json())
    assert clerk.get(url).get_json()["signed_on"] == "2025-06-30"
    # a contract registered before this rule keeps its date: correcting another field is not refused
    early = make.contract(agency, ent, code="HT-2", signed_on=date(2025, 6, 30))
    clock.set_today(date(2025, 6, 29))
    r = clerk.patch(f"/api/v1/contracts/{early.id}", json={"title": "更正后的名称", "signed_on": "2025-06-30"})
    assert r.status_code == 200 and r.get_json()["title"] == "更正后的名称"


def test_an_event_cannot_be_in_the_future_and_is_recorded_once(clerk, make):
    contract = make.contract(signed_on=date(2024, 3, 15))
    url = f"/api/v1/contracts/{contract.id}/events"
    assert clerk.post(url, json={"type": "delivery", "occurred_on": "2025-07-01"}).status_code == 422
    assert clerk.post(url, json={"type": "delivery", "occurred_on": "2024-04-01"}).status_code == 201
    r = clerk.post(url, json={"type": "delivery", "occurred_on": "2024-04-02"})
    assert r.status_code == 409 and "correct" in messages(r.get_json())["type"][0]


@pytest.mark.parametrize("path", ["/api/v1/contracts/99999999999999999999", "/api/v1/obligations/2147483648",
                                  "/api/v1/findings/99999999999999999999", "/staff/contracts/99999999999999999999"])
def test_an_id_too_large_for_the_database_is_not_found_not_an_internal_error(api, path):
    assert api.as_("finance_staff").get(path).status_code == 404
    assert api.as_("finance_staff").get("/api/v1/contracts/2147483647").status_code == 404  # the largest key


def test_a_publication_or_filing_date_still_to_come_is_refused(clerk, make):
    """A typo dating the publication next year would make the checker find it published late."""
    contract = make.contract(kind="procurement", signed_on=date(2025, 6, 2))
    url = f"/api/v1/contracts/{contract.id}"
    r = clerk.patch(url, json={"published_on": "2026-06-03"})
    assert r.status_code == 422 and messages(r.get_json())["published_on"] == [
        "合同公告日期不能晚于今天 / the publication date cannot be after today"]
    r = clerk.patch(url, json={"filed_on": "2025-07-01"})
    assert r.status_code == 422 and "filed_on" in messages(r.get_json())
    assert clerk.patch(url, json={"published_on": "2025-06-03", "filed_on": "2025-06-10"}).status_code == 200


@pytest.mark.parametrize(("field", "value"), [("acceptance_period_days", 7.5), ("defects_period_months", 23.9)])
def test_a_whole_number_field_refuses_a_fraction_instead_of_cutting_it(clerk, make, field, value):
    contract = make.contract(kind="bidding", signed_on=date(2025, 6, 2))
    r = clerk.patch(f"/api/v1/contracts/{contract.id}", json={field: value})
    assert r.status_code == 422 and messages(r.get_json())[field] == ["应为整数 / not a valid whole number"]
    assert clerk.patch(f"/api/v1/contracts/{contract.id}", json={field: int(value)}).status_code == 200


def test_a_contract_title_carrying_a_nul_character_is_refused_beside_the_field_not_a_server_error(clerk, make):
    """PostgreSQL's text cannot hold U+0000: it failed in the driver (500) there, and SQLite stored it."""
    agency, ent = make.agency(), make.enterprise()
    contract = {"kind": "procurement", "code": "HT-NUL", "title": "教学设备\x00采购合同", "agency_id": agency.id,
                "amount": "1.00", "signed_on": "2025-03-15", "parties": [{"enterprise_id": ent.id, "role": "supplier"}]}
    r = clerk.post("/api/v1/contracts", json=contract)
    assert r.status_code == 422 and messages(r.get_json())["title"] == [
        "不能包含空字符（U+0000） / must not contain the NUL character (U+0000)"]
    assert clerk.get("/api/v1/contracts").get_json() == []
    r = clerk.get("/api/v1/contracts", query_string={"q": "采购\x00"})
    assert r.status_code == 422 and "q" in r.get_json()["errors"]["query"]


@pytest.mark.parametrize("path", ["/api/v1/enterprises", "/api/v1/officials"])
def test_an_email_address_longer_than_the_register_holds_is_refused_beside_the_field_not_a_server_error(
        clerk, make, path):
    """The address is 200 characters at most (the column's width): PostgreSQL refused a longer one in the
    driver (500), SQLite kept it whole."""
    agency = make.agency()
    body = {"name": "李四", "agency_id": agency.id} if path.endswith("officials") else {"name": "某公司", "uscc": uscc()}
    long_address = "a" * 190 + "@example.com"  # a well-formed address of 202 characters
    r = clerk.post(path, json={**body, "email": long_address})
    assert r.status_code == 422 and messages(r.get_json())["email"] == ["最多200个字符 / at most 200 characters"]
    created = clerk.post(path, json={**body, "email": "finance@example.com"})
    assert created.status_code == 201, created.get_json()
    r = clerk.patch(f"{path}/{created.get_json()['id']}", json={"email": long_address})
    assert r.status_code == 422 and "email" in messages(r.get_json())
    assert clerk.get(f"{path}/{created.get_json()['id']}").get_json()["email"] == "finance@example.com"
