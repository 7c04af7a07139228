"""The findings page offers the credit office only what it may do to a finding behind a live record."""

from __future__ import annotations

from monitor.checker.models import Finding
from tests.records.support import county, published_record


def test_the_findings_page_does_not_offer_to_clear_a_finding_behind_a_published_record(browser, make, session):
    w = county(make, session)
    published_record(make, session, w)
    [f] = session.query(Finding).filter_by(obligation_id=w.ob.id).all()
    browser.sign_in("credit_officer", agency=w.other_agency)
    page = browser.get(f"/staff/findings/{f.id}").get_data(as_text=True)
    assert 'value="explain"' in page
    assert 'value="dismiss"' not in page and 'value="resolve"' not in page
