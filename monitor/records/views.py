"""The public disclosure page of dishonesty records (失信记录公示), readable without signing in."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from sqlalchemy import func, select

from contracts.core import clock
from contracts.core.db import db
from monitor.records import policy
from monitor.records.api import present_public, public_query
from monitor.records.models import LABELS_ZH, RecordCategory

bp = Blueprint("records_public", __name__)

PAGE_SIZE = 20


@bp.get("/public/records")
def public_list():  # type: ignore[no-untyped-def]
    """Published records in their publicity period, filtered by region and category, 20 a page."""
    args = {"region_code": (request.args.get("region_code") or "").strip() or None,
            "category": request.args.get("category") if request.args.get("category") in RecordCategory.__members__
            else None}
    try:
        page_no = max(1, int(request.args.get("page", "1")))
    except ValueError:
        page_no = 1
    stmt = public_query(args)
    total = db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0
    pages = max(1, (total + PAGE_SIZE - 1) // PAGE_SIZE)
    page_no = min(page_no, pages)  # a page past the end shows the last one
    rows = db.session.scalars(stmt.limit(PAGE_SIZE).offset((page_no - 1) * PAGE_SIZE)).all()
    records = [present_public(db.session, r) for r in rows]
    categories = [(c.value, LABELS_ZH[c.value]) for c in RecordCategory]
    return render_template("records/public_list.html", records=records, total=total, page=page_no, pages=pages,
                           args=args, categories=categories, today=clock.today(),
                           show_names=policy.officials_visible_to("public"))
