"""Error handlers: every API error is JSON in flask-smorest's shape, never an HTML traceback."""

from __future__ import annotations

import logging
import uuid

from flask import Flask, g, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from contracts.core.db import db
from contracts.core.errors import DomainError

log = logging.getLogger(__name__)


def wants_json() -> bool:
    return request.path.startswith("/api/") or request.path == "/healthz" or (
        request.accept_mimetypes.best == "application/json")


def register(app: Flask) -> None:
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
