"""Imports every model module so the metadata (and Alembic) sees all tables."""

from __future__ import annotations

import importlib

from contracts.core.db import Base

MODEL_MODULES = (
    "contracts.access.models",
    "contracts.organisations.models",
    "contracts.registry.models",
    "contracts.obligations.models",
    "contracts.responsibility.models",
    "contracts.registry.changes",
    "contracts.documents.models",
    "contracts.importer.models",
    "contracts.audit.models",
    "contracts.calendar.models",
    "monitor.checker.models",
    "monitor.checker.history",
    "monitor.reports.models",
    "monitor.records.models",
    "monitor.complaints.models",
    "monitor.alerts.models",
)


def load_all() -> type[Base]:
    """Import every model module (including monitor's, listed in ``MODEL_MODULES``) and return Base."""
    for name in MODEL_MODULES:
        importlib.import_module(name)
    return Base
