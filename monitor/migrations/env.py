"""Alembic environment: uses the engine the app configured (or DATABASE_URL)."""

from __future__ import annotations

from alembic import context

from contracts.core.db import db
from monitor.models import load_all

target_metadata = load_all().metadata


def _engine():  # type: ignore[no-untyped-def]
    if db.engine is None:
        from monitor import config

        db.configure(config.load()["DATABASE_URL"])
    return db.engine


def run_migrations_online() -> None:
    engine = _engine()
    with engine.begin() as connection:
        context.configure(connection=connection, target_metadata=target_metadata,
                          render_as_batch=connection.dialect.name == "sqlite", compare_type=True)
        with context.begin_transaction():
            context.run_migrations()


run_migrations_online()
