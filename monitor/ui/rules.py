"""The rule catalogue page (规则目录): what the checker looks for, on which legal basis, with which parameters.

The same data as ``GET /api/v1/rules`` (``monitor.checker.api.present_rule``), readable by every staff role.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from contracts.access.permissions import Permission
from contracts.core.db import db
from monitor.checker import params
from monitor.checker.api import present_rule
from monitor.checker.models import Finding, FindingState
from monitor.checker.rules import CATALOGUE
from monitor.ui.common import staff_page

bp = Blueprint("rules_ui", __name__, url_prefix="/staff/rules")

SEVERITY_LABELS: dict[str, Any] = {
    "review": _l("For review"), "minor": _l("Minor"), "general": _l("General"), "serious": _l("Serious"),
}
SOURCE_LABELS: dict[str, Any] = {
    "default": _l("Built-in default"), "config": _l("Server configuration"), "database": _l("Set by an administrator"),
}


def catalogue() -> list[dict[str, Any]]:
    """Every rule as the rules API presents it, with its parameters in force and open findings."""
    settings = params.effective(db.session)
    counts = dict(db.session.execute(select(Finding.rule_id, func.count())
                                     .where(Finding.state.in_(FindingState.ACTIVE)).group_by(Finding.rule_id)).all())
    return [present_rule(r, settings[r.id], counts.get(r.id, 0)) for r in CATALOGUE]


@bp.get("/")
@staff_page(Permission.registry_read)
def index():  # type: ignore[no-untyped-def]
    return render_template("ui/rules/index.html", rules=catalogue(), severities=SEVERITY_LABELS,
                           sources=SOURCE_LABELS)
