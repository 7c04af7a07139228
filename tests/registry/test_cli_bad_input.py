"""Review stories for the command line: bad input gets one clear line and a non-zero exit, never a
traceback, and nothing is done as of a date still to come."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import pytest
from sqlalchemy import func, select

from contracts.core import clock
from monitor.alerts.models import Notification
from monitor.cli import alerts_scan
from tests.records.support import checker_finding, county


@pytest.fixture
def env(app) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """The environment of a ``monitor`` subprocess on the test database (as tests/documents' cli_env)."""
    import os

    from alembic import command

    from monitor import migrations

    if migrations.current() != migrations.head():
        command.stamp(migrations.alembic_config(), "head")
    return dict(os.environ)


def _monitor(env, *args: str) -> subprocess.CompletedProcess[str]:  # type: ignore[no-untyped-def]
    return subprocess.run([sys.executable, "-m", "monitor.cli", *args], env=env, capture_output=True, text=True,
                          timeout=120)


@pytest.mark.parametrize("content", [b"[\"2027-01-01\"]", b"{\"holidays\": null}", b"\"2027-01-01\"",
                                     "{\"holidays\": [\"2027-01-01\"]}".encode("utf-16")],
                         ids=["a-list", "null-holidays", "a-string", "utf-16"])
def test_loading_a_calendar_file_of_the_wrong_shape_says_so_without_a_traceback(tmp_path, env, content):
    path = tmp_path / "2027.json"
    path.write_bytes(content)
    r = _monitor(env, "calendar", "load", "2027", str(path), "--source", "国办发明电〔2026〕1号")
    assert "Traceback" not in r.stderr, r.stderr[-600:]
    assert r.returncode != 0


def test_upgrading_the_database_to_an_unknown_revision_says_so_without_a_traceback(env):
    r = _monitor(env, "db", "upgrade", "no-such-revision")
    assert "Traceback" not in r.stderr, r.stderr[-600:]
    assert r.returncode != 0 and "no-such-revision" in r.stderr


def test_alerts_are_not_scanned_as_of_a_date_still_to_come(app, make, session):
    """`monitor check` and `monitor escalate` refuse a future --date; a typo in `monitor alerts scan
    --date` (2026 → 2062) must not send today the warnings and overdue alerts of another year."""
    w = county(make, session)
    clock.set_today(date(2025, 3, 10))
    checker_finding(session, w.ob, as_of=date(2025, 3, 10))  # due 2025-04-02: no warning yet
    before = session.scalar(select(func.count()).select_from(Notification))
    r = app.test_cli_runner().invoke(alerts_scan, ["--date", "2025-04-01"])
    session.expire_all()
    created = session.scalar(select(func.count()).select_from(Notification)) - before
    assert r.exit_code != 0 and created == 0, f"exit {r.exit_code}: {r.output.strip()}"


def test_a_calendar_without_its_source_is_refused(tmp_path, env):
    path = tmp_path / "2027.json"
    path.write_text('{"holidays": ["2027-01-01"]}', encoding="utf-8")
    r = _monitor(env, "calendar", "load", "2027", str(path), "--source", " ")
    assert r.returncode == 2 and "source" in r.stderr and "Traceback" not in r.stderr, r.stderr[-600:]
