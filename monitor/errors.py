"""Error handlers: every API error is JSON in flask-smorest's shape, never an HTML traceback."""

from __future__ import annotations

import logging
import uuid

from flask import Flask, g, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from contracts.core.db import db
from contracts.core.errors import DomainError
from contracts.core.schemas import NUL_CHARACTER

log = logging.getLogger(__name__)


def wants_json() -> bool:
    return request.path.startswith("/api/") or request.path == "/healthz" or (
        request.accept_mimetypes.best == "application/json")


def register(app: Flask) -> None:
    @app.before_request
    def _refuse_nul() -> None:
        """A page's query or form value carrying U+0000 (a browser cannot type it, a crafted request
        can) is refused beside its name before any view reads it: PostgreSQL's text cannot hold it,
        and SQLite would store it. The API's fields refuse it themselves, each beside its field."""
        if request.path.startswith("/api/"):
            return
        values = [*request.args.items(multi=True)]
        if request.method in ("POST", "PUT", "PATCH"):
            values += request.form.items(multi=True)
        bad = sorted({name for name, value in values if "\x00" in value or "\x00" in name})
        if bad:
            raise DomainError({name.replace("\x00", "") or "form": [NUL_CHARACTER] for name in bad})

    @app.errorhandler(DomainError)
    def _domain(exc: DomainError):  # type: ignore[no-untyped-def]
        db.rollback()
        status = exc.status
        body = {"code": status, "status": _status_name(status), "errors": {"json": exc.errors}}
        if wants_json():
            return jsonify(body), status
        return render_template("error.html", code=status, errors=exc.errors), status

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):  # type: ignore[no-untyped-def]
        if isinstance(exc, HTTPException):
            return exc
        db.rollback()
        error_id = g.get("request_id") or uuid.uuid4().hex[:16]
        log.exception("unhandled error %s", error_id)
        body = {"code": 500, "status": "Internal Server Error", "error_id": error_id,
                "message": "服务器内部错误，请联系管理员并提供错误编号 / internal error; quote the error id"}
        if wants_json():
            return jsonify(body), 500
        return render_template("error.html", code=500, error_id=error_id), 500


def _status_name(code: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(code).phrase
    except ValueError:
        return "Error"
