"""API: notifications with their delivery attempts, webhook endpoints, scans and retries (预警通知)."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from sqlalchemy import select

from contracts.access.permissions import Permission
from contracts.core import clock
from contracts.core.api import Blueprint
from contracts.core.db import db
from contracts.core.errors import NotFound
from monitor.alerts import services
from monitor.alerts.models import Delivery, DeliveryItem, Notification, WebhookEndpoint
from monitor.alerts.schemas import (
    AlertScanResultSchema,
    AlertScanSchema,
    DeliverySchema,
    NotificationQuerySchema,
    NotificationSchema,
    WebhookEndpointPatchSchema,
    WebhookEndpointSchema,
)
from monitor.auth.current import authenticated, requires
from monitor.records.paging import page

blp = Blueprint("alerts_api", __name__, url_prefix="/api/v1",
                description="Notifications, deliveries and webhooks (预警通知与推送)")


def present_delivery(d: Delivery) -> dict[str, Any]:
    data = {k: getattr(d, k) for k in ("id", "channel", "target", "digest", "status", "attempts", "max_attempts",
                                       "next_attempt_at", "last_error", "sent_at", "created_at")}
    data["attempt_log"] = d.attempt_rows
    return data


def present(n: Notification) -> dict[str, Any]:
    data = {k: getattr(n, k) for k in (
        "id", "event", "event_key", "recipient_key", "recipient_type", "recipient_id", "recipient_name", "email",
        "agency_id", "contract_id", "subject_type", "subject_id", "title", "body", "payload", "digest", "created_at")}
    data["deliveries"] = [present_delivery(i.delivery) for i in n.items]
    return data


def present_endpoint(ep: WebhookEndpoint) -> dict[str, Any]:
    data = {k: getattr(ep, k) for k in ("id", "name", "url", "format", "events", "agency_id", "digest", "active",
                                        "created_at")}
    data["has_secret"] = bool(ep.secret)
    return data


@blp.route("/notifications")
class Notifications(MethodView):
    @blp.arguments(NotificationQuerySchema, location="query")
    @blp.response(200, NotificationSchema(many=True))
    @blp.paginate()
    def get(self, args, pagination_parameters):  # type: ignore[no-untyped-def]
        """Notifications I may see, newest first, each with its deliveries and their attempts."""
        user = authenticated()
        stmt = services.visible_notifications(user)
        for key in ("event", "subject_type", "subject_id", "recipient_key"):
            if args.get(key) is not None:
                stmt = stmt.where(getattr(Notification, key) == args[key])
        if args.get("delivery_status"):
            stmt = stmt.where(Notification.id.in_(
                select(DeliveryItem.notification_id).join(Delivery, Delivery.id == DeliveryItem.delivery_id)
                .where(Delivery.status == args["delivery_status"])))
        rows = page(db.session, stmt.order_by(Notification.id.desc()), pagination_parameters)
        return [present(n) for n in rows]


@blp.route("/notifications/<int:notification_id>")
class NotificationItem(MethodView):
    @blp.response(200, NotificationSchema)
    def get(self, notification_id: int):  # type: ignore[no-untyped-def]
        """One notification."""
        n = db.session.scalar(services.visible_notifications(authenticated())
                              .where(Notification.id == notification_id))
        if n is None:
            raise NotFound("notification")
        return present(n)


@blp.route("/notifications/scan")
class Scan(MethodView):
    @blp.arguments(AlertScanSchema)
    @blp.response(200, AlertScanResultSchema)
    def post(self, data):  # type: ignore[no-untyped-def]
        """Derive the due notifications now (the periodic job does this hourly); repeating it is harmless."""
        requires(Permission.alerts_manage)
        as_of = data.get("as_of") or clock.today()
        created = services.scan(db.session, as_of)
        db.commit()
        return {"as_of": as_of, "created": created}


@blp.route("/deliveries/<int:delivery_id>/retry")
class Retry(MethodView):
    @blp.response(200, DeliverySchema)
    def post(self, delivery_id: int):  # type: ignore[no-untyped-def]
        """Send a failed delivery again (its earlier attempts are kept)."""
        requires(Permission.alerts_manage)
        d = db.session.get(Delivery, delivery_id)
        if d is None:
            raise NotFound("delivery")
        services.retry_delivery(db.session, d)
        db.commit()
        db.session.refresh(d)
        return present_delivery(d)


@blp.route("/webhooks")
class Webhooks(MethodView):
    @blp.response(200, WebhookEndpointSchema(many=True))
    def get(self):  # type: ignore[no-untyped-def]
        """The configured webhook endpoints (secrets are never shown)."""
        requires(Permission.alerts_manage)
        return [present_endpoint(e) for e in db.session.scalars(select(WebhookEndpoint).order_by(WebhookEndpoint.id))]

    @blp.arguments(WebhookEndpointSchema)
    @blp.response(201, WebhookEndpointSchema)
    def post(self, data):  # type: ignore[no-untyped-def]
        """Add a webhook: generic JSON, a WeCom (企业微信) or a DingTalk (钉钉) group robot."""
        user = requires(Permission.alerts_manage)
        ep = services.create_endpoint(db.session, user_id=user.id, **data)
        db.commit()
        return present_endpoint(ep)


@blp.route("/webhooks/<int:endpoint_id>")
class WebhookItem(MethodView):
    @blp.response(200, WebhookEndpointSchema)
    def get(self, endpoint_id: int):  # type: ignore[no-untyped-def]
        requires(Permission.alerts_manage)
        return present_endpoint(services.get_endpoint(db.session, endpoint_id))

    @blp.arguments(WebhookEndpointPatchSchema)
    @blp.response(200, WebhookEndpointSchema)
    def patch(self, data, endpoint_id: int):  # type: ignore[no-untyped-def]
        """Change a webhook; ``active: false`` stops it (endpoints are kept for the delivery history)."""
        requires(Permission.alerts_manage)
        ep = services.update_endpoint(db.session, services.get_endpoint(db.session, endpoint_id), data)
        db.commit()
        return present_endpoint(ep)
