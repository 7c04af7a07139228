"""Every state a finding has been in, and when it came into it (发现状态变更记录).

A finding changes state two ways: a person acts on it (notify, rectify, escalate, resolve,
dismiss, reopen; the credit office deciding its record), which the audit trail records with a
note; and the checker judges it (a warning becomes a breach, a cured breach resolves itself, a
resolved one found again reopens), which is not audited, as it would be a thousand events on a
day of payments. A look-back as at an earlier day needs both: the state a finding stood in at the
end of that day, and the day it came into it.

Database triggers on ``findings`` append a ``finding_state_changes`` row for each new finding and
each change of its state, with the state and the finding's ``state_changed_at``, in the same
transaction as the change, whoever makes it (the checker's set-based statements, the services
through the ORM, a correction by hand in ``psql``): on PostgreSQL one trigger per statement, with
transition tables (as the registry's change feed does, ``contracts.registry.changes``); on SQLite
row triggers. Rows are only ever appended.

Findings made before migration 0009 got a history rebuilt from what was known then (the state they
were first found in, the audited changes, the state they have now); see the migration.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import Index, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from contracts.core.db import Base, on_create_all
from contracts.core.idlist import in_ids
from monitor.checker.models import Finding, FindingState


class FindingStateChange(Base):
    """``finding_id`` came into ``state`` at ``at`` (its ``state_changed_at`` then); ``reason`` is
    its ``resolution_reason`` when the state is resolved or dismissed (a later state overwrites it
    on the finding)."""

    __tablename__ = "finding_state_changes"
    __table_args__ = (Index("ix_finding_state_changes_finding_id_id", "finding_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # no foreign key: only the triggers write rows, from the finding row itself, and the key's
    # per-row check more than doubled the cost of a first run's 120,000 rows (2.3 s against 1.0 s)
    finding_id: Mapped[int]
    state: Mapped[str] = mapped_column(String(16))
    at: Mapped[datetime]
    reason: Mapped[str | None] = mapped_column(String(500))


def states_of(session: Session, contract_ids: Iterable[int]) -> dict[int, list[FindingStateChange]]:
    """Per finding of these contracts, each state it came into, oldest first."""
    ids = sorted(set(contract_ids))
    out: dict[int, list[FindingStateChange]] = defaultdict(list)
    if ids:
        H = FindingStateChange
        for row in session.scalars(select(H).join(Finding, Finding.id == H.finding_id)
                                   .where(in_ids(Finding.contract_id, ids)).order_by(H.id)):
            out[row.finding_id].append(row)
    return dict(out)


def states_of_finding(session: Session, finding_id: int) -> list[FindingStateChange]:
    """Each state the finding came into, oldest first."""
    return list(session.scalars(select(FindingStateChange).where(FindingStateChange.finding_id == finding_id)
                                .order_by(FindingStateChange.id)))


# ---- the triggers ------------------------------------------------------------------------------
_INSERT = "INSERT INTO finding_state_changes (finding_id, state, at, reason) "
_WITH_REASON = "(" + ", ".join(f"'{s}'" for s in sorted(FindingState.SETTLED)) + ")"  # the states whose reason is kept


def _values(row: str) -> str:
    return (f"{row}.id, {row}.state, {row}.state_changed_at, "
            f"CASE WHEN {row}.state IN {_WITH_REASON} THEN {row}.resolution_reason END")


def trigger_ddl(dialect: str) -> list[str]:
    """The statements that create the triggers writing the history, for ``create_all`` and the
    migration; each drops what it replaces first."""
    if dialect == "postgresql":
        return [*drop_trigger_ddl(dialect),
                "CREATE FUNCTION finding_state_changes() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n"
                f"  IF TG_OP = 'INSERT' THEN {_INSERT}SELECT {_values('n')} FROM new_rows n ORDER BY n.id;\n"
                f"  ELSE {_INSERT}SELECT {_values('n')} FROM new_rows n JOIN old_rows o "
                "ON o.id = n.id WHERE o.state IS DISTINCT FROM n.state ORDER BY n.id;\n  END IF;\n"
                "  RETURN NULL;\nEND $$",
                "CREATE TRIGGER finding_state_changes_ins AFTER INSERT ON findings REFERENCING NEW TABLE AS "
                "new_rows FOR EACH STATEMENT EXECUTE FUNCTION finding_state_changes()",
                "CREATE TRIGGER finding_state_changes_upd AFTER UPDATE ON findings REFERENCING OLD TABLE AS "
                "old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION finding_state_changes()"]
    return [*drop_trigger_ddl(dialect),
            "CREATE TRIGGER finding_state_changes_ins AFTER INSERT ON findings BEGIN "
            f"{_INSERT}VALUES ({_values('NEW')}); END",
            "CREATE TRIGGER finding_state_changes_upd AFTER UPDATE OF state ON findings "
            f"WHEN OLD.state IS NOT NEW.state BEGIN {_INSERT}VALUES ({_values('NEW')}); END"]


def drop_trigger_ddl(dialect: str) -> list[str]:
    """The statements that remove the triggers (the migration's downgrade)."""
    if dialect == "postgresql":
        return ["DROP FUNCTION IF EXISTS finding_state_changes() CASCADE"]
    return [f"DROP TRIGGER IF EXISTS finding_state_changes_{op}" for op in ("ins", "upd")]


on_create_all({"findings", "finding_state_changes"}, trigger_ddl)
