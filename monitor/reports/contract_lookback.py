"""Contract look-back (项目责任回溯): every stage of one contract with who was responsible then.

The timeline runs from signing through award, each performance event, each due date and payment,
each breach, rectification and resolution, to dishonesty records; every entry names the officials
who held each responsibility role on its date (obligation-specific holders first), and the audited
actions taken on it. Handovers (交接) appear with their reasons: a change of post never wipes the
history ("不得以政府换届、相关责任人更替等理由毁约"). As at a day before the signing the report says
the contract was not yet signed (``not_yet_signed``, ``note``) and holds nothing else.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from contracts.audit.models import AuditEvent
from contracts.core.enums import LABELS_ZH, Debtor
from contracts.core.errors import chinese_half, msg
from contracts.core.types import money
from contracts.obligations.models import ContractEvent, Obligation
from contracts.registry.models import Contract, ContractParty
from monitor.checker.history import states_of
from monitor.checker.models import Finding, FindingState
from monitor.reports import actions as actions_mod
from monitor.reports import matter, sources
from monitor.reports.as_at import AsAt
from monitor.reports.holders import ContractHolders, official_brief
from monitor.reports.outcomes import BREACH_OUTCOMES

STAGE_ORDER = ["signing", "award_notice", "assignment", "handover", "delivery", "acceptance", "invoice",
               "completion", "settlement", "warranty_end", "operation_start", "production_start", "payment",
               "fulfilled", "due", "breach", "finding", "rectification", "resolution", "complaint", "record"]
STAGE_LABELS = {**{k: matter.EVENT_LABELS[k] for k in STAGE_ORDER if k in matter.EVENT_LABELS},
                "assignment": "指定责任人", "handover": "责任交接",
                "payment": "付款", "fulfilled": "履行承诺", "due": "履约到期", "breach": "逾期违约",
                "finding": "违约发现", "rectification": "限期整改", "resolution": "办结",
                "complaint": "企业投诉", "record": "失信记录"}
BREACH_STATES = FindingState.ALL - {FindingState.warning}


def _entry(on: date, stage: str, what: dict[str, Any], holders: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    """A timeline entry: its matter's parts (``matter``) and their Chinese sentence (``title``)."""
    return {"date": on, "stage": stage, "stage_label": STAGE_LABELS.get(stage, stage), "title": matter.chinese(what),
            "matter": what, "responsible": holders, "actions": [], "findings": [], "obligation_id": None,
            "finding_id": None, "amount": None, "outcome": None, "days_late": None, "details": "", **extra}


def _finding_brief(f: Finding, state: str, at: AsAt) -> dict[str, Any]:
    """A finding as it stood at the end of ``at.day`` (in ``state``)."""
    return {"finding_id": f.id, "rule_id": f.rule_id, "state": state,
            "state_label": actions_mod.STATE_LABELS.get(state, state), "due_date": f.due_date,
            "days_overdue": at.finding_days(f), "summary": f.summary, "citation": f.citation,
            "responsible_on_due_date": f.responsible_on_due_date or []}


def build(session: Session, contract: Contract, *, as_of: date | None = None) -> dict[str, Any]:
    """The look-back of ``contract`` as known at the end of ``as_of`` (default today)."""
    events = session.scalars(select(ContractEvent).where(ContractEvent.contract_id == contract.id)
                             .order_by(ContractEvent.occurred_on, ContractEvent.id)).all()
    raw = {ev.id: ev for ev in session.scalars(select(AuditEvent).where(AuditEvent.contract_id == contract.id))}
    at = AsAt.make(as_of, events, raw.values(), states_of(session, [contract.id]))
    if not at.knows(contract.signed_on):
        return _not_yet_signed(session, contract, at)
    as_of = at.day
    obligations = session.scalars(select(Obligation).options(selectinload(Obligation.payments))
                                  .where(Obligation.contract_id == contract.id,
                                         Obligation.debtor == Debtor.government)
                                  .order_by(Obligation.id)).all()
    findings = session.scalars(select(Finding).where(Finding.contract_id == contract.id,
                                                     Finding.state.in_(BREACH_STATES))
                               .order_by(Finding.id)).all()
    audit = actions_mod.for_contract(session, contract.id)
    holders = ContractHolders.load(session, contract.id, at.until)
    audit = [a for a in audit if at.knows(a["on"])]  # what people had done by the end of the day
    # the findings the checker had found by then, in the state they stood in
    found = [(f, state) for f in findings if (state := at.finding_state(f)) in BREACH_STATES]
    audit_by_subject: dict[tuple[str, int | None], list[dict[str, Any]]] = {}
    for a in audit:
        audit_by_subject.setdefault((a["entity"], a["entity_id"]), []).append(a)

    def acts(entity: str, entity_id: int | None) -> list[dict[str, Any]]:
        return [{"on": a["on"], "actor": a["actor"], "official_name": a["official_name"], "action": a["action"],
                 "summary": a["summary"], "change": a["change"]}
                for a in audit_by_subject.get((entity, entity_id), [])]

    timeline: list[dict[str, Any]] = []
    for ev in events:
        if not at.knows(ev.occurred_on):
            continue  # it had not happened yet
        if ev.type == "signing":
            e = _entry(ev.occurred_on, "signing", {"what": "signing", "code": contract.code},
                       holders.holders(ev.occurred_on), amount=contract.amount)
            e["actions"] = acts("contract", contract.id)
        else:
            e = _entry(ev.occurred_on, ev.type, {"what": "event", "event_type": ev.type},
                       holders.holders(ev.occurred_on), details=ev.evidence)
            e["actions"] = acts("event", ev.id)
        timeline.append(e)

    for r in holders.rows:
        prev = holders.predecessor(r)
        held = {"role": r.role, "obligation_id": r.obligation_id, "stage": r.stage}
        if prev is None:
            e = _entry(r.start, "assignment", {"what": "assignment", **held, "official": r.official.name},
                       holders.holders(r.start), details=r.handover_reason)
        else:
            e = _entry(r.start, "handover", {"what": "handover", **held, "from_official": prev.official.name,
                                             "to_official": r.official.name},
                       holders.holders(r.start), details=r.handover_reason)
            e["handover"] = {"role": r.role, "from": official_brief(prev.official),
                             "to": official_brief(r.official), "reason": r.handover_reason}
        # The audited handover event sits on the tenure it ended; show it on the handover, not the old tenure.
        e["actions"] = [a for a in acts("responsibility", r.id) if a["action"] != "handover"]
        if prev is not None:
            e["actions"] += [a for a in acts("responsibility", prev.id) if a["action"] == "handover"]
        timeline.append(e)

    by_obligation_breach: dict[tuple[int, date], dict[str, Any]] = {}
    overdue_outstanding = Decimal("0.00")
    for ob in obligations:
        state, due = at.outcome(ob), at.due_date(ob)
        owed_what = {"description": ob.description or "", "obligation_kind": ob.kind}
        for p in ob.payments:
            if p.paid_on <= as_of:
                e = _entry(p.paid_on, "payment", {"what": "payment", **owed_what, "amount": p.amount},
                           holders.holders(p.paid_on, ob.id), obligation_id=ob.id, amount=p.amount, details=p.voucher)
                e["actions"] = acts("payment", p.id)
                timeline.append(e)
        if ob.fulfilled_on is not None and ob.fulfilled_on <= as_of and not ob.payments:
            timeline.append(_entry(ob.fulfilled_on, "fulfilled", {"what": "fulfilled", **owed_what},
                                   holders.holders(ob.fulfilled_on, ob.id), obligation_id=ob.id))
        if due is None or state["outcome"] == "cancelled":
            continue
        stage = "breach" if state["outcome"] in BREACH_OUTCOMES else "due"
        what = {"what": "outcome", **owed_what, "outcome": state["outcome"], "days_late": state["days_late"]}
        e = _entry(due, stage, what, holders.holders(due, ob.id), obligation_id=ob.id,
                   amount=ob.amount, outcome=state["outcome"], days_late=state["days_late"],
                   details=at.value("obligation", ob.id, "delay_reason", ob.delay_reason) or "")
        e["obligation"] = at.brief(ob) | {"outstanding": state["outstanding"]}
        e["actions"] = acts("obligation", ob.id)
        timeline.append(e)
        if stage == "breach":
            by_obligation_breach[(ob.id, due)] = e
            if state["outcome"] == "overdue" and state["outstanding"]:
                overdue_outstanding += state["outstanding"]

    owed = {ob.id: ob for ob in obligations}
    for f, f_state in found:
        brief = _finding_brief(f, f_state, at)
        host = by_obligation_breach.get((f.obligation_id, f.due_date)) if f.obligation_id and f.due_date else None
        if host is not None:
            host["findings"].append(brief)
            host["actions"].extend(acts("finding", f.id))
        else:
            # a clause without a deadline (a cap, a term) was agreed at signing: dated and named
            # there, as the checker names it
            on = f.due_date or contract.signed_on
            ob = owed.get(f.obligation_id) if f.obligation_id else None
            amount = f.outstanding if at.present or ob is None or f.outstanding is None \
                else at.outcome(ob)["outstanding"]  # what was unpaid at the end of the day
            e = _entry(on, "finding", {"what": "finding", "summary": f.summary or f.rule_id},
                       holders.holders(on, f.obligation_id),
                       obligation_id=f.obligation_id, finding_id=f.id, amount=amount,
                       days_late=brief["days_overdue"], details=f.citation)
            e["findings"].append(brief)
            e["actions"] = acts("finding", f.id)
            timeline.append(e)
        timeline.extend(_finding_steps(f, at, holders))

    for item in sources.contract_items(session, contract.id, at.until):
        on = item["date"]
        timeline.append(_entry(on, item["stage"], item["matter"], holders.holders(on, item.get("obligation_id")),
                               obligation_id=item.get("obligation_id"), details=item.get("details", ""),
                               record=item.get("record")))

    order = {s: i for i, s in enumerate(STAGE_ORDER)}
    timeline.sort(key=lambda e: (e["date"], order.get(e["stage"], 99)))

    handovers = [{"on": h.on, "role": h.after.role, "role_label": LABELS_ZH.get(h.after.role, h.after.role),
                  "obligation_id": h.after.obligation_id, "stage": h.after.stage,
                  "from": official_brief(h.before.official), "to": official_brief(h.after.official),
                  "reason": h.reason,
                  "recorded_by": next((a["actor"] for a in audit if a["entity"] == "responsibility"
                                       and a["entity_id"] == h.before.id and a["action"] == "handover"), None)}
                 for h in holders.handovers()]
    responsibilities = [{"responsibility_id": r.id, "role": r.role, "role_label": LABELS_ZH.get(r.role, r.role),
                         "obligation_id": r.obligation_id, "stage": r.stage, "start": r.start, "end": r.end,
                         "reason": r.handover_reason, **(official_brief(r.official) or {})}
                        for r in sorted(holders.rows, key=lambda r: (r.start, r.role, r.id))]
    breaches = [e for e in timeline if e["stage"] == "breach"]
    return {
        "report": "contract_lookback",
        "as_of": as_of,
        "not_yet_signed": False,
        "note": "",
        "contract": _contract_brief(session, contract, at.value("contract", contract.id, "status", contract.status)),
        "responsibilities": responsibilities,
        "handovers": handovers,
        "timeline": timeline,
        "actions": audit,
        "summary": {"obligations": sum(1 for ob in obligations if at.status(ob) != "cancelled"),
                    "breaches": len(breaches),
                    "overdue_outstanding": money(overdue_outstanding),
                    "findings": len(found),
                    "handovers": len(handovers)},
    }


def _not_yet_signed(session: Session, contract: Contract, at: AsAt) -> dict[str, Any]:
    """The look-back as at a day before ``contract`` was signed: a note, and nothing to answer for.

    Before its signing there was no contract to perform: no obligation was owed, no role on it was
    held, nothing done on it is counted (an award notice or a lead named beforehand included)."""
    day, signed = at.day.isoformat(), contract.signed_on.isoformat()
    return {
        "report": "contract_lookback",
        "as_of": at.day,
        "not_yet_signed": True,
        "note": msg(f"截至 {day} 合同尚未签订（签订日期 {signed}），无可回溯的履约事项",
                    f"As at {day} the contract was not yet signed (signed on {signed}): there is nothing to look back on"),
        "contract": _contract_brief(session, contract, at.value("contract", contract.id, "status", contract.status)),
        "responsibilities": [], "handovers": [], "timeline": [], "actions": [],
        "summary": {"obligations": 0, "breaches": 0, "overdue_outstanding": money(Decimal(0)), "findings": 0,
                    "handovers": 0},
    }


def _finding_steps(f: Finding, at: AsAt, holders: ContractHolders) -> list[dict[str, Any]]:
    """Rectification orders and resolutions of a finding by the end of ``at.day``, the checker's
    own included, each dated and with the holders then."""
    steps: list[dict[str, Any]] = []
    for on, state, note in at.finding_steps(f):
        if state == FindingState.rectifying:
            e = _entry(on, "rectification",
                       {"what": "rectification", "finding_id": f.id, "deadline": f.rectify_deadline,
                        "note": note},
                       holders.holders(on, f.obligation_id), obligation_id=f.obligation_id, finding_id=f.id,
                       details=note)
            e["rectify_deadline"] = f.rectify_deadline
        elif state in FindingState.SETTLED:
            e = _entry(on, "resolution", {"what": "resolution", "finding_id": f.id, "state": state, "note": note},
                       holders.holders(on, f.obligation_id),
                       obligation_id=f.obligation_id, finding_id=f.id,
                       details=chinese_half(note))  # the checker's are bilingual
            if f.cured_on:
                e["cured_on"] = f.cured_on
        else:
            continue
        steps.append(e)
    return steps


def _contract_brief(session: Session, contract: Contract, status: str) -> dict[str, Any]:
    parties = session.scalars(select(ContractParty).where(ContractParty.contract_id == contract.id)
                              .order_by(ContractParty.id)).all()
    return {"id": contract.id, "code": contract.code, "title": contract.title, "kind": contract.kind,
            "kind_label": LABELS_ZH.get(contract.kind, contract.kind), "agency_id": contract.agency_id,
            "agency_name": contract.agency.name, "region_code": contract.agency.region_code,
            "amount": contract.amount, "signed_on": contract.signed_on, "status": status,
            "parties": [{"enterprise_id": p.enterprise_id, "name": p.enterprise.name, "uscc": p.enterprise.uscc,
                         "is_sme": p.enterprise.is_sme, "role": p.role} for p in parties]}
