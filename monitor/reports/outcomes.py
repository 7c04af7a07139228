"""How an obligation stood on a date: on time, late, overdue, pending (履约结果).

Shared by both look-backs so that a contract's and an official's report judge an obligation alike;
the scoreboard applies the same rule in SQL (``scoreboard._late``).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from contracts.core.enums import MONETARY_KINDS, ObligationStatus
from contracts.core.types import money
from contracts.obligations.models import Obligation

OUTCOME_LABELS = {"on_time": "按期履行", "late": "逾期后履行", "overdue": "逾期未履行", "pending": "未到期",
                  "awaiting_event": "待触发事件", "cancelled": "已取消"}
BREACH_OUTCOMES = frozenset({"late", "overdue"})


def paid_by(ob: Obligation, on: date) -> Decimal:
    """What had been paid against ``ob`` by the end of ``on``."""
    return money(sum((p.amount for p in ob.payments if p.paid_on <= on), Decimal("0")))


def outcome(ob: Obligation, as_of: date, *, due_date: date | None, status: str) -> dict[str, Any]:
    """The obligation's standing at the end of ``as_of``, given its due date and status as they were
    known then (``as_at.AsAt.outcome``): outcome, days late, outstanding."""
    fulfilled = ob.fulfilled_on if ob.fulfilled_on is not None and ob.fulfilled_on <= as_of else None
    outstanding = None
    if ob.amount is not None and ob.kind in MONETARY_KINDS:
        outstanding = max(money(ob.amount - paid_by(ob, as_of)), Decimal("0.00"))
    if status == ObligationStatus.cancelled:
        kind, days = "cancelled", 0
    elif due_date is None:
        kind, days = "awaiting_event", 0
    elif fulfilled is not None:
        days = max((fulfilled - due_date).days, 0)
        kind = "late" if days else "on_time"
    elif due_date < as_of:
        kind, days = "overdue", (as_of - due_date).days
    else:
        kind, days = "pending", 0
    return {"outcome": kind, "outcome_label": OUTCOME_LABELS[kind], "days_late": days,
            "fulfilled_on": fulfilled, "outstanding": outstanding}


def obligation_brief(ob: Obligation) -> dict[str, Any]:
    """The fields a report shows for an obligation."""
    return {"obligation_id": ob.id, "contract_id": ob.contract_id, "kind": ob.kind, "debtor": ob.debtor,
            "description": ob.description, "amount": ob.amount, "due_date": ob.due_date,
            "paid_total": ob.paid_total, "status": ob.status}
