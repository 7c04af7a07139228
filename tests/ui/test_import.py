"""A clerk imports contracts from a spreadsheet: the dry run lists every bad row, the real run stores all."""

from __future__ import annotations

import io
import re

from openpyxl import Workbook
from sqlalchemy import func, select

from contracts.registry.models import Contract
from tests.ui.conftest import text

HEADER = ["agency_uscc", "code", "kind", "title", "amount", "signed_on", "enterprise_uscc", "party_role"]


def _workbook(rows: list[list[object]]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "contracts"
    ws.append(HEADER)
    for r in rows:
        ws.append(r)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_a_dry_run_lists_every_bad_row_and_the_real_run_stores_them_all(browser, make, session):
    browser.sign_in("finance_staff")
    agency, supplier = make.agency("清河县教育局"), make.enterprise("清河智联科技有限公司")
    good = [agency.uscc, "QH-2025-001", "procurement", "教学设备采购", "1200000.00", "2025-03-03", supplier.uscc,
            "supplier"]
    bad = [agency.uscc, "QH-2025-002", "procurement", "打印机采购", "12.345", "2025-03-03", supplier.uscc, "supplier"]
    r = browser.client.post("/staff/import/", data={"csrf_token": browser.token("/staff/import/"), "mode": "dry",
                                                     "file": (io.BytesIO(_workbook([good, bad])), "合同.xlsx")},
                            content_type="multipart/form-data")
    assert r.status_code == 422
    html = text(r)
    assert re.search(r'data-label="[^"]+" class="num">3</td>', html)  # the bad row's number
    assert "两位小数" in html
    assert session.scalar(select(func.count(Contract.id))) == 0

    r = browser.client.post("/staff/import/", data={"csrf_token": browser.token("/staff/import/"), "mode": "dry",
                                                     "file": (io.BytesIO(_workbook([good])), "合同.xlsx")},
                            content_type="multipart/form-data")
    assert r.status_code == 200
    sha = re.search(r'name="sha" value="([0-9a-f]{64})"', text(r)).group(1)
    assert session.scalar(select(func.count(Contract.id))) == 0
    r = browser.submit("/staff/import/", {"mode": "real", "sha": sha, "filename": "合同.xlsx"},
                       form_page="/staff/import/")
    assert r.status_code == 200
    assert session.scalar(select(Contract.title).where(Contract.code == "QH-2025-001")) == "教学设备采购"
