"""Request and response shapes for notifications, deliveries and webhook endpoints (预警通知)."""

from __future__ import annotations

from marshmallow import EXCLUDE, RAISE, Schema, fields, validate

from contracts.core.schemas import Id
from monitor.alerts.models import AlertEvent, DeliveryStatus, WebhookFormat


class NotificationQuerySchema(Schema):
    class Meta:
        unknown = EXCLUDE

    event = fields.Str(validate=validate.OneOf(list(AlertEvent)))
    subject_type = fields.Str(validate=validate.OneOf(["finding", "record", "complaint", "objection", "repair"]))
    subject_id = Id()
    recipient_key = fields.Str()
    delivery_status = fields.Str(validate=validate.OneOf(list(DeliveryStatus)))


class DeliveryAttemptSchema(Schema):
    id = fields.Int()
    at = fields.DateTime()
    ok = fields.Bool()
    status_code = fields.Int(allow_none=True)
    error = fields.Str(allow_none=True)
    duration_ms = fields.Int()


class DeliverySchema(Schema):
    id = fields.Int()
    channel = fields.Str()
    target = fields.Str()
    digest = fields.Bool()
    status = fields.Str()
    attempts = fields.Int()
    max_attempts = fields.Int()
    next_attempt_at = fields.DateTime(allow_none=True)
    last_error = fields.Str(allow_none=True)
    sent_at = fields.DateTime(allow_none=True)
    created_at = fields.DateTime()
    attempt_log = fields.List(fields.Nested(DeliveryAttemptSchema))


class NotificationSchema(Schema):
    id = fields.Int()
    event = fields.Str()
    event_key = fields.Str()
    recipient_key = fields.Str()
    recipient_type = fields.Str()
    recipient_id = fields.Int()
    recipient_name = fields.Str()
    email = fields.Str(allow_none=True)
    agency_id = fields.Int(allow_none=True)
    contract_id = fields.Int(allow_none=True)
    subject_type = fields.Str()
    subject_id = fields.Int()
    title = fields.Str()
    body = fields.Str()
    payload = fields.Dict()
    digest = fields.Bool()
    created_at = fields.DateTime()
    deliveries = fields.List(fields.Nested(DeliverySchema))


class WebhookEndpointSchema(Schema):
    id = fields.Int(dump_only=True)
    name = fields.Str(required=True, validate=validate.Length(min=1, max=120))
    url = fields.Str(required=True, validate=validate.Length(min=1, max=1000))
    format = fields.Str(load_default=WebhookFormat.generic, validate=validate.OneOf(list(WebhookFormat)))
    secret = fields.Str(load_only=True, load_default=None, allow_none=True, validate=validate.Length(max=200))
    has_secret = fields.Bool(dump_only=True)
    events = fields.List(fields.Str(validate=validate.OneOf(list(AlertEvent))), load_default=list)
    agency_id = Id(load_default=None, allow_none=True)
    digest = fields.Bool(load_default=False)
    active = fields.Bool(load_default=True)
    created_at = fields.DateTime(dump_only=True)

    class Meta:
        unknown = RAISE


class WebhookEndpointPatchSchema(Schema):
    class Meta:
        unknown = RAISE

    name = fields.Str(validate=validate.Length(min=1, max=120))
    url = fields.Str(validate=validate.Length(min=1, max=1000))
    format = fields.Str(validate=validate.OneOf(list(WebhookFormat)))
    secret = fields.Str(allow_none=True, validate=validate.Length(max=200))
    events = fields.List(fields.Str(validate=validate.OneOf(list(AlertEvent))))
    agency_id = Id(allow_none=True)
    digest = fields.Bool()
    active = fields.Bool()


class AlertScanSchema(Schema):
    class Meta:
        unknown = RAISE

    as_of = fields.Date(load_default=None)


class AlertScanResultSchema(Schema):
    as_of = fields.Date()
    created = fields.Dict(keys=fields.Str(), values=fields.Int())
