"""Who may see which report, and building, exporting and downloading reports (报表服务).

Supervisors, credit officers, finance staff and administrators see every agency; agency staff see
their own agency's contracts, officials and scoreboard row; enterprises see no reports (403).
Big reports are exported by a background job (``workers.reports.build_export``) that records its
progress on a ``ReportExport`` row and leaves the file under ``REPORT_DIR``.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from contracts.access.models import User
from contracts.access.permissions import Permission, require
from contracts.audit import trail
from contracts.core import clock, jobs
from contracts.core.enums import Role
from contracts.core.errors import Conflict, DomainError, Forbidden, NotFound, msg
from contracts.organisations.models import Official
from contracts.registry.models import Contract
from monitor.reports import contract_lookback, document, exporters, official_lookback, scoreboard
from monitor.reports.models import ExportStatus, ReportExport

REPORTS = ("contract_lookback", "official_lookback", "scoreboard")
JOB = "workers.reports.build_export"
DETAIL_PAGE = 5000


def agency_scope(user: User) -> int | None:
    """The one agency a user's reports are limited to (agency staff), or None for all."""
    require(user, Permission.reports_read)
    return user.agency_id if user.role == Role.agency_staff else None


def _as_of(value: date | None) -> date:
    today = clock.today()
    if value is not None and value > today:
        raise DomainError.field("as_of", "截至日期不能晚于今天", "as_of cannot be in the future")
    return value or today


def visible_contract(session: Session, user: User, contract_id: int) -> Contract:
    scope = agency_scope(user)
    contract = session.get(Contract, contract_id)
    if contract is None or (scope is not None and contract.agency_id != scope):
        raise NotFound("contract")
    return contract


def visible_official(session: Session, user: User, official_id: int) -> Official:
    scope = agency_scope(user)
    official = session.get(Official, official_id)
    if official is None or (scope is not None and official.agency_id != scope):
        raise NotFound("official")
    return official


def contract_report(session: Session, user: User, contract_id: int, as_of: date | None = None) -> dict[str, Any]:
    """The contract look-back, if ``user`` may see the contract."""
    contract = visible_contract(session, user, contract_id)
    return contract_lookback.build(session, contract, as_of=_as_of(as_of))


def official_report(session: Session, user: User, official_id: int, as_of: date | None = None) -> dict[str, Any]:
    """The official look-back, limited to the contracts ``user`` may see."""
    official = visible_official(session, user, official_id)
    return official_lookback.build(session, official, as_of=_as_of(as_of), agency_id=agency_scope(user))


def scoreboard_query(user: User, *, start: date, end: date, as_of: date | None = None, group: str = "agency",
                     region_code: str | None = None, agency_id: int | None = None) -> scoreboard.Query:
    """The scoreboard query ``user`` may run: agency staff are held to their own agency."""
    scope = agency_scope(user)
    if scope is not None:
        if agency_id is not None and agency_id != scope:
            raise Forbidden("只能查看本部门的评价", "agency staff may only see their own agency")
        agency_id = scope
    return scoreboard.Query.make(start=start, end=end, as_of=as_of, group=group, region_code=region_code,
                                 agency_id=agency_id)


def scoreboard_details(session: Session, q: scoreboard.Query,
                       progress: Callable[[int, int], None] | None = None) -> list[dict[str, Any]]:
    """Every contract behind the payments that fell due (the drill-down of ``payments_due``), page by page."""
    rows, total = scoreboard.drilldown(session, q, "payments_due", None, page=1, page_size=DETAIL_PAGE)
    pages = max(1, -(-total // DETAIL_PAGE))
    for page in range(2, pages + 1):
        if progress:
            progress(page - 1, pages)
        rows += scoreboard.drilldown(session, q, "payments_due", None, page=page, page_size=DETAIL_PAGE)[0]
    return rows


def to_document(report: dict[str, Any], details: list[dict[str, Any]] | None = None) -> document.Document:
    kind = report["report"]
    if kind == "contract_lookback":
        return document.contract_document(report)
    if kind == "official_lookback":
        return document.official_document(report)
    return document.scoreboard_document(report, details)


def render(report: dict[str, Any], fmt: str, details: list[dict[str, Any]] | None = None) -> exporters.Rendered:
    """The report as a file; CSV is offered for the scoreboard only."""
    if fmt == "csv" and report["report"] != "scoreboard":
        raise DomainError.field("format", "CSV 仅用于诚信评价表", "CSV is offered for the scoreboard only")
    return exporters.render(to_document(report, details), fmt)


# ---- exports by background job --------------------------------------------------------------
def _check_params(session: Session, user: User, report: str, params: dict[str, Any]) -> dict[str, Any]:
    """Validate the parameters now, so a bad request is refused before anything is stored."""
    if report == "contract_lookback":
        if not isinstance(params.get("contract_id"), int):
            raise DomainError.field("params", "须提供 contract_id", "contract_id is required")
        visible_contract(session, user, params["contract_id"])
        _as_of(params.get("as_of"))
        return {"contract_id": params["contract_id"], "as_of": params.get("as_of")}
    if report == "official_lookback":
        if not isinstance(params.get("official_id"), int):
            raise DomainError.field("params", "须提供 official_id", "official_id is required")
        visible_official(session, user, params["official_id"])
        _as_of(params.get("as_of"))
        return {"official_id": params["official_id"], "as_of": params.get("as_of")}
    if "start" not in params or "end" not in params:
        raise DomainError.field("params", "诚信评价须提供 start 和 end", "the scoreboard needs start and end")
    q = scoreboard_query(user, start=params["start"], end=params["end"], as_of=params.get("as_of"),
                         group=params.get("group", "agency"), region_code=params.get("region_code"),
                         agency_id=params.get("agency_id"))
    return {"start": q.start, "end": q.end, "as_of": q.as_of, "group": q.group, "region_code": q.region_code,
            "agency_id": params.get("agency_id"), "details": bool(params.get("details", False))}


def request_export(session: Session, user: User, *, report: str, fmt: str, params: dict[str, Any]) -> ReportExport:
    """Queue an export of ``report`` as ``fmt``; the job runs after the caller commits."""
    require(user, Permission.reports_read)
    if report not in REPORTS:
        raise DomainError.field("report", f"未知的报表 {report}", f"unknown report {report!r}; one of {', '.join(REPORTS)}")
    if fmt not in exporters.FILE_FORMATS:
        raise DomainError.field("format", f"不支持的导出格式 {fmt}", f"format must be one of {', '.join(exporters.FILE_FORMATS)}")
    if fmt == "csv" and report != "scoreboard":
        raise DomainError.field("format", "CSV 仅用于诚信评价表", "CSV is offered for the scoreboard only")
    clean = trail.jsonable(_check_params(session, user, report, params))
    export = ReportExport(report=report, format=fmt, params=clean, requested_by_id=user.id)
    session.add(export)
    session.flush()
    trail.record(session, "create", "report_export", export.id, after=trail.snapshot(export))
    jobs.enqueue(session, JOB, export.id, queue="low", timeout=3600, retries=0)
    return export


def get_export(session: Session, user: User, export_id: int) -> ReportExport:
    """An export its requester (or an administrator) may see; 404 for anyone else."""
    require(user, Permission.reports_read)
    export = session.get(ReportExport, export_id)
    if export is None or (export.requested_by_id != user.id and user.role != Role.admin):
        raise NotFound("report export")
    return export


def report_dir(config: dict[str, Any]) -> Path:
    path = Path(config.get("REPORT_DIR") or Path(config["INSTANCE_PATH"]) / "reports")
    path.mkdir(parents=True, exist_ok=True)
    return path


def export_file(session: Session, user: User, export_id: int, config: dict[str, Any]) -> tuple[Path, ReportExport]:
    """The finished file of an export; 409 while it is being built, 410 when the file is gone."""
    export = get_export(session, user, export_id)
    if export.status != ExportStatus.done or not export.file_path:
        raise Conflict({"status": [msg(f"导出尚未完成（{export.status}）", f"the export is not ready ({export.status})")]})
    path = report_dir(config) / export.file_path
    if not path.is_file():
        raise DomainError({"_schema": [msg("导出文件已不存在，请重新导出", "the file is gone; export again")]}, 410)
    return path, export


def run_export(session: Session, export: ReportExport, config: dict[str, Any],
               commit: Callable[[], None]) -> ReportExport:
    """Build the export's report as its requester would see it, write the file, mark it done."""
    user = session.get(User, export.requested_by_id)
    if user is None or not user.active:
        raise Forbidden("导出申请人已停用", "the requesting user is no longer active")
    export.status, export.started_at, export.progress = ExportStatus.running, clock.now(), 1
    commit()

    def progress(done: int, total: int) -> None:
        export.progress = max(export.progress, min(95, int(90 * done / max(total, 1))))
        commit()

    p = export.params
    as_of = date.fromisoformat(p["as_of"]) if p.get("as_of") else None
    details = None
    if export.report == "contract_lookback":
        report = contract_report(session, user, p["contract_id"], as_of)
    elif export.report == "official_lookback":
        report = official_report(session, user, p["official_id"], as_of)
    else:
        q = scoreboard_query(user, start=date.fromisoformat(p["start"]), end=date.fromisoformat(p["end"]),
                             as_of=as_of, group=p["group"], region_code=p.get("region_code"),
                             agency_id=p.get("agency_id"))
        report = scoreboard.build(session, q, config=config,
                                  progress=lambda d, t: progress(d, t * 2 if p.get("details") else t))
        if p.get("details"):
            details = scoreboard_details(session, q, lambda d, t: progress(t + d, t * 2))
    progress(9, 10)
    rendered = render(report, export.format, details)
    folder = report_dir(config)
    name = f"{export.id:06d}-{rendered.filename}"
    tmp = folder / (name + ".part")
    tmp.write_bytes(rendered.content)
    os.replace(tmp, folder / name)
    export.file_path, export.file_name, export.size_bytes = name, rendered.filename, len(rendered.content)
    export.status, export.progress, export.finished_at = ExportStatus.done, 100, clock.now()
    commit()
    return export
