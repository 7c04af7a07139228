"""Assigning responsibility and handing it over; answering who held a role on a date (项目责任回溯).

Rows are never deleted or rewritten: a handover (交接) ends the current row and starts the next in
one transaction. "不得以政府换届、相关责任人更替等理由毁约" — the history is what makes that stick.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import and_, or_, select, true
from sqlalchemy.orm import Session, joinedload

from contracts.audit import trail
from contracts.core.enums import ContractKind, PppStage, ResponsibilityRole
from contracts.core.errors import Conflict, DomainError, msg
from contracts.obligations.models import Obligation
from contracts.organisations.models import Official
from contracts.registry.models import Contract
from contracts.responsibility.models import Responsibility

REASON_MAX = 300  # characters of a handover's reason (the tenure's handover_reason)


def _key_filter(contract_id: int, role: str, obligation_id: int | None, stage: str | None):
    return and_(Responsibility.contract_id == contract_id, Responsibility.role == role,
                Responsibility.obligation_id.is_(None) if obligation_id is None
                else Responsibility.obligation_id == obligation_id,
                Responsibility.stage.is_(None) if stage is None else Responsibility.stage == stage)


def _validate(session: Session, contract: Contract, official_id: int, role: str, stage: str | None,
              obligation_id: int | None = None, official_field: str = "official_id") -> None:
    if role not in ResponsibilityRole.__members__:
        raise DomainError.field("role", f"未知的责任角色 {role}", f"unknown role {role!r}")
    if stage is not None and stage not in PppStage.__members__:
        raise DomainError.field("stage", f"未知的PPP阶段 {stage}", f"unknown PPP stage {stage!r}")
    if stage is not None and contract.kind != ContractKind.ppp:
        raise DomainError.field("stage", "只有PPP合同分阶段", "only PPP contracts have stages")
    if session.get(Official, official_id) is None:
        raise DomainError.field(official_field, "公务员不存在", "official does not exist")
    if obligation_id is not None:
        ob = session.get(Obligation, obligation_id)
        if ob is None or ob.contract_id != contract.id:
            raise DomainError.field("obligation_id", "该合同没有这项义务", "no such obligation on this contract")


def current(session: Session, contract_id: int, role: str, obligation_id: int | None = None,
            stage: str | None = None) -> Responsibility | None:
    """The open row (no end) for this contract, role, obligation and stage."""
    return session.scalar(select(Responsibility).where(
        _key_filter(contract_id, role, obligation_id, stage), Responsibility.end.is_(None)))


def assign(session: Session, contract: Contract, *, official_id: int, role: str, start: date,
           obligation_id: int | None = None, stage: str | None = None, user_id: int | None = None,
           reason: str = "") -> Responsibility:
    """Give ``role`` to an official from ``start``; a role already held needs a handover instead."""
    _validate(session, contract, official_id, role, stage, obligation_id)
    if current(session, contract.id, role, obligation_id, stage) is not None:
        raise Conflict({"role": [msg("该角色已有在任责任人，请办理交接", "someone holds this role now; hand it over")]})
    overlapping = session.scalar(select(Responsibility.id).where(
        _key_filter(contract.id, role, obligation_id, stage), Responsibility.end > start))
    if overlapping:
        raise Conflict({"start": [msg("与已有任期重叠", "overlaps an earlier tenure of this role")]})
    row = Responsibility(contract_id=contract.id, obligation_id=obligation_id, stage=stage,
                         official_id=official_id, role=role, start=start, handover_reason=reason,
                         created_by_id=user_id)
    session.add(row)
    session.flush()
    trail.record(session, "create", "responsibility", row.id, after=trail.snapshot(row), contract_id=contract.id)
    return row


def handover(session: Session, contract: Contract, *, role: str, to_official_id: int, on: date, reason: str,
             obligation_id: int | None = None, stage: str | None = None,
             user_id: int | None = None) -> tuple[Responsibility, Responsibility]:
    """交接: end the current holder's tenure on ``on`` and start ``to_official_id``'s, atomically."""
    _validate(session, contract, to_official_id, role, stage, obligation_id, "to_official_id")
    if not reason.strip():
        raise DomainError.field("reason", "交接须说明原因", "a handover needs a reason")
    if len(reason) > REASON_MAX:  # the tenure's handover_reason holds it; refused, not cut short
        raise DomainError.field("reason", f"最多{REASON_MAX}个字符", f"at most {REASON_MAX} characters")
    cur = current(session, contract.id, role, obligation_id, stage)
    if cur is None:
        raise DomainError.field("role", "该角色当前无人在任，请直接指定", "nobody holds this role; assign it")
    if on <= cur.start:
        raise DomainError.field("on", "交接日期须晚于现任开始日期", "the handover must be after the current tenure began")
    if cur.official_id == to_official_id:
        raise DomainError.field("to_official_id", "不能交接给本人", "cannot hand over to the same official")
    before = trail.snapshot(cur)
    cur.end = on
    nxt = Responsibility(contract_id=contract.id, obligation_id=obligation_id, stage=stage,
                         official_id=to_official_id, role=role, start=on, handover_reason=reason,
                         created_by_id=user_id)
    session.add(nxt)
    session.flush()
    trail.record(session, "handover", "responsibility", cur.id, before=before, after=trail.snapshot(cur),
                 contract_id=contract.id, note=reason)
    trail.record(session, "create", "responsibility", nxt.id, after=trail.snapshot(nxt),
                 contract_id=contract.id, note=reason)
    return cur, nxt


def add_tenure(session: Session, contract: Contract, *, official_id: int, role: str, start: date,
               end: date | None = None, obligation_id: int | None = None, stage: str | None = None,
               user_id: int | None = None, reason: str = "", note: str = "") -> Responsibility:
    """Record a past (or current, when ``end`` is None) tenure, e.g. from an import of earlier history.

    It must not overlap another tenure of the same role; only the latest one may be open.
    """
    _validate(session, contract, official_id, role, stage, obligation_id)
    if end is not None and end <= start:
        raise DomainError.field("end", "终止日期须晚于起始日期", "the end must be after the start")
    clash = session.scalar(select(Responsibility.id).where(
        _key_filter(contract.id, role, obligation_id, stage),
        or_(Responsibility.end.is_(None), Responsibility.end > start),
        true() if end is None else Responsibility.start < end))
    if clash:
        raise Conflict({"start": [msg("与已有任期重叠", "overlaps another tenure of this role")]})
    row = Responsibility(contract_id=contract.id, obligation_id=obligation_id, stage=stage, official_id=official_id,
                         role=role, start=start, end=end, handover_reason=reason, created_by_id=user_id)
    session.add(row)
    session.flush()
    trail.record(session, "create", "responsibility", row.id, after=trail.snapshot(row), contract_id=contract.id,
                 note=note)
    return row


def on_date(session: Session, contract_id: int, on: date, role: str | None = None,
            obligation_id: int | None = None) -> list[Responsibility]:
    """The tenures in force on ``on`` for a contract (and role); obligation-specific rows first."""
    stmt = (select(Responsibility).options(joinedload(Responsibility.official))
            .where(Responsibility.contract_id == contract_id, Responsibility.start <= on,
                   or_(Responsibility.end.is_(None), Responsibility.end > on)))
    if role is not None:
        stmt = stmt.where(Responsibility.role == role)
    if obligation_id is not None:
        stmt = stmt.where(or_(Responsibility.obligation_id.is_(None), Responsibility.obligation_id == obligation_id))
    else:
        stmt = stmt.where(Responsibility.obligation_id.is_(None))
    return own_holders_replace(session.scalars(stmt.order_by(Responsibility.role, Responsibility.start)).all())


def own_holders_replace(rows: Sequence[Responsibility]) -> list[Responsibility]:
    """``rows`` (one obligation's or the contract's tenures) with an obligation's own holder of a
    role replacing the contract-wide one (the checker applies the same rule in SQL:
    ``monitor.checker.naming``)."""
    specific = {r.role for r in rows if r.obligation_id is not None}
    return [r for r in rows if r.obligation_id is not None or r.role not in specific]


def holder(session: Session, contract_id: int, role: str, on: date, obligation_id: int | None = None,
           stage: str | None = None) -> Official | None:
    """Who held ``role`` for the contract on ``on`` (None if nobody): the obligation's own holder,
    else the holder for the PPP ``stage``, else the contract-wide one; a holder for another stage
    only when there is none of those (then the earliest such tenure)."""
    rows = on_date(session, contract_id, on, role, obligation_id)
    rows.sort(key=lambda r: (r.obligation_id is None, r.stage != stage if stage else False,
                             r.stage is not None, r.start, r.id))
    return rows[0].official if rows else None


def history_of_contract(session: Session, contract_id: int) -> list[Responsibility]:
    return list(session.scalars(select(Responsibility).options(joinedload(Responsibility.official))
                                .where(Responsibility.contract_id == contract_id)
                                .order_by(Responsibility.role, Responsibility.start)))


def history_of_official(session: Session, official_id: int) -> list[Responsibility]:
    """Everything an official was responsible for, with dates."""
    return list(session.scalars(select(Responsibility).where(Responsibility.official_id == official_id)
                                .order_by(Responsibility.start)))
