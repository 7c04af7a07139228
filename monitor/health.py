"""GET /healthz: database and queue reachability, no auth (健康检查)."""

from __future__ import annotations

from flask import Blueprint, jsonify
from sqlalchemy import text

from contracts.core import jobs
from contracts.core.db import db

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():  # type: ignore[no-untyped-def]
    checks: dict[str, str] = {}
    ok = True
    try:
        db.session.execute(text("SELECT 1"))
        checks["database"] = "ok"
    except Exception as exc:
        db.session.rollback()
        checks["database"] = f"unreachable: {type(exc).__name__}"
        ok = False
    try:
        checks["queue"] = jobs.ping()
    except Exception as exc:
        checks["queue"] = f"unreachable: {type(exc).__name__}"
        ok = False
    return jsonify({"status": "ok" if ok else "unavailable", "checks": checks}), 200 if ok else 503
