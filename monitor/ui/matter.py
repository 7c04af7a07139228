"""How a look-back's matters (事项) and audited changes read in the page's language.

The report writes each timeline entry's matter and each audited change as a Chinese sentence (the
language of its PDF and Excel files) and gives their parts beside it (``monitor.reports.matter``,
``monitor.reports.actions``). A Chinese page shows the report's sentence as it is; a page in
another language builds its own from the parts, with the vocabularies' labels. What people wrote
(an obligation's description, a complaint's title, a note) stays as they wrote it.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from monitor.ui.common import is_chinese, localise, localise_note
from monitor.ui.labels import label
from monitor.ui.records import rlabel
from monitor.ui.views import money_filter

OUTCOME_LABELS: dict[str, Any] = {
    "on_time": _l("Fulfilled on time"), "late": _l("Fulfilled late"), "overdue": _l("Overdue, not fulfilled"), "pending": _l("Not yet due"),
    "awaiting_event": _l("Awaiting its event"), "cancelled": _l("Cancelled"),
}
ACTION_LABELS: dict[str, Any] = {
    "create": _l("created"), "update": _l("changed"), "delete": _l("deleted"), "handover": _l("handed over"),
    "revoke": _l("revoked"), "notify": _l("notified"), "rectify": _l("ordered rectified"),
    "escalate": _l("escalated for a decision"), "resolve": _l("closed"), "dismiss": _l("dismissed"),
    "decide": _l("decided"), "publish": _l("published"), "repair": _l("credit repaired"),
    "upload": _l("uploaded"), "parse": _l("read"), "reparse": _l("read again"), "verify": _l("verified"),
    "reject": _l("rejected"),
}
ENTITY_LABELS: dict[str, Any] = {
    "contract": _l("Contract"), "obligation": _l("Obligation"), "event": _l("Performance event"),
    "payment": _l("Payment"), "responsibility": _l("Responsibility"), "finding": _l("Finding"),
    "record": _l("Dishonesty record"), "document": _l("Contract document"), "complaint": _l("Complaint"),
    "objection": _l("Objection"),
}


def _money(amount: Decimal | str) -> str:
    return _("%(amount)s yuan", amount=money_filter(amount))


def _day(value: date | str | None) -> str:
    if not value:
        return "—"
    return format_date(date.fromisoformat(value) if isinstance(value, str) else value, "medium")


def _obligation(m: dict[str, Any]) -> str:
    return m.get("description") or label(m.get("obligation_kind"))


def _held(m: dict[str, Any]) -> str:
    """The role, and what it covers: one obligation or a PPP stage."""
    role = label(m["role"])
    if m.get("obligation_id"):
        return _("%(role)s (obligation #%(id)s)", role=role, id=m["obligation_id"])
    if m.get("stage"):
        return f"{role} · {label(m['stage'], 'ppp_stage')}"
    return role


def matter_text(entry: dict[str, Any]) -> str:
    """A timeline entry's matter in the page's language."""
    if is_chinese():
        return localise(entry["title"])
    m = entry["matter"]
    what = m["what"]
    if what == "signing":
        return _("Contract signed (%(code)s)", code=m["code"])
    if what == "event":
        return label(m["event_type"])
    if what == "assignment":
        return f"{_held(m)}: {m['official']}"
    if what == "handover":
        return f"{_held(m)}: {m['from_official']} → {m['to_official']}"
    if what == "payment":
        return _("%(obligation)s: paid %(amount)s", obligation=_obligation(m), amount=_money(m["amount"]))
    if what == "fulfilled":
        return _("%(obligation)s: fulfilled", obligation=_obligation(m))
    if what == "outcome":
        return f"{_obligation(m)}: {OUTCOME_LABELS.get(m['outcome'], m['outcome'])}"
    if what == "finding":
        return localise(m["summary"])
    if what == "rectification":
        return _("Rectify by %(deadline)s (finding #%(id)s)", deadline=_day(m.get("deadline")), id=m["finding_id"])
    if what == "resolution":
        return _("%(state)s (finding #%(id)s)", state=label(m["state"]), id=m["finding_id"])
    if what == "record_proposed":
        return _("Dishonesty record #%(id)s proposed", id=m["record_id"])
    if what == "record_decided":
        return _("Dishonesty record #%(id)s decided (%(status)s)", id=m["record_id"], status=rlabel(m["status"]))
    if what == "record_ended":
        return _("Dishonesty record #%(id)s: %(status)s", id=m["record_id"], status=rlabel(m["status"]))
    if what == "complaint_filed":
        return _("Complaint #%(id)s: %(subject)s", id=m["complaint_id"], subject=m["subject"])
    if what == "complaint_closed":
        return _("Complaint #%(id)s closed: %(status)s", id=m["complaint_id"], status=label(m["status"], "complaint"))
    return localise(entry["title"])


def details_text(entry: dict[str, Any]) -> str:
    """What the entry's details say in the page's language: a finding step's note as the checker
    wrote it in both languages, anything a person wrote as written."""
    if is_chinese() or "note" not in entry["matter"]:
        return str(entry["details"])
    return localise_note(entry["matter"]["note"] or "")


def change_text(action: dict[str, Any]) -> str:
    """An audited change (an action's ``summary`` and ``change``) in the page's language."""
    if is_chinese() or not action.get("change"):
        return str(action["summary"])
    c = action["change"]
    parts = [_("%(entity)s %(action)s", entity=ENTITY_LABELS.get(c["entity"], c["entity"]),
               action=ACTION_LABELS.get(c["action"], c["action"]))]
    if "to_state" in c:
        scope = c["entity"]  # a finding's "open" is overdue, an obligation's is open
        before = label(c["from_state"], scope) if c.get("from_state") else "—"
        parts.append(f"{before} → {label(c['to_state'], scope)}")
    elif "amount" in c:
        parts.append(f"{_money(c['amount'])} ({_day(c['paid_on'])})")
    elif "event_type" in c:
        parts.append(f"{label(c['event_type'])} {_day(c['occurred_on'])}")
    if c.get("note"):
        parts.append(localise(c["note"]))
    return "; ".join(parts)
