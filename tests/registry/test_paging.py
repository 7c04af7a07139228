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
