"""The public disclosure page of dishonesty records (失信记录公示), readable without signing in."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from contracts.core import clock
from contracts.core.db import db
from monitor.records import policy
from monitor.records.api import present_public, public_query
from monitor.records.models import LABELS_ZH, RecordCategory
from monitor.ui.common import choice, is_chinese, paginate
from monitor.ui.records import rlabel

bp = Blueprint("records_public", __name__)

PAGE_SIZE = 20


@bp.get("/public/records")
def public_list():  # type: ignore[no-untyped-def]
    """Published records in their publicity period, filtered by region and category, 20 a page."""
    categories = [(c.value, _label(c.value)) for c in RecordCategory]
    args = {"region_code": (request.args.get("region_code") or "").strip() or None,
            "category": choice("category", (key for key, _label in categories)) or None}
    page = paginate(db.session, public_query(args), per_page=PAGE_SIZE)
    records = [_in_page_language(present_public(db.session, r)) for r in page.items]
    return render_template("records/public_list.html", records=records, page=page, args=args,
                           categories=categories, today=clock.today(),
                           show_names=policy.officials_visible_to("public"))


def _label(value: str) -> str:
    """A category, severity or status as the page speaks: the disclosure's own Chinese wording, or
    the workbench's English."""
    return LABELS_ZH.get(value, value) if is_chinese() else rlabel(value)


def _in_page_language(record: dict) -> dict:  # type: ignore[type-arg]
    return record | {"category_label": _label(record["category"]), "severity_label": _label(record["severity"]),
                     "status_label": _label(record["status"])}
