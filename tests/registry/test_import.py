"""A finance clerk imports the registry from a spreadsheet: template, dry run, all-or-nothing, idempotent."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from contracts.core import clock
from contracts.importer.columns import ORDER, SHEETS
from contracts.registry import changes
from tests.registry.helpers import dump, messages
from tests.registry.sheets import csv_bytes, workbook
from tests.support.builders import uscc


def upload(data: bytes, name: str = "registry.xlsx") -> dict:  # type: ignore[type-arg]
    return {"data": {"file": (io.BytesIO(data), name)}, "content_type": "multipart/form-data"}


@pytest.fixture
def clerk(api, make):  # type: ignore[no-untyped-def]
    clock.set_today(date(2025, 6, 30))
    return api.as_(make.user("finance_staff", password=None)[1])


def test_the_template_names_every_sheet_and_column_and_explains_itself(clerk):
    r = clerk.get("/api/v1/imports/template")
    assert r.status_code == 200
    assert r.headers["Content-Disposition"].startswith("attachment")
    wb = load_workbook(io.BytesIO(r.data))
    assert wb.sheetnames == ["说明", *ORDER]
    for key in ORDER:
        assert [c.value for c in wb[key][1]] == [col.key for col in SHEETS[key][1]]
        assert wb[key].max_row == 1, "the template holds no example rows that would be imported"
    documented = {(row[0], row[1]) for row in wb["说明"].iter_rows(values_only=True) if row and row[1]}
    assert ("obligations（履约义务）", "due_offset") in documented
    assert "dry_run" in "".join(str(c) for row in wb["说明"].iter_rows(values_only=True) for c in row if c)

    r = clerk.get("/api/v1/imports/template", query_string={"format": "csv", "sheet": "payments"})
    assert r.data.decode("utf-8-sig").strip() == "agency_uscc,contract_code,obligation_no,obligation_id,amount,paid_on,voucher"


def _registry_workbook(agency, supplier_code: str, investor) -> bytes:  # type: ignore[no-untyped-def]
    a = agency.uscc
    return workbook({
        "contracts": [
            {"agency_uscc": a, "code": "CG-2024-01", "kind": "政府采购", "title": "办公设备采购", "amount": "1,200,000.00",
             "signed_on": date(2024, 12, 20), "enterprise_uscc": supplier_code, "enterprise_name": "新供应商有限公司",
             "enterprise_is_sme": "是", "party_role": "供应商", "award_notice_on": "2024-12-10",
             "procurement_method": "公开招标"},
            {"agency_uscc": a, "code": "ZS-2024-02", "kind": "investment", "title": "电池基地招商", "amount": 50000000,
             "signed_on": "2024-01-15", "enterprise_uscc": investor.uscc, "party_role": "investor",
             "investment_project": "电池基地", "promised_policies": "投产补助"},
        ],
        "obligations": [
            {"agency_uscc": a, "contract_code": "CG-2024-01", "no": 1, "kind": "payment", "percent": "30",
             "due_event": "acceptance", "due_offset": 10, "due_unit": "工作日", "description": "验收后付30%"},
            {"agency_uscc": a, "contract_code": "CG-2024-01", "no": 2, "kind": "payment", "amount": 840000,
             "due_date": date(2025, 12, 31), "description": "尾款"},
            {"agency_uscc": a, "contract_code": "ZS-2024-02", "no": 1, "kind": "subsidy", "amount": "2000000.00",
             "due_event": "production_start", "due_offset": 5, "due_unit": "working_day"},
            {"agency_uscc": a, "contract_code": "ZS-2024-02", "no": 2, "kind": "land", "debtor": "government",
             "due_date": "2024-06-30", "description": "交付工业用地"},
        ],
        "events": [
            {"agency_uscc": a, "contract_code": "CG-2024-01", "type": "验收合格", "occurred_on": "2025-01-24",
             "evidence": "验收报告"},
            {"agency_uscc": a, "contract_code": "ZS-2024-02", "type": "production_start", "occurred_on": "2024-02-08"},
        ],
        "payments": [
            {"agency_uscc": a, "contract_code": "CG-2024-01", "obligation_no": 1, "amount": "100000.00",
             "paid_on": "2025-02-10", "voucher": "记-001"},
            {"agency_uscc": a, "contract_code": "CG-2024-01", "obligation_no": 1, "amount": "60000.00",
             "paid_on": "2025-02-20", "voucher": "记-002"},
        ],
        "responsibilities": [
            {"agency_uscc": a, "contract_code": "CG-2024-01", "role": "payment_approver", "official_name": "王建国",
             "start": "2024-12-20", "end": "2025-02-01", "reason": "首任"},
            {"agency_uscc": a, "contract_code": "CG-2024-01", "role": "payment_approver", "official_name": "李卫东",
             "official_post": "副科长", "start": "2025-02-01", "reason": "王建国调任"},
        ],
    })


def test_a_workbook_is_checked_then_imported_whole_and_importing_it_again_changes_nothing(clerk, make, session):
    agency = make.agency("某县住建局")
    investor = make.enterprise("某投资集团", is_sme=False)
    supplier_code = uscc("91")
    data = _registry_workbook(agency, supplier_code, investor)

    before = dump()
    r = clerk.post("/api/v1/imports?dry_run=true", **upload(data))
    assert r.status_code == 200, r.get_json()
    report = r.get_json()
    assert report["ok"] and report["dry_run"] and report["errors"] == []
    assert report["counts"]["obligations"] == {"rows": 4, "added": 4, "unchanged": 0}
    assert report["created"] == {"enterprises": 1, "officials": 2}
    assert dump() == before, "a dry run stores nothing"

    r = clerk.post("/api/v1/imports", **upload(data))
    assert r.status_code == 201, r.get_json()
    report = r.get_json()
    assert {k: v["added"] for k, v in report["counts"].items()} == {
        "contracts": 2, "obligations": 4, "events": 2, "payments": 2, "responsibilities": 2}

    contracts = {c["code"]: c for c in clerk.get("/api/v1/contracts").get_json()}
    cg = contracts["CG-2024-01"]
    assert (cg["amount"], cg["procurement_method"], cg["award_notice_on"]) == ("1200000.00", "open_tender", "2024-12-10")
    obs = {o["description"]: o for o in clerk.get(f"/api/v1/contracts/{cg['id']}/obligations").get_json()}
    first = obs["验收后付30%"]
    assert (first["amount"], first["due_date"], first["paid"], first["outstanding"], first["source"]) == (
        "360000.00", "2025-02-13", "160000.00", "200000.00", "imported")
    assert obs["尾款"]["due_date"] == "2025-12-31"
    zs = contracts["ZS-2024-02"]
    subsidy = clerk.get(f"/api/v1/contracts/{zs['id']}/obligations", query_string={"kind": "subsidy"}).get_json()
    assert subsidy[0]["due_date"] == "2024-02-21"
    events = [e["type"] for e in clerk.get(f"/api/v1/contracts/{cg['id']}/events").get_json()]
    assert events == ["award_notice", "signing", "acceptance"]
    url = f"/api/v1/contracts/{cg['id']}/responsibilities"
    holders = [clerk.get(url, query_string={"on": d, "role": "payment_approver"}).get_json()[0]["official_name"]
               for d in ("2025-01-24", "2025-02-13")]
    assert holders == ["王建国", "李卫东"]
    new_supplier = clerk.get("/api/v1/enterprises", query_string={"uscc": supplier_code}).get_json()[0]
    assert (new_supplier["name"], new_supplier["is_sme"]) == ("新供应商有限公司", True)

    # the bulk inserts (a COPY on PostgreSQL) mark what they wrote for the checker's next run
    marked = changes.pending(session)[1]
    assert set(marked) == {cg["id"], zs["id"]}
    assert {"contracts", "contract_parties", "contract_events", "obligations", "responsibilities"} <= marked[cg["id"]]

    audit = clerk.get("/api/v1/audit", query_string={"entity": "import"}).get_json()
    assert len(audit) == 1
    assert audit[0]["after"]["sha256"] == report["sha256"]
    assert audit[0]["after"]["counts"]["obligations"]["added"] == 4
    per_contract = clerk.get("/api/v1/audit", query_string={"contract_id": cg["id"], "entity": "contract"}).get_json()
    assert per_contract[0]["after"]["obligations"] == 2 and report["sha256"] in per_contract[0]["note"]

    before = dump()
    r = clerk.post("/api/v1/imports", **upload(data, "again.xlsx"))
    assert r.status_code == 201, r.get_json()
    assert all(c["added"] == 0 and c["unchanged"] == c["rows"] for c in r.get_json()["counts"].values())
    assert r.get_json()["audit_event_id"] is None
    assert dump() == before, "importing the same file again changes nothing"


def test_a_dry_run_lists_every_bad_row_and_a_real_run_with_them_stores_nothing(clerk, make):
    agency = make.agency()
    contract = make.contract(agency, code="HT-1", signed_on=date(2024, 3, 15))
    rows = [{"agency_uscc": agency.uscc, "contract_code": "HT-1", "no": n, "kind": "payment", "amount": "10.00",
             "due_date": "2024-12-31", "description": f"第{n}期"} for n in range(1, 501)]
    rows[9]["amount"] = "-10.00"  # row 11
    rows[99]["contract_code"] = "HT-404"  # row 101
    rows[299]["no"] = 1  # row 301: the same number twice
    rows.append({"agency_uscc": agency.uscc, "contract_code": "HT-1", "no": 501, "kind": "payment",
                 "amount": "1200000.01", "due_date": "2024-12-31"})  # row 502: more than the contract
    data = workbook({"obligations": rows})

    r = clerk.post("/api/v1/imports?dry_run=true", **upload(data))
    assert r.status_code == 200
    errors = [(e["sheet"], e["row"], e["column"]) for e in r.get_json()["errors"]]
    assert errors == [("obligations", 11, "amount"), ("obligations", 101, "contract_code"),
                      ("obligations", 301, "no"), ("obligations", 502, "amount")]
    assert all(" / " in e["message"] for e in r.get_json()["errors"])

    before = dump()
    r = clerk.post("/api/v1/imports", **upload(data))
    assert r.status_code == 422
    assert set(messages(r.get_json())) == {"_schema", "obligations[11].amount", "obligations[101].contract_code",
                                           "obligations[301].no", "obligations[502].amount"}
    assert dump() == before
    assert clerk.get(f"/api/v1/contracts/{contract.id}/obligations").get_json() == []


def test_a_gb18030_csv_adds_obligations_and_payments_to_a_registered_contract_through_the_services(clerk, make):
    agency = make.agency()
    contract = make.contract(agency, code="HT-7", signed_on=date(2024, 12, 20))
    make.event(contract, "acceptance", date(2025, 1, 24))
    rows = [{"agency_uscc": agency.uscc, "contract_code": "HT-7", "no": 1, "kind": "payment", "percent": "50%",
             "due_event": "acceptance", "due_offset": 10, "due_unit": "working_day", "description": "验收款"}]
    data = csv_bytes(rows, encoding="gb18030")

    r = clerk.post("/api/v1/imports", **upload(data, "义务.csv"))
    assert r.status_code == 201, r.get_json()
    assert r.get_json()["format"] == "csv"
    ob = clerk.get(f"/api/v1/contracts/{contract.id}/obligations").get_json()[0]
    assert (ob["amount"], ob["due_date"]) == ("600000.00", "2025-02-13")
    audit = clerk.get("/api/v1/audit", query_string={"contract_id": contract.id, "action": "import"}).get_json()
    assert [(e["entity"], e["after"]["obligations"]) for e in audit] == [("contract", 1)], \
        "rows added to a registered contract are in its audit trail"

    payments = csv_bytes([{"agency_uscc": agency.uscc, "contract_code": "HT-7", "obligation_id": ob["id"],
                           "amount": "100000.00", "paid_on": "2025-02-14", "voucher": "记-9"}])
    assert clerk.post("/api/v1/imports", **upload(payments, "payments.csv")).status_code == 201
    assert clerk.post("/api/v1/imports", **upload(payments, "payments.csv")).get_json()["counts"]["payments"] == {
        "rows": 1, "added": 0, "unchanged": 1}
    ob = clerk.get(f"/api/v1/obligations/{ob['id']}").get_json()
    assert (ob["paid"], ob["outstanding"]) == ("100000.00", "500000.00")
    again = clerk.post("/api/v1/imports", **upload(data, "义务.csv")).get_json()
    assert again["counts"]["obligations"] == {"rows": 1, "added": 0, "unchanged": 1}


def test_rows_that_contradict_the_registry_are_errors_not_silent_changes(clerk, make):
    agency = make.agency()
    supplier = make.enterprise()
    make.contract(agency, supplier, code="HT-9", amount="500000.00", signed_on=date(2024, 3, 15), title="原合同")
    data = workbook({"contracts": [
        {"agency_uscc": agency.uscc, "code": "HT-9", "kind": "procurement", "title": "原合同", "amount": "550000.00",
         "signed_on": "2024-03-15", "enterprise_uscc": supplier.uscc, "party_role": "supplier"}]})
    r = clerk.post("/api/v1/imports?dry_run=true", **upload(data))
    errors = r.get_json()["errors"]
    assert [(e["row"], e["column"]) for e in errors] == [(2, "amount")]
    assert "correct it in the registry" in errors[0]["message"]


def test_a_contract_row_signed_after_today_is_an_error_of_its_signing_date(clerk, make):
    agency, supplier = make.agency(), make.enterprise()  # today is 2025-06-30
    data = workbook({"contracts": [
        {"agency_uscc": agency.uscc, "code": code, "kind": "procurement", "title": "合同", "amount": "1.00",
         "signed_on": signed_on, "enterprise_uscc": supplier.uscc, "party_role": "supplier"}
        for code, signed_on in (("HT-1", "2025-06-30"), ("HT-2", date(2025, 7, 1)))]})
    r = clerk.post("/api/v1/imports?dry_run=true", **upload(data))
    errors = r.get_json()["errors"]
    assert [(e["sheet"], e["row"], e["column"]) for e in errors] == [("contracts", 3, "signed_on")]
    assert errors[0]["message"] == "签订日期不能晚于今天 / the signing date cannot be after today"


def test_overpayments_and_overlapping_tenures_in_a_file_are_caught_before_anything_is_written(clerk, make):
    agency = make.agency()
    supplier = make.enterprise()
    make.official(agency, "王建国")
    a = agency.uscc
    data = workbook({
        "contracts": [{"agency_uscc": a, "code": "HT-P", "kind": "ppp", "title": "PPP项目", "amount": "1000.00",
                       "signed_on": "2024-03-15", "enterprise_uscc": supplier.uscc, "party_role": "social_capital",
                       "ppp_mode": "BOT", "cooperation_years": 20, "ppp_stage": "execution"}],
        "obligations": [{"agency_uscc": a, "contract_code": "HT-P", "no": 1, "kind": "subsidy", "amount": "100.00",
                         "due_date": "2024-12-31"}],
        "payments": [{"agency_uscc": a, "contract_code": "HT-P", "obligation_no": 1, "amount": "60.00",
                      "paid_on": "2024-12-01", "voucher": "1"},
                     {"agency_uscc": a, "contract_code": "HT-P", "obligation_no": 1, "amount": "60.00",
                      "paid_on": "2024-12-02", "voucher": "2"}],
        "responsibilities": [
            {"agency_uscc": a, "contract_code": "HT-P", "role": "project_lead", "official_name": "王建国",
             "start": "2024-03-15", "stage": "execution"},
            {"agency_uscc": a, "contract_code": "HT-P", "role": "project_lead", "official_name": "王建国",
             "start": "2024-06-01", "end": "2024-09-01", "stage": "execution"}],
    })
    r = clerk.post("/api/v1/imports?dry_run=true", **upload(data))
    errors = [(e["sheet"], e["row"], e["column"]) for e in r.get_json()["errors"]]
    assert errors == [("payments", 3, "amount"), ("responsibilities", 2, "start"), ("responsibilities", 3, "start")]


def test_agency_staff_import_only_their_own_agency_and_cannot_register_new_parties(api, make):
    clock.set_today(date(2025, 6, 30))
    own, other = make.agency("本部门"), make.agency("其他部门")
    token = make.user("agency_staff", agency=own, password=None)[1]
    data = workbook({"contracts": [
        {"agency_uscc": other.uscc, "code": "X-1", "kind": "procurement", "title": "他部门合同", "amount": "1.00",
         "signed_on": "2024-03-15", "enterprise_uscc": uscc("91"), "enterprise_name": "新公司", "party_role": "supplier"},
        {"agency_uscc": own.uscc, "code": "X-2", "kind": "procurement", "title": "本部门合同", "amount": "1.00",
         "signed_on": "2024-03-15", "enterprise_uscc": uscc("91"), "enterprise_name": "新公司二",
         "party_role": "supplier"}]})
    r = api.as_(token).post("/api/v1/imports?dry_run=true", **upload(data))
    assert [(e["row"], e["column"]) for e in r.get_json()["errors"]] == [(2, "agency_uscc"), (3, "enterprise_uscc")]


@pytest.mark.parametrize(("content", "name", "says"), [
    (b"", "empty.xlsx", "empty"),
    (b"%PDF-1.7 ...", "contract.xlsx", "PDF"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "old.xls", ".xls"),
    (b"PK\x03\x04" + b"\0" * 100, "broken.xlsx", "damaged"),
    (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "picture.csv", "neither"),
], ids=["empty", "pdf", "xls", "broken zip", "png"])
def test_a_file_is_judged_by_its_content_not_its_name(clerk, content, name, says):
    r = clerk.post("/api/v1/imports?dry_run=true", **upload(content, name))
    assert r.status_code == 422
    assert says in messages(r.get_json())["file"][0]


def test_a_zip_that_is_not_a_workbook_and_a_workbook_without_known_sheets_are_refused(clerk):
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("readme.txt", "hello")
    r = clerk.post("/api/v1/imports?dry_run=true", **upload(buf.getvalue()))
    assert "not an Excel workbook" in messages(r.get_json())["file"][0]
    r = clerk.post("/api/v1/imports?dry_run=true", **upload(workbook({"Sheet1": [{"a": 1}]})))
    assert r.status_code == 422 and "no sheet to import" in messages(r.get_json())["file"][0]


def test_unknown_and_missing_columns_are_reported_on_the_header_row(clerk, make):
    agency = make.agency()
    data = workbook({"payments": [{"agency_uscc": agency.uscc, "contract_code": "HT-1", "amount": "1.00",
                                   "paid_date": "2024-01-01"}]})
    errors = clerk.post("/api/v1/imports?dry_run=true", **upload(data)).get_json()["errors"]
    assert [(e["row"], e["column"]) for e in errors] == [(1, "paid_date"), (1, "paid_on")]


def test_a_workbook_saved_by_a_spreadsheet_program_with_shared_strings_dates_and_gaps_is_read_cell_by_cell(clerk, make):
    from openpyxl import Workbook

    agency = make.agency()
    contract = make.contract(agency, code="HT-XL", amount="1000000.00", signed_on=date(2024, 3, 15))
    wb = Workbook()  # the ordinary writer: shared strings, styles, a <dimension>, like Excel or WPS
    ws = wb.active
    ws.title = "履约义务"
    ws.append(["部门统一社会信用代码", "合同编号", "序号", "义务类型", "金额", "比例（%）", "固定到期日", "说明"])
    ws.append([agency.uscc, "HT-XL", 1, "付款", 1000.5, None, date(2024, 12, 31), "首付款"])
    ws.append([])  # a blank row 3
    ws.append([agency.uscc, "HT-XL", 2, "payment", None, 30, date(2025, 1, 31), None])
    ws.append([agency.uscc, "HT-XL", 3, "payment", "十万", None, date(2025, 2, 28), "坏金额"])
    for row in ws.iter_rows(min_row=2, min_col=7, max_col=7):
        row[0].number_format = "yyyy/mm/dd"
    out = io.BytesIO()
    wb.save(out)

    r = clerk.post("/api/v1/imports?dry_run=true", **upload(out.getvalue(), "义务.xlsx"))
    assert [(e["row"], e["column"]) for e in r.get_json()["errors"]] == [(5, "amount")]
    ws.delete_rows(5)
    out = io.BytesIO()
    wb.save(out)
    r = clerk.post("/api/v1/imports", **upload(out.getvalue(), "义务.xlsx"))
    assert r.status_code == 201, r.get_json()
    obs = clerk.get(f"/api/v1/contracts/{contract.id}/obligations").get_json()
    assert [(o["amount"], o["percent"], o["due_date"], o["description"]) for o in obs] == [
        ("1000.50", None, "2024-12-31", "首付款"), ("300000.00", "30", "2025-01-31", "")]


def test_rows_of_a_contract_whose_own_row_is_bad_point_at_that_row(clerk, make):
    agency, supplier = make.agency(), make.enterprise()
    data = workbook({
        "contracts": [{"agency_uscc": agency.uscc, "code": "HT-B", "kind": "procurement", "title": "合同",
                       "amount": "12.345", "signed_on": "2024-03-15", "enterprise_uscc": supplier.uscc,
                       "party_role": "supplier"}],
        "obligations": [{"agency_uscc": agency.uscc, "contract_code": "HT-B", "no": 1, "kind": "payment",
                         "amount": "1.00", "due_date": "2024-12-31"}]})
    errors = clerk.post("/api/v1/imports?dry_run=true", **upload(data)).get_json()["errors"]
    assert [(e["sheet"], e["row"], e["column"]) for e in errors] == [("contracts", 2, "amount"),
                                                                     ("obligations", 2, "contract_code")]
    assert "row 2 in the contracts sheet" in errors[1]["message"]


def test_an_import_records_an_event_on_a_registered_contract_and_both_old_and_new_obligations_get_due_dates(
        clerk, make):
    agency = make.agency()
    contract = make.contract(agency, code="HT-R", amount="1000000.00", signed_on=date(2024, 12, 20))
    old = make.obligation(contract, due={"event": "acceptance", "offset": 10, "unit": "working_day"}, amount="1000.00",
                          description="旧义务")
    a = agency.uscc
    data = workbook({
        "obligations": [{"agency_uscc": a, "contract_code": "HT-R", "no": 1, "kind": "payment", "amount": "500.00",
                         "due_event": "acceptance", "due_offset": 1, "due_unit": "month", "description": "新义务"}],
        "events": [{"agency_uscc": a, "contract_code": "HT-R", "type": "acceptance", "occurred_on": "2025-01-24"}],
        "payments": [{"agency_uscc": a, "contract_code": "HT-R", "obligation_no": 1, "amount": "500.00",
                      "paid_on": "2025-02-01", "voucher": "新-1"},
                     {"agency_uscc": a, "contract_code": "HT-R", "obligation_id": old.id, "amount": "400.00",
                      "paid_on": "2025-02-01", "voucher": "旧-1"}]})
    r = clerk.post("/api/v1/imports", **upload(data))
    assert r.status_code == 201, r.get_json()
    obs = {o["description"]: o for o in clerk.get(f"/api/v1/contracts/{contract.id}/obligations").get_json()}
    assert (obs["旧义务"]["due_date"], obs["旧义务"]["outstanding"]) == ("2025-02-13", "600.00")
    # one month after Fri 24 Jan 2025 is Mon 24 Feb, a working day
    assert (obs["新义务"]["due_date"], obs["新义务"]["status"], obs["新义务"]["fulfilled_on"]) == (
        "2025-02-24", "fulfilled", "2025-02-01")
    trail = clerk.get("/api/v1/audit", query_string={"contract_id": contract.id, "page_size": 50}).get_json()
    actions = [(e["action"], e["entity"]) for e in reversed(trail)]
    assert actions[-5:] == [("create", "event"), ("update", "obligation"), ("create", "payment"),
                            ("update", "obligation"), ("import", "contract")]
    assert trail[0]["after"] == {"obligations": 1, "payments": 1, "events": 1, "responsibilities": 0}


def test_an_import_tells_how_far_it_got_rows_read_then_checked_of_the_total_then_writing(make, session):
    from contracts.importer import services

    clock.set_today(date(2025, 6, 30))
    user = make.user("finance_staff", password=None)[0]
    agency = make.agency()
    make.contract(agency, code="HT-1", amount="90000000.00", signed_on=date(2024, 3, 15))
    rows = [{"agency_uscc": agency.uscc, "contract_code": "HT-1", "no": n, "kind": "payment", "amount": "10.00",
             "due_date": "2024-12-31", "description": f"第{n}期"} for n in range(1, 2501)]
    heard: list[tuple[str, int, int | None]] = []
    services.run_import(session, workbook({"obligations": rows}), user=user, dry_run=False,
                        on_progress=lambda *a: heard.append(a))
    reading = [a for a in heard if a[0] == "reading"]
    checking = [a for a in heard if a[0] == "checking"]
    assert reading and all(total is None for _, _, total in reading), "the total is not known while reading"
    assert [done for _, done, _ in checking] == sorted(done for _, done, _ in checking)
    assert len(checking) >= 5 and checking[0][1:] == (0, 2500) and checking[-1][1:] == (2500, 2500)
    assert heard[-1] == ("writing", 2500, 2500)
    assert [a[0] for a in heard] == sorted((a[0] for a in heard), key=["reading", "checking", "writing"].index)


def _obligations_sheet(agency, rows: list[list[object]]) -> bytes:  # type: ignore[no-untyped-def]
    """An 履约义务 sheet written by openpyxl, as a script would (formulas are stored without a value)."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "obligations"
    ws.append(["agency_uscc", "contract_code", "no", "kind", "amount", "due_date", "description"])
    for row in rows:
        ws.append([agency.uscc, "HT-F", *row])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_formulas_a_script_left_without_values_and_error_values_are_named_cell_by_cell(clerk, make):
    """A workbook written by a script holds its formulas but not their results, and a copied sheet
    can hold #N/A: each such cell is reported on its row, not the whole file refused as unreadable
    and not an error code imported as the obligation's description."""
    agency = make.agency()
    contract = make.contract(agency, code="HT-F", amount="1000000.00", signed_on=date(2024, 3, 15))
    data = _obligations_sheet(agency, [
        [1, "payment", "=1000*3", "2024-12-31", "首付款"],
        [2, "payment", "500.00", "2025-01-31", '="进度"&"款"'],
        [3, "payment", "600.00", "2025-02-28", "#N/A"],
        [4, "payment", "700.00", "2025-03-31", "尾款"],
    ])
    r = clerk.post("/api/v1/imports?dry_run=true", **upload(data))
    assert r.status_code == 200, r.get_json()
    errors = [(e["row"], e["column"], e["message"]) for e in r.get_json()["errors"]]
    assert [e[:2] for e in errors] == [(2, "amount"), (3, "description"), (4, "description")]
    assert "formula" in errors[0][2] and "公式" in errors[0][2] and errors[1][2] == errors[0][2]
    assert "#N/A" in errors[2][2]
    r = clerk.post("/api/v1/imports", **upload(data))
    assert r.status_code == 422
    assert clerk.get(f"/api/v1/contracts/{contract.id}/obligations").get_json() == []


def test_a_number_in_a_date_formatted_cell_too_large_to_be_a_date_is_named_not_the_file_refused(clerk, make):
    from openpyxl import load_workbook

    agency = make.agency()
    make.contract(agency, code="HT-F", amount="1000000.00", signed_on=date(2024, 3, 15))
    wb = load_workbook(io.BytesIO(_obligations_sheet(agency, [[1, "payment", 3000000, date(2024, 12, 31), "首付款"]])))
    wb.active["E2"].number_format = "yyyy-mm-dd"  # the amount column took the date column's format
    out = io.BytesIO()
    wb.save(out)
    r = clerk.post("/api/v1/imports?dry_run=true", **upload(out.getvalue()))
    assert r.status_code == 200, r.get_json()
    assert [(e["row"], e["column"]) for e in r.get_json()["errors"]] == [(2, "amount")]


def test_a_csv_with_a_cell_longer_than_csv_can_read_is_refused_naming_its_row_not_a_server_error(clerk, make):
    """A cell of more than 131,072 characters (a whole document pasted into 说明) stops Python's csv
    reader: the clerk hears which row, in both languages, and nothing is stored."""
    agency = make.agency()
    contract = make.contract(agency, code="HT-L", amount="1000000.00", signed_on=date(2024, 3, 15))
    rows = [{"agency_uscc": agency.uscc, "contract_code": "HT-L", "no": 1, "kind": "payment", "amount": "10.00",
             "due_date": "2024-12-31", "description": "首付款"},
            {"agency_uscc": agency.uscc, "contract_code": "HT-L", "no": 2, "kind": "payment", "amount": "10.00",
             "due_date": "2025-12-31", "description": "长" * 200_000}]
    for dry_run in ("true", "false"):
        r = clerk.post(f"/api/v1/imports?dry_run={dry_run}", **upload(csv_bytes(rows), "obligations.csv"))
        assert r.status_code == 422, r.get_json()
        (message,) = messages(r.get_json())["file"]
        assert "row 3" in message and "第3行" in message, message
    assert clerk.get(f"/api/v1/contracts/{contract.id}/obligations").get_json() == []


def test_a_nul_character_deep_in_a_large_csv_is_refused_beside_its_cell_as_the_api_refuses_it(clerk, make):
    """A CSV exported by an old system carries a stray NUL past the part that decides it is text: the
    cell is refused on its row (PostgreSQL's text cannot hold it, so it failed in the driver)."""
    agency = make.agency()
    contract = make.contract(agency, code="HT-N", amount="90000000.00", signed_on=date(2024, 3, 15))
    rows = [{"agency_uscc": agency.uscc, "contract_code": "HT-N", "no": n, "kind": "payment", "amount": "10.00",
             "due_date": "2024-12-31", "description": f"第{n}期进度款"} for n in range(1, 1501)]
    rows[-1]["description"] = "尾款\x00"
    data = csv_bytes(rows)
    assert b"\x00" not in data[:65536]
    r = clerk.post("/api/v1/imports?dry_run=true", **upload(data, "obligations.csv"))
    assert r.status_code == 200, r.get_json()
    errors = r.get_json()["errors"]
    assert [(e["row"], e["column"]) for e in errors] == [(1501, "description")]
    assert "U+0000" in errors[0]["message"] and "空字符" in errors[0]["message"]
    assert clerk.post("/api/v1/imports", **upload(data, "obligations.csv")).status_code == 422
    assert clerk.get(f"/api/v1/contracts/{contract.id}/obligations").get_json() == []


@pytest.mark.parametrize(("amount", "stored"), [
    ("1,234.50", "1234.50"), ("1,234,567", "1234567.00"), ("１，２３４.５", "1234.50"), ("999", "999.00"),
    ("1,5", None), ("1,00", None), ("12,34,567.00", None), ("1,234.5,0", None), (",100", None), ("100,", None),
])
def test_thousands_separators_are_read_only_where_they_group_thousands(clerk, make, amount, stored):
    """"1,5" or "1,00" typed for 1.5 or 1.00 were read as 15 and 100: a comma that does not separate
    thousands is refused on its cell, never dropped to make a different amount."""
    agency = make.agency()
    contract = make.contract(agency, code="HT-G", amount="90000000.00", signed_on=date(2024, 3, 15))
    data = csv_bytes([{"agency_uscc": agency.uscc, "contract_code": "HT-G", "no": 1, "kind": "payment",
                       "amount": amount, "due_date": "2024-12-31"}])
    r = clerk.post("/api/v1/imports", **upload(data, "obligations.csv"))
    if stored is None:
        assert r.status_code == 422, r.get_json()
        (message,) = messages(r.get_json())["obligations[2].amount"]
        assert "thousands" in message and "千分位" in message
        assert clerk.get(f"/api/v1/contracts/{contract.id}/obligations").get_json() == []
    else:
        assert r.status_code == 201, r.get_json()
        assert clerk.get(f"/api/v1/contracts/{contract.id}/obligations").get_json()[0]["amount"] == stored


def test_merged_cells_are_named_on_every_row_they_cover_not_read_as_empty(clerk, make):
    """A clerk merges the contract's code, and 履行方 = 相对方, down the three rows of one contract. The
    value is stored in the first cell only: the rows below would have been missing their contract
    (reported as "required", which the clerk cannot see) and, silently, owed by the government."""
    from openpyxl import Workbook

    agency = make.agency()
    contract = make.contract(agency, code="HT-M", amount="1000000.00", signed_on=date(2024, 3, 15))
    wb = Workbook()
    ws = wb.active
    ws.title = "obligations"
    ws.append(["agency_uscc", "contract_code", "no", "kind", "debtor", "amount", "due_date", "description"])
    for n in (1, 2, 3):
        ws.append([agency.uscc, "HT-M" if n == 1 else None, n, "other", "counterparty" if n == 1 else None,
                   None, f"2024-0{n + 6}-01", f"第{n}项"])
    ws.merge_cells("B2:B4")
    ws.merge_cells("E2:E4")
    out = io.BytesIO()
    wb.save(out)

    r = clerk.post("/api/v1/imports?dry_run=true", **upload(out.getvalue()))
    assert r.status_code == 200, r.get_json()
    errors = r.get_json()["errors"]
    assert [(e["row"], e["column"]) for e in errors] == [
        (3, "contract_code"), (3, "debtor"), (4, "contract_code"), (4, "debtor")]
    assert "B2:B4" in errors[0]["message"] and "merged" in errors[0]["message"] and "合并" in errors[0]["message"]
    assert clerk.post("/api/v1/imports", **upload(out.getvalue())).status_code == 422
    assert clerk.get(f"/api/v1/contracts/{contract.id}/obligations").get_json() == []


def test_a_header_cell_merged_over_the_next_column_leaves_that_column_unnamed_and_says_so(clerk, make):
    from openpyxl import Workbook

    agency = make.agency()
    make.contract(agency, code="HT-M", amount="1000000.00", signed_on=date(2024, 3, 15))
    wb = Workbook()
    ws = wb.active
    ws.title = "obligations"
    ws.append(["agency_uscc", "contract_code", "no", "kind", "amount", "due_date", "description", None])
    ws.append([agency.uscc, "HT-M", 1, "payment", "100.00", "2024-12-31", "首付款", "（说明续）"])
    ws.merge_cells("G1:H1")  # 说明 widened over two columns: the second one's text would be dropped unseen
    out = io.BytesIO()
    wb.save(out)
    errors = clerk.post("/api/v1/imports?dry_run=true", **upload(out.getvalue())).get_json()["errors"]
    assert [(e["row"], e["column"]) for e in errors] == [(1, "#8")]
    assert "G1:H1" in errors[0]["message"] and "no name" in errors[0]["message"]
    ws["H2"] = None  # no text under it: the merged header is only its look
    out = io.BytesIO()
    wb.save(out)
    assert clerk.post("/api/v1/imports?dry_run=true", **upload(out.getvalue())).get_json()["errors"] == []


def test_a_date_typed_into_an_amount_or_percent_cell_is_named_as_a_date_not_as_python_sees_it(clerk, make):
    agency = make.agency()
    make.contract(agency, code="HT-D", amount="1000000.00", signed_on=date(2024, 3, 15))
    data = workbook({"obligations": [
        {"agency_uscc": agency.uscc, "contract_code": "HT-D", "no": 1, "kind": "payment", "amount": date(2024, 12, 31),
         "due_date": "2024-12-31"},
        {"agency_uscc": agency.uscc, "contract_code": "HT-D", "no": 2, "kind": "payment", "percent": date(2025, 1, 1),
         "due_date": "2025-12-31"}]})
    errors = clerk.post("/api/v1/imports?dry_run=true", **upload(data)).get_json()["errors"]
    assert [(e["row"], e["column"]) for e in errors] == [(2, "amount"), (3, "percent")]
    for e in errors:
        assert "datetime" not in e["message"] and "not a date" in e["message"] and "日期" in e["message"], e


def test_an_amount_a_spreadsheet_computed_is_read_as_the_cents_it_shows_and_a_real_fraction_of_a_cent_refused(clerk, make):
    """尾款 = 合同价 − 已付 computed in the sheet is stored as 799.90000000000009 (binary floating point);
    the clerk sees 799.90 and was told it had more than two decimal places. A formula that really
    gives a fraction of a cent (1234.56 × 30% = 370.368) is still refused: money is never rounded."""
    agency = make.agency()
    contract = make.contract(agency, code="HT-C", amount="1000000.00", signed_on=date(2024, 3, 15))
    rows = [{"agency_uscc": agency.uscc, "contract_code": "HT-C", "no": n, "kind": "payment", "amount": amount,
             "due_date": f"2025-0{n}-01"} for n, amount in ((1, 1000.1 - 200.2), (2, 0.1 + 0.2), (3, 1234.56 * 0.3))]
    errors = clerk.post("/api/v1/imports?dry_run=true", **upload(workbook({"obligations": rows}))).get_json()["errors"]
    assert [(e["row"], e["column"]) for e in errors] == [(4, "amount")]
    r = clerk.post("/api/v1/imports", **upload(workbook({"obligations": rows[:2]})))
    assert r.status_code == 201, r.get_json()
    amounts = [o["amount"] for o in clerk.get(f"/api/v1/contracts/{contract.id}/obligations").get_json()]
    assert amounts == ["799.90", "0.30"]


def test_a_percent_typed_as_30_percent_in_a_percent_formatted_cell_is_30_percent_not_0_3(clerk, make):
    """Typing 30% into Excel stores 0.3 in a cell formatted 0%: the obligation was imported as 0.3% of
    the contract (3,000 yuan of a million instead of 300,000). The cell is read as the clerk sees it."""
    from openpyxl import Workbook

    agency = make.agency()
    contract = make.contract(agency, code="HT-P", amount="1000000.00", signed_on=date(2024, 3, 15))
    wb = Workbook()
    ws = wb.active
    ws.title = "履约义务"
    ws.append(["部门统一社会信用代码", "合同编号", "序号", "义务类型", "金额", "比例（%）", "固定到期日", "说明"])
    ws.append([agency.uscc, "HT-P", 1, "payment", None, 0.3, "2024-12-31", "预付款"])
    ws.append([agency.uscc, "HT-P", 2, "payment", None, 0.125, "2025-06-30", "进度款"])
    ws.append([agency.uscc, "HT-P", 3, "payment", 0.05, None, "2025-12-31", "尾款"])  # 5% typed as an amount
    ws["F2"].number_format = "0%"
    ws["F3"].number_format = "0.0%"
    ws["E4"].number_format = "0%"
    out = io.BytesIO()
    wb.save(out)
    errors = clerk.post("/api/v1/imports?dry_run=true", **upload(out.getvalue())).get_json()["errors"]
    assert [(e["row"], e["column"]) for e in errors] == [(4, "amount")]
    assert "5%" in errors[0]["message"]
    ws.delete_rows(4)
    out = io.BytesIO()
    wb.save(out)
    r = clerk.post("/api/v1/imports", **upload(out.getvalue()))
    assert r.status_code == 201, r.get_json()
    obs = clerk.get(f"/api/v1/contracts/{contract.id}/obligations").get_json()
    assert [(o["percent"], o["amount"]) for o in obs] == [("30", "300000.00"), ("12.5", "125000.00")]


def test_a_workbook_with_two_sheets_of_contracts_says_so_instead_of_importing_only_the_first(clerk, make):
    """A clerk fills the template's contracts sheet and a colleague a 合同 sheet: the second was skipped
    without a word, and a real run imported half the contracts."""
    agency, supplier = make.agency(), make.enterprise()

    def contract(code: str) -> dict:  # type: ignore[type-arg]
        return {"agency_uscc": agency.uscc, "code": code, "kind": "procurement", "title": "合同", "amount": "100.00",
                "signed_on": "2024-03-15", "enterprise_uscc": supplier.uscc, "party_role": "supplier"}

    data = workbook({"contracts": [contract("HT-1")], "合同": [contract("HT-2")]})
    errors = clerk.post("/api/v1/imports?dry_run=true", **upload(data)).get_json()["errors"]
    assert [(e["sheet"], e["row"]) for e in errors] == [("contracts", 1)]
    assert "合同" in errors[0]["message"] and "two sheets" in errors[0]["message"]
    assert clerk.post("/api/v1/imports", **upload(data)).status_code == 422
    assert clerk.get("/api/v1/contracts").get_json() == []


@pytest.mark.parametrize("sheet", ["obligations", "payments"])
def test_two_clerks_importing_the_same_rows_at_once_store_them_once_and_the_later_is_told_to_try_again(
        make, session, sheet):
    """Two clerks upload the same sheet within seconds. Each import checks the whole file against the
    registry, then writes; the later to write checked before the earlier had written, so it would add
    every row a second time (obligations and payments have no natural key a constraint could hold).
    It is refused with 409 and nothing of it is written; uploaded again, it finds every row already there."""
    from contracts.core.db import db
    from contracts.core.errors import Conflict
    from contracts.importer import services
    from contracts.obligations.models import Obligation, Payment

    clock.set_today(date(2025, 6, 30))
    user = make.user("finance_staff", password=None)[0]
    agency = make.agency()
    contract = make.contract(agency, code="HT-9", amount="1000000.00", signed_on=date(2025, 1, 6))
    if sheet == "obligations":
        rows = [{"agency_uscc": agency.uscc, "contract_code": "HT-9", "no": 1, "kind": "payment",
                 "amount": "300000.00", "due_date": "2025-03-31", "description": "首期款"}]
    else:
        ob = make.obligation(contract, amount="300000.00", due={"date": "2025-03-31"})
        rows = [{"agency_uscc": agency.uscc, "contract_code": "HT-9", "obligation_id": ob.id,
                 "amount": "100000.00", "paid_on": "2025-03-28", "voucher": "记-31"}]
    make.commit()
    data = workbook({sheet: rows})
    model = Obligation if sheet == "obligations" else Payment
    before = session.scalar(select(func.count(model.id)))

    def the_other_clerk_finishes_first(stage: str, _done: int, _total: int | None) -> None:
        if stage == "checking" and _done == _total:  # checked, about to write
            other = db._factory(bind=db.engine)
            try:
                services.run_import(other, data, user=user, dry_run=False)
                other.commit()
            finally:
                other.close()

    with pytest.raises(Conflict):
        services.run_import(session, data, user=user, dry_run=False, on_progress=the_other_clerk_finishes_first)
    session.rollback()
    assert session.scalar(select(func.count(model.id))) == before + 1
    again = services.run_import(session, data, user=user, dry_run=False)
    assert again.counts[sheet] == {"rows": 1, "added": 0, "unchanged": 1}


@pytest.mark.parametrize("amount", ["1.23457E+11", "1e3", "2.5E4"])
def test_an_amount_in_scientific_notation_is_refused_on_its_cell_not_read_as_a_rounded_number(clerk, make, amount):
    """A spreadsheet shows 123,456,789,012.34 in a narrow column as 1.23457E+11 and a CSV export keeps
    what it showed: read as a number it would be 123,457,000,000.00, a different amount. The clerk is
    told to write it in full."""
    agency = make.agency()
    contract = make.contract(agency, code="HT-E", amount="900000000000.00", signed_on=date(2024, 3, 15))
    data = csv_bytes([{"agency_uscc": agency.uscc, "contract_code": "HT-E", "no": 1, "kind": "payment",
                       "amount": amount, "due_date": "2024-12-31"}])
    r = clerk.post("/api/v1/imports", **upload(data, "obligations.csv"))
    assert r.status_code == 422, r.get_json()
    (message,) = messages(r.get_json())["obligations[2].amount"]
    assert "scientific notation" in message and "科学计数法" in message
    assert clerk.get(f"/api/v1/contracts/{contract.id}/obligations").get_json() == []


def test_a_day_the_calendar_does_not_have_is_named_as_such_not_as_a_badly_written_date(clerk, make):
    agency = make.agency()
    contract = make.contract(agency, code="HT-D", signed_on=date(2024, 3, 15))
    r = clerk.post(f"/api/v1/contracts/{contract.id}/obligations",
                   json={"kind": "payment", "amount": "100.00", "due": {"date": "2025-02-29"}})
    assert r.status_code == 422
    assert any("no such day in the calendar: 2025-02-29" in m and "日历上没有这一天" in m
               for ms in messages(r.get_json()).values() for m in ms), r.get_json()
    data = csv_bytes([{"agency_uscc": agency.uscc, "contract_code": "HT-D", "no": 1, "kind": "payment",
                       "amount": "100.00", "due_date": "2026-02-30"}])
    r = clerk.post("/api/v1/imports", **upload(data, "obligations.csv"))
    assert r.status_code == 422
    (message,) = messages(r.get_json())["obligations[2].due_date"]
    assert "no such day in the calendar: 2026-02-30" in message


def test_a_column_of_data_without_a_name_is_named_on_the_header_row_not_left_out_unseen(clerk, make):
    """The clerk typed each payment's voucher number beside the last named column and forgot its
    header: the numbers were dropped without a word, and the payments stored without vouchers."""
    agency = make.agency()
    contract = make.contract(agency, code="HT-U", signed_on=date(2024, 3, 15))
    ob = make.obligation(contract, amount="100000.00", due={"date": "2024-12-31"})
    rows = [{"agency_uscc": agency.uscc, "contract_code": "HT-U", "obligation_id": ob.id, "amount": "50000.00",
             "paid_on": "2024-12-20"}]
    header = ",".join(rows[0]) + ","
    line = ",".join(str(v) for v in rows[0].values()) + ",记-1220"
    data = f"{header}\n{line}\n".encode()
    errors = clerk.post("/api/v1/imports?dry_run=true", **upload(data, "payments.csv")).get_json()["errors"]
    assert [(e["row"], e["column"]) for e in errors] == [(1, "#6")]
    assert "no name" in errors[0]["message"] and "没有列名" in errors[0]["message"]
    assert clerk.post("/api/v1/imports", **upload(data, "payments.csv")).status_code == 422
    assert clerk.get(f"/api/v1/obligations/{ob.id}").get_json()["paid"] == "0.00"


def test_a_sheet_saved_as_excels_unicode_text_is_read_like_a_csv(clerk, make):
    """Excel's "Unicode text (*.txt)" is UTF-16 with tabs between cells; the clerk who chose it was told
    the file was neither a workbook nor a CSV."""
    agency = make.agency()
    contract = make.contract(agency, code="HT-T", amount="900000.00", signed_on=date(2024, 3, 15))
    rows = [["agency_uscc", "contract_code", "no", "kind", "amount", "due_date", "description"],
            [agency.uscc, "HT-T", "1", "payment", "120,000.00", "2024-12-31", "进度款, 第一期"]]
    data = "\r\n".join("\t".join(r) for r in rows).encode("utf-16")
    r = clerk.post("/api/v1/imports", **upload(data, "义务.txt"))
    assert r.status_code == 201, r.get_json()
    (ob,) = clerk.get(f"/api/v1/contracts/{contract.id}/obligations").get_json()
    assert (ob["amount"], ob["description"]) == ("120000.00", "进度款, 第一期")


def test_a_party_named_or_sized_differently_from_the_registry_is_an_error_not_a_silent_choice(clerk, make):
    """The supplier is registered as an SME, which gives it the statutory 30/60-day payment deadline.
    A file exported from another system said it was not, under another spelling of its name; both were
    ignored without a word. They are now errors on the row, as any other contradiction of the registry;
    the same name written with full-width brackets or spaces is the same name."""
    agency = make.agency()
    supplier = make.enterprise("清河智联（办公）设备有限公司", is_sme=True)
    row = {"agency_uscc": agency.uscc, "code": "CG-9", "kind": "procurement", "title": "办公设备采购",
           "amount": "100000.00", "signed_on": "2024-12-20", "enterprise_uscc": supplier.uscc,
           "party_role": "supplier"}
    data = workbook({"contracts": [{**row, "enterprise_name": "清河智联设备有限公司", "enterprise_is_sme": "否"}]})
    errors = clerk.post("/api/v1/imports?dry_run=true", **upload(data)).get_json()["errors"]
    assert [(e["row"], e["column"]) for e in errors] == [(2, "enterprise_is_sme"), (2, "enterprise_name")]
    assert "registered as an SME" in errors[0]["message"] and "登记为中小企业" in errors[0]["message"]
    assert "清河智联（办公）设备有限公司" in errors[1]["message"]

    same = workbook({"contracts": [{**row, "enterprise_name": "清河智联 (办公) 设备有限公司", "enterprise_is_sme": "是"}]})
    r = clerk.post("/api/v1/imports", **upload(same))
    assert r.status_code == 201, r.get_json()


def test_a_ppp_stage_is_read_by_its_own_chinese_name_as_the_template_help_lists_it():
    """项目阶段 "PPP: 识别/准备/采购/执行/移交": 采购 is the PPP stage, not refused as 政府采购 would be."""
    from contracts.core.enums import PppStage
    from contracts.importer.columns import SHEETS

    stage = next(c for _zh, columns in SHEETS.values() for c in columns if c.key == "ppp_stage").convert
    assert [stage(word) for word in ("识别", "准备", "采购", "执行", "移交")] == list(PppStage)
    with pytest.raises(ValueError):
        stage("竣工")
