"""Complaints (投诉举报): filing, the five steps 受理 → 复核 → 认定 → 督办 → 记入信用记录, messages.

Each open status awaits one step, due ``COMPLAINT_STEP_WORKING_DAYS[step]`` 工作日 after the previous
one (local policy: 1103号 says only "第一时间"). A step taken late is marked ``late``; a missed
deadline raises a ``complaint_overdue`` alert. A complaint found untrue is rejected with the
explanation the complainant receives; one found true is supervised (督办) and then either closed
as rectified (``resolved``) or recorded: linked to an existing record or proposing a new one,
with the findings it relied on. Complaints about an agency are handled by the credit office, the
finance bureau or the agency's 主管部门 — never by the agency complained about. An enterprise sees
only its own complaints.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session

from contracts.access.models import User
from contracts.access.permissions import Permission, allowed, require
from contracts.audit import trail
from contracts.calendar.service import work_calendar
from contracts.core import clock
from contracts.core.db import reread_locked
from contracts.core.enums import Role
from contracts.core.errors import Conflict, DomainError, Forbidden, NotFound, msg
from contracts.organisations.models import Agency, Enterprise
from contracts.registry.models import Contract, ContractParty
from monitor.checker.models import Finding
from monitor.complaints.models import (
    CLOSED_STATUSES,
    LABELS_ZH,
    NEXT_STEP,
    Complaint,
    ComplaintCategory,
    ComplaintFinding,
    ComplaintMessage,
    ComplaintRecord,
    ComplaintStatus,
    ComplaintStep,
)
from monitor.records import evidence, policy
from monitor.records import services as records
from monitor.records.models import LABELS_ZH as RECORD_LABELS
from monitor.records.models import LIVE_STATUSES, DishonestyRecord, RecordCategory, Severity

S = ComplaintStatus
# step → (statuses it may follow, status it leads to)
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "accept": (frozenset({S.submitted}), S.accepted),
    "review": (frozenset({S.accepted}), S.reviewed),
    "determine": (frozenset({S.reviewed}), S.determined),
    "supervise": (frozenset({S.determined}), S.supervised),
    "record": (frozenset({S.supervised}), S.recorded),
    "resolve": (frozenset({S.supervised}), S.resolved),
    "reject": (frozenset({S.submitted, S.accepted, S.reviewed}), S.rejected),
}
RECORD_CATEGORY = {
    ComplaintCategory.unpaid_works: RecordCategory.arrears,
    ComplaintCategory.unpaid_goods: RecordCategory.arrears,
    ComplaintCategory.deposit_not_returned: RecordCategory.arrears,
    ComplaintCategory.investment_promise: RecordCategory.promise_broken,
    ComplaintCategory.other: RecordCategory.other,
}
ALL_SEEING = frozenset({Role.admin, Role.finance_staff, Role.credit_officer, Role.supervisor})
ENTITY = "complaint"
TITLE_MAX = 200  # characters in a complaint's title (the column's width)
MESSAGE_MAX = 5000  # characters in one message


def _too_long(limit: int) -> str:
    return msg(f"最多{limit}个字符", f"at most {limit} characters")


# ---- who sees and handles what ----------------------------------------------------------------
def visible_complaints(user: Any, stmt: Select | None = None) -> Select:
    """Enterprises: their own; agency staff: about their agency or the agencies under it; oversight: all."""
    stmt = stmt if stmt is not None else select(Complaint)
    role = getattr(user, "role", None)
    if role in ALL_SEEING:
        return stmt
    if role == Role.enterprise:
        return stmt.where(Complaint.enterprise_id == user.enterprise_id)
    if role == Role.agency_staff:
        children = select(Agency.id).where(Agency.parent_id == user.agency_id).scalar_subquery()
        return stmt.where(or_(Complaint.agency_id == user.agency_id, Complaint.agency_id.in_(children)))
    return stmt.where(Complaint.id.is_(None))


def get_complaint(session: Session, user: Any, complaint_id: int) -> Complaint:
    """The complaint if ``user`` may see it; 404 otherwise (an enterprise cannot probe others')."""
    c = session.scalar(visible_complaints(user).where(Complaint.id == complaint_id))
    if c is None:
        raise NotFound("complaint")
    return c


def require_handler(session: Session, user: Any, c: Complaint) -> None:
    """complaints.handle, and never by anyone of the agency complained about (its 主管部门 may handle it)."""
    require(user, Permission.complaints_handle)
    if user.agency_id is not None and user.agency_id == c.agency_id:
        raise Forbidden("被投诉部门的工作人员不能办理针对本部门的投诉",
                        "staff of the agency complained about cannot handle the complaint")
    if user.role == Role.agency_staff:
        agency = session.get(Agency, c.agency_id)
        if agency is None or agency.parent_id != user.agency_id:
            raise Forbidden("被投诉部门不能办理针对本部门的投诉",
                            "an agency cannot handle complaints about itself; its superior or the credit office does")


def may_handle(session: Session, user: Any, c: Complaint) -> bool:
    """Whether ``user`` may handle ``c`` (``require_handler`` without raising)."""
    try:
        require_handler(session, user, c)
    except Forbidden:
        return False
    return True


# ---- filing -----------------------------------------------------------------------------------
def _deadline(session: Session, start: date, step: str) -> tuple[date | None, str | None]:
    days = int(policy.setting("COMPLAINT_STEP_WORKING_DAYS")[step])
    return policy.working_deadline(work_calendar(session), start, days)


def file_complaint(session: Session, user: Any, *, category: str, title: str, description: str,
                   contract_id: int | None = None, agency_id: int | None = None, amount: Decimal | None = None,
                   enterprise_id: int | None = None, attachment_ids: list[int] | None = None) -> Complaint:
    """投诉: an enterprise complains about a contract of its own or about an agency."""
    require(user, Permission.complaints_file)
    errors: dict[str, list[str]] = {}
    if user.role == Role.enterprise:
        if enterprise_id is not None and enterprise_id != user.enterprise_id:
            raise Forbidden("只能以本企业名义投诉", "you may complain only for your own enterprise")
        enterprise_id = user.enterprise_id
    elif enterprise_id is None:
        errors["enterprise_id"] = [msg("请指明投诉企业", "say which enterprise complains")]
    elif session.get(Enterprise, enterprise_id) is None:
        errors["enterprise_id"] = [msg("企业不存在", "enterprise does not exist")]
    if category not in ComplaintCategory.__members__:
        errors["category"] = [msg(f"未知的投诉类别 {category}", f"unknown category {category!r}")]
    if not (title or "").strip():
        errors["title"] = [msg("标题不能为空", "a title is required")]
    elif len(title.strip()) > TITLE_MAX:  # refused, not cut short: the enterprise's words are kept whole
        errors["title"] = [_too_long(TITLE_MAX)]
    if not (description or "").strip():
        errors["description"] = [msg("请描述投诉事项", "describe what happened")]
    if amount is not None and amount < 0:
        errors["amount"] = [msg("金额不能为负数", "the amount cannot be negative")]
    if contract_id is not None:
        contract = session.get(Contract, contract_id)
        party = contract is not None and enterprise_id is not None and session.scalar(
            select(ContractParty.id).where(ContractParty.contract_id == contract_id,
                                           ContractParty.enterprise_id == enterprise_id))
        if contract is None or not party:
            if user.role == Role.enterprise:
                raise NotFound("contract")
            errors["contract_id"] = [msg("该企业不是此合同的当事人", "the enterprise is not a party to this contract")]
        elif agency_id is not None and agency_id != contract.agency_id:
            errors["agency_id"] = [msg("部门与合同不符", "the agency is not the contract's")]
        else:
            agency_id = contract.agency_id
    if agency_id is None:
        errors.setdefault("agency_id", [msg("请指明被投诉部门或合同", "name the agency or the contract")])
    elif session.get(Agency, agency_id) is None:
        errors["agency_id"] = [msg("部门不存在", "agency does not exist")]
    if errors:
        raise DomainError(errors)
    assert agency_id is not None and enterprise_id is not None
    today = clock.today()
    due, due_error = _deadline(session, today, "accept")
    c = Complaint(enterprise_id=enterprise_id, filed_by_id=user.id, agency_id=agency_id, contract_id=contract_id,
                  category=category, title=title.strip(), description=description.strip(), amount=amount,
                  status=S.submitted, step_due=due, step_due_error=due_error, submitted_on=today)
    session.add(c)
    session.flush()
    session.add(ComplaintStep(complaint_id=c.id, step="submit", from_status=None, to_status=S.submitted, on=today,
                              by_id=user.id, note=""))
    session.flush()
    evidence.link(session, list(attachment_ids or []), user_id=user.id, owner_type="complaint", owner_id=c.id)
    trail.record(session, "create", ENTITY, c.id, after=trail.snapshot(c), contract_id=contract_id)
    from monitor.alerts import services as alerts

    alerts.notify_complaint(session, c)
    return c


# ---- handling ---------------------------------------------------------------------------------
def assign(session: Session, c: Complaint, user: Any, handler_id: int) -> Complaint:
    """Give the complaint to a handler (经办人)."""
    require_handler(session, user, c)
    reread_locked(session, c)  # a second click sees the first
    if c.status in CLOSED_STATUSES:
        raise Conflict({"status": [msg("投诉已办结", "the complaint is closed")]})
    handler = session.get(User, handler_id)
    if handler is None or not handler.active or not allowed(handler.role, Permission.complaints_handle):
        raise DomainError.field("handler_id", "经办人不存在或无权办理投诉", "no such user who may handle complaints")
    if not may_handle(session, handler, c):  # not of the agency complained about
        raise DomainError.field("handler_id", "该经办人不能办理此投诉（属被投诉部门或非其上级部门）",
                                "this user may not handle this complaint (of the agency complained about, "
                                "or not its superior)")
    before = trail.snapshot(c)
    c.handler_id = handler.id
    session.add(ComplaintStep(complaint_id=c.id, step="assign", from_status=c.status, to_status=c.status,
                              on=clock.today(), by_id=user.id, note=f"经办人 / handler: {handler.display_name}"))
    session.flush()
    trail.record(session, "assign", ENTITY, c.id, before=before, after=trail.snapshot(c), contract_id=c.contract_id)
    return c


def _link_findings(session: Session, c: Complaint, finding_ids: list[int]) -> list[Finding]:
    found = []
    problems = []
    for fid in dict.fromkeys(finding_ids):  # a finding named twice is linked once
        f = session.get(Finding, fid)
        if f is None or f.agency_id != c.agency_id or (c.contract_id is not None and f.contract_id != c.contract_id):
            problems.append(msg(f"发现 {fid} 不存在或与投诉无关", f"finding {fid} does not exist or is about another matter"))
        else:
            found.append(f)
    if problems:
        raise DomainError({"finding_ids": problems})
    have = set(c.finding_ids)
    for f in found:
        if f.id not in have:
            c.finding_links.append(ComplaintFinding(complaint_id=c.id, finding_id=f.id))
    session.flush()
    return found


def _record_outcome(session: Session, c: Complaint, user: Any, data: dict[str, Any], note: str) -> DishonestyRecord:
    record_id = data.get("record_id")
    if record_id is not None:
        rec = session.get(DishonestyRecord, record_id)
        if rec is None or rec.agency_id != c.agency_id:
            raise DomainError.field("record_id", "失信记录不存在或不属于被投诉部门",
                                    "the record does not exist or is about another agency")
        if rec.status not in LIVE_STATUSES:  # on its way (拟记入) or in force, not ended
            raise DomainError.field("record_id", f"失信记录{RECORD_LABELS.get(rec.status, rec.status)}，不能据此记入",
                                    f"the record is {rec.status}; link a proposed or published one")
        if c.contract_id is not None and rec.contract_id is not None and rec.contract_id != c.contract_id:
            raise DomainError.field("record_id", "失信记录与投诉的合同不符",
                                    "the record is about another contract than the complaint")
        return rec
    legal_basis = (data.get("legal_basis") or "").strip()
    if not legal_basis:
        raise DomainError.field("legal_basis", "记入信用记录须写明依据",
                                "give the legal basis, or the record_id of an existing record")
    linked = [session.get(Finding, i) for i in c.finding_ids]
    free = [f for f in linked if f is not None and not session.scalar(select(records.in_live_record(f.id)))]
    if linked and not free:  # the breach is on a record already: one record per breach, the complaint joins it
        ids = "、".join(str(i) for i in records.live_records_of(session, c.finding_ids))
        raise DomainError.field("record_id", f"投诉关联的发现已记入失信记录 {ids}，请填写该记录编号关联，不另行记入",
                                f"the complaint's findings are already on record {ids}; give that record_id "
                                "instead of proposing a second record")
    agency = session.get(Agency, c.agency_id)
    contract = session.get(Contract, c.contract_id) if c.contract_id is not None else None
    # The complainant's own account is not quoted: the portal asks whom they dealt with, and a
    # record's facts are published, while officials' names are not (RECORD_OFFICIALS_VISIBLE_TO).
    facts = (data.get("facts") or "").strip() or (
        f"{agency.name if agency else ''}被企业投诉（投诉编号 {c.id}，{c.title}）"
        + (f"，涉及合同《{contract.title}》（编号 {contract.code}）" if contract else "")
        + f"，经受理、复核、认定属实，督办后仍未整改。{note}")
    return records.propose(session, agency_id=c.agency_id, contract_id=c.contract_id, findings=free,
                           category=data.get("category") or RECORD_CATEGORY[ComplaintCategory(c.category)],
                           severity=data.get("severity") or Severity.general, facts=facts,
                           legal_basis=legal_basis, origin="complaint", user_id=user.id)


def take_step(session: Session, c: Complaint, user: Any, step: str, *, note: str = "",
              substantiated: bool | None = None, finding_ids: list[int] | None = None,
              record: dict[str, Any] | None = None) -> Complaint:
    """Take the next step; ``determine`` with ``substantiated=False`` rejects with the explanation."""
    require_handler(session, user, c)
    if step not in TRANSITIONS:
        raise DomainError.field("step", f"未知的办理环节 {step}",
                                f"unknown step {step!r}; one of {', '.join(TRANSITIONS)}")
    sources, target = TRANSITIONS[step]
    reread_locked(session, c)  # a second click sees the first
    if c.status not in sources:
        raise Conflict({"step": [msg(f"投诉{LABELS_ZH.get(c.status, c.status)}，不能进行“{LABELS_ZH.get(step, step)}”环节",
                                     f"a complaint that is {c.status} cannot take the step {step!r}")]})
    note = (note or "").strip()
    errors: dict[str, list[str]] = {}
    if step == "determine":
        if substantiated is None:
            errors["substantiated"] = [msg("请认定投诉是否属实", "say whether the complaint is substantiated")]
        elif not substantiated:
            target = S.rejected
    if (step in ("reject", "resolve") or target == S.rejected) and not note:
        errors["note"] = [msg("须向投诉人说明理由", "explain the outcome to the complainant")]
    if finding_ids and step not in ("determine", "supervise", "record"):
        errors["finding_ids"] = [msg("只能在认定、督办或记入环节关联发现", "findings are linked when determining, "
                                     "supervising or recording")]
    if record and step != "record":
        errors["record"] = [msg("只有记入环节可以关联失信记录", "a record is given only when recording")]
    if errors:
        raise DomainError(errors)
    before = trail.snapshot(c) | {"finding_ids": c.finding_ids, "record_ids": c.record_ids}
    if finding_ids:
        _link_findings(session, c, list(finding_ids))
    today = clock.today()
    due = c.step_due
    if step == "record":
        rec = _record_outcome(session, c, user, dict(record or {}), note)
        if rec.id not in c.record_ids:
            c.record_links.append(ComplaintRecord(complaint_id=c.id, record_id=rec.id))
    from_status = c.status
    c.status = target
    if target in CLOSED_STATUSES:
        c.step_due, c.step_due_error, c.closed_on = None, None, today
        c.outcome = note or c.outcome
    else:
        c.step_due, c.step_due_error = _deadline(session, today, NEXT_STEP[target])
    if c.handler_id is None and user.role != Role.admin:
        c.handler_id = user.id
    session.add(ComplaintStep(complaint_id=c.id, step=step, from_status=from_status, to_status=target, on=today,
                              by_id=user.id, note=note, due=due, late=due is not None and today > due))
    session.flush()
    trail.record(session, step, ENTITY, c.id, before=before,
                 after=trail.snapshot(c) | {"finding_ids": c.finding_ids, "record_ids": c.record_ids},
                 contract_id=c.contract_id, note=note[:500])
    from monitor.alerts import services as alerts

    alerts.notify_complaint(session, c)
    return c


def post_message(session: Session, c: Complaint, user: Any, body: str,
                 attachment_ids: list[int] | None = None) -> ComplaintMessage:
    """A message between the complainant and the handlers (留言)."""
    if not (body or "").strip():
        raise DomainError.field("body", "留言不能为空", "the message is empty")
    if len(body.strip()) > MESSAGE_MAX:
        raise DomainError({"body": [_too_long(MESSAGE_MAX)]})
    from_complainant = user.role == Role.enterprise
    if from_complainant:
        if user.enterprise_id != c.enterprise_id:
            raise NotFound("complaint")
    else:
        require_handler(session, user, c)
    m = ComplaintMessage(complaint_id=c.id, author_id=user.id, from_complainant=from_complainant, body=body.strip())
    session.add(m)
    session.flush()
    evidence.link(session, list(attachment_ids or []), user_id=user.id, owner_type="complaint_message", owner_id=m.id)
    trail.record(session, "create", "complaint_message", m.id, after=trail.snapshot(m), contract_id=c.contract_id)
    return m


def overdue(session: Session, as_of: date | None = None) -> list[Complaint]:
    """Open complaints whose awaited step is past its deadline."""
    as_of = as_of or clock.today()
    return list(session.scalars(select(Complaint).where(Complaint.status.not_in(CLOSED_STATUSES),
                                                        Complaint.step_due < as_of).order_by(Complaint.id)))


def refresh_deadlines(session: Session) -> int:
    """Compute step deadlines left open while a year's calendar was unpublished."""
    n = 0
    for c in session.scalars(select(Complaint).where(Complaint.status.not_in(CLOSED_STATUSES),
                                                     Complaint.step_due.is_(None))).all():
        last = next((st.on for st in reversed(c.steps) if st.step != "assign"), c.submitted_on)
        due, err = _deadline(session, last, NEXT_STEP[c.status])
        if due is not None:
            before = trail.snapshot(c)
            c.step_due, c.step_due_error = due, None
            session.flush()
            trail.record(session, "update", ENTITY, c.id, before=before, after=trail.snapshot(c),
                         contract_id=c.contract_id, note=msg("工作日日历公布后已计算期限", "deadline computed once the calendar was published"))
            n += 1
        else:
            c.step_due_error = err
    return n
