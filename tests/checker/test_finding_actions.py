"""Finding state actions: clearing a finding is a decision the agency concerned may not take (回避),
and a warning that is not yet a breach is not turned into a dishonesty record through notify → rectify / escalate."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from contracts.audit.models import AuditEvent
from contracts.core import clock
from contracts.core.db import db
from contracts.core.errors import Conflict
from monitor.checker import services
from monitor.checker.models import Finding, FindingState
from monitor.records.models import DishonestyRecord
from tests.records.support import checker_finding, county


def test_a_credit_officer_of_the_contracting_agency_cannot_clear_its_finding(make, session, api):
    """回避: the credit office may not decide on a record about its own agency (records API: 403), and
    "an agency's own staff ... never clear their own breach". Dismissing the finding itself, before
    any record exists, is the same decision and must be refused the same way."""
    w = county(make, session)
    clock.set_today(date(2025, 4, 10))
    f = checker_finding(session, w.ob, as_of=date(2025, 4, 10))
    own = api.as_(make.user("credit_officer", agency=w.agency)[1])
    url = f"/api/v1/findings/{f.id}/actions"
    dismissed = own.post(url, json={"action": "dismiss", "reason": "本局认为不属于违约"})
    assert dismissed.status_code == 403, f"{dismissed.status_code}: finding now {dismissed.get_json().get('state')}"
    resolved = own.post(url, json={"action": "resolve", "reason": "本局认为已处理"})
    assert resolved.status_code == 403, f"{resolved.status_code}: finding now {resolved.get_json().get('state')}"
    session.expire_all()
    assert session.get(Finding, f.id).state == FindingState.open


def test_a_warning_notified_and_given_a_deadline_is_not_recorded_before_the_payment_is_due(make, session, api):
    """The payment of 300,000 is due on 2 April. On 28 March the checker warns (临期预警); the bureau
    is notified and, the same day, given a 限期整改 deadline of 31 March. On 1 April nothing is
    overdue yet, so no dishonesty record may be proposed (a warning is not a breach)."""
    w = county(make, session)
    clock.set_today(date(2025, 3, 28))
    warning = checker_finding(session, w.ob, as_of=date(2025, 3, 28))
    assert warning.state == FindingState.warning and warning.due_date == date(2025, 4, 2)
    officer = api.as_("credit_officer")
    url = f"/api/v1/findings/{warning.id}/actions"
    assert officer.post(url, json={"action": "notify"}).status_code == 200
    rectify = officer.post(url, json={"action": "rectify", "deadline": "2025-03-31"})
    if rectify.status_code == 200:  # if a deadline before the due date is accepted at all...
        clock.set_today(date(2025, 4, 1))
        r = officer.post("/api/v1/records/escalate", json={"as_of": "2025-04-01"})
        assert r.status_code == 200
        recs = session.scalars(select(DishonestyRecord)).all()
        assert r.get_json()["created"] == [] and recs == [], (
            f"record proposed on 2025-04-01 for a payment due 2025-04-02: "
            f"{[(x.id, str(x.status), x.facts[-60:]) for x in recs]}")
    else:
        assert rectify.status_code in (409, 422)


def test_a_notified_warning_cannot_be_proposed_for_a_record_by_hand(make, session, api):
    """The same warning, notified on 28 March, proposed by hand for a record on 1 April: refused
    naming the finding, since the payment is not due until 2 April."""
    w = county(make, session)
    clock.set_today(date(2025, 3, 28))
    warning = checker_finding(session, w.ob, as_of=date(2025, 3, 28))
    officer = api.as_("credit_officer")
    assert officer.post(f"/api/v1/findings/{warning.id}/actions", json={"action": "notify"}).status_code == 200
    clock.set_today(date(2025, 4, 1))
    r = officer.post("/api/v1/records", json={"finding_ids": [warning.id]})
    assert r.status_code == 422 and "finding_ids" in r.get_json()["errors"]["json"], r.get_json()
    assert session.scalars(select(DishonestyRecord)).all() == []


def test_an_action_out_of_turn_is_refused_in_words_in_both_languages(make, session, api):
    """Reopening a finding that is still open says so in Chinese words, not the state's code."""
    w = county(make, session)
    clock.set_today(date(2025, 4, 10))
    f = checker_finding(session, w.ob, as_of=date(2025, 4, 10))
    r = api.as_("credit_officer").post(f"/api/v1/findings/{f.id}/actions", json={"action": "reopen", "reason": "复查"})
    assert r.status_code == 409
    assert r.get_json()["errors"]["json"]["action"] == [
        "发现逾期，不能“重新打开” / a finding that is open cannot take the action 'reopen'"]


def test_a_finding_dismissed_twice_at_once_is_dismissed_once(make, session):
    """Two credit officers dismiss the same finding at the same moment: the second is told it is done."""
    w = county(make, session)
    clock.set_today(date(2025, 4, 10))
    f = checker_finding(session, w.ob, as_of=date(2025, 4, 10))
    officer = make.user("credit_officer")[0]
    with db.isolated_scope() as second:
        seen = second.get(Finding, f.id)
        with db.isolated_scope() as first:
            services.act(first, first.get(type(officer), officer.id), first.get(Finding, f.id), "dismiss", reason="误报")
            db.commit()
        with pytest.raises(Conflict):
            services.act(second, second.get(type(officer), officer.id), seen, "dismiss", reason="误报")
        db.rollback()
    session.expire_all()
    assert session.query(AuditEvent).filter_by(entity="finding", entity_id=f.id, action="dismiss").count() == 1
