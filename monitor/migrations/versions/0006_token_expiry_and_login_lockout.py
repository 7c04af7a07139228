"""API tokens expire; repeated failed sign-ins lock an account for a while

A token issued before this migration gets 90 days from the upgrade, so scripts using it keep
working while their owners issue new ones.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22 21:30:00
"""
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

GRACE = timedelta(days=90)


def upgrade() -> None:
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('failed_logins', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('locked_until', sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.add_column(sa.Column('expires_at', sa.DateTime(timezone=True), nullable=True))
    tokens = sa.table('api_tokens', sa.column('expires_at', sa.DateTime(timezone=True)))
    op.execute(tokens.update().values(expires_at=datetime.now(UTC) + GRACE))
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.alter_column('expires_at', existing_type=sa.DateTime(timezone=True), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.drop_column('expires_at')
    # not in batch: SQLite (3.35 and later) drops a plain column in place, where rebuilding the
    # table would mean dropping ``users``, which the tokens, documents and records refer to
    op.drop_column('users', 'locked_until')
    op.drop_column('users', 'failed_logins')
