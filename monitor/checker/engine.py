"""Running the checker: every rule as set-based statements, one transaction per rule (检查执行).

A rule's query yields its *candidates*: every deadline or defect the registry implies, whatever
the date (``checker_candidates``). A finding is what a candidate amounts to as of a date: nothing
yet, a warning, a breach, or cured. So a run need not recompute everything:

- a **full** run (the first, a ``--full`` request, the weekly scheduled one, or when the rules,
  their parameters or the holiday calendar changed, or the date is before the last run's)
  recomputes every rule's candidates;
- a **changes** run recomputes only the candidates of the contracts the registry's change feed
  (``contracts.registry.changes``) names, and judges those plus the candidates whose deadline the
  days since the last run reached (an index range on the due date).

For each enabled rule, in its own transaction:

1. the rule's candidates are recomputed (all, or those of the changed contracts);
2. ``INSERT INTO findings SELECT … FROM checker_candidates ON CONFLICT (fingerprint) DO UPDATE …
   WHERE changed`` creates the new findings and rewrites only those whose state or facts changed,
   leaving findings a person resolved or dismissed alone. A breach that is still running is not
   rewritten to add a day: its days overdue and interest are read as of the latest finished run
   (``models.figures``), so re-running the same day, or the next day with nothing changed, writes
   only what fell due or moved a warning level;
3. one ``UPDATE`` resolves the rule's findings (of the changed contracts) that no candidate
   supports any more (paid, fulfilled, cancelled, or the deadline moved), with the cure date and
   the figures counted up to it;
4. the officials responsible on the due date are written onto findings that name nobody yet;
5. the run's progress row is updated, and the transaction commits (rules that changed nothing share
   the next commit).

The change-feed rows a run read are deleted when it finishes; a crash leaves whole rules done, the
feed untouched, and the next run redoes what is needed (the fingerprint makes it idempotent). Only
one run at a time: a PostgreSQL advisory lock, or a lock file next to the SQLite database.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    Integer,
    Numeric,
    String,
    Text,
    and_,
    bindparam,
    case,
    cast,
    exists,
    false,
    func,
    literal,
    null,
    or_,
    select,
    text,
    true,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.expression import ColumnClause

from contracts.audit import trail
from contracts.core import clock
from contracts.core.enums import ObligationStatus
from contracts.core.errors import Conflict, DomainError, msg
from contracts.obligations.models import Obligation
from contracts.organisations.models import Official
from contracts.registry import changes
from contracts.registry.models import Contract
from contracts.responsibility.models import Responsibility
from monitor.checker import calendar_table, params, sql
from monitor.checker.models import (
    CalendarState,
    CheckCandidate,
    CheckCandidateState,
    CheckRun,
    Finding,
    FindingState,
    counted_to,
)
from monitor.checker.rules import BY_ID, CHECKS, Rule, RuleContext

log = logging.getLogger(__name__)

F = Finding.__table__
S = FindingState
LOCK_KEY = 5_727_001  # pg_advisory_lock key of the checker
STALE_QUEUED = timedelta(hours=2)
PROGRESS_EVERY = 1.0  # seconds between progress commits when rules find nothing new


class RunInProgress(Conflict):
    """Another check run holds the lock."""

    def __init__(self) -> None:
        super().__init__({"_schema": [msg("已有检查正在运行，请稍后再试", "another check run is in progress")]})


# ---- one run at a time --------------------------------------------------------------------------
_thread_lock = threading.Lock()


@contextmanager
def exclusive(session: Session) -> Iterator[None]:
    """Hold the checker's lock for the block; RunInProgress if another run holds it."""
    engine = session.get_bind()
    if engine.dialect.name == "postgresql":
        conn = engine.connect()  # type: ignore[union-attr]
        try:
            got = conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": LOCK_KEY}).scalar()
            conn.commit()
            if not got:
                raise RunInProgress()
            try:
                yield
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": LOCK_KEY})
                conn.commit()
        finally:
            conn.close()
        return
    if not _thread_lock.acquire(blocking=False):
        raise RunInProgress()
    try:
        path = engine.url.database  # type: ignore[union-attr]
        if not path or path == ":memory:":
            yield
            return
        with open(f"{path}.check-lock", "a") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise RunInProgress() from None
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)
    finally:
        _thread_lock.release()


# ---- SQL pieces ---------------------------------------------------------------------------------
class _EmptyJsonArray(ColumnClause):
    inherit_cache = True

    def __init__(self) -> None:
        super().__init__("'[]'", type_=JSON, is_literal=True)


@compiles(_EmptyJsonArray, "postgresql")
def _empty_pg(element: _EmptyJsonArray, compiler: Any, **kw: Any) -> str:
    return "CAST('[]' AS JSON)"


@compiles(_EmptyJsonArray)
def _empty_default(element: _EmptyJsonArray, compiler: Any, **kw: Any) -> str:
    return "'[]'"


def _citation(bases: tuple, kind: Any, on: Any) -> ColumnElement[Any]:
    """CASE over contract kind and date choosing the joined citations in force (NULL: none)."""
    bounds = sorted({b.in_force_from for b in bases if b.in_force_from}
                    | {b.in_force_to + timedelta(days=1) for b in bases if b.in_force_to})
    edges: list[date | None] = [None, *bounds]
    kinds: list[str | None] = [*sorted({k for b in bases for k in (b.kinds or ())}), None]
    whens = []
    for k in kinds:
        for i, lo in enumerate(edges):
            hi = edges[i + 1] if i + 1 < len(edges) else None
            probe = lo or date.min
            applicable = [b for b in bases if b.applies(probe, k) and (k is not None or b.kinds is None)]
            if not applicable:
                continue
            conds = [c for c in (kind == k if k else None, on >= lo if lo else None, on < hi if hi else None)
                     if c is not None]
            whens.append((and_(*conds) if conds else literal(True), "；".join(b.citation for b in applicable)))
    return case(*whens, else_=null()) if whens else null()


def _fingerprint(rule_id: str, cand: Any) -> ColumnElement[str]:
    """``rule|o<obligation>|<due date>`` or ``rule|c<contract>|-``: the identity of a finding."""
    subject = case((cand.c.obligation_id.is_not(None), "o" + cast(cand.c.obligation_id, String)),
                   else_="c" + cast(cand.c.contract_id, String))
    return (literal(rule_id + "|", String) + subject + "|"
            + func.coalesce(cast(cand.c.due_date, String), "-"))


@dataclass
class RuleCounts:
    created: int = 0
    updated: int = 0
    resolved: int = 0
    seconds: float = 0.0


@dataclass(frozen=True)
class Plan:
    """What a run re-judges: everything (``full``), or the contracts in ``scope`` (their ids; None
    when no contract changed) and the deadlines from ``since`` on."""

    full: bool
    scope: tuple[int, ...] | None = None
    since: date = date.min


def _insert(dialect: str):  # type: ignore[no-untyped-def]
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(F)


K = CheckCandidate.__table__
CANDIDATE_COLUMNS = ("fingerprint", "rule_id", "contract_id", "obligation_id", "agency_id", "due_date", "cured_on",
                     "outstanding", "interest_rate", "citation", "details", "aggravating")
FAR = date(9999, 12, 31)  # candidates are kept whatever their deadline


def candidate_query(rule: Rule, ctx: RuleContext, settings: dict[str, dict[str, Any]]) -> Any:
    """The rule's rows as candidates (``CANDIDATE_COLUMNS``), of ``ctx.contracts`` or all contracts."""
    query = rule.query(ctx)  # type: ignore[misc]
    query = query.where(*ctx.within(query.selected_columns.contract_id))
    # OFFSET 0 keeps PostgreSQL from inlining the rule's query, so each row's calendar and event
    # lookups run once, not once per expression that uses the deadline.
    cand = query.offset(0).subquery("cand")
    citation = cand.c.citation if "citation" in cand.c else _citation(rule.bases, cand.c.contract_kind,
                                                                     cand.c.basis_date)
    if rule.money:
        default_rate = settings["late_payment_interest"]["default_daily_rate"]
        outstanding = cand.c.outstanding
        rate = case((outstanding.is_(None), null()), else_=func.coalesce(cand.c.agreed_rate, sql.dec(default_rate)))
    else:
        outstanding = rate = sql.none(Numeric(18, 2))
    if "delay_reason" in cand.c:
        excuse = BY_ID["delay_excuse_aggravating"]
        aggravating = case((sql.any_like(cand.c.delay_reason, settings[excuse.id]["keywords"]),
                            literal("以政府换届、领导人员更替等为由迟延，不得作为违约理由：", String)
                            + _citation(excuse.bases, cand.c.contract_kind, cand.c.basis_date)), else_=null())
    else:
        aggravating = sql.none(String)
    columns = (_fingerprint(rule.id, cand), literal(rule.id, String), cand.c.contract_id, cand.c.obligation_id,
               cand.c.agency_id, cand.c.due_date, cand.c.cured_on, outstanding, rate, func.substr(citation, 1, 500),
               cand.c.details, func.substr(aggravating, 1, 300))
    return select(*[c.label(n) for c, n in zip(columns, CANDIDATE_COLUMNS, strict=True)]).where(citation.is_not(None))


def refresh_candidates(session: Session, rule: Rule, ctx: RuleContext, settings: dict[str, dict[str, Any]],
                       plan: Plan) -> None:
    """Recompute the rule's stored candidates: all of them, or those of the changed contracts."""
    if not plan.full and plan.scope is None:
        return
    wide = RuleContext(ctx.as_of, FAR, ctx.params, ctx.settings, None if plan.full else plan.scope)
    session.execute(K.delete().where(K.c.rule_id == rule.id, *wide.within(K.c.contract_id)))
    query = candidate_query(rule, wide, settings)
    session.execute(K.insert().from_select(list(CANDIDATE_COLUMNS), query))


FINDING_COLUMNS = ("fingerprint", "rule_id", "severity", "contract_id", "obligation_id", "agency_id", "state",
                   "due_date", "days_overdue", "warn_level", "outstanding", "interest", "interest_rate", "summary",
                   "citation", "details", "aggravating", "responsible_on_due_date", "needs_officials",
                   "first_found_on", "last_checked_on", "cured_on", "resolution_reason", "first_run_id",
                   "state_changed_at", "created_at")


def _judged(rule: Rule, ctx: RuleContext, plan: Plan, run: CheckRun, now: Any) -> Any:
    """The rule's candidates the run judges, as finding rows as of ``ctx.as_of``."""
    as_of = literal(ctx.as_of, Date)
    due, cured = K.c.due_date, K.c.cured_on
    days_left = sql.days_between(as_of, due)
    warn_days = sorted(ctx.params.get("warning_days", [0]))
    state = case((cured.is_not(None), S.resolved), (and_(due.is_not(None), due >= as_of), S.warning), else_=S.open)
    warn_level = case((and_(cured.is_(None), due >= as_of),
                       case(*[(days_left <= d, d) for d in warn_days], else_=warn_days[-1])), else_=null())
    days_overdue = case((and_(cured.is_not(None), due.is_not(None)), sql.days_between(due, cured)),
                        (due < as_of, sql.days_between(due, as_of)), else_=0)
    interest = case((K.c.outstanding.is_(None), null()),
                    else_=func.round(K.c.outstanding * K.c.interest_rate * days_overdue, 2))
    reason = case((cured.is_not(None), literal("逾期后已完成 / done after the deadline", String)), else_=null())
    columns: dict[str, Any] = {
        "fingerprint": K.c.fingerprint, "rule_id": K.c.rule_id, "severity": literal(rule.severity, String),
        "contract_id": K.c.contract_id, "obligation_id": K.c.obligation_id, "agency_id": K.c.agency_id,
        "state": state, "due_date": due, "days_overdue": days_overdue, "warn_level": warn_level,
        "outstanding": K.c.outstanding, "interest": interest, "interest_rate": K.c.interest_rate,
        "summary": literal(f"{rule.title_zh} / {rule.title_en}"[:500], String), "citation": K.c.citation,
        "details": K.c.details, "aggravating": K.c.aggravating, "responsible_on_due_date": _EmptyJsonArray(),
        "needs_officials": true(), "first_found_on": as_of, "last_checked_on": as_of, "cured_on": cured,
        "resolution_reason": reason, "first_run_id": literal(run.id, Integer),
        "state_changed_at": literal(now, DateTime(timezone=True)), "created_at": literal(now, DateTime(timezone=True)),
    }
    assert list(columns) == list(FINDING_COLUMNS)
    where = [K.c.rule_id == rule.id, or_(due.is_(None), due <= ctx.horizon)]
    if not plan.full:
        # the changed contracts, and the deadlines the passing days reached (warnings, breaches)
        reached = and_(due >= plan.since, due <= ctx.horizon)
        where.append(or_(sql.in_ids(K.c.contract_id, plan.scope), reached) if plan.scope is not None else reached)
    return select(*[expr.label(name) for name, expr in columns.items()]).where(*where)


def apply_rule(session: Session, rule: Rule, ctx: RuleContext, run: CheckRun,
               settings: dict[str, dict[str, Any]], plan: Plan | None = None) -> RuleCounts:
    """Create, refresh and resolve the findings of one rule as of ``ctx.as_of`` (no commit).

    Only rows that change are written: a warning when its level moves, a breach when it falls due
    or its facts change (its days overdue and interest are read as of the latest run, not
    rewritten daily), so re-running the same day writes nothing.
    """
    plan = plan or Plan(full=True)
    started = time.perf_counter()
    now = clock.now()
    if session.get_bind().dialect.name == "postgresql":
        # The rule statements are short: compiling them with JIT costs more than it saves.
        session.execute(text("SET LOCAL jit = off"))
    refresh_candidates(session, rule, ctx, settings, plan)
    ins = _insert(session.get_bind().dialect.name).from_select(list(FINDING_COLUMNS),
                                                               _judged(rule, ctx, plan, run, now).where(true()))
    ex = ins.excluded
    new_state = case(
        (and_(ex.state == S.resolved, F.c.state.in_(S.AUTO_RESOLVABLE)), S.resolved),
        (F.c.state == S.warning, ex.state),
        (F.c.state == S.resolved, ex.state),  # auto-resolved and found again: reopened
        else_=F.c.state)
    refreshed = ("severity", "due_date", "days_overdue", "warn_level", "outstanding", "interest", "interest_rate",
                 "summary", "citation", "details", "aggravating", "last_checked_on", "cured_on",
                 "resolution_reason", "agency_id")
    # a breach still running is counted on read (``models.figures``): its growing days and
    # interest alone are no change
    growing = and_(ex.cured_on.is_(None), ex.due_date.is_not(None), ex.due_date < ex.last_checked_on)
    figures_moved = or_(F.c.days_overdue.is_distinct_from(ex.days_overdue), F.c.interest.is_distinct_from(ex.interest))
    changed = or_(
        new_state != F.c.state,
        *[F.c[name].is_distinct_from(ex[name]) for name in refreshed
          if name not in ("details", "last_checked_on", "days_overdue", "interest")],
        cast(F.c.details, Text) != cast(ex.details, Text),
        and_(~growing, figures_moved))
    ins = ins.on_conflict_do_update(
        index_elements=[F.c.fingerprint],
        set_={**{name: ex[name] for name in refreshed}, "state": new_state,
              "state_changed_at": case((new_state != F.c.state, ex.state_changed_at), else_=F.c.state_changed_at)},
        where=and_(F.c.state != S.dismissed, or_(F.c.state != S.resolved, F.c.decided_by_id.is_(None)),
                   F.c.last_checked_on <= ex.last_checked_on, changed))
    touched = session.execute(ins, execution_options={"preserve_rowcount": True}).rowcount or 0
    created = session.scalar(select(func.count()).select_from(F).where(
        F.c.first_run_id == run.id, F.c.rule_id == rule.id)) or 0
    resolved = _resolve_stale(session, rule, ctx, plan, now) if plan.full or plan.scope is not None else 0
    _snapshot_responsibles(session, rule, run, plan)
    return RuleCounts(created, max(touched - created, 0), resolved, round(time.perf_counter() - started, 4))


def _resolve_stale(session: Session, rule: Rule, ctx: RuleContext, plan: Plan, now: Any) -> int:
    """Resolve this rule's active findings (of the changed contracts, or all in a full run) that no
    candidate within the horizon supports any more; escalated ones only get the cure date (the
    credit office decides them)."""
    # found first (an anti-join on the candidates), then updated by id, so the update never has to
    # join every finding of the rule with its obligation
    mine = F.alias("mine")
    supported = exists().where(K.c.fingerprint == mine.c.fingerprint,
                               or_(K.c.due_date.is_(None), K.c.due_date <= ctx.horizon))
    gone = select(mine.c.id).where(mine.c.rule_id == rule.id, mine.c.last_checked_on <= ctx.as_of,
                                   mine.c.state.in_(S.ACTIVE), ~supported)
    if not plan.full:
        gone = gone.where(sql.in_ids(mine.c.contract_id, plan.scope or ()))
    ids = session.scalars(gone).all()
    if not ids:
        return 0
    stale = sql.in_ids(F.c.id, ids)
    if rule.subject == "obligation":
        OB = Obligation.__table__
        fulfilled = OB.c.status == ObligationStatus.fulfilled
        # counted to the day it was done, or to this run for one cancelled or no longer owed
        until = case((fulfilled, OB.c.fulfilled_on), else_=literal(ctx.as_of, Date))
        days, interest = counted_to(until)
        values = {
            "state": S.resolved, "cured_on": case((fulfilled, OB.c.fulfilled_on), else_=null()),
            "days_overdue": days, "interest": interest,
            "outstanding": case((and_(fulfilled, F.c.outstanding.is_not(None)), 0), else_=F.c.outstanding),
            "resolution_reason": case(
                (fulfilled, "已履行 / fulfilled"),
                (OB.c.status == ObligationStatus.cancelled, "义务已取消 / obligation cancelled"),
                else_="期限或事实已变化，不再构成本项发现 / the deadline or facts changed"),
            "warn_level": null(), "state_changed_at": now, "last_checked_on": ctx.as_of,
        }
        joined = F.c.obligation_id == OB.c.id
        done = session.execute(update(F).where(joined, stale, F.c.state.in_(S.AUTO_RESOLVABLE))
                               .values(**values)).rowcount or 0
        days, interest = counted_to(OB.c.fulfilled_on)
        session.execute(update(F).where(joined, stale, F.c.state == S.escalated, F.c.cured_on.is_(None), fulfilled)
                        .values(cured_on=OB.c.fulfilled_on, days_overdue=days, interest=interest,
                                last_checked_on=ctx.as_of))
        return done
    days, interest = counted_to(literal(ctx.as_of, Date))
    done = session.execute(update(F).where(stale, F.c.state.in_(S.AUTO_RESOLVABLE)).values(
        state=S.resolved, cured_on=ctx.as_of, warn_level=None, state_changed_at=now, last_checked_on=ctx.as_of,
        days_overdue=days, interest=interest,
        resolution_reason="条件不再成立（已更正或已履行） / no longer found (corrected or done)")).rowcount or 0
    session.execute(update(F).where(stale, F.c.state == S.escalated, F.c.cured_on.is_(None))
                    .values(cured_on=ctx.as_of, days_overdue=days, interest=interest, last_checked_on=ctx.as_of))
    return done


def _snapshot_responsibles(session: Session, rule: Rule, run: CheckRun, plan: Plan) -> None:
    """Write who held each role on the due date (the signing date for a clause) onto the rule's
    findings that name nobody yet: the new ones, and those whose history was filled in later (a
    responsibility recorded is a change of its contract)."""
    R, Off, C = Responsibility, Official, Contract
    on = func.coalesce(F.c.due_date, C.signed_on)
    stmt = (select(F.c.id, R.role, R.stage, R.obligation_id, Off.id, Off.name, Off.post, Off.agency_id)
            .select_from(F).join(C, C.id == F.c.contract_id)
            .join(R, and_(R.contract_id == F.c.contract_id, R.start <= on, or_(R.end.is_(None), R.end > on),
                          or_(R.obligation_id.is_(None), R.obligation_id == F.c.obligation_id)))
            .join(Off, Off.id == R.official_id)
            .where(F.c.rule_id == rule.id, F.c.needs_officials.is_(True), F.c.state != S.dismissed)
            .order_by(F.c.id, R.role, R.start))
    if not plan.full:
        stmt = stmt.where(or_(F.c.first_run_id == run.id,
                              sql.in_ids(F.c.contract_id, plan.scope) if plan.scope is not None else false()))
    people: dict[int, list[dict[str, Any]]] = {}
    for fid, role, stage, ob_id, official_id, name, post, agency_id in session.execute(stmt):
        people.setdefault(fid, []).append({"role": role, "stage": stage, "official_id": official_id, "name": name,
                                           "post": post, "agency_id": agency_id, "specific": ob_id is not None})
    if not people:
        return
    payload = [{"fid": fid, "people": holders(entries)} for fid, entries in people.items()]
    session.execute(update(F).where(F.c.id == bindparam("fid")).values(responsible_on_due_date=bindparam("people"),
                                                                       needs_officials=False), payload)


def holders(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Where an obligation has its own holder of a role, it replaces the contract-wide one."""
    specific = {e["role"] for e in entries if e["specific"]}
    return [{k: v for k, v in e.items() if k != "specific"} for e in entries
            if e["specific"] or e["role"] not in specific]


# ---- what a run re-judges -----------------------------------------------------------------------
FULL_ABOVE = 10_000  # more changed contracts than this: recompute every candidate instead
_signatures: dict[tuple[str, str], str] = {}


def _signature(session: Session, settings: dict[str, dict[str, Any]]) -> str:
    """What the stored candidates depend on besides the registry: each rule's SQL as compiled for
    this database, its parameters and the calendar (a change to any means a full run)."""
    dialect = session.get_bind().dialect
    dumped = json.dumps(settings, sort_keys=True, default=str)
    key = (dialect.name, dumped)
    if key not in _signatures:
        digest = hashlib.sha256(dumped.encode())
        for rule in CHECKS:
            ctx = RuleContext(date(2000, 1, 1), FAR, settings[rule.id], settings)
            digest.update(str(candidate_query(rule, ctx, settings).compile(dialect=dialect)).encode())
        _signatures[key] = digest.hexdigest()
    calendar = session.get(CalendarState, 1)
    return hashlib.sha256((_signatures[key] + (calendar.signature if calendar else "")).encode()).hexdigest()


def _plan(run: CheckRun, state: CheckCandidateState | None, signature: str,
          changed: set[int]) -> tuple[Plan, str | None]:
    """Full, or only the changed contracts and the deadlines reached since the last run; with the
    reason for a full run (a note on the run)."""
    why = None
    if run.full:
        why = msg("按要求全面重新检查", "a full run was asked for")
    elif state is None:
        why = msg("首次检查：全面检查", "first run: everything is checked")
    elif state.signature != signature:
        why = msg("规则、参数或节假日安排已变化：全面重新检查",
                  "the rules, their parameters or the holiday calendar changed: everything is checked again")
    elif run.as_of < state.as_of:
        why = msg(f"检查日期早于上次检查（{state.as_of}）：全面检查",
                  f"the date is before the last run's ({state.as_of}): everything is checked")
    elif len(changed) > FULL_ABOVE:
        why = msg(f"{len(changed)}份合同有变更：全面重新检查", f"{len(changed)} contracts changed: everything is checked")
    if why is not None:
        return Plan(full=True), why
    assert state is not None
    return Plan(full=False, scope=tuple(sorted(changed)) if changed else None, since=state.as_of), None


# ---- a whole run --------------------------------------------------------------------------------
Progress = Callable[[int, int], None]


def queue_run(session: Session, *, as_of: date | None = None, trigger: str = "manual",
              user_id: int | None = None, full: bool = False) -> CheckRun:
    """A new CheckRun row (not committed) for ``as_of`` (default today, never in the future: a
    finding must not get ahead of the facts)."""
    if as_of is not None and as_of > clock.today():
        raise DomainError.field("as_of", "不能按将来的日期检查", "a check cannot be run as of a future date")
    run = CheckRun(as_of=as_of or clock.today(), trigger=trigger, requested_by_id=user_id, status="queued",
                   rules_total=len(CHECKS), per_rule={}, notes=[], full=full)
    session.add(run)
    session.flush()
    return run


def active_run(session: Session) -> CheckRun | None:
    """A run queued recently or running now, if any."""
    recent = clock.now() - STALE_QUEUED
    return session.scalar(select(CheckRun).where(
        or_(CheckRun.status == "running", and_(CheckRun.status == "queued", CheckRun.queued_at >= recent)))
        .order_by(CheckRun.id.desc()).limit(1))


def execute(session: Session, run: CheckRun, *, progress: Progress | None = None) -> CheckRun:
    """Run every enabled rule for ``run`` (committing once per rule); returns the finished run.

    Raises RunInProgress when another run holds the lock (``run`` is then marked failed).
    """
    try:
        with exclusive(session):
            return _execute_locked(session, run, progress)
    except RunInProgress as exc:
        session.rollback()
        run.status, run.error, run.finished_at = "failed", exc.errors["_schema"][0], clock.now()
        session.commit()
        raise


def _execute_locked(session: Session, run: CheckRun, progress: Progress | None) -> CheckRun:
    session.execute(update(CheckRun).where(CheckRun.status == "running", CheckRun.id != run.id).values(
        status="failed", error="中断（进程退出） / interrupted (the process ended)", finished_at=clock.now()))
    run.status, run.started_at, run.finished_at, run.error = "running", clock.now(), None, None
    run.rules_total, run.rules_done, run.created, run.updated, run.resolved = len(CHECKS), 0, 0, 0, 0
    run.per_rule, run.notes = {}, []
    session.commit()
    try:
        coverage = calendar_table.ensure(session)
        settings = params.values(params.effective(session))
        session.commit()
        signature = _signature(session, settings)
        state = session.get(CheckCandidateState, 1)
        change_ids, changed = changes.pending(session)
        plan, why = _plan(run, state, signature, changed)
        run.mode = "full" if plan.full else "changes"
        run.notes = [why] if why else []
        last_commit = time.monotonic()
        for rule in CHECKS:
            counts = RuleCounts()
            if settings[rule.id]["enabled"]:
                horizon = run.as_of + timedelta(days=max(settings[rule.id].get("warning_days", [0])))
                ctx = RuleContext(run.as_of, horizon, settings[rule.id], settings)
                counts = apply_rule(session, rule, ctx, run, settings, plan)
            run.rules_done += 1
            run.created += counts.created
            run.updated += counts.updated
            run.resolved += counts.resolved
            run.per_rule = {**run.per_rule, rule.id: {
                "created": counts.created, "updated": counts.updated, "resolved": counts.resolved,
                "seconds": counts.seconds, "enabled": bool(settings[rule.id]["enabled"])}}
            if counts.created or counts.resolved:
                trail.record(session, "check", "check_run", run.id,
                             after={"rule_id": rule.id, "as_of": run.as_of, "created": counts.created,
                                    "updated": counts.updated, "resolved": counts.resolved},
                             note=f"checker run #{run.id}: {rule.id}")
            # A rule that wrote findings commits at once; rules that found nothing new share the
            # next commit (at most PROGRESS_EVERY seconds later), which is all the progress row needs.
            if counts.created or counts.updated or counts.resolved or time.monotonic() - last_commit > PROGRESS_EVERY:
                session.commit()
                last_commit = time.monotonic()
                if progress is not None:
                    progress(run.rules_done, run.rules_total)
        waiting = and_(Obligation.status == ObligationStatus.open, Obligation.due_date_error.is_not(None))
        total, undated = session.execute(select(func.count(), func.count().filter(waiting))
                                         .select_from(Obligation)).one()
        run.obligations_checked = total
        run.notes = [*run.notes, *_notes(run.as_of, coverage, settings, undated)]
        flag_modified(run, "notes")
        changes.consume(session, change_ids)
        if plan.full and session.get_bind().dialect.name == "postgresql":
            # the next runs index into both by contract and due date: give the planner their new sizes
            session.execute(text("ANALYZE checker_candidates, findings"))
        if state is None:
            state = CheckCandidateState(id=1, signature=signature, as_of=run.as_of, full_as_of=run.as_of)
            session.add(state)
        state.signature, state.as_of, state.built_at = signature, max(state.as_of, run.as_of), clock.now()
        if plan.full:
            state.full_as_of = run.as_of
        run.status, run.finished_at = "done", clock.now()
        if progress is not None:
            progress(run.rules_done, run.rules_total)
        trail.record(session, "finish", "check_run", run.id, after={
            "as_of": run.as_of, "created": run.created, "updated": run.updated, "resolved": run.resolved,
            "obligations_checked": run.obligations_checked})
        session.commit()
    except Exception as exc:
        session.rollback()
        log.exception("check run %s failed", run.id)
        run.status, run.error, run.finished_at = "failed", f"{type(exc).__name__}: {exc}"[:2000], clock.now()
        session.commit()
        raise
    return run


def _notes(as_of: date, coverage: calendar_table.Coverage, settings: dict[str, dict[str, Any]],
           undated: int) -> list[str]:
    """What the run could not judge: deadlines beyond the published calendar."""
    notes = []
    horizon = as_of + timedelta(days=max(max(p.get("warning_days", [0])) for p in settings.values()))
    if horizon > coverage.last_day:
        year = coverage.last_day.year + 1
        notes.append(msg(f"{year}年节假日安排尚未发布：落在{year}年的期限暂不判断",
                         f"the {year} holiday calendar is not published: deadlines in {year} are not judged yet"))
    if undated:
        notes.append(msg(f"{undated}项义务因节假日安排未发布尚无到期日", f"{undated} obligations have no due date "
                         "until the holiday calendar of their year is published"))
    return notes


def run_check(session: Session, *, as_of: date | None = None, trigger: str = "manual", user_id: int | None = None,
              progress: Progress | None = None, full: bool = False) -> CheckRun:
    """Queue and execute a run now (CLI, cron job, start-up): the whole check as of ``as_of``
    (``full``: recompute every candidate instead of only the changed contracts')."""
    run = queue_run(session, as_of=as_of, trigger=trigger, user_id=user_id, full=full)
    session.commit()
    return execute(session, run, progress=progress)


def describe(session: Session, run: CheckRun) -> list[str]:
    """The lines ``monitor check`` prints: what ran, how long, what it found, what is active now."""
    active = dict(session.execute(select(Finding.state, func.count()).where(Finding.state.in_(S.ACTIVE))
                                  .group_by(Finding.state)).all())
    seconds = run.seconds if run.seconds is not None else 0.0
    lines = [
        f"检查 #{run.id}（截至 {run.as_of}）{run.status}，用时 {seconds:.2f} 秒 / "
        f"check run #{run.id} as of {run.as_of}: {run.status} in {seconds:.2f} s",
        f"规则 {run.rules_done}/{run.rules_total} 条，义务 {run.obligations_checked} 项 / "
        f"{run.rules_done} of {run.rules_total} rules, {run.obligations_checked} obligations checked",
        ("全面检查 / full run: every candidate recomputed" if run.mode == "full" else
         "增量检查 / changes: the changed contracts and the deadlines reached since the last run"),
        f"新发现 {run.created}，更新 {run.updated}，已纠正 {run.resolved} / "
        f"new {run.created}, updated {run.updated}, resolved {run.resolved}",
        "当前未结 / active now: " + (", ".join(f"{state} {active[state]}" for state in
                                              ("warning", "open", "notified", "rectifying", "escalated")
                                              if active.get(state)) or "none"),
    ]
    return lines + list(run.notes or [])
