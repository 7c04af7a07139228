"""A clerk uploads the signed PDF and reviews what the parser proposed, beside the highlighted page."""

from __future__ import annotations

import io
import json
import re
from datetime import date

from PIL import Image
from sqlalchemy import func, select

from contracts.core import clock
from contracts.documents.models import Candidate, Document
from contracts.obligations.models import Obligation
from tests.ui.conftest import run_queued_jobs, text
from tests.ui.pdfs import procurement_contract


def _upload(browser, contract, data: bytes, name: str = "合同.pdf"):  # type: ignore[no-untyped-def]
    return browser.client.post(f"/staff/documents/upload/{contract.id}", content_type="multipart/form-data",
                               data={"file": (io.BytesIO(data), name),
                                     "csrf_token": browser.token(f"/staff/contracts/{contract.id}")})


def _parsed(browser, make, session):  # type: ignore[no-untyped-def]
    clock.set_today(date(2025, 6, 2))
    browser.sign_in("finance_staff")
    agency, supplier = make.agency("清河县机关事务管理局"), make.enterprise("清河智联办公设备有限公司")
    contract = make.contract(agency, supplier, amount="500000.00", signed_on=date(2025, 3, 3))
    r = _upload(browser, contract, procurement_contract(code=contract.code, agency=agency.name, supplier=supplier.name))
    assert r.status_code == 302
    run_queued_jobs()
    return contract, session.scalar(select(Document))


def test_the_review_page_shows_each_candidate_beside_its_page_with_the_sentence_highlighted(browser, make, session):
    _contract, doc = _parsed(browser, make, session)
    page = text(browser.get(f"/staff/documents/{doc.id}/review"))
    assert "合同签订后10日内，甲方向乙方支付合同总价的30%作为预付款" in page
    cand = session.scalar(select(Candidate).where(Candidate.text.contains("30%")))
    png = browser.get(f"/staff/documents/{doc.id}/pages/{cand.page}.png?candidate={cand.id}")
    assert png.status_code == 200 and png.mimetype == "image/png"
    plain = browser.get(f"/staff/documents/{doc.id}/pages/{cand.page}.png")
    marked, unmarked = Image.open(io.BytesIO(png.data)).convert("RGB"), Image.open(io.BytesIO(plain.data)).convert("RGB")
    yellow = sum(1 for r, g, b in marked.get_flattened_data() if r > 240 and g > 200 and b < 150)
    assert yellow > 500 and sum(1 for r, g, b in unmarked.get_flattened_data() if r > 240 and g > 200 and b < 150) == 0
    assert browser.get(f"/staff/documents/{doc.id}/pages/99.png").status_code == 404
    # a candidate number too large for the database is no candidate, as a small unknown one (500 before)
    for unknown in ("2147483647", "99999999999999999999"):
        assert browser.get(f"/staff/documents/{doc.id}/pages/{cand.page}.png?candidate={unknown}").status_code == 404


def test_a_wrong_correction_comes_back_beside_the_field_and_a_right_one_becomes_an_obligation(browser, make, session):
    _contract, doc = _parsed(browser, make, session)
    cand = session.scalar(select(Candidate).where(Candidate.text.contains("30%")))
    review = f"/staff/documents/{doc.id}/review"
    form = {"edited": "1", "kind": "payment", "debtor": "government", "amount": "", "percent": "130",
            "due_mode": "event", "due_event": "signing", "due_offset": "15", "due_unit": "day", "description": "预付款"}
    r = browser.submit(f"/staff/documents/{doc.id}/candidates/{cand.id}/accept", form, form_page=review)
    assert r.status_code == 422
    html = text(r)
    assert re.search(r'id="err-percent" role="alert">百分比应在0到100之间', html)
    assert 'value="130"' in html and 'value="15"' in html
    assert session.scalar(select(func.count(Obligation.id))) == 0

    r = browser.submit(f"/staff/documents/{doc.id}/candidates/{cand.id}/accept", {**form, "percent": "30"},
                       form_page=review)
    assert r.status_code == 302
    ob = session.scalar(select(Obligation))
    assert (ob.source, ob.source_page, ob.due_offset, ob.amount) == ("document", cand.page, 15, 150000)


def test_a_rejected_candidate_is_decided_once(browser, make, session):
    _contract, doc = _parsed(browser, make, session)
    cand = session.scalar(select(Candidate).where(Candidate.text.contains("交货")))
    review = f"/staff/documents/{doc.id}/review"
    r = browser.submit(f"/staff/documents/{doc.id}/candidates/{cand.id}/reject", {"reason": "乙方义务"},
                       form_page=review)
    assert r.status_code == 302
    session.expire_all()
    assert session.get(Candidate, cand.id).status == "rejected"
    r = browser.submit(f"/staff/documents/{doc.id}/candidates/{cand.id}/accept", {}, form_page=review)
    assert r.status_code == 422 and "该候选义务已处理" in text(r)


def test_a_file_that_is_not_a_pdf_is_refused_with_the_reason(browser, make, session):
    browser.sign_in("finance_staff")
    contract = make.contract()
    r = _upload(browser, contract, b"\x89PNG\r\n\x1a\n" + b"0" * 100, "scan.pdf")
    assert r.status_code == 302
    page = text(browser.get(r.headers["Location"]))
    assert "文件不是PDF：按内容判断是PNG图片" in page
    assert session.scalar(select(func.count(Document.id))) == 0


def test_sending_the_upload_form_without_choosing_a_file_asks_for_the_pdf(browser, make, session):
    """The browser sends an empty, nameless file part when none was chosen: the clerk is asked to
    choose the PDF, not told that "the file is empty"."""
    browser.sign_in("finance_staff")
    contract = make.contract()
    r = _upload(browser, contract, b"", "")
    assert r.status_code == 302
    page = text(browser.get(r.headers["Location"]))
    assert "请选择要上传的合同PDF文件" in page and "文件为空" not in page
    assert session.scalar(select(func.count(Document.id))) == 0


def test_a_reviewers_corrected_amount_is_what_gets_confirmed(browser, make, session):
    _contract, doc = _parsed(browser, make, session)  # contract amount 500,000.00
    cand = session.scalar(select(Candidate).where(Candidate.text.contains("30%")))
    review = f"/staff/documents/{doc.id}/review"
    due = cand.data["due"]
    # The form comes prefilled with amount 150000.00 and percent 30; the reviewer corrects only the amount.
    form = {"edited": "1", "kind": "payment", "debtor": "government", "amount": "140000.00",
            "percent": str(cand.data["percent"]), "due_mode": "event", "due_event": due["event"],
            "due_offset": str(due["offset"]), "due_unit": due["unit"], "description": ""}
    r = browser.submit(f"/staff/documents/{doc.id}/candidates/{cand.id}/accept", form, form_page=review)
    assert r.status_code == 302
    ob = session.scalar(select(Obligation))
    assert ob.amount == 140000, (ob.amount, ob.percent)  # confirmed as 150000.00 (30%), correction dropped



def test_the_page_of_a_file_the_parser_could_not_read_is_not_found_not_an_error_page(browser, make, session):
    from tests.documents import pdfs

    clock.set_today(date(2025, 6, 2))
    browser.sign_in("finance_staff")
    contract = make.contract(make.agency("清河县机关事务管理局"), make.enterprise("清河智联办公设备有限公司"))
    for bad in (pdfs.garbage_pdf(), pdfs.truncated_pdf()):
        assert _upload(browser, contract, bad).status_code == 302
    run_queued_jobs()
    session.expire_all()
    for doc in session.scalars(select(Document).order_by(Document.id)):
        assert doc.status == "failed"
        assert browser.get(f"/staff/documents/{doc.id}/pages/1.png").status_code == 404  # 500 before


def test_the_credit_office_and_the_supervisor_are_not_offered_a_review_they_cannot_open(browser, make, session):
    contract, doc = _parsed(browser, make, session)
    review = f"/staff/documents/{doc.id}/review"
    assert review in text(browser.get(f"/staff/contracts/{contract.id}")), "the clerk reviews the parse"
    for role in ("credit_officer", "supervisor"):
        browser.sign_in(role)
        page = text(browser.get(f"/staff/contracts/{contract.id}"))
        assert "合同.pdf" in page, "the document is listed"
        assert review not in page and "审核抽取的履约义务" not in page
        assert browser.get(review).status_code == 403


def test_the_parse_progress_names_its_states_in_the_language_of_the_page_whoever_opened_a_page_first(
        app, browser, make, session):
    """The status the page's poller writes when a parse moves on (排队中 → 解析中 → 已解析) came from
    labels Jinja had folded into the template when it was first compiled, in the language of whoever
    opened a page first after a start: an English colleague's visit left every Chinese clerk watching
    "Parsing" and "Parsed"."""
    contract, doc = _parsed(browser, make, session)
    app.jinja_env.cache.clear()  # a fresh start of the server
    page = f"/staff/contracts/{contract.id}"

    def names(html: str) -> dict[str, str]:
        found = re.search(rf'data-doc="{doc.id}"[^>]*data-names="([^"]+)"', html)
        assert found, "no progress box for the document"
        return json.loads(found.group(1).replace("&#34;", '"'))

    english = names(text(browser.get(page + "?lang=en")))
    chinese = names(text(browser.get(page + "?lang=zh_CN")))
    assert english["done"] == "Parsed" and english["running"] == "Parsing"
    assert re.fullmatch(r"[\u4e00-\u9fff]+", chinese["done"]) and re.fullmatch(r"[\u4e00-\u9fff]+", chinese["running"]), chinese


def test_a_pdf_of_another_contract_uploaded_by_mistake_is_flagged_before_its_obligations_are_confirmed(
        browser, make, session):
    """The clerk files the supplier's other contract (its code, amount and date) under this one. The
    obligations read from it would be confirmed against the wrong contract; the review page sets the
    PDF's particulars beside the registry's first. The right PDF shows no such warning."""
    contract, doc = _parsed(browser, make, session)
    right = text(browser.get(f"/staff/documents/{doc.id}/review"))
    assert 'id="differences"' not in right
    assert browser.client.get(f"/api/v1/documents/{doc.id}").get_json()["differences"] == []

    other = procurement_contract(code="QH-CG-2024-077", agency="清河县机关事务管理局", supplier="清河华信科技有限公司",
                                 amount_words="叁拾贰万元整", amount="320,000.00")
    assert _upload(browser, contract, other, "另一份合同.pdf").status_code == 302
    run_queued_jobs()
    wrong = session.scalar(select(Document).where(Document.filename == "另一份合同.pdf"))
    page = text(browser.get(f"/staff/documents/{wrong.id}/review"))
    card = page[page.index('id="differences"'):page.index("</section>", page.index('id="differences"'))]
    assert "这份PDF与登记的合同不一致" in card
    for registered, in_pdf in ((re.escape(contract.code), "QH-CG-2024-077"), (r"500,000\.00", r"320,000\.00"),
                               ("清河智联办公设备有限公司（[0-9A-Z]{18}）", "清河华信科技有限公司")):
        assert re.search(rf"<td>{registered}</td>\s*<td>{in_pdf}</td>", card), (registered, card)
    assert "清河县机关事务管理局" not in card, "the agency is the same"
    detail = text(browser.get(f"/staff/contracts/{contract.id}"))
    assert detail.count("这份PDF与登记的合同不一致") == 1, "the contract page marks the wrong file, not the right one"
    listed = browser.client.get(f"/api/v1/documents/{wrong.id}").get_json()["differences"]
    assert [d["field"] for d in listed] == ["code", "amount", "counterparty"]
