"""The API blueprints under /api/v1, registered in one place."""

from __future__ import annotations

import importlib
from typing import Any

# Each module exposes ``blp`` (a flask_smorest.Blueprint).
API_MODULES: tuple[str, ...] = (
    "monitor.auth.api",
    "monitor.records.api",
    "monitor.complaints.api",
    "monitor.alerts.api",
    "contracts.organisations.api",
    "contracts.registry.api",
    "contracts.obligations.api",
    "contracts.responsibility.api",
    "contracts.calendar.api",
    "contracts.audit.api",
    "contracts.importer.api",
    "contracts.documents.api",
    "monitor.checker.api",
    "monitor.reports.api",
)


def register_all(api: Any) -> None:
    for name in API_MODULES:
        api.register_blueprint(importlib.import_module(name).blp)
