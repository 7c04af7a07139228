"""Documents are staff business: staff of the contract's agency read and review them, others do not."""

from __future__ import annotations

import io

from tests.documents.conftest import drain


def _upload(api, token: str, contract, data: bytes) -> dict:  # type: ignore[no-untyped-def]
    r = api.as_(token).post("/api/v1/documents", content_type="multipart/form-data",
                            data={"contract_id": str(contract.id), "file": (io.BytesIO(data), "合同.pdf")})
    assert r.status_code == 201, r.get_json()
    drain()
    return r.get_json()


def test_staff_list_the_documents_of_a_contract_newest_first_with_paging(desk, make, contract_pdf):
    first = desk.parsed(contract_pdf, "合同.pdf")
    second = desk.parsed(contract_pdf, "合同（重新扫描）.pdf")
    elsewhere = make.contract(title="另一份合同")
    desk.upload(contract_pdf, contract_id=elsewhere.id)
    r = desk.api.get(f"/api/v1/documents?contract_id={desk.contract.id}&page_size=1")
    assert r.status_code == 200
    assert [d["id"] for d in r.get_json()] == [second["id"]]
    assert '"total": 2' in r.headers["X-Pagination"]
    r = desk.api.get(f"/api/v1/documents?contract_id={desk.contract.id}&page=2&page_size=1")
    assert [d["id"] for d in r.get_json()] == [first["id"]]
    assert "extraction" not in r.get_json()[0], "the list stays light"
    r = desk.api.get("/api/v1/documents?status=done")
    assert {d["id"] for d in r.get_json()} >= {first["id"], second["id"]}
    assert desk.api.get("/api/v1/documents?contract_id=999999").status_code == 404
    assert desk.api.get("/api/v1/documents?status=lost").status_code == 422


def test_the_stored_pdf_is_served_back_as_uploaded(desk, contract_pdf):
    doc = desk.parsed(contract_pdf, "教学设备采购合同.pdf")
    r = desk.api.get(f"/api/v1/documents/{doc['id']}/file")
    assert r.status_code == 200
    assert r.mimetype == "application/pdf"
    assert r.data == contract_pdf
    assert "inline" in r.headers["Content-Disposition"]
    assert desk.api.get("/api/v1/documents/999999/file").status_code == 404


def test_an_enterprise_is_told_documents_do_not_exist_even_for_its_own_contract(make, api, contract_pdf):
    supplier = make.enterprise(name="清河智联科技有限公司")
    contract = make.contract(enterprise=supplier)
    _, staff = make.user("finance_staff")
    doc = _upload(api, staff, contract, contract_pdf)
    _, ent = make.user("enterprise", enterprise=supplier)
    as_ent = api.as_(ent)
    assert as_ent.get(f"/api/v1/documents/{doc['id']}").status_code == 404
    assert as_ent.get(f"/api/v1/documents/{doc['id']}/file").status_code == 404
    assert as_ent.get(f"/api/v1/documents?contract_id={contract.id}").status_code == 404
    cand = api.as_(staff).get(f"/api/v1/documents/{doc['id']}").get_json()["candidates"][0]
    assert as_ent.post(f"/api/v1/documents/{doc['id']}/candidates/{cand['id']}/accept", json={}).status_code in {403, 404}


def test_agency_staff_see_only_their_agencys_documents_and_readers_cannot_review(make, api, contract_pdf):
    agency = make.agency(name="清河县教育局")
    contract = make.contract(agency)
    _, own = make.user("agency_staff", agency=agency)
    doc = _upload(api, own, contract, contract_pdf)
    detail = api.as_(own).get(f"/api/v1/documents/{doc['id']}")
    assert detail.status_code == 200
    cand = detail.get_json()["candidates"][0]
    accept = f"/api/v1/documents/{doc['id']}/candidates/{cand['id']}/accept"

    _, other = make.user("agency_staff")
    assert api.as_(other).get(f"/api/v1/documents/{doc['id']}").status_code == 404
    assert api.as_(other).post(accept, json={}).status_code == 404
    assert api.as_(other).get(f"/api/v1/documents?contract_id={contract.id}").status_code == 404
    assert doc["id"] not in [d["id"] for d in api.as_(other).get("/api/v1/documents").get_json()]

    _, supervisor = make.user("supervisor")
    assert api.as_(supervisor).get(f"/api/v1/documents/{doc['id']}").status_code == 200
    assert api.as_(supervisor).post(accept, json={}).status_code == 403
    assert api.as_(supervisor).post(f"/api/v1/documents/{doc['id']}/reparse").status_code == 403
    assert api.as_(own).post(accept, json={}).status_code == 200


def test_without_a_token_nothing_is_shown(client, desk, contract_pdf):
    doc = desk.parsed(contract_pdf)
    assert client.get(f"/api/v1/documents/{doc['id']}").status_code == 401
    assert client.get("/api/v1/documents").status_code == 401


def test_the_upload_and_review_endpoints_are_in_the_openapi_document(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    paths = spec["paths"]
    assert "multipart/form-data" in paths["/api/v1/documents"]["post"]["requestBody"]["content"]
    for path in ("/api/v1/documents/{document_id}", "/api/v1/documents/{document_id}/reparse",
                 "/api/v1/documents/{document_id}/candidates/{candidate_id}/accept",
                 "/api/v1/documents/{document_id}/candidates/{candidate_id}/reject",
                 "/api/v1/documents/{document_id}/file"):
        assert path in paths, path
