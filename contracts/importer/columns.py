"""The import template: its sheets, their columns, and how a cell becomes a value (导入模板).

Each sheet has a header row of column keys (the English key or the Chinese label both work) and
one record per row. Cell converters raise ``ValueError`` with a bilingual message; the importer
reports it with the sheet, row number and column.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from contracts.core.enums import (
    LABELS_ZH,
    PPP_STAGE_ZH,
    ContractKind,
    ContractStatus,
    Debtor,
    DueUnit,
    EventType,
    ObligationKind,
    PartyRole,
    PppStage,
    ResponsibilityRole,
)
from contracts.core.errors import msg
from contracts.core.schemas import NUL_CHARACTER, parse_date, parse_money, parse_percent
from contracts.organisations.schemas import parse_uscc
from contracts.registry.schemas import PPP_MODES, PPP_PAYMENT_MECHANISMS, PROCUREMENT_METHODS
from contracts.registry.services import is_daily_rate

Converter = Callable[[Any], Any]

EXTRA_ZH = {
    "supplier": "供应商", "winning_bidder": "中标人", "social_capital": "社会资本方", "project_company": "项目公司",
    "investor": "投资方",
    "active": "履行中", "completed": "履行完毕", "terminated": "已解除",
    "open_tender": "公开招标", "invited_tender": "邀请招标", "competitive_negotiation": "竞争性谈判",
    "competitive_consultation": "竞争性磋商", "single_source": "单一来源", "inquiry": "询价",
    "framework_agreement": "框架协议", "government_pay": "政府付费", "viability_gap_funding": "可行性缺口补助",
    "user_pay": "使用者付费",
}


def text(max_len: int) -> Converter:
    def convert(value: Any) -> str:
        if isinstance(value, float) and value.is_integer():
            value = int(value)  # a code typed into a number cell
        if isinstance(value, datetime | date):
            raise ValueError(msg("应为文本，不是日期", "expected text, not a date"))
        s = str(value).strip()
        if "\x00" in s:  # as the API's text fields: PostgreSQL's text cannot hold it
            raise ValueError(NUL_CHARACTER)
        if len(s) > max_len:
            raise ValueError(msg(f"最多{max_len}个字符", f"at most {max_len} characters"))
        return s
    return convert


def whole(lo: int, hi: int) -> Converter:
    def convert(value: Any) -> int:
        if isinstance(value, bool):
            raise ValueError(msg("应为整数", "expected a whole number"))
        if isinstance(value, float):
            if not value.is_integer():
                raise ValueError(msg("应为整数", "expected a whole number"))
            value = int(value)
        if isinstance(value, str):
            try:
                value = int(value.strip())
            except ValueError:
                raise ValueError(msg(f"应为整数：{value}", f"expected a whole number: {value!r}")) from None
        if not isinstance(value, int):
            raise ValueError(msg("应为整数", "expected a whole number"))
        if not lo <= value <= hi:
            raise ValueError(msg(f"应在{lo}到{hi}之间", f"must be between {lo} and {hi}"))
        return value
    return convert


def choice(values: Iterable[str], labels: dict[str, str] | None = None) -> Converter:
    """One of ``values``; the Chinese label of a value is accepted too (政府采购 → procurement),
    ``labels`` first where the vocabulary names its values its own way (a PPP stage's 采购)."""
    values = list(values)
    lookup = {v.lower(): v for v in values}
    for v in values:
        label = (labels or {}).get(v) or LABELS_ZH.get(v) or EXTRA_ZH.get(v)
        if label:
            lookup.setdefault(label.lower(), v)

    def convert(value: Any) -> str:
        found = lookup.get(str(value).strip().lower())
        if found is None:
            listed = ", ".join(values)
            raise ValueError(msg(f"取值应为以下之一：{listed}", f"must be one of: {listed}"))
        return found
    return convert


_TRUE = {"true", "1", "yes", "y", "是", "√", "t"}
_FALSE = {"false", "0", "no", "n", "否", "×", "f"}


def boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    s = str(value).strip().lower()
    if s in _TRUE:
        return True
    if s in _FALSE:
        return False
    raise ValueError(msg("应为 是/否", "expected yes or no (true/false)"))


def money(value: Any) -> Decimal:
    return parse_money(value, grouping=True)


def daily_rate(value: Any) -> Decimal:
    from decimal import InvalidOperation

    try:
        rate = Decimal(repr(value) if isinstance(value, float) else str(value).strip())
    except InvalidOperation:
        raise ValueError(msg("日利率应为数字", "the daily rate must be a number")) from None
    if not is_daily_rate(rate):
        raise ValueError(msg("日利率应在0到1之间，最多六位小数", "the daily rate is 0 to 1 with at most six places"))
    return rate


def listed(convert: Converter) -> Converter:
    """Several values in one cell, separated by ; (for consortium contracts)."""
    def split(value: Any) -> list[Any]:
        parts = [p.strip() for p in str(value).replace("；", ";").split(";")]
        return [convert(p) for p in parts if p]
    return split


@dataclass(frozen=True)
class Column:
    key: str
    zh: str
    convert: Converter
    required: bool = False
    help: str = ""  # bilingual help shown in the template
    example: Any = None


AGENCY = Column("agency_uscc", "部门统一社会信用代码", parse_uscc, True,
                "合同政府方（采购人/招标人/实施机构）的统一社会信用代码，须已在系统登记 / "
                "the government party's USCC; the agency must be registered", "11330102MB0000001X")
CONTRACT = Column("contract_code", "合同编号", text(80), True,
                  "合同编号；与部门一起确定合同 / the contract code; with the agency it identifies the contract",
                  "HT-2024-001")

SHEETS: dict[str, tuple[str, list[Column]]] = {
    "contracts": ("合同", [
        AGENCY,
        Column("code", "合同编号", text(80), True, "本部门内唯一 / unique within the agency", "HT-2024-001"),
        Column("kind", "合同类型", choice(ContractKind), True,
               "procurement 政府采购, bidding 招标投标, ppp, investment 招商引资", "procurement"),
        Column("title", "合同名称", text(300), True, "", "办公设备采购合同"),
        Column("amount", "合同金额", money, True, "元，最多两位小数 / yuan, at most two decimals", "1200000.00"),
        Column("signed_on", "签订日期", parse_date, True, "YYYY-MM-DD", "2024-03-15"),
        Column("enterprise_uscc", "相对方统一社会信用代码", listed(parse_uscc), True,
               "多个相对方用分号分隔 / several parties separated by ;", "91330100MA0000001X"),
        Column("enterprise_name", "相对方名称", listed(text(200)), False,
               "企业未登记时必填，系统将据此登记 / required when the enterprise is not registered yet",
               "某某科技有限公司"),
        Column("enterprise_is_sme", "是否中小企业", listed(boolean), False, "是/否 (yes/no)", "是"),
        Column("party_role", "相对方角色", listed(choice(PartyRole)), True,
               "supplier 供应商, winning_bidder 中标人, social_capital 社会资本方, project_company 项目公司, "
               "investor 投资方", "supplier"),
        Column("status", "合同状态", choice(ContractStatus), False, "active / completed / terminated", None),
        Column("late_interest_daily_rate", "约定逾期日利率", daily_rate, False, "e.g. 0.0005 (万分之五)", None),
        Column("acceptance_period_days", "约定验收期限（日）", whole(0, 3650), False, "", None),
        Column("procurement_method", "采购方式", choice(PROCUREMENT_METHODS), False, "政府采购", "open_tender"),
        Column("budget_amount", "预算金额", money, False, "政府采购", None),
        Column("award_notice_on", "中标（成交）通知书日期", parse_date, False, "政府采购、招标投标", "2024-03-01"),
        Column("published_on", "合同公告日期", parse_date, False, "政府采购", "2024-03-16"),
        Column("filed_on", "备案日期", parse_date, False, "政府采购", None),
        Column("estimated_price", "招标估算价", money, False, "招标投标", None),
        Column("bid_deposit", "投标保证金", money, False, "招标投标", None),
        Column("performance_bond", "履约保证金", money, False, "招标投标", None),
        Column("retention_amount", "质量保证金", money, False, "招标投标", None),
        Column("defects_period_months", "缺陷责任期（月）", whole(0, 600), False, "招标投标", None),
        Column("ppp_mode", "运作方式", choice(PPP_MODES), False, "PPP: BOT/TOT/ROT…", None),
        Column("cooperation_years", "合作期限（年）", whole(1, 99), False, "PPP", None),
        Column("ppp_stage", "项目阶段", choice(PppStage, PPP_STAGE_ZH), False, "PPP: 识别/准备/采购/执行/移交", None),
        Column("ppp_launched_on", "项目发起日期", parse_date, False, "PPP", None),
        Column("ppp_payment_mechanism", "回报机制", choice(PPP_PAYMENT_MECHANISMS), False,
               "PPP: government_pay 政府付费, viability_gap_funding 可行性缺口补助, user_pay 使用者付费", None),
        Column("investment_project", "招商项目", text(300), False, "招商引资", None),
        Column("promised_policies", "承诺的优惠政策", text(20000), False, "招商引资", None),
    ]),
    "obligations": ("履约义务", [
        AGENCY, CONTRACT,
        Column("no", "序号", whole(1, 1_000_000), True,
               "合同内的义务序号，付款和责任分工表据此引用 / the obligation's number within the contract; "
               "payments and responsibilities refer to it", 1),
        Column("kind", "义务类型", choice(ObligationKind), True,
               "payment, deposit_return, bond_return, retention_return, subsidy, land, approval, other", "payment"),
        Column("debtor", "履行方", choice(Debtor), False, "government 政府方（默认） / counterparty 相对方", "government"),
        Column("amount", "金额", money, False, "元；金钱义务须填金额或比例 / yuan; or give a percent", None),
        Column("percent", "比例（%）", parse_percent, False,
               "占合同金额的百分比，填 30 表示 30% / share of the contract amount: 30 means 30%", "30"),
        Column("due_date", "固定到期日", parse_date, False, "与起算事件二选一 / either a fixed date or an event rule",
               None),
        Column("due_event", "起算事件", choice(EventType), False,
               "signing, award_notice, delivery, acceptance, invoice, completion, settlement, warranty_end, "
               "operation_start, production_start", "acceptance"),
        Column("due_offset", "期限数", whole(0, 3650), False, "", 30),
        Column("due_unit", "期限单位", choice(DueUnit), False, "day 日 / working_day 工作日 / month 个月", "day"),
        Column("description", "说明", text(500), False, "", "验收合格后30日内支付合同价款的30%"),
        Column("delay_reason", "迟延原因", text(300), False, "", None),
    ]),
    "events": ("履约事件", [
        AGENCY, CONTRACT,
        Column("type", "事件", choice(EventType), True, "delivery, acceptance, completion…", "acceptance"),
        Column("occurred_on", "发生日期", parse_date, True, "YYYY-MM-DD", "2024-06-30"),
        Column("evidence", "依据", text(500), False, "验收报告等 / evidence", "验收报告"),
    ]),
    "payments": ("付款记录", [
        AGENCY, CONTRACT,
        Column("obligation_no", "义务序号", whole(1, 1_000_000), False,
               "履约义务表中的序号 / the obligation's no in the obligations sheet", 1),
        Column("obligation_id", "义务ID", whole(1, 2**62), False,
               "已登记义务的系统ID（代替序号） / the registry id of an obligation registered earlier", None),
        Column("amount", "付款金额", money, True, "元 / yuan", "100000.00"),
        Column("paid_on", "付款日期", parse_date, True, "YYYY-MM-DD", "2024-07-10"),
        Column("voucher", "凭证号", text(120), False, "", "记-0001"),
    ]),
    "responsibilities": ("责任分工", [
        AGENCY, CONTRACT,
        Column("role", "责任角色", choice(ResponsibilityRole), True,
               "project_lead 项目负责人, payment_approver 付款审批人, acceptance_lead 验收负责人, "
               "government_representative 政府方责任人", "payment_approver"),
        Column("official_name", "责任人姓名", text(80), False,
               "在其部门内按姓名查找，未登记时自动登记 / looked up by name in the official's agency, "
               "registered if new", "张三"),
        Column("official_id", "责任人ID", whole(1, 2**62), False, "代替姓名 / instead of the name", None),
        Column("official_post", "职务", text(120), False, "新登记责任人的职务 / post of a new official", "科长"),
        Column("official_agency_uscc", "责任人所在部门代码", parse_uscc, False,
               "默认为合同的部门 / defaults to the contract's agency", None),
        Column("start", "起始日期", parse_date, True, "YYYY-MM-DD", "2024-03-15"),
        Column("end", "终止日期", parse_date, False, "不含当日；在任者留空 / exclusive; empty while current", None),
        Column("obligation_no", "义务序号", whole(1, 1_000_000), False, "只对某项义务负责时填写", None),
        Column("stage", "PPP阶段", choice(PppStage, PPP_STAGE_ZH), False, "PPP 项目分阶段负责时填写", None),
        Column("reason", "说明", text(300), False, "", None),
    ]),
}

ORDER = ("contracts", "obligations", "events", "payments", "responsibilities")


def sheet_key(title: str) -> str | None:
    """The sheet a worksheet title names (English key or Chinese name), or None for other sheets."""
    t = title.strip().lower()
    for key, (zh, _) in SHEETS.items():
        if t in (key, zh):
            return key
    return None


def header_index(sheet: str) -> dict[str, Column]:
    """Header text (key or Chinese label, lower case) → column."""
    index: dict[str, Column] = {}
    for col in SHEETS[sheet][1]:
        index[col.key.lower()] = col
        index[col.zh.lower()] = col
    return index
