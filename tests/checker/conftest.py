"""Helpers for the checker's stories: run a check as of a date, read the findings back."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from sqlalchemy import select

from contracts.core import clock
from monitor.checker import engine
from monitor.checker.models import CheckRun, Finding


@pytest.fixture
def check(session) -> Callable[[date], CheckRun]:  # type: ignore[no-untyped-def]
    """Run the whole checker as of a day (which becomes "today")."""
    def run(on: date) -> CheckRun:
        clock.set_today(on)
        return engine.run_check(session, as_of=on)
    return run


@pytest.fixture
def found(session) -> Callable[..., list[Finding]]:  # type: ignore[no-untyped-def]
    """The findings of a rule (or all), oldest first, fresh from the database."""
    def read(rule_id: str | None = None, **where: object) -> list[Finding]:
        session.expire_all()
        stmt = select(Finding).order_by(Finding.id)
        if rule_id:
            stmt = stmt.where(Finding.rule_id == rule_id)
        for key, value in where.items():
            stmt = stmt.where(getattr(Finding, key) == value)
        return list(session.scalars(stmt))
    return read
