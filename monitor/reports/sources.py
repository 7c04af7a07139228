"""The registers the reports read beyond the registry and findings: dishonesty records and complaints.

``monitor.records`` (政务失信记录) and ``monitor.complaints`` (投诉举报) are feature packages of
their own; this module is the one place the reports read them through. A register counts as part
of the deployment when its model module is listed in ``monitor.models.MODEL_MODULES`` (so its
tables exist); one that is not gives no figures (None, shown as "—"), never a zero that would read
as a clean sheet.

Definitions (docs/scoreboard.md): a record counts in the period of its decision (``decided_on``)
unless it was dismissed, exempted or revoked; a complaint counts in the period it was submitted,
is handled once closed (``closed_on``), and is upheld when found true (认定属实 and after). Judged
at an earlier ``as_of``, each counts as it stood at the end of that day, by the same rules as the
contract look-back: a record by its own dates, a complaint by the steps taken by then.
"""

from __future__ import annotations

import importlib
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, func, or_, select, type_coerce
from sqlalchemy.orm import Session, aliased

from contracts.core import clock
from contracts.core.db import MONEY
from contracts.core.errors import DomainError
from contracts.core.schemas import rows_of_page
from contracts.core.types import money
from contracts.organisations.models import Agency
from contracts.registry.models import Contract
from monitor.checker.sql import days_between
from monitor.reports.sql import as_date

FIGURES: tuple[str, ...] = ("records", "complaints", "complaints_handled")
SUMMED: tuple[str, ...] = ("records", "complaints", "complaints_handled", "complaints_upheld",
                           "complaint_handling_days")

REGISTERS = {"records": ("monitor.records.models", "DishonestyRecord"),
             "complaints": ("monitor.complaints.models", "Complaint")}
# Decided records that stand (or stood) in the register; the others were never, or no longer, a record.
NOT_COUNTED_RECORDS = ("proposed", "dismissed", "exempted", "revoked")
CLOSED_COMPLAINTS = ("recorded", "resolved", "rejected")
UPHELD_COMPLAINTS = ("determined", "supervised", "recorded", "resolved")
RECORD_LABELS = {"proposed": "拟记入", "published": "认定公示", "objected": "异议处理中", "upheld": "异议后维持",
                 "corrected": "已更正", "revoked": "已撤销", "repaired": "信用修复", "expired": "公示期满",
                 "dismissed": "不予认定", "exempted": "容错免责"}
COMPLAINT_LABELS = {"submitted": "待受理", "accepted": "已受理", "reviewed": "已复核", "determined": "认定属实",
                    "supervised": "督办中", "recorded": "已记入信用记录", "resolved": "整改办结",
                    "rejected": "不予受理/不属实"}


def _model(register: str) -> Any:
    """The register's model class, or None when this deployment does not include it."""
    from monitor.models import MODEL_MODULES

    module_name, class_name = REGISTERS[register]
    if module_name not in MODEL_MODULES:
        return None
    return getattr(importlib.import_module(module_name), class_name)


def available() -> dict[str, bool]:
    """Which registers this deployment has."""
    return {name: _model(name) is not None for name in REGISTERS}


def _scope(stmt: Select[Any], q: Any) -> Select[Any]:
    if q.agency_id is not None:
        stmt = stmt.where(Agency.id == q.agency_id)
    if q.region_code and q.region_exact:
        stmt = stmt.where(Agency.region_code == q.region_code)
    elif q.region_code:
        stmt = stmt.where(Agency.region_code.like(q.region_code + "%"))
    return stmt


def _present(q: Any) -> bool:
    return q.as_of >= clock.today()


def _record_filter(model: Any, q: Any) -> list[ColumnElement[bool]]:
    """Records decided in the period that stand. Judged at an earlier ``as_of``, by the record's own
    dates (as the look-back's ``_record_status``): decided by then, and not dismissed or exempted
    (both dated by their decision) nor revoked by then (``ended_on``); one revoked later still counts."""
    cond = [model.decided_on.is_not(None), model.decided_on >= as_date(q.start), model.decided_on <= as_date(q.end)]
    if _present(q):
        return [*cond, model.status.not_in(NOT_COUNTED_RECORDS)]
    return [*cond, model.decided_on <= as_date(q.as_of),
            or_(model.status.not_in(NOT_COUNTED_RECORDS),
                and_(model.status == "revoked", model.ended_on.is_not(None), model.ended_on > as_date(q.as_of)))]


def _complaint_filter(model: Any, q: Any) -> list[ColumnElement[bool]]:
    cond = [model.submitted_on >= as_date(q.start), model.submitted_on <= as_date(q.end)]
    return cond if _present(q) else [*cond, model.submitted_on <= as_date(q.as_of)]


def _complaint_closed(model: Any, q: Any) -> ColumnElement[bool]:
    """Closed (handled), by the end of ``as_of``: closing is final and dated (``closed_on``)."""
    closed = and_(model.status.in_(CLOSED_COMPLAINTS), model.closed_on.is_not(None))
    return closed if _present(q) else and_(closed, model.closed_on <= as_date(q.as_of))


def _complaint_status(model: Any, q: Any) -> tuple[ColumnElement[Any], Any]:
    """A complaint's status at the end of ``as_of`` (as the look-back's ``_complaint_statuses``): where
    its last step taken by then took it; and the grouped steps to outer-join on ``model.id`` (None as at today)."""
    if _present(q):
        return model.status, None
    step = model.steps.property.mapper.class_
    last = (select(step.complaint_id.label("complaint_id"), func.max(step.id).label("step_id"))
            .where(step.on <= as_date(q.as_of)).group_by(step.complaint_id).subquery("complaint_last_step"))
    taken = aliased(step, name="complaint_step_then")
    return func.coalesce(taken.to_status, "submitted"), (last, taken)


def _join_status(stmt: Select[Any], model: Any, steps: Any) -> Select[Any]:
    if steps is None:
        return stmt
    last, taken = steps
    return (stmt.outerjoin(last, last.c.complaint_id == model.id)
            .outerjoin(taken, taken.id == last.c.step_id))


def scoreboard_figures(session: Session, q: Any) -> tuple[dict[Any, dict[str, int]], dict[str, int]] | None:
    """(figures per scoreboard key, the zeros of a row with none) for the registers present; None without either."""
    record, complaint = _model("records"), _model("complaints")
    if record is None and complaint is None:
        return None
    key = Agency.id if q.group == "agency" else Agency.region_code
    out: dict[Any, dict[str, Any]] = {}
    if record is not None:
        stmt = (select(key, func.count()).select_from(record).join(Agency, Agency.id == record.agency_id)
                .where(*_record_filter(record, q)).group_by(key))
        for k, n in session.execute(_scope(stmt, q)):
            out.setdefault(k, {})["records"] = int(n)
    if complaint is not None:
        closed = _complaint_closed(complaint, q)
        status, steps = _complaint_status(complaint, q)
        stmt = (select(key, func.count(),
                       func.sum(case((closed, 1), else_=0)),
                       func.sum(case((closed, days_between(complaint.submitted_on, complaint.closed_on)), else_=0)),
                       func.sum(case((status.in_(UPHELD_COMPLAINTS), 1), else_=0)))
                .select_from(complaint).join(Agency, Agency.id == complaint.agency_id))
        stmt = _join_status(stmt, complaint, steps).where(*_complaint_filter(complaint, q)).group_by(key)
        for k, n, handled, days, upheld in session.execute(_scope(stmt, q)):
            out.setdefault(k, {}).update(complaints=int(n), complaints_handled=int(handled or 0),
                                         complaint_handling_days=int(days or 0), complaints_upheld=int(upheld or 0))
    empty = {**({"records": 0} if record is not None else {}),
             **({"complaints": 0, "complaints_handled": 0, "complaint_handling_days": 0, "complaints_upheld": 0}
                if complaint is not None else {})}
    return out, empty


def drilldown(session: Session, q: Any, figure: str, *, page: int, page_size: int,
              last_if_past_end: bool = False) -> tuple[list[dict[str, Any]], int]:
    """The contracts behind a records or complaints figure (a row without a contract has contract_id null)."""
    register = "records" if figure == "records" else "complaints"
    model = _model(register)
    if model is None:
        raise DomainError.field("figure", "本系统未启用该登记簿", f"the {register} register is not installed")
    if register == "records":
        cond = _record_filter(model, q)
        amount = model.outstanding
    else:
        cond = _complaint_filter(model, q)
        if figure == "complaints_handled":
            cond = [*cond, _complaint_closed(model, q)]
        amount = model.amount
    stmt = (select(Contract.id, Contract.code, Contract.title, Agency.id, Agency.name, func.count(model.id),
                   type_coerce(func.sum(func.coalesce(amount, 0)), MONEY))
            .select_from(model).join(Agency, Agency.id == model.agency_id)
            .outerjoin(Contract, Contract.id == model.contract_id).where(*cond))
    stmt = _scope(stmt, q).group_by(Contract.id, Contract.code, Contract.title, Agency.id, Agency.name)
    rows, total = rows_of_page(session, stmt.order_by(Agency.id, Contract.id), page, page_size,
                               last_if_past_end=last_if_past_end)
    return [{"contract_id": r[0], "code": r[1] or "", "title": r[2] or "（未关联合同）", "agency_id": r[3],
             "agency_name": r[4], "count": r[5], "amount": money(r[6] or 0), "max_days_late": 0}
            for r in rows], total


def contract_items(session: Session, contract_id: int, until: date | None = None) -> list[dict[str, Any]]:
    """Timeline entries of one contract from the registers: records proposed, decided or ended,
    complaints filed or closed; with ``until``, those by the end of that day, in the status they had then."""

    def happened(on: date | None) -> bool:
        return on is not None and (until is None or on <= until)

    items: list[dict[str, Any]] = []
    record = _model("records")
    if record is not None:
        for r in session.scalars(select(record).where(record.contract_id == contract_id).order_by(record.id)):
            if not happened(r.proposed_on):
                continue
            status = _record_status(r, until)
            label = RECORD_LABELS.get(status, status)
            brief = {"record_id": r.id, "status": status, "status_label": label,
                     "category": r.category, "severity": r.severity, "publicity_end": r.publicity_end,
                     "officials": [{"name": o.name, "role": o.role, "capacity": o.capacity} for o in r.officials]}
            items.append({"date": r.proposed_on, "stage": "record", "matter": {"what": "record_proposed", "record_id": r.id},
                          "obligation_id": r.obligation_id, "details": r.facts[:300], "record": brief})
            if happened(r.decided_on):
                items.append({"date": r.decided_on, "stage": "record", "matter": {"what": "record_decided", "record_id": r.id, "status": status},
                              "obligation_id": r.obligation_id, "details": r.legal_basis[:300], "record": brief})
            if happened(r.ended_on):
                items.append({"date": r.ended_on, "stage": "record", "matter": {"what": "record_ended", "record_id": r.id, "status": status},
                              "obligation_id": r.obligation_id, "details": r.status_reason or "", "record": brief})
    complaint = _model("complaints")
    if complaint is not None:
        complaints = session.scalars(select(complaint).where(complaint.contract_id == contract_id)
                                     .order_by(complaint.id)).all()
        statuses = _complaint_statuses(session, complaint, [c.id for c in complaints], until)
        for c in complaints:
            if not happened(c.submitted_on):
                continue
            status = statuses.get(c.id, c.status)
            label = COMPLAINT_LABELS.get(status, status)
            items.append({"date": c.submitted_on, "stage": "complaint", "matter": {"what": "complaint_filed", "complaint_id": c.id, "subject": c.title},
                          "details": (c.description or "")[:300],
                          "record": {"complaint_id": c.id, "status": status, "status_label": label}})
            if happened(c.closed_on):
                items.append({"date": c.closed_on, "stage": "complaint", "matter": {"what": "complaint_closed", "complaint_id": c.id, "status": status},
                              "details": c.outcome or "",
                              "record": {"complaint_id": c.id, "status": status, "status_label": label}})
    return items


def _record_status(r: Any, until: date | None) -> str:
    """A record's status at the end of ``until`` (None: now), by its dates: proposed until decided,
    standing (published) until it ended. An objection's outcome (objected, upheld, corrected) carries
    no date on the record, so a standing record shows the one it has now."""
    if until is None:
        return r.status
    if r.decided_on is None or r.decided_on > until:
        return "proposed"
    if r.ended_on is not None and r.ended_on > until:
        return "published"
    return r.status


def _complaint_statuses(session: Session, complaint: Any, ids: list[int], until: date | None) -> dict[int, str]:
    """Each complaint's status at the end of ``until`` (none given: now): where its last step by then took it."""
    if until is None or not ids:
        return {}
    step = complaint.steps.property.mapper.class_
    statuses = dict.fromkeys(ids, "submitted")
    for complaint_id, to_status in session.execute(select(step.complaint_id, step.to_status)
                                                   .where(step.complaint_id.in_(ids), step.on <= until)
                                                   .order_by(step.id)):
        statuses[complaint_id] = to_status
    return statuses
