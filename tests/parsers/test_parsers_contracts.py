"""Whole contracts written for these tests, in wordings and layouts the corpus does not use.

Each story builds a PDF with reportlab, states its own truth, and checks what the extractor
makes of it: every government obligation with its kind, amount and due rule, and the contract
fields. Distractors (penalties, warranty periods, counterparty duties, rights, duties without a
deadline) are in every document and must not come out as government obligations.
"""

from __future__ import annotations

import pytest

HOSPITAL = "青川县人民医院"
VENDOR = "成都云衡信息技术有限公司"


@pytest.fixture
def services_contract(contract_pdf, make_uscc):
    """Services procurement: 采购人/供应商 labels, a ruled payment table, a running header and
    footer on every page, and an obligation whose clause breaks across a page boundary."""
    title = "青川县人民医院信息化运维服务采购合同"
    doc = contract_pdf(header=title)
    doc.para(title, size=16, center=True)
    doc.paras([
        "合同编号：QCYY-FW-2024-031",
        f"采购人（甲方）：{HOSPITAL}",
        f"统一社会信用代码：{make_uscc('12511022450735001')}",
        f"供应商（乙方）：{VENDOR}",
        f"统一社会信用代码：{make_uscc('91510100MA6CWR8K2')}",
        "根据《中华人民共和国政府采购法》及其实施条例，采购人通过公开招标确定供应商，双方签订本合同。",
        "一、合同金额",
        "1.1 本合同总价款为人民币壹佰贰拾万元整（¥1,200,000.00），含税。",
        "二、服务期限",
        "2.1 服务期限为一年，自2024年7月1日起至2025年6月30日止。",
        "三、付款方式",
        "3.1 采购人按下表向供应商支付合同价款，供应商应在每次付款前开具合法有效的发票：",
    ])
    doc.table([
        ["付款阶段", "付款条件", "支付比例", "金额（元）"],
        ["预付款", "合同签订后7个工作日内", "30%", "360,000.00"],
        ["中期款", "2024年12月31日前", "40%", "480,000.00"],
        ["验收款", "服务终验合格后15日内", "25%", "300,000.00"],
        ["尾款", "质保期满后30日内", "5%", "60,000.00"],
    ], [30, 70, 30, 40])
    doc.paras([
        "四、履约保证金",
        "4.1 供应商应在合同签订前向采购人提交合同总价5%的履约保证金。",
        "4.2 履约保证金在服务终验合格后10个工作日内由采购人无息退还供应商。",
        "五、投标保证金",
        "5.1 采购代理机构应当自本合同签订之日起五个工作日内退还供应商的投标保证金人民币贰万元。",
    ])
    doc.page_break()
    doc.para("六、采购人的义务")
    doc.fill_page(leave_lines=1)
    doc.para("6.1 采购人应于2024年6月25日前向供应商开通医院内网访问权限并提供必要的办公条件，同时指定专人负责"
             "协调运维期间的日常事务，保障供应商的服务人员能够按时进场开展工作。")
    doc.paras([
        "七、违约责任",
        "7.1 采购人逾期付款的，每日按逾期金额的万分之五向供应商支付违约金。",
        "7.2 供应商未按约定提供服务的，采购人有权从履约保证金中扣除相应款项。",
        "八、其他",
        "8.1 本合同一式六份，采购人执四份，供应商执二份。",
        "8.2 本项目保修期两年。",
        "8.3 供应商应于每月5日前向采购人提交上月运维报告。",
        "8.4 采购人应及时组织验收。",
        "签订日期：2024年6月18日",
        f"采购人（盖章）：{HOSPITAL}      供应商（盖章）：{VENDOR}",
    ])
    return doc


def test_a_services_contract_with_a_ruled_payment_table_yields_each_instalment_and_both_returns(
        services_contract, extract, gov_obligations, make_uscc):
    pdf = services_contract.build()
    result = extract(pdf)
    assert result["pages"] >= 3
    assert gov_obligations(result) == {
        ("payment", "360000.00", ("signing", 7, "working_day")),
        ("payment", "480000.00", "2024-12-31"),
        ("payment", "300000.00", ("acceptance", 15, "day")),
        ("payment", "60000.00", ("warranty_end", 30, "day")),
        ("bond_return", "60000.00", ("acceptance", 10, "working_day")),
        ("deposit_return", "20000.00", ("signing", 5, "working_day")),
        ("other", None, "2024-06-25"),
    }
    contract = result["contract"]
    assert contract["kind"] == "procurement"
    assert contract["code"] == "QCYY-FW-2024-031"
    assert contract["amount"] == "1200000.00"
    assert contract["signed_on"] == "2024-06-18"
    assert contract["parties"] == [
        {"side": "government", "name": HOSPITAL, "uscc": make_uscc("12511022450735001")},
        {"side": "counterparty", "name": VENDOR, "uscc": make_uscc("91510100MA6CWR8K2")},
    ]


def test_a_clause_broken_across_a_page_boundary_is_one_obligation_on_the_page_where_it_begins(
        services_contract, extract):
    result = extract(services_contract.build())
    [duty] = [o for o in result["obligations"] if o["kind"] == "other" and o["debtor"] == "government"]
    assert duty["text"].startswith("6.1 采购人应于2024年6月25日前")
    assert duty["text"].endswith("保障供应商的服务人员能够按时进场开展工作。"), "the page break is joined"
    start_page = next(i for i, page in enumerate(services_contract.pages, 1)
                      if any(getattr(op, "text", "").startswith("6.1 采购人") for op in page))
    assert duty["page"] == start_page
    assert "第" not in duty["text"].split("开展工作")[0][-30:], "no footer text inside the clause"


def test_a_table_row_carries_its_page_and_the_row_text(services_contract, extract):
    result = extract(services_contract.build())
    advance = next(o for o in result["obligations"] if o["amount"] == "360000.00")
    assert advance["percent"] == "30"
    assert advance["text"] == "预付款 合同签订后7个工作日内 30% 360,000.00"
    assert advance["page"] == 1


@pytest.fixture
def works_contract(contract_pdf, make_uscc):
    """A works contract after GF-2017-0201: 发包人/承包人 with spaced labels, a faux-bold title,
    cumulative instalments (支付至…%), retention and bond defined in one sentence and returned
    in the next."""
    doc = contract_pdf(footer="- {page} -")
    doc.para("建设工程施工合同", size=18, center=True, bold="char")
    doc.para("滨河县第二中学综合楼新建工程施工合同", size=14, center=True, bold="line")
    doc.paras([
        "合同编号：BH-SG（2025）008号",
        "发 包 人：滨河县教育和体育局",
        f"统一社会信用代码：{make_uscc('11330522MB1A2B3C4')}",
        "承 包 人：浙江恒远建设集团有限公司",
        f"统一社会信用代码：{make_uscc('91330522MA2D4E5F6')}",
        "第一部分 合同协议书",
        "一、工程概况：工程名称：滨河县第二中学综合楼新建工程；工程地点：滨河县城南新区。",
        "二、签约合同价：人民币（大写）叁仟万元整（¥30,000,000.00元）。",
        "三、合同工期：计划开工日期2025年3月1日，计划竣工日期2026年2月28日，工期总日历天数365天。",
        "四、本协议书于2025年2月20日在滨河县签订。",
        "第二部分 专用合同条款",
        "1. 施工场地：发包人应于2025年2月25日前向承包人移交施工场地，并完成场地内的三通一平。",
        "2. 许可：发包人应在2025年2月28日前办理完成施工许可证。",
        "3. 预付款：预付款为签约合同价的10%，发包人应在合同生效后14天内支付。",
        "4. 进度款：发包人应于2025年9月30日前按已完工程量支付至签约合同价的40%。",
        "5. 竣工款：工程竣工验收合格后，发包人应在28天内支付至签约合同价的80%。",
        "6. 结算款：结算审计完成后30天内，发包人支付至结算价的97%，剩余3%作为质量保证金。",
        "7. 质量保证金：质量保证金为结算价的3%。缺陷责任期为24个月，自工程竣工验收合格之日起计算；"
        "缺陷责任期届满后，发包人应在14天内将剩余的质量保证金返还承包人。",
        "8. 履约担保：承包人应在签订本合同前向发包人提交履约担保，履约担保金额为签约合同价的5%。"
        "发包人应在工程接收证书颁发后28天内将履约担保退还给承包人。",
        "9. 投标保证金：发包人应在本合同签订后5日内退还承包人的投标保证金及同期银行存款利息，"
        "投标保证金金额为人民币50万元。",
        "10. 逾期竣工违约金：每逾期一天按签约合同价的万分之三计算。",
        "11. 承包人应在收到预付款后7天内向发包人提交预付款保函。",
        "12. 工程保修期为两年，自竣工验收合格之日起计算。",
        "13. 发包人应按照合同约定及时支付工程款。",
        "发包人（盖章）：滨河县教育和体育局",
        "承包人（盖章）：浙江恒远建设集团有限公司",
        "签订日期：二〇二五年二月二十日",
    ])
    return doc


def test_cumulative_instalments_of_a_works_contract_become_increments_of_the_contract_price(
        works_contract, extract, gov_obligations):
    result = extract(works_contract.build())
    assert gov_obligations(result) == {
        ("land", None, "2025-02-25"),
        ("approval", None, "2025-02-28"),
        ("payment", "3000000.00", ("signing", 14, "day")),
        ("payment", "9000000.00", "2025-09-30"),
        ("payment", "12000000.00", ("completion", 28, "day")),
        ("payment", "5100000.00", ("settlement", 30, "day")),
        ("retention_return", "900000.00", ("warranty_end", 14, "day")),
        ("bond_return", "1500000.00", ("completion", 28, "day")),
        ("deposit_return", "500000.00", ("signing", 5, "day")),
    }
    by_amount = {o["amount"]: o for o in result["obligations"] if o["debtor"] == "government"}
    assert by_amount["12000000.00"]["percent"] == "40", "支付至80% after 40% paid is a 40% instalment"


def test_a_faux_bold_title_is_read_once_and_the_fields_are_found(works_contract, extract, make_uscc):
    result = extract(works_contract.build())
    contract = result["contract"]
    assert contract["title"] == "滨河县第二中学综合楼新建工程施工合同"
    assert contract["kind"] == "bidding"
    assert contract["code"] == "BH-SG(2025)008号"
    assert contract["amount"] == "30000000.00"
    assert contract["signed_on"] == "2025-02-20"
    assert [(p["side"], p["name"], p["uscc"]) for p in contract["parties"]] == [
        ("government", "滨河县教育和体育局", make_uscc("11330522MB1A2B3C4")),
        ("counterparty", "浙江恒远建设集团有限公司", make_uscc("91330522MA2D4E5F6")),
    ]
    assert any("重复字符" in w for w in result["warnings"]), "the doubled title was de-duplicated"


@pytest.fixture
def ppp_contract(contract_pdf, make_uscc):
    """A PPP contract whose payment table has two money columns in 万元 and continues on the
    next page without repeating its header."""
    doc = contract_pdf(footer="{page}")
    doc.para("城东污水处理厂PPP项目合同", size=16, center=True, bold="line")
    doc.paras([
        "合同编号：CD-PPP-2024-002",
        "政府方：城东市水务局",
        f"统一社会信用代码：{make_uscc('11440300MB2C3D4E5')}",
        "社会资本方：华清水务投资有限公司",
        f"统一社会信用代码：{make_uscc('91440300MA5F6G7H8')}",
        "第一条 项目概况",
        "1.1 本项目总投资约为人民币8.6亿元。",
        "1.2 合作期限为二十年，其中建设期二年。",
        "第二条 政府方的主要义务",
        "2.1 政府方应于2024年10月31日前将项目建设用地以划拨方式交付项目公司使用。",
        "2.2 政府方应于2024年12月31日前协助项目公司取得建设工程规划许可证及施工许可证。",
        "2.3 建设期履约保函金额为人民币5000万元，政府方应在项目进入运营期后30日内将建设期履约保函退还社会资本方。",
        "第三条 政府付费",
    ])
    doc.fill_page(leave_lines=6)
    doc.para("3.1 政府方应将运营期政府付费纳入跨年度财政预算，并按下表向项目公司支付可用性付费和运维绩效付费：")
    years = [("第1年", "860.50", 2027), ("第2年", "875.20", 2028), ("第3年", "890.00", 2029), ("第4年", "905.30", 2030)]
    doc.table([["运营年度", "可用性付费（万元）", "运维绩效付费（万元）", "支付时间"]]
              + [[y, "5,200.00", om, f"{year}年6月30日前"] for y, om, year in years],
              [30, 45, 45, 50], repeat_header=False)
    doc.paras([
        "3.2 可行性缺口补助：政府方应于2027年3月31日前向项目公司支付首年可行性缺口补助人民币1200万元。",
        "3.3 绩效考核得分低于60分的，政府方有权暂停支付运维绩效付费。",
        "第四条 社会资本方的义务",
        "4.1 社会资本方应于本合同签订之日起30日内完成项目公司注册。",
        "4.2 项目公司应于2026年6月30日前完成项目建设并通过竣工验收。",
        "4.3 合作期满前12个月，双方应成立移交委员会。",
        "签订日期：2024年9月12日",
    ])
    return doc


def test_a_ppp_payment_table_in_wan_yuan_gives_one_payment_per_fee_and_year_across_pages(
        ppp_contract, extract, gov_obligations):
    result = extract(ppp_contract.build())
    expected = {
        ("land", None, "2024-10-31"),
        ("approval", None, "2024-12-31"),
        ("bond_return", "50000000.00", ("operation_start", 30, "day")),
        ("subsidy", "12000000.00", "2027-03-31"),
    }
    for om, year in (("8605000.00", 2027), ("8752000.00", 2028), ("8900000.00", 2029), ("9053000.00", 2030)):
        expected.add(("payment", "52000000.00", f"{year}-06-30"))
        expected.add(("payment", om, f"{year}-06-30"))
    assert gov_obligations(result) == expected
    pages = {o["page"] for o in result["obligations"] if o["kind"] == "payment"}
    assert len(pages) == 2, "the table runs over two pages"
    assert result["contract"]["kind"] == "ppp"
    assert result["contract"]["amount"] == "860000000.00"


def test_counterparty_duties_with_deadlines_are_kept_apart_from_the_governments(ppp_contract, extract):
    result = extract(ppp_contract.build())
    theirs = {(o["kind"], str(o["due"])) for o in result["obligations"] if o["debtor"] == "counterparty"}
    assert ("other", str({"event": "signing", "offset": 30, "unit": "day"})) in theirs
    assert ("other", str({"date": "2026-06-30"})) in theirs


@pytest.fixture
def investment_agreement(contract_pdf, make_uscc):
    """An investment agreement with Chinese-numeral dates and a 大写 subsidy."""
    doc = contract_pdf(footer=None)
    doc.para("新材料产业园项目投资协议书", size=16, center=True)
    doc.paras([
        "协议编号：XCL-TZ-2024-05",
        "甲方：江南高新技术产业开发区管理委员会",
        f"统一社会信用代码：{make_uscc('11320500MB3D4E5F6')}",
        "乙方：苏州瑞达新材料股份有限公司",
        f"统一社会信用代码：{make_uscc('91320500MA7H8J9K1')}",
        "第一条 项目概况",
        "项目计划总投资5亿元，其中固定资产投资不低于4亿元。",
        "第二条 甲方的义务",
        "1. 甲方应于二〇二四年九月三十日前完成项目地块的挂牌出让工作。",
        "2. 甲方负责在2024年12月31日前将道路、供水、供电、供气等基础设施接至项目地块红线。",
        "3. 甲方应在乙方项目竣工投产之日起三个月内，一次性给予乙方设备补助人民币伍佰万元整。",
        "4. 乙方项目达产后，甲方按乙方当年实际缴纳税收地方留成部分的50%给予奖励。",
        "第三条 乙方的义务",
        "1. 乙方应于本协议签订后六十日内在开发区注册成立项目公司。",
        "2. 乙方应于2025年3月31日前开工建设。",
        "第四条 违约责任",
        "乙方未按期开工的，每逾期一日按土地出让价款的万分之五支付违约金。",
        "签订日期：二〇二四年六月十八日",
    ])
    return doc


def test_an_investment_agreement_with_chinese_numeral_dates_and_an_upper_case_subsidy(
        investment_agreement, extract, gov_obligations):
    result = extract(investment_agreement.build())
    assert gov_obligations(result) == {
        ("land", None, "2024-09-30"),
        ("other", None, "2024-12-31"),
        ("subsidy", "5000000.00", ("production_start", 3, "month")),
    }
    contract = result["contract"]
    assert (contract["kind"], contract["code"], contract["amount"], contract["signed_on"]) == (
        "investment", "XCL-TZ-2024-05", "500000000.00", "2024-06-18")
    theirs = [o for o in result["obligations"] if o["debtor"] == "counterparty"]
    assert {str(o["due"]) for o in theirs} == {
        str({"event": "signing", "offset": 60, "unit": "day"}), str({"date": "2025-03-31"})}


def test_the_extraction_json_has_exactly_the_documented_shape(investment_agreement, extract):
    result = extract(investment_agreement.build())
    assert set(result) == {"contract", "obligations", "pages", "warnings", "needs_ocr"}
    assert set(result["contract"]) == {"kind", "title", "code", "amount", "signed_on", "parties"}
    for ob in result["obligations"]:
        assert set(ob) == {"kind", "debtor", "amount", "percent", "due", "page", "text"}
        assert ob["amount"] is None or (ob["amount"].count(".") == 1 and len(ob["amount"].split(".")[1]) == 2)
    assert result["needs_ocr"] is False and result["pages"] == 1


@pytest.fixture
def form_contract(contract_pdf, make_uscc):
    """A goods contract whose cover is a ruled form (parties, code, amount and date in a grid)."""
    doc = contract_pdf(footer=None)
    doc.para("智慧教室设备采购合同", size=16, center=True)
    doc.table([
        ["合同编号", "JY-2025-017", "签订日期", "2025年4月10日"],
        ["采购人（甲方）", "某某市第一中学", "供应商（乙方）", "杭州智学教育科技有限公司"],
        ["统一社会信用代码", make_uscc("12330100MB4E5F6G7"), "统一社会信用代码", make_uscc("91330106MA8K9L0M1")],
        ["合同金额", "¥2,000,000.00", "项目名称", "智慧教室设备采购"],
    ], [30, 55, 30, 55], header_rows=0)
    doc.paras([
        "第一条 付款",
        "1. 到货款：全部货物到货并经甲方签收后10个工作日内，甲方支付合同金额的40%。",
        "2. 验收款：货物验收合格且甲方收到乙方开具的全额发票之日起15日内，甲方支付至合同金额的95%。",
        "3. 质保金：合同金额的5%作为质保金，质保期满且无质量问题后一次性无息支付。",
        "第二条 履约保证金",
        "乙方应在合同签订后5日内提交履约保证金人民币10万元，该保证金在验收合格后10个工作日内无息退还。",
        "第三条 其他",
        "甲方逾期付款的，按同期贷款市场报价利率向乙方支付逾期利息。",
        "乙方应于合同签订后30日内完成全部货物的交付及安装调试。",
    ])
    return doc


def test_a_cover_laid_out_as_a_ruled_form_still_gives_parties_code_amount_and_date(form_contract, extract, make_uscc):
    contract = extract(form_contract.build())["contract"]
    assert contract["title"] == "智慧教室设备采购合同"
    assert (contract["kind"], contract["code"], contract["amount"], contract["signed_on"]) == (
        "procurement", "JY-2025-017", "2000000.00", "2025-04-10")
    assert [(p["side"], p["name"], p["uscc"]) for p in contract["parties"]] == [
        ("government", "某某市第一中学", make_uscc("12330100MB4E5F6G7")),
        ("counterparty", "杭州智学教育科技有限公司", make_uscc("91330106MA8K9L0M1")),
    ]


def test_delivery_invoice_and_warranty_triggers_and_a_bond_returned_in_the_sentence_that_posts_it(
        form_contract, extract, gov_obligations):
    result = extract(form_contract.build())
    assert gov_obligations(result) == {
        ("payment", "800000.00", ("delivery", 10, "working_day")),
        ("payment", "1100000.00", ("invoice", 15, "day")),
        ("payment", "100000.00", ("warranty_end", 0, "day")),
        ("bond_return", "100000.00", ("acceptance", 10, "working_day")),
    }


def _ocr_ready() -> bool:
    from parsers.ocr import ocr_available

    return ocr_available()


@pytest.mark.skipif(not _ocr_ready(), reason="tesseract with chi_sim is not installed")
def test_a_scanned_contract_is_read_by_ocr_end_to_end(contract_pdf, scan, extract, gov_obligations, make_uscc):
    doc = contract_pdf(footer=None, size=12, leading=22)
    doc.para("办公家具采购合同", size=18, center=True)
    doc.paras([
        "合同编号：BG-2024-066",
        "采购人（甲方）：清河县财政局",
        f"统一社会信用代码：{make_uscc('11330100MB2000003')}",
        "供应商（乙方）：清河华美家具有限公司",
        f"统一社会信用代码：{make_uscc('91330100MA2000004')}",
        "1. 合同总价为人民币500,000.00元。",
        "2. 合同签订后10日内，甲方向乙方支付合同总价的30%，计人民币150,000.00元。",
        "3. 货物验收合格后20日内，甲方向乙方支付合同总价的70%，计人民币350,000.00元。",
        "签订日期：2024年5月20日",
    ])
    result = extract(scan(doc.build(), dpi=300))
    assert result["needs_ocr"] is False
    assert any("OCR" in w for w in result["warnings"])
    assert gov_obligations(result) == {
        ("payment", "150000.00", ("signing", 10, "day")),
        ("payment", "350000.00", ("acceptance", 20, "day")),
    }
    contract = result["contract"]
    assert (contract["code"], contract["amount"], contract["signed_on"]) == ("BG-2024-066", "500000.00", "2024-05-20")
