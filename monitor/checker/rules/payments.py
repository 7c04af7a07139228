"""Payments: the contract's own deadline, the SME statutory deadline, the term clause, acceptance,
late-payment interest and the banned excuses (付款类规则)."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import Select, and_, or_, select
from sqlalchemy.orm import aliased

from contracts.core.enums import ContractKind, DueUnit, EventType, ObligationKind, ObligationStatus
from contracts.obligations.models import ContractEvent
from monitor.checker import sql
from monitor.checker.rules import law
from monitor.checker.rules.base import Param, Rule, RuleContext
from monitor.checker.rules.common import (
    OB,
    SME_KINDS,
    SME_START_EVENTS,
    C,
    contract_columns,
    deposit_return_due,
    has_term,
    never,
    obligation_columns,
    open_government,
    select_obligations,
    sme_party,
    sme_terms,
)
from monitor.checker.rules.law import SME_2020_FROM

GP_BID = frozenset({ContractKind.procurement, ContractKind.bidding})


def _payment_overdue(ctx: RuleContext) -> Select:
    """Open government obligations past their own due date, unless a statutory rule (SME 30/60
    days, bid-deposit return) already gave an earlier deadline for the same obligation."""
    sme = sme_terms(ctx)
    deposit_due = deposit_return_due(ctx)
    # The statutory tests are a column of a fenced subquery (OFFSET 0), not a join condition: as a
    # join condition their lookups made the planner hash the whole contracts table for the few
    # hundred obligations of a daily run, instead of looking their contracts up by key.
    own = and_(never(sme.applies(sme.statutory < OB.due_date)),
               never(and_(OB.kind == ObligationKind.deposit_return, deposit_due < OB.due_date)))
    first = (select_obligations(*obligation_columns(ctx, OB.due_date), own.label("own_deadline_first"))
             .where(C.kind.in_(GP_BID), *open_government(), OB.due_date.is_not(None), has_term(),
                    *ctx.within(C.id))
             .offset(0).subquery("po_first"))
    return select(*[c for c in first.c if c.key != "own_deadline_first"]).where(first.c.own_deadline_first)


PAYMENT_OVERDUE = Rule(
    id="payment_overdue",
    title_zh="未按合同约定期限履行（付款等义务逾期）",
    title_en="Obligation overdue against the contract's own deadline",
    bases=(law.GP_REG_51, law.BUSINESS_ENV_32, law.CIVIL_CODE_509, law.CONTRACT_LAW_60),
    kinds=GP_BID,
    severity="general",
    subject="obligation",
    description_zh="政府采购、招标投标合同中政府方的付款、退还保证金、返还质保金等义务，超过合同约定的期限仍未履行。"
                   "约定期限以登记的履约事件推算（工作日按国务院办公厅放假安排）。未约定期限（如“验收合格后支付”）的，"
                   "中小企业适用法定30日，其他情形须先经债权人催告，不在此判断。",
    description_en="A government obligation in a procurement or bidding contract (payment, deposit return, "
                   "retention…) is still unperformed after the deadline the contract sets, counted from the "
                   "recorded events on the official calendar. An event rule without a period is judged by the "
                   "SME rule (30 days) for SME suppliers and not here otherwise (the creditor must demand first).",
    query=_payment_overdue,
    money=True,
)


def _sme_payment_deadline(ctx: RuleContext) -> Select:
    sme = sme_terms(ctx)
    # First the open SME payments that may qualify, with their clock start looked up once (OFFSET 0
    # keeps the planner from inlining it) …
    first = (select_obligations(*obligation_columns(ctx, OB.due_date), sme.start.label("start"),
                                sme.acceptance_due.label("acceptance_due"), sme.no_term.label("no_term"),
                                OB.description.label("description"))
             .where(*sme.cheap(), sme_party(ctx), *ctx.within(C.id)).offset(0).subquery("sme_first"))
    # then the statutory deadline from that start, looked up in the calendar once a row (fenced
    # again: used in four expressions, it would otherwise be looked up four times)
    second = (select(first, sme.statutory_from(first.c.start, first.c.no_term).label("statutory"))
              .where(first.c.start.is_not(None)).offset(0).subquery("sme_second"))
    statutory, agreed = second.c.statutory, second.c.due_date
    details = sql.obj(start=second.c.start, agreed_due=agreed, description=second.c.description,
                      acceptance_due=second.c.acceptance_due)
    standard = [c for c in second.c if c.key not in ("due_date", "basis_date", "details", "start", "acceptance_due",
                                                     "no_term", "description", "statutory")]
    return (select(*standard, statutory.label("due_date"), statutory.label("basis_date"), details.label("details"))
            .where(statutory >= SME_2020_FROM,
                   or_(second.c.no_term, agreed.is_(None), agreed > statutory)))


SME_PAYMENT_DEADLINE = Rule(
    id="sme_payment_deadline",
    title_zh="机关事业单位未在法定期限内向中小企业支付款项",
    title_en="SME not paid within the statutory period",
    bases=law.SME_PAYMENT_TERM,
    kinds=frozenset(SME_KINDS),
    severity="general",
    subject="obligation",
    description_zh="向中小企业采购货物、工程、服务，应自交付（约定以验收合格为付款条件的，自验收合格；"
                   "拖延验收的，自约定验收期限届满；按进度或定期结算的，自结算确认）之日起30日内付款；"
                   "合同另有约定的从其约定，但最长不得超过60日。仅在法定期限早于合同约定期限时形成本项发现。",
    description_en="A government body buying from an SME pays within 30 days of delivery (of acceptance when "
                   "payment hangs on it; of the end of the agreed acceptance period when acceptance is late; of "
                   "the confirmed settlement), or within the agreed period but never beyond 60 days. A finding "
                   "arises only when the statutory deadline is earlier than the contract's own.",
    params=(Param("default_days", 30, "int", "未约定付款期限时的法定期限（日）", "statutory days when no term was agreed"),
            Param("max_days", 60, "int", "约定付款期限的上限（日）", "longest agreed term allowed (days)")),
    query=_sme_payment_deadline,
    money=True,
)


def shortest_span(working_days: int) -> int:
    """The fewest calendar days N working days can span: no holiday, starting on a Sunday, and two
    调休 weekend days inside the period."""
    return 7 * ((working_days - 1) // 5) + (working_days - 1) % 5 + 1 - 2


def _sme_term_over_60d(ctx: RuleContext) -> Select:
    limit = int(ctx.params["max_days"])
    wd_limit = next(n for n in range(1, 10 * limit + 10) if shortest_span(n) > limit)
    start = sme_terms(ctx)
    over = or_(
        and_(OB.due_unit == DueUnit.day, OB.due_offset > limit),
        # three months always exceed 60 days; two may not (and a moved last day says nothing)
        and_(OB.due_unit == DueUnit.month, OB.due_offset * 28 > limit),
        and_(OB.due_unit == DueUnit.working_day,
             or_(OB.due_offset >= wd_limit,
                 # fewer than this many working days cannot reach past 60 days even across holidays
                 and_(OB.due_offset * 7 > (limit - 15) * 5, sql.days_between(start.start, OB.due_date) > limit))),
    )
    details = sql.obj(offset=OB.due_offset, unit=OB.due_unit, event=OB.due_event, description=OB.description)
    stmt = select_obligations(*contract_columns(None, C.signed_on, details=details, obligation_id=OB.id))
    return stmt.where(C.kind.in_(SME_KINDS), OB.kind == ObligationKind.payment, OB.debtor == "government",
                      OB.status != ObligationStatus.cancelled, OB.due_event.in_(SME_START_EVENTS), sme_party(ctx), over)


SME_TERM_OVER_60D = Rule(
    id="sme_term_over_60d",
    title_zh="合同约定的中小企业付款期限超过60日",
    title_en="Contract clause gives an SME payment term over 60 days",
    bases=law.SME_TERM_CAP,
    kinds=frozenset(SME_KINDS),
    severity="general",
    subject="contract",
    description_zh="向中小企业付款的约定期限超过60日的，该约定不符合条例（按签订时有效的文本判断）；"
                   "登记合同即提示，付款仍以60日为限。以工作日或月约定的，在必然超过60日或已可算出超过60日时提示。",
    description_en="An agreed SME payment term over 60 days breaks the regulation (judged by the text in force "
                   "at signing) and is flagged at registration; the 60-day limit still applies to the payment. "
                   "Terms in working days or months are flagged when they must exceed 60 days or the dates show it.",
    params=(Param("max_days", 60, "int", "付款期限上限（日）", "longest term allowed (days)"),),
    query=_sme_term_over_60d,
    deadline=False,
)


def _sme_acceptance_overdue(ctx: RuleContext) -> Select:
    delivered, accepted = aliased(ContractEvent, name="ev_delivery"), aliased(ContractEvent, name="ev_acceptance")
    soonest = sql.add_days(delivered.occurred_on, C.acceptance_period_days)
    # accepted within the period's calendar days is in time whatever the holidays: a cheap bound
    # first; the deadline is then looked up in the calendar once a row (OFFSET 0 keeps the planner
    # from copying the lookup into each expression that uses it, four times a row)
    first = (select(*contract_columns(soonest, soonest, accepted.occurred_on,
                                      details=sql.obj(delivered_on=delivered.occurred_on,
                                                      period_days=C.acceptance_period_days)),
                    sql.extend(soonest).label("due"), accepted.occurred_on.label("accepted_on"))
             .select_from(C)
             .join(delivered, and_(delivered.contract_id == C.id, delivered.type == EventType.delivery))
             .outerjoin(accepted, and_(accepted.contract_id == C.id, accepted.type == EventType.acceptance))
             .where(C.kind.in_(SME_KINDS), C.acceptance_period_days.is_not(None), delivered.occurred_on.is_not(None),
                    or_(accepted.occurred_on.is_(None), accepted.occurred_on > soonest), sme_party(ctx),
                    *ctx.within(C.id))
             .offset(0).subquery("acc_first"))
    due = first.c.due
    standard = [c for c in first.c if c.key not in ("due_date", "basis_date", "due", "accepted_on", "cured_on")]
    return (select(*standard, due.label("due_date"), due.label("basis_date"), first.c.cured_on)
            .where(due.is_not(None), or_(first.c.accepted_on.is_(None), first.c.accepted_on > due)))


SME_ACCEPTANCE_OVERDUE = Rule(
    id="sme_acceptance_overdue",
    title_zh="未在约定期限内完成检验、验收（拖延验收）",
    title_en="Acceptance not done within the agreed acceptance period",
    bases=law.SME_ACCEPTANCE,
    kinds=frozenset(SME_KINDS),
    severity="general",
    subject="contract",
    description_zh="中小企业交付后，采购方未在合同约定的验收期限内完成检验、验收的，构成拖延验收；"
                   "付款期限自约定验收期限届满之日起算。验收完成后本项发现以完成日期为纠正日期。",
    description_en="After an SME delivered, the buyer did not finish inspection and acceptance within the agreed "
                   "period; the payment period then runs from the end of that period. Recording the acceptance "
                   "cures the finding on that date.",
    query=_sme_acceptance_overdue,
)


LATE_PAYMENT_INTEREST = Rule(
    id="late_payment_interest",
    title_zh="逾期付款利息（估算）",
    title_en="Late-payment interest (estimate)",
    bases=law.SME_INTEREST,
    kinds=frozenset(ContractKind),
    severity="general",
    subject="calculation",
    description_zh="每一项逾期的金钱义务发现均估算逾期利息：未付金额 × 日利率 × 逾期天数；"
                   "合同约定了逾期利率的从其约定，未约定的按每日万分之五。仅为估算，不计部分付款的时间先后。",
    description_en="Every overdue money finding carries an interest estimate: outstanding × daily rate × days "
                   "overdue, at the contract's agreed daily rate or 0.05% a day when none was agreed. An "
                   "estimate: partial payments are not dated.",
    params=(Param("default_daily_rate", Decimal("0.0005"), "decimal", "未约定时的日利率（万分之五）",
                  "daily rate when none was agreed (0.05%)"),),
)

DELAY_EXCUSE = Rule(
    id="delay_excuse_aggravating",
    title_zh="以政府换届、领导人员更替等为由迟延履行（加重情节）",
    title_en="Delay blamed on a change of government, leader or staff (aggravating)",
    bases=(law.BUSINESS_ENV_31, *law.SME_NO_EXCUSE),
    kinds=frozenset(ContractKind),
    severity="serious",
    subject="calculation",
    description_zh="逾期发现所涉义务登记的迟延原因涉及政府换届、领导人员或责任人更替、机构调整的，"
                   "在发现上标注为加重情节：不得以此为由违约毁约、拒绝或迟延支付。",
    description_en="When the recorded delay reason of an overdue obligation is a change of government, leader, "
                   "staff or organisation, the finding is marked as aggravated: these are never a lawful excuse.",
    params=(Param("keywords", ["换届", "领导", "负责人", "法定代表人", "新任", "到任", "离任", "调任", "调离",
                               "人员变动", "人事变动", "人事调整", "更替", "交接", "机构改革", "机构调整",
                               "区划调整", "change of government", "new leader", "leadership", "staff change",
                               "personnel"],
                  "str_list", "迟延原因中视为加重情节的关键词", "words in a delay reason that mark it aggravating"),),
)

RULES = (PAYMENT_OVERDUE, SME_PAYMENT_DEADLINE, SME_TERM_OVER_60D, SME_ACCEPTANCE_OVERDUE,
         LATE_PAYMENT_INTEREST, DELAY_EXCUSE)
