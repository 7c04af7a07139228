"""Demo data for the embedded default: a county with agencies, officials, enterprises and contracts."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from contracts.access.models import User
from contracts.access.services import create_user

DEMO_PASSWORD = "demo-pass-2026"


def load(session: Session) -> list[str]:
    """Load the demo data once (idempotent); returns lines to show the newcomer."""
    lines = []
    if session.scalar(select(User.id).where(User.username == "admin")) is None:
        create_user(session, username="admin", role="admin", password=DEMO_PASSWORD, display_name="系统管理员")
        lines.append("demo data loaded")
    lines.append(f"sign in as admin / {DEMO_PASSWORD}")
    return lines
