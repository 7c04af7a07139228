"""API: enterprise complaints and their handling (投诉举报)."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView

from contracts.access.permissions import Permission
from contracts.core import clock
from contracts.core.api import Blueprint
from contracts.core.db import db
from monitor.auth.current import authenticated, requires
from monitor.complaints import services
from monitor.complaints.models import CLOSED_STATUSES, LABELS_ZH, NEXT_STEP, Complaint
from monitor.complaints.schemas import (
    ComplaintAssignSchema,
    ComplaintCreateSchema,
    ComplaintMessageCreateSchema,
    ComplaintMessageSchema,
    ComplaintQuerySchema,
    ComplaintSchema,
    ComplaintStepSchema,
)
from monitor.records import evidence
from monitor.records.paging import page

blp = Blueprint("complaints_api", __name__, url_prefix="/api/v1", description="Enterprise complaints (投诉举报)")


def present(c: Complaint, *, full: bool = True) -> dict[str, Any]:
    session = db.session
    data = {k: getattr(c, k) for k in (
        "id", "enterprise_id", "filed_by_id", "agency_id", "contract_id", "category", "title", "description",
        "amount", "status", "handler_id", "step_due", "step_due_error", "submitted_on", "closed_on", "outcome",
        "finding_ids", "record_ids")}
    data.update(category_label=LABELS_ZH.get(c.category, c.category), status_label=LABELS_ZH.get(c.status, c.status),
                next_step=NEXT_STEP.get(c.status),
                overdue=c.status not in CLOSED_STATUSES and c.step_due is not None and c.step_due < clock.today())
    if full:
        data["steps"] = [{**{k: getattr(s, k) for k in ("id", "step", "from_status", "to_status", "on", "at",
                                                         "by_id", "note", "due", "late")},
                          "step_label": LABELS_ZH.get(s.step, s.step)} for s in c.steps]
        data["messages"] = [present_message(m) for m in c.messages]
        data["attachments"] = evidence.of(session, "complaint", c.id)
    return data


def present_message(m: Any) -> dict[str, Any]:
    return {"id": m.id, "author_id": m.author_id, "from_complainant": m.from_complainant, "body": m.body,
            "created_at": m.created_at, "attachments": evidence.of(db.session, "complaint_message", m.id)}


@blp.route("/complaints")
class Complaints(MethodView):
    @blp.arguments(ComplaintQuerySchema, location="query")
    @blp.response(200, ComplaintSchema(many=True))
    @blp.paginate()
    def get(self, args, pagination_parameters):  # type: ignore[no-untyped-def]
        """Complaints I may see (an enterprise: only its own); ``overdue=true`` for missed step deadlines."""
        user = authenticated()
        stmt = services.visible_complaints(user)
        for key in ("status", "agency_id", "contract_id", "handler_id"):
            if args.get(key) is not None:
                stmt = stmt.where(getattr(Complaint, key) == args[key])
        if args.get("overdue") is not None:
            late = (Complaint.status.not_in(CLOSED_STATUSES) & Complaint.step_due.is_not(None)
                    & (Complaint.step_due < clock.today()))  # an unknown deadline is not missed
            stmt = stmt.where(late if args["overdue"] else ~late)
        rows = page(db.session, stmt.order_by(Complaint.id.desc()), pagination_parameters)
        return [present(c, full=False) | {"steps": [], "messages": [], "attachments": []} for c in rows]

    @blp.arguments(ComplaintCreateSchema)
    @blp.response(201, ComplaintSchema)
    def post(self, data):  # type: ignore[no-untyped-def]
        """投诉: complain about a contract of mine or about an agency."""
        user = requires(Permission.complaints_file)
        c = services.file_complaint(db.session, user, **data)
        db.commit()
        return present(c)


@blp.route("/complaints/<int:complaint_id>")
class ComplaintItem(MethodView):
    @blp.response(200, ComplaintSchema)
    def get(self, complaint_id: int):  # type: ignore[no-untyped-def]
        """One complaint with its steps and messages."""
        return present(services.get_complaint(db.session, authenticated(), complaint_id))


@blp.route("/complaints/<int:complaint_id>/steps")
class Steps(MethodView):
    @blp.arguments(ComplaintStepSchema)
    @blp.response(200, ComplaintSchema)
    def post(self, data, complaint_id: int):  # type: ignore[no-untyped-def]
        """Take the next step: accept 受理, review 复核, determine 认定, supervise 督办, record 记入 / resolve / reject."""
        user = requires(Permission.complaints_handle)
        c = services.get_complaint(db.session, user, complaint_id)
        c = services.take_step(db.session, c, user, data["step"], note=data["note"],
                               substantiated=data.get("substantiated"), finding_ids=data["finding_ids"],
                               record=data.get("record"))
        db.commit()
        return present(c)


@blp.route("/complaints/<int:complaint_id>/assign")
class Assign(MethodView):
    @blp.arguments(ComplaintAssignSchema)
    @blp.response(200, ComplaintSchema)
    def post(self, data, complaint_id: int):  # type: ignore[no-untyped-def]
        """Give the complaint to a handler (经办人)."""
        user = requires(Permission.complaints_handle)
        c = services.assign(db.session, services.get_complaint(db.session, user, complaint_id), user,
                            data["handler_id"])
        db.commit()
        return present(c)


@blp.route("/complaints/<int:complaint_id>/messages")
class Messages(MethodView):
    @blp.response(200, ComplaintMessageSchema(many=True))
    def get(self, complaint_id: int):  # type: ignore[no-untyped-def]
        """Messages between the complainant and the handlers."""
        c = services.get_complaint(db.session, authenticated(), complaint_id)
        return [present_message(m) for m in c.messages]

    @blp.arguments(ComplaintMessageCreateSchema)
    @blp.response(201, ComplaintMessageSchema)
    def post(self, data, complaint_id: int):  # type: ignore[no-untyped-def]
        """Write to the other side (留言)."""
        user = authenticated()
        c = services.get_complaint(db.session, user, complaint_id)
        m = services.post_message(db.session, c, user, data["body"], data["attachment_ids"])
        db.commit()
        return present_message(m)
