"""An enterprise files and follows its complaints in the portal (企业投诉).

Only the enterprise's own complaints are reachable (``visible_complaints``); any other is a 404.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from contracts.access import scope
from contracts.access.models import User
from contracts.core.db import db
from contracts.core.errors import DomainError
from contracts.organisations.models import Agency
from contracts.registry.models import Contract
from monitor.auth.current import user
from monitor.complaints import services
from monitor.complaints.models import Complaint
from monitor.ui.common import (
    Field,
    FormState,
    evidence_not_kept,
    is_form_error,
    paginate,
    parse_form,
    portal_page,
    store_evidence,
)
from monitor.ui.complaints import category_choices

bp = Blueprint("portal_complaints", __name__, url_prefix="/portal/complaints")


def own_contracts() -> list[tuple[str, str]]:
    rows = db.session.scalars(scope.visible_contracts(user(), select(Contract)).order_by(Contract.signed_on.desc()))
    return [(str(c.id), f"{c.code} {c.title}") for c in rows]


def agencies() -> list[tuple[str, str]]:
    """Every government body, for a complaint that is not about a registered contract."""
    return [(str(i), n) for i, n in db.session.execute(select(Agency.id, Agency.name).order_by(Agency.name))]


FIELDS = [
    Field("category", _l("What is the complaint about"), "select", True, category_choices),
    Field("contract_id", _l("Contract"), "select", False, own_contracts,
          help=_l("The agency complained about is the contract's government party.")),
    Field("agency_id", _l("Or the agency complained about"), "select", False, agencies,
          help=_l("When the matter is not under a contract registered here (a promise made when "
                  "investing, for example).")),
    Field("title", _l("Title"), required=True),
    Field("amount", _l("Amount you are owed (yuan)"), "money"),
    Field("description", _l("What happened"), "textarea", True,
          help=_l("Dates, amounts, whom you contacted and what they said.")),
    Field("evidence", _l("Evidence files"), "files",
          help=_l("The contract, acceptance certificate, invoices or correspondence: PDF, OFD, images, "
                  "Word, Excel, text or ZIP, up to 10 files.")),
]


@bp.get("/")
@portal_page
def index():  # type: ignore[no-untyped-def]
    stmt = services.visible_complaints(user(), select(Complaint)).order_by(Complaint.id.desc())
    return render_template("ui/portal/complaints.html", page=paginate(db.session, stmt))


@bp.route("/new", methods=["GET", "POST"])
@portal_page
def new():  # type: ignore[no-untyped-def]
    state = FormState(fields=FIELDS)
    if request.method == "GET":
        state.values = {"contract_id": request.args.get("contract_id", ""), "category": ""}
        return render_template("ui/portal/complaint_form.html", state=state)
    data, state = parse_form(FIELDS, request.form, state)
    if state.ok:
        try:
            c = services.file_complaint(db.session, user(), category=data["category"], title=data["title"],
                                        description=data["description"],
                                        contract_id=int(data["contract_id"]) if data.get("contract_id") else None,
                                        agency_id=int(data["agency_id"]) if data.get("agency_id") else None,
                                        amount=data.get("amount"), attachment_ids=store_evidence())
            db.commit()
            flash(_("Your complaint no. %(id)s was filed; the deadline for accepting it is shown below.", id=c.id))
            return redirect(url_for(".detail", complaint_id=c.id))
        except DomainError as exc:
            if not is_form_error(exc):
                raise
            db.rollback()
            state.merge(exc.errors)
    if "evidence" not in state.errors:
        state.merge(evidence_not_kept())
    return render_template("ui/portal/complaint_form.html", state=state), 422


def _page(c: Complaint, state: FormState | None = None, status: int = 200):  # type: ignore[no-untyped-def]
    names = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_({m.author_id for m in c.messages})))}
    contract = db.session.get(Contract, c.contract_id) if c.contract_id else None
    return render_template("ui/portal/complaint.html", c=c, state=state or FormState(), authors=names,
                           contract=contract, agency=db.session.get(Agency, c.agency_id)), status


@bp.get("/<int:complaint_id>")
@portal_page
def detail(complaint_id: int):  # type: ignore[no-untyped-def]
    return _page(services.get_complaint(db.session, user(), complaint_id))


@bp.post("/<int:complaint_id>/messages")
@portal_page
def message(complaint_id: int):  # type: ignore[no-untyped-def]
    c = services.get_complaint(db.session, user(), complaint_id)
    state = FormState(values=dict(request.form))
    try:
        services.post_message(db.session, c, user(), request.form.get("body", ""), attachment_ids=store_evidence())
        db.commit()
        flash(_("Message sent."))
        return redirect(url_for(".detail", complaint_id=c.id, _anchor="messages"))
    except DomainError as exc:
        if not is_form_error(exc):
            raise
        db.rollback()
        state.merge(exc.errors)
        if "evidence" not in state.errors:
            state.merge(evidence_not_kept())
    return _page(services.get_complaint(db.session, user(), complaint_id), state, 422)
