"""Resolving the current user for a request, and the permission check endpoints use."""

from __future__ import annotations

from flask import Flask, g, request
from flask_login import current_user

from contracts.access.current import Unauthorized, authenticated, requires, user
from contracts.access.models import User
from contracts.access.services import user_for_token
from contracts.audit import trail
from contracts.core.db import db
from monitor.extensions import csrf, login_manager

__all__ = ["Unauthorized", "authenticated", "init_app", "requires", "user"]

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    app.config["WTF_CSRF_CHECK_DEFAULT"] = False
    csrf.init_app(app)

    @login_manager.user_loader
    def _load(user_id: str) -> User | None:
        u = db.session.get(User, int(user_id)) if user_id.isdigit() else None
        return u if u is not None and u.active else None

    @app.before_request
    def _resolve_user() -> None:
        g.user = None
        header = request.headers.get("Authorization", "")
        via_token = header.lower().startswith("bearer ")
        if via_token:
            u = user_for_token(db.session, header[7:].strip())
            if u is None:
                raise Unauthorized()
            g.user = u
        elif current_user.is_authenticated:
            g.user = current_user._get_current_object()
        unsafe = request.method not in SAFE_METHODS
        if unsafe and g.user is None and request.path.startswith("/api/"):
            # Every API write needs a user: a script that forgot its token is told so (401), not
            # refused for a missing CSRF token it has no use for (400 without a word).
            raise Unauthorized()
        if unsafe and not via_token and app.config.get("WTF_CSRF_ENABLED", True):
            csrf.protect()
        if g.user is not None:
            g.audit_token = trail.set_actor(trail.Actor(g.user.id, g.user.username))

    @app.teardown_request
    def _reset_actor(_exc: BaseException | None) -> None:
        token = g.pop("audit_token", None)
        if token is not None:
            trail.reset_actor(token)
