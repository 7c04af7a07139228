"""The closed vocabularies of the registry, shared by models, schemas and parsers (枚举)."""

from __future__ import annotations

from enum import StrEnum


class ContractKind(StrEnum):
    procurement = "procurement"  # 政府采购
    bidding = "bidding"  # 招标投标
    ppp = "ppp"  # 政府和社会资本合作
    investment = "investment"  # 招商引资


class ContractStatus(StrEnum):
    active = "active"  # 履行中
    completed = "completed"  # 履行完毕
    terminated = "terminated"  # 已解除


class PartyRole(StrEnum):
    supplier = "supplier"  # 供应商
    winning_bidder = "winning_bidder"  # 中标人
    social_capital = "social_capital"  # 社会资本方
    project_company = "project_company"  # 项目公司
    investor = "investor"  # 投资方


class Debtor(StrEnum):
    government = "government"
    counterparty = "counterparty"


class ObligationKind(StrEnum):
    payment = "payment"
    deposit_return = "deposit_return"
    bond_return = "bond_return"
    retention_return = "retention_return"
    subsidy = "subsidy"
    land = "land"
    approval = "approval"
    other = "other"


MONETARY_KINDS = frozenset({
    ObligationKind.payment, ObligationKind.deposit_return, ObligationKind.bond_return,
    ObligationKind.retention_return, ObligationKind.subsidy,
})


class ObligationStatus(StrEnum):
    open = "open"  # 未履行
    fulfilled = "fulfilled"  # 已履行
    cancelled = "cancelled"  # 已取消


class ObligationSource(StrEnum):
    manual = "manual"
    imported = "imported"
    document = "document"


class EventType(StrEnum):
    signing = "signing"  # 签订
    award_notice = "award_notice"  # 中标/成交通知书
    delivery = "delivery"  # 交货
    acceptance = "acceptance"  # 验收合格
    invoice = "invoice"  # 收到发票
    completion = "completion"  # 竣工验收
    settlement = "settlement"  # 结算
    warranty_end = "warranty_end"  # 质保期/缺陷责任期满
    operation_start = "operation_start"  # 进入运营期
    production_start = "production_start"  # 投产


class DueUnit(StrEnum):
    day = "day"  # 日（自然日）
    working_day = "working_day"  # 工作日
    month = "month"  # 个月


class ResponsibilityRole(StrEnum):
    project_lead = "project_lead"  # 项目负责人
    payment_approver = "payment_approver"  # 付款审批人
    acceptance_lead = "acceptance_lead"  # 验收负责人
    government_representative = "government_representative"  # 政府方责任人


class PppStage(StrEnum):
    identification = "identification"  # 识别
    preparation = "preparation"  # 准备
    procurement = "procurement"  # 采购
    execution = "execution"  # 执行
    transfer = "transfer"  # 移交


class AgencyLevel(StrEnum):
    national = "national"
    provincial = "provincial"
    municipal = "municipal"
    county = "county"
    township = "township"


class Role(StrEnum):
    admin = "admin"
    finance_staff = "finance_staff"  # 财政局经办
    agency_staff = "agency_staff"  # 部门经办
    credit_officer = "credit_officer"  # 信用办
    supervisor = "supervisor"  # 监督（只读）
    enterprise = "enterprise"  # 企业


# A PPP stage's own names: its ``procurement`` is the 采购 stage, not 政府采购 (a contract kind).
PPP_STAGE_ZH: dict[str, str] = {PppStage.identification: "识别", PppStage.preparation: "准备",
                                PppStage.procurement: "采购", PppStage.execution: "执行", PppStage.transfer: "移交"}

LABELS_ZH: dict[str, str] = {
    "procurement": "政府采购", "bidding": "招标投标", "ppp": "PPP", "investment": "招商引资",
    "government": "政府方", "counterparty": "相对方",
    "payment": "付款", "deposit_return": "退还投标保证金", "bond_return": "退还履约保证金",
    "retention_return": "返还质量保证金", "subsidy": "补助奖励", "land": "土地", "approval": "审批手续",
    "other": "其他承诺",
    "signing": "合同签订", "award_notice": "中标通知", "delivery": "交货", "acceptance": "验收合格",
    "invoice": "收到发票", "completion": "竣工验收", "settlement": "结算", "warranty_end": "质保期满",
    "operation_start": "进入运营期", "production_start": "投产",
    "day": "日", "working_day": "工作日", "month": "个月",
    "project_lead": "项目负责人", "payment_approver": "付款审批人", "acceptance_lead": "验收负责人",
    "government_representative": "政府方责任人",
}
