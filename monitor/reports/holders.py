"""Who held which role on a date, answered in memory from a contract's loaded history (在任责任人).

The rule is the registry's (``contracts.responsibility.services.on_date``): a tenure covers
[start, end); where an obligation has its own holder of a role, that holder replaces the
contract-wide one for that obligation. Loading the history once lets a look-back ask for every
date of a timeline without a query per date. A history known at the end of a day (``until``) has
no tenure that began after it, and a tenure that ended after it is still running.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from contracts.core.enums import LABELS_ZH
from contracts.organisations.models import Official
from contracts.responsibility.models import Responsibility


def official_brief(official: Official | None) -> dict[str, Any] | None:
    """The fields a report shows for an official."""
    if official is None:
        return None
    return {"official_id": official.id, "name": official.name, "post": official.post,
            "agency_id": official.agency_id, "agency_name": official.agency.name if official.agency else ""}


def holder_entry(row: Tenure) -> dict[str, Any]:
    """One holder of one role, as a timeline shows it."""
    return {"role": row.role, "role_label": LABELS_ZH.get(row.role, row.role),
            "obligation_id": row.obligation_id, "stage": row.stage, "responsibility_id": row.id,
            **(official_brief(row.official) or {})}


@dataclass(frozen=True)
class Tenure:
    """A responsibility row as a look-back sees it at the end of its day (see ``ContractHolders``)."""

    id: int
    contract_id: int
    obligation_id: int | None
    stage: str | None
    official_id: int
    official: Official
    role: str
    start: date
    end: date | None
    handover_reason: str

    @classmethod
    def of(cls, row: Responsibility, until: date | None = None) -> Tenure:
        """``row`` as known at the end of ``until`` (None: as recorded): an end after it had not come yet."""
        end = row.end if until is None or row.end is None or row.end <= until else None
        return cls(row.id, row.contract_id, row.obligation_id, row.stage, row.official_id, row.official, row.role,
                   row.start, end, row.handover_reason)


def _covers(row: Tenure, on: date) -> bool:
    return row.start <= on and (row.end is None or row.end > on)


@dataclass
class Handover:
    """交接: ``before`` ended on ``on`` and ``after`` began, for the same contract, role and scope."""

    on: date
    before: Tenure
    after: Tenure

    @property
    def reason(self) -> str:
        return self.after.handover_reason


class ContractHolders:
    """The responsibility history of one contract as known at the end of ``until`` (None: all of
    it), with date look-ups."""

    def __init__(self, rows: Iterable[Responsibility], until: date | None = None) -> None:
        known = [Tenure.of(r, until) for r in rows if until is None or r.start <= until]
        self.rows = sorted(known, key=lambda r: (r.role, r.obligation_id or 0, r.stage or "", r.start, r.id))

    @classmethod
    def load(cls, session: Session, contract_id: int, until: date | None = None) -> ContractHolders:
        rows = session.scalars(select(Responsibility)
                               .options(joinedload(Responsibility.official).joinedload(Official.agency))
                               .where(Responsibility.contract_id == contract_id)).all()
        return cls(rows, until)

    def on(self, on: date, obligation_id: int | None = None) -> list[Tenure]:
        """The tenures in force on ``on``; obligation-specific rows replace contract-wide ones."""
        rows = [r for r in self.rows if _covers(r, on)
                and (r.obligation_id is None or (obligation_id is not None and r.obligation_id == obligation_id))]
        specific = {r.role for r in rows if r.obligation_id is not None}
        chosen = [r for r in rows if r.obligation_id is not None or r.role not in specific]
        return sorted(chosen, key=lambda r: (r.role, r.start))

    def holders(self, on: date, obligation_id: int | None = None) -> list[dict[str, Any]]:
        return [holder_entry(r) for r in self.on(on, obligation_id)]

    def holds(self, official_id: int, on: date, obligation_id: int | None = None,
              role: str | None = None) -> bool:
        """True when ``official_id`` held ``role`` (any role if None) for the obligation on ``on``."""
        return any(r.official_id == official_id and (role is None or r.role == role)
                   for r in self.on(on, obligation_id))

    def handovers(self) -> list[Handover]:
        """Each place where one tenure ended and the next of the same key began on that day."""
        by_key: dict[tuple[Any, ...], list[Tenure]] = defaultdict(list)
        for r in self.rows:
            by_key[(r.role, r.obligation_id, r.stage)].append(r)
        found: list[Handover] = []
        for rows in by_key.values():
            rows.sort(key=lambda r: (r.start, r.id))
            for before, after in itertools.pairwise(rows):
                if before.end is not None and before.end == after.start:
                    found.append(Handover(after.start, before, after))
        return sorted(found, key=lambda h: (h.on, h.after.role))

    def predecessor(self, row: Tenure) -> Tenure | None:
        return next((h.before for h in self.handovers() if h.after.id == row.id), None)

    def successor(self, row: Tenure) -> Tenure | None:
        return next((h.after for h in self.handovers() if h.before.id == row.id), None)
