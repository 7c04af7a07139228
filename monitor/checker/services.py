"""Findings for people: who may see which, the state changes staff make, and starting a run (发现处理).

State changes by hand (DESIGN.md §3.7):

| action   | from                               | to          | permission      | needs            |
|----------|------------------------------------|-------------|-----------------|------------------|
| notify   | warning, open                      | notified    | findings.act    |                  |
| rectify  | open, notified                     | rectifying  | findings.act    | deadline (限期整改) |
| escalate | open, notified, rectifying         | escalated   | findings.act    | reason           |
| explain  | any active                         | (unchanged) | findings.act    | explanation      |
| resolve  | any active                         | resolved    | records.decide  | reason           |
| dismiss  | any active                         | dismissed   | records.decide  | reason           |
| reopen   | resolved, dismissed                | open/warning| records.decide  | reason           |

An agency's own staff can notify, rectify, escalate and explain, never clear their own breach: the
deciding actions (records.decide) are refused to anyone who works for the finding's agency (回避),
as deciding on a record is. A deadline to put right (rectify) and escalation need a breach: a
warning whose due date has not passed cannot be given either, even once notified.
A register that stands on findings may hold a finding back from a change (``GUARDS``): the
dishonesty records keep a finding behind a live record ``escalated`` until the record is decided.
A reopened finding is back in the checker's hands: the next run, daily or full, judges it by the
registry (a payment recorded still resolves it; correct the registry if the payment is wrong).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, joinedload

from contracts.access.permissions import Permission, allowed, require
from contracts.access.scope import can_see, recused, require_not_own, visible_contracts
from contracts.audit import trail
from contracts.audit.models import AuditEvent
from contracts.core import clock, jobs
from contracts.core.db import reread_locked
from contracts.core.enums import Role
from contracts.core.errors import Conflict, DomainError, Forbidden, NotFound, msg
from contracts.registry import changes
from contracts.registry.models import Contract
from contracts.responsibility import services as responsibility
from contracts.responsibility.models import Responsibility
from monitor.checker import engine
from monitor.checker.history import states_of_finding
from monitor.checker.models import CheckRun, Finding, FindingState
from monitor.checker.rules import BY_ID

S = FindingState


@dataclass(frozen=True)
class Action:
    sources: frozenset[str]
    target: str | None  # None: the state stays
    permission: Permission
    needs: str | None  # reason / deadline / explanation
    breach: bool = False  # only once the due date has passed (a warning is not a breach)


ACTIONS: dict[str, Action] = {
    "notify": Action(frozenset({S.warning, S.open}), S.notified, Permission.findings_act, None),
    "rectify": Action(frozenset({S.open, S.notified}), S.rectifying, Permission.findings_act, "deadline", True),
    "escalate": Action(frozenset({S.open, S.notified, S.rectifying}), S.escalated, Permission.findings_act, "reason",
                       True),
    "explain": Action(S.ACTIVE, None, Permission.findings_act, "explanation"),
    "resolve": Action(S.ACTIVE, S.resolved, Permission.records_decide, "reason"),
    "dismiss": Action(S.ACTIVE, S.dismissed, Permission.records_decide, "reason"),
    "reopen": Action(frozenset({S.resolved, S.dismissed}), S.open, Permission.records_decide, "reason"),
}

ACTION_ZH = {"notify": "通知", "rectify": "限期整改", "escalate": "提请记入失信", "explain": "书面说明",
             "resolve": "办结", "dismiss": "不予认定", "reopen": "重新打开"}

# What a register standing on findings says against a hand-made change: (session, finding, action)
# → the reason it is refused (a bilingual message), or None. ``monitor.records`` registers its own.
Guard = Callable[[Session, Finding, str], str | None]
GUARDS: list[Guard] = []


def held_back(session: Session, finding: Finding, action: str) -> str | None:
    """Why a register refuses ``action`` on ``finding`` (the first guard that objects), or None."""
    return next((why for guard in GUARDS if (why := guard(session, finding, action)) is not None), None)


# ---- reading ------------------------------------------------------------------------------------
def may_read(user: Any) -> None:
    """Staff with findings.read see findings; an enterprise sees those of its own contracts."""
    if getattr(user, "role", None) == Role.enterprise:
        require(user, Permission.registry_read)
    else:
        require(user, Permission.findings_read)


def shows_officials(user: Any) -> bool:
    """Enterprises see the state of their contracts, not the names of the officials."""
    return getattr(user, "role", None) != Role.enterprise


def visible_findings(user: Any, filters: dict[str, Any] | None = None) -> Select:
    """The findings ``user`` may see, filtered (state, rule_id, agency_id, contract_id, obligation_id,
    severity, active), newest deadline first."""
    may_read(user)
    filters = filters or {}
    stmt = visible_contracts(user, select(Finding).join(Contract, Contract.id == Finding.contract_id))
    states = filters.get("state")
    if states:
        stmt = stmt.where(Finding.state.in_(states if isinstance(states, list | tuple) else [states]))
    if "active" in filters:
        active = Finding.state.in_(S.ACTIVE)
        stmt = stmt.where(active if filters["active"] else ~active)
    for name in ("rule_id", "agency_id", "contract_id", "obligation_id", "severity"):
        if filters.get(name) is not None:
            stmt = stmt.where(getattr(Finding, name) == filters[name])
    return stmt.order_by(Finding.due_date.desc().nulls_last(), Finding.id.desc())


def get_finding(session: Session, user: Any, finding_id: int) -> Finding:
    """The finding if ``user`` may see it (404 otherwise, so existence does not leak)."""
    may_read(user)
    finding = session.get(Finding, finding_id)
    if finding is None:
        raise NotFound("finding")
    contract = session.get(Contract, finding.contract_id)
    if contract is None or not can_see(session, user, contract):
        raise NotFound("finding")
    return finding


def responsible_now(session: Session, findings: list[Finding]) -> dict[int, list[dict[str, Any]]]:
    """The officials holding each role of the findings' contracts today (one query for the page)."""
    contract_ids = {f.contract_id for f in findings}
    if not contract_ids:
        return {}
    rows = session.scalars(select(Responsibility).options(joinedload(Responsibility.official))
                           .where(Responsibility.contract_id.in_(contract_ids), Responsibility.end.is_(None))
                           .order_by(Responsibility.role, Responsibility.start)).all()
    by_contract: dict[int, list[Responsibility]] = {}
    for r in rows:
        by_contract.setdefault(r.contract_id, []).append(r)
    out: dict[int, list[dict[str, Any]]] = {}
    for f in findings:
        mine = [r for r in by_contract.get(f.contract_id, []) if r.obligation_id in (None, f.obligation_id)]
        out[f.id] = [{"role": r.role, "stage": r.stage, "official_id": r.official_id, "name": r.official.name,
                      "post": r.official.post, "agency_id": r.official.agency_id}
                     for r in responsibility.own_holders_replace(mine)]
    return out


@dataclass(frozen=True)
class Step:
    """One entry of a finding's history: what a person did (from the audit trail), or a state the
    checker gave it (``action`` ``check``: found, overdue, resolved when cured, found again)."""

    at: datetime
    actor: str
    action: str
    note: str | None
    after: dict[str, Any]


CHECKER = "checker"  # the actor of the checker's own steps


def history(session: Session, finding: Finding) -> list[Step]:
    """What happened to a finding, oldest first: the audit trail's events about it, and each state
    its history (``monitor.checker.history``) shows that no person's audited change gave it the same
    day, i.e. the checker's."""
    events = session.scalars(select(AuditEvent).where(AuditEvent.entity == "finding",
                                                      AuditEvent.entity_id == finding.id)
                             .order_by(AuditEvent.id)).all()
    steps = [Step(ev.at, ev.actor, ev.action, ev.note, ev.after or {}) for ev in events]
    by_people = {(clock.local(ev.at).date(), (ev.after or {}).get("state")) for ev in events
                 if (ev.before or {}).get("state") != (ev.after or {}).get("state")}
    for change in states_of_finding(session, finding.id):
        if (clock.local(change.at).date(), change.state) not in by_people:
            steps.append(Step(change.at, CHECKER, "check", change.reason, {"state": change.state}))
    # the audit trail keeps whole seconds: within one, the checker's step comes first (it found the
    # finding a person then acted on); each source is already in its own order
    return sorted(steps, key=lambda s: (s.at.replace(microsecond=0), s.action != "check"))


def rule_of(finding: Finding) -> Any:
    return BY_ID.get(finding.rule_id)


# ---- acting -------------------------------------------------------------------------------------
def not_due(finding: Finding, today: date) -> bool:
    """The finding's deadline has not passed yet: a warning, even once notified."""
    return finding.due_date is not None and finding.due_date >= today


def may_take(session: Session, user: Any, finding: Finding, action: str) -> bool:
    """Whether ``user`` may take ``action`` on ``finding`` now: its state, the user's role, 回避 on
    deciding actions, a breach for rectify and escalate, and the registers' guards (what the UI
    offers; ``act`` enforces)."""
    spec = ACTIONS[action]
    return (user is not None and finding.state in spec.sources and allowed(user.role, spec.permission)
            and not (spec.permission == Permission.records_decide and recused(user, finding.agency_id))
            and not (spec.breach and not_due(finding, clock.today()))
            and held_back(session, finding, action) is None)


def act(session: Session, user: Any, finding: Finding, action: str, *, reason: str | None = None,
        deadline: date | None = None, explanation: str | None = None) -> Finding:
    """Apply a hand-made state change to a visible finding (audited; the caller commits)."""
    spec = ACTIONS.get(action)
    if spec is None:
        raise DomainError.field("action", f"未知操作 {action}", f"unknown action {action!r}; one of "
                                + ", ".join(ACTIONS))
    if not allowed(getattr(user, "role", ""), spec.permission):
        raise Forbidden()
    if spec.permission == Permission.records_decide:
        require_not_own(user, finding.agency_id)
    reread_locked(session, finding)  # of two requests at once, the second sees the first's change
    if finding.state not in spec.sources:
        raise Conflict({"action": [msg(f"发现{S.LABELS_ZH.get(finding.state, finding.state)}，不能“{ACTION_ZH[action]}”",
                                       f"a finding that is {finding.state} cannot take the action {action!r}")]})
    if spec.breach and not_due(finding, clock.today()):
        raise Conflict({"action": [msg(f"尚未逾期（到期日 {finding.due_date}），不能限期整改或拟记入失信",
                                       f"not overdue until after {finding.due_date}: nothing to put right or "
                                       "escalate yet")]})
    refused = held_back(session, finding, action)
    if refused is not None:
        raise Conflict({"action": [refused]})
    reason = (reason or "").strip() or None
    explanation = (explanation or "").strip() or None
    errors: dict[str, list[str]] = {}
    if spec.needs == "reason" and not reason:
        errors["reason"] = [msg("须说明理由", "a reason is required")]
    if spec.needs == "explanation" and not explanation:
        errors["explanation"] = [msg("须填写书面说明", "the explanation is required")]
    if spec.needs == "deadline":
        if deadline is None:
            errors["deadline"] = [msg("限期整改须给出整改期限", "rectification needs a deadline")]
        elif deadline <= clock.today():
            errors["deadline"] = [msg("整改期限须晚于今天", "the deadline must be after today")]
    if errors:
        raise DomainError(errors)
    before = trail.snapshot(finding)
    today = clock.today()
    if action == "rectify":
        finding.rectify_deadline = deadline
    if action == "explain":
        finding.explanation = explanation
    if action in ("resolve", "dismiss"):
        finding.resolution_reason = reason[:500] if reason else None
        finding.decided_by_id = user.id
        if action == "resolve" and finding.cured_on is None:
            finding.cured_on = today
    if action == "reopen":
        finding.resolution_reason, finding.decided_by_id, finding.cured_on = None, None, None
        # back in the checker's hands: the next run, daily or full, judges it by the facts
        changes.judge_again(session, finding.contract_id, "findings")
    if spec.target is not None:
        target = spec.target
        if action == "reopen" and finding.due_date is not None and finding.due_date >= today:
            target = S.warning
        finding.state = target
        finding.state_changed_at = clock.now()
    session.flush()
    trail.record(session, action, "finding", finding.id, before=before, after=trail.snapshot(finding),
                 contract_id=finding.contract_id, note=(reason or explanation or "")[:500])
    return finding


# ---- runs ---------------------------------------------------------------------------------------
def start_check(session: Session, user: Any, as_of: date | None = None, *, full: bool = False) -> CheckRun:
    """Queue a check run as an rq job (it runs in-process in the embedded default); the caller
    commits, which sends the job."""
    require(user, Permission.checks_run)
    as_of = as_of or clock.today()
    if as_of > clock.today():
        raise DomainError.field("as_of", "不能按将来的日期检查", "a check cannot be run as of a future date")
    running = engine.active_run(session)
    if running is not None:
        raise Conflict({"_schema": [msg(f"检查#{running.id}已在排队或运行中", f"check run #{running.id} is already "
                                        "queued or running")]})
    run = engine.queue_run(session, as_of=as_of, trigger="api", user_id=user.id, full=full)
    run.job_id = f"check-run-{run.id}"
    jobs.enqueue(session, "workers.checks.run_check", run.id, queue="default", timeout=6 * 3600, retries=0,
                 job_id=run.job_id)
    trail.record(session, "create", "check_run", run.id, after=trail.snapshot(run))
    return run
