"""What "today" and "now" are for the service: Asia/Shanghai unless configured (时钟)."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

_override: date | None = None


def timezone() -> ZoneInfo:
    """The service time zone (TIMEZONE, default Asia/Shanghai)."""
    return ZoneInfo(os.environ.get("TIMEZONE") or "Asia/Shanghai")


def now() -> datetime:
    """The current instant, time-zone aware (UTC)."""
    return datetime.now(UTC)


def local(at: datetime) -> datetime:
    """An instant in the service time zone. The mapped columns read back aware
    (``db.UTCDateTime``); a naive value, such as a raw SQL row from SQLite, is taken as UTC."""
    return (at if at.tzinfo else at.replace(tzinfo=UTC)).astimezone(timezone())


def today() -> date:
    """Today's date in the service time zone; tests and the demo may pin it with ``set_today``."""
    if _override is not None:
        return _override
    return datetime.now(timezone()).date()


def set_today(value: date | None) -> None:
    """Pin (or with None, release) the date that ``today`` returns."""
    global _override
    _override = value
