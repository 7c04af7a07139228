"""A script reading the API gets every instant with its offset, in UTC, whichever database is behind it."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from contracts.access.models import ApiToken
from contracts.core import clock


def test_a_tokens_times_come_back_as_utc_instants_with_their_offset_on_either_database(api, make, session):
    _, token = make.user("supervisor")
    before = clock.now().replace(microsecond=0)
    assert api.as_(token).post("/api/v1/tokens", json={"name": "nightly export", "days": 30}).status_code == 201
    listed = next(t for t in api.as_(token).get("/api/v1/tokens").get_json() if t["name"] == "nightly export")
    for name in ("created_at", "expires_at"):
        value = datetime.fromisoformat(listed[name])
        assert value.utcoffset() is not None and value.utcoffset().total_seconds() == 0, (name, listed[name])
        assert value >= before
    session.expire_all()
    stored = session.scalar(select(ApiToken.created_at).where(ApiToken.id == listed["id"]))
    assert stored.tzinfo is not None and stored.astimezone(UTC) == stored, "the code sees the same aware value"


def test_an_instant_given_in_beijing_time_is_stored_as_the_same_instant(make, session):
    from zoneinfo import ZoneInfo

    user, _ = make.user("supervisor")
    row = session.scalar(select(ApiToken).where(ApiToken.user_id == user.id))
    beijing = datetime(2026, 3, 1, 8, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    row.last_used_at = beijing
    session.commit()
    session.expire_all()
    again = session.scalar(select(ApiToken.last_used_at).where(ApiToken.id == row.id))
    assert again == beijing and again == datetime(2026, 3, 1, 0, 0, tzinfo=UTC)
