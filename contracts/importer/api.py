"""API: spreadsheet import (/api/v1/imports) and its template (/api/v1/imports/template)."""

from __future__ import annotations

import io
from typing import Any

from flask import current_app, request, send_file
from flask.views import MethodView
from flask_smorest import Blueprint
from werkzeug.exceptions import RequestEntityTooLarge

from contracts.access.current import authenticated, requires
from contracts.access.permissions import Permission
from contracts.core.db import db
from contracts.core.errors import DomainError
from contracts.importer import services, template
from contracts.importer.schemas import ImportArgsSchema, ImportReportSchema, TemplateArgsSchema

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
    too_large = DomainError.field("file", f"文件超过上传大小上限 {limit_mb} MB",
                                  f"the file exceeds the {limit_mb} MB upload limit", status=413)
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


@blp.route("/imports")
class Imports(MethodView):
    @blp.arguments(ImportArgsSchema, location="query")
    @blp.doc(requestBody=UPLOAD_BODY)
    @blp.response(201, ImportReportSchema, description="imported (200 for a dry run)")
    def post(self, args: dict[str, Any]):  # type: ignore[no-untyped-def]
        """Import a spreadsheet; ``dry_run=true`` reports every bad row and stores nothing.

        A real run stores all rows or (422, every bad row listed) none; re-importing a file changes nothing.
        """
        user = requires(Permission.registry_write)
        data, filename = _upload()
        report = services.run_import(db.session, data, user=user, filename=filename, sheet=args.get("sheet"),
                                     dry_run=args["dry_run"])
        if args["dry_run"]:
            db.rollback()
            return report.as_dict(), 200
        db.commit()
        return report.as_dict()


@blp.route("/imports/template")
class ImportTemplate(MethodView):
    @blp.arguments(TemplateArgsSchema, location="query")
    @blp.response(200, description="the .xlsx template (or one sheet's CSV header)")
    def get(self, args: dict[str, Any]):  # type: ignore[no-untyped-def]
        """Download the import template, documented in its 说明 sheet."""
        requires(Permission.registry_read)
        if args["format"] == "csv":
            return send_file(io.BytesIO(template.csv_header(args["sheet"])), mimetype="text/csv; charset=utf-8",
                             as_attachment=True, download_name=f"{args['sheet']}.csv")
        return send_file(io.BytesIO(template.workbook()), mimetype=XLSX, as_attachment=True,
                         download_name="contract-import-template.xlsx")

