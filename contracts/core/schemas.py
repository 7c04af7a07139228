"""Shared marshmallow building blocks: bilingual messages, money, percent, dates, paging (校验字段).

Every API schema builds on ``BaseSchema`` and the fields here, so a refused request names the field
and says what is wrong in Chinese and English. ``parse_money`` and friends are plain functions so the
spreadsheet importer validates cells with exactly the same rules as the JSON API.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any, NoReturn

import flask_smorest.pagination
from flask_smorest.fields import Upload as _Upload
from marshmallow import EXCLUDE, RAISE, Schema, ValidationError, fields, post_load, validate
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session
from webargs.flaskparser import FlaskParser, abort

from contracts.core.errors import msg

MAX_MONEY = Decimal("9999999999999999.99")  # Numeric(18, 2)
MAX_ID = 2**31 - 1  # the database's keys are 32-bit integers (PostgreSQL ``integer``)
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
SCIENTIFIC = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)[eE][+-]?\d+$")
GROUPED = re.compile(r"^[+-]?\d{1,3}([,，]\d{3})+(\.\d*)?$")  # 1,234,567.50: commas between thousands only
HUNDRED = Decimal(100)

REQUIRED = msg("必填字段", "missing data for required field")
NULL = msg("不能为空", "field may not be null")
NUL_CHARACTER = msg("不能包含空字符（U+0000）", "must not contain the NUL character (U+0000)")
INVALID = msg("取值无效", "invalid value")
ID_RANGE = msg(f"编号应为1到{MAX_ID}之间的整数", f"an id is a whole number from 1 to {MAX_ID}")


def parse_money(value: Any, *, grouping: bool = False) -> Decimal:
    """A yuan amount: a number with at most two decimal places, not negative (ValueError otherwise).

    Strings (``"1200.50"``), whole numbers and JSON numbers are accepted; with ``grouping`` (text a
    person or a spreadsheet wrote) the thousands separators spreadsheets write (``1,200.50``) are
    too, and scientific notation is refused: ``1.23457E+11`` is how a spreadsheet shows a long
    number it has rounded, and a CSV export keeps the rounding. A program's ``"1e3"`` is exact.
    """
    if isinstance(value, bool) or value is None:
        raise ValueError(msg("金额应为数字，如 \"1200.00\"", "not a valid amount; write a number such as \"1200.00\""))
    if isinstance(value, date | time):  # a spreadsheet cell formatted as a date
        raise ValueError(msg(f"金额应为数字，不是日期：{value}", f"an amount is a number, not a date: {value}"))
    if isinstance(value, float):
        value = _float_text(value)
    if isinstance(value, str):
        value = value.strip()
        if grouping and ("," in value or "，" in value):
            if not GROUPED.match(value):
                raise ValueError(msg(f"千分位分隔符位置不对：{value}（应每三位一个逗号，如 1,234.50）",
                                     f"misplaced thousands separator in {value!r}: a comma every three digits, "
                                     "as in 1,234.50"))
            value = value.replace(",", "").replace("，", "")
        if value.startswith("+"):
            value = value[1:]
        if grouping and SCIENTIFIC.match(value):  # 1.23457E+11: a spreadsheet's display, digits lost
            raise ValueError(msg(f"金额请写全数字，不要用科学计数法：{value}（表格中请将单元格设为数值格式）",
                                 f"write the amount in full, not in scientific notation: {value} (in a "
                                 "spreadsheet, format the cell as a number)"))
    try:
        amount = Decimal(value)
    except (InvalidOperation, ValueError, TypeError):
        raise ValueError(msg(f"金额应为数字：{value}", f"not a valid amount: {value!r}")) from None
    if not amount.is_finite():
        raise ValueError(msg("金额应为有限数字", "the amount must be a finite number"))
    if amount < 0:
        raise ValueError(msg("金额不能为负数", "the amount cannot be negative"))
    if amount.as_tuple().exponent < -2:  # type: ignore[operator]
        raise ValueError(msg("金额最多保留两位小数（元、角、分）", "an amount has at most two decimal places"))
    if amount > MAX_MONEY:
        raise ValueError(msg("金额过大", "the amount is too large"))
    return amount.quantize(Decimal("0.01"))


def _float_text(value: float) -> str:
    """A binary float as the decimal it stands for: its shortest repr (1234.56), or where that has
    more than two places only as binary noise (1000.1 − 200.2 = 799.9000000000001, a spreadsheet's
    computed cell) the 15 significant digits a spreadsheet shows (799.9). A true fraction of a cent
    (370.368) stays as it is, to be refused."""
    text = repr(value)
    shown = format(value, ".15g")
    if "e" not in shown and Decimal(shown).as_tuple().exponent >= -2 > Decimal(text).as_tuple().exponent:  # type: ignore[operator]
        return shown
    return text


def parse_percent(value: Any) -> Decimal:
    """A percentage from 0 to 100 with at most four decimal places (ValueError otherwise)."""
    if isinstance(value, bool) or value is None:
        raise ValueError(msg("百分比应为数字", "not a valid percent"))
    if isinstance(value, date | time):  # a spreadsheet cell formatted as a date
        raise ValueError(msg(f"百分比应为数字，不是日期：{value}", f"a percent is a number, not a date: {value}"))
    if isinstance(value, float):
        value = repr(value)
    if isinstance(value, str):
        value = value.strip().removesuffix("%").strip()
    try:
        pct = Decimal(value)
    except (InvalidOperation, ValueError, TypeError):
        raise ValueError(msg(f"百分比应为数字：{value}", f"not a valid percent: {value!r}")) from None
    if not pct.is_finite() or not (0 <= pct <= HUNDRED):
        raise ValueError(msg("百分比应在0到100之间", "percent must be between 0 and 100"))
    if pct != pct.quantize(Decimal("0.0001")):
        raise ValueError(msg("百分比最多保留四位小数", "percent has at most four decimal places"))
    return pct


def parse_date(value: Any) -> date:
    """An ISO date (YYYY-MM-DD); a spreadsheet's date cell (midnight datetime) is accepted too."""
    if isinstance(value, datetime):
        if value.time() != datetime.min.time():
            raise ValueError(msg("日期不应包含时间", "a date must not carry a time of day"))
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and ISO_DATE.match(value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(no_such_day(value.strip())) from None
    raise ValueError(msg(f"日期格式应为 YYYY-MM-DD：{value}", f"not an ISO date (YYYY-MM-DD): {value!r}"))


def no_such_day(value: str) -> str:
    """The message for a well-formed date the calendar does not have (2026-02-30)."""
    return msg(f"日历上没有这一天：{value}", f"no such day in the calendar: {value}")


def parse_id(value: Any) -> int:
    """A database key typed in a form or a query string: digits only, 1 to ``MAX_ID`` (ValueError
    naming the value otherwise).

    A larger number is no key at all; sent to the database it fails in the driver instead.
    """
    raw = str(value).strip()
    if not raw.isascii() or not raw.isdigit():
        raise ValueError(msg(f"编号应为整数：{raw}", f"an id is a whole number: {raw}"))
    number = int(raw)
    if not 1 <= number <= MAX_ID:
        raise ValueError(msg(f"编号应为1到{MAX_ID}之间的整数：{raw}", f"an id is a whole number from 1 to {MAX_ID}: {raw}"))
    return number


def format_percent(value: Decimal | None) -> str | None:
    """``30.0000`` → ``"30"``, ``2.5000`` → ``"2.5"``."""
    if value is None:
        return None
    return format(value.normalize(), "f")


# ---- fields -----------------------------------------------------------------------------------
class _Bilingual:
    default_error_messages = {"required": REQUIRED, "null": NULL, "validator_failed": INVALID}


class Str(_Bilingual, fields.String):
    """Text. The NUL character and lone surrogates are refused beside the field: PostgreSQL's text
    cannot hold the one nor UTF-8 the other, so they would otherwise fail in the driver (500)."""

    default_error_messages = {"invalid": msg("应为文本", "not a valid string"),
                              "invalid_utf8": msg("不是有效的UTF-8文本", "not valid UTF-8 text"),
                              "nul": NUL_CHARACTER}

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        if "\x00" in text:
            raise self.make_error("nul")
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate ("\ud800" in JSON): no database can store it
            raise self.make_error("invalid_utf8") from None
        return text


class Int(_Bilingual, fields.Integer):
    """A whole number: 1.5 is refused, where marshmallow's Integer would silently take it for 1."""

    default_error_messages = {"invalid": msg("应为整数", "not a valid whole number"),
                              "too_large": msg("数字过大", "number too large")}

    def _validated(self, value: Any) -> int:
        if isinstance(value, float) and not value.is_integer():
            raise self.make_error("invalid")
        return super()._validated(value)


class Id(Int):
    """A database key (编号) in a body or a query: a whole number from 1 to ``MAX_ID``.

    Every id a request carries is one of these, so a number too large for the database's keys is
    refused beside its field (422) instead of failing in the driver (500); the route converter
    ``monitor.app.DatabaseId`` bounds the ids in paths the same way.
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.validators.insert(0, validate.Range(min=1, max=MAX_ID, error=ID_RANGE))


class Bool(_Bilingual, fields.Boolean):
    default_error_messages = {"invalid": msg("应为 true 或 false", "not a valid boolean")}


class Date(_Bilingual, fields.Date):
    """An ISO calendar date written YYYY-MM-DD (not the basic form 20240315)."""

    default_error_messages = {"invalid": msg("日期格式应为 YYYY-MM-DD", "not a valid ISO date (YYYY-MM-DD)"),
                              "format": msg("无法格式化日期", "cannot format the date")}

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> date:
        if not isinstance(value, str) or not ISO_DATE.match(value.strip()):
            raise self.make_error("invalid")
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            raise ValidationError(no_such_day(value.strip())) from None


class DateTime(_Bilingual, fields.DateTime):
    default_error_messages = {"invalid": msg("时间格式无效", "not a valid datetime")}


class List(_Bilingual, fields.List):
    default_error_messages = {"invalid": msg("应为列表", "not a valid list")}


class Nested(_Bilingual, fields.Nested):
    default_error_messages = {"type": msg("应为对象", "not a valid object")}


class Dict(_Bilingual, fields.Dict):
    default_error_messages = {"invalid": msg("应为对象", "not a valid mapping")}


class Raw(_Bilingual, fields.Raw):
    pass


class Upload(_Bilingual, _Upload):
    """A file in a multipart form."""


def _documented(kwargs: dict[str, Any], **doc: Any) -> dict[str, Any]:
    """``kwargs`` with ``doc`` (OpenAPI keywords) under the field's metadata, which apispec copies
    into the description; what the caller wrote in ``metadata`` wins."""
    return {**kwargs, "metadata": {**doc, **kwargs.get("metadata", {})}}


class Money(_Bilingual, fields.Field):
    """Yuan as a string with two places on output; on input at most two places, never negative.

    Documented as what it prints (a string with two places), which is also what a request should
    send; a bare number is taken too, as spreadsheets and older scripts send it."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**_documented(kwargs, type="string", pattern=r"^[0-9]{1,16}\.[0-9]{2}$", example="1200.00"))

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> str | None:
        return None if value is None else f"{Decimal(value):.2f}"

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Decimal:
        try:
            return parse_money(value)
        except ValueError as exc:
            raise ValidationError(str(exc)) from None


class Percent(_Bilingual, fields.Field):
    """A share of the contract amount, 0–100, as a string on output."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**_documented(kwargs, type="string", pattern=r"^[0-9]{1,3}(\.[0-9]{1,4})?$", example="30"))

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> str | None:
        return format_percent(value)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Decimal:
        try:
            return parse_percent(value)
        except ValueError as exc:
            raise ValidationError(str(exc)) from None


class DecimalText(_Bilingual, fields.Decimal):
    """A figure that is not money (a rate, a score, a weight) as a decimal string with ``places``
    places, documented as such: marshmallow's Decimal says "number" in the OpenAPI description
    even when it prints a string."""

    default_error_messages = {"invalid": msg("应为数字", "not a valid number"),
                              "special": msg("应为有限数字", "must be a finite number")}

    def __init__(self, places: int | None = None, **kwargs: Any) -> None:
        digits = r"(\.[0-9]+)?" if places is None else (rf"\.[0-9]{{{places}}}" if places else "")
        super().__init__(places=places, as_string=True, **_documented(kwargs, type="string", pattern=rf"^-?[0-9]+{digits}$"))


def one_of(choices: Sequence[str]) -> validate.OneOf:
    """A OneOf validator with a bilingual message listing the choices."""
    listed = ", ".join(choices)
    return validate.OneOf(list(choices), error=msg(f"取值应为以下之一：{listed}", f"must be one of: {listed}"))


def length(lo: int | None = None, hi: int | None = None) -> validate.Length:
    if lo and hi:
        text = msg(f"长度应为{lo}到{hi}个字符", f"length must be {lo} to {hi} characters")
    elif hi:
        text = msg(f"最多{hi}个字符", f"at most {hi} characters")
    else:
        text = msg(f"至少{lo}个字符", f"at least {lo} characters")
    return validate.Length(min=lo, max=hi, error=text)


def not_blank(value: str) -> None:
    if not value or not value.strip():
        raise ValidationError(msg("不能为空白", "must not be blank"))


def int_range(lo: int, hi: int) -> validate.Range:
    return validate.Range(min=lo, max=hi, error=msg(f"应在{lo}到{hi}之间", f"must be between {lo} and {hi}"))


class BaseSchema(Schema):
    """Input schemas refuse unknown fields; messages are bilingual."""

    class Meta:
        unknown = RAISE

    error_messages = {"unknown": msg("未知字段", "unknown field"),
                      "type": msg("请求体应为JSON对象", "the body must be a JSON object")}


class ErrorSchema(Schema):
    """Every error the API answers (flask-smorest's shape): ``{"code": 422, "status": "Unprocessable
    Entity", "errors": {"json": {"amount": ["中文 / English"]}}}``.

    ``errors`` is keyed by where the refused value came from (``json``, ``query``, ``form``,
    ``files``); under it each field's messages (``_schema`` for the request as a whole), or for a
    body that could not be read at all the messages themselves. An error without a field (an
    unknown path, a method not allowed) has no ``errors``; a server error has an ``error_id`` to
    quote and a ``message``.
    """

    code = Int(required=True, metadata={"description": "the HTTP status"})
    status = Str(required=True, metadata={"description": "the HTTP status's name"})
    errors = Dict(keys=Str(), values=Raw(metadata={"anyOf": [
        {"type": "object", "additionalProperties": True,
         "description": "field → messages (or, for a nested field, its own fields)"},
        {"type": "array", "items": {"type": "string"}}]}),
        metadata={"description": "messages by where the value came from: json, query, form, files"})
    message = Str()
    error_id = Str(metadata={"description": "a server error's id, for the logs"})


# ---- paging -----------------------------------------------------------------------------------
def _paging_parameters(def_page: int, def_page_size: int, def_max_page_size: int) -> type[Schema]:
    """flask-smorest's ``page`` and ``page_size`` query parameters, refused in both languages.

    flask-smorest (pinned to 0.47) builds this schema in a module-level factory that ``paginate()``
    calls as each list endpoint is declared and offers no other hook; this replacement is the same
    schema with the project's bilingual fields (tests/foundation/test_bilingual_errors.py).
    """

    class PaginationParametersSchema(BaseSchema):
        class Meta:
            unknown = EXCLUDE

        page = Int(load_default=def_page,
                   validate=validate.Range(min=1, error=msg("页码应为正整数", "the page is a whole number from 1")))
        page_size = Int(load_default=def_page_size, validate=int_range(1, def_max_page_size))

        @post_load
        def make_paginator(self, data: dict[str, int], **kwargs: Any) -> Any:
            return flask_smorest.pagination.PaginationParameters(**data)

    return PaginationParametersSchema


flask_smorest.pagination._pagination_parameters_schema_factory = _paging_parameters


# ---- request bodies ---------------------------------------------------------------------------
INVALID_JSON = msg("请求体不是有效的JSON", "the body is not valid JSON")


class _Parser(FlaskParser):
    """webargs' parser for the API's ``@blp.arguments``, with a JSON body it cannot read refused in both
    languages (400 beside ``json``). A body nested deeper than Python's recursion limit (``[[[[…``) is
    unreadable too: webargs let its RecursionError through as a 500."""

    def load_json(self, req: Any, schema: Schema) -> Any:
        try:
            return super().load_json(req, schema)
        except RecursionError as exc:
            return self._handle_invalid_json_error(exc, req)  # type: ignore[arg-type]

    def _handle_invalid_json_error(self, error: Exception, req: Any, *args: Any, **kwargs: Any) -> NoReturn:
        abort(400, exc=error, messages={"json": [INVALID_JSON]})


# Every API blueprint is a flask_smorest.Blueprint that declares its arguments after importing this
# module (through its schemas), so they all parse with this one.
flask_smorest.Blueprint.ARGUMENTS_PARSER = _Parser()


def page_of(session: Session, stmt: Select, pagination: Any) -> list[Any]:
    """One page of ``stmt``'s rows (``rows_of_page``); sets the total for flask-smorest's X-Pagination header."""
    rows, pagination.item_count = rows_of_page(session, stmt, pagination.page, pagination.page_size, scalars=True)
    return rows


def last_page(total: int, page_size: int) -> int:
    """The number of the last page of ``total`` rows (1 when there are none)."""
    return max(1, -(-total // page_size))


def rows_of_page(session: Session, stmt: Select, page: int, page_size: int, *,
                 last_if_past_end: bool = False, scalars: bool = False) -> tuple[list[Any], int]:
    """The rows (or with ``scalars`` the first column's values) of page ``page`` of ``stmt``
    (ordered) and how many rows there are in all.

    A page past the end is empty, as the API's lists answer it; with ``last_if_past_end`` it is
    the last page, as the workbench's lists show it. However far the page, no OFFSET overflows.
    """
    total = session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0
    last = last_page(total, page_size)
    if page > last:
        if not last_if_past_end:
            return [], total
        page = last
    paged = stmt.limit(page_size).offset((page - 1) * page_size)
    return list(session.scalars(paged) if scalars else session.execute(paged)), total


def page_of_list(items: Sequence[Any], pagination: Any) -> list[Any]:
    """One page of an already computed list."""
    pagination.item_count = len(items)
    return list(items[pagination.first_item: pagination.first_item + pagination.page_size])
