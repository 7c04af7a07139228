"""API: contracts and their parties (/api/v1/contracts)."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from sqlalchemy import exists, or_, select
from sqlalchemy.orm import selectinload

from contracts.access.current import authenticated, requires
from contracts.access.permissions import Permission
from contracts.access.scope import get_contract, require_contract_write, visible_contracts
from contracts.core import clock
from contracts.core.api import Blueprint
from contracts.core.db import db
from contracts.core.enums import ObligationStatus
from contracts.core.schemas import page_of
from contracts.obligations.models import Obligation
from contracts.registry import services
from contracts.registry.models import Contract, ContractParty
from contracts.registry.schemas import ContractPatchSchema, ContractQuerySchema, ContractSchema

blp = Blueprint("registry_api", __name__, url_prefix="/api/v1", description="Contracts (合同台账)")


@blp.before_request
def _signed_in() -> None:
    """Every endpoint here needs a signed-in user: 401 comes before the body is even read."""
    authenticated()


def overdue_clause():  # type: ignore[no-untyped-def]
    """Contracts with an open obligation whose due date has passed (逾期未履行)."""
    return exists().where(Obligation.contract_id == Contract.id, Obligation.status == ObligationStatus.open,
                          Obligation.due_date < clock.today())


@blp.route("/contracts")
class Contracts(MethodView):
    @blp.arguments(ContractQuerySchema, location="query")
    @blp.response(200, ContractSchema(many=True))
    @blp.paginate()
    def get(self, args: dict[str, Any], pagination_parameters: Any):  # type: ignore[no-untyped-def]
        """List the contracts I may see; filters: kind, agency, enterprise, status, overdue, q."""
        user = requires(Permission.registry_read)
        stmt = visible_contracts(user, select(Contract).options(selectinload(Contract.parties)))
        if args.get("kind"):
            stmt = stmt.where(Contract.kind == args["kind"])
        agency_id = args.get("agency_id", args.get("agency"))
        if agency_id is not None:
            stmt = stmt.where(Contract.agency_id == agency_id)
        enterprise_id = args.get("enterprise_id", args.get("enterprise"))
        if enterprise_id is not None:
            stmt = stmt.where(exists().where(ContractParty.contract_id == Contract.id,
                                             ContractParty.enterprise_id == enterprise_id))
        if args.get("status"):
            stmt = stmt.where(Contract.status == args["status"])
        if "overdue" in args:
            stmt = stmt.where(overdue_clause() if args["overdue"] else ~overdue_clause())
        if args.get("q"):
            like = "%" + args["q"].replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            stmt = stmt.where(or_(Contract.code.ilike(like, escape="\\"), Contract.title.ilike(like, escape="\\")))
        stmt = stmt.order_by(Contract.signed_on.desc(), Contract.id.desc())
        return page_of(db.session, stmt, pagination_parameters)

    @blp.arguments(ContractSchema)
    @blp.response(201, ContractSchema)
    def post(self, data: dict[str, Any]):  # type: ignore[no-untyped-def]
        """Register a contract with its parties; its signing is recorded as an event."""
        user = requires(Permission.registry_write)
        require_contract_write(user, agency_id=data["agency_id"])
        contract = services.create_contract(db.session, user_id=user.id, **data)
        db.commit()
        return contract


@blp.route("/contracts/<int:contract_id>")
class ContractItem(MethodView):
    @blp.response(200, ContractSchema)
    def get(self, contract_id: int):  # type: ignore[no-untyped-def]
        """One contract (404 when it is not mine to see)."""
        return get_contract(db.session, requires(Permission.registry_read), contract_id)

    @blp.arguments(ContractPatchSchema(partial=True))
    @blp.response(200, ContractSchema)
    def patch(self, data: dict[str, Any], contract_id: int):  # type: ignore[no-untyped-def]
        """Correct a contract; kind and agency stay as registered."""
        contract = get_contract(db.session, requires(Permission.registry_read), contract_id, write=True)
        services.update_contract(db.session, contract, data)
        db.commit()
        return contract
