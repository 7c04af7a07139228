"""Review stories for the command line: bad input gets one clear line and a non-zero exit, never a
traceback, and nothing is done as of a date still to come."""

from __future__ import annotations

import re
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


@pytest.mark.parametrize("minutes", ["nan", "inf", "1e20"])
def test_reconciling_with_a_staleness_that_is_no_number_of_minutes_says_so_without_a_traceback(env, minutes):
    r = _monitor(env, "reconcile", "--stale-minutes", minutes)
    assert "Traceback" not in r.stderr, r.stderr[-600:]
    assert r.returncode == 2 and "--stale-minutes" in r.stderr and "分钟" in r.stderr, r.stderr[-600:]


@pytest.mark.parametrize("port", ["99999", "-1", "0"])
def test_the_demo_refuses_a_port_that_does_not_exist_instead_of_serving_on_another(app, env, monkeypatch, port):
    """Asked for port 99999 the demo served on 34463 (99999 − 65536) and printed :99999 as the UI's address."""
    import werkzeug.serving

    from monitor import demo as demo_data
    from monitor.cli import demo

    served: list[int] = []
    monkeypatch.setattr(demo_data, "load", lambda session: ["demo data loaded"])
    monkeypatch.setattr(werkzeug.serving, "run_simple", lambda host, p, *a, **kw: served.append(p))
    r = app.test_cli_runner().invoke(demo, ["--port", port])
    assert r.exit_code == 2 and served == [], f"exit {r.exit_code}, served on {served}: {r.output.strip()}"
    assert "--port" in r.output


def test_an_empty_password_is_refused_not_taken_for_no_password(env):
    """`--password "$PW"` with PW unset created an account that cannot sign in, and said it was created."""
    r = _monitor(env, "create-user", "clerk2", "--role", "finance_staff", "--password", "")
    assert "Traceback" not in r.stderr, r.stderr[-600:]
    assert r.returncode == 2 and "password" in r.stderr and "密码" in r.stderr, (r.stdout, r.stderr[-600:])
    from contracts.access.models import User
    from contracts.core.db import db

    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(User).where(User.username == "clerk2")) == 0


@pytest.mark.parametrize(("year", "content", "names"), [
    ("2027", '{"holidays": ["2027-01-01"], "workday": ["2027-02-06"]}', "workday"),
    ("2150", '{"holidays": ["2150-01-01"]}', "2150"),
    ("2027", '{"holidays": ["20270101", "2027-W05-1"]}', "20270101"),
    ("2027", '{"holidays": ["2027-01-01"]}', "source"),
], ids=["a-misspelt-key", "a-year-out-of-range", "dates-not-yyyy-mm-dd", "a-source-too-long"])
def test_a_calendar_the_api_would_refuse_is_refused_by_the_cli_and_nothing_is_loaded(tmp_path, env, year, content,
                                                                                     names):
    """The file's "workday" (for "workdays") was ignored, loading 2027 without its working weekends; a
    year the API refuses, dates written 20270101 (stored as written) and a 300-character source (too
    long for PostgreSQL's column) were loaded too."""
    from contracts.calendar.models import HolidayYear
    from contracts.core.db import db

    path = tmp_path / "schedule.json"
    path.write_text(content, encoding="utf-8")
    source = "国" * 300 if names == "source" else "国办发明电〔2026〕1号"
    r = _monitor(env, "calendar", "load", year, str(path), "--source", source)
    assert "Traceback" not in r.stderr, r.stderr[-600:]
    assert r.returncode == 2 and names in r.stderr, (r.stdout, r.stderr[-600:])
    assert re.search(r"[\u4e00-\u9fff].* / ", r.stderr), r.stderr
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(HolidayYear)) == 0


@pytest.mark.parametrize("content", [b"[\"2027-01-01\"", b"\xff\xfe{}"], ids=["not-json", "not-utf-8"])
def test_a_calendar_file_that_cannot_be_read_is_named_in_both_languages(tmp_path, env, content):
    path = tmp_path / "2027.json"
    path.write_bytes(content)
    r = _monitor(env, "calendar", "load", "2027", str(path), "--source", "国办发明电〔2026〕1号")
    assert r.returncode == 2 and "2027.json" in r.stderr and re.search(r"[\u4e00-\u9fff].* / ", r.stderr), r.stderr


def test_a_calendar_file_saved_with_a_byte_order_mark_loads(tmp_path, env):
    """Windows' Notepad saves UTF-8 with a BOM, which json refused as "not valid JSON"."""
    path = tmp_path / "2027.json"
    path.write_bytes('{"holidays": ["2027-01-01"], "workdays": []}'.encode("utf-8-sig"))
    r = _monitor(env, "calendar", "load", "2027", str(path), "--source", "国办发明电〔2026〕1号")
    assert r.returncode == 0 and r.stdout.startswith("2027: 1 holidays"), r.stderr[-600:]
