"""Dishonesty records: escalation, decisions, objections and credit repair (失信记录、异议与信用修复).

Flow: a finding under 限期整改 whose deadline passes uncured becomes a *proposed* record
(``escalate_overdue``, run daily and by ``monitor escalate``); the credit office publishes it (认定 and
公示), amends it, dismisses it or exempts it under 容错纠错 — always with a reason. A published record
can be objected to (异议: received → verifying → answered within N 工作日) with the outcome upheld,
corrected or revoked; once the harm is remedied (the registry's payments make the case) and the
minimum period has passed, a repair application (信用修复) ends it early. Publicity ends by itself at
the end of the period (``expire_due``). Nothing is deleted; every change writes an audit event.
The findings behind a record follow it: ``escalated`` while it is live, dismissed when it is
dismissed, exempted or revoked, resolved when it is repaired or expires cured; one finding about an
obligation already recorded backs that record instead of starting another. Nobody decides on a
record about the agency they work for (回避, ``contracts.access.scope.require_not_own``).

An objection not answered by its deadline raises ``objection_overdue`` alerts (to the credit
officers, the objector and the supervisors) and is listed with ``overdue``; it is not a Finding,
because a Finding is the contracting agency's breach of a contract and this lapse is the credit
office's own.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, exists, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from contracts.access.permissions import Permission, require
from contracts.audit import trail
from contracts.calendar.service import work_calendar
from contracts.core import clock
from contracts.core.db import reread_locked
from contracts.core.enums import MONETARY_KINDS, Role
from contracts.core.errors import Conflict, DomainError, Forbidden, NotFound, msg
from contracts.obligations.models import Obligation, Payment
from contracts.organisations.models import Agency, Official
from contracts.registry.models import Contract, ContractParty
from contracts.responsibility import services as responsibility
from monitor.checker.models import Finding, FindingState
from monitor.checker.services import GUARDS as FINDING_GUARDS
from monitor.checker.services import not_due
from monitor.records import evidence, policy
from monitor.records.models import (
    LABELS_ZH,
    LIVE_STATUSES,
    PUBLIC_STATUSES,
    STANDING_STATUSES,
    DishonestyRecord,
    Objection,
    ObjectionStatus,
    RecordCategory,
    RecordFinding,
    RecordOfficial,
    RecordStatus,
    RepairApplication,
    RepairStatus,
    Severity,
)

ENTITY = "dishonesty_record"
AMENDABLE = ("facts", "legal_basis", "category", "severity", "publicity_months")
ALL_SEEING = frozenset({Role.admin, Role.finance_staff, Role.credit_officer, Role.supervisor})


# ---- who sees what ----------------------------------------------------------------------------
def visible_records(user: Any, stmt: Select | None = None) -> Select:
    """``stmt`` (default all records) narrowed to what ``user`` may see.

    Agency staff see their agency's records and those naming them; an enterprise sees the public
    records about contracts it is party to; the oversight roles see everything, ended records included.
    """
    stmt = stmt if stmt is not None else select(DishonestyRecord)
    role = getattr(user, "role", None)
    if role in ALL_SEEING:
        return stmt
    if role == Role.agency_staff:
        named = exists().where(RecordOfficial.record_id == DishonestyRecord.id,
                               RecordOfficial.official_id == user.official_id) if user.official_id else None
        cond = DishonestyRecord.agency_id == user.agency_id
        return stmt.where(or_(cond, named) if named is not None else cond)
    if role == Role.enterprise:
        party = exists().where(ContractParty.contract_id == DishonestyRecord.contract_id,
                               ContractParty.enterprise_id == user.enterprise_id)
        return stmt.where(party, DishonestyRecord.status.in_(PUBLIC_STATUSES))
    return stmt.where(DishonestyRecord.id.is_(None))


def get_record(session: Session, user: Any, record_id: int) -> DishonestyRecord:
    """The record if ``user`` may read it, else 404 (existence does not leak)."""
    require(user, Permission.records_read)
    rec = session.scalar(visible_records(user).where(DishonestyRecord.id == record_id))
    if rec is None:
        raise NotFound("record")
    return rec


def names_visible(user: Any, record: DishonestyRecord) -> bool:
    """Whether ``user`` (None: the public) may see the officials' names in ``record``."""
    if user is None:
        return policy.officials_visible_to("public")
    if policy.officials_visible_to(getattr(user, "role", None)):
        return True
    own = getattr(user, "official_id", None)
    return own is not None and any(o.official_id == own for o in record.officials)


# ---- proposing --------------------------------------------------------------------------------
def _snapshot_official(official: Official) -> dict[str, Any]:
    return {"official_id": official.id, "name": official.name, "post": official.post or "",
            "agency_id": official.agency_id}


def _holders(session: Session, contract_id: int, on: date, obligation_id: int | None) -> list[dict[str, Any]]:
    rows = responsibility.on_date(session, contract_id, on, obligation_id=obligation_id)
    return [{"role": r.role, **_snapshot_official(r.official)} for r in rows]


def _due_date_holders(session: Session, finding: Finding) -> list[dict[str, Any]]:
    snap = finding.responsible_on_due_date or []
    if snap:
        out = []
        for s in snap:
            official = session.get(Official, s.get("official_id")) if s.get("official_id") else None
            out.append({"role": s.get("role", ""), "official_id": s.get("official_id"),
                        "name": s.get("name") or (official.name if official else ""),
                        "post": s.get("post") or (official.post if official else ""),
                        "agency_id": s.get("agency_id") or (official.agency_id if official else None)})
        return [o for o in out if o["official_id"]]
    if finding.due_date is None:
        return []
    return _holders(session, finding.contract_id, finding.due_date, finding.obligation_id)


def _category_for(session: Session, findings: list[Finding]) -> str:
    rule = " ".join(f.rule_id for f in findings).lower()
    if any(k in rule for k in ("publish", "disclos", "公开")):
        return RecordCategory.disclosure_failure
    if any(k in rule for k in ("award", "bid_", "tender")) and "deposit" not in rule:
        return RecordCategory.bidding_dishonesty
    kinds = {session.get(Obligation, f.obligation_id).kind for f in findings if f.obligation_id}
    if kinds and kinds <= MONETARY_KINDS:
        return RecordCategory.arrears
    if kinds:
        return RecordCategory.promise_broken
    return RecordCategory.contract_breach


def _facts_for(session: Session, findings: list[Finding], as_of: date) -> str:
    f = findings[0]
    contract = session.get(Contract, f.contract_id)
    agency = session.get(Agency, f.agency_id)
    assert contract is not None and agency is not None
    parts = [f"{agency.name}（统一社会信用代码 {agency.uscc}）在合同《{contract.title}》（编号 {contract.code}）中未按约定履行。"]
    for x in findings:
        ob = session.get(Obligation, x.obligation_id) if x.obligation_id else None
        what = x.summary or (ob.description if ob is not None else "") or x.rule_id
        line = f"{what}：应履行日期 {x.due_date.isoformat() if x.due_date else '—'}"
        if x.rectify_deadline:
            line += f"，限期整改期限 {x.rectify_deadline.isoformat()} 届满仍未纠正"
        if x.due_date:
            line += f"，截至 {as_of.isoformat()} 逾期 {(as_of - x.due_date).days} 天"
        if x.outstanding is not None:
            line += f"，尚欠 {x.outstanding:.2f} 元"
        if x.aggravating:
            line += f"（{x.aggravating}）"
        parts.append(line + "。")
    return "".join(parts)


def _basis_for(findings: list[Finding]) -> str:
    cites = []
    for f in findings:
        if f.citation and f.citation not in cites:
            cites.append(f.citation)
    return "；".join([*cites, policy.ESCALATION_BASIS])


def _owed(findings: list[Finding], attr: str) -> Decimal | None:
    """Sum ``attr`` (outstanding / interest) over the obligations, counting each obligation once
    (several rules may report the same money): the largest figure per obligation."""
    per: dict[int | str, Decimal] = {}
    for f in findings:
        value = getattr(f, attr)
        if value is None:
            continue
        key: int | str = f.obligation_id if f.obligation_id else f"f{f.id}"
        per[key] = max(per.get(key, value), value)
    return sum(per.values(), Decimal("0.00")) if per else None


def _set_officials(session: Session, rec: DishonestyRecord, capacity: str, holders: list[dict[str, Any]],
                   as_of: date) -> None:
    """Add a snapshot of the holders as of a date; earlier snapshots stay (nothing is deleted)."""
    seen = {(o.role, o.official_id) for o in rec.officials if o.capacity == capacity and o.as_of == as_of}
    for h in holders:
        key = (h["role"], h["official_id"])
        if key in seen:
            continue
        seen.add(key)
        rec.officials.append(RecordOfficial(capacity=capacity, as_of=as_of, role=h["role"],
                                            official_id=h["official_id"], name=h["name"], post=h.get("post") or "",
                                            agency_id=h.get("agency_id")))
    session.flush()


def officials_snapshot(rec: DishonestyRecord) -> list[dict[str, Any]]:
    return [{"capacity": o.capacity, "as_of": o.as_of, "role": o.role, "official_id": o.official_id,
             "name": o.name, "post": o.post, "agency_id": o.agency_id} for o in rec.officials]


def _audit(session: Session, action: str, rec: DishonestyRecord, before: dict[str, Any] | None, note: str = "") -> None:
    after = trail.snapshot(rec) | {"officials": officials_snapshot(rec), "finding_ids": rec.finding_ids}
    trail.record(session, action, ENTITY, rec.id, before=before, after=after, contract_id=rec.contract_id, note=note)


def _before(rec: DishonestyRecord) -> dict[str, Any]:
    return trail.snapshot(rec) | {"officials": officials_snapshot(rec), "finding_ids": rec.finding_ids}


def _set_finding_state(session: Session, finding: Finding, state: str, *, reason: str | None = None,
                       user_id: int | None = None, note: str) -> None:
    before = trail.snapshot(finding)
    finding.state = state
    finding.state_changed_at = clock.now()
    if reason is not None:
        finding.resolution_reason = reason[:500]
    if user_id is not None:
        finding.decided_by_id = user_id
    session.flush()
    trail.record(session, "update", "finding", finding.id, before=before, after=trail.snapshot(finding),
                 contract_id=finding.contract_id, note=note)


def _close_findings(session: Session, rec: DishonestyRecord, state: str, reason: str, *, user_id: int | None,
                    note: str, cured_only: bool = False) -> None:
    """When a record ends, the findings still ``escalated`` behind it leave the active list: dismissed
    with a record dismissed, exempted or revoked, resolved with a repaired one or (if cured) an expired one. A finding a
    person has moved on since is left alone; an uncured one behind an expired record stays escalated."""
    for f in _findings(session, rec):
        if f.state == FindingState.escalated and (not cured_only or f.cured_on is not None):
            _set_finding_state(session, f, state, reason=reason, user_id=user_id, note=note)


def _check_text(errors: dict[str, list[str]], name: str, value: str | None, zh: str, en: str) -> None:
    if value is None or not str(value).strip():
        errors.setdefault(name, []).append(msg(zh, en))


def _not_in_future(as_of: date) -> None:
    if as_of > clock.today():
        raise DomainError.field("as_of", "不能按将来的日期拟记入失信记录", "a record cannot be proposed as of a future date")


def record_of_obligation(session: Session, obligation_id: int | None) -> DishonestyRecord | None:
    """The live record (proposed, or public) backed by a finding about the obligation, if any."""
    if obligation_id is None:
        return None
    return session.scalar(
        select(DishonestyRecord).join(RecordFinding, RecordFinding.record_id == DishonestyRecord.id)
        .join(Finding, Finding.id == RecordFinding.finding_id)
        .where(Finding.obligation_id == obligation_id, DishonestyRecord.status.in_(LIVE_STATUSES))
        .order_by(DishonestyRecord.id).limit(1))


def in_live_record(finding_id: Any) -> ColumnElement[bool]:
    """The finding (an id or a column) backs a live record (proposed or public)."""
    return exists().where(RecordFinding.finding_id == finding_id, RecordFinding.record_id == DishonestyRecord.id,
                          DishonestyRecord.status.in_(LIVE_STATUSES))


def live_records_of(session: Session, finding_ids: Iterable[int]) -> list[int]:
    """The live records (proposed or public) the findings back, by id."""
    ids = list(finding_ids) or [-1]
    return sorted(set(session.scalars(
        select(RecordFinding.record_id).join(DishonestyRecord, DishonestyRecord.id == RecordFinding.record_id)
        .where(RecordFinding.finding_id.in_(ids), DishonestyRecord.status.in_(LIVE_STATUSES)))))


def _record_decides(session: Session, finding: Finding, action: str) -> str | None:
    """A finding behind a live record is cleared with its record (dismissed, exempted, revoked or
    repaired), not on its own: resolving or dismissing it by hand is refused, naming the record."""
    if action not in ("resolve", "dismiss"):
        return None
    backing = live_records_of(session, [finding.id])
    if not backing:
        return None
    return msg(f"该发现是失信记录 {backing[0]} 的依据，请在该记录上作出决定（不予认定、容错免责、撤销或信用修复）",
               f"this finding backs dishonesty record {backing[0]}: decide the record instead (dismiss, exempt, "
               "revoke or repair it)")


FINDING_GUARDS.append(_record_decides)


def propose(session: Session, *, agency_id: int, category: str, facts: str, legal_basis: str,
            severity: str = Severity.general, contract_id: int | None = None, findings: list[Finding] | None = None,
            origin: str = "manual", user_id: int | None = None, as_of: date | None = None) -> DishonestyRecord:
    """Propose a record (拟记入) for the credit office to decide; findings become ``escalated``."""
    as_of = as_of or clock.today()
    _not_in_future(as_of)
    findings = list(findings or [])
    errors: dict[str, list[str]] = {}
    if session.get(Agency, agency_id) is None:
        errors["agency_id"] = [msg("部门不存在", "agency does not exist")]
    if category not in RecordCategory.__members__:
        errors["category"] = [msg(f"未知的失信类别 {category}", f"unknown category {category!r}")]
    if severity not in Severity.__members__:
        errors["severity"] = [msg(f"未知的失信程度 {severity}", f"unknown severity {severity!r} (minor, general, serious)")]
    _check_text(errors, "facts", facts, "须写明失信事实", "the facts are required")
    _check_text(errors, "legal_basis", legal_basis, "须写明认定依据", "the legal basis is required")
    contract = session.get(Contract, contract_id) if contract_id is not None else None
    if contract_id is not None and contract is None:
        errors["contract_id"] = [msg("合同不存在", "contract does not exist")]
    elif contract is not None and contract.agency_id != agency_id:
        errors["contract_id"] = [msg("合同不属于该部门", "the contract is not the agency's")]
    for f in findings:
        if f.agency_id != agency_id or (contract_id is not None and f.contract_id != contract_id):
            errors.setdefault("finding_ids", []).append(
                msg(f"发现 {f.id} 不属于该部门或合同", f"finding {f.id} is about another agency or contract"))
        if session.scalar(select(in_live_record(f.id))):
            errors.setdefault("finding_ids", []).append(
                msg(f"发现 {f.id} 已记入其他失信记录", f"finding {f.id} already backs a record"))
        if f.state in (FindingState.resolved, FindingState.dismissed):
            errors.setdefault("finding_ids", []).append(
                msg(f"发现 {f.id} 已处理完毕", f"finding {f.id} is already {f.state}"))
        if f.state == FindingState.warning or not_due(f, as_of):  # a warning, even once notified
            errors.setdefault("finding_ids", []).append(
                msg(f"发现 {f.id} 尚未逾期（仅为临期预警）", f"finding {f.id} is a warning: nothing is overdue yet"))
        other = record_of_obligation(session, f.obligation_id)
        if other is not None:
            errors.setdefault("finding_ids", []).append(
                msg(f"发现 {f.id} 所涉义务已有失信记录 #{other.id}", f"the obligation of finding {f.id} already backs "
                    f"record #{other.id}"))
    if errors:
        raise DomainError(errors)
    obligation_ids = {f.obligation_id for f in findings if f.obligation_id}
    due_dates = [f.due_date for f in findings if f.due_date]
    rec = DishonestyRecord(
        agency_id=agency_id, contract_id=contract_id, origin=origin, category=category, severity=severity,
        facts=facts.strip(), legal_basis=legal_basis.strip(), status=RecordStatus.proposed, proposed_on=as_of,
        proposed_by_id=user_id, obligation_id=next(iter(obligation_ids)) if len(obligation_ids) == 1 else None,
        due_date=min(due_dates) if due_dates else None,
        outstanding=_owed(findings, "outstanding"), interest=_owed(findings, "interest"))
    session.add(rec)
    session.flush()
    if contract_id is not None:
        for f in findings:
            if f.due_date is not None:
                _set_officials(session, rec, "on_due_date", _due_date_holders(session, f), f.due_date)
        _set_officials(session, rec, "current", _holders(session, contract_id, as_of, rec.obligation_id), as_of)
    _back(session, rec, findings)
    _audit(session, "propose", rec, None, note=origin)
    _escalate(session, findings, note=msg(f"已拟记入失信记录 {rec.id}", f"proposed dishonesty record {rec.id}"))
    from monitor.alerts import services as alerts

    alerts.notify_record(session, rec)
    return rec


def propose_from_findings(session: Session, findings: list[Finding], *, as_of: date | None = None,
                          origin: str = "escalation", user_id: int | None = None, **overrides: Any) -> DishonestyRecord:
    """Propose one record from findings about one contract; facts and basis drafted from them."""
    if not findings:
        raise DomainError.field("finding_ids", "至少需要一个发现", "at least one finding is needed")
    as_of = as_of or clock.today()
    first = findings[0]
    if any(f.contract_id != first.contract_id for f in findings):
        raise DomainError.field("finding_ids", "发现须属于同一合同", "the findings must be about one contract")
    severities = [f.severity for f in findings if f.severity in Severity.__members__]
    order = list(Severity)
    severity = max(severities, key=order.index) if severities else Severity.general
    return propose(session, agency_id=first.agency_id, contract_id=first.contract_id, findings=findings,
                   category=overrides.get("category") or _category_for(session, findings),
                   severity=overrides.get("severity") or severity,
                   facts=overrides.get("facts") or _facts_for(session, findings, as_of),
                   legal_basis=overrides.get("legal_basis") or _basis_for(findings),
                   origin=origin, user_id=user_id, as_of=as_of)


def _cured_in_time(session: Session, finding: Finding) -> bool:
    deadline = finding.rectify_deadline
    if finding.cured_on is not None and deadline is not None and finding.cured_on <= deadline:
        return True
    ob = session.get(Obligation, finding.obligation_id) if finding.obligation_id else None
    if ob is None:
        return False
    if ob.status == "cancelled":
        return True
    return ob.status == "fulfilled" and ob.fulfilled_on is not None and deadline is not None \
        and ob.fulfilled_on <= deadline


def escalate_overdue(session: Session, as_of: date | None = None) -> list[DishonestyRecord]:
    """Turn every finding whose 限期整改 deadline passed uncured into a proposed record (idempotent).

    A finding escalated by hand (the checker's ``escalate`` action) that has no record yet gets
    one here too, so ``escalated`` always means "a proposed record exists" (DESIGN.md §3.7).
    Findings of different rules about the same obligation make one record.
    """
    as_of = as_of or clock.today()
    _not_in_future(as_of)
    overdue = (Finding.state == FindingState.rectifying) & Finding.rectify_deadline.is_not(None) \
        & (Finding.rectify_deadline < as_of)
    # populate_existing: the checker updates findings with set-based SQL, possibly in this session
    stmt = (select(Finding).where(overdue | (Finding.state == FindingState.escalated),
                                  ~in_live_record(Finding.id))
            .order_by(Finding.id).execution_options(populate_existing=True))
    if session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update(skip_locked=True)
    groups: dict[tuple[int, int | str], list[Finding]] = {}
    for finding in session.scalars(stmt).all():
        if finding.state == FindingState.rectifying and _cured_in_time(session, finding):
            continue
        # several rules may judge the same obligation (contract term, statutory term): one record
        key = (finding.contract_id, finding.obligation_id if finding.obligation_id else f"f{finding.id}")
        groups.setdefault(key, []).append(finding)
    created = []
    for group in groups.values():
        live = record_of_obligation(session, group[0].obligation_id)
        if live is None:
            created.append(propose_from_findings(session, group, as_of=as_of, origin="escalation"))
        else:  # another rule's finding about money already recorded: it backs that record
            _link(session, live, group)
    return created


def _link(session: Session, rec: DishonestyRecord, findings: list[Finding]) -> None:
    """More findings back a live record (another rule judged the same unpaid money)."""
    before = _before(rec)
    _back(session, rec, findings)
    _audit(session, "link", rec, before, note=msg("关联发现 " + "、".join(str(f.id) for f in findings),
                                                      "findings " + ", ".join(str(f.id) for f in findings)))
    _escalate(session, findings, note=msg(f"支撑失信记录 {rec.id}", f"backs dishonesty record {rec.id}"))


def _back(session: Session, rec: DishonestyRecord, findings: list[Finding]) -> None:
    for f in findings:
        rec.finding_links.append(RecordFinding(finding_id=f.id))
    session.flush()


def _escalate(session: Session, findings: list[Finding], *, note: str) -> None:
    for f in findings:
        if f.state != FindingState.escalated:
            _set_finding_state(session, f, FindingState.escalated, note=note)


# ---- decisions by the credit office -----------------------------------------------------------
def _require_status(session: Session, rec: DishonestyRecord, allowed: Iterable[str], action_zh: str,
                    action_en: str) -> None:
    """The record (read again, locked: ``reread_locked``) stands in one of ``allowed``; else 409
    naming its status."""
    reread_locked(session, rec)
    if rec.status not in set(allowed):
        raise Conflict({"status": [msg(f"失信记录{LABELS_ZH.get(rec.status, rec.status)}，不能{action_zh}",
                                       f"a {rec.status} record cannot be {action_en}")]})


REASON_MAX = 500  # characters of a decision's reason (the record's status_reason, the audit note)
REPAIR_REASON_MAX = 1000  # of a repair decision's reason
BASIS_MAX = 300  # of an exemption's basis (a citation)


def _too_long(limit: int) -> str:
    return msg(f"最多{limit}个字符", f"at most {limit} characters")


def _reason(value: str | None, field: str = "reason", limit: int = REASON_MAX) -> str:
    """The reason a person gave, whole: refused when missing or longer than its column, not cut short."""
    if value is None or not value.strip():
        raise DomainError.field(field, "须说明理由", "a reason is required")
    if len(value.strip()) > limit:
        raise DomainError({field: [_too_long(limit)]})
    return value.strip()


def _months(severity: str, months: int | None) -> int:
    if months is None:
        return policy.publicity_months(severity)
    low, high = policy.months_range(severity)
    if not (low <= months <= high):
        raise DomainError.field("publicity_months", f"该失信程度的公示期应为 {low} 至 {high} 个月",
                                f"the publicity period for {severity} must be {low} to {high} months")
    return months


def publish(session: Session, rec: DishonestyRecord, *, user_id: int | None, decided_on: date | None = None,
            publicity_months: int | None = None, note: str = "") -> DishonestyRecord:
    """认定并公示: decide a proposed record; the period counts from ``decided_on``."""
    _require_status(session, rec, [RecordStatus.proposed], "认定公示", "published")
    decided_on = decided_on or clock.today()
    if decided_on > clock.today():
        raise DomainError.field("decided_on", "认定日期不能晚于今天", "the decision date cannot be in the future")
    if decided_on < rec.proposed_on:
        raise DomainError.field("decided_on", "认定日期不能早于拟记入日期", "the decision cannot precede the proposal")
    # a period set while the record was proposed (amend) stands unless the decision sets another
    months = _months(rec.severity, publicity_months if publicity_months is not None else rec.publicity_months)
    before = _before(rec)
    rec.status, rec.decided_by_id, rec.decided_on = RecordStatus.published, user_id, decided_on
    rec.publicity_months, rec.publicity_start = months, decided_on
    rec.publicity_end = policy.end_of_period(work_calendar(session), decided_on, months)
    if rec.contract_id is not None:
        _set_officials(session, rec, "current", _holders(session, rec.contract_id, decided_on, rec.obligation_id),
                       decided_on)
    session.flush()
    _audit(session, "publish", rec, before, note=note)
    from monitor.alerts import services as alerts

    alerts.notify_record(session, rec)
    return rec


def _apply_changes(session: Session, rec: DishonestyRecord, changes: dict[str, Any]) -> None:
    unknown = set(changes) - set(AMENDABLE)
    if unknown:
        raise DomainError({k: [msg("不可修改的字段", "this field cannot be changed")] for k in unknown})
    errors: dict[str, list[str]] = {}
    if "category" in changes and changes["category"] not in RecordCategory.__members__:
        errors["category"] = [msg("未知的失信类别", f"unknown category {changes['category']!r}")]
    if "severity" in changes and changes["severity"] not in Severity.__members__:
        errors["severity"] = [msg("未知的失信程度", f"unknown severity {changes['severity']!r}")]
    for key in ("facts", "legal_basis"):
        if key in changes:
            _check_text(errors, key, changes[key], "不能为空", "must not be empty")
    if errors:
        raise DomainError(errors)
    for key in ("facts", "legal_basis", "category", "severity"):
        if key in changes:
            setattr(rec, key, changes[key].strip() if isinstance(changes[key], str) else changes[key])
    if rec.publicity_start is not None and ({"severity", "publicity_months"} & changes.keys()):
        months = _months(rec.severity, changes.get("publicity_months")
                         if "publicity_months" in changes else None)
        rec.publicity_months = months
        rec.publicity_end = policy.end_of_period(work_calendar(session), rec.publicity_start, months)
    elif {"severity", "publicity_months"} & changes.keys():
        # a proposal's chosen period must fit its severity, also when only the severity changed
        months = changes.get("publicity_months", rec.publicity_months)
        rec.publicity_months = _months(rec.severity, months) if months is not None else None


def amend(session: Session, rec: DishonestyRecord, changes: dict[str, Any], *, reason: str,
          user_id: int | None) -> DishonestyRecord:
    """Change a proposed record, or correct (更正) a public one; a reason is always required."""
    reason = _reason(reason)
    _require_status(session, rec, [RecordStatus.proposed, *STANDING_STATUSES], "修改", "amended")
    if not changes:
        raise DomainError.field("changes", "没有要修改的内容", "nothing to change")
    before = _before(rec)
    _apply_changes(session, rec, changes)
    if rec.status in STANDING_STATUSES:
        rec.status, rec.status_reason = RecordStatus.corrected, reason[:500]
    session.flush()
    _audit(session, "amend", rec, before, note=reason)
    return rec


def dismiss(session: Session, rec: DishonestyRecord, *, reason: str, user_id: int | None) -> DishonestyRecord:
    """不予认定: the proposal is dropped with a reason; its findings are dismissed with it."""
    reason = _reason(reason)
    _require_status(session, rec, [RecordStatus.proposed], "不予认定", "dismissed")
    before = _before(rec)
    rec.status, rec.status_reason = RecordStatus.dismissed, reason[:500]
    rec.decided_by_id, rec.decided_on = user_id, clock.today()
    session.flush()
    _audit(session, "dismiss", rec, before, note=reason)
    _close_findings(session, rec, FindingState.dismissed, f"不予认定失信：{reason}", user_id=user_id,
                    note=msg(f"失信记录 {rec.id} 不予认定", f"record {rec.id} dismissed"))
    return rec


def exempt(session: Session, rec: DishonestyRecord, *, grounds: str, basis: str,
           user_id: int | None) -> DishonestyRecord:
    """容错纠错: keep a qualifying case out of the record, with its grounds and basis."""
    errors: dict[str, list[str]] = {}
    _check_text(errors, "grounds", grounds, "须写明容错免责的事实和理由", "the grounds are required")
    _check_text(errors, "basis", basis, "须写明容错纠错的依据", "the basis is required")
    if not errors.get("basis") and len(basis.strip()) > BASIS_MAX:  # refused, not cut short
        errors["basis"] = [_too_long(BASIS_MAX)]
    if errors:
        raise DomainError(errors)
    _require_status(session, rec, [RecordStatus.proposed], "容错免责", "exempted")
    before = _before(rec)
    rec.status, rec.exemption_grounds, rec.exemption_basis = RecordStatus.exempted, grounds.strip(), basis.strip()
    rec.status_reason = f"容错纠错：{grounds.strip()}"[:500]
    rec.decided_by_id, rec.decided_on = user_id, clock.today()
    session.flush()
    _audit(session, "exempt", rec, before, note=basis.strip())
    _close_findings(session, rec, FindingState.dismissed, f"容错纠错：{grounds.strip()}", user_id=user_id,
                    note=msg(f"失信记录 {rec.id} 容错免责", f"record {rec.id} exempted"))
    return rec


def revoke(session: Session, rec: DishonestyRecord, *, reason: str, user_id: int | None,
           note: str = "") -> DishonestyRecord:
    """撤销: take a public record down; it stays, marked revoked, with the reason."""
    reason = _reason(reason)
    _require_status(session, rec, STANDING_STATUSES, "撤销", "revoked")
    before = _before(rec)
    rec.status, rec.status_reason, rec.ended_on = RecordStatus.revoked, reason[:500], clock.today()
    session.flush()
    _audit(session, "revoke", rec, before, note=note or reason)
    _after_revocation(session, rec, f"失信记录已撤销：{reason}", user_id=user_id, note=msg(f"失信记录 {rec.id} 已撤销", f"record {rec.id} revoked"))
    return rec


def _after_revocation(session: Session, rec: DishonestyRecord, reason: str, *, user_id: int | None,
                      note: str) -> None:
    """What a revoked record leaves behind, by the credit office or on an objection: its findings
    still escalated are dismissed with ``reason``, a repair application still waiting is closed."""
    _close_findings(session, rec, FindingState.dismissed, reason, user_id=user_id, note=note)
    _close_repairs(session, rec, "失信记录已撤销，无需修复 / the record was revoked: nothing to repair")


def _close_repairs(session: Session, rec: DishonestyRecord, why: str) -> None:
    """A repair application still waiting when its record ends (revoked, publicity over) is closed:
    there is nothing left to repair, and it leaves the credit office's queue."""
    for app in session.scalars(select(RepairApplication).where(RepairApplication.record_id == rec.id,
                                                               RepairApplication.status == RepairStatus.submitted)):
        before = trail.snapshot(app)
        app.status, app.decided_on, app.decision_reason = RepairStatus.closed, clock.today(), why
        session.flush()
        trail.record(session, "close", "repair_application", app.id, before=before, after=trail.snapshot(app),
                     contract_id=rec.contract_id, note=why)


def expire_due(session: Session, as_of: date | None = None) -> list[DishonestyRecord]:
    """End the publicity of standing records whose period is over (公示期满, 自动停止公示)."""
    as_of = as_of or clock.today()
    rows = session.scalars(select(DishonestyRecord).where(DishonestyRecord.status.in_(STANDING_STATUSES),
                                                          DishonestyRecord.publicity_end < as_of)).all()
    for rec in rows:
        before = _before(rec)
        rec.status, rec.ended_on = RecordStatus.expired, rec.publicity_end
        session.flush()
        _audit(session, "expire", rec, before, note="公示期满 / publicity period over")
        _close_findings(session, rec, FindingState.resolved, "失信记录公示期满，失信行为已纠正", user_id=None,
                        note=msg(f"失信记录 {rec.id} 公示期满", f"record {rec.id} expired"),
                        cured_only=True)
        _close_repairs(session, rec, "公示期已满，无需修复 / the publicity period is over: nothing to repair")
    return list(rows)


def _findings(session: Session, rec: DishonestyRecord) -> list[Finding]:
    ids = rec.finding_ids
    return list(session.scalars(select(Finding).where(Finding.id.in_(ids)).order_by(Finding.id))) if ids else []


def findings_of(session: Session, rec: DishonestyRecord) -> list[Finding]:
    return _findings(session, rec)


# ---- objections -------------------------------------------------------------------------------
def _filer_kind(session: Session, user: Any, rec: DishonestyRecord, official_id: int | None) -> tuple[str, int | None]:
    role = user.role
    named = {o.official_id for o in rec.officials}
    if role == Role.enterprise:
        party = session.scalar(select(ContractParty.id).where(ContractParty.contract_id == rec.contract_id,
                                                              ContractParty.enterprise_id == user.enterprise_id))
        if party is None:
            raise NotFound("record")
        return "enterprise", None
    if official_id is not None:
        if official_id not in named:
            raise DomainError.field("official_id", "该公务员未被记录列名", "that official is not named in the record")
        if role not in (Role.admin, Role.finance_staff) and user.official_id != official_id:
            raise Forbidden("只能以本人名义提出异议", "you may object only in your own name")
        return "official", official_id
    if user.official_id is not None and user.official_id in named and user.agency_id != rec.agency_id:
        return "official", user.official_id
    if role == Role.agency_staff and user.agency_id != rec.agency_id:
        raise Forbidden("只能对本部门的记录提出异议", "you may object only to your own agency's records")
    return "agency", None


def pending_objection(session: Session, rec: DishonestyRecord) -> Objection | None:
    return session.scalar(select(Objection).where(Objection.record_id == rec.id,
                                                  Objection.status != ObjectionStatus.answered))


def file_objection(session: Session, rec: DishonestyRecord, user: Any, *, grounds: str, requested: str,
                   official_id: int | None = None, attachment_ids: list[int] | None = None) -> Objection:
    """异议: the agency, a named official or the enterprise challenges a public record."""
    require(user, Permission.objections_file)
    errors: dict[str, list[str]] = {}
    _check_text(errors, "grounds", grounds, "须写明异议理由", "the grounds are required")
    if requested not in ("correct", "revoke"):
        errors["requested"] = [msg("请求应为更正（correct）或撤销（revoke）", "requested must be correct or revoke")]
    if errors:
        raise DomainError(errors)
    kind, official_id = _filer_kind(session, user, rec, official_id)
    reread_locked(session, rec)
    if rec.status == RecordStatus.objected or pending_objection(session, rec) is not None:
        raise Conflict({"record_id": [msg("该记录已有异议正在处理", "an objection to this record is being handled")]})
    _require_status(session, rec, STANDING_STATUSES, "提出异议", "objected to")
    today = clock.today()
    due, due_error = policy.working_deadline(work_calendar(session), today,
                                             int(policy.setting("OBJECTION_ANSWER_WORKING_DAYS")))
    obj = Objection(record_id=rec.id, filed_by_id=user.id, filer_kind=kind, official_id=official_id,
                    enterprise_id=user.enterprise_id if kind == "enterprise" else None, grounds=grounds.strip(),
                    requested=requested, status=ObjectionStatus.received, received_on=today, answer_due=due,
                    answer_due_error=due_error)
    session.add(obj)
    session.flush()
    evidence.link(session, list(attachment_ids or []), user_id=user.id, owner_type="objection", owner_id=obj.id)
    trail.record(session, "create", "objection", obj.id, after=trail.snapshot(obj), contract_id=rec.contract_id)
    before = _before(rec)
    rec.status = RecordStatus.objected
    session.flush()
    _audit(session, "object", rec, before, note=msg(f"异议 {obj.id}", f"objection {obj.id}"))
    from monitor.alerts import services as alerts

    alerts.notify_objection(session, obj)
    return obj


def visible_objections(user: Any, stmt: Select | None = None) -> Select:
    """Objections to records ``user`` may see, plus the ones they filed."""
    stmt = stmt if stmt is not None else select(Objection)
    role = getattr(user, "role", None)
    if role in ALL_SEEING:
        return stmt
    if role == Role.enterprise:
        return stmt.where(or_(Objection.filed_by_id == user.id, Objection.enterprise_id == user.enterprise_id))
    records = visible_records(user, select(DishonestyRecord.id)).scalar_subquery()
    return stmt.where(or_(Objection.record_id.in_(records), Objection.filed_by_id == user.id))


def get_objection(session: Session, user: Any, objection_id: int) -> Objection:
    obj = session.scalar(visible_objections(user).where(Objection.id == objection_id))
    if obj is None:
        raise NotFound("objection")
    return obj


def verify_objection(session: Session, obj: Objection, *, user_id: int | None, note: str) -> Objection:
    """核查: the credit office starts verifying an objection (received → verifying)."""
    reread_locked(session, obj)
    if obj.status != ObjectionStatus.received:
        raise Conflict({"status": [msg("该异议已在核查或已答复", f"the objection is already {obj.status}")]})
    before = trail.snapshot(obj)
    obj.status, obj.verified_at, obj.verified_by_id = ObjectionStatus.verifying, clock.now(), user_id
    obj.verification_note = (note or "").strip() or None
    session.flush()
    trail.record(session, "verify", "objection", obj.id, before=before, after=trail.snapshot(obj),
                 contract_id=obj.record.contract_id)
    return obj


def answer_objection(session: Session, obj: Objection, *, user_id: int | None, outcome: str, answer: str,
                     changes: dict[str, Any] | None = None) -> Objection:
    """答复: uphold, correct (with the changes) or revoke the record; the objection is closed."""
    errors: dict[str, list[str]] = {}
    _check_text(errors, "answer", answer, "须写明答复意见", "the answer is required")
    if outcome not in ("upheld", "corrected", "revoked"):
        errors["outcome"] = [msg("结果应为维持、更正或撤销", "outcome must be upheld, corrected or revoked")]
    if outcome == "corrected" and not changes:
        errors["changes"] = [msg("更正须写明更正的内容", "a correction needs the changes")]
    if outcome != "corrected" and changes:
        errors["changes"] = [msg("只有更正才能修改记录内容", "changes are given only with outcome corrected")]
    if errors:
        raise DomainError(errors)
    reread_locked(session, obj, obj.record)
    if obj.status == ObjectionStatus.answered:
        raise Conflict({"status": [msg("该异议已答复", "the objection was already answered")]})
    rec = obj.record
    before_obj, before_rec = trail.snapshot(obj), _before(rec)
    if outcome == "corrected":
        _apply_changes(session, rec, dict(changes or {}))
    now = clock.now()
    if obj.verified_at is None:
        obj.verified_at, obj.verified_by_id = now, user_id
    obj.status, obj.answered_at, obj.answered_on, obj.answered_by_id = ObjectionStatus.answered, now, clock.today(), user_id
    obj.outcome, obj.answer, obj.changes = outcome, answer.strip(), changes or None
    if outcome == "upheld":
        rec.status = RecordStatus.upheld
    elif outcome == "corrected":
        rec.status, rec.status_reason = RecordStatus.corrected, f"异议 {obj.id}：{answer.strip()}"[:500]
    else:
        rec.status, rec.status_reason, rec.ended_on = RecordStatus.revoked, f"异议 {obj.id}：{answer.strip()}"[:500], clock.today()
    session.flush()
    trail.record(session, "answer", "objection", obj.id, before=before_obj, after=trail.snapshot(obj),
                 contract_id=rec.contract_id)
    _audit(session, f"objection_{outcome}", rec, before_rec, note=msg(f"异议 {obj.id}", f"objection {obj.id}"))
    if outcome == "revoked":
        _after_revocation(session, rec, f"异议成立，失信记录已撤销：{answer.strip()}", user_id=user_id,
                          note=msg(f"失信记录 {rec.id} 因异议 {obj.id} 撤销", f"record {rec.id} revoked on objection {obj.id}"))
    from monitor.alerts import services as alerts

    alerts.notify_objection(session, obj)
    return obj


def overdue_objections(session: Session, as_of: date | None = None) -> list[Objection]:
    """Objections not answered by their deadline (they raise alerts; see monitor.alerts)."""
    as_of = as_of or clock.today()
    return list(session.scalars(select(Objection).where(Objection.status != ObjectionStatus.answered,
                                                        Objection.answer_due < as_of).order_by(Objection.id)))


def refresh_objection_deadlines(session: Session) -> int:
    """Compute the deadlines left open while a year's calendar was unpublished."""
    n = 0
    cal = work_calendar(session)
    for obj in session.scalars(select(Objection).where(Objection.answer_due.is_(None),
                                                       Objection.status != ObjectionStatus.answered)):
        due, err = policy.working_deadline(cal, obj.received_on, int(policy.setting("OBJECTION_ANSWER_WORKING_DAYS")))
        if due is not None:
            before = trail.snapshot(obj)
            obj.answer_due, obj.answer_due_error = due, None
            session.flush()
            trail.record(session, "update", "objection", obj.id, before=before, after=trail.snapshot(obj),
                         note=msg("工作日日历公布后已计算期限", "deadline computed once the calendar was published"))
            n += 1
        else:
            obj.answer_due_error = err
    return n


# ---- credit repair ----------------------------------------------------------------------------
def _obligations(session: Session, rec: DishonestyRecord) -> list[Obligation]:
    ids = {f.obligation_id for f in _findings(session, rec) if f.obligation_id}
    if rec.obligation_id:
        ids.add(rec.obligation_id)
    return list(session.scalars(select(Obligation).where(Obligation.id.in_(ids)).order_by(Obligation.id))) if ids else []


def repair_case(session: Session, rec: DishonestyRecord, interest_payment_ids: list[int] | None = None,
                as_of: date | None = None) -> dict[str, Any]:
    """The remedy as the registry shows it: what was owed, what was paid and when, interest, minimum period."""
    as_of = as_of or clock.today()
    obligations = []
    cured = True
    for ob in _obligations(session, rec):
        outstanding = ob.outstanding
        done = ob.status == "fulfilled" and (outstanding is None or outstanding == 0)
        cured = cured and done
        obligations.append({
            "obligation_id": ob.id, "description": ob.description, "kind": ob.kind,
            "amount": f"{ob.amount:.2f}" if ob.amount is not None else None,
            "paid": f"{ob.paid_total:.2f}", "outstanding": f"{outstanding:.2f}" if outstanding is not None else None,
            "status": ob.status, "fulfilled_on": ob.fulfilled_on.isoformat() if ob.fulfilled_on else None,
            "payments": [{"id": p.id, "amount": f"{p.amount:.2f}", "paid_on": p.paid_on.isoformat(),
                          "voucher": p.voucher} for p in ob.payments]})
    interest_payments = []
    for pid in dict.fromkeys(interest_payment_ids or []):  # each payment counts once
        p = session.get(Payment, pid)
        if p is not None:
            interest_payments.append({"id": p.id, "amount": f"{p.amount:.2f}", "paid_on": p.paid_on.isoformat(),
                                      "voucher": p.voucher})
    interest_due = rec.interest or Decimal("0.00")
    interest_paid = sum((Decimal(p["amount"]) for p in interest_payments), Decimal("0.00"))
    min_months = policy.repair_min_months(rec.severity)
    # the minimum period includes its last day (as the publicity period does): repair may be asked
    # only after it, from the next day
    eligible_from = (policy.end_of_period(work_calendar(session), rec.publicity_start, min_months)
                     + timedelta(days=1) if rec.publicity_start and min_months else rec.publicity_start)
    return {
        "obligations": obligations,
        "principal_cured": cured if obligations else None,
        "interest_due": f"{interest_due:.2f}", "interest_paid": f"{interest_paid:.2f}",
        "interest_payments": interest_payments, "interest_settled": interest_paid >= interest_due,
        "minimum_months": min_months, "eligible_from": eligible_from.isoformat() if eligible_from else None,
        "minimum_period_reached": eligible_from is not None and as_of >= eligible_from,
        "as_of": as_of.isoformat(),
    }


def _check_interest_payments(session: Session, rec: DishonestyRecord, ids: list[int]) -> None:
    """The payments cited as the late-payment interest: each once, of the record's contract, and not a
    payment of the obligations in arrears (that money paid the principal, not the interest)."""
    problems = []
    principal = {ob.id for ob in _obligations(session, rec)}
    for n, pid in enumerate(ids):
        p = session.get(Payment, pid)
        ob = session.get(Obligation, p.obligation_id) if p is not None else None
        if pid in ids[:n]:
            problems.append(msg(f"付款记录 {pid} 重复列出", f"payment {pid} is listed twice"))
        elif p is None or ob is None or ob.contract_id != rec.contract_id:
            problems.append(msg(f"付款记录 {pid} 不存在或不属于该合同", f"payment {pid} is not a payment of this contract"))
        elif ob.id in principal:
            problems.append(msg(f"付款记录 {pid} 是所欠款项本身的付款，不是逾期利息",
                                f"payment {pid} paid the arrears themselves, not the late-payment interest"))
    if problems:
        raise DomainError({"interest_payment_ids": problems})


def _can_apply(user: Any, rec: DishonestyRecord) -> None:
    require(user, Permission.repairs_apply)
    if user.role == Role.agency_staff and user.agency_id != rec.agency_id:
        raise Forbidden("只能为本部门的记录申请信用修复", "you may apply only for your own agency's records")


def apply_for_repair(session: Session, rec: DishonestyRecord, user: Any, *, commitment: str, statement: str = "",
                     interest_payment_ids: list[int] | None = None,
                     attachment_ids: list[int] | None = None) -> RepairApplication:
    """信用修复申请: filed by the agency once the minimum period has passed, with a public credit commitment."""
    _can_apply(user, rec)
    errors: dict[str, list[str]] = {}
    _check_text(errors, "commitment", commitment, "须作出公开信用承诺", "a public credit commitment is required")
    if errors:
        raise DomainError(errors)
    reread_locked(session, rec)
    if rec.status == RecordStatus.objected:
        raise Conflict({"status": [msg("异议处理完毕前不能申请修复", "the objection must be answered first")]})
    _require_status(session, rec, STANDING_STATUSES, "申请信用修复", "repaired")
    if session.scalar(select(RepairApplication.id).where(RepairApplication.record_id == rec.id,
                                                         RepairApplication.status == RepairStatus.submitted)):
        raise Conflict({"record_id": [msg("已有修复申请正在处理", "a repair application is pending")]})
    ids = list(interest_payment_ids or [])
    _check_interest_payments(session, rec, ids)
    case = repair_case(session, rec, ids)
    if not case["minimum_period_reached"]:
        raise DomainError.field("record_id", f"最短公示期未满，{case['eligible_from']} 起可申请",
                                f"the minimum publicity period ends first; apply from {case['eligible_from']}")
    app = RepairApplication(record_id=rec.id, applicant_id=user.id, commitment=commitment.strip(),
                            statement=(statement or "").strip(), interest_payment_ids=ids, case=case,
                            filed_on=clock.today())
    session.add(app)
    session.flush()
    evidence.link(session, list(attachment_ids or []), user_id=user.id, owner_type="repair", owner_id=app.id)
    trail.record(session, "create", "repair_application", app.id, after=trail.snapshot(app),
                 contract_id=rec.contract_id)
    from monitor.alerts import services as alerts

    alerts.notify_repair(session, app)
    return app


def decide_repair(session: Session, app: RepairApplication, *, approve: bool, reason: str | None,
                  user_id: int | None) -> RepairApplication:
    """Grant (the record ends early, still visible to supervisors) or refuse (with a reason) a repair."""
    reread_locked(session, app, app.record)
    if app.status != RepairStatus.submitted:
        raise Conflict({"status": [msg("该申请已处理", f"the application is already {app.status}")]})
    rec = app.record
    case = repair_case(session, rec, list(app.interest_payment_ids or []))
    if approve:
        errors: dict[str, list[str]] = {}
        if case["principal_cured"] is False:
            errors["principal_cured"] = [msg("失信行为尚未纠正（仍有欠款或未履行义务）",
                                             "the breach is not cured: money is still owed")]
        if case["principal_cured"] is None and not (reason or "").strip():
            errors["reason"] = [msg("记录未关联台账义务，须写明纠正情况", "no registry obligation backs this record; "
                                    "say how the cure was verified")]
        if not case["interest_settled"] and not (reason or "").strip():
            errors["reason"] = [msg(f"逾期利息尚未付清（应付{case['interest_due']}元，已付{case['interest_paid']}元），"
                                    "如经债权人免除或另行结算，须写明理由",
                                    f"the late-payment interest is not settled ({case['interest_paid']} of "
                                    f"{case['interest_due']} yuan paid); say why the repair is granted anyway "
                                    "(waived by the creditor, settled otherwise)")]
        if not case["minimum_period_reached"]:
            errors["record_id"] = [msg(f"最短公示期未满，{case['eligible_from']} 起可修复",
                                       f"the minimum period is not over; repair from {case['eligible_from']}")]
        if len((reason or "").strip()) > REPAIR_REASON_MAX:
            errors["reason"] = [_too_long(REPAIR_REASON_MAX)]
        if errors:
            raise DomainError(errors)
        _require_status(session, rec, STANDING_STATUSES, "信用修复", "repaired")
    else:
        reason = _reason(reason, limit=REPAIR_REASON_MAX)
    before_app, before_rec = trail.snapshot(app), _before(rec)
    app.status = RepairStatus.approved if approve else RepairStatus.rejected
    app.decided_by_id, app.decided_on, app.decision_reason = user_id, clock.today(), (reason or "").strip() or None
    app.case = case
    session.flush()
    trail.record(session, "decide", "repair_application", app.id, before=before_app, after=trail.snapshot(app),
                 contract_id=rec.contract_id, note=msg("批准", "approved") if approve else msg("驳回", "rejected"))
    if approve:
        rec.status, rec.ended_on = RecordStatus.repaired, clock.today()
        rec.status_reason = f"信用修复申请 {app.id} 准予修复"
        session.flush()
        _audit(session, "repair", rec, before_rec, note=msg(f"信用修复申请 {app.id}", f"repair application {app.id}"))
        _close_findings(session, rec, FindingState.resolved, "信用修复：失信行为已纠正", user_id=user_id,
                        note=msg(f"失信记录 {rec.id} 已信用修复", f"record {rec.id} repaired"))
    from monitor.alerts import services as alerts

    alerts.notify_repair(session, app)
    return app


def repair_applications(session: Session, rec: DishonestyRecord) -> list[RepairApplication]:
    return list(session.scalars(select(RepairApplication).where(RepairApplication.record_id == rec.id)
                                .order_by(RepairApplication.id)))


def objections_of(session: Session, rec: DishonestyRecord) -> list[Objection]:
    return list(session.scalars(select(Objection).where(Objection.record_id == rec.id).order_by(Objection.id)))


def public_records(as_of: date | None = None) -> Select:
    """Records on the public list: decided, in their publicity period, not revoked or repaired."""
    as_of = as_of or clock.today()
    return (select(DishonestyRecord).where(DishonestyRecord.status.in_(PUBLIC_STATUSES),
                                           DishonestyRecord.publicity_start <= as_of,
                                           DishonestyRecord.publicity_end >= as_of)
            .order_by(DishonestyRecord.decided_on.desc(), DishonestyRecord.id.desc()))
