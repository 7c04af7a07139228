"""The registry's change feed: which contracts changed since someone last looked (合同变更记录).

Every flush that adds, changes or removes a contract or anything the checker reads about one — its
parties, events, obligations, payments, responsibilities, or an enterprise's SME status — appends
one ``contract_changes`` row per contract touched, in the same transaction as the change itself, so
a change and its mark commit or roll back together. Writers that bypass the ORM (the importer's
bulk inserts) call ``mark``.

The checker reads the feed to re-judge only those contracts (``pending`` / ``consume``); a row is
deleted only by the reader that processed it, so a change committed while a run is going on is
picked up by the next run.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import delete, event, insert, inspect, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from contracts.core import clock
from contracts.core.db import Base
from contracts.core.idlist import in_ids
from contracts.obligations.models import ContractEvent, Obligation, Payment
from contracts.organisations.models import Enterprise
from contracts.registry.models import Contract, ContractParty
from contracts.responsibility.models import Responsibility


class ContractChange(Base):
    """One mark: ``contract_id`` changed at ``changed_at`` (not yet processed by the checker)."""

    __tablename__ = "contract_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(index=True)  # no foreign key: a removed contract is a change too
    changed_at: Mapped[datetime] = mapped_column(default=clock.now)


# Models whose rows carry the contract they belong to.
_BY_CONTRACT_ID = (ContractParty, ContractEvent, Obligation, Responsibility)


def mark(session: Session, contract_ids: Iterable[int]) -> None:
    """Record that these contracts changed (the flush does it for ORM writes; bulk writers call
    it). Written on the session's connection, so it also works while a flush is under way."""
    ids = sorted({int(i) for i in contract_ids if i is not None})
    if ids:
        now = clock.now()
        session.connection().execute(insert(ContractChange), [{"contract_id": i, "changed_at": now} for i in ids])


def pending(session: Session) -> tuple[list[int], set[int]]:
    """The unprocessed marks: (their row ids, the distinct contracts they name)."""
    rows = session.execute(select(ContractChange.id, ContractChange.contract_id).order_by(ContractChange.id)).all()
    return [r[0] for r in rows], {r[1] for r in rows}


def consume(session: Session, row_ids: list[int]) -> None:
    """Delete the marks a reader processed (exactly those: later ones stay for the next reader)."""
    if row_ids:
        session.execute(delete(ContractChange).where(in_ids(ContractChange.id, row_ids)))


def _touched(session: Session) -> set[int]:
    ids: set[int] = set()
    payments: set[int] = set()
    enterprises: set[int] = set()
    for obj in (*session.new, *session.deleted, *(o for o in session.dirty if session.is_modified(o))):
        if isinstance(obj, Contract):
            ids.add(obj.id)
        elif isinstance(obj, _BY_CONTRACT_ID):
            ids.add(obj.contract_id)
            if isinstance(obj, Obligation) or obj in session.new or obj in session.deleted:
                continue
            # moved to another contract: the old one changed too
            ids.update(v for v in inspect(obj).attrs.contract_id.history.deleted if v is not None)
        elif isinstance(obj, Payment):
            payments.add(obj.obligation_id)
        elif isinstance(obj, Enterprise) and obj not in session.new and inspect(obj).attrs.is_sme.history.has_changes():
            enterprises.add(obj.id)
    if payments:
        ids.update(session.connection().scalars(select(Obligation.contract_id).where(Obligation.id.in_(payments))))
    if enterprises:
        ids.update(session.connection().scalars(
            select(ContractParty.contract_id).where(ContractParty.enterprise_id.in_(enterprises))))
    return ids


@event.listens_for(Session, "after_flush")
def _mark_flushed(session: Session, context: Any) -> None:
    mark(session, _touched(session))
