"""Every id a request carries, in its path, body or query, fits the database's 32-bit keys.

A larger number is refused beside its field (422), as "abc" is, instead of reaching the driver and
failing there with a 500 (SQLite: OverflowError; PostgreSQL: integer out of range). The sweep reads
the OpenAPI description, so an id field added later without the shared ``Id`` field is caught here.
The page number is the one whole number left unbounded: a page past the end is an empty page.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

MAX_ID = 2**31 - 1  # the largest key of a 32-bit integer column
TOO_LARGE = "99999999999999999999"
PAGING = {"page", "page_size"}  # the pager's own: a page far past the end is an empty page


def _spec(client) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    return client.get("/api/v1/openapi.json").get_json()


def _integers(spec: dict[str, Any], schema: dict[str, Any], where: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every writable whole number in a request schema, named by where it sits."""
    while "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    if schema.get("readOnly"):
        return
    for part in schema.get("allOf", []) + schema.get("anyOf", []) + schema.get("oneOf", []):
        yield from _integers(spec, part, where)
    kind = schema.get("type")
    if kind == "integer" or (isinstance(kind, list) and "integer" in kind):
        yield where, schema
    if "items" in schema:
        yield from _integers(spec, schema["items"], f"{where}[]")
    for name, sub in schema.get("properties", {}).items():
        yield from _integers(spec, sub, f"{where}.{name}")


def _request_integers(spec: dict[str, Any]) -> Iterator[tuple[str, str, str, dict[str, Any]]]:
    """(method, path, field, schema) for every whole number a request's query or body carries."""
    for path, operations in spec["paths"].items():
        for method, op in operations.items():
            if not isinstance(op, dict) or method == "parameters":
                continue
            for param in op.get("parameters", []):
                if param.get("in") == "query" and param["name"] not in PAGING:
                    for where, schema in _integers(spec, param.get("schema", {}), param["name"]):
                        yield method, path, where, schema
            for content in op.get("requestBody", {}).get("content", {}).values():
                for where, schema in _integers(spec, content.get("schema", {}), "body"):
                    yield method, path, where, schema


def _is_id(field: str) -> bool:
    name = field.rsplit(".", 1)[-1].removesuffix("[]")
    return name.endswith(("_id", "_ids")) or name in {"agency", "enterprise"}


def test_every_whole_number_a_request_carries_is_bounded_and_every_id_fits_a_key(client):
    spec = _spec(client)
    found = list(_request_integers(spec))
    ids = [(m, p, f) for m, p, f, _ in found if _is_id(f)]
    assert len(ids) > 50, "the sweep sees the API's id fields"
    unbounded = [(m, p, f) for m, p, f, s in found if s.get("maximum") is None or s["maximum"] > MAX_ID]
    assert unbounded == []
    wrong = [(m, p, f, s.get("minimum"), s.get("maximum")) for m, p, f, s in found
             if _is_id(f) and (s.get("minimum"), s.get("maximum")) != (1, MAX_ID)]
    assert wrong == []


def test_a_query_id_too_large_for_the_database_is_refused_beside_its_field_on_every_list(client, make):
    spec = _spec(client)
    token = make.user("admin")[1]
    asked = 0
    for method, path, field, _schema in _request_integers(spec):
        if method != "get" or field.startswith("body"):
            continue
        url = re.sub(r"\{[^}]+\}", "1", path)
        extra = "&figure=payments_due" if path.endswith("/drilldown") else ""
        r = client.get(f"{url}?{field}={TOO_LARGE}{extra}", headers={"Authorization": f"Bearer {token}"})
        assert r.status_code == 422, (path, field, r.status_code)
        (message,) = r.get_json()["errors"]["query"][field]
        assert str(MAX_ID) in message and " / " in message, (path, field)
        asked += 1
    assert asked >= 20


@pytest.mark.parametrize(("body", "field"), [
    ({"agency_id": 2**70}, "agency_id"),
    ({"parties": [{"enterprise_id": 2**31, "role": "supplier"}]}, "parties"),
], ids=["agency", "party"])
def test_a_contract_naming_an_agency_or_enterprise_too_large_for_a_key_is_refused_and_nothing_is_stored(
        api, make, body, field):
    from contracts.core.db import db
    from contracts.registry.models import Contract

    agency, ent = make.agency(), make.enterprise()
    clerk = api.as_("finance_staff")
    contract = {"kind": "procurement", "code": "HT-1", "title": "合同", "agency_id": agency.id, "amount": "1.00",
                "signed_on": "2024-03-15", "parties": [{"enterprise_id": ent.id, "role": "supplier"}]}
    r = clerk.post("/api/v1/contracts", json={**contract, **body})
    assert r.status_code == 422, r.get_json()
    errors = r.get_json()["errors"]["json"]
    assert field in errors and str(MAX_ID) in str(errors[field])
    assert db.session.query(Contract).count() == 0
    # the largest key is a key: an agency that does not exist, answered as any unknown agency is
    r = clerk.post("/api/v1/contracts", json={**contract, "agency_id": MAX_ID,
                                              "parties": [{"enterprise_id": ent.id, "role": "supplier"}]})
    assert r.status_code == 422 and "agency does not exist" in r.get_json()["errors"]["json"]["agency_id"][0]


def test_lists_of_ids_in_a_body_are_bounded_item_by_item(api, make):
    officer = api.as_("credit_officer")
    r = officer.post("/api/v1/records", json={"finding_ids": [1, 2**40]})
    assert r.status_code == 422
    assert str(MAX_ID) in r.get_json()["errors"]["json"]["finding_ids"]["1"][0]


def test_an_upload_for_a_contract_id_too_large_is_refused_beside_the_field(api):
    import io

    r = api.as_("finance_staff").post("/api/v1/documents", content_type="multipart/form-data",
                                      data={"contract_id": TOO_LARGE, "file": (io.BytesIO(b"%PDF-1.4"), "a.pdf")})
    assert r.status_code == 422 and str(MAX_ID) in r.get_json()["errors"]["json"]["contract_id"][0]


def test_a_scoreboard_row_key_too_large_for_an_agency_id_is_refused_beside_the_key(api):
    r = api.as_("supervisor").get(f"/api/v1/reports/scoreboard/drilldown?figure=payments_due&key={TOO_LARGE}")
    assert r.status_code == 422 and "key" in r.get_json()["errors"]["json"]


def test_a_page_far_past_the_end_of_any_list_is_an_empty_page_not_an_error(client, make):
    """The page number is the one unbounded whole number: past the end, however far, a list is empty."""
    spec = _spec(client)
    token = make.user("admin")[1]
    contract = make.contract()
    known = {"contract_id": contract.id, "official_id": make.official(contract.agency).id,
             "obligation_id": make.obligation(contract, due={"date": "2024-12-31"}, amount="1.00").id}
    asked = 0
    for path, operations in spec["paths"].items():
        op = operations.get("get")
        if not op or not any(p["name"] == "page" for p in op.get("parameters", [])):
            continue
        url = re.sub(r"\{(\w+)\}", lambda m: str(known[m.group(1)]), path)
        extra = "&figure=payments_due" if path.endswith("/drilldown") else ""
        r = client.get(f"{url}?page={TOO_LARGE}{extra}", headers={"Authorization": f"Bearer {token}"})
        assert (r.status_code, r.get_json()) == (200, []), path
        asked += 1
    assert asked >= 20
