"""Session login and logout for the web UI (登录)."""

from __future__ import annotations

from urllib.parse import urlparse

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import login_user, logout_user
from sqlalchemy import select

from contracts.access.models import User
from contracts.access.services import check_password
from contracts.core import clock
from contracts.core.db import db

bp = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str:
    if target and not urlparse(target).netloc and target.startswith("/"):
        return target
    return url_for("ui.index")


@bp.route("/login", methods=["GET", "POST"])
def login():  # type: ignore[no-untyped-def]
    error = None
    username = request.form.get("username", "").strip()
    if request.method == "POST":
        user = db.session.scalar(select(User).where(User.username == username))
        if user is not None and check_password(user, request.form.get("password", "")):
            user.last_login_at = clock.now()
            db.commit()
            login_user(user)
            session["lang"] = user.locale
            return redirect(_safe_next(request.args.get("next")))
        error = _("Wrong username or password.")
    return render_template("auth/login.html", error=error, username=username), 401 if error else 200


@bp.post("/logout")
def logout():  # type: ignore[no-untyped-def]
    logout_user()
    flash(_("You have signed out."))
    return redirect(url_for("auth.login"))


@bp.get("/lang/<code>")
def set_language(code: str):  # type: ignore[no-untyped-def]
    if code in {"zh_CN", "en"}:
        session["lang"] = code
    return redirect(_safe_next(request.referrer and urlparse(request.referrer).path))
