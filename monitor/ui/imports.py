"""Spreadsheet import in the workbench: a dry run that lists every bad row, then the real run (批量导入).

The uploaded file is kept (content-addressed under UPLOAD_DIR/imports) between the dry run and the
real run, so the clerk does not upload it twice. ``contracts.importer.services.run_import`` does
all the checking and writing.
"""

from __future__ import annotations

import re
from pathlib import Path

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from contracts.access.permissions import Permission
from contracts.core.db import db
from contracts.core.errors import DomainError
from contracts.documents.storage import BlobStore
from contracts.importer import services
from monitor.auth.current import user
from monitor.ui.common import is_form_error, localise, staff_page

bp = Blueprint("import_ui", __name__, url_prefix="/staff/import")

SHOWN_ERRORS = 500  # a report longer than this says how many more there are


def store() -> BlobStore:
    return BlobStore(Path(current_app.config["UPLOAD_DIR"]) / "imports")


@bp.get("/")
@staff_page(Permission.registry_write)
def upload():  # type: ignore[no-untyped-def]
    return render_template("ui/contracts/import.html", report=None, sha="", filename="")


@bp.post("/")
@staff_page(Permission.registry_write)
def run():  # type: ignore[no-untyped-def]
    dry_run = request.form.get("mode", "dry") != "real"
    sha = request.form.get("sha", "")
    filename = request.form.get("filename", "")
    file = request.files.get("file")
    if file is not None and file.filename:
        data = file.stream.read(int(current_app.config["MAX_UPLOAD_MB"]) * 1024 * 1024 + 1)
        filename = file.filename
        sha = store().put(data)
    elif re.fullmatch(r"[0-9a-f]{64}", sha) and store().exists(sha):
        data = store().read(sha)
    else:
        flash(_("Choose the spreadsheet to import."), "error")
        return redirect(url_for(".upload"))
    try:
        report = services.run_import(db.session, data, user=user(), filename=filename, dry_run=dry_run)
    except DomainError as exc:
        db.rollback()
        if isinstance(exc, services.ImportRejected):
            report = exc.report
        elif is_form_error(exc) or exc.status == 413:
            flash("; ".join(localise(m) for ms in exc.errors.values() for m in ms), "error")
            return redirect(url_for(".upload"))
        else:
            raise
    else:
        if dry_run:
            db.rollback()
        else:
            db.commit()
            flash(_("Imported %(name)s: every row was stored.", name=filename))
    status = 200 if report.ok else 422
    return render_template("ui/contracts/import.html", report=report, sha=sha, filename=filename,
                           shown=report.errors[:SHOWN_ERRORS], more=max(0, len(report.errors) - SHOWN_ERRORS)), status
