"""Procurement and bidding procedure: signing after the award, publication and filing (采购程序类规则)."""

from __future__ import annotations

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import aliased

from contracts.core.enums import ContractKind, EventType
from contracts.obligations.models import ContractEvent
from monitor.checker import sql
from monitor.checker.rules import law
from monitor.checker.rules.base import Param, Rule, RuleContext
from monitor.checker.rules.common import C, contract_columns

PROCUREMENT = frozenset({ContractKind.procurement})


def _award_to_signing(ctx: RuleContext) -> Select:
    award_event = aliased(ContractEvent, name="ev_award")
    award = func.coalesce(C.award_notice_on, award_event.occurred_on)
    days = sql.int_(int(ctx.params["days"]))
    due = sql.after_days(award, days)
    stmt = (select(*contract_columns(due, due, C.signed_on, details=sql.obj(award_notice_on=award)))
            .select_from(C)
            .outerjoin(award_event, and_(award_event.contract_id == C.id, award_event.type == EventType.award_notice)))
    # signed within N calendar days is on time whatever the holidays: only the rest is looked up
    return stmt.where(C.kind.in_((ContractKind.procurement, ContractKind.bidding)), award.is_not(None),
                      C.signed_on > sql.add_days(award, days), C.signed_on > due)


AWARD_TO_SIGNING = Rule(
    id="award_to_signing_30d",
    title_zh="中标（成交）通知书发出后未在30日内签订合同",
    title_en="Contract not signed within 30 days of the award notice",
    bases=(law.GP_LAW_46, law.TB_LAW_46),
    kinds=frozenset({ContractKind.procurement, ContractKind.bidding}),
    severity="minor",
    subject="contract",
    description_zh="采购人（招标人）应自中标、成交通知书发出之日起30日内签订书面合同。"
                   "合同登记时已签订，逾期签订的发现以签订日为纠正日期、直接记为已纠正，可重新打开处理。",
    description_en="The buyer signs the written contract within 30 days of the award notice. A registered "
                   "contract is signed, so a late signing is recorded as already cured on its signing date "
                   "(it can be reopened).",
    params=(Param("days", 30, "int", "签订期限（日）", "days allowed to sign"),),
    query=_award_to_signing,
)


def _published_or_filed(column, param: str):  # type: ignore[no-untyped-def]
    def query(ctx: RuleContext) -> Select:
        n = sql.int_(int(ctx.params[param]))
        due = sql.after_working_days(C.signed_on, n)
        stmt = select(*contract_columns(due, due, column, details=sql.obj(signed_on=C.signed_on))).select_from(C)
        # N working days end at least N calendar days after signing: a cheap bound first
        soonest = sql.add_days(C.signed_on, n)
        return stmt.where(C.kind == ContractKind.procurement, C.signed_on.is_not(None),
                          or_(column.is_(None), column > soonest), due.is_not(None),
                          or_(column.is_(None), column > due))
    return query


CONTRACT_PUBLISHED = Rule(
    id="gp_contract_publish_2wd",
    title_zh="政府采购合同未在签订后2个工作日内公告",
    title_en="Procurement contract not published within 2 working days of signing",
    bases=(law.GP_REG_50,),
    kinds=PROCUREMENT,
    severity="minor",
    subject="contract",
    description_zh="采购人应自政府采购合同签订之日起2个工作日内，在省级以上财政部门指定媒体上公告合同"
                   "（涉及国家秘密、商业秘密的内容除外）。登记公告日期后，逾期公告的以公告日为纠正日期。",
    description_en="The buyer publishes the procurement contract in the designated media within 2 working days "
                   "of signing. Recording a late publication date cures the finding on that date.",
    params=(Param("working_days", 2, "int", "公告期限（工作日）", "working days allowed"),),
    query=_published_or_filed(C.published_on, "working_days"),
)

CONTRACT_FILED = Rule(
    id="gp_contract_filing_7wd",
    title_zh="政府采购合同未在签订后7个工作日内备案",
    title_en="Procurement contract not filed within 7 working days of signing",
    bases=(law.GP_LAW_47,),
    kinds=PROCUREMENT,
    severity="minor",
    subject="contract",
    description_zh="采购人应自政府采购合同签订之日起7个工作日内，将合同副本报同级政府采购监督管理部门"
                   "和有关部门备案。登记备案日期后，逾期备案的以备案日为纠正日期。",
    description_en="The buyer files a copy of the procurement contract with the finance department within 7 "
                   "working days of signing. Recording a late filing date cures the finding on that date.",
    params=(Param("working_days", 7, "int", "备案期限（工作日）", "working days allowed"),),
    query=_published_or_filed(C.filed_on, "working_days"),
)

RULES = (AWARD_TO_SIGNING, CONTRACT_PUBLISHED, CONTRACT_FILED)
