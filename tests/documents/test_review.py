"""Staff review what the parser proposed: accept (as read, or corrected) or reject each candidate.

Accepted candidates become obligations that remember the document, page and sentence they came
from and who confirmed them; re-parsing with a newer parser never touches them.
"""

from __future__ import annotations

import copy
from decimal import Decimal

import pytest
from sqlalchemy import select

import parsers
from contracts.audit.models import AuditEvent
from contracts.obligations.models import Obligation
from tests.documents import pdfs
from tests.documents.conftest import drain, upload_without_job


def _by_text(doc: dict, fragment: str) -> dict:
    [cand] = [c for c in doc["candidates"] if c["status"] == "pending" and fragment in c["text"]]
    return cand


def _obligations(session) -> list[Obligation]:  # type: ignore[no-untyped-def]
    session.expire_all()
    return list(session.scalars(select(Obligation).order_by(Obligation.id)))


def _accept(desk, doc: dict, cand: dict, **edits):  # type: ignore[no-untyped-def]
    return desk.api.post(f"/api/v1/documents/{doc['id']}/candidates/{cand['id']}/accept", json=edits)


def _reject(desk, doc: dict, cand: dict, reason: str = ""):  # type: ignore[no-untyped-def]
    return desk.api.post(f"/api/v1/documents/{doc['id']}/candidates/{cand['id']}/reject", json={"reason": reason})


def test_a_parsed_contract_shows_its_progress_extraction_and_the_government_obligations_to_review(desk, contract_pdf):
    doc = desk.parsed(contract_pdf)
    assert doc["status"] == "done", doc["error"]
    assert doc["pages_done"] == doc["pages_total"] == 2 and doc["progress"] == 100.0
    assert doc["error"] is None and doc["attempts"] == 1
    assert doc["parser_version"] == parsers.PARSER_VERSION
    assert doc["extraction"]["contract"]["amount"] == "1200000.00"
    owed_by_government = [o for o in doc["extraction"]["obligations"] if o["debtor"] == "government"]
    assert len(doc["candidates"]) == len(owed_by_government) >= 3
    assert all(c["debtor"] == "government" and c["status"] == "pending" for c in doc["candidates"])
    advance = _by_text(doc, "预付款")
    assert advance["page"] == 2
    assert advance["kind"] == "payment" and advance["percent"] == "30" and advance["amount"] == "360000.00"
    assert advance["due"] == {"event": "signing", "offset": 10, "unit": "day"}


def test_accepting_a_candidate_makes_an_obligation_with_its_provenance_and_confirming_user(desk, session, contract_pdf):
    doc = desk.parsed(contract_pdf)
    cand = _by_text(doc, "预付款")
    r = _accept(desk, doc, cand)
    assert r.status_code == 200, r.get_json()
    assert r.get_json()["status"] == "accepted"
    [ob] = _obligations(session)
    assert r.get_json()["obligation_id"] == ob.id
    assert ob.contract_id == desk.contract.id
    assert (ob.kind, ob.debtor, ob.percent, ob.amount) == ("payment", "government", Decimal("30"), Decimal("360000.00"))
    assert ob.due == {"event": "signing", "offset": 10, "unit": "day"}
    assert ob.source == "document" and ob.document_id == doc["id"]
    assert ob.source_page == 2 and "预付款" in ob.source_text
    assert ob.confirmed_by_id == desk.user.id and ob.confirmed_at is not None
    assert ob.due_date is not None, "signed on 2024-03-15: the due date is derived at once"
    actions = session.scalars(select(AuditEvent.action).where(AuditEvent.entity == "candidate")).all()
    assert actions == ["accept"]


def test_a_reviewer_corrects_a_candidate_before_accepting_it(desk, session, contract_pdf):
    doc = desk.parsed(contract_pdf)
    cand = _by_text(doc, "验收合格")
    r = _accept(desk, doc, cand, amount="700000.00", due={"event": "acceptance", "offset": 15, "unit": "working_day"},
                description="验收款（按补充协议调整）")
    assert r.status_code == 200, r.get_json()
    [ob] = _obligations(session)
    assert ob.amount == Decimal("700000.00") and ob.percent is None, "a typed amount replaces the parser's percent"
    assert ob.due == {"event": "acceptance", "offset": 15, "unit": "working_day"}
    assert ob.description == "验收款（按补充协议调整）"
    assert "验收合格" in ob.source_text and ob.source_page == 2
    assert r.get_json()["amount"] == "720000.00", "the candidate keeps what the parser read"


def test_a_wrong_correction_is_refused_field_by_field_and_nothing_is_stored(desk, session, contract_pdf):
    doc = desk.parsed(contract_pdf)
    cand = _by_text(doc, "质保期满")
    r = _accept(desk, doc, cand, kind="gift", percent="130")
    assert r.status_code == 422
    errors = r.get_json()["errors"]["json"]
    assert set(errors) == {"kind", "percent"}
    assert "/" in errors["percent"][0]
    r = _accept(desk, doc, cand, due={"event": "moon_landing", "offset": 3, "unit": "day"})
    assert r.status_code == 422 and "due" in r.get_json()["errors"]["json"]
    r = _accept(desk, doc, cand, page=7)
    assert r.status_code == 422 and "page" in r.get_json()["errors"]["json"]
    assert _obligations(session) == []
    assert _by_text(desk.document(doc["id"]), "质保期满")["status"] == "pending"


def test_a_due_rule_correction_that_is_not_text_is_refused_beside_its_field_and_nothing_is_stored(
        desk, session, contract_pdf):
    doc = desk.parsed(contract_pdf)
    cand = _by_text(doc, "质保期满")
    for due, field in [
        ({"date": 20250301}, "date"), ({"date": {"year": 2025}}, "date"), ({"date": ["2025-03-01"]}, "date"),
        ({"event": {"type": "acceptance"}, "offset": 3, "unit": "day"}, "event"),
        ({"event": "acceptance", "offset": 3, "unit": ["day"]}, "unit"),
        ({"event": "acceptance", "offset": "3天", "unit": "day"}, "offset"),
    ]:
        r = _accept(desk, doc, cand, due=due)
        assert r.status_code == 422, (due, r.status_code)  # 500 before: the driver refused the value
        (message,) = r.get_json()["errors"]["json"]["due"][field]
        assert " / " in message, due
    for due in (20250301, "2025-03-01", ["acceptance", 3, "day"]):
        r = _accept(desk, doc, cand, due=due)
        assert r.status_code == 422 and " / " in r.get_json()["errors"]["json"]["due"][0], due
    assert _obligations(session) == []
    assert _by_text(desk.document(doc["id"]), "质保期满")["status"] == "pending"
    # the service refuses it too, for callers without the API schema (the review page, scripts)
    from contracts.core.errors import DomainError
    from contracts.documents import services
    from contracts.documents.models import Candidate

    for due in ({"date": 20250301}, {"event": {"type": "acceptance"}, "offset": 3, "unit": "day"}):
        with pytest.raises(DomainError) as refused:
            services.accept_candidate(session, session.get(Candidate, cand["id"]), edits={"due": due})
        assert set(refused.value.errors) == {"due"}
        session.rollback()
    r = _accept(desk, doc, cand, due={"date": "2025-03-01"})
    assert r.status_code == 200 and _obligations(session)[0].due == {"date": "2025-03-01"}


def test_a_rejected_candidate_makes_no_obligation_and_a_decision_is_made_once(desk, session, contract_pdf):
    doc = desk.parsed(contract_pdf)
    organise = _by_text(doc, "组织验收")
    r = _reject(desk, doc, organise, "组织验收不是付款义务")
    assert r.status_code == 200 and r.get_json()["status"] == "rejected"
    assert r.get_json()["decided_by_id"] == desk.user.id
    assert _obligations(session) == []
    assert _accept(desk, doc, organise).status_code == 409
    advance = _by_text(doc, "预付款")
    assert _accept(desk, doc, advance).status_code == 200
    again = _accept(desk, doc, advance)
    assert again.status_code == 409
    assert "accepted" in again.get_json()["errors"]["json"]["status"][0]
    assert _reject(desk, doc, advance).status_code == 409
    assert len(_obligations(session)) == 1


def test_reparsing_with_a_newer_parser_keeps_confirmed_obligations_and_decisions(desk, session, contract_pdf,
                                                                                monkeypatch):
    doc = desk.parsed(contract_pdf)
    advance, organise = _by_text(doc, "预付款"), _by_text(doc, "组织验收")
    assert _accept(desk, doc, advance, description="预付款").status_code == 200
    assert _reject(desk, doc, organise).status_code == 200
    [confirmed] = _obligations(session)
    before = (confirmed.id, confirmed.amount, confirmed.percent, confirmed.due, confirmed.description,
              confirmed.source_text, confirmed.confirmed_by_id)

    # Version 2 of the parser reads the warranty payment differently and proposes the rest again.
    real = parsers.extract_document

    def newer(data, **kw):  # type: ignore[no-untyped-def]
        result = copy.deepcopy(real(data, **kw))
        for ob in result["obligations"]:
            if "质保期满" in ob["text"]:
                ob["due"] = {"event": "warranty_end", "offset": 20, "unit": "working_day"}
        return result

    monkeypatch.setattr(parsers, "extract_document", newer)
    monkeypatch.setattr(parsers, "PARSER_VERSION", "2.0.0")
    r = desk.api.post(f"/api/v1/documents/{doc['id']}/reparse")
    assert r.status_code == 202, r.get_json()
    assert r.get_json()["status"] in {"queued", "done"}
    drain()
    after = desk.document(doc["id"])
    assert after["status"] == "done" and after["parser_version"] == "2.0.0"

    [still] = _obligations(session)
    assert (still.id, still.amount, still.percent, still.due, still.description, still.source_text,
            still.confirmed_by_id) == before
    by_status: dict[str, list[dict]] = {}
    for c in after["candidates"]:
        by_status.setdefault(c["status"], []).append(c)
    assert [c["id"] for c in by_status["accepted"]] == [advance["id"]]
    assert [c["id"] for c in by_status["rejected"]] == [organise["id"]]
    old_pending = {c["id"] for c in doc["candidates"]} - {advance["id"], organise["id"]}
    assert {c["id"] for c in by_status["superseded"]} == old_pending
    fresh = by_status["pending"]
    assert all(c["parser_version"] == "2.0.0" for c in fresh)
    assert not any("预付款" in c["text"] or "组织验收" in c["text"] for c in fresh), "decided ones are not asked again"
    [warranty] = [c for c in fresh if "质保期满" in c["text"]]
    assert warranty["due"] == {"event": "warranty_end", "offset": 20, "unit": "working_day"}
    assert _accept(desk, after, next(c for c in by_status["superseded"] if "质保期满" in c["text"])).status_code == 409


def test_a_document_being_parsed_cannot_be_reparsed(desk, session, contract_pdf):
    from contracts.core.db import db
    from contracts.documents import services

    doc = upload_without_job(desk.contract, contract_pdf)
    r = desk.api.post(f"/api/v1/documents/{doc.id}/reparse")
    assert r.status_code == 409
    services.begin_run(session, doc.id, doc.job_id)  # a worker has just picked it up
    db.commit()
    r = desk.api.post(f"/api/v1/documents/{doc.id}/reparse")
    assert r.status_code == 409
    assert "解析中" in r.get_json()["errors"]["json"]["status"][0]


def test_the_same_pdf_uploaded_twice_does_not_make_its_obligations_twice(desk, session, contract_pdf):
    first = desk.parsed(contract_pdf, "合同.pdf")
    again = desk.parsed(contract_pdf, "合同（重复上传）.pdf")  # the clerk did not see it was there already
    assert _accept(desk, first, _by_text(first, "预付款")).status_code == 200
    assert _reject(desk, first, _by_text(first, "组织验收")).status_code == 200
    [advance] = _obligations(session)

    twice = _accept(desk, again, _by_text(again, "预付款"))
    assert twice.status_code == 409
    message = twice.get_json()["errors"]["json"]["status"][0]
    assert f"义务 {advance.id}" in message and f"obligation {advance.id}" in message
    assert [o.id for o in _obligations(session)] == [advance.id]

    third = desk.parsed(contract_pdf, "合同-副本.pdf")
    asked = [c["text"] for c in third["candidates"] if c["status"] == "pending"]
    assert asked and not any("预付款" in t or "组织验收" in t for t in asked), "what was decided is not asked again"
    other = desk.parsed(pdfs.contract_pdf(title="政府采购合同（补充）"), "补充合同.pdf")
    assert any("预付款" in c["text"] for c in other["candidates"]), "another file is read afresh"
