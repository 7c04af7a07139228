"""Contract fields: parties with their credit codes, title, code, amount, signing date, kind."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from parsers.fields import ContractFields, find_amount, find_code, find_kind, find_parties, find_signed_on, find_title
from parsers.uscc import check_char, is_valid, repair


def test_a_credit_code_is_valid_only_with_its_check_character():
    assert is_valid("91351182MAX1F6BQ9J")
    assert not is_valid("91351182MAX1F6BQ9K")
    assert not is_valid("91351182MAX1F6BQ9")
    assert check_char("11330100MB0000001") == "R"


def test_an_ocr_misreading_of_a_credit_code_is_repaired_by_the_check_character():
    assert repair("91351182MAX1F6BQ9|") == "91351182MAX1F6BQ9J"
    assert repair("1137108295377I6649") == "113710829537716649"
    assert repair("91351182MAX1F6BQ9K") is None, "a wrong but well-formed code is not guessed"


def test_parties_come_from_label_lines_and_the_credit_code_lines_under_them():
    lines = [
        "甲方（采购人）：嘉禾市机关事务管理局",
        "统一社会信用代码：11510605171040111H",
        "住所：四川省嘉禾市凤鸣县滨江大道76号",
        "乙方（供应商）：望海海纳环境卫生服务有限公司",
        "统一社会信用代码：91330402MAQGAPRW5L",
        "甲方（盖章）：嘉禾市机关事务管理局 乙方（盖章）：望海海纳环境卫生服务有限公",
    ]
    parties, warnings = find_parties(lines)
    assert [(p.side, p.name, p.uscc) for p in parties] == [
        ("government", "嘉禾市机关事务管理局", "11510605171040111H"),
        ("counterparty", "望海海纳环境卫生服务有限公司", "91330402MAQGAPRW5L"),
    ]
    assert warnings == []
    assert {"甲方", "采购人"} <= parties[0].labels


def test_a_supervision_contracts_supervisor_is_the_counterparty_but_a_works_contracts_supervisor_names_no_side():
    parties, _ = find_parties(["委托人：筠溪市交通运输局", "统一社会信用代码：11530591MB0R735198",
                               "监理人：云南交科工程监理咨询有限公司", "统一社会信用代码：91530100MA6N8WT268"])
    assert [(p.side, p.name) for p in parties] == [("government", "筠溪市交通运输局"),
                                                  ("counterparty", "云南交科工程监理咨询有限公司")]
    assert "监理人" in ContractFields(parties=parties).aliases("counterparty")
    works, _ = find_parties(["发包人：云台县水务局", "承包人：山东鲁信建设有限公司"])
    assert "监理人" not in ContractFields(parties=works).aliases("counterparty")


def test_a_cover_page_name_and_the_detailed_block_are_one_party():
    lines = ["发包人：石城市水利局", "承包人：石城嘉禾建设工程有限公司", "发包人（全称）：石城市水利局",
             "统一社会信用代码：11410904878365075Y", "承包人（全称）：石城嘉禾建设工程有限公司",
             "统一社会信用代码：91410904MAE25HBU3Y"]
    parties, _ = find_parties(lines)
    assert [(p.side, p.name, p.uscc) for p in parties] == [
        ("government", "石城市水利局", "11410904878365075Y"),
        ("counterparty", "石城嘉禾建设工程有限公司", "91410904MAE25HBU3Y"),
    ]


def test_spaced_labels_and_an_ocr_credit_code_are_read_and_the_correction_is_reported():
    parties, warnings = find_parties(["乙 方 (供应商 ) : 福建永利电子科技股份有限公司",
                                      "统一社会信用代码: 91351182MAX1F6BQ9|"])
    assert [(p.side, p.name, p.uscc) for p in parties] == [
        ("counterparty", "福建永利电子科技股份有限公司", "91351182MAX1F6BQ9J")]
    assert any("USCC corrected" in w for w in warnings)


def test_a_consortium_has_more_than_one_counterparty():
    parties, _ = find_parties(["甲方：城东市水务局", "乙方：华清水务投资有限公司", "丙方：城东建工集团有限公司"])
    assert [(p.side, p.name) for p in parties] == [
        ("government", "城东市水务局"), ("counterparty", "华清水务投资有限公司"), ("counterparty", "城东建工集团有限公司")]


def test_the_title_is_the_most_specific_line_ending_in_contract_on_the_first_page():
    assert find_title(["建设工程施工合同", "沙河县工业园区老旧小区改造工程施工合同", "合同编号：SG-2024-282"]) \
        == "沙河县工业园区老旧小区改造工程施工合同"
    assert find_title(["嘉禾市综合管廊PPP项目", "PPP项目合同", "合同编号：PPP-2024-004"]) == "嘉禾市综合管廊PPP项目合同"


def test_the_contract_code_is_the_one_labelled_as_such():
    lines = ["项目编号：嘉禾CG2025484-3", "合同编号：FW-2025-0092"]
    assert find_code(lines) == "FW-2025-0092"
    assert find_code(["协议编号：XCL-TZ-2024-05"]) == "XCL-TZ-2024-05"
    header = "PYZJ-SG-2026-011 磐垣县老旧小区改造配套基础设施工程施工合同"  # the code before the name, on every page
    assert find_code([header, "合同协议书", header]) == "PYZJ-SG-2026-011"
    assert find_code([header, "合同协议书"]) is None, "printed once it is no running header"
    assert find_code(["编号：ABC-1"]) == "ABC-1"
    bracketed = "葭湄市职业教育中心实训综合楼工程总承包合同(JMJY-EPC-2026-002)"  # the code in brackets after the name
    assert find_code([bracketed, "合同协议书", bracketed]) == "JMJY-EPC-2026-002"


def test_the_headline_amount_follows_its_label_and_skips_percent_mentions():
    paragraphs = ["1.2 项目总投资人民币1,464,000,000.00元（大写：壹拾肆亿陆仟肆佰万元整），其中固定资产投资不低于总投资的70%。"]
    assert find_amount(paragraphs, "investment") == Decimal("1464000000.00")
    assert find_amount(["4.1 项目资本金比例不低于项目总投资的20%。", "2.1 本项目总投资为人民币567,391,700.00元。"], "ppp") \
        == Decimal("567391700.00")
    assert find_amount(["签约合同价：人民币（大写）叁仟万元整（¥30,000,000.00元）。"], "bidding") == Decimal("30000000.00")
    # an amount in words longer than the label's reach is read whole, 角 and 分 included
    assert find_amount(["3.1 合同总价为人民币（大写）贰佰贰拾柒万柒仟叁佰柒拾伍元壹角贰分（￥2,277,375.12）。"],
                       "procurement") == Decimal("2277375.12")
    # a clause headed by its label and a full stop; a sentence that ends on the label is not one
    assert find_amount(["第三条 签约合同价。人民币（大写）肆仟贰佰捌拾陆万伍仟元整（小写：42,865,000.00元）。"],
                       "bidding") == Decimal("42865000.00")
    assert find_amount(["预付款为签约合同价。人民币50万元的部分由发包人另行支付。"], "bidding") is None


def test_an_investment_pledged_over_years_is_the_headline_amount_of_an_investment_deal():
    assert find_amount(["乙方承诺自本协议签订之日起五年内累计投资不低于人民币壹亿伍仟万元整（¥150,000,000.00）。",
                        "甲方于2027年3月31日前给予落户奖励人民币300万元（大写：叁佰万元整）。"], "investment") \
        == Decimal("150000000.00")


def test_the_headline_amount_under_a_heading_of_its_own_is_the_paragraph_below_it():
    assert find_amount(["一、中标价", "人民币贰佰捌拾肆万柒仟叁佰伍拾陆元肆角（¥2,847,356.40），为含税全包价，分项如下："],
                       "procurement") == Decimal("2847356.40")


def test_the_signing_date_is_the_labelled_one_not_the_award_or_start_date():
    paragraphs = ["1.4 中标通知书发出日期：2024年8月6日。", "2.1 计划开工日期：2024年9月10日。",
                  "6.1 本合同于2024年8月27日在南屏市沙河县水利局签订。"]
    assert find_signed_on(paragraphs) == date(2024, 8, 27)
    assert find_signed_on(["签订日期：二〇二四年三月十五日"]) == date(2024, 3, 15)
    assert find_signed_on(["甲方（盖章）：X 乙方（盖章）：Y", "日期：2024年12月14日 日期：2024年12月14日"]) == date(2024, 12, 14)


def test_the_day_a_witness_filed_the_contract_under_the_seals_is_not_the_signing_date():
    assert find_signed_on(["甲方（盖章）：苕崟县机关事务服务中心        乙方（盖章）：宁夏某物业服务有限公司",
                           "日期：2026年6月22日        日期：2026年6月22日",
                           "鉴证：苕崟县政府采购中心（合同备案专用章）        备案日期：2026年6月24日"]) == date(2026, 6, 22)


def test_a_lawyers_witness_date_or_a_notarys_issue_date_after_the_seals_is_not_the_signing_date():
    seals = ["甲方（盖章）：峦沱县卫生健康委员会\n法定代表人或授权代表（签字）：__________",
             "乙方（盖章）：重庆某医疗器械有限公司\n法定代表人或授权代表（签字）：__________", "签订日期：2026年6月16日"]
    assert find_signed_on([*seals, "见证：本合同由重庆沱川律师事务所律师周明远见证。\n见证律师（签字）：__________        "
                                   "见证日期：2026年6月17日"]) == date(2026, 6, 16)
    assert find_signed_on([*seals, "公证记录：峦沱县公证处受理本合同的公证申请。\n公证书编号：（2026）渝峦证字第318号        "
                                   "公证员：__________        出具日期：2026年6月19日"]) == date(2026, 6, 16)


def test_the_price_worked_out_from_a_ceiling_and_a_discount_is_the_result_not_the_ceiling():
    assert find_amount(["2 合同价款：本工程招标控制价为人民币31,860,000.00元，承包人的中标下浮率为7.5%。签约合同价＝招标控制价×"
                        "（1－中标下浮率），即人民币贰仟玖佰肆拾柒万零伍佰元整（¥29,470,500.00）。"], "bidding") == Decimal("29470500.00")


def test_the_kind_follows_the_title_and_the_vocabulary():
    assert find_kind("城东污水处理厂PPP项目合同", "社会资本方") == "ppp"
    assert find_kind("半导体封装测试项目投资协议书", "投资方") == "investment"
    assert find_kind("某某工程施工合同", "发包人 承包人") == "bidding"
    assert find_kind("办公设备采购合同", "采购人 供应商") == "procurement"
    assert find_kind("入驻协议", "甲方 乙方 项目总投资 厂房 验收") == "investment"  # a park's 入驻协议 attracts an investor


def test_name_labels_and_other_fields_on_the_same_line_do_not_leak_into_the_party_name():
    parties, _ = find_parties(["甲方（采购人）名称：某某市教育局 地址：某某路1号", "统一社会信用代码：11330100MB0000001R",
                               "乙方名称：某某科技有限公司 联系电话：0571-88888888"])
    assert [(p.side, p.name, p.uscc) for p in parties] == [
        ("government", "某某市教育局", "11330100MB0000001R"), ("counterparty", "某某科技有限公司", None)]


def test_a_two_column_party_block_gives_each_code_to_its_own_party():
    parties, _ = find_parties(["甲方：城东市水务局        乙方：华清水务投资有限公司",
                               "统一社会信用代码：11440300MB2C3D4E51   统一社会信用代码：91440300MA5F6G7H8B"])
    assert [(p.name, p.uscc) for p in parties] == [
        ("城东市水务局", "11440300MB2C3D4E51"), ("华清水务投资有限公司", "91440300MA5F6G7H8B")]


def test_a_role_remark_after_the_name_and_a_code_on_the_name_line_stay_out_of_the_name():
    gov, cp, spv = check_char_code("11441821MB2A6018"), check_char_code("91441821MA53H7XK"), check_char_code("91350627MA8RL0J2")
    lines = ["甲方（政府方）：清远县水务局（项目实施机构，经清远县人民政府授权）", f"统一社会信用代码：{gov}",
             f"乙方一（社会资本方）：华清水务投资有限公司，统一社会信用代码{cp}",
             f"乙方二（项目公司）：黎山绿能环保科技有限公司（统一社会信用代码：{spv}）"]
    parties, _ = find_parties(lines)
    assert [(p.side, p.name, p.uscc) for p in parties] == [
        ("government", "清远县水务局", gov), ("counterparty", "华清水务投资有限公司", cp),
        ("counterparty", "黎山绿能环保科技有限公司", spv)]
    assert {"政府方", "项目实施机构"} <= parties[0].labels


def test_a_remark_cut_by_the_line_break_after_a_whole_name_stays_out_of_the_name():
    gov = check_char_code("11450981MB1H5230")
    lines = ["征集人（甲方）：澄川市机关事务管理局（同时为本协议项下市直机关公务用车维修保养服务的采购", "人）",
             f"统一社会信用代码：{gov}"]
    parties, _ = find_parties(lines)
    assert [(p.side, p.name) for p in parties] == [("government", "澄川市机关事务管理局")]
    # a framework agreement's headline value is its estimated purchase (预估采购金额)
    assert find_amount(["第三条 本协议预估采购金额（采购限额）为人民币（大写）玖拾陆万元整（￥960,000.00）。"], "procurement") \
        == Decimal("960000.00")


def test_a_code_line_that_names_its_party_goes_to_that_party_not_to_the_last_one_listed():
    gov, cp = check_char_code("11120111MB034726"), check_char_code("91120111MA05TH8L")
    lines = ["采购人（甲方）：河西区公安分局", "成交供应商（乙方）：河西众达汽车销售服务有限公司",
             f"甲方统一社会信用代码：{gov}", f"乙方统一社会信用代码：{cp}"]
    parties, _ = find_parties(lines)
    assert [(p.side, p.name, p.uscc) for p in parties] == [
        ("government", "河西区公安分局", gov), ("counterparty", "河西众达汽车销售服务有限公司", cp)]


def test_the_signing_date_of_a_contract_signed_by_both_parties_on_a_date_and_of_a_compacted_signature_line():
    assert find_signed_on(["本合同由双方于2025年7月3日签署。"]) == date(2025, 7, 3)
    assert find_signed_on(["法定代表人或委托代理人(签字)：日期：2025年7月3日"]) == date(2025, 7, 3)


def check_char_code(first16: str) -> str:
    """A valid credit code from 16 characters (the 17th is 0)."""
    first17 = first16 + "0"
    return first17 + check_char(first17)


def test_a_label_outside_the_role_list_is_read_by_the_side_in_its_brackets():
    gov, cp = check_char_code("12131125MB1K6039"), check_char_code("91131125MA0GE2HT")
    lines = ["管理单位（甲方）：安平县园林绿化中心", f"统一社会信用代码：{gov}",
             "服务单位（乙方）名称：安平青禾园林工程有限公司", f"统一社会信用代码：{cp}",
             "法定代表人（乙方）：王青禾", "开户银行（乙方）：中国银行安平支行", "项目经理（乙方）：赵建明",
             "监理工程师（甲方）：孙立"]
    parties, _ = find_parties(lines)
    assert [(p.side, p.name, p.uscc) for p in parties] == [
        ("government", "安平县园林绿化中心", gov), ("counterparty", "安平青禾园林工程有限公司", cp)]
    assert {"乙方", "服务单位"} <= parties[1].labels
    # with no code and no telling suffix the bracket decides, as for a bare 甲方：/乙方： line
    parties, _ = find_parties(["合作方（甲方）：城南片区开发建设指挥部", "合作方（乙方）：城南未来社区运营平台"])
    assert [(p.side, p.name) for p in parties] == [
        ("government", "城南片区开发建设指挥部"), ("counterparty", "城南未来社区运营平台")]


def test_a_supplier_labelled_outside_the_role_list_or_named_by_a_remark_is_a_party():
    gov, cp = check_char_code("11431126MB195028"), check_char_code("91431126MA4T8KD6")
    lines = ["采购人：潇岭县市场监督管理局（以下简称甲方）", f"统一社会信用代码：{gov}",
             "服务商：潇岭县惠膳餐饮管理有限公司（以下简称乙方）", f"统一社会信用代码：{cp}",
             "乙方联系电话：0746-3326158        传真：0746-3326159", "法定代表人：孙立群",
             "开户银行：中国建设银行潇岭支行", "项目名称：机关食堂餐饮服务项目（以下简称“本项目”）"]
    parties, _ = find_parties(lines)
    assert [(p.side, p.name, p.uscc) for p in parties] == [
        ("government", "潇岭县市场监督管理局", gov), ("counterparty", "潇岭县惠膳餐饮管理有限公司", cp)]
    assert "甲方" in parties[0].labels and {"服务商", "乙方"} <= parties[1].labels
    assert not any("以下简称" in label for p in parties for label in p.labels)
    # other common supplier labels
    for label in ("承接方", "受托方", "中标人", "成交供应商", "投资方", "项目公司", "承揽人", "中标单位"):
        parties, _ = find_parties([f"{label}：华夏山水文化旅游发展集团有限公司"])
        assert [(p.side, p.name) for p in parties] == [("counterparty", "华夏山水文化旅游发展集团有限公司")], label
    # any short label is read by the side its remark names; an abbreviation remark stays out of the name
    parties, _ = find_parties(["运营单位：青溪城乡供水有限公司（以下简称“乙方”）", "委托单位：青溪县水务局",
                               "乙方：赣江水务投资股份有限公司（以下简称“赣江水务”）"])
    assert [(p.side, p.name) for p in parties] == [
        ("government", "青溪县水务局"), ("counterparty", "青溪城乡供水有限公司"), ("counterparty", "赣江水务投资股份有限公司")]
    assert "赣江水务" in parties[2].labels
    # particulars with a remark are still not parties
    parties, _ = find_parties(["开户银行：中国建设银行潇岭支行（以下简称乙方）", "地址：潇岭县潇水路1号（以下简称甲方）"])
    assert parties == []


def test_without_a_signing_sentence_the_signature_block_dates_give_the_signing_date_the_later_one_if_they_differ():
    # compacted paragraphs: the name runs into 日期
    block = ["第四部分 其他", "本合同自双方签字盖章之日起生效。本合同一式八份，双方各执四份。",
             "政府方(盖章)：青溪县水务局日期：2025年10月22日",
             "社会资本方(盖章)：赣江水务投资股份有限公司日期：2025年10月22日"]
    assert find_signed_on(block) == date(2025, 10, 22)
    # each party signed on its own day: the contract is signed when the second one signs
    assert find_signed_on(["甲方（盖章）：青溪县水务局", "签署日期：2025年10月20日",
                           "乙方（签字）：赣江水务投资股份有限公司", "签署日期：2025年10月24日"]) == date(2025, 10, 24)
    assert find_signed_on(["甲方（盖章）：X        乙方（盖章）：Y", "2024年12月14日        2024年12月16日"]) \
        == date(2024, 12, 16)
    # dates outside the signature block are not the signing date
    assert find_signed_on(["开标日期：2025年2月26日", "日期：2025年3月1日", "交货日期：2025年4月30日",
                           "甲方（盖章）：青溪县水务局", "乙方（盖章）：赣江水务投资股份有限公司"]) is None
    # a sentence naming the signing date wins over the block
    assert find_signed_on(["本合同于2025年10月21日签订。", *block]) == date(2025, 10, 21)


@pytest.mark.parametrize(("line", "code"), [
    ("合同编号：QHJG-FW-2025-016 采购方式：竞争性磋商 项目编号：QHCG-2025-CS-112", "QHJG-FW-2025-016"),
    ("合同编号：SMJY-ZB-2024-SG-017 招标编号：SMZB2024-0935", "SMJY-ZB-2024-SG-017"),
    ("合同编号：嘉采〔2024〕15号 签订日期：2024年9月12日", "嘉采〔2024〕15号"),
])
def test_a_code_ends_where_the_next_label_on_its_line_begins(line, code):
    """Three of the fourth held-out batch's codes ran into the label printed after them."""
    assert find_code([line]) == code


def test_a_consortiums_lead_member_and_member_are_both_counterparties_with_their_codes():
    parties, _ = find_parties([
        "甲方：宁川县住房和城乡建设局", "统一社会信用代码：11350925MB0F84136C",
        "乙方（社会资本方联合体）：",
        "牵头人：中环水务投资有限公司 统一社会信用代码：91350100MA2YB7KQ3X",
        "成员：福建海峡市政工程有限公司 统一社会信用代码：91350100MA34C6R07M"])
    assert [(p.side, p.name) for p in parties] == [
        ("government", "宁川县住房和城乡建设局"), ("counterparty", "中环水务投资有限公司"),
        ("counterparty", "福建海峡市政工程有限公司")]
    assert all(p.uscc for p in parties)


def test_a_supplement_that_changes_the_total_gives_the_new_total_not_the_originals():
    assert find_amount(["原合同编号：PYYJ-HW-2026-006（2026年3月18日签订，合同总价人民币1,856,000.00元）",
                        "变更后合同总价调整为人民币壹佰捌拾壹万陆仟元整（¥1,816,000.00），其中货物价款人民币1,780,000.00元。"],
                       "procurement") == Decimal("1816000.00")


def test_a_service_contract_priced_by_the_year_takes_its_annual_fee_as_the_amount():
    assert find_amount(["本合同年度服务费为人民币壹佰壹拾伍万贰仟元整（115.2万元），按季度支付。"], "procurement") == Decimal("1152000.00")


def test_a_code_ends_before_a_next_label_that_holds_capitals():
    assert find_code(["合同编号：LMCG-PPP-2024-01 财政部PPP项目管理库编号：36248300012022060"]) == "LMCG-PPP-2024-01"


def test_a_date_written_after_the_signatures_blank_is_the_signing_date():
    block = ["（签署页）", "甲方：潢峤县人民医院", "（盖章） 代表签字：__________ 2026.09.25",
             "乙方：海南椰城智联信息技术有限公司", "（盖章） 代表签字：__________ 2026.09.27"]
    assert find_signed_on(block) == date(2026, 9, 27)
    # a date in the line, not after the blank, is not the signing date
    assert find_signed_on(["甲方（盖章）：X", "代表签字：__________", "有效期至2027.09.25"]) is None


def test_the_dates_of_a_signature_table_are_the_signing_date():
    from parsers.extract import signature_columns
    from parsers.pdf import Table

    seals = Table([["甲方（盖章）", "乙方（盖章）"], ["杉阳县教育局", "浙江清泓净水设备有限公司"],
                   ["法定代表人或授权代表（签字）：", "法定代表人或授权代表（签字）："],
                   ["日期：2025年6月12日", "日期：2025年6月14日"]])
    assert find_signed_on(["本合同经双方签章后生效。", *signature_columns(seals)]) == date(2025, 6, 14)
    assert signature_columns(Table([["节点", "付款时限"], ["一", "合同生效之日起10日内"]])) == [], "not a signature table"


def test_an_electronic_seal_record_gives_the_later_timestamp_as_the_signing_date():
    from parsers.extract import signature_columns
    from parsers.pdf import Table

    esign = Table([["签署方", "单位名称", "签章状态", "签章时间"],
                   ["甲方", "滆埭县水利局", "已签章（CA认证）", "2026-12-15 15:42:08"],
                   ["乙方", "江苏太湖清源环境工程有限公司", "已签章（CA认证）", "2026-12-14 10:16:53"]])
    assert find_signed_on(["本合同通过电子签章方式签署。"], signature_columns(esign)) == date(2026, 12, 15)


def test_a_signature_table_with_a_row_per_party_gives_its_date_cells_however_far_below_the_seals():
    from parsers.extract import signature_columns
    from parsers.pdf import Table

    parties = Table([["当事人", "名称（盖章）", "法定代表人或授权代表（签字）", "日期"],
                     ["甲方", "筠溪市住房和城乡建设局", "", "二〇二五年九月二十六日"],
                     ["乙方", "滇中城建生态投资有限公司", "", "2025年9月26日"],
                     ["丙方", "筠溪海绵城市建设运营有限公司", "", "2025年9月26日"]])
    # the table's label lines stand among the clauses; its cells are read apart
    clauses = ["第12条 本合同自三方签章之日起生效。", "（以下无正文，为签章页）", "当事人：名称（盖章）",
               "名称（盖章）：法定代表人或授权代表（签字）", "甲方：筠溪市住房和城乡建设局", "乙方：滇中城建生态投资有限公司",
               "丙方：筠溪海绵城市建设运营有限公司"]
    assert find_signed_on(clauses, signature_columns(parties)) == date(2025, 9, 26)
    assert find_signed_on(clauses) is None


def test_a_bare_contract_price_label_gives_the_amount_but_not_the_works_price_a_supervision_contract_names():
    assert find_amount(["第二条 合同价：人民币壹佰捌拾叁万陆仟肆佰伍拾元整（¥1,836,450.00），其中暂列金额人民币8万元。"],
                       "procurement") == Decimal("1836450.00")
    assert find_amount(["一、工程概况：施工合同价人民币8,236.50万元；计划施工工期18个月。",
                        "三、签约酬金：人民币壹佰贰拾陆万捌仟元整（¥1,268,000.00）。"], "bidding") == Decimal("1268000.00")


def test_a_supplements_own_number_is_its_code_not_the_original_agreements():
    assert find_code(["编号：LCZF-ZS-2024-011-BC1 原协议编号：LCZF-ZS-2024-011（2024年3月12日签订）"]) == "LCZF-ZS-2024-011-BC1"


def test_a_code_printed_after_the_title_in_every_running_header_is_the_code_when_none_is_labelled():
    header = "嵩溪市老城区排水防涝设施提升改造工程 施工合同 SXZJ-SG-2025-017"
    assert find_code([header, "第一部分 合同协议书", header]) == "SXZJ-SG-2025-017"
    assert find_code([header, "第一部分 合同协议书"]) is None  # once is a title line, not a running header
    form = "濂泽市滨江湿地公园景观提升工程施工合同 ‖ 专用合同条款 ‖ LZJS-SG-2026-011"
    assert find_code([form, "合同协议书", form]) == "LZJS-SG-2026-011"


def test_a_tendered_engineering_consultancy_is_a_bidding_contract_priced_by_its_provisional_fee():
    text = ("委托人通过公开招标选定咨询人，双方依照《中华人民共和国民法典》《中华人民共和国招标投标法》订立本合同。"
            "项目总投资约人民币6.2亿元。")
    assert find_kind("沱川县人民医院新院区建设项目全过程工程咨询服务合同", text) == "bidding"
    paragraphs = ["第一条 项目概况 新院区设置床位800张，项目总投资约人民币6.2亿元。",
                  "3.2 暂定服务费为人民币肆佰叁拾陆万伍仟元整（¥4,365,000.00），按暂定建筑安装工程费人民币43,650万元计算。"]
    assert find_amount(paragraphs, "bidding") == Decimal("4365000.00")


def test_a_signed_at_line_under_the_seals_gives_the_place_then_the_signing_date():
    paragraphs = ["（签署页）", "甲方：荥岙县人民政府\n盖章：        法定代表人（负责人）或授权代表：__________",
                  "乙方：浙江某某海洋科技有限公司\n盖章：        法定代表人（负责人）或授权代表：__________",
                  "签于：荥岙县人民政府，2026年9月10日"]
    assert find_signed_on(paragraphs) == date(2026, 9, 10)


def test_a_supplement_appended_after_the_signatures_does_not_date_the_contract():
    assert find_signed_on(["发包人（盖章）：瀣嵝市供热管理中心", "承包人（盖章）：黑龙江龙建热力工程有限公司",
                           "签订日期：2026年4月8日", "补充协议（一）", "一、原合同乙・3约定的…调整为“2026年6月30日前”。",
                           "发包人（盖章）：瀣嵝市供热管理中心承包人（盖章）：黑龙江龙建热力工程有限公司签订日期：2026年5月20日"]) \
        == date(2026, 4, 8)


def test_a_change_order_bound_after_the_signatures_does_not_date_the_contract():
    assert find_signed_on(["发包人（盖章）：澔岢县交通运输局", "承包人（盖章）：青海祁连山路桥工程有限公司",
                           "签订日期：2026年4月9日        签订地点：澔岢县交通运输局", "工程变更令",
                           "变更令编号：HKJT-SG-2026-004-BG-001        签发日期：2026年9月18日",
                           "发包人（盖章）：__________　　监理人（盖章）：__________　　承包人（盖章）：__________"]) \
        == date(2026, 4, 9)


def test_a_price_worked_out_as_area_times_rate_is_the_product_not_the_rate():
    assert find_amount(["乙、签约合同价按梯田面积包干计算：4,660亩×每亩人民币4,000元＝人民币壹仟捌佰陆拾肆万元整（¥18,640,000.00），"
                        "含全部费用。"], "bidding") == Decimal("18640000.00")


def test_a_price_worked_out_as_households_times_a_unit_price_is_the_product():
    assert find_amount(["一（2）合同总价＝960户×19,500元＝人民币壹仟捌佰柒拾贰万元整（¥18,720,000.00）；"], "procurement") \
        == Decimal("18720000.00")
