"""A finding's life around its records: credit repair's interest evidence, a second record once the
first was dropped, and a proposal's period fitting its severity."""

from __future__ import annotations

from datetime import date

from contracts.core import clock
from contracts.core.db import db
from monitor.checker.models import FindingState
from monitor.records import services as records
from monitor.records.models import DishonestyRecord
from tests.records.support import checker_finding, county, published_record, start_rectification


def test_the_payment_of_the_arrears_cannot_also_count_as_the_late_payment_interest(make, session, api):
    """The bureau pays the 300,000 arrears and nothing else. Citing that same payment as "the
    interest payment" must not make the interest settled: it already paid the principal."""
    w = county(make, session)
    rec = published_record(make, session, w)
    assert rec.interest > 0
    clerk = api.as_(make.user("agency_staff", agency=w.agency)[1])
    clock.set_today(date(2025, 8, 27))
    principal = make.payment(w.ob, "300000.00", date(2025, 8, 27))
    applied = clerk.post(f"/api/v1/records/{rec.id}/repair",
                         json={"commitment": "承诺按期付款", "interest_payment_ids": [principal.id]})
    if applied.status_code == 201:
        case = applied.get_json()["case"]
        assert case["interest_settled"] is False, (
            f"the principal payment was counted again as {case['interest_paid']} yuan of interest "
            f"(due {case['interest_due']})")
    else:
        assert applied.status_code == 422 and "interest_payment_ids" in applied.get_json()["errors"]["json"]


def test_one_interest_payment_named_twice_is_counted_once(make, session, api):
    """Interest due is 1,200 (8 days at 万分之五 on 300,000 when proposed); a 1,000 payment named
    twice must not settle it."""
    w = county(make, session)
    rec = published_record(make, session, w)
    clerk = api.as_(make.user("agency_staff", agency=w.agency)[1])
    clock.set_today(date(2025, 8, 27))
    make.payment(w.ob, "300000.00", date(2025, 8, 27))
    interest_ob = make.obligation(w.contract, kind="payment", amount="1000.00", description="逾期付款利息（部分）",
                                  due={"date": "2025-08-27"})
    part = make.payment(interest_ob, "1000.00", date(2025, 8, 27))
    assert rec.interest == 1200
    applied = clerk.post(f"/api/v1/records/{rec.id}/repair",
                         json={"commitment": "承诺按期付款", "interest_payment_ids": [part.id, part.id]})
    if applied.status_code == 201:
        case = applied.get_json()["case"]
        assert (case["interest_paid"], case["interest_settled"]) == ("1000.00", False)
    else:
        assert applied.status_code == 422


def _proposed_after_a_missed_deadline(make, session):  # type: ignore[no-untyped-def]
    """Overdue on 10 April, told to pay by 20 May, not paid: a record proposed on 21 May."""
    w = county(make, session)
    clock.set_today(date(2025, 4, 10))
    f = checker_finding(session, w.ob, as_of=date(2025, 4, 10))
    start_rectification(session, f, date(2025, 5, 20))
    clock.set_today(date(2025, 5, 21))
    [first] = records.escalate_overdue(session, date(2025, 5, 21))
    return w, f, first


def test_a_finding_reopened_after_its_record_was_dismissed_can_be_recorded_again(make, session, api):
    """The credit office drops a proposed record (不予认定) because the enterprise had agreed to wait;
    the agreement proves false, the finding is reopened, the bureau is given a new 限期整改 deadline and
    misses it. The next escalation must propose a record again — it may not leave the finding
    rectifying (or escalated) forever with no record behind it."""
    w, f, first = _proposed_after_a_missed_deadline(make, session)
    db.commit()
    officer = api.as_("credit_officer")
    bureau = api.as_(make.user("agency_staff", agency=w.agency)[1])
    clock.set_today(date(2025, 5, 22))
    assert officer.post(f"/api/v1/records/{first.id}/dismiss",
                        json={"reason": "企业书面同意延期付款"}).status_code == 200
    session.refresh(f)
    assert f.state == FindingState.dismissed

    clock.set_today(date(2025, 6, 2))
    url = f"/api/v1/findings/{f.id}/actions"
    r = officer.post(url, json={"action": "reopen", "reason": "企业否认同意延期，重新审查"})
    assert r.status_code == 200 and r.get_json()["state"] == FindingState.open, r.get_json()
    r = bureau.post(url, json={"action": "rectify", "deadline": "2025-06-30"})
    assert r.status_code == 200, r.get_json()

    clock.set_today(date(2025, 7, 1))
    escalated = officer.post("/api/v1/records/escalate", json={"as_of": "2025-07-01"})
    assert escalated.status_code == 200
    session.expire_all()
    live = [r for r in session.query(DishonestyRecord).all() if r.status == "proposed"]
    assert escalated.get_json()["created"] != [] and live, (
        f"deadline 2025-06-30 missed, yet no record proposed; finding {f.id} is {session.get(type(f), f.id).state}")


def test_a_finding_reopened_after_its_record_was_dismissed_can_be_proposed_by_hand(make, session, api):
    _, f, first = _proposed_after_a_missed_deadline(make, session)
    records.dismiss(session, first, reason="企业书面同意延期付款", user_id=None)
    db.commit()
    officer = api.as_("credit_officer")
    clock.set_today(date(2025, 6, 2))
    r = officer.post(f"/api/v1/findings/{f.id}/actions", json={"action": "reopen", "reason": "企业否认同意延期"})
    assert r.status_code == 200
    proposed = officer.post("/api/v1/records", json={"finding_ids": [f.id]})
    assert proposed.status_code == 201, proposed.get_json()


def test_a_changed_severity_does_not_leave_a_period_outside_its_tier(make, session, api):
    """While the record is proposed the credit office sets 12 months (一般: 3–12), then lowers the
    severity to 轻微 (at most 3 months). The amendment must not leave 12 months standing: either it
    is refused or the period follows the new tier — otherwise publishing fails on a period the
    officer did not type in this step."""
    w = county(make, session)
    from tests.records.support import proposed_record

    rec = proposed_record(make, session, w)
    officer = api.as_("credit_officer")
    clock.set_today(date(2025, 5, 22))
    url = f"/api/v1/records/{rec.id}/amend"
    assert officer.post(url, json={"changes": {"publicity_months": 12}, "reason": "情节较重"}).status_code == 200
    lowered = officer.post(url, json={"changes": {"severity": "minor"}, "reason": "已部分支付，情节轻微"})
    if lowered.status_code == 200:
        body = lowered.get_json()
        assert body["publicity_months"] in (None, 1, 2, 3), (
            f"severity {body['severity']} with publicity_months {body['publicity_months']}")
        published = officer.post(f"/api/v1/records/{rec.id}/publish", json={})
        assert published.status_code == 200, published.get_json()
    else:
        assert lowered.status_code == 422 and "publicity_months" in lowered.get_json()["errors"]["json"]


def test_proposing_a_record_from_a_finding_that_does_not_exist_is_refused_beside_the_field(api):
    r = api.as_("credit_officer").post("/api/v1/records", json={"finding_ids": [424242]})
    assert r.status_code == 422
    assert r.get_json()["errors"]["json"]["finding_ids"] == ["发现 424242 不存在 / finding 424242 does not exist"]
