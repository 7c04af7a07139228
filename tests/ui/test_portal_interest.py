"""What an enterprise reads about the interest owed on a late payment."""

from __future__ import annotations

import re
from datetime import date

from contracts.core import clock
from contracts.core.db import db
from monitor.checker import services as findings
from tests.records.support import checker_finding, county


def _interest_cell(page: str) -> str:
    cell = re.search(r'data-label="利息估算" class="num">([^<]*)<', page)
    assert cell, "no interest column on the page"
    return cell.group(1).strip()


def test_the_interest_estimate_of_a_finding_dismissed_as_no_breach_is_not_shown_to_the_enterprise(
        browser, make, session):
    """The checker found the 300,000 overdue and estimated its interest; the credit office then
    dismissed the finding (the due date had been registered wrongly). The supplier's portal must not
    go on showing an interest figure for a breach the government was found not to have committed."""
    w = county(make, session)
    clock.set_today(date(2025, 4, 20))
    f = checker_finding(session, w.ob, as_of=date(2025, 4, 20))
    assert f.interest and f.interest > 0
    supplier = make.user("enterprise", enterprise=w.enterprise, password="correct-horse-1")[0]
    browser.sign_in_as(supplier)
    shown = _interest_cell(browser.get(f"/portal/contracts/{w.contract.id}").get_data(as_text=True))
    assert shown not in ("", "—"), "the estimate is shown while the finding stands"
    officer = make.user("credit_officer", agency=w.other_agency)[0]
    findings.act(session, officer, f, "dismiss", reason="到期日登记有误，实际尚未到期")
    db.commit()
    page = browser.get(f"/portal/contracts/{w.contract.id}").get_data(as_text=True)
    assert _interest_cell(page) in ("", "—")
