"""Normalisation: NFKC, spaces, lines broken mid-sentence, running headers, clauses."""

from __future__ import annotations

from parsers.text import (
    clause_label,
    collapse_spaces,
    compact,
    display_width,
    full_line_width,
    join_lines,
    normalize,
    split_sentences,
    strip_running_lines,
)


def test_nfkc_turns_full_width_digits_and_kangxi_radicals_into_plain_characters_but_keeps_the_chinese_comma():
    assert normalize("合同编号：ＣＧ－２０２４－０３１５") == "合同编号：CG-2024-0315"
    assert normalize("⽅案") == "方案"
    assert normalize("计人民币１，２００，０００．００元，含税") == "计人民币1,200,000.00元，含税"
    assert normalize("30％") == "30%"
    assert normalize("计1,\n452,632.40元") == "计1,\n452,632.40元"  # wrapped after its thousands comma
    assert normalize("第1,\n2项") == "第1，\n2项"
    assert normalize("人民币8\n,000万元") == "人民币8,\n000万元"  # wrapped before it, in a narrow cell
    assert normalize("第8\n,甲方") == "第8\n，甲方"
    assert normalize("第一行\r\n第二行") == "第一行\n第二行"


def test_spaces_between_chinese_characters_and_digits_collapse_but_words_and_clause_numbers_keep_theirs():
    assert collapse_spaces("乙方应在 30 个工作日内支付") == "乙方应在30个工作日内支付"
    assert collapse_spaces("甲方 (采购人 ) : 青溪市自然资源和规划局") == "甲方(采购人):青溪市自然资源和规划局"
    assert collapse_spaces("第 1 条") == "第1条"
    assert collapse_spaces("5.2 预付款：合同签订后7日内") == "5.2 预付款：合同签订后7日内"
    assert collapse_spaces("PPP 项目 ABC DEF") == "PPP项目ABC DEF"
    assert compact("序号 1 2,000.00 元") == "序号1 2,000.00元"


def test_a_line_broken_in_the_middle_of_a_sentence_is_joined_but_a_new_clause_is_not():
    lines = [
        (1, "2.1 预付款：发包人应在合同签订后7日内向承包人支付签约合同价的30%作为工程预付款，计人民币"),
        (1, "7,358,760.00元。"),
        (1, "2.2 承包人应专款专用预付款，不得挪作他用。"),
        (2, "2.3 第一期进度款：主要工程量完成百分之五十且经监理人审核后，发包人于2024年11月30日前向"),
        (3, "承包人支付签约合同价的30%，计人民币7,358,760.00元；"),
        (3, "第三条 质量保证金"),
        (3, "3.1 质量保证金为签约合同价的3%。"),
    ]
    paras = join_lines(lines, full_line_width(line for _, line in lines))
    assert [(p.page, p.text) for p in paras] == [
        (1, "2.1 预付款：发包人应在合同签订后7日内向承包人支付签约合同价的30%作为工程预付款，计人民币7,358,760.00元。"),
        (1, "2.2 承包人应专款专用预付款，不得挪作他用。"),
        (2, "2.3 第一期进度款：主要工程量完成百分之五十且经监理人审核后，发包人于2024年11月30日前向"
            "承包人支付签约合同价的30%，计人民币7,358,760.00元；"),
        (3, "第三条 质量保证金"),
        (3, "3.1 质量保证金为签约合同价的3%。"),
    ]


def test_short_label_lines_of_a_cover_page_stay_apart():
    lines = [(1, "嘉禾市综合管廊PPP项目"), (1, "PPP项目合同"), (1, "合同编号：PPP-2024-004"),
             (1, "甲方：嘉禾市玉泉区住房和城乡建设局"), (1, "签订日期：2024年12月14日")]
    assert [p.text for p in join_lines(lines, 90)] == [line for _, line in lines]


def test_a_continuation_that_starts_with_punctuation_joins_even_a_short_line():
    paras = join_lines([(1, "本合同总价为人民币9,193,900.00元（大写：人民币玖佰壹拾玖万叁仟玖佰元整）"), (1, "。")], 200)
    assert [p.text for p in paras] == ["本合同总价为人民币9,193,900.00元（大写：人民币玖佰壹拾玖万叁仟玖佰元整）。"]


def test_a_number_wrapped_at_its_thousands_comma_is_joined_whole_on_either_side_of_the_comma():
    line = "本项目获得中央水利发展资金人民币2,400万元，由甲方分两次转拨乙方：2026年9月30日前拨付人民币1"
    before = join_lines([(1, line), (1, normalize(",200万元；竣工验收合格之日起30日内拨付其余人民币1,200万元。"))], 90)
    after = join_lines([(1, normalize(line + ",")), (1, "200万元；竣工验收合格之日起30日内拨付其余人民币1,200万元。")], 90)
    assert before[0].text == after[0].text == line + ",200万元；竣工验收合格之日起30日内拨付其余人民币1,200万元。"
    # a list of counts is no number: 第2，⏎第3项 keeps its comma
    assert join_lines([(1, line[:-1] + "第2，"), (1, "3项")], 90)[0].text.endswith("第2，3项")


def test_running_headers_footers_and_page_numbers_are_dropped_from_every_page():
    pages = [
        ["青川县人民医院信息化运维服务采购合同", "青川县人民医院信息化运维服务采购合同", "合同编号：X-1", "第1页 共3页"],
        ["青川县人民医院信息化运维服务采购合同", "三、付款方式", "3.1 采购人按下表支付", "第2页 共3页"],
        ["青川县人民医院信息化运维服务采购合同", "八、其他", "签订日期：2024年6月18日", "第3页 共3页"],
    ]
    assert strip_running_lines(pages) == [["合同编号：X-1"], ["三、付款方式", "3.1 采购人按下表支付"],
                                          ["八、其他", "签订日期：2024年6月18日"]]


def test_a_line_repeated_on_only_two_pages_is_body_text_but_a_page_number_always_goes():
    pages = [["第一条 总则", "双方应遵守本合同。", "- 1 -"], ["第一条 总则", "其他内容。", "- 2 -"]]
    assert strip_running_lines(pages) == [["第一条 总则", "双方应遵守本合同。"], ["第一条 总则", "其他内容。"]]


def test_sentences_end_at_full_stops_and_semicolons_and_labels_are_read():
    text = "3.2 缺陷责任期为24个月，自工程实际竣工之日起计算。缺陷责任期满后14日内，发包人返还质量保证金；其余不变。"
    assert split_sentences(text) == ["3.2 缺陷责任期为24个月，自工程实际竣工之日起计算。",
                                     "缺陷责任期满后14日内，发包人返还质量保证金；", "其余不变。"]
    assert clause_label("5.2 预付款：合同签订后7日内") == "预付款"
    assert clause_label("（一）2025年度奖励人民币200万元") == ""
    # a number in brackets opens a clause as well: [D.2], 【1】, 〔1.1〕
    assert clause_label("[D.2]第一批到货款：第一批货款的50%") == "第一批到货款"
    assert clause_label("【1】预付款：合同总价的20%") == "预付款"
    assert clause_label("〔1.1〕发包人于2026年7月1日前移交施工场地") == ""


def test_a_short_line_broken_by_hand_in_the_middle_of_a_sentence_is_joined_but_a_heading_is_not():
    lines = [(1, "（三）质保期满且无质量问题的，采购人于质保期满后两个月内"), (1, "支付剩余的百分之十。"),
             (1, "第四条 违约责任"), (1, "乙方逾期交货的，每日支付违约金。"),
             (1, "甲方：某县财政局，地址见附件"), (1, "统一社会信用代码：11330100MB0000001R")]
    assert [p.text for p in join_lines(lines, 90)] == [
        "（三）质保期满且无质量问题的，采购人于质保期满后两个月内支付剩余的百分之十。",
        "第四条 违约责任", "乙方逾期交货的，每日支付违约金。",
        "甲方：某县财政局，地址见附件", "统一社会信用代码：11330100MB0000001R"]


def test_a_sentence_wrapped_then_broken_by_hand_after_its_short_tail_is_joined_across_both_breaks():
    # the first line fills the page width, wraps after 7个, and the hand break comes after 工作日内:
    # the short tail line has no comma of its own, but its sentence has begun and not ended
    first = "4.1 首付款：合同生效后，乙方向甲方开具合同金额20%的增值税专用发票，甲方自收到发票之日起7个"
    lines = [(1, first), (1, "工作日内"), (1, "支付首付款人民币470,000.00元。"), (1, "4.2 其余不变。"),
             (1, first.replace("4.1 首付款：", "五、")), (1, "工作日内。"), (1, "第六条 违约责任")]
    assert [p.text for p in join_lines(lines, display_width(first))] == [
        first + "工作日内支付首付款人民币470,000.00元。", "4.2 其余不变。",
        first.replace("4.1 首付款：", "五、") + "工作日内。", "第六条 违约责任"]


def test_a_reference_to_a_numbered_item_wrapped_before_its_bracket_is_joined_but_a_new_item_is_not():
    line = "五（1）乙方以银行保函提交履约担保，担保金额为合同总价的5%，即人民币936,000.00元；甲方与四"
    paras = join_lines([(1, line), (1, "（1）运行款同期退还保函原件；"), (1, "（2）乙方的投标保证金已退还。")], 90)
    assert [p.text for p in paras] == [line + "（1）运行款同期退还保函原件；", "（2）乙方的投标保证金已退还。"]
