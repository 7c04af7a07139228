"""API: agencies, officials and enterprises (/api/v1/agencies, /officials, /enterprises)."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from sqlalchemy import Select, or_, select
from sqlalchemy.orm import aliased

from contracts.access.current import authenticated, requires
from contracts.access.permissions import Permission
from contracts.core.api import Blueprint
from contracts.core.db import db
from contracts.core.enums import Role
from contracts.core.errors import NotFound
from contracts.core.schemas import page_of
from contracts.organisations import services
from contracts.organisations.models import Agency, Enterprise, Official
from contracts.organisations.schemas import (
    AgencyPatchSchema,
    AgencyQuerySchema,
    AgencySchema,
    EnterprisePatchSchema,
    EnterpriseQuerySchema,
    EnterpriseSchema,
    OfficialPatchSchema,
    OfficialQuerySchema,
    OfficialSchema,
)
from contracts.registry.models import ContractParty
from contracts.responsibility.models import Responsibility

blp = Blueprint("organisations_api", __name__, url_prefix="/api/v1",
                description="Agencies, officials and enterprises (政府部门、公务员、企业)")


@blp.before_request
def _signed_in() -> None:
    """Every endpoint here needs a signed-in user: 401 comes before the body is even read."""
    authenticated()


def _like(q: str) -> str:
    return "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _my_contracts(user: Any) -> Select:
    return select(ContractParty.contract_id).where(ContractParty.enterprise_id == user.enterprise_id)


def _visible_enterprises(user: Any, stmt: Select) -> Select:
    """An enterprise account sees itself and its co-parties; everyone else sees all."""
    if user.role != Role.enterprise:
        return stmt
    party = aliased(ContractParty)
    co_parties = select(party.enterprise_id).where(party.contract_id.in_(_my_contracts(user)))
    return stmt.where(or_(Enterprise.id == user.enterprise_id, Enterprise.id.in_(co_parties)))


def _visible_officials(user: Any, stmt: Select) -> Select:
    """An enterprise account sees the officials responsible for its contracts."""
    if user.role != Role.enterprise:
        return stmt
    responsible = select(Responsibility.official_id).where(Responsibility.contract_id.in_(_my_contracts(user)))
    return stmt.where(Official.id.in_(responsible))


def _get(model: type, obj_id: int, user: Any, what: str) -> Any:
    stmt = select(model).where(model.id == obj_id)
    if model is Enterprise:
        stmt = _visible_enterprises(user, stmt)
    elif model is Official:
        stmt = _visible_officials(user, stmt)
    obj = db.session.scalar(stmt)
    if obj is None:
        raise NotFound(what)
    return obj


# ---- agencies ---------------------------------------------------------------------------------
@blp.route("/agencies")
class Agencies(MethodView):
    @blp.arguments(AgencyQuerySchema, location="query")
    @blp.response(200, AgencySchema(many=True))
    @blp.paginate()
    def get(self, args: dict[str, Any], pagination_parameters: Any):  # type: ignore[no-untyped-def]
        """List agencies (政府部门), filtered by name/code, region or parent."""
        requires(Permission.registry_read)
        stmt = select(Agency).order_by(Agency.id)
        if args.get("q"):
            stmt = stmt.where(or_(Agency.name.ilike(_like(args["q"]), escape="\\"), Agency.uscc == args["q"].upper()))
        if args.get("region_code"):
            stmt = stmt.where(Agency.region_code.startswith(args["region_code"]))
        if "parent_id" in args:
            stmt = stmt.where(Agency.parent_id == args["parent_id"])
        return page_of(db.session, stmt, pagination_parameters)

    @blp.arguments(AgencySchema)
    @blp.response(201, AgencySchema)
    def post(self, data: dict[str, Any]):  # type: ignore[no-untyped-def]
        """Register an agency."""
        requires(Permission.parties_write)
        agency = services.create_agency(db.session, **data)
        db.commit()
        return agency


@blp.route("/agencies/<int:agency_id>")
class AgencyItem(MethodView):
    @blp.response(200, AgencySchema)
    def get(self, agency_id: int):  # type: ignore[no-untyped-def]
        """One agency."""
        return _get(Agency, agency_id, requires(Permission.registry_read), "agency")

    @blp.arguments(AgencyPatchSchema(partial=True))
    @blp.response(200, AgencySchema)
    def patch(self, data: dict[str, Any], agency_id: int):  # type: ignore[no-untyped-def]
        """Correct an agency's name, code, region, level or parent."""
        user = requires(Permission.parties_write)
        agency = _get(Agency, agency_id, user, "agency")
        services.update(db.session, agency, data)
        db.commit()
        return agency


# ---- officials --------------------------------------------------------------------------------
@blp.route("/officials")
class Officials(MethodView):
    @blp.arguments(OfficialQuerySchema, location="query")
    @blp.response(200, OfficialSchema(many=True))
    @blp.paginate()
    def get(self, args: dict[str, Any], pagination_parameters: Any):  # type: ignore[no-untyped-def]
        """List officials (公务员), by agency or name."""
        user = requires(Permission.registry_read)
        stmt = _visible_officials(user, select(Official).order_by(Official.id))
        if args.get("q"):
            stmt = stmt.where(Official.name.ilike(_like(args["q"]), escape="\\"))
        if "agency_id" in args:
            stmt = stmt.where(Official.agency_id == args["agency_id"])
        return page_of(db.session, stmt, pagination_parameters)

    @blp.arguments(OfficialSchema)
    @blp.response(201, OfficialSchema)
    def post(self, data: dict[str, Any]):  # type: ignore[no-untyped-def]
        """Register an official of an agency."""
        requires(Permission.parties_write)
        official = services.create_official(db.session, **data)
        db.commit()
        return official


@blp.route("/officials/<int:official_id>")
class OfficialItem(MethodView):
    @blp.response(200, OfficialSchema)
    def get(self, official_id: int):  # type: ignore[no-untyped-def]
        """One official."""
        return _get(Official, official_id, requires(Permission.registry_read), "official")

    @blp.arguments(OfficialPatchSchema(partial=True))
    @blp.response(200, OfficialSchema)
    def patch(self, data: dict[str, Any], official_id: int):  # type: ignore[no-untyped-def]
        """Change an official's name, agency, post, e-mail or active flag (history stays in responsibilities)."""
        user = requires(Permission.parties_write)
        official = _get(Official, official_id, user, "official")
        services.update(db.session, official, data)
        db.commit()
        return official


# ---- enterprises ------------------------------------------------------------------------------
@blp.route("/enterprises")
class Enterprises(MethodView):
    @blp.arguments(EnterpriseQuerySchema, location="query")
    @blp.response(200, EnterpriseSchema(many=True))
    @blp.paginate()
    def get(self, args: dict[str, Any], pagination_parameters: Any):  # type: ignore[no-untyped-def]
        """List enterprises (企业), by name, code or SME flag."""
        user = requires(Permission.registry_read)
        stmt = _visible_enterprises(user, select(Enterprise).order_by(Enterprise.id))
        if args.get("q"):
            stmt = stmt.where(Enterprise.name.ilike(_like(args["q"]), escape="\\"))
        if args.get("uscc"):
            stmt = stmt.where(Enterprise.uscc == args["uscc"].strip().upper())
        if "is_sme" in args:
            stmt = stmt.where(Enterprise.is_sme.is_(args["is_sme"]))
        return page_of(db.session, stmt, pagination_parameters)

    @blp.arguments(EnterpriseSchema)
    @blp.response(201, EnterpriseSchema)
    def post(self, data: dict[str, Any]):  # type: ignore[no-untyped-def]
        """Register an enterprise."""
        requires(Permission.parties_write)
        enterprise = services.create_enterprise(db.session, **data)
        db.commit()
        return enterprise


@blp.route("/enterprises/<int:enterprise_id>")
class EnterpriseItem(MethodView):
    @blp.response(200, EnterpriseSchema)
    def get(self, enterprise_id: int):  # type: ignore[no-untyped-def]
        """One enterprise."""
        return _get(Enterprise, enterprise_id, requires(Permission.registry_read), "enterprise")

    @blp.arguments(EnterprisePatchSchema(partial=True))
    @blp.response(200, EnterpriseSchema)
    def patch(self, data: dict[str, Any], enterprise_id: int):  # type: ignore[no-untyped-def]
        """Correct an enterprise's name, code, SME flag or e-mail."""
        user = requires(Permission.parties_write)
        enterprise = _get(Enterprise, enterprise_id, user, "enterprise")
        services.update(db.session, enterprise, data)
        db.commit()
        return enterprise
