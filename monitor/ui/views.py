"""The landing page."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for

from monitor.auth.current import user

bp = Blueprint("ui", __name__)


@bp.get("/")
def index():  # type: ignore[no-untyped-def]
    if user() is None:
        return redirect(url_for("auth.login"))
    return render_template("ui/index.html")
