"""Deposits, bonds and retention money: caps and return deadlines (保证金类规则)."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import Select, and_, case, func, null, or_, select
from sqlalchemy.orm import aliased

from contracts.core.enums import ContractKind, EventType, ObligationKind, ObligationStatus
from contracts.obligations.models import ContractEvent
from monitor.checker import sql
from monitor.checker.rules import law
from monitor.checker.rules.base import Param, Rule, RuleContext
from monitor.checker.rules.common import (
    OB,
    C,
    contract_columns,
    deposit_return_due,
    deposit_return_periods,
    obligation_columns,
    open_government,
    select_obligations,
)

PROCUREMENT = frozenset({ContractKind.procurement})
BIDDING = frozenset({ContractKind.bidding})


# ---- caps ---------------------------------------------------------------------------------------
def _obligation_cap(kind: str, whole, percent_param: str):  # type: ignore[no-untyped-def]
    """An obligation of ``kind`` on a procurement contract (the deposit or bond to return) whose
    amount exceeds a share of ``whole``."""
    def query(ctx: RuleContext) -> Select:
        pct = ctx.params[percent_param]
        details = sql.obj(amount=OB.amount, base=whole, percent=sql.dec(pct))
        stmt = select_obligations(*contract_columns(None, C.signed_on, details=details, obligation_id=OB.id))
        return stmt.where(C.kind == ContractKind.procurement, OB.kind == kind, OB.status != ObligationStatus.cancelled,
                          whole.is_not(None), sql.exceeds_share(OB.amount, whole, pct))
    return query


GP_BID_DEPOSIT_CAP = Rule(
    id="gp_bid_deposit_cap",
    title_zh="政府采购投标保证金超过采购项目预算金额的2%",
    title_en="Procurement bid deposit over 2% of the budget",
    bases=(law.GP_REG_33_1,),
    kinds=PROCUREMENT,
    severity="general",
    subject="contract",
    description_zh="政府采购投标保证金不得超过采购项目预算金额的2%（以退还投标保证金义务的金额为保证金额）。",
    description_en="A procurement bid deposit (the amount of the deposit-return obligation) may not exceed 2% "
                   "of the project budget.",
    params=(Param("percent", Decimal("2"), "decimal", "上限（%）", "cap (%)"),),
    query=_obligation_cap(ObligationKind.deposit_return, C.budget_amount, "percent"),
    deadline=False,
)

GP_PERFORMANCE_BOND_CAP = Rule(
    id="gp_performance_bond_cap",
    title_zh="政府采购履约保证金超过合同金额的10%",
    title_en="Procurement performance bond over 10% of the contract",
    bases=(law.GP_REG_48,),
    kinds=PROCUREMENT,
    severity="general",
    subject="contract",
    description_zh="政府采购履约保证金的数额不得超过政府采购合同金额的10%（以退还履约保证金义务的金额为保证金额）。",
    description_en="A procurement performance bond (the amount of the bond-return obligation) may not exceed 10% "
                   "of the contract amount.",
    params=(Param("percent", Decimal("10"), "decimal", "上限（%）", "cap (%)"),),
    query=_obligation_cap(ObligationKind.bond_return, C.amount, "percent"),
    deadline=False,
)


def _tb_bid_deposit_cap(ctx: RuleContext) -> Select:
    pct, cap = ctx.params["percent"], ctx.params["absolute_cap"]
    over_share = and_(C.estimated_price.is_not(None), sql.exceeds_share(C.bid_deposit, C.estimated_price, pct))
    over_cap = sql.exceeds_share(C.bid_deposit, sql.dec(cap), 100) if cap is not None else sql.literal(False)
    citation = case(
        (and_(over_share, over_cap), f"{law.TB_REG_26.citation}；{law.TB_WORKS_CAP.citation}"),
        (over_share, law.TB_REG_26.citation), else_=law.TB_WORKS_CAP.citation)
    details = sql.obj(bid_deposit=C.bid_deposit, estimated_price=C.estimated_price, percent=sql.dec(pct),
                      absolute_cap=sql.dec(cap) if cap is not None else null())
    stmt = select(*contract_columns(None, C.signed_on, details=details), citation.label("citation")).select_from(C)
    return stmt.where(C.kind == ContractKind.bidding, C.bid_deposit.is_not(None),
                      C.signed_on >= law.TB_REG_26.in_force_from, or_(over_share, over_cap))


TB_BID_DEPOSIT_CAP = Rule(
    id="tb_bid_deposit_cap",
    title_zh="招标投标保证金超过招标项目估算价的2%或绝对上限",
    title_en="Bid deposit over 2% of the estimate or the absolute cap",
    bases=(law.TB_REG_26, law.TB_WORKS_CAP),
    kinds=BIDDING,
    severity="general",
    subject="contract",
    description_zh="投标保证金不得超过招标项目估算价的2%；工程施工、货物招标另有80万元的上限"
                   "（部门规章，作为可配置参数，设为 null 即不检查）。",
    description_en="A bid deposit may not exceed 2% of the estimated price; works and goods tenders also have a "
                   "cap of 800,000 yuan (a ministerial rule, kept as a parameter; null disables it).",
    params=(Param("percent", Decimal("2"), "decimal", "上限（%）", "cap (%)"),
            Param("absolute_cap", Decimal("800000"), "money", "绝对上限（元）", "absolute cap (yuan)")),
    query=_tb_bid_deposit_cap,
    deadline=False,
)


def _contract_share_cap(part, whole, basis_from, param: str = "percent"):  # type: ignore[no-untyped-def]
    def query(ctx: RuleContext) -> Select:
        pct = ctx.params[param]
        details = sql.obj(amount=part, base=whole, percent=sql.dec(pct))
        stmt = select(*contract_columns(None, C.signed_on, details=details)).select_from(C)
        return stmt.where(C.kind == ContractKind.bidding, part.is_not(None), whole.is_not(None),
                          C.signed_on >= basis_from, sql.exceeds_share(part, whole, pct))
    return query


TB_PERFORMANCE_BOND_CAP = Rule(
    id="tb_performance_bond_cap",
    title_zh="招标项目履约保证金超过中标合同金额的10%",
    title_en="Performance bond over 10% of the contract (bidding)",
    bases=(law.TB_REG_58,),
    kinds=BIDDING,
    severity="general",
    subject="contract",
    description_zh="招标文件要求中标人提交履约保证金的，履约保证金不得超过中标合同金额的10%。",
    description_en="A performance bond required from the winning bidder may not exceed 10% of the contract.",
    params=(Param("percent", Decimal("10"), "decimal", "上限（%）", "cap (%)"),),
    query=_contract_share_cap(C.performance_bond, C.amount, law.TB_REG_58.in_force_from),
    deadline=False,
)

RETENTION_CAP = Rule(
    id="wk_retention_cap_3pct",
    title_zh="工程质量保证金超过工程价款结算总额的3%",
    title_en="Retention money over 3% of the settlement",
    bases=(law.RETENTION_CAP,),
    kinds=BIDDING,
    severity="general",
    subject="contract",
    description_zh="发包人预留的质量保证金总额不得高于工程价款结算总额的3%；结算金额登记前以合同金额计。",
    description_en="Retention money may not exceed 3% of the settlement total; the contract amount stands in "
                   "for the settlement until one is recorded.",
    params=(Param("percent", Decimal("3"), "decimal", "上限（%）", "cap (%)"),),
    query=_contract_share_cap(C.retention_amount, C.amount, law.RETENTION_CAP.in_force_from),
    deadline=False,
)


def _defects_period(ctx: RuleContext) -> Select:
    months = int(ctx.params["max_months"])
    stmt = select(*contract_columns(None, C.signed_on, details=sql.obj(months=C.defects_period_months)))
    return stmt.select_from(C).where(C.kind == ContractKind.bidding, C.defects_period_months > months,
                                     C.signed_on >= law.RETENTION_DEFECTS.in_force_from)


DEFECTS_PERIOD = Rule(
    id="wk_defects_period_2y",
    title_zh="缺陷责任期约定超过2年",
    title_en="Defects liability period agreed over 2 years",
    bases=(law.RETENTION_DEFECTS,),
    kinds=BIDDING,
    severity="minor",
    subject="contract",
    description_zh="缺陷责任期一般为1年，最长不超过2年，由发承包双方在合同中约定。",
    description_en="The defects liability period is usually 1 year and at most 2 years.",
    params=(Param("max_months", 24, "int", "上限（月）", "longest period (months)"),),
    query=_defects_period,
    deadline=False,
)


# ---- return deadlines ---------------------------------------------------------------------------
def _deposit_return(kind: str):  # type: ignore[no-untyped-def]
    def query(ctx: RuleContext) -> Select:
        due = deposit_return_due(ctx)
        details = sql.obj(signed_on=C.signed_on, agreed_due=OB.due_date, description=OB.description)
        stmt = select_obligations(*obligation_columns(ctx, due, details=details))
        gp, tb = deposit_return_periods(ctx)
        n = gp if kind == ContractKind.procurement else tb
        soonest = sql.add_days(C.signed_on, sql.int_(n))  # N (working) days end no sooner
        return stmt.where(C.kind == kind, OB.kind == ObligationKind.deposit_return, *open_government(),
                          C.signed_on.is_not(None), or_(OB.due_date.is_(None), OB.due_offset == 0, OB.due_date > soonest),
                          due.is_not(None), or_(OB.due_date.is_(None), OB.due_offset == 0, OB.due_date > due))
    return query


GP_DEPOSIT_RETURN = Rule(
    id="gp_bid_deposit_return_5wd",
    title_zh="政府采购合同签订后5个工作日内未退还投标保证金",
    title_en="Procurement bid deposit not returned within 5 working days of signing",
    bases=(law.GP_REG_33_2,),
    kinds=PROCUREMENT,
    severity="general",
    subject="obligation",
    description_zh="采购人或者采购代理机构应当自政府采购合同签订之日起5个工作日内退还中标或者成交供应商的投标保证金；"
                   "逾期退还的还应支付超期资金占用费。合同约定的退还日期更早的，按合同约定判断。",
    description_en="The buyer returns the winning supplier's bid deposit within 5 working days of signing, with a "
                   "fee for late return; an earlier agreed date is judged by the contract rule.",
    params=(Param("working_days", 5, "int", "退还期限（工作日）", "working days allowed"),),
    query=_deposit_return(ContractKind.procurement),
    money=True,
)

TB_DEPOSIT_RETURN = Rule(
    id="tb_bid_deposit_return_5d",
    title_zh="书面合同签订后5日内未退还投标保证金及利息",
    title_en="Bid deposit and interest not returned within 5 days of signing",
    bases=(law.TB_REG_57,),
    kinds=BIDDING,
    severity="general",
    subject="obligation",
    description_zh="招标人最迟应当在书面合同签订后5日内向中标人和未中标的投标人退还投标保证金及银行同期存款利息"
                   "（日历日，期间最后一日为法定节假日的顺延）。合同约定的退还日期更早的，按合同约定判断。",
    description_en="The tenderer returns bid deposits with bank interest within 5 calendar days of signing the "
                   "written contract (a last day on a holiday moves to the next working day); an earlier agreed "
                   "date is judged by the contract rule.",
    params=(Param("days", 5, "int", "退还期限（日）", "days allowed"),),
    query=_deposit_return(ContractKind.bidding),
    money=True,
)


def _retention_return(ctx: RuleContext) -> Select:
    end = aliased(ContractEvent, name="ev_warranty_end")
    verified_by = sql.after_days(end.occurred_on, sql.int_(int(ctx.params["verify_days"])))
    due = sql.after_days(verified_by, sql.int_(int(ctx.params["return_days"])))
    details = sql.obj(warranty_end=end.occurred_on, verified_by=verified_by, description=OB.description)
    stmt = select_obligations(*obligation_columns(ctx, due, details=details))
    stmt = stmt.join(end, and_(end.contract_id == C.id, end.type == EventType.warranty_end))
    return stmt.where(C.kind == ContractKind.bidding, OB.kind == ObligationKind.retention_return,
                      *open_government(), func.coalesce(OB.due_offset, 1) == 0, OB.due_on.is_(None),
                      due.is_not(None))


RETENTION_RETURN = Rule(
    id="wk_retention_return_14d",
    title_zh="缺陷责任期满后未按期返还质量保证金",
    title_en="Retention money not returned after the defects liability period",
    bases=(law.RETENTION_RETURN,),
    kinds=BIDDING,
    severity="general",
    subject="obligation",
    description_zh="缺陷责任期满，承包人申请返还后，发包人应于14日内核实，对返还期限没有约定的，应在核实后14日内返还。"
                   "系统按期满之日提出申请计算（核实14日＋返还14日）；合同约定了返还期限的按合同约定判断。",
    description_en="After the defects period the employer verifies the contractor's application within 14 days and, "
                   "with no agreed return date, returns the money within 14 days of verification. The application "
                   "is taken as made when the period ended; an agreed return date is judged by the contract rule.",
    params=(Param("verify_days", 14, "int", "核实期限（日）", "days to verify"),
            Param("return_days", 14, "int", "返还期限（日）", "days to return after verification")),
    query=_retention_return,
    money=True,
)

RULES = (GP_BID_DEPOSIT_CAP, TB_BID_DEPOSIT_CAP, GP_PERFORMANCE_BOND_CAP, TB_PERFORMANCE_BOND_CAP,
         GP_DEPOSIT_RETURN, TB_DEPOSIT_RETURN, RETENTION_CAP, DEFECTS_PERIOD, RETENTION_RETURN)
