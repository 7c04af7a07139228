"""`monitor demo` loads a lively county once: every role can sign in and something is overdue."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from contracts.access.models import User
from contracts.core import clock
from contracts.core.db import db
from contracts.core.enums import Role
from contracts.registry.models import Contract
from contracts.responsibility.models import Responsibility
from monitor import demo


def test_the_demo_county_loads_once_with_users_for_every_role(session, client):
    clock.set_today(date(2026, 6, 1))
    first = demo.load(session)
    db.commit()
    assert any(demo.DEMO_PASSWORD in line for line in first)
    counts = (session.scalar(select(func.count(Contract.id))), session.scalar(select(func.count(User.id))))
    second = demo.load(session)
    db.commit()
    assert "demo data already present" in second
    assert (session.scalar(select(func.count(Contract.id))), session.scalar(select(func.count(User.id)))) == counts

    assert {r for (r,) in session.execute(select(User.role))} == set(Role)
    assert set(session.scalars(select(Contract.kind))) == {"procurement", "bidding", "ppp", "investment"}
    assert session.scalar(select(func.count(Responsibility.id)).where(Responsibility.end.is_not(None))) >= 2

    r = client.post("/login", data={"username": "finance", "password": demo.DEMO_PASSWORD,
                                    "csrf_token": _token(client)})
    assert r.status_code == 302
    page = client.get("/").get_data(as_text=True)
    # the teaching-equipment balance: 60% of 1,200,000.00 less the 200,000.00 paid, overdue at the education bureau
    assert "清河县教育局" in page and "520,000.00" in page


def _token(client) -> str:  # type: ignore[no-untyped-def]
    import re

    return re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").get_data(as_text=True)).group(1)
