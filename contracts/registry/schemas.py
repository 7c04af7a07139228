"""Schemas of contracts (合同) and their parties, with the fields of each kind."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from marshmallow import ValidationError, post_dump, validate

from contracts.core.enums import ContractKind, ContractStatus, PartyRole, PppStage
from contracts.core.errors import msg
from contracts.core.schemas import (
    BaseSchema,
    Bool,
    Date,
    DateTime,
    Id,
    Int,
    List,
    Money,
    Nested,
    Raw,
    Str,
    int_range,
    length,
    not_blank,
    one_of,
)
from contracts.registry.services import INT_RANGES, KIND_FIELDS, is_daily_rate

# 采购方式 (政府采购法 art. 26 and 财政部令第110号)
PROCUREMENT_METHODS = ("open_tender", "invited_tender", "competitive_negotiation", "competitive_consultation",
                       "single_source", "inquiry", "framework_agreement", "other")
# PPP operation modes (运作方式)
PPP_MODES = ("BOT", "BOO", "BOOT", "BTO", "TOT", "ROT", "ROO", "TBT", "O&M", "MC", "DBFO", "OTHER")
# 回报机制: 政府付费 / 可行性缺口补助 / 使用者付费
PPP_PAYMENT_MECHANISMS = ("government_pay", "viability_gap_funding", "user_pay")


def _daily_rate(value: Decimal) -> None:
    if not is_daily_rate(value):
        raise ValidationError(msg("日利率应在0到1之间，最多六位小数", "the daily rate is 0 to 1 with at most six places"))


class DailyRate(Raw):
    """A daily interest rate such as 0.0005 (万分之五), up to six places."""

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> str | None:
        return None if value is None else format(Decimal(value).normalize(), "f")

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Decimal:
        from decimal import InvalidOperation

        try:
            rate = Decimal(repr(value) if isinstance(value, float) else str(value).strip())
        except InvalidOperation:
            raise ValidationError(msg("日利率应为数字", "the daily rate must be a number")) from None
        if isinstance(value, bool) or not rate.is_finite():
            raise ValidationError(msg("日利率应为数字", "the daily rate must be a number"))
        _daily_rate(rate)
        return rate


class PartySchema(BaseSchema):
    """A contract's counterparty: an enterprise in a role (supplier, winning_bidder…)."""

    enterprise_id = Id(required=True)
    role = Str(required=True, validate=one_of(list(PartyRole)))


class ContractSchema(BaseSchema):
    """合同: the common fields plus those of its kind (procurement, bidding, ppp, investment)."""

    id = Int(dump_only=True)
    kind = Str(required=True, validate=one_of(list(ContractKind)))
    code = Str(required=True, validate=[length(1, 80), not_blank], metadata={"description": "合同编号"})
    title = Str(required=True, validate=[length(1, 300), not_blank])
    agency_id = Id(required=True)
    amount = Money(required=True, metadata={"description": "合同金额（元）, e.g. \"1200000.00\""})
    signed_on = Date(required=True)
    status = Str(validate=one_of(list(ContractStatus)))
    parties = List(Nested(PartySchema), required=True, validate=validate.Length(
        min=1, error=msg("至少需要一个相对方企业", "at least one counterparty is required")))
    late_interest_daily_rate = DailyRate(allow_none=True, metadata={"description": "约定逾期利率（日）"})
    acceptance_period_days = Int(allow_none=True, validate=int_range(*INT_RANGES["acceptance_period_days"]),
                                 metadata={"description": "约定验收期限（日）"})
    # 政府采购
    procurement_method = Str(allow_none=True, validate=one_of(PROCUREMENT_METHODS))
    budget_amount = Money(allow_none=True)
    award_notice_on = Date(allow_none=True, metadata={"description": "中标（成交）通知书日期"})
    published_on = Date(allow_none=True, metadata={"description": "合同公告日期"})
    filed_on = Date(allow_none=True, metadata={"description": "备案日期"})
    # 招标投标
    estimated_price = Money(allow_none=True, metadata={"description": "招标估算价"})
    bid_deposit = Money(allow_none=True, metadata={"description": "投标保证金"})
    performance_bond = Money(allow_none=True, metadata={"description": "履约保证金"})
    retention_amount = Money(allow_none=True, metadata={"description": "质量保证金"})
    defects_period_months = Int(allow_none=True, validate=int_range(*INT_RANGES["defects_period_months"]))
    # PPP
    ppp_mode = Str(allow_none=True, validate=one_of(PPP_MODES), metadata={"description": "运作方式"})
    cooperation_years = Int(allow_none=True, validate=int_range(*INT_RANGES["cooperation_years"]))
    ppp_stage = Str(allow_none=True, validate=one_of(list(PppStage)), metadata={"description": "识别/准备/采购/执行/移交"})
    ppp_launched_on = Date(allow_none=True)
    ppp_payment_mechanism = Str(allow_none=True, validate=one_of(PPP_PAYMENT_MECHANISMS))
    # 招商引资
    investment_project = Str(allow_none=True, validate=length(hi=300))
    promised_policies = Str(allow_none=True, validate=length(hi=20000), metadata={"description": "承诺的优惠政策"})

    created_at = DateTime(dump_only=True)
    updated_at = DateTime(dump_only=True)

    @post_dump(pass_original=True)
    def _only_the_kinds_fields(self, data: dict[str, Any], original: Any, **_: Any) -> dict[str, Any]:
        own = KIND_FIELDS.get(getattr(original, "kind", ""), frozenset())
        for kind_fields in KIND_FIELDS.values():
            for name in kind_fields - own:
                data.pop(name, None)
        return data


class ContractPatchSchema(ContractSchema):
    """Corrections to a contract (load with ``partial=True``); kind and agency cannot change."""


class ContractQuerySchema(BaseSchema):
    kind = Str(validate=one_of(list(ContractKind)))
    agency_id = Id()
    agency = Id(metadata={"description": "same as agency_id"})
    enterprise_id = Id()
    enterprise = Id(metadata={"description": "same as enterprise_id"})
    status = Str(validate=one_of(list(ContractStatus)))
    overdue = Bool(metadata={"description": "true: with an open obligation past its due date"})
    q = Str(metadata={"description": "part of the code or title"})
