"""Session login and logout for the web UI (登录)."""

from __future__ import annotations

from urllib.parse import urlparse

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import login_user, logout_user

from contracts.access.services import LOCK_AFTER, LOCK_FOR, authenticate
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
        user = authenticate(db.session, username, request.form.get("password", ""))
        db.commit()  # the sign-in, or the failure counted
        if user is not None:
            login_user(user)
            session["lang"] = user.locale
            return redirect(_safe_next(request.args.get("next")))
        # the same words whether the username exists, the password is wrong or the account is locked
        error = _("Wrong username or password. After %(n)d failures in a row an account is locked for "
                  "%(minutes)d minutes.", n=LOCK_AFTER, minutes=LOCK_FOR.seconds // 60)
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
