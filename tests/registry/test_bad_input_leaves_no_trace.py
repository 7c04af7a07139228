"""Twenty kinds of bad input each get a clear 4xx naming the field, and the database stays exactly as it was."""

from __future__ import annotations

import io
from datetime import date

from contracts.core import clock
from contracts.organisations.uscc import check_character
from tests.registry.helpers import dump, is_bilingual, messages
from tests.registry.sheets import workbook
from tests.support.builders import uscc


def _bad_check_character(code: str) -> str:
    wrong = next(c for c in "0123456789" if c != check_character(code[:17]))
    return code[:17] + wrong


def test_twenty_kinds_of_bad_input_are_refused_and_store_nothing(api, make, app, monkeypatch):
    clock.set_today(date(2025, 6, 30))
    county, city = make.agency("某县财政局"), make.agency("某市交通局")
    supplier, stranger = make.enterprise("甲科技有限公司"), make.enterprise("乙建设有限公司")
    contract = make.contract(county, supplier, code="HT-2024-001", signed_on=date(2024, 3, 15))
    make.contract(city, stranger, code="HT-CITY-1", kind="bidding", role="winning_bidder")
    ob = make.obligation(contract, due={"date": "2024-06-30"}, amount="1000.00")
    cancelled = make.obligation(contract, due={"date": "2024-07-30"}, amount="500.00", description="已取消的款项")
    from contracts.core.db import db
    from contracts.obligations import services as obligation_services

    obligation_services.update_obligation(db.session, cancelled, {"status": "cancelled"})
    db.commit()
    wang, li = make.official(county, "王建国"), make.official(county, "李卫东")
    make.responsible(contract, wang, "payment_approver", start=date(2024, 3, 15))
    clerk = api.as_(make.user("finance_staff")[1])
    outsider = api.as_(make.user("enterprise", enterprise=stranger)[1])
    city_staff = api.as_(make.user("agency_staff", agency=city)[1])
    c, o = f"/api/v1/contracts/{contract.id}", f"/api/v1/obligations/{ob.id}"
    good_contract = {"kind": "procurement", "code": "HT-NEW-1", "title": "新合同", "agency_id": county.id,
                     "amount": "1200000.00", "signed_on": "2024-03-15",
                     "parties": [{"enterprise_id": supplier.id, "role": "supplier"}]}

    rows = [{"agency_uscc": county.uscc, "contract_code": "HT-2024-001", "no": n, "kind": "payment",
             "amount": "100.00", "due_event": "acceptance", "due_offset": 10, "due_unit": "working_day",
             "description": f"第{n}笔"} for n in range(1, 501)]
    rows[41]["amount"] = "100.005"  # row 43: three decimal places
    rows[199]["due_event"] = "ribbon_cutting"  # row 201: unknown event
    del rows[449]["due_offset"]  # row 451: an event rule without an offset
    three_bad_rows = workbook({"obligations": rows})
    monkeypatch.setitem(app.config, "MAX_UPLOAD_MB", 1)
    oversize = workbook({"obligations": rows[:1]}) + b"\0" * (1024 * 1024)

    def upload(data: bytes, name: str = "import.xlsx") -> dict:  # type: ignore[type-arg]
        return {"data": {"file": (io.BytesIO(data), name)}, "content_type": "multipart/form-data"}

    cases = [
        # (what, client, method, url, kwargs, expected status, field named in the errors)
        ("bad USCC check character", clerk, "post", "/api/v1/enterprises",
         {"json": {"name": "丙公司", "uscc": _bad_check_character(uscc("91"))}}, 422, "uscc"),
        ("three decimal places", clerk, "post", "/api/v1/contracts",
         {"json": {**good_contract, "amount": "1200000.005"}}, 422, "amount"),
        ("negative amount", clerk, "post", f"{c}/obligations",
         {"json": {"kind": "payment", "amount": "-5.00", "due": {"date": "2024-12-31"}}}, 422, "amount"),
        ("unknown event", clerk, "post", f"{c}/events", {"json": {"type": "ribbon_cutting",
                                                                   "occurred_on": "2024-05-01"}}, 422, "type"),
        ("due rule without offset", clerk, "post", f"{c}/obligations",
         {"json": {"kind": "payment", "amount": "5.00", "due": {"event": "acceptance", "unit": "day"}}}, 422,
         "due.offset"),
        ("event before signing", clerk, "post", f"{c}/events", {"json": {"type": "acceptance",
                                                                         "occurred_on": "2024-03-14"}}, 422,
         "occurred_on"),
        ("overpayment", clerk, "post", f"{o}/payments", {"json": {"amount": "1000.01", "paid_on": "2024-07-01"}},
         422, "amount"),
        ("someone else's contract as an enterprise", outsider, "get", c, {}, 404, "_schema"),
        ("paying on someone else's contract as an enterprise", outsider, "post", f"{o}/payments",
         {"json": {"amount": "1.00", "paid_on": "2024-07-01"}}, 404, "_schema"),
        ("oversize import file", clerk, "post", "/api/v1/imports", upload(oversize), 413, "file"),
        ("import with 3 bad rows among 500", clerk, "post", "/api/v1/imports", upload(three_bad_rows), 422,
         "obligations[43].amount"),
        ("an amount that is not a number", clerk, "post", "/api/v1/contracts",
         {"json": {**good_contract, "amount": "一百二十万"}}, 422, "amount"),
        ("percent over 100", clerk, "post", f"{c}/obligations",
         {"json": {"kind": "payment", "percent": "120", "due": {"date": "2024-12-31"}}}, 422, "percent"),
        ("a date that is not ISO", clerk, "post", "/api/v1/contracts",
         {"json": {**good_contract, "signed_on": "2024/03/15"}}, 422, "signed_on"),
        ("unknown contract kind", clerk, "post", "/api/v1/contracts", {"json": {**good_contract, "kind": "lease"}},
         422, "kind"),
        ("another kind's field", clerk, "post", "/api/v1/contracts", {"json": {**good_contract, "ppp_mode": "BOT"}},
         422, "ppp_mode"),
        ("duplicate contract code in the agency", clerk, "post", "/api/v1/contracts",
         {"json": {**good_contract, "code": "HT-2024-001"}}, 409, "code"),
        ("payment dated before the contract", clerk, "post", f"{o}/payments",
         {"json": {"amount": "10.00", "paid_on": "2024-03-01"}}, 422, "paid_on"),
        ("handover to the official who holds the role", clerk, "post", f"{c}/responsibilities/handover",
         {"json": {"role": "payment_approver", "to_official_id": wang.id, "on": "2024-09-01", "reason": "调岗"}},
         422, "to_official_id"),
        ("agency staff changing another agency's contract", city_staff, "patch", c, {"json": {"title": "改名"}},
         404, "_schema"),
        ("a PDF uploaded as a spreadsheet", clerk, "post", "/api/v1/imports",
         upload(b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n", "contracts.xlsx"), 422, "file"),
        ("an unknown field", clerk, "post", "/api/v1/contracts", {"json": {**good_contract, "discount": "5"}}, 422,
         "discount"),
        ("an enterprise's code registered as an agency", clerk, "post", "/api/v1/agencies",
         {"json": {"name": "某公司", "uscc": uscc("91"), "region_code": "330102"}}, 422, "uscc"),
        ("an overlapping tenure", clerk, "post", f"{c}/responsibilities",
         {"json": {"official_id": li.id, "role": "payment_approver", "start": "2024-05-01"}}, 409, "role"),
        ("a payment on a cancelled obligation", clerk, "post", f"/api/v1/obligations/{cancelled.id}/payments",
         {"json": {"amount": "10.00", "paid_on": "2024-07-01"}}, 422, "obligation_id"),
    ]
    assert len(cases) >= 20

    before = dump()
    problems = []
    for what, client, method, url, kwargs, status, field in cases:
        r = getattr(client, method)(url, **kwargs)
        body = r.get_json() or {}
        found = messages(body)
        if r.status_code != status:
            problems.append(f"{what}: expected {status}, got {r.status_code} {body}")
        elif field not in found:
            problems.append(f"{what}: no message for {field!r} in {found}")
        elif not all(is_bilingual(m) for m in found[field]):
            problems.append(f"{what}: message not in Chinese and English: {found[field]}")
        if dump() != before:
            problems.append(f"{what}: the database changed")
            before = dump()
    assert not problems, "\n".join(problems)

    r = clerk.post("/api/v1/imports", **upload(three_bad_rows))
    assert sorted(k for k in messages(r.get_json()) if k != "_schema") == [
        "obligations[201].due_event", "obligations[43].amount", "obligations[451].due_offset"]
