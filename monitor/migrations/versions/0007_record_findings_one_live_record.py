"""a finding may back a second record once the first was dropped

A record dismissed (不予认定), exempted or revoked leaves its findings free: one reopened and
escalated again backs a new record. So ``record_findings.finding_id`` is no longer unique; the
services keep a finding behind at most one live record.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23 10:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('record_findings', schema=None) as batch_op:
        batch_op.drop_constraint('uq_record_findings_finding_id', type_='unique')
        batch_op.create_index('ix_record_findings_finding_id', ['finding_id'], unique=False)


def downgrade() -> None:
    twice = op.get_bind().execute(sa.text(
        "SELECT finding_id FROM record_findings GROUP BY finding_id HAVING count(*) > 1 LIMIT 1")).first()
    if twice is not None:
        raise RuntimeError(f"finding {twice[0]} backs more than one record: revision 0006 cannot hold that")
    with op.batch_alter_table('record_findings', schema=None) as batch_op:
        batch_op.drop_index('ix_record_findings_finding_id')
        batch_op.create_unique_constraint('uq_record_findings_finding_id', ['finding_id'])
