"""A finding behind a live dishonesty record follows its record: the credit office decides the record,
not the finding under it (DESIGN.md §3.7–3.8: ``escalated`` means a proposed or public record exists)."""

from __future__ import annotations

from datetime import date

import pytest

from contracts.core import clock
from monitor.checker.models import Finding, FindingState
from tests.records.support import county, proposed_record, published_record


@pytest.mark.parametrize("action", ["dismiss", "resolve"])
def test_a_finding_behind_a_published_record_cannot_be_cleared_on_its_own(make, session, api, action):
    """The credit office published the record on 26 May. Dismissing or resolving its finding from the
    findings page would leave a public record standing on a finding that says "no breach" or "put
    right"; it is refused and points to the record (dismiss, exempt, revoke or repair it)."""
    w = county(make, session)
    rec = published_record(make, session, w)
    [f] = session.query(Finding).filter_by(obligation_id=w.ob.id).all()
    clock.set_today(date(2025, 6, 2))
    officer = api.as_(make.user("credit_officer", agency=w.other_agency)[1])
    r = officer.post(f"/api/v1/findings/{f.id}/actions", json={"action": action, "reason": "已核实"})
    assert r.status_code == 409, r.get_json()
    [message] = r.get_json()["errors"]["json"]["action"]
    assert f"失信记录 {rec.id}" in message and f"record {rec.id}" in message
    session.refresh(f)
    assert f.state == FindingState.escalated


def test_a_finding_behind_a_proposed_record_is_decided_through_the_record(make, session, api):
    """Proposed on 21 May: dismissing the proposal (不予认定) is how the finding is dismissed."""
    w = county(make, session)
    rec = proposed_record(make, session, w)
    [f] = session.query(Finding).filter_by(obligation_id=w.ob.id).all()
    officer = api.as_(make.user("credit_officer", agency=w.other_agency)[1])
    assert officer.post(f"/api/v1/findings/{f.id}/actions",
                        json={"action": "dismiss", "reason": "误报"}).status_code == 409
    r = officer.post(f"/api/v1/records/{rec.id}/dismiss", json={"reason": "误报"})
    assert r.status_code == 200, r.get_json()
    session.refresh(f)
    assert f.state == FindingState.dismissed

