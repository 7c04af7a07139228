"""Request and response shapes for notifications, deliveries and webhook endpoints (预警通知)."""

from __future__ import annotations

from marshmallow import EXCLUDE, RAISE

from contracts.core.schemas import BaseSchema, Bool, Date, DateTime, Dict, Id, Int, List, Nested, Str, length, one_of
from monitor.alerts.models import AlertEvent, DeliveryStatus, WebhookFormat


class NotificationQuerySchema(BaseSchema):
    class Meta:
        unknown = EXCLUDE

    event = Str(validate=one_of(list(AlertEvent)))
    subject_type = Str(validate=one_of(["finding", "record", "complaint", "objection", "repair"]))
    subject_id = Id()
    recipient_key = Str()
    delivery_status = Str(validate=one_of(list(DeliveryStatus)))


class DeliveryAttemptSchema(BaseSchema):
    id = Int()
    at = DateTime()
    ok = Bool()
    status_code = Int(allow_none=True)
    error = Str(allow_none=True)
    duration_ms = Int()


class DeliverySchema(BaseSchema):
    id = Int()
    channel = Str()
    target = Str()
    digest = Bool()
    status = Str()
    attempts = Int()
    max_attempts = Int()
    next_attempt_at = DateTime(allow_none=True)
    last_error = Str(allow_none=True)
    sent_at = DateTime(allow_none=True)
    created_at = DateTime()
    attempt_log = List(Nested(DeliveryAttemptSchema))


class NotificationSchema(BaseSchema):
    id = Int()
    event = Str()
    event_key = Str()
    recipient_key = Str()
    recipient_type = Str()
    recipient_id = Int()
    recipient_name = Str()
    email = Str(allow_none=True)
    agency_id = Int(allow_none=True)
    contract_id = Int(allow_none=True)
    subject_type = Str()
    subject_id = Int()
    title = Str()
    body = Str()
    payload = Dict()
    digest = Bool()
    created_at = DateTime()
    deliveries = List(Nested(DeliverySchema))


class WebhookEndpointSchema(BaseSchema):
    id = Int(dump_only=True)
    name = Str(required=True, validate=length(1, 120))
    url = Str(required=True, validate=length(1, 1000))
    format = Str(load_default=WebhookFormat.generic, validate=one_of(list(WebhookFormat)))
    secret = Str(load_only=True, load_default=None, allow_none=True, validate=length(hi=200))
    has_secret = Bool(dump_only=True)
    events = List(Str(validate=one_of(list(AlertEvent))), load_default=list)
    agency_id = Id(load_default=None, allow_none=True)
    digest = Bool(load_default=False)
    active = Bool(load_default=True)
    created_at = DateTime(dump_only=True)

    class Meta:
        unknown = RAISE


class WebhookEndpointPatchSchema(BaseSchema):
    class Meta:
        unknown = RAISE

    name = Str(validate=length(1, 120))
    url = Str(validate=length(1, 1000))
    format = Str(validate=one_of(list(WebhookFormat)))
    secret = Str(allow_none=True, validate=length(hi=200))
    events = List(Str(validate=one_of(list(AlertEvent))))
    agency_id = Id(allow_none=True)
    digest = Bool()
    active = Bool()


class AlertScanSchema(BaseSchema):
    class Meta:
        unknown = RAISE

    as_of = Date(load_default=None)


class AlertScanResultSchema(BaseSchema):
    as_of = Date()
    created = Dict(keys=Str(), values=Int())
