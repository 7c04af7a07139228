"""The contract compliance monitor (政务履约监测): app factory, auth, checker, records, reports, UI."""

from __future__ import annotations

from monitor.app import create_app

__all__ = ["create_app"]
