"""Test fixtures: a real app on SQLite (default) or on PostgreSQL + Redis.

``TEST_POSTGRES_URL`` (a server URL, e.g. postgresql://postgres@127.0.0.1:5432/postgres) makes the
suite create a fresh database of its own and drop it afterwards; ``TEST_REDIS_URL`` (a server URL)
makes it claim an empty Redis db number of its own and flush only that one at the end.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from contracts.core import clock
from contracts.core.db import Base, db
from tests.support import builders

PG_SERVER = os.environ.get("TEST_POSTGRES_URL")
REDIS_SERVER = os.environ.get("TEST_REDIS_URL")


def _create_pg_database() -> tuple[str, str]:
    import psycopg

    name = f"ccm_test_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_SERVER, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base = PG_SERVER.rsplit("/", 1)[0]
    return name, f"{base}/{name}"


def _drop_pg_database(name: str) -> None:
    import psycopg

    db.session.remove()
    if db.engine is not None:
        db.engine.dispose()
    with psycopg.connect(PG_SERVER, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _claim_redis_db() -> tuple[str, int]:
    """An empty Redis db number, claimed with a marker key so parallel runs do not share it."""
    from redis import Redis

    marker = f"ccm-test-claim:{uuid.uuid4().hex}"
    for number in range(15, 0, -1):
        r = Redis.from_url(REDIS_SERVER, db=number)
        if r.dbsize() == 0 and r.set("ccm-test-claim", marker, nx=True):
            base = REDIS_SERVER.rstrip("/")
            base = base.rsplit("/", 1)[0] if base.count("/") > 2 else base
            return f"{base}/{number}", number
    raise RuntimeError("no empty Redis database number is free for the tests")


@pytest.fixture(scope="session")
def backend(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str | None]]:
    instance = tmp_path_factory.mktemp("instance")
    info: dict[str, str | None] = {"instance": str(instance), "redis": None, "pg_name": None}
    if PG_SERVER:
        info["pg_name"], info["database"] = _create_pg_database()
    else:
        info["database"] = f"sqlite:///{instance / 'test.db'}"
    redis_number = None
    if REDIS_SERVER:
        info["redis"], redis_number = _claim_redis_db()
    try:
        yield info
    finally:
        if info["pg_name"]:
            _drop_pg_database(info["pg_name"])
        if redis_number is not None:
            from redis import Redis

            Redis.from_url(REDIS_SERVER, db=redis_number).flushdb()


@pytest.fixture(scope="session")
def app(backend: dict[str, str | None]):  # type: ignore[no-untyped-def]
    from monitor import create_app

    overrides = {
        "TESTING": True,
        "DATABASE_URL": backend["database"],
        "INSTANCE_PATH": backend["instance"],
        "UPLOAD_DIR": str(Path(backend["instance"]) / "uploads"),
        "SECRET_KEY": "test-secret",
        "CHECK_ON_START": False,
        "EMBEDDED_JOBS": "inline",  # jobs run inside the request: a test reads their result at once
        "AUTO_MIGRATE": False,
    }
    if backend["redis"]:
        overrides["REDIS_URL"] = backend["redis"]
    else:
        os.environ.pop("REDIS_URL", None)
    os.environ["DATABASE_URL"] = backend["database"]  # for subprocesses (workers, CLI)
    if backend["redis"]:
        os.environ["REDIS_URL"] = backend["redis"]
    os.environ["INSTANCE_PATH"] = backend["instance"]
    os.environ["UPLOAD_DIR"] = overrides["UPLOAD_DIR"]
    os.environ["SECRET_KEY"] = "test-secret"
    application = create_app(overrides)
    # The schema comes from the models here; tests/foundation/test_migrations.py checks that the
    # Alembic migrations produce exactly the same schema.
    from monitor.models import load_all

    load_all().metadata.create_all(db.engine)
    return application


def _wipe() -> None:
    session = db.session
    session.rollback()
    tables = [t.name for t in reversed(Base.metadata.sorted_tables)]
    if db.dialect == "postgresql":
        session.execute(text("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE"))
    else:
        for t in tables:
            session.execute(text(f'DELETE FROM "{t}"'))
    session.commit()


@pytest.fixture(autouse=True)
def _context(app) -> Iterator[None]:  # type: ignore[no-untyped-def]
    with app.app_context():
        yield
        clock.set_today(None)
        db.session.remove()
        _wipe()
        db.session.remove()
        from contracts.core import jobs

        jobs.connection().flushdb()  # the in-memory queue, or the Redis db number this run claimed
        if jobs.is_async():
            jobs.connection().set("ccm-test-claim", "held")


@pytest.fixture
def session():  # type: ignore[no-untyped-def]
    return db.session


@pytest.fixture
def client(app):  # type: ignore[no-untyped-def]
    return app.test_client()


@pytest.fixture
def on_day(monkeypatch: pytest.MonkeyPatch) -> Any:
    """``on_day(d)``: make it ``d`` for the story, for "today" and for the audit trail's clock (10:00 in
    the service time zone), so what people do is dated that day as it would be in production."""

    def go(day: date) -> None:
        clock.set_today(day)
        at = datetime.combine(day, time(10), clock.timezone()).astimezone(UTC)
        monkeypatch.setattr(clock, "now", lambda: at)

    return go


@pytest.fixture
def make(session) -> builders.Builders:  # type: ignore[no-untyped-def]
    """Builds real objects through the services (agencies, contracts, users with tokens...)."""
    return builders.Builders(session)


@pytest.fixture
def api(client, make):  # type: ignore[no-untyped-def]
    """A JSON API client acting as a given user: ``api.as_(user).get(...)``."""
    return builders.ApiClient(client, make)


@pytest.fixture
def cli_env(app) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """The environment for a ``monitor`` subprocess on the test database.

    The schema here comes from the models (tests/foundation/test_migrations.py proves the
    migrations build the same one), so the database is stamped at head: the embedded default's
    auto-upgrade at start then has nothing to do.
    """
    import os

    from alembic import command

    from monitor import migrations

    if migrations.current() != migrations.head():
        command.stamp(migrations.alembic_config(), "head")
    return dict(os.environ)
