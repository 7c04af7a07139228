"""Complaint handling in the workbench: 受理 → 复核 → 认定 → 督办 → 记入信用记录 (投诉办理).

Each action calls ``monitor.complaints.services``; a refused step comes back beside its field.
"""

from __future__ import annotations

import re
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from contracts.access.models import User
from contracts.access.permissions import Permission, allowed
from contracts.core import clock
from contracts.core.db import db
from contracts.core.errors import DomainError
from contracts.core.schemas import parse_id
from monitor.auth.current import user
from monitor.complaints import services
from monitor.complaints.models import CLOSED_STATUSES, NEXT_STEP, Complaint, ComplaintCategory, ComplaintStatus
from monitor.ui.common import FormState, choice, db_id, paginate, save, staff_page
from monitor.ui.labels import label

bp = Blueprint("complaints_ui", __name__, url_prefix="/staff/complaints")

# The actions offered in each open status (the service decides whether they are allowed).
ACTIONS: dict[str, list[str]] = {
    ComplaintStatus.submitted: ["accept", "reject"],
    ComplaintStatus.accepted: ["review", "reject"],
    ComplaintStatus.reviewed: ["determine", "reject"],
    ComplaintStatus.determined: ["supervise"],
    ComplaintStatus.supervised: ["resolve", "record"],
}


def status_choices() -> list[tuple[str, str]]:
    return [(str(s), label(s, "complaint")) for s in ComplaintStatus]


def category_choices() -> list[tuple[str, str]]:
    return [(str(c), label(c, "complaint")) for c in ComplaintCategory]


@bp.get("/")
@staff_page(Permission.complaints_handle)
def index():  # type: ignore[no-untyped-def]
    stmt = services.visible_complaints(user(), select(Complaint))
    status = choice("status", [*ComplaintStatus.__members__, "all"], "open")
    if status == "open":
        stmt = stmt.where(Complaint.status.not_in(CLOSED_STATUSES))
    elif status != "all":
        stmt = stmt.where(Complaint.status == status)
    if request.args.get("overdue"):
        stmt = stmt.where(Complaint.status.not_in(CLOSED_STATUSES), Complaint.step_due < clock.today())
    page = paginate(db.session, stmt.order_by(Complaint.step_due.is_(None), Complaint.step_due, Complaint.id.desc()))
    return render_template("ui/complaints/index.html", page=page, status=status, statuses=status_choices(),
                           today=clock.today(), next_step=NEXT_STEP)


def handlers(c: Complaint) -> list[tuple[str, str]]:
    """The people ``c`` may be given to: active, allowed to handle complaints, not of the agency
    complained about."""
    users = db.session.scalars(select(User).where(User.active).order_by(User.display_name))
    return [(str(u.id), f"{u.display_name} ({label(u.role)})") for u in users
            if allowed(u.role, Permission.complaints_handle) and services.may_handle(db.session, u, c)]


def detail_page(c: Complaint, states: dict[str, FormState] | None = None, status: int = 200):  # type: ignore[no-untyped-def]
    from contracts.organisations.models import Agency, Enterprise
    from contracts.registry.models import Contract

    states = states or {}
    handles = services.may_handle(db.session, user(), c)  # 回避: the agency complained about only follows it
    authors = {u.id: u for u in db.session.scalars(
        select(User).where(User.id.in_({m.author_id for m in c.messages} | {s.by_id for s in c.steps if s.by_id})))}
    return render_template(
        "ui/complaints/detail.html", c=c, actions=ACTIONS.get(c.status, []) if handles else [], states=states,
        authors=authors, handles=handles, enterprise=db.session.get(Enterprise, c.enterprise_id),
        agency=db.session.get(Agency, c.agency_id),
        contract=db.session.get(Contract, c.contract_id) if c.contract_id else None,
        handlers=handlers(c) if handles else [], today=clock.today(), empty_state=FormState()), status


@bp.get("/<int:complaint_id>")
@staff_page(Permission.complaints_handle)
def detail(complaint_id: int):  # type: ignore[no-untyped-def]
    return detail_page(services.get_complaint(db.session, user(), complaint_id))


def _id(field: str, raw: str) -> int:
    """A number typed for an id; one that can be no id (not a number, or too large for the
    database's keys) is refused beside its field instead of being dropped or failing in the driver."""
    try:
        return parse_id(raw)
    except ValueError as exc:
        raise DomainError({field: [str(exc)]}) from None


def _ids(field: str, raw: str) -> list[int]:
    """The numbers typed in a field, separated by commas or spaces."""
    return [_id(field, token) for token in re.split(r"[\s,，、]+", raw.strip())]


@bp.post("/<int:complaint_id>/step")
@staff_page(Permission.complaints_handle)
def step(complaint_id: int):  # type: ignore[no-untyped-def]
    c = services.get_complaint(db.session, user(), complaint_id)
    form = request.form
    name = form.get("step", "")
    state = FormState(values=dict(form))

    def take_step() -> None:
        kwargs: dict[str, Any] = {"note": form.get("note", "")}
        if name == "determine":
            kwargs["substantiated"] = {"yes": True, "no": False}.get(form.get("substantiated", ""))
        if form.get("finding_ids", "").strip():
            kwargs["finding_ids"] = _ids("finding_ids", form["finding_ids"])
        if name == "record":
            raw = form.get("record_id", "").strip()
            kwargs["record"] = {"record_id": _id("record_id", raw)} if raw else {"legal_basis": form.get("legal_basis", "")}
        services.take_step(db.session, c, user(), name, **kwargs)

    if save(state, take_step):
        flash(_("Step “%(step)s” recorded.", step=label(name, "step")))
        return redirect(url_for(".detail", complaint_id=c.id))
    return detail_page(services.get_complaint(db.session, user(), complaint_id), {name: state}, 422)


@bp.post("/<int:complaint_id>/assign")
@staff_page(Permission.complaints_handle)
def assign(complaint_id: int):  # type: ignore[no-untyped-def]
    c = services.get_complaint(db.session, user(), complaint_id)
    state = FormState(values=dict(request.form))
    raw = request.form.get("handler_id", "")
    if save(state, lambda: services.assign(db.session, c, user(), db_id(raw) or 0)):
        flash(_("Handler assigned."))
        return redirect(url_for(".detail", complaint_id=c.id))
    return detail_page(services.get_complaint(db.session, user(), complaint_id), {"assign": state}, 422)


@bp.post("/<int:complaint_id>/messages")
@staff_page(Permission.complaints_handle)
def message(complaint_id: int):  # type: ignore[no-untyped-def]
    c = services.get_complaint(db.session, user(), complaint_id)
    state = FormState(values=dict(request.form))
    if save(state, lambda: services.post_message(db.session, c, user(), request.form.get("body", ""))):
        flash(_("Message sent to the complainant."))
        return redirect(url_for(".detail", complaint_id=c.id, _anchor="messages"))
    return detail_page(services.get_complaint(db.session, user(), complaint_id), {"message": state}, 422)
