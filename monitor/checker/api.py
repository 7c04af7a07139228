"""API: the rule catalogue, findings and their actions, check runs (/api/v1/rules, /findings, /checks)."""

from __future__ import annotations

import dataclasses
from typing import Any

from flask.views import MethodView
from sqlalchemy import func, select

from contracts.access.permissions import Permission, require
from contracts.core import clock
from contracts.core.api import Blueprint
from contracts.core.db import db
from contracts.core.enums import Role
from contracts.core.errors import Forbidden, NotFound
from contracts.core.schemas import page_of, page_of_list
from monitor.auth.current import authenticated
from monitor.checker import params, services
from monitor.checker.models import CheckRun, Finding, FindingState
from monitor.checker.rules import BY_ID, CATALOGUE, Rule
from monitor.checker.schemas import (
    ActionSchema,
    CheckQuerySchema,
    CheckRequestSchema,
    CheckRunSchema,
    FindingDetailSchema,
    FindingQuerySchema,
    FindingSchema,
    ParametersInSchema,
    RuleQuerySchema,
    RuleSchema,
)

blp = Blueprint("checker_api", __name__, url_prefix="/api/v1",
                description="Compliance rules, findings and check runs (合规规则、发现与检查)")

INTEREST = BY_ID["late_payment_interest"]
COLUMNS = tuple(c.key for c in Finding.__table__.columns)


# ---- rules --------------------------------------------------------------------------------------
def present_rule(rule: Rule, settings: dict[str, params.Setting], active: int) -> dict[str, Any]:
    parameters = [{"name": p.name, "value": p.dump(settings[p.name].value), "default": p.dump(p.parse(p.default)),
                   "source": settings[p.name].source, "type": p.type, "description_zh": p.zh,
                   "description_en": p.en} for p in rule.all_params]
    return {
        "id": rule.id, "title_zh": rule.title_zh, "title_en": rule.title_en, "description_zh": rule.description_zh,
        "description_en": rule.description_en, "kinds": sorted(rule.kinds), "severity": rule.severity,
        "subject": rule.subject, "enabled": bool(settings["enabled"].value) if "enabled" in settings else True,
        "legal_basis": [{"regulation": b.regulation, "article": b.article, "version": b.version,
                         "in_force_from": b.in_force_from, "in_force_to": b.in_force_to,
                         "kinds": sorted(b.kinds) if b.kinds else None, "confidence": b.confidence,
                         "citation": b.citation} for b in rule.bases],
        "parameters": parameters, "active_findings": active,
    }


def _active_counts() -> dict[str, int]:
    rows = db.session.execute(select(Finding.rule_id, func.count()).where(Finding.state.in_(FindingState.ACTIVE))
                              .group_by(Finding.rule_id)).all()
    return {rule_id: count for rule_id, count in rows}


@blp.route("/rules")
class Rules(MethodView):
    @blp.arguments(RuleQuerySchema, location="query")
    @blp.response(200, RuleSchema(many=True))
    @blp.paginate()
    def get(self, args: dict[str, Any], pagination_parameters: Any):  # type: ignore[no-untyped-def]
        """The rule catalogue with legal citations and the parameters in force (规则目录)."""
        authenticated()
        settings, counts = params.effective(db.session), _active_counts()
        rules = [r for r in CATALOGUE if not args.get("kind") or args["kind"] in r.kinds]
        return page_of_list([present_rule(r, settings[r.id], counts.get(r.id, 0)) for r in rules],
                            pagination_parameters)


@blp.route("/rules/<rule_id>")
class RuleItem(MethodView):
    @blp.response(200, RuleSchema)
    def get(self, rule_id: str):  # type: ignore[no-untyped-def]
        """One rule with its citations and parameters."""
        authenticated()
        rule = BY_ID.get(rule_id)
        if rule is None:
            raise NotFound("rule")
        return present_rule(rule, params.effective(db.session)[rule.id], _active_counts().get(rule.id, 0))


@blp.route("/rules/<rule_id>/parameters")
class RuleParameters(MethodView):
    @blp.arguments(ParametersInSchema)
    @blp.response(200, RuleSchema)
    def put(self, data: dict[str, Any], rule_id: str):  # type: ignore[no-untyped-def]
        """Override parameters of a rule for this deployment (administrators; null restores the default)."""
        user = authenticated()
        if user.role != Role.admin:
            raise Forbidden("只有管理员可以修改规则参数", "only an administrator changes rule parameters")
        settings = params.set_parameters(db.session, rule_id, data["values"], reason=data["reason"], user_id=user.id)
        db.commit()
        return present_rule(BY_ID[rule_id], settings, _active_counts().get(rule_id, 0))


# ---- findings -----------------------------------------------------------------------------------
def present(findings: list[Finding], user: Any, *, with_history: bool = False) -> list[dict[str, Any]]:
    """Findings as the API shows them: with the current holders of each role, the rule's title and
    the interest basis; enterprises do not see officials' names."""
    officials = services.shows_officials(user)
    now = services.responsible_now(db.session, findings) if officials else {}
    out = []
    for f in findings:
        row = {c: getattr(f, c) for c in COLUMNS}
        rule = BY_ID.get(f.rule_id)
        row["rule_title_zh"] = rule.title_zh if rule else f.rule_id
        row["rule_title_en"] = rule.title_en if rule else f.rule_id
        row["days_to_due"] = ((f.due_date - f.last_checked_on).days
                              if f.state == FindingState.warning and f.due_date else None)
        basis = INTEREST.basis_for(f.due_date or clock.today()) if f.interest is not None else None
        row["interest_basis"] = (f"{basis.citation}（按合同约定日利率，未约定的按每日万分之五估算）"
                                 if basis else None)
        row["responsible_on_due_date"] = f.responsible_on_due_date if officials else []
        row["responsible_now"] = now.get(f.id, [])
        if with_history:  # an enterprise sees what was done and why, not which staff did it
            row["history"] = [step if officials else dataclasses.replace(step, actor="")
                              for step in services.history(db.session, f)]
        out.append(row)
    return out


@blp.route("/findings")
class Findings(MethodView):
    @blp.arguments(FindingQuerySchema, location="query")
    @blp.response(200, FindingSchema(many=True))
    @blp.paginate()
    def get(self, args: dict[str, Any], pagination_parameters: Any):  # type: ignore[no-untyped-def]
        """Findings I may see, newest deadline first; filters: state, active, rule_id, agency_id,
        contract_id, obligation_id, severity (an enterprise sees its own contracts only)."""
        user = authenticated()
        page = page_of(db.session, services.visible_findings(user, args), pagination_parameters)
        return present(page, user)


@blp.route("/findings/<int:finding_id>")
class FindingItem(MethodView):
    @blp.response(200, FindingDetailSchema)
    def get(self, finding_id: int):  # type: ignore[no-untyped-def]
        """One finding with the officials responsible on the due date and now, and its history."""
        user = authenticated()
        return present([services.get_finding(db.session, user, finding_id)], user, with_history=True)[0]


@blp.route("/findings/<int:finding_id>/actions")
class FindingActions(MethodView):
    @blp.arguments(ActionSchema)
    @blp.response(200, FindingDetailSchema)
    def post(self, data: dict[str, Any], finding_id: int):  # type: ignore[no-untyped-def]
        """Change a finding's state: notify, rectify (with a 限期整改 deadline), escalate, explain,
        resolve, dismiss (with a reason) or reopen."""
        user = authenticated()
        finding = services.get_finding(db.session, user, finding_id)
        services.act(db.session, user, finding, data["action"], reason=data.get("reason"),
                     deadline=data.get("deadline"), explanation=data.get("explanation"))
        db.commit()
        return present([finding], user, with_history=True)[0]


# ---- check runs ---------------------------------------------------------------------------------
def _may_see_runs(user: Any) -> None:
    if getattr(user, "role", None) == Role.enterprise:
        raise Forbidden()
    require(user, Permission.findings_read)


@blp.route("/checks")
class Checks(MethodView):
    @blp.arguments(CheckQuerySchema, location="query")
    @blp.response(200, CheckRunSchema(many=True))
    @blp.paginate()
    def get(self, args: dict[str, Any], pagination_parameters: Any):  # type: ignore[no-untyped-def]
        """Check runs, newest first."""
        _may_see_runs(authenticated())
        stmt = select(CheckRun).order_by(CheckRun.id.desc())
        if args.get("status"):
            stmt = stmt.where(CheckRun.status == args["status"])
        return page_of(db.session, stmt, pagination_parameters)

    @blp.arguments(CheckRequestSchema)
    @blp.response(202, CheckRunSchema)
    def post(self, data: dict[str, Any]):  # type: ignore[no-untyped-def]
        """Start a check run as of a date (default today) as a background job; poll
        ``GET /checks/{id}`` for progress (rules_done / rules_total)."""
        user = authenticated()
        run = services.start_check(db.session, user, data.get("as_of"), full=data.get("full", False))
        db.commit()
        db.session.refresh(run)
        return run


@blp.route("/checks/<int:run_id>")
class CheckItem(MethodView):
    @blp.response(200, CheckRunSchema)
    def get(self, run_id: int):  # type: ignore[no-untyped-def]
        """One run: status, progress, how long it took and what it found."""
        _may_see_runs(authenticated())
        run = db.session.get(CheckRun, run_id)
        if run is None:
            raise NotFound("check run")
        return run
