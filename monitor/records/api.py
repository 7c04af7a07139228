"""API: dishonesty records, objections, credit repair, evidence, and the public list (失信记录)."""

from __future__ import annotations

from typing import Any

from flask import current_app, send_file
from flask.views import MethodView
from sqlalchemy.orm import Session

from contracts.access.permissions import Permission
from contracts.access.scope import require_not_own
from contracts.core import clock
from contracts.core.api import Blueprint
from contracts.core.db import db
from contracts.core.errors import DomainError, NotFound
from contracts.organisations.models import Agency
from contracts.registry.models import Contract
from monitor.auth.current import authenticated, requires
from monitor.checker.models import Finding
from monitor.records import evidence, policy, services
from monitor.records.models import (
    LABELS_ZH,
    DishonestyRecord,
    Objection,
    ObjectionStatus,
    RepairApplication,
)
from monitor.records.paging import page
from monitor.records.schemas import (
    EvidenceSchema,
    EvidenceUploadSchema,
    ObjectionAnswerSchema,
    ObjectionCreateSchema,
    ObjectionQuerySchema,
    ObjectionSchema,
    ObjectionVerifySchema,
    PublicQuerySchema,
    PublicRecordSchema,
    RecordAmendSchema,
    RecordEscalatedSchema,
    RecordEscalateSchema,
    RecordExemptSchema,
    RecordProposeSchema,
    RecordPublishSchema,
    RecordQuerySchema,
    RecordReasonSchema,
    RecordSchema,
    RepairCreateSchema,
    RepairDecisionSchema,
    RepairSchema,
)

blp = Blueprint("records_api", __name__, url_prefix="/api/v1",
                description="Dishonesty records, objections and credit repair (政务失信记录、异议、信用修复)")


# ---- presenting -------------------------------------------------------------------------------
def _officials(rec: DishonestyRecord, capacity: str) -> list[dict[str, Any]]:
    # on the due date: every finding's snapshot; now: the latest snapshot (taken at proposal and at decision)
    rows = [o for o in rec.officials if o.capacity == capacity] if capacity == "on_due_date" else rec.named(capacity)
    return [{"role": o.role, "official_id": o.official_id, "name": o.name, "post": o.post,
             "agency_id": o.agency_id, "as_of": o.as_of} for o in rows]


def present(session: Session, rec: DishonestyRecord, user: Any) -> dict[str, Any]:
    """A record as the API shows it to ``user``; names withheld unless the policy allows them."""
    agency = session.get(Agency, rec.agency_id)
    contract = session.get(Contract, rec.contract_id) if rec.contract_id else None
    show = services.names_visible(user, rec)
    data = {c: getattr(rec, c) for c in (
        "id", "agency_id", "contract_id", "obligation_id", "origin", "category", "severity", "facts", "legal_basis",
        "due_date", "outstanding", "interest", "status", "status_reason", "proposed_on", "decided_by_id",
        "decided_on", "publicity_months", "publicity_start", "publicity_end", "ended_on", "exemption_grounds",
        "exemption_basis")}
    data.update(
        agency_name=agency.name if agency else "", contract_code=contract.code if contract else None,
        contract_title=contract.title if contract else None,
        category_label=LABELS_ZH.get(rec.category, rec.category), severity_label=LABELS_ZH.get(rec.severity, ""),
        status_label=LABELS_ZH.get(rec.status, rec.status), finding_ids=rec.finding_ids, officials_hidden=not show,
        responsible_on_due_date=_officials(rec, "on_due_date") if show else [],
        responsible_now=_officials(rec, "current") if show else [],
        objection_ids=[o.id for o in services.objections_of(session, rec)],
        repair_ids=[a.id for a in services.repair_applications(session, rec)])
    return data


def present_objection(session: Session, obj: Objection) -> dict[str, Any]:
    data = {c: getattr(obj, c) for c in (
        "id", "record_id", "filed_by_id", "filer_kind", "official_id", "enterprise_id", "grounds", "requested",
        "status", "received_at", "received_on", "answer_due", "answer_due_error", "verified_at",
        "verification_note", "answered_at", "answered_on", "outcome", "answer", "changes")}
    data["overdue"] = (obj.status != ObjectionStatus.answered and obj.answer_due is not None
                       and obj.answer_due < clock.today())
    data["attachments"] = evidence.of(session, "objection", obj.id)
    return data


def present_repair(session: Session, app: RepairApplication) -> dict[str, Any]:
    data = {c: getattr(app, c) for c in (
        "id", "record_id", "applicant_id", "commitment", "statement", "interest_payment_ids", "case", "status",
        "filed_on", "decided_by_id", "decided_on", "decision_reason")}
    data["attachments"] = evidence.of(session, "repair", app.id)
    return data


def present_public(session: Session, rec: DishonestyRecord) -> dict[str, Any]:
    """What anyone may read: agency, facts, basis, dates; officials only if the policy says so."""
    agency = session.get(Agency, rec.agency_id)
    contract = session.get(Contract, rec.contract_id) if rec.contract_id else None
    names = policy.officials_visible_to("public")
    return {
        "id": rec.id, "agency": agency, "contract_code": contract.code if contract else None,
        "contract_title": contract.title if contract else None, "category": rec.category,
        "category_label": LABELS_ZH.get(rec.category, rec.category), "severity": rec.severity,
        "severity_label": LABELS_ZH.get(rec.severity, rec.severity), "facts": rec.facts,
        "legal_basis": rec.legal_basis, "status": rec.status, "status_label": LABELS_ZH.get(rec.status, rec.status),
        "decided_on": rec.decided_on, "publicity_start": rec.publicity_start, "publicity_end": rec.publicity_end,
        "responsible_officials": [{"role": o.role, "name": o.name, "post": o.post}
                                  for o in rec.officials if o.capacity == "on_due_date"] if names else [],
    }


def public_query(args: dict[str, Any]):  # type: ignore[no-untyped-def]
    stmt = services.public_records()
    if args.get("agency_id") is not None:
        stmt = stmt.where(DishonestyRecord.agency_id == args["agency_id"])
    if args.get("category"):
        stmt = stmt.where(DishonestyRecord.category == args["category"])
    if args.get("region_code"):
        stmt = stmt.join(Agency, Agency.id == DishonestyRecord.agency_id).where(
            Agency.region_code.startswith(args["region_code"]))
    return stmt


def _decider() -> Any:
    return requires(Permission.records_decide)


def _record_for_decision(record_id: int, user: Any) -> DishonestyRecord:
    """The record to decide on; 403 for a decider who works for the agency it is about (回避)."""
    rec = db.session.get(DishonestyRecord, record_id)
    if rec is None:
        raise NotFound("record")
    require_not_own(user, rec.agency_id)
    return rec


# ---- records ----------------------------------------------------------------------------------
@blp.route("/records")
class Records(MethodView):
    @blp.arguments(RecordQuerySchema, location="query")
    @blp.response(200, RecordSchema(many=True))
    @blp.paginate()
    def get(self, args, pagination_parameters):  # type: ignore[no-untyped-def]
        """List the dishonesty records I may see (失信记录), newest first."""
        user = requires(Permission.records_read)
        stmt = services.visible_records(user)
        for key in ("status", "agency_id", "contract_id", "severity", "category"):
            if args.get(key) is not None:
                stmt = stmt.where(getattr(DishonestyRecord, key) == args[key])
        rows = page(db.session, stmt.order_by(DishonestyRecord.id.desc()), pagination_parameters)
        return [present(db.session, r, user) for r in rows]

    @blp.arguments(RecordProposeSchema)
    @blp.response(201, RecordSchema)
    def post(self, data):  # type: ignore[no-untyped-def]
        """Propose a record from findings about one contract (拟记入); facts and basis drafted if omitted."""
        user = _decider()
        findings = []
        for fid in dict.fromkeys(data["finding_ids"]):  # a finding named twice backs the record once
            f = db.session.get(Finding, fid)
            if f is None:  # a body naming what does not exist is refused beside the field, as elsewhere
                raise DomainError.field("finding_ids", f"发现 {fid} 不存在", f"finding {fid} does not exist")
            findings.append(f)
            require_not_own(user, f.agency_id)
        rec = services.propose_from_findings(db.session, findings, origin="manual", user_id=user.id,
                                             **{k: data[k] for k in ("category", "severity", "facts", "legal_basis")
                                                if k in data})
        db.commit()
        return present(db.session, rec, user)


@blp.route("/records/escalate")
class Escalate(MethodView):
    @blp.arguments(RecordEscalateSchema)
    @blp.response(200, RecordEscalatedSchema)
    def post(self, data):  # type: ignore[no-untyped-def]
        """Escalate findings whose rectification deadline passed uncured into proposed records."""
        _decider()
        as_of = data.get("as_of") or clock.today()
        created = services.escalate_overdue(db.session, as_of)
        db.commit()
        return {"as_of": as_of, "created": [r.id for r in created]}


@blp.route("/records/<int:record_id>")
class RecordItem(MethodView):
    @blp.response(200, RecordSchema)
    def get(self, record_id: int):  # type: ignore[no-untyped-def]
        """One record."""
        user = authenticated()
        return present(db.session, services.get_record(db.session, user, record_id), user)


@blp.route("/records/<int:record_id>/publish")
class Publish(MethodView):
    @blp.arguments(RecordPublishSchema)
    @blp.response(200, RecordSchema)
    def post(self, data, record_id: int):  # type: ignore[no-untyped-def]
        """认定并公示: decide a proposed record; the publicity period counts from the decision date."""
        user = _decider()
        rec = services.publish(db.session, _record_for_decision(record_id, user), user_id=user.id, **data)
        db.commit()
        return present(db.session, rec, user)


@blp.route("/records/<int:record_id>/amend")
class Amend(MethodView):
    @blp.arguments(RecordAmendSchema)
    @blp.response(200, RecordSchema)
    def post(self, data, record_id: int):  # type: ignore[no-untyped-def]
        """Amend a proposed record or correct (更正) a public one, with a reason."""
        user = _decider()
        rec = services.amend(db.session, _record_for_decision(record_id, user), data["changes"], reason=data["reason"],
                             user_id=user.id)
        db.commit()
        return present(db.session, rec, user)


@blp.route("/records/<int:record_id>/dismiss")
class Dismiss(MethodView):
    @blp.arguments(RecordReasonSchema)
    @blp.response(200, RecordSchema)
    def post(self, data, record_id: int):  # type: ignore[no-untyped-def]
        """不予认定: drop a proposed record, with a reason."""
        user = _decider()
        rec = services.dismiss(db.session, _record_for_decision(record_id, user), reason=data["reason"], user_id=user.id)
        db.commit()
        return present(db.session, rec, user)


@blp.route("/records/<int:record_id>/exempt")
class Exempt(MethodView):
    @blp.arguments(RecordExemptSchema)
    @blp.response(200, RecordSchema)
    def post(self, data, record_id: int):  # type: ignore[no-untyped-def]
        """容错纠错: exempt a proposed record, with its grounds and basis."""
        user = _decider()
        rec = services.exempt(db.session, _record_for_decision(record_id, user), grounds=data["grounds"],
                              basis=data["basis"], user_id=user.id)
        db.commit()
        return present(db.session, rec, user)


@blp.route("/records/<int:record_id>/revoke")
class Revoke(MethodView):
    @blp.arguments(RecordReasonSchema)
    @blp.response(200, RecordSchema)
    def post(self, data, record_id: int):  # type: ignore[no-untyped-def]
        """撤销: take a public record down; it stays, marked, with the reason."""
        user = _decider()
        rec = services.revoke(db.session, _record_for_decision(record_id, user), reason=data["reason"], user_id=user.id)
        db.commit()
        return present(db.session, rec, user)


# ---- objections -------------------------------------------------------------------------------
@blp.route("/records/<int:record_id>/objections")
class RecordObjections(MethodView):
    @blp.response(200, ObjectionSchema(many=True))
    def get(self, record_id: int):  # type: ignore[no-untyped-def]
        """The objections to a record."""
        user = authenticated()
        rec = services.get_record(db.session, user, record_id)
        rows = db.session.scalars(services.visible_objections(user).where(Objection.record_id == rec.id)
                                  .order_by(Objection.id)).all()
        return [present_objection(db.session, o) for o in rows]

    @blp.arguments(ObjectionCreateSchema)
    @blp.response(201, ObjectionSchema)
    def post(self, data, record_id: int):  # type: ignore[no-untyped-def]
        """异议: the agency, a named official or the enterprise objects to a published record."""
        user = requires(Permission.objections_file)
        rec = services.get_record(db.session, user, record_id)
        obj = services.file_objection(db.session, rec, user, **data)
        db.commit()
        return present_objection(db.session, obj)


@blp.route("/objections")
class Objections(MethodView):
    @blp.arguments(ObjectionQuerySchema, location="query")
    @blp.response(200, ObjectionSchema(many=True))
    @blp.paginate()
    def get(self, args, pagination_parameters):  # type: ignore[no-untyped-def]
        """Objections I may see; ``overdue=true`` lists those past their answer deadline."""
        user = authenticated()
        stmt = services.visible_objections(user)
        if args.get("status"):
            stmt = stmt.where(Objection.status == args["status"])
        if args.get("record_id") is not None:
            stmt = stmt.where(Objection.record_id == args["record_id"])
        if args.get("overdue") is not None:
            late = ((Objection.status != ObjectionStatus.answered) & Objection.answer_due.is_not(None)
                    & (Objection.answer_due < clock.today()))  # an unknown deadline is not missed
            stmt = stmt.where(late if args["overdue"] else ~late)
        rows = page(db.session, stmt.order_by(Objection.id.desc()), pagination_parameters)
        return [present_objection(db.session, o) for o in rows]


@blp.route("/objections/<int:objection_id>")
class ObjectionItem(MethodView):
    @blp.response(200, ObjectionSchema)
    def get(self, objection_id: int):  # type: ignore[no-untyped-def]
        """One objection."""
        return present_objection(db.session, services.get_objection(db.session, authenticated(), objection_id))


@blp.route("/objections/<int:objection_id>/verify")
class ObjectionVerify(MethodView):
    @blp.arguments(ObjectionVerifySchema)
    @blp.response(200, ObjectionSchema)
    def post(self, data, objection_id: int):  # type: ignore[no-untyped-def]
        """核查: start verifying an objection."""
        user = _decider()
        obj = services.get_objection(db.session, user, objection_id)
        require_not_own(user, obj.record.agency_id)
        obj = services.verify_objection(db.session, obj, user_id=user.id, note=data["note"])
        db.commit()
        return present_objection(db.session, obj)


@blp.route("/objections/<int:objection_id>/answer")
class ObjectionAnswer(MethodView):
    @blp.arguments(ObjectionAnswerSchema)
    @blp.response(200, ObjectionSchema)
    def post(self, data, objection_id: int):  # type: ignore[no-untyped-def]
        """答复: uphold, correct (with the changes) or revoke the record."""
        user = _decider()
        obj = services.get_objection(db.session, user, objection_id)
        require_not_own(user, obj.record.agency_id)
        obj = services.answer_objection(db.session, obj, user_id=user.id, outcome=data["outcome"], answer=data["answer"],
                                        changes=data.get("changes"))
        db.commit()
        return present_objection(db.session, obj)


# ---- credit repair ----------------------------------------------------------------------------
@blp.route("/records/<int:record_id>/repair")
class Repair(MethodView):
    @blp.response(200, RepairSchema(many=True))
    def get(self, record_id: int):  # type: ignore[no-untyped-def]
        """The repair applications of a record, each with the remedy the registry shows."""
        user = authenticated()
        rec = services.get_record(db.session, user, record_id)
        return [present_repair(db.session, a) for a in services.repair_applications(db.session, rec)]

    @blp.arguments(RepairCreateSchema)
    @blp.response(201, RepairSchema)
    def post(self, data, record_id: int):  # type: ignore[no-untyped-def]
        """信用修复申请: the agency applies, with a public credit commitment; payments make the case."""
        user = requires(Permission.repairs_apply)
        rec = services.get_record(db.session, user, record_id)
        app = services.apply_for_repair(db.session, rec, user, **data)
        db.commit()
        return present_repair(db.session, app)


@blp.route("/records/<int:record_id>/repair/<int:application_id>/decision")
class RepairDecision(MethodView):
    @blp.arguments(RepairDecisionSchema)
    @blp.response(200, RepairSchema)
    def post(self, data, record_id: int, application_id: int):  # type: ignore[no-untyped-def]
        """Grant (the record ends early) or refuse (with a reason) a repair application."""
        user = _decider()
        app = db.session.get(RepairApplication, application_id)
        if app is None or app.record_id != record_id:
            raise NotFound("repair application")
        require_not_own(user, app.record.agency_id)
        app = services.decide_repair(db.session, app, approve=data["approve"], reason=data.get("reason"),
                                     user_id=user.id)
        db.commit()
        return present_repair(db.session, app)


# ---- evidence ---------------------------------------------------------------------------------
@blp.route("/evidence")
class Evidence(MethodView):
    @blp.arguments(EvidenceUploadSchema, location="files")
    @blp.response(201, EvidenceSchema)
    @blp.error(413, "the file exceeds MAX_UPLOAD_MB")
    def post(self, files):  # type: ignore[no-untyped-def]
        """Upload an evidence file (证据材料) to attach to an objection, repair application or complaint."""
        user = authenticated()
        f = files["file"]
        att = evidence.store(db.session, user_id=user.id, filename=f.filename or "", stream=f.stream,
                             content_type=f.mimetype, upload_dir=current_app.config["UPLOAD_DIR"],
                             max_bytes=int(current_app.config["MAX_UPLOAD_MB"]) * 1024 * 1024)
        db.commit()
        return att


@blp.route("/evidence/<int:attachment_id>")
class EvidenceItem(MethodView):
    @blp.files(*sorted(set(evidence.MEDIA_TYPES.values())), "application/octet-stream",
               description="the file, as the type its suffix names")
    def get(self, attachment_id: int):  # type: ignore[no-untyped-def]
        """Download an evidence file (its uploader, or whoever may see what it is attached to)."""
        user = authenticated()
        att = evidence.get(db.session, attachment_id)
        if not evidence.may_read(db.session, user, att):
            raise NotFound("attachment")
        path = evidence.blob_path(current_app.config["UPLOAD_DIR"], att.sha256)
        if not path.exists():
            raise NotFound("attachment file")
        return send_file(path, mimetype=evidence.media_type(att.filename), as_attachment=True,
                         download_name=att.filename)


# ---- public -----------------------------------------------------------------------------------
@blp.route("/public/records")
class PublicRecords(MethodView):
    @blp.doc(security=[])
    @blp.arguments(PublicQuerySchema, location="query")
    @blp.response(200, PublicRecordSchema(many=True))
    @blp.paginate()
    def get(self, args, pagination_parameters):  # type: ignore[no-untyped-def]
        """公示: published records in their publicity period; no token needed, no personal data."""
        rows = page(db.session, public_query(args), pagination_parameters)
        return [present_public(db.session, r) for r in rows]

