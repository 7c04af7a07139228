"""Reports as titled tables (报表版式): the one shape every exporter renders.

Each report's dict becomes a ``Document``: a title, a few lines of context, and sections that are
tables of typed columns (money, rate, date...). The .xlsx, PDF and CSV exporters only know this
shape, so the three formats always carry the same figures as the JSON API.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from contracts.core.enums import LABELS_ZH
from monitor.reports.scoring import COMPONENT_LABELS

KINDS = ("text", "int", "money", "rate", "date", "number", "score")


@dataclass
class Column:
    key: str
    title: str
    kind: str = "text"  # one of KINDS
    width: int = 14  # characters (xlsx) / relative width (PDF)


@dataclass
class Section:
    title: str
    sheet: str  # worksheet name, at most 31 characters
    columns: list[Column]
    rows: list[dict[str, Any]]
    note: str = ""


@dataclass
class Document:
    title: str
    filename: str  # without extension, ASCII
    lines: list[str] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)


def _people(holders: list[dict[str, Any]] | None) -> str:
    return "；".join(f"{h['role_label']}：{h['name']}" + (f"（{h['post']}）" if h.get("post") else "")
                    for h in holders or [])


def _person(p: dict[str, Any] | None) -> str:
    return "" if not p else p["name"] + (f"（{p['agency_name']}）" if p.get("agency_name") else "")


def _d(value: date | None) -> str:
    return value.isoformat() if value else ""


# ---- contract look-back ---------------------------------------------------------------------
def contract_document(report: dict[str, Any]) -> Document:
    c = report["contract"]
    s = report["summary"]
    doc = Document(
        title=f"项目责任回溯：{c['title']}",
        filename=f"contract-lookback-{c['id']}",
        lines=[f"合同编号：{c['code']}　类型：{c['kind_label']}　部门：{c['agency_name']}",
               f"合同金额：{c['amount']:,.2f} 元　签订日期：{_d(c['signed_on'])}　截至：{_d(report['as_of'])}",
               "相对方：" + "、".join(p["name"] for p in c["parties"]),
               # the note is bilingual ("中文 / English"); the document is in Chinese
               report["note"].partition(" / ")[0] if report.get("not_yet_signed") else
               f"履约义务 {s['obligations']} 项，逾期违约 {s['breaches']} 项，逾期未付 {s['overdue_outstanding']:,.2f} 元，"
               f"责任交接 {s['handovers']} 次"])
    doc.sections.append(Section("时间线", "时间线", [
        Column("date", "日期", "date", 14), Column("stage_label", "阶段", "text", 12),
        Column("title", "事项", "text", 36), Column("amount", "金额（元）", "money", 16),
        Column("days_late", "逾期天数", "int", 9), Column("responsible", "当日责任人", "text", 36),
        Column("actions", "履职记录", "text", 40), Column("details", "说明", "text", 24)],
        [{**e, "responsible": _people(e["responsible"]),
          "actions": "；".join(f"{_d(a['on'])} {a['official_name'] or a['actor']}：{a['summary']}" for a in e["actions"]),
          "days_late": e["days_late"] or None,
          "details": "；".join(filter(None, [e["details"], *(f"{f['rule_id']}（{f['state_label']}）"
                                                            for f in e["findings"])]))}
         for e in report["timeline"]]))
    doc.sections.append(Section("责任分工与交接", "责任分工", [
        Column("role_label", "责任角色", "text", 14), Column("name", "责任人", "text", 10),
        Column("post", "职务", "text", 12), Column("agency_name", "所在部门", "text", 18),
        Column("start", "起始日期", "date", 14), Column("end", "终止日期", "date", 14),
        Column("reason", "交接原因", "text", 30), Column("obligation_id", "限定义务", "int", 9)],
        report["responsibilities"]))
    doc.sections.append(Section("操作记录（审计日志）", "操作记录", [
        Column("on", "日期", "date", 14), Column("actor", "操作账号", "text", 14),
        Column("official_name", "对应责任人", "text", 12), Column("summary", "操作", "text", 60)],
        report["actions"]))
    return doc


# ---- official look-back ---------------------------------------------------------------------
_OBLIGATION_COLUMNS = [
    Column("contract_code", "合同编号", "text", 14), Column("contract_title", "合同名称", "text", 24),
    Column("description", "义务", "text", 20), Column("due_date", "到期日", "date", 14),
    Column("amount", "金额（元）", "money", 16), Column("outcome_label", "履行情况", "text", 12),
    Column("fulfilled_on", "履行日期", "date", 14), Column("days_late", "逾期天数", "int", 9),
    Column("outstanding", "未付金额（元）", "money", 16)]


def _obligation_rows(items: list[dict[str, Any]], with_holder: bool = False) -> list[dict[str, Any]]:
    return [{**v, "description": v["description"] or LABELS_ZH.get(v["kind"], v["kind"]),
             "days_late": v["days_late"] or None,
             "holder": "、".join(h["name"] for h in v["responsible_at_due"]) if with_holder else ""}
            for v in items]


def official_document(report: dict[str, Any]) -> Document:
    o = report["official"]
    s = report["summary"]
    doc = Document(
        title=f"责任人履职回溯：{o['name']}",
        filename=f"official-lookback-{o['official_id']}",
        lines=[f"所在部门：{o['agency_name']}　职务：{o['post'] or '—'}　截至：{_d(report['as_of'])}",
               f"负责合同 {s['contracts']} 个，任期 {s['tenures']} 段；任内到期义务 {s['obligations_due']} 项，"
               f"按期履行 {s['on_time']} 项，逾期违约 {s['breaches']} 项；承接前任逾期 {s['inherited']} 项，"
               f"移交后任 {s['left']} 项"])
    doc.sections.append(Section("任期与交接", "任期", [
        Column("contract_code", "合同编号", "text", 14), Column("contract_title", "合同名称", "text", 24),
        Column("role_label", "责任角色", "text", 12), Column("start", "起始日期", "date", 14),
        Column("end", "终止日期", "date", 14), Column("received", "接任自", "text", 18),
        Column("handed", "移交给", "text", 18), Column("reasons", "交接原因", "text", 30)],
        [{**t, "received": _person(t["received_from"]), "handed": _person(t["handed_to"]),
          "reasons": "；".join(filter(None, [t["received_reason"] or t["assigned_reason"], t["handed_reason"]]))}
         for t in report["tenures"]]))
    doc.sections.append(Section("任内到期的义务", "任内到期", list(_OBLIGATION_COLUMNS),
                                _obligation_rows(report["obligations"])))
    doc.sections.append(Section("任内逾期违约", "任内违约", list(_OBLIGATION_COLUMNS),
                                _obligation_rows(report["breaches"])))
    doc.sections.append(Section("合同层面的违约（条款、程序等，无到期日的以签订日计）", "合同层面违约", [
        Column("contract_code", "合同编号", "text", 14), Column("summary", "发现", "text", 40),
        Column("due_date", "期限", "date", 14), Column("first_found_on", "发现日期", "date", 14),
        Column("state_label", "状态", "text", 10), Column("roles_label", "责任角色", "text", 16)],
        [{**f, "state_label": LABELS_ZH.get(f["state"], f["state"]),
          "roles_label": "、".join(LABELS_ZH.get(r, r) for r in f["roles"])} for f in report["contract_findings"]]))
    doc.sections.append(Section("任内待履行的义务（尚未到期或待事件发生）", "待履行", list(_OBLIGATION_COLUMNS),
                                _obligation_rows(report["awaiting"])))
    holder = Column("holder", "到期日责任人", "text", 14)
    doc.sections.append(Section("承接前任的未履行义务", "承接前任", [*_OBLIGATION_COLUMNS, holder],
                                _obligation_rows(report["inherited"], True)))
    doc.sections.append(Section("移交后任的义务", "移交后任", [*_OBLIGATION_COLUMNS, holder],
                                _obligation_rows(report["left"], True)))
    doc.sections.append(Section("操作记录（审计日志）", "操作记录", [
        Column("on", "日期", "date", 14), Column("actor", "操作账号", "text", 14),
        Column("contract_code", "合同编号", "text", 14), Column("summary", "操作", "text", 60)], report["actions"]))
    return doc


# ---- scoreboard -----------------------------------------------------------------------------
def scoreboard_columns(group: str) -> list[Column]:
    """The scoreboard's columns; also the CSV header (their keys)."""
    head = ([Column("agency_id", "部门编号", "int", 6), Column("name", "部门", "text", 20),
             Column("region_code", "行政区划", "text", 9)] if group == "agency"
            else [Column("region_code", "行政区划", "text", 9), Column("agencies", "部门数", "int", 7)])
    return [*head,
            Column("payments_due", "到期付款笔数", "int", 8),
            Column("payments_due_amount", "到期付款金额（元）", "money", 14),
            Column("paid_on_time", "按期付清笔数", "int", 8),
            Column("on_time_rate", "按时支付率", "rate", 9),
            Column("on_time_amount_rate", "按金额按时支付率", "rate", 9),
            Column("payments_late", "逾期笔数", "int", 7),
            Column("avg_days_late", "平均逾期天数", "number", 8),
            Column("overdue_outstanding", "逾期未付金额（元）", "money", 14),
            Column("findings", "违约发现", "int", 7),
            Column("open_findings", "未办结发现", "int", 7),
            Column("avg_handling_days", "发现平均办结天数", "number", 9),
            Column("records", "失信记录", "int", 7),
            Column("complaints", "投诉", "int", 7),
            Column("avg_complaint_days", "投诉平均办理天数", "number", 9),
            Column("score", "诚信评分", "score", 7)]


def scoreboard_document(report: dict[str, Any], details: list[dict[str, Any]] | None = None) -> Document:
    p = report["period"]
    group = report["group"]
    weights = "，".join(f"{COMPONENT_LABELS[k]} {v.normalize():f}" for k, v in report["weights"].items())
    missing = [name for name, ok in report["registers"].items() if not ok]
    doc = Document(
        title="政务诚信评价：" + ("部门" if group == "agency" else "地区") + "履约情况",
        filename=f"scoreboard-{group}-{p['start'].isoformat()}-{p['end'].isoformat()}",
        lines=[f"统计期间（到期日）：{_d(p['start'])} 至 {_d(p['end'])}　评价日期：{_d(p['as_of'])}",
               f"评分权重：{weights}（公式见 docs/scoreboard.md）"]
        + ([f"未启用的登记簿（相应指标为空）：{'、'.join(missing)}"] if missing else []))
    columns = scoreboard_columns(group)
    doc.sections.append(Section("诚信评价", "诚信评价", columns, [*report["rows"], report["totals"]]))
    doc.sections.append(Section("月度趋势（按到期月份）", "月度趋势", [
        Column("key", "部门编号" if group == "agency" else "行政区划", "text", 10),
        Column("name", "部门" if group == "agency" else "地区", "text", 24), Column("month", "月份", "text", 9),
        Column("payments_due", "到期付款笔数", "int", 10),
        Column("payments_due_amount", "到期付款金额（元）", "money", 18),
        Column("paid_on_time", "按期付清笔数", "int", 10), Column("on_time_rate", "按时支付率", "rate", 10),
        Column("avg_days_late", "平均逾期天数", "number", 10),
        Column("overdue_outstanding", "逾期未付金额（元）", "money", 18)], report["trend"]))
    if details is not None:
        doc.sections.append(Section("明细：到期付款所涉合同", "合同明细", [
            Column("agency_name", "部门", "text", 20), Column("code", "合同编号", "text", 14),
            Column("title", "合同名称", "text", 28), Column("count", "到期笔数", "int", 9),
            Column("amount", "到期金额（元）", "money", 16), Column("max_days_late", "最长逾期天数", "int", 10)],
            details))
    return doc
