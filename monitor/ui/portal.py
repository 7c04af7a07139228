"""The enterprise portal: an enterprise sees its own contracts and what it is owed (企业门户).

Everything is read through ``contracts.access.scope``: a contract the enterprise is not party to
is a 404, exactly as in the API.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from flask import Blueprint, render_template
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from contracts.access import scope
from contracts.core import clock
from contracts.core.db import db
from contracts.core.enums import Debtor, ObligationStatus
from contracts.obligations.models import Obligation
from contracts.organisations.models import Enterprise
from contracts.registry.models import Contract, ContractParty
from monitor.auth.current import user
from monitor.checker.models import Finding, FindingState
from monitor.ui.common import paginate, portal_page
from monitor.ui.contracts import days_overdue

bp = Blueprint("portal", __name__, url_prefix="/portal")


@dataclass
class Owed:
    """One government obligation as the enterprise sees it."""

    obligation: Obligation
    days_overdue: int
    interest: Decimal | None  # the checker's estimate on its latest finding for this obligation, unless dismissed


def owed_rows(contracts: list[Contract], today: date) -> dict[int, list[Owed]]:
    """The government's obligations on each contract, with days overdue and the interest estimate."""
    ids = [c.id for c in contracts]
    if not ids:
        return {}
    obs = list(db.session.scalars(select(Obligation).where(Obligation.contract_id.in_(ids),
                                                           Obligation.debtor == Debtor.government,
                                                           Obligation.status != ObligationStatus.cancelled)
                                  .order_by(Obligation.due_date.is_(None), Obligation.due_date, Obligation.id)))
    interest: dict[int, Decimal | None] = {}
    for ob_id, value in db.session.execute(
            select(Finding.obligation_id, Finding.interest)
            .where(Finding.obligation_id.in_([o.id for o in obs]), Finding.interest.is_not(None),
                   Finding.state != FindingState.dismissed)  # found to be no breach: no interest owed
            .order_by(Finding.last_checked_on, Finding.id)):
        interest[ob_id] = value
    out: dict[int, list[Owed]] = {i: [] for i in ids}
    for ob in obs:
        out[ob.contract_id].append(Owed(ob, days_overdue(ob, today), interest.get(ob.id)))
    return out


@bp.get("/")
@portal_page
def home():  # type: ignore[no-untyped-def]
    today = clock.today()
    u = user()
    enterprise = db.session.get(Enterprise, u.enterprise_id)
    stmt = scope.visible_contracts(u, select(Contract).options(
        selectinload(Contract.agency), selectinload(Contract.parties).selectinload(ContractParty.enterprise)))
    page = paginate(db.session, stmt.order_by(Contract.signed_on.desc(), Contract.id.desc()), per_page=10)
    owed = owed_rows(page.items, today)
    overdue_total = sum((o.obligation.outstanding or Decimal(0) for rows in owed.values() for o in rows
                         if o.days_overdue), Decimal("0.00"))
    return render_template("ui/portal/home.html", enterprise=enterprise, page=page, owed=owed, today=today,
                           overdue_total=overdue_total)


@bp.get("/contracts/<int:contract_id>")
@portal_page
def contract(contract_id: int):  # type: ignore[no-untyped-def]
    c = scope.get_contract(db.session, user(), contract_id)
    today = clock.today()
    return render_template("ui/portal/contract.html", contract=c, owed=owed_rows([c], today)[c.id], today=today)
