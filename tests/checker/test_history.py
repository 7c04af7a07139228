"""Every state a finding comes into is kept, with when, whoever changed it (发现状态变更记录): the
checker's runs (warned, overdue, resolved when paid), a person's actions, and a correction made by
hand in SQL, which no service sees."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select, text

from contracts.core import clock
from contracts.core.db import db
from monitor.checker import services
from monitor.checker.history import FindingStateChange
from monitor.checker.models import FindingState
from monitor.reports.actions import local_day
from tests.records.support import county, rectified_then_paid


def _history(session, finding) -> list[tuple[date, str, str | None]]:  # type: ignore[no-untyped-def]
    session.expire_all()
    rows = session.scalars(select(FindingStateChange).where(FindingStateChange.finding_id == finding.id)
                           .order_by(FindingStateChange.id))
    return [(local_day(r.at), r.state, r.reason) for r in rows]


def test_a_payment_warned_overdue_paid_and_reopened_leaves_each_state_once_with_its_day(
        make, session, check, found, on_day):
    """300,000 due 2025-04-02 after the acceptance of 03-03: warned on 03-28, overdue on 04-05 (run twice
    that day), paid on 04-20 and resolved by the run of 04-21; the credit office reopens it on 04-25."""
    w = county(make, session)
    for day in (date(2025, 3, 28), date(2025, 4, 5), date(2025, 4, 5)):
        on_day(day)
        check(day)
    on_day(date(2025, 4, 20))
    make.payment(w.ob, "300000.00", date(2025, 4, 20))
    on_day(date(2025, 4, 21))
    check(date(2025, 4, 21))
    [finding] = found(obligation_id=w.ob.id)
    assert finding.state == FindingState.resolved

    on_day(date(2025, 4, 25))
    officer, _ = make.user("credit_officer")
    services.act(session, officer, finding, "reopen", reason="付款凭证有误，待核实")
    db.commit()

    assert _history(session, finding) == [
        (date(2025, 3, 28), FindingState.warning, None),
        (date(2025, 4, 5), FindingState.open, None),
        (date(2025, 4, 21), FindingState.resolved, "已履行 / fulfilled"),
        (date(2025, 4, 25), FindingState.open, None),
    ]


def test_a_state_corrected_by_hand_in_sql_is_kept_too(make, session, check, found, on_day):
    w = county(make, session)
    on_day(date(2025, 4, 5))
    check(date(2025, 4, 5))
    [finding] = found(obligation_id=w.ob.id)
    on_day(date(2025, 4, 8))
    session.execute(text("UPDATE findings SET state = 'dismissed', resolution_reason = '重复登记', "
                         "state_changed_at = :at WHERE id = :id"), {"at": clock.now(), "id": finding.id})
    session.execute(text("UPDATE findings SET summary = 'corrected' WHERE id = :id"), {"id": finding.id})
    db.commit()

    assert _history(session, finding) == [(date(2025, 4, 5), FindingState.open, None),
                                          (date(2025, 4, 8), FindingState.dismissed, "重复登记")]


def test_a_database_from_before_the_history_gets_the_states_its_audit_trail_and_findings_tell(
        make, session, on_day, tmp_path):
    """A county's database made before migration 0009: the payment found overdue on 04-05, ordered
    rectified on 04-10 (audited), paid and resolved by the checker's run of 04-21 (not audited). Upgraded,
    the finding's history is the state it was found in, the audited change and the state it has now."""
    from monitor import migrations
    from tests.foundation.test_migrations import fresh_database

    with fresh_database(tmp_path):
        migrations.upgrade()
        _, finding = rectified_then_paid(make, session, on_day)
        session.remove()

        migrations.downgrade("0008")
        migrations.upgrade()

        assert _history(session, finding) == [(date(2025, 4, 5), FindingState.open, None),
                                              (date(2025, 4, 10), FindingState.rectifying, None),
                                              (date(2025, 4, 21), FindingState.resolved, "已履行 / fulfilled")]
        session.remove()

