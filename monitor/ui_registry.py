"""The server-rendered page blueprints, registered in one place."""

from __future__ import annotations

import importlib

from flask import Blueprint, Flask

UI_MODULES: tuple[str, ...] = (
    "monitor.auth.views",
    "monitor.ui.views",
    "monitor.records.views",
    "monitor.ui.dashboard",
    "monitor.ui.contracts",
    "monitor.ui.documents",
    "monitor.ui.portal",
    "monitor.ui.complaints",
    "monitor.ui.portal_complaints",
    "monitor.ui.records",
    "monitor.ui.portal_objections",
    "monitor.ui.findings",
    "monitor.ui.imports",
    "monitor.ui.rules",
    "monitor.ui.reports",
)


def register_all(app: Flask) -> None:
    import swagger_ui_bundle

    assets = Blueprint("swagger_assets", __name__, static_folder=swagger_ui_bundle.swagger_ui_path,
                       static_url_path="/api/v1/swagger-ui")
    app.register_blueprint(assets)
    for name in UI_MODULES:
        app.register_blueprint(importlib.import_module(name).bp)
