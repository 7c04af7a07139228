"""Schemas of obligations (履约义务), contract events (履约事件) and payments (付款记录)."""

from __future__ import annotations

from typing import Any

from marshmallow import ValidationError, fields, validates_schema

from contracts.core import clock
from contracts.core.enums import Debtor, DueUnit, EventType, ObligationKind, ObligationStatus
from contracts.core.errors import msg
from contracts.core.schemas import (
    BaseSchema,
    Bool,
    Date,
    DateTime,
    Int,
    Money,
    Nested,
    Percent,
    Str,
    int_range,
    length,
    not_blank,
    one_of,
)


class DueSchema(BaseSchema):
    """A due rule: ``{"date": D}`` or ``{"event": E, "offset": N, "unit": U}`` (the extraction JSON shape)."""

    date = Date(allow_none=True)
    event = Str(allow_none=True, validate=one_of(list(EventType)))
    offset = Int(allow_none=True, strict=True, validate=int_range(0, 3650))
    unit = Str(allow_none=True, validate=one_of(list(DueUnit)))

    @validates_schema
    def _complete(self, data: dict[str, Any], **_: Any) -> None:
        rule = {k: v for k, v in data.items() if v is not None}
        if "date" in rule:
            extra = sorted(set(rule) - {"date"})
            if extra:
                raise ValidationError({k: [msg("固定日期与事件期限不能同时填写",
                                               "give either a fixed date or an event rule, not both")] for k in extra})
            return
        errors: dict[str, list[str]] = {}
        if "event" not in rule:
            errors["event"] = [msg("请填写固定日期（date）或起算事件（event）", "give a fixed date or an event")]
        if "offset" not in rule:
            errors["offset"] = [msg("事件期限缺少天数（offset）", "an event rule needs an offset")]
        if "unit" not in rule:
            errors["unit"] = [msg("事件期限缺少单位（unit：day/working_day/month）",
                                  "an event rule needs a unit (day, working_day, month)")]
        if errors:
            raise ValidationError(errors)


class DueRule(Nested):
    """Loads through DueSchema; dumps the model's ``due`` (already in the extraction JSON shape)."""

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        return value

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        if not isinstance(value, dict):  # "2025-03-01" or 30: the rule is an object, not the body
            raise self.make_error("type")
        return super()._deserialize(value, attr, data, **kwargs)


def _overdue(ob: Any) -> bool:
    return ob.status == ObligationStatus.open and ob.due_date is not None and ob.due_date < clock.today()


class ObligationSchema(BaseSchema):
    """履约义务: amount or percent of the contract, due rule, derived due date, paid and outstanding."""

    id = Int(dump_only=True)
    contract_id = Int(dump_only=True)
    debtor = Str(load_default=Debtor.government.value, validate=one_of(list(Debtor)))
    kind = Str(required=True, validate=one_of(list(ObligationKind)))
    description = Str(load_default="", validate=length(hi=500))
    amount = Money(allow_none=True, load_default=None)
    percent = Percent(allow_none=True, load_default=None, metadata={"description": "share of the contract amount, 0–100"})
    due = DueRule(DueSchema, required=True, metadata={
        "description": '{"date": "YYYY-MM-DD"} or {"event": "acceptance", "offset": 10, "unit": "working_day"}'})
    due_date = Date(dump_only=True, allow_none=True, metadata={"description": "derived; null until its event is recorded"})
    due_date_error = Str(dump_only=True, allow_none=True)
    paid = Money(dump_only=True, attribute="paid_total")
    outstanding = Money(dump_only=True, allow_none=True, metadata={"description": "null when the obligation has no amount"})
    status = Str(dump_only=True)
    overdue = fields.Function(_overdue, dump_only=True)
    fulfilled_on = Date(dump_only=True, allow_none=True)
    delay_reason = Str(allow_none=True, load_default=None, validate=length(hi=300))
    source = Str(dump_only=True)
    document_id = Int(dump_only=True, allow_none=True)
    source_page = Int(dump_only=True, allow_none=True)
    source_text = Str(dump_only=True, allow_none=True)
    confirmed_by_id = Int(dump_only=True, allow_none=True)
    created_at = DateTime(dump_only=True)


class ObligationUpdateSchema(BaseSchema):
    """Corrections: amount or percent, due rule, description, delay reason, debtor, or cancel/reopen."""

    debtor = Str(validate=one_of(list(Debtor)))
    description = Str(validate=length(hi=500))
    amount = Money(allow_none=True)
    percent = Percent(allow_none=True)
    due = DueRule(DueSchema)
    delay_reason = Str(allow_none=True, validate=length(hi=300))
    status = Str(validate=one_of([ObligationStatus.open.value, ObligationStatus.cancelled.value]))


class ObligationQuerySchema(BaseSchema):
    status = Str(validate=one_of(list(ObligationStatus)))
    kind = Str(validate=one_of(list(ObligationKind)))
    debtor = Str(validate=one_of(list(Debtor)))
    overdue = Bool()


class FulfilSchema(BaseSchema):
    """A non-money obligation (land, approval…) done on a date."""

    on = Date(required=True)
    note = Str(load_default="", validate=length(hi=500))


class EventSchema(BaseSchema):
    """履约事件: signing, award_notice, delivery, acceptance… on a date, with its evidence."""

    id = Int(dump_only=True)
    contract_id = Int(dump_only=True)
    type = Str(required=True, validate=one_of(list(EventType)))
    occurred_on = Date(required=True)
    evidence = Str(load_default="", validate=length(hi=500))
    recorded_by_id = Int(dump_only=True, allow_none=True)
    created_at = DateTime(dump_only=True)


class EventCorrectionSchema(BaseSchema):
    """A corrected event date, with the reason kept in the audit trail."""

    occurred_on = Date(required=True)
    reason = Str(required=True, validate=[length(1, 500), not_blank])


class PaymentSchema(BaseSchema):
    """付款记录: money actually paid against an obligation."""

    id = Int(dump_only=True)
    obligation_id = Int(dump_only=True)
    amount = Money(required=True)
    paid_on = Date(required=True)
    voucher = Str(load_default="", validate=length(hi=120), metadata={"description": "凭证号"})
    recorded_by_id = Int(dump_only=True, allow_none=True)
    created_at = DateTime(dump_only=True)
