"""Staff read the rule catalogue, the integrity scoreboard and the responsibility look-backs in the workbench."""

from __future__ import annotations

import re
from datetime import date
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from contracts.core import clock
from contracts.core.db import db
from monitor.checker import engine
from monitor.checker.rules import BY_ID
from tests.ui.conftest import text


@pytest.fixture
def story(make, session):  # type: ignore[no-untyped-def]
    """An education bureau that left a 300,000 instalment unpaid after its approver handed over."""
    clock.set_today(date(2025, 7, 1))
    edu, transport = make.agency("清河县教育局"), make.agency("清河县交通运输局")
    wang, li = make.official(edu, "王五", "副局长"), make.official(edu, "李四", "财务科长")
    contract = make.contract(edu, make.enterprise("清河智联科技有限公司"), code="QH-2025-001",
                             title="教学设备采购", signed_on=date(2025, 1, 10))
    make.responsible(contract, wang)
    make.handover(contract, li, date(2025, 4, 1))
    make.obligation(contract, due={"date": "2025-05-01"}, amount="300000.00", description="首期款")
    other = make.contract(transport, code="JT-2025-009", title="道路养护", signed_on=date(2025, 1, 5))
    make.obligation(other, due={"date": "2025-03-01"}, amount="80000.00", description="养护费")
    engine.run_check(session, as_of=date(2025, 7, 1))
    db.commit()
    return SimpleNamespace(edu=edu, transport=transport, wang=wang, li=li, contract=contract, other=other)


def test_every_staff_role_reads_the_rule_catalogue_with_its_law_and_parameters(browser, make, story):
    rule = BY_ID["late_payment_interest"]
    for role in ("supervisor", "credit_officer", "agency_staff", "finance_staff"):
        browser.sign_in(role)
        r = browser.get("/staff/rules/")
        assert r.status_code == 200, role
        page = text(r)
        assert "规则目录" in page and rule.title_zh in page and rule.title_en in page
        assert rule.bases[0].citation in page
        assert "默认值" in page and "政府采购" in page
    findings = text(browser.get("/staff/findings/"))
    assert 'href="/staff/rules/"' in findings


def test_the_rule_catalogue_shows_parameters_in_words_not_as_python_values(browser, story):
    browser.sign_in("supervisor")
    page = text(browser.get("/staff/rules/"))
    switches = re.findall(r'<code>enabled</code></td>\s*<td[^>]*>[^<]*</td>\s*<td[^>]*>([^<]*)</td>\s*<td[^>]*>([^<]*)</td>',
                          page)
    assert switches and set(switches) == {("是", "是")}, "value in force and default"
    assert ">True<" not in page and ">False<" not in page and ">None<" not in page
    assert "[7, 3, 1]" not in page and "7、3、1" in page, "the warning days"
    assert "['换届'" not in page and "换届、领导、" in page, "the words that mark a delay reason aggravating"
    english = text(browser.get("/staff/rules/?lang=en"))
    assert ">True<" not in english and '<td data-label="Value in force" class="num">Yes</td>' in english


def test_the_scoreboard_ranks_agencies_and_links_to_the_contracts_and_the_files(browser, story):
    browser.sign_in("supervisor")
    r = browser.get("/staff/reports/?start=2025-01-01&end=2025-06-30&group=agency")
    assert r.status_code == 200
    page = text(r)
    assert "政务诚信评价" in page and "清河县教育局" in page and "清河县交通运输局" in page
    assert "按时支付率" in page and "0.0%" in page
    assert "300,000.00" in page and "80,000.00" in page  # overdue and unpaid per agency
    drill = re.search(rf'href="(/staff/reports/drilldown\?figure=payments_due&amp;key={story.edu.id}&amp;[^"]*)"', page)
    assert drill, "the agency's row links to its contracts"
    contracts = text(browser.get(drill.group(1).replace("&amp;", "&")))
    assert "QH-2025-001" in contracts and "JT-2025-009" not in contracts
    xlsx = re.search(r'href="(/api/v1/reports/scoreboard\?[^"]*format=xlsx)"', page)
    assert xlsx
    download = browser.get(xlsx.group(1).replace("&amp;", "&"))
    assert download.status_code == 200 and download.data[:2] == b"PK"
    assert "/api/v1/reports/scoreboard?" in page and "format=csv" in page and "format=pdf" in page
    by_region = text(browser.get("/staff/reports/?start=2025-01-01&end=2025-06-30&group=region"))
    assert "330102" in by_region


def test_a_drilldown_page_past_the_end_shows_the_last_page_as_the_other_lists_do(browser, story):
    browser.sign_in("supervisor")
    drill = f"/staff/reports/drilldown?figure=payments_due&key={story.edu.id}&start=2025-01-01&end=2025-06-30"
    empty_state = "本期间该指标下没有合同"
    assert empty_state in text(browser.get(drill.replace("2025-01-01", "2024-01-01").replace("2025-06-30", "2024-06-30")))
    for page in ("2", "99999999999999999999"):  # the latter a 500 before: OFFSET overflowed in the driver
        r = browser.get(f"{drill}&page={page}")
        assert r.status_code == 200, page
        html = text(r)
        assert "QH-2025-001" in html and empty_state not in html, "the last page, not the empty state"
    contracts = text(browser.get("/staff/contracts/?page=2"))  # the registry's list does the same
    assert "QH-2025-001" in contracts


def test_a_bad_period_is_refused_beside_the_field(browser, story):
    browser.sign_in("credit_officer")
    r = browser.get("/staff/reports/?start=2025-06-30&end=2025-01-01")
    assert r.status_code == 422 and "结束日期早于开始日期" in text(r)


def test_the_contract_look_back_names_who_held_each_role_on_each_date(browser, story):
    browser.sign_in("credit_officer")
    detail = text(browser.get(f"/staff/contracts/{story.contract.id}"))
    link = f'href="/staff/reports/contracts/{story.contract.id}/lookback"'
    assert link in detail and "责任回溯" in detail
    page = text(browser.get(f"/staff/reports/contracts/{story.contract.id}/lookback"))
    assert "责任回溯" in page and "QH-2025-001" in page and "时间线" in page
    assert "<th>事项</th>" in page and "投诉事项" not in page  # a timeline, not a complaint
    rows = {m.group(1): m.group(2) for m in re.finditer(
        r'<tr class="stage-(\w+)">(.*?)</tr>', page, re.S)}
    assert "王五" in rows["signing"] and "李四" not in rows["signing"]
    assert "李四" in rows["breach"] and "王五" not in rows["breach"]
    assert "逾期违约" in page and "责任交接" in page
    official = f'href="/staff/reports/officials/{story.wang.id}/lookback"'
    assert official in page
    wang = text(browser.get(f"/staff/reports/officials/{story.wang.id}/lookback"))
    assert "履职回溯" in wang and "王五" in wang and "李四" in wang and "QH-2025-001" in wang
    li = text(browser.get(f"/staff/reports/officials/{story.li.id}/lookback"))
    assert "首期款" in li and "逾期未履行" in li  # the report's word, for money and other duties alike


def test_the_contract_look_back_names_a_finding_in_the_language_of_the_page_alone(browser, story):
    browser.sign_in("supervisor")
    lookback = f"/staff/reports/contracts/{story.contract.id}/lookback"
    chinese = text(browser.get(lookback))
    assert "政府采购合同未在签订后2个工作日内公告" in chinese
    assert "Procurement contract not published within" not in chinese
    english = text(browser.get(f"{lookback}?lang=en"))
    assert "Procurement contract not published within 2 working days of signing" in english
    assert "政府采购合同未在签订后2个工作日内公告" not in english


def test_the_contract_look_back_tells_what_the_registry_did_in_chinese(browser, make, session, story):
    balance = make.obligation(story.contract, due={"event": "acceptance", "offset": 10, "unit": "day"},
                              amount="200000.00", description="验收款")
    make.event(story.contract, "acceptance", date(2025, 5, 20))
    make.payment(balance, "50000.00", date(2025, 6, 1))
    browser.sign_in("supervisor")
    page = text(browser.get(f"/staff/reports/contracts/{story.contract.id}/lookback"))
    assert "payment recorded" not in page and "due date derived" not in page
    assert "已登记付款" in page and "已按合同履约事件推算到期日" in page


def test_a_finding_the_check_resolved_reads_why_in_chinese_on_the_look_back(browser, session, story):
    from contracts.obligations import services as obligations
    from contracts.obligations.models import Obligation

    instalment = session.scalar(select(Obligation).where(Obligation.contract_id == story.contract.id))
    obligations.update_obligation(session, instalment, {"status": "cancelled"})
    db.commit()
    engine.run_check(session, as_of=date(2025, 7, 1))
    browser.sign_in("supervisor")
    page = text(browser.get(f"/staff/reports/contracts/{story.contract.id}/lookback"))
    assert "义务已取消" in page and "obligation cancelled" not in page


def test_the_contract_look_back_tells_what_the_credit_office_did_in_chinese(browser, session, story):
    from monitor.checker.models import Finding
    from monitor.records import services as records

    findings = session.scalars(select(Finding).where(Finding.contract_id == story.contract.id)).all()
    rec = records.propose_from_findings(session, list(findings), as_of=date(2025, 7, 1))
    records.dismiss(session, rec, reason="款项已于7月1日支付，凭证齐全", user_id=None)
    db.commit()
    browser.sign_in("supervisor")
    page = text(browser.get(f"/staff/reports/contracts/{story.contract.id}/lookback"))
    assert f"record {rec.id} dismissed" not in page and "proposed dishonesty record" not in page
    assert f"失信记录 {rec.id} 不予认定" in page and f"已拟记入失信记录 {rec.id}" in page
    history = text(browser.get(f"/staff/findings/{findings[0].id}"))
    assert f"已拟记入失信记录 {rec.id}" in history and "proposed dishonesty record" not in history
    browser.get("/lang/en")
    history = text(browser.get(f"/staff/findings/{findings[0].id}"))
    assert f"proposed dishonesty record {rec.id}" in history and "已拟记入失信记录" not in history


HAN = re.compile(r"[\u4e00-\u9fff]")


def test_the_contract_look_back_in_english_reads_every_matter_in_english(browser, make, session, on_day, story):
    """Only what people wrote (an obligation's description, names, a complaint's title, a note) stays
    Chinese on the English page; every sentence the report makes is English there, as the Chinese
    page and the files keep theirs."""
    from monitor.checker import services as findings
    from monitor.checker.models import Finding
    from monitor.complaints import services as complaints
    from monitor.records import services as records

    c = story.contract
    balance = make.obligation(c, due={"event": "acceptance", "offset": 10, "unit": "day"}, amount="200000.00",
                              description="验收款")
    site = make.obligation(c, due={"date": "2025-03-01"}, kind="land")  # no description: named by its kind
    make.event(c, "acceptance", date(2025, 5, 20))
    make.payment(balance, "50000.00", date(2025, 6, 1))
    from contracts.obligations import services as obligations
    obligations.fulfil(session, site, on=date(2025, 2, 20))
    db.commit()
    officer, _ = make.user("credit_officer")
    firm, _ = make.user("enterprise", enterprise=c.parties[0].enterprise)
    on_day(date(2025, 7, 2))
    engine.run_check(session, as_of=date(2025, 7, 2))
    overdue = session.scalars(select(Finding).where(Finding.contract_id == c.id, Finding.obligation_id.is_not(None))
                              .order_by(Finding.id)).first()
    findings.act(session, officer, overdue, "rectify", deadline=date(2025, 7, 31))
    complaints.file_complaint(session, firm, category="unpaid_goods", title="首期款逾期未付", description="请督促付款",
                              contract_id=c.id)
    rec = records.propose_from_findings(session, [overdue], as_of=date(2025, 7, 2))
    records.dismiss(session, rec, reason="已约定分期付款", user_id=None)
    db.commit()

    browser.sign_in("supervisor")
    lookback = f"/staff/reports/contracts/{c.id}/lookback"
    chinese = text(browser.get(lookback))
    english = text(browser.get(f"{lookback}?lang=en"))
    cells = re.findall(r'<td data-label="Matter">(.*?)</td>', english, re.S)
    assert len(cells) >= 12
    done = [a for cell in cells for a in re.findall(r"<br><small>(.*?)</small>", cell)]
    assert done, "what people did on each entry"
    written = ["首期款逾期未付", "已约定分期付款", "首期款", "验收款", "王五", "李四", "岗位调整"]  # longest first
    for cell in cells:
        said = re.sub(r"<[^>]+>", " ", re.split(r"<small|<br>", cell)[0])  # the matter, not the law's citation
        for words in written:
            said = said.replace(words, "")
        assert not HAN.search(said), cell
    for action in done:
        said = re.sub(r"^[^:]*:", "", action)  # who did it
        for words in written:
            said = said.replace(words, "")
        assert not HAN.search(said), action
    for sentence in ("Contract signed (QH-2025-001)", "Payment approver: 王五 → 李四", "验收款: paid 50,000.00 yuan",
                     "Land handover: fulfilled", "首期款: Overdue, not fulfilled", "Acceptance passed",
                     "Rectify by Jul 31, 2025 (finding", f"Dishonesty record #{rec.id} proposed",
                     f"Dishonesty record #{rec.id} decided (Not recorded)",
                     f"Dismissed (finding #{overdue.id})</a>", f"record {rec.id} dismissed", "Overdue → Rectifying", "Complaint #", "Obligation changed"):
        assert sentence in english, sentence
    for sentence in ("合同签订（QH-2025-001）", "付款审批人：王五 → 李四", "验收款：付款 50,000.00 元", "土地：已履行",
                     "首期款：逾期未履行", f"拟记入失信记录#{rec.id}", "修改履约义务；已履行"):
        assert sentence in chinese, sentence
    files = browser.get(f"/api/v1/reports/contracts/{c.id}/lookback").get_json()
    signing = next(e for e in files["timeline"] if e["stage"] == "signing")
    assert signing["title"] == "合同签订（QH-2025-001）"
    assert signing["matter"] == {"what": "signing", "code": "QH-2025-001"}


def test_agency_staff_see_their_own_agency_only(browser, story):
    browser.sign_in("agency_staff", agency=story.edu)
    board = text(browser.get("/staff/reports/?start=2025-01-01&end=2025-06-30"))
    assert "清河县教育局" in board and "清河县交通运输局" not in board
    assert browser.get(f"/staff/reports/contracts/{story.contract.id}/lookback").status_code == 200
    assert browser.get(f"/staff/reports/contracts/{story.other.id}/lookback").status_code == 404
    assert browser.get(f"/staff/reports/contracts/{story.other.id}/lookback?as_of=x").status_code == 404, \
        "not a form error on a contract they may not see"
    transport_official = browser.make.official(story.transport, "赵六")
    assert browser.get(f"/staff/reports/officials/{transport_official.id}/lookback").status_code == 404


def test_an_enterprise_reaches_neither_the_rules_nor_the_reports(browser, story):
    browser.sign_in("enterprise")
    for path in ("/staff/rules/", "/staff/reports/", f"/staff/reports/contracts/{story.contract.id}/lookback",
                 f"/staff/reports/officials/{story.wang.id}/lookback",
                 f"/staff/reports/drilldown?figure=payments_due&key={story.edu.id}"):
        r = browser.get(path)
        assert r.status_code == 302 and r.headers["Location"].endswith("/portal/"), path
    assert browser.get(f"/api/v1/reports/contracts/{story.contract.id}/lookback").status_code == 403
    home = text(browser.get("/portal/"))
    assert "/staff/reports/" not in home and "/staff/rules/" not in home


def test_empty_reports_say_what_to_do(browser, make):
    clock.set_today(date(2025, 7, 1))
    agency = make.agency("清河县民政局")
    newcomer = make.official(agency, "钱七")
    contract = make.contract(agency, code="MZ-2025-001", signed_on=date(2025, 6, 1))
    browser.sign_in("supervisor")
    board = text(browser.get("/staff/reports/"))
    assert "本期间没有到期的政府付款" in board and 'href="/staff/contracts/"' in board
    official = text(browser.get(f"/staff/reports/officials/{newcomer.id}/lookback"))
    assert "尚未在您可查看的合同上承担责任" in official
    lookback = text(browser.get(f"/staff/reports/contracts/{contract.id}/lookback"))
    assert "尚未明确责任人" in lookback
    menu = text(browser.get("/"))
    assert 'href="/staff/reports/"' in menu and 'href="/staff/rules/"' in menu


# ---- look-backs as at an earlier day --------------------------------------------------------------
def _export(page: str, fmt: str) -> str | None:
    found = re.search(rf'href="(/api/v1/reports/[^"]*lookback\?[^"]*format={fmt})"', page)
    return found.group(1).replace("&amp;", "&") if found else None


def test_a_supervisor_looks_back_as_at_the_day_before_the_handover_in_the_workbench(browser, story):
    """王五 approved until 李四 took over on 04-01; as at 03-31 the 首期款 due 05-01 was still his to see to."""
    browser.sign_in("supervisor")
    lookback = f"/staff/reports/contracts/{story.contract.id}/lookback"
    today = text(browser.get(lookback))
    assert re.search(r'<form class="filters" method="get">.*?name="as_of" value="2025-07-01"', today, re.S)
    assert _export(today, "xlsx") == f"/api/v1/reports/contracts/{story.contract.id}/lookback?format=xlsx"

    r = browser.get(f"{lookback}?as_of=2025-03-31")
    assert r.status_code == 200
    page = text(r)
    assert "截至 2025年3月31日" in page and 'name="as_of" value="2025-03-31"' in page
    rows = {m.group(1): m.group(2) for m in re.finditer(r'<tr class="stage-(\w+)">(.*?)</tr>', page, re.S)}
    assert "handover" not in rows and "breach" not in rows, "the handover and the breach came later"
    assert "王五" in rows["due"] and "李四" not in page
    # the files are the same report: as at the same day
    xlsx = _export(page, "xlsx")
    assert xlsx == f"/api/v1/reports/contracts/{story.contract.id}/lookback?as_of=2025-03-31&format=xlsx"
    assert _export(page, "pdf") == xlsx.replace("xlsx", "pdf")
    download = browser.get(xlsx)
    assert download.status_code == 200 and download.data[:2] == b"PK"
    # following an official keeps the day
    wang = f"/staff/reports/officials/{story.wang.id}/lookback?as_of=2025-03-31"
    assert f'href="{wang}"' in page
    wang_page = text(browser.get(wang))
    assert "截至 2025年3月31日" in wang_page and "现任" in wang_page and "首期款" in wang_page
    assert f'href="{lookback}?as_of=2025-03-31"' in wang_page
    assert _export(wang_page, "pdf") == f"/api/v1/reports/officials/{story.wang.id}/lookback?as_of=2025-03-31&format=pdf"
    li = text(browser.get(f"/staff/reports/officials/{story.li.id}/lookback?as_of=2025-03-31"))
    assert "尚未在您可查看的合同上承担责任" in li, "李四 took over on 04-01"
    # the contract page links to the present look-back
    detail = text(browser.get(f"/staff/contracts/{story.contract.id}"))
    assert f'href="{lookback}"' in detail


def test_a_malformed_or_future_day_is_refused_beside_the_field_in_either_language(browser, story):
    browser.sign_in("credit_officer")
    contract = f"/staff/reports/contracts/{story.contract.id}/lookback"
    official = f"/staff/reports/officials/{story.wang.id}/lookback"
    for path, value, message in [(contract, "2025-02-30", "日历上没有这一天：2025-02-30"),
                                 (contract, "2025-07-02", "截至日期不能晚于今天"),
                                 (official, "31/03/2025", "日期格式应为 YYYY-MM-DD"),
                                 (official, "2025-07-02", "截至日期不能晚于今天")]:
        r = browser.get(f"{path}?as_of={value}")
        page = text(r)
        assert r.status_code == 422, (path, value)
        assert re.search(rf'<p class="field-error" id="err-as_of" role="alert">{message}', page), (path, value)
        assert f'name="as_of" value="{value}"' in page and "Traceback" not in page
        assert _export(page, "xlsx") is None, "no file of a report not shown"
    assert "QH-2025-001" in text(browser.get(f"{contract}?as_of=2025-07-02")), "the page still names the contract"
    assert "王五" in text(browser.get(f"{official}?as_of=2025-07-02"))
    browser.get("/lang/en")
    assert "as_of cannot be in the future" in text(browser.get(f"{contract}?as_of=2025-07-02"))
    assert "no such day in the calendar: 2025-02-30" in text(browser.get(f"{official}?as_of=2025-02-30"))


def test_a_look_back_before_the_signing_says_the_contract_was_not_yet_signed(browser, story):
    browser.sign_in("supervisor")
    r = browser.get(f"/staff/reports/contracts/{story.contract.id}/lookback?as_of=2025-01-09")
    page = text(r)
    assert r.status_code == 200
    assert "截至 2025-01-09 合同尚未签订（签订日期 2025-01-10），无可回溯的履约事项" in page
    assert "尚未明确责任人" not in page and "该合同尚无任何记录" not in page, "not the empty states of a signed contract"
    assert 'class="stage-' not in page
    browser.get("/lang/en")
    page = text(browser.get(f"/staff/reports/contracts/{story.contract.id}/lookback?as_of=2025-01-09"))
    assert "the contract was not yet signed (signed on 2025-01-10)" in page and "合同尚未签订" not in page


def test_the_scoreboard_is_judged_as_at_an_earlier_day_and_keeps_it_on_its_links_and_files(browser, story):
    """As at 15 April the education bureau's 300,000 (due 1 May) had not fallen due; the transport
    bureau's 80,000 (due 1 March) was overdue. The drill-down and the files keep the day."""
    browser.sign_in("supervisor")
    r = browser.get("/staff/reports/?start=2025-01-01&end=2025-06-30&as_of=2025-04-15&group=agency")
    assert r.status_code == 200
    page = text(r)
    assert "2025年4月15日" in page and 'value="2025-04-15"' in page
    assert "80,000.00" in page and "300,000.00" not in page
    drill = re.search(rf'href="(/staff/reports/drilldown\?figure=payments_due&amp;key={story.transport.id}&amp;[^"]*)"',
                      page)
    assert drill and "as_of=2025-04-15" in drill.group(1)
    drilled = text(browser.get(drill.group(1).replace("&amp;", "&")))
    assert "JT-2025-009" in drilled
    assert f'href="/staff/reports/contracts/{story.other.id}/lookback?as_of=2025-04-15"' in drilled
    edu = text(browser.get(f"/staff/reports/drilldown?figure=payments_due&key={story.edu.id}"
                           "&start=2025-01-01&end=2025-06-30&as_of=2025-04-15"))
    assert "QH-2025-001" not in edu, "not yet due as at 15 April"
    xlsx = re.search(r'href="(/api/v1/reports/scoreboard\?[^"]*format=xlsx)"', page)
    assert xlsx and "as_of=2025-04-15" in xlsx.group(1)
    future = browser.get("/staff/reports/?start=2025-01-01&end=2025-06-30&as_of=2025-07-02")
    assert future.status_code == 422 and "评价日期不能晚于今天" in text(future)
