"""spreadsheet imports run as background jobs, each recorded as an import run

``import_runs`` holds the stored file (its SHA-256 and name), who asked and for which agency, the
dry-run flag and sheet, the job's status, stage and rows done / total, the report and the error.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-23 10:30:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'import_runs',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('filename', sa.String(length=255), nullable=False),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('dry_run', sa.Boolean(), nullable=False),
        sa.Column('sheet', sa.String(length=32), nullable=True),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('stage', sa.String(length=16), nullable=True),
        sa.Column('rows_done', sa.Integer(), nullable=False),
        sa.Column('rows_total', sa.Integer(), nullable=True),
        sa.Column('problems', sa.Integer(), nullable=True),
        sa.Column('report', sa.JSON(), nullable=True),
        sa.Column('error', sa.Text(), nullable=True),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('job_id', sa.String(length=64), nullable=True),
        sa.Column('requested_by_id', sa.Integer(), nullable=False),
        sa.Column('agency_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('queued_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('heartbeat_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_import_runs_agency_id_agencies')),
        sa.ForeignKeyConstraint(['requested_by_id'], ['users.id'], name=op.f('fk_import_runs_requested_by_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_import_runs')),
    )
    with op.batch_alter_table('import_runs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_import_runs_agency_id'), ['agency_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_import_runs_sha256'), ['sha256'], unique=False)
        batch_op.create_index(batch_op.f('ix_import_runs_status'), ['status'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('import_runs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_import_runs_status'))
        batch_op.drop_index(batch_op.f('ix_import_runs_sha256'))
        batch_op.drop_index(batch_op.f('ix_import_runs_agency_id'))
    op.drop_table('import_runs')
