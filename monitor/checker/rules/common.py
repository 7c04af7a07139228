"""Query pieces several rules share: open government obligations, the SME statutory deadline,
the statutory bid-deposit deadline (公共查询片段)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Boolean, Date, Integer, Select, and_, case, func, literal, null, or_, select
from sqlalchemy.orm import aliased
from sqlalchemy.sql.elements import ColumnElement

from contracts.core.enums import (
    MONETARY_KINDS,
    ContractKind,
    Debtor,
    DueUnit,
    EventType,
    ObligationKind,
    ObligationStatus,
)
from contracts.obligations.models import ContractEvent, Obligation
from contracts.organisations.models import Enterprise
from contracts.registry.models import Contract, ContractParty
from monitor.checker import sql
from monitor.checker.rules.base import RuleContext
from monitor.checker.rules.law import GP_REG_33_2, SME_2020_FROM, TB_REG_57

OB, C = Obligation, Contract
MONEY_KINDS = tuple(sorted(MONETARY_KINDS))
# Events the SME regulation counts the payment period from (交付、验收合格、确认结算), arts. 9–10.
SME_START_EVENTS = (EventType.delivery, EventType.acceptance, EventType.completion, EventType.settlement)
SME_KINDS = (ContractKind.procurement, ContractKind.bidding)


def never(expr: Any) -> ColumnElement[bool]:
    """NOT ``expr``, where an unknown (NULL) ``expr`` counts as false."""
    return ~func.coalesce(expr, literal(False), type_=Boolean)


def has_term(ob: Any = OB) -> ColumnElement[bool]:
    """The due rule agrees a period: a fixed date, or N > 0 units after an event.

    "验收合格后支付" with no period (offset 0) agrees none: an SME supplier then gets the statutory
    30 days; otherwise the creditor has to demand payment first (民法典 art. 511(4)), so the
    contract-date rules do not judge it.
    """
    return or_(ob.due_on.is_not(None), ob.due_offset > 0)


def outstanding(ob: Any = OB) -> ColumnElement[Any]:
    return case((ob.kind.in_(MONEY_KINDS), ob.amount - ob.paid_total), else_=null())


def unpaid(ob: Any = OB) -> ColumnElement[bool]:
    """Still owed: a money obligation not fully paid, or a non-money one not yet fulfilled."""
    return or_(ob.kind.not_in(MONEY_KINDS), ob.amount > ob.paid_total)


def open_government(ob: Any = OB) -> list[ColumnElement[bool]]:
    return [ob.debtor == Debtor.government, ob.status == ObligationStatus.open, unpaid(ob)]


def sme_party(ctx: RuleContext, contract: Any = C) -> ColumnElement[bool]:
    """A party of the contract declared itself an SME (中小企业) at signing (an uncorrelated IN, which
    PostgreSQL hashes once per statement, over the contracts judged)."""
    sme_contracts = (select(ContractParty.contract_id).join(Enterprise, Enterprise.id == ContractParty.enterprise_id)
                     .where(Enterprise.is_sme.is_(True), *ctx.within(ContractParty.contract_id)))
    return contract.id.in_(sme_contracts)


def obligation_columns(ctx: RuleContext, due: Any, *, details: Any = None) -> list[Any]:
    """The standard columns of an obligation finding (see ``rules.base``)."""
    return [C.id.label("contract_id"), C.agency_id.label("agency_id"), C.kind.label("contract_kind"),
            OB.id.label("obligation_id"), due.label("due_date"), due.label("basis_date"),
            sql.none(Date).label("cured_on"), outstanding().label("outstanding"),
            C.late_interest_daily_rate.label("agreed_rate"), OB.delay_reason.label("delay_reason"),
            (details if details is not None else sql.obj(description=OB.description)).label("details")]


def contract_columns(due: Any, basis_date: Any, cured_on: Any = None, *, details: Any = None,
                     obligation_id: Any = None) -> list[Any]:
    """The standard columns of a contract (or clause) finding."""
    return [C.id.label("contract_id"), C.agency_id.label("agency_id"), C.kind.label("contract_kind"),
            (obligation_id if obligation_id is not None else sql.none(Integer)).label("obligation_id"),
            (due if due is not None else sql.none(Date)).label("due_date"), basis_date.label("basis_date"),
            (cured_on if cured_on is not None else sql.none(Date)).label("cured_on"),
            (details if details is not None else sql.obj(code=C.code)).label("details")]


# ---- SME statutory payment deadline -------------------------------------------------------------
def event_on(type_: str, contract: Any = C) -> ColumnElement[Any]:
    """The date the contract's event of ``type_`` happened (one index lookup), else NULL."""
    ev = aliased(ContractEvent)
    return (select(ev.occurred_on).where(ev.contract_id == contract.id, ev.type == type_)
            .correlate_except(ev).scalar_subquery())


@dataclass(frozen=True)
class SmeTerms:
    """The statutory deadline of an SME payment (保障中小企业款项支付条例 2025 arts. 9–10).

    The clock starts on settlement (结算) or completion when the payment hangs on those, on
    acceptance (验收合格) when it hangs on acceptance — or at the end of the agreed acceptance period
    when acceptance was late — else on delivery. The period is 30 days when the contract agreed
    none, at most 60 days when it did.
    """

    delivered_on: ColumnElement[Any]
    accepted_on: ColumnElement[Any]
    start: ColumnElement[Any]
    acceptance_due: ColumnElement[Any]
    no_term: ColumnElement[bool]
    could_be_earlier: ColumnElement[bool]
    statutory: ColumnElement[Any]
    default_days: int
    max_days: int
    ctx: RuleContext

    def statutory_from(self, start: Any, no_term: Any) -> ColumnElement[Any]:
        """The statutory deadline from a clock start: 30 days with no agreed period, else 60."""
        return sql.after_days(start, case((no_term, sql.int_(self.default_days)), else_=sql.int_(self.max_days)))

    def applies(self, *more: ColumnElement[bool]) -> ColumnElement[bool]:
        """An open SME payment whose statutory deadline may come before the contract's own, and
        ``more``. One CASE, so the cheap column tests run first and the event and calendar lookups
        only for the rows they leave (PostgreSQL would otherwise order the conditions by its own
        cost guess)."""
        cheap = and_(*self.cheap())
        return case((cheap, and_(sme_party(self.ctx), self.statutory >= SME_2020_FROM, *more)), else_=literal(False))

    def cheap(self) -> list[ColumnElement[bool]]:
        """The column conditions of ``applies`` alone (also given at the top level of a WHERE so an
        index on the obligations can serve them)."""
        return [C.kind.in_(SME_KINDS), OB.kind == ObligationKind.payment, OB.due_event.in_(SME_START_EVENTS),
                *open_government(), self.could_be_earlier]


def sme_terms(ctx: RuleContext) -> SmeTerms:
    params = ctx.settings.get("sme_payment_deadline", {})
    default_days = int(params.get("default_days", 30))
    max_days = int(params.get("max_days", 60))
    delivered, accepted = event_on(EventType.delivery), event_on(EventType.acceptance)
    acceptance_due = sql.after_days(delivered, C.acceptance_period_days)
    late = and_(C.acceptance_period_days.is_not(None), delivered.is_not(None),
                or_(accepted.is_(None), accepted > acceptance_due))
    start = case((OB.due_event == EventType.settlement, event_on(EventType.settlement)),
                 (OB.due_event == EventType.completion, event_on(EventType.completion)),
                 (OB.due_event == EventType.acceptance, case((late, acceptance_due), else_=accepted)),
                 else_=delivered)
    no_term = OB.due_offset == 0
    # The statute can only come first when no period was agreed, the agreed period is long (a
    # conservative bound per unit: holidays can stretch 33 working days past 60 days), the own date
    # could not be computed, or acceptance may have been late (with no acceptance yet, an event
    # rule has no own date and, on delivery or settlement, no clock either).
    could_be_earlier = or_(
        no_term,
        # no own date although its event happened: that year's calendar is not published yet
        and_(OB.due_date.is_(None), OB.due_date_error.is_not(None)),
        and_(OB.due_unit == DueUnit.day, OB.due_offset > max_days - 1),
        and_(OB.due_unit == DueUnit.month, OB.due_offset * 31 > max_days - 3),
        and_(OB.due_unit == DueUnit.working_day, OB.due_offset * 7 > (max_days - 15) * 5),
        and_(OB.due_event == EventType.acceptance, C.acceptance_period_days.is_not(None)))
    statutory = sql.after_days(start, case((no_term, sql.int_(default_days)), else_=sql.int_(max_days)))
    return SmeTerms(delivered, accepted, start, acceptance_due, no_term, could_be_earlier, statutory, default_days,
                    max_days, ctx)


# ---- statutory bid-deposit return deadline -----------------------------------------------------
def deposit_return_periods(ctx: RuleContext) -> tuple[int, int]:
    """(working days in procurement, calendar days in bidding) allowed to return a bid deposit."""
    return (int(ctx.settings.get("gp_bid_deposit_return_5wd", {}).get("working_days", 5)),
            int(ctx.settings.get("tb_bid_deposit_return_5d", {}).get("days", 5)))


def deposit_return_due(ctx: RuleContext) -> ColumnElement[Any]:
    """5 working days after signing in government procurement (政府采购法实施条例 art. 33), 5 days
    in bidding (招标投标法实施条例 art. 57); NULL for other kinds or before those texts."""
    gp, tb = deposit_return_periods(ctx)
    assert GP_REG_33_2.in_force_from and TB_REG_57.in_force_from
    return case((and_(C.kind == ContractKind.procurement, C.signed_on >= GP_REG_33_2.in_force_from),
                 sql.after_working_days(C.signed_on, sql.int_(gp))),
                (and_(C.kind == ContractKind.bidding, C.signed_on >= TB_REG_57.in_force_from),
                 sql.after_days(C.signed_on, sql.int_(tb))),
                else_=sql.none(Date))


def select_obligations(*columns: Any) -> Select:
    return select(*columns).select_from(OB).join(C, C.id == OB.contract_id)
