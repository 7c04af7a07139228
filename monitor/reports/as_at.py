"""How things stood at the end of a look-back's day (截至日): what had happened by then, and the state it left.

A look-back "as at" a day shows nothing that happened after it. A fact that carries its own date
counts from that date: a payment from the day it was paid, an event from the day it occurred, a
tenure from its start (and one that ended after the day was still running on it), a due date that
hangs on an event only once the event had occurred, a finding from the day the checker first found
it, in the state its history (``monitor.checker.history``: every state it came into, whoever
changed it) shows by the end of the day. A change that carries no date of its own (an obligation
cancelled, a contract terminated) and what people did count from the day the audit trail recorded
them; before that, the value a change replaced stands. A correction (an event's date, an
obligation's amount or due rule) is taken as the truth on every day: a look-back shows the
corrected facts.

As at today nothing is cut off: the report is the present one, whatever the audit trail's
timestamps say (they can run ahead of a pinned clock), and tenures planned to begin later stay in it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from contracts.audit.models import AuditEvent
from contracts.core import clock
from contracts.core.enums import ObligationStatus
from contracts.obligations.models import ContractEvent, Obligation
from monitor.checker.history import FindingStateChange, states_of
from monitor.checker.models import Finding, FindingState
from monitor.reports.actions import local_day
from monitor.reports.outcomes import obligation_brief, outcome, paid_by

# the audited rows whose changes a look-back undoes when they were recorded after its day
AUDITED = ("contract", "obligation", "finding")


@dataclass(frozen=True)
class Change:
    """One audited change of a row: the day it was recorded, the values before and after it, its note."""

    on: date
    before: dict[str, Any]
    after: dict[str, Any]
    note: str

    def changed(self, name: str) -> bool:
        """Whether the change set ``name`` to a new value (a row's creation sets nothing it could undo)."""
        return name in self.before and name in self.after and self.before[name] != self.after[name]


@dataclass(frozen=True)
class AsAt:
    """The end of ``day``, with the contracts' events and the audited changes a look-back judges by."""

    day: date
    present: bool  # as at today: nothing is cut off
    events: dict[int, dict[str, date]] = field(default_factory=dict)  # contract id → event type → date
    changes: dict[tuple[str, int], list[Change]] = field(default_factory=dict)  # (entity, id) → oldest first
    states: dict[int, list[State]] = field(default_factory=dict)  # finding id → the states it came into, oldest first

    @classmethod
    def make(cls, as_of: date | None, events: Iterable[ContractEvent] = (), audit: Iterable[AuditEvent] = (),
             states: dict[int, list[FindingStateChange]] | None = None) -> AsAt:
        today = clock.today()
        day = as_of or today
        by_contract: dict[int, dict[str, date]] = defaultdict(dict)
        for ev in events:
            by_contract[ev.contract_id][ev.type] = ev.occurred_on
        changes: dict[tuple[str, int], list[Change]] = defaultdict(list)
        for a in sorted(audit, key=lambda a: a.id):
            if a.entity in AUDITED and a.entity_id is not None:
                changes[(a.entity, a.entity_id)].append(Change(local_day(a.at), a.before or {}, a.after or {},
                                                               a.note or ""))
        steps = {finding_id: [State(local_day(r.at), r.state, r.reason or "") for r in rows]
                 for finding_id, rows in (states or {}).items()}
        return cls(day, day >= today, dict(by_contract), dict(changes), steps)

    @classmethod
    def load(cls, session: Session, as_of: date | None, contract_ids: Iterable[int]) -> AsAt:
        """The end of ``as_of`` for these contracts, with their events and audited changes (none read as at today)."""
        at = cls.make(as_of)
        if at.present:
            return at
        ids = sorted(set(contract_ids)) or [-1]
        events = session.scalars(select(ContractEvent).where(ContractEvent.contract_id.in_(ids))).all()
        audit = session.scalars(select(AuditEvent).where(AuditEvent.contract_id.in_(ids),
                                                         AuditEvent.entity.in_(AUDITED))).all()
        return cls.make(as_of, events, audit, states_of(session, ids))

    @property
    def until(self) -> date | None:
        """The last day whose facts count; None as at today (nothing is cut off)."""
        return None if self.present else self.day

    def knows(self, on: date) -> bool:
        """Whether what happened (or was recorded) on ``on`` had happened by the end of the day."""
        return self.present or on <= self.day

    def value(self, entity: str, entity_id: int, name: str, current: Any) -> Any:
        """A field's value at the end of the day: before the first audited change of it recorded later."""
        if self.present:
            return current
        for c in self.changes.get((entity, entity_id), []):
            if c.changed(name) and not self.knows(c.on):
                return c.before.get(name)
        return current

    # ---- obligations --------------------------------------------------------------------------
    def due_date(self, ob: Obligation) -> date | None:
        """The due date known at the end of the day: one hanging on an event only once it had occurred."""
        if self.present or ob.due_date is None or ob.due_on is not None or ob.due_event is None:
            return ob.due_date
        occurred = self.events.get(ob.contract_id, {}).get(ob.due_event)
        return ob.due_date if occurred is not None and self.knows(occurred) else None

    def status(self, ob: Obligation) -> str:
        """open, fulfilled or cancelled at the end of the day."""
        if self.present:
            return ob.status
        if self.value("obligation", ob.id, "status", ob.status) == ObligationStatus.cancelled:
            return ObligationStatus.cancelled
        if ob.fulfilled_on is not None:
            return ObligationStatus.fulfilled if self.knows(ob.fulfilled_on) else ObligationStatus.open
        return ObligationStatus.open if ob.status == ObligationStatus.cancelled else ob.status

    def outcome(self, ob: Obligation) -> dict[str, Any]:
        """How ``ob`` stood at the end of the day (``outcomes.outcome`` with what was known then)."""
        return outcome(ob, self.day, due_date=self.due_date(ob), status=self.status(ob))

    def brief(self, ob: Obligation) -> dict[str, Any]:
        """The report's fields of ``ob`` at the end of the day: its due date then, what had been paid, its status."""
        brief = obligation_brief(ob)
        if self.present:
            return brief
        return brief | {"due_date": self.due_date(ob), "paid_total": paid_by(ob, self.day),
                        "status": self.status(ob)}

    # ---- findings -----------------------------------------------------------------------------
    def finding_state(self, f: Finding) -> str | None:
        """The state ``f`` stood in at the end of the day; None when the checker had not found it yet.

        Its history's last state by then; a finding the checker found as of the day but recorded
        later (a run for an earlier date) stood in the state it was found in."""
        if self.present:
            return f.state
        if f.first_found_on > self.day:
            return None
        steps = self.states.get(f.id, [])
        known = [s for s in steps if self.knows(s.on)]
        state = known[-1].state if known else steps[0].state if steps else f.state
        if state == FindingState.warning and f.due_date is not None and f.due_date < self.day:
            state = FindingState.open  # its deadline had passed by the end of the day
        return state

    def finding_days(self, f: Finding) -> int:
        """Days overdue at the end of the day: no more than had passed since the due date, nor than now."""
        if self.present or f.due_date is None:
            return f.days_overdue
        return min(f.days_overdue, max((self.day - f.due_date).days, 0))

    def finding_steps(self, f: Finding) -> list[tuple[date, str, str]]:
        """(day, new state, note) of each state ``f`` came into by the end of the day, after the one
        it was found in (unless it was found already settled, as a contract signed late is): a
        person's note from the audit trail, else the reason kept with the state."""
        notes = {(c.on, c.after["state"]): c.note or c.after.get("resolution_reason") or ""
                 for c in self.changes.get(("finding", f.id), []) if c.changed("state")}
        steps = self.states.get(f.id, [])
        if steps and steps[0].state not in FindingState.SETTLED:
            steps = steps[1:]
        return [(s.on, s.state, notes.get((s.on, s.state)) or s.reason) for s in steps if self.knows(s.on)]


@dataclass(frozen=True)
class State:
    """A state a finding came into, on the day (service time zone) it did, with its reason."""

    on: date
    state: str
    reason: str
