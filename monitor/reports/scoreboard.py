"""Agency and region scoreboard (政务诚信评价): how reliably each agency or region pays.

For a period, per agency (or region code): the government payments that fell due in it (number
and amount), how many were paid in full by their due date (the on-time payment rate, 按时支付率),
the average days late, the amount still unpaid, breach findings and how fast they were handled,
dishonesty records and complaints, and the integrity score (``scoring``). A trend by month of due
date, and a drill-down to the contracts behind each figure.

Every figure is one set-based query (GROUP BY in the database); Python only touches the grouped
rows. The definitions are in docs/scoreboard.md.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import ColumnElement, Select, Subquery, and_, case, func, literal, or_, select, text, type_coerce
from sqlalchemy.orm import Session, aliased

from contracts.core import clock
from contracts.core.db import MONEY
from contracts.core.enums import MONETARY_KINDS, Debtor, ObligationStatus
from contracts.core.errors import DomainError, msg
from contracts.core.schemas import parse_id, rows_of_page
from contracts.core.types import money
from contracts.obligations.models import Obligation, Payment
from contracts.organisations.models import Agency
from contracts.registry.models import Contract
from monitor.checker.history import FindingStateChange
from monitor.checker.models import Finding, FindingState
from monitor.checker.sql import days_between
from monitor.reports import scoring, sources
from monitor.reports.audited import day_ends, stood_in
from monitor.reports.sql import as_date, local_date, month_start

GROUPS = ("agency", "region")
OPEN_STATES = (FindingState.open, FindingState.notified, FindingState.rectifying, FindingState.escalated)
HANDLED_STATES = tuple(sorted(FindingState.SETTLED))
OBLIGATION_FIGURES = ("payments_due", "paid_on_time", "payments_late", "overdue_outstanding")
FINDING_FIGURES = ("findings", "open_findings", "handled_findings")
FIGURES = OBLIGATION_FIGURES + FINDING_FIGURES + sources.FIGURES
MAX_PERIOD_DAYS = 3660
WORK_MEM_MB = 64
ZERO = Decimal(0)


@dataclass(frozen=True)
class Query:
    """What the scoreboard covers: the period of due dates, the date it is judged at, the grouping and filters."""

    start: date
    end: date
    as_of: date
    group: str = "agency"
    region_code: str | None = None  # a prefix: "3301" covers every district of the city
    agency_id: int | None = None
    region_exact: bool = False  # a drill-down into one region row: that code only, not the prefix

    @classmethod
    def make(cls, *, start: date, end: date, as_of: date | None = None, group: str = "agency",
             region_code: str | None = None, agency_id: int | None = None) -> Query:
        """Validate and build; errors are field-level and bilingual."""
        as_of = as_of or clock.today()
        errors: dict[str, list[str]] = {}
        if end < start:
            errors["end"] = [msg("结束日期早于开始日期", "the end is before the start")]
        elif (end - start).days > MAX_PERIOD_DAYS:
            errors["end"] = [msg("统计期间不能超过十年", "the period cannot exceed ten years")]
        if as_of > clock.today():
            errors["as_of"] = [msg("评价日期不能晚于今天", "as_of cannot be in the future")]
        if as_of < start:
            errors["as_of"] = [msg("评价日期早于统计期间", "as_of is before the period starts")]
        if group not in GROUPS:
            errors["group"] = [msg("分组应为 agency 或 region", "group must be agency or region")]
        if region_code is not None and not (region_code.isdigit() and 2 <= len(region_code) <= 12):
            errors["region_code"] = [msg("行政区划代码应为2到12位数字", "region_code must be 2 to 12 digits")]
        if errors:
            raise DomainError(errors)
        return cls(start, end, as_of, group, region_code or None, agency_id)


# ---- shared predicates: the figures and their drill-downs use the very same expressions ------
def _present(q: Query) -> bool:
    """Judged as at today: every row in its present state, no audit trail read."""
    return q.as_of >= clock.today()


def _paid_as_of(q: Query) -> tuple[ColumnElement[Any], Any]:
    """What had been paid against each obligation by ``as_of`` (paid_total when that is today)."""
    if _present(q):
        return Obligation.paid_total, None
    paid = (select(Payment.obligation_id, func.sum(Payment.amount).label("paid"))
            .where(Payment.paid_on <= as_date(q.as_of)).group_by(Payment.obligation_id).subquery("paid"))
    return func.coalesce(paid.c.paid, 0), paid


@dataclass(frozen=True)
class _Due:
    """The conditions of a government payment due by ``as_of``, and what to join to judge them."""

    cond: list[ColumnElement[bool]]
    cancelled: Subquery | None = None  # ``audited.stood_in`` for an earlier as_of

    def join(self, stmt: Select[Any]) -> Select[Any]:
        if self.cancelled is None:
            return stmt
        return stmt.outerjoin(self.cancelled, self.cancelled.c.entity_id == Obligation.id)


def _due(q: Query) -> _Due:
    """Payments due in the period whose deadline had passed by ``as_of``, and not cancelled then: one
    cancelled later (an audited change of status recorded after the day) still counts (``AsAt.status``).
    A due date hanging on an event is never before the event (offsets are 0 or more days after it),
    so a deadline passed by ``as_of`` had its event by then too (``AsAt.due_date``)."""
    if _present(q):
        cancelled, standing = None, Obligation.status != ObligationStatus.cancelled
    else:
        cancelled = stood_in("obligation", "status", ObligationStatus.cancelled, q.as_of)
        standing = case((cancelled.c.entity_id.is_not(None), cancelled.c.stood == 0),
                        else_=Obligation.status != ObligationStatus.cancelled)
    return _Due([Obligation.debtor == Debtor.government, Obligation.kind.in_(sorted(MONETARY_KINDS)),
                 standing, Obligation.amount.is_not(None),
                 Obligation.due_date >= as_date(q.start), Obligation.due_date <= as_date(q.end),
                 Obligation.due_date < as_date(q.as_of)], cancelled)


def _on_time() -> ColumnElement[bool]:
    return and_(Obligation.fulfilled_on.is_not(None), Obligation.fulfilled_on <= Obligation.due_date)


def _settled(q: Query) -> ColumnElement[bool]:
    return and_(Obligation.fulfilled_on.is_not(None), Obligation.fulfilled_on <= as_date(q.as_of))


def _late_days(q: Query) -> ColumnElement[int]:
    until = case((_settled(q), Obligation.fulfilled_on), else_=as_date(q.as_of))
    return days_between(Obligation.due_date, until)


def _unpaid(q: Query, paid: ColumnElement[Any]) -> ColumnElement[Any]:
    return type_coerce(case((_settled(q), literal(0)), else_=Obligation.amount - paid), MONEY)


def _scope(stmt: Select[Any], q: Query) -> Select[Any]:
    if q.agency_id is not None:
        stmt = stmt.where(Agency.id == q.agency_id)
    if q.region_code and q.region_exact:
        stmt = stmt.where(Agency.region_code == q.region_code)
    elif q.region_code:
        stmt = stmt.where(Agency.region_code.like(q.region_code + "%"))
    return stmt


def _keyed(stmt: Select[Any], q: Query, agency_id: Any) -> tuple[Select[Any], Any]:
    """``stmt`` scoped to ``q`` and the column to group by; agencies are joined only when needed."""
    if q.group == "region" or q.region_code:
        stmt = stmt.join(Agency, Agency.id == agency_id)
    if q.agency_id is not None:
        stmt = stmt.where(agency_id == q.agency_id)
    if q.region_code and q.region_exact:
        stmt = stmt.where(Agency.region_code == q.region_code)
    elif q.region_code:
        stmt = stmt.where(Agency.region_code.like(q.region_code + "%"))
    return stmt, (agency_id if q.group == "agency" else Agency.region_code)


# ---- the figures ------------------------------------------------------------------------------
PAYMENT_FIGURES = ("payments_due", "payments_due_amount", "paid_on_time", "paid_on_time_amount", "late_days",
                   "overdue_outstanding")


def _payment_figures(session: Session, q: Query) -> list[Any]:
    """The payment figures per (row key, month of due date): one pass over the obligations."""
    paid, paid_sub = _paid_as_of(q)
    late = ~_on_time()
    due = _due(q)
    base = due.join(select().select_from(Obligation).join(Contract, Contract.id == Obligation.contract_id)
                    ).where(*due.cond)
    if paid_sub is not None:
        base = base.outerjoin(paid_sub, paid_sub.c.obligation_id == Obligation.id)
    base, key = _keyed(base, q, Contract.agency_id)
    month = month_start(Obligation.due_date)
    stmt = base.add_columns(
        key, month,
        func.count().label("payments_due"),
        type_coerce(func.sum(Obligation.amount), MONEY).label("payments_due_amount"),
        func.sum(case((_on_time(), 1), else_=0)).label("paid_on_time"),
        type_coerce(func.sum(case((_on_time(), Obligation.amount), else_=0)), MONEY).label("paid_on_time_amount"),
        func.sum(case((late, _late_days(q)), else_=0)).label("late_days"),
        type_coerce(func.sum(_unpaid(q, paid)), MONEY).label("overdue_outstanding"))
    return session.execute(stmt.group_by(key, month)).all()


@dataclass(frozen=True)
class _FindingsAt:
    """A finding's state at the end of ``as_of``, the day it got there, and what to join to read them."""

    state: ColumnElement[Any]
    changed_on: ColumnElement[Any]  # the day it came into ``state`` (for the handling days)
    joins: tuple[tuple[Any, ColumnElement[bool]], ...] = ()  # (subquery or alias, on) outer-joined in turn
    overdue: ColumnElement[bool] | None = None  # a warning then whose due date had passed: open

    def join(self, stmt: Select[Any]) -> Select[Any]:
        for target, on in self.joins:
            stmt = stmt.outerjoin(target, on)
        return stmt

    @property
    def breach(self) -> ColumnElement[bool]:
        """Counted at all: not a warning then (one past its due date is a breach)."""
        not_warning = self.state != FindingState.warning
        return not_warning if self.overdue is None else or_(not_warning, self.overdue)

    @property
    def open(self) -> ColumnElement[bool]:
        """Open, notified, rectifying or escalated then, or a warning past its due date."""
        in_open = self.state.in_(OPEN_STATES)
        return in_open if self.overdue is None else or_(in_open, and_(self.state == FindingState.warning,
                                                                      self.overdue))

    @property
    def handled(self) -> ColumnElement[bool]:
        """Resolved or dismissed then."""
        return self.state.in_(HANDLED_STATES)


def _findings_at(q: Query) -> _FindingsAt:
    """``AsAt.finding_state`` in SQL. As at today: the state it has. Earlier: the last state its
    history (``monitor.checker.history``) shows by the end of the day, else (found as of the day by
    a run recorded later) the state it was found in. A warning whose due date had passed by then
    counts as open. The history is grouped once per finding and joined by key."""
    if _present(q):
        return _FindingsAt(Finding.state, local_date(Finding.state_changed_at))
    H = FindingStateChange
    marks = (select(H.finding_id, func.max(case((H.at < day_ends(q.as_of), H.id))).label("last_id"),
                    func.min(H.id).label("first_id"))
             .group_by(H.finding_id).subquery("state_marks"))
    last, first = aliased(H, name="last_state"), aliased(H, name="first_state")
    state = func.coalesce(last.state, first.state, Finding.state)
    overdue = and_(Finding.due_date.is_not(None), Finding.due_date < as_date(q.as_of))
    changed_on = case((last.id.is_not(None), local_date(last.at)), else_=Finding.first_found_on)
    joins = ((marks, marks.c.finding_id == Finding.id), (last, last.id == marks.c.last_id),
             (first, first.id == marks.c.first_id))
    return _FindingsAt(state, changed_on, joins, overdue)


def _finding_period(q: Query, at: _FindingsAt) -> list[ColumnElement[bool]]:
    when = func.coalesce(Finding.due_date, Finding.first_found_on)
    cond = [at.breach, when >= as_date(q.start), when <= as_date(q.end)]
    if not _present(q):
        cond.append(Finding.first_found_on <= as_date(q.as_of))  # not found yet: not there
    return cond


def _finding_days(q: Query) -> ColumnElement[Any]:
    """Days overdue at the end of ``as_of``: no more than had passed since the due date (``AsAt.finding_days``)."""
    if _present(q):
        return Finding.days_overdue
    since = days_between(Finding.due_date, as_date(q.as_of))
    return case((Finding.due_date.is_(None), Finding.days_overdue), (Finding.due_date >= as_date(q.as_of), 0),
                (since < Finding.days_overdue, since), else_=Finding.days_overdue)


def _finding_figures(session: Session, q: Query) -> list[Any]:
    at = _findings_at(q)
    handled = at.handled
    base = at.join(select().select_from(Finding)).where(*_finding_period(q, at))
    base, key = _keyed(base, q, Finding.agency_id)
    stmt = base.add_columns(
        key, func.count().label("findings"),
        func.sum(case((at.open, 1), else_=0)).label("open_findings"),
        func.sum(case((handled, 1), else_=0)).label("handled_findings"),
        func.sum(case((handled, days_between(Finding.first_found_on, at.changed_on)),
                      else_=0)).label("handling_days"))
    return session.execute(stmt.group_by(key)).all()


def _groups(session: Session, q: Query) -> list[dict[str, Any]]:
    """Every agency (or region) in scope, so that one with nothing due still gets a row."""
    if q.group == "agency":
        stmt = _scope(select(Agency.id, Agency.name, Agency.region_code), q).order_by(Agency.region_code, Agency.id)
        return [{"key": a_id, "agency_id": a_id, "name": name, "region_code": region}
                for a_id, name, region in session.execute(stmt)]
    stmt = _scope(select(Agency.region_code, func.count()), q).group_by(Agency.region_code).order_by(Agency.region_code)
    return [{"key": region, "agency_id": None, "name": region, "region_code": region, "agencies": n}
            for region, n in session.execute(stmt)]


def _ratio(part: Any, whole: Any, places: str = "0.0001") -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(Decimal(places), rounding=ROUND_HALF_UP)


def _avg(total: Any, count: Any) -> Decimal | None:
    return _ratio(total, count, "0.1")


def _empty() -> dict[str, Any]:
    return {"payments_due": 0, "payments_due_amount": Decimal("0.00"), "paid_on_time": 0,
            "paid_on_time_amount": Decimal("0.00"), "late_days": 0, "overdue_outstanding": Decimal("0.00"),
            "findings": 0, "open_findings": 0, "handled_findings": 0, "handling_days": 0}


def _finish(row: dict[str, Any], weights: dict[str, Decimal], params: dict[str, Decimal]) -> dict[str, Any]:
    """Derived figures (rates, averages, score) from the summed ones."""
    row["payments_late"] = row["payments_due"] - row["paid_on_time"]
    row["on_time_rate"] = _ratio(row["paid_on_time"], row["payments_due"])
    row["on_time_amount_rate"] = _ratio(row["paid_on_time_amount"], row["payments_due_amount"])
    row["avg_days_late"] = _avg(row["late_days"], row["payments_late"])
    row["avg_handling_days"] = _avg(row["handling_days"], row["handled_findings"])
    for k in ("records", "complaints", "complaints_handled", "complaints_upheld"):
        row.setdefault(k, None)
    row.setdefault("complaint_handling_days", None)
    row["avg_complaint_days"] = (_avg(row["complaint_handling_days"], row["complaints_handled"])
                                 if row["complaints_handled"] else None)
    parts = scoring.components(row, params)
    row["components"] = parts
    row["score"] = scoring.score(parts, weights)
    return row


MONEY_FIGURES = ("payments_due_amount", "paid_on_time_amount", "overdue_outstanding")
SUMMED = ("payments_due", "payments_due_amount", "paid_on_time", "paid_on_time_amount", "late_days",
          "overdue_outstanding", "findings", "open_findings", "handled_findings", "handling_days")


def build(session: Session, q: Query, *, config: dict[str, Any] | None = None,
          progress: Any = None) -> dict[str, Any]:
    """The scoreboard for ``q``: one row per agency or region, totals, and the monthly trend."""
    weights, params = scoring.settings(config)
    step = progress or (lambda done, total: None)
    if session.get_bind().dialect.name == "postgresql":
        # The planner cannot tell how few (row, month) groups there are and would spill the hash
        # aggregate to disk with the default 4 MB; this transaction may use more.
        session.execute(text(f"SET LOCAL work_mem = '{int(WORK_MEM_MB)}MB'"))
    groups = _groups(session, q)
    rows: dict[Any, dict[str, Any]] = {g["key"]: {**g, **_empty()} for g in groups}
    step(1, 4)
    trend: list[dict[str, Any]] = []
    for r in _payment_figures(session, q):
        target = rows.get(r[0])
        if target is None:
            continue
        m = r._mapping
        figures = {k: (money(m[k] or 0) if k in MONEY_FIGURES else int(m[k] or 0)) for k in PAYMENT_FIGURES}
        for k, v in figures.items():
            target[k] += v
        late = figures["payments_due"] - figures["paid_on_time"]
        trend.append({"key": r[0], "name": target["name"], "month": str(r[1])[:7], **figures, "payments_late": late,
                      "on_time_rate": _ratio(figures["paid_on_time"], figures["payments_due"]),
                      "avg_days_late": _avg(figures["late_days"], late)})
    trend.sort(key=lambda t: (str(t["key"]), t["month"]))
    step(2, 4)
    for r in _finding_figures(session, q):
        target = rows.get(r[0])
        if target is not None:
            target.update({k: int(r._mapping[k] or 0) for k in ("findings", "open_findings", "handled_findings",
                                                                  "handling_days")})
    step(3, 4)
    extra = sources.scoreboard_figures(session, q)
    if extra is not None:
        per_key, empty = extra
        for row in rows.values():
            row.update(empty)
            row.update(per_key.get(row["key"], {}))
    finished = [_finish(row, weights, params) for row in rows.values()]
    totals: dict[str, Any] = {k: sum((row[k] for row in finished), ZERO if "amount" in k or k == "overdue_outstanding"
                                     else 0) for k in SUMMED}
    if extra is not None:
        totals.update({k: sum(row[k] for row in finished) for k in extra[1]})
    totals = _finish({"key": None, "agency_id": None, "name": "合计", "region_code": q.region_code, **totals},
                     weights, params)
    step(4, 4)
    return {"report": "scoreboard",
            "period": {"start": q.start, "end": q.end, "as_of": q.as_of},
            "group": q.group, "region_code": q.region_code, "agency_id": q.agency_id,
            "weights": weights, "params": params,
            "registers": sources.available(),
            "rows": finished, "totals": totals, "trend": trend}


# ---- drill-down -------------------------------------------------------------------------------
def drilldown(session: Session, q: Query, figure: str, key: str | int | None, *, page: int = 1,
              page_size: int = 50, last_if_past_end: bool = False) -> tuple[list[dict[str, Any]], int]:
    """The contracts behind one figure of one row (``key``: agency id or region code; None = all).

    A page past the end is empty, or with ``last_if_past_end`` the last page (the workbench's pager).
    """
    if figure not in FIGURES:
        raise DomainError.field("figure", f"未知的指标 {figure}", f"unknown figure {figure!r}; one of {', '.join(FIGURES)}")
    if key is not None:
        q = _narrow(q, key)
    if figure in sources.FIGURES:
        return sources.drilldown(session, q, figure, page=page, page_size=page_size,
                                 last_if_past_end=last_if_past_end)
    if figure in FINDING_FIGURES:
        at = _findings_at(q)
        cond: list[ColumnElement[bool]] = _finding_period(q, at)
        if figure == "open_findings":
            cond.append(at.open)
        elif figure == "handled_findings":
            cond.append(at.handled)
        stmt = (select(Contract.id, Contract.code, Contract.title, Agency.id, Agency.name,
                       func.count(Finding.id).label("n"),
                       type_coerce(func.sum(func.coalesce(Finding.outstanding, 0)), MONEY).label("amount"),
                       func.max(_finding_days(q)).label("days"))
                .select_from(Finding).join(Contract, Contract.id == Finding.contract_id)
                .join(Agency, Agency.id == Finding.agency_id))
        stmt = at.join(stmt).where(*cond)
    else:
        paid, paid_sub = _paid_as_of(q)
        due = _due(q)
        cond = list(due.cond)
        amount: ColumnElement[Any] = Obligation.amount
        if figure == "paid_on_time":
            cond.append(_on_time())
        elif figure == "payments_late":
            cond.append(~_on_time())
        elif figure == "overdue_outstanding":
            cond.append(~_settled(q))
            amount = _unpaid(q, paid)
        stmt = (select(Contract.id, Contract.code, Contract.title, Agency.id, Agency.name,
                       func.count(Obligation.id).label("n"),
                       type_coerce(func.sum(amount), MONEY).label("amount"),
                       func.max(case((~_on_time(), _late_days(q)), else_=0)).label("days"))
                .select_from(Obligation).join(Contract, Contract.id == Obligation.contract_id)
                .join(Agency, Agency.id == Contract.agency_id))
        stmt = due.join(stmt).where(*cond)
        if paid_sub is not None:
            stmt = stmt.outerjoin(paid_sub, paid_sub.c.obligation_id == Obligation.id)
    stmt = _scope(stmt, q).group_by(Contract.id, Contract.code, Contract.title, Agency.id, Agency.name)
    rows, total = rows_of_page(session, stmt.order_by(Agency.id, Contract.id), page, page_size,
                               last_if_past_end=last_if_past_end)
    return [{"contract_id": r[0], "code": r[1], "title": r[2], "agency_id": r[3], "agency_name": r[4],
             "count": r[5], "amount": money(r[6] or 0), "max_days_late": int(r[7] or 0)} for r in rows], total


def _narrow(q: Query, key: str | int) -> Query:
    """``q`` limited to one row of the scoreboard."""
    if q.group == "agency":
        try:
            agency_id = parse_id(key)  # digits that fit the database's keys
        except ValueError:
            raise DomainError.field("key", "按部门分组时 key 为部门编号", "key must be an agency id") from None
        if q.agency_id is not None and q.agency_id != agency_id:
            agency_id = -1  # outside the caller's scope: nothing behind it
        return replace(q, agency_id=agency_id)
    region = str(key)
    if not region.isdigit():
        raise DomainError.field("key", "按地区分组时 key 为行政区划代码", "key must be a region code")
    if q.region_code and not region.startswith(q.region_code):
        region = "-"
    return replace(q, region_code=region, region_exact=True)
