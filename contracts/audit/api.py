"""API: read the audit trail (/api/v1/audit) — for audit readers (审计查询)."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from sqlalchemy import select

from contracts.access.current import authenticated, requires
from contracts.access.permissions import Permission
from contracts.audit.models import AuditEvent
from contracts.audit.schemas import AuditEventSchema, AuditQuerySchema
from contracts.core.api import Blueprint
from contracts.core.db import db
from contracts.core.schemas import page_of

blp = Blueprint("audit_api", __name__, url_prefix="/api/v1", description="Audit trail (审计日志)")


@blp.before_request
def _signed_in() -> None:
    """Every endpoint here needs a signed-in user: 401 comes before the body is even read."""
    authenticated()


@blp.route("/audit")
class Audit(MethodView):
    @blp.arguments(AuditQuerySchema, location="query")
    @blp.response(200, AuditEventSchema(many=True))
    @blp.paginate()
    def get(self, args: dict[str, Any], pagination_parameters: Any):  # type: ignore[no-untyped-def]
        """Audit events, newest first; filter by entity and entity_id, contract_id, action or actor."""
        requires(Permission.audit_read)
        stmt = select(AuditEvent).order_by(AuditEvent.id.desc())
        for name in ("entity", "entity_id", "contract_id", "action", "actor_id"):
            if name in args:
                stmt = stmt.where(getattr(AuditEvent, name) == args[name])
        return page_of(db.session, stmt, pagination_parameters)
