"""Structured logging: one line per event with the request id (日志)."""

from __future__ import annotations

import json
import logging
import sys
import uuid

from flask import Flask, g, has_request_context, request


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = g.get("request_id", "-") if has_request_context() else "-"
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
            "level": record.levelname,
            "logger": record.name,
            "request_id": getattr(record, "request_id", "-"),
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def setup(app: Flask) -> None:
    """Log JSON lines to stderr, each carrying the request id (X-Request-ID or a new one)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    root = logging.getLogger()
    for h in list(root.handlers):
        if getattr(h, "_monitor", False):
            root.removeHandler(h)
    handler._monitor = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(app.config["LOG_LEVEL"])
    logging.getLogger("alembic").setLevel(logging.WARNING)

    @app.before_request
    def _assign_request_id() -> None:
        rid = request.headers.get("X-Request-ID", "")
        g.request_id = rid if rid.isascii() and 0 < len(rid) <= 64 else uuid.uuid4().hex[:16]

    @app.after_request
    def _echo_request_id(response):  # type: ignore[no-untyped-def]
        response.headers["X-Request-ID"] = g.get("request_id", "-")
        return response
