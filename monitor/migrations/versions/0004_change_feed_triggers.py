"""the change feed is written by database triggers, so every writer marks the contracts it touches

Before, the ORM's flush wrote ``contract_changes`` and bulk writers had to call ``changes.mark``;
a row changed by hand in psql, or by any statement outside the ORM, was only seen by the next full
check run. The triggers are built by ``contracts.registry.changes.trigger_ddl`` (each statement
drops what it replaces) in their first version, without the table column that 0005 adds.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 16:30:00
"""
from alembic import op

from contracts.registry.changes import drop_trigger_ddl, trigger_ddl

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    for statement in trigger_ddl(op.get_bind().dialect.name, with_source=False):
        op.execute(statement)


def downgrade() -> None:
    for statement in drop_trigger_ddl(op.get_bind().dialect.name):
        op.execute(statement)
