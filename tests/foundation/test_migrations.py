"""The Alembic migrations build exactly the schema the models describe, on this backend."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine

from contracts.core.db import db
from monitor import migrations
from monitor.models import load_all


def _fresh_url(tmp_path):  # type: ignore[no-untyped-def]
    if db.dialect == "sqlite":
        return f"sqlite:///{tmp_path / 'migrated.db'}", None
    import psycopg

    server = db.engine.url.set(database="postgres").render_as_string(hide_password=False)
    name = f"ccm_mig_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(server.replace("+psycopg", ""), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return db.engine.url.set(database=name).render_as_string(hide_password=False), (server, name)


@contextmanager
def fresh_database(tmp_path) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """Sessions bound to a new, empty database for the block (on this backend), dropped after it."""
    url, cleanup = _fresh_url(tmp_path)
    original = db.url
    try:
        db.configure(url)
        yield
    finally:
        db.configure(original)
        if cleanup:
            import psycopg

            create_engine(url).dispose()
            with psycopg.connect(cleanup[0].replace("+psycopg", ""), autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{cleanup[1]}" WITH (FORCE)')


def test_upgrade_to_head_matches_the_models_and_downgrades_cleanly(tmp_path):
    with fresh_database(tmp_path):
        migrations.upgrade()
        assert migrations.current() == migrations.head()
        with db.engine.connect() as conn:
            diffs = compare_metadata(MigrationContext.configure(conn), load_all().metadata)
        assert diffs == []
        migrations.downgrade("base")
        assert migrations.current() is None
