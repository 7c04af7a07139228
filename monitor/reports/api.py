"""API: responsibility look-backs, the integrity scoreboard, and report exports (报表).

Each report answers ``?format=json`` (default), ``xlsx`` or ``pdf`` (and ``csv`` for the
scoreboard). Reports over many contracts are exported by a job: ``POST /reports/exports``, then
poll ``GET /reports/exports/{id}`` and download ``GET /reports/exports/{id}/download``.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import quote

from flask import Response, current_app, send_file
from flask.views import MethodView
from sqlalchemy import select

from contracts.access.permissions import Permission
from contracts.core import clock
from contracts.core.api import Blueprint
from contracts.core.db import db
from contracts.core.schemas import page_of
from monitor.auth.current import requires
from monitor.reports import scoreboard, service
from monitor.reports.exporters import CONTENT_TYPES
from monitor.reports.models import ReportExport
from monitor.reports.schemas import (
    ContractLookbackSchema,
    DrilldownQuerySchema,
    DrilldownRowSchema,
    ExportRequestSchema,
    LookbackQuerySchema,
    OfficialLookbackSchema,
    ReportExportSchema,
    ScoreboardQuerySchema,
    ScoreboardSchema,
)

blp = Blueprint("reports", __name__, url_prefix="/api/v1/reports",
                description="Responsibility look-back and the integrity scoreboard (项目责任回溯与政务诚信评价)")

MEDIA = {fmt: ctype.split(";")[0] for fmt, ctype in CONTENT_TYPES.items()}  # without the charset



def _file(report: dict[str, Any], fmt: str) -> Response:
    rendered = service.render(report, fmt)
    response = Response(rendered.content, mimetype=rendered.content_type.split(";")[0])
    if ";" in rendered.content_type:
        response.headers["Content-Type"] = rendered.content_type
    response.headers["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(rendered.filename)}"
    return response


def _answer(report: dict[str, Any], fmt: str) -> Any:
    return report if fmt == "json" else _file(report, fmt)


def _query(user: Any, args: dict[str, Any]) -> scoreboard.Query:
    today = clock.today()
    return service.scoreboard_query(
        user, start=args.get("start") or date(today.year, 1, 1), end=args.get("end") or today,
        as_of=args.get("as_of"), group=args["group"], region_code=args.get("region_code"),
        agency_id=args.get("agency_id"))


@blp.route("/contracts/<int:contract_id>/lookback")
class ContractLookback(MethodView):
    @blp.arguments(LookbackQuerySchema, location="query")
    @blp.response(200, ContractLookbackSchema)
    @blp.files(MEDIA["xlsx"], MEDIA["pdf"], description="xlsx or pdf when asked by ?format=")
    def get(self, args: dict[str, Any], contract_id: int):  # type: ignore[no-untyped-def]
        """Contract look-back (项目责任回溯): every stage with the officials responsible on its date."""
        user = requires(Permission.reports_read)
        report = service.contract_report(db.session, user, contract_id, args.get("as_of"))
        return _answer(report, args["format"])


@blp.route("/officials/<int:official_id>/lookback")
class OfficialLookback(MethodView):
    @blp.arguments(LookbackQuerySchema, location="query")
    @blp.response(200, OfficialLookbackSchema)
    @blp.files(MEDIA["xlsx"], MEDIA["pdf"], description="xlsx or pdf when asked by ?format=")
    def get(self, args: dict[str, Any], official_id: int):  # type: ignore[no-untyped-def]
        """Official look-back (责任人履职回溯): tenures, obligations and breaches under their watch."""
        user = requires(Permission.reports_read)
        report = service.official_report(db.session, user, official_id, args.get("as_of"))
        return _answer(report, args["format"])


@blp.route("/scoreboard")
class Scoreboard(MethodView):
    @blp.arguments(ScoreboardQuerySchema, location="query")
    @blp.response(200, ScoreboardSchema)
    @blp.files(MEDIA["xlsx"], MEDIA["pdf"], MEDIA["csv"], description="xlsx, pdf or csv when asked by ?format=")
    def get(self, args: dict[str, Any]):  # type: ignore[no-untyped-def]
        """Integrity scoreboard (政务诚信评价) per agency or region: on-time payment rate, days late, score."""
        user = requires(Permission.reports_read)
        report = scoreboard.build(db.session, _query(user, args), config=current_app.config)
        return _answer(report, args["format"])


@blp.route("/scoreboard/drilldown")
class ScoreboardDrilldown(MethodView):
    @blp.arguments(DrilldownQuerySchema, location="query")
    @blp.response(200, DrilldownRowSchema(many=True))
    @blp.paginate()
    def get(self, args: dict[str, Any], pagination_parameters: Any):  # type: ignore[no-untyped-def]
        """The contracts behind one figure of one scoreboard row (key: agency id or region code)."""
        user = requires(Permission.reports_read)
        rows, total = scoreboard.drilldown(db.session, _query(user, args), args["figure"], args.get("key"),
                                           page=pagination_parameters.page,
                                           page_size=pagination_parameters.page_size)
        pagination_parameters.item_count = total
        return rows


@blp.route("/exports")
class Exports(MethodView):
    @blp.arguments(ExportRequestSchema)
    @blp.response(202, ReportExportSchema)
    def post(self, data: dict[str, Any]):  # type: ignore[no-untyped-def]
        """Export a report as a file by a background job; poll the export, then download it."""
        user = requires(Permission.reports_read)
        export = service.request_export(db.session, user, report=data["report"], fmt=data["format"],
                                        params=data["params"])
        db.commit()  # sends the job (embedded: to the server's job thread, or inline in CLI and tests)
        db.session.refresh(export)
        return export

    @blp.response(200, ReportExportSchema(many=True))
    @blp.paginate()
    def get(self, pagination_parameters: Any):  # type: ignore[no-untyped-def]
        """My exports, newest first."""
        user = requires(Permission.reports_read)
        stmt = select(ReportExport).where(ReportExport.requested_by_id == user.id).order_by(ReportExport.id.desc())
        return page_of(db.session, stmt, pagination_parameters)


@blp.route("/exports/<int:export_id>")
class ExportItem(MethodView):
    @blp.response(200, ReportExportSchema)
    def get(self, export_id: int):  # type: ignore[no-untyped-def]
        """An export's status and progress (queued, running, done, failed)."""
        return service.get_export(db.session, requires(Permission.reports_read), export_id)


@blp.route("/exports/<int:export_id>/download")
class ExportDownload(MethodView):
    @blp.files(*MEDIA.values(), description="the export's file, in its format")
    @blp.error(409, "not ready yet (queued, running or failed)")
    @blp.error(410, "the file is no longer kept")
    def get(self, export_id: int):  # type: ignore[no-untyped-def]
        """Download a finished export's file."""
        user = requires(Permission.reports_read)
        path, export = service.export_file(db.session, user, export_id, current_app.config)
        ctype = CONTENT_TYPES.get(export.format, "application/octet-stream")
        return send_file(path, mimetype=ctype.split(";")[0], as_attachment=True,
                         download_name=export.file_name or path.name)
