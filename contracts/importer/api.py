"""API: spreadsheet import (/api/v1/imports), its runs in the background and its template (批量导入).

``POST /imports`` answers when the import is done (201 with the report; 200 for a dry run; 422
listing every bad row), as scripts expect; with ``background=true`` it stores the file and answers
202 at once with the import run, which ``GET /imports/{id}`` follows (status, stage, rows done /
total, then the report). A synchronous import is never moved to the background behind a
script's back, whatever its size: its answer is the contract.
"""

from __future__ import annotations

import io
from typing import Any

from flask import Response, current_app, jsonify, request, send_file
from flask.views import MethodView
from werkzeug.exceptions import RequestEntityTooLarge

from contracts.access.current import authenticated, requires
from contracts.access.permissions import Permission
from contracts.core.api import Blueprint
from contracts.core.db import db
from contracts.core.errors import DomainError, upload_too_large
from contracts.core.schemas import page_of
from contracts.importer import runs, services, template
from contracts.importer.models import ImportRun
from contracts.importer.schemas import (
    ImportArgsSchema,
    ImportReportSchema,
    ImportRunDetailSchema,
    ImportRunSchema,
    RerunArgsSchema,
    RunQuerySchema,
    TemplateArgsSchema,
)

blp = Blueprint("imports_api", __name__, url_prefix="/api/v1",
                description="Spreadsheet import of contracts, obligations, events, payments, responsibilities (批量导入)")


@blp.before_request
def _signed_in() -> None:
    """Every endpoint here needs a signed-in user: 401 comes before the body is even read."""
    authenticated()

UPLOAD_BODY = {
    "required": True,
    "content": {"multipart/form-data": {"schema": {
        "type": "object", "required": ["file"],
        "properties": {"file": {"type": "string", "format": "binary",
                                "description": ".xlsx workbook or .csv sheet in the template's layout"}}}}},
}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _upload() -> tuple[bytes, str]:
    limit_mb = int(current_app.config["MAX_UPLOAD_MB"])
    too_large = upload_too_large(limit_mb)
    try:
        upload = request.files.get("file")
    except RequestEntityTooLarge:
        raise too_large from None
    if upload is None:
        raise DomainError.field("file", "请选择要导入的 .xlsx 或 .csv 文件（字段名 file）",
                                "attach the .xlsx or .csv file as the multipart field 'file'")
    data = upload.stream.read(limit_mb * 1024 * 1024 + 1)
    if len(data) > limit_mb * 1024 * 1024:
        raise too_large
    return data, upload.filename or ""


def _accepted(run: ImportRun) -> Response:
    """202 with the run and its URL in Location."""
    response = jsonify(ImportRunSchema().dump(run))
    response.status_code = 202
    response.headers["Location"] = f"/api/v1/imports/{run.id}"
    return response


def _store() -> Any:
    return runs.blob_store(current_app.config["UPLOAD_DIR"])


@blp.route("/imports")
class Imports(MethodView):
    @blp.arguments(RunQuerySchema, location="query")
    @blp.response(200, ImportRunSchema(many=True))
    @blp.paginate()
    def get(self, args: dict[str, Any], pagination_parameters: Any):  # type: ignore[no-untyped-def]
        """List import runs, newest first (an agency's staff: their agency's)."""
        user = requires(Permission.registry_write)
        stmt = runs.visible_runs(user)
        if "status" in args:
            stmt = stmt.where(ImportRun.status == args["status"])
        if "dry_run" in args:
            stmt = stmt.where(ImportRun.dry_run == args["dry_run"])
        return page_of(db.session, stmt.order_by(ImportRun.id.desc()), pagination_parameters)

    @blp.arguments(ImportArgsSchema, location="query")
    @blp.doc(requestBody=UPLOAD_BODY)
    @blp.response(201, ImportReportSchema, description="imported (200 for a dry run)")
    @blp.alt_response(202, schema=ImportRunSchema, description="background=true: the file is stored and the run "
                      "queued; follow it at Location")
    @blp.alt_response(200, schema=ImportReportSchema, description="dry_run=true: the report; nothing stored",
                      success=True)
    @blp.error(413, "the file exceeds MAX_UPLOAD_MB")
    def post(self, args: dict[str, Any]):  # type: ignore[no-untyped-def]
        """Import a spreadsheet; ``dry_run=true`` reports every bad row and stores nothing.

        A real run stores all rows or (422, every bad row listed) none; re-importing a file changes nothing.
        ``background=true`` answers 202 at once with the run (use it for large files: a synchronous import
        holds the request until it is done).
        """
        user = requires(Permission.registry_write)
        data, filename = _upload()
        if args["background"]:
            run = runs.start(db.session, user, data=data, filename=filename, store=_store(),
                             max_bytes=int(current_app.config["MAX_UPLOAD_MB"]) * 1024 * 1024,
                             dry_run=args["dry_run"], sheet=args.get("sheet"))
            db.commit()  # sends the job (embedded: to the server's job thread, or inline in CLI and tests)
            db.session.refresh(run)
            return _accepted(run)
        report = services.run_import(db.session, data, user=user, filename=filename, sheet=args.get("sheet"),
                                     dry_run=args["dry_run"])
        if args["dry_run"]:
            db.rollback()
            return report.as_dict(), 200
        db.commit()
        return report.as_dict()


@blp.route("/imports/<int:run_id>")
class ImportRunItem(MethodView):
    @blp.response(200, ImportRunDetailSchema)
    def get(self, run_id: int):  # type: ignore[no-untyped-def]
        """An import run: status, stage, rows done / total, the error line, and the report once there is one."""
        return runs.get_run(db.session, requires(Permission.registry_write), run_id)


@blp.route("/imports/<int:run_id>/rerun")
class ImportRerun(MethodView):
    @blp.arguments(RerunArgsSchema, location="query")
    @blp.response(202, ImportRunSchema)
    def post(self, args: dict[str, Any], run_id: int):  # type: ignore[no-untyped-def]
        """Run the stored file again as a new run (``dry_run=false``: the real run of a checked file)."""
        user = requires(Permission.registry_write)
        run = runs.get_run(db.session, user, run_id)
        again = runs.rerun(db.session, user, run, store=_store(), dry_run=args.get("dry_run"))
        db.commit()
        db.session.refresh(again)
        return _accepted(again)


@blp.route("/imports/template")
class ImportTemplate(MethodView):
    @blp.arguments(TemplateArgsSchema, location="query")
    @blp.files(XLSX, "text/csv", description="the .xlsx template (or with ?sheet= that sheet's CSV header)")
    def get(self, args: dict[str, Any]):  # type: ignore[no-untyped-def]
        """Download the import template, documented in its 说明 sheet."""
        requires(Permission.registry_read)
        if args["format"] == "csv":
            return send_file(io.BytesIO(template.csv_header(args["sheet"])), mimetype="text/csv; charset=utf-8",
                             as_attachment=True, download_name=f"{args['sheet']}.csv")
        return send_file(io.BytesIO(template.workbook()), mimetype=XLSX, as_attachment=True,
                         download_name="contract-import-template.xlsx")

