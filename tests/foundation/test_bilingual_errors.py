"""Every refused API request says what is wrong in Chinese and English, whichever endpoint it came to:
each input schema's messages, for wrong types, missing, unknown and out-of-range fields, and the paging
parameters, carry both languages."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from marshmallow import Schema, ValidationError

CHINESE = re.compile(r"[\u4e00-\u9fff]")
WRONG = ([[]], {"a": 1}, "x" * 3000, -10**30, "zz", None, "", 10**30)


def _input_schemas(app: Any) -> Iterator[Schema]:
    """The schemas flask-smorest loads requests with (``@blp.arguments``), one instance each."""
    seen = set()
    for view in app.view_functions.values():
        cls = getattr(view, "view_class", None)
        handlers = [getattr(cls, m.lower()) for m in cls.methods] if cls is not None else [view]
        for handler in handlers:
            for p in getattr(handler, "_apidoc", {}).get("arguments", {}).get("parameters", []):
                schema = p["schema"]() if isinstance(p["schema"], type) else p["schema"]
                if type(schema) not in seen:
                    seen.add(type(schema))
                    yield schema


def _messages(errors: Any) -> Iterator[str]:
    if isinstance(errors, dict):
        for v in errors.values():
            yield from _messages(v)
    elif isinstance(errors, list):
        for v in errors:
            yield from _messages(v)
    elif isinstance(errors, str):
        yield errors


def test_every_input_schema_refuses_bad_fields_in_both_languages(app):
    english_only: dict[str, set[str]] = {}
    schemas = list(_input_schemas(app))
    assert len(schemas) > 50
    with app.test_request_context():
        for schema in schemas:
            probes = [{"zz_unknown": 1}, {}, "not an object"] + [{n: v} for n in schema.fields for v in WRONG]
            for body in probes:
                try:
                    schema.load(body)
                except ValidationError as exc:
                    for m in _messages(exc.messages):
                        if not CHINESE.search(m):
                            english_only.setdefault(type(schema).__qualname__, set()).add(m)
    assert english_only == {}


def test_a_bad_page_number_is_refused_in_both_languages(api, make):
    clerk = api.as_(make.user("finance_staff", password=None)[1])
    for query in ({"page": 0}, {"page": "abc"}, {"page_size": 100000}):
        r = clerk.get("/api/v1/contracts", query_string=query)
        assert r.status_code == 422
        [field] = r.get_json()["errors"]["query"]
        assert all(CHINESE.search(m) for m in r.get_json()["errors"]["query"][field]), r.get_json()


def test_every_paged_list_checks_its_page_with_the_bilingual_paging_schema(app):
    paged = [h for view in app.view_functions.values()
             for h in ([getattr(view.view_class, m.lower()) for m in view.view_class.methods]
                       if hasattr(view, "view_class") else [view])
             if "pagination" in getattr(h, "_apidoc", {})]
    assert len(paged) > 15
    for handler in paged:
        schema = handler._apidoc["pagination"]["parameters"]["schema"]
        assert schema.__module__ == "contracts.core.schemas", handler.__qualname__


def test_a_body_nested_ten_thousand_deep_is_refused_as_unreadable_json_not_a_server_error(api, make):
    """A body deeper than Python's recursion limit broke webargs' JSON reading with a 500; it is as
    unreadable as any malformed body: 400 beside ``json``, in both languages, and nothing is stored."""
    from contracts.core.db import db
    from contracts.organisations.models import Agency

    clerk = api.as_("finance_staff")
    for body in ("[" * 10_000 + "]" * 10_000, '{"name":' * 10_000 + "1" + "}" * 10_000, '{"name": "某局",'):
        r = clerk.post("/api/v1/agencies", data=body, content_type="application/json")
        assert r.status_code == 400, (body[:20], r.status_code)
        assert r.get_json()["errors"] == {"json": ["请求体不是有效的JSON / the body is not valid JSON"]}
    assert db.session.query(Agency).count() == 0


def test_a_name_carrying_a_lone_surrogate_is_refused_beside_the_field_not_a_server_error(api, make):
    """JSON may escape half a UTF-16 pair ("\\ud800"); no UTF-8 text holds it, so storing it failed in
    the driver (500). It is refused beside the field, as a wrong byte in the text would be."""
    from contracts.core.db import db
    from contracts.organisations.models import Agency
    from tests.support.builders import uscc

    clerk = api.as_("finance_staff")
    body = '{"name": "某县\\ud800财政局", "uscc": "' + uscc("11") + '", "region_code": "330102"}'
    r = clerk.post("/api/v1/agencies", data=body, content_type="application/json")
    assert r.status_code == 422, r.get_json()
    assert r.get_json()["errors"]["json"] == {"name": ["不是有效的UTF-8文本 / not valid UTF-8 text"]}
    assert db.session.query(Agency).count() == 0
