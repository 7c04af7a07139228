"""Report pages (报表): the integrity scoreboard, its drill-down, and the responsibility look-backs.

The figures come from ``monitor.reports`` exactly as the reports API serves them, under the same
permissions (``service.agency_scope``: agency staff see their own agency, enterprises see none);
the file exports are the API's URLs with ``?format=``. A look-back page takes ``?as_of=`` as the
API does, and keeps it on its files and on its links to the other look-backs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, current_app, render_template, request
from flask_babel import lazy_gettext as _l

from contracts.access.permissions import Permission
from contracts.core import clock
from contracts.core.db import db
from contracts.core.errors import DomainError
from monitor.auth.current import user
from monitor.reports import scoreboard, service
from monitor.ui import matter
from monitor.ui.common import (
    Field,
    FormState,
    Page,
    in_page_language,
    is_form_error,
    page_number,
    parse_form,
    staff_page,
)
from monitor.ui.labels import label
from monitor.ui.matter import OUTCOME_LABELS

bp = Blueprint("reports_ui", __name__, url_prefix="/staff/reports")

GROUP_CHOICES: list[tuple[str, Any]] = [("agency", _l("By agency")), ("region", _l("By region"))]
AS_OF = Field("as_of", _l("As at"), "date", help=_l("How things stood at the end of this day; empty for today"))
FIELDS = [
    Field("start", _l("Due from"), "date"),
    Field("end", _l("Due until"), "date"),
    AS_OF,
    Field("group", _l("Group by"), "select", choices=lambda: GROUP_CHOICES),
]
LOOKBACK_FIELDS = [AS_OF]
FIGURE_LABELS: dict[str, Any] = {
    "payments_due": _l("Payments due"), "paid_on_time": _l("Paid on time"), "payments_late": _l("Paid late or unpaid"),
    "overdue_outstanding": _l("Overdue and unpaid"), "findings": _l("Breach findings"),
    "open_findings": _l("Open findings"), "handled_findings": _l("Handled findings"),
}
STAGE_LABELS: dict[str, Any] = {
    "assignment": _l("Responsibility assigned"), "handover": _l("Handover"), "payment": _l("Payment"),
    "fulfilled": _l("Promise kept"), "due": _l("Falls due"), "breach": _l("Overdue breach"),
    "finding": _l("Finding"), "rectification": _l("Rectification ordered"), "resolution": _l("Closed"),
    "complaint": _l("Enterprise complaint"), "record": _l("Dishonesty record"),
}
CATEGORY_LABELS: dict[str, Any] = {
    "during": _l("Fell due in the tenure"), "inherited": _l("Inherited overdue"),
    "left": _l("Left overdue to the successor"), "awaiting": _l("Awaiting its event"),
}



@bp.app_template_filter("stage_label")
@in_page_language
def _stage_label(stage: str) -> str:
    return str(STAGE_LABELS.get(stage) or label(stage))


bp.add_app_template_filter(in_page_language(matter.matter_text), "matter")
bp.add_app_template_filter(in_page_language(matter.change_text), "change")
bp.add_app_template_filter(in_page_language(matter.details_text), "details")


def _period() -> tuple[dict[str, Any], FormState]:
    """The scoreboard period, its as-at day and grouping from the query string (defaults: this year
    until today, judged as at today)."""
    today = clock.today()
    args = {"start": date(today.year, 1, 1).isoformat(), "end": today.isoformat(), "group": "agency",
            **{k: v for k, v in request.args.items() if k in {"start", "end", "as_of", "group"} and v.strip()}}
    data, state = parse_form(FIELDS, args)
    return data, state


def _query(data: dict[str, Any]) -> scoreboard.Query:
    return service.scoreboard_query(user(), start=data["start"], end=data["end"], as_of=data.get("as_of"),
                                    group=data["group"])


def _args(data: dict[str, Any], **extra: Any) -> dict[str, Any]:
    """The query keeping the period, the as-at day (when one was asked) and the grouping."""
    kept = {"as_of": data["as_of"].isoformat()} if data.get("as_of") else {}
    return {"start": data["start"].isoformat(), "end": data["end"].isoformat(), **kept, "group": data["group"], **extra}


@bp.get("/")
@staff_page(Permission.reports_read)
def scoreboard_page():  # type: ignore[no-untyped-def]
    """The integrity scoreboard (政务诚信评价) for a period, per agency or region."""
    data, state = _period()
    report = None
    if state.ok:
        try:
            report = scoreboard.build(db.session, _query(data), config=current_app.config)
        except DomainError as exc:
            if not is_form_error(exc):
                raise
            db.rollback()
            state.merge(exc.errors)
    exports = {}
    if report is not None:
        exports = {fmt: "/api/v1/reports/scoreboard?" + urlencode(_args(data, format=fmt))
                   for fmt in ("xlsx", "pdf", "csv")}
    return render_template("ui/reports/scoreboard.html", report=report, state=state, fields=FIELDS,
                           args=_args(data) if report is not None else {}, exports=exports,
                           figures=FIGURE_LABELS), 200 if state.ok else 422


@bp.get("/drilldown")
@staff_page(Permission.reports_read)
def drilldown():  # type: ignore[no-untyped-def]
    """The contracts behind one figure of one scoreboard row."""
    data, state = _period()
    figure = request.args.get("figure", "payments_due")
    key = request.args.get("key") or None
    if not state.ok:
        raise DomainError(state.errors)
    per_page = 50
    # a page past the end shows the last one, as the workbench's other lists do (not the empty state)
    rows, total = scoreboard.drilldown(db.session, _query(data), figure, key, page=page_number(), page_size=per_page,
                                       last_if_past_end=True)
    page = Page.shown(rows, per_page, total)
    return render_template("ui/reports/drilldown.html", page=page, figure=FIGURE_LABELS.get(figure, figure),
                           args=_args(data), key=key)


@dataclass
class Lookback:
    """A look-back page's report as at the day asked (None when the day is refused), the form's
    state, the query keeping that day (for the links to the other look-backs) and the file exports."""

    report: dict[str, Any] | None
    state: FormState
    keep: dict[str, str]
    exports: dict[str, str]


def _lookback(api: str, build: Callable[[date | None], dict[str, Any]]) -> Lookback:
    """Build a look-back as at ``?as_of=`` (default today): a malformed day, or one after today, is
    refused beside the field with the API's message; ``api`` is the report's API path for the files."""
    data, state = parse_form(LOOKBACK_FIELDS, request.args)
    report = None
    if state.ok:
        try:
            report = build(data.get("as_of"))
        except DomainError as exc:
            if not is_form_error(exc):
                raise
            db.rollback()
            state.merge(exc.errors)
    if report is None:
        return Lookback(None, state, {}, {})
    if not state.values.get("as_of"):
        state.values["as_of"] = report["as_of"].isoformat()
    keep = {"as_of": data["as_of"].isoformat()} if "as_of" in data else {}
    return Lookback(report, state, keep, {fmt: f"{api}?" + urlencode({**keep, "format": fmt}) for fmt in ("xlsx", "pdf")})


@bp.get("/contracts/<int:contract_id>/lookback")
@staff_page(Permission.reports_read)
def contract_lookback(contract_id: int):  # type: ignore[no-untyped-def]
    """The contract look-back (项目责任回溯): the timeline with who held each role on each date."""
    contract = service.visible_contract(db.session, user(), contract_id)  # 404 whatever the day
    page = _lookback(f"/api/v1/reports/contracts/{contract_id}/lookback",
                     lambda as_of: service.contract_report(db.session, user(), contract_id, as_of))
    return render_template("ui/reports/contract_lookback.html", contract=contract, r=page.report, state=page.state,
                           fields=LOOKBACK_FIELDS, keep=page.keep, exports=page.exports), 200 if page.state.ok else 422


@bp.get("/officials/<int:official_id>/lookback")
@staff_page(Permission.reports_read)
def official_lookback(official_id: int):  # type: ignore[no-untyped-def]
    """The official look-back (责任人履职回溯): tenures, what fell due under their watch, handovers."""
    official = service.visible_official(db.session, user(), official_id)  # 404 whatever the day
    page = _lookback(f"/api/v1/reports/officials/{official_id}/lookback",
                     lambda as_of: service.official_report(db.session, user(), official_id, as_of))
    return render_template("ui/reports/official_lookback.html", official=official, r=page.report, state=page.state,
                           fields=LOOKBACK_FIELDS, keep=page.keep, exports=page.exports,
                           categories=CATEGORY_LABELS, outcomes=OUTCOME_LABELS), 200 if page.state.ok else 422
