"""Alembic migrations, run programmatically by ``monitor db upgrade`` (数据库迁移)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from contracts.core.db import db

HERE = Path(__file__).parent


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(HERE))
    cfg.set_main_option("path_separator", "os")
    cfg.set_main_option("version_locations", str(HERE / "versions"))
    return cfg


def upgrade(revision: str = "head") -> None:
    """Bring the configured database to ``revision``."""
    command.upgrade(alembic_config(), revision)


def downgrade(revision: str) -> None:
    command.downgrade(alembic_config(), revision)


def head() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current() -> str | None:
    assert db.engine is not None
    with db.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def ensure_schema() -> None:
    """Upgrade when the database is behind (the embedded default does this at start)."""
    if current() != head():
        upgrade()
