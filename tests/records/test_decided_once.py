"""A decision clicked twice at once (a double click, two credit officers on one record) is taken once:
the second request, which read the record before the first one committed, is told it was decided."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from contracts.audit.models import AuditEvent
from contracts.core import clock
from contracts.core.db import db
from contracts.core.errors import Conflict
from monitor.records import services as records
from monitor.records.models import DishonestyRecord, Objection
from tests.records.support import county, proposed_record, published_record


def _twice_at_once(load: Callable[[Any], Any], decide: Callable[[Any, Any], Any]) -> Conflict:
    """The second request loads the object, the first loads it, decides and commits, then the second decides."""
    with db.isolated_scope() as second:
        seen = load(second)
        with db.isolated_scope() as first:
            decide(first, load(first))
            db.commit()
        with pytest.raises(Conflict) as refused:
            decide(second, seen)
        db.rollback()
    return refused.value


def _audited(session: Any, entity: str, entity_id: int, action: str) -> int:
    session.expire_all()
    return session.query(AuditEvent).filter_by(entity=entity, entity_id=entity_id, action=action).count()


def test_a_record_published_twice_at_once_is_published_once(make, session):
    w = county(make, session)
    rec = proposed_record(make, session, w)
    clock.set_today(date(2025, 5, 26))
    refused = _twice_at_once(lambda s: s.get(DishonestyRecord, rec.id),
                             lambda s, r: records.publish(s, r, user_id=None))
    assert "认定公示" in refused.errors["status"][0] and "published" in refused.errors["status"][0]
    assert _audited(session, "dishonesty_record", rec.id, "publish") == 1


def test_an_objection_answered_twice_at_once_is_answered_once(make, session):
    w = county(make, session)
    rec = published_record(make, session, w)
    clock.set_today(date(2025, 6, 3))
    filer = make.user("agency_staff", agency=w.agency)[0]
    obj = records.file_objection(session, rec, filer, grounds="款项已于6月2日付清", requested="revoke")
    db.commit()
    _twice_at_once(lambda s: s.get(Objection, obj.id),
                   lambda s, o: records.answer_objection(s, o, user_id=None, outcome="upheld", answer="维持"))
    assert _audited(session, "objection", obj.id, "answer") == 1

