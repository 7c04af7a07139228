"""A clerk imports contracts from a spreadsheet in the background: the upload is stored and checked
while a progress page follows the job; the dry run lists every bad row, the real run of the checked
file stores them all without a second upload; recent runs are listed."""

from __future__ import annotations

import io
import re
import threading
from datetime import date

from openpyxl import Workbook
from sqlalchemy import func, select

from contracts.core import clock, jobs
from contracts.core.db import db
from contracts.importer import runs, services
from contracts.importer.models import ImportRun
from contracts.obligations.models import Obligation
from contracts.registry.models import Contract
from tests.ui.conftest import run_queued_jobs, text
from workers import context
from workers import imports as worker

HEADER = ["agency_uscc", "code", "kind", "title", "amount", "signed_on", "enterprise_uscc", "party_role"]


def _workbook(rows: list[list[object]], header: list[str] = HEADER, title: str = "contracts") -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = title
    ws.append(header)
    for r in rows:
        ws.append(r)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _upload(browser, data: bytes, name: str = "合同.xlsx"):  # type: ignore[no-untyped-def]
    return browser.client.post("/staff/import/", data={"csrf_token": browser.token("/staff/import/"), "mode": "dry",
                                                       "file": (io.BytesIO(data), name)},
                               content_type="multipart/form-data")


def _run_page(browser, r) -> str:  # type: ignore[no-untyped-def]
    """Follow the redirect to the run's page once the queued work has run."""
    assert r.status_code == 303, text(r)
    assert re.fullmatch(r"/staff/import/runs/\d+", r.headers["Location"])
    run_queued_jobs()
    page = browser.get(r.headers["Location"])
    assert page.status_code == 200
    return text(page)


def _latest_run(session) -> ImportRun:  # type: ignore[no-untyped-def]
    session.expire_all()
    return session.scalars(select(ImportRun).order_by(ImportRun.id.desc())).first()


def test_a_dry_run_lists_every_bad_row_and_the_real_run_of_the_checked_file_stores_them_all(browser, make, session):
    browser.sign_in("finance_staff")
    agency, supplier = make.agency("清河县教育局"), make.enterprise("清河智联科技有限公司")
    good = [agency.uscc, "QH-2025-001", "procurement", "教学设备采购", "1200000.00", "2025-03-03", supplier.uscc,
            "supplier"]
    bad = [agency.uscc, "QH-2025-002", "procurement", "打印机采购", "12.345", "2025-03-03", supplier.uscc, "supplier"]
    html = _run_page(browser, _upload(browser, _workbook([good, bad])))
    assert re.search(r'data-label="[^"]+" class="num">3</td>', html)  # the bad row's number
    assert "两位小数" in html and "未保存任何数据" in html
    assert "Import these rows" not in html and "导入这些行" not in html
    assert session.scalar(select(func.count(Contract.id))) == 0

    html = _run_page(browser, _upload(browser, _workbook([good])))
    assert session.scalar(select(func.count(Contract.id))) == 0
    checked = _latest_run(session)
    action = f"/staff/import/runs/{checked.id}/import"
    assert f'action="{action}"' in html, "the checked file is imported from the page, not uploaded again"
    r = browser.submit(action, {}, form_page=f"/staff/import/runs/{checked.id}")
    html = _run_page(browser, r)
    real = _latest_run(session)
    assert real.id != checked.id and real.sha256 == checked.sha256 and not real.dry_run and real.status == "done"
    assert session.scalar(select(Contract.title).where(Contract.code == "QH-2025-001")) == "教学设备采购"
    assert "已导入" in html or "is imported" in html


def test_a_clerks_500_row_import_runs_in_the_background_and_the_page_shows_its_progress_then_the_result(
        browser, make, session, monkeypatch, app):
    clock.set_today(date(2025, 6, 30))
    browser.sign_in("finance_staff")
    agency = make.agency("清河县教育局")
    contract = make.contract(agency, code="QH-1", amount="90000000.00", signed_on=date(2024, 3, 15))
    data = _workbook([[agency.uscc, "QH-1", n, "payment", "10.00", "2024-12-31", f"第{n}期"] for n in range(1, 501)],
                     header=["agency_uscc", "contract_code", "no", "kind", "amount", "due_date", "description"],
                     title="obligations")
    held: list[tuple] = []  # type: ignore[type-arg]
    monkeypatch.setattr(jobs, "submit", lambda *a, **kw: held.append((a, kw)))  # a busy worker: the job waits
    r = browser.client.post("/staff/import/", data={"csrf_token": browser.token("/staff/import/"), "mode": "real",
                                                     "file": (io.BytesIO(data), "义务.xlsx")},
                            content_type="multipart/form-data")
    assert r.status_code == 303 and [a[0] for a, _ in held] == [runs.IMPORT_JOB]
    run_url = r.headers["Location"]
    html = text(browser.get(run_url))
    assert 'data-poll="/api/v1/imports/' in html and 'data-status="queued"' in html, "the page polls the job"
    assert '<meta http-equiv="refresh"' in html, "and refreshes itself without scripts"

    # The worker picks it up; halfway through its checks the clerk looks at the page.
    run = _latest_run(session)
    monkeypatch.setattr(worker, "PROGRESS_EVERY", 0)  # seconds between writes
    monkeypatch.setattr(services, "PROGRESS_EVERY", 100)  # rows between reports: a small file in small batches
    monkeypatch.setattr(worker, "get_current_job", lambda: None)
    monkeypatch.setattr(context, "_app", app)
    halfway, go_on = threading.Event(), threading.Event()
    real = runs.record_progress

    def pausing(session_, run_id, job_id, stage, done, total):  # type: ignore[no-untyped-def]
        owned = real(session_, run_id, job_id, stage, done, total)
        if stage == "checking" and done >= 250 and not halfway.is_set():
            session_.commit()
            halfway.set()
            go_on.wait(30)
        return owned

    monkeypatch.setattr(runs, "record_progress", pausing)
    outcome: list[str] = []
    job = threading.Thread(target=lambda: outcome.append(worker.run_import(run.id)))
    job.start()
    try:
        assert halfway.wait(30), "the job reached its checks"
        html = text(browser.get(run_url + "?lang=en"))
        assert 'data-status="running"' in html and "Checking the rows" in html
        assert re.search(r"[\d,]+ of 500 rows", html), "how far the check has got"
        api = browser.get(f"/api/v1/imports/{run.id}").get_json()
        assert (api["status"], api["stage"], api["rows_total"]) == ("running", "checking", 500)
        assert 250 <= api["rows_done"] < 500 and 50 <= api["progress"] < 100
    finally:
        go_on.set()
        job.join(60)
    assert outcome == ["done"]
    html = text(browser.get(run_url))
    assert "data-poll" not in html, "a finished run is not polled"
    assert re.search(r'<td class="num">500</td><td class="num">500</td><td class="num">0</td>', html)
    with db.engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(Obligation).where(Obligation.contract_id == contract.id)) == 500


def test_a_bad_file_fails_with_one_line_on_its_page_and_is_run_again_from_there(browser, make, session):
    browser.sign_in("finance_staff")
    html = _run_page(browser, _upload(browser, _workbook([["x"]], header=["a"], title="Sheet1"), "随便.xlsx"))
    failed = _latest_run(session)
    assert failed.status == "failed" and "no sheet to import" in failed.error
    assert "工作簿中没有可导入的工作表" in html, "the page says why, in the page's language"
    r = browser.submit(f"/staff/import/runs/{failed.id}/rerun", {}, form_page=f"/staff/import/runs/{failed.id}")
    _run_page(browser, r)
    assert _latest_run(session).id != failed.id and _latest_run(session).sha256 == failed.sha256


def test_a_file_that_is_no_spreadsheet_is_refused_on_the_upload_page(browser):
    browser.sign_in("finance_staff")
    r = _upload(browser, b"%PDF-1.7 ...", "合同.xlsx")
    assert r.status_code == 302 and r.headers["Location"].endswith("/staff/import/")
    assert "PDF" in text(browser.get("/staff/import/"))


def test_the_import_page_lists_recent_runs_with_an_empty_state_and_pages(browser, make, session):
    clerk = browser.sign_in("finance_staff")
    assert "No spreadsheet has been checked or imported yet." in text(browser.get("/staff/import/?lang=en"))
    from flask import current_app

    store = runs.blob_store(current_app.config["UPLOAD_DIR"])
    for n in range(23):
        runs.start(session, clerk, data=f"agency_uscc,contract_code\n{n},x\n".encode(), filename=f"第{n}批.csv",
                   store=store, max_bytes=1 << 20, dry_run=True)
    jobs.discard_pending(session)
    session.commit()
    first = text(browser.get("/staff/import/"))
    assert "第22批.csv" in first and "第2批.csv" not in first and 'rel="next"' in first
    second = text(browser.get("/staff/import/?page=2"))
    assert "第2批.csv" in second and "第0批.csv" in second and "第22批.csv" not in second


def test_agency_staff_see_their_agencys_runs_and_not_anothers(browser, make, session):
    own, other = make.agency("本部门"), make.agency("他部门")
    staff = browser.make.user("agency_staff", agency=own)[0]
    outsider = browser.make.user("agency_staff", agency=other)[0]
    browser.sign_in_as(staff)
    _upload(browser, _workbook([["x"]], header=["a"], title="Sheet1"), "本部门.xlsx")
    run_queued_jobs()
    mine = _latest_run(session)
    browser.sign_in_as(outsider)
    assert "本部门.xlsx" not in text(browser.get("/staff/import/"))
    assert browser.get(f"/staff/import/runs/{mine.id}").status_code == 404
    browser.sign_in("supervisor")
    assert browser.get("/staff/import/").status_code == 403
