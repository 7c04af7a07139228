"""Writing and verifying the audit trail (审计留痕).

``record()`` is called by every service that changes a registry, finding or record row, inside
the same transaction as the change. Each event stores the hash of the previous one; ``verify()``
recomputes the chain and reports any edited, inserted or removed event.
"""

from __future__ import annotations

import contextvars
import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from sqlalchemy import func, inspect, select, text
from sqlalchemy.orm import Session

from contracts.audit.models import AuditEvent, AuditHead
from contracts.core import clock

GENESIS = "0" * 64


@dataclass(frozen=True)
class Actor:
    id: int | None
    label: str


SYSTEM = Actor(None, "system")
_actor: contextvars.ContextVar[Actor] = contextvars.ContextVar("audit_actor", default=SYSTEM)


def set_actor(actor: Actor) -> contextvars.Token[Actor]:
    """Make ``actor`` the author of the audit events written in this context."""
    return _actor.set(actor)


def reset_actor(token: contextvars.Token[Actor]) -> None:
    _actor.reset(token)


def current_actor() -> Actor:
    return _actor.get()


def jsonable(value: Any) -> Any:
    """A JSON-safe form of a column value: money and dates as strings."""
    if isinstance(value, Decimal):
        return f"{value:.2f}" if value == value.quantize(Decimal("0.01")) else str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    return value


def snapshot(obj: Any) -> dict[str, Any]:
    """The column values of a mapped object, JSON-safe."""
    mapper = inspect(obj).mapper
    return {c.key: jsonable(getattr(obj, c.key)) for c in mapper.column_attrs}


def _digest(prev_hash: str, payload: dict[str, Any]) -> str:
    body = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256((prev_hash + body).encode()).hexdigest()


def _utc_naive(value: datetime) -> datetime:
    # PostgreSQL hands back aware datetimes, SQLite naive UTC ones: hash the same form.
    return value.astimezone(UTC).replace(tzinfo=None) if value.tzinfo else value


def _payload(ev: AuditEvent) -> dict[str, Any]:
    return {
        "at": jsonable(_utc_naive(ev.at)),
        "actor_id": ev.actor_id, "actor": ev.actor, "action": ev.action, "entity": ev.entity,
        "entity_id": ev.entity_id, "contract_id": ev.contract_id, "before": ev.before,
        "after": ev.after, "note": ev.note,
    }


def record(
    session: Session,
    action: str,
    entity: str,
    entity_id: int | None,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    contract_id: int | None = None,
    note: str = "",
    actor: Actor | None = None,
) -> AuditEvent:
    """Append one event to the chain in the current transaction."""
    return record_many(session, [Entry(action, entity, entity_id, before=before, after=after,
                                       contract_id=contract_id, note=note)], actor=actor)[0]


@dataclass(frozen=True)
class Entry:
    """One event to append (``record``'s arguments)."""

    action: str
    entity: str
    entity_id: int | None
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None
    contract_id: int | None = None
    note: str = ""


def record_many(session: Session, entries: list[Entry], *, actor: Actor | None = None) -> list[AuditEvent]:
    """Append the events to the chain in order, in the current transaction, taking the chain's
    lock and writing its head once (a check run records an event per rule)."""
    if not entries:
        return []
    actor = actor or current_actor()
    # Serialise writers of the chain: one transaction appends at a time, and reads the head only
    # once it holds the lock, so no two events name the same predecessor.
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(727272)"))
    else:  # SQLite: a write, matching a row or not, takes the database's write lock for the transaction
        session.execute(text("UPDATE audit_head SET last_event_id = last_event_id WHERE id = 1"))
    head = session.get(AuditHead, 1, with_for_update=True)
    prev = head.last_hash if head else GENESIS
    at = clock.now().replace(microsecond=0)
    events = []
    for entry in entries:
        ev = AuditEvent(at=at, actor_id=actor.id, actor=actor.label, action=entry.action, entity=entry.entity,
                        entity_id=entry.entity_id, contract_id=entry.contract_id, before=jsonable(entry.before),
                        after=jsonable(entry.after), note=entry.note, prev_hash=prev)
        ev.hash = prev = _digest(prev, _payload(ev))
        events.append(ev)
    session.add_all(events)
    session.flush()
    last = events[-1]
    if head is None:
        session.add(AuditHead(id=1, last_event_id=last.id, last_hash=last.hash))
    else:
        head.last_event_id, head.last_hash = last.id, last.hash
    return events


def last_event_id(session: Session) -> int:
    """The id of the newest event this session can see (0 for an empty trail)."""
    return session.scalar(select(func.max(AuditEvent.id))) or 0


@dataclass
class VerifyResult:
    checked: int
    problems: list[str]

    @property
    def ok(self) -> bool:
        return not self.problems


def verify(session: Session, batch: int = 5000) -> VerifyResult:
    """Recompute the chain; every edited, removed or re-ordered event is reported."""
    problems: list[str] = []
    prev = GENESIS
    checked = 0
    last_id = 0
    last_hash = GENESIS
    while True:
        rows = session.scalars(select(AuditEvent).where(AuditEvent.id > last_id)
                               .order_by(AuditEvent.id).limit(batch)).all()
        if not rows:
            break
        for ev in rows:
            checked += 1
            if ev.prev_hash != prev:
                problems.append(f"event {ev.id}: previous hash does not match event before it "
                                f"(an event was removed or inserted before #{ev.id})")
            if _digest(ev.prev_hash, _payload(ev)) != ev.hash:
                problems.append(f"event {ev.id}: content does not match its hash (edited)")
            prev = ev.hash
            last_id, last_hash = ev.id, ev.hash
        session.expunge_all()
    head = session.get(AuditHead, 1)
    if head is not None and (head.last_event_id != last_id or head.last_hash != last_hash):
        problems.append(f"chain head points at event {head.last_event_id} but the last event is "
                        f"{last_id} (the newest events were removed)")
    if head is None and checked:
        problems.append("chain head is missing")
    return VerifyResult(checked, problems)
