"""Running the checker: each rule's candidates, then every finding judged at once (检查执行).

A rule's query yields its *candidates*: every deadline or defect the registry implies, whatever
the date (``checker_candidates``). A finding is what a candidate amounts to as of a date: nothing
yet, a warning, a breach, or cured. So a run need not recompute everything:

- a **full** run (the first, a ``--full`` request, the weekly scheduled one, when the rules, their
  parameters or the holiday calendar changed, when the date is before the last run's or the last
  run's was before the one preceding it, or when the last full run did not finish) recomputes
  every rule's candidates; it judges them all when the rules, parameters or calendar changed (or
  on the first run, an earlier date, the run after one as of an earlier date, or after an
  unfinished full run), else only what the recomputation changed, the contracts the feed names and
  the deadlines the days since the last run moved, as a changes run does (``Plan.judged``);
- a **changes** run recomputes only the candidates of the contracts the registry's change feed
  (``contracts.registry.changes``) names, and judges those plus the candidates whose state or
  warning level the days since the last run moved (index ranges on the due date).

The steps:

1. each enabled rule's candidates are brought up to date; on PostgreSQL one statement per rule
   writes only the difference, so a full run over unchanged data writes nothing. A full run commits
   rule by rule (its progress), on PostgreSQL several rules side by side (``CHECKER_CONNECTIONS``);
   a changes run gives each rule the changed contracts of its kinds where a table the rule's SQL
   reads changed (the feed names the table: a payment re-runs no procedure deadline), and commits
   at most once a second;
2. for all rules at once, ``INSERT INTO findings SELECT … ON CONFLICT (fingerprint) DO UPDATE``
   creates the new findings and rewrites only those whose state or facts changed (compared before
   the insert, so unchanged rows are not even locked), leaving findings a person resolved or
   dismissed alone. A breach that is still running is not rewritten to add a day: its days overdue
   and interest are read as of the latest finished run (``models.figures``);
3. the findings (of the contracts judged, or all when every candidate is) that no candidate supports any
   more (paid, fulfilled, cancelled, or the deadline moved) are resolved, with the cure date and
   the figures counted up to it;
4. the officials responsible on the due date are written onto findings that name nobody yet;
5. the run's counts, the change feed's rows it read and the candidates' state are written, and
   steps 2–5 commit together.

A crash leaves the findings as the last finished run left them (steps 2–5 are one transaction),
the change feed untouched, and, in a full run, the candidates marked incomplete so the next run is
full again; the fingerprint makes every step idempotent. Only one run at a time: a PostgreSQL
advisory lock, or a lock file next to the SQLite database.
"""

from __future__ import annotations

import fcntl
import functools
import hashlib
import json
import logging
import threading
import time
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from contextlib import closing, contextmanager
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    Integer,
    Numeric,
    String,
    Table,
    Text,
    and_,
    case,
    cast,
    exists,
    func,
    literal,
    null,
    or_,
    select,
    text,
    true,
    union,
    union_all,
    update,
)
from sqlalchemy import __version__ as sqlalchemy_version
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.sql.util import find_tables

from contracts.audit import trail
from contracts.core import clock
from contracts.core.enums import ObligationStatus
from contracts.core.errors import Conflict, DomainError, msg
from contracts.core.idlist import in_ids
from contracts.obligations.models import Obligation
from contracts.registry import changes
from contracts.registry.changes import ANY_TABLE
from contracts.registry.models import Contract
from monitor.checker import calendar_table, naming, params, sql
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
from monitor.checker.rules.base import SCOPE

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
class _EmptyJsonArray(FunctionElement):
    """``[]`` as a JSON value on both backends (SQLite has no JSON type to cast to)."""

    type = JSON()
    inherit_cache = True
    name = "empty_json_array"


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


@dataclass(frozen=True)
class Plan:
    """What a run re-judges: everything (``full``), or the contracts in ``scope`` (their ids; None
    when no contract changed) and the deadlines the days since ``since`` (the last run's date) moved.

    A full run recomputes every candidate; it then judges every one too when ``judge_all``, else
    (the rules, parameters and calendar as the last run left them, and a later date) only the
    contracts whose candidates the recomputation changed, those the change feed names, and the
    deadlines the days since ``since`` moved: the rest was judged by an earlier run from the same
    candidates (``judged``)."""

    full: bool
    scope: tuple[int, ...] | None = None
    since: date = date.min
    kinds: dict[int, str] | None = field(default=None, compare=False)  # the kind of each contract in scope
    # the tables whose rows changed, of each contract in scope (None: any table)
    tables: dict[int, set[str]] | None = field(default=None, compare=False)
    judge_all: bool = True

    def judged(self, feed: Iterable[int], recomputed: set[int] | None) -> Plan:
        """What the run judges once its candidates are up to date, ``recomputed`` being the
        contracts whose candidates changed (None: not known, as on SQLite)."""
        if not self.full or self.judge_all or recomputed is None:
            return self
        return Plan(full=False, scope=tuple(sorted(set(feed) | recomputed)) or None, since=self.since)

    def scope_for(self, rule: Rule, reads: frozenset[str]) -> tuple[int, ...] | None:
        """The contracts in scope whose candidates of ``rule`` may have changed: those of its kinds
        (a contract's kind never changes) where a table the rule ``reads`` changed (a payment
        changes nothing a procedure deadline reads); any whose kind or tables are unknown."""
        if self.scope is None:
            return None
        kinds, tables = self.kinds or {}, self.tables or {}
        return tuple(c for c in self.scope
                     if (c not in kinds or kinds[c] in rule.kinds)
                     and (c not in tables or ANY_TABLE in tables[c] or not tables[c].isdisjoint(reads)))


def _insert(dialect: str):  # type: ignore[no-untyped-def]
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(F)


K = CheckCandidate.__table__
CANDIDATE_COLUMNS = ("fingerprint", "rule_id", "contract_id", "obligation_id", "agency_id", "due_date", "cured_on",
                     "outstanding", "interest_rate", "citation", "details", "aggravating")


def candidate_query(rule: Rule, ctx: RuleContext) -> Any:
    """The rule's rows as candidates (``CANDIDATE_COLUMNS``), of ``ctx.contracts`` or all contracts."""
    settings = ctx.settings
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


def refresh_candidates(session: Session, rule: Rule, settings: dict[str, dict[str, Any]],
                       plan: Plan) -> tuple[int, set[int] | None]:
    """Bring the rule's stored candidates up to date (all of them, or those of the changed
    contracts); returns how many rows were written or deleted, and the contracts they belong to
    (None on SQLite, which rewrites them all).

    On PostgreSQL one statement computes the rule's rows and writes only the difference (a
    candidate gone is deleted, a new or changed one upserted, an unchanged one left alone), so a
    full run over unchanged data writes nothing. SQLite cannot put a DELETE inside a WITH: there
    the rule's rows are deleted and inserted again. The statements are built once per rule and
    settings (the contracts are a parameter): building them took longer than a daily run's SQL.
    """
    dialect = session.get_bind().dialect.name
    key = (dialect, rule.id, rule.query, json.dumps(settings, sort_keys=True, default=str), not plan.full)
    if key not in _refresh_statements:
        if len(_refresh_statements) > 500:  # settings changed many times in one process
            _refresh_statements.clear()
        _refresh_statements[key] = _refresh_statement(dialect, rule, settings, scoped=not plan.full)
    refresh = _refresh_statements[key]
    scope = plan.scope_for(rule, refresh.reads)
    if not plan.full and not scope:
        return 0, set()
    values = {} if plan.full else {SCOPE: list(scope or ())}
    if dialect == "postgresql":
        deleted, written, contracts = session.execute(refresh.statements[0], values).one()
        return int(deleted) + int(written), set(contracts or ())
    return sum(session.execute(stmt, values).rowcount or 0 for stmt in refresh.statements), None  # type: ignore[attr-defined]


@dataclass(frozen=True)
class _Refresh:
    """A rule's refresh, built once per process: its statements, and the tables its query reads
    (found in its SQL, so they cannot drift from it)."""

    statements: tuple[Any, ...]
    reads: frozenset[str]


_refresh_statements: dict[tuple[str, str, Any, str, bool], _Refresh] = {}


def _refresh_statement(dialect: str, rule: Rule, settings: dict[str, dict[str, Any]], *,
                       scoped: bool) -> _Refresh:
    """The statements that refresh the rule's candidates (of the contracts in the parameter
    ``SCOPE`` when ``scoped``), for ``refresh_candidates``."""
    ctx = RuleContext(settings[rule.id], settings, () if scoped else None)
    query = candidate_query(rule, ctx)
    reads = frozenset(t.name for t in find_tables(query, check_columns=True, include_aliases=True)
                      if isinstance(t, Table))
    if dialect != "postgresql":
        gone = K.delete().where(K.c.rule_id == rule.id, *ctx.within(K.c.contract_id))
        return _Refresh((gone, K.insert().from_select(list(CANDIDATE_COLUMNS), query)), reads)
    # One hash FULL JOIN of the rule's rows with its stored ones keeps only the differences (a row
    # on one side only, or the same fingerprint with other facts); only those are materialized and
    # written. The rule's rows are read once, never stored in between.
    fresh = query.subquery("fresh")
    stored = K.alias("stored")
    kept = select(stored).where(stored.c.rule_id == rule.id, *ctx.within(stored.c.contract_id)).subquery("kept")
    differs = or_(fresh.c.fingerprint.is_(None), kept.c.fingerprint.is_(None), *[
        cast(kept.c[n], Text) != cast(fresh.c[n], Text) if n == "details" else kept.c[n].is_distinct_from(fresh.c[n])
        for n in CANDIDATE_COLUMNS if n != "fingerprint"])
    diff = (select(*[fresh.c[n] for n in CANDIDATE_COLUMNS], kept.c.fingerprint.label("kept_fingerprint"))
            .select_from(fresh.join(kept, kept.c.fingerprint == fresh.c.fingerprint, full=True))
            .where(differs).cte("diff"))
    gone = (K.delete().where(K.c.fingerprint == diff.c.kept_fingerprint, diff.c.fingerprint.is_(None))
            .returning(K.c.contract_id).cte("gone"))
    ins = postgresql.insert(K).from_select(list(CANDIDATE_COLUMNS), select(*[diff.c[n] for n in CANDIDATE_COLUMNS])
                                           .where(diff.c.fingerprint.is_not(None)))
    put = ins.on_conflict_do_update(index_elements=[K.c.fingerprint],
                                    set_={n: ins.excluded[n] for n in CANDIDATE_COLUMNS if n != "fingerprint"})
    put = put.returning(K.c.contract_id).cte("put")
    touched = union(select(gone.c.contract_id), select(put.c.contract_id)).subquery("touched")
    return _Refresh((select(select(func.count()).select_from(gone).scalar_subquery(),
                            select(func.count()).select_from(put).scalar_subquery(),
                            select(func.array_agg(touched.c.contract_id)).scalar_subquery())
                     .add_cte(diff, gone, put),), reads)


@dataclass(frozen=True)
class Group:
    """Enabled rules judged together: those sharing their warning days (and so their horizon)."""

    rules: tuple[Rule, ...]
    warn_days: tuple[int, ...]  # ascending
    horizon: date  # the furthest deadline that already gives a warning

    @property
    def ids(self) -> list[str]:
        return [r.id for r in self.rules]


def groups(settings: dict[str, dict[str, Any]], as_of: date) -> list[Group]:
    """The enabled rules, grouped by their warning days (usually one group with deadlines and one
    of clauses without)."""
    by_days: dict[tuple[int, ...], list[Rule]] = {}
    for rule in CHECKS:
        if settings[rule.id]["enabled"]:
            by_days.setdefault(tuple(sorted(settings[rule.id].get("warning_days", [0]))), []).append(rule)
    return [Group(tuple(rules), days, as_of + timedelta(days=days[-1])) for days, rules in by_days.items()]


FINDING_COLUMNS = ("fingerprint", "rule_id", "severity", "contract_id", "obligation_id", "agency_id", "state",
                   "due_date", "days_overdue", "warn_level", "outstanding", "interest", "interest_rate", "summary",
                   "citation", "details", "aggravating", "responsible_on_due_date", "needs_officials",
                   "first_found_on", "last_checked_on", "cured_on", "resolution_reason", "first_run_id",
                   "state_changed_at", "created_at")
NAMING = ("responsible_on_due_date", "needs_officials")  # filled in as a finding is created
# what a re-judged finding takes from its new row (the rest stays as first found)
REFRESHED = ("severity", "due_date", "days_overdue", "warn_level", "outstanding", "interest", "interest_rate",
             "summary", "citation", "details", "aggravating", "last_checked_on", "cured_on", "resolution_reason",
             "agency_id")


def _judged(group: Group, as_of: date, plan: Plan, run: CheckRun, now: Any) -> Any:
    """The group's candidates the run judges, as finding rows as of ``as_of``: all of them in a
    full run; else those of the changed contracts and those whose state or warning level the days
    since the last run moved (index ranges on the due date, not one scan of the candidates)."""
    day = literal(as_of, Date)
    due, cured = K.c.due_date, K.c.cured_on
    days_left = sql.days_between(day, due)
    state = case((cured.is_not(None), S.resolved), (and_(due.is_not(None), due >= day), S.warning), else_=S.open)
    warn_level = case((and_(cured.is_(None), due >= day),
                       case(*[(days_left <= d, d) for d in group.warn_days], else_=group.warn_days[-1])),
                      else_=null())
    days_overdue = case((and_(cured.is_not(None), due.is_not(None)), sql.days_between(due, cured)),
                        (due < day, sql.days_between(due, day)), else_=0)
    interest = case((K.c.outstanding.is_(None), null()),
                    else_=func.round(K.c.outstanding * K.c.interest_rate * days_overdue, 2))
    reason = case((cured.is_not(None), literal("逾期后已完成 / done after the deadline", String)), else_=null())
    severity = case({r.id: r.severity for r in group.rules}, value=K.c.rule_id)
    summary = case({r.id: f"{r.title_zh} / {r.title_en}"[:500] for r in group.rules}, value=K.c.rule_id)
    columns: dict[str, Any] = {
        "fingerprint": K.c.fingerprint, "rule_id": K.c.rule_id, "severity": severity,
        "contract_id": K.c.contract_id, "obligation_id": K.c.obligation_id, "agency_id": K.c.agency_id,
        "state": state, "due_date": due, "days_overdue": days_overdue, "warn_level": warn_level,
        "outstanding": K.c.outstanding, "interest": interest, "interest_rate": K.c.interest_rate,
        "summary": summary, "citation": K.c.citation,
        "details": K.c.details, "aggravating": K.c.aggravating, "first_found_on": day, "last_checked_on": day,
        "cured_on": cured,
        "resolution_reason": reason, "first_run_id": literal(run.id, Integer),
        "state_changed_at": literal(now, DateTime(timezone=True)), "created_at": literal(now, DateTime(timezone=True)),
    }
    assert list(columns) == [n for n in FINDING_COLUMNS if n not in NAMING]  # those ``judge`` adds
    rows = select(*[expr.label(name) for name, expr in columns.items()])
    mine = [K.c.rule_id.in_(group.ids), or_(due.is_(None), due <= group.horizon)]
    if plan.full:
        return rows.where(*mine).subquery("judged")
    # as the days pass from the last run's date to this one, a finding changes only where its
    # deadline passes (a warning becomes a breach) or crosses a warning level (7, 3, 1 days)
    since, until = plan.since, as_of
    crossings = [and_(due >= since, due < until)] + [
        and_(due > since + timedelta(days=d), due <= until + timedelta(days=d)) for d in group.warn_days]
    reached = rows.where(*mine, or_(*crossings))
    if plan.scope is None:
        return reached.subquery("judged")
    changed = rows.where(*mine, in_ids(K.c.contract_id, plan.scope))
    return union_all(changed, reached.where(~in_ids(K.c.contract_id, plan.scope))).subquery("judged")


def _outcome(old: Any, new: Any) -> tuple[ColumnElement[Any], ColumnElement[bool]]:
    """The state a finding ``old`` takes from a newly judged row ``new``, and whether anything a
    reader sees changes (a breach still running only grows: its days and interest are counted on
    read, see ``models.figures``)."""
    state = case(
        (and_(new.state == S.resolved, old.state.in_(S.AUTO_RESOLVABLE)), S.resolved),
        (old.state == S.warning, new.state),
        (old.state == S.resolved, new.state),  # auto-resolved and found again: reopened
        else_=old.state)
    growing = and_(new.cured_on.is_(None), new.due_date.is_not(None), new.due_date < new.last_checked_on)
    figures_moved = or_(old.days_overdue.is_distinct_from(new.days_overdue),
                        old.interest.is_distinct_from(new.interest))
    changed = or_(
        state != old.state,
        *[old[name].is_distinct_from(new[name]) for name in REFRESHED
          if name not in ("details", "last_checked_on", "days_overdue", "interest")],
        cast(old.details, Text) != cast(new.details, Text),
        and_(~growing, figures_moved))
    # a person's decision stands: dismissed, or resolved by hand; and never back in time
    writable = and_(old.state != S.dismissed, or_(old.state != S.resolved, old.decided_by_id.is_(None)),
                    old.last_checked_on <= new.last_checked_on)
    return state, and_(writable, changed)


def judge(session: Session, group: Group, as_of: date, plan: Plan, run: CheckRun,
          now: Any) -> list[tuple[str, bool]]:
    """Create the group's new findings and rewrite those whose state or facts changed, in one
    ``INSERT … SELECT … ON CONFLICT DO UPDATE``; returns (rule id, created?) per row written.

    The judged rows are first compared with the stored findings, so only the new and the changed
    ones reach the insert (a conflicting row is locked even when the update's condition leaves it
    alone); the conflict clause checks again against the row as it is then.
    """
    dialect = session.get_bind().dialect.name
    judged = _judged(group, as_of, plan, run, now)
    cur = F.alias("cur")
    _state, moved = _outcome(cur.c, judged.c)
    # a new finding names the officials in office on its due date as it is created; a rewritten
    # one keeps those it named
    kept = [n for n in FINDING_COLUMNS if n not in NAMING]
    fresh = (select(*[judged.c[n] for n in kept], cur.c.id.label("cur_id"))
             .select_from(judged.outerjoin(cur, cur.c.fingerprint == judged.c.fingerprint))
             .where(or_(cur.c.id.is_(None), moved)).cte("fresh"))
    new = (select(fresh.c.fingerprint.label("key"), fresh.c.contract_id, fresh.c.obligation_id,
                  naming.due_or_signed(fresh.c.contract_id, fresh.c.due_date).label("on"))
           .where(fresh.c.cur_id.is_(None)).subquery("new"))
    people = naming.people_of(dialect, new)
    named = {"responsible_on_due_date": func.coalesce(people.c.people, _EmptyJsonArray()),
             "needs_officials": people.c.people.is_(None)}
    # SQLite parses an upsert's SELECT only with a WHERE clause
    rows = (select(*[named[n] if n in NAMING else fresh.c[n] for n in FINDING_COLUMNS])
            .select_from(fresh.outerjoin(people, people.c.key == fresh.c.fingerprint)).where(true()))
    ins = _insert(dialect).from_select(list(FINDING_COLUMNS), rows)
    ex = ins.excluded
    state, moved = _outcome(F.c, ex)
    ins = ins.on_conflict_do_update(
        index_elements=[F.c.fingerprint],
        set_={**{name: ex[name] for name in REFRESHED}, "state": state,
              "state_changed_at": case((state != F.c.state, ex.state_changed_at), else_=F.c.state_changed_at)},
        where=moved).returning(F.c.rule_id, F.c.first_run_id)
    return [(rule_id, first_run == run.id) for rule_id, first_run in session.execute(ins)]


def resolve_stale(session: Session, group: Group, as_of: date, plan: Plan, now: Any) -> list[str]:
    """Resolve the group's active findings (of the changed contracts, or all in a full run) that no
    candidate within the horizon supports any more; escalated ones only get the cure date (the
    credit office decides them). Returns the rule id of each finding resolved."""
    if not plan.full and plan.scope is None:
        return []
    # found first (an anti-join on the candidates), then updated by id, so the update never has to
    # join every finding with its obligation
    mine = F.alias("mine")
    supported = exists().where(K.c.fingerprint == mine.c.fingerprint,
                               or_(K.c.due_date.is_(None), K.c.due_date <= group.horizon))
    gone = select(mine.c.id, mine.c.rule_id).where(mine.c.rule_id.in_(group.ids), mine.c.last_checked_on <= as_of,
                                                  mine.c.state.in_(S.ACTIVE), ~supported)
    if not plan.full:
        gone = gone.where(in_ids(mine.c.contract_id, plan.scope or ()))
    found = session.execute(gone).all()
    on_obligations = {r.id for r in group.rules if r.subject == "obligation"}
    resolved: list[str] = []
    for of_obligations in (True, False):
        ids = [fid for fid, rule_id in found if (rule_id in on_obligations) == of_obligations]
        if ids:
            resolved += (_resolve_obligation_findings if of_obligations else _resolve_contract_findings)(
                session, in_ids(F.c.id, ids), as_of, now)
    return resolved


def _resolve_obligation_findings(session: Session, stale: Any, as_of: date, now: Any) -> list[str]:
    OB = Obligation.__table__
    fulfilled = OB.c.status == ObligationStatus.fulfilled
    # counted to the day it was done, or to this run for one cancelled or no longer owed
    until = case((fulfilled, OB.c.fulfilled_on), else_=literal(as_of, Date))
    days, interest = counted_to(until)
    values = {
        "state": S.resolved, "cured_on": case((fulfilled, OB.c.fulfilled_on), else_=null()),
        "days_overdue": days, "interest": interest,
        "outstanding": case((and_(fulfilled, F.c.outstanding.is_not(None)), 0), else_=F.c.outstanding),
        "resolution_reason": case(
            (fulfilled, "已履行 / fulfilled"),
            (OB.c.status == ObligationStatus.cancelled, "义务已取消 / obligation cancelled"),
            else_="期限或事实已变化，不再构成本项发现 / the deadline or facts changed"),
        "warn_level": null(), "state_changed_at": now, "last_checked_on": as_of,
    }
    joined = F.c.obligation_id == OB.c.id
    done = session.execute(update(F).where(joined, stale, F.c.state.in_(S.AUTO_RESOLVABLE)).values(**values)
                           .returning(F.c.rule_id)).scalars().all()
    days, interest = counted_to(OB.c.fulfilled_on)
    session.execute(update(F).where(joined, stale, F.c.state == S.escalated, F.c.cured_on.is_(None), fulfilled)
                    .values(cured_on=OB.c.fulfilled_on, days_overdue=days, interest=interest, last_checked_on=as_of))
    return list(done)


def _resolve_contract_findings(session: Session, stale: Any, as_of: date, now: Any) -> list[str]:
    days, interest = counted_to(literal(as_of, Date))
    done = session.execute(update(F).where(stale, F.c.state.in_(S.AUTO_RESOLVABLE)).values(
        state=S.resolved, cured_on=as_of, warn_level=None, state_changed_at=now, last_checked_on=as_of,
        days_overdue=days, interest=interest,
        resolution_reason="条件不再成立（已更正或已履行） / no longer found (corrected or done)")
        .returning(F.c.rule_id)).scalars().all()
    session.execute(update(F).where(stale, F.c.state == S.escalated, F.c.cured_on.is_(None))
                    .values(cured_on=as_of, days_overdue=days, interest=interest, last_checked_on=as_of))
    return list(done)


# ---- what a run re-judges -----------------------------------------------------------------------
FULL_ABOVE = 10_000  # more changed contracts than this: recompute every candidate instead
ANALYZE_ABOVE = 10_000  # rows written by a run beyond which the planner's statistics are refreshed
INCOMPLETE = "incomplete"  # the candidates' signature while a full run is rebuilding them
# the signature a run as of an earlier date than the last run's leaves: it could not write over the
# findings checked later, and it consumed the change feed, so the next run judges everything
BACKDATED = "backdated"


@functools.cache
def _code_digest() -> str:
    """A digest of the code the rules' SQL is made from: the checker and the registry it reads
    (models, enums), with the SQLAlchemy version that compiles it. Hashing the files takes a few
    milliseconds; compiling every rule to compare took a fresh process (an rq work-horse) ~0.4 s.
    Any change to that code, a comment included, makes the next run full once."""
    import contracts
    import monitor.checker

    digest = hashlib.sha256(sqlalchemy_version.encode())
    for package in (contracts, monitor.checker):
        root = Path(package.__file__).parent
        for path in sorted(root.rglob("*.py")):
            digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _signature(session: Session, settings: dict[str, dict[str, Any]]) -> str:
    """What the stored candidates depend on besides the registry: the code that makes the rules'
    SQL, the database it is compiled for, the rules' parameters and the calendar (a change to any
    means a full run)."""
    dialect = session.get_bind().dialect.name
    calendar = session.get(CalendarState, 1)
    body = json.dumps([_code_digest(), dialect, settings, calendar.signature if calendar else ""], sort_keys=True,
                      default=str)
    return hashlib.sha256(body.encode()).hexdigest()


def _plan(run: CheckRun, state: CheckCandidateState | None, signature: str,
          changed: Collection[int]) -> tuple[Plan, str | None]:
    """Full, or only the changed contracts and the deadlines the days since the last run moved;
    with the reason for a full run (a note on the run)."""
    why = None
    if run.full:
        why = msg("按要求全面重新检查", "a full run was asked for")
    elif state is None:
        why = msg("首次检查：全面检查", "first run: everything is checked")
    elif state.signature == INCOMPLETE:
        why = msg("上次全面检查未完成：全面检查", "the last full run did not finish: everything is checked")
    elif state.signature == BACKDATED:
        why = msg("上次检查按更早的日期进行，未能更新其后检查过的发现：全面检查",
                  "the last run was as of an earlier date and could not update the findings checked after it: "
                  "everything is checked")
    elif state.signature != signature:
        why = msg("规则、参数或节假日安排已变化：全面重新检查",
                  "the rules, their parameters or the holiday calendar changed: everything is checked again")
    elif run.as_of < state.as_of:
        why = msg(f"检查日期早于上次检查（{state.as_of}）：全面检查",
                  f"the date is before the last run's ({state.as_of}): everything is checked")
    elif len(changed) > FULL_ABOVE:
        why = msg(f"{len(changed)}份合同有变更：全面重新检查", f"{len(changed)} contracts changed: everything is checked")
    if why is not None:
        # the last run judged every candidate of these rules, parameters and calendar as of an
        # earlier date: only what the recomputation changes, and the days since, need judging again
        same = state is not None and state.signature == signature and run.as_of >= state.as_of
        return Plan(full=True, since=state.as_of if state is not None and same else date.min, judge_all=not same), why
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
        backdated = state is not None and run.as_of < state.as_of
        counted = _count_obligations(session)
        plan, why = _plan(run, state, signature, changed)
        if plan.scope:
            plan = replace(plan, tables=changed, kinds=dict(session.execute(select(Contract.id, Contract.kind).where(
                in_ids(Contract.id, plan.scope))).all()))
        run.mode = "full" if plan.full else "changes"
        run.notes = [why] if why else []
        if plan.full and state is not None:
            # a full run that does not finish leaves the candidates half new: the next run is full too
            state.signature = INCOMPLETE
        # 1. each rule's candidates, committed rule by rule in a full run (its progress, and a
        #    crash keeps the rules done); a changes run is small and commits at most every second
        last_commit = time.monotonic()
        per_rule: dict[str, dict[str, Any]] = {}
        side_by_side = _connections(session, plan)
        if side_by_side > 1:
            session.commit()  # the candidates are marked incomplete before other connections write them
        _tune(session, plan)
        # closed even when the loop fails, so the side-by-side refreshes end before the lock is released
        with closing(_refreshed(session, settings, plan, side_by_side)) as refreshed:
            recomputed: set[int] | None = set()  # the contracts whose candidates changed
            for done, (rule, written, contracts, seconds) in enumerate(refreshed, start=1):
                recomputed = None if recomputed is None or contracts is None else recomputed | contracts
                per_rule[rule.id] = {"created": 0, "updated": 0, "resolved": 0, "candidates_written": written,
                                     "seconds": round(seconds, 4), "enabled": bool(settings[rule.id]["enabled"])}
                if plan.full or time.monotonic() - last_commit > PROGRESS_EVERY:
                    run.rules_done, run.per_rule = done, dict(per_rule)
                    session.commit()
                    _tune(session, plan)  # the next transaction
                    last_commit = time.monotonic()
                    if progress is not None:
                        progress(run.rules_done, run.rules_total)
        # 2.–4. judged, resolved and named across all rules at once, in the run's last transaction
        judged = plan.judged(changed, recomputed)
        now = clock.now()
        created: Counter[str] = Counter()
        updated: Counter[str] = Counter()
        resolved: Counter[str] = Counter()
        for group in groups(settings, run.as_of):
            for rule_id, new in judge(session, group, run.as_of, judged, run, now):
                (created if new else updated)[rule_id] += 1
            resolved.update(resolve_stale(session, group, run.as_of, judged, now))
        # the findings whose contract's history came after them (new ones were named as created)
        naming.snapshot(session, run.id, judged.scope, judged.full)
        run.rules_done = len(CHECKS)
        events: list[trail.Entry] = []  # appended to the audit trail at once, with the run's end
        for rule_id, entry in per_rule.items():
            counts = {"created": created[rule_id], "updated": updated[rule_id], "resolved": resolved[rule_id]}
            entry.update(counts)
            if counts["created"] or counts["resolved"]:
                events.append(trail.Entry("check", "check_run", run.id, after={"rule_id": rule_id, "as_of": run.as_of,
                                                                               **counts},
                                          note=msg(f"合规检查 #{run.id}：{rule_id}", f"checker run #{run.id}: {rule_id}")))
        run.per_rule = {rule.id: dict(per_rule[rule.id]) for rule in CHECKS}
        run.created, run.updated, run.resolved = (sum(c.values()) for c in (created, updated, resolved))
        run.obligations_checked = counted()
        # the obligations with no due date until their year's calendar is published (a partial index)
        undated = session.scalar(select(func.count()).select_from(Obligation).where(
            Obligation.due_date_error.is_not(None), Obligation.status == ObligationStatus.open)) or 0
        run.notes = [*run.notes, *_notes(run.as_of, coverage, settings, undated)]
        flag_modified(run, "notes")
        changes.consume(session, change_ids)
        rewritten = sum(entry["candidates_written"] for entry in per_rule.values())
        if rewritten + run.created + run.resolved > ANALYZE_ABOVE and session.get_bind().dialect.name == "postgresql":
            # the next runs index into both by contract and due date: give the planner their new sizes
            session.execute(text("ANALYZE checker_candidates, findings"))
        if state is None:
            state = CheckCandidateState(id=1, signature=signature, as_of=run.as_of, full_as_of=run.as_of)
            session.add(state)
        # a run as of an earlier date judged as of that date and left alone the findings checked
        # after it, yet consumed the feed: the next run has to judge everything again
        state.signature = BACKDATED if backdated else signature
        state.as_of, state.built_at = max(state.as_of, run.as_of), clock.now()
        if plan.full:
            state.full_as_of = run.as_of
        run.status, run.finished_at = "done", clock.now()
        if progress is not None:
            progress(run.rules_done, run.rules_total)
        events.append(trail.Entry("finish", "check_run", run.id, after={
            "as_of": run.as_of, "created": run.created, "updated": run.updated, "resolved": run.resolved,
            "obligations_checked": run.obligations_checked}))
        trail.record_many(session, events)
        session.commit()
    except Exception as exc:
        session.rollback()
        log.exception("check run %s failed", run.id)
        run.status, run.error, run.finished_at = "failed", f"{type(exc).__name__}: {exc}"[:2000], clock.now()
        session.commit()
        raise
    return run


def _connections(session: Session, plan: Plan) -> int:
    """How many connections the run refreshes the rules' candidates on, side by side: a full run on
    PostgreSQL uses ``CHECKER_CONNECTIONS`` (default 2); anything else one, its own."""
    from flask import current_app, has_app_context

    if not plan.full or session.get_bind().dialect.name != "postgresql":
        return 1
    return int(current_app.config.get("CHECKER_CONNECTIONS", 2)) if has_app_context() else 2


# the rule, candidate rows written or deleted, the contracts they belong to (None: not known), seconds
Refreshed = tuple[Rule, int, set[int] | None, float]


def _refreshed(session: Session, settings: dict[str, dict[str, Any]], plan: Plan,
               connections: int) -> Iterator[Refreshed]:
    """Every rule's candidates brought up to date (a disabled rule's left as they are), yielded as
    each finishes: one after another in the run's session, or with ``connections`` > 1 side by
    side, each rule in a transaction of its own on a connection of its own (a full run spends
    seconds per rule; the rules touch only their own candidates)."""
    enabled = [rule for rule in CHECKS if settings[rule.id]["enabled"]]
    for rule in CHECKS:
        if not settings[rule.id]["enabled"]:
            yield rule, 0, set(), 0.0
    if connections <= 1:
        for rule in enabled:
            yield _timed_refresh(session, rule, settings, plan)
        return
    bind = session.get_bind()
    with ThreadPoolExecutor(max_workers=connections, thread_name_prefix="checker-rule") as pool:
        futures = [pool.submit(_refresh_alone, bind, rule, settings, plan) for rule in enabled]
        try:
            for future in as_completed(futures):
                yield future.result()
        finally:  # a rule failed or the run stopped: start no other
            for future in futures:
                future.cancel()


def _timed_refresh(session: Session, rule: Rule, settings: dict[str, dict[str, Any]], plan: Plan) -> Refreshed:
    started = time.perf_counter()
    written, contracts = refresh_candidates(session, rule, settings, plan)
    return rule, written, contracts, time.perf_counter() - started


def _refresh_alone(bind: Any, rule: Rule, settings: dict[str, dict[str, Any]], plan: Plan) -> Refreshed:
    """``_timed_refresh`` in a session and transaction of its own (a side-by-side full run)."""
    with Session(bind) as session:
        _tune(session, plan)
        refreshed = _timed_refresh(session, rule, settings, plan)
        session.commit()
    return refreshed


def _count_obligations(session: Session) -> Callable[[], int]:
    """Start counting the registry's obligations (the run's "obligations checked"); returns a
    function that gives the count. On PostgreSQL the count runs on a connection of its own while
    the rules work (a daily run would otherwise spend a tenth of its time on it); on SQLite, or
    if that connection fails, it is counted in the run's own transaction when asked for."""
    count = select(func.count()).select_from(Obligation)
    bind = session.get_bind()
    if bind.dialect.name != "postgresql":
        return lambda: session.scalar(count) or 0
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="checker-count")
    future = pool.submit(_count_on_its_own, bind, count)
    pool.shutdown(wait=False)

    def result() -> int:
        try:
            return future.result()
        except SQLAlchemyError:
            log.warning("counting the obligations on a second connection failed; counting again", exc_info=True)
            return session.scalar(count) or 0

    return result


def _count_on_its_own(bind: Any, count: Any) -> int:
    with bind.connect() as conn:
        # one process: parallel workers would take the CPU the run's own connection is using
        conn.execute(text("SET LOCAL max_parallel_workers_per_gather = 0"))
        return conn.scalar(count) or 0


def _tune(session: Session, plan: Plan) -> None:
    """Set the planner up for the checker's transaction on PostgreSQL.

    JIT is off: the rules' calendar and event lookups make the cost estimates large, and compiling
    the statements would take longer, close to a second each, than running them. Sorts and hashes
    get room: a full run compares each rule's candidates with the stored ones in memory, not on
    disk. A changes run reads a few thousand rows by key from tables that are in memory, so a
    random read is costed as one (``random_page_cost`` 1.1, what SSD servers are usually given):
    at the default 4 the planner hashed the whole contracts table to name the officials of a few
    hundred findings (on the bench the run after 1,000 payments took ~10% longer). A full run keeps
    the default, under which its hash joins over whole tables were faster.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SET LOCAL jit = off"))
        session.execute(text("SET LOCAL work_mem = '64MB'"))
        if not plan.full:
            session.execute(text("SET LOCAL random_page_cost = 1.1"))


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


def prepare(session: Session) -> None:
    """Build and compile the statements a daily (changes) run executes, judging nothing: ``monitor
    worker`` calls it once before it starts, so the work-horses it forks for each check inherit
    them (in a fresh process, building and compiling them took ~0.5 s, longer than a daily run's
    SQL). Each statement runs once on no contract and no deadline, and everything is rolled back."""
    settings = params.values(params.effective(session))
    today, now = clock.today(), clock.now()
    plan = Plan(full=False, scope=(0,), since=today, kinds={})  # contract 0 does not exist
    run = CheckRun(id=0, as_of=today)  # never added to the session
    try:
        _tune(session, plan)
        for rule in CHECKS:
            if settings[rule.id]["enabled"]:
                refresh_candidates(session, rule, settings, plan)
        for group in groups(settings, today):
            judge(session, group, today, plan, run, now)
            resolve_stale(session, group, today, plan, now)
        naming.snapshot(session, run.id, plan.scope, plan.full)
    finally:
        session.rollback()


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
         "增量检查 / changes: the changed contracts and the deadlines the days since the last run moved"),
        f"新发现 {run.created}，更新 {run.updated}，已纠正 {run.resolved} / "
        f"new {run.created}, updated {run.updated}, resolved {run.resolved}",
        "当前未结 / active now: " + (", ".join(f"{state} {active[state]}" for state in
                                              ("warning", "open", "notified", "rectifying", "escalated")
                                              if active.get(state)) or "none"),
    ]
    return lines + list(run.notes or [])
