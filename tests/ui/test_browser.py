"""The whole story in a real browser: Debian's Chromium driven by Playwright against the running app.

A finance clerk signs in, registers a contract, uploads its PDF and watches it parse, confirms the
extracted obligations, records the acceptance and a partial payment, runs the check and sees the
breach; then the supplier signs in to the portal, sees what it is owed and files a complaint.
Screenshots of every page go to test-artifacts/screenshots/. Needs `apt-get install chromium`.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from contracts.core import clock
from tests.ui.conftest import PASSWORD, run_queued_jobs
from tests.ui.pdfs import procurement_contract

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's Chromium is not installed (apt-get install chromium)"),
]


@pytest.fixture
def server(app) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """The real app served on a free port of 127.0.0.1 from a thread of this process."""
    from werkzeug.serving import make_server

    srv = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{srv.server_port}"
    finally:
        srv.shutdown()
        thread.join(timeout=10)


@pytest.fixture
def chromium() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


class Visit:
    """One person's browser tab: signs in, takes a screenshot of each page, and notes console errors."""

    def __init__(self, chromium, base: str, viewport: dict[str, int]) -> None:  # type: ignore[no-untyped-def]
        self.context = chromium.new_context(viewport=viewport, locale="zh-CN")
        self.page = self.context.new_page()
        self.base = base
        self.errors: list[str] = []
        # Script errors and CSP violations; a form sent back with its field messages answers 422 on purpose.
        self.page.on("console", lambda m: self.errors.append(m.text)
                     if m.type == "error" and "status of 422" not in m.text else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def go(self, path: str) -> None:
        self.page.goto(self.base + path)

    def shot(self, name: str) -> None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)

    def sign_in(self, username: str) -> None:
        self.go("/login")
        self.page.fill("input[name=username]", username)
        self.page.fill("input[name=password]", PASSWORD)
        with self.page.expect_navigation():
            self.page.click("main form button[type=submit]")

    def close(self) -> None:
        self.context.close()


def test_a_contract_from_registration_to_breach_and_the_suppliers_complaint(server, chromium, make):
    from playwright.sync_api import expect

    clock.set_today(date(2025, 6, 2))
    agency = make.agency("清河县机关事务管理局")
    wang = make.official(agency, "王建国", "计划财务科科长")
    supplier = make.enterprise("清河智联办公设备有限公司", is_sme=True)
    make.user("finance_staff", username="clerk", password=PASSWORD)
    make.user("enterprise", username="zhilian", password=PASSWORD, enterprise=supplier)

    desk = Visit(chromium, server, {"width": 1366, "height": 768})
    page = desk.page
    desk.sign_in("clerk")
    expect(page.locator("h1")).to_have_text("工作台")
    desk.shot("01-dashboard")

    # Register the contract; a typo in the amount first comes back beside the field.
    desk.go("/staff/contracts/new")
    page.select_option("#f-kind", "procurement")
    page.fill("#f-code", "QH-CG-2025-101")
    page.fill("#f-title", "办公设备采购合同")
    page.select_option("#f-agency_id", str(agency.id))
    page.fill("#f-amount", "500,000.005")
    page.fill("#f-signed_on", "2025-03-03")
    page.select_option("#f-enterprise_id", str(supplier.id))
    page.select_option("#f-party_role", "supplier")
    page.select_option("#f-procurement_method", "open_tender")
    page.click("main form button[type=submit]")
    expect(page.locator("#err-amount")).to_contain_text("两位小数")
    expect(page.locator("#f-title")).to_have_value("办公设备采购合同")
    desk.shot("02-contract-form-error")
    page.fill("#f-amount", "500,000.00")
    page.click("main form button[type=submit]")
    expect(page.locator("h1")).to_contain_text("办公设备采购合同")
    contract_url = page.url

    # Name the payment approver, so that a breach names who was responsible on its due date.
    page.get_by_role("link", name="指定责任人").click()
    page.select_option("#f-role", "payment_approver")
    page.select_option("#f-official_id", str(wang.id))
    page.fill("#f-start", "2025-03-03")
    page.click("main form button[type=submit]")
    expect(page.locator("#responsibility")).to_contain_text("王建国")

    # Upload the signed PDF and watch the parse progress until the review link appears.
    pdf = procurement_contract(code="QH-CG-2025-101", agency=agency.name, supplier=supplier.name)
    page.set_input_files("#pdf", files=[{"name": "办公设备采购合同.pdf", "mimeType": "application/pdf",
                                         "buffer": pdf}])
    page.click("#documents form button[type=submit]")
    expect(page.locator("#documents progress")).to_be_visible()
    desk.shot("03-document-progress")
    run_queued_jobs()
    review = page.get_by_role("link", name="审核抽取的履约义务")
    expect(review).to_be_visible(timeout=30_000)

    # Confirm the extracted obligations beside the page image with the source text highlighted.
    review.click()
    expect(page.locator(".page-image img")).to_be_visible()
    page.wait_for_function("() => { const i = document.querySelector('.page-image img'); "
                           "return i.complete && i.naturalWidth > 500; }", timeout=15_000)
    desk.shot("04-review-candidates")
    accept = page.get_by_role("button", name="确认", exact=True)
    count = accept.count()
    assert count >= 2
    for _ in range(count):
        with page.expect_navigation():
            accept.first.click()
    expect(page.get_by_text("所有候选义务均已处理")).to_be_visible()

    # Record the acceptance, then a partial payment of the balance that falls due after it.
    page.goto(contract_url)
    page.get_by_role("link", name="登记履约事件").first.click()
    page.select_option("#f-type", "acceptance")
    page.fill("#f-occurred_on", "2025-04-25")
    page.click("main form button[type=submit]")
    balance = page.locator("#obligations tbody tr", has_text="验收合格")
    expect(balance).to_contain_text("2025年5月13日")
    balance.get_by_role("link", name="登记付款").click()
    page.fill("#f-amount", "100000")
    page.fill("#f-paid_on", "2025-05-20")
    page.fill("#f-voucher", "国库集中支付凭证 0002291")
    page.click("main form button[type=submit]")
    expect(page.locator("#obligations tbody tr", has_text="验收合格")).to_contain_text("250,000.00")
    desk.shot("05-contract-detail")

    # Run the check: the overdue balance becomes a finding naming the rule and the interest estimate.
    desk.go("/staff/findings/")
    with page.expect_navigation():  # the run is queued (or, embedded, done) before the page returns
        page.get_by_role("button", name="立即检查").click()
    run_queued_jobs()
    # With a worker the page polls the run and reloads itself when it is done: no reload of ours
    # to race with that one (Page.reload: net::ERR_ABORTED).
    row = page.locator("tbody tr", has_text="QH-CG-2025-101").first
    expect(row).to_be_visible(timeout=30_000)
    expect(row).to_contain_text("250,000.00")
    desk.shot("06-findings")
    row.locator("a").first.click()
    expect(page.locator("main")).to_contain_text("王建国")  # the approver on the due date
    desk.shot("07-finding-detail")
    assert desk.errors == [], desk.errors
    desk.close()

    # The supplier, on a phone, sees what it is owed and files a complaint.
    phone = Visit(chromium, server, {"width": 390, "height": 844})
    page = phone.page
    phone.sign_in("zhilian")
    expect(page.locator("h1")).to_have_text("清河智联办公设备有限公司")
    expect(page.locator(".portal-contract")).to_contain_text("250,000.00")
    # late: the 30% advance (150,000.00, due 10 days after signing) and the unpaid balance (250,000.00)
    expect(page.locator(".flash.error")).to_contain_text("400,000.00")
    phone.shot("08-portal-phone")
    page.get_by_role("link", name="我要投诉").first.click()
    page.select_option("#f-category", "unpaid_goods")
    page.select_option("#f-contract_id", label="QH-CG-2025-101 办公设备采购合同")
    page.fill("#f-title", "验收合格后尾款逾期未付")
    page.fill("#f-amount", "250000")
    page.fill("#f-description", "2025年4月25日验收合格，合同约定10个工作日内付款，至今仅付10万元。")
    page.click("main form button[type=submit]")
    expect(page.locator("h1")).to_contain_text("验收合格后尾款逾期未付")
    expect(page.locator(".badge")).to_contain_text("待受理")
    phone.shot("09-portal-complaint")
    assert phone.errors == [], phone.errors
    phone.close()

    laptop = Visit(chromium, server, {"width": 1366, "height": 768})
    laptop.sign_in("zhilian")
    laptop.shot("10-portal-laptop")
    # Nothing of another enterprise is reachable.
    other = make.contract(agency, make.enterprise("别家建设有限公司"), code="QH-OTHER")
    response = laptop.page.goto(f"{server}/portal/contracts/{other.id}")
    assert response is not None and response.status == 404
    laptop.close()
