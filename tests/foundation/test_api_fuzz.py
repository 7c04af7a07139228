"""Generated requests to every operation of the API never get a server error, and every answer is
what the OpenAPI description says it is.

schemathesis reads the OpenAPI description from the app (in-process, over WSGI, no server) and sends
each operation valid and invalid paths, queries and bodies: first Hypothesis' random ones, then its
coverage cases (each field at and past its documented bounds, missing, of the wrong type). The house
rule is that bad input is a 4xx beside its field, never a 500 (``not_a_server_error``). Scripts are
written against the description, so each answer is also checked against it: its status is one the
operation documents (there is no catch-all ``default``: ``contracts.core.api`` documents the errors
every operation of a kind answers, the view the rest), its body matches the documented schema for
that status (money a string with two places, a null only where a field is nullable, errors in
``ErrorSchema``'s shape), its content type is a documented one (a report as a file, an evidence
file as the type its suffix names) and its headers match (``X-Pagination`` is JSON).

The data is real, made through the services and the API first (a county bureau owing an SME, its
findings and two published records, an objection to the second, a complaint, a webhook, a parsed
contract PDF, an import run, a check run, an export; then, three months on, the arrears paid and
the first record's minimum publicity period over, the bureau's credit-repair application with its
voucher, whose alert to the webhook fails), and half the generated requests carry its ids in their
path, so they reach the code behind the 404s. A webhook is sent only to 127.0.0.1, where nothing
listens for the world's, and allowed one attempt, so its delivery is failed and may be retried;
the generated webhooks' addresses are never called. Each operation runs with a fresh token (one
operation revoking a token cannot blind the rest), as the administrator, or as the enterprise for
what only it does.

Deterministic (derandomised Hypothesis, no example database) and bounded (``MAX_EXAMPLES`` per
operation): about a minute and a half on SQLite, two on PostgreSQL with Redis.
"""

from __future__ import annotations

import io
from datetime import date
from typing import Any
from urllib.parse import urlparse

import hypothesis
import schemathesis
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.core.failures import FailureGroup

from contracts.access import services as access
from contracts.core.db import db
from monitor.alerts import senders

MAX_EXAMPLES = 20  # random requests per operation, besides the coverage cases
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance, content_type_conformance,
          response_headers_conformance]
SPEC = "/api/v1/openapi.json"

# What only an enterprise does; the administrator, who holds every permission, does the rest.
AS_ENTERPRISE = {
    ("POST", "/api/v1/complaints"),
    ("POST", "/api/v1/records/{record_id}/objections"),
    ("POST", "/api/v1/complaints/{complaint_id}/messages"),
}


def _world(make: Any, session: Any, client: Any) -> dict[str, Any]:
    """Real rows for the ids paths carry, the users the requests run as, and a token of each."""
    from contracts.core import clock
    from tests.documents.pdfs import contract_pdf
    from tests.records.support import county, published_record, run_jobs
    from tests.registry.sheets import csv_bytes

    w = county(make, session)
    rec = published_record(make, session, w)  # published 26 May: the record the bureau will ask to repair
    objected = _second_record(make, session, w)  # published 2 June: the one the enterprise objects to
    clock.set_today(date(2025, 6, 2))
    admin, token = make.user("admin", username="fuzz-admin")
    enterprise, enterprise_token = make.user("enterprise", enterprise=w.enterprise)
    spare_token = make.user("admin", username="fuzz-spare")[1]

    def call(method: str, url: str, who: str = token, **kw: Any) -> Any:
        r = client.open(url, method=method, headers={"Authorization": f"Bearer {who}"}, **kw)
        assert r.status_code < 300, (url, r.status_code, r.get_json())
        run_jobs()
        return r.get_json()

    def upload(url: str, **files: Any) -> Any:
        return call("POST", url, content_type="multipart/form-data", data=files)

    contract = f"/api/v1/contracts/{w.contract.id}"
    ids: dict[str, Any] = {
        "agency_id": w.agency.id, "official_id": w.former.id, "enterprise_id": w.enterprise.id,
        "contract_id": w.contract.id, "obligation_id": w.ob.id, "record_id": rec.id,
        "event_id": call("GET", f"{contract}/events")[0]["id"],
        "responsibility_id": call("GET", f"{contract}/responsibilities")[0]["id"],
        "payment_id": call("POST", f"/api/v1/obligations/{w.ob.id}/payments",
                           json={"amount": "1000.00", "paid_on": "2025-05-30"})["id"],
        "finding_id": call("GET", "/api/v1/findings")[0]["id"],
        "token_id": call("GET", "/api/v1/tokens", who=spare_token)[0]["id"],
        "objection_id": call("POST", f"/api/v1/records/{objected.id}/objections", who=enterprise_token,
                             json={"grounds": "款项已部分支付，金额有误", "requested": "correct"})["id"],
        "complaint_id": call("POST", "/api/v1/complaints", who=enterprise_token,
                             json={"category": "unpaid_goods", "title": "建材款逾期未付", "description": "至今未付",
                                   "contract_id": w.contract.id, "amount": "300000.00"})["id"],
        "endpoint_id": call("POST", "/api/v1/webhooks", json={"name": "值班群", "url": "http://127.0.0.1:9/hook"})["id"],
        "attachment_id": upload("/api/v1/evidence", file=(io.BytesIO(b"%PDF-1.4 evidence"), "e.pdf"))["id"],
        "document_id": upload("/api/v1/documents", contract_id=str(w.contract.id),
                              file=(io.BytesIO(contract_pdf()), "c.pdf"))["id"],
        "run_id": upload("/api/v1/imports?background=true",
                         file=(io.BytesIO(csv_bytes([{"agency_uscc": w.agency.uscc, "contract_code": "ZJ-2025-001",
                                                      "obligation_id": w.ob.id, "amount": "1.00",
                                                      "paid_on": "2025-05-31"}])), "p.csv"))["id"],
        "export_id": call("POST", "/api/v1/reports/exports", json={
            "report": "scoreboard", "format": "xlsx", "params": {"start": "2025-01-01", "end": "2025-05-31"}})["id"],
        "rule_id": call("GET", "/api/v1/rules")[0]["id"],
    }
    call("POST", "/api/v1/checks", json={})  # a check run, so /checks/{run_id} has one to show
    call("POST", "/api/v1/notifications/scan", json={})
    ids["notification_id"] = next(iter(n["id"] for n in call("GET", "/api/v1/notifications")), 1)
    candidates = call("GET", f"/api/v1/documents/{ids['document_id']}").get("candidates") or [{"id": 1}]
    ids["candidate_id"] = candidates[0]["id"]
    # three months on, the first record's minimum publicity period is over and nobody objected to it;
    # the bureau has paid the rest of the arrears and applies for credit repair (信用修复), which may be
    # granted (the interest unpaid, with a reason); the webhook is told, and its one attempt fails
    clock.set_today(date(2025, 9, 1))
    call("POST", f"/api/v1/obligations/{w.ob.id}/payments", json={"amount": "298999.00", "paid_on": "2025-08-29"})
    clerk_token = make.user("agency_staff", agency=w.agency, username="fuzz-clerk")[1]
    voucher = call("POST", "/api/v1/evidence", who=clerk_token, content_type="multipart/form-data",
                   data={"file": (io.BytesIO(b"%PDF-1.4 voucher"), "voucher.pdf")})
    ids["application_id"] = call("POST", f"/api/v1/records/{rec.id}/repair", who=clerk_token, json={
        "commitment": "承诺今后按合同约定及时足额支付中小企业款项", "statement": "欠款已付清，附付款凭证",
        "attachment_ids": [voucher["id"]]})["id"]
    hooked = call("GET", f"/api/v1/notifications?event=repair_filed&recipient_key=webhook:{ids['endpoint_id']}")
    [delivery] = hooked[0]["deliveries"]
    assert delivery["status"] == "failed", delivery
    ids["delivery_id"] = delivery["id"]
    return {"ids": ids, "admin": admin, "enterprise": enterprise}


def _second_record(make: Any, session: Any, w: Any) -> Any:
    """The bureau's 50,000 settlement payment, due 30 April, found overdue, told to pay by 30 May,
    unpaid: a second record, proposed on 31 May and published on 2 June."""
    from contracts.core import clock
    from contracts.core.db import db
    from monitor.records import services as records
    from tests.records.support import checker_finding, start_rectification

    ob = make.obligation(w.contract, kind="payment", amount="50000.00", description="结算款",
                         due={"date": "2025-04-30"})
    clock.set_today(date(2025, 5, 26))
    start_rectification(session, checker_finding(session, ob, as_of=date(2025, 5, 26)), date(2025, 5, 30))
    clock.set_today(date(2025, 5, 31))
    [second] = records.escalate_overdue(session, date(2025, 5, 31))
    clock.set_today(date(2025, 6, 2))
    records.publish(session, second, user_id=None)
    db.commit()
    return second


def _on_this_machine(send: Any) -> Any:
    """``send_webhook`` for 127.0.0.1 only: generated webhooks (any address) never reach the network."""

    def guarded(url: str, *args: Any, **kw: Any) -> senders.Result:
        try:
            host = urlparse(url).hostname
        except ValueError:
            host = None
        if host != "127.0.0.1":
            return senders.Result(False, None, "not sent: the fuzz test sends only to 127.0.0.1")
        return send(url, *args, **kw)

    return guarded


def _strategy(operation: Any, ids: dict[str, Any]) -> st.SearchStrategy:
    """Valid and invalid requests, with the world's ids in the path or with generated ones."""
    known = {p.name: ids[p.name] for p in operation.path_parameters if p.name in ids}
    return st.one_of(
        operation.as_strategy(GenerationMode.POSITIVE, path_parameters=known),
        operation.as_strategy(GenerationMode.NEGATIVE, path_parameters=known),
        operation.as_strategy(GenerationMode.NEGATIVE),
    )


def _send(case: schemathesis.Case, token: str) -> None:
    headers = {"Authorization": f"Bearer {token}"}
    case.validate_response(case.call(headers=headers), checks=CHECKS, headers=headers)


def _fuzz(operation: Any, ids: dict[str, Any], token: str) -> list[str]:
    """Hypothesis' random requests to ``operation``; the failures found, shrunk to their simplest."""

    @hypothesis.settings(max_examples=MAX_EXAMPLES, derandomize=True, database=None, deadline=None,
                         suppress_health_check=list(hypothesis.HealthCheck))
    @hypothesis.given(case=_strategy(operation, ids))
    def run(case: schemathesis.Case) -> None:
        _send(case, token)

    try:
        run()
    except (AssertionError, FailureGroup) as exc:
        return [f"{operation.label}: {exc}"]
    return []


def _boundaries(schema: Any, operation: Any, ids: dict[str, Any], token: str) -> list[str]:
    """schemathesis' coverage cases for ``operation``; the first failure found, if any."""
    known = {p.name: ids[p.name] for p in operation.path_parameters if p.name in ids}
    config = schema.config.generation_for(operation=operation, phase="coverage")
    modes = [GenerationMode.POSITIVE, GenerationMode.NEGATIVE]
    for case in schema.iter_coverage_cases(operation, generation_modes=modes, generation_config=config):
        if all(isinstance(v, int) for v in (case.path_parameters or {}).values()):
            case.path_parameters = {**(case.path_parameters or {}), **known}  # a valid path: the world's ids
        try:
            _send(case, token)
        except (AssertionError, FailureGroup) as exc:
            return [f"{operation.label} (coverage case): {exc}"]
    return []


def test_no_generated_request_gets_a_server_error_or_an_answer_its_description_does_not_promise(app, make, session, client, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setitem(app.config, "ALERT_MAX_ATTEMPTS", 1)  # a webhook's failed attempt is final: retry has one
    monkeypatch.setattr(senders, "send_webhook", _on_this_machine(senders.send_webhook))
    world = _world(make, session, client)
    schema = schemathesis.openapi.from_wsgi(SPEC, app)
    failures: list[str] = []
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        user = world["enterprise"] if (operation.method.upper(), operation.path) in AS_ENTERPRISE else world["admin"]
        token = access.issue_token(session, user, "fuzz")
        db.commit()
        failures += _fuzz(operation, world["ids"], token)
        failures += _boundaries(schema, operation, world["ids"], token)
    assert operations > 100, "the fuzzer sees the whole API"
    assert not failures, "\n\n".join(failures)
