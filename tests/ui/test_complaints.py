"""An enterprise complains in the portal; the finance bureau walks the complaint through its steps."""

from __future__ import annotations

import io
import re
from datetime import UTC, date, datetime

from sqlalchemy import func, select

from contracts.access.models import User
from contracts.core import clock
from monitor.complaints import services
from monitor.complaints.models import Complaint
from tests.ui.conftest import text


def _complaint_form(contract, **changes):  # type: ignore[no-untyped-def]
    data = {"category": "unpaid_goods", "contract_id": str(contract.id), "title": "验收合格后尾款逾期未付",
            "amount": "520,000.00", "description": "2025年4月25日验收合格，至今未付尾款。"}
    data.update(changes)
    return data


def test_an_enterprise_files_a_complaint_and_follows_it_as_staff_accept_it(browser, make, session):
    clock.set_today(date(2025, 6, 2))
    supplier = make.enterprise("清河智联科技有限公司")
    contract = make.contract(make.agency("清河县教育局"), supplier, signed_on=date(2025, 3, 3))
    browser.sign_in("enterprise", enterprise=supplier)

    r = browser.submit("/portal/complaints/new", _complaint_form(contract, title="", amount="5.555"))
    assert r.status_code == 422
    html = text(r)
    assert re.search(r'id="err-title" role="alert">[^<]+', html)
    assert "金额最多保留两位小数" in html and 'value="5.555"' in html
    assert session.scalar(select(func.count(Complaint.id))) == 0

    r = browser.submit("/portal/complaints/new", _complaint_form(contract))
    assert r.status_code == 302
    complaint = session.scalar(select(Complaint))
    page = text(browser.get(f"/portal/complaints/{complaint.id}"))
    assert "验收合格后尾款逾期未付" in page and 'class="badge b-submitted"' in page

    enterprise_user = session.scalar(select(User).where(User.enterprise_id == supplier.id))
    browser.sign_in("finance_staff")
    desk = browser
    listing = text(desk.get("/staff/complaints/"))
    assert "验收合格后尾款逾期未付" in listing
    r = desk.submit(f"/staff/complaints/{complaint.id}/step", {"step": "reject", "note": ""},
                    form_page=f"/staff/complaints/{complaint.id}")
    assert r.status_code == 422 and "须向投诉人说明理由" in text(r)
    r = desk.submit(f"/staff/complaints/{complaint.id}/step", {"step": "accept", "note": "材料齐全，予以受理"},
                    form_page=f"/staff/complaints/{complaint.id}")
    assert r.status_code == 302
    session.expire_all()
    assert session.get(Complaint, complaint.id).status == "accepted"
    browser.sign_in_as(enterprise_user)
    assert "材料齐全，予以受理" in text(browser.get(f"/portal/complaints/{complaint.id}"))


def test_an_enterprise_cannot_open_another_enterprises_complaint(browser, make, session):
    clock.set_today(date(2025, 6, 2))
    theirs = make.enterprise("别家建设有限公司")
    contract = make.contract(make.agency(), theirs, signed_on=date(2025, 3, 3))
    from monitor.complaints import services

    owner = make.user("enterprise", enterprise=theirs)[0]
    c = services.file_complaint(session, owner, category="other", title="别家的投诉", description="……",
                                contract_id=contract.id)
    make.commit()
    browser.sign_in("enterprise")
    assert browser.get(f"/portal/complaints/{c.id}").status_code == 404
    assert "别家的投诉" not in text(browser.get("/portal/complaints/"))


def test_a_message_written_early_in_the_morning_in_beijing_shows_that_days_date(browser, make, session):
    clock.set_today(date(2025, 5, 12))
    supplier = make.enterprise("清河智联科技有限公司")
    contract = make.contract(make.agency("清河县教育局"), supplier, signed_on=date(2025, 3, 3))
    owner = browser.sign_in("enterprise", enterprise=supplier)
    c = services.file_complaint(session, owner, category="unpaid_goods", title="尾款逾期未付",
                                description="验收合格后至今未付尾款。", contract_id=contract.id)
    m = services.post_message(session, c, owner, "请问何时受理？")
    m.created_at = datetime(2025, 5, 11, 23, 30, tzinfo=UTC)  # 07:30 on 12 May in Asia/Shanghai
    make.commit()

    page = text(browser.get(f"/portal/complaints/{c.id}", headers={"Accept-Language": "zh-CN"}))
    assert "请问何时受理？" in page
    assert "2025年5月11日" not in page, "the message is dated by its UTC day"



def test_a_finding_or_record_number_that_can_be_no_id_is_refused_beside_its_field(browser, make, session):
    clock.set_today(date(2025, 6, 2))
    supplier = make.enterprise("清河智联科技有限公司")
    contract = make.contract(make.agency("清河县教育局"), supplier, signed_on=date(2025, 3, 3))
    owner = make.user("enterprise", enterprise=supplier)[0]
    c = services.file_complaint(session, owner, category="unpaid_goods", title="尾款逾期未付",
                                description="验收合格后至今未付尾款。", contract_id=contract.id)
    desk = browser.sign_in("finance_staff")
    for step in ("accept", "review"):
        services.take_step(session, c, desk, step, note="已核实")
    make.commit()
    page = f"/staff/complaints/{c.id}"
    huge = "99999999999999999999"
    r = browser.submit(f"{page}/step", {"step": "determine", "substantiated": "yes", "finding_ids": f"1, {huge}"},
                       form_page=page)
    assert r.status_code == 422  # 500 before: OverflowError from the database driver
    assert re.search(rf'id="err-finding_ids" role="alert">编号应为1到2147483647之间的整数：{huge}', text(r))
    r = browser.submit(f"{page}/step", {"step": "determine", "substantiated": "yes", "finding_ids": "三"},
                       form_page=page)
    assert r.status_code == 422 and "编号应为整数：三" in text(r), "a word is refused, not dropped"
    r = browser.submit(f"{page}/assign", {"handler_id": huge}, form_page=page)
    assert r.status_code == 422
    session.expire_all()
    assert (session.get(Complaint, c.id).status, session.get(Complaint, c.id).finding_ids) == ("reviewed", [])


def test_an_enterprise_with_no_registered_contract_complains_about_the_agency_that_broke_its_promise(
        browser, make, session):
    clock.set_today(date(2025, 6, 2))
    investor = make.enterprise("清河新材料有限公司")
    bureau = make.agency("清河县招商局")
    browser.sign_in("enterprise", enterprise=investor)
    home = text(browser.get("/portal/"))
    assert "/portal/complaints/new" in home, "the empty portal points to the complaint form"

    form = browser.get("/portal/complaints/new")
    assert f'<option value="{bureau.id}">清河县招商局</option>' in text(form)
    data = {"category": "investment_promise", "contract_id": "", "agency_id": "", "title": "落户奖励未兑现",
            "amount": "2,000,000.00", "description": "2024年签约落户时承诺的200万元奖励至今未拨付。"}
    r = browser.submit("/portal/complaints/new", data)
    assert r.status_code == 422
    assert re.search(r'id="err-agency_id" role="alert">请指明被投诉部门或合同', text(r))
    assert session.scalar(select(func.count(Complaint.id))) == 0

    r = browser.submit("/portal/complaints/new", data | {"agency_id": str(bureau.id)})
    assert r.status_code == 302, text(r)
    complaint = session.scalar(select(Complaint))
    assert (complaint.agency_id, complaint.contract_id, complaint.enterprise_id) == (bureau.id, None, investor.id)
    page = text(browser.get(f"/portal/complaints/{complaint.id}"))
    assert "落户奖励未兑现" in page and "清河县招商局" in page


def test_a_title_or_message_too_long_is_refused_beside_its_field_not_cut_short(browser, make, session):
    clock.set_today(date(2025, 6, 2))
    supplier = make.enterprise("清河智联科技有限公司")
    contract = make.contract(make.agency("清河县教育局"), supplier, signed_on=date(2025, 3, 3))
    browser.sign_in("enterprise", enterprise=supplier)
    long_title = "验收合格后尾款逾期未付" * 20  # 220 characters; the API allows 200
    r = browser.submit("/portal/complaints/new", _complaint_form(contract, title=long_title))
    assert r.status_code == 422
    assert re.search(r'id="err-title" role="alert">最多200个字符', text(r))
    assert session.scalar(select(func.count(Complaint.id))) == 0, "nothing is filed under a shortened title"

    r = browser.submit("/portal/complaints/new", _complaint_form(contract))
    complaint = session.scalar(select(Complaint))
    page = f"/portal/complaints/{complaint.id}"
    r = browser.submit(f"{page}/messages", {"body": "补充说明。" * 1001}, form_page=page)  # 5005 characters
    assert r.status_code == 422 and "最多5000个字符" in text(r)
    session.expire_all()
    assert session.get(Complaint, complaint.id).messages == []


def test_the_bureau_complained_about_follows_the_complaint_but_is_offered_no_step_to_take(browser, make, session):
    clock.set_today(date(2025, 6, 2))
    county = make.agency("清河县人民政府")
    bureau = make.agency("清河县教育局", parent_id=county.id)
    supplier = make.enterprise("清河智联科技有限公司")
    contract = make.contract(bureau, supplier, signed_on=date(2025, 3, 3))
    owner = make.user("enterprise", enterprise=supplier)[0]
    c = services.file_complaint(session, owner, category="unpaid_goods", title="尾款逾期未付",
                                description="验收合格后至今未付尾款。", contract_id=contract.id)
    make.commit()
    page = f"/staff/complaints/{c.id}"

    browser.sign_in("agency_staff", agency=bureau)
    html = text(browser.get(page))
    assert "尾款逾期未付" in html
    for form in ("step", "assign", "messages"):
        assert f'action="{page}/{form}"' not in html, f"the {form} form is not offered to the bureau complained about"
    assert "回避" in html

    browser.sign_in("agency_staff", agency=county)  # its superior handles it
    html = text(browser.get(page))
    assert all(f'action="{page}/{form}"' in html for form in ("step", "assign", "messages"))
    assert "回避" not in html


def test_the_handler_sees_and_opens_the_letter_an_enterprise_attached_to_its_complaint(browser, api, make, session):
    """The enterprise's system files the complaint with its demand letter and later sends the payment
    request in a message, both as evidence files through the API. The workbench showed the message's
    words ("附付款申请") but neither file: the handler could not know they existed."""
    clock.set_today(date(2025, 6, 2))
    supplier = make.enterprise("清河智联科技有限公司")
    contract = make.contract(make.agency("清河县教育局"), supplier, signed_on=date(2025, 3, 3))
    owner, token = make.user("enterprise", enterprise=supplier)
    firm = api.as_(token)

    def upload(name: str, content: bytes) -> int:
        r = firm.post("/api/v1/evidence", content_type="multipart/form-data",
                      data={"file": (io.BytesIO(content), name)})
        assert r.status_code == 201, r.get_json()
        return r.get_json()["id"]

    letter = upload("催款函.pdf", b"%PDF-1.4 demand letter")
    r = firm.post("/api/v1/complaints", json={"category": "unpaid_goods", "contract_id": contract.id,
                                              "title": "验收合格后尾款逾期未付", "description": "至今未付尾款。",
                                              "attachment_ids": [letter]})
    assert r.status_code == 201, r.get_json()
    complaint_id = r.get_json()["id"]
    request = upload("付款申请.pdf", b"%PDF-1.4 payment request")
    r = firm.post(f"/api/v1/complaints/{complaint_id}/messages", json={"body": "附付款申请", "attachment_ids": [request]})
    assert r.status_code == 201, r.get_json()

    browser.sign_in("finance_staff")
    page = text(browser.get(f"/staff/complaints/{complaint_id}"))
    for name, content in (("催款函.pdf", b"%PDF-1.4 demand letter"), ("付款申请.pdf", b"%PDF-1.4 payment request")):
        link = re.search(rf'<a href="([^"]+)"[^>]*>{name}</a>', page)
        assert link, f"{name} is not shown to the handler"
        download = browser.get(link.group(1))
        assert download.status_code == 200 and download.data == content

    browser.sign_in_as(owner)
    own = text(browser.get(f"/portal/complaints/{complaint_id}"))
    assert re.search(r'<a href="[^"]+"[^>]*>催款函.pdf</a>', own) and re.search(r'<a href="[^"]+"[^>]*>付款申请.pdf</a>', own)


def test_a_supplier_attaches_its_evidence_in_the_portal_and_the_handler_opens_it(browser, make, session):
    """Evidence could be attached only through the API: the supplier on the portal could describe its
    acceptance certificate but not send it. Now the complaint form and the messages take files; a file
    of a kind not accepted is refused beside the field, naming the file, and nothing is filed."""
    from monitor.records.models import Attachment

    clock.set_today(date(2025, 6, 2))
    supplier = make.enterprise("清河智联科技有限公司")
    contract = make.contract(make.agency("清河县教育局"), supplier, signed_on=date(2025, 3, 3))
    browser.sign_in("enterprise", enterprise=supplier)
    form = text(browser.get("/portal/complaints/new"))
    assert 'enctype="multipart/form-data"' in form and 'type="file" multiple' in form

    r = browser.submit("/portal/complaints/new", {**_complaint_form(contract),
                       "evidence": [(io.BytesIO(b"MZ..."), "付款申请.exe")]}, content_type="multipart/form-data")
    assert r.status_code == 422
    assert re.search(r'id="err-evidence" role="alert">付款申请.exe：不支持的文件类型 .exe', text(r))
    assert session.scalar(select(func.count(Complaint.id))) == 0
    assert session.scalar(select(func.count(Attachment.id))) == 0

    certificate, invoice = b"%PDF-1.4 acceptance certificate", b"%PDF-1.4 invoice"
    r = browser.submit("/portal/complaints/new", {**_complaint_form(contract), "evidence": [
        (io.BytesIO(certificate), "验收合格证明.pdf"), (io.BytesIO(invoice), "发票.pdf")]},
        content_type="multipart/form-data")
    assert r.status_code == 302, text(r)
    complaint = session.scalar(select(Complaint))
    detail = f"/portal/complaints/{complaint.id}"
    r = browser.submit(f"{detail}/messages", {"body": "补充付款申请书", "evidence": [
        (io.BytesIO(b"%PDF-1.4 payment request"), "付款申请书.pdf")]}, form_page=detail,
        content_type="multipart/form-data")
    assert r.status_code == 302, text(r)

    session.expire_all()  # the test's session is the pages' session: forget the complaint as loaded
    browser.sign_in("finance_staff")
    page = text(browser.get(f"/staff/complaints/{complaint.id}"))
    for name, content in (("验收合格证明.pdf", certificate), ("发票.pdf", invoice),
                          ("付款申请书.pdf", b"%PDF-1.4 payment request")):
        link = re.search(rf'<a href="([^"]+)"[^>]*>{name}</a>', page)
        assert link, f"{name} is not shown to the handler"
        assert browser.get(link.group(1)).data == content


def test_a_complaint_refused_for_another_field_asks_for_its_files_again_and_names_a_wrong_kind_at_once(
        browser, make, session):
    """Walking the demo: the supplier typed 1e3 as the amount and chose a letter and an .exe. The form
    came back naming only the amount; the browser had dropped both files without a word, and the .exe
    was refused only on the next try."""
    clock.set_today(date(2025, 6, 2))
    supplier = make.enterprise("清河智联科技有限公司")
    contract = make.contract(make.agency("清河县教育局"), supplier, signed_on=date(2025, 3, 3))
    browser.sign_in("enterprise", enterprise=supplier)
    r = browser.submit("/portal/complaints/new", {**_complaint_form(contract, amount="1e3"), "evidence": [
        (io.BytesIO(b"%PDF-1.4 letter"), "催款函.pdf"), (io.BytesIO(b"MZ"), "付款申请.exe")]},
        content_type="multipart/form-data")
    assert r.status_code == 422
    html = text(r)
    assert "科学计数法" in html
    said = re.findall(r'id="err-evidence" role="alert">([^<]+)', html)
    assert said[0].startswith("付款申请.exe：不支持的文件类型 .exe") and "请改正上面的内容后重新选择" in said[-1]
    assert session.scalar(select(func.count(Complaint.id))) == 0
