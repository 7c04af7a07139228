"""The credit office decides a proposed record; the supplier objects to it in the portal."""

from __future__ import annotations

import io
import re
from datetime import date

from sqlalchemy import select

from contracts.access.models import User
from contracts.core import clock
from monitor.records import services as records
from monitor.records.models import DishonestyRecord, Objection
from tests.ui.conftest import text


def _unpaid_balance_record(make, session):  # type: ignore[no-untyped-def]
    """A proposed record against 清河县教育局 for the unpaid balance of a contract with a supplier."""
    clock.set_today(date(2025, 6, 2))
    agency, supplier = make.agency("清河县教育局"), make.enterprise("清河智联科技有限公司")
    contract = make.contract(agency, supplier, signed_on=date(2025, 3, 3))
    rec = records.propose(session, agency_id=agency.id, contract_id=contract.id, category="arrears",
                          facts="验收合格后逾期未支付尾款25万元。", legal_basis="《保障中小企业款项支付条例》第九条")
    return rec, supplier
def test_a_proposed_record_is_published_and_the_supplier_objects_to_it(browser, make, session):
    rec, supplier = _unpaid_balance_record(make, session)
    make.commit()

    browser.sign_in("credit_officer")
    queue = text(browser.get("/staff/records/"))
    assert f'href="/staff/records/{rec.id}"' in queue
    detail = f"/staff/records/{rec.id}"
    r = browser.submit(f"{detail}/decide", {"action": "dismiss", "reason": ""}, form_page=detail)
    assert r.status_code == 422 and 'role="alert"' in text(r)
    r = browser.submit(f"{detail}/decide", {"action": "publish", "publicity_months": "六", "note": ""}, form_page=detail)
    assert r.status_code == 422 and "整数月数" in text(r), "a period that is not a number is refused, not ignored"
    session.expire_all()
    assert session.get(DishonestyRecord, rec.id).status == "proposed"
    r = browser.submit(f"{detail}/decide", {"action": "publish", "publicity_months": "", "note": ""}, form_page=detail)
    assert r.status_code == 302
    session.expire_all()
    assert session.get(DishonestyRecord, rec.id).status == "published"

    owner = make.user("enterprise", enterprise=supplier, password="correct-horse-1")[0]
    browser.sign_in_as(session.get(User, owner.id))
    page = text(browser.get("/portal/objections/"))
    assert "验收合格后逾期未支付尾款25万元。" in page
    r = browser.submit(f"/portal/objections/records/{rec.id}", {"requested": "correct", "grounds": ""},
                       form_page="/portal/objections/")
    assert r.status_code == 422 and "须写明异议理由" in text(r)
    r = browser.submit(f"/portal/objections/records/{rec.id}", {"requested": "correct", "grounds": "已于5月30日付清。"},
                       form_page="/portal/objections/")
    assert r.status_code == 302
    assert session.scalar(select(Objection.grounds)) == "已于5月30日付清。"
    assert "已于5月30日付清。" in text(browser.get("/portal/objections/"))


def test_an_enterprise_sees_no_record_about_another_enterprises_contract(browser, make, session):
    agency = make.agency()
    contract = make.contract(agency, make.enterprise("别家建设有限公司"))
    rec = records.propose(session, agency_id=agency.id, contract_id=contract.id, category="arrears",
                          facts="别家的事实", legal_basis="依据")
    make.commit()
    browser.sign_in("enterprise")
    assert "别家的事实" not in text(browser.get("/portal/objections/"))
    r = browser.submit(f"/portal/objections/records/{rec.id}", {"requested": "revoke", "grounds": "x"},
                       form_page="/portal/objections/")
    assert r.status_code == 404


def test_the_credit_officer_sees_what_a_repair_rests_on_and_cannot_grant_it_with_interest_unpaid_unexplained(
        browser, make, session):
    from tests.records.support import county, published_record

    w = county(make, session)
    rec = published_record(make, session, w)
    clock.set_today(date(2025, 8, 20))
    make.payment(w.ob, "300000.00", date(2025, 8, 20))
    clerk = make.user("agency_staff", agency=w.agency)[0]
    clock.set_today(date(2025, 8, 27))
    app_ = records.apply_for_repair(session, rec, clerk, commitment="本单位承诺依法履约。")
    make.commit()

    browser.sign_in("credit_officer")
    detail = f"/staff/records/{rec.id}"
    page = text(browser.get(detail))
    assert "失信行为已纠正：应付款项均已付清。" in page
    assert f"逾期利息：应付{app_.case['interest_due']}元，已付0.00元。" in page
    assert "2025-08-27起可修复。" in page
    r = browser.submit(f"/staff/records/repairs/{app_.id}", {"approve": "yes", "reason": ""}, form_page=detail)
    assert r.status_code == 422 and "逾期利息尚未付清" in text(r)
    session.expire_all()
    assert session.get(DishonestyRecord, rec.id).status == "published"
    r = browser.submit(f"/staff/records/repairs/{app_.id}", {"approve": "yes", "reason": "债权人书面放弃逾期利息"},
                       form_page=detail)
    assert r.status_code == 302
    session.expire_all()
    assert session.get(DishonestyRecord, rec.id).status == "repaired"
    assert "理由: 债权人书面放弃逾期利息" in text(browser.get(detail))


def test_an_enterprise_with_many_public_records_pages_through_them_and_objects_from_the_second_page(
        browser, make, session):
    clock.set_today(date(2025, 6, 2))
    agency, supplier = make.agency("清河县交通运输局"), make.enterprise("清河路桥工程有限公司")
    contract = make.contract(agency, supplier, signed_on=date(2025, 3, 3))
    published = []
    for n in range(1, 24):
        rec = records.propose(session, agency_id=agency.id, contract_id=contract.id, category="arrears",
                              facts=f"第{n:02d}笔工程款逾期未付。", legal_basis="《保障中小企业款项支付条例》第九条")
        records.publish(session, rec, user_id=None)
        published.append(rec)
    make.commit()
    owner = make.user("enterprise", enterprise=supplier, password="correct-horse-1")[0]
    browser.sign_in_as(session.get(User, owner.id))

    first = text(browser.get("/portal/objections/"))
    assert "第23笔" in first and "第04笔" in first and "第03笔" not in first, "the 20 latest on the first page"
    assert 'href="/portal/objections/?records_page=2"' in first
    second = text(browser.get("/portal/objections/?records_page=2"))
    assert "第03笔" in second and "第01笔" in second and "第04笔" not in second
    oldest = published[0]
    r = browser.submit(f"/portal/objections/records/{oldest.id}?records_page=2", {"requested": "correct", "grounds": ""},
                       form_page="/portal/objections/?records_page=2")
    assert r.status_code == 422 and "须写明异议理由" in text(r) and "第01笔" in text(r), \
        "a refused objection is shown again beside its record, on the page it was filed from"
    r = browser.submit(f"/portal/objections/records/{oldest.id}?records_page=2",
                       {"requested": "correct", "grounds": "第一笔已付清。"}, form_page="/portal/objections/?records_page=2")
    assert r.status_code == 302
    assert session.scalar(select(Objection.record_id)) == oldest.id


def test_a_credit_officer_writing_a_long_exemption_basis_is_told_beside_it_and_the_record_stays_proposed(
        browser, make, session):
    """The basis of a fault-tolerance exemption is a citation (at most 300 characters, as the API
    says); the officer who pastes the whole regulation into it is told so beside the field instead of
    meeting a server error (PostgreSQL) or having it cut to 300 characters (the embedded default), and
    the grounds they wrote stay in the form."""
    rec, _ = _unpaid_balance_record(make, session)
    make.commit()
    browser.sign_in("credit_officer")
    detail = f"/staff/records/{rec.id}"
    basis = "《关于建立健全容错纠错机制的意见》第三条：在推进改革中因缺乏经验、先行先试出现的失误，" * 8
    assert len(basis) > 300
    r = browser.submit(f"{detail}/decide", {"action": "exempt", "grounds": "因上级资金未到位导致延付，已于5月底付清。",
                                            "basis": basis}, form_page=detail)
    assert r.status_code == 422
    html = text(r)
    assert '<p class="field-error" role="alert">最多300个字符</p>' in html
    assert "因上级资金未到位导致延付，已于5月底付清。" in html
    session.expire_all()
    assert session.get(DishonestyRecord, rec.id).status == "proposed"


def test_the_credit_officer_sees_the_evidence_attached_to_an_objection_beside_its_grounds(browser, api, make, session):
    """The supplier objects to a published record through the API, attaching the bank's receipt of the
    payment it says the record ignores; the officer answering the objection saw only the grounds."""
    rec, supplier = _unpaid_balance_record(make, session)
    records.publish(session, rec, user_id=None)
    make.commit()
    _, token = make.user("enterprise", enterprise=supplier)
    firm = api.as_(token)
    r = firm.post("/api/v1/evidence", content_type="multipart/form-data",
                  data={"file": (io.BytesIO(b"%PDF-1.4 receipt"), "银行回单.pdf")})
    assert r.status_code == 201, r.get_json()
    r = firm.post(f"/api/v1/records/{rec.id}/objections",
                  json={"requested": "revoke", "grounds": "尾款已于5月30日付清，见银行回单。", "attachment_ids": [r.get_json()["id"]]})
    assert r.status_code == 201, r.get_json()

    browser.sign_in("credit_officer")
    page = text(browser.get(f"/staff/records/{rec.id}"))
    assert "尾款已于5月30日付清，见银行回单。" in page
    link = re.search(r'<a href="([^"]+)"[^>]*>银行回单.pdf</a>', page)
    assert link, "the receipt is not shown beside the objection"
    assert browser.get(link.group(1)).data == b"%PDF-1.4 receipt"


def test_the_supplier_attaches_the_bank_receipt_to_its_objection_in_the_portal(browser, make, session):
    """The receipt that proves the balance was paid is the objection's whole case; the portal took
    only the grounds. Now the objection form takes files, and the credit officer sees them."""
    rec, supplier = _unpaid_balance_record(make, session)
    records.publish(session, rec, user_id=None)
    make.commit()
    browser.sign_in("enterprise", enterprise=supplier)
    assert 'type="file" multiple' in text(browser.get("/portal/objections/"))
    receipt = b"%PDF-1.4 bank receipt"
    r = browser.submit(f"/portal/objections/records/{rec.id}", {
        "requested": "revoke", "grounds": "尾款已于5月30日付清，附银行回单。",
        "evidence": [(io.BytesIO(receipt), "银行回单.pdf")]}, form_page="/portal/objections/",
        content_type="multipart/form-data")
    assert r.status_code == 302, text(r)
    session.expire_all()
    assert session.scalar(select(Objection.grounds)) == "尾款已于5月30日付清，附银行回单。"
    browser.sign_in("credit_officer")
    page = text(browser.get(f"/staff/records/{rec.id}"))  # the record's page lists its objections
    link = re.search(r'<a href="([^"]+)"[^>]*>银行回单.pdf</a>', page)
    assert link, "the officer does not see the receipt"
    assert browser.get(link.group(1)).data == receipt
