"""The credit office decides a proposed record; the supplier objects to it in the portal."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from contracts.access.models import User
from contracts.core import clock
from monitor.records import services as records
from monitor.records.models import DishonestyRecord, Objection
from tests.ui.conftest import text


def test_a_proposed_record_is_published_and_the_supplier_objects_to_it(browser, make, session):
    clock.set_today(date(2025, 6, 2))
    agency, supplier = make.agency("清河县教育局"), make.enterprise("清河智联科技有限公司")
    contract = make.contract(agency, supplier, signed_on=date(2025, 3, 3))
    rec = records.propose(session, agency_id=agency.id, contract_id=contract.id, category="arrears",
                          facts="验收合格后逾期未支付尾款25万元。", legal_basis="《保障中小企业款项支付条例》第九条")
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
