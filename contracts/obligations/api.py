"""API: obligations, events and payments (/contracts/{id}/obligations, /contracts/{id}/events,
/obligations/{id}, /obligations/{id}/payments)."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from sqlalchemy import select

from contracts.access.current import authenticated, requires
from contracts.access.permissions import Permission
from contracts.access.scope import get_contract
from contracts.core import clock
from contracts.core.api import Blueprint
from contracts.core.db import db
from contracts.core.enums import ObligationStatus
from contracts.core.errors import NotFound
from contracts.core.schemas import page_of
from contracts.obligations import services
from contracts.obligations.models import ContractEvent, Obligation, Payment
from contracts.obligations.schemas import (
    EventCorrectionSchema,
    EventSchema,
    FulfilSchema,
    ObligationQuerySchema,
    ObligationSchema,
    ObligationUpdateSchema,
    PaymentSchema,
)

blp = Blueprint("obligations_api", __name__, url_prefix="/api/v1",
                description="Obligations, events and payments (履约义务、履约事件、付款记录)")


@blp.before_request
def _signed_in() -> None:
    """Every endpoint here needs a signed-in user: 401 comes before the body is even read."""
    authenticated()


def obligation_for(user: Any, obligation_id: int, *, write: bool = False) -> Obligation:
    """The obligation if its contract is visible to ``user`` (else 404); with ``write``, changeable."""
    ob = db.session.get(Obligation, obligation_id)
    if ob is None:
        raise NotFound("obligation")
    try:
        get_contract(db.session, user, ob.contract_id, write=write)
    except NotFound:
        raise NotFound("obligation") from None
    return ob


# ---- obligations ------------------------------------------------------------------------------
@blp.route("/contracts/<int:contract_id>/obligations")
class ContractObligations(MethodView):
    @blp.arguments(ObligationQuerySchema, location="query")
    @blp.response(200, ObligationSchema(many=True))
    @blp.paginate()
    def get(self, args: dict[str, Any], contract_id: int, pagination_parameters: Any):  # type: ignore[no-untyped-def]
        """A contract's obligations with due dates, paid and outstanding amounts."""
        contract = get_contract(db.session, requires(Permission.registry_read), contract_id)
        stmt = select(Obligation).where(Obligation.contract_id == contract.id)
        for name in ("status", "kind", "debtor"):
            if args.get(name):
                stmt = stmt.where(getattr(Obligation, name) == args[name])
        if "overdue" in args:
            # a due date not known yet is not late: without the IS NOT NULL the row would be in neither list
            late = ((Obligation.status == ObligationStatus.open) & Obligation.due_date.is_not(None)
                    & (Obligation.due_date < clock.today()))
            stmt = stmt.where(late if args["overdue"] else ~late)
        stmt = stmt.order_by(Obligation.due_date.is_(None), Obligation.due_date, Obligation.id)
        return page_of(db.session, stmt, pagination_parameters)

    @blp.arguments(ObligationSchema)
    @blp.response(201, ObligationSchema)
    def post(self, data: dict[str, Any], contract_id: int):  # type: ignore[no-untyped-def]
        """Add an obligation; its due date is derived as soon as its event is known."""
        user = requires(Permission.registry_read)
        contract = get_contract(db.session, user, contract_id, write=True)
        ob = services.add_obligation(db.session, contract, user_id=user.id, **data)
        db.commit()
        return ob


@blp.route("/obligations/<int:obligation_id>")
class ObligationItem(MethodView):
    @blp.response(200, ObligationSchema)
    def get(self, obligation_id: int):  # type: ignore[no-untyped-def]
        """One obligation."""
        return obligation_for(requires(Permission.registry_read), obligation_id)

    @blp.arguments(ObligationUpdateSchema)
    @blp.response(200, ObligationSchema)
    def patch(self, data: dict[str, Any], obligation_id: int):  # type: ignore[no-untyped-def]
        """Correct an obligation, or cancel / reopen it."""
        ob = obligation_for(requires(Permission.registry_read), obligation_id, write=True)
        services.update_obligation(db.session, ob, data)
        db.commit()
        return ob


@blp.route("/obligations/<int:obligation_id>/fulfilment")
class ObligationFulfilment(MethodView):
    @blp.arguments(FulfilSchema)
    @blp.response(200, ObligationSchema)
    def post(self, data: dict[str, Any], obligation_id: int):  # type: ignore[no-untyped-def]
        """Mark a non-money obligation (land handover, approval…) fulfilled on a date."""
        ob = obligation_for(requires(Permission.registry_read), obligation_id, write=True)
        services.fulfil(db.session, ob, on=data["on"], note=data["note"])
        db.commit()
        return ob


# ---- events -----------------------------------------------------------------------------------
@blp.route("/contracts/<int:contract_id>/events")
class ContractEvents(MethodView):
    @blp.response(200, EventSchema(many=True))
    @blp.paginate()
    def get(self, contract_id: int, pagination_parameters: Any):  # type: ignore[no-untyped-def]
        """A contract's recorded events, in date order."""
        contract = get_contract(db.session, requires(Permission.registry_read), contract_id)
        stmt = (select(ContractEvent).where(ContractEvent.contract_id == contract.id)
                .order_by(ContractEvent.occurred_on, ContractEvent.id))
        return page_of(db.session, stmt, pagination_parameters)

    @blp.arguments(EventSchema)
    @blp.response(201, EventSchema)
    def post(self, data: dict[str, Any], contract_id: int):  # type: ignore[no-untyped-def]
        """Record an event (验收合格 on a date); the due dates hanging on it are derived."""
        user = requires(Permission.registry_read)
        contract = get_contract(db.session, user, contract_id, write=True)
        ev = services.record_event(db.session, contract, data["type"], data["occurred_on"],
                                   evidence=data["evidence"], user_id=user.id)
        db.commit()
        return ev


def _event(contract_id: int, event_id: int) -> ContractEvent:
    ev = db.session.get(ContractEvent, event_id)
    if ev is None or ev.contract_id != contract_id:
        raise NotFound("event")
    return ev


@blp.route("/contracts/<int:contract_id>/events/<int:event_id>")
class EventItem(MethodView):
    @blp.response(200, EventSchema)
    def get(self, contract_id: int, event_id: int):  # type: ignore[no-untyped-def]
        """One event."""
        get_contract(db.session, requires(Permission.registry_read), contract_id)
        return _event(contract_id, event_id)

    @blp.arguments(EventCorrectionSchema)
    @blp.response(200, EventSchema)
    def patch(self, data: dict[str, Any], contract_id: int, event_id: int):  # type: ignore[no-untyped-def]
        """Correct an event's date, with a reason; due dates are re-derived."""
        get_contract(db.session, requires(Permission.registry_read), contract_id, write=True)
        ev = services.correct_event(db.session, _event(contract_id, event_id), data["occurred_on"],
                                    reason=data["reason"])
        db.commit()
        return ev


# ---- payments ---------------------------------------------------------------------------------
@blp.route("/obligations/<int:obligation_id>/payments")
class ObligationPayments(MethodView):
    @blp.response(200, PaymentSchema(many=True))
    @blp.paginate()
    def get(self, obligation_id: int, pagination_parameters: Any):  # type: ignore[no-untyped-def]
        """The payments made against an obligation."""
        ob = obligation_for(requires(Permission.registry_read), obligation_id)
        stmt = select(Payment).where(Payment.obligation_id == ob.id).order_by(Payment.paid_on, Payment.id)
        return page_of(db.session, stmt, pagination_parameters)

    @blp.arguments(PaymentSchema)
    @blp.response(201, PaymentSchema)
    def post(self, data: dict[str, Any], obligation_id: int):  # type: ignore[no-untyped-def]
        """Record a payment (partial payments allowed; overpayment refused)."""
        user = requires(Permission.registry_read)
        ob = obligation_for(user, obligation_id, write=True)
        payment = services.record_payment(db.session, ob, amount=data["amount"], paid_on=data["paid_on"],
                                          voucher=data["voucher"], user_id=user.id)
        db.commit()
        return payment


@blp.route("/obligations/<int:obligation_id>/payments/<int:payment_id>")
class PaymentItem(MethodView):
    @blp.response(200, PaymentSchema)
    def get(self, obligation_id: int, payment_id: int):  # type: ignore[no-untyped-def]
        """One payment."""
        obligation_for(requires(Permission.registry_read), obligation_id)
        payment = db.session.get(Payment, payment_id)
        if payment is None or payment.obligation_id != obligation_id:
            raise NotFound("payment")
        return payment
