"""Official look-back (责任人履职回溯): what happened under one official's watch.

For each tenure (任期) the official held on a contract: the obligations that fell due while they
held the role (and so were theirs), the breaches among them, the overdue obligations they
inherited from a predecessor (due before they took over, still unmet then), and those they left
to a successor (due after they handed over, unmet when they left), each naming who held the role
on the due date. Handovers show from whom they received a role and to whom they passed it, with
the reasons.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from contracts.core.enums import LABELS_ZH, Debtor, ObligationStatus
from contracts.core.types import money
from contracts.obligations.models import Obligation
from contracts.organisations.models import Official
from contracts.registry.models import Contract
from contracts.responsibility.models import Responsibility
from monitor.checker.models import Finding
from monitor.reports import actions as actions_mod
from monitor.reports.as_at import AsAt
from monitor.reports.contract_lookback import BREACH_STATES
from monitor.reports.holders import ContractHolders, Tenure, official_brief
from monitor.reports.outcomes import BREACH_OUTCOMES

CATEGORY_LABELS = {"during": "任内到期", "inherited": "承接前任", "left": "移交后任", "awaiting": "待触发"}


def _fulfilled_before(ob: Obligation, on: date) -> bool:
    return ob.fulfilled_on is not None and ob.fulfilled_on < on


def build(session: Session, official: Official, *, as_of: date | None = None,
          agency_id: int | None = None) -> dict[str, Any]:
    """The look-back of ``official`` at the end of ``as_of``; ``agency_id`` limits it to that agency's contracts."""
    at = AsAt.make(as_of)
    as_of = at.day
    own = select(Responsibility.contract_id).join(Contract, Contract.id == Responsibility.contract_id).where(
        Responsibility.official_id == official.id)
    if at.until is not None:  # a contract not yet signed then contributes nothing
        own = own.where(Responsibility.start <= at.until, Contract.signed_on <= at.until)
    if agency_id is not None:
        own = own.where(Contract.agency_id == agency_id)
    contract_ids = sorted(set(session.scalars(own)))
    contracts = {c.id: c for c in session.scalars(select(Contract).options(joinedload(Contract.agency))
                                                   .where(Contract.id.in_(contract_ids or [-1])))}
    all_rows = session.scalars(select(Responsibility).options(joinedload(Responsibility.official)
                                                              .joinedload(Official.agency))
                               .where(Responsibility.contract_id.in_(contract_ids or [-1]))).all()
    rows_by_contract: dict[int, list[Responsibility]] = defaultdict(list)
    for r in all_rows:
        rows_by_contract[r.contract_id].append(r)
    # each contract's history as known at the end of the day: no tenure begun later, none ended later
    histories = {cid: ContractHolders(rows, at.until) for cid, rows in rows_by_contract.items()}
    tenures = sorted((t for h in histories.values() for t in h.rows if t.official_id == official.id),
                     key=lambda t: (t.start, t.id))
    at = AsAt.load(session, as_of, contract_ids)  # with the events and changes of these contracts
    obligations: dict[int, list[Obligation]] = defaultdict(list)
    for ob in session.scalars(select(Obligation).options(selectinload(Obligation.payments))
                              .where(Obligation.contract_id.in_(contract_ids or [-1]),
                                     Obligation.debtor == Debtor.government)
                              .order_by(Obligation.due_date, Obligation.id)):
        if at.status(ob) != ObligationStatus.cancelled:  # one cancelled later was still owed
            obligations[ob.contract_id].append(ob)
    # the findings the checker had found by the end of the day, with the state they stood in then
    findings: dict[int, list[tuple[Finding, str]]] = defaultdict(list)
    for f in session.scalars(select(Finding).where(Finding.contract_id.in_(contract_ids or [-1]),
                                                   Finding.state.in_(BREACH_STATES)).order_by(Finding.id)):
        if (state := at.finding_state(f)) in BREACH_STATES:
            findings[f.contract_id].append((f, state))

    items: dict[tuple[int, str], dict[str, Any]] = {}
    tenure_rows: list[dict[str, Any]] = []
    contract_findings: dict[int, dict[str, Any]] = {}  # by finding
    for t in tenures:
        history = histories[t.contract_id]
        contract = contracts[t.contract_id]
        prev, nxt = history.predecessor(t), history.successor(t)
        tenure_rows.append({
            "responsibility_id": t.id, "contract_id": contract.id, "contract_code": contract.code,
            "contract_title": contract.title, "agency_name": contract.agency.name, "role": t.role,
            "role_label": LABELS_ZH.get(t.role, t.role), "obligation_id": t.obligation_id, "stage": t.stage,
            "start": t.start, "end": t.end,
            "received_from": official_brief(prev.official) if prev else None,
            "received_reason": t.handover_reason if prev else "",
            "assigned_reason": "" if prev else t.handover_reason,
            "handed_to": official_brief(nxt.official) if nxt else None,
            "handed_on": nxt.start if nxt else None,
            "handed_reason": nxt.handover_reason if nxt else "",
        })
        last_day = (t.end - timedelta(days=1)) if t.end else None
        scope = [ob for ob in obligations[t.contract_id] if t.obligation_id in (None, ob.id)]
        for ob in scope:
            category = _category(ob, t, history, official.id, last_day, at)
            if category is None:
                continue
            key = (ob.id, category)
            if key in items:
                items[key]["roles"].append(t.role)
                continue
            state = at.outcome(ob)
            on = at.due_date(ob)
            at_due = [h for h in history.holders(on, ob.id) if h["role"] == t.role] if on else []
            items[key] = {"category": category, "category_label": CATEGORY_LABELS[category],
                          "contract_code": contract.code, "contract_title": contract.title, "roles": [t.role],
                          **at.brief(ob), **state,
                          "responsible_at_due": at_due,
                          "findings": [{"finding_id": f.id, "rule_id": f.rule_id, "state": f_state,
                                        "summary": f.summary} for f, f_state in findings[t.contract_id]
                                       if f.obligation_id == ob.id]}
        for f, f_state in findings[t.contract_id]:
            on = f.due_date or contract.signed_on  # a clause without a deadline: agreed at signing
            if f.obligation_id is None and t.obligation_id is None and t.start <= on and (t.end is None or on < t.end):
                if f.id in contract_findings:  # one breach, whatever the number of roles held
                    contract_findings[f.id]["roles"].append(t.role)
                    continue
                contract_findings[f.id] = {"finding_id": f.id, "contract_id": contract.id,
                                           "contract_code": contract.code, "rule_id": f.rule_id, "state": f_state,
                                           "due_date": f.due_date, "first_found_on": f.first_found_on,
                                           "summary": f.summary, "role": t.role, "roles": [t.role]}

    def of(category: str) -> list[dict[str, Any]]:
        rows = [v for (_, c), v in items.items() if c == category]
        return sorted(rows, key=lambda v: (v["due_date"] or date.max, v["obligation_id"]))

    during = of("during")
    breaches = [v for v in during if v["outcome"] in BREACH_OUTCOMES]
    inherited, left = of("inherited"), of("left")
    actions = [a for a in actions_mod.by_official(session, official.id,
                                                  set(contract_ids) if agency_id is not None else None)
               if at.knows(a["on"])]  # what they had done by the end of the day
    return {
        "report": "official_lookback",
        "as_of": as_of,
        "official": official_brief(official),
        "tenures": tenure_rows,
        "obligations": during,
        "breaches": breaches,
        "contract_findings": list(contract_findings.values()),
        "inherited": inherited,
        "left": left,
        "awaiting": of("awaiting"),
        "actions": actions,
        "summary": {
            "contracts": len(contract_ids), "tenures": len(tenure_rows), "obligations_due": len(during),
            "on_time": sum(1 for v in during if v["outcome"] == "on_time"),
            "breaches": len(breaches) + len(contract_findings),
            "overdue_outstanding": money(sum((v["outstanding"] or Decimal(0) for v in breaches
                                              if v["outcome"] == "overdue"), Decimal(0))),
            "inherited": len(inherited), "left": len(left),
            "handovers_received": sum(1 for t in tenure_rows if t["received_from"]),
            "handovers_given": sum(1 for t in tenure_rows if t["handed_to"]),
        },
    }


def _category(ob: Obligation, t: Tenure, history: ContractHolders, official_id: int,
              last_day: date | None, at: AsAt) -> str | None:
    """Where ``ob`` stands relative to tenure ``t`` at the end of ``at.day``: during, inherited, left,
    awaiting, or None."""
    as_of, due, status = at.day, at.due_date(ob), at.status(ob)
    in_tenure = due is not None and t.start <= due and (t.end is None or due < t.end)
    if due is None or (in_tenure and due >= as_of and status == "open"):
        # no due date yet, or not fallen due yet: awaited in a current tenure, not counted as due
        current = t.end is None or t.end > as_of
        return "awaiting" if current and status == "open" and history.holds(
            official_id, min(as_of, last_day or as_of), ob.id, t.role) else None
    if in_tenure:
        return "during" if history.holds(official_id, due, ob.id, t.role) else None
    if due < t.start:
        took_over = history.holds(official_id, t.start, ob.id, t.role)
        return "inherited" if took_over and not _fulfilled_before(ob, t.start) and t.start <= as_of else None
    if last_day is not None and due >= t.end:  # type: ignore[operator]
        was_holder = history.holds(official_id, last_day, ob.id, t.role)
        return "left" if was_holder and not _fulfilled_before(ob, t.end) else None  # type: ignore[arg-type]
    return None
