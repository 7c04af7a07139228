"""A link carrying a filter value its list never offers (hand-edited, or from an older version) shows
the list's default, says so, and the select above the list shows what is applied."""

from __future__ import annotations

from datetime import date

from contracts.core import clock
from contracts.core.db import db
from monitor.checker import services
from tests.records.support import checker_finding, county


def test_a_findings_link_with_an_unknown_state_shows_the_open_findings_and_says_so(make, session, browser):
    w = county(make, session)
    clock.set_today(date(2025, 4, 10))
    open_one = checker_finding(session, w.ob, as_of=date(2025, 4, 10))
    settled = checker_finding(session, w.ob, as_of=date(2025, 4, 10), rule_id="payment_overdue")
    officer, _ = make.user("credit_officer", agency=w.other_agency)
    services.act(session, officer, settled, "resolve", reason="已约定分期付款")
    db.commit()
    browser.sign_in("credit_officer", agency=w.other_agency)

    page = browser.get("/staff/findings/?state=overdue-ish").get_data(as_text=True)
    assert f"/staff/findings/{open_one.id}\"" in page
    assert f"/staff/findings/{settled.id}\"" not in page, "the default list holds the open findings only"
    assert "链接中的筛选条件“overdue-ish”不在本列表的选项中，已按默认条件显示。" in page
    assert '<option value="active" selected>' in page

    page = browser.get("/staff/findings/?state=resolved").get_data(as_text=True)
    assert f"/staff/findings/{settled.id}\"" in page and "不在本列表的选项中" not in page


def test_a_complaints_link_with_an_unknown_status_shows_the_open_complaints_and_says_so(make, session, browser):
    county(make, session)
    browser.sign_in("credit_officer")
    page = browser.get("/staff/complaints/?status=closed-ish").get_data(as_text=True)
    assert "链接中的筛选条件“closed-ish”不在本列表的选项中" in page
    assert '<option value="open" selected>' in page
    for url in ("/staff/contracts/?kind=ppp-ish", "/staff/records/?status=zzz"):
        assert "不在本列表的选项中" in browser.get(url).get_data(as_text=True), url
