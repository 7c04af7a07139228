"""PPP and investment attraction: government promises late, and the 2023 mechanism (PPP与招商引资规则)."""

from __future__ import annotations

from sqlalchemy import Select, func, select

from contracts.core.enums import ContractKind
from monitor.checker import sql
from monitor.checker.rules import law
from monitor.checker.rules.base import Param, Rule, RuleContext
from monitor.checker.rules.common import (
    OB,
    C,
    contract_columns,
    has_term,
    obligation_columns,
    open_government,
    select_obligations,
)

PPP = frozenset({ContractKind.ppp})
INVESTMENT = frozenset({ContractKind.investment})


def _promise_late(kind: str):  # type: ignore[no-untyped-def]
    def query(ctx: RuleContext) -> Select:
        details = sql.obj(kind=OB.kind, description=OB.description)
        stmt = select_obligations(*obligation_columns(ctx, OB.due_date, details=details))
        return stmt.where(C.kind == kind, *open_government(), OB.due_date.is_not(None), has_term())
    return query


PPP_OBLIGATION_LATE = Rule(
    id="ppp_government_obligation_late",
    title_zh="PPP项目政府方付费、土地交付、审批手续等义务逾期",
    title_en="PPP: government payment, land handover or approval late",
    bases=(law.BUSINESS_ENV_31, law.GOV_DISHONESTY, law.CIVIL_CODE_509, law.CONTRACT_LAW_60),
    kinds=PPP,
    severity="general",
    subject="obligation",
    description_zh="PPP合同中政府方承担的可用性付费、运营补贴、可行性缺口补助、土地交付、审批手续等义务超过合同约定期限未履行。",
    description_en="A government duty in a PPP contract (availability or operating payments, gap subsidies, land "
                   "handover, approvals) is unperformed after the contract's deadline.",
    query=_promise_late(ContractKind.ppp),
    money=True,
)

INVESTMENT_PROMISE_LATE = Rule(
    id="investment_promise_late",
    title_zh="招商引资政策承诺（补助、奖励、土地、配套设施）未按期兑现",
    title_en="Investment attraction promise (subsidy, reward, land, infrastructure) late",
    bases=(law.BUSINESS_ENV_31, law.PRIVATE_ECONOMY_70, law.CIVIL_CODE_509, law.CONTRACT_LAW_60),
    kinds=INVESTMENT,
    severity="general",
    subject="obligation",
    description_zh="地方政府在招商引资中依法作出的政策承诺和订立的合同，应当履行；补助、奖励、土地、基础设施配套等承诺"
                   "超过约定期限未兑现的形成发现。以政府换届、领导人员更替等为由迟延的标注为加重情节。",
    description_en="Lawful promises and contracts made to attract investment must be honoured; a subsidy, reward, "
                   "land or infrastructure promise unperformed after its date is a finding, aggravated when the "
                   "delay is blamed on a change of government or staff.",
    query=_promise_late(ContractKind.investment),
    money=True,
)


def _launched(ctx: RuleContext):  # type: ignore[no-untyped-def]
    return func.coalesce(C.ppp_launched_on, C.signed_on) >= ctx.params["mechanism_start"]


def _term_over(ctx: RuleContext) -> Select:
    years = int(ctx.params["max_years"])
    details = sql.obj(cooperation_years=C.cooperation_years, launched_on=func.coalesce(C.ppp_launched_on, C.signed_on))
    stmt = select(*contract_columns(None, func.coalesce(C.ppp_launched_on, C.signed_on), details=details))
    return stmt.select_from(C).where(C.kind == ContractKind.ppp, C.cooperation_years > years, _launched(ctx))


MECHANISM_START = Param("mechanism_start", law.PPP_MECHANISM_START, "date", "新机制施行日期（项目启动日不早于此日适用）",
                        "the 2023 mechanism applies to projects launched on or after this date")

PPP_TERM_OVER_40Y = Rule(
    id="ppp_term_over_40y",
    title_zh="新机制PPP项目特许经营期限超过40年（提示审查）",
    title_en="New-mechanism PPP: franchise term over 40 years (review)",
    bases=(law.PPP_TERM,),
    kinds=PPP,
    severity="review",
    subject="contract",
    description_zh="2023年11月3日后启动的PPP项目，特许经营期限原则上不超过40年；投资规模大、回报周期长的项目可适当延长，"
                   "故仅提示审查，不直接认定违约。未登记启动日期的以签订日期计。",
    description_en="Projects launched under the 2023 mechanism have franchise terms of at most 40 years in "
                   "principle; large long-payback projects may be longer, so this is flagged for review, not as a "
                   "breach. The signing date stands in for a missing launch date.",
    params=(Param("max_years", 40, "int", "期限上限（年）", "longest term (years)"), MECHANISM_START),
    query=_term_over,
    deadline=False,
)


def _government_pays(ctx: RuleContext) -> Select:
    flagged = [m.lower() for m in ctx.params["flagged_mechanisms"]]
    details = sql.obj(mechanism=C.ppp_payment_mechanism, launched_on=func.coalesce(C.ppp_launched_on, C.signed_on))
    stmt = select(*contract_columns(None, func.coalesce(C.ppp_launched_on, C.signed_on), details=details))
    return stmt.select_from(C).where(C.kind == ContractKind.ppp, func.lower(C.ppp_payment_mechanism).in_(flagged),
                                     _launched(ctx))


PPP_NEW_MECHANISM_PAYMENT = Rule(
    id="ppp_new_mechanism_payment",
    title_zh="新机制PPP项目采用可用性付费或可行性缺口补助（提示审查）",
    title_en="New-mechanism PPP with availability payments or viability-gap subsidies (review)",
    bases=(law.PPP_USER_PAYS,),
    kinds=PPP,
    severity="review",
    subject="contract",
    description_zh="新机制PPP项目应聚焦使用者付费项目，政府付费只能按规定补贴运营、不能补贴建设成本，"
                   "不得采用可用性付费、可行性缺口补助等方式；登记为此类付费机制的提示审查。",
    description_en="Under the 2023 mechanism PPP projects are user-pays; government money may only subsidise "
                   "operation, never construction, so availability payments and viability-gap subsidies are "
                   "flagged for review.",
    params=(Param("flagged_mechanisms", ["government_pay", "viability_gap_funding", "availability_payment",
                                         "可用性付费", "可行性缺口补助", "政府付费"],
                  "str_list", "需提示审查的付费机制", "payment mechanisms flagged for review"),
            MECHANISM_START),
    query=_government_pays,
    deadline=False,
)

RULES = (PPP_OBLIGATION_LATE, PPP_TERM_OVER_40Y, PPP_NEW_MECHANISM_PAYMENT, INVESTMENT_PROMISE_LATE)
