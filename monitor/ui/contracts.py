"""Workbench pages for the contract registry: search, detail, and the forms that change it (合同台账).

Every change goes through the registry services; their field messages are shown beside the fields
and what the user typed is kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import selectinload

from contracts.access import scope
from contracts.access.permissions import Permission
from contracts.core import clock, schemas
from contracts.core.db import db
from contracts.core.enums import (
    MONETARY_KINDS,
    ContractKind,
    ContractStatus,
    Debtor,
    DueUnit,
    EventType,
    ObligationKind,
    ObligationStatus,
    PartyRole,
    PppStage,
    ResponsibilityRole,
    Role,
)
from contracts.core.errors import DomainError, NotFound
from contracts.obligations import services as obligations
from contracts.obligations.models import ContractEvent, Obligation, Payment
from contracts.organisations.models import Agency, Enterprise, Official
from contracts.registry import services as registry
from contracts.registry.models import Contract, ContractParty
from contracts.registry.schemas import PPP_MODES, PPP_PAYMENT_MECHANISMS, PROCUREMENT_METHODS
from contracts.responsibility import services as responsibility
from monitor.auth.current import user
from monitor.ui.common import (
    Field,
    FormState,
    choice,
    db_id,
    form_values,
    is_form_error,
    localise,
    paginate,
    parse_form,
    parse_value,
    save,
    staff_page,
)
from monitor.ui.labels import choices, label

bp = Blueprint("contracts_ui", __name__, url_prefix="/staff/contracts")


# ---- choices --------------------------------------------------------------------------------
def agency_choices() -> list[tuple[str, str]]:
    """Agencies the user may register contracts for (agency staff: their own)."""
    u = user()
    stmt = select(Agency.id, Agency.name).order_by(Agency.name)
    if u is not None and u.role == Role.agency_staff:
        stmt = stmt.where(Agency.id == u.agency_id)
    return [(str(i), n) for i, n in db.session.execute(stmt)]


def enterprise_choices() -> list[tuple[str, str]]:
    rows = db.session.execute(select(Enterprise.id, Enterprise.name, Enterprise.uscc).order_by(Enterprise.name))
    return [(str(i), f"{n}（{c}）") for i, n, c in rows]


def official_choices(agency_id: int | None = None) -> list[tuple[str, str]]:
    stmt = select(Official.id, Official.name, Official.post, Agency.name).join(Agency).where(Official.active)
    rows = db.session.execute(stmt.order_by(Agency.id != (agency_id or 0), Agency.name, Official.name))
    return [(str(i), f"{n} · {p} · {a}" if p else f"{n} · {a}") for i, n, p, a in rows]


# ---- forms ----------------------------------------------------------------------------------
P_, B_, PPP_, I_ = "procurement", "bidding", "ppp", "investment"

CONTRACT_FIELDS = [
    Field("kind", _l("Contract kind"), "select", True, lambda: choices(ContractKind)),
    Field("code", _l("Contract code"), required=True),
    Field("title", _l("Title"), required=True),
    Field("agency_id", _l("Government party (agency)"), "select", True, agency_choices),
    Field("amount", _l("Contract amount (yuan)"), "money", True, help=_l("For example 1,200,000.00")),
    Field("signed_on", _l("Signed on"), "date", True),
    Field("enterprise_id", _l("Counterparty enterprise"), "select", True, enterprise_choices),
    Field("party_role", _l("Counterparty role"), "select", True, lambda: choices(PartyRole)),
    Field("status", _l("Status"), "select", False, lambda: choices(ContractStatus)),
    Field("late_interest_daily_rate", _l("Agreed late interest per day"), "rate",
          help=_l("As a fraction, e.g. 0.0005 for 0.05% a day; empty: the statutory rate")),
    Field("acceptance_period_days", _l("Agreed acceptance period (days)"), "int"),
    Field("procurement_method", _l("Procurement method"), "select",
          choices=lambda: [(m, label(m, "complaint") if m == "other" else label(m)) for m in PROCUREMENT_METHODS],
          group=P_),
    Field("budget_amount", _l("Budget amount"), "money", group=P_),
    Field("award_notice_on", _l("Award notice date"), "date", group=f"{P_} {B_}"),
    Field("published_on", _l("Contract published on"), "date", group=P_),
    Field("filed_on", _l("Contract filed on"), "date", group=P_),
    Field("estimated_price", _l("Estimated price"), "money", group=B_),
    Field("bid_deposit", _l("Bid deposit"), "money", group=B_),
    Field("performance_bond", _l("Performance bond"), "money", group=B_),
    Field("retention_amount", _l("Retention money"), "money", group=B_),
    Field("defects_period_months", _l("Defects liability period (months)"), "int", group=B_),
    Field("ppp_mode", _l("Operation mode (BOT, TOT, ROT…)"), "select", choices=lambda: [(m, m) for m in PPP_MODES],
          group=PPP_),
    Field("cooperation_years", _l("Cooperation period (years)"), "int", group=PPP_),
    Field("ppp_stage", _l("Current stage"), "select",
          choices=lambda: [(str(s), label(s, "ppp_stage")) for s in PppStage], group=PPP_),
    Field("ppp_launched_on", _l("Project launched on"), "date", group=PPP_),
    Field("ppp_payment_mechanism", _l("Payment mechanism"), "select",
          choices=lambda: choices(PPP_PAYMENT_MECHANISMS), group=PPP_),
    Field("investment_project", _l("Investment project"), group=I_),
    Field("promised_policies", _l("Promised policies"), "textarea", group=I_),
]
COMMON = {"kind", "code", "title", "agency_id", "amount", "signed_on", "enterprise_id", "party_role"}
# Each kind's own fieldset; a field shared by several kinds (award notice date) sits with the common ones.
KIND_GROUPS = [(k, [f for f in CONTRACT_FIELDS if f.group == k]) for k in ContractKind]

OBLIGATION_FIELDS = [
    Field("kind", _l("Obligation"), "select", True, lambda: choices(ObligationKind)),
    Field("debtor", _l("Who owes it"), "select", True, lambda: choices(Debtor)),
    Field("amount", _l("Amount (yuan)"), "money"),
    Field("percent", _l("Or percent of the contract amount"), "percent"),
    Field("due_date", _l("Due by"), "date"),
    Field("due_event", _l("After the event"), "select", choices=lambda: choices(EventType)),
    Field("due_offset", _l("Within"), "int"),
    Field("due_unit", _l("Unit"), "select", choices=lambda: choices(DueUnit)),
    Field("description", _l("Description"), "textarea"),
    Field("delay_reason", _l("Reason for a delay"), help=_l("As the agency explains it")),
]
EVENT_FIELDS = [
    Field("type", _l("Event"), "select", True, lambda: choices(EventType)),
    Field("occurred_on", _l("Date"), "date", True),
    Field("evidence", _l("Evidence"), help=_l("e.g. the acceptance certificate number")),
]
CORRECT_FIELDS = [Field("occurred_on", _l("Correct date"), "date", True),
                  Field("reason", _l("Reason for the correction"), required=True)]
PAYMENT_FIELDS = [
    Field("amount", _l("Amount paid (yuan)"), "money", True),
    Field("paid_on", _l("Paid on"), "date", True),
    Field("voucher", _l("Voucher number")),
]
ASSIGN_FIELDS = [
    Field("role", _l("Role"), "select", True, lambda: choices(ResponsibilityRole)),
    Field("official_id", _l("Official"), "select", True, official_choices),
    Field("start", _l("From"), "date", True),
]
HANDOVER_FIELDS = [
    Field("role", _l("Role"), "select", True, lambda: choices(ResponsibilityRole)),
    Field("to_official_id", _l("Hand over to"), "select", True, official_choices),
    Field("on", _l("Handover date"), "date", True),
    Field("reason", _l("Reason"), required=True, help=_l("e.g. change of post")),
]


# ---- list -----------------------------------------------------------------------------------
def overdue_clause(today: date):  # type: ignore[no-untyped-def]
    """Contracts with a government obligation still open after its due date."""
    return exists().where(Obligation.contract_id == Contract.id, Obligation.debtor == Debtor.government,
                          Obligation.status == ObligationStatus.open, Obligation.due_date < today)


@dataclass
class ContractRow:
    contract: Contract
    outstanding: Decimal
    overdue: int
    next_due: date | None


def contract_rows(contracts: list[Contract], today: date) -> list[ContractRow]:
    """Outstanding government money, overdue obligations and the next due date for each contract."""
    ids = [c.id for c in contracts]
    if not ids:
        return []
    open_gov = and_(Obligation.contract_id.in_(ids), Obligation.debtor == Debtor.government,
                    Obligation.status == ObligationStatus.open)
    stats = {cid: (out, od, nd) for cid, out, od, nd in db.session.execute(
        select(Obligation.contract_id,
               func.coalesce(func.sum(Obligation.amount - Obligation.paid_total), 0),
               func.count().filter(Obligation.due_date < today),
               func.min(Obligation.due_date).filter(Obligation.due_date >= today))
        .where(open_gov).group_by(Obligation.contract_id))}
    return [ContractRow(c, Decimal(stats.get(c.id, (0, 0, None))[0] or 0).quantize(Decimal("0.01")),
                        stats.get(c.id, (0, 0, None))[1], stats.get(c.id, (0, 0, None))[2]) for c in contracts]


@bp.get("/")
@staff_page(Permission.registry_read)
def index():  # type: ignore[no-untyped-def]
    args = request.args
    today = clock.today()
    stmt = scope.visible_contracts(user(), select(Contract).options(
        selectinload(Contract.parties).selectinload(ContractParty.enterprise), selectinload(Contract.agency)))
    q = args.get("q", "").strip()
    if q:
        stmt = stmt.where(or_(Contract.code.contains(q), Contract.title.contains(q)))
    if kind := choice("kind", ContractKind.__members__):
        stmt = stmt.where(Contract.kind == kind)
    if status := choice("status", ContractStatus.__members__):
        stmt = stmt.where(Contract.status == status)
    agency_id = db_id(args.get("agency_id", ""))
    if agency_id:
        stmt = stmt.where(Contract.agency_id == agency_id)
    ent = args.get("enterprise", "").strip()
    if ent:
        stmt = stmt.where(exists().where(ContractParty.contract_id == Contract.id,
                                         ContractParty.enterprise_id == Enterprise.id,
                                         or_(Enterprise.name.contains(ent), Enterprise.uscc == ent.upper())))
    if args.get("overdue"):
        stmt = stmt.where(overdue_clause(today))
    page = paginate(db.session, stmt.order_by(Contract.signed_on.desc(), Contract.id.desc()))
    rows = contract_rows(page.items, today)
    filtered = any(args.get(k) for k in ("q", "kind", "status", "agency_id", "enterprise", "overdue"))
    return render_template("ui/contracts/index.html", page=page, rows=rows, filtered=filtered,
                           kinds=choices(ContractKind), statuses=choices(ContractStatus),
                           agencies=agency_choices() if user().role != Role.agency_staff else [])


# ---- detail ---------------------------------------------------------------------------------
def _contract(contract_id: int, *, write: bool = False) -> Contract:
    return scope.get_contract(db.session, user(), contract_id, write=write)


def timeline(contract: Contract, obs: list[Obligation], events: list[ContractEvent],
             payments: list[Payment], history: list[Any], today: date) -> list[dict[str, Any]]:
    """Everything dated on the contract, oldest first: events, due dates, payments, handovers."""
    items: list[dict[str, Any]] = []
    for ev in events:
        items.append({"on": ev.occurred_on, "kind": "event", "text": label(ev.type), "note": ev.evidence})
    by_id = {o.id: o for o in obs}
    for p in payments:
        ob = by_id.get(p.obligation_id)
        items.append({"on": p.paid_on, "kind": "payment",
                      "text": _("Paid %(amount)s yuan", amount=f"{p.amount:,.2f}"),
                      "note": f"{label(ob.kind) if ob else ''} {ob.description if ob else ''}".strip()})
    for ob in obs:
        if ob.due_date is None or ob.status == ObligationStatus.cancelled:
            continue
        late = ob.status == ObligationStatus.open and ob.due_date < today
        items.append({"on": ob.due_date, "kind": "breach" if late else "due",
                      "text": _("%(what)s due", what=label(ob.kind)) + (" · " + _("overdue") if late else ""),
                      "note": ob.description})
    for r in history:
        if r.end is not None:
            items.append({"on": r.end, "kind": "handover",
                          "text": _("%(role)s handed over by %(name)s", role=label(r.role), name=r.official.name),
                          "note": ""})
    return sorted(items, key=lambda i: (i["on"], i["kind"] != "event"))


@bp.get("/<int:contract_id>")
@staff_page(Permission.registry_read)
def detail(contract_id: int):  # type: ignore[no-untyped-def]
    contract = _contract(contract_id)
    today = clock.today()
    obs = list(db.session.scalars(select(Obligation).where(Obligation.contract_id == contract.id)
                                  .order_by(Obligation.due_date.is_(None), Obligation.due_date, Obligation.id)))
    events = list(db.session.scalars(select(ContractEvent).where(ContractEvent.contract_id == contract.id)
                                     .order_by(ContractEvent.occurred_on)))
    payments = list(db.session.scalars(select(Payment).join(Obligation)
                                       .where(Obligation.contract_id == contract.id)
                                       .order_by(Payment.paid_on.desc(), Payment.id.desc())))
    history = responsibility.history_of_contract(db.session, contract.id)
    from contracts.documents import consistency
    from contracts.documents.models import Document

    documents = list(db.session.scalars(select(Document).where(Document.contract_id == contract.id)
                                        .order_by(Document.id.desc())))
    from monitor.checker.models import Finding

    findings = list(db.session.scalars(select(Finding).where(Finding.contract_id == contract.id)
                                       .order_by(Finding.due_date.desc())))
    event_types = {e.type for e in events}
    return render_template(
        "ui/contracts/detail.html", contract=contract, obligations=obs, events=events, payments=payments,
        history=history, documents=documents, findings=findings, today=today,
        mismatched={d.id for d in documents if consistency.differences(contract, d.extraction)},
        timeline=timeline(contract, obs, events, payments, history, today),
        missing_events=[(k, v) for k, v in choices(EventType) if k not in event_types],
        kind_fields=[f for f in CONTRACT_FIELDS if f.group and contract.kind in f.group.split()],
        writable=_writable(contract), MONETARY_KINDS=MONETARY_KINDS)


def _writable(contract: Contract) -> bool:
    try:
        scope.require_contract_write(user(), contract)
    except DomainError:
        return False
    return True


# ---- contract forms -------------------------------------------------------------------------
@bp.route("/new", methods=["GET", "POST"])
@staff_page(Permission.registry_write)
def create():  # type: ignore[no-untyped-def]
    state = FormState(fields=CONTRACT_FIELDS, extra_fields=("parties",))
    if request.method == "GET":
        agencies = agency_choices()
        state.values = {"party_role": "supplier", "agency_id": agencies[0][0] if len(agencies) == 1 else ""}
        return render_template("ui/contracts/form.html", state=state, groups=KIND_GROUPS, contract=None)
    kind = request.form.get("kind", "")
    data, state = parse_form(CONTRACT_FIELDS, request.form, state, groups={kind})
    data.pop("status", None)
    if state.ok:
        try:
            agency_id = int(data.pop("agency_id"))
            scope.require_contract_write(user(), agency_id=agency_id)
            parties = [{"enterprise_id": int(data.pop("enterprise_id")), "role": data.pop("party_role")}]
            contract = registry.create_contract(
                db.session, kind=data.pop("kind"), code=data.pop("code"), title=data.pop("title"),
                agency_id=agency_id, amount=data.pop("amount"), signed_on=data.pop("signed_on"),
                parties=parties, user_id=user().id, **data)
            db.commit()
            flash(_("Contract %(code)s registered. Next: add its obligations or upload the signed PDF.",
                    code=contract.code))
            return redirect(url_for(".detail", contract_id=contract.id))
        except DomainError as exc:
            if not is_form_error(exc):
                raise
            db.rollback()
            state.merge(exc.errors, {"parties": "enterprise_id"})
    return render_template("ui/contracts/form.html", state=state, groups=KIND_GROUPS, contract=None), 422


@bp.route("/<int:contract_id>/edit", methods=["GET", "POST"])
@staff_page(Permission.registry_write)
def edit(contract_id: int):  # type: ignore[no-untyped-def]
    contract = _contract(contract_id, write=True)
    fields = [f for f in CONTRACT_FIELDS if f.name not in {"kind", "agency_id"}
              and (f.group is None or contract.kind in f.group.split())]
    state = FormState(fields=fields, extra_fields=("parties",))
    groups = [(k, fs) for k, fs in KIND_GROUPS if k == contract.kind]
    party = contract.parties[0] if contract.parties else None
    if request.method == "GET":
        state.values = form_values(contract, fields)
        state.values.update(enterprise_id=str(party.enterprise_id) if party else "",
                            party_role=party.role if party else "")
        return render_template("ui/contracts/form.html", state=state, groups=groups, contract=contract)
    data, state = parse_form(fields, request.form, state, groups={contract.kind})
    if state.ok:
        changes: dict[str, Any] = {}
        for f in fields:
            if f.name in {"enterprise_id", "party_role"}:
                continue
            new = data.get(f.name)
            if new != getattr(contract, f.name):
                changes[f.name] = new
        new_party = (int(data["enterprise_id"]), data["party_role"])
        if party is None or new_party != (party.enterprise_id, party.role):
            changes["parties"] = [{"enterprise_id": new_party[0], "role": new_party[1]}] + [
                {"enterprise_id": p.enterprise_id, "role": p.role} for p in contract.parties[1:]]
        try:
            if changes:
                registry.update_contract(db.session, contract, changes)
                db.commit()
                flash(_("Contract %(code)s saved.", code=contract.code))
            else:
                flash(_("Nothing was changed."))
            return redirect(url_for(".detail", contract_id=contract.id))
        except DomainError as exc:
            if not is_form_error(exc):
                raise
            db.rollback()
            contract = _contract(contract_id, write=True)
            state.merge(exc.errors, {"parties": "enterprise_id"})
    return render_template("ui/contracts/form.html", state=state, groups=groups, contract=contract), 422


# ---- obligations ----------------------------------------------------------------------------
def _due_from(data: dict[str, Any], form: Any, state: FormState) -> dict[str, Any] | None:
    if form.get("due_mode") == "date":
        if "due_date" not in data:
            if "due_date" not in state.errors:
                state.add("due_date", schemas.REQUIRED)
            return None
        return {"date": data["due_date"].isoformat()}
    return {"event": data.get("due_event"), "offset": data.get("due_offset"), "unit": data.get("due_unit")}


def _obligation_page(contract: Contract, state: FormState, ob: Obligation | None, status: int = 200):
    return render_template("ui/contracts/obligation_form.html", contract=contract, state=state, ob=ob), status


@bp.route("/<int:contract_id>/obligations/new", methods=["GET", "POST"])
@staff_page(Permission.registry_write)
def add_obligation(contract_id: int):  # type: ignore[no-untyped-def]
    contract = _contract(contract_id, write=True)
    fields = [f for f in OBLIGATION_FIELDS if f.name != "delay_reason"]
    state = FormState(fields=fields, extra_fields=("due",))
    if request.method == "GET":
        state.values = {"debtor": "government", "kind": "payment", "due_mode": "event", "due_unit": "day"}
        return _obligation_page(contract, state, None)
    data, state = parse_form(fields, request.form, state)
    due = _due_from(data, request.form, state)
    if state.ok and due is not None and save(state, lambda: obligations.add_obligation(
            db.session, contract, kind=data["kind"], debtor=data["debtor"], due=due, amount=data.get("amount"),
            percent=data.get("percent"), description=data.get("description", ""), user_id=user().id)):
        flash(_("Obligation added."))
        return redirect(url_for(".detail", contract_id=contract.id, _anchor="obligations"))
    return _obligation_page(_contract(contract_id, write=True), state, None, 422)


def _obligation(contract: Contract, obligation_id: int) -> Obligation:
    ob = db.session.get(Obligation, obligation_id)
    if ob is None or ob.contract_id != contract.id:
        raise NotFound("obligation")
    return ob


@bp.route("/<int:contract_id>/obligations/<int:obligation_id>/edit", methods=["GET", "POST"])
@staff_page(Permission.registry_write)
def edit_obligation(contract_id: int, obligation_id: int):  # type: ignore[no-untyped-def]
    contract = _contract(contract_id, write=True)
    ob = _obligation(contract, obligation_id)
    fields = [f for f in OBLIGATION_FIELDS if f.name != "kind"]
    state = FormState(fields=fields, extra_fields=("due", "status"))
    if request.method == "GET":
        state.values = form_values(ob, fields)
        state.values.update(due_mode="date" if ob.due_on else "event",
                            due_date=ob.due_on.isoformat() if ob.due_on else "",
                            due_event=ob.due_event or "", due_offset="" if ob.due_offset is None else str(ob.due_offset),
                            due_unit=ob.due_unit or "")
        if ob.percent is not None:
            state.values["amount"] = ""
        return _obligation_page(contract, state, ob)
    data, state = parse_form(fields, request.form, state)
    due = _due_from(data, request.form, state)
    if state.ok and due is not None:
        changes: dict[str, Any] = {"due": due, "debtor": data["debtor"],
                                   "description": data.get("description", ""),
                                   "delay_reason": data.get("delay_reason") or None}
        if data.get("percent") is not None:
            changes["percent"] = data["percent"]
        else:
            changes["percent"] = None
            changes["amount"] = data.get("amount")
        if save(state, lambda: obligations.update_obligation(db.session, ob, changes)):
            flash(_("Obligation saved."))
            return redirect(url_for(".detail", contract_id=contract.id, _anchor="obligations"))
    contract = _contract(contract_id, write=True)
    return _obligation_page(contract, state, _obligation(contract, obligation_id), 422)


@bp.post("/<int:contract_id>/obligations/<int:obligation_id>/status")
@staff_page(Permission.registry_write)
def obligation_status(contract_id: int, obligation_id: int):  # type: ignore[no-untyped-def]
    contract = _contract(contract_id, write=True)
    ob = _obligation(contract, obligation_id)
    try:
        if request.form.get("action") == "fulfil":
            on = parse_value(Field("on", "", "date"), request.form.get("on") or clock.today().isoformat())
            obligations.fulfil(db.session, ob, on=on, note=request.form.get("note", ""))
        else:
            new = ObligationStatus.cancelled if request.form.get("action") == "cancel" else ObligationStatus.open
            obligations.update_obligation(db.session, ob, {"status": new})
        db.commit()
        flash(_("Obligation saved."))
    except DomainError as exc:
        if not is_form_error(exc):
            raise
        db.rollback()
        flash("; ".join(localise(m) for ms in exc.errors.values() for m in ms), "error")
    except ValueError as exc:
        flash(localise(str(exc)), "error")
    return redirect(url_for(".detail", contract_id=contract.id, _anchor="obligations"))


# ---- events ---------------------------------------------------------------------------------
@bp.route("/<int:contract_id>/events/new", methods=["GET", "POST"])
@staff_page(Permission.registry_write)
def add_event(contract_id: int):  # type: ignore[no-untyped-def]
    contract = _contract(contract_id, write=True)
    state = FormState(fields=EVENT_FIELDS)
    if request.method == "GET":
        state.values = {"type": request.args.get("type", ""), "occurred_on": ""}
        return render_template("ui/contracts/event_form.html", contract=contract, state=state)
    data, state = parse_form(EVENT_FIELDS, request.form, state)
    if state.ok and save(state, lambda: obligations.record_event(
            db.session, contract, data["type"], data["occurred_on"], evidence=data.get("evidence", ""),
            user_id=user().id)):
        flash(_("Event recorded; due dates that hang on it were derived."))
        return redirect(url_for(".detail", contract_id=contract.id, _anchor="timeline"))
    return render_template("ui/contracts/event_form.html", contract=_contract(contract_id), state=state), 422


@bp.route("/<int:contract_id>/events/<int:event_id>/correct", methods=["GET", "POST"])
@staff_page(Permission.registry_write)
def correct_event(contract_id: int, event_id: int):  # type: ignore[no-untyped-def]
    contract = _contract(contract_id, write=True)
    ev = db.session.get(ContractEvent, event_id)
    if ev is None or ev.contract_id != contract.id:
        abort(404)
    state = FormState(fields=CORRECT_FIELDS, extra_fields=("type",))
    if request.method == "GET":
        state.values = {"occurred_on": ev.occurred_on.isoformat(), "reason": ""}
        return render_template("ui/contracts/correct_event.html", contract=contract, ev=ev, state=state)
    data, state = parse_form(CORRECT_FIELDS, request.form, state)
    if state.ok and save(state, lambda: obligations.correct_event(db.session, ev, data["occurred_on"],
                                                                  reason=data["reason"])):
        flash(_("Event corrected; due dates were derived again."))
        return redirect(url_for(".detail", contract_id=contract.id, _anchor="timeline"))
    contract = _contract(contract_id)
    ev = db.session.get(ContractEvent, event_id)
    return render_template("ui/contracts/correct_event.html", contract=contract, ev=ev, state=state), 422


# ---- payments -------------------------------------------------------------------------------
@bp.route("/<int:contract_id>/obligations/<int:obligation_id>/payments/new", methods=["GET", "POST"])
@staff_page(Permission.registry_write)
def add_payment(contract_id: int, obligation_id: int):  # type: ignore[no-untyped-def]
    contract = _contract(contract_id, write=True)
    ob = _obligation(contract, obligation_id)
    state = FormState(fields=PAYMENT_FIELDS, extra_fields=("obligation_id",))
    if request.method == "GET":
        state.values = {"amount": f"{ob.outstanding:.2f}" if ob.outstanding else "",
                        "paid_on": clock.today().isoformat()}
        return render_template("ui/contracts/payment_form.html", contract=contract, ob=ob, state=state)
    data, state = parse_form(PAYMENT_FIELDS, request.form, state)
    if state.ok and save(state, lambda: obligations.record_payment(
            db.session, ob, amount=data["amount"], paid_on=data["paid_on"], voucher=data.get("voucher", ""),
            user_id=user().id)):
        flash(_("Payment of %(amount)s yuan recorded.", amount=f"{data['amount']:,.2f}"))
        return redirect(url_for(".detail", contract_id=contract.id, _anchor="obligations"))
    contract = _contract(contract_id)
    return render_template("ui/contracts/payment_form.html", contract=contract,
                           ob=_obligation(contract, obligation_id), state=state), 422


# ---- responsibility -------------------------------------------------------------------------
@bp.route("/<int:contract_id>/responsibility", methods=["GET", "POST"])
@staff_page(Permission.registry_write)
def assign(contract_id: int):  # type: ignore[no-untyped-def]
    contract = _contract(contract_id, write=True)
    mode = request.values.get("mode", "assign")
    fields = HANDOVER_FIELDS if mode == "handover" else ASSIGN_FIELDS
    state = FormState(fields=fields)
    if request.method == "GET":
        state.values = {"role": request.args.get("role", ""),
                        "start": contract.signed_on.isoformat(), "on": clock.today().isoformat()}
        return render_template("ui/contracts/responsibility_form.html", contract=contract, state=state, mode=mode)
    data, state = parse_form(fields, request.form, state)
    if state.ok:
        try:
            if mode == "handover":
                responsibility.handover(db.session, contract, role=data["role"],
                                        to_official_id=int(data["to_official_id"]), on=data["on"],
                                        reason=data["reason"], user_id=user().id)
                flash(_("Handover recorded; the history keeps both holders."))
            else:
                responsibility.assign(db.session, contract, official_id=int(data["official_id"]),
                                      role=data["role"], start=data["start"], user_id=user().id)
                flash(_("Responsibility assigned."))
            db.commit()
            return redirect(url_for(".detail", contract_id=contract.id, _anchor="responsibility"))
        except DomainError as exc:
            if not is_form_error(exc):
                raise
            db.rollback()
            state.merge(exc.errors)
    return render_template("ui/contracts/responsibility_form.html", contract=_contract(contract_id),
                           state=state, mode=mode), 422


def days_overdue(ob: Obligation, today: date) -> int:
    """Days past the due date of an obligation still open (0 otherwise)."""
    if ob.status != ObligationStatus.open or ob.due_date is None or ob.due_date >= today:
        return 0
    return (today - ob.due_date).days


def due_soon(today: date, days: int = 30) -> tuple[date, date]:
    return today, today + timedelta(days=days)


@bp.app_template_global("days_overdue")
def _days_overdue_global(ob: Obligation, today: date | None = None) -> int:
    return days_overdue(ob, today or clock.today())
