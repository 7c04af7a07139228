"""The application factory (应用工厂)."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, g, request
from sqlalchemy import text
from sqlalchemy.exc import OperationalError
from werkzeug.routing import IntegerConverter

from contracts.core import jobs
from contracts.core.db import db
from contracts.core.schemas import MAX_ID
from monitor import config as config_mod
from monitor.config import ConfigError

log = logging.getLogger(__name__)

PAGE_CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
            "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'")
DOCS_CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
            "script-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'self'; frame-ancestors 'self'")


class DatabaseId(IntegerConverter):
    """``<int:…>`` in a route: a whole number the database's keys can hold (32 bits). A larger one
    matches no route (404) instead of reaching the driver and failing there (500)."""

    def __init__(self, map: Any, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the Flask app from the environment plus ``config`` overrides; raise ConfigError."""
    settings = config_mod.load(config)
    app = Flask(__name__, instance_path=settings["INSTANCE_PATH"], instance_relative_config=False)
    app.config.update(settings)
    app.url_map.converters["int"] = DatabaseId  # before any route is added

    from monitor import logging as app_logging

    app_logging.setup(app)
    _connect(app)

    from monitor import errors, health
    from monitor.auth import current
    from monitor.models import load_all

    load_all()  # every model, and the registry's change feed that marks what the checker re-judges
    from monitor.checker import startup as checker_startup
    from monitor.extensions import api, babel

    babel.init_app(app, locale_selector=_locale)
    from flask_babel import get_locale

    app.jinja_env.globals["get_locale"] = get_locale
    current.init_app(app)
    api.init_app(app)
    _register_api(api)
    app.register_blueprint(health.bp)
    _register_ui(app)
    errors.register(app)
    checker_startup.init_app(app)  # the embedded default checks at start (CHECK_ON_START)
    _serve_jobs_on_a_thread(app)

    @app.teardown_appcontext
    def _remove_session(_exc: BaseException | None) -> None:
        db.session.remove()

    @app.after_request
    def _security_headers(response):  # type: ignore[no-untyped-def]
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "SAMEORIGIN")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
        # The product's pages load scripts and styles from files only; Swagger UI needs inline ones.
        docs = request.path.startswith(app.config.get("OPENAPI_URL_PREFIX") or "/api/v1")
        response.headers.setdefault("Content-Security-Policy", DOCS_CSP if docs else PAGE_CSP)
        if response.mimetype == "text/html" and g.get("user") is not None:
            response.headers.setdefault("Cache-Control", "no-store")
        return response

    return app


def _locale() -> str:
    from flask import session

    chosen = request.args.get("lang") or session.get("lang")
    if chosen in {"zh_CN", "en"}:
        return chosen
    return request.accept_languages.best_match(["zh_CN", "en"], default="zh_CN") or "zh_CN"


def _connect(app: Flask) -> None:
    """Configure the database and the job queue; fail with one clear sentence if unreachable."""
    url = app.config["DATABASE_URL"]
    try:
        _probe(url)
    except OperationalError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise ConfigError(f"DATABASE_URL cannot be reached ({_redact(url)}): {reason}") from None
    except Exception as exc:  # bad dialect or driver name
        raise ConfigError(f"DATABASE_URL is not usable ({_redact(url)}): {exc}") from None
    db.configure(url)
    try:
        jobs.configure(app.config["REDIS_URL"])
    except ValueError as exc:
        raise ConfigError(f"REDIS_URL is malformed: {exc}") from None
    if app.config["DATABASE_URL"].startswith("sqlite") and app.config.get("AUTO_MIGRATE", True):
        # The embedded default creates its schema on first start; production runs `monitor db upgrade`.
        from monitor import migrations

        migrations.ensure_schema()


def _serve_jobs_on_a_thread(app: Flask) -> None:
    """In the embedded default with ``EMBEDDED_JOBS=thread``, the first request starts the server's
    job thread (``app.extensions["job_thread"]``), which also runs the periodic jobs that have an
    interval; CLI commands, which serve no request, keep running their jobs inline."""
    if app.config.get("REDIS_URL") or app.config.get("EMBEDDED_JOBS") != "thread":
        return
    from monitor.schedule import PERIODIC

    # What `monitor cron` runs every few minutes (the reconcilers, alert retries); the daily work
    # is the checker thread's (monitor/checker/startup.py).
    every = {dotted: interval for dotted, _cron, interval, _queue in PERIODIC if interval}
    thread = app.extensions["job_thread"] = jobs.JobThread(app.app_context, every)

    @app.before_request
    def _start_job_thread_once() -> None:
        thread.start()


def _probe(url: str) -> None:
    """Connect once with a throw-away engine, so a bad URL leaves the configured one alone."""
    from sqlalchemy import create_engine

    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    finally:
        engine.dispose()


def _redact(url: str) -> str:
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "<unparseable>"


def _register_api(api: Any) -> None:
    from monitor.api_registry import register_all

    register_all(api)


def _register_ui(app: Flask) -> None:
    from monitor.ui_registry import register_all

    register_all(app)
