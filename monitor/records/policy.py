"""The deployment's record policy, read from the settings (失信记录政策参数).

Defaults follow 信用修复管理办法 (国家发展改革委令第36号, in force 2026-04-01): publicity 轻微 ≤ 3
months, 一般 3 months–1 year, 严重 1–3 years, counted from the 认定 date; repair only after the
minimum. Objection and complaint deadlines are local policy (no national figure was verified).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import current_app, has_app_context

from contracts.calendar.deadlines import CalendarNotPublished, WorkCalendar
from monitor.config import PUBLICITY_TIERS

DEFAULTS: dict[str, Any] = {
    "RECORD_PUBLICITY_MONTHS": {"minor": 3, "general": 12, "serious": 36},
    "RECORD_REPAIR_MIN_MONTHS": {"minor": 0, "general": 3, "serious": 12},
    "RECORD_OFFICIALS_VISIBLE_TO": ["admin", "finance_staff", "credit_officer", "supervisor"],
    "OBJECTION_ANSWER_WORKING_DAYS": 10,
    "OBJECTION_ALERT_DAYS": 2,
    "COMPLAINT_STEP_WORKING_DAYS": {"accept": 3, "review": 10, "determine": 10, "supervise": 5, "record": 20},
}

ESCALATION_BASIS = ("发改财金〔2023〕1103号 §2(2)：限期整改期满拒不整改的，认定为违约失信"
                    "（整改期限为本地政策规定）")


def setting(name: str) -> Any:
    """A setting from the app config, or its default outside an app context."""
    if has_app_context() and name in current_app.config:
        return current_app.config[name]
    return DEFAULTS[name]


def publicity_months(severity: str) -> int:
    """The configured publicity period (公示期) for ``severity``, in months."""
    return int(setting("RECORD_PUBLICITY_MONTHS")[severity])


def repair_min_months(severity: str) -> int:
    """Months a record must have been public before it may be repaired."""
    return int(setting("RECORD_REPAIR_MIN_MONTHS")[severity])


def months_range(severity: str) -> tuple[int, int]:
    """The publicity months an officer may choose for ``severity`` under 令第36号."""
    low, high = PUBLICITY_TIERS[severity]
    return max(low, 1), high


def end_of_period(cal: WorkCalendar, start: date, months: int) -> date:
    """The last day of a period of ``months`` from ``start`` (the corresponding day, 民法典 art. 201)."""
    return cal.add_months(start, months, extend=False)


def working_deadline(cal: WorkCalendar, start: date, days: int) -> tuple[date | None, str | None]:
    """``days`` 工作日 after ``start``; (None, message) while that year's calendar is unpublished."""
    try:
        return cal.add_working_days(start, days), None
    except CalendarNotPublished as exc:
        return None, exc.errors["due"][0]


def officials_visible_to(role: str | None) -> bool:
    """True when ``role`` (or ``"public"`` for anonymous readers) may see the officials' names."""
    return role is not None and role in setting("RECORD_OFFICIALS_VISIBLE_TO")
