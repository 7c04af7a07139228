"""the change feed names the table whose row changed, so a daily run re-runs only the rules that read it

A payment changes an obligation: the ten rules that read no obligation (procedure deadlines,
caps on the contract's own amounts, PPP terms) need not run for its contract. Marks written
before this migration have no table and count as a change of every table.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22 17:00:00
"""
import sqlalchemy as sa
from alembic import op

from contracts.registry.changes import drop_trigger_ddl, trigger_ddl

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('contract_changes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('source', sa.String(length=40), nullable=True))
    for statement in trigger_ddl(op.get_bind().dialect.name):
        op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    # SQLite rebuilds the table to drop a column: no trigger may name it meanwhile
    for statement in drop_trigger_ddl(dialect):
        op.execute(statement)
    with op.batch_alter_table('contract_changes', schema=None) as batch_op:
        batch_op.drop_column('source')
    for statement in trigger_ddl(dialect, with_source=False):
        op.execute(statement)
