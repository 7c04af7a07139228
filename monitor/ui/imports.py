"""Spreadsheet import in the workbench, always as a background job (批量导入).

Uploading stores the file and starts a dry run (``contracts.importer.runs.start``); the run's page
shows its progress, polled from the imports API as a document's parse is, then its report: every
bad row, or what the real run stored. A clean dry run is imported for real from the stored file,
without uploading it again; a failed run is run again the same way. The upload page lists the
recent runs the user may see.
"""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.exceptions import RequestEntityTooLarge

from contracts.access.models import User
from contracts.access.permissions import Permission
from contracts.core.db import db
from contracts.core.errors import DomainError
from contracts.documents.storage import BlobStore
from contracts.importer import runs
from contracts.importer.models import ImportRun
from monitor.auth.current import user
from monitor.ui.common import is_form_error, localise, paginate, staff_page

bp = Blueprint("import_ui", __name__, url_prefix="/staff/import")

SHOWN_ERRORS = 500  # a report longer than this says how many more there are


def store() -> BlobStore:
    return runs.blob_store(Path(current_app.config["UPLOAD_DIR"]))


def _max_bytes() -> int:
    return int(current_app.config["MAX_UPLOAD_MB"]) * 1024 * 1024


def _run(run_id: int) -> ImportRun:
    return runs.get_run(db.session, user(), run_id)


def _refused(exc: DomainError):  # type: ignore[no-untyped-def]
    """A refusal the clerk can act on, shown on the upload page; anything else is an error page."""
    if not (is_form_error(exc) or exc.status == 413):
        raise exc
    db.rollback()
    flash("; ".join(localise(m) for ms in exc.errors.values() for m in ms), "error")
    return redirect(url_for(".upload"))


@bp.get("/")
@staff_page(Permission.registry_write)
def upload():  # type: ignore[no-untyped-def]
    page = paginate(db.session, runs.visible_runs(user()).order_by(ImportRun.id.desc()))
    ids = {r.requested_by_id for r in page.items}
    requesters = {u.id: u.display_name or u.username for u in db.session.scalars(select(User).where(User.id.in_(ids)))}
    return render_template("ui/contracts/import.html", page=page, requesters=requesters)


@bp.post("/")
@staff_page(Permission.registry_write)
def run():  # type: ignore[no-untyped-def]
    dry_run = request.form.get("mode", "dry") != "real"
    try:
        file = request.files.get("file")
        data = file.stream.read(_max_bytes() + 1) if file is not None and file.filename else None
    except RequestEntityTooLarge:
        flash(_("The file is larger than the %(mb)s MB upload limit.", mb=current_app.config["MAX_UPLOAD_MB"]), "error")
        return redirect(url_for(".upload"))
    if data is None:
        flash(_("Choose the spreadsheet to import."), "error")
        return redirect(url_for(".upload"))
    try:
        started = runs.start(db.session, user(), data=data, filename=file.filename, store=store(),
                             max_bytes=_max_bytes(), dry_run=dry_run)
        db.commit()  # the run is queued (embedded: the server's job thread; else rq workers)
    except DomainError as exc:
        return _refused(exc)
    return redirect(url_for(".show", run_id=started.id), 303)


@bp.get("/runs/<int:run_id>")
@staff_page(Permission.registry_write)
def show(run_id: int):  # type: ignore[no-untyped-def]
    """The run: its progress while queued or running, then its report or why it failed."""
    run = _run(run_id)
    report = run.report or {}
    errors = report.get("errors") or []
    requester = db.session.get(User, run.requested_by_id)
    return render_template("ui/contracts/import_run.html", run=run, active=run.status in runs.ACTIVE, report=report,
                           shown=errors[:SHOWN_ERRORS],
                           more=max(0, len(errors) - SHOWN_ERRORS),
                           requester=(requester.display_name or requester.username) if requester else "")


@bp.post("/runs/<int:run_id>/import")
@staff_page(Permission.registry_write)
def import_checked(run_id: int):  # type: ignore[no-untyped-def]
    """Import for real the file a dry run found right, from the stored file."""
    checked = _run(run_id)
    if not (checked.dry_run and checked.status == runs.RunStatus.done and checked.problems == 0):
        flash(_("Only a dry run that found every row right can be imported from here."), "error")
        return redirect(url_for(".show", run_id=checked.id))
    try:
        real = runs.rerun(db.session, user(), checked, store=store(), dry_run=False)
        db.commit()
    except DomainError as exc:
        return _refused(exc)
    return redirect(url_for(".show", run_id=real.id), 303)


@bp.post("/runs/<int:run_id>/rerun")
@staff_page(Permission.registry_write)
def rerun(run_id: int):  # type: ignore[no-untyped-def]
    """Run the stored file again, as the run did (a failed run, or a refused one after the registry was corrected)."""
    again = _run(run_id)
    try:
        new = runs.rerun(db.session, user(), again, store=store())
        db.commit()
    except DomainError as exc:
        return _refused(exc)
    return redirect(url_for(".show", run_id=new.id), 303)
