"""every state a finding came into, and when: the checker's changes as well as a person's

Database triggers on ``findings`` append a ``finding_state_changes`` row for each new finding and
each change of its state (``monitor.checker.history``). A look-back as at an earlier day then reads
the state a finding stood in and the day it came into it, where the checker's own changes (a
warning becoming a breach, a cured breach resolved, a resolved one found again) had left no trace.

The findings already there get the history that can be rebuilt: the state the checker first found
each in (dated when it was created), each audited change of its state, and the state it has now
(dated by ``state_changed_at``) when that is not the last of those.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-23 09:00:00
"""
from typing import Any

import sqlalchemy as sa
from alembic import op

from monitor.checker.history import drop_trigger_ddl, trigger_ddl

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

findings = sa.table('findings', sa.column('id', sa.Integer), sa.column('state', sa.String),
                    sa.column('due_date', sa.Date), sa.column('cured_on', sa.Date),
                    sa.column('first_found_on', sa.Date), sa.column('created_at', sa.DateTime(timezone=True)),
                    sa.column('state_changed_at', sa.DateTime(timezone=True)),
                    sa.column('resolution_reason', sa.String))
audit = sa.table('audit_events', sa.column('id', sa.Integer), sa.column('entity', sa.String),
                 sa.column('entity_id', sa.Integer), sa.column('at', sa.DateTime(timezone=True)),
                 sa.column('before', sa.JSON), sa.column('after', sa.JSON))


def upgrade() -> None:
    changes = op.create_table(
        'finding_state_changes',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('finding_id', sa.Integer(), nullable=False),
        sa.Column('state', sa.String(length=16), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('reason', sa.String(length=500), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_finding_state_changes')),
    )
    with op.batch_alter_table('finding_state_changes', schema=None) as batch_op:
        batch_op.create_index('ix_finding_state_changes_finding_id_id', ['finding_id', 'id'], unique=False)
    _backfill(op.get_bind(), changes)
    for statement in trigger_ddl(op.get_bind().dialect.name):
        op.execute(statement)


def _first_state(row: Any) -> str:
    """The state the checker gave a finding on the day it first found it."""
    if row.cured_on is not None and row.cured_on <= row.first_found_on:
        return 'resolved'
    if row.due_date is not None and row.due_date >= row.first_found_on:
        return 'warning'
    return 'open'


def _backfill(conn: Any, changes: sa.Table) -> None:
    audited: dict[int, list[tuple[Any, str, str | None]]] = {}
    for entity_id, at, before, after in conn.execute(
            sa.select(audit.c.entity_id, audit.c.at, audit.c.before, audit.c.after)
            .where(audit.c.entity == 'finding', audit.c.entity_id.is_not(None)).order_by(audit.c.id)):
        old, new = (before or {}).get('state'), (after or {}).get('state')
        if old is not None and new is not None and old != new:
            audited.setdefault(entity_id, []).append((at, new, (after or {}).get('resolution_reason')))
    batch: list[dict[str, Any]] = []
    for row in conn.execute(sa.select(findings).order_by(findings.c.id)).all():
        steps = [(row.created_at, _first_state(row), None), *audited.get(row.id, [])]
        if steps[-1][1] != row.state:
            steps.append((row.state_changed_at, row.state, row.resolution_reason))
        elif steps[-1][2] is None:  # the state it is in now: its reason is the finding's
            steps[-1] = (*steps[-1][:2], row.resolution_reason)
        batch += [{'finding_id': row.id, 'state': state, 'at': at,
                   'reason': reason if state in ('resolved', 'dismissed') else None} for at, state, reason in steps]
        if len(batch) >= 5000:
            conn.execute(changes.insert(), batch)
            batch = []
    if batch:
        conn.execute(changes.insert(), batch)


def downgrade() -> None:
    for statement in drop_trigger_ddl(op.get_bind().dialect.name):
        op.execute(statement)
    with op.batch_alter_table('finding_state_changes', schema=None) as batch_op:
        batch_op.drop_index('ix_finding_state_changes_finding_id_id')
    op.drop_table('finding_state_changes')
