"""What people did, read from the audit trail and tied to officials (履职记录).

An audit event's actor is a user; where the user account is linked to an official
(``User.official_id``), the action is the official's.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, aliased

from contracts.access.models import User
from contracts.audit.models import AuditEvent
from contracts.core import clock
from contracts.core.enums import LABELS_ZH
from contracts.core.errors import chinese_half
from contracts.organisations.models import Agency, Official
from contracts.registry.models import Contract
from monitor.checker.models import FindingState

ACTION_LABELS = {"create": "新建", "update": "修改", "handover": "交接", "delete": "删除", "revoke": "撤销",
                 "notify": "通知", "rectify": "限期整改", "escalate": "提请认定", "resolve": "办结",
                 "dismiss": "不予认定", "decide": "认定", "publish": "公示", "repair": "信用修复"}
ENTITY_LABELS = {"contract": "合同", "obligation": "履约义务", "event": "履约事件", "payment": "付款",
                 "responsibility": "责任分工", "finding": "违约发现", "record": "失信记录", "document": "合同文本",
                 "complaint": "投诉", "objection": "异议"}
STATE_LABELS = {**FindingState.LABELS_ZH, "fulfilled": "已履行", "cancelled": "已取消"}


def local_day(at: datetime) -> date:
    """The service-time-zone date of an audit timestamp."""
    return clock.local(at).date()


def _change(ev: AuditEvent) -> dict[str, Any]:
    """What an audit event changed, in parts: the action on the entity, and a state moved from and to,
    a payment's amount and day, or an event's type and day; the note as written (often bilingual)."""
    before, after = ev.before or {}, ev.after or {}
    change: dict[str, Any] = {"action": ev.action, "entity": ev.entity, "note": ev.note or ""}
    if "state" in after and before.get("state") != after.get("state"):
        change |= {"from_state": before.get("state"), "to_state": after["state"]}
    elif ev.entity == "payment" and after.get("amount"):
        change |= {"amount": str(after["amount"]), "paid_on": str(after.get("paid_on") or "")}
    elif ev.entity == "event" and after.get("type"):
        change |= {"event_type": after["type"], "occurred_on": str(after.get("occurred_on") or "")}
    return change


def describe(change: dict[str, Any]) -> str:
    """An audit event's change as one Chinese line ("修改违约发现；已通知→整改中；…")."""
    parts = [f"{ACTION_LABELS.get(change['action'], change['action'])}{ENTITY_LABELS.get(change['entity'], change['entity'])}"]
    if "to_state" in change:
        before = change["from_state"]
        parts.append(f"{STATE_LABELS.get(before, before or '—')}→{STATE_LABELS.get(change['to_state'], change['to_state'])}")
    elif "amount" in change:
        parts.append(f"{change['amount']} 元（{change['paid_on']}）")
    elif "event_type" in change:
        parts.append(f"{LABELS_ZH.get(change['event_type'], change['event_type'])} {change['occurred_on']}")
    if change["note"]:
        parts.append(chinese_half(change["note"]))
    return "；".join(parts)


def _query() -> Select[Any]:
    actor = aliased(User)
    official = aliased(Official)
    return (select(AuditEvent, official, Agency.name, Contract.code)
            .outerjoin(actor, actor.id == AuditEvent.actor_id)
            .outerjoin(official, official.id == actor.official_id)
            .outerjoin(Agency, Agency.id == official.agency_id)
            .outerjoin(Contract, Contract.id == AuditEvent.contract_id)
            .order_by(AuditEvent.id))


def _row(ev: AuditEvent, official: Official | None, agency_name: str | None, code: str | None) -> dict[str, Any]:
    change = _change(ev)
    return {"audit_id": ev.id, "at": ev.at, "on": local_day(ev.at), "actor": ev.actor, "contract_code": code or "",
            "user_id": ev.actor_id, "official_id": official.id if official else None,
            "official_name": official.name if official else None, "agency_name": agency_name,
            "action": ev.action, "entity": ev.entity, "entity_id": ev.entity_id,
            "contract_id": ev.contract_id, "note": ev.note, "summary": describe(change), "change": change}


def for_contract(session: Session, contract_id: int) -> list[dict[str, Any]]:
    """Every audited change to a contract and what hangs on it, oldest first."""
    rows = session.execute(_query().where(AuditEvent.contract_id == contract_id)).all()
    return [_row(*row) for row in rows]


def by_official(session: Session, official_id: int, contract_ids: set[int] | None = None) -> list[dict[str, Any]]:
    """Every audited change made by users linked to an official (within ``contract_ids`` if given)."""
    actor = aliased(User)
    stmt = (select(AuditEvent, Official, Agency.name, Contract.code)
            .join(actor, actor.id == AuditEvent.actor_id)
            .join(Official, Official.id == actor.official_id)
            .join(Agency, Agency.id == Official.agency_id)
            .outerjoin(Contract, Contract.id == AuditEvent.contract_id)
            .where(actor.official_id == official_id)
            .order_by(AuditEvent.id))
    if contract_ids is not None:
        stmt = stmt.where(AuditEvent.contract_id.in_(contract_ids or {-1}))
    return [_row(*row) for row in session.execute(stmt).all()]
