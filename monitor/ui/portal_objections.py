"""An enterprise sees its objections and files one against a public record about its contract (异议).

Only records about the enterprise's own contracts are reachable (``visible_records``); any other is a 404.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from contracts.core import clock
from contracts.core.db import db
from contracts.core.errors import DomainError
from monitor.auth.current import user
from monitor.records import services
from monitor.records.models import DishonestyRecord, Objection
from monitor.ui.common import FormState, evidence_not_kept, is_form_error, paginate, portal_page, store_evidence

bp = Blueprint("portal_objections", __name__, url_prefix="/portal/objections")


@bp.get("/")
@portal_page
def portal_index():  # type: ignore[no-untyped-def]
    return _objections_page(FormState())


def _objections_page(state: FormState) -> str:
    """The enterprise's objections and the records about its contracts, each list with its own pager."""
    objections = paginate(db.session, services.visible_objections(user(), select(Objection))
                          .order_by(Objection.id.desc()))
    records = paginate(db.session, services.visible_records(user(), select(DishonestyRecord))
                       .order_by(DishonestyRecord.id.desc()), arg="records_page")
    return render_template("ui/portal/objections.html", page=objections, records=records, state=state,
                           today=clock.today())


@bp.post("/records/<int:record_id>")
@portal_page
def portal_file(record_id: int):  # type: ignore[no-untyped-def]
    rec = services.get_record(db.session, user(), record_id)
    state = FormState(values=dict(request.form))
    try:
        services.file_objection(db.session, rec, user(), grounds=request.form.get("grounds", ""),
                                requested=request.form.get("requested", ""), attachment_ids=store_evidence())
        db.commit()
        flash(_("Objection filed; the credit office must answer it by the date shown."))
        return redirect(url_for(".portal_index"))
    except DomainError as exc:
        if not is_form_error(exc):
            raise
        db.rollback()
        state.merge(exc.errors)
        if "evidence" not in state.errors:
            state.merge(evidence_not_kept())
        state.values["record_id"] = str(record_id)
    return _objections_page(state), 422
