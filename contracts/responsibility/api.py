"""API: responsibility history and handovers (/contracts/{id}/responsibilities,
/officials/{id}/responsibilities) — 项目责任回溯."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from contracts.access.current import authenticated, requires
from contracts.access.permissions import Permission
from contracts.access.scope import get_contract, visible_contracts
from contracts.core.api import Blueprint
from contracts.core.db import db
from contracts.core.enums import Role
from contracts.core.errors import NotFound
from contracts.core.schemas import page_of_list
from contracts.organisations.models import Official
from contracts.registry.models import Contract
from contracts.responsibility import services
from contracts.responsibility.models import Responsibility
from contracts.responsibility.schemas import (
    HandoverResultSchema,
    HandoverSchema,
    OfficialResponsibilitySchema,
    ResponsibilityQuerySchema,
    ResponsibilitySchema,
)

blp = Blueprint("responsibility_api", __name__, url_prefix="/api/v1",
                description="Responsibility history and handovers (责任分工与交接)")


@blp.before_request
def _signed_in() -> None:
    """Every endpoint here needs a signed-in user: 401 comes before the body is even read."""
    authenticated()

_COLUMNS = [c.key for c in Responsibility.__mapper__.column_attrs]


@blp.route("/contracts/<int:contract_id>/responsibilities")
class ContractResponsibilities(MethodView):
    @blp.arguments(ResponsibilityQuerySchema, location="query")
    @blp.response(200, ResponsibilitySchema(many=True))
    @blp.paginate()
    def get(self, args: dict[str, Any], contract_id: int, pagination_parameters: Any):  # type: ignore[no-untyped-def]
        """The whole history; with ``on=YYYY-MM-DD`` (and ``role``), who held the role(s) on that date."""
        contract = get_contract(db.session, requires(Permission.registry_read), contract_id)
        if "on" in args:
            rows = services.on_date(db.session, contract.id, args["on"], args.get("role"), args.get("obligation_id"))
        else:
            rows = [r for r in services.history_of_contract(db.session, contract.id)
                    if (not args.get("role") or r.role == args["role"])
                    and ("obligation_id" not in args or r.obligation_id == args["obligation_id"])]
        return page_of_list(rows, pagination_parameters)

    @blp.arguments(ResponsibilitySchema)
    @blp.response(201, ResponsibilitySchema)
    def post(self, data: dict[str, Any], contract_id: int):  # type: ignore[no-untyped-def]
        """Give a role to an official from a date (a role someone holds now needs a handover)."""
        user = requires(Permission.registry_read)
        contract = get_contract(db.session, user, contract_id, write=True)
        row = services.assign(db.session, contract, user_id=user.id, **data)
        db.commit()
        return row


@blp.route("/contracts/<int:contract_id>/responsibilities/<int:responsibility_id>")
class ResponsibilityItem(MethodView):
    @blp.response(200, ResponsibilitySchema)
    def get(self, contract_id: int, responsibility_id: int):  # type: ignore[no-untyped-def]
        """One tenure."""
        get_contract(db.session, requires(Permission.registry_read), contract_id)
        row = db.session.get(Responsibility, responsibility_id)
        if row is None or row.contract_id != contract_id:
            raise NotFound("responsibility")
        return row


@blp.route("/contracts/<int:contract_id>/responsibilities/handover")
class Handover(MethodView):
    @blp.arguments(HandoverSchema)
    @blp.response(201, HandoverResultSchema)
    def post(self, data: dict[str, Any], contract_id: int):  # type: ignore[no-untyped-def]
        """交接: end the current holder's tenure and start the next one, in one transaction."""
        user = requires(Permission.registry_read)
        contract = get_contract(db.session, user, contract_id, write=True)
        ended, started = services.handover(db.session, contract, user_id=user.id, **data)
        db.commit()
        return {"ended": ended, "started": started}


@blp.route("/officials/<int:official_id>/responsibilities")
class OfficialResponsibilities(MethodView):
    @blp.response(200, OfficialResponsibilitySchema(many=True))
    @blp.paginate()
    def get(self, official_id: int, pagination_parameters: Any):  # type: ignore[no-untyped-def]
        """Everything an official was responsible for, with dates (on the contracts I may see)."""
        user = requires(Permission.registry_read)
        official = db.session.get(Official, official_id)
        if official is None:
            raise NotFound("official")
        stmt = visible_contracts(user, select(Responsibility, Contract)
                                 .join(Contract, Contract.id == Responsibility.contract_id)
                                 .options(joinedload(Responsibility.official))
                                 .where(Responsibility.official_id == official.id)
                                 .order_by(Responsibility.start, Responsibility.id))
        rows = [{k: getattr(r, k) for k in _COLUMNS} | {"official": r.official, "contract": c}
                for r, c in db.session.execute(stmt)]
        if not rows and user.role == Role.enterprise:
            raise NotFound("official")
        return page_of_list(rows, pagination_parameters)
