"""Who sees what in the workbench and the portal; lists paginate; empty pages say what to do next."""

from __future__ import annotations

import re
from datetime import date

from contracts.core import clock
from tests.ui.conftest import text


def test_a_visitor_is_sent_to_the_login_page(client):
    r = client.get("/staff/contracts/")
    assert r.status_code == 302 and "/login?next=/staff/contracts/" in r.headers["Location"]


def test_an_enterprise_sees_its_own_contracts_and_gets_404_for_anothers(browser, make):
    clock.set_today(date(2025, 6, 1))
    mine, theirs = make.enterprise("清河智联科技有限公司"), make.enterprise("别家建设有限公司")
    agency = make.agency("清河县教育局")
    own = make.contract(agency, mine, title="教学设备采购", signed_on=date(2025, 3, 3))
    other = make.contract(agency, theirs, title="别家的合同", signed_on=date(2025, 3, 3))
    ob = make.obligation(own, due={"date": "2025-05-01"}, amount="300000.00", description="首付款")
    make.payment(ob, "100000.00", date(2025, 4, 1))
    browser.sign_in("enterprise", enterprise=mine)

    home = text(browser.get("/"))
    assert "教学设备采购" in home and "别家的合同" not in home
    assert "200,000.00" in home  # outstanding
    assert re.search(r'class="num">31</td>', home)  # days overdue on 1 June
    assert browser.get(f"/portal/contracts/{own.id}").status_code == 200
    assert browser.get(f"/portal/contracts/{other.id}").status_code == 404
    staff_page = browser.get(f"/staff/contracts/{own.id}")
    assert staff_page.status_code == 302 and staff_page.headers["Location"].endswith("/portal/")


def test_agency_staff_see_only_their_agencys_contracts(browser, make):
    mine, other = make.agency("清河县教育局"), make.agency("清河县交通运输局")
    own = make.contract(mine, title="教育局的合同")
    foreign = make.contract(other, title="交通局的合同")
    browser.sign_in("agency_staff", agency=mine)
    listing = text(browser.get("/staff/contracts/"))
    assert "教育局的合同" in listing and "交通局的合同" not in listing
    assert browser.get(f"/staff/contracts/{own.id}").status_code == 200
    assert browser.get(f"/staff/contracts/{foreign.id}").status_code == 404


def test_a_supervisor_reads_but_sees_no_forms(browser, make):
    contract = make.contract(title="只读合同")
    browser.sign_in("supervisor")
    page = text(browser.get(f"/staff/contracts/{contract.id}"))
    assert "只读合同" in page and f"/staff/contracts/{contract.id}/edit" not in page
    assert browser.get(f"/staff/contracts/{contract.id}/edit").status_code == 403


def test_the_contract_list_pages_by_twenty_and_filters_overdue_ones(browser, make):
    clock.set_today(date(2025, 6, 1))
    agency, supplier = make.agency(), make.enterprise()
    for n in range(24):
        make.contract(agency, supplier, code=f"QH-{n:03d}", title=f"合同{n:03d}")
    late = make.contract(agency, supplier, code="QH-LATE", title="逾期的合同")
    make.obligation(late, due={"date": "2025-05-01"}, amount="1000.00")
    browser.sign_in("finance_staff")
    first = text(browser.get("/staff/contracts/"))
    assert first.count('data-label="编号"') + first.count('data-label="Code"') == 20
    second = text(browser.get("/staff/contracts/?page=2"))
    assert second.count("<tr") - 1 == 5
    overdue = text(browser.get("/staff/contracts/?overdue=1"))
    assert "逾期的合同" in overdue and "合同001" not in overdue


def test_empty_lists_say_what_to_do_next(browser, make):
    browser.sign_in("finance_staff")
    page = text(browser.get("/staff/contracts/"))
    assert 'href="/staff/contracts/new"' in page
    filtered = text(browser.get("/staff/contracts/?q=nothing-matches"))
    assert 'href="/staff/contracts/"' in filtered


def test_pages_carry_a_strict_content_security_policy_and_security_headers(browser, make):
    browser.sign_in("finance_staff")
    r = browser.get("/staff/contracts/")
    csp = r.headers["Content-Security-Policy"]
    assert "script-src 'self';" in csp and "unsafe-inline" not in csp and "frame-ancestors 'self'" in csp
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["X-Frame-Options"] == "SAMEORIGIN"
    assert r.headers["Cache-Control"] == "no-store"
    assert "<script>" not in text(r)  # no inline script anywhere: the CSP would block it


def test_the_dashboard_sums_overdue_money_by_agency(browser, make):
    clock.set_today(date(2025, 6, 1))
    edu, transport = make.agency("清河县教育局"), make.agency("清河县交通运输局")
    c1, c2 = make.contract(edu), make.contract(transport)
    ob = make.obligation(c1, due={"date": "2025-05-01"}, amount="300000.00")
    make.payment(ob, "100000.00", date(2025, 4, 1))
    make.obligation(c2, due={"date": "2025-05-20"}, amount="50000.00")
    make.obligation(c2, due={"date": "2025-06-20"}, amount="70000.00")
    browser.sign_in("finance_staff")
    page = text(browser.get("/"))
    assert "250,000.00" in page  # overdue in total
    assert re.search(r"清河县教育局</a></td><td class=\"num\">1</td><td class=\"num\">200,000.00", page)
    assert "70,000.00" in page  # due within 30 days
    assert 'id="dashboard-data"' in page and "vendor/chartjs/chart.umd.min.js" in page


def test_a_clerk_who_started_a_check_the_workers_have_not_finished_is_told_it_is_running(browser, session):
    from monitor.checker import engine

    browser.sign_in("finance_staff")
    run = engine.queue_run(session)
    session.commit()
    page = text(browser.get(f"/staff/findings/?run={run.id}"))
    status = re.search(r'<div class="card progress"[^>]*>', page)
    assert status and 'role="status"' in status.group(0), "announced as the page's status, as a finished check is"
    assert "正在检查…已完成规则" in page
