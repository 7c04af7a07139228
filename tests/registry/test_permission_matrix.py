"""Who may read and write what: role × endpoint × expected status.

finance_staff and admin write everywhere; agency_staff only their own agency's contracts (another
agency's are 404); supervisors and credit officers read; an enterprise reads only contracts it is a
party to — any other is 404, not 403, so its existence does not leak.
"""

from __future__ import annotations

import io
import itertools
from datetime import date

import pytest

from contracts.core import clock
from tests.registry.helpers import dump
from tests.registry.sheets import csv_bytes
from tests.support.builders import uscc

ROLES = ("admin", "finance_staff", "agency_staff", "credit_officer", "supervisor", "enterprise")
_n = itertools.count(1)


@pytest.fixture
def world(make):  # type: ignore[no-untyped-def]
    """Two agencies, each with a contract; the agency clerk belongs to the first, the enterprise is party to it."""
    clock.set_today(date(2025, 6, 30))
    own, other = make.agency("某县财政局"), make.agency("某市财政局")
    mine, theirs = make.enterprise("甲公司"), make.enterprise("乙公司")
    w = {"own": own, "other": other, "mine": mine}
    w["contract"] = make.contract(own, mine, code="OWN-1", signed_on=date(2024, 3, 15))
    w["foreign"] = make.contract(other, theirs, code="OTHER-1", signed_on=date(2024, 3, 15))
    w["ob"] = make.obligation(w["contract"], due={"date": "2024-12-31"}, amount="100000.00")
    w["foreign_ob"] = make.obligation(w["foreign"], due={"date": "2024-12-31"}, amount="100000.00")
    w["official"] = make.official(own, "王建国")
    scope = {"agency_staff": {"agency": own}, "enterprise": {"enterprise": mine}}
    w["tokens"] = {role: make.user(role, password=None, **scope.get(role, {}))[1] for role in ROLES}
    return w


def _contract_body(w, agency_key: str) -> dict:  # type: ignore[no-untyped-def,type-arg]
    return {"kind": "procurement", "code": f"NEW-{next(_n)}", "title": "新合同", "agency_id": w[agency_key].id,
            "amount": "5000.00", "signed_on": "2024-05-01", "parties": [{"enterprise_id": w["mine"].id,
                                                                          "role": "supplier"}]}


def _csv(w) -> dict:  # type: ignore[no-untyped-def,type-arg]
    data = csv_bytes([{"agency_uscc": w["own"].uscc, "contract_code": "OWN-1", "no": 1, "kind": "payment",
                       "amount": "100000.00", "due_date": "2024-12-31"}])
    return {"data": {"file": (io.BytesIO(data), "obligations.csv")}, "content_type": "multipart/form-data"}


R, W = 200, 201
#           admin finance agency credit supervisor enterprise
READ_ALL = (R, R, R, R, R, R)
READ_STAFF = (R, R, R, R, R, 404)
WRITE_OWN = (W, W, W, 403, 403, 403)
PATCH_OWN = (R, R, R, 403, 403, 403)
HIDDEN_FROM_AGENCY_AND_ENTERPRISE = (R, R, 404, R, R, 404)

MATRIX = [
    # (endpoint label, method, url template, body factory, expected per role)
    ("list contracts", "get", "/api/v1/contracts", None, READ_ALL),
    ("read own contract", "get", "/api/v1/contracts/{contract}", None, READ_ALL),
    ("read another agency's contract", "get", "/api/v1/contracts/{foreign}", None, HIDDEN_FROM_AGENCY_AND_ENTERPRISE),
    ("register contract for own agency", "post", "/api/v1/contracts", lambda w: _contract_body(w, "own"), WRITE_OWN),
    ("register contract for another agency", "post", "/api/v1/contracts", lambda w: _contract_body(w, "other"),
     (W, W, 403, 403, 403, 403)),
    ("correct own contract", "patch", "/api/v1/contracts/{contract}", lambda w: {"title": f"更名{next(_n)}"},
     PATCH_OWN),
    ("correct another agency's contract", "patch", "/api/v1/contracts/{foreign}", lambda w: {"title": "更名"},
     (R, R, 404, 403, 403, 404)),
    ("list obligations", "get", "/api/v1/contracts/{contract}/obligations", None, READ_ALL),
    ("list another agency's obligations", "get", "/api/v1/contracts/{foreign}/obligations", None,
     HIDDEN_FROM_AGENCY_AND_ENTERPRISE),
    ("add obligation", "post", "/api/v1/contracts/{contract}/obligations",
     lambda w: {"kind": "payment", "amount": "10.00", "due": {"date": "2025-01-31"}, "description": f"#{next(_n)}"},
     WRITE_OWN),
    ("add obligation to another agency's contract", "post", "/api/v1/contracts/{foreign}/obligations",
     lambda w: {"kind": "payment", "amount": "10.00", "due": {"date": "2025-01-31"}}, (W, W, 404, 403, 403, 404)),
    ("read obligation", "get", "/api/v1/obligations/{ob}", None, READ_ALL),
    ("read another agency's obligation", "get", "/api/v1/obligations/{foreign_ob}", None,
     HIDDEN_FROM_AGENCY_AND_ENTERPRISE),
    ("correct obligation", "patch", "/api/v1/obligations/{ob}", lambda w: {"description": f"改{next(_n)}"},
     PATCH_OWN),
    ("list events", "get", "/api/v1/contracts/{contract}/events", None, READ_ALL),
    ("record event", "post", "/api/v1/contracts/{contract}/events", None, WRITE_OWN),
    ("list payments", "get", "/api/v1/obligations/{ob}/payments", None, READ_ALL),
    ("record payment", "post", "/api/v1/obligations/{ob}/payments",
     lambda w: {"amount": "1.00", "paid_on": "2024-07-01", "voucher": f"V{next(_n)}"}, WRITE_OWN),
    ("record payment on another agency's obligation", "post", "/api/v1/obligations/{foreign_ob}/payments",
     lambda w: {"amount": "1.00", "paid_on": "2024-07-01", "voucher": f"V{next(_n)}"}, (W, W, 404, 403, 403, 404)),
    ("responsibility history", "get", "/api/v1/contracts/{contract}/responsibilities", None, READ_ALL),
    ("who held a role on a date", "get",
     "/api/v1/contracts/{contract}/responsibilities?on=2024-06-01&role=payment_approver", None, READ_ALL),
    ("assign responsibility", "post", "/api/v1/contracts/{contract}/responsibilities", None, WRITE_OWN),
    ("official's responsibilities", "get", "/api/v1/officials/{official}/responsibilities", None,
     (R, R, R, R, R, 404)),
    ("list agencies", "get", "/api/v1/agencies", None, READ_ALL),
    ("register agency", "post", "/api/v1/agencies",
     lambda w: {"name": "新部门", "uscc": uscc("11"), "region_code": "330102"}, (W, W, 403, 403, 403, 403)),
    ("register official", "post", "/api/v1/officials",
     lambda w: {"name": "赵六", "agency_id": w["own"].id}, (W, W, 403, 403, 403, 403)),
    ("register enterprise", "post", "/api/v1/enterprises",
     lambda w: {"name": "新公司", "uscc": uscc("91")}, (W, W, 403, 403, 403, 403)),
    ("read own enterprise", "get", "/api/v1/enterprises/{mine}", None, READ_ALL),
    ("read audit trail", "get", "/api/v1/audit", None, (R, R, 403, R, R, 403)),
    ("calendar years", "get", "/api/v1/calendar/years", None, READ_ALL),
    ("load a calendar year", "post", "/api/v1/calendar/years",
     lambda w: {"year": 2031, "holidays": ["2031-01-01"], "source": "国办发明电〔2030〕1号"},
     (W, 403, 403, 403, 403, 403)),
    ("import template", "get", "/api/v1/imports/template", None, READ_ALL),
    ("dry-run import", "post", "/api/v1/imports?dry_run=true", _csv, (R, R, R, 403, 403, 403)),
]


def _event_factory():  # type: ignore[no-untyped-def]
    types = iter(["delivery", "acceptance", "invoice", "completion", "settlement", "warranty_end"])
    return lambda w: {"type": next(types), "occurred_on": "2024-06-01"}


def _assign_factory():  # type: ignore[no-untyped-def]
    roles = itertools.cycle(["project_lead", "payment_approver", "acceptance_lead", "government_representative"])
    return lambda w: {"official_id": w["official"].id, "role": next(roles), "start": "2024-03-15"}


@pytest.mark.parametrize(("label", "method", "url", "body", "expected"), MATRIX, ids=[m[0] for m in MATRIX])
def test_permission_matrix(api, world, label, method, url, body, expected):
    if label == "record event":
        body = _event_factory()
    elif label == "assign responsibility":
        body = _assign_factory()
    ids = {k: v.id for k, v in world.items() if hasattr(v, "id")}
    target = url.format(**ids)
    got = {}
    for role in ROLES:
        client = api.as_(world["tokens"][role])
        kwargs = {}
        if body is not None:
            made = body(world)
            kwargs = made if "data" in made else {"json": made}
        r = getattr(client, method)(target, **kwargs)
        got[role] = r.status_code
    assert got == dict(zip(ROLES, expected, strict=True))


def test_without_a_token_reads_are_401_and_writes_never_reach_the_registry(api, world):
    ids = {k: v.id for k, v in world.items() if hasattr(v, "id")}
    before = dump()
    for label, method, url, _, _ in MATRIX:
        if method == "get":
            r = api.get(url.format(**ids))
            assert r.status_code == 401, label
            assert r.get_json()["errors"]["json"]["_schema"] == ["需要登录或有效的API令牌 / authentication required"]
        else:
            # A write without a token is a browser-session request: refused for its missing CSRF token (400)
            # or, with one, for the missing sign-in (401).
            r = getattr(api, method)(url.format(**ids), json={"not": "valid"})
            assert r.status_code in (400, 401), label
    assert dump() == before


def test_an_enterprise_lists_only_the_contracts_it_is_party_to(api, world):
    listed = api.as_(world["tokens"]["enterprise"]).get("/api/v1/contracts").get_json()
    assert [c["code"] for c in listed] == ["OWN-1"]
    staff = api.as_(world["tokens"]["agency_staff"]).get("/api/v1/contracts").get_json()
    assert [c["code"] for c in staff] == ["OWN-1"]
    everyone = api.as_(world["tokens"]["supervisor"]).get("/api/v1/contracts").get_json()
    assert sorted(c["code"] for c in everyone) == ["OTHER-1", "OWN-1"]
