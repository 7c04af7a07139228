"""The staff dashboard: what is overdue where, what falls due soon, findings and records (工作台).

Figures are read-only aggregates over the registry and the checker's findings, limited to the
contracts the user may see.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from flask import Blueprint, render_template
from sqlalchemy import func, select

from contracts.access import scope
from contracts.access.permissions import Permission
from contracts.core import clock
from contracts.core.db import db
from contracts.core.enums import Debtor, ObligationStatus
from contracts.obligations.models import Obligation
from contracts.organisations.models import Agency
from contracts.registry.models import Contract
from monitor.auth.current import user
from monitor.checker.models import CheckRun, Finding, FindingState
from monitor.records import services as records
from monitor.ui.common import paginate, staff_page
from monitor.ui.labels import label

bp = Blueprint("dashboard", __name__, url_prefix="/staff")

DUE_SOON_DAYS = 30
ZERO = Decimal("0.00")


def visible_ids():  # type: ignore[no-untyped-def]
    """A subquery of the ids of the contracts the user may see."""
    return scope.visible_contracts(user(), select(Contract.id)).scalar_subquery()


def overdue_by_agency() -> list[dict[str, Any]]:
    """Per agency: how many government obligations are past due and unfulfilled, and the money owed."""
    today = clock.today()
    rows = db.session.execute(
        select(Agency.id, Agency.name, func.count(Obligation.id),
               func.coalesce(func.sum(Obligation.amount - Obligation.paid_total), 0))
        .join(Contract, Contract.id == Obligation.contract_id).join(Agency, Agency.id == Contract.agency_id)
        .where(Obligation.contract_id.in_(visible_ids()), Obligation.debtor == Debtor.government,
               Obligation.status == ObligationStatus.open, Obligation.due_date < today)
        .group_by(Agency.id, Agency.name))
    out = [{"agency_id": i, "agency": n, "count": c, "amount": Decimal(a or 0).quantize(Decimal("0.01"))}
           for i, n, c, a in rows]
    return sorted(out, key=lambda r: (-r["amount"], -r["count"], r["agency"]))


def findings_by_state() -> list[dict[str, Any]]:
    rows = db.session.execute(
        select(Finding.state, func.count(Finding.id))
        .where(Finding.contract_id.in_(visible_ids()), Finding.state.in_(FindingState.ACTIVE))
        .group_by(Finding.state))
    counts = dict(rows.all())
    order = ["warning", "open", "notified", "rectifying", "escalated"]
    return [{"state": s, "label": label(s, "finding"), "count": counts.get(s, 0)} for s in order]


def records_in_publicity() -> int:
    """Published dishonesty records in their publicity period, among those the user may see."""
    stmt = records.visible_records(user(), records.public_records(clock.today()))
    return db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0


@bp.get("/")
@bp.get("/dashboard")
@staff_page(Permission.registry_read)
def home():  # type: ignore[no-untyped-def]
    today = clock.today()
    by_agency = overdue_by_agency()
    states = findings_by_state()
    due_stmt = (select(Obligation).join(Contract, Contract.id == Obligation.contract_id)
                .where(Obligation.contract_id.in_(visible_ids()), Obligation.debtor == Debtor.government,
                       Obligation.status == ObligationStatus.open, Obligation.due_date >= today,
                       Obligation.due_date <= today + timedelta(days=DUE_SOON_DAYS))
                .order_by(Obligation.due_date, Obligation.id))
    due_page = paginate(db.session, due_stmt, per_page=10)
    due_total = db.session.scalar(select(func.coalesce(func.sum(Obligation.amount - Obligation.paid_total), 0))
                                  .where(due_stmt.whereclause)) or ZERO
    contracts = db.session.scalar(select(func.count()).select_from(
        scope.visible_contracts(user(), select(Contract.id)).subquery())) or 0
    last_run = db.session.scalar(select(CheckRun).order_by(CheckRun.id.desc()).limit(1))
    chart = {
        "overdue": {"labels": [r["agency"] for r in by_agency[:12]],
                    "amounts": [float(r["amount"]) for r in by_agency[:12]],
                    "counts": [r["count"] for r in by_agency[:12]]},
        "findings": {"labels": [s["label"] for s in states], "counts": [s["count"] for s in states]},
    }
    return render_template(
        "ui/dashboard/home.html", by_agency=by_agency, states=states, due_page=due_page,
        due_total=Decimal(due_total).quantize(Decimal("0.01")), contracts=contracts, today=today,
        overdue_total=sum((r["amount"] for r in by_agency), ZERO), overdue_count=sum(r["count"] for r in by_agency),
        open_findings=sum(s["count"] for s in states), records=records_in_publicity(), chart=chart,
        last_run=last_run, due_days=DUE_SOON_DAYS)
