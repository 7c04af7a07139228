"""The records queue in the workbench: decide proposed dishonesty records, answer objections, decide repairs (失信记录).

Each action calls ``monitor.records.services``; the enterprise files objections in the portal.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from contracts.access.permissions import Permission
from contracts.access.scope import require_not_own
from contracts.core import clock
from contracts.core.db import db
from contracts.core.errors import DomainError, NotFound
from contracts.organisations.models import Agency
from contracts.registry.models import Contract
from monitor.auth.current import user
from monitor.records import services
from monitor.records.models import DishonestyRecord, Objection, RecordStatus, RepairApplication
from monitor.ui.common import FormState, choice, in_page_language, is_form_error, paginate, staff_page
from monitor.ui.labels import label

bp = Blueprint("records_ui", __name__, url_prefix="/staff/records")

RECORD_LABELS: dict[str, Any] = {
    "proposed": _l("Proposed, awaiting decision"), "published": _l("Published"), "objected": _l("Objection pending"),
    "upheld": _l("Upheld after objection"), "corrected": _l("Corrected"), "revoked": _l("Revoked"),
    "repaired": _l("Credit repaired"), "expired": _l("Publicity ended"), "dismissed": _l("Not recorded"),
    "exempted": _l("Exempted (fault tolerance)"),
    "arrears": _l("Arrears"), "promise_broken": _l("Promise not honoured"), "contract_breach": _l("Breach of contract"),
    "bidding_dishonesty": _l("Dishonesty in bidding"), "disclosure_failure": _l("Failure to disclose"),
    "other": _l("Other"), "minor": _l("Minor"), "general": _l("General"), "serious": _l("Serious"),
    "received": _l("Received"), "verifying": _l("Being verified"), "answered": _l("Answered"),
    "correct": _l("Correct the record"), "revoke": _l("Revoke the record"),
    "submitted": _l("Submitted"), "approved": _l("Approved"), "rejected": _l("Refused"),
    "closed": _l("Closed: the record ended first"),
}


def rlabel(value: Any) -> str:
    found = RECORD_LABELS.get(str(value))
    return str(found) if found is not None else label(value)


@bp.app_template_filter("rlabel")
@in_page_language
def _rlabel_filter(value: Any) -> str:
    return rlabel(value)


@bp.get("/")
@staff_page(Permission.records_read)
def index():  # type: ignore[no-untyped-def]
    status = choice("status", [*RecordStatus.__members__, "all"], "proposed")
    stmt = services.visible_records(user(), select(DishonestyRecord))
    if status != "all":
        stmt = stmt.where(DishonestyRecord.status == status)
    page = paginate(db.session, stmt.order_by(DishonestyRecord.id.desc()))
    agencies = {a.id: a for a in db.session.scalars(
        select(Agency).where(Agency.id.in_({r.agency_id for r in page.items})))}
    pending = db.session.scalars(services.visible_objections(user(), select(Objection))
                                 .where(Objection.status != "answered").order_by(Objection.answer_due)).all()
    return render_template("ui/records/index.html", page=page, status=status, agencies=agencies,
                           statuses=[(str(s), rlabel(s)) for s in RecordStatus], objections=pending,
                           today=clock.today())


def detail_page(rec: DishonestyRecord, states: dict[str, FormState] | None = None, status: int = 200):  # type: ignore[no-untyped-def]
    return render_template(
        "ui/records/detail.html", rec=rec, states=states or {}, empty_state=FormState(),
        agency=db.session.get(Agency, rec.agency_id),
        contract=db.session.get(Contract, rec.contract_id) if rec.contract_id else None,
        names=services.names_visible(user(), rec), findings=services.findings_of(db.session, rec),
        objections=services.objections_of(db.session, rec), repairs=services.repair_applications(db.session, rec),
        today=clock.today()), status


@bp.get("/<int:record_id>")
@staff_page(Permission.records_read)
def detail(record_id: int):  # type: ignore[no-untyped-def]
    return detail_page(services.get_record(db.session, user(), record_id))


def _act(record_id: int, key: str, action) -> Any:  # type: ignore[no-untyped-def]
    rec = services.get_record(db.session, user(), record_id)
    require_not_own(user(), rec.agency_id)
    state = FormState(values=dict(request.form))
    try:
        message = action(rec)
        db.commit()
        flash(message)
        return redirect(url_for(".detail", record_id=rec.id))
    except DomainError as exc:
        if not is_form_error(exc):
            raise
        db.rollback()
        state.merge(exc.errors)
    return detail_page(services.get_record(db.session, user(), record_id), {key: state}, 422)


def _months() -> int | None:
    """The publicity months typed in the form: none (the tier's default) or a whole number."""
    raw = request.form.get("publicity_months", "").strip()
    if not raw:
        return None
    if not raw.isascii() or not raw.isdigit():
        raise DomainError.field("publicity_months", "公示期须填写整数月数，或留空按默认期限",
                                "give the publicity period in whole months, or leave it empty for the default")
    return int(raw)


@bp.post("/<int:record_id>/decide")
@staff_page(Permission.records_decide)
def decide(record_id: int):  # type: ignore[no-untyped-def]
    form = request.form
    action = form.get("action", "")
    uid = user().id

    def run(rec: DishonestyRecord) -> str:
        if action == "publish":
            services.publish(db.session, rec, user_id=uid, publicity_months=_months(), note=form.get("note", ""))
            return _("Record published; its publicity period has started.")
        if action == "dismiss":
            services.dismiss(db.session, rec, reason=form.get("reason", ""), user_id=uid)
            return _("Proposal dismissed; the reason is kept.")
        if action == "exempt":
            services.exempt(db.session, rec, grounds=form.get("grounds", ""), basis=form.get("basis", ""),
                            user_id=uid)
            return _("Exemption recorded with its grounds.")
        if action == "revoke":
            services.revoke(db.session, rec, reason=form.get("reason", ""), user_id=uid)
            return _("Record revoked; it stays visible, marked, with the reason.")
        raise NotFound("action")

    return _act(record_id, action, run)


@bp.post("/objections/<int:objection_id>")
@staff_page(Permission.records_decide)
def objection(objection_id: int):  # type: ignore[no-untyped-def]
    obj = services.get_objection(db.session, user(), objection_id)
    form = request.form
    uid = user().id

    def run(_rec: DishonestyRecord) -> str:
        if form.get("action") == "verify":
            services.verify_objection(db.session, obj, user_id=uid, note=form.get("note", ""))
            return _("Verification started.")
        services.answer_objection(db.session, obj, user_id=uid, outcome=form.get("outcome", ""),
                                  answer=form.get("answer", ""))
        return _("Objection answered.")

    return _act(obj.record_id, f"objection-{obj.id}", run)


@bp.post("/repairs/<int:app_id>")
@staff_page(Permission.records_decide)
def repair(app_id: int):  # type: ignore[no-untyped-def]
    app = db.session.get(RepairApplication, app_id)
    if app is None:
        raise NotFound("repair application")
    services.get_record(db.session, user(), app.record_id)
    form = request.form
    uid = user().id

    def run(_rec: DishonestyRecord) -> str:
        services.decide_repair(db.session, app, approve=form.get("approve") == "yes", reason=form.get("reason"),
                               user_id=uid)
        return _("Repair application decided.")

    return _act(app.record_id, f"repair-{app.id}", run)
