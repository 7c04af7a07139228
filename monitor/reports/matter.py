"""The matter (事项) of a look-back timeline entry: its parts, and the Chinese sentence they make.

A timeline entry says what happened ("首期款：逾期未履行（12天）", "付款审批人：王建国 → 李卫东") in
the report's language, Chinese, for its PDF and Excel files and the API's ``title``. The same
entry carries the parts the sentence is made of (``matter``): what happened (``what``), and the
codes, numbers and names it names. A page in another language builds its own sentence from them
(``monitor.ui.reports``), so no one parses the Chinese back.

``what`` is one of: signing (code), event (event_type), assignment (role, obligation_id, stage,
official), handover (… from_official, to_official), payment (description, obligation_kind,
amount), fulfilled, outcome (… outcome, days_late), finding (summary, bilingual), rectification
(finding_id, deadline, note), resolution (finding_id, state, note: as written, the checker's
bilingual), record_proposed / record_decided /
record_ended (record_id, status), complaint_filed (complaint_id, subject), complaint_closed
(complaint_id, status). ``description`` is the obligation's own text, entered in Chinese; an
obligation without one is named by its ``obligation_kind``.
"""

from __future__ import annotations

from typing import Any

from contracts.core.enums import LABELS_ZH, PPP_STAGE_ZH
from contracts.core.errors import chinese_half
from monitor.reports.actions import STATE_LABELS
from monitor.reports.outcomes import OUTCOME_LABELS
from monitor.reports.sources import COMPLAINT_LABELS, RECORD_LABELS

WHATS = ("signing", "event", "assignment", "handover", "payment", "fulfilled", "outcome", "finding",
         "rectification", "resolution", "record_proposed", "record_decided", "record_ended",
         "complaint_filed", "complaint_closed")
EVENT_LABELS = {**LABELS_ZH, "award_notice": "中标（成交）通知"}


def obligation_label(m: dict[str, Any]) -> str:
    """The obligation an entry is about: its own description, else its kind."""
    return m.get("description") or LABELS_ZH.get(m.get("obligation_kind") or "", m.get("obligation_kind") or "")


def _scope(m: dict[str, Any]) -> str:
    if m.get("obligation_id"):
        return f"（义务#{m['obligation_id']}）"
    if m.get("stage"):
        return f"（{PPP_STAGE_ZH.get(m['stage'], m['stage'])}阶段）"
    return ""


def chinese(m: dict[str, Any]) -> str:
    """The sentence of a matter, in Chinese (the report's language)."""
    what = m["what"]
    if what == "signing":
        return f"合同签订（{m['code']}）"
    if what == "event":
        return EVENT_LABELS.get(m["event_type"], m["event_type"])
    if what in ("assignment", "handover"):
        head = f"{LABELS_ZH.get(m['role'], m['role'])}{_scope(m)}："
        return head + (m["official"] if what == "assignment" else f"{m['from_official']} → {m['to_official']}")
    if what == "payment":
        return f"{obligation_label(m)}：付款 {m['amount']:,.2f} 元"
    if what == "fulfilled":
        return f"{obligation_label(m)}：已履行"
    if what == "outcome":
        days = f"（{m['days_late']}天）" if m.get("days_late") else ""
        return f"{obligation_label(m)}：{OUTCOME_LABELS[m['outcome']]}{days}"
    if what == "finding":
        return chinese_half(m["summary"])  # the checker's own is bilingual ("中文 / English")
    if what == "rectification":
        deadline = m["deadline"].isoformat() if m.get("deadline") else "—"
        return f"限期整改，期限 {deadline}（发现#{m['finding_id']}）"
    if what == "resolution":
        return f"{STATE_LABELS.get(m['state'], m['state'])}（发现#{m['finding_id']}）"
    if what == "record_proposed":
        return f"拟记入失信记录#{m['record_id']}"
    if what == "record_decided":
        return f"认定失信记录#{m['record_id']}（{RECORD_LABELS.get(m['status'], m['status'])}）"
    if what == "record_ended":
        return f"失信记录#{m['record_id']}：{RECORD_LABELS.get(m['status'], m['status'])}"
    if what == "complaint_filed":
        return f"企业投诉#{m['complaint_id']}：{m['subject']}"
    if what == "complaint_closed":
        return f"投诉#{m['complaint_id']}办结：{COMPLAINT_LABELS.get(m['status'], m['status'])}"
    raise ValueError(f"unknown matter {what!r}")
