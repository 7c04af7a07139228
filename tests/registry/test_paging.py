"""Lists are paged (page, page_size, X-Pagination) and a page past the end is just empty."""

from __future__ import annotations

import json

import pytest


@pytest.mark.parametrize("page", [3, 2**31, 10**20])
def test_a_page_far_past_the_end_of_the_contracts_is_empty_and_still_gives_the_total(api, make, page):
    clerk = api.as_(make.user("finance_staff", password=None)[1])
    contract = make.contract()
    make.contract()
    r = clerk.get("/api/v1/contracts", query_string={"page": page, "page_size": 1})
    assert r.status_code == 200 and r.get_json() == []
    assert json.loads(r.headers["X-Pagination"])["total"] == 2
    assert clerk.get(f"/api/v1/contracts/{contract.id}/obligations", query_string={"page": page}).status_code == 200


def test_a_page_of_zero_is_refused_naming_the_field(api, make):
    clerk = api.as_(make.user("finance_staff", password=None)[1])
    r = clerk.get("/api/v1/contracts", query_string={"page": 0})
    assert r.status_code == 422 and "page" in r.get_json()["errors"]["query"]


def test_a_list_gives_twenty_rows_a_page_unless_asked_and_up_to_five_hundred_when_asked(api, make, session):
    """A script exporting the county's agencies: 25 of them, the default page holds 20; a page of 500
    is allowed and one of 501 refused beside the field."""
    for n in range(25):
        make.agency(f"某县第{n}局")
    admin = api.as_("admin")
    r = admin.get("/api/v1/agencies")
    assert len(r.get_json()) == 20 and json.loads(r.headers["X-Pagination"])["total"] == 25
    assert len(admin.get("/api/v1/agencies", query_string={"page_size": 500}).get_json()) == 25
    refused = admin.get("/api/v1/agencies", query_string={"page_size": 501})
    assert refused.status_code == 422 and "page_size" in refused.get_json()["errors"]["query"]
    spec = admin.get("/api/v1/openapi.json").get_json()
    [size] = [p for p in spec["paths"]["/api/v1/agencies"]["get"]["parameters"] if p["name"] == "page_size"]
    assert (size["schema"]["default"], size["schema"]["maximum"]) == (20, 500)
