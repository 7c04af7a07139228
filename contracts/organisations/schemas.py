"""Schemas of agencies (政府部门), officials (公务员) and enterprises (企业)."""

from __future__ import annotations

from typing import Any

from marshmallow import ValidationError, fields, validate

from contracts.core.enums import AgencyLevel
from contracts.core.errors import msg
from contracts.core.schemas import BaseSchema, Bool, Id, Int, Str, length, not_blank, one_of
from contracts.organisations import uscc as uscc_mod


def parse_uscc(value: Any) -> str:
    """A 统一社会信用代码, normalised and checked against GB 32100-2015 (ValueError otherwise)."""
    if not isinstance(value, str):
        raise ValueError(msg("统一社会信用代码应为文本", "the unified social credit code must be text"))
    code = uscc_mod.normalise(value)
    problem = uscc_mod.problem(code)
    if problem:
        raise ValueError(msg(*problem))
    return code


class Uscc(Str):
    """统一社会信用代码: normalised (upper case, no spaces) and its check character verified."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        try:
            return parse_uscc(value)
        except ValueError as exc:
            raise ValidationError(str(exc)) from None


REGION_CODE = validate.Regexp(r"^\d{6}(\d{3}){0,2}$", error=msg(
    "行政区划代码应为6、9或12位数字", "the region code is 6, 9 or 12 digits (GB/T 2260)"))
# An address is checked by its form and by the column's width (200): a longer one is refused beside the
# field, not cut off by PostgreSQL's varchar(200) in the driver.
EMAIL = [validate.Email(error=msg("电子邮箱格式无效", "not a valid e-mail address")), length(hi=200)]


def _entity_type(obj: Any) -> str | None:
    return uscc_mod.entity_type(obj.uscc)


class AgencySchema(BaseSchema):
    """政府部门: id, name, uscc, region_code, level, parent_id."""

    id = Int(dump_only=True)
    name = Str(required=True, validate=[length(1, 200), not_blank])
    uscc = Uscc(required=True, metadata={"description": "统一社会信用代码 (GB 32100-2015)"})
    region_code = Str(required=True, validate=REGION_CODE)
    level = Str(load_default=AgencyLevel.county.value, validate=one_of(list(AgencyLevel)))
    parent_id = Id(allow_none=True, load_default=None)
    entity_type = fields.Function(_entity_type, dump_only=True,
                                  metadata={"description": "read from the code's prefix: 11 机关, 12 事业单位…"})


class AgencyPatchSchema(AgencySchema):
    """Changes to an agency (load with ``partial=True``)."""


class AgencyQuerySchema(BaseSchema):
    q = Str(metadata={"description": "part of the name or code"})
    region_code = Str()
    parent_id = Id()


class OfficialSchema(BaseSchema):
    """公务员/责任人: id, name, agency_id, post."""

    id = Int(dump_only=True)
    name = Str(required=True, validate=[length(1, 80), not_blank])
    agency_id = Id(required=True)
    post = Str(load_default="", validate=length(hi=120))
    email = Str(allow_none=True, load_default=None, validate=EMAIL)
    active = Bool(load_default=True)


class OfficialPatchSchema(OfficialSchema):
    """Changes to an official (load with ``partial=True``)."""


class OfficialQuerySchema(BaseSchema):
    q = Str()
    agency_id = Id()


class EnterpriseSchema(BaseSchema):
    """企业: id, name, uscc, is_sme."""

    id = Int(dump_only=True)
    name = Str(required=True, validate=[length(1, 200), not_blank])
    uscc = Uscc(required=True)
    is_sme = Bool(load_default=False, metadata={"description": "中小企业 as declared at signing"})
    email = Str(allow_none=True, load_default=None, validate=EMAIL)
    entity_type = fields.Function(_entity_type, dump_only=True)


class EnterprisePatchSchema(EnterpriseSchema):
    """Changes to an enterprise (load with ``partial=True``)."""


class EnterpriseQuerySchema(BaseSchema):
    q = Str()
    uscc = Str()
    is_sme = Bool()
