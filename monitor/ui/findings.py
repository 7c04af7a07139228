"""The findings queue: what the checker found, who was responsible, and each state's actions (预警与违约).

Actions go through ``monitor.checker.services.act``; a check run is started with ``start_check``
and its progress is polled from the checks API.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from contracts.access.permissions import Permission
from contracts.core import clock, schemas
from contracts.core.db import db
from contracts.core.errors import DomainError
from contracts.organisations.models import Agency
from contracts.registry.models import Contract
from monitor.auth.current import user
from monitor.checker import services
from monitor.checker.models import CheckRun, Finding, FindingState
from monitor.checker.rules import BY_ID
from monitor.ui.common import FormState, choice, db_id, in_page_language, is_form_error, paginate, staff_page
from monitor.ui.labels import label

bp = Blueprint("findings_ui", __name__, url_prefix="/staff/findings")

ACTION_LABELS: dict[str, Any] = {
    "notify": _l("Notify the agency"), "rectify": _l("Order rectification by a deadline"),
    "escalate": _l("Propose a dishonesty record"), "explain": _l("Record the agency's written explanation"),
    "resolve": _l("Resolve"), "dismiss": _l("Dismiss as not a breach"), "reopen": _l("Reopen"),
}
STATES = ["warning", "open", "notified", "rectifying", "escalated", "resolved", "dismissed"]


def rule_title(rule_id: str) -> str:
    from monitor.ui.common import is_chinese

    rule = BY_ID.get(rule_id)
    if rule is None:
        return rule_id
    return rule.title_zh if is_chinese() else rule.title_en


@bp.app_template_filter("rule_title")
@in_page_language
def _rule_title_filter(rule_id: str) -> str:
    return rule_title(rule_id)


def available_actions(finding: Finding) -> list[tuple[str, Any, str | None]]:
    """(action, label, the field it needs) that the user may take on the finding in its state."""
    u = user()
    return [(name, ACTION_LABELS[name], spec.needs) for name, spec in services.ACTIONS.items()
            if services.may_take(db.session, u, finding, name)]


@bp.get("/")
@staff_page(Permission.findings_read)
def index():  # type: ignore[no-untyped-def]
    args = request.args
    state = choice("state", FindingState.ALL, "active")
    filters: dict[str, Any] = {}
    if state == "active":
        filters["active"] = True
    else:
        filters["state"] = state
    agency_id = db_id(args.get("agency_id", ""))
    if agency_id:
        filters["agency_id"] = agency_id
    if rule_id := choice("rule_id", BY_ID):
        filters["rule_id"] = rule_id
    page = paginate(db.session, services.visible_findings(user(), filters))
    contracts = {c.id: c for c in db.session.scalars(
        select(Contract).where(Contract.id.in_({f.contract_id for f in page.items})))}
    agencies = {a.id: a.name for a in db.session.scalars(
        select(Agency).where(Agency.id.in_({f.agency_id for f in page.items})))}
    run_id = db_id(args.get("run", ""))
    run = db.session.get(CheckRun, run_id) if run_id else None
    last_run = db.session.scalar(select(CheckRun).order_by(CheckRun.id.desc()).limit(1))
    return render_template(
        "ui/findings/index.html", page=page, contracts=contracts, agencies=agencies, state=state,
        states=[("active", _("All open")), *[(s, label(s, "finding")) for s in STATES]],
        rules=sorted(((r, rule_title(r)) for r in BY_ID), key=lambda x: x[1]),
        agency_choices=[(str(a.id), a.name) for a in db.session.scalars(select(Agency).order_by(Agency.name))],
        run=run, last_run=last_run, today=clock.today())


@bp.post("/check")
@staff_page(Permission.checks_run)
def check():  # type: ignore[no-untyped-def]
    """Start a check run as of today; the page polls its progress until it ends."""
    try:
        run = services.start_check(db.session, user())
        db.commit()
    except DomainError as exc:
        if not is_form_error(exc):
            raise
        db.rollback()
        from monitor.ui.common import localise

        flash("; ".join(localise(m) for ms in exc.errors.values() for m in ms), "error")
        return redirect(url_for(".index"))
    db.session.refresh(run)
    if run.status == "done":
        flash(_("Check finished: %(created)s new, %(updated)s updated, %(resolved)s resolved.",
                created=run.created, updated=run.updated, resolved=run.resolved))
    return redirect(url_for(".index", run=run.id))


def detail_page(finding: Finding, states: dict[str, FormState] | None = None, status: int = 200):  # type: ignore[no-untyped-def]
    contract = db.session.get(Contract, finding.contract_id)
    from contracts.obligations.models import Obligation

    return render_template(
        "ui/findings/detail.html", f=finding, contract=contract, rule=BY_ID.get(finding.rule_id),
        obligation=db.session.get(Obligation, finding.obligation_id) if finding.obligation_id else None,
        agency=db.session.get(Agency, finding.agency_id), actions=available_actions(finding),
        now=services.responsible_now(db.session, [finding]).get(finding.id, []),
        history=services.history(db.session, finding), states=states or {}, empty_state=FormState(),
        action_labels=ACTION_LABELS, today=clock.today()), status


@bp.get("/<int:finding_id>")
@staff_page(Permission.findings_read)
def detail(finding_id: int):  # type: ignore[no-untyped-def]
    return detail_page(services.get_finding(db.session, user(), finding_id))


@bp.post("/<int:finding_id>/act")
@staff_page(Permission.findings_read)
def act(finding_id: int):  # type: ignore[no-untyped-def]
    finding = services.get_finding(db.session, user(), finding_id)
    form = request.form
    action = form.get("action", "")
    state = FormState(values=dict(form))
    deadline = None
    if form.get("deadline", "").strip():
        try:
            deadline = schemas.parse_date(form["deadline"])
        except ValueError as exc:
            state.add("deadline", str(exc))
    if state.ok:
        try:
            services.act(db.session, user(), finding, action, reason=form.get("reason"), deadline=deadline,
                         explanation=form.get("explanation"))
            db.commit()
            flash(_("%(action)s: done.", action=ACTION_LABELS.get(action, action)))
            return redirect(url_for(".detail", finding_id=finding.id))
        except DomainError as exc:
            if not is_form_error(exc):
                raise
            db.rollback()
            state.merge(exc.errors)
    return detail_page(services.get_finding(db.session, user(), finding_id), {action: state}, 422)
