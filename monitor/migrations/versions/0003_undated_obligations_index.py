"""a partial index on the obligations waiting for their year's holiday calendar

Every check run counts them; with the index that count no longer reads the whole table.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 14:05:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('obligations', schema=None) as batch_op:
        batch_op.create_index('ix_obligations_undated', ['status'], unique=False,
                              postgresql_where=sa.text('due_date_error IS NOT NULL'),
                              sqlite_where=sa.text('due_date_error IS NOT NULL'))


def downgrade() -> None:
    with op.batch_alter_table('obligations', schema=None) as batch_op:
        batch_op.drop_index('ix_obligations_undated',
                            postgresql_where=sa.text('due_date_error IS NOT NULL'),
                            sqlite_where=sa.text('due_date_error IS NOT NULL'))
