"""Alerts (预警通知): who is told what, once, and how it is delivered.

Notifications are derived from the state of the database — findings, records, complaints,
objections — by ``scan`` (a periodic job) and right after a state change (``notify_*`` called by the
services in the same transaction). Each (event, recipient) pair is unique, so a missed or repeated
tick is harmless (the pattern of Indico's reminders). Deliveries are queued with
``jobs.enqueue``, so they leave only after the transaction commits; each attempt is an rq job
(``workers.alerts.deliver``); a failed attempt is retried at ``next_attempt_at`` by the dispatcher
(``workers.alerts.dispatch``) until ``ALERT_MAX_ATTEMPTS``, then marked failed — the notification
stays listed. With ``ALERT_EMAIL_DIGEST=daily`` (or a webhook's ``digest`` flag) notifications are
held and sent once a day as one message per address (``send_digests``).

Overdue objections are alerts (``objection_overdue``), not findings: a Finding is a breach by the
contracting agency on a contract, while a late answer is the credit office's lapse; the alert goes
to the credit officers, the objector and the supervisors, and the objection shows ``overdue``.

Recipients come from responsibility: the officials responsible now (``Official.email``, or their
user account), the agency's staff and the supervisors attached to it or to its parent agency
(主管部门); enterprises for their own matters; credit officers for records, objections, complaints.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from flask import current_app, has_app_context
from sqlalchemy import and_, exists, func, or_, select, update
from sqlalchemy.orm import Session, aliased

from contracts.access.models import User
from contracts.audit import trail
from contracts.core import clock, jobs
from contracts.core.enums import Role
from contracts.core.errors import DomainError, NotFound, msg
from contracts.organisations.models import Agency, Enterprise, Official
from contracts.registry.models import Contract, ContractParty
from contracts.responsibility import services as responsibility
from monitor.alerts.models import (
    AlertEvent,
    Channel,
    Delivery,
    DeliveryAttempt,
    DeliveryItem,
    DeliveryStatus,
    Notification,
    WebhookEndpoint,
    WebhookFormat,
)
from monitor.alerts.senders import Message, Result
from monitor.checker.models import Finding, FindingState
from monitor.complaints.models import CLOSED_STATUSES, NEXT_STEP, Complaint
from monitor.complaints.models import LABELS_ZH as COMPLAINT_LABELS
from monitor.records.models import LABELS_ZH as RECORD_LABELS
from monitor.records.models import (
    PUBLIC_STATUSES,
    DishonestyRecord,
    Objection,
    ObjectionStatus,
    RecordStatus,
    RepairApplication,
)

DELIVER_JOB = "workers.alerts.deliver"
STALE_SENDING = timedelta(minutes=15)
PENDING_GRACE = timedelta(minutes=2)

DEFAULTS: dict[str, Any] = {
    "ALERT_WARNING_DAYS": [7, 3, 1], "ALERT_RECTIFY_DAYS": 3, "ALERT_EMAIL_DIGEST": "off",
    "ALERT_MAX_ATTEMPTS": 4, "ALERT_RETRY_SECONDS": [60, 300, 1800], "ALERT_LINK_BASE_URL": "",
    "SMTP_HOST": None, "SMTP_PORT": 25, "SMTP_SECURITY": "none", "SMTP_USER": None, "SMTP_PASSWORD": None,
    "SMTP_FROM": "monitor@localhost", "SMTP_TIMEOUT": 20, "WEBHOOK_TIMEOUT": 10, "OBJECTION_ALERT_DAYS": 2,
}


def setting(name: str) -> Any:
    if has_app_context() and name in current_app.config:
        return current_app.config[name]
    return DEFAULTS[name]


def smtp_settings() -> dict[str, Any]:
    return {k: setting(k) for k in ("SMTP_HOST", "SMTP_PORT", "SMTP_SECURITY", "SMTP_USER", "SMTP_PASSWORD",
                                    "SMTP_FROM", "SMTP_TIMEOUT")}


# ---- recipients -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Recipient:
    type: str  # user / official / enterprise / webhook
    id: int
    name: str
    email: str | None

    @property
    def key(self) -> str:
        return f"{self.type}:{self.id}"


@dataclass
class Spec:
    """One event to tell: what it says and whom it concerns."""

    event: str
    key: str
    title: str
    body: str
    subject_type: str
    subject_id: int
    recipients: list[Recipient] | Callable[[], list[Recipient]]  # resolved only for a new event
    agency_id: int | None = None
    contract_id: int | None = None
    payload: dict[str, Any] = field(default_factory=dict)


def _memoised(session: Session, key: tuple[Any, ...], compute: Callable[[], Any]) -> Any:
    """Within a scan, look each agency's staff, role's users, enterprise… up once."""
    memo = session.info.get("alerts_memo")
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def _user_recipient(session: Session, u: User) -> Recipient:
    email = u.email
    if not email and u.official_id is not None:
        official = session.get(Official, u.official_id)
        email = official.email if official is not None else None
    return Recipient("user", u.id, u.display_name or u.username, email)


def _official_recipients(session: Session, officials: list[Official]) -> list[Recipient]:
    def one(o: Official) -> Recipient:
        user = session.scalar(select(User).where(User.official_id == o.id, User.active.is_(True)))
        if user is not None:
            return Recipient("user", user.id, o.name, user.email or o.email)
        return Recipient("official", o.id, o.name, o.email)

    return [_memoised(session, ("official", o.id), lambda o=o: one(o)) for o in officials]


def _staff_of(session: Session, agency_id: int | None) -> list[Recipient]:
    """The agency's staff accounts and the supervisors attached to it or to its parent (主管部门)."""
    if agency_id is None:
        return []
    return list(_memoised(session, ("staff", agency_id), lambda: _staff_query(session, agency_id)))


def _staff_query(session: Session, agency_id: int) -> list[Recipient]:
    agency = session.get(Agency, agency_id)
    if agency is None:
        return []
    staff = session.scalars(select(User).where(User.active.is_(True), User.agency_id == agency_id,
                                               User.role != Role.enterprise).order_by(User.id)).all()
    ids = [agency_id] + ([agency.parent_id] if agency.parent_id else [])
    sup = session.scalars(select(User).where(User.active.is_(True), User.role == Role.supervisor,
                                             User.agency_id.in_(ids)).order_by(User.id)).all()
    return [_user_recipient(session, u) for u in [*staff, *sup]]


def _parent_staff(session: Session, agency_id: int) -> list[Recipient]:
    agency = session.get(Agency, agency_id)
    if agency is None or agency.parent_id is None:
        return []
    users = session.scalars(select(User).where(User.active.is_(True), User.agency_id == agency.parent_id,
                                               User.role != Role.enterprise).order_by(User.id)).all()
    return [_user_recipient(session, u) for u in users]


def _role_users(session: Session, role: str) -> list[Recipient]:
    def query() -> list[Recipient]:
        users = session.scalars(select(User).where(User.active.is_(True), User.role == role).order_by(User.id)).all()
        return [_user_recipient(session, u) for u in users]

    return list(_memoised(session, ("role", role), query))


def _enterprise(session: Session, enterprise_id: int | None) -> list[Recipient]:
    return list(_memoised(session, ("enterprise", enterprise_id), lambda: _enterprise_query(session, enterprise_id)))


def _enterprise_query(session: Session, enterprise_id: int | None) -> list[Recipient]:
    ent = session.get(Enterprise, enterprise_id) if enterprise_id else None
    if ent is None:
        return []
    users = session.scalars(select(User).where(User.active.is_(True), User.enterprise_id == ent.id)
                            .order_by(User.id)).all()
    return [Recipient("enterprise", ent.id, ent.name, ent.email), *[_user_recipient(session, u) for u in users]]


def _parties(session: Session, contract_id: int | None) -> list[Recipient]:
    if contract_id is None:
        return []
    ids = session.scalars(select(ContractParty.enterprise_id).where(ContractParty.contract_id == contract_id)
                          .order_by(ContractParty.id)).all()
    out: list[Recipient] = []
    for i in dict.fromkeys(ids):
        out.extend(_enterprise(session, i))
    return out


def _responsible_now(session: Session, contract_id: int, obligation_id: int | None, on: date) -> list[Recipient]:
    rows = responsibility.on_date(session, contract_id, on, obligation_id=obligation_id)
    return _official_recipients(session, [r.official for r in rows])


def _user(session: Session, user_id: int | None) -> list[Recipient]:
    u = session.get(User, user_id) if user_id else None
    return [_user_recipient(session, u)] if u is not None and u.active else []


def dedupe(recipients: list[Recipient]) -> list[Recipient]:
    """Each person once: by key, then by e-mail address (a person with an account and an official row)."""
    seen_keys: set[str] = set()
    seen_mail: set[str] = set()
    out = []
    for r in recipients:
        mail = (r.email or "").strip().lower()
        if r.key in seen_keys or (mail and mail in seen_mail):
            continue
        seen_keys.add(r.key)
        if mail:
            seen_mail.add(mail)
        out.append(r)
    return out


# ---- texts ------------------------------------------------------------------------------------
def _link(path: str) -> str:
    base = setting("ALERT_LINK_BASE_URL")
    return f"\n查看 / View: {base}{path}" if base else ""


def _contract_line(session: Session, contract_id: int | None) -> tuple[str, Contract | None]:
    contract = session.get(Contract, contract_id) if contract_id else None
    if contract is None:
        return "", None
    return f"合同《{contract.title}》（编号 {contract.code}）", contract


def _agency_name(session: Session, agency_id: int | None) -> str:
    agency = session.get(Agency, agency_id) if agency_id else None
    return agency.name if agency else ""


# ---- events per subject -----------------------------------------------------------------------
def finding_specs(session: Session, f: Finding, as_of: date) -> list[Spec]:
    """Warning (due in N days), breach, approaching rectification deadline."""
    specs: list[Spec] = []
    cline, _ = _contract_line(session, f.contract_id)
    agency = _agency_name(session, f.agency_id)
    what = f.summary or f.rule_id
    owed = f"，金额 {f.outstanding:.2f} 元" if f.outstanding is not None else ""
    payload = {"finding_id": f.id, "rule_id": f.rule_id, "contract_id": f.contract_id,
               "obligation_id": f.obligation_id, "agency_id": f.agency_id, "state": f.state,
               "due_date": f.due_date.isoformat() if f.due_date else None,
               "outstanding": f"{f.outstanding:.2f}" if f.outstanding is not None else None,
               "rectify_deadline": f.rectify_deadline.isoformat() if f.rectify_deadline else None}

    def people(with_parties: bool = False) -> list[Recipient]:
        rs = _responsible_now(session, f.contract_id, f.obligation_id, as_of) + _staff_of(session, f.agency_id)
        return dedupe(rs + (_parties(session, f.contract_id) if with_parties else []))

    if f.state == FindingState.warning and f.due_date is not None:
        days_left = (f.due_date - as_of).days
        crossed = [t for t in setting("ALERT_WARNING_DAYS") if 0 <= days_left <= t]
        if crossed:
            t = min(crossed)
            specs.append(Spec(
                AlertEvent.warning, f"finding:{f.id}:warning:{f.due_date.isoformat()}:{t}",
                f"【临期预警】{agency} 有义务将于 {days_left} 日内到期 / Due within {t} days",
                f"{cline}：{what}{owed}，应于 {f.due_date.isoformat()} 前履行（剩余 {days_left} 日）。\n"
                f"{f.citation}\nFinding {f.id} falls due on {f.due_date.isoformat()}." + _link(f"/api/v1/findings/{f.id}"),
                "finding", f.id, people, f.agency_id, f.contract_id, payload | {"days_left": days_left, "threshold": t}))
    if f.state in (FindingState.open, FindingState.notified, FindingState.rectifying):
        days = f.days_overdue or ((as_of - f.due_date).days if f.due_date else 0)
        specs.append(Spec(
            AlertEvent.breach, f"finding:{f.id}:breach",
            f"【逾期违约】{agency} 逾期未履行 / Overdue obligation",
            f"{cline}：{what}{owed}，应于 {f.due_date.isoformat() if f.due_date else '—'} 履行，已逾期 {days} 日。\n"
            f"{f.citation}\nFinding {f.id} is {days} days overdue." + _link(f"/api/v1/findings/{f.id}"),
            "finding", f.id, lambda: people(with_parties=True), f.agency_id, f.contract_id,
            payload | {"days_overdue": days}))
    if f.state == FindingState.rectifying and f.rectify_deadline is not None:
        days_left = (f.rectify_deadline - as_of).days
        if 0 <= days_left <= int(setting("ALERT_RECTIFY_DAYS")):
            specs.append(Spec(
                AlertEvent.rectify_due, f"finding:{f.id}:rectify:{f.rectify_deadline.isoformat()}",
                f"【整改期限临近】{agency} 限期整改将于 {f.rectify_deadline.isoformat()} 届满 / Rectification deadline near",
                f"{cline}：{what}{owed}。限期整改期限 {f.rectify_deadline.isoformat()}（剩余 {days_left} 日），"
                f"逾期未整改将拟记入政务失信记录。\nRectify finding {f.id} by {f.rectify_deadline.isoformat()} "
                f"or it is proposed for the dishonesty record." + _link(f"/api/v1/findings/{f.id}"),
                "finding", f.id, people, f.agency_id, f.contract_id, payload | {"days_left": days_left}))
    return specs


def record_specs(session: Session, rec: DishonestyRecord) -> list[Spec]:
    """The notice before listing (事先告知) and the notice of publication."""
    cline, _ = _contract_line(session, rec.contract_id)
    agency = _agency_name(session, rec.agency_id)
    def people() -> list[Recipient]:
        named = [session.get(Official, o.official_id) for o in rec.officials]
        return _official_recipients(session, [o for o in named if o is not None]) + _staff_of(session, rec.agency_id)

    payload = {"record_id": rec.id, "agency_id": rec.agency_id, "contract_id": rec.contract_id,
               "status": rec.status, "category": rec.category, "severity": rec.severity}
    cat, sev = RECORD_LABELS.get(rec.category, rec.category), RECORD_LABELS.get(rec.severity, rec.severity)
    specs = []
    if rec.status == RecordStatus.proposed:
        specs.append(Spec(
            AlertEvent.record_proposed, f"record:{rec.id}:proposed",
            f"【失信记录事先告知】{agency} 拟被记入政务失信记录 / Proposed dishonesty record",
            f"{cline}\n失信类别：{cat}；程度：{sev}\n事实：{rec.facts}\n依据：{rec.legal_basis}\n"
            f"贵单位可向信用管理部门提交书面说明；认定公示后可依法提出异议。\n"
            f"Record {rec.id} is proposed; you may send a written explanation, and object once it is published."
            + _link(f"/api/v1/records/{rec.id}"),
            "record", rec.id, lambda: dedupe(people() + _role_users(session, Role.credit_officer)), rec.agency_id,
            rec.contract_id, payload))
    if rec.decided_on is not None and rec.publicity_end is not None and rec.status in PUBLIC_STATUSES:
        specs.append(Spec(
            AlertEvent.record_published, f"record:{rec.id}:published",
            f"【失信记录已认定公示】{agency} / Dishonesty record published",
            f"{cline}\n失信类别：{cat}；程度：{sev}\n认定日期 {rec.decided_on.isoformat()}，"
            f"公示至 {rec.publicity_end.isoformat()}。如有异议，可在公示期内提出。\n"
            f"Record {rec.id} is public until {rec.publicity_end.isoformat()}; objections may be filed meanwhile."
            + _link(f"/api/v1/records/{rec.id}"),
            "record", rec.id, lambda: dedupe(people() + _parties(session, rec.contract_id)), rec.agency_id, rec.contract_id,
            payload | {"decided_on": rec.decided_on.isoformat(), "publicity_end": rec.publicity_end.isoformat()}))
    return specs


def complaint_specs(session: Session, c: Complaint, as_of: date) -> list[Spec]:
    """New complaint, progress to the complainant, a missed step deadline."""
    cline, _ = _contract_line(session, c.contract_id)
    agency = _agency_name(session, c.agency_id)
    cat = COMPLAINT_LABELS.get(c.category, c.category)
    payload = {"complaint_id": c.id, "status": c.status, "agency_id": c.agency_id, "contract_id": c.contract_id,
               "category": c.category, "step_due": c.step_due.isoformat() if c.step_due else None}
    officers = _role_users(session, Role.credit_officer)
    handler = _user(session, c.handler_id)
    specs = [Spec(
        AlertEvent.complaint_new, f"complaint:{c.id}:new",
        f"【新投诉】{cat}：{c.title} / New complaint",
        f"被投诉单位：{agency}\n{cline}\n{c.description}\n"
        f"受理期限：{c.step_due.isoformat() if c.step_due and c.status == 'submitted' else '—'}\n"
        f"Complaint {c.id} about {agency} was filed." + _link(f"/api/v1/complaints/{c.id}"),
        "complaint", c.id,
        dedupe(handler + officers + _parent_staff(session, c.agency_id) + _enterprise(session, c.enterprise_id)),
        c.agency_id, c.contract_id, payload)]
    last = c.steps[-1] if c.steps else None
    if last is not None and last.step not in ("submit", "assign"):
        specs.append(Spec(
            AlertEvent.complaint_step, f"complaint:{c.id}:step:{last.id}",
            f"【投诉办理进展】{c.title}：{COMPLAINT_LABELS.get(last.step, last.step)} / Complaint progress",
            f"您的投诉（编号 {c.id}）已{COMPLAINT_LABELS.get(last.step, last.step)}。"
            f"{('说明：' + last.note) if last.note else ''}\n"
            f"Complaint {c.id}: step {last.step} done, now {c.status}." + _link(f"/api/v1/complaints/{c.id}"),
            "complaint", c.id, dedupe(_enterprise(session, c.enterprise_id)), c.agency_id, c.contract_id,
            payload | {"step": last.step}))
    if c.status not in CLOSED_STATUSES and c.step_due is not None and c.step_due < as_of:
        step = NEXT_STEP.get(c.status, "")
        specs.append(Spec(
            AlertEvent.complaint_overdue, f"complaint:{c.id}:overdue:{c.status}:{c.step_due.isoformat()}",
            f"【投诉办理超期】{c.title}：{COMPLAINT_LABELS.get(step, step)}期限 {c.step_due.isoformat()} 已过 / "
            f"Complaint step overdue",
            f"投诉（编号 {c.id}，被投诉单位 {agency}）的{COMPLAINT_LABELS.get(step, step)}环节应于 "
            f"{c.step_due.isoformat()} 前完成，现已超期 {(as_of - c.step_due).days} 日。\n"
            f"The {step} step of complaint {c.id} was due on {c.step_due.isoformat()}."
            + _link(f"/api/v1/complaints/{c.id}"),
            "complaint", c.id, dedupe(handler + officers), c.agency_id, c.contract_id,
            payload | {"step": step, "days_late": (as_of - c.step_due).days}))
    return specs


def objection_specs(session: Session, obj: Objection, as_of: date) -> list[Spec]:
    """Received, answer due soon, overdue, answered."""
    rec = obj.record
    agency = _agency_name(session, rec.agency_id)
    officers = _role_users(session, Role.credit_officer)
    objector = _user(session, obj.filed_by_id)
    due = obj.answer_due.isoformat() if obj.answer_due else "—"
    payload = {"objection_id": obj.id, "record_id": rec.id, "status": obj.status, "answer_due": obj.answer_due
               and obj.answer_due.isoformat(), "agency_id": rec.agency_id}
    link = _link(f"/api/v1/objections/{obj.id}")
    specs = [Spec(
        AlertEvent.objection_received, f"objection:{obj.id}:received",
        f"【收到异议】失信记录 {rec.id}（{agency}） / Objection received",
        f"异议理由：{obj.grounds}\n请于 {due} 前核查并答复。\nObjection {obj.id} to record {rec.id}: answer by {due}."
        + link, "objection", obj.id, dedupe(officers + objector), rec.agency_id, rec.contract_id, payload)]
    if obj.status != ObjectionStatus.answered and obj.answer_due is not None:
        days_left = (obj.answer_due - as_of).days
        if 0 <= days_left <= int(setting("OBJECTION_ALERT_DAYS")):
            specs.append(Spec(
                AlertEvent.objection_due, f"objection:{obj.id}:due:{due}",
                f"【异议答复期限临近】失信记录 {rec.id}：应于 {due} 前答复 / Objection answer due",
                f"异议（编号 {obj.id}）应于 {due} 前答复，剩余 {days_left} 日。\n"
                f"Objection {obj.id} must be answered by {due}." + link,
                "objection", obj.id, dedupe(officers + _user(session, obj.verified_by_id)), rec.agency_id,
                rec.contract_id, payload | {"days_left": days_left}))
        if days_left < 0:
            specs.append(Spec(
                AlertEvent.objection_overdue, f"objection:{obj.id}:overdue:{due}",
                f"【异议逾期未答复】失信记录 {rec.id}：答复期限 {due} 已过 / Objection overdue",
                f"异议（编号 {obj.id}）未在 {due} 前答复，已超期 {-days_left} 日。\n"
                f"Objection {obj.id} was due for an answer on {due}." + link,
                "objection", obj.id, dedupe(officers + objector + _role_users(session, Role.supervisor)),
                rec.agency_id, rec.contract_id, payload | {"days_late": -days_left}))
    if obj.status == ObjectionStatus.answered:
        outcome = {"upheld": "维持", "corrected": "更正", "revoked": "撤销"}.get(obj.outcome or "", obj.outcome)
        specs.append(Spec(
            AlertEvent.objection_answered, f"objection:{obj.id}:answered",
            f"【异议答复】失信记录 {rec.id}：{outcome} / Objection answered: {obj.outcome}",
            f"答复意见：{obj.answer}\nObjection {obj.id} answered: {obj.outcome}." + link,
            "objection", obj.id, dedupe(objector + _staff_of(session, rec.agency_id)), rec.agency_id,
            rec.contract_id, payload | {"outcome": obj.outcome}))
    return specs


def repair_specs(session: Session, app: RepairApplication) -> list[Spec]:
    rec = app.record
    agency = _agency_name(session, rec.agency_id)
    payload = {"repair_id": app.id, "record_id": rec.id, "status": app.status, "agency_id": rec.agency_id}
    link = _link(f"/api/v1/records/{rec.id}/repair")
    specs = [Spec(
        AlertEvent.repair_filed, f"repair:{app.id}:filed",
        f"【信用修复申请】{agency}：失信记录 {rec.id} / Credit repair application",
        f"信用承诺：{app.commitment}\nRepair application {app.id} for record {rec.id}." + link,
        "repair", app.id, dedupe(_role_users(session, Role.credit_officer)), rec.agency_id, rec.contract_id, payload)]
    if app.status != "submitted":
        verdict = "准予修复" if app.status == "approved" else "不予修复"
        specs.append(Spec(
            AlertEvent.repair_decided, f"repair:{app.id}:decided",
            f"【信用修复决定】失信记录 {rec.id}：{verdict} / Credit repair {app.status}",
            f"{verdict}。{app.decision_reason or ''}\nRepair application {app.id}: {app.status}." + link,
            "repair", app.id, dedupe(_user(session, app.applicant_id) + _staff_of(session, rec.agency_id)),
            rec.agency_id, rec.contract_id, payload))
    return specs


# ---- creating notifications and deliveries ----------------------------------------------------
def _endpoints_for(session: Session, spec: Spec) -> list[WebhookEndpoint]:
    rows = _memoised(session, ("endpoints",), lambda: session.scalars(
        select(WebhookEndpoint).where(WebhookEndpoint.active.is_(True)).order_by(WebhookEndpoint.id)).all())
    return [e for e in rows if (not e.events or spec.event in e.events)
            and (e.agency_id is None or e.agency_id == spec.agency_id)]


def _insert_notification(session: Session, values: dict[str, Any]) -> int | None:
    """Insert unless (event_key, recipient_key) exists; the id, or None when it was already there."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    elif dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    else:  # pragma: no cover - other databases are not supported
        raise RuntimeError(f"unsupported database {dialect}")
    stmt = (insert(Notification).values(**values)
            .on_conflict_do_nothing(index_elements=["event_key", "recipient_key"]).returning(Notification.id))
    return session.execute(stmt).scalar()


def emit(session: Session, spec: Spec) -> list[Notification]:
    """Create the notifications of a new event and queue their delivery.

    An event is told to the people concerned when it is first noticed; once any notification with
    its key exists, later ticks leave it alone (a concurrent duplicate is absorbed by the unique key).
    """
    if session.scalar(select(Notification.id).where(Notification.event_key == spec.key).limit(1)) is not None:
        return []
    recipients = list(spec.recipients() if callable(spec.recipients) else spec.recipients)
    for ep in _endpoints_for(session, spec):
        recipients.append(Recipient("webhook", ep.id, ep.name, None))
    if not recipients:
        return []
    digest_mail = setting("ALERT_EMAIL_DIGEST") == "daily"
    created = []
    for r in recipients:
        endpoint = session.get(WebhookEndpoint, r.id) if r.type == "webhook" else None
        digest = bool(endpoint.digest) if endpoint is not None else (digest_mail and bool(r.email))
        nid = _insert_notification(session, {
            "event": spec.event, "event_key": spec.key, "recipient_key": r.key, "recipient_type": r.type,
            "recipient_id": r.id, "recipient_name": r.name[:200], "email": r.email, "agency_id": spec.agency_id,
            "contract_id": spec.contract_id, "subject_type": spec.subject_type, "subject_id": spec.subject_id,
            "title": spec.title[:300], "body": spec.body, "payload": trail.jsonable(spec.payload),
            "digest": digest, "created_at": clock.now()})
        if nid is None:
            continue
        n = session.get(Notification, nid)
        assert n is not None
        created.append(n)
        if not digest:
            _queue_delivery(session, [n], endpoint)
    if created:
        trail.record(session, "notify", "notification", created[0].id, contract_id=spec.contract_id,
                     after={"event": spec.event, "event_key": spec.key,
                            "notifications": [{"id": n.id, "recipient_key": n.recipient_key, "email": n.email}
                                              for n in created]})
    return created


def _queue_delivery(session: Session, notes: list[Notification], endpoint: WebhookEndpoint | None,
                    digest: bool = False) -> Delivery | None:
    if endpoint is not None:
        channel, target = Channel.webhook, f"webhook:{endpoint.id}"
    elif notes[0].email and setting("SMTP_HOST"):
        channel, target = Channel.email, notes[0].email
    else:
        return None  # nobody to send to: the notification stays listed in the API
    d = Delivery(channel=channel, target=target, endpoint_id=endpoint.id if endpoint else None, digest=digest,
                 status=DeliveryStatus.pending, max_attempts=int(setting("ALERT_MAX_ATTEMPTS")))
    session.add(d)
    session.flush()
    for n in notes:
        session.add(DeliveryItem(delivery_id=d.id, notification_id=n.id, channel=channel))
    session.flush()
    jobs.enqueue(session, DELIVER_JOB, d.id, retries=0, timeout=120)
    return d


def notify_finding(session: Session, finding: Finding, as_of: date | None = None) -> list[Notification]:
    """Tell the people concerned about a finding's current state (for the checker to call after a run)."""
    as_of = as_of or clock.today()
    return [n for s in finding_specs(session, finding, as_of) for n in emit(session, s)]


def notify_record(session: Session, rec: DishonestyRecord) -> list[Notification]:
    return [n for s in record_specs(session, rec) for n in emit(session, s)]


def notify_complaint(session: Session, complaint: Complaint, as_of: date | None = None) -> list[Notification]:
    as_of = as_of or clock.today()
    return [n for s in complaint_specs(session, complaint, as_of) for n in emit(session, s)]


def notify_objection(session: Session, obj: Objection, as_of: date | None = None) -> list[Notification]:
    as_of = as_of or clock.today()
    return [n for s in objection_specs(session, obj, as_of) for n in emit(session, s)]


def notify_repair(session: Session, app: RepairApplication) -> list[Notification]:
    return [n for s in repair_specs(session, app) for n in emit(session, s)]


def scan(session: Session, as_of: date | None = None) -> dict[str, int]:
    """Derive every due notification from the database as of a date; repeating it creates nothing new.
    A date still to come is refused: its warnings and overdue alerts would go out today."""
    as_of = as_of or clock.today()
    if as_of > clock.today():
        raise DomainError.field("as_of", f"不能按将来的日期（{as_of}）发送预警通知",
                                f"alerts cannot be scanned as of a future date ({as_of})")
    session.info["alerts_memo"] = {}
    try:
        return _scan(session, as_of)
    finally:
        session.info.pop("alerts_memo", None)


def _scan(session: Session, as_of: date) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    horizon = as_of + timedelta(days=max(setting("ALERT_WARNING_DAYS") or [0]))
    findings = session.scalars(select(Finding).where(or_(
        (Finding.state == FindingState.warning) & (Finding.due_date <= horizon),
        Finding.state.in_([FindingState.open, FindingState.notified, FindingState.rectifying]))).order_by(Finding.id))
    for f in findings.all():
        for n in notify_finding(session, f, as_of):
            counts[n.event] += 1
    records = session.scalars(select(DishonestyRecord).where(
        DishonestyRecord.status.in_([RecordStatus.proposed, *PUBLIC_STATUSES])).order_by(DishonestyRecord.id))
    for rec in records.all():
        for n in notify_record(session, rec):
            counts[n.event] += 1
    complaints = session.scalars(select(Complaint).where(Complaint.status.not_in(CLOSED_STATUSES))
                                 .order_by(Complaint.id))
    for c in complaints.all():
        for n in notify_complaint(session, c, as_of):
            counts[n.event] += 1
    objections = session.scalars(select(Objection).where(Objection.status != ObjectionStatus.answered)
                                 .order_by(Objection.id))
    for obj in objections.all():
        for n in notify_objection(session, obj, as_of):
            counts[n.event] += 1
    return dict(counts)


# ---- delivering -------------------------------------------------------------------------------
def claim(session: Session, delivery_id: int, now: datetime | None = None) -> Delivery | None:
    """Atomically take a due delivery for sending; None when it is sent, failed, taken or not due yet."""
    now = now or clock.now()
    result = session.execute(
        update(Delivery)
        .where(Delivery.id == delivery_id,
               Delivery.status.in_([DeliveryStatus.pending, DeliveryStatus.retrying]),
               or_(Delivery.next_attempt_at.is_(None), Delivery.next_attempt_at <= now))
        .values(status=DeliveryStatus.sending, claimed_at=now)
        .execution_options(synchronize_session=False))
    if result.rowcount != 1:
        return None
    d = session.get(Delivery, delivery_id)
    assert d is not None
    session.refresh(d)
    return d


def messages_of(delivery: Delivery) -> list[Message]:
    return [Message(i.notification.id, i.notification.event, i.notification.event_key, i.notification.title,
                    i.notification.body, i.notification.payload or {},
                    trail.jsonable(i.notification.created_at))
            for i in delivery.items]


def send(session: Session, delivery: Delivery) -> Result:
    """Make one attempt over the delivery's channel (no database writes)."""
    from monitor.alerts import senders

    msgs = messages_of(delivery)
    if delivery.channel == Channel.email:
        settings = smtp_settings()
        if not settings["SMTP_HOST"]:
            return Result(False, None, "SMTP_HOST is not configured")
        return senders.send_email(settings, delivery.target, msgs, digest=delivery.digest)
    endpoint = session.get(WebhookEndpoint, delivery.endpoint_id) if delivery.endpoint_id else None
    if endpoint is None or not endpoint.active:
        return Result(False, None, "webhook endpoint removed or deactivated")
    return senders.send_webhook(endpoint.url, endpoint.format, endpoint.secret, msgs, digest=delivery.digest,
                                timeout=int(setting("WEBHOOK_TIMEOUT")))


def record_result(session: Session, delivery: Delivery, result: Result, now: datetime | None = None) -> Delivery:
    """Store an attempt; sent, retried later, or failed for good after the last attempt."""
    now = now or clock.now()
    session.add(DeliveryAttempt(delivery_id=delivery.id, at=now, ok=result.ok, status_code=result.status_code,
                                error=result.error, duration_ms=result.duration_ms))
    delivery.attempts += 1
    delivery.claimed_at = None
    if result.ok:
        delivery.status, delivery.sent_at, delivery.next_attempt_at = DeliveryStatus.sent, now, None
    elif delivery.attempts >= delivery.max_attempts:
        delivery.status, delivery.next_attempt_at = DeliveryStatus.failed, None
    else:
        waits = setting("ALERT_RETRY_SECONDS") or [60]
        wait = waits[min(delivery.attempts - 1, len(waits) - 1)]
        delivery.status, delivery.next_attempt_at = DeliveryStatus.retrying, now + timedelta(seconds=wait)
    delivery.last_error = result.error
    session.flush()
    if delivery.status in (DeliveryStatus.sent, DeliveryStatus.failed):
        trail.record(session, delivery.status, "delivery", delivery.id,
                     after={"channel": delivery.channel, "target": delivery.target, "attempts": delivery.attempts,
                            "notification_ids": [i.notification_id for i in delivery.items],
                            "error": delivery.last_error})
    return delivery


def due_deliveries(session: Session, now: datetime | None = None) -> list[int]:
    """Deliveries to (re)submit now: retries whose time came, pending ones whose job was lost,
    and ones left 'sending' by a crashed worker (counted as a failed attempt)."""
    now = now or clock.now()
    for d in session.scalars(select(Delivery).where(Delivery.status == DeliveryStatus.sending,
                                                    Delivery.claimed_at < now - STALE_SENDING)).all():
        record_result(session, d, Result(False, None, "interrupted: the worker stopped while sending"), now)
    ids = session.scalars(select(Delivery.id).where(or_(
        (Delivery.status == DeliveryStatus.retrying) & (Delivery.next_attempt_at <= now),
        (Delivery.status == DeliveryStatus.pending) & (Delivery.created_at <= now - PENDING_GRACE),
    )).order_by(Delivery.id)).all()
    return list(ids)


def dispatch_due(session: Session, now: datetime | None = None) -> list[int]:
    """Queue a delivery job for every due delivery (sent after the caller commits)."""
    ids = due_deliveries(session, now)
    for i in ids:
        jobs.enqueue(session, DELIVER_JOB, i, retries=0, timeout=120)
    return ids


def send_digests(session: Session) -> list[Delivery]:
    """Bundle the held notifications into one delivery per e-mail address and per digest webhook."""
    held = session.scalars(select(Notification).where(
        Notification.digest.is_(True), ~Notification.items.any()).order_by(Notification.id)).all()
    groups: dict[tuple[str, str], list[Notification]] = defaultdict(list)
    for n in held:
        if n.recipient_type == "webhook":
            groups[("webhook", str(n.recipient_id))].append(n)
        elif n.email:
            groups[("email", n.email.strip().lower())].append(n)
    out = []
    for (channel, target), notes in groups.items():
        endpoint = session.get(WebhookEndpoint, int(target)) if channel == "webhook" else None
        if channel == "webhook" and (endpoint is None or not endpoint.active):
            continue
        d = _queue_delivery(session, notes, endpoint, digest=True)
        if d is not None:
            out.append(d)
    return out


def retry_delivery(session: Session, delivery: Delivery, *, extra_attempts: int = 1) -> Delivery:
    """An admin sends a failed delivery again (its attempts are kept)."""
    if delivery.status != DeliveryStatus.failed:
        raise DomainError({"status": [msg("只能重发已失败的投递", "only a failed delivery can be retried")]}, 409)
    before = trail.snapshot(delivery)
    delivery.status, delivery.next_attempt_at = DeliveryStatus.pending, None
    delivery.max_attempts = delivery.attempts + max(1, extra_attempts)
    session.flush()
    trail.record(session, "retry", "delivery", delivery.id, before=before, after=trail.snapshot(delivery))
    jobs.enqueue(session, DELIVER_JOB, delivery.id, retries=0, timeout=120)
    return delivery


# ---- webhook endpoints ------------------------------------------------------------------------
def _web_address(url: str) -> bool:
    """An http(s) address with a host, a valid port if any, and no spaces."""
    from urllib.parse import urlparse

    try:
        parsed = urlparse(url)
        valid = parsed.scheme in ("http", "https") and bool(parsed.hostname) and (parsed.port or 0) >= 0
    except ValueError:  # a mistyped IPv6 address or port
        return False
    return valid and not any(c.isspace() for c in url)


def _check_endpoint(session: Session, data: dict[str, Any]) -> None:
    errors: dict[str, list[str]] = {}
    if "url" in data and not _web_address(data["url"] or ""):
        errors["url"] = [msg("地址应为有效的 http:// 或 https:// 网址", "the URL must be a valid http:// or https:// address")]
    if "format" in data and data["format"] not in WebhookFormat.__members__:
        errors["format"] = [msg("格式应为 generic、wecom 或 dingtalk", "format must be generic, wecom or dingtalk")]
    unknown = [e for e in data.get("events") or [] if e not in AlertEvent.__members__]
    if unknown:
        errors["events"] = [msg(f"未知的事件 {', '.join(unknown)}", f"unknown events: {', '.join(unknown)}")]
    if data.get("agency_id") is not None and session.get(Agency, data["agency_id"]) is None:
        errors["agency_id"] = [msg("部门不存在", "agency does not exist")]
    if "name" in data and not (data["name"] or "").strip():
        errors["name"] = [msg("名称不能为空", "a name is required")]
    if errors:
        raise DomainError(errors)


def _endpoint_audit(ep: WebhookEndpoint) -> dict[str, Any]:
    snap = trail.snapshot(ep)
    snap["secret"] = "***" if ep.secret else None
    return snap


def create_endpoint(session: Session, *, user_id: int | None, **data: Any) -> WebhookEndpoint:
    """An admin adds a webhook (generic JSON, WeCom or DingTalk robot)."""
    _check_endpoint(session, data)
    ep = WebhookEndpoint(name=data["name"].strip(), url=data["url"], format=data.get("format", "generic"),
                         secret=data.get("secret") or None, events=list(data.get("events") or []),
                         agency_id=data.get("agency_id"), digest=bool(data.get("digest", False)),
                         active=bool(data.get("active", True)), created_by_id=user_id)
    session.add(ep)
    session.flush()
    trail.record(session, "create", "webhook_endpoint", ep.id, after=_endpoint_audit(ep))
    return ep


def update_endpoint(session: Session, ep: WebhookEndpoint, changes: dict[str, Any]) -> WebhookEndpoint:
    _check_endpoint(session, changes)
    before = _endpoint_audit(ep)
    for key in ("name", "url", "format", "secret", "events", "agency_id", "digest", "active"):
        if key in changes:
            setattr(ep, key, changes[key])
    session.flush()
    trail.record(session, "update", "webhook_endpoint", ep.id, before=before, after=_endpoint_audit(ep))
    return ep


def get_endpoint(session: Session, endpoint_id: int) -> WebhookEndpoint:
    ep = session.get(WebhookEndpoint, endpoint_id)
    if ep is None:
        raise NotFound("webhook endpoint")
    return ep


# ---- reading ----------------------------------------------------------------------------------
EVERYTHING = frozenset({Role.admin, Role.finance_staff, Role.credit_officer})


def visible_notifications(user: Any, stmt: Any = None) -> Any:
    """Everyone sees what was addressed to them; agency staff also their agency's; the office all."""
    from contracts.access.permissions import Permission, allowed

    stmt = stmt if stmt is not None else select(Notification)
    own = [Notification.recipient_key == f"user:{user.id}"]
    if user.official_id:
        own.append(Notification.recipient_key == f"official:{user.official_id}")
    if user.enterprise_id:
        # The enterprise's own copy (mailed to its registered address) shows only where this user
        # had none of their own: an account opened after the event still sees it, once.
        mine = aliased(Notification)
        own.append(and_(Notification.recipient_key == f"enterprise:{user.enterprise_id}", ~exists().where(
            mine.event_key == Notification.event_key, mine.recipient_key == f"user:{user.id}")))
    if user.role in EVERYTHING and allowed(user.role, Permission.notifications_read):
        return stmt
    if user.role == Role.agency_staff and allowed(user.role, Permission.notifications_read):
        own.append(Notification.agency_id == user.agency_id)
    return stmt.where(or_(*own))


def counts_by_status(session: Session) -> dict[str, int]:
    rows = session.execute(select(Delivery.status, func.count()).group_by(Delivery.status)).all()
    return {s: n for s, n in rows}
