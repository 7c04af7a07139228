"""A finance clerk fills in the workbench forms: mistakes are shown beside the field, what was typed stays."""

from __future__ import annotations

import os
import re
from datetime import date

import pytest
from sqlalchemy import func, select, update

from contracts.core import clock
from contracts.obligations.models import ContractEvent, Obligation, Payment
from contracts.registry.models import Contract
from tests.ui.conftest import text


def _field_errors(html: str, name: str) -> list[str]:
    return re.findall(rf'<p class="field-error" id="err-{name}" role="alert">([^<]*)</p>', html)


def _value(html: str, name: str) -> str | None:
    found = re.search(rf'name="{name}" value="([^"]*)"', html)
    return found.group(1) if found else None


def _contract_form(agency, enterprise, **changes):  # type: ignore[no-untyped-def]
    data = {"kind": "procurement", "code": "QH-CG-2025-101", "title": "办公家具采购合同", "agency_id": str(agency.id),
            "amount": "1,200,000.00", "signed_on": "2025-03-03", "enterprise_id": str(enterprise.id),
            "party_role": "supplier", "procurement_method": "open_tender", "award_notice_on": "2025-02-20"}
    data.update(changes)
    return data


def test_a_clerk_registers_a_procurement_contract_and_lands_on_its_page(browser, make, session):
    browser.sign_in("finance_staff")
    agency, supplier = make.agency("清河县教育局"), make.enterprise("清河智联科技有限公司")
    r = browser.submit("/staff/contracts/new", _contract_form(agency, supplier))
    assert r.status_code == 302
    contract = session.scalar(select(Contract).where(Contract.code == "QH-CG-2025-101"))
    assert contract.amount == 1200000 and contract.procurement_method == "open_tender"
    assert r.headers["Location"].endswith(f"/staff/contracts/{contract.id}")
    page = text(browser.get(f"/staff/contracts/{contract.id}"))
    assert "办公家具采购合同" in page and "清河智联科技有限公司" in page


def test_bad_contract_input_is_shown_beside_each_field_and_what_was_typed_is_kept(browser, make, session):
    browser.sign_in("finance_staff")
    agency, supplier = make.agency(), make.enterprise()
    r = browser.submit("/staff/contracts/new", _contract_form(agency, supplier, amount="1200.555", signed_on="2025-13-01",
                                                              title="", award_notice_on="2025-04-01"))
    assert r.status_code == 422
    html = text(r)
    assert _field_errors(html, "amount") == ["金额最多保留两位小数（元、角、分）"]
    assert _field_errors(html, "signed_on") == ["日历上没有这一天：2025-13-01"]
    assert _field_errors(html, "title") == ["必填字段"]
    assert _value(html, "amount") == "1200.555"
    assert _value(html, "code") == "QH-CG-2025-101"
    assert 'value="2025-04-01"' in html  # the award notice date as typed
    assert session.scalar(select(func.count(Contract.id))) == 0


def test_the_services_rule_comes_back_beside_its_field(browser, make, session):
    browser.sign_in("finance_staff")
    agency, supplier = make.agency(), make.enterprise()
    r = browser.submit("/staff/contracts/new", _contract_form(agency, supplier, award_notice_on="2025-04-01"))
    assert r.status_code == 422
    assert _field_errors(text(r), "award_notice_on") == ["中标（成交）通知书日期晚于合同签订日期"]
    make.contract(agency, supplier, code="QH-CG-2025-101")
    r = browser.submit("/staff/contracts/new", _contract_form(agency, supplier))
    assert _field_errors(text(r), "code") == ["本部门已登记该合同编号"]
    assert session.scalar(select(func.count(Contract.id))) == 1


def test_english_users_see_the_english_half_of_the_message(browser, make):
    browser.sign_in("finance_staff")
    agency, supplier = make.agency(), make.enterprise()
    browser.get("/lang/en")
    r = browser.submit("/staff/contracts/new", _contract_form(agency, supplier, amount="-5"))
    assert _field_errors(text(r), "amount") == ["the amount cannot be negative"]


def test_an_overpayment_is_refused_beside_the_amount_and_nothing_is_stored(browser, make, session):
    clock.set_today(date(2025, 6, 1))
    browser.sign_in("finance_staff")
    contract = make.contract(amount="500000.00", signed_on=date(2025, 3, 3))
    ob = make.obligation(contract, due={"date": "2025-05-01"}, amount="150000.00")
    path = f"/staff/contracts/{contract.id}/obligations/{ob.id}/payments/new"
    r = browser.submit(path, {"amount": "150,000.01", "paid_on": "2025-05-20", "voucher": "凭证 0091"})
    assert r.status_code == 422
    html = text(r)
    assert _field_errors(html, "amount") == ["超额付款：尚欠 150000.00 元"]
    assert _value(html, "amount") == "150,000.01" and _value(html, "voucher") == "凭证 0091"
    assert session.scalar(select(func.count(Payment.id))) == 0

    r = browser.submit(path, {"amount": "50000", "paid_on": "2025-05-20"})
    assert r.status_code == 302
    page = text(browser.get(f"/staff/contracts/{contract.id}"))
    assert "100,000.00" in page  # outstanding after the partial payment


def test_an_event_before_signing_is_refused_beside_the_date(browser, make, session):
    clock.set_today(date(2025, 6, 1))
    browser.sign_in("finance_staff")
    contract = make.contract(signed_on=date(2025, 3, 3))
    r = browser.submit(f"/staff/contracts/{contract.id}/events/new", {"type": "acceptance", "occurred_on": "2025-03-01"})
    assert r.status_code == 422
    assert _field_errors(text(r), "occurred_on") == ["事件日期早于合同签订日期"]
    assert session.scalar(select(func.count(ContractEvent.id)).where(ContractEvent.type == "acceptance")) == 0


def test_an_obligation_after_acceptance_gets_its_due_date_when_acceptance_is_recorded(browser, make):
    clock.set_today(date(2025, 6, 1))
    browser.sign_in("finance_staff")
    contract = make.contract(amount="500000.00", signed_on=date(2025, 3, 3))
    r = browser.submit(f"/staff/contracts/{contract.id}/obligations/new",
                       {"kind": "payment", "debtor": "government", "percent": "70", "due_mode": "event",
                        "due_event": "acceptance", "due_offset": "10", "due_unit": "working_day",
                        "description": "验收合格后付70%"})
    assert r.status_code == 302
    assert "验收合格后付70%" in text(browser.get(f"/staff/contracts/{contract.id}"))
    r = browser.submit(f"/staff/contracts/{contract.id}/events/new", {"type": "acceptance", "occurred_on": "2025-04-25"})
    assert r.status_code == 302
    page = text(browser.get(f"/staff/contracts/{contract.id}"))
    # 10 working days after Friday 25 April: Sunday 27 April is a 调休 working day, 1–5 May a holiday
    assert "2025年5月13日" in page


def test_an_event_rule_without_its_period_is_refused_in_the_due_fieldset(browser, make):
    browser.sign_in("finance_staff")
    contract = make.contract()
    r = browser.submit(f"/staff/contracts/{contract.id}/obligations/new",
                       {"kind": "payment", "debtor": "government", "amount": "1000", "due_mode": "event",
                        "due_event": "acceptance", "due_unit": "day"})
    assert r.status_code == 422
    assert _field_errors(text(r), "due") == ["事件期限缺少天数（offset）"]


def test_a_form_posted_without_its_csrf_token_is_refused_and_stores_nothing(browser, make, session):
    browser.sign_in("finance_staff")
    agency, supplier = make.agency(), make.enterprise()
    r = browser.client.post("/staff/contracts/new", data=_contract_form(agency, supplier))
    assert r.status_code == 400
    assert session.scalar(select(func.count(Contract.id))) == 0


def test_a_handover_keeps_both_holders_in_the_history(browser, make):
    clock.set_today(date(2025, 6, 1))
    browser.sign_in("finance_staff")
    agency = make.agency("清河县教育局")
    wang, li = make.official(agency, "王建国"), make.official(agency, "李晓梅", "副局长")
    contract = make.contract(agency, signed_on=date(2025, 3, 3))
    path = f"/staff/contracts/{contract.id}/responsibility"
    assert browser.submit(path, {"mode": "assign", "role": "payment_approver", "official_id": str(wang.id),
                                 "start": "2025-03-03"}).status_code == 302
    r = browser.submit(path, {"mode": "handover", "role": "payment_approver", "to_official_id": str(li.id),
                              "on": "2025-05-01", "reason": ""}, form_page=path + "?mode=handover")
    assert _field_errors(text(r), "reason") == ["必填字段"]
    r = browser.submit(path, {"mode": "handover", "role": "payment_approver", "to_official_id": str(li.id),
                              "on": "2025-05-01", "reason": "岗位调整"}, form_page=path + "?mode=handover")
    assert r.status_code == 302
    page = text(browser.get(f"/staff/contracts/{contract.id}"))
    assert "王建国" in page and "李晓梅" in page and "岗位调整" in page


def test_the_contract_form_refuses_a_daily_interest_rate_the_api_refuses(browser, make, session):
    browser.sign_in("finance_staff")
    agency, supplier = make.agency(), make.enterprise()
    # "5" (meant as 万分之五) is a 500 % daily rate; the API answers 422 "the daily rate is 0 to 1"
    r = browser.submit("/staff/contracts/new", _contract_form(agency, supplier, late_interest_daily_rate="5"))
    assert r.status_code == 422
    assert session.scalar(select(func.count(Contract.id))) == 0


def test_the_contract_form_answers_a_huge_acceptance_period_with_a_field_message_not_500(browser, make, session):
    browser.sign_in("finance_staff")
    agency, supplier = make.agency(), make.enterprise()
    r = browser.submit("/staff/contracts/new",
                       _contract_form(agency, supplier, acceptance_period_days="99999999999999999999"))
    assert r.status_code == 422  # 500: OverflowError from the database driver



def test_a_list_filtered_by_an_agency_number_too_large_for_the_database_opens_instead_of_a_500(browser, make):
    browser.sign_in("finance_staff")
    make.contract(code="HT-2024-001")
    huge = "99999999999999999999"  # hand-typed in the address bar; the lists' filters offer known agencies
    for path in (f"/staff/contracts/?agency_id={huge}", f"/staff/findings/?agency_id={huge}",
                 f"/staff/findings/?run={huge}"):
        assert browser.get(path).status_code == 200, path  # 500: OverflowError from the database driver


def test_the_contract_form_refuses_a_signing_date_after_today_beside_the_field(browser, make, session):
    clock.set_today(date(2025, 6, 30))
    browser.sign_in("finance_staff")
    agency, supplier = make.agency(), make.enterprise()
    r = browser.submit("/staff/contracts/new", _contract_form(agency, supplier, signed_on="2025-07-01"))
    assert r.status_code == 422
    assert _field_errors(text(r), "signed_on") == ["签订日期不能晚于今天"]
    assert session.scalar(select(func.count(Contract.id))) == 0


def test_a_nul_character_smuggled_into_a_form_or_a_search_is_refused_and_nothing_is_stored(browser, make, session):
    """A browser cannot type U+0000, but a crafted request can; PostgreSQL's text cannot hold it."""
    browser.sign_in("finance_staff")
    agency, supplier = make.agency(), make.enterprise()
    r = browser.submit("/staff/contracts/new", _contract_form(agency, supplier, title="办公家具\x00采购合同"))
    assert r.status_code == 422 and "不能包含空字符" in text(r), r.status_code
    assert session.scalar(select(func.count(Contract.id))) == 0
    r = browser.get("/staff/contracts/?q=%00")
    assert r.status_code == 422 and "不能包含空字符" in text(r), r.status_code


def test_a_title_longer_than_the_registry_holds_is_refused_beside_the_field_and_what_was_typed_is_kept(
        browser, make, session):
    """The clerk pastes the contract's whole heading and scope into its title. PostgreSQL refused the
    row in the driver (a 500); the embedded database stored what production would refuse."""
    browser.sign_in("finance_staff")
    agency, supplier = make.agency(), make.enterprise()
    schools = "、".join(f"清河县实验小学第{i}校区" for i in range(1, 30))
    title = f"清河县中小学教学设备采购合同（交互式电子白板、实验室仪器的供货、安装及培训；供货学校：{schools}）"
    assert len(title) > 300
    r = browser.submit("/staff/contracts/new", _contract_form(agency, supplier, title=title))
    assert r.status_code == 422
    html = text(r)
    assert _field_errors(html, "title") == ["最多300个字符"]
    assert title in html  # kept in the form, for the clerk to shorten
    assert session.scalar(select(func.count(Contract.id))) == 0
    r = browser.submit("/staff/contracts/new", _contract_form(agency, supplier, title=title[:300]))
    assert r.status_code == 302


def test_an_event_correction_with_a_reason_longer_than_the_audit_trail_holds_is_refused_beside_the_reason(
        browser, make, session):
    clock.set_today(date(2025, 6, 1))
    browser.sign_in("finance_staff")
    contract = make.contract(signed_on=date(2025, 3, 3))
    event = make.event(contract, "acceptance", date(2025, 4, 25))
    path = f"/staff/contracts/{contract.id}/events/{event.id}/correct"
    reason = "验收报告载明的验收日期与验收小组签字日期不一致，经核对会议纪要、签到表及监理日志，以签字日期为准。" * 12
    assert len(reason) > 500
    r = browser.submit(path, {"occurred_on": "2025-04-28", "reason": reason})
    assert r.status_code == 422
    assert _field_errors(text(r), "reason") == ["最多500个字符"]
    session.expire_all()
    assert session.get(ContractEvent, event.id).occurred_on == date(2025, 4, 25)


def test_a_handover_reason_longer_than_the_history_holds_is_refused_beside_the_reason(browser, make, session):
    clock.set_today(date(2025, 6, 1))
    browser.sign_in("finance_staff")
    agency = make.agency("清河县教育局")
    wang, li = make.official(agency, "王建国"), make.official(agency, "李晓梅", "副局长")
    contract = make.contract(agency, signed_on=date(2025, 3, 3))
    make.responsible(contract, wang, "payment_approver")
    path = f"/staff/contracts/{contract.id}/responsibility"
    reason = "根据县委组织部干部任免通知，王建国同志调任县财政局国库科科长，其负责的付款审批工作移交李晓梅同志。" * 7
    assert len(reason) > 300
    r = browser.submit(path, {"mode": "handover", "role": "payment_approver", "to_official_id": str(li.id),
                              "on": "2025-05-01", "reason": reason}, form_page=path + "?mode=handover")
    assert r.status_code == 422
    assert _field_errors(text(r), "reason") == ["最多300个字符"]
    assert "李晓梅" not in text(browser.get(f"/staff/contracts/{contract.id}"))


@pytest.mark.skipif(bool(os.environ.get("TEST_POSTGRES_URL")), reason="PostgreSQL never stored the longer text")
def test_an_obligation_an_earlier_version_stored_with_a_longer_description_still_takes_its_due_date(
        browser, make, session):
    """The embedded database kept whatever a form sent before text was measured against its column;
    such a row still takes the changes nobody typed (its due date derived from a new event)."""
    clock.set_today(date(2025, 6, 1))
    browser.sign_in("finance_staff")
    contract = make.contract(amount="500000.00", signed_on=date(2025, 3, 3))
    ob = make.obligation(contract, amount="100000.00", due={"event": "acceptance", "offset": 10, "unit": "day"})
    session.execute(update(Obligation).where(Obligation.id == ob.id).values(description="验收款" * 200))
    make.commit()
    r = browser.submit(f"/staff/contracts/{contract.id}/events/new", {"type": "acceptance", "occurred_on": "2025-04-25"})
    assert r.status_code == 302
    session.expire_all()
    assert session.get(Obligation, ob.id).due_date == date(2025, 5, 6)  # 5 May is in the Labour Day holiday
