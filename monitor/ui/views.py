"""The landing page and what every page template can use: filters, labels, the menu (首页)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import flask_babel
from flask import Blueprint, redirect, url_for
from flask_babel import format_date

from contracts.access.permissions import Permission
from contracts.core import clock
from contracts.core.enums import Role
from monitor.auth.current import user
from monitor.ui import common
from monitor.ui.labels import label

bp = Blueprint("ui", __name__)


@bp.get("/")
def index():  # type: ignore[no-untyped-def]
    """The start page: the dashboard for staff, the portal for an enterprise account."""
    from monitor.ui import dashboard, portal

    u = user()
    if u is None:
        return redirect(url_for("auth.login"))
    if u.role == Role.enterprise:
        return portal.home()
    return dashboard.home()


@bp.before_app_request
def _fresh_locale() -> None:
    """Choose the language per request (a test client reusing one app context must not keep the last one)."""
    flask_babel.refresh()


@bp.app_template_filter("money")
def money_filter(value: Decimal | int | str | None, empty: str = "—") -> str:
    """1234567.5 → 1,234,567.50 (yuan)."""
    if value is None or value == "":
        return empty
    return f"{Decimal(value):,.2f}"


@bp.app_template_filter("day")
@common.in_page_language
def day_filter(value: date | datetime | None, empty: str = "—") -> str:
    """A date as the page language writes it (2025年3月2日 / Mar 2, 2025); an instant by its day in
    the service time zone (Asia/Shanghai), not in UTC."""
    if value is None:
        return empty
    if isinstance(value, datetime):
        value = clock.local(value).date()
    return format_date(value, "medium")


@bp.app_template_filter("when")
@common.in_page_language
def when_filter(value: datetime | None, empty: str = "—") -> str:
    """An instant as its day and time of day (HH:MM) in the service time zone."""
    if value is None:
        return empty
    local = clock.local(value)
    return f"{format_date(local.date(), 'medium')} {local:%H:%M}"


@bp.app_template_filter("iso")
def iso_filter(value: date | datetime | None) -> str:
    return value.isoformat() if value is not None else ""


@bp.app_template_filter("label")
@common.in_page_language
def label_filter(value: Any, scope: str | None = None) -> str:
    return label(value, scope)


@bp.app_template_filter("loc")
@common.in_page_language
def loc_filter(message: Any) -> str:
    return common.localise(message)


@bp.app_template_filter("note")
@common.in_page_language
def note_filter(note: Any) -> str:
    return common.localise_note(str(note))


@bp.app_context_processor
def _page_helpers() -> dict[str, Any]:
    return {"is_zh": common.is_chinese(), "menu": _menu()}


@bp.record_once
def _globals(state: Any) -> None:
    """Helpers that imported macros see too (context processors do not reach them)."""
    state.app.jinja_env.globals.update(can=common.can, P=Permission, url_with=common.url_with, has_page=_has_page,
                                       evidence_of=_evidence_of, evidence_suffixes=_evidence_suffixes)


def _evidence_suffixes() -> str:
    """The kinds of evidence file accepted, for a file input's ``accept``."""
    from monitor.records import evidence

    return ",".join(sorted(evidence.ALLOWED_SUFFIXES))


def _evidence_of(owner_type: str, owner_id: int) -> list[Any]:
    """The evidence files attached to a complaint, a message, an objection or a repair application
    that the signed-in user may open (the pages list them with a download link)."""
    from contracts.core.db import db
    from monitor.records import evidence

    u = user()
    return evidence.readable(db.session, u, owner_type, owner_id) if u is not None else []


def _has_page(endpoint: str) -> bool:
    """True when a page is part of this installation (templates link to it only then)."""
    from flask import current_app

    return endpoint in current_app.view_functions


def _menu() -> list[tuple[str, str, Any]]:
    """(endpoint, label, permission) entries of the top menu for the signed-in user."""
    from flask_babel import lazy_gettext as _l

    u = user()
    if u is None:
        return []
    if u.role == Role.enterprise:
        entries = [("portal.home", _l("My contracts"), None), ("portal_complaints.index", _l("My complaints"), None),
                   ("portal_objections.portal_index", _l("My objections"), None)]
    else:
        entries = [("dashboard.home", _l("Dashboard"), Permission.registry_read),
                   ("contracts_ui.index", _l("Contracts"), Permission.registry_read),
                   ("findings_ui.index", _l("Findings"), Permission.findings_read),
                   ("records_ui.index", _l("Records"), Permission.records_read),
                   ("complaints_ui.index", _l("Complaints"), Permission.complaints_handle),
                   ("reports_ui.scoreboard_page", _l("Reports"), Permission.reports_read),
                   ("rules_ui.index", _l("Rules"), Permission.registry_read)]
    from flask import current_app

    return [(e, lbl, p) for e, lbl, p in entries
            if e in current_app.view_functions and (p is None or common.can(p))]
