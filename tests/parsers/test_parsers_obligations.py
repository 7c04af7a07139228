"""Clauses become candidate obligations: who owes what, how much, by when — and what is not one."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from parsers.clauses import Clause, TableBlock, apply_hand_corrections
from parsers.deadlines import parse_deadline
from parsers.fields import ContractFields, Party
from parsers.obligations import (
    _ROLL_RULE_RE,
    ObligationExtractor,
    _corresponding_days,
    _relative_days_dated,
    _that_season_named,
    rolled,
    same_as_group,
)


def extractor(amount: str | None = "1200000.00", gov_label: str = "甲方", cp_label: str = "乙方",
              kind: str = "procurement") -> ObligationExtractor:
    fields = ContractFields(kind=kind, amount=Decimal(amount) if amount else None, parties=[
        Party("government", "清河县教育局", "11330100MB0000001R", {gov_label, "采购人"}),
        Party("counterparty", "清河智联科技有限公司", "91330100MA0000002J", {cp_label, "供应商"}),
    ])
    return ObligationExtractor(fields)


def run(*sentences: str, amount: str | None = "1200000.00") -> list[dict]:
    ex = extractor(amount)
    clauses = [Clause(s, page=1) for s in sentences]
    ex.learn(clauses)
    for clause in clauses:
        ex.add_clause(clause)
    return [ob.as_json() for ob in ex.found]


def owed_by_government(*sentences: str, **kw) -> list[tuple]:
    return [(o["kind"], o["amount"], o["percent"], o["due"]) for o in run(*sentences, **kw) if o["debtor"] == "government"]


def test_a_30_percent_advance_due_within_7_working_days_of_signing_is_a_payment_of_360000():
    assert owed_by_government("合同签订后7个工作日内，甲方向乙方支付合同总价的30%作为预付款。") == [
        ("payment", "360000.00", "30", {"event": "signing", "offset": 7, "unit": "working_day"})]


def test_an_amount_written_in_the_clause_wins_over_the_percent_arithmetic():
    assert owed_by_government("验收合格后10日内，甲方支付合同总价的60%，计人民币720,000.00元。")[0][1] == "720000.00"


def test_cumulative_wording_gives_the_increment_over_what_was_paid_before():
    result = owed_by_government(
        "合同签订后7日内，甲方支付合同总价的30%。",
        "验收合格后15个工作日内，甲方支付至合同总价的95%。",
        "质保期满后支付剩余款项。",
    )
    assert [(kind, amount, pct) for kind, amount, pct, _ in result] == [
        ("payment", "360000.00", "30"), ("payment", "780000.00", "65"), ("payment", "60000.00", "5")]


def test_a_single_payment_of_the_whole_price_is_the_contract_amount():
    [(kind, amount, pct, due)] = owed_by_government("甲方应在收到发票后15日内一次性支付全部合同价款。")
    assert (kind, amount, pct, due) == ("payment", "1200000.00", "100", {"event": "invoice", "offset": 15, "unit": "day"})


def test_a_bond_return_carries_the_bond_amount_stated_in_another_clause():
    result = owed_by_government(
        "乙方应在合同签订后5日内向甲方提交合同总价5%的履约保证金。",
        "验收合格后10个工作日内，甲方将履约保证金无息退还乙方。",
    )
    assert result == [("bond_return", "60000.00", "5", {"event": "acceptance", "offset": 10, "unit": "working_day"})]


def test_a_guarantee_letter_returned_is_the_security_the_clause_before_defines():
    # 保函原件 alone: the guarantee given for the 履约保证金 of the clause before
    result = owed_by_government(
        "4.1 乙方以银行保函提交履约保证金，金额为合同总价的2%，计人民币贰万肆仟元整。",
        "4.2 服务期满且考核合格的，甲方于2028年3月31日前将保函原件退还乙方。",
    )
    assert result == [("bond_return", "24000.00", None, {"date": "2028-03-31"})]
    # with no security named before, a letter returned is no duty the parser can size
    assert owed_by_government("甲方于2028年3月31日前将保函原件退还乙方。") == []


def test_a_bid_deposit_returned_by_the_procurement_agency_is_owed_on_the_government_side():
    assert owed_by_government("采购代理机构应当自合同签订之日起5个工作日内退还中标供应商的投标保证金人民币2万元。") == [
        ("deposit_return", "20000.00", None, {"event": "signing", "offset": 5, "unit": "working_day"})]


def test_retention_money_returned_after_the_defects_period_is_a_retention_return():
    result = owed_by_government("质量保证金为合同价的3%。", "缺陷责任期满后14日内，由甲方将质量保证金返还乙方。")
    assert result == [("retention_return", "36000.00", "3", {"event": "warranty_end", "offset": 14, "unit": "day"})]


def test_a_subsidy_in_wan_yuan_after_production_starts():
    assert owed_by_government("项目投产后6个月内，甲方给予乙方设备投资补助人民币500万元。") == [
        ("subsidy", "5000000.00", None, {"event": "production_start", "offset": 6, "unit": "month"})]


def test_land_approvals_and_infrastructure_promised_by_a_date():
    result = owed_by_government(
        "甲方负责于2024年9月22日前完成项目用地的挂牌出让工作，乙方应依法参加竞买。",
        "甲方协助乙方于2024年8月18日前办理完成项目备案、环境影响评价等审批手续。",
        "甲方负责于2024年12月7日前完成项目用地红线外七通一平基础设施配套。",
    )
    assert [(k, d) for k, _, _, d in result] == [
        ("land", {"date": "2024-09-22"}), ("approval", {"date": "2024-08-18"}), ("other", {"date": "2024-12-07"})]


def test_two_obligations_in_one_sentence_are_both_found():
    result = run("乙方应于合同签订后30日内交货，甲方应在到货后10个工作日内支付合同总价的50%。")
    assert [(o["debtor"], o["kind"], o["amount"]) for o in result] == [
        ("counterparty", "other", None), ("government", "payment", "600000.00")]


def test_a_duty_of_the_counterparty_is_kept_with_the_counterparty_as_debtor():
    [ob] = run("乙方应于2024年10月8日前开工建设。")
    assert (ob["debtor"], ob["kind"], ob["due"]) == ("counterparty", "other", {"date": "2024-10-08"})


@pytest.mark.parametrize("sentence", [
    "甲方无正当理由逾期付款的，每逾期一日，应按逾期金额的万分之五向乙方支付违约金。",
    "本项目保修期两年。",
    "本合同一式六份，甲方执四份，乙方执二份。",
    "乙方违反本合同约定的，甲方有权从履约保证金中扣除相应的违约金。",
    "甲方应及时组织验收。",
    "甲方应根据本合同约定按时足额支付政府付费。",
    "因不可抗力致使一方不能履行本合同的，受影响方应在事件发生后5日内书面通知对方。",
    "因乙方违约导致本合同提前终止的，甲方应在终止后30日内支付终止补偿金。",
    "质量保证期为24个月，自货物验收合格之日起计算。",
    "合作期：是指自本合同生效之日起至项目移交完成之日止的期间。",
    "合作期满前12个月，双方应成立移交委员会。",
    "甲方应于每月10日前支付上月服务费。",
])
def test_penalties_warranty_periods_copies_rights_and_duties_without_deadlines_are_not_obligations(sentence):
    assert owed_by_government(sentence) == []


def test_a_payment_schedule_table_becomes_one_obligation_per_row():
    ex = extractor("10000000.00")
    table = TableBlock(
        header=["序号", "付费项目", "支付时间", "金额（元）"],
        rows=[["1", "可用性服务费", "2026年12月31日前", "1,000,000.00"],
              ["2", "可行性缺口补助", "2027年12月31日前", "2,000,000.00"]],
        page=4, row_pages=[4, 5], intro="甲方应按下表所列时间和金额向乙方支付：")
    ex.add_table(table)
    assert [(o.kind, o.debtor, str(o.amount), o.due.as_json(), o.page) for o in ex.found] == [
        ("payment", "government", "1000000.00", {"date": "2026-12-31"}, 4),
        ("subsidy", "government", "2000000.00", {"date": "2027-12-31"}, 5),
    ]


def test_a_milestone_table_with_a_responsible_party_column_assigns_the_debtor_per_row():
    ex = extractor()
    table = TableBlock(header=["序号", "节点", "完成时间", "责任方"],
                       rows=[["1", "交付净地", "2025年3月1日", "甲方"], ["2", "开工建设", "2025年6月1日", "乙方"]], page=2)
    ex.add_table(table)
    assert [(o.kind, o.debtor, o.due.as_json()) for o in ex.found] == [
        ("land", "government", {"date": "2025-03-01"}), ("other", "counterparty", {"date": "2025-06-01"})]


def test_without_a_contract_amount_a_percent_payment_keeps_its_percent_and_no_amount():
    [(kind, amount, pct, _)] = owed_by_government("合同签订后7日内，甲方支付合同总价的30%。", amount=None)
    assert (kind, amount, pct) == ("payment", None, "30")


def test_a_schedule_in_one_sentence_gives_one_payment_per_trigger():
    result = owed_by_government("合同签订之日起7日内支付合同总价的30%，验收合格后支付60%，质保期满后支付10%。")
    assert [(amount, due) for _, amount, _, due in result] == [
        ("360000.00", {"event": "signing", "offset": 7, "unit": "day"}),
        ("720000.00", {"event": "acceptance", "offset": 0, "unit": "day"}),
        ("120000.00", {"event": "warranty_end", "offset": 0, "unit": "day"}),
    ]


def test_the_balance_kept_as_retention_is_paid_after_the_warranty_as_the_remainder():
    result = owed_by_government("验收合格后甲方支付合同款的95%，余款5%作为质保金，质保期满后一年内无息付清。")
    assert [(amount, pct, due) for _, amount, pct, due in result] == [
        ("1140000.00", "95", {"event": "acceptance", "offset": 0, "unit": "day"}),
        ("60000.00", "5", {"event": "warranty_end", "offset": 12, "unit": "month"}),
    ]


def test_a_percent_of_the_work_done_is_not_a_share_of_the_contract_price():
    assert owed_by_government("发包人应于2025年6月30日前按已完成工程量的80%支付进度款。") == []


def test_a_payment_stated_twice_is_one_obligation_and_is_counted_once_for_cumulative_wording():
    result = owed_by_government(
        "合同签订后7日内，甲方支付合同总价的30%。",
        "合同签订后7日内，甲方支付合同总价的30%。",
        "验收合格后15日内，甲方支付至合同总价的95%。",
    )
    assert [amount for _, amount, _, _ in result] == ["360000.00", "780000.00"]


def table_rows(header: list[str], row: list[str], intro: str) -> list[tuple]:
    """(kind, debtor, amount) of the obligations read from a one-row table on a 1,000,000.00 contract."""
    ex = extractor("1000000.00")
    ex.add_table(TableBlock(header=header, rows=[row], page=1, intro=intro))
    return [(o.kind, o.debtor, str(o.amount)) for o in ex.found]


def test_paragraph_numbered_1_and_a_prepayment_bond_of_the_counterparty_do_not_make_it_the_payer():
    assert owed_by_government("1、合同签订后，乙方提交预付款保函且甲方收到发票后十个工作日内，甲方支付合同总价的20%。") == [
        ("payment", "240000.00", "20", {"event": "invoice", "offset": 10, "unit": "working_day"})]


def test_a_table_whose_intro_has_the_counterparty_invoice_before_each_payment_is_still_paid_by_the_government():
    assert table_rows(["期次", "付款条件及时间", "付款比例", "金额（元）"],
                      ["第一期", "合同签订后7个工作日内", "20%", "200,000.00"],
                      "4.1 服务费按下表分期支付，乙方应在每期付款前向甲方开具合法有效的增值税发票：") == [
        ("payment", "government", "200000.00")]


def test_a_return_whose_money_was_named_in_the_sentence_before_carries_that_money():
    assert owed_by_government("4、质量保证金为合同总价的3%；缺陷责任期满后无质量问题的，甲方于十四日内一次性返还。") == [
        ("retention_return", "36000.00", "3", {"event": "warranty_end", "offset": 14, "unit": "day"})]


@pytest.mark.parametrize("bond", ["乙方应在签订合同前向甲方提交合同总价百分之十的履约保证金。",
                                  "乙方应提交金额为合同总价10%的建设期履约保函。"])
def test_a_bond_defined_as_a_percent_in_words_or_before_a_qualifier_gives_the_return_its_amount(bond):
    returned = "建设期履约保函" if "建设期" in bond else "履约保证金"
    result = owed_by_government(bond, f"{returned}在验收合格后二十八日内由甲方无息退还乙方。")
    assert [(k, a) for k, a, _, _ in result] == [("bond_return", "120000.00")]


def test_a_table_row_of_retention_money_returned_after_the_defect_period_is_a_retention_return():
    assert table_rows(["序号", "款项", "支付时间", "金额（元）"], ["5", "质量保证金", "缺陷责任期满后14天内返还", "30,000.00"],
                      "第六条 合同价款支付") == [("retention_return", "government", "30000.00")]


def test_land_put_to_listing_and_utilities_brought_to_the_red_line_are_government_commitments():
    result = owed_by_government("甲方应于协议签订后九十日内完成项目用地的土地收储及挂牌程序。",
                                "甲方负责于2025年10月底前将水、电、气、路等接至项目用地红线。")
    assert [(k, d) for k, _, _, d in result] == [
        ("land", {"event": "signing", "offset": 90, "unit": "day"}), ("other", {"date": "2025-10-31"})]


def test_retention_kept_as_a_share_of_the_price_gives_its_return_that_share():
    assert owed_by_government("余款百分之三作为质量保证金，缺陷责任期（两年）满后，甲方应在二十八日内返还。") == [
        ("retention_return", "36000.00", "3", {"event": "warranty_end", "offset": 28, "unit": "day"})]


def test_a_schedule_table_with_cumulative_percents_gives_each_row_its_increment_and_a_retention_row_its_return():
    ex = extractor("10000000.00")
    ex.add_table(TableBlock(
        header=["付款节点", "支付条件", "支付比例", "支付时限"],
        rows=[["预付款", "合同签订", "30%", "合同签订后7个工作日内"],
              ["竣工款", "竣工验收合格", "累计支付至80%", "竣工验收合格后30日内"],
              ["结算款", "结算审核完成", "累计支付至97%", "结算审核完成后60日内"],
              ["质量保证金", "缺陷责任期满", "3%", "期满后14日内无息返还"]],
        page=3, intro="发包人按下表支付工程款（百分比均以签约合同价为基数）："))
    assert [(o.kind, str(o.amount), str(o.percent), o.due.as_json()) for o in ex.found] == [
        ("payment", "3000000.00", "30", {"event": "signing", "offset": 7, "unit": "working_day"}),
        ("payment", "5000000.00", "50", {"event": "completion", "offset": 30, "unit": "day"}),
        ("payment", "1700000.00", "17", {"event": "settlement", "offset": 60, "unit": "day"}),
        ("retention_return", "300000.00", "3", {"event": "warranty_end", "offset": 14, "unit": "day"}),
    ]


def test_a_bond_defined_as_a_percent_of_a_bank_guarantee_or_with_a_long_amount_is_carried_to_its_return():
    assert owed_by_government(
        "乙方应于合同签订后7日内向甲方提交金额为合同金额5%的银行履约保函，保函有效期至项目终验合格之日。",
        "项目终验合格后，甲方应于10个工作日内将履约保函原件退还乙方。") == [
        ("bond_return", "60000.00", "5", {"event": "acceptance", "offset": 10, "unit": "working_day"})]
    [(_kind, amount, _pct, _due)] = owed_by_government(
        "六、履约担保：承包人应在合同签订前提交签约合同价5%的银行履约保函，金额人民币1,234,175.00元。",
        "九、履约保函的退还：工程竣工验收合格之日起二十八日内，发包人将履约保函退还承包人。", amount="24683500.00")
    assert amount == "1234175.00"


def test_land_handed_over_after_the_investor_pays_for_it_is_the_governments_duty():
    assert owed_by_government("2.4 乙方缴清土地出让价款后，甲方应于2025年8月15日前向乙方交付净地，并协助乙方办理不动产权证。") == [
        ("land", None, None, {"date": "2025-08-15"})]


def test_instalments_of_a_subsidy_announced_at_the_head_of_the_clause_are_subsidies():
    ex = extractor("936000000.00", gov_label="政府方", cp_label="项目公司")
    for line in ("六、建设投资补助：政府方给予项目公司建设投资补助共计人民币1.2亿元，分两次拨付：",
                 "第一次人民币6,000万元，于2026年3月31日前拨付；", "第二次人民币6,000万元，于项目竣工验收合格后30日内拨付。"):
        ex.add_clause(Clause(line, page=2))
    assert [(o.kind, o.debtor, str(o.amount), o.due.as_json()) for o in ex.found] == [
        ("subsidy", "government", "60000000.00", {"date": "2026-03-31"}),
        ("subsidy", "government", "60000000.00", {"event": "completion", "offset": 30, "unit": "day"})]
    # a price that includes allowances is not a subsidy clause
    assert owed_by_government("合同价款包含人工补贴、交通补贴等全部费用。验收合格后10日内，甲方支付合同总价的95%。")[0][0] == "payment"


def test_amounts_and_dates_listed_respectively_pair_up_one_obligation_each():
    ex = extractor("936000000.00", gov_label="政府方", cp_label="项目公司")
    ex.add_clause(Clause("七、可行性缺口补助：运营期第1至3年的可行性缺口补助分别为2,180万元、2,240万元、2,310万元，"
                         "政府方应分别于2028年6月30日、2029年6月30日、2030年6月30日前支付。", page=2))
    assert [(o.kind, str(o.amount), o.due.as_json()) for o in ex.found] == [
        ("subsidy", "21800000.00", {"date": "2028-06-30"}), ("subsidy", "22400000.00", {"date": "2029-06-30"}),
        ("subsidy", "23100000.00", {"date": "2030-06-30"})]


def test_a_quarterly_fee_due_on_listed_dates_is_one_payment_per_date_and_a_date_without_year_takes_the_year_before():
    assert owed_by_government(
        "（一）服务费按季度支付，每季度支付人民币24万元。甲方应分别于2025年6月25日、9月25日、12月25日及"
        "2026年3月25日前，将当季服务费支付至乙方账户。", amount="960000.00") == [
        ("payment", "240000.00", None, {"date": "2025-06-25"}), ("payment", "240000.00", None, {"date": "2025-09-25"}),
        ("payment", "240000.00", None, {"date": "2025-12-25"}), ("payment", "240000.00", None, {"date": "2026-03-25"})]
    # listed dates with no amount for each are not guessed
    assert owed_by_government("甲方应分别于2025年6月25日、9月25日前支付服务费。", amount="960000.00") == []


def _works(*sentences: str, amount: str = "6854200.00") -> list[tuple]:
    ex = extractor(amount, gov_label="发包人", cp_label="承包人")
    ex.fields.kind = "bidding"
    clauses = [Clause(s, page=1) for s in sentences]
    ex.learn(clauses)
    for clause in clauses:
        ex.add_clause(clause)
    return [(o.kind, o.debtor, str(o.amount) if o.amount is not None else None, o.due.event, o.due.offset, o.due.unit)
            for o in ex.found]


def test_retention_returned_to_the_contractor_after_deducting_its_repairs_is_owed_by_the_employer():
    """发包人…扣除应由承包人承担的维修费用后将质量保证金返还承包人: 承包人 is the subject of 承担, but the money
    goes back to it; the amount is the 3% of the price the clause before defines."""
    assert _works("2.5 质量保证金：按审计价的3%预留，缺陷责任期为24个月，自交工验收之日起计算。",
                  "缺陷责任期满后14天内，发包人扣除应由承包人承担的维修费用后将质量保证金无息返还承包人。") == [
        ("retention_return", "government", "205626.00", "warranty_end", 14, "day")]


def test_a_defects_period_named_then_its_end_in_the_next_phrase_is_the_deadline():
    assert _works("（四）质量保证金。余款3%作为工程质量保证金，缺陷责任期一年，期满后一个月内无息返还。",
                  amount="1738000.00") == [("retention_return", "government", "52140.00", "warranty_end", 1, "month")]


def test_a_deposit_already_returned_before_signing_is_no_obligation():
    assert _works("6.2 承包人投标时缴纳的投标保证金已由招标代理机构于2024年11月6日退还，本合同不再约定。") == []


@pytest.mark.parametrize(("sentence", "expected"), [
    ("运营期前三年（2026年至2028年），甲方每年分两期向乙方支付可行性缺口补助，每期人民币1,150万元，分别于当年6月30日前和12月31日前支付。",
     [(f"{y}-{md}", "11500000.00") for y in (2026, 2027, 2028) for md in ("06-30", "12-31")]),
    ("甲方每年给予乙方运营补贴人民币60万元，于次年1月31日前拨付上一年度补贴，补贴期间为2026年度至2030年度。",
     [(f"{y}-01-31", "600000.00") for y in range(2027, 2032)]),
    ("乙方2027年度、2028年度实际缴纳的税收总额分别达到5,000万元、8,000万元的，甲方分别给予300万元、500万元的奖励，于次年6月30日前兑现。",
     [("2028-06-30", "3000000.00"), ("2029-06-30", "5000000.00")]),
    ("甲方于2027年、2028年、2029年的1月31日前分别兑现上一年度就业补贴人民币30万元。",
     [(f"{y}-01-31", "300000.00") for y in (2027, 2028, 2029)]),
])
def test_a_duty_repeated_over_stated_years_is_one_obligation_per_date(sentence, expected):
    """The fourth held-out batch's yearly subsidies and rewards: the dates are worked out from the years
    the clause states (至, 、) and the day of the next or the same year (次年, 当年)."""
    found = [o for o in run(sentence, amount="245600000.00") if o["debtor"] == "government"]
    assert [(o["due"]["date"], o["amount"]) for o in found] == expected
    assert {o["kind"] for o in found} == {"subsidy"}


def test_a_subsidy_total_split_into_instalments_is_one_subsidy_per_instalment_of_its_own_amount():
    ex = extractor("300000000.00")
    for line in ("3.1 设备购置补助共计人民币400万元，分两次拨付：项目投产后6个月内拨付200万元；投产后12个月内拨付剩余200万元。",):
        ex.add_clause(Clause(line, page=1))
    assert [(o.kind, str(o.amount), o.due.as_json()) for o in ex.found] == [
        ("subsidy", "2000000.00", {"event": "production_start", "offset": 6, "unit": "month"}),
        ("subsidy", "2000000.00", {"event": "production_start", "offset": 12, "unit": "month"})]


def test_a_bond_returned_once_an_investment_threshold_is_met_is_the_bond_not_the_threshold():
    assert owed_by_government("4.1 乙方应在本协议签订后10个工作日内向甲方缴纳履约保证金人民币200万元。",
                              "4.2 项目竣工投产且固定资产投资达到3亿元的，甲方在乙方投产后30日内无息退还履约保证金。",
                              amount="300000000.00") == [
        ("bond_return", "2000000.00", None, {"event": "production_start", "offset": 30, "unit": "day"})]


def test_the_consequence_of_the_governments_delay_is_no_duty():
    assert owed_by_government("5.2 甲方未按约定时间交地的，乙方开工及投产时间相应顺延。") == []


def test_an_advance_whose_amount_is_stated_in_the_sentence_before_counts_toward_a_cumulative_instalment():
    """预付款：10%，即685,420.00元。…发包人于合同签订后14天内支付: the amount is in the sentence before
    the deadline; missing it, the next instalment's 累计支付至40% was read as 40% instead of 30%."""
    assert _works("2.1 预付款：签约合同价的10%，即685,420.00元。承包人提交等额预付款保函后，发包人于合同签订后14天内支付。",
                  "2.2 进度款：路基及排水工程完成并经监理人计量确认后，发包人不迟于2025年8月31日累计支付至签约合同价的40%。") == [
        ("payment", "government", "685420.00", "signing", 14, "day"),
        ("payment", "government", "2056260.00", None, 0, "day")]


def test_a_permit_the_government_ensures_the_investor_obtains_is_the_governments_duty():
    assert owed_by_government("2.3 甲方指定县投资促进中心专人代办，确保乙方于2025年4月30日前取得建设用地规划许可证。") == [
        ("approval", None, None, {"date": "2025-04-30"})]
    assert owed_by_government("乙方应于2025年4月30日前取得建设用地规划许可证。") == []


def test_a_table_of_yearly_fees_is_paid_on_the_day_of_the_next_year_its_intro_names_and_its_total_is_no_fee():
    ex = extractor("245600000.00")
    ex.add_table(TableBlock(
        header=["运营年度", "可用性服务费（元）", "运维绩效服务费（元）", "合计（元）"],
        rows=[["2026年", "24,618,300.00", "9,856,200.00", "34,474,500.00"],
              ["2027年", "24,618,300.00", "10,052,400.00", "34,670,700.00"]],
        page=3, intro="每一运营年度的可用性服务费和运维绩效服务费于次年3月31日前由甲方一次性支付，下表为考核满分时的金额："))
    assert [(o.kind, o.debtor, str(o.amount), o.due.as_json()) for o in ex.found] == [
        ("payment", "government", "24618300.00", {"date": "2027-03-31"}),
        ("payment", "government", "9856200.00", {"date": "2027-03-31"}),
        ("payment", "government", "24618300.00", {"date": "2028-03-31"}),
        ("payment", "government", "10052400.00", {"date": "2028-03-31"})]


def test_a_fee_paid_after_each_stated_quarter_is_one_payment_per_quarter_in_the_next_month():
    found = run("4.1 服务期为一年，第一季度为2025年9月1日至11月30日，第二季度为2025年12月1日至2026年2月28日，"
                "第三季度为2026年3月1日至5月31日，第四季度为2026年6月1日至8月31日。",
                "4.2 每个服务季度结束后，甲方根据当季考核结果于次月15日前支付该季度服务费人民币28.8万元。",
                amount="1152000.00")
    assert [(o["kind"], o["amount"], o["due"]["date"]) for o in found] == [
        ("payment", "288000.00", d) for d in ("2025-12-15", "2026-03-15", "2026-06-15", "2026-09-15")]


def test_a_monthly_fee_paid_by_the_end_of_the_next_month_is_one_payment_per_month_of_the_service_term():
    found = run("服务期限自2025年10月1日起至2026年1月31日止，共4个服务月。",
                "服务费按月结算。甲方于每个服务月的次月月末前，根据考核结果向乙方支付该月服务费人民币96,500.00元。",
                amount="386000.00")
    assert [(o["kind"], o["amount"], o["due"]["date"]) for o in found] == [
        ("payment", "96500.00", d) for d in ("2025-11-30", "2025-12-31", "2026-01-31", "2026-02-28")]


def test_a_fee_paid_before_each_half_years_end_falls_at_each_half_year_of_the_service_term():
    found = run("服务期限自2026年1月1日起至2027年12月31日止，每一服务年度与自然年度一致。",
                "甲方于服务期内每半年末前，支付当期半年度服务费的90%，即每期人民币75.6万元。",
                "乙方应于每半年末前向甲方报送当期抽检数据分析报告。", amount="3360000.00")
    assert [(o["amount"], o["due"]["date"]) for o in found if o["debtor"] == "government"] == [
        ("756000.00", d) for d in ("2026-06-30", "2026-12-31", "2027-06-30", "2027-12-31")]
    # the supplier's reports fall on the same days, and stay the supplier's
    assert {(o["debtor"], o["kind"], o["amount"]) for o in found if "报送" in o["text"]} == {("counterparty", "other", None)}


def test_a_share_paid_in_the_first_quarter_after_each_service_year_falls_once_a_year_after_the_term_s_years():
    found = run("服务期限自2026年1月1日起至2027年12月31日止。",
                "每一服务年度结束后，甲方组织年度考核。考核合格的，该服务年度服务费的10%（即人民币16.8万元）于次年"
                "一季度内一次性支付。", amount="3360000.00")
    assert [(o["amount"], o["due"]["date"]) for o in found] == [("168000.00", "2027-03-31"), ("168000.00", "2028-03-31")]
    # a term that starts mid-year: its years end on the day before each anniversary
    found = run("运营期自2025年10月1日起至2027年9月30日止。",
                "每个运营年度结束后，甲方于次年上半年内支付该运营年度绩效服务费人民币20万元。", amount="3360000.00")
    assert [o["due"]["date"] for o in found] == ["2027-06-30", "2028-06-30"]


def test_days_of_each_year_of_a_named_term_fall_within_that_term_on_its_months_last_working_days():
    found = run("（二）运维内容：系统终验合格后，乙方自2026年7月1日起至2028年6月30日止提供两年驻场运维服务。",
                "合同价款中运维服务费72万元。",
                "甲方于运维期内每年6月、12月的最后一个工作日前，各支付运维服务费人民币18万元。", amount="3200000.00")
    assert [(o["amount"], o["due"]["date"]) for o in found if o["debtor"] == "government"] == [
        ("180000.00", d) for d in ("2026-12-31", "2027-06-30", "2027-12-31", "2028-06-30")]
    # no term stated: not guessed
    assert run("甲方于运维期内每年6月、12月的最后一个工作日前，各支付运维服务费人民币18万元。") == []


def test_a_deposit_paid_to_the_government_is_returned_by_the_government_to_whom_the_return_names():
    found = run("乙方投标时向甲方缴纳的投标保证金人民币（大写）贰万元整（¥20,000.00），甲方在本合同签订后的第5个工作日内"
                "退还至乙方基本账户。")
    assert [(o["kind"], o["debtor"], o["amount"], o["due"]) for o in found] == [
        ("deposit_return", "government", "20000.00", {"event": "signing", "offset": 5, "unit": "working_day"})]


def test_land_already_handed_over_on_a_stated_day_is_not_owed():
    assert owed_by_government("甲方已于2023年9月28日将三处建设用地以划拨方式交付乙方。") == []
    assert owed_by_government("甲方应将第二批4处停车场用地最迟于2026年3月31日交付乙方。") == [
        ("land", None, None, {"date": "2026-03-31"})], "the land named well before its handover"


def test_a_subsidy_paid_twice_a_year_over_stated_years_is_one_subsidy_per_half_year():
    found = run("运营期前两个完整年度（2027年至2028年），甲方每年给予乙方运营补贴人民币250万元，每半年拨付一次，"
                "于每年6月30日前和12月31日前各拨付人民币（大写）壹佰贰拾伍万元整（¥1,250,000.00）。")
    assert [(o["kind"], o["amount"], o["due"]["date"]) for o in found] == [
        ("subsidy", "1250000.00", d) for d in ("2027-06-30", "2027-12-31", "2028-06-30", "2028-12-31")]


def test_a_reward_paid_in_three_years_on_listed_days_is_three_rewards_of_each_amount():
    found = run("乙方固定资产投资达到8亿元的，甲方给予固定资产投资奖励人民币1,200万元，分三年兑现，"
                "于2027年12月31日前、2028年12月31日前、2029年12月31日前各兑现人民币400万元。")
    assert [(o["kind"], o["amount"], o["due"]["date"]) for o in found] == [
        ("subsidy", "4000000.00", d) for d in ("2027-12-31", "2028-12-31", "2029-12-31")]


def test_a_subsidy_in_instalments_counted_from_one_event_is_one_subsidy_per_listed_period():
    found = run("甲方给予乙方基础设施配套补助共计人民币900万元，分三年兑现：在项目投产之日起12个月内、24个月内、"
                "36个月内分别兑现人民币300万元。")
    assert [(o["kind"], o["amount"], o["due"]) for o in found] == [
        ("subsidy", "3000000.00", {"event": "production_start", "offset": n, "unit": "month"}) for n in (12, 24, 36)]


def test_a_deadline_in_the_condition_that_earns_a_subsidy_is_no_duty_of_its_own():
    found = run("乙方于2026年12月31日前完成首条生产线设备安装的，甲方于2027年6月30日前兑现设备补助人民币150万元。")
    assert [(o["kind"], o["debtor"], o["amount"], o["due"]) for o in found] == [
        ("subsidy", "government", "1500000.00", {"date": "2027-06-30"})]


def test_each_fee_column_of_a_yearly_table_is_paid_on_the_day_its_own_clause_names():
    ex = extractor("152360000.00")
    ex.add_table(TableBlock(
        header=["年度", "可用性付费(万元)", "运维绩效付费(万元，满分值)"],
        rows=[["2025年", "1,486.20", "318.50"]], page=2,
        intro="每年的可用性付费于当年6月30日前支付；运维绩效付费按当年考核平均得分核定，于当年12月31日前支付。"))
    assert [(str(o.amount), o.due.as_json()) for o in ex.found] == [
        ("14862000.00", {"date": "2025-06-30"}), ("3185000.00", {"date": "2025-12-31"})]


def test_a_table_time_counted_from_its_rows_own_node_is_read_with_that_node():
    ex = extractor("4856000.00")
    ex.add_table(TableBlock(
        header=["序号", "支付节点", "支付比例", "支付时间"],
        rows=[["1", "完工验收合格", "签约合同价的75%", "完工验收合格之日起30个自然日内"],
              ["2", "完工结算经市财政投资评审中心审定", "累计至审定结算价的97%", "审定之日起60个自然日内"]],
        page=2, intro="发包人按下表向承包人支付合同价款："))
    assert [(str(o.amount), o.due.as_json()) for o in ex.found] == [
        ("3642000.00", {"event": "completion", "offset": 30, "unit": "day"}),
        ("1068320.00", {"event": "settlement", "offset": 60, "unit": "day"})]


def test_a_permit_filing_the_government_completes_by_a_day_is_an_approval():
    assert owed_by_government("发包人最迟于2025年9月30日办结本工程开工备案手续。") == [
        ("approval", None, None, {"date": "2025-09-30"})]


def test_a_special_clause_replaces_the_general_clause_of_its_number_and_the_cumulative_count_restarts():
    """专用条款与通用条款不一致的，以专用条款为准: the 通用条款's superseded terms are no duties."""
    found = owed_by_government(
        "第二部分 通用条款",
        "5.1 预付款：合同生效后，采购人在三十日内支付合同价款的20%作为预付款。",
        "5.2 验收款：项目终验合格后，采购人在收到供应商发票后三十日内支付至合同价款的90%。",
        "6.1 采购人于合同签订之日起5个工作日内退还投标保证金人民币1万元。",
        "第三部分 专用条款",
        "5.1 预付款：甲方于合同签订之日起15个自然日内，支付合同价款的30%。",
        "5.2 初验款：甲方于初验合格之日起20个自然日内累计支付至合同价款的60%。")
    assert found == [
        ("deposit_return", "10000.00", None, {"event": "signing", "offset": 5, "unit": "working_day"}),
        ("payment", "360000.00", "30", {"event": "signing", "offset": 15, "unit": "day"}),
        ("payment", "360000.00", "30", {"event": "acceptance", "offset": 20, "unit": "day"})]


def test_a_special_clause_replaces_the_general_clauses_it_names_whether_read_before_or_after_them():
    said_first = owed_by_government(
        "专用合同条款",
        "第8条 履约保证金（本条替代通用条款第8.1款至第8.3款）：甲方于终验合格之日起10个工作日内将履约保证金人民币6万元无息退还。",
        "通用合同条款",
        "8.3 履约保证金在质保期满后三十日内无息退还。")
    assert said_first == [("bond_return", "60000.00", None, {"event": "acceptance", "offset": 10, "unit": "working_day"})]
    without_parts = owed_by_government(
        "5.1 采购人在合同签订后三十日内支付合同价款的20%。", "5.1 采购人在验收合格后十日内支付合同价款的20%。")
    assert len(without_parts) == 2  # numbers repeat only across parts that say which part they are


def test_the_quoted_wording_a_clause_replaces_is_no_deadline():
    assert owed_by_government("质量保证金的返还：通用合同条款第15.4.2项约定的“缺陷责任期届满后14天内”修改为“缺陷责任期届满后"
                              "28天内”，发包人在该期限内将质量保证金人民币3万元无息返还承包人。") == [
        ("retention_return", "30000.00", None, {"event": "warranty_end", "offset": 28, "unit": "day"})]


def test_an_earlier_contracts_quoted_term_that_was_not_met_is_no_new_duty():
    assert owed_by_government("受财政资金调度影响，原合同第14.2款约定的“审计完成之日起60天内支付至审定结算价的97%”未能按期"
                              "履行。", amount="25936700.00") == []


def test_a_warranty_period_defined_beside_a_payment_is_not_the_payments_deadline():
    assert owed_by_government("5.4 尾款：合同价款的5%作为尾款，质保期为终验合格之日起12个月，甲方于质保期满后的第10个工作日内"
                              "一次性支付。") == [
        ("payment", "60000.00", "5", {"event": "warranty_end", "offset": 10, "unit": "working_day"})]


def test_percents_of_a_named_part_of_the_price_are_of_that_part_and_counted_apart():
    """EPC: 其中设计费…，施工费…; 施工费累计支付至施工费的75% is 75% of the construction fee, less what of it was paid."""
    found = owed_by_government(
        "签约合同价为人民币1,628万元，其中设计费48万元，建筑安装工程及设备购置费（以下简称“施工费”）1,580万元。",
        "发包人于合同签订之日起30个自然日内支付设计费的50%，即人民币24万元。",
        "预付款：施工费的10%即人民币158万元，发包人最迟于2025年6月20日支付。",
        "竣工款：工程竣工验收合格之日起30个自然日内，施工费累计支付至施工费的75%。",
        "结算款：结算审计完成之日起45个自然日内，施工费累计支付至审定施工费结算价的97%。",
        "质量保证金：按审定施工费结算价的3%预留。缺陷责任期届满之日起30个自然日内，发包人将质量保证金无息返还承包人。",
        amount="16280000.00")
    assert [(kind, amount) for kind, amount, _percent, _due in found] == [
        ("payment", "240000.00"), ("payment", "1580000.00"), ("payment", "10270000.00"), ("payment", "3476000.00"),
        ("retention_return", "474000.00")]


def test_a_table_of_operating_years_is_paid_by_the_rules_its_clauses_state_before_it():
    """PPP: 运营年度 runs 9月1日 to 8月31日; 可用性付费 half by 2月末 and half by 8月末 of each year (a 29
    February in 2028), 运维绩效付费 30 days after the year ends."""
    ex = extractor("386450000.00")
    for text in ("2.1 可用性付费按运营年度计算，每半年支付一次：甲方于每个运营年度的2月末和8月末前，各支付该运营年度可用性付费的50%。",
                 "2.2 运维绩效付费按运营年度绩效考核结果核定，甲方于每个运营年度结束后的第30个自然日前一次性支付。",
                 "2.3 前两个运营年度的付费标准如下："):
        ex.add_clause(Clause(text, page=1))
    ex.add_table(TableBlock(
        header=["运营年度", "起止时间", "可用性付费（万元/年）", "运维绩效付费（万元/年）"],
        rows=[["第1年", "2025年9月1日—2026年8月31日", "3,926.40", "412.80"],
              ["第3年", "2027年9月1日—2028年8月31日", "3,926.40", "429.48"]], page=2,
        intro="2.3 前两个运营年度的付费标准如下："))
    assert [(o.debtor, str(o.amount), o.due.as_json()["date"]) for o in ex.found] == [
        ("government", "19632000.00", "2026-02-28"), ("government", "19632000.00", "2026-08-31"),
        ("government", "4128000.00", "2026-09-30"),
        ("government", "19632000.00", "2028-02-29"), ("government", "19632000.00", "2028-08-31"),
        ("government", "4294800.00", "2028-09-30")]


def test_a_yearly_amount_split_over_months_is_not_guessed_without_each_months_share():
    from parsers.obligations import period_steps
    assert period_steps("甲方于每个运营年度的2月末和8月末前支付该运营年度可用性付费") == ("year", [])
    assert period_steps("甲方于每个运营年度的6月末前支付") == ("year", [(6, 0, Decimal(100))])


def test_a_price_per_tonne_settled_monthly_is_no_monthly_fee():
    ex = extractor("286540000.00")
    for text in ("运营期自2025年1月1日起至2034年12月31日止。",
                 "4.1 污水处理服务费按实际处理水量乘以污水处理服务单价（每吨1.36元，基本水量按设计规模的70%计）计算，由甲方"
                 "按月核定后于次月20日前支付。"):
        ex.learn([Clause(text, page=1)])
        ex.add_clause(Clause(text, page=1))
    assert [o for o in ex.found if o.amount is not None] == []


def test_a_yearly_table_paid_each_april_for_the_year_before_falls_in_the_next_year_and_its_share_column_is_no_fee():
    ex = extractor("286540000.00")
    ex.add_table(TableBlock(
        header=["运营年度", "可行性缺口补助（万元）", "其中：与运维绩效挂钩部分（万元）"],
        rows=[["2025年度", "2,186.40", "655.92"], ["2026年度", "2,204.75", "661.43"]], page=2,
        intro="运营年度与日历年度一致，甲方于每年4月30日前支付上一运营年度的可行性缺口补助。补助金额如下："))
    assert [(o.kind, str(o.amount), o.due.as_json()) for o in ex.found] == [
        ("subsidy", "21864000.00", {"date": "2026-04-30"}), ("subsidy", "22047500.00", {"date": "2027-04-30"})]


def test_land_handed_over_in_batches_after_a_lead_naming_the_land_is_land_each_time():
    assert owed_by_government("3.2 征地拆迁：甲方负责23处站点用地的征地拆迁，并分两批将站点用地交付丙方：第一批15处站点于"
                              "2024年5月31日前交付；第二批8处站点于2024年7月31日前交付。") == [
        ("land", None, None, {"date": "2024-05-31"}), ("land", None, None, {"date": "2024-07-31"})]
    ex = extractor()
    for text in ("2.4.1 施工现场的移交：本工程沿线的征地拆迁由甲方负责，施工现场分段移交：",
                 "①K0+000—K2+600段（城北片区），于2025年4月25日前移交；",
                 "②K2+600—K4+950段（老城片区），于二〇二五年五月三十一日前移交。"):
        ex.add_clause(Clause(text, page=1))
    assert [(o.kind, o.debtor, o.due.as_json()) for o in ex.found] == [
        ("land", "government", {"date": "2025-04-25"}), ("land", "government", {"date": "2025-05-31"})]


def test_a_deposit_paid_to_the_government_is_returned_by_whoever_the_returning_part_names():
    assert owed_by_government("16. 投标保证金：乙方投标时向甲方缴纳的投标保证金人民币（大写）捌万元整（￥80,000.00），"
                              "甲方于合同签订后5个工作日内退还。") == [
        ("deposit_return", "80000.00", None, {"event": "signing", "offset": 5, "unit": "working_day"})]


def test_progress_payments_capped_at_a_total_count_before_the_next_cumulative_payment():
    found = owed_by_government(
        "预付款：预付款比例为合同价的10%，甲方于合同签订之日起21天内支付。",
        "进度款：甲方在监理人审核确认后28天内，支付当月经审核完成工程量价款的80%。当工程款（含预付款）累计支付达到合同价的"
        "80%时，停止支付进度款。",
        "竣工付款：工程竣工验收合格之日起28天内，甲方累计支付至合同价的85%。")
    assert [(amount, percent) for _kind, amount, percent, _due in found] == [("120000.00", "10"), ("60000.00", "5")]


def test_payments_already_made_and_their_table_are_no_duties():
    ex = extractor("25936700.00")
    for text in ("4. 截至本协议签订之日，甲方累计已支付工程款人民币18,540,000.00元，明细如下表一。", "表一  已付工程款明细"):
        ex.add_clause(Clause(text, page=1))
    ex.add_table(TableBlock(header=["序号", "支付日期", "款项性质", "金额（元）"],
                            rows=[["1", "2023.06.02", "预付款", "2,648,000.00"]], page=1, intro="表一  已付工程款明细"))
    assert ex.found == []


def test_a_bond_returned_takes_its_own_amount_not_that_of_the_guarantee_given_after_it():
    assert owed_by_government(
        "第十七条 乙方已于本协议签订前提交建设期履约保函人民币（大写）贰仟叁佰肆拾万元整。项目通过竣工验收并进入商业运营日起"
        "30日内，甲方退还建设期履约保函，乙方同时提交金额为人民币800万元的运营维护保函。") == [
        ("bond_return", "23400000.00", None, {"event": "operation_start", "offset": 30, "unit": "day"})]


def test_a_table_of_calendar_quarters_is_paid_the_stated_days_after_each_quarter_ends():
    ex = extractor("458600000.00")
    ex.add_clause(Clause("2.2 可用性服务费按自然季度结算，甲方于每个季度结束后15日内支付该季度的可用性服务费。各季度的可用性"
                         "服务费如下表：", page=1))
    ex.add_table(TableBlock(
        header=["序号", "服务季度", "可用性服务费（万元）", "所属运营年度"],
        rows=[["1", "2025年第四季度", "912.00", "第1运营年度"], ["2", "2026年第一季度", "912.00", "第1运营年度"]], page=1,
        intro="2.2 可用性服务费按自然季度结算，甲方于每个季度结束后15日内支付该季度的可用性服务费。各季度的可用性服务费如下表："))
    assert [(o.debtor, str(o.amount), o.due.as_json()) for o in ex.found] == [
        ("government", "9120000.00", {"date": "2026-01-15"}), ("government", "9120000.00", {"date": "2026-04-15"})]


def test_a_rescheduling_table_is_read_by_its_changed_dates_and_a_row_already_paid_is_skipped():
    ex = extractor("3000000000.00")
    ex.add_table(TableBlock(
        header=["期次", "金额（万元）", "原协议兑现时间", "调整后兑现时间", "状态"],
        rows=[["第一期", "600", "2024年12月31日前", "—", "已于2024年12月20日兑现"],
              ["第二期", "600", "2025年6月30日前", "2025.12.31前", "待兑现"]], page=1,
        intro="1.1 原协议约定的固定资产投资奖励共计人民币3,000万元，分四期兑现。第一期已兑现，其余各期的兑现时间调整如下："))
    assert [(str(o.amount), o.due.as_json()) for o in ex.found] == [("6000000.00", {"date": "2025-12-31"})]


def test_a_bond_returned_in_two_parts_gives_each_part_its_amount():
    assert owed_by_government("5.1 乙方按原协议缴纳的履约保证金人民币1,000万元，甲方于2025年12月31日前退还其中人民币500万元。",
                              "5.2 其余人民币500万元，甲方于2026年12月31日前退还。") == [
        ("bond_return", "5000000.00", None, {"date": "2025-12-31"}),
        ("bond_return", "5000000.00", None, {"date": "2026-12-31"})]


def test_dates_listed_with_their_qian_after_fenbieyu_pair_with_the_amount_each_not_a_rent_per_square_metre():
    assert owed_by_government("3.1 甲方按每月每平方米5元的标准给予租金补贴：2025年度、2026年度厂房租金补贴各人民币（大写）叁佰陆拾"
                              "万元整，分别于2026年3月31日前、2027年3月31日前兑现。") == [
        ("subsidy", "3600000.00", None, {"date": "2026-03-31"}), ("subsidy", "3600000.00", None, {"date": "2027-03-31"})]


def test_power_brought_to_the_red_line_by_a_day_is_a_government_commitment():
    assert owed_by_government("4.2 甲方于2026年4月30日前建成110千伏专用变电站，并送电至乙方二期厂区红线。") == [
        ("other", None, None, {"date": "2026-04-30"})]


def test_a_table_of_years_pays_each_money_column_on_the_day_its_header_gives_even_after_a_page_break():
    ex = extractor("164800000.00")
    header = ["年度", "年度运营补贴（万元）", "7月15日前预拨（万元）", "次年一季度内清算（万元）"]
    ex.add_table(TableBlock(header=header, rows=[["2025年度", "945.00", "472.50", "472.50"]], page=1,
                            intro="（二）2025年度至2026年度运营补贴如下表："))
    ex.add_table(TableBlock(header=header, rows=[["2026年度", "1,320.00", "660.00", "660.00"]], page=2,
                            intro="（续表）"))
    assert [(o.kind, o.debtor, str(o.amount), o.due.date.isoformat()) for o in ex.found] == [
        ("subsidy", "government", "4725000.00", "2025-07-15"), ("subsidy", "government", "4725000.00", "2026-03-31"),
        ("subsidy", "government", "6600000.00", "2026-07-15"), ("subsidy", "government", "6600000.00", "2027-03-31")]
    # the year's total column, which gives no day, is not paid again
    assert all(o.amount != Decimal("9450000.00") for o in ex.found)


def test_a_monthly_fee_paid_within_the_first_ten_working_days_falls_on_each_months_tenth_working_day():
    found = owed_by_government(
        "甲方在每月的前十个工作日内，根据上一服务月的考核结果，支付上一服务月服务费的90%，即每月人民币61,650.00元；"
        "首次支付在2026年1月，末次支付在2026年3月。")
    # 2026: 元旦 1–3 January off (4 January, a Sunday, worked); 春节 15–23 February off (14 and 28 February worked)
    assert found == [("payment", "61650.00", None, {"date": d}) for d in ("2026-01-15", "2026-02-13", "2026-03-13")]


def test_a_monthly_fee_for_the_month_before_runs_a_month_behind_the_term():
    found = owed_by_government("服务期限自2025年11月1日起至2026年1月31日止。",
                               "甲方于每月前5个工作日内支付上月服务费人民币3万元。")
    # 2026: 元旦 1–3 January off and Sunday 4 January worked; 1 February is a Sunday
    assert [due["date"] for *_, due in found] == ["2025-12-05", "2026-01-08", "2026-02-06"]


def test_the_first_working_day_after_a_term_ends_on_a_saturday_is_the_monday():
    assert owed_by_government(
        "乙方以银行保函提交履约保证金人民币16,440.00元。",
        "服务期于2026年10月31日届满，乙方无违约情形的，甲方于届满后的首个工作日将保函原件退还乙方。") == [
        ("bond_return", "16440.00", None, {"date": "2026-11-02"})]


def test_the_first_working_day_after_the_warranty_ends_is_one_working_day_after_it():
    assert owed_by_government("质保金为合同总价的5%，甲方于质保期届满后的首个工作日无息支付。") == [
        ("payment", "60000.00", "5", {"event": "warranty_end", "offset": 1, "unit": "working_day"})]


def test_a_subsidy_each_year_for_three_years_from_a_year_falls_in_each_of_them():
    assert owed_by_government("甲方自2026年起连续三年，于每年10月31日前各拨付投资补助人民币陆佰万元。") == [
        ("subsidy", "6000000.00", None, {"date": f"{y}-10-31"}) for y in (2026, 2027, 2028)]


def test_a_table_column_named_by_how_it_is_paid_takes_its_days_from_the_clauses_before():
    ex = extractor("318600000.00")
    for text in ("第八条 甲方按“季度预拨、年度清算”的方式支付可行性缺口补助：",
                 "（一）每个季度终了后次月的10日前，按当年度可行性缺口补助额的20%预拨；",
                 "（二）年度绩效考核完成后，于次年6月30日前清算支付其余20%。",
                 "第九条 运营期第一个年度的可行性缺口补助如下表（清算额按考核满分列示）："):
        ex.add_clause(Clause(text, page=1))
    ex.add_table(TableBlock(header=["运营年度", "年度可行性缺口补助（万元）", "每季度预拨额（万元）", "年度清算额（万元）"],
                            rows=[["2027年度", "1,286.50", "257.30", "257.30"]], page=1,
                            intro="第九条 运营期第一个年度的可行性缺口补助如下表（清算额按考核满分列示）："))
    assert [(o.kind, str(o.amount), o.due.date.isoformat()) for o in ex.found] == [
        ("subsidy", "2573000.00", d) for d in ("2027-04-10", "2027-07-10", "2027-10-10", "2028-01-10", "2028-06-30")]


def test_a_supplement_moves_a_quoted_deadline_by_the_period_it_names_and_owes_nothing_at_the_old_one():
    assert owed_by_government("原协议第四条第（二）款约定，甲方于2025年10月15日前交付二期用地（约80亩）。"
                              "因二期用地范围内的砖厂搬迁尚未完成，该交地期限延长两个月。") == [
        ("land", None, None, {"date": "2025-12-15"})]


def test_a_quoted_reward_a_supplement_stops_is_not_owed():
    assert owed_by_government("原协议第六条第（三）款“甲方于每年6月30日前按乙方上年度增值税地方留成部分的60%给予奖励”，"
                              "自本补充协议生效之日起停止执行。") == []


def test_a_table_of_special_clauses_is_read_clause_by_clause():
    from parsers.clauses import build_blocks
    from parsers.pdf import PageText, Table

    rows = [["条款号", "条款名称", "专用约定"],
            ["2.1", "许可或批准", "发包人于2025年11月30日前办理完成本工程建设工程施工许可证。"],
            ["12.2.1", "预付款", "签约合同价的10%，发包人于合同签订之日起14天内支付。"]]
    blocks = build_blocks([PageText(1, ["第二部分 专用合同条款（条款表）"], [Table(rows, 1)])])
    assert all(isinstance(b, Clause) for b in blocks)
    ex = extractor("26480000.00")
    for block in blocks:
        ex.add_clause(block)
    assert [(o.kind, o.amount and str(o.amount), o.due.as_json()) for o in ex.found] == [
        ("approval", None, {"date": "2025-11-30"}),
        ("payment", "2648000.00", {"event": "signing", "offset": 14, "unit": "day"})]


def test_a_yearly_subsidy_for_years_listed_without_their_own_year_word_falls_in_each_of_them():
    assert owed_by_government("甲方对乙方2026、2027、2028三个年度的过渡厂房租金给予全额补贴，每年人民币115.2万元，"
                              "于当年12月20日前兑现。") == [
        ("subsidy", "1152000.00", None, {"date": f"{y}-12-20"}) for y in (2026, 2027, 2028)]


def test_the_sentence_before_a_table_of_yearly_rewards_is_owed_as_its_rows_not_once_more_without_an_amount():
    ex = extractor("50000000.00")
    intro = ("项目投产后，乙方年度亩均税收达到下表标准的，甲方于次年5月31日前以产业发展奖励资金的形式兑现当年度奖励；"
             "未达到标准的，当年度不予奖励。")
    ex.add_clause(Clause(intro, page=1))
    ex.add_table(TableBlock(header=["考核年度", "亩均税收标准（万元/亩）", "产业发展奖励（万元）"],
                            rows=[["2028年度", "不低于25", "300"], ["2029年度", "不低于30", "360"]], page=1, intro=intro))
    assert [(o.kind, str(o.amount), o.due.as_json()) for o in ex.found] == [
        ("subsidy", "3000000.00", {"date": "2029-05-31"}), ("subsidy", "3600000.00", {"date": "2030-05-31"})]


def _investment(*clauses: str) -> list[tuple]:
    """(kind, debtor, amount, due) of each obligation an investment contract's clauses make."""
    ex = extractor(None, kind="investment")
    blocks = [Clause(text, page=1) for text in clauses]
    ex.learn(blocks)
    for block in blocks:
        ex.add_clause(block)
    return [(o.kind, o.debtor, o.amount and str(o.amount), o.due.as_json()) for o in ex.found]


def test_a_park_road_whose_date_was_changed_is_owed_by_the_government_at_the_new_date_only():
    assert _investment("第三条 园区道路 园区纬六路原约定于2025年12月31日前建成通车；因跨河桥梁设计变更，"
                       "调整为2026年3月31日前建成通车。") == [("other", "government", None, {"date": "2026-03-31"})]


def test_a_substation_a_supplement_brings_forward_by_45_days_is_due_45_days_earlier():
    assert _investment("原协议第五条约定的110千伏专用变电站投运时间为2026年6月30日前。为满足乙方二期提前投产的需要，"
                       "甲方同意将该期限提前45日。") == [("other", "government", None, {"date": "2026-05-16"})]


def test_a_quoted_subsidy_changed_to_three_yearly_sums_is_owed_as_those_sums():
    assert _investment("原协议第七条约定的基础设施配套补助人民币1,800万元，由“项目一期投产后一次性兑现”调整为分三年兑现："
                       "2026年、2027年、2028年每年11月30日前各兑现人民币600万元。") == [
        ("subsidy", "government", "6000000.00", {"date": f"{y}-11-30"}) for y in (2026, 2027, 2028)]


def test_half_a_bond_returned_early_and_the_rest_returned_as_agreed_are_two_returns_of_their_own_amounts():
    assert _investment("第六条 履约保证金 原协议约定乙方缴纳的履约保证金人民币1,000万元，于项目一期投产之日起六个月内退还。"
                       "鉴于乙方一期固定资产投资已达到约定标准，双方同意提前退还其中的人民币500万元，甲方于本补充协议签订"
                       "之日起二十个工作日内退还；其余人民币500万元仍于项目一期投产之日起六个月内退还。") == [
        ("bond_return", "government", "5000000.00", {"event": "signing", "offset": 20, "unit": "working_day"}),
        ("bond_return", "government", "5000000.00", {"event": "production_start", "offset": 6, "unit": "month"})]


def test_roads_the_government_builds_by_a_date_are_its_commitment():
    assert owed_by_government("第六条 甲方于2026年9月30日前建成项目周边的体育路、全民路及公交首末站。") == [
        ("other", None, None, {"date": "2026-09-30"})]


def test_a_payment_table_in_thousands_of_yuan_with_a_header_over_two_rows_is_paid_by_the_treasury():
    from parsers.clauses import build_blocks
    from parsers.pdf import PageText, Table

    rows = [["期次", "付款条件", "应付款项", "", "付款期限"],
            ["", "", "占合同总价比例", "金额（千元）", ""],
            ["第一期", "合同签订", "30%", "745.80", "合同签订之日起15个日历日内"]]
    lines = ["4.1 合同价款通过国库集中支付系统由县财政直接支付至乙方账户，乙方应在每期付款前开具等额增值税发票。付款安排如下："]
    blocks = build_blocks([PageText(1, lines, [Table(rows, 1)])])
    assert blocks[-1].header == ["期次", "付款条件", "应付款项占合同总价比例", "金额（千元）", "付款期限"]
    ex = extractor("2486000.00")
    for block in blocks:
        ex.add_table(block) if isinstance(block, TableBlock) else ex.add_clause(block)
    assert [(o.kind, o.debtor, str(o.amount), o.due.as_json()) for o in ex.found] == [
        ("payment", "government", "745800.00", {"event": "signing", "offset": 15, "unit": "day"})]


def test_a_subsidy_in_two_instalments_after_a_threshold_is_two_sums_neither_the_threshold_nor_the_total():
    assert _investment("四、扶持政策", "1．设备补助：乙方生产设备投资额（以增值税专用发票为准）达到人民币1.5亿元的，甲方给予设备补助"
                       "人民币1,200万元，分两次兑现：投产之日起三个月内兑现人民币600万元；投产之日起十二个月内兑现其余人民币600万元。") == [
        ("subsidy", "government", "6000000.00", {"event": "production_start", "offset": 3, "unit": "month"}),
        ("subsidy", "government", "6000000.00", {"event": "production_start", "offset": 12, "unit": "month"})]


def test_a_reward_for_a_turnover_reached_is_the_reward_not_the_turnover_and_falls_at_the_quarters_end():
    assert _investment("2．经营贡献奖励：乙方2027年度营业收入达到人民币10亿元的，甲方于2028年第一个季度结束前兑现奖励人民币500万元。") == [
        ("subsidy", "government", "5000000.00", {"date": "2028-03-31"})]


def test_dormitories_the_government_provides_by_a_date_are_its_promise_though_the_rent_is_the_enterprises():
    assert _investment("2．甲方于2026年11月30日前在高新区人才社区为乙方提供员工宿舍150间，租金按成本价由乙方承担。") == [
        ("other", "government", None, {"date": "2026-11-30"})]


def test_a_capital_contribution_by_the_governments_equity_partner_is_not_the_governments_promise():
    found = _investment("第六条 政府方出资代表苍屿市城市建设投资集团有限公司持有丙方10%股权，应于2025年3月31日前实缴出资"
                        "人民币2,095.44万元。")
    assert [o for o in found if o[1] == "government"] == []


def test_an_outer_limit_in_a_part_of_its_own_is_the_due_date_of_the_payment_before_it():
    assert owed_by_government("（四）尾款：合同总价的5%（计人民币19.378万元）作为尾款，于三年质保期满后30个日历天内无息支付，"
                              "最迟不晚于2029年9月30日。", amount="3875600.00") == [
        ("payment", "193780.00", "5", {"date": "2029-09-30"})]


def test_an_operation_guarantee_returned_by_a_date_is_a_bond_return():
    assert owed_by_government("（一）乙方在原合同项下提交的运营维护保函人民币600万元，甲方于2027年1月15日前退还；") == [
        ("bond_return", "6000000.00", None, {"date": "2027-01-15"})]


def test_a_guarantee_sized_as_its_amount_is_a_percent_of_the_price_returns_that_sum():
    [(kind, amount, _pct, due)] = owed_by_government(
        "4.4 履约担保：承包人以银行保函提供履约担保，担保金额为签约合同价的10%。发包人于工程竣工验收合格之日起28天内将保函原件退还承包人。",
        amount="18642350.00")
    assert (kind, amount, due) == ("bond_return", "1864235.00", {"event": "completion", "offset": 28, "unit": "day"})


def test_earnest_money_turned_into_the_performance_bond_is_returned_as_that_bond():
    assert _investment("乙方于2026年7月20日缴纳的项目诚意金人民币200万元，自本协议签订之日起转为履约保证金。",
                       "五、项目投产之日起三个月内，甲方将履约保证金无息退还乙方。")[-1] == (
        "bond_return", "government", "2000000.00", {"event": "production_start", "offset": 3, "unit": "month"})


def test_fees_on_a_day_shared_by_two_months_each_year_fall_between_the_first_and_last_payment_named():
    assert owed_by_government("4.2 施工期：委托人于每年6月、12月的25日前各支付暂定服务费的10%，每次人民币43.65万元；"
                              "首次支付于2026年12月，末次支付于2028年6月，共四次。") == [
        ("payment", "436500.00", None, {"date": d}) for d in ("2026-12-25", "2027-06-25", "2027-12-25", "2028-06-25")]


def _document(*blocks: str | TableBlock, kind: str = "procurement", amount: str | None = None,
              signed_on: date | None = None) -> list[tuple]:
    """(kind, debtor, amount, due) of each obligation a contract's clauses and tables, in order, make."""
    ex = extractor(amount, kind=kind)
    ex.fields.signed_on = signed_on
    ex.learn([b for b in blocks if isinstance(b, Clause)], [b for b in blocks if isinstance(b, TableBlock)])
    for block in blocks:
        ex.add_table(block) if isinstance(block, TableBlock) else ex.add_clause(block)
    return [(o.kind, o.debtor, o.amount and str(o.amount), o.due.as_json()) for o in ex.found]


def _clauses(*texts: str, kind: str = "procurement", amount: str | None = None) -> list[tuple]:
    """``_document`` of clauses given as their texts, all on page 1."""
    return _document(*(Clause(text, page=1) for text in texts), kind=kind, amount=amount)


def test_loan_interest_paid_each_quarter_falls_in_each_quarters_last_month_of_the_loan_term():
    assert _investment("第六条 贷款贴息 乙方在淇源农村商业银行取得的流动资金贷款人民币5,000万元（期限自2027年1月1日至2027年12月31日），"
                       "甲方按年贴息率1.5%给予贴息，每季度贴息人民币18.75万元，于每季度末月20日前拨付。") == [
        ("subsidy", "government", "187500.00", {"date": d})
        for d in ("2027-03-20", "2027-06-20", "2027-09-20", "2027-12-20")]


def test_a_rent_subsidy_after_each_half_year_of_the_lease_falls_in_the_month_after_it():
    assert _investment("第五条 过渡厂房 乙方租用标准厂房6,000平方米，租期自2026年7月1日至2027年6月30日，月租金每平方米人民币13元，"
                       "由乙方按月向该公司缴纳。甲方于每半年结束后的次月15日前，向乙方兑现该半年度的租金补贴人民币46.8万元。") == [
        ("subsidy", "government", "468000.00", {"date": d}) for d in ("2027-01-15", "2027-07-15")]


@pytest.mark.parametrize(("intro", "dues"), [
    ("乙方营业收入达到下表标准的，甲方于该年度终了后4个月内兑现当年度经营贡献奖励：", ("2028-04-30", "2029-04-30")),
    ("乙方实际入库税收达到下表标准的，甲方于次年企业所得税汇算清缴结束（5月31日）后30日内兑现纳税贡献奖励：",
     ("2028-06-30", "2029-06-30")),
], ids=["months after the year ends", "days after the next year's tax filing"])
def test_yearly_rewards_due_a_time_after_each_year_ends_fall_after_their_rows_year(intro, dues):
    table = TableBlock(header=["考核年度", "营业收入标准", "经营贡献奖励（万元）"],
                       rows=[["2027年度", "不低于1亿元", "150"], ["2028年度", "不低于2亿元", "250"]], page=1, intro=intro)
    assert _document(Clause(intro, page=1), table, kind="investment") == [
        ("subsidy", "government", amount, {"date": due}) for amount, due in zip(("1500000.00", "2500000.00"), dues, strict=True)]


def test_a_yearly_fee_table_is_paid_as_the_clause_after_it_says_each_column_is():
    table = TableBlock(
        header=["服务年度", "年度维护费（元）", "季度维护费（元）", "季度应付额（季度维护费的85%，元）", "年度考核金（年度维护费的15%，元）"],
        rows=[["2026年度", "1,286,400.00", "321,600.00", "273,360.00", "192,960.00"],
              ["合计", "1,286,400.00", "—", "—", "192,960.00"]], page=1, intro="第4条 各年度维护费核定如下：")
    assert _document(Clause("第4条 各年度维护费核定如下：", page=1), table, Clause("第5条 维护费的支付", page=1),
                     Clause("（一）季度应付额：甲方于每季度末月的25日前，向乙方支付当季度维护费的85%；", page=1),
                     Clause("（二）年度考核金：服务年度终了后45日内，甲方根据该服务年度的考核结果支付年度考核金。", page=1)) == [
        *[("payment", "government", "273360.00", {"date": d}) for d in ("2026-03-25", "2026-06-25", "2026-09-25",
                                                                          "2026-12-25")],
        ("payment", "government", "192960.00", {"date": "2027-02-14"})]


def test_half_year_subsidy_periods_are_paid_on_the_day_the_intro_gives_each_half_not_on_their_first_day():
    intro = ("第五条 运营补贴 运营补贴按半年度定额拨付：每年1月1日至6月30日的补贴于当年7月20日前拨付，7月1日至12月31日的"
             "补贴于次年1月20日前拨付。运营期前两期运营补贴如下：")
    table = TableBlock(header=["期次", "补贴期间", "运营补贴（万元）"],
                       rows=[["第1期", "2027年7月1日—2027年12月31日", "186.25"],
                             ["第2期", "2028年1月1日—2028年6月30日", "192.40"]], page=1, intro=intro)
    assert _document(Clause(intro, page=1), table, kind="ppp") == [
        ("subsidy", "government", "1862500.00", {"date": "2028-01-20"}),
        ("subsidy", "government", "1924000.00", {"date": "2028-07-20"})]


def test_a_subsidy_passed_on_in_parts_after_a_colon_owes_each_part_not_the_total():
    assert _investment("第三条 政府投资补助 本项目获得中央预算内投资补助人民币1,500万元，由甲方转拨乙方：本协议签订之日起30日内拨付"
                       "人民币750万元；项目竣工验收合格之日起30日内拨付其余人民币750万元。") == [
        ("subsidy", "government", "7500000.00", {"event": "signing", "offset": 30, "unit": "day"}),
        ("subsidy", "government", "7500000.00", {"event": "completion", "offset": 30, "unit": "day"})]


def test_central_budget_investment_passed_on_in_one_sentence_owes_its_first_batch_as_a_subsidy():
    assert _investment("（一）本项目获中央预算内投资（城镇污水垃圾处理设施）人民币2,400万元，由甲方转拨乙方：首批人民币1,400万元"
                       "于2026年第四季度内拨付；余款人民币1,000万元于项目竣工验收合格之日后三十个自然日内拨付。") == [
        ("subsidy", "government", "14000000.00", {"date": "2026-12-31"}),
        ("subsidy", "government", "10000000.00", {"event": "completion", "offset": 30, "unit": "day"})]


def test_a_subsidy_whose_lead_lists_its_instalments_below_owes_each_though_no_giver_is_named():
    assert _investment("3.1 平台建造补助：按养殖平台建造合同金额人民币2.4亿元的5%给予补助，合计人民币1,200万元：",
                       "a) 首座平台交船并经甲方组织验收合格之日后三十个自然日内，兑现60%，即人民币720万元；",
                       "b) 自首座平台验收合格之日起满十二个月，兑现其余40%，即人民币480万元。") == [
        ("subsidy", "government", "7200000.00", {"event": "acceptance", "offset": 30, "unit": "day"}),
        ("subsidy", "government", "4800000.00", {"event": "acceptance", "offset": 12, "unit": "month"})]


def test_rewards_by_tax_year_are_due_in_the_half_year_after_each_and_a_row_left_to_agree_owes_nothing():
    intro = "3.2 纳税奖励：乙方年度入库税收达到下表门槛的，甲方按下表给予奖励（金额单位：万元）："
    table = TableBlock(header=["纳税年度", "入库税收门槛", "奖励金额", "兑现时间"],
                       rows=[["2028年度", "3,000", "100", "次年上半年内"], ["2029年度", "4,000", "150", "次年上半年内"],
                             ["2031年度起", "—", "另行商定", "—"]], page=1, intro=intro)
    assert _document(Clause(intro, page=1), table, kind="investment") == [
        ("subsidy", "government", "1000000.00", {"date": "2029-06-30"}),
        ("subsidy", "government", "1500000.00", {"date": "2030-06-30"})]


def test_a_sum_for_each_season_is_owed_on_each_seasons_own_day():
    assert _clauses("（二）淡季运营补贴：每年12月1日至次年2月末为景区淡季。乙方在淡季保持每日运营的，甲方给予每个淡季人民币45万元的"
                    "运营补贴，其中2027—2028年淡季的补贴于2028年春节前支付，2028—2029年淡季的补贴于2029年春节前支付；"
                    "2029—2030年淡季起是否继续补贴，另行研究；", kind="ppp") == [
        ("subsidy", "government", "450000.00", {"date": "2028-01-25"}),
        ("subsidy", "government", "450000.00", {"date": "2029-02-12"})]


def test_forest_land_consent_is_an_approval_and_land_rights_transferred_are_land():
    assert _investment("（二）甲方于2027年2月28日前协助乙方取得使用林地审核同意书；",
                       "甲方负责协调园区所在村集体经济组织，于2026年10月31日前将种植示范基地800亩的土地经营权流转给乙方；"
                       "流转费每亩每年人民币600元，由乙方直接支付给村集体经济组织。") == [
        ("approval", "government", None, {"date": "2027-02-28"}),
        ("land", "government", None, {"date": "2026-10-31"})]


def test_an_instalment_table_split_into_price_and_tax_pays_the_sum_with_tax():
    intro = "4-2 各期金额如下（单位：元）："
    table = TableBlock(header=["打捞季", "款项", "不含税金额", "税额", "价税合计", "支付时间"],
                       rows=[["2027年", "季前款（30%）", "750,000.00", "45,000.00", "795,000.00", "2027年3月中旬"],
                             ["", "季中款（40%）", "1,000,000.00", "60,000.00", "1,060,000.00", "2027年“七一”前"]],
                       page=1, intro=intro)
    assert _document(Clause(intro, page=1), table, amount="5300000.00") == [
        ("payment", "government", "795000.00", {"date": "2027-03-20"}),
        ("payment", "government", "1060000.00", {"date": "2027-06-30"})]


def test_a_d_plus_n_table_counts_each_nodes_days_from_its_start_day_or_event():
    intro = ("(1) 工程款按下表支付。表中“D”为各节点的起算日，“D＋N”为付款期限，即发包人应于起算日后N日内（注明工作日的按"
             "工作日计）付款：")
    table = TableBlock(header=["节点", "付款条件", "D（起算日）", "付款期限", "比例", "金额（元）"], page=1, intro=intro, rows=[
        ["1", "合同签订，承包人提交预付款保函", "合同签订之日", "D+10个工作日", "10%", "2,736,000.00"],
        ["2", "春季施工段完成，经监理人验收", "2026年5月31日", "D+15", "25%", "6,840,000.00"],
        ["7", "管护期（三年）届满，返还质量保证金（审定结算价的3%）", "管护期届满之日", "D+14", "3%", "820,800.00"]])
    assert _document(Clause(intro, page=1), table, kind="bidding", amount="27360000.00") == [
        ("payment", "government", "2736000.00", {"event": "signing", "offset": 10, "unit": "working_day"}),
        ("payment", "government", "6840000.00", {"date": "2026-06-15"}),
        ("retention_return", "government", "820800.00", {"event": "warranty_end", "offset": 14, "unit": "day"})]


def test_a_consent_to_a_construction_scheme_is_an_approval():
    assert _clauses("第三款  发包人于2026年10月31日前取得河道管理范围内建设项目工程建设方案审查同意书。", kind="bidding") == [
        ("approval", "government", None, {"date": "2026-10-31"})]


def test_the_area_to_be_treated_handed_over_is_land():
    assert _clauses("(2) 发包人于2026年3月28日前将治理区（含苗木假植场）移交承包人；", kind="bidding") == [
        ("land", "government", None, {"date": "2026-03-28"})]


def test_a_yearly_table_whose_columns_pay_before_festivals_pays_each_on_its_day():
    intro = ("2. 运营亏损补贴：2027—2029年度，甲方按下表给予乙方定额运营亏损补贴，每个年度的补贴于当年“七一”前拨付50%，于"
             "次年元宵节前拨付其余50%（金额单位：万元）：")
    table = TableBlock(header=["年度", "定额补贴", "当年“七一”前拨付", "次年元宵节前拨付"], page=1, intro=intro,
                       rows=[["2027年度", "600", "300", "300"], ["2028年度", "540", "270", "270"],
                             ["2030年度起", "另行核定", "—", "—"]])
    assert _document(Clause(intro, page=1), table, kind="ppp") == [
        ("subsidy", "government", "3000000.00", {"date": "2027-06-30"}),
        ("subsidy", "government", "3000000.00", {"date": "2028-02-08"}),
        ("subsidy", "government", "2700000.00", {"date": "2028-06-30"}),
        ("subsidy", "government", "2700000.00", {"date": "2029-02-26"})]


def test_a_row_paid_in_several_listed_months_owes_each_months_instalment_by_the_day_the_intro_gives():
    intro = ("[4.2] 居民供热政策性亏损补贴：甲方对下表两个采暖期给予定额补贴。每个采暖期的补贴分三次等额拨付，分别于该采暖期内的"
             "11月上旬、次年1月上旬和次年3月上旬拨付；2028—2029采暖期起，根据热价调整情况另行核定（金额单位：万元）：")
    table = TableBlock(header=["采暖期", "起止日期", "补贴总额", "每次拨付", "拨付月份"], page=1, intro=intro, rows=[
        ["2026—2027采暖期", "2026.10.15—2027.4.15", "1,440.00", "480.00", "2026年11月、2027年1月、2027年3月"],
        ["2028—2029采暖期起", "—", "另行核定", "—", "—"]])
    assert _document(Clause(intro, page=1), table, kind="ppp") == [
        ("subsidy", "government", "4800000.00", {"date": d}) for d in ("2026-11-10", "2027-01-10", "2027-03-10")]


def test_a_payment_calendar_headed_by_days_pays_each_years_cells_on_those_days_and_not_a_capped_fee():
    intro = "(4) 付费日历（金额单位：万元）："
    table = TableBlock(header=["运营年度", "3月20日前", "9月20日前", "年度合计", "运维绩效付费（次年1月下旬）"], page=1,
                       intro=intro, rows=[["2027年度", "1,380.00", "1,380.00", "2,760.00", "按考核结果，≤480.00"],
                                          ["2030年度起", "按中期评估结果", "按中期评估结果", "—", "按考核结果"]])
    assert _document(Clause(intro, page=1), table, kind="ppp") == [
        ("payment", "government", "13800000.00", {"date": "2027-03-20"}),
        ("payment", "government", "13800000.00", {"date": "2027-09-20"})]


@pytest.mark.parametrize(("sentence", "amount", "days"), [
    ("2027年度、2028年度，甲方每年给予乙方定额电价补贴人民币50万元，于当年度第四季度内兑现。", "500000.00",
     ["2027-12-31", "2028-12-31"]),
    ("2027年度、2028年度，甲方每年给予乙方冷库用电定额补贴人民币80万元，于当年十一月下旬兑现。", "800000.00",
     ["2027-11-30", "2028-11-30"]),
    # the threshold each year must reach (每个年度不低于人民币3,000万元) is no sum owed
    ("（3）研发奖励：乙方2027年度、2028年度的研发投入，每个年度不低于人民币3,000万元的，甲方给予该年度研发奖励人民币"
     "300万元，于次年“七一”前兑现；", "3000000.00", ["2028-06-30", "2029-06-30"]),
])
def test_a_yearly_subsidy_falls_on_each_listed_years_day_however_the_day_is_named(sentence, amount, days):
    assert _investment(sentence) == [("subsidy", "government", amount, {"date": d}) for d in days]


def test_each_years_subsidy_paid_half_in_each_half_year_is_two_instalments_a_year():
    assert _clauses("（二）运营初期补贴：为弥补供泥量爬坡期的运营亏损，甲方给予乙方运营初期补贴，2027年度人民币360万元，2028年度人民币"
                    "300万元；每个年度的补贴于当年上半年内、下半年内各支付一半。2029年度起不再补贴。", kind="ppp") == [
        ("subsidy", "government", a, {"date": d}) for a, d in (
            ("1800000.00", "2027-06-30"), ("1800000.00", "2027-12-31"),
            ("1500000.00", "2028-06-30"), ("1500000.00", "2028-12-31"))]


def test_a_sum_in_words_after_a_colon_is_not_a_total_announced():
    assert _document(Clause("甲方应付运维服务费人民币18万元（大写：壹拾捌万元整）于2026年12月31日前支付。", page=1),
                     kind="procurement") == [("payment", "government", "180000.00", {"date": "2026-12-31"})]


def test_instalments_at_the_end_of_the_first_and_seventh_month_of_an_operating_year_from_july():
    from parsers.clauses import build_blocks
    from parsers.pdf import PageText, Table

    header = ["运营年度", "起止期间", "可用性付费（万元）", "第一期（万元）", "第二期（万元）", "运维绩效付费（万元）"]
    row = ["第1运营年度", "2026.7.1—2027.6.30", "4,186.50", "2,093.25", "2,093.25", "865.40"]
    [table] = [b for b in build_blocks([PageText(1, [], [Table([header, row])])]) if isinstance(b, TableBlock)]
    assert table.header == header  # 起止期间 and a unit in brackets make it a header row
    table.intro = "第3.4条 运营期前三个运营年度的付费计划如下："
    assert _document(Clause("第3.2条 可用性付费：每个运营年度的可用性付费为人民币4,186.50万元，分两期支付：第一期于该运营年度"
                            "首月末前支付50%；第二期于该运营年度第七个月末前支付50%。", page=1),
                     Clause("第3.3条 运维绩效付费：甲方于每个运营年度终了后90日内，根据年度绩效考核结果一次性支付该运营年度的"
                            "运维绩效付费。", page=1), Clause(table.intro, page=1), table, kind="ppp") == [
        ("payment", "government", "20932500.00", {"date": "2026-07-31"}),
        ("payment", "government", "20932500.00", {"date": "2027-01-31"}),
        ("payment", "government", "8654000.00", {"date": "2027-09-28"})]


def test_amounts_written_out_in_words_and_wrapped_in_a_column_named_by_its_payer_are_the_payments():
    intro = "四、付款 下表为采购人的付款计划，各期金额以中标价为基数计算："
    table = TableBlock(header=["期次", "付款条件及期限", "比例（中标价）", "采购人（付款方）应付金额"],
                       rows=[["1", "预付款：合同签订之日起7个工作日内", "20%", "人民币伍拾陆万玖仟肆佰柒拾壹元\n贰角捌分"],
                             ["2", "验收款：终验合格之日起20个工作日内", "45%", "人民币壹佰贰拾捌万壹仟叁佰壹拾\n元叁角捌分"]],
                       page=1, intro=intro)
    assert _document(Clause(intro, page=1), table) == [
        ("payment", "government", "569471.28", {"event": "signing", "offset": 7, "unit": "working_day"}),
        ("payment", "government", "1281310.38", {"event": "acceptance", "offset": 20, "unit": "working_day"})]


def test_a_payment_table_whose_cells_say_what_is_paid_is_read_as_its_clauses_would_be():
    intro = "17.1 工程款按下表支付。"
    table = TableBlock(header=["节点", "发包人支付（基数：中标价）", "承包人应提交或缴纳"],
                       rows=[["预付款", "合同签订之日起10个工作日内，支付中标价的15%，计1,452,632.40元", "提交等额预付款保函"],
                             ["主体封顶", "主体结构封顶并经监理人确认后，于次月20日前支付中标价的20%，计1,936,843.20元；"
                                          "最迟不晚于2026年9月20日", "提交主体结构分部验收记录"],
                             ["竣工验收", "竣工验收合格之日起30天内，支付至中标价的70%（含预付款及封顶款）", "提交竣工资料"],
                             ["质量保证金", "审定结算价的3%，缺陷责任期（24个月）满之日起14天内无息返还", "—"]],
                       page=1, intro=intro)
    assert _document(Clause(intro, page=1), table, kind="bidding", amount="9684216.00") == [
        ("payment", "government", "1452632.40", {"event": "signing", "offset": 10, "unit": "working_day"}),
        ("payment", "government", "1936843.20", {"date": "2026-09-20"}),
        ("payment", "government", "3389475.60", {"event": "completion", "offset": 30, "unit": "day"}),
        ("retention_return", "government", "290526.48", {"event": "warranty_end", "offset": 14, "unit": "day"})]


def test_a_supplements_table_of_old_and_changed_terms_owes_the_changed_ones_only():
    intro = "下表“调整后约定”一栏自本补充协议生效之日起执行，同行“原合同约定”一栏同时停止执行："
    table = TableBlock(header=["序号", "原合同条款", "原合同约定（停止执行）", "调整后约定"],
                       rows=[["1", "第3.7款履约担保", "乙方以现金缴纳签约合同价10%的履约保证金，竣工结算完成后30日内退还。",
                              "改为银行保函形式。甲方于2025年9月30日前将已收取的现金履约保证金人民币316.28万元退还乙方。"]],
                       page=1, intro=intro)
    assert _document(Clause(intro, page=1), table, kind="bidding", amount="31628000.00") == [
        ("bond_return", "government", "3162800.00", {"date": "2025-09-30"})]


def test_a_payment_month_column_is_paid_on_the_day_of_the_month_the_clause_gives():
    intro = ("3.2 可用性付费按半年度支付：甲方于每半年度首月的25日前，支付上一半年度的可用性付费。"
             "运营期前两期可用性付费基数如下：")
    table = TableBlock(header=["付费期", "对应期间", "甲方（付款方）应付可用性付费基数（万元）", "支付月份"],
                       rows=[["第1期", "2026年7月1日—2026年12月31日", "1,846.35", "2027年1月"],
                             ["第2期", "2027年1月1日—2027年6月30日", "1,846.35", "2027年7月"]], page=1, intro=intro)
    assert _document(Clause(intro, page=1), table, kind="ppp") == [
        ("payment", "government", "18463500.00", {"date": d}) for d in ("2027-01-25", "2027-07-25")]


def test_a_fee_per_bed_per_month_is_a_price_not_a_sum_falling_due():
    assert _document(Clause("2.1 项目合作期自2026年1月1日至2026年12月31日。", page=1),
                     Clause("2.3 甲方按每张床位每月人民币1,200元支付代养费，于每季度结束后次月15日前按实际入住床位结算。",
                            page=1), kind="ppp") == []


def test_each_years_amount_listed_after_the_day_the_year_after_is_paid_on_falls_on_that_day():
    assert _document(Clause("3.3 运维绩效付费按年度支付，甲方于次年3月20日前根据年度绩效考核结果支付上一年度的运维绩效付费。"
                            "按考核满分计，2026年度（半年）运维绩效付费为人民币168.20万元，2027年度为人民币342.60万元。",
                            page=1), kind="ppp") == [
        ("payment", "government", "1682000.00", {"date": "2027-03-20"}),
        ("payment", "government", "3426000.00", {"date": "2028-03-20"})]


def test_fees_of_two_month_settlement_periods_fall_in_the_month_after_each_and_the_total_row_owes_nothing():
    intro = "（二）甲方于每个结算期届满后的次月15日前，支付该结算期服务费的90%，各期应付金额如下："
    table = TableBlock(header=["结算期", "服务月份", "结算期服务费（元）", "甲方本期应付（90%，元）"],
                       rows=[["第一期", "2026年3月—4月", "214,412.30", "192,971.07"],
                             ["第六期", "2026年11月—2月", "214,412.30", "192,971.07"],
                             ["合计", "2026年3月—2027年2月", "428,824.60", "385,942.14"]], page=1, intro=intro)
    assert _document(Clause(intro, page=1), table) == [
        ("payment", "government", "192971.07", {"date": d}) for d in ("2026-05-15", "2027-03-15")]


def test_a_special_conditions_form_filled_in_with_boxes_and_brackets_is_read_item_by_item():
    from parsers.clauses import build_blocks
    from parsers.pdf import PageText

    lines = ["12.2.1 预付款",
             "预付款支付比例或金额：【签约合同价的10%，即人民币叁佰陆拾肆万贰仟元整】；",
             "预付款支付期限：【合同签订之日起14天内】；",
             "预付款扣回方式：■不扣回 □按进度款比例扣回。",
             "12.4.1 进度款支付周期：□按月 □按形象进度节点 ■按半年度。",
             "付款时间：【每半年度首月（1月、7月）的20日前】；",
             "每次支付：【签约合同价的12%，即人民币肆佰叁拾柒万零肆佰元整】；",
             "首次支付：【2026年7月】；末次支付：【2027年7月】；支付次数：【叁次】。",
             "12.4.5 竣工付款：竣工验收合格之日起【60天】内，累计支付至【签约合同价的70%（含预付款及进度款）】。",
             "14.2 竣工结算审核：发包人于审定结算报告出具之日起【3个月】内支付至【审定结算价的97%】。",
             "15.3 质量保证金",
             "预留方式：■结算时一次预留 □每次付款时扣留；预留比例：【审定结算价的3%】；",
             "返还期限：【缺陷责任期满后的第20个工作日前】无息返还承包人。"]
    blocks = build_blocks([PageText(1, lines)])
    assert [b.text.split()[0] for b in blocks] == ["12.2.1", "12.4.1", "12.4.5", "14.2", "15.3"]
    assert _document(*blocks, kind="bidding", amount="36420000.00") == [
        ("payment", "government", "3642000.00", {"event": "signing", "offset": 14, "unit": "day"}),
        *[("payment", "government", "4370400.00", {"date": d}) for d in ("2026-07-20", "2027-01-20", "2027-07-20")],
        ("payment", "government", "8740800.00", {"event": "completion", "offset": 60, "unit": "day"}),
        ("payment", "government", "9833400.00", {"event": "settlement", "offset": 3, "unit": "month"}),
        ("retention_return", "government", "1092600.00", {"event": "warranty_end", "offset": 20, "unit": "working_day"})]


def test_a_stepped_rent_subsidy_for_each_half_year_is_paid_in_the_first_month_of_the_next():
    intro = ("（三）自2026年7月1日起三年，甲方按乙方实际缴纳租金的100%（第一年）、80%（第二年）、50%（第三年）给予租金补贴。"
             "补贴按半年度兑现，甲方于每半年度首月的15日前兑现上一半年度的租金补贴，各期金额如下：")
    table = TableBlock(header=["期次", "补贴期间", "补贴比例", "补贴金额（元）"],
                       rows=[["1", "2026年7月—12月", "100%", "648,000.00"], ["3", "2027年7月—12月", "80%", "518,400.00"],
                             ["合计", "2026年7月—2029年6月", "—", "2,980,800.00"]], page=1, intro=intro)
    assert _document(Clause(intro, page=1), table, kind="investment") == [
        ("subsidy", "government", "648000.00", {"date": "2027-01-15"}),
        ("subsidy", "government", "518400.00", {"date": "2028-01-15"})]


def test_a_table_of_promises_pays_the_reward_its_standard_column_names_not_the_threshold():
    intro = "甲方按下表履行承诺（“标准或金额”栏未载明金额的，不涉及资金兑现）："
    table = TableBlock(header=["序号", "事项", "标准或金额", "完成或兑现时限"],
                       rows=[["1", "净地交付", "完成征收、青苗补偿及地上附着物清除", "2027年1月31日前"],
                             ["4", "设备购置补贴", "首期生产线设备投资达到人民币8,000万元并经甲方组织验收合格的，补贴人民币640万元",
                              "验收合格之日起30日内"],
                             ["5", "投产奖励", "人民币300万元", "项目投产之日起六个月内"]], page=1, intro=intro)
    assert _document(Clause(intro, page=1), table, kind="investment") == [
        ("land", "government", None, {"date": "2027-01-31"}),
        ("subsidy", "government", "6400000.00", {"event": "acceptance", "offset": 30, "unit": "day"}),
        ("subsidy", "government", "3000000.00", {"event": "production_start", "offset": 6, "unit": "month"})]


def test_the_rest_of_a_bond_returned_later_is_its_own_amount():
    assert _investment("第四条 履约保证金 乙方缴纳的履约保证金人民币500万元，甲方于项目投产之日起90日内退还人民币300万元，"
                       "其余人民币200万元于2029年6月30日前退还。") == [
        ("bond_return", "government", "3000000.00", {"event": "production_start", "offset": 90, "unit": "day"}),
        ("bond_return", "government", "2000000.00", {"date": "2029-06-30"})]


def test_land_handed_over_with_roads_and_power_done_is_land_and_a_grant_passed_on_is_a_subsidy():
    assert _document(Clause("（一）处理厂用地约28亩（栎川县循环经济产业园内），甲方于2026年10月31日前以划拨方式交付乙方，"
                            "交付时完成通路、通水、通电及场地平整；", page=1),
                     Clause("（一）本项目获得省级生态文明建设专项资金人民币620万元，由甲方转拨乙方：处理厂设备联动试运行结束并"
                            "通过竣工验收之日起30日内一次性拨付。", page=1), kind="ppp") == [
        ("land", "government", None, {"date": "2026-10-31"}),
        ("subsidy", "government", "6200000.00", {"event": "completion", "offset": 30, "unit": "day"})]


def test_a_factory_building_lent_as_a_production_site_is_no_land_and_a_sum_in_brackets_is_no_subsidy():
    assert _investment("（一）甲方于2026年5月31日前将开发区标准化厂房3号楼（建筑面积8,600平方米）交付乙方作为过渡生产场地；",
                       "（二）设备购置补贴：乙方首批生产设备（清单见附件三，合同金额人民币1.2亿元）安装调试完毕并经甲方组织验收"
                       "合格之日起20个工作日内，甲方按8%给予设备购置补贴人民币960万元。") == [
        ("other", "government", None, {"date": "2026-05-31"}),
        ("subsidy", "government", "9600000.00", {"event": "acceptance", "offset": 20, "unit": "working_day"})]


def test_a_supplement_that_rewrites_an_item_by_its_number_owes_the_new_wording_only():
    assert _document(Clause("第五条 服务费支付", page=1, heading="第五条 服务费支付"),
                     Clause("1．首期款：本合同签订之日起15日内，支付合同价款的30%，即人民币49.14万元；", page=1,
                            heading="第五条 服务费支付"),
                     Clause("2．年度成果款：成果上报后，于2026年12月31日前支付合同价款的40%，即人民币65.52万元；", page=1,
                            heading="第五条 服务费支付"),
                     Clause("二、原合同第五条第2项修改为：成果上报后，甲方于2027年1月15日前支付合同价款的40%，即人民币65.52万元。",
                            page=2, heading="第五条 服务费支付")) == [
        ("payment", "government", "491400.00", {"event": "signing", "offset": 15, "unit": "day"}),
        ("payment", "government", "655200.00", {"date": "2027-01-15"})]


def test_a_column_paid_each_half_year_falls_at_each_half_years_end_and_a_fee_by_the_time_column_named_after_it():
    intro = "第十条 运营期前两年的付费计划如下："
    table = TableBlock(header=["运营年度", "可用性付费（万元/年）", "每半年末支付（万元）", "运维绩效付费（万元）", "运维绩效付费支付时限"],
                       rows=[["2027年", "5,862.40", "2,931.20", "642.18", "2028年一季度内"]], page=1, intro=intro)
    assert _document(Clause("第八条 甲方于运营期每半年末前，按当年可用性付费的50%支付。", page=1), Clause(intro, page=1), table,
                     kind="ppp") == [
        ("payment", "government", "29312000.00", {"date": "2027-06-30"}),
        ("payment", "government", "29312000.00", {"date": "2027-12-31"}),
        ("payment", "government", "6421800.00", {"date": "2028-03-31"})]


def test_duties_of_a_township_or_a_trading_centre_or_said_to_be_none_of_the_buyers_are_not_the_governments():
    assert owed_by_government("（二）安装点位的立杆基础和市电接入，由所在乡镇人民政府于2025年9月15日前完成；",
                              "投标保证金由岱川市公共资源交易中心在中标通知书发出之日起5日内退还未中标人，在本合同签订之日起5日内退还乙方。",
                              "乙方向采购代理机构缴纳的投标保证金人民币2万元，由采购代理机构在合同签订后五个工作日内退还，"
                              "不属于甲方的付款义务。",
                              "甲方于2025年10月31日前支付合同总价的30%，由县财政局直接拨付至乙方账户。") == [
        ("payment", "360000.00", "30", {"date": "2025-10-31"})]


def test_a_guarantee_given_as_the_bond_returns_its_share_of_the_price_and_a_works_face_handed_over_is_land():
    assert _document(Clause("第6.2款 履约保证金。承包人已提交签约合同价10%的银行保函作为履约保证金。发包人于竣工验收合格后的第15个"
                            "工作日前将保函原件退还承包人。", page=1),
                     Clause("2.青苗补偿及坟墓迁移由发包人于2025年4月10日前处理完毕，并向承包人交付施工作业面。", page=1),
                     kind="bidding", amount="42865000.00") == [
        ("bond_return", "government", "4286500.00", {"event": "completion", "offset": 15, "unit": "working_day"}),
        ("land", "government", None, {"date": "2025-04-10"})]


def test_a_quarterly_fee_column_is_paid_in_each_quarters_first_month_as_the_clause_after_says_for_the_quarters_its_row_names():
    intro = "3.2 各服务年度服务费及季度服务费如下表："
    table = TableBlock(header=["服务年度", "年度服务费（元）", "季度服务费（元）", "支付安排"],
                       rows=[["2026年度", "758,904.00", "189,726.00", "第一至第四季度服务费按季度预付"],
                             ["2027年度", "781,671.12", "195,417.78", "第一至第三季度服务费按季度预付；第四季度按4.3款支付"]],
                       page=1, intro=intro)
    assert _document(Clause(intro, page=1), table,
                     Clause("4.1 服务费按季度预付：甲方于每季度首月20日前，将当季度服务费支付至乙方账户。", page=1)) == [
        *[("payment", "government", "189726.00", {"date": f"2026-{m}-20"}) for m in ("01", "04", "07", "10")],
        *[("payment", "government", "195417.78", {"date": f"2027-{m}-20"}) for m in ("01", "04", "07")]]


def test_a_ppp_table_of_years_pays_each_quarter_in_the_month_after_it_and_the_performance_base_by_the_end_of_next_february():
    fee = ("第6条 可用性付费按季度支付：甲方于每年1月、4月、7月和10月的第15日前，支付上一季度的可用性付费；"
           "每季度付费额为当年度可用性付费的四分之一。")
    performance = "第7条 运维绩效付费按年度支付：甲方于次年2月最后一日前，按上一年度绩效评价得分支付上一年度的运维绩效付费。"
    intro = "第8条 运营期前两个年度的付费标准如下："
    table = TableBlock(header=["运营年度", "年度可用性付费（亿元）", "季度付费额（万元）", "运维绩效付费基数（万元）"],
                       rows=[["2027年度", "0.9864", "2,466.00", "1,268.40"]], page=1, intro=intro)
    # the yearly sum is the quarters', not paid again; 2028 is a leap year
    assert _document(Clause(fee, page=1), Clause(performance, page=1), Clause(intro, page=1), table, kind="ppp") == [
        *[("payment", "government", "24660000.00", {"date": day}) for day in ("2027-04-15", "2027-07-15", "2027-10-15")],
        ("payment", "government", "24660000.00", {"date": "2028-01-15"}),
        ("payment", "government", "12684000.00", {"date": "2028-02-29"})]


def test_a_supplement_owes_its_new_terms_not_a_cancelled_grant_a_balance_as_of_a_day_nor_a_term_still_to_agree():
    assert _clauses(
        "第一条 原合同第9.4款“甲方于2026年6月30日前向乙方拨付垃圾中转站提标改造补助人民币420万元”取消，甲方不再承担"
         "该款项下的支付义务。",
        "（二）新增服务费每年人民币186万元，甲方于每年6月25日前和12月25日前各支付人民币93万元；首次支付为2026年12月25日前，"
         "末次支付为2027年12月25日前。",
        "第三条 2026、2027两个年度的可用性付费改为每半年支付一次：甲方于当年7月15日前支付上半年可用性付费人民币1,069.30万元，"
         "于次年1月15日前支付下半年可用性付费人民币1,069.30万元。2028年度及以后年度可用性付费的支付方式，由三方于2027年12月"
         "31日前另行协商确定。",
        "第四条 截至2025年12月31日，甲方尚欠乙方2025年度运维服务费人民币487.35万元，于本补充协议签订之日起30日内付清。",
        kind="ppp", amount="138000000.00") == [
        *[("payment", "government", "930000.00", {"date": day}) for day in ("2026-12-25", "2027-06-25", "2027-12-25")],
        *[("payment", "government", "10693000.00", {"date": day})
          for day in ("2026-07-15", "2027-01-15", "2027-07-15", "2028-01-15")],
        ("payment", "government", "4873500.00", {"event": "signing", "offset": 30, "unit": "day"})]


def test_a_concession_hands_over_land_in_batches_passes_on_a_development_fund_in_two_and_subsidises_each_year_its_sum():
    intro = "第二条 项目用地以划拨方式供应，划拨价款（约人民币530万元）由乙方缴纳。甲方按下表分批交付用地："
    land = TableBlock(header=["批次", "地块", "面积（亩）", "交付条件", "交付时限"],
                      rows=[["第一批", "第二水厂用地（城东工业片区）", "42.6", "完成征收补偿、地上附着物清除", "2026年5月31日前"],
                            ["合计", "", "42.6", "", ""]], page=1, intro=intro)
    assert _document(
        Clause(intro, page=1), land,
        Clause("第四条 本项目获得中央水利发展资金人民币2,400万元，由甲方分两次转拨乙方：2026年9月30日前拨付人民币1,200万元；"
               "第二水厂及配套管网竣工验收合格之日起30日内拨付其余人民币1,200万元。", page=1),
        Clause("（二）运营期前三个年度，对使用者付费不足部分，甲方给予定额补贴：2027年度人民币386万元，2028年度人民币352万元，"
               "均于当年11月30日前拨付。", page=1),
        kind="ppp", amount="246000000.00") == [
        ("land", "government", None, {"date": "2026-05-31"}),  # the government hands it over, whoever pays the price
        ("subsidy", "government", "12000000.00", {"date": "2026-09-30"}),
        ("subsidy", "government", "12000000.00", {"event": "completion", "offset": 30, "unit": "day"}),
        ("subsidy", "government", "3860000.00", {"date": "2027-11-30"}),
        ("subsidy", "government", "3520000.00", {"date": "2028-11-30"})]


def test_a_works_payment_table_carried_over_a_page_without_its_header_keeps_its_columns_and_a_progress_reached_is_no_share():
    intro = "17.4 工程款支付计划表（“工作日”为法定工作日）："
    header = ["序号", "款项", "支付条件及期限", "比例（签约合同价）", "金额（元）"]
    first = TableBlock(header=header, rows=[["3", "第二次进度款", "二〇二七年一月二十日前", "20%", "4,769,240.00"]],
                       page=2, intro=intro)
    carried = TableBlock(header=[], page=3, intro="（接上表）", rows=[
        ["5", "结算款", "竣工结算经磐垣县财政投资评审中心评审，评审报告出具之日起60日内，付至审定结算价的97%", "22%", "5,246,164.00"],
        ["6", "质量保证金", "缺陷责任期（24个月）满之日起10个工作日内无息返还", "3%", "715,386.00"],
        ["合计", "", "", "100%", "23,846,200.00"]])
    assert _document(
        Clause("五、施工场地：发包人分两批向承包人移交施工场地——", page=1),
        Clause("第一批：东关、南街6个小区，于2026年4月15日前移交；", page=1),
        Clause("（2）为保障春节前农民工工资支付，工程形象进度累计达到70%的，发包人于二〇二七年一月二十日前支付签约合同价的20%。",
               page=2),
        Clause(intro, page=2), first, carried, kind="bidding", amount="23846200.00") == [
        ("land", "government", None, {"date": "2026-04-15"}),
        ("payment", "government", "4769240.00", {"date": "2027-01-20"}),  # 20% of the price, once
        ("payment", "government", "5246164.00", {"event": "settlement", "offset": 60, "unit": "day"}),
        ("retention_return", "government", "715386.00", {"event": "warranty_end", "offset": 10, "unit": "working_day"})]


def test_a_fee_paid_after_each_quarter_by_the_end_of_the_next_month_and_a_bond_after_the_dotted_service_term_ends():
    assert _clauses(
        "2.1 服务期：2026.4.1—2027.3.31，共四个服务季度：第一服务季度2026.4.1—2026.6.30，第二服务季度2026.7.1—2026.9.30，"
         "第三服务季度2026.10.1—2026.12.31，第四服务季度2027.1.1—2027.3.31。",
        "4.2 稽核辅助服务费按季后付。每个服务季度结束后，甲方对乙方进行季度绩效评价，并于该服务季度结束后的首月月末前，"
         "向乙方支付该季度的稽核辅助服务费人民币333,000.00元。",
        "5.1 乙方已缴纳履约保证金，金额为合同总价的2%，即人民币31,600.00元。服务期届满之日起30日内，甲方将履约保证金"
         "无息退还乙方。",
        amount="1580000.00") == [
        *[("payment", "government", "333000.00", {"date": day}) for day in ("2026-07-31", "2026-10-31", "2027-01-31", "2027-04-30")],
        ("bond_return", "government", "31600.00", {"date": "2027-04-30"})]


def test_a_goods_supplement_stops_the_quoted_clause_pays_the_sum_it_says_its_warranty_money_and_a_fee_after_each_upkeep_year():
    assert _clauses(
        "第二条 原合同第6.2款“全部货物到货验收合格后15个工作日内支付合同总价的60%”及第6.3款自本补充协议生效之日起停止执行，"
        "变更后的付款安排如下：",
        "（1）已到货货物：甲方于本补充协议签订之日起10个工作日内，支付已到货货物价款人民币1,648,000.00元的90%并扣除已付预付款，"
        "即支付人民币926,400.00元。",
        "（3）质保款：全部货物价款的10%，即人民币178,000.00元，作为质保款。全部货物的质保期统一为一年，自新增货物验收合格之日起"
        "计算；质保期届满后20个工作日内，甲方无息支付质保款。",
        "（4）运维服务费：运维期自2026年8月1日起三年，每个运维年度的运维服务费为人民币12,000.00元，甲方于每个运维年度届满之日起"
        "30日内支付该年度运维服务费。", amount="1816000.00") == [
        ("payment", "government", "926400.00", {"event": "signing", "offset": 10, "unit": "working_day"}),
        ("payment", "government", "178000.00", {"event": "warranty_end", "offset": 20, "unit": "working_day"}),
        *[("payment", "government", "12000.00", {"date": day}) for day in ("2027-08-30", "2028-08-30", "2029-08-30")]]


def test_a_supervision_fee_is_paid_the_month_after_the_planned_month_its_row_names_and_after_the_review_report_is_received():
    intro = "4.2 监理酬金支付表"
    table = TableBlock(header=["次序", "支付节点", "计划达到月份", "比例（签约酬金）", "金额（元）", "支付期限"], page=1, intro=intro,
                       rows=[["2", "施工累计完成产值达到施工合同价的30%", "2026年9月", "20%", "393,600.00", "计划达到月份的次月15日前"],
                             ["6", "工程结算经筠溪市财政投资评审中心评审", "—", "10%", "196,800.00", "委托人收到评审报告之日起30日内"]])
    assert _document(Clause(intro, page=1), table, kind="bidding", amount="1968000.00") == [
        ("payment", "government", "393600.00", {"date": "2026-10-15"}),
        ("payment", "government", "196800.00", {"event": "settlement", "offset": 30, "unit": "day"})]


def test_a_fee_table_laid_out_one_column_per_service_year_pays_each_instalment_on_the_date_in_the_row_below_it():
    intro = "（二）云资源租用费按服务年度分两笔支付，各笔款项的最迟支付日见下表："
    table = TableBlock(header=["项目", "第一服务年度", "第二服务年度"], page=2, intro=intro,
                       rows=[["起止日期", "2026年9月1日至2027年8月31日", "2027年9月1日至2028年8月31日"],
                             ["年度租用费（元）", "1,186,000.00", "1,186,000.00"],
                             ["第一笔金额（60%，元）", "711,600.00", "711,600.00"],
                             ["第一笔最迟支付日", "2026年11月30日（星期一）", "2027年11月30日（星期二）"],
                             ["第二笔金额（40%，元）", "474,400.00", "474,400.00"],
                             ["第二笔最迟支付日", "2027年9月30日（星期四）", "2028年9月29日（星期五）"]])
    assert _document(Clause(intro, page=2), table, amount="2372000.00") == [
        ("payment", "government", amount, {"date": day}) for amount, day in (
            ("711600.00", "2026-11-30"), ("711600.00", "2027-11-30"), ("474400.00", "2027-09-30"), ("474400.00", "2028-09-29"))]


def test_a_subsidy_table_laid_out_one_column_per_year_pays_the_rows_whose_labels_give_a_day_and_not_the_cap():
    clause = "（一）基本补助按运营年度核定，甲方于当年6月20日前和12月20日前各支付当年度基本补助的50%；"
    intro = "运营期前两个年度的补助标准如下："
    table = TableBlock(header=["项目", "2027年度", "2028年度"], page=2, intro=intro,
                       rows=[["基本补助（万元）", "1,286.40", "1,312.10"],
                             ["6月20日前支付（万元）", "643.20", "656.05"],
                             ["12月20日前支付（万元）", "643.20", "656.05"],
                             ["绩效补助上限（万元）", "214.00", "218.30"]])
    assert _document(Clause(clause, page=2), Clause(intro, page=2), table, kind="ppp") == [
        ("subsidy", "government", amount, {"date": day}) for amount, day in (
            ("6432000.00", "2027-06-20"), ("6432000.00", "2027-12-20"), ("6560500.00", "2028-06-20"), ("6560500.00", "2028-12-20"))]


def test_a_bank_guarantee_under_a_performance_security_title_is_the_bond_whose_amount_its_return_takes():
    assert _clauses("五、履约担保",
                    "乙方已于合同签订前提交见索即付银行保函，担保金额为合同总价的3%，即人民币111,780.00元。第一服务年度届满且年度服务"
                    "评价合格的，甲方于2027年10月15日前将保函原件退还乙方。", amount="3726000.00") == [
        ("bond_return", "government", "111780.00", {"date": "2027-10-15"})]


def test_a_fee_for_listed_years_paid_in_two_sentences_falls_on_each_days_own_share_of_each_year():
    assert _clauses(
        "第三条 可用性付费的调整 原合同第9.3条自本协议生效之日起停止执行。2026年度、2027年度的可用性付费调整为每年人民币3,418.60万元，"
        "分两次支付：当年7月31日前支付40%，即人民币1,367.44万元；次年1月31日前支付60%，即人民币2,051.16万元。",
        kind="ppp", amount="486000000.00") == [
        ("payment", "government", amount, {"date": day}) for amount, day in (
            ("13674400.00", "2026-07-31"), ("13674400.00", "2027-07-31"), ("20511600.00", "2027-01-31"), ("20511600.00", "2028-01-31"))]


def test_a_penalty_settled_at_a_sum_owed_by_a_day_is_owed_but_a_penalty_rate_for_late_payment_is_not():
    assert _clauses(
        "减免后的逾期付款违约金人民币206.35万元，由甲方于2027年6月30日前随第四期款项一并支付。甲方按期清偿的，自2026年5月1日起"
        "不再计算逾期付款违约金；逾期的，按逾期金额每日万分之一点五计收。",
        "甲方逾期付款的，应于2027年12月31日前按逾期金额每日万分之二向乙方支付违约金。",
        kind="ppp", amount="486000000.00") == [("payment", "government", "2063500.00", {"date": "2027-06-30"})]


def test_a_works_table_sizes_rows_by_named_parts_of_the_price_and_a_cumulative_row_pays_what_the_rows_before_left():
    intro = "14.1 合同价款按下表支付："
    table = TableBlock(header=["序号", "款项", "收款人", "支付条件及期限", "计算基数及比例", "金额（元）"], page=2, intro=intro,
                       rows=[["1", "设计费首付款", "成员", "成员提交付款申请及发票之日起15个工作日内", "设计费×30%", "378,000.00"],
                             ["3", "建安预付款", "牵头人", "合同签订之日起14日内", "（建安工程费－暂列金额）×10%", "3,714,000.00"],
                             ["4", "冬季进度款", "牵头人", "2027年元旦前", "建安工程费×15%", "5,796,000.00"],
                             ["6", "竣工验收款", "牵头人", "竣工验收合格之日起28日内", "累计至建安工程费的75%（含第3至4项）",
                              "按累计比例计算"],
                             ["9", "质量保证金", "牵头人", "缺陷责任期（24个月）满之日起14日内无息返还", "审定建安工程费×3%",
                              "按审定价计算"]])
    price = ("三、签约合同价：人民币叁仟玖佰玖拾万元整（¥39,900,000.00），其中勘察设计费人民币1,260,000.00元（以下简称设计费），"
             "建筑安装工程费人民币38,640,000.00元（以下简称建安工程费，含暂列金额人民币1,500,000.00元）。")
    assert _document(Clause(price, page=1), Clause(intro, page=2), table, kind="bidding", amount="39900000.00") == [
        ("payment", "government", "378000.00", {"event": "invoice", "offset": 15, "unit": "working_day"}),
        ("payment", "government", "3714000.00", {"event": "signing", "offset": 14, "unit": "day"}),
        ("payment", "government", "5796000.00", {"date": "2026-12-31"}),
        ("payment", "government", "19470000.00", {"event": "completion", "offset": 28, "unit": "day"}),
        ("retention_return", "government", "1159200.00", {"event": "warranty_end", "offset": 14, "unit": "day"})]


def _three_party(*blocks: Clause | TableBlock) -> list[tuple]:
    """``_document`` of an investment deal signed by a city (甲方), an investor (乙方) and a zone's committee (丙方)."""
    ex = ObligationExtractor(ContractFields(kind="investment", amount=None, parties=[
        Party("government", "葭湄市人民政府", "11620983013728465E", {"甲方"}),
        Party("counterparty", "甘肃祁连锂电新材料股份有限公司", "91620700MA74HD8W5C", {"乙方"}),
        Party("government", "葭湄经济开发区管理委员会", "11620983MB1U63092N", {"丙方"})]))
    ex.learn([b for b in blocks if isinstance(b, Clause)])
    for block in blocks:
        ex.add_table(block) if isinstance(block, TableBlock) else ex.add_clause(block)
    return [(o.kind, o.debtor, o.amount and str(o.amount), o.due.as_json()) for o in ex.found]


def test_a_policy_list_whose_party_column_names_who_delivers_owes_the_governments_rows_and_not_a_third_partys():
    intro = "第三条 政策兑现清单 下表所列事项由“兑现主体”栏所载单位负责；兑现主体为葭湄市有关部门或企业的，甲方负责协调，但不承担兑现责任："
    table = TableBlock(header=["序号", "事项", "兑现主体", "条件、标准或金额", "时限"], page=1, intro=intro, rows=[
        ["3", "节能审查意见", "甲方", "协助项目公司取得", "2026年8月31日前"],
        ["4", "污水及蒸汽管网", "丙方", "园区集中污水处理厂及热电联产蒸汽管网接至项目用地红线", "2027年3月31日前"],
        ["5", "110千伏专线及变电间隔", "国网葭湄市供电公司", "按项目用电负荷建设", "2027年5月31日前"],
        ["9", "省级工业转型升级资金", "葭湄市工业和信息化局", "协助申报，按省级批复金额拨付", "省级资金下达后"],
        ["11", "2028年度纳税奖励", "甲方", "项目公司2028年度入库税收不低于人民币8,000万元的，奖励人民币600万元", "2029年6月份"]])
    assert _three_party(Clause(intro, page=1), table) == [
        ("approval", "government", None, {"date": "2026-08-31"}),
        ("other", "government", None, {"date": "2027-03-31"}),
        ("subsidy", "government", "6000000.00", {"date": "2029-06-30"})]


def test_a_planned_month_is_no_due_date_but_a_month_named_as_the_time_limit_falls_on_its_last_day():
    intro = "建设费按里程碑节点支付，甲方按下表支付对应款项："
    table = TableBlock(header=["里程碑", "计划完成时间", "付款金额（元）", "付款时限"], page=1, intro=intro, rows=[
        ["终验合格", "2026年6月", "868,000.00", "终验合格并收到乙方发票之日起15日内"]])
    assert _document(Clause(intro, page=1), table) == [
        ("payment", "government", "868000.00", {"event": "invoice", "offset": 15, "unit": "day"})]


def test_the_rest_of_a_bond_returned_by_a_date_is_its_own_sum_read_whole_across_the_thousands_comma():
    assert _investment("第四条 履约保证金 乙方缴纳履约保证金人民币2,000万元。甲方于一期项目投产之日起30日内退还人民币1,000万元，"
                       "其余人民币1,000万元于2029年6月30日前退还。") == [
        ("bond_return", "government", "10000000.00", {"event": "production_start", "offset": 30, "unit": "day"}),
        ("bond_return", "government", "10000000.00", {"date": "2029-06-30"})]


def test_a_fit_out_subsidy_per_square_metre_of_the_area_handed_over_is_the_area_times_the_rate():
    assert _investment(
        "二、用房 甲方于2026年8月31日前将园区2号楼第1至3层（建筑面积2,150平方米）交付乙方。第25至60个月按每月每平方米人民币18元收取租金。",
        "（一）装修补贴：乙方完成机房及办公装修的，甲方按第二条所述交付建筑面积每平方米人民币300元给予装修补贴，于2026年12月31日前一次性兑现。"
    )[-1] == ("subsidy", "government", "645000.00", {"date": "2026-12-31"})


def test_a_capped_share_of_an_investment_whose_threshold_already_reaches_the_cap_is_the_cap_paid_in_the_next_sentence():
    assert _investment(
        "（二）算力设备补助：乙方在园区机房部署的算力设备投资达到人民币5,000万元的，甲方按设备投资额的10%给予补助，补助额最高不超过"
        "人民币500万元；设备上线运行并经甲方组织验收合格之日起60日内兑现。",
        "（三）乙方设备投资达到人民币1,000万元的，甲方按设备投资额的10%给予补助，补助额最高不超过人民币500万元；验收合格之日起60日内兑现。") == [
        ("subsidy", "government", "5000000.00", {"event": "acceptance", "offset": 60, "unit": "day"}),
        ("subsidy", "government", None, {"event": "acceptance", "offset": 60, "unit": "day"})]


def test_yearly_rewards_in_a_column_named_for_the_government_are_owed_by_the_dates_in_the_table_the_intro_points_to():
    intro = ("五、经营目标与奖励 乙方承诺的年度经营目标及甲方奖励如下；奖励于次年审计报告出具后30日内兑现，且不晚于下表“最迟兑现日”。"
             "乙方某一年度营业收入和入库税收两项指标均未达到的，当年度奖励不予兑现，并应补缴当年度已减免的租金。")
    table = TableBlock(header=["考核年度", "营业收入", "入库税收", "甲方奖励", "最迟兑现日"], page=2, intro=intro, rows=[
        ["2027年度", "不低于人民币8,000万元", "不低于人民币600万元", "人民币120万元", "2028年8月31日"],
        ["2028年度", "不低于人民币1.2亿元", "不低于人民币1,000万元", "人民币200万元", "2029年8月31日"]])
    assert _document(Clause(intro, page=2), table, kind="investment") == [
        ("subsidy", "government", "1200000.00", {"date": "2028-08-31"}),
        ("subsidy", "government", "2000000.00", {"date": "2029-08-31"})]


def test_an_entry_deposit_is_a_bond_returned_after_production_starts():
    assert _investment("六、入驻保证金 乙方于本协议签订之日起5个工作日内缴纳入驻保证金人民币30万元；算力服务中心投产（上线运营）之日起"
                       "12个月内，甲方无息退还。")[-1] == (
        "bond_return", "government", "300000.00", {"event": "production_start", "offset": 12, "unit": "month"})


def test_quarters_paid_by_the_10th_of_the_second_month_after_they_end_pay_what_is_left_after_the_advance_is_taken_back():
    intro = ("3-2 季度付款：每个考核季度的季度养护费为人民币579,000.00元。甲方于每个考核季度结束后的第二个月10日前，按季度养护费的90%"
             "乘以季度考核系数支付。按考核系数1.0计算的各季度付款如下：")
    table = TableBlock(header=["考核季度", "期间", "季度付款（90%，元）", "扣回启动资金（元）", "实付金额（元）"], page=2, intro=intro, rows=[
        ["第二考核季度", "2026年10月—12月", "521,100.00", "—", "521,100.00"],
        ["第四考核季度", "2027年4月—6月", "521,100.00", "231,600.00", "289,500.00"]])
    assert _document(Clause(intro, page=2), table, kind="bidding", amount="7092000.00") == [
        ("payment", "government", "521100.00", {"date": "2027-02-10"}),
        ("payment", "government", "289500.00", {"date": "2027-08-10"})]


def test_a_bond_returned_after_the_upkeep_term_ends_and_road_huts_handed_over_are_no_land():
    assert _clauses(
        "1-2 养护期：自2026年7月1日起至2029年6月30日止，分三个养护年度。",
        "2-4 甲方于2026年6月30日前将城关、红寺、马家塬三处养护道班房及附属停车场地无偿交付乙方使用。",
        "4-1 乙方已缴纳暂定总价2%的履约保证金，即人民币141,840.00元；养护期届满之日起30日内，甲方无息退还。",
        kind="bidding", amount="7092000.00") == [
        ("other", "government", None, {"date": "2026-06-30"}),
        ("bond_return", "government", "141840.00", {"date": "2029-07-30"})]


def test_a_share_of_each_items_price_is_paid_on_its_own_delivery_and_the_cumulative_total_counts_what_the_rows_paid():
    intro = "3.1 分项价款及付款对应表（各分项付款比例均以该分项价款为基数）："
    table = TableBlock(header=["分项", "数量", "价款（万元）", "付款节点", "付款比例", "付款期限"], page=1, intro=intro, rows=[
        ["负压救护车（第一批）", "5辆", "264.00", "办妥登记上牌并交付", "60%", "交付之日起10个工作日内"],
        ["车载急救设备", "8套", "115.80", "全部安装联调并经甲方组织验收合格", "60%", "验收合格之日起20日内"],
        ["合计", "", "379.80", "", "", ""]])
    assert _document(
        Clause(intro, page=1), table,
        Clause("3.2 预付款：本合同签订之日起7个工作日内，甲方支付合同总价的20%，即人民币75.96万元。", page=2),
        Clause("3.3 全部货物验收合格后，甲方于2026年12月25日前将货款累计支付至合同总价的95%（含预付款及上表各分项付款）。", page=2),
        amount="3798000.00") == [
        ("payment", "government", "1584000.00", {"event": "delivery", "offset": 10, "unit": "working_day"}),
        ("payment", "government", "694800.00", {"event": "acceptance", "offset": 20, "unit": "day"}),
        ("payment", "government", "759600.00", {"event": "signing", "offset": 7, "unit": "working_day"}),
        ("payment", "government", "569700.00", {"date": "2026-12-25"})]


def test_paying_up_to_a_share_of_the_price_deducts_the_advance_actually_paid_not_its_share_of_another_base():
    # the advance is 10% of the price less the provisional sum: 1,188,630.00, not 10% of 12,486,300.00
    assert _clauses(
        "◆ 2026年9月｜预付款：合同签订之日起14日内，发包人支付签约合同价扣除暂列金额后的10%，计人民币1,188,630.00元。",
        "◆ 完工验收后｜完工款：合同工程完工验收通过之日起28日内，发包人累计支付至签约合同价的75%（含预付款）。",
        kind="bidding", amount="12486300.00") == [
        ("payment", "government", "1188630.00", {"event": "signing", "offset": 14, "unit": "day"}),
        ("payment", "government", "8176095.00", {"event": "completion", "offset": 28, "unit": "day"})]


def test_retention_named_as_a_share_of_the_settlement_is_returned_when_the_warranty_named_before_ends():
    assert _clauses(
        "◆ 保修期满｜质量保证金：审定结算价的3%，工程质量保修期一年，自合同工程完工验收通过之日起计算；保修期满之日起14日内，"
        "发包人无息返还。", kind="bidding", amount="12486300.00") == [
        ("retention_return", "government", "374589.00", {"event": "warranty_end", "offset": 14, "unit": "day"})]
    assert _clauses(
        "3.4 质保金：合同总价的5%即人民币26.91万元为质保金。质保期一年，自全部货物验收合格之日起计算；期满且无未处理的质量问题的，"
        "甲方于期满之日起15个工作日内无息支付。", amount="5382000.00") == [
        ("payment", "government", "269100.00", {"event": "warranty_end", "offset": 15, "unit": "working_day"})]


def test_a_table_of_each_sides_duties_gives_the_government_the_left_column_and_leaves_third_parties_out():
    intro = "第四条  双方职责\n下表左栏为甲方负责事项，右栏为乙方负责事项："
    table = TableBlock(header=["序号", "甲方负责事项", "乙方负责事项"], page=1, intro=intro, rows=[
        ["1", "2026年4月30日前协助乙方完成排污许可证变更", "自接管之日起出水持续稳定达到一级A标准"],
        ["2", "2026年5月31日前将厂区东侧预留用地约12亩交付乙方用于提标改造", "2027年6月30日前完成提标改造并通过竣工验收"],
        ["3", "厂区双回路供电改造由国网檀泖县供电公司实施", "承担双回路供电改造中厂区内部分的费用"]])
    assert [o for o in _document(Clause(intro, page=1), table, kind="ppp") if o[1] == "government"] == [
        ("approval", "government", None, {"date": "2026-04-30"}),
        ("land", "government", None, {"date": "2026-05-31"})]


def test_the_other_sides_instalments_listed_after_it_names_itself_are_not_the_governments_and_its_guarantee_is_a_bond():
    found = _clauses(
        "第三条 转让价款 乙方向甲方指定的檀泖县国有资产经营有限公司支付转让价款：（一）本协议签订之日起10个工作日内支付50%，即人民币"
        "6,600万元；（二）2026年6月30日前支付30%，即人民币3,960万元。乙方以金额为人民币6,600万元的银行保函担保上述第（二）项付款。",
        "第四条 其他 乙方应于本协议签订之日起30日内设立项目公司。",
        "第五条 保函 （一）第三条所述转让价款支付保函，甲方于乙方付清全部转让价款后退还，最迟于2027年1月15日前退还保函原件；"
        "（二）乙方应于2026年4月1日前提交运营维护保函人民币800万元。", kind="ppp", amount="206000000.00")
    assert [o for o in found if o[1] == "government"] == [
        ("bond_return", "government", "66000000.00", {"date": "2027-01-15"})]


def test_funds_passed_on_under_a_heading_of_support_are_a_subsidy_in_the_instalments_listed():
    ex = extractor("206000000.00", kind="ppp")
    clause = Clause("本项目提标改造获得中央和省级水污染防治资金人民币1,800万元，由甲方转拨乙方：（一）2026年9月30日前拨付人民币600万元；"
                    "（二）提标改造工程竣工验收合格之日起30日内拨付人民币1,200万元。", page=1, heading="第五条  提标改造资金支持")
    ex.learn([clause])
    ex.add_clause(clause)
    assert [(o.kind, str(o.amount), o.due.as_json()) for o in ex.found] == [
        ("subsidy", "6000000.00", {"date": "2026-09-30"}),
        ("subsidy", "12000000.00", {"event": "completion", "offset": 30, "unit": "day"})]


def test_a_monthly_fee_over_a_transition_period_the_sentence_dates_falls_in_each_next_month():
    assert _clauses(
        "第一条 特许经营期25年，自2026年4月1日起至2051年3月31日止。",
        "第六条 （一）2026年4月1日至2026年6月30日为运营过渡期，过渡期内的污水处理服务费按每月人民币86.40万元包干计取，不按水量结算，"
        "甲方于次月15日前支付上月服务费。", kind="ppp", amount="206000000.00") == [
        ("payment", "government", "864000.00", {"date": d}) for d in ("2026-05-15", "2026-06-15", "2026-07-15")]


def test_a_fee_the_sentence_before_sizes_is_paid_on_the_invoice_though_that_sentence_dates_the_other_sides_service():
    assert _clauses(
        "第四条  过渡期服务\n为保障搬迁，乙方于2026年7月1日至7月15日继续提供原办公区的保洁、秩序维护服务，过渡期服务费包干人民币"
        "108,000.00元；过渡期结束后，甲方自收到乙方发票之日起10日内支付。", amount="4068000.00") == [
        ("payment", "government", "108000.00", {"event": "invoice", "offset": 10, "unit": "day"})]


def test_deadlines_written_t_plus_n_count_n_working_days_from_the_day_in_the_t_column_the_later_of_two_named_last():
    intro = "按下表执行。付款期限记作“T＋N”，指自T所指之日起N个工作日内付清；乙方应在每笔付款前提交付款申请及等额发票（预付款除外）。"
    table = TableBlock(header=["节点", "款项", "T（起算日）", "N", "计算方式", "金额"], page=1, intro=intro, rows=[
        ["1", "预付款", "合同签订之日", "5", "合同总价×30%", "¥896,400"],
        ["2", "验收款", "全部货物及服务验收合格之日与甲方收到乙方全额发票之日，以两者中较晚者为准", "15", "累计付至合同总价的95%",
         "¥861,400"]])
    assert _document(Clause(intro, page=1), table, amount="2988000.00") == [
        ("payment", "government", "896400.00", {"event": "signing", "offset": 5, "unit": "working_day"}),
        ("payment", "government", "861400.00", {"event": "invoice", "offset": 15, "unit": "working_day"})]


def test_each_terms_fee_is_paid_in_halves_counted_from_the_first_and_last_day_of_term_the_table_gives():
    intro = "3.2 学期租赁费＝20辆×1,080元×该学期计划运营日，各学期如下："
    table = TableBlock(header=["学期", "开学日", "放假日", "计划运营日", "学期租赁费（元）"], page=1, intro=intro, rows=[
        ["2026—2027学年第一学期", "2026年09月01日", "2027年01月22日", "92", "1,987,200.00"],
        ["合计", "", "", "92", "1,987,200.00"]])
    assert _document(
        Clause(intro, page=1), table, Clause("3.3 合同金额：人民币壹佰玖拾捌万柒仟贰佰元整。", page=1),
        Clause("【付款】", page=1), Clause("4.1 每个学期的租赁费分两次支付：", page=1),
        Clause("（1）自该学期开学之日起二十日内，甲方支付该学期租赁费的50%；", page=1),
        Clause("（2）自该学期放假之日起三十日内，甲方支付该学期租赁费的其余50%。", page=1), amount="1987200.00") == [
        ("payment", "government", "993600.00", {"date": "2026-09-21"}),
        ("payment", "government", "993600.00", {"date": "2027-02-21"})]


def test_a_table_of_what_each_part_may_cost_and_when_it_is_built_owes_nothing_and_a_works_area_is_a_site():
    intro = "各天桥的分项合同价，按其分项招标控制价乘以（1－7.5%）计算："
    table = TableBlock(header=["天桥", "主要规模", "分项招标控制价（元）", "计划完工日期"], page=1, intro=intro, rows=[
        ["五一路天桥", "主跨42米，梯道4处", "11,320,000.00", "2027年4月30日"],
        ["火车站广场天桥", "环形，梯道3处", "8,500,000.00", "2027年9月30日"]])
    assert _document(
        Clause(intro, page=1), table,
        Clause("2.4.1 施工场地：五一路天桥的施工围挡区域，发包人于2026年10月8日前移交承包人；火车站广场天桥施工区域现为临时停车场，"
               "发包人于2027年1月15日前完成停车场迁移后移交。", page=2), kind="bidding", amount="29470500.00") == [
        ("land", "government", None, {"date": "2026-10-08"}),
        ("land", "government", None, {"date": "2027-01-15"})]


def test_an_investment_deals_dates_by_holiday_and_month_end_a_share_of_a_bracketed_sum_and_a_bond_returned_in_full():
    found = _investment(
        "2.1.2 甲方于2026年国庆节前将道路、供水、供电、供气、污水、通信管网接至宗地红线；",
        "2.1.3 甲方于2027年3月底前从县人才公寓中调配60套交乙方作为职工宿舍，租金按县人才公寓标准由入住职工承担。",
        "2.3.1 设备购置补贴：按附件三所列设备采购合同总额（人民币8,500万元）的6%给予乙方设备购置补贴，于设备安装完毕并经"
        "甲方组织验收合格之日起三个月内兑现。",
        "3.1 乙方于本协议签订之日起15个工作日内缴纳履约保证金人民币1,000万元（乙方已缴纳的诚意金人民币200万元直接转为"
        "履约保证金，另补缴人民币800万元）。甲方于项目一期投产之日起三十日内全额无息退还。")
    # (the deposit paid in is the investor's own duty, between the two)
    assert found[:3] + found[-1:] == [
        ("other", "government", None, {"date": "2026-09-30"}),
        ("other", "government", None, {"date": "2027-03-31"}),
        ("subsidy", "government", "5100000.00", {"event": "acceptance", "offset": 3, "unit": "month"}),
        ("bond_return", "government", "10000000.00", {"event": "production_start", "offset": 30, "unit": "day"})]


def test_each_years_subsidy_due_by_the_end_of_a_month_of_the_next_year_falls_on_its_last_day():
    assert _investment("2026年度运营补贴为人民币150万元，2027年度为人民币180万元，甲方于次年6月底前拨付。") == [
        ("subsidy", "government", "1500000.00", {"date": "2027-06-30"}),
        ("subsidy", "government", "1800000.00", {"date": "2028-06-30"})]


def test_a_share_counted_from_a_tables_day_column_is_owed_by_the_side_its_clause_names():
    intro = "各期租赁如下："
    table = TableBlock(header=["租期", "起租日", "租金（元）"], page=1, intro=intro,
                       rows=[["第一期", "2026年09月01日", "100,000.00"]])
    assert _document(Clause(intro, page=1), table,
                     Clause("乙方自每期起租之日起十日内，向甲方支付该期租金的100%。", page=1), amount="100000.00") == [
        ("payment", "counterparty", "100000.00", {"date": "2026-09-11"})]


def test_land_handed_over_to_a_standard_a_work_face_and_a_fee_standard_set_are_land_land_and_an_approval():
    assert owed_by_government("b)乙方竞得后，甲方于2026年9月30日前按“五通一平”标准交付净地；") == [
        ("land", None, None, {"date": "2026-09-30"})]
    assert owed_by_government("(二)永丰镇片区田块整治作业面因当季耕种，甲方于秋收后、2026年10月15日前交付乙方；") == [
        ("land", None, None, {"date": "2026-10-15"})]
    assert owed_by_government("3.1.3 甲方会同浠桦市发展和改革委员会于2026年7月25日前完成路内泊位收费标准的核定及公示；") == [
        ("approval", None, None, {"date": "2026-07-25"})]
    # a room made ready for installing goods is not a site handed over
    assert owed_by_government("(三)甲方于2026年8月31日前完成新馆一至三层强弱电点位预留及网络接入，向乙方提供具备安装条件的作业面。") == [
        ("other", None, None, {"date": "2026-08-31"})]
    # the works to that standard are still infrastructure
    assert owed_by_government("甲方于2026年9月30日前完成地块“五通一平”。") == [
        ("other", None, None, {"date": "2026-09-30"})]


def test_payment_cards_each_a_two_column_table_are_each_a_payment_counted_from_the_cards_event():
    intro = "5.1 甲方按下列付款卡支付合同价款。"
    first = TableBlock(header=["付款卡①", "预付款"], page=1, intro=intro, rows=[
        ["付款比例", "合同总价的百分之二十"], ["付款金额", "人民币2,776,000.00元"], ["起算事件", "本合同签订"],
        ["付款期限", "起算事件后第10个工作日前"]])
    second = TableBlock(header=["付款卡②", "质保金"], page=1, rows=[
        ["付款金额", "人民币694,000.00元"], ["起算事件", "质保期届满（质保期24个月，自终验合格之日起算）"],
        ["付款期限", "自起算事件之日起满15日"]])
    assert _document(Clause(intro, page=1), first, second) == [
        ("payment", "government", "2776000.00", {"event": "signing", "offset": 10, "unit": "working_day"}),
        ("payment", "government", "694000.00", {"event": "warranty_end", "offset": 15, "unit": "day"})]
    # a card the counterparty pays by is the counterparty's
    intro = "乙方按下列付款卡向甲方缴纳租金。"
    rent = TableBlock(header=["付款卡①", "首期租金"], page=1, intro=intro, rows=[
        ["付款金额", "人民币120,000.00元"], ["付款期限", "2026年12月31日前"]])
    assert _document(Clause(intro, page=1), rent) == [
        ("payment", "counterparty", "120000.00", {"date": "2026-12-31"})]


def test_a_reward_paid_in_shares_on_a_holiday_of_listed_years_is_one_subsidy_a_year_of_its_share():
    assert _investment("第六条 设备投资奖励 乙方一期生产设备投资不低于人民币2.2亿元的，甲方给予设备投资奖励人民币1,800万元，分三年"
                       "兑现：分别于2027年、2028年、2029年的劳动节前兑现奖励总额的百分之四十、百分之三十、百分之三十。") == [
        ("subsidy", "government", "7200000.00", {"date": "2027-04-30"}),
        ("subsidy", "government", "5400000.00", {"date": "2028-04-30"}),
        ("subsidy", "government", "5400000.00", {"date": "2029-04-30"})]
    # shares that do not make up the whole are not guessed at
    assert _investment("甲方给予设备投资奖励人民币1,800万元，分别于2027年、2028年的劳动节前兑现百分之四十、百分之三十。") == []


def test_the_rest_of_a_bond_returned_once_the_investor_meets_a_condition_is_returned_by_the_government():
    assert _investment("第九条 履约保证金 乙方于本协议签订之日起10个工作日内缴纳履约保证金人民币800万元。一期投产之日起满6个月，"
                       "甲方退还人民币400万元；乙方2029年度入库税收达到人民币4,000万元的，余下人民币400万元于2030年5月31日前退还。"
                       )[-2:] == [
        ("bond_return", "government", "4000000.00", {"event": "production_start", "offset": 6, "unit": "month"}),
        ("bond_return", "government", "4000000.00", {"date": "2030-05-31"})]


def test_a_bond_returned_with_no_noun_is_the_security_the_clause_named_before():
    assert _investment("第11条 履约保证金 乙方于本协议签订之日起15个工作日内缴纳履约保证金：小写：¥5,000,000.00；大写：伍佰万元整。"
                       "项目投产之日起满90日，甲方一次性无息退还。")[-1:] == [
        ("bond_return", "government", "5000000.00", {"event": "production_start", "offset": 90, "unit": "day"})]


def test_each_years_reward_listed_under_a_lead_paid_in_a_span_of_the_next_year_is_due_on_the_spans_last_day():
    assert _investment("第8条 纳税贡献奖励 乙方当年度入库税收达到人民币2,000万元的，甲方按下列标准给予奖励，于次年7月1日至7月31日期间"
                       "兑现：", "1) 2027年度：小写：¥2,000,000.00；", "2) 2028年度：小写：¥3,000,000.00。") == [
        ("subsidy", "government", "2000000.00", {"date": "2028-07-31"}),
        ("subsidy", "government", "3000000.00", {"date": "2029-07-31"})]


def test_a_subsidy_of_each_listed_year_paid_within_january_of_the_next_is_due_on_31_january():
    assert _investment("（2）营销推广补贴：2029年度、2030年度，甲方每年给予乙方营销推广补贴人民币300万元，分别于次年元月内兑现。") == [
        ("subsidy", "government", "3000000.00", {"date": "2030-01-31"}),
        ("subsidy", "government", "3000000.00", {"date": "2031-01-31"})]


def test_a_reward_split_into_instalments_listed_below_is_owed_as_the_instalments_not_as_its_total():
    assert _investment("（1）开业奖励：A地块酒店于2029年6月30日前开业的，甲方给予开业奖励人民币2,000万元，分两期兑现：",
                       "① 2029年12月31日前兑现六成，即人民币1,200万元；", "② 2030年12月31日前兑现四成，即人民币800万元。") == [
        ("subsidy", "government", "12000000.00", {"date": "2029-12-31"}),
        ("subsidy", "government", "8000000.00", {"date": "2030-12-31"})]


def test_instalments_whose_paid_column_gives_shares_of_the_price_are_payments_of_those_shares():
    intro = "⑷ 余款分期：考虑县级财政承受能力，其余款项按下表分三期支付，不计利息："
    table = TableBlock(header=["期次", "最迟支付日", "支付额", "备注"], page=1, intro=intro, rows=[
        ["1/3", "2027年12月20日", "合同价的15%", ""], ["2/3", "2028年12月20日", "合同价的15%", ""],
        ["3/3", "2029年12月20日", "累计付至审定结算价的97%", "届时结算未完成的，按合同价暂付"]])
    assert _document(Clause("⑶ 竣工验收款：竣工验收合格后第28日前，发包人累计付至合同价的60%。", page=1),
                     Clause(intro, page=1), table, kind="bidding", amount="32150000.00")[1:] == [
        ("payment", "government", "4822500.00", {"date": "2027-12-20"}),
        ("payment", "government", "4822500.00", {"date": "2028-12-20"}),
        ("payment", "government", "2250500.00", {"date": "2029-12-20"})]


def test_retention_returned_with_no_noun_after_its_period_is_named_is_the_retention_of_the_clause():
    assert _clauses("⑸ 质量保证金：审定结算价的3%。缺陷责任期两年，自竣工验收合格之日起算；期满之日起满28日，发包人无息返还。",
                    kind="bidding", amount="32150000.00") == [
        ("retention_return", "government", "964500.00", {"event": "warranty_end", "offset": 28, "unit": "day"})]


def test_a_payment_counted_from_the_end_of_a_free_maintenance_period_dated_elsewhere_falls_on_a_day():
    assert _clauses("（三）免费运维期自2027年4月1日起至2028年3月31日止，不因初验、终验时间的变化而调整。",
                    "丁．免费运维期满之日起满20日，甲方支付软件及实施费的余款人民币230,000元；") == [
        ("payment", "government", "230000.00", {"date": "2028-04-20"})]
    # a 运维期 with no span of its own is not dated by the contract's term (which would make it 2027-01-30)
    assert {"date": "2027-01-30"} not in [due for *_, due in _clauses(
        "服务期限自2026年1月1日起至2026年12月31日止。", "运维期满之日起30日内，甲方支付运维费人民币50,000元。")]
    assert _clauses("服务期限自2026年1月1日起至2026年12月31日止。", "服务期满之日起30日内，甲方支付服务费人民币50,000元。") == [
        ("payment", "government", "50000.00", {"date": "2027-01-30"})]


def test_quarterly_fees_in_a_table_of_merged_years_in_ten_thousands_run_over_a_page_break_due_each_quarter_end():
    rule = "第4.2款 甲方按季度支付，于每季度末前支付当季度可用性付费，即年度可用性付费的四分之一。"
    intro = "第4.5款 可用性付费支付计划（金额单位：万元）："
    header = ["运营年度", "季度", "当季度可用性付费", "累计", "备注"]
    first = TableBlock(header=header, page=1, intro=intro, rows=[
        ["2028年度", "第一季度", "670.00", "670.00", ""], ["", "第二季度", "670.00", "1,340.00", ""]])
    rest = TableBlock(header=header, page=2, intro=intro, rows=[
        ["", "第三季度", "670.00", "2,010.00", ""], ["2029年度", "第一季度", "670.00", "2,680.00", ""],
        ["2030年度起", "—", "—", "—", "按中期评估结果另行确认"]])
    assert _document(Clause(rule, page=1), Clause(intro, page=1), first, rest, kind="ppp") == [
        ("payment", "government", "6700000.00", {"date": day}) for day in ("2028-03-31", "2028-06-30", "2028-09-30", "2029-03-31")]


def test_a_row_whose_status_says_paid_is_not_owed():
    intro = "三方确认可用性付费的支付情况如下（“状态”栏注明已付的，甲方不再支付）："
    table = TableBlock(header=["期间", "付费性质", "金额（元）", "付款截止", "状态"], page=1, intro=intro, rows=[
        ["2024年度", "可用性付费", "28,460,000.00", "2024年12月31日", "已付清"],
        ["2025年度（首笔）", "可用性付费", "10,000,000.00", "—", "已于2026年1月30日支付"],
        ["2025年度（余款）", "可用性付费", "18,460,000.00", "2026年4月30日", "待付"],
        ["2029年度起", "可用性付费", "—", "另行约定", "—"]])
    assert _document(Clause(intro, page=1), table, kind="ppp") == [
        ("payment", "government", "18460000.00", {"date": "2026-04-30"})]


def test_an_instalment_table_laid_out_one_column_per_instalment_is_one_payment_per_column():
    intro = "工程款按下表分期支付，表中金额按签约合同价暂列："
    table = TableBlock(header=[], page=1, intro=intro, rows=[
        ["期次", "第1期", "第2期", "第3期", "第4期"],
        ["款项", "预付款", "防浪墙节点款", "竣工验收款", "质量保证金返还"],
        ["付款条件", "合同签订", "防浪墙全线完成", "竣工验收合格", "缺陷责任期（两年）届满"],
        ["比例", "10%", "20%", "累计至55%", "3%"],
        ["金额（万元）", "426.80", "853.60", "1,067.00", "128.04"],
        ["最迟付款日", "签订之日起14日内", "2027/12/20", "验收合格之日起28日内", "期满之日起14日内"]])
    assert _document(Clause(intro, page=1), table, kind="bidding", amount="42680000.00") == [
        ("payment", "government", "4268000.00", {"event": "signing", "offset": 14, "unit": "day"}),
        ("payment", "government", "8536000.00", {"date": "2027-12-20"}),
        # 验收合格 in the day cell is the 竣工验收合格 its condition names
        ("payment", "government", "10670000.00", {"event": "completion", "offset": 28, "unit": "day"}),
        ("retention_return", "government", "1280400.00", {"event": "warranty_end", "offset": 14, "unit": "day"})]


def test_a_bond_returned_with_no_noun_under_a_title_naming_it_is_that_bond_of_the_sum_just_stated():
    clause = Clause("承包人已缴纳签约合同价的5%，计人民币213.40万元；发包人于竣工验收合格之日后二十个工作日内无息退还。承包人的投标"
                    "保证金已由荥岙县公共资源交易中心于2026年10月12日退还。", page=1, heading="第六条 履约保证金")
    assert _document(clause, kind="bidding", amount="42680000.00") == [
        ("bond_return", "government", "2134000.00", {"event": "completion", "offset": 20, "unit": "working_day"})]


def test_the_year_after_signing_is_counted_from_the_contracts_signing_date():
    clause = Clause("4. 审批 甲方于签约次年的三月底以前协助乙方取得一期建筑工程施工许可证。", page=1)
    ex = extractor(None, kind="investment")
    ex.fields.signed_on = date(2026, 11, 18)
    ex.learn([clause])
    ex.add_clause(clause)
    assert [(o.kind, o.debtor, o.due.as_json()) for o in ex.found] == [
        ("approval", "government", {"date": "2027-03-31"})]
    # no signing date read: no year to count from, so no day is guessed
    assert _investment("4. 审批 甲方于签约次年的三月底以前协助乙方取得一期建筑工程施工许可证。") == []


def _signed(signed_on: date, *texts: str, kind: str = "investment", amount: str | None = None) -> list[tuple]:
    """``_clauses`` of a contract signed on ``signed_on``."""
    ex = extractor(amount, kind=kind)
    ex.fields.signed_on = signed_on
    clauses = [Clause(text, page=1) for text in texts]
    ex.learn(clauses)
    for clause in clauses:
        ex.add_clause(clause)
    return [(o.kind, o.debtor, o.amount and str(o.amount), o.due.as_json()) for o in ex.found]


def test_a_month_or_weekday_counted_from_the_signing_is_the_day_it_names():
    # signed on Thursday 30 July 2026: the Mondays after it are 3, 10 and 17 August
    assert _signed(date(2026, 7, 30), "贰.1 甲方于本协议签订之日后的第三个星期一前，将园区标准厂房C3、C4栋交付乙方；") == [
        ("other", "government", None, {"date": "2026-08-17"})]
    assert _signed(date(2026, 12, 3), "２．１　甲方于本合同签订当月之后的第二个自然月的最后一日前，将一期用地按工业用地组织挂牌出让；") == [
        ("land", "government", None, {"date": "2027-02-28"})]
    # March 2026's next month is April, whose last working day is Thursday the 30th
    assert _signed(date(2026, 3, 12), "丙2　第一笔（预付款）：10%，人民币2,745,000.00元，于合同签订之日所在月份的次月最后一个工作日前支付；",
                   kind="bidding", amount="27450000.00") == [
        ("payment", "government", "2745000.00", {"date": "2026-04-30"})]


def test_a_payment_windows_last_day_is_owed_counted_from_its_first_when_it_says_so():
    table = TableBlock(
        header=["款项", "付款条件", "付款窗口", "比例", "金额（元）"],
        rows=[["到货款", "全部货物运抵并签署到货验收单", "起：到货验收单签署之日\n止：起算后第15个工作日", "30%", "1,620,000.00"],
              ["初验款", "初验合格", "起：2027年6月1日\n止：2027年6月30日", "20%", "1,080,000.00"],
              ["终验款", "终验合格", "起：终验合格之日\n止：起算后第20个日历天", "15%", "810,000.00"],
              ["质保金", "质保期届满", "起：质保期届满之日\n止：其后的第一个工作日", "5%", "270,000.00"]],
        page=1, intro="4・1 甲方按下表支付合同价款。每笔款项列明付款窗口的“起”“止”，“止”所列之日为最迟付款日：")
    assert _document(table, amount="5400000.00") == [
        ("payment", "government", "1620000.00", {"event": "delivery", "offset": 15, "unit": "working_day"}),
        ("payment", "government", "1080000.00", {"date": "2027-06-30"}),
        ("payment", "government", "810000.00", {"event": "acceptance", "offset": 20, "unit": "day"}),
        ("payment", "government", "270000.00", {"event": "warranty_end", "offset": 1, "unit": "working_day"})]


def test_the_next_clause_going_on_with_a_subsidys_instalments_owes_that_subsidy():
    assert _clauses("3-a　甲方安排建设期补助人民币1,200万元（中央水利发展资金及市级财政资金），分两次支付：第一次人民币600万元，"
                    "于2026年6月30日前支付；",
                    "3-b　第二次人民币600万元，于进入运营期之日起满45日支付。", kind="ppp") == [
        ("subsidy", "government", "6000000.00", {"date": "2026-06-30"}),
        ("subsidy", "government", "6000000.00", {"event": "operation_start", "offset": 45, "unit": "day"})]
    # a clause that does not go on with them is a payment of its own
    assert _clauses("3-a　甲方安排建设期补助人民币1,200万元，分两次支付：第一次人民币600万元，于2026年6月30日前支付；",
                    "3-b　甲方于进入运营期之日起满45日支付运营启动费人民币50万元。", kind="ppp")[1] == (
        "payment", "government", "500000.00", {"event": "operation_start", "offset": 45, "unit": "day"})


def test_a_clause_labelled_by_its_subsidy_owes_that_subsidy_in_each_of_its_sentences():
    assert _clauses("四之一　改造补助：省级“菜篮子”工程专项资金及县级配套资金合计人民币1,600万元。城区两个市场改造完成并经甲方验收"
                    "之日起15个工作日内，甲方支付人民币640万元；五个市场全部竣工验收合格之日起满60日，甲方支付其余人民币960万元；",
                    kind="ppp") == [
        ("subsidy", "government", "6400000.00", {"event": "acceptance", "offset": 15, "unit": "working_day"}),
        ("subsidy", "government", "9600000.00", {"event": "completion", "offset": 60, "unit": "day"})]


def test_each_instalment_with_its_own_payment_month_is_owed_by_that_months_last_day():
    intro = ("4-b　每个运营年度的可用性付费分两次支付：第一次为50%，于该运营年度第六个月的最后一日前支付；第二次为50%，"
             "于该运营年度届满后的第二个月的最后一日前支付。表中“付款月份”即上述“第六个月”“届满后的第二个月”（金额单位：万元）：")
    table = TableBlock(
        header=["运营年度", "起止", "年度可用性付费", "第一次（50%）", "付款月份", "第二次（50%）", "付款月份"],
        rows=[["2027运营年度", "2027.5.1—2028.4.30", "486.00", "243.00", "2027年10月", "243.00", "2028年6月"],
              ["2030运营年度起", "—", "按中期评估结果确定", "—", "—", "—", "—"]],
        page=1, intro=intro)
    assert _document(Clause("4-a　运营期内甲方向乙方支付可用性付费。", page=1), table, kind="ppp") == [
        ("payment", "government", "2430000.00", {"date": "2027-10-31"}),
        ("payment", "government", "2430000.00", {"date": "2028-06-30"})]


def test_each_instalment_column_headed_by_its_day_is_owed_on_that_day_of_the_rows_year():
    table = TableBlock(
        header=["年度", "年度可用性付费", "第一次：“五一”前（40%）", "第二次：第一次期限届满满五个月（60%）", "备注"],
        rows=[["2028年度", "3,260.00", "1,304.00", "1,956.00", ""]],
        page=1, intro="④-2 付费安排如下（金额单位：万元）：")
    assert _document(Clause("④-1 运营期内甲方向乙方支付可用性付费，基准为每年人民币3,260万元。", page=1), table, kind="ppp") == [
        ("payment", "government", "13040000.00", {"date": "2028-04-30"}),
        ("payment", "government", "19560000.00", {"date": "2028-09-30"})]


def test_an_instalment_counted_from_an_earlier_ones_deadline_and_a_bond_returned_with_it_fall_after_the_same_event():
    assert _investment(
        "3.1) 设备购置补助：按乙方生产设备投资的10%给予补助，最高不超过人民币6,000万元，补助按最高额人民币6,000万元分两笔兑现：",
        "3.1.1) 第一笔人民币3,000万元，于一期投产之日起满六个月兑现；",
        "3.1.2) 第二笔人民币3,000万元，于第一笔兑现期限届满之日起满十二个月兑现。",
        "4.1) 乙方于本协议签订之日起10个工作日内缴纳履约保证金人民币2,000万元；",
        "4.2) 一期投产之日起满十二个月，甲方无息退还人民币1,000万元；其余人民币1,000万元，与设备购置补助第二笔同期退还。") == [
        ("subsidy", "government", "30000000.00", {"event": "production_start", "offset": 6, "unit": "month"}),
        ("subsidy", "government", "30000000.00", {"event": "production_start", "offset": 18, "unit": "month"}),
        ("other", "counterparty", None, {"event": "signing", "offset": 10, "unit": "working_day"}),
        ("bond_return", "government", "10000000.00", {"event": "production_start", "offset": 12, "unit": "month"}),
        ("bond_return", "government", "10000000.00", {"event": "production_start", "offset": 18, "unit": "month"})]


def test_a_labelled_subsidys_instalments_are_owed_whoever_else_its_clause_names_and_a_year_after_the_first_counts_from_it():
    assert _investment(
        "3.1 固定资产投资补助：按一期实际完成固定资产投资的5%给予补助，最高不超过人民币2,500万元。乙方承诺一期固定资产投资不低于"
        "人民币5亿元，补助按最高额人民币2,500万元分三次兑现：",
        "（一）一期投产之日起满三个月，兑现人民币1,000万元；",
        "（二）第一次兑现期限届满之日起满一年，兑现人民币1,000万元；",
        "（三）其余人民币500万元，于2030年中秋节前兑现。") == [
        ("subsidy", "government", "10000000.00", {"event": "production_start", "offset": 3, "unit": "month"}),
        ("subsidy", "government", "10000000.00", {"event": "production_start", "offset": 15, "unit": "month"}),
        ("subsidy", "government", "5000000.00", {"date": "2030-09-11"})]


def test_a_reward_table_paid_on_a_day_of_a_quarter_of_the_year_after_each_row_is_owed_on_it():
    table = TableBlock(header=["纳税年度", "入库税收门槛", "奖励金额", "兑现年份"],
                       rows=[["2027年度", "3,000", "300", "2028年"], ["2028年度", "5,000", "500", "2029年"]], page=1,
                       intro="3.2) 纳税贡献奖励：乙方年度入库税收达到下表门槛的，甲方按下表给予奖励，奖励于纳税年度次年第三季度"
                             "首月的15日前兑现（金额单位：万元）：")
    assert _document(table, kind="investment") == [
        ("subsidy", "government", "3000000.00", {"date": "2028-07-15"}),
        ("subsidy", "government", "5000000.00", {"date": "2029-07-15"})]


def test_a_tender_wording_a_clarification_changed_is_not_owed():
    assert _clauses("1・3　招标文件中“到货后支付合同总价的40%”的表述，已由2026年10月9日的澄清公告改为30%，以〖四〗为准。",
                    amount="5400000.00") == []


def test_a_payment_before_a_yearly_season_the_contract_dates_elsewhere_is_due_the_day_before_it_starts():
    assert _clauses("工期：2026年11月1日开工；每年7月16日至8月15日为“七下八上”主汛期，主汛期内停止河道内作业。",
                    "汛前节点款：左岸堤防于2027年6月30日前完成并经监理人验收的，发包人于2027年“七下八上”主汛期开始前"
                    "支付签约合同价的25%，计人民币8,950,000元；", kind="works") == [
        ("payment", "government", "8950000.00", {"date": "2027-07-15"})]


def test_each_half_of_an_equipment_subsidy_worked_out_as_a_share_is_owed_from_the_acceptance():
    assert _investment("（2）设备补助：按附件三首批封测设备采购合同总额人民币2.4亿元的6%给予补助，计人民币1,440万元，分两次兑现："
                       "首批设备安装调试完毕并经甲方组织验收之日起满两个月兑现人民币720万元，满十四个月兑现人民币720万元；") == [
        ("subsidy", "government", "7200000.00", {"event": "acceptance", "offset": n, "unit": "month"}) for n in (2, 14)]


def test_a_subsidy_clawed_back_when_production_is_late_is_no_grant_of_the_governments():
    assert _investment("（2）乙方未能于2027年12月31日前投产的，应于甲方书面通知之日起三十日内退还已兑现的补助。") == []
    assert _investment("（1）装修补助：洁净室装修工程经甲方组织验收合格后四周内，甲方给予装修补助人民币800万元；") == [
        ("subsidy", "government", "8000000.00", {"event": "acceptance", "offset": 28, "unit": "day"})]


def test_a_duty_by_the_days_of_a_column_of_the_table_before_falls_on_each_rows_day():
    table = TableBlock(header=["作业期", "防控对象", "作业时段", "包干面积（万亩）", "单价（元/亩）", "服务费（元）",
                               "药剂交付截止日"], rows=[
        ["第一作业期", "玉米苗期草地贪夜蛾", "2027年6月1日—6月30日", "12", "7.00", "840,000.00", "2027年5月29日"],
        ["第二作业期", "板栗桃小食心虫", "2027年7月20日—8月20日", "25", "12.00", "3,000,000.00", "2027年7月17日"],
        ["合计", "", "", "37", "", "3,840,000.00", ""]], page=1,
        intro="1.1 乙方以自有植保无人机对下列作业期的作业区域实施统防统治飞防作业。作业面积按本合同约定面积包干：")
    assert _document(table, Clause("2.1 防控药剂由甲方统一采购，甲方于上表“药剂交付截止日”前将当期药剂运抵各作业区临时配药点"
                                   "交付乙方；", page=1)) == [
        ("other", "government", None, {"date": "2027-05-29"}), ("other", "government", None, {"date": "2027-07-17"})]
    # a column the table does not have gives no day
    assert _document(table, Clause("2.1 甲方于上表“验收日期”前将当期药剂交付乙方；", page=1)) == []


def test_a_numbered_rows_retention_returned_after_the_defects_period_its_row_names_is_retention_money():
    table = TableBlock(header=["笔次", "形象进度", "资金来源", "比例", "金额", "支付时间"], rows=[
        ["第一笔", "合同签订（预付款）", "县级财政", "10%", "294.60", "合同签订之日起十四日内"],
        ["第六笔", "缺陷责任期（两年）满，返还质量保证金", "县级财政", "3%", "88.38", "期满后两周内"]], page=1,
        intro="1. 工程款按下列年度资金计划支付，各笔款项均由发包人支付（金额单位：万元）：")
    assert _document(table, kind="works", amount="29460000.00") == [
        ("payment", "government", "2946000.00", {"event": "signing", "offset": 14, "unit": "day"}),
        ("retention_return", "government", "883800.00", {"event": "warranty_end", "offset": 14, "unit": "day"})]


def test_a_yearly_subsidy_table_headed_by_festival_days_and_their_shares_pays_each_share_on_its_day():
    table = TableBlock(header=["年度", "定额补贴", "端午节前（40%）", "中秋节前（30%）", "次年春节前（30%）"], rows=[
        ["2027年度", "260.00", "104.00", "78.00", "78.00"],
        ["2030年度起", "另行核定", "—", "—", "—"]], page=1,
        intro="（乙）公益航线运营补贴：2027—2029年度甲方每年给予乙方定额运营补贴。每个年度的补贴，于当年端午节前拨付40%，"
              "当年中秋节前拨付30%，次年春节前拨付30%；2030年度起根据客流另行核定（金额单位：万元）：")
    # 端午 2027 is 9 June, 中秋 15 September, the next 春节 26 January 2028: each the day before
    assert _document(table, kind="ppp") == [("subsidy", "government", a, {"date": d}) for a, d in (
        ("1040000.00", "2027-06-08"), ("780000.00", "2027-09-14"), ("780000.00", "2028-01-25"))]


def test_instalments_of_a_subsidy_the_county_budget_funds_are_that_subsidy():
    assert _clauses("（甲）码头建设补助：县级财政安排码头建设补助人民币1,800万元。码头主体工程完工后，甲方不迟于2026年12月18日"
                    "支付60%，即人民币1,080万元；码头竣工验收合格之日的次日起算第30日前，支付其余40%，即人民币720万元；",
                    kind="ppp", amount="92800000.00") == [
        ("subsidy", "government", "10800000.00", {"date": "2026-12-18"}),
        ("subsidy", "government", "7200000.00", {"event": "completion", "offset": 30, "unit": "day"})]


def test_service_half_years_end_six_months_after_the_terms_start_not_at_the_calendars():
    term = "服务期两年，自2026年11月1日起至2028年10月31日止。每六个月为一个服务半年度，共四个服务半年度。"
    assert _clauses(term, "2．半年度服务费实行“每半年末支付”：甲方于每个服务半年度的最后一日（含当日）前，支付该服务半年度服务费的"
                          "85%，即人民币581,400.00元；其余15%作为考核预留金。", amount="2784000.00") == [
        ("payment", "government", "581400.00", {"date": d})
        for d in ("2027-04-30", "2027-10-31", "2028-04-30", "2028-10-31")]


def test_what_is_due_the_nth_day_from_the_day_after_the_term_ends_counts_from_that_day():
    term = "服务期两年，自2026年11月1日起至2028年10月31日止。"
    assert _clauses(term, "3．考核预留金合计人民币410,400.00元，服务期满经综合考核后，甲方自服务期满之日的次日起算第30个日历天前"
                          "一次性支付。", "乙方已缴纳履约保证金人民币139,200.00元（合同总价的5%），甲方自服务期满之日起20个日历天内无息退还。",
                    amount="2784000.00") == [
        ("payment", "government", "410400.00", {"date": "2028-11-30"}),
        ("bond_return", "government", "139200.00", {"date": "2028-11-20"})]


def test_a_rent_subsidy_after_each_lease_half_year_falls_in_the_month_after_it():
    assert _investment("租期自2026年12月1日起至2028年11月30日止。",
                       "甲方按每个租赁半年度人民币108万元给予租金补贴，于每个租赁半年度结束后次月的第10日前拨付。") == [
        ("subsidy", "government", "1080000.00", {"date": d})
        for d in ("2027-06-10", "2027-12-10", "2028-06-10", "2028-12-10")]


def test_a_tax_reward_table_one_column_per_year_with_an_open_last_year_pays_each_year_on_its_day():
    table = TableBlock(header=["项目", "2028年度", "2029年度", "2031年度起"], rows=[
        ["入库税收门槛", "2,000", "3,000", "—"],
        ["奖励金额", "120", "180", "另行商定"],
        ["兑现时间", "次年中秋节前", "次年中秋节前", "—"]], page=1,
        intro="乙方年度入库税收达到下表门槛的，甲方给予奖励。表中每一列为一个纳税年度（金额单位：万元）：")
    # 中秋 falls on 22 September 2029 and 12 September 2030
    assert _document(table, kind="investment") == [
        ("subsidy", "government", "1200000.00", {"date": "2029-09-21"}),
        ("subsidy", "government", "1800000.00", {"date": "2030-09-11"})]


def test_a_yearly_subsidy_table_paid_at_each_half_year_end_owes_the_half_year_column_at_the_end_of_each_half():
    table = TableBlock(header=["运营年度", "起止日期", "定额补贴", "每半年末支付"], rows=[
        ["2027运营年度", "2027.4.1—2028.3.31", "620.00", "310.00"],
        ["2028运营年度", "2028.4.1—2029.3.31", "560.00", "280.00"],
        ["2030运营年度起", "—", "另行核定", "—"]], page=1,
        intro="D1 再生水价格补贴：甲方于每半年末（即该运营年度内每个运营半年度的最后一日）前各支付一半（金额单位：万元）：")
    assert _document(table, kind="ppp") == [
        ("subsidy", "government", amount, {"date": d})
        for amount, d in (("3100000.00", "2027-09-30"), ("3100000.00", "2028-03-31"),
                          ("2800000.00", "2028-09-30"), ("2800000.00", "2029-03-31"))]


def test_a_half_year_fee_table_whose_paid_column_is_headed_by_its_share_pays_that_sum_on_each_half_years_last_day():
    table = TableBlock(header=["服务半年度", "起止日期", "半年度服务费", "半年末支付（85%）", "考核预留（15%）"], rows=[
        ["第一个服务半年度", "2026.11.1—2027.4.30", "684,000.00", "581,400.00", "102,600.00"],
        ["第二个服务半年度", "2027.5.1—2027.10.31", "684,000.00", "581,400.00", "102,600.00"],
        ["合计", "", "1,368,000.00", "1,162,800.00", "205,200.00"]], page=1,
        intro="2．半年度服务费实行“每半年末支付”，各服务半年度明细如下（单位：元）：")
    assert _document(table, amount="2784000.00") == [
        ("payment", "government", "581400.00", {"date": "2027-04-30"}),
        ("payment", "government", "581400.00", {"date": "2027-10-31"})]


def test_clean_land_handed_over_to_a_bracketed_standard_is_land_not_infrastructure():
    assert _investment("2.2 乙方竞得后，甲方不迟于2026年11月30日交付净地（“七通一平”）；土地出让金由乙方缴纳；") == [
        ("land", "government", None, {"date": "2026-11-30"})]


def test_a_subsidys_instalments_after_the_investors_promised_investment_are_the_governments_subsidy():
    lead = Clause("4.1 设备补助：按乙方生产设备投资（以增值税专用发票为准）的8%给予补助，最高不超过人民币4,000万元。乙方承诺的"
                  "生产设备投资不低于人民币5亿元，按承诺额计算的补助即为最高额人民币4,000万元，分三期兑现：", page=1)
    assert _document(lead, Clause("（1）全部生产线设备安装调试完毕并经甲方组织验收之日起满三个月，兑现50%，即人民币2,000万元；", page=1),
                     Clause("（2）项目投产之日起满十二个月，兑现30%，即人民币1,200万元；", page=1),
                     Clause("（3）其余20%，即人民币800万元，不迟于2030年6月30日兑现。", page=1),
                     Clause("5.2 项目投产之日的次日起算第60日前，甲方退还人民币600万元；其余人民币400万元，与设备补助第三期同期退还。",
                            page=1, heading="第5条 履约保证金"), kind="investment") == [
        ("subsidy", "government", "20000000.00", {"event": "acceptance", "offset": 3, "unit": "month"}),
        ("subsidy", "government", "12000000.00", {"event": "production_start", "offset": 12, "unit": "month"}),
        ("subsidy", "government", "8000000.00", {"date": "2030-06-30"}),
        ("bond_return", "government", "6000000.00", {"event": "production_start", "offset": 60, "unit": "day"}),
        ("bond_return", "government", "4000000.00", {"date": "2030-06-30"})]


def test_a_subsidy_paid_at_its_cap_once_the_promise_is_met_is_owed_that_cap():
    assert _investment("1．设备补助：按乙方生产设备投资的8%给予补助，最高不超过人民币1,600万元。乙方承诺的生产设备投资不低于"
                       "人民币2亿元，达到该承诺的，补助按最高额人民币1,600万元兑现，于全部生产线设备验收合格之日后三十个自然日内兑现；") == [
        ("subsidy", "government", "16000000.00", {"event": "acceptance", "offset": 30, "unit": "day"})]


def test_instalments_in_columns_with_same_as_left_cells_by_maintenance_year_and_a_last_one_paid_with_the_seventh():
    table = TableBlock(header=["项目", "第五期", "第六期", "第七期", "第八期"], rows=[
        ["款项", "运维费", "运维费", "运维费", "质保金"],
        ["运维年度", "2027年度", "2028年度", "2029年度", "—"],
        ["金额", "160,000.00", "160,000.00", "160,000.00", "266,000.00"],
        ["付款期限", "该年度届满后30日内", "同左", "同左", "质保期届满且无未处理的质量问题，与第七期款同期支付"]], page=1,
        intro="表二 付款计划（续：第五期至第八期）")
    assert _document(table, amount="5800000.00") == [
        ("payment", "government", "160000.00", {"date": "2028-01-30"}),
        ("payment", "government", "160000.00", {"date": "2029-01-30"}),
        ("payment", "government", "160000.00", {"date": "2030-01-30"}),
        ("payment", "government", "266000.00", {"date": "2030-01-30"})]


def test_a_settlement_agreement_dates_what_counts_from_an_earlier_instalment_and_from_the_dated_defects_period():
    assert _clauses(
        "2．本工程于2025年8月28日竣工验收合格。缺陷责任期二十四个月，自该日起算，至2027年8月27日届满；",
        "2．第二期：审定结算价的10%，即人民币17,893,645.00元，甲方不迟于2026年12月25日支付；",
        "3．第三期：审定结算价的12%，即人民币21,472,374.00元，甲方于第二期付款期限届满之日起满六个月支付；",
        "缺陷责任期届满后乙方无未履行的缺陷修复义务的，甲方自缺陷责任期届满之日的次日起算第14日前，将质量保证金人民币"
        "5,368,093.50元（审定结算价的3%）无息返还乙方。",
        "1．乙方主张的原合同项下逾期付款利息人民币772,840.00元，经协商减半计算，即人民币386,420.00元，由甲方与第三期款项一并支付；",
        kind="bidding", amount="178936450.00") == [
        ("payment", "government", "17893645.00", {"date": "2026-12-25"}),
        ("payment", "government", "21472374.00", {"date": "2027-06-25"}),
        ("retention_return", "government", "5368093.50", {"date": "2027-09-10"}),
        ("payment", "government", "386420.00", {"date": "2027-06-25"})]


def test_the_governments_internal_sign_off_record_after_the_signatures_owes_nothing():
    table = TableBlock(header=["环节", "审核科室／人员", "意见", "日期"], rows=[
        ["经办科室", "疾病预防控制股", "同意", "2026年9月11日"],
        ["财务审核", "规划财务股", "同意", "2026年9月15日"]], page=3,
        intro="附：甲方合同审批会签记录（内部流转，不构成合同条款）")
    assert _document(table) == []
    assert _document(TableBlock(header=table.header, rows=table.rows, page=3, intro="")) == []


def test_milestones_written_as_lines_of_cells_between_bars_are_a_payment_table():
    intro = Clause("三.1 本合同设六个付款里程碑，每个里程碑按“编号｜事件｜应付款项｜付款时限”列示：", page=2)
    lines = Clause(
        "M1｜合同签订，承包人提交等额预付款保函｜预付款10%，计人民币1,735,000.00元｜自合同签订之日的次日起算第10个工作日前支付"
        "M3｜全部配套管网完成并闭水试验合格，计划达成日为2026年12月15日｜节点款20%，计人民币3,470,000.00元｜以计划达成日为起算日，"
        "不迟于计划达成日后的第十个工作日支付"
        "M6｜缺陷责任期（两年，自竣工验收合格之日起算）届满｜返还质量保证金，即审定结算价的3%，暂列人民币520,500.00元｜届满之日起"
        "7个工作日内无息返还", page=2)
    assert _document(intro, lines, kind="bidding", amount="17350000.00") == [
        ("payment", "government", "1735000.00", {"event": "signing", "offset": 10, "unit": "working_day"}),
        ("payment", "government", "3470000.00", {"date": "2026-12-29"}),  # ten working days after the 15th
        ("retention_return", "government", "520500.00", {"event": "warranty_end", "offset": 7, "unit": "working_day"})]


def test_a_school_years_instalments_fall_on_its_festivals_and_after_the_year_its_merged_label_ends():
    intro = ("（5-2）安保服务费按学年分三期支付：首期为该学年服务费的40%，于该学年开始当年的教师节前支付；二期为40%，"
             "于该学年内次年的“六一”儿童节前支付；末期为20%，于该学年结束之日的次日起算第20日前支付。各期金额如下（单位：元）：")
    table = TableBlock(header=["学年", "期次", "支付时点", "比例", "金额"], rows=[
        ["第一学年（2026.9.1—2027.8.31）", "首期", "2026年教师节前", "40%", "2,217,600.00"],
        ["", "二期", "2027年“六一”儿童节前", "40%", "2,217,600.00"],
        ["", "末期", "学年结束之日的次日起算第20日前", "20%", "1,108,800.00"],
        ["第二学年（2027.9.1—2028.8.31）", "末期", "学年结束之日的次日起算第20日前", "20%", "1,108,800.00"],
        ["合计", "", "", "", "6,654,400.00"]], page=2, intro=intro)
    assert _document(table, amount="11184000.00") == [
        ("payment", "government", "2217600.00", {"date": "2026-09-09"}),
        ("payment", "government", "2217600.00", {"date": "2027-05-31"}),
        ("payment", "government", "1108800.00", {"date": "2027-09-20"}),  # 1 September is the first day
        ("payment", "government", "1108800.00", {"date": "2028-09-20"})]


def test_a_service_term_given_by_its_school_years_ends_with_the_last_and_a_deposit_returned_by_the_agent_is_not_owed():
    assert _clauses(
        "（2-1）服务期为两个学年：第一学年自2026年9月1日至2027年8月31日，第二学年自2027年9月1日至2028年8月31日；",
        "（6-1）乙方已缴纳履约保证金人民币559,200.00元（合同总价的5%），甲方自服务期满之日起三十日内无息退还；",
        "（6-2）乙方的磋商保证金人民币2万元，已由采购代理机构广东正衡招标代理有限公司于2026年8月14日退还。",
        amount="11184000.00") == [("bond_return", "government", "559200.00", {"date": "2028-09-30"})]


def test_a_rent_subsidy_for_each_lease_year_falls_in_the_third_month_after_it_and_a_row_paying_nothing_is_ignored():
    intro = ("叁.2 补贴于每个租赁年度届满后的第三个月的15日前拨付。按厂房面积2.4万平方米、租金每月每平方米人民币14元计算，"
             "各租赁年度的补贴金额如下（单位：元）：")
    table = TableBlock(header=["租赁年度", "起止", "年度租金", "补贴比例", "补贴金额"], rows=[
        ["第一个租赁年度", "2026.9.1—2027.8.31", "4,032,000.00", "100%", "4,032,000.00"],
        ["第二个租赁年度", "2027.9.1—2028.8.31", "4,032,000.00", "60%", "2,419,200.00"],
        ["第四个租赁年度起", "—", "—", "—", "不再补贴"]], page=2, intro=intro)
    assert _document(table, kind="investment", amount="320000000.00") == [
        ("subsidy", "government", "4032000.00", {"date": "2027-11-15"}),
        ("subsidy", "government", "2419200.00", {"date": "2028-11-15"})]


def test_a_subsidy_under_its_title_is_granted_in_the_shares_the_clauses_after_it_pay():
    assert _investment(
        "[肆] 设备补助",
        "肆.1 按乙方智能化生产设备投资的8%给予补助，最高不超过人民币800万元；乙方承诺的智能化生产设备投资不低于人民币1.2亿元，"
        "补助按最高额人民币800万元兑现；",
        "肆.2 设备安装调试完毕并经甲方组织验收之日起满四十五日，兑现60%，即人民币480万元；",
        "肆.3 其余40%，即人民币320万元，于2028年端午节前兑现；") == [
        ("subsidy", "government", "4800000.00", {"event": "acceptance", "offset": 45, "unit": "day"}),
        ("subsidy", "government", "3200000.00", {"date": "2028-05-27"})]


def test_an_earnest_payment_for_entering_the_park_is_a_deposit_returned_unless_it_becomes_the_bond():
    assert _investment("伍.1 乙方于2026年6月缴纳的入园意向金人民币20万元，甲方自本协议签订之日起第3个工作日退还；") == [
        ("deposit_return", "government", "200000.00", {"event": "signing", "offset": 3, "unit": "working_day"})]
    assert _investment("乙方已缴纳的诚意金人民币200万元转为履约保证金，项目投产之日起30日内甲方无息退还。") == [
        ("bond_return", "government", "2000000.00", {"event": "production_start", "offset": 30, "unit": "day"})]


def test_the_last_working_day_before_a_seasons_start_given_in_brackets_is_the_due_day():
    # 15 April 2027 is a Thursday
    assert _clauses("丙4 第三笔（泵站安装款）：两座泵站机组安装完毕并试抽水合格，20%，人民币5,490,000.00元，于2027年前汛期开始之日"
                    "（4月15日）之前的最后一个工作日前支付；", kind="bidding", amount="27450000.00") == [
        ("payment", "government", "5490000.00", {"date": "2027-04-14"})]


def test_retention_returned_after_a_defects_period_fixed_to_end_on_a_day_is_due_that_many_days_after_it():
    assert _clauses("丙7 第六笔（质量保证金）：审定结算价的3%，暂列人民币823,500.00元。本工程缺陷责任期为完工验收合格后的两个完整"
                    "汛期，固定至2029年10月15日届满；发包人于届满之日起14个日历天内无息返还。",
                    kind="bidding", amount="27450000.00") == [
        ("retention_return", "government", "823500.00", {"date": "2029-10-29"})]


def test_a_row_due_days_after_an_earlier_rows_deadline_and_a_retention_row_due_after_its_period():
    table = TableBlock(header=["笔次", "支付条件", "比例", "金额（元）", "支付时间"], rows=[
        ["第二笔", "专项用于春节前农民工工资支付", "10%", "1,568,000.00", "2027年1月14日前"],
        ["第三笔", "5处边坡治理工程完成并经监理人验收", "20%", "3,136,000.00", "第二笔付款期限届满之日起满九十日"],
        ["第六笔", "缺陷责任期（竣工验收合格之日起24个月）届满，返还质量保证金", "3%", "470,400.00", "届满之日起28日内"]],
        page=2, intro="丁1 工程款按下表支付：")
    assert _document(Clause("〈2〉发包人于2026年10月31日前完成搬迁后移交该梯道作业面；", page=1), table,
                     kind="bidding", amount="15680000.00") == [
        ("land", "government", None, {"date": "2026-10-31"}),
        ("payment", "government", "1568000.00", {"date": "2027-01-14"}),
        ("payment", "government", "3136000.00", {"date": "2027-04-14"}),
        ("retention_return", "government", "470400.00", {"event": "warranty_end", "offset": 28, "unit": "day"})]


def test_instalment_columns_headed_by_a_time_in_brackets_fall_on_it_or_on_the_day_the_intro_gives_it():
    intro = ("四-2 每个年度的可用性付费分两次各支付一半：第一次于当年第二季度的季中月（5月）15日前支付；第二次于当年重阳节"
             "（农历九月初九，本市“敬老日”）前支付（金额单位：万元）：")
    table = TableBlock(header=["年度", "年度可用性付费", "第一次（季中月15日前）", "第二次（重阳节前）"], rows=[
        ["2027年度", "1,080.00", "540.00", "540.00"],
        ["2028年度", "1,080.00", "540.00", "540.00"],
        ["2030年度起", "按中期评估结果确定", "—", "—"]], page=2, intro=intro)
    assert _document(table, kind="ppp", amount="128000000.00") == [
        ("payment", "government", "5400000.00", {"date": "2027-05-15"}),
        ("payment", "government", "5400000.00", {"date": "2027-10-07"}),  # 重阳 2027 is 8 October
        ("payment", "government", "5400000.00", {"date": "2028-05-15"}),
        ("payment", "government", "5400000.00", {"date": "2028-10-25"})]


def test_a_time_that_is_whichever_comes_first_of_an_event_and_a_day_is_bounded_by_the_day():
    assert _clauses("（A）建设期补助：省级旅游发展专项资金人民币600万元，甲方于游客服务中心竣工验收合格之日起60日内或2027年6月30日前"
                    "拨付，以两者中较早者为准。", kind="ppp", amount="54000000.00") == [
        ("subsidy", "government", "6000000.00", {"date": "2027-06-30"})]
    # without 较早者 the event's time stands (the fixed day may be a floor, or the other party's)
    assert _clauses("（A）建设期补助：省级旅游发展专项资金人民币600万元，甲方于游客服务中心竣工验收合格之日起60日内拨付。",
                    kind="ppp", amount="54000000.00") == [
        ("subsidy", "government", "6000000.00", {"event": "completion", "offset": 60, "unit": "day"})]


def test_a_date_split_over_year_month_and_day_columns_and_a_time_in_a_rows_note_are_read():
    table = TableBlock(header=["序", "款项", "占合同总价", "金额", "年", "月", "日", "说明"], rows=[
        ["1", "预付款", "四分之一", "1,092,000.00", "2026", "09", "18", "合同签订，乙方提交等额预付款保函"],
        ["2", "到货款", "五分之二", "1,747,200.00", "2026", "11", "20", "全部设备运抵并经开箱验收合格"],
        ["3", "初验款", "五分之一", "873,600.00", "2026", "12", "冬至前", "全部设备安装完毕，初验合格"],
        ["4", "汛后考核款", "十分之一", "436,800.00", "—", "—", "—", "汛后考核合格；于第2项付款期限届满之日起满十一个月支付"],
        ["5", "质保金", "二十分之一", "218,400.00", "—", "—", "—", "质保期（自初验合格之日起两年）届满，于届满之日起十五个工作日内支付"],
        ["合计", "", "全部", "4,368,000.00", "", "", "", ""]], page=2, intro="ａ）付款安排如下表：")
    assert _document(table, amount="4368000.00") == [
        ("payment", "government", "1092000.00", {"date": "2026-09-18"}),
        ("payment", "government", "1747200.00", {"date": "2026-11-20"}),
        ("payment", "government", "873600.00", {"date": "2026-12-21"}),  # 冬至 2026 is 22 December
        ("payment", "government", "436800.00", {"date": "2027-10-20"}),
        # (支付, not 返还: a payment of the retained part)
        ("payment", "government", "218400.00", {"event": "warranty_end", "offset": 15, "unit": "working_day"})]


def test_approval_papers_and_rack_space_the_government_arranges_by_a_day_are_its_duties():
    assert _clauses("ｂ）立杆点位涉及的临时用地，甲方于2026年秋分前取得各乡镇人民政府的批准文件；",
                    "ｃ）甲方于2026年9月30日前在市水土保持监测中心机房为平台分配机柜位置及政务外网接口；") == [
        ("approval", "government", None, {"date": "2026-09-22"}),
        ("other", "government", None, {"date": "2026-09-30"})]


def test_each_instalment_beside_its_time_falls_on_it_counted_from_the_end_of_the_rows_heating_period():
    intro = "第拾壹条 每个采暖季的服务费分两期支付：第一期为该采暖季服务费的45%，于该采暖季的冬至前支付；各期金额如下（单位：元）："
    table = TableBlock(header=["采暖季", "采暖期", "服务费", "第一期（45%）", "第一期时限", "第二期（55%）", "第二期时限"], rows=[
        ["2026—2027采暖季", "2026年立冬至2027年清明节的前一日", "2,860,000.00", "1,287,000.00", "2026年冬至前", "1,573,000.00",
         "采暖期结束之日起满三十日"]], page=2, intro=intro)
    assert _document(table, amount="6036000.00") == [
        ("payment", "government", "1287000.00", {"date": "2026-12-21"}),
        ("payment", "government", "1573000.00", {"date": "2027-05-04"})]  # 清明 2027 is 5 April


def test_a_time_bounded_in_the_next_sentence_by_an_earlier_day_is_that_day():
    assert _clauses("第拾条 开季检修及调试费：经甲方验收合格后，甲方于验收合格之日起第十个工作日前支付人民币316,000.00元；"
                    "该期限与“2026年立冬前”两者以较早者为准。", amount="6036000.00") == [
        ("payment", "government", "316000.00", {"date": "2026-11-06"})]


def test_a_header_of_instalment_shares_and_their_times_is_a_header():
    from parsers.clauses import looks_like_header

    assert looks_like_header(["采暖季", "采暖期", "服务费", "第一期（45%）", "第一期时限", "第二期（55%）", "第二期时限"])
    assert not looks_like_header(["2026—2027采暖季", "2026年立冬至2027年清明节的前一日", "2,860,000.00", "1,287,000.00"])


def test_a_calendar_of_each_sides_duties_by_time_owes_the_governments_cells_by_the_rows_time():
    table = TableBlock(header=["时间", "发包人应办事项", "承包人应办事项"], rows=[
        ["合同签订之日起10个工作日内", "支付预付款15%，计2,844,000.00", "提交等额预付款保函"],
        ["2026年7月10日前", "移交K0+000—K22+500段施工场地", "完成进场及驻地建设"],
        ["2026年8月20日前", "—", "完成K22+500—K38+400段施工便道"],
        ["2027年复工之日（5月1日）起满二十日", "支付复工款10%，计1,896,000.00", "提交复工报告"]], page=1, intro="ⅰ-2 履约日历：")
    owed = _document(table, kind="bidding", amount="18960000.00")
    assert ("other", "counterparty", None, {"date": "2026-08-20"}) in owed  # the contractor's cells are its own
    assert [ob for ob in owed if ob[1] == "government"] == [
        ("payment", "government", "2844000.00", {"event": "signing", "offset": 10, "unit": "working_day"}),
        ("land", "government", None, {"date": "2026-07-10"}),
        ("payment", "government", "1896000.00", {"date": "2027-05-21"})]


def test_a_years_advance_and_settlement_columns_fall_on_the_days_the_intro_and_a_defined_day_give():
    intro = ("第5段 学校、卫生院等公益用户免费供氧，甲方按下表给予公益供氧定额补贴。每个年度的补贴分两次支付：预拨60%，于当年2月的"
             "最后一日前支付；其余40%经年度考核合格后，于当年年终清算日（含当日）前支付。本协议所称“年终清算日”，指每个公历年度的"
             "12月20日。2030年度起的补贴按成本监审结果另行核定（金额单位：万元）：")
    table = TableBlock(header=["年度", "定额补贴", "预拨（60%）", "清算（40%）"], rows=[
        ["2027年度", "186.00", "111.60", "74.40"],
        ["2028年度", "192.00", "115.20", "76.80"],
        ["2030年度起", "另行核定", "—", "—"]], page=2, intro=intro)
    assert _document(Clause(intro, page=2), table, kind="ppp", amount="86500000.00") == [
        ("subsidy", "government", "1116000.00", {"date": "2027-02-28"}),
        ("subsidy", "government", "744000.00", {"date": "2027-12-20"}),
        ("subsidy", "government", "1152000.00", {"date": "2028-02-29"}),
        ("subsidy", "government", "768000.00", {"date": "2028-12-20"})]


def test_a_later_clause_changing_table_rows_replaces_what_they_owe():
    table = TableBlock(header=["次序", "付款条件", "比例", "金额（元）", "付款期限"], rows=[
        ["第三次", "主体修缮完成", "20%", "5,368,000.00", "2027年4月30日前"],
        ["第四次", "竣工验收合格，累计支付至签约合同价的75%", "35%", "9,394,000.00", "2027年10月31日前"]], page=2,
        intro="〔3.1〕工程款按下表支付：")
    assert _document(
        table, Clause("〔3.2〕对〔3.1〕的修正（经双方合同谈判确认，本款优先于上表适用）：", page=2),
        Clause("（1）第三次付款比例由20%调整为15%，金额相应调整为人民币4,026,000.00元，付款期限由“2027年4月30日前”调整为"
               "“2027年5月20日前”；", page=2),
        Clause("（2）第三次调减的5%并入第四次，第四次付款比例调整为40%，金额调整为人民币10,736,000.00元，累计支付比例仍为75%，"
               "付款期限不变。", page=2),
        kind="bidding", amount="26840000.00") == [
        ("payment", "government", "4026000.00", {"date": "2027-05-20"}),
        ("payment", "government", "10736000.00", {"date": "2027-10-31"})]


def test_courtyards_handed_over_once_vacated_are_land():
    assert _clauses("〔2.2〕第一批（二道街、米粮巷、鼓楼巷）窑院完成腾退后，发包人于2026年7月10日前移交承包人；",
                    kind="bidding", amount="26840000.00") == [("land", "government", None, {"date": "2026-07-10"})]


def test_instalments_of_a_subsidy_sized_as_shares_of_its_sum_the_same_again_and_the_balance():
    assert _signed(
        date(2026, 7, 16),
        "1丶甲方于本协议签订之日的次月首个工作日，向乙方提供开发区企业服务中心办公用房300平方米作为项目筹建处；",
        "1丶设备购置补助：按一期生产设备投资的8%给予补助，最高不超过人民币3,600万元。乙方承诺的一期生产设备投资不低于人民币"
        "4.5亿元，补助按人民币3,600万元分三期兑现：",
        "（1）第一期为补助总额的四分之一，于一期投产之日起满三个月兑现；",
        "（2）第二期与第一期金额相同，于一期投产之日起满十五个月兑现；",
        "（3）第三期为补助总额的余额，于二期投产之日起满三个月或二零三零年六月三十日前兑现，以两者中较早者为准。") == [
        ("other", "government", None, {"date": "2026-08-03"}),  # 1 August 2026 is a Saturday
        ("subsidy", "government", "9000000.00", {"event": "production_start", "offset": 3, "unit": "month"}),
        ("subsidy", "government", "9000000.00", {"event": "production_start", "offset": 15, "unit": "month"}),
        ("subsidy", "government", "18000000.00", {"date": "2030-06-30"})]


def test_month_and_day_cells_under_a_year_label_row_are_days_of_that_year():
    intro = "Ｃ１ 工程款按下表分年度列示，“截止月日”栏所列月日的年份以其所在的年度行为准："
    table = TableBlock(header=["年度／款项", "付款条件", "占比", "金额（元）", "截止月日"], rows=[
        ["2026年", "", "", "", ""],
        ["预付款", "合同签订，承包人提交等额预付款保函", "10%", "3,168,000.00", "签约后第21日"],
        ["封冻前节点款", "堤身填筑完成并经监理人验收", "20%", "6,336,000.00", "11月20日"],
        ["2027年", "", "", "", ""],
        ["开河复工款", "封冻期结束，承包人复工", "15%", "4,752,000.00", "清明节前"],
        ["按事件起算", "", "", "", ""],
        ["结算款", "竣工结算经审计", "17%", "5,385,600.00", "审计报告出具之日起满三十日"]], page=2, intro=intro)
    assert _document(table, kind="bidding", amount="31680000.00") == [
        ("payment", "government", "3168000.00", {"event": "signing", "offset": 21, "unit": "day"}),
        ("payment", "government", "6336000.00", {"date": "2026-11-20"}),
        ("payment", "government", "4752000.00", {"date": "2027-04-04"}),
        ("payment", "government", "5385600.00", {"event": "settlement", "offset": 30, "unit": "day"})]


def test_a_rent_subsidy_paid_in_the_last_month_of_each_lease_year_falls_at_its_end():
    intro = "第3.1目 租金补贴：第一个租赁年度按乙方实缴租金的100%补贴；补贴于该租赁年度的最后一个月内兑现。补贴金额如下（单位：元）："
    table = TableBlock(header=["租赁年度", "起止", "年租金", "补贴比例", "补贴金额"], rows=[
        ["第一个租赁年度", "2026.12.1—2027.11.30", "1,152,000.00", "100%", "1,152,000.00"]], page=2, intro=intro)
    assert _document(table, kind="investment", amount="300000000.00") == [
        ("subsidy", "government", "1152000.00", {"date": "2027-11-30"})]


def test_a_share_of_the_bond_returned_is_the_sum_after_its_comma_and_a_subsidy_after_the_investors_promise_is_owed():
    assert _investment(
        "（Ⅳ-1）乙方于本合同签订之日起10个工作日内缴纳履约保证金人民币500万元；",
        "（Ⅳ-2）一期投产之日起满十二个月，甲方退还履约保证金的百分之六十，即人民币300万元；其余人民币200万元，于2029年6月30号前退还。",
        "（Ⅲ-1）固定资产投资补助：按一期固定资产投资的10%给予补助，以人民币3,000万元为限。乙方承诺一期固定资产投资不低于人民币3亿元，"
        "补助按人民币3,000万元兑现：一期投产之日起满六个月兑现百分之六十，即人民币1,800万元；其余百分之四十，即人民币1,200万元，"
        "于2028年冬至前兑现。",
        "（Ⅱ-1）甲方于2026年国庆节假期前的最后一个工作日，向乙方提供县城临时办公及员工周转用房；")[1:] == [
        ("bond_return", "government", "3000000.00", {"event": "production_start", "offset": 12, "unit": "month"}),
        ("bond_return", "government", "2000000.00", {"date": "2029-06-30"}),
        ("subsidy", "government", "18000000.00", {"event": "production_start", "offset": 6, "unit": "month"}),
        ("subsidy", "government", "12000000.00", {"date": "2028-12-20"}),
        ("other", "government", None, {"date": "2026-09-30"})]


def test_working_days_after_a_festivals_holiday_and_the_start_of_a_named_period_are_days():
    # 国庆 2026 is 1–7 October and Saturday 10 October a 调休 working day: the third working day after is the 10th
    assert _clauses("No.2.2 本县2026—2027学年第一学期于2027年1月15日结束，寒假自2027年1月16日开始。",
                    "No.4.1 第一笔（预付款）：合同总价的百分之十二点五，即人民币456,000.00元，甲方于2026年国庆节假期后的第三个工作日支付；",
                    "No.4.3 第三笔（验收款）：人民币912,000.00元；全部设备经甲方验收合格后，甲方于寒假开始之日（含当日）前支付；",
                    amount="3648000.00") == [
        ("payment", "government", "456000.00", {"date": "2026-10-10"}),
        ("payment", "government", "912000.00", {"date": "2027-01-16"})]


def test_a_yearly_reward_due_the_next_year_is_owed_for_each_year_the_clause_then_lists():
    assert _investment("第3.3目 巾帼就业奖励：乙方年度吸纳本县女性就业人数达到200人的，甲方给予定额奖励人民币30万元，于次年“三八”"
                       "国际妇女节前兑现；本目执行2027、2028两个年度；") == [
        ("subsidy", "government", "300000.00", {"date": "2028-03-07"}),
        ("subsidy", "government", "300000.00", {"date": "2029-03-07"})]
    assert _investment("甲方给予定额奖励人民币30万元，于次年6月30日前兑现；本条适用于2027年度至2029年度。") == [
        ("subsidy", "government", "300000.00", {"date": d}) for d in ("2028-06-30", "2029-06-30", "2030-06-30")]


def test_a_second_batch_paid_months_after_the_firsts_deadline_and_a_goods_warranty_retention_paid_in_halves():
    assert _clauses(
        "[D.2] 第一批到货款：第一批货款的50%，计人民币1,812,000.00元，甲方于2026年8月21日前支付；",
        "[D.3] 第二批到货款：第二批货款的50%，计人民币1,359,000.00元，甲方于第一批到货款付款期限届满之日起满两个月支付；",
        "[D.5] 质保金：合同总价的10%，计人民币728,000.00元，分两次返还。质保期两年，自终验合格之日起算；质保期届满之日起30日内，"
        "甲方返还合同总价的5%，计人民币364,000.00元；质保期届满之日起满十二个月且无未处理完毕的质量问题的，甲方返还其余5%，"
        "计人民币364,000.00元。", amount="7280000.00") == [
        ("payment", "government", "1812000.00", {"date": "2026-08-21"}),
        ("payment", "government", "1359000.00", {"date": "2026-10-21"}),
        # (a procurement contract's 质保金 is part of the price: its return is the last payment)
        ("payment", "government", "364000.00", {"event": "warranty_end", "offset": 30, "unit": "day"}),
        ("payment", "government", "364000.00", {"event": "warranty_end", "offset": 12, "unit": "month"})]


def test_rows_counted_from_an_order_issued_on_a_stated_day_and_from_named_days_with_their_dates_in_brackets():
    works = Clause("Ⅰ-3 开工令定于2026年7月20日下达，2027年9月30日前交工。每年11月1日至次年3月31日为冬歇期，计划于2027年4月1日复工。",
                   page=1)
    table = TableBlock(header=["次序", "支付节点", "本次比例", "累计比例", "本次金额（元）", "支付期限"], rows=[
        ["1", "预付款：开工令下达", "10%", "10%", "3,860,000.00", "开工令下达之日起14个日历天内"],
        ["2", "冬歇前节点：路基工程完成", "20%", "30%", "7,720,000.00", "2026年冬歇期开始之日（11月1日）前第10日"],
        ["3", "复工款：冬歇期结束，承包人复工", "15%", "45%", "5,790,000.00", "以复工之日（2027年4月1日）为第1日，第20日（含当日）前"]],
        page=2, intro="Ⅱ-1 工程款按下表支付：")
    assert _document(works, table, kind="bidding", amount="38600000.00") == [
        ("payment", "government", "3860000.00", {"date": "2026-08-03"}),
        ("payment", "government", "7720000.00", {"date": "2026-10-22"}),
        ("payment", "government", "5790000.00", {"date": "2027-04-20"})]


def test_days_counted_from_a_yearly_season_a_solar_term_and_a_weekday_around_a_day():
    # 春分 2026 is Friday 20 March; the 防雹作业期 runs 1 May – 30 September; 30 September 2026 is a Wednesday
    assert _clauses(
        "＃2-1 本县防雹作业期为每年5月1日至9月30日；",
        "＃4-1 预付款：合同总价的20%，计人民币792,000.00元，于2026年春分之后的第一个工作日支付；",
        "＃4-2 作业期考核款：人民币1,188,000.00元，于2026年防雹作业期结束之日后的第三个星期三支付；",
        "＃4-3 质保金：人民币396,000.00元，于2028年防雹作业期结束之日起满六十日支付；",
        "＃5-2 乙方投标时提交的样机押金人民币20,000.00元，甲方于2026年防雹作业期开始之日（5月1日）的前一日退还；",
        amount="3960000.00") == [
        ("payment", "government", "792000.00", {"date": "2026-03-23"}),
        ("payment", "government", "1188000.00", {"date": "2026-10-21"}),
        ("payment", "government", "396000.00", {"date": "2028-11-29"}),
        ("deposit_return", "government", "20000.00", {"date": "2026-04-30"})]


def test_the_day_after_a_season_the_last_friday_before_it_and_the_first_solar_term_after_the_signing():
    assert _signed(
        date(2026, 4, 8),
        "（三）本县采收期为每年9月1日至10月15日；本县高粱收获期为每年9月25日至10月25日。",
        "一是葡萄基地3,000亩的土地经营权流转，甲方于本协议签订之日后的第一个谷雨前组织完成并交付乙方；",
        "二是酒庄建设用地约120亩，甲方于2026年采收期开始之日前的最后一个星期五交付净地；",
        "三是项目用地约210亩，甲方于2026年高粱收获期结束之日的次日交付净地；") == [
        ("land", "government", None, {"date": "2026-04-19"}),  # 谷雨 2026 is 20 April
        ("land", "government", None, {"date": "2026-08-28"}),  # 1 September 2026 is a Tuesday
        ("land", "government", None, {"date": "2026-10-26"})]


def test_a_capped_subsidy_paid_in_halves_and_rewards_due_the_first_monday_after_the_tax_settlement():
    intro = "第十条 纳税贡献奖励：甲方按下表给予奖励，于次年企业所得税汇算清缴结束（5月31日）后的第一个星期一兑现（金额单位：万元）："
    table = TableBlock(header=["纳税年度", "入库税收门槛", "奖励金额（万元）", "兑现时间"], rows=[
        ["2027年度", "1,500", "200", "2028年汇算清缴结束后的第一个星期一"]], page=2, intro=intro)
    assert _document(
        Clause("第九条 设备购置补助：按一期生产设备投资的6%给予补助，以人民币1,500万元为限。乙方承诺一期生产设备投资不低于人民币"
               "2.8亿元，按6%计为人民币1,680万元，超过限额，补助按人民币1,500万元确定，分两次兑现：一期投产之日起满六个月兑现一半；"
               "另一半于2029年夏粮收购开秤之日的前一日兑现。本市夏粮收购开秤之日为每年6月1日。", page=1),
        Clause(intro, page=2), table, kind="investment") == [
        ("subsidy", "government", "7500000.00", {"event": "production_start", "offset": 6, "unit": "month"}),
        ("subsidy", "government", "7500000.00", {"date": "2029-05-31"}),
        ("subsidy", "government", "2000000.00", {"date": "2028-06-05"})]  # 31 May 2028 is a Wednesday


def test_a_subsidys_first_instalment_or_the_sum_it_pays_is_its_amount_not_the_grant():
    assert _clauses("〔丙〕一 建设期补助：省级农产品产地冷藏保鲜设施建设资金人民币600万元，甲方于2026年中国农民丰收节前拨付人民币400万元；"
                    "其余人民币200万元于烘干中心竣工验收合格之日起满四十日拨付。",
                    "(i) 自治区专项资金人民币2,400万元作为建设期补助，首批人民币1,200万元于2026年小暑前拨付；", kind="ppp") == [
        ("subsidy", "government", "4000000.00", {"date": "2026-09-22"}),
        ("subsidy", "government", "2000000.00", {"event": "completion", "offset": 40, "unit": "day"}),
        ("subsidy", "government", "12000000.00", {"date": "2026-07-06"})]


def test_payments_on_a_weekday_of_a_yearly_events_week_or_of_the_month_after_it():
    # 20 April 2027 (开机上水) is a Tuesday; December 2027's second Thursday is the 9th
    assert _clauses(
        "一・3 本灌区每年4月20日开机上水，11月25日停机；停机后至次年开机前为停机检修期。",
        "三・4 第三次（安装款）：人民币7,974,000.00元，于2027年开机上水之日所在周的星期一支付；",
        "三・5 第四次（灌溉季考核款）：人民币3,987,000.00元，于2027年停机之日的次月第二个星期四支付；",
        "二・1 泵站施工场地，发包人于2026年停机之日的次日移交承包人；", kind="bidding", amount="26580000.00") == [
        ("payment", "government", "7974000.00", {"date": "2027-04-19"}),
        ("payment", "government", "3987000.00", {"date": "2027-12-09"}),
        ("land", "government", None, {"date": "2026-11-26"})]


def test_a_yearly_season_dates_both_the_eve_of_its_start_and_its_first_and_last_days_however_it_was_defined():
    # defined 冬灌期每年11月10日至12月20日 (name first) or 每年7月16日至8月15日为主汛期 (name last)
    assert _clauses("本灌区灌溉期为：冬灌期每年11月10日至12月20日；每年7月16日至8月15日为主汛期。",
                    "发包人于2026年冬灌期开始前完成二干渠的清淤；",
                    "发包人于2026年主汛期结束之日起15日内支付度汛款人民币50万元。",
                    kind="bidding", amount="20000000.00") == [
        ("other", "government", None, {"date": "2026-11-09"}),
        ("payment", "government", "500000.00", {"date": "2026-08-30"})]


def test_a_terms_instalments_fall_by_its_teaching_weeks_and_its_end_as_the_table_of_terms_dates_them():
    # the first term starts on Monday 7 September 2026, the second on Wednesday 24 February 2027 (its first teaching
    # week began on the Monday before): the Wednesday of the sixth week is 14 October and 31 March
    intro = "各学期起止及应付金额如下（单位：元）："
    table = TableBlock(["学期", "开学之日", "学期结束之日", "服务费", "首付款（50%）", "尾款（50%）"], [
        ["2026年秋季学期", "2026年9月7日", "2027年1月15日", "300,000.00", "150,000.00", "150,000.00"],
        ["2027年春季学期", "2027年2月24日", "2027年7月2日", "260,000.00", "130,000.00", "130,000.00"],
        ["合计", "", "", "560,000.00", "280,000.00", "280,000.00"]], page=2, intro=intro)
    assert _document(
        Clause("5.2 校车服务费按学期分两次支付：首付款为该学期服务费的50%，于该学期第六教学周的星期三前支付；尾款于该学期"
               "结束之日起满十五日支付。", page=2),
        Clause(intro, page=2), table,
        Clause("6.1 履约保证金人民币28,000元，甲方于最后一个学期结束之日起满三十日无息退还。", page=2),
        amount="560000.00") == [
        ("payment", "government", "150000.00", {"date": "2026-10-14"}),
        ("payment", "government", "150000.00", {"date": "2027-01-30"}),
        ("payment", "government", "130000.00", {"date": "2027-03-31"}),
        ("payment", "government", "130000.00", {"date": "2027-07-17"}),
        ("bond_return", "government", "28000.00", {"date": "2027-08-01"})]


def test_a_cross_table_of_sites_owes_each_sites_handover_and_payment_counted_from_its_corrected_planned_day():
    intro = "进场款按标段分别支付，对照表如下（金额单位：元）："
    table = TableBlock(["项目＼标段", "一标段", "二标段"], [
        ["标段价款", "3,000,000.00", "2,000,000.00"],
        ["计划进场日", "2026年7月10日", "2026年8月3日"],
        ["施工场地移交（甲方）", "计划进场日前五日", "计划进场日前五日"],
        ["进场款（标段价款的30%）", "900,000.00", "600,000.00"],
        ["进场款最迟支付日", "计划进场日后第10日", "计划进场日后第10日"]], page=1, intro=intro)
    assert _document(
        Clause(intro, page=1), table,
        Clause("4.3 对上表的更正：二标段“计划进场日”由“2026年8月3日”更正为“2026年8月17日”，其余按更正后的日期计算。", page=1),
        kind="bidding", amount="5000000.00") == [
        ("land", "government", None, {"date": "2026-07-05"}),
        ("payment", "government", "900000.00", {"date": "2026-07-20"}),
        ("land", "government", None, {"date": "2026-08-12"}),
        ("payment", "government", "600000.00", {"date": "2026-08-27"})]


def test_payments_dated_by_a_yearly_season_of_the_sentences_year_or_holding_the_warranty_end_and_a_bond_returned_with_one():
    assert _clauses(
        "2.1 本县秋季收购期为每年10月15日至次年2月28日。",
        "5.2 验收款：设备经2026年试运行并验收合格后，本期计人民币500,000.00元，甲方于秋季收购期开始之日起满二十日支付。",
        "5.3 质保金：合同总价的5%，计人民币100,000.00元。质保期自2026年12月1日起至2027年11月30日止；",
        "质保期届满无质量问题的，甲方至迟于质保期届满之日所在秋季收购期的最后一日支付。",
        "6.1 乙方已缴纳履约保证金人民币60,000.00元，甲方与验收款同期无息退还。",
        amount="2000000.00") == [
        ("payment", "government", "500000.00", {"date": "2026-11-04"}),
        ("payment", "government", "100000.00", {"date": "2028-02-28"}),
        ("bond_return", "government", "60000.00", {"date": "2026-11-04"})]


def test_the_lower_part_changes_an_article_of_the_upper_part_and_its_rules_pay_a_table_of_years():
    intro = "2.1 2028—2030年度的可用性付费如下表（金额单位：万元）："
    table = TableBlock(["运营年度", "基数", "调价系数", "年度可用性付费"], [
        ["2028年度（7月1日—12月31日）", "800.00", "0.50", "400.00"],
        ["2029年度", "800.00", "1.02", "816.00"],
        ["2030年度", "800.00", "1.04", "832.00"]], page=2, intro=intro)
    assert _document(
        Clause("第九条 乙方已提交建设期履约保函人民币1,000万元，甲方于进入运营期之日起满六个月退还保函原件。", page=1),
        Clause("下编 专用条件", page=2),
        Clause(intro, page=2), table,
        Clause("第十四条 （付费时间）（一）首个运营年度的可用性付费，于当年国库年终集中支付截止日一次性支付；", page=2),
        Clause("（二）其后各运营年度的可用性付费分两次各支付一半：第一次于市人民代表大会批准当年预算之日起满三十日支付，且不迟于"
               "当年4月30日；第二次于当年国库年终集中支付截止日支付；", page=2),
        Clause("（三）本合同所称“国库年终集中支付截止日”，指每年12月20日。", page=2),
        Clause("第十五条 （保函）上编第九条中的“满六个月”修改为“满三个月”，即甲方于进入运营期之日起满三个月退还保函原件。", page=2),
        kind="ppp") == [
        ("payment", "government", "4000000.00", {"date": "2028-12-20"}),
        ("payment", "government", "4080000.00", {"date": "2029-04-30"}),
        ("payment", "government", "4080000.00", {"date": "2029-12-20"}),
        ("payment", "government", "4160000.00", {"date": "2030-04-30"}),
        ("payment", "government", "4160000.00", {"date": "2030-12-20"}),
        ("bond_return", "government", "10000000.00", {"event": "operation_start", "offset": 3, "unit": "month"})]


def test_land_under_a_short_title_or_a_lead_and_a_rows_time_a_later_exchange_of_letters_sets():
    intro = "4.1 工程款按下表支付（金额单位：元）："
    table = TableBlock(["笔次", "付款节点", "金额", "付款期限"], [
        ["1", "合同签订", "1,000,000.00", "合同签订之日起14日内"],
        ["2", "主体完工", "3,000,000.00", "二期渠道放水之日的次月末"]], page=1, intro=intro)
    assert _document(
        Clause("〇三　发包人的义务", page=1),
        Clause("〇三・〇二　施工场地分三段移交：一段于2026年9月1日移交；二段于2026年10月15日移交；三段于2026年12月1日移交；",
               page=1),
        Clause("〇四　工程款支付", page=1),
        Clause(intro, page=1), table,
        Clause("4.2 对上表第2笔付款期限的修改：经双方换文确认，第2笔付款期限由“二期渠道放水之日的次月末”提前为“2027年5月31日”；"
               "第2笔的金额不变。", page=1),
        kind="bidding", amount="4000000.00") == [
        ("land", "government", None, {"date": "2026-09-01"}),
        ("land", "government", None, {"date": "2026-10-15"}),
        ("land", "government", None, {"date": "2026-12-01"}),
        ("payment", "government", "1000000.00", {"event": "signing", "offset": 14, "unit": "day"}),
        ("payment", "government", "3000000.00", {"date": "2027-05-31"})]


def test_a_table_with_a_column_per_year_pays_each_half_on_the_day_its_clause_gives_in_that_year_but_not_a_voided_year():
    # the last Thursday of May 2027 and 2028 is the 27th and the 25th; the first Wednesday of November the 3rd and the 1st
    intro = "(ii) 2027—2029年度的付费明细如下（金额单位：万元）："
    table = TableBlock(["付费项目", "2027年度", "2028年度", "2029年度"], [
        ["年度可用性付费", "1,000.00", "1,000.00", "1,050.00"],
        ["上半年部分（30%）", "300.00", "300.00", "315.00"],
        ["下半年部分（70%）", "700.00", "700.00", "735.00"]], page=1, intro=intro)
    assert _document(
        Clause("(i) 运营期内甲方向乙方支付可用性付费，每个年度分两部分：上半年部分为年度可用性付费的30%，于当年5月的最后一个星期四前"
               "支付；下半年部分为70%，于当年11月的第一个星期三前支付。", page=1),
        Clause(intro, page=1), table,
        Clause("第七章 补充约定 第四章(ii)表中2029年度各项数额仅为测算数，不作为付费依据。", page=1),
        kind="ppp") == [
        ("payment", "government", "3000000.00", {"date": "2027-05-27"}),
        ("payment", "government", "7000000.00", {"date": "2027-11-03"}),
        ("payment", "government", "3000000.00", {"date": "2028-05-25"}),
        ("payment", "government", "7000000.00", {"date": "2028-11-01"})]


def test_a_year_table_with_a_column_per_quarter_under_a_spanning_header_pays_each_quarter_on_its_clauses_day():
    from parsers.clauses import build_blocks
    from parsers.pdf import PageText, Table

    # the last Thursdays of March, June and September 2027 are the 25th, the 24th and the 30th
    rows = [["运营年度", "年度可用性付费", "分季度支付", "", "", ""],
            ["", "", "第一季度", "第二季度", "第三季度", "第四季度"],
            ["2027年度", "2,000.00", "500.00", "500.00", "500.00", "500.00"],
            ["2028年度起", "按中期评估结果调整", "—", "—", "—", "—"]]
    lines = ["4.1 运营期内甲方按季度支付可用性付费：每季度的可用性付费于该季度末月的最后一个星期四前支付；但第四季度的可用性付费，"
             "于当年12月18日前支付。",
             "4.2 2027年度的可用性付费如下表（金额单位：万元）："]
    blocks = build_blocks([PageText(1, lines, [Table(rows, 2)])])
    assert blocks[-1].header == ["运营年度", "年度可用性付费", "分季度支付第一季度", "第二季度", "第三季度", "第四季度"]
    ex = extractor(None, kind="ppp")
    ex.learn([b for b in blocks if isinstance(b, Clause)])
    for block in blocks:
        ex.add_table(block) if isinstance(block, TableBlock) else ex.add_clause(block)
    assert [(o.kind, o.debtor, str(o.amount), o.due.as_json()) for o in ex.found] == [
        ("payment", "government", "5000000.00", {"date": d}) for d in ("2027-03-25", "2027-06-24", "2027-09-30", "2027-12-18")]


def test_a_working_day_of_a_quarters_last_month():
    assert _clauses("（三・1）中央财政专项资金人民币1,000万元作为建设期补助，于2026年第三季度最后一个月的第十个工作日拨付。",
                    kind="ppp") == [("subsidy", "government", "10000000.00", {"date": "2026-09-14"})]


def test_land_in_the_signing_month_a_subsidy_counted_from_that_clauses_time_and_an_approval_by_a_pre_review_opinion():
    # signed on 20 July 2026: the last working day of July is Friday the 31st
    assert _signed(date(2026, 7, 20),
                   "⑵・1　项目用地，甲方于本合同签订之日所在月份的最后一个工作日交付乙方；",
                   "⑵・2　甲方于2026年第四季度首月的第一个星期三前，取得修复区的用海预审意见；",
                   "⑶・1　建设期补助人民币2,000万元，于⑵・1约定的用地交付期限届满之日起满三十日拨付。", kind="ppp") == [
        ("land", "government", None, {"date": "2026-07-31"}),
        ("approval", "government", None, {"date": "2026-10-07"}),
        ("subsidy", "government", "20000000.00", {"date": "2026-08-30"})]


def test_a_table_of_years_pays_its_instalment_columns_by_the_seasons_rule_and_one_year_by_the_later_of_two_times():
    # 台风季 ends on 31 October: 20 days on is 20 November; the last Fridays before 1 June 2028 and 2029 are 26 and 25 May
    intro = "⑷・4 2027—2029年度的可用性付费如下表（金额单位：万元）："
    table = TableBlock(["运营年度", "年度可用性付费", "第一次", "第二次"], [
        ["2027年度（7月1日—12月31日）", "500.00", "500.00（一次支付）", "—"],
        ["2028年度", "1,000.00", "500.00", "500.00"],
        ["2029年度", "1,000.00", "500.00", "500.00"]], page=2, intro=intro)
    assert _document(
        Clause("⑴・3 本合同所称“台风季”，指每年6月1日至10月31日。", page=1),
        Clause("⑷・2 2027年度的可用性付费一次支付，于“2027年台风季结束之日起满二十日”与“2027年度绩效评价结果公布之日（本合同"
               "约定为2027年12月1日）起满十五日”两者中的较晚者支付。", page=2),
        Clause("⑷・3 2028年度起，每个年度的可用性付费分两次各支付一半：第一次于当年台风季开始之日（6月1日）前的最后一个星期五"
               "支付；第二次于当年台风季结束之日起满二十日支付。", page=2),
        Clause(intro, page=2), table, kind="ppp") == [
        ("payment", "government", "5000000.00", {"date": "2027-12-16"}),
        ("payment", "government", "5000000.00", {"date": "2028-05-26"}),
        ("payment", "government", "5000000.00", {"date": "2028-11-20"}),
        ("payment", "government", "5000000.00", {"date": "2029-05-25"}),
        ("payment", "government", "5000000.00", {"date": "2029-11-20"})]


def test_a_supplement_moves_a_handover_and_a_retention_and_a_row_counted_from_the_handover_moves_with_it():
    # the 采暖期 of 2026—2027 starts on 15 October 2026 (a Thursday): five working days before, counted back from the
    # 14th over the 调休 Saturday the 10th, is the 9th; it ends on 15 April 2027, in April, whose last day is the 30th
    intro = "丙・1 工程款按下表支付（金额单位：元）："
    table = TableBlock(["笔次", "付款节点", "金额", "付款期限"], [
        ["1", "B区管道基础完成", "2,000,000.00", "乙・2约定的B区场地移交期限届满之日起满四十五日"],
        ["2", "具备通热条件", "3,000,000.00", "2026—2027年采暖期开始之日前的第五个工作日"],
        ["3", "运行检验合格", "2,000,000.00", "2026—2027年采暖期结束之日所在月份的最后一日"],
        ["4", "缺陷责任期届满，返还质量保证金", "300,000.00", "缺陷责任期届满之日起满十四日"]], page=1, intro=intro)
    assert _document(
        Clause("甲・3 本市采暖期为每年10月15日至次年4月15日。", page=1),
        Clause("乙・1 A区施工场地，发包人于采暖期结束之日（2026年4月15日）的次日移交承包人；", page=1),
        Clause("乙・2 B区施工场地，发包人于2026年6月15日前移交承包人；", page=1),
        Clause(intro, page=1), table,
        Clause("丙・2 缺陷责任期自通热之日起算，至2028年4月15日届满。", page=1),
        Clause("丁・1 承包人已提交履约保函人民币1,000,000.00元；发包人于第3笔付款期限届满之日退还保函原件。", page=1),
        Clause("一、原合同乙・2约定的B区施工场地移交期限，由“2026年6月15日前”调整为“2026年7月31日前”。", page=2),
        Clause("二、原合同丙・1表中第4笔质量保证金的返还期限，由“缺陷责任期届满之日起满十四日”调整为“缺陷责任期届满之日起满"
               "二十八日”。", page=2),
        kind="bidding", amount="7300000.00") == [
        ("land", "government", None, {"date": "2026-04-16"}),
        ("payment", "government", "2000000.00", {"date": "2026-09-14"}),
        ("payment", "government", "3000000.00", {"date": "2026-10-09"}),
        ("payment", "government", "2000000.00", {"date": "2027-04-30"}),
        ("bond_return", "government", "1000000.00", {"date": "2027-04-30"}),
        ("land", "government", None, {"date": "2026-07-31"}),
        ("retention_return", "government", "300000.00", {"date": "2028-05-13"})]


def test_an_errata_table_after_the_signatures_corrects_a_sum_and_a_time_of_the_clauses_it_names():
    from parsers.clauses import apply_errata

    intro = "肆・二 年度服务费每个服务年度分两期支付，每期为该年度服务费的50%：第一期于该服务年度休渔期结束之日（8月16日）起满" \
            "十五日支付；第二期于该服务年度届满之日起满三十日支付。各期金额如下（单位：元）："
    blocks = apply_errata([
        Clause("叁・二 甲方于自2026年9月1日（含当日）起算的第五个工作日结束前办妥临时海域使用批准；", page=1),
        Clause("肆・一 浮标安装费：验收合格之日起20个工作日内，甲方支付人民币384,000.00元。", page=1),
        Clause(intro, page=1),
        TableBlock(["服务年度", "起止日期", "第一期（50%）", "第二期（50%）"], [
            ["第一个服务年度", "2026年7月1日—2027年6月30日", "500,000.00", "500,000.00"]], page=1, intro=intro),
        TableBlock(["序号", "位置", "原文", "更正为"], [
            ["1", "第肆・一条", "支付人民币384,000.00元", "支付人民币348,000.00元"],
            ["2", "第肆・二条第二期", "于该服务年度届满之日起满三十日支付", "于该服务年度届满之日起满二十日支付"]], page=2)])
    assert _document(*blocks) == [
        ("approval", "government", None, {"date": "2026-09-07"}),
        ("payment", "government", "348000.00", {"event": "acceptance", "offset": 20, "unit": "working_day"}),
        ("payment", "government", "500000.00", {"date": "2026-08-31"}),
        ("payment", "government", "500000.00", {"date": "2027-07-20"})]


def test_a_lease_years_subsidy_falls_at_the_end_of_the_quarter_after_the_year_and_a_capped_grant_in_halves():
    intro = "▲三・1 租金补贴：第一个租赁年度按实缴租金的100%补贴，第二个租赁年度按50%补贴，第三个租赁年度起不再补贴；补贴于该" \
            "租赁年度届满之日的次日所在季度的最后一日兑现。补贴金额如下（单位：元）："
    table = TableBlock(["租赁年度", "起止", "年租金", "补贴金额"], [
        ["第一个租赁年度", "2026年7月1日—2027年6月30日", "1,000,000.00", "1,000,000.00"],
        ["第二个租赁年度", "2027年7月1日—2028年6月30日", "1,000,000.00", "500,000.00"],
        ["第三个租赁年度起", "—", "—", "不再补贴"]], page=1, intro=intro)
    assert _document(
        Clause("▲二・1 乙方应于2026年6月12日前向甲方提交厂房装修方案；", page=1),
        Clause("▲二・2 甲方于▲二・1约定的方案提交期限届满之日后的第10个工作日前，完成方案审查并将标准厂房交付乙方；", page=1),
        Clause(intro, page=1), table,
        Clause("▲三・2 设备补助：按生产设备投资的8%给予补助，以人民币300万元为限，补助按人民币300万元确定：一期投产之日起满三个月"
               "兑现一半；其余一半于2028年12月20日前兑现（原谈判稿为“2029年6月30日前”，双方确认以本款为准）。", page=1),
        Clause("▲四・1 乙方于本协议签订之日起10个工作日内缴纳入园保证金人民币100万元；", page=1),
        Clause("▲四・2 一期投产之日起满十二个月，甲方无息退还人民币60万元；其余人民币40万元，于2029年3月的第一个星期一退还。",
               page=1), kind="investment") == [
        ("other", "counterparty", None, {"date": "2026-06-12"}),
        ("other", "government", None, {"date": "2026-06-29"}),
        ("subsidy", "government", "1000000.00", {"date": "2027-09-30"}),
        ("subsidy", "government", "500000.00", {"date": "2028-09-30"}),
        ("subsidy", "government", "1500000.00", {"event": "production_start", "offset": 3, "unit": "month"}),
        ("subsidy", "government", "1500000.00", {"date": "2028-12-20"}),
        ("other", "counterparty", None, {"event": "signing", "offset": 10, "unit": "working_day"}),
        ("bond_return", "government", "600000.00", {"event": "production_start", "offset": 12, "unit": "month"}),
        ("bond_return", "government", "400000.00", {"date": "2029-03-05"})]


def test_a_reward_graded_by_a_tier_table_is_the_tier_the_pledge_falls_in_paid_in_halves_with_the_bond_alongside():
    tiers = TableBlock(["档次", "一期固定资产投资额", "奖励金额"], [
        ["一档", "3亿元（含）至5亿元", "1,000万元"],
        ["二档", "5亿元（含）至8亿元", "2,000万元"],
        ["三档", "8亿元（含）以上", "3,000万元"]], page=1, intro="3・1 固定资产投资奖励按下表分档确定：")
    assert _document(
        Clause("3・1 固定资产投资奖励按下表分档确定：", page=1), tiers,
        Clause("3・1・1 乙方承诺一期固定资产投资人民币8.5亿元，奖励金额按上表对应档次确定。", page=1),
        Clause("3・1・2 奖励分两次兑现：一期投产之日起满六个月兑现一半；另一半于2028—2029冬季测试季结束之日（2029年3月20日）起满"
               "三十日兑现。", page=1),
        Clause("4・1 乙方于本协议签订之日起10个工作日内缴纳履约保证金人民币800万元；", page=1),
        Clause("4・2 一期投产之日起满十二个月，甲方无息退还人民币500万元；其余人民币300万元，与3・1・2约定的第二次奖励同期退还。",
               page=1), kind="investment") == [
        ("subsidy", "government", "15000000.00", {"event": "production_start", "offset": 6, "unit": "month"}),
        ("subsidy", "government", "15000000.00", {"date": "2029-04-19"}),
        ("other", "counterparty", None, {"event": "signing", "offset": 10, "unit": "working_day"}),
        ("bond_return", "government", "5000000.00", {"event": "production_start", "offset": 12, "unit": "month"}),
        ("bond_return", "government", "3000000.00", {"date": "2029-04-19"})]


def test_rows_whose_time_a_later_clause_gives_a_site_after_the_award_notice_and_a_retention_in_two_returns():
    intro = "Ⅲ・ⅰ 工程款分三次支付，付款期限栏注明“见Ⅲ・ⅱ”的，以该条约定为准（金额单位：元）："
    table = TableBlock(["次", "付款节点", "比例", "金额", "付款期限"], [
        ["1", "合同签订", "10%", "1,000,000.00", "合同签订之日起10个工作日内"],
        ["2", "堤心石抛填完成", "20%", "2,000,000.00", "见Ⅲ・ⅱ"],
        ["3", "疏浚完成", "20%", "2,000,000.00", "见Ⅲ・ⅱ"]], page=1, intro=intro)
    assert _document(
        Clause("合同编号：DY-SG-2026-01 中标通知书发出日期：2026年8月5日", page=1),
        Clause("Ⅱ・ⅰ 陆域预制场场地，发包人于中标通知书发出之日起满三十日移交承包人；", page=1),
        Clause(intro, page=1), table,
        Clause("Ⅲ・ⅱ 第2次付款于2027年6月1日前的第十日支付；第3次付款于2027年第三季度的第一个星期一支付。", page=1),
        Clause("Ⅲ・ⅲ 质量保证金分两次返还：缺陷责任期届满之日起14日内，返还审定结算价的2%，暂列人民币200,000.00元；", page=1),
        kind="bidding", amount="10000000.00") == [
        ("land", "government", None, {"date": "2026-09-04"}),
        ("payment", "government", "1000000.00", {"event": "signing", "offset": 10, "unit": "working_day"}),
        ("payment", "government", "2000000.00", {"date": "2027-05-22"}),
        ("payment", "government", "2000000.00", {"date": "2027-07-05"}),
        ("retention_return", "government", "200000.00", {"event": "warranty_end", "offset": 14, "unit": "day"})]


def test_cumulative_shares_a_season_named_by_its_years_and_a_duty_before_a_clauses_delivery_deadline():
    # five working days before 15 October 2026, counted back from the 14th, reach the 9th over the 调休 Saturday the 10th
    intro = "第4・1条 甲方按下表的累计支付比例分期付款，每期应付金额＝合同总价×（本期累计支付比例－上期累计支付比例）："
    table = TableBlock(["期次", "付款节点", "累计支付比例（占合同总价）", "最迟付款日"], [
        ["第一期", "合同签订", "20%", "合同签订之日起10个工作日内"],
        ["第二期", "到货验收合格", "60%", "2026年10月的最后一个工作日"],
        ["第三期", "经2026—2027清雪季作业运行，考核验收合格", "90%", "该清雪季清雪期结束之日起满三十日"],
        ["第四期", "质保期届满", "100%", "质保期届满之日起满六十日"]], page=1, intro=intro)
    assert _document(
        Clause("第1・1条 “清雪期”指每年11月1日至次年3月31日；“清雪季”以其所跨的两个年度命名。", page=1),
        Clause("第2・1条 乙方应于2026年10月15日前将全部设备运抵作业点（以下称“交货期限”）；", page=1),
        Clause("第3・2条 甲方于第2・1条交货期限前的第五个工作日，书面确认各作业片区的设备停放场地；", page=1),
        Clause(intro, page=1), table,
        Clause("第4・2条 质保期为两个清雪季，至2027—2028清雪季清雪期结束之日（2028年3月31日）届满。", page=1),
        Clause("第6・2条 乙方回收甲方报废的旧扫雪车3台，回收款人民币36,000元于2026年11月30日前支付甲方；", page=1),
        amount="10000000.00") == [
        ("other", "counterparty", None, {"date": "2026-10-15"}),
        ("other", "government", None, {"date": "2026-10-09"}),
        ("payment", "government", "2000000.00", {"event": "signing", "offset": 10, "unit": "working_day"}),
        ("payment", "government", "4000000.00", {"date": "2026-10-30"}),
        ("payment", "government", "3000000.00", {"date": "2027-04-30"}),
        ("payment", "government", "1000000.00", {"date": "2028-05-30"}),
        ("payment", "counterparty", "36000.00", {"date": "2026-11-30"})]


def test_sums_in_one_table_and_times_in_another_joined_by_their_code_and_a_bond_after_a_rows_time():
    sums = TableBlock(["编号", "款项", "计算方式", "金额（万元）"], [
        ["K1", "预付款", "合同总价×30%", "30.0000"],
        ["K2", "到货款", "设备部分×60%", "42.1234"],
        ["合计", "", "", "72.1234"]], page=1, intro="表4-1 款项及金额")
    times = TableBlock(["编号", "付款条件", "付款期限"], [
        ["K1", "合同签订", "合同签订之日起第十五个日历日结束前"],
        ["K2", "到货验收合格", "2027年旱季结束之日（4月30日）后的第一个星期一"]], page=1, intro="表4-2 付款条件及期限")
    assert _document(
        Clause("二・（一） 本县雨季为每年5月1日至10月31日，旱季为每年11月1日至次年4月30日。", page=1),
        Clause("四・（一） 付款由表4-1和表4-2共同确定，两表以“编号”对应。表4-1金额单位为万元，保留四位小数。", page=1),
        sums, times,
        Clause("五・（二） 乙方已缴纳履约保证金人民币50,000.00元；甲方于表4-2中K2付款期限届满之日起满十五日无息退还。", page=1),
        amount="1000000.00") == [
        ("payment", "government", "300000.00", {"event": "signing", "offset": 15, "unit": "day"}),
        ("payment", "government", "421234.00", {"date": "2027-05-03"}),
        ("bond_return", "government", "50000.00", {"date": "2027-05-18"})]


def test_a_half_years_fee_is_its_floor_times_the_price_paid_in_the_month_after_it_ends():
    # the first Thursdays of January and July 2027 are the 7th and the 1st
    intro = "第5・2款 每个服务半年度的基本服务费，于该半年度结束后次月的第一个星期四前支付；遇法定节假日不顺延："
    table = TableBlock(["服务半年度", "起止日期", "保底量（吨）", "单价（元／吨）", "基本服务费"], [
        ["2026年下半年", "2026年7月1日—2026年12月31日", "10,000", "90.50", "保底量×单价"],
        ["2027年上半年", "2027年1月1日—2027年6月30日", "10,000", "90.50", "保底量×单价"]], page=1, intro=intro)
    assert _document(Clause(intro, page=1), table, kind="ppp") == [
        ("payment", "government", "905000.00", {"date": "2027-01-07"}),
        ("payment", "government", "905000.00", {"date": "2027-07-01"})]


def test_a_season_ending_on_a_months_last_day_by_its_short_name_and_a_reward_for_each_listed_season():
    # the 采摘季 of 2027—2028 ends on 29 February 2028; March 2027's first Monday is the 1st
    assert _clauses(
        "【甲】・3 本县咖啡采摘季为每年11月1日至次年2月的最后一日，以其所跨的两个年度命名；",
        "【乙】・2 厂区用地约150亩，甲方于2026—2027采摘季结束之日的次月第一个星期一交付净地；",
        "【丙】・2 鲜果收购奖励：乙方在一个采摘季内收购本县咖啡鲜果达到5,000吨的，甲方奖励人民币50万元，于该采摘季结束之日的"
        "次日兑现；本款执行2026—2027、2027—2028两个采摘季。", kind="investment") == [
        ("land", "government", None, {"date": "2027-03-01"}),
        ("subsidy", "government", "500000.00", {"date": "2027-03-01"}),
        ("subsidy", "government", "500000.00", {"date": "2028-03-01"})]


def test_an_option_left_unticked_binds_no_one_and_a_site_after_the_rainy_season_and_a_notice_before_the_start_order():
    # 10 November 2026 is a Tuesday: three working days before, counted back from the 9th, is Thursday the 5th; 31
    # October 2027 is a Sunday, so the first Monday after it is 1 November
    clauses = [Clause(text, page=1) for text in (
        "＜一＞-3 本县雨季为每年5月1日至10月31日。开工令定于2026年11月10日下达。",
        "＜二＞-2 河道施工场地，发包人于2026年雨季结束之日的次日移交承包人；",
        "＜二＞-3 弃土场，发包人于开工令下达之日前的第三个工作日（自该日的前一日起倒数计算）确定并书面通知承包人；",
        "【 】方式一：按月计量，发包人每月按已完工程量的75%支付进度款，于次月20日前支付；完工验收后累计付至签约合同价的80%。",
        "【√】方式二：按节点支付。",
        "（5）质量保证金：签约合同价的3%，计人民币30万元。缺陷责任期至2027年10月31日届满；发包人于届满之日后的第一个星期一返还。")]
    ex = extractor("10000000.00", kind="bidding")
    ex.learn(clauses)
    for clause in clauses:
        ex.add_clause(clause)
    assert [(o.kind, o.debtor, o.amount and str(o.amount), o.due.as_json()) for o in ex.found] == [
        ("land", "government", None, {"date": "2026-11-01"}),
        ("other", "government", None, {"date": "2026-11-05"}),
        ("retention_return", "government", "300000.00", {"date": "2027-11-01"})]


def test_what_the_review_of_1_120_found_a_year_is_no_clause_label_a_moved_handover_moves_no_payment_and_bad_dates_pass():
    # a clause opening with its year is not the clause 2026 a later 2026年度…期限 would point to
    assert _clauses("2026年3月31日前，甲方支付首期款人民币10万元；",
                    "甲方于2026年度服务期限届满之日起30日内支付尾款人民币5万元。", amount="150000.00")[0] == \
        ("payment", "government", "100000.00", {"date": "2026-03-31"})
    assert len(_clauses("2026年3月31日前，甲方支付首期款人民币10万元；",
                        "甲方于2026年度服务期限届满之日起30日内支付尾款人民币5万元。", amount="150000.00")) == 1
    # moving the site's handover does not move a payment due the same day
    assert _clauses("2.1 发包人于2026年6月15日前移交施工场地；", "2.2 发包人于2026年6月15日前支付设计费人民币20万元；",
                    "3.1 施工场地移交期限由“2026年6月15日前”调整为“2026年6月30日前”。", kind="bidding", amount="5000000.00") == [
        ("payment", "government", "200000.00", {"date": "2026-06-15"}),
        ("land", "government", None, {"date": "2026-06-30"})]
    # a day that does not exist (an OCR slip) is left as written, owing nothing, not a crash
    assert _clauses("甲方于2026年2月30日前第10日支付人民币10万元；", amount="100000.00") == []
    # 2026—2027年采暖期 starts in 2026
    assert _clauses("本市采暖期为每年11月15日至次年3月15日。",
                    "甲方于2026—2027年采暖期开始之日（11月15日）前支付供暖补贴人民币10万元。", kind="ppp") == [
        ("subsidy", "government", "100000.00", {"date": "2026-11-15"})]


def test_an_unticked_option_with_brackets_in_its_text_still_binds_no_one():
    clauses = [Clause(text, page=1) for text in (
        "【 】方式一：验收合格（含试运行）后，甲方于2026年9月30日前支付人民币8万元。",
        "【√】方式二：甲方于2026年10月31日前支付人民币8万元。")]
    ex = extractor("80000.00")
    ex.learn(clauses)
    for clause in clauses:
        ex.add_clause(clause)
    assert [(o.kind, str(o.amount), o.due.as_json()) for o in ex.found] == [("payment", "80000.00", {"date": "2026-10-31"})]


def test_errata_name_their_clause_exactly_even_under_a_part_name():
    from parsers.clauses import apply_errata

    blocks = apply_errata([
        Clause("1 甲方于2026年5月31日前支付人民币10万元。", page=1),
        Clause("10 甲方于2026年5月31日前支付人民币10万元。", page=1),
        Clause("8.2 甲方于2026年5月31日前支付人民币10万元。", page=1),
        TableBlock(["序号", "位置", "原文", "更正为"], [
            ["1", "第1条", "2026年5月31日", "2026年6月30日"],
            ["2", "专用条款第8.2款", "2026年5月31日", "2026年7月31日"]], page=2)])
    assert [b.text for b in blocks] == ["1 甲方于2026年6月30日前支付人民币10万元。", "10 甲方于2026年5月31日前支付人民币10万元。",
                                        "8.2 甲方于2026年7月31日前支付人民币10万元。"]


def test_node_payments_worked_out_as_area_times_rate_and_named_days_of_stated_years():
    assert _clauses(
        "甲、本县2026年秋收结束之日为2026年10月20日，2027年春播开始之日为2027年4月10日。",
        "丙、春播前节点款：第二片区完成并经监理人验收的，按1,200亩×每亩人民币2,500元计算，发包人于2027年春播开始之日前第十五日支付；",
        kind="bidding", amount="10000000.00") == [("payment", "government", "3000000.00", {"date": "2027-03-26"})]


def test_yearly_farm_events_by_name_date_a_duty_some_days_before_one():
    assert _clauses("本协议所称“春灌开始”“埋土越冬”，按园区农事历执行：葡萄出土为每年4月15日，春灌开始为每年4月20日，埋土越冬于"
                    "每年11月1日完成。",
                    "三是基地滴灌首部及输水管网，甲方不迟于2027年春灌开始之日的前五日建成并交付乙方使用；",
                    "四是园区道路，甲方于2026年埋土越冬完成之日（11月1日）后的首个星期一建成通车。", kind="investment") == [
        ("other", "government", None, {"date": "2027-04-15"}),
        ("other", "government", None, {"date": "2026-11-02"})]


def test_a_share_column_paid_some_working_days_after_each_rows_deadline_across_a_continued_table():
    # ten working days after 22 September 2026 reach 13 October over 中秋, 国庆 and the 调休 Saturday the 10th
    header = ["序号", "乡镇", "户数", "货款", "安装完成期限", "到货款（70%）"]
    assert _document(
        Clause("三（1）各乡镇安装完成并经甲方验收合格的，甲方支付该乡镇货款的70%（以下称“到货款”），付款期限为该乡镇安装完成期限"
               "之后的第10个工作日前。", page=1),
        Clause("三（2）表2中“货款”＝户数×综合单价。表2跨页，续表重复表头。", page=1),
        Clause("表2 分乡镇安装及到货款支付表（金额单位：元）", page=1),
        TableBlock(header, [["1", "北垕乡", "150", "2,925,000.00", "2026年9月22日", "2,047,500.00"]], page=1,
                   intro="表2 分乡镇安装及到货款支付表（金额单位：元）"),
        Clause("表2 分乡镇安装及到货款支付表（续）（金额单位：元）", page=2),
        TableBlock(header, [["2", "龙岗乡", "140", "2,730,000.00", "2026年11月10日", "1,911,000.00"]], page=2,
                   intro="表2 分乡镇安装及到货款支付表（续）（金额单位：元）")) == [
        ("payment", "government", "2047500.00", {"date": "2026-10-13"}),
        ("payment", "government", "1911000.00", {"date": "2026-11-24"})]


def test_a_grant_from_the_central_budget_is_not_the_investors_and_what_three_parties_signed_is_no_duty():
    ex = extractor(None, kind="ppp")
    ex.cp.add("投资人")
    clauses = [Clause(text, page=1) for text in (
        "1．三方于2021年11月19日签订《职业教育园区PPP项目合同》，项目总投资人民币4.5亿元。",
        "C・1 中央预算内投资人民币1,800万元作为二期工程建设期补助：首批60%，即人民币1,080万元，于2026年9月的最后一个工作日前拨付。")]
    ex.learn(clauses)
    for clause in clauses:
        ex.add_clause(clause)
    assert [(o.kind, o.debtor, str(o.amount), o.due.as_json()) for o in ex.found] == [
        ("subsidy", "government", "10800000.00", {"date": "2026-09-30"})]


def test_a_seasons_second_payment_after_its_end_an_event_of_every_year_and_a_bond_after_a_rows_payment():
    # 15 July 2026 (the 那达慕 opens) is a Wednesday; four Fridays after 15 October 2026 reach 6 November
    intro = "其二，每个防治季的防治服务费分两次支付：第一次为该防治季服务费的40%，最迟不晚于当年7月10日；第二次为60%，于该防治季" \
            "结束之日后的第四个星期五支付。各次金额如下（单位：元）："
    table = TableBlock(["防治季", "起止日期", "第一次（40%）", "第一次最迟付款日", "第二次（60%）", "第二次付款期限"], [
        ["2026年防治季", "2026年4月15日—10月15日", "400,000.00", "2026年7月10日", "600,000.00", "防治季结束之日后的第四个星期五"]],
        page=1, intro=intro)
    assert _document(
        Clause("其三，本县那达慕大会每年7月15日开幕，会期三日。", page=1),
        Clause("其三，甲方于2026年那达慕大会开幕之日所在周的星期二前，取得草原自然公园管理机构同意布设的书面意见；", page=1),
        Clause(intro, page=1), table,
        Clause("其一，乙方已缴纳履约保证金人民币50,000.00元；甲方于2026年防治季第二次付款期限届满之日起满十日无息退还；", page=1),
        amount="1000000.00") == [
        ("approval", "government", None, {"date": "2026-07-14"}),
        ("payment", "government", "400000.00", {"date": "2026-07-10"}),
        ("payment", "government", "600000.00", {"date": "2026-11-06"}),
        ("bond_return", "government", "50000.00", {"date": "2026-11-16"})]


def test_an_events_days_listed_by_year_date_a_handover_before_it():
    # 5 September 2026 is a Saturday: the last Wednesday before it is the 2nd
    assert _clauses("1・三 泜垕童车博览会每年9月的第一个星期六开幕，2026年为9月5日，2027年为9月4日。",
                    "2・一 甲方于2026年童车博览会开幕之日前的最后一个星期三，将标准厂房交付乙方；", kind="investment") == [
        ("other", "government", None, {"date": "2026-09-02"})]


def test_a_year_columns_outer_limit_in_the_year_after_the_rows():
    # the third Friday of January 2028 is the 21st
    intro = "四・乙 2027年度的可用性付费如下（金额单位：万元）："
    table = TableBlock(["运营年度", "年度可用性付费", "第一次（50%）", "第二次（50%）"], [
        ["2027年度", "1,000.00", "500.00", "500.00"]], page=1, intro=intro)
    assert _document(
        Clause("四・甲 运营期内甲方每年支付可用性付费两次，各为年度可用性付费的50%：第一次于乙方报送当年上半年运营报告之日起15日内"
               "支付，最迟不晚于当年7月31日；第二次于当年绩效考核结果公布之日起15日内支付，最迟不晚于次年1月的第三个星期五。", page=1),
        Clause(intro, page=1), table, kind="ppp") == [
        ("payment", "government", "5000000.00", {"date": "2027-07-31"}),
        ("payment", "government", "5000000.00", {"date": "2028-01-21"})]


def test_a_sum_paid_in_equal_parts_over_named_years_falls_on_each_years_day_in_its_share():
    # 15 July 2028 is a Saturday (the last Friday before it is the 14th); 1,200万元 over three years is 400万元 each
    assert _clauses("一・(3) 一期于2027年9月30日前投产。本县那达慕大会每年7月15日开幕。",
                    "三・(1) 扶持资金按人民币1,200万元确定。扶持资金于2028年、2029年、2030年分三年等额兑现，每年兑现额＝扶持资金总额"
                    "÷兑现年数；每年的兑现期限为当年那达慕大会开幕之日前的最后一个星期五。", kind="investment") == [
        ("subsidy", "government", "4000000.00", {"date": d}) for d in ("2028-07-14", "2029-07-13", "2030-07-12")]
    # from a year on, the day in another sentence; a single sentence with the day after the split
    assert _clauses("㈢・1 省级冰雪产业发展专项资金人民币3,600万元作为建设期补助，自2028年起分三年平均拨付，每年拨付额＝补助总额÷拨付年数；"
                    "甲方于每年冰雪季结束之日（3月15日）前拨付当年部分。", kind="ppp") == [
        ("subsidy", "government", "12000000.00", {"date": f"{y}-03-15"}) for y in (2028, 2029, 2030)]
    assert _clauses("扶持资金人民币1,200万元于2028年、2029年、2030年分三年等额兑现，每年的兑现期限为当年7月15日前。",
                    kind="investment") == [
        ("subsidy", "government", "4000000.00", {"date": f"{y}-07-15"}) for y in (2028, 2029, 2030)]


def test_a_rows_time_said_as_the_first_years_is_that_time_of_its_own_period_and_the_season_in_it():
    # the 冰雪季 in 2027-11-01—2028-10-31 ends on 2028-03-15 (+30 days: 04-14); 2028-10-31 is a Tuesday, 2029-10-31 a
    # Wednesday: the last Fridays before them are 10-27 and 10-26
    header = ["运营年度", "起止", "期次", "金额（万元）", "支付期限"]
    first = TableBlock(header, [
        ["第1个运营年度", "2027年11月1日—2028年10月31日", "第一期（40%）", "952.00", "冰雪季结束之日起满三十日"],
        ["", "", "第二期（60%）", "1,428.00", "运营年度届满之日前的最后一个星期五"]], page=1, intro="表6-1　可用性付费支付计划")
    carried = TableBlock(header, [
        ["第2个运营年度", "2028年11月1日—2029年10月31日", "第一期（40%）", "952.00", "同第1个运营年度"],
        ["", "", "第二期（60%）", "1,428.00", "同第1个运营年度"]], page=2, intro="表6-1　可用性付费支付计划（续）")
    assert _document(
        Clause("㈠・3 运营年度自每年11月1日至次年10月31日；本市冰雪季为每年11月15日至次年3月15日。", page=1),
        Clause("㈥・1 每个运营年度的可用性付费分两期支付，由甲方支付。", page=1), first, carried, kind="ppp") == [
        ("payment", "government", amount, {"date": day}) for amount, day in (
            ("9520000.00", "2028-04-14"), ("14280000.00", "2028-10-27"),
            ("9520000.00", "2029-04-14"), ("14280000.00", "2029-10-26"))]


def test_each_years_pledge_earns_its_tiers_reward_on_the_tables_day_of_the_year_after_and_a_bond_goes_with_one():
    # the second Wednesdays of June 2028, 2029 and 2030 are the 14th, 13th and 12th; 3,000万元 is in the third tier
    intro = ("△三・2 纳税贡献奖励：乙方年度在漻崾市的入库税收落入下表档次的，甲方给予对应金额的奖励；"
             "奖励于次年6月的第二个星期三前兑现：")
    table = TableBlock(["档次", "年度入库税收", "奖励金额"], [
        ["一档", "1,000万元（含）至2,000万元", "100万元"],
        ["二档", "2,000万元（含）至3,000万元", "180万元"],
        ["三档", "3,000万元（含）以上", "260万元"]], page=1, intro=intro)
    assert _document(
        Clause(intro, page=1), table,
        Clause("△三・3 乙方承诺2027、2028、2029年度的入库税收分别不低于人民币1,600万元、2,400万元和3,000万元。甲方按承诺额所在档次的"
               "奖励金额兑现。", page=1),
        Clause("△四・2 乙方缴纳履约保证金人民币1,000万元；其余人民币400万元，由甲方与2029年度纳税贡献奖励同期退还。", page=1),
        kind="investment") == [
        ("subsidy", "government", "1000000.00", {"date": "2028-06-14"}),
        ("subsidy", "government", "1800000.00", {"date": "2029-06-13"}),
        ("subsidy", "government", "2600000.00", {"date": "2030-06-12"}),
        ("bond_return", "government", "4000000.00", {"date": "2030-06-12"})]


def test_a_subsidy_paid_after_its_check_passes_is_the_sum_the_clause_worked_out_not_the_investment():
    assert _clauses("△三・1 设备补助：按生产设备投资的5%给予补助，以人民币800万元为限。乙方承诺的生产设备投资为1.6亿元，按5%计为"
                    "人民币800万元。乙方提交设备发票后由甲方组织核查，补助于核查通过之日起满三十日兑现。", kind="investment") == [
        ("subsidy", "government", "8000000.00", {"event": "acceptance", "offset": 30, "unit": "day"})]


def test_weekdays_counted_back_from_named_days_and_a_festivals_closing_day_from_how_long_it_lasts():
    # 11 May 2026 is a Monday (the Friday before: 8 May); 1 November 2026 a Sunday (Wednesdays before: 28 and 21
    # October); the 那达慕 opens on Wednesday 15 July 2026 and lasts three days, closing on Friday the 17th (the
    # Monday after: the 20th)
    assert _clauses(
        "壹・③　本县那达慕大会每年7月15日开幕，会期三日；冬休期为每年11月1日至次年3月31日。开工之日为2026年5月11日。",
        "贰・②　赛马跑道施工场地，发包人于2026年那达慕大会闭幕之日后的第一个星期一移交承包人；",
        "叁・②　第1笔（预付款）：计3,000,000.00元，于开工之日的前一个星期五支付；",
        "叁・③　第2笔（冬休前节点款）：计9,000,000.00元，于2026年冬休期开始之日前的第二个星期三支付；",
        kind="works", amount="32460000.00") == [
        ("land", "government", None, {"date": "2026-07-20"}),
        ("payment", "government", "3000000.00", {"date": "2026-05-08"}),
        ("payment", "government", "9000000.00", {"date": "2026-10-21"})]


def test_an_outer_limit_after_the_object_dates_the_handover_and_the_nearest_monday_before_a_long_named_day():
    # 16 September 2026 is a Wednesday: the nearest Monday before it is the 14th
    assert _clauses("Ⅲ・C　实验室装修改造由甲方另行发包。甲方于乙方书面通知拟到货日期之日起10日内，将改造完毕的实验室移交乙方，"
                    "最迟不晚于2026年8月31日；",
                    "Ⅲ・D　甲方于全市盐碱地改良现场观摩会召开之日（2026年9月16日）前最近的一个星期一，向乙方书面确认观摩会现场演示的"
                    "设备及样品清单；", amount="3060000.00") == [
        ("other", "government", None, {"date": "2026-08-31"}),
        ("other", "government", None, {"date": "2026-09-14"})]


def test_an_investment_deals_subsidies_after_a_labelled_handover_a_capped_share_and_seasons_in_force():
    # the 番茄加工季 ends on 30 September; the second Tuesdays of October 2027 and 2028 are the 12th and 10th
    assert _clauses(
        "〔A〕・3　本市番茄加工季为每年7月20日至9月30日。一期于2027年番茄加工季开始之日前投产；",
        "〔B〕・1　项目用地按“标准地”方式出让，甲方于2026年8月31日前交付净地；",
        "〔C〕・1　基础设施配套补助人民币1,200万元，于〔B〕・1约定的净地交付期限届满之日起满六个月兑现；",
        "〔C〕・2　设备补助：按生产设备投资的5%给予补助，以人民币1,000万元为限；乙方承诺生产设备投资2.2亿元，按5%计为人民币1,100万元，"
        "超过限额部分不予补助。设备补助于一期投产之日起满十二个月兑现。",
        "〔C〕・3　收购奖励：乙方在一个番茄加工季内收购本市番茄鲜果达到20万吨的，甲方奖励人民币80万元，于该加工季结束之日所在月份的"
        "下一个月的第二个星期二兑现；本款执行2027、2028两个加工季。",
        "〔D〕・1　乙方2026年4月缴纳的考察保证金人民币50万元，甲方于本协议签订之日起满十五日无息退还；",
        "〔D〕・2　乙方缴纳履约保证金人民币600万元；一期投产之日起满十二个月，甲方无息退还人民币400万元；其余人民币200万元，于2028年"
        "番茄加工季结束之日起满三十日退还。", kind="investment") == [
        ("land", "government", None, {"date": "2026-08-31"}),
        ("subsidy", "government", "12000000.00", {"date": "2027-02-28"}),
        ("subsidy", "government", "10000000.00", {"event": "production_start", "offset": 12, "unit": "month"}),
        ("subsidy", "government", "800000.00", {"date": "2027-10-12"}),
        ("subsidy", "government", "800000.00", {"date": "2028-10-10"}),
        ("deposit_return", "government", "500000.00", {"event": "signing", "offset": 15, "unit": "day"}),
        ("bond_return", "government", "4000000.00", {"event": "production_start", "offset": 12, "unit": "month"}),
        ("bond_return", "government", "2000000.00", {"date": "2028-10-30"})]


def test_a_subsidy_granted_at_its_cap_is_paid_in_shares_of_it_and_a_period_started_each_year_dates_a_handover():
    # 1 May 2027 is a Saturday (the Friday before: 30 April); 2028's milking season ends on Saturday 30 September (the
    # Monday after: 2 October); the second-last Tuesday of November 2026 is the 17th
    assert _clauses(
        "◆一・3　本县挤奶季为每年6月1日至9月30日，牧草返青期自每年5月1日开始；一期于2027年挤奶季开始之日前投产；",
        "◆二・3　甲方于2026年11月的倒数第二个星期二前，协助乙方取得乳制品生产许可；",
        "◆二・5　有机饲草基地5,000亩的土地经营权，甲方于2027年牧草返青期开始之日前的最后一个星期五组织流转至乙方；",
        "◆三・1　设备补助：按生产设备投资的8%给予补助，以人民币400万元为限；乙方承诺生产设备投资5,600万元，按8%计算超过限额的，"
        "补助按限额确定。补助分两次兑现：一期投产之日起满六个月兑现60%；其余40%于2028年挤奶季结束之日后的第一个星期一兑现。",
        kind="investment") == [
        ("approval", "government", None, {"date": "2026-11-17"}),
        ("land", "government", None, {"date": "2027-04-30"}),
        ("subsidy", "government", "2400000.00", {"event": "production_start", "offset": 6, "unit": "month"}),
        ("subsidy", "government", "1600000.00", {"date": "2028-10-02"})]


def test_a_park_entry_deals_event_days_by_year_a_pledged_outlays_share_and_a_bond_returned_in_halves():
    # 雪顿节 opens on 12 August 2026 (the working day before: the 11th; later years' days are not yet announced);
    # 26 February 2028 is a Saturday, the Thursday before it the 24th
    assert _clauses(
        "（一）・3　一期于2026年12月31日前投产。本县雪顿节开幕之日以县人民政府每年公告为准，2026年为8月12日；",
        "（二）・2　甲方于2026年7月的第一个星期三前，协助乙方取得洗染车间的排污登记；",
        "（二）・3　甲方于2026年雪顿节开幕之日前的最后一个工作日，向乙方交付员工宿舍30间；",
        "（三）・2　设备补助：按手工织机及洗染设备投资的10%给予补助；乙方承诺设备投资人民币1,260万元，补助于设备安装调试完毕并经"
        "甲方核验之日起满四十日兑现。",
        "（三）・3　雪顿节展销补贴：乙方参加雪顿节非遗展销的，甲方给予展位补贴人民币5万元，于当年雪顿节开幕之日的前一日支付；"
        "本款执行2026—2028年。",
        "（三）・4　河北省援藏工作队给予乙方的技能培训补助人民币60万元，由援藏工作队于2026年10月31日前直接拨付乙方。",
        "（四）・1　乙方缴纳入园保证金人民币80万元；一期投产之日起满十二个月，甲方无息退还一半；其余一半于2028年藏历新年"
        "（本协议约定为2028年2月26日）前的最后一个星期四退还。", kind="investment") == [
        ("approval", "government", None, {"date": "2026-07-01"}),
        ("other", "government", None, {"date": "2026-08-11"}),
        ("subsidy", "government", "1260000.00", {"event": "acceptance", "offset": 40, "unit": "day"}),
        ("subsidy", "government", "50000.00", {"date": "2026-08-11"}),
        ("bond_return", "government", "400000.00", {"event": "production_start", "offset": 12, "unit": "month"}),
        ("bond_return", "government", "400000.00", {"date": "2028-02-24"})]


def test_a_tables_formulas_over_named_parts_of_the_price_are_its_sums():
    # 486,000 USD at 7.1084 is 3,454,682.40 yuan: 20% is 690,936.48; 15% of it and 90% of the 268,000 yuan part 759,402.36
    intro = ("〈三〉・1　各期款项的计算方式及付款期限如下。表中“外币”指〈一〉・1所列外币部分合计，“人民币部分”指〈一〉・2所列金额；"
             "各期应付人民币金额由甲方按〈一〉・4计算后支付，表中不列示：")
    table = TableBlock(["期次", "款项", "计算方式", "付款条件", "付款期限"], [
        ["一", "预付款", "外币×20%", "合同签订，乙方提交等额预付款保函", "合同签订之日起满二十一日"],
        ["三", "验收款", "外币×15%＋人民币部分×90%", "安装调试及培训完毕，终验合格", "终验合格之日起15个工作日内"]],
        page=1, intro=intro)
    assert _document(
        Clause("〈一〉・2　人民币部分：进藏运输及保险、安装调试及人员培训，合计人民币268,000.00元。", page=1),
        Clause("〈一〉・3　约定汇率：1美元＝7.1084元人民币。外币部分按约定汇率折算为人民币3,454,682.40元；合同总价为人民币"
               "3,722,682.40元。", page=1),
        Clause(intro, page=1), table, amount="3722682.40") == [
        ("payment", "government", "690936.48", {"event": "signing", "offset": 21, "unit": "day"}),
        ("payment", "government", "759402.36", {"event": "acceptance", "offset": 15, "unit": "working_day"})]


def test_a_chart_ticking_each_payments_month_pays_on_that_months_day_and_a_share_of_a_named_part_is_of_it():
    # 设备部分 2,660,000: 30% is 798,000 in July 2026 (last working day the 31st); 25% and 148,000 in November (the
    # 30th); the bond is due the month after that (31 December); the warranty money is 5% of the 设备部分
    intro = "付款进度表"
    table = TableBlock(["款项", "付款条件", "计算方式", "2026年付款月份", "", ""], [
        ["", "", "", "7月", "8月", "11月"],
        ["预付款", "合同签订", "设备部分×30%", "√", "", ""],
        ["验收款", "终验合格", "设备部分×25%＋第6项安装调试及人员培训费", "", "", "√"]], page=1, intro=intro)
    assert _document(
        Clause("Ⅱ・B　合同价款构成：第1至5项为设备部分，小计人民币2,660,000.00元；第6、7项为服务部分，小计人民币400,000.00元，"
               "其中第6项安装调试及人员培训费人民币148,000.00元，第7项运维及计量检定服务费人民币252,000.00元。", page=1),
        Clause("Ⅲ・A　甲方于2026年6月的最后一个工作日前，向乙方提供实验室场地平面图及配电、给排水、通风参数；", page=1),
        Clause("Ⅳ・A　设备部分按下表支付。表中在某月份栏内打“√”的，表示该款项的付款月份，甲方于该月的最后一个工作日前支付。", page=1),
        Clause(intro, page=1), table,
        Clause("Ⅳ・B　设备质保金为设备部分的5%。质保期内无质量问题的，甲方于2028年12月30日前支付质保金。", page=1),
        Clause("Ⅴ・A　乙方已缴纳履约保证金人民币153,000.00元；甲方于验收款付款月份的次月最后一个工作日前无息退还；", page=1),
        amount="3060000.00") == [
        ("other", "government", None, {"date": "2026-06-30"}),
        ("payment", "government", "798000.00", {"date": "2026-07-31"}),
        ("payment", "government", "813000.00", {"date": "2026-11-30"}),
        ("payment", "government", "133000.00", {"date": "2028-12-30"}),
        ("bond_return", "government", "153000.00", {"date": "2026-12-31"})]


def test_a_part_of_the_price_shared_over_numbered_years_is_paid_after_each_and_an_announced_day_in_brackets_counts():
    # three 运维年度 from 1 December 2026 end on 30 November 2027, 2028 and 2029 (+20 days: 20 December); 252,000 ÷ 3;
    # 雪顿节 on Wednesday 12 August 2026: the last Wednesday before it is the 5th
    assert _clauses(
        "Ⅱ・B　合同价款构成：第6、7项为服务部分，小计人民币400,000.00元，其中第6项安装调试及人员培训费人民币148,000.00元，第7项"
        "运维及计量检定服务费人民币252,000.00元。",
        "〈二〉・3　甲方于2026年雪顿节（县人民政府已公告为2026年8月12日）前的最后一个星期三，完成供氧改造并移交乙方；",
        "Ⅳ・C　运维及计量检定服务共三个运维年度，第一个运维年度自2026年12月1日起算，每十二个月为一个运维年度。每个运维年度的运维费"
        "＝第7项运维及计量检定服务费÷运维年度数，经年度考核合格后，甲方于该运维年度届满之日起满二十日支付。",
        amount="3060000.00") == [
        ("other", "government", None, {"date": "2026-08-05"}),
        *[("payment", "government", "84000.00", {"date": f"{y}-12-20"}) for y in (2027, 2028, 2029)]]


def test_decimal_payment_coefficients_are_shares_and_a_cross_year_seasons_end_named_by_a_year_is_the_one_ending_in_it():
    # 冬歇期 runs 16 November to 15 March: 2027年冬歇期结束之日 is 15 March 2027; 28 August 2026 is a Friday (the Monday
    # after: 31 August)
    intro = "☆3・1　各笔工程款的金额＝签约合同价×支付系数，表中不列示金额："
    table = TableBlock(["笔次", "款项", "支付条件", "支付系数", "付款期限"], [
        ["1", "预付款", "合同签订，承包人提交等额预付款保函", "0.10", "合同签订之日起满二十日"],
        ["4", "完工款", "完工验收合格", "0.17", "完工验收合格之日起28日内"]], page=1, intro=intro)
    assert _document(
        Clause("☆1・3　本县冬歇期为每年11月16日至次年3月15日。", page=1),
        Clause("☆2・1　一乡、二乡片区，发包人于2026年青稞收割完毕之日（县农业农村局已公告为2026年8月28日）后的第一个星期一移交"
               "承包人；", page=1),
        Clause("☆2・2　三乡片区，发包人于2027年冬歇期结束之日移交承包人；", page=1),
        Clause(intro, page=1), table, kind="bidding", amount="18640000.00") == [
        ("land", "government", None, {"date": "2026-08-31"}),
        ("land", "government", None, {"date": "2027-03-15"}),
        ("payment", "government", "1864000.00", {"event": "signing", "offset": 20, "unit": "day"}),
        ("payment", "government", "3168800.00", {"event": "completion", "offset": 28, "unit": "day"})]


def test_yearly_sums_that_grow_are_paid_in_halves_on_a_tables_days_moved_off_weekends_as_the_contract_says():
    # 2,460万元 in 2027, 2% more each year; 25 December 2027 is a Saturday and 25 June 2028 a Sunday: the Mondays after;
    # 21 September 2026 is the first working day of 下旬 (Sunday the 20th, a 调休 working day, is in 中旬)
    intro = ("4・A・ⅱ　每个运营年度的可用性付费分两次各支付一半，表定付款日如下表，并按1・B・ⅰ调整；表中不列示金额：")
    table = TableBlock(["运营年度", "第一次表定付款日", "第二次表定付款日"], [
        ["2027年度", "2027年6月25日", "2027年12月25日"],
        ["2028年度", "2028年6月25日", "2028年12月25日"],
        ["2030年度起", "按中期评估结果确定", "—"]], page=1, intro=intro)
    assert _document(
        Clause("1・B・ⅰ　本合同中按公历日期约定的付款日，遇星期六或星期日的，顺延至其后的第一个星期一；法定节假日不另行调整。", page=1),
        Clause("3　建设期补助", page=1),
        Clause("3・A・ⅰ　自治区林草生态保护恢复资金人民币1,000万元，甲方于2026年9月下旬的第一个工作日拨付乙方；", page=1),
        Clause("4・A・ⅰ　首个运营年度（2027年）的年度可用性付费为人民币2,460万元；以后各运营年度的年度可用性付费，在上一运营年度"
               "的基础上递增2%。", page=1),
        Clause(intro, page=1), table, kind="ppp") == [
        ("subsidy", "government", "10000000.00", {"date": "2026-09-21"}),
        ("payment", "government", "12300000.00", {"date": "2027-06-25"}),
        ("payment", "government", "12300000.00", {"date": "2027-12-27"}),
        ("payment", "government", "12546000.00", {"date": "2028-06-26"}),
        ("payment", "government", "12546000.00", {"date": "2028-12-25"})]


def test_weeks_counted_from_the_signing_week_and_a_subsidy_whose_shares_follow_its_colon():
    # signed on Wednesday 3 June 2026: the Monday of the week after next is the 15th
    assert _signed(date(2026, 6, 3),
                   "二・⑴　游客集散中心用地约46亩，甲方于本合同签订之日所在周的下下周星期一前交付乙方；",
                   "三・⑴　中央预算内投资（文化旅游提升工程）人民币2,400万元作为建设期补助：60%于2026年7月的第三个工作日前拨付；"
                   "其余40%于全部工程竣工验收合格之日起满四十五日拨付。", kind="ppp") == [
        ("land", "government", None, {"date": "2026-06-15"}),
        ("subsidy", "government", "14400000.00", {"date": "2026-07-03"}),
        ("subsidy", "government", "9600000.00", {"event": "completion", "offset": 45, "unit": "day"})]


def test_a_race_day_named_by_its_short_name_dates_the_works_payments_weeks_and_a_change_orders_sum_paid_with_a_row():
    # 比赛日 Tuesday 14 July 2026: the Wednesday of the week before is the 8th; the 施工季 ends on Thursday 15 October,
    # the second-last Thursday of October 2026 is the 22nd; the first Thursday of November 2029 is the 1st
    intro = "③・1　工程款按下表支付，比例以签约合同价为基数（金额单位：元）："
    table = TableBlock(["笔次", "付款节点", "比例", "金额", "付款期限"], [
        ["1", "合同签订", "10%", "3,168,000.00", "2026年4月17日"],
        ["2", "K0+000—K8+400段面层完成", "25%", "7,920,000.00", "比赛日所在周的前一周的星期三"],
        ["3", "2026年施工季内完成全部面层", "25%", "7,920,000.00", "2026年施工季结束之日所在月份的倒数第二个星期四"],
        ["6", "质量保证金", "3%", "950,400.00", "2029年施工季结束之日的次月第一个星期四"]], page=1, intro=intro)
    assert _document(
        Clause("①・3　本县施工季为每年5月1日至10月15日。2026年环青海湖国际公路自行车赛澔岢赛段的比赛日为2026年7月14日"
               "（以下称“比赛日”）；", page=1),
        Clause("②・2　K8+400—K21+300段施工场地，发包人于比赛日的次日移交承包人；", page=1),
        Clause(intro, page=1), table,
        Clause("二、变更价款：本变更增加合同价款人民币486,000.00元（含税）。", page=2),
        Clause("三、支付：变更价款由发包人与本合同③・1表中第3笔工程款同期支付。", page=2),
        kind="bidding", amount="31680000.00") == [
        ("land", "government", None, {"date": "2026-07-15"}),
        ("payment", "government", "3168000.00", {"date": "2026-04-17"}),
        ("payment", "government", "7920000.00", {"date": "2026-07-08"}),
        ("payment", "government", "7920000.00", {"date": "2026-10-22"}),
        ("retention_return", "government", "950400.00", {"date": "2029-11-01"}),
        ("payment", "government", "486000.00", {"date": "2026-10-22"})]


def test_iso_weeks_eight_digit_days_and_a_hand_corrected_period():
    # week 33 of 2026 runs 10–16 August (Friday the 14th); 20261003 is in the National Day holiday, so the rule moves it
    # back to Wednesday 30 September; 20261010 is a 调休 working Saturday and stays; ten working days before 28 November
    # end on the 16th
    intro = "政府采购合同支付计划（预算管理一体化系统生成）"
    table = TableBlock(["计划序号", "支付内容", "支付比例", "计划支付金额（元）", "最迟支付日期（YYYYMMDD）※"], [
        ["02", "第一批到货款", "20%", "1,077,200.00", "20261003"],
        ["03", "第二批到货款", "20%", "1,077,200.00", "20261010"]], page=1, intro=intro)
    assert _document(
        Clause("№3・1　甲方于2026年第33周的星期五前，向乙方提供86个路口的渠化设计图及现状信号配时方案；", page=1),
        Clause("№3・4　甲方于附件支付计划第04期所列最迟支付日期（20261128）前的第十个工作日（自该日的前一日起倒数计算），"
               "组织系统终验；", page=1),
        Clause(intro, page=1), table,
        Clause("※最迟支付日期遇法定节假日或休息日的，提前至该日之前的最后一个工作日；调休上班的星期六、星期日为工作日，不作调整。",
               page=1), amount="5386000.00") == [
        ("other", "government", None, {"date": "2026-08-14"}),
        ("other", "government", None, {"date": "2026-11-16"}),
        ("payment", "government", "1077200.00", {"date": "2026-09-30"}),
        ("payment", "government", "1077200.00", {"date": "2026-10-10"})]


def test_a_figure_corrected_by_hand_in_brackets_is_read_as_corrected():
    [clause] = apply_hand_corrections([Clause("甲方于终验合格之日起30日〔手写修改为：15日〕内无息退还；", page=1)])
    assert clause.text == "甲方于终验合格之日起15日内无息退还；"


def test_days_a_code_table_defines_date_the_clauses_before_it_and_the_rows_that_name_them():
    # signed on Thursday 16 April 2026: D0 is Monday the 20th, D1 the 27th (three working days before it: the 22nd), D2
    # 90 days on falls on Sunday 26 July and moves to Monday the 27th
    codes = TableBlock([], [["代码", "定义"], ["D0", "合同签订之日后的第一个星期一"], ["D1", "开工日，为D0后的第7日"],
                            ["D2", "D1起满九十日之日"]], page=2, intro="〔叁〕・2　日期代码表。代码所对应的日期为星期六或星期日的，"
                                                                 "顺延至其后的星期一；法定节假日不另行调整：")
    table = TableBlock(["笔次", "付款节点", "比例", "金额", "付款期限"], [
        ["2", "调蓄池土方开挖及底板完成并经监理人验收", "20%", "8,572,000.00", "D2"]], page=2,
        intro="〔叁〕・1　工程款按下表支付（金额单位：元）：")
    assert _document(
        Clause("〔贰〕・1　调蓄池施工场地，发包人于D0移交承包人；", page=1),
        Clause("〔贰〕・2　发包人于合同签订之日起28日内，向承包人提交工程款支付担保（银行保函），担保金额为签约合同价的10%；", page=1),
        Clause("〔贰〕・4　甲供的DN1800钢筋混凝土管，发包人于D1前的第三个工作日（自D1的前一日起倒数计算）运抵现场；", page=1),
        Clause("涵闸启闭机及钢闸门由发包人另行采购，其供货单位应于2027年4月30日前运抵现场；", page=1),
        Clause("〔叁〕・1　工程款按下表支付（金额单位：元）：", page=2), table,
        Clause("〔叁〕・2　日期代码表。代码所对应的日期为星期六或星期日的，顺延至其后的星期一；法定节假日不另行调整：", page=2), codes,
        kind="bidding", amount="42860000.00", signed_on=date(2026, 4, 16)) == [
        ("land", "government", None, {"date": "2026-04-20"}),
        ("other", "government", None, {"event": "signing", "offset": 28, "unit": "day"}),
        ("other", "government", None, {"date": "2026-04-22"}),
        ("payment", "government", "8572000.00", {"date": "2026-07-27"})]


def test_a_tables_net_sum_is_paid_in_instalments_the_clause_times_by_each_rows_period():
    # (1,860 − 210)万元: 40% after the 旅游旺季 of 2027 ends on Thursday 30 September (the Friday after: 1 October), 60%
    # before the year ends on Sunday 30 April 2028 (the last Wednesday before: 26 April)
    intro = ("四・⑵　当年度政府付费分两期支付：第一期为40%，于该运营年度旅游旺季结束之日（9月30日）后的第一个星期五支付；第二期"
             "为60%，于该运营年度届满之日（次年4月30日）前的最后一个星期三支付。各运营年度的可用性付费及保底额如下（金额单位："
             "万元）：")
    table = TableBlock(["运营年度", "起止", "可用性付费", "收入分成保底额"], [
        ["第1个运营年度", "2027年5月1日—2028年4月30日", "1,860.00", "210.00"],
        ["第4个运营年度起", "—", "按中期评估结果确定", "按中期评估结果确定"]], page=1, intro=intro)
    assert _document(
        Clause("一・⑶　运营年度自每年5月1日至次年4月30日；本县旅游旺季为每年6月1日至9月30日；", page=1),
        Clause("四・⑴　保底额直接在当年度政府付费中抵减。当年度政府付费＝可用性付费－收入分成保底额。", page=1),
        Clause(intro, page=1), table, kind="ppp") == [
        ("payment", "government", "6600000.00", {"date": "2027-10-01"}),
        ("payment", "government", "9900000.00", {"date": "2028-04-26"})]


def test_days_counted_leaving_a_season_out_date_the_nth_of_them():
    # 施工日 from 1 September 2026 as the first: the 60th is 30 October; the 冬歇期 (16 November to 15 March) left out,
    # the 150th is 28 May 2027 (+30 days: 27 June); five working days before 1 September 2026 end on 25 August
    table = TableBlock(["笔次", "款项", "支付条件", "支付系数", "付款期限"], [
        ["3", "春季节点款", "三乡片区渠系及全部田间工程完成", "0.30", "第150个施工日"]], page=1,
        intro="☆3・1　各笔工程款的金额＝签约合同价×支付系数，表中不列示金额：")
    assert _document(
        Clause("☆1・3　本县冬歇期为每年11月16日至次年3月15日。开工令载明的开工之日为2026年9月1日；", page=1),
        Clause("☆1・4　本合同所称“施工日”，自开工之日起按日历日连续计算，但冬歇期内的日历日不计入；开工之日为第1个施工日。", page=1),
        Clause("☆2・3　发包人于开工之日前的第五个工作日（自开工之日的前一日起倒数计算），取得三乡片区农田防护林占用草地的批复；",
               page=1),
        Clause("☆2・4　发包人于第60个施工日前，组织一乡、二乡片区的秋季节点中间验收；", page=1),
        Clause("☆3・1　各笔工程款的金额＝签约合同价×支付系数，表中不列示金额：", page=1), table,
        Clause("☆4・1　承包人以银行保函提交履约担保，担保金额为签约合同价的10%，即人民币1,864,000.00元；发包人于第150个施工日"
               "起满三十日退还保函原件；", page=1), kind="bidding", amount="18640000.00") == [
        ("approval", "government", None, {"date": "2026-08-25"}),
        ("other", "government", None, {"date": "2026-10-30"}),
        ("payment", "government", "5592000.00", {"date": "2027-05-28"}),
        ("bond_return", "government", "1864000.00", {"date": "2027-06-27"})]


def test_a_table_amending_labelled_clauses_moves_the_first_instalments_time_and_deletes_a_grant():
    amendments = TableBlock(["序号", "条款", "审核意见", "处理结果"], [
        ["1", "●三・1首批建设期补助的拨付期限", "中央资金尚未下达，不宜约定固定日期",
         "修改为：于中央资金到位之日起15日内拨付，最迟不晚于2026年11月30日"],
        ["2", "●四・3运营启动补助", "无预算安排，不符合规定", "删除，甲方不承担该项支付义务"],
        ["3", "●四・4运维绩效付费上限", "同意", "不作修改"]], page=3, intro="双方对本合同作如下处理；与正文不一致的，以本表为准：")
    assert _document(
        Clause("●三　建设期补助", page=1),
        Clause("●三・1　中央预算内投资人民币6,000万元作为建设期补助：首批人民币3,600万元，于2026年10月31日前拨付；其余人民币2,400万元，"
               "于全部工程竣工验收合格之日起满六十日拨付。", page=1),
        Clause("●四・3　运营启动补助：甲方于2027年3月31日前一次性给予乙方运营启动补助人民币500万元。", page=2),
        Clause("双方对本合同作如下处理；与正文不一致的，以本表为准：", page=3), amendments, kind="ppp") == [
        ("subsidy", "government", "24000000.00", {"event": "completion", "offset": 60, "unit": "day"}),
        ("subsidy", "government", "36000000.00", {"date": "2026-11-30"})]


def test_a_supplier_named_inside_the_governments_own_payment_does_not_make_it_a_third_partys():
    assert _clauses("甲方在供货商将设备运抵现场并经验收合格之日起30日内支付合同总价的90%。", amount="1000000.00") == [
        ("payment", "government", "900000.00", {"event": "acceptance", "offset": 30, "unit": "day"})]


def test_pay_days_moved_off_holidays_land_on_working_days_before_or_after_and_only_payment_rules_count():
    back = _ROLL_RULE_RE.search("付款日遇法定节假日或休息日的，提前至其前的星期五")
    # 5 October 2026 (a Monday in the National Day holiday) → Friday 18 September (the 25th is 中秋), never later
    assert rolled(date(2026, 10, 5), back) == date(2026, 9, 18)
    forward = _ROLL_RULE_RE.search("付款日遇法定节假日或休息日的，顺延至其后的第一个星期一")
    assert rolled(date(2026, 10, 1), forward) == date(2026, 10, 12)  # Monday the 5th is still the holiday
    # a rule about other days (乙方交货日…) does not move the government's payment due on Saturday 3 October
    assert _clauses("乙方交货日遇星期六或星期日的，顺延至其后的第一个星期一。",
                    "甲方于2026年10月3日前支付合同总价的30%。", amount="1000000.00") == [
        ("payment", "government", "300000.00", {"date": "2026-10-03"})]


def test_a_bond_returned_with_a_years_share_falls_on_that_shares_day_as_finally_moved():
    # 17 March 2029 is a Saturday: the share is paid on Monday the 19th, and the bond with it
    assert _clauses("付款日遇星期六或星期日的，顺延至其后的第一个星期一。",
                    "三・(1) 扶持资金人民币1,200万元于2028年、2029年、2030年分三年等额兑现，每年的兑现期限为当年3月17日前。",
                    "四・(2) 乙方缴纳履约保证金人民币1,000万元，由甲方与2029年度扶持资金同期退还。", kind="investment")[1:] == [
        ("subsidy", "government", "4000000.00", {"date": "2029-03-19"}),
        ("subsidy", "government", "4000000.00", {"date": "2030-03-18"}),
        ("bond_return", "government", "10000000.00", {"date": "2029-03-19"})]


def test_eight_digits_in_brackets_are_a_day_only_after_a_date_and_only_when_they_are_one():
    assert _clauses("甲方于收到乙方发票（20261128）后10日内支付合同总价的30%。", amount="1000000.00") == [
        ("payment", "government", "300000.00", {"event": "invoice", "offset": 10, "unit": "day"})]
    assert _relative_days_dated("于最迟支付日期（20261399）前支付") == "于最迟支付日期（20261399）前支付"


def test_a_term_of_years_from_a_date_is_no_deadline_and_an_outer_limit_does_not_reach_past_a_dated_part():
    assert parse_deadline("自2026年1月1日起3年内，甲方每年给予乙方租金补贴人民币50万元") is None
    assert _clauses("甲方于2026年6月30日前支付合同总价的30%，乙方负责设备安装调试，最迟不晚于2026年8月31日。",
                    amount="1000000.00")[0] == ("payment", "government", "300000.00", {"date": "2026-06-30"})


def test_a_split_over_years_leaves_the_sentences_between_it_and_its_day_to_themselves():
    assert ("subsidy", "government", "500000.00", {"date": "2027-06-30"}) in _clauses(
        "三・(1) 扶持资金人民币1,200万元于2028年、2029年、2030年分三年等额兑现。甲方于2027年6月30日前向乙方支付厂房租金"
        "补贴人民币50万元。每年的兑现期限为当年7月15日前。", kind="investment")


def test_odd_tables_and_counts_are_left_alone_rather_than_guessed():
    assert same_as_group(TableBlock(["a", "b"], [[], ["", "同第1个运营年度"]], page=1), []).rows == [[], ["", "同第1个运营年度"]]
    # a season covering the whole year leaves no 施工日 to count; the 0th is none either
    for nth in ("第60个施工日", "第0个施工日"):
        assert _clauses("本县冬歇期为每年1月1日至12月31日。开工之日为2026年9月1日；",
                        "本合同所称“施工日”，自开工之日起按日历日连续计算，但冬歇期内的日历日不计入。",
                        f"发包人于{nth}前，向承包人支付人民币100,000.00元；", kind="bidding", amount="1000000.00") == []
    # a deduction larger than the sum is no negative payment
    intro = ("四・⑵　当年度政府付费分两期支付：第一期为40%，于该运营年度旅游旺季结束之日（9月30日）后的第一个星期五支付；第二期为60%，"
             "于该运营年度届满之日（次年4月30日）前的最后一个星期三支付（金额单位：万元）：")
    assert _document(
        Clause("一・⑶　本县旅游旺季为每年6月1日至9月30日；", page=1),
        Clause("四・⑴　当年度政府付费＝可用性付费－收入分成保底额。", page=1), Clause(intro, page=1),
        TableBlock(["运营年度", "起止", "可用性付费", "收入分成保底额"],
                   [["第1个运营年度", "2027年5月1日—2028年4月30日", "1,860.00", "2,100.00"]], page=1, intro=intro),
        kind="ppp")[0][2] == "18600000.00"  # (read as a table of yearly sums, as before the net was worked out)


def test_a_hand_correction_reaches_the_copy_of_a_clause_a_table_keeps_and_its_cells():
    table = TableBlock(["年度", "奖励（万元）"], [["2027年度", "150〔手写修改为：160〕"]], page=1,
                       intro="于该年度终了后4个月〔手写修改为：2个月〕内兑现：")
    [clause, table] = apply_hand_corrections([Clause("于该年度终了后4个月〔手写修改为：2个月〕内兑现：", page=1), table])
    assert (clause.text, table.intro, table.rows) == ("于该年度终了后2个月内兑现：", "于该年度终了后2个月内兑现：",
                                                      [["2027年度", "160"]])


def test_the_count_of_numbered_years_is_their_total_not_the_first_one_named():
    assert [due for *_, due in _clauses(
        "Ⅱ・B　服务部分，小计人民币400,000.00元，其中第7项运维及计量检定服务费人民币252,000.00元。",
        "Ⅳ・C　第一个运维年度自2026年12月1日起算，每十二个月为一个运维年度，运维服务共三个运维年度。每个运维年度的运维费"
        "＝第7项运维及计量检定服务费÷运维年度数，甲方于该运维年度届满之日起满二十日支付。", amount="3060000.00")] == [
        {"date": f"{y}-12-20"} for y in (2027, 2028, 2029)]


def test_a_progress_payment_net_of_retention_is_a_payment_and_a_qualified_days_name_keeps_its_qualifier():
    assert _clauses("发包人于2027年5月31日前向承包人支付第三期进度款人民币1,000,000.00元（已扣留3%质量保证金）。",
                    kind="bidding", amount="10000000.00") == [
        ("payment", "government", "1000000.00", {"date": "2027-05-31"})]
    # 首期补助的兑现之日 defines no bare 兑现之日 for the second instalment
    assert _clauses("首期补助的兑现之日为2027年3月1日。", "甲方于二期补助兑现之日起30日内退还履约保证金人民币100万元。",
                    kind="investment") == []


def test_a_named_sum_split_over_two_days_is_not_paid_whole_and_an_amending_table_deletes_clauses_not_words():
    assert ("payment", "government", "1200000.00", {"date": "2026-06-30"}) not in _clauses(
        "一、服务费用：本项目服务费用合计人民币1,200,000.00元。",
        "三、支付：服务费用由甲方于2026年6月30日前、2026年12月31日前分两次支付。", amount="1200000.00")
    amendments = TableBlock(["序号", "条款", "审核意见", "处理结果"], [
        ["1", "●四・3运营启动补助", "表述不准确", "删除“一次性”三字"]], page=2, intro="以本表为准：")
    assert _document(
        Clause("●四・3　运营启动补助：甲方于2027年3月31日前一次性给予乙方运营启动补助人民币500万元。", page=1),
        Clause("以本表为准：", page=2), amendments, kind="ppp") == [
        ("subsidy", "government", "5000000.00", {"date": "2027-03-31"})]


def test_a_patrol_fee_per_day_is_days_times_the_day_rate_less_the_advance_set_off_paid_after_each_periods_end():
    periods = TableBlock(["洄游期", "起始日", "结束日", "日单价", "付款期限"], [
        ["2026年洄游期", "2026年5月20日", "2026年8月31日", "4,680.00", "结束日后的第一个完整自然周的星期五"],
        ["2027年洄游期", "2027年5月10日", "2027年8月31日", "4,680.00", "同上"]],
        page=1, intro="★四・1　各洄游期的起止日期如下；每个洄游期的巡护服务费＝巡护日数×日单价：")
    result = _document(
        Clause("★三・2　甲方于2026年洄游期开始之日前的第三个工作日，为乙方巡护人员办妥保护区的进入许可；", page=1),
        Clause("★三・3　甲方于2026年11月的第一个完整自然周的星期一前，向乙方书面反馈2026年洄游期巡护考核结果；", page=1),
        periods,
        Clause("★四・2　甲方于2026年6月30日前向乙方支付启动资金人民币100,000.00元；启动资金在2026年洄游期的巡护服务费中一次扣回。",
               page=1),
        Clause("★四・3　增殖放流站运维费于当年12月的第一个完整自然周的星期三支付，每次人民币216,000.00元，2026、2027两个年度各"
               "支付一次。", page=1),
        Clause("★五・1　履约保证金人民币112,428.00元，甲方于2027年洄游期巡护服务费付款期限届满之日起满三十日无息退还。", page=1),
        amount="2248560.00")
    assert result == [
        # 20 May 2026 is a Wednesday: the third working day before it is Friday 15 May
        ("approval", "government", None, {"date": "2026-05-15"}),
        # 1 November 2026 is a Sunday: the first week wholly in November starts on Monday the 2nd
        ("other", "government", None, {"date": "2026-11-02"}),
        # 104 days (both ends counted) × 4,680 less the 100,000 advance; Monday 31 August → the week from 7 September
        ("payment", "government", "386720.00", {"date": "2026-09-11"}),
        ("payment", "government", "533520.00", {"date": "2027-09-10"}),  # 114 days; Tuesday 31 August 2027
        ("payment", "government", "100000.00", {"date": "2026-06-30"}),
        # December 2026 starts on a Tuesday: its first whole week's Wednesday is the 9th, not the 2nd
        ("payment", "government", "216000.00", {"date": "2026-12-09"}),
        ("payment", "government", "216000.00", {"date": "2027-12-08"}),
        ("bond_return", "government", "112428.00", {"date": "2027-10-10"}),
    ]


def test_node_payments_a_formula_over_the_tables_columns_works_out_are_paid_though_the_column_is_left_blank():
    nodes = TableBlock(["节点", "节点内容", "节点产值（万元）", "扣回预付款（元）", "实付金额（元）", "付款期限"], [
        ["N1", "输水主管完成", "1,150.00", "1,280,000.00", "", "2026年9月29日前"],
        ["N4", "全线通水验收合格", "790.00", "—", "", "2027年6月30日前"],
        ["合计", "", "1,940.00", "1,280,000.00", "", ""]],
        page=1, intro="Ⅲ（ⅱ）节点款：本节点实付金额＝节点产值×80%－本节点扣回预付款。“实付金额”一栏由监理人按上式计算后填写：")
    assert _document(nodes, kind="bidding", amount="38400000.00") == [
        ("payment", "government", "7920000.00", {"date": "2026-09-29"}),  # 11,500,000 × 80% − 1,280,000
        ("payment", "government", "6320000.00", {"date": "2027-06-30"})]  # nothing set off: 7,900,000 × 80%


def test_temporary_land_and_a_second_batch_of_supplied_pipes_are_the_employers_duties():
    assert _clauses("Ⅱ（ⅰ）管线沿线的临时占地，发包人于2026年5月的最后一个工作日前交付承包人；",
                    "Ⅱ（ⅲ）球墨铸铁管由发包人甲供，分两批运抵现场：第一批（输水主管用管）于2026年6月15日前，第二批（配水管网用管）于"
                    "2026年8月17日前；", kind="bidding", amount="38400000.00") == [
        ("land", "government", None, {"date": "2026-05-29"}),
        ("other", "government", None, {"date": "2026-06-15"}),
        ("other", "government", None, {"date": "2026-08-17"})]


def test_a_rent_subsidy_each_lease_year_works_out_by_its_formula_with_that_years_share():
    assert _clauses(
        "（二）・5　厂房租金每月每平方米人民币12元，由乙方按季缴纳；租赁年度自2026年7月1日起算，每十二个月为一个租赁年度。",
        "（三）・1　租金补贴：第一个租赁年度按实缴租金的100%补贴，第二个租赁年度按60%补贴，第三个租赁年度起不再补贴；补贴金额＝"
        "4,000平方米×12元×12个月×补贴比例，于该租赁年度届满之日后的第一个星期四兑现。", kind="investment") == [
        # the lease years end on Wednesday 30 June 2027 and Friday 30 June 2028
        ("subsidy", "government", "576000.00", {"date": "2027-07-01"}),
        ("subsidy", "government", "345600.00", {"date": "2028-07-06"})]


def test_a_water_price_payment_by_formula_with_a_yearly_coefficient_is_paid_in_halves_each_year():
    coefficients = TableBlock(["适用年度", "上年度CPI累计涨幅", "是否触发调价", "调价系数"], [
        ["2027年度", "1.6%", "否", "1.000"], ["2028年度", "2.5%", "是", "1.025"], ["2030年度起", "按中期评估确定", "—", "—"]],
        page=1, intro="调价系数表")
    result = _document(
        Clause("Ｄ・1　甲方按保底水量向乙方支付水价补贴：年度水价补贴＝保底水量×补贴单价。保底水量为每年365万立方米；基准补贴单价"
               "为每立方米人民币0.80元；补贴单价＝基准补贴单价×调价系数。", page=1),
        Clause("Ｄ・2　调价系数按下表确定：", page=1), coefficients,
        Clause("Ｄ・3　2027年度至2028年度的水价补贴，每个年度分上、下半年两次各支付一半：上半年部分于当年7月的第二个星期三前支付；"
               "下半年部分于次年1月的最后一个星期五前支付。", page=1), kind="ppp")
    # 3,650,000 m³ × 0.80 × 1.000 (2027) and × 1.025 (2028), each year in two halves
    assert result == [("payment", "government", "1460000.00", {"date": "2027-07-14"}),
                      ("payment", "government", "1460000.00", {"date": "2028-01-28"}),
                      ("payment", "government", "1496500.00", {"date": "2028-07-12"}),
                      ("payment", "government", "1496500.00", {"date": "2029-01-26"})]


def test_an_availability_payment_by_annuity_factor_prorates_a_short_first_year_and_stops_at_the_review():
    assert _clauses(
        "●一・2　项目总投资人民币贰亿肆仟万元（¥240,000,000.00）；运营年度与公历年度一致，首个运营年度为2027年3月1日至12月31日；",
        "●四・1　年度可用性付费＝项目总投资×年金系数，年金系数为0.0865；首个运营年度不足十二个月的，按实际运营月数占十二个月的"
        "比例折算。",
        "●四・2　2027年度的可用性付费一次支付，于2027年12月26日支付；2028年度起，每个运营年度的可用性付费分两次各支付一半，分别"
        "于当年6月30日和12月26日支付。上述日期为星期六或星期日的，提前至其前的星期五。2029年度起的可用性付费按中期评估结果调整。",
        kind="ppp") == [
        # 20,760,000 a year; 2027 runs ten months; Sunday 26 December 2027 moves back to Friday the 24th
        ("payment", "government", "17300000.00", {"date": "2027-12-24"}),
        ("payment", "government", "10380000.00", {"date": "2028-06-30"}),
        ("payment", "government", "10380000.00", {"date": "2028-12-26"})]


def test_a_payment_after_the_heating_season_the_sentence_names_and_the_bond_returned_with_it_by_its_label():
    assert _clauses(
        "一（3）本县供暖季为每年11月15日至次年3月15日。",
        "四（1）运行款：全部设备经2026—2027年供暖季运行，经农户满意度测评合格的，甲方支付合同总价的25%，即人民币4,680,000.00元，"
        "于该供暖季结束之日起满四十五日支付；",
        "四（2）质保金：合同总价的5%，即人民币936,000.00元。质保期为两个完整供暖季，至2028年3月15日届满；甲方于届满之日起"
        "满四十五日支付；",
        "五（1）乙方以银行保函提交履约担保，担保金额为合同总价的5%，即人民币936,000.00元；甲方与四（1）运行款同期退还保函原件；",
        amount="18720000.00") == [
        ("payment", "government", "4680000.00", {"date": "2027-04-29"}),  # 15 March 2027 + 45 days
        ("payment", "government", "936000.00", {"date": "2028-04-29"}),
        ("bond_return", "government", "936000.00", {"date": "2027-04-29"})]


def test_an_approval_within_days_bounded_by_a_date_and_a_day_before_a_festival_whose_date_is_bracketed():
    assert _clauses("2・03　承包人应于2026年5月10日前提交度汛方案；发包人于收到度汛方案之日起7日内批复，最迟不晚于2026年5月20日；",
                    "二・丙　发包人于2027年春节（2月6日）前的最后一个星期三前，会同县图书馆完成馆藏图书的回迁交接；",
                    kind="bidding", amount="46280000.00") == [
        ("other", "counterparty", None, {"date": "2026-05-10"}),
        ("other", "government", None, {"date": "2026-05-20"}),
        ("other", "government", None, {"date": "2027-02-03"})]  # Saturday 6 February 2027: the Wednesday before is the 3rd


def test_meeting_minutes_giving_a_table_row_a_new_time_owe_its_restated_sum_then_though_it_owed_nothing_before():
    rows = TableBlock(["笔次", "付款节点", "比例", "金额（元）", "付款期限"], [
        ["1", "合同签订", "10%", "4,628,000.00", "合同签订之日起14日内"],
        ["3", "右岸堤防完成", "20%", "9,256,000.00", "付款证书签发之日起14日内，最迟不晚于2026年封冻期开始之日前的第七日"]],
        page=1, intro="3・01　工程款按下表支付：")
    assert _document(
        rows, Clause("一、合同3・01表中第3笔的付款期限调整为：付款证书签发之日起14日内，最迟不晚于2026年10月的最后一个工作日；第3笔的"
                     "比例（20%）及金额（人民币9,256,000.00元）不变。", page=2),
        kind="bidding", amount="46280000.00") == [
        ("payment", "government", "4628000.00", {"event": "signing", "offset": 14, "unit": "day"}),
        ("payment", "government", "9256000.00", {"date": "2026-10-30"})]


def test_days_of_a_ten_day_part_a_month_on_and_anniversaries_are_the_days_they_name():
    assert _relative_days_dated("于2026年5月下旬的第三个工作日前") == "于2026年5月25日前"  # 21, 22, then Monday the 25th
    assert _relative_days_dated("于2026年6月中旬的最后一个工作日前") == "于2026年6月18日前"  # 19–21 June: 端午
    assert _relative_days_dated("2026年6月10日所在旬的次旬的最后一日") == "2026年6月20日"
    assert _relative_days_dated("于2026年6月10日所在旬的前一旬的最后一日前") == "于2026年5月31日前"
    assert _relative_days_dated("2026年9月28日所在旬的次旬的最后一日") == "2026年10月10日"  # 下旬's next is October's 上旬
    assert _corresponding_days("于质保期届满之日的次月对应日退还") == "于质保期届满之日起满1个月退还"
    assert _corresponding_days("于2026年1月31日的次月对应日") == "于2026年2月28日"  # no 31 February: its last day
    assert _corresponding_days("于2026年10月28日后第二个月的对应日") == "于2026年12月28日"
    assert _corresponding_days("于投产之日的第二个周年日兑现") == "于投产之日起满24个月兑现"


def test_goods_paid_in_a_ratio_by_a_table_counting_from_its_start_column_roll_off_holidays_and_the_bond_rest_is_returned():
    shares = TableBlock(["期次", "款项", "分配份额", "付款条件", "起算日", "付款期限"], [
        ["一", "预付款", "3", "合同签订", "合同签订之日", "起算日起满半个月"],
        ["二", "到货款", "5", "到货验收合格", "交货期限（2026年6月10日）", "起算日所在旬的次旬的最后一日"],
        ["三", "验收款", "2（另加培训及演练费）", "终验合格", "终验期限（2026年9月28日）", "〃"],
        ["合计", "", "10", "", "", ""]],
        page=1, intro="伍-1　货物部分按3∶5∶2的比例分三期支付，第三期同时支付第5项培训及演练费。“〃”表示与上一行相同：")
    result = _document(
        Clause("贰-2　合同总价为人民币8,700,000.00元。第1至4项合称“货物部分”，小计人民币8,600,000.00元；第5项培训及演练费"
               "人民币100,000.00元。", page=1),
        Clause("肆-1　交货期限为2026年6月10日；终验期限为2026年9月28日；质保期为终验合格之日起两年。", page=1),
        shares,
        Clause("注：付款期限遇法定节假日或休息日的，顺延至其后的第一个工作日；调休上班日为工作日，不顺延。", page=1),
        Clause("陆-1　乙方已缴纳履约保证金，金额为合同总价的5%，即人民币435,000.00元。终验合格后，其中合同总价的3%即人民币"
               "261,000.00元转为质量保证金，其余人民币174,000.00元由甲方于第三期付款期限届满之日起满一个月无息退还；", page=1),
        Clause("陆-2　质量保证金由甲方于质保期届满之日的次月对应日无息退还；", page=1),
        amount="8700000.00")
    assert result == [
        ("payment", "government", "2580000.00", {"event": "signing", "offset": 15, "unit": "day"}),
        # 20 June 2026 is a Saturday in 端午: paid on Monday the 22nd
        ("payment", "government", "4300000.00", {"date": "2026-06-22"}),
        # 10 October 2026 is a 调休 Saturday, a working day: not moved
        ("payment", "government", "1820000.00", {"date": "2026-10-10"}),
        ("bond_return", "government", "174000.00", {"date": "2026-11-10"}),
        ("retention_return", "government", "261000.00", {"event": "warranty_end", "offset": 1, "unit": "month"})]


def test_a_festivals_two_editions_are_paid_by_countdown_and_closing_day_each_at_its_own_fee():
    instalments = TableBlock(["笔次", "比例（占该届服务费）", "付款条件", "付款期限", "适用届次"], [
        ["第一笔", "40%", "执行方案经甲方确认", "该届倒计时第45日", "2026届、2027届"],
        ["第二笔", "50%", "该届活动圆满结束", "该届闭幕之日起满二十五日", "2026届、2027届"],
        ["第三笔", "10%", "满意度测评合格", "该届闭幕之日所在月份的次月的最后一个星期五", "2026届、2027届"]],
        page=1, intro="四（甲）每届服务费分笔支付，各笔的比例及付款期限如下表：")
    result = _document(
        Clause("一（乙）嶅溇歌圩节每年11月的第一个星期五开幕，会期三日，开幕之日为会期的第一日，会期的最后一日为闭幕之日；", page=1),
        Clause("一（丙）服务费：2026届人民币1,186,000.00元，2027届人民币1,236,000.00元；", page=1),
        Clause("二（甲）本合同所称“倒计时第N日”，指该届歌圩节开幕之日前的第N日。", page=1),
        Clause("三（甲）甲方于2026届倒计时第60日前，书面确定主会场的使用安排；", page=1),
        instalments,
        Clause("五（甲）履约保证金人民币121,100.00元，甲方于2027届第二笔付款期限届满之日起满十日无息退还；", page=1),
        amount="2422000.00")
    # opening days Friday 6 November 2026 and 5 November 2027; closing two days later
    assert result == [
        ("other", "government", None, {"date": "2026-09-07"}),
        ("payment", "government", "474400.00", {"date": "2026-09-22"}),
        ("payment", "government", "593000.00", {"date": "2026-12-03"}),
        ("payment", "government", "118600.00", {"date": "2026-12-25"}),
        ("payment", "government", "494400.00", {"date": "2027-09-21"}),
        ("payment", "government", "618000.00", {"date": "2027-12-02"}),
        ("payment", "government", "123600.00", {"date": "2027-12-31"}),
        ("bond_return", "government", "121100.00", {"date": "2027-12-12"})]  # the 2027 edition's second payment + 10


def test_works_paid_by_a_sugar_seasons_countdown_with_a_formula_per_road_section_and_retention_years_on():
    payments = TableBlock(["笔次", "支付节点", "计算方式", "付款期限"], [
        ["2", "路段A完工", "路段A合同价款×70%", "2026/2027年榨季开榨倒计时第15日"],
        ["4", "全部工程完工验收合格", "累计支付至签约合同价的80%（含预付款）", "完工验收合格之日起28日内"],
        ["6", "质量保证金", "签约合同价的3%", "2028/2029年榨季开榨倒计时第3日"]],
        page=1, intro="三．（2）其余工程款按下表支付，表中不列示金额：")
    result = _document(
        Clause("一．（2）签约合同价为人民币28,600,000.00元，其中路段A合同价款人民币9,680,000.00元，路段B合同价款人民币"
               "11,240,000.00元；", page=1),
        Clause("一．（3）2026/2027年榨季的开榨之日，县糖业发展服务中心已公告为2026年11月20日；以后各榨季的开榨之日按当年11月20日计，"
               "榨季结束之日按次年3月31日计。", page=1),
        Clause("一．（4）本合同所称“开榨倒计时第N日”，指该榨季开榨之日前的第N日。", page=1),
        Clause("二．（1）路段A施工场地，发包人于2026/2027年榨季开榨倒计时第120日前移交承包人；", page=1),
        Clause("二．（2）路段C施工场地由发包人于2026/2027年榨季结束之日的次日移交承包人；", page=1),
        Clause("三．（1）预付款：签约合同价的10%，即人民币2,860,000.00元，于合同签订之日起满七日支付。", page=1),
        payments, kind="bidding", amount="28600000.00")
    assert result == [
        ("land", "government", None, {"date": "2026-07-23"}),
        ("land", "government", None, {"date": "2027-04-01"}),
        ("payment", "government", "2860000.00", {"event": "signing", "offset": 7, "unit": "day"}),
        ("payment", "government", "6776000.00", {"date": "2026-11-05"}),
        # 80% less the 10% advance and section A's 6,776,000
        ("payment", "government", "13244000.00", {"event": "completion", "offset": 28, "unit": "day"}),
        ("retention_return", "government", "858000.00", {"date": "2028-11-17"})]


def test_cheque_dated_instalments_a_service_fee_over_numbered_periods_rounded_down_and_a_bond_after_a_rows_last_day():
    build = TableBlock(["序号", "款项", "计算方式", "付款条件", "最迟支付日期"], [
        ["1", "预付款", "建设部分×30%", "合同签订", "贰零贰陆年零柒月壹拾伍日"],
        ["3", "终验款", "建设部分×25%", "终验合格", "贰零贰陆年壹拾贰月贰拾伍日"]], page=1, intro="Ⅲ-(1)　建设部分按下表支付：")
    periods = TableBlock(["期次", "运维期间"], [
        ["第一期", "2027年1月1日—2027年6月30日"], ["第二期", "2027年7月1日—2027年12月31日"],
        ["第三期", "2028年1月1日—2028年6月30日"]], page=2,
        intro="Ⅳ-(2)　每期运维费＝第6项运维服务费÷3，计至分位，分位以下舍去；舍去部分累计计入最后一期。每期运维费于该期届满之日的"
              "次月第十日支付，该日为星期六或星期日的，顺延至其后的星期一；法定节假日不另行调整。各期对应的运维期间如下：")
    result = _document(
        Clause("Ⅰ-(2)　合同总价为人民币4,310,000.00元。第1至5项合称“建设部分”，小计人民币3,960,000.00元；第6项运维服务费人民币"
               "100,000.00元。", page=1),
        build, Clause(periods.intro, page=2), periods,
        Clause("Ⅴ-(1)　履约保证金人民币215,500.00元；甲方于终验款最迟支付日期起满三十日无息退还；", page=2),
        amount="4310000.00")
    assert result == [
        ("payment", "government", "1188000.00", {"date": "2026-07-15"}),
        ("payment", "government", "990000.00", {"date": "2026-12-25"}),
        # 100,000 ÷ 3 = 33,333.33 twice, the third takes the cent left; 10 July 2027 is a Saturday
        ("payment", "government", "33333.33", {"date": "2027-07-12"}),
        ("payment", "government", "33333.33", {"date": "2028-01-10"}),
        ("payment", "government", "33333.34", {"date": "2028-07-10"}),
        ("bond_return", "government", "215500.00", {"date": "2027-01-24"})]


def test_days_of_a_set_the_contract_defines_count_from_signing_a_defined_day_an_instalment_and_within_a_month():
    rows = TableBlock(["笔次", "付款节点", "比例／金额（元）", "付款期限"], [
        ["1", "合同签订", "10%／4,218,000.00", "合同签订之日后的第一个支付批次日"],
        ["2", "堤身加培完成", "25%／10,545,000.00", "2026年入梅之日前的最后一个支付批次日"],
        ["3", "涵闸完成", "25%／10,545,000.00", "2026年出梅之日后的第二个支付批次日"],
        ["6", "质量保证金", "3%／1,265,400.00", "完工验收合格之日的第二个周年日"]], page=1, intro="叁（一）工程款按下表支付：")
    ex = extractor("42180000.00", kind="bidding")
    ex.fields.signed_on = date(2026, 3, 18)
    blocks = [Clause("壹（三）本合同约定：2026年入梅之日为6月10日，出梅之日为7月10日；", page=1),
              Clause("壹（四）本合同所称“支付批次日”，指淠峃市财政国库集中支付每月的第二个星期四和第四个星期四；某日“前（后）的支付"
                     "批次日”均不含该日当日。", page=1),
              Clause("贰（一）施工场地，发包人于2026年清明节假期前的第二个工作日移交承包人；", page=1),
              Clause("贰（四）发包人于2026年4月的第二个支付批次日前，取得穿堤涵闸的水行政许可；", page=1),
              rows,
              Clause("肆（一）履约保证金人民币2,109,000.00元；发包人于第3笔付款期限后的第一个支付批次日无息退还；", page=1)]
    ex.learn([b for b in blocks if isinstance(b, Clause)], [rows])
    for b in blocks:
        ex.add_table(b) if isinstance(b, TableBlock) else ex.add_clause(b)
    assert [(o.kind, o.amount and str(o.amount), o.due.as_json()) for o in ex.found] == [
        ("land", None, {"date": "2026-04-02"}),  # 清明 4–6 April: Friday the 3rd, then Thursday the 2nd
        ("approval", None, {"date": "2026-04-23"}),  # April's Thursdays 2, 9, 16, 23, 30: the 9th and the 23rd
        ("payment", "4218000.00", {"date": "2026-03-26"}),  # signed Wednesday 18 March: the 26th
        ("payment", "10545000.00", {"date": "2026-05-28"}),  # the last before 10 June
        ("payment", "10545000.00", {"date": "2026-08-13"}),  # after 10 July: the 23rd, then 13 August
        ("retention_return", "1265400.00", {"event": "completion", "offset": 24, "unit": "month"}),
        ("bond_return", "2109000.00", {"date": "2026-08-27"})]


def test_a_yearly_ceremony_named_by_the_contract_dates_payments_land_and_retention_and_a_node_dates_the_bond():
    rows = TableBlock(["笔次", "支付节点", "比例", "本期应付", "其中：人工费", "付款期限"], [
        ["2", "大木归安完成（节点一）", "30%", "4,944,000.00", "1,977,600.00", "2026年祭孔大典之日前的第三个工作日"],
        ["3", "东西两庑修缮完成（节点二）", "25%", "4,120,000.00", "1,648,000.00", "2026年冬季停工期开始之日前的最后一个星期三"],
        ["6", "质量保证金", "3%", "494,400.00", "—", "2029年祭孔大典之日的前一日"]],
        page=1, intro="（C）-1　工程款按下表支付。“其中：人工费”已包含在本期应付内，不另行支付（金额单位：元）：")
    assert _document(
        Clause("（A）-3　本县每年9月28日（孔子诞辰纪念日）在文庙举行祭孔大典，以下称“祭孔大典之日”；", page=1),
        Clause("（A）-4　本工程冬季停工期为每年12月16日至次年2月15日。", page=1),
        Clause("（B）-3　发包人于2026年祭孔大典之日后的第一个工作日，将上述场地重新移交承包人；", page=1),
        rows,
        Clause("（D）-1　履约保证金人民币824,000.00元；发包人于节点二付款期限届满之日起满九十日无息退还；", page=1),
        kind="bidding", amount="16480000.00") == [
        ("land", "government", None, {"date": "2026-09-29"}),  # 28 September 2026 is a Monday
        ("payment", "government", "4944000.00", {"date": "2026-09-22"}),  # 25–27 September: 中秋
        ("payment", "government", "4120000.00", {"date": "2026-12-09"}),  # 16 December is itself a Wednesday
        ("retention_return", "government", "494400.00", {"date": "2029-09-27"}),
        ("bond_return", "government", "824000.00", {"date": "2027-03-09"})]


def test_a_revised_annex_of_cumulative_sums_is_paid_yearly_by_difference_and_the_voided_original_owes_nothing():
    void = TableBlock(["运营年度", "年度可用性付费（万元）", "第一次支付", "第二次支付"], [
        ["2027年度", "2,846.00", "2027年6月30日前", "2027年12月31日前"]], page=3,
        intro="【作废】本原稿系招标阶段文本，已由附件二（修订稿）替代，仅保留备查，不作为付费依据。")
    revised = TableBlock(["运营年度", "截至该运营年度末累计应付可用性付费", "备注"], [
        ["2027年度", "2,846.00", "按第9条计算"], ["2028年度", "5,748.92", "按第9条计算"],
        ["2030年度起", "按中期评估结果确定", "—"]], page=4, intro="可用性付费改按累计应付额列示（金额单位：万元）：")
    assert _document(
        Clause("第2条　运营期自2027年1月1日起算，运营年度与公历年度一致。", page=1),
        Clause("第8条　中央预算内投资人民币4,800万元作为建设期补助，由甲方分两次拨付乙方：60%于2026年国庆节假期开始之日前的倒数"
               "第二个工作日拨付；其余40%于2027年1月的第三个星期四拨付。", page=2),
        Clause("第9条　（二）每个运营年度的可用性付费分两次各支付一半：上半年部分于当年6月的最后一个星期五支付，下半年部分于次年1月的"
               "第二个星期三支付；", page=2),
        Clause("第12条　乙方已提交建设期履约保函人民币1,500万元，甲方于运营期开始之日起满一百八十日退还保函原件。", page=2),
        void, revised, kind="ppp") == [
        ("subsidy", "government", "28800000.00", {"date": "2026-09-29"}),  # 30 September, then 29 September
        ("subsidy", "government", "19200000.00", {"date": "2027-01-21"}),
        ("bond_return", "government", "15000000.00", {"date": "2027-06-30"}),  # 1 January 2027 + 180 days
        ("payment", "government", "14230000.00", {"date": "2027-06-25"}),
        ("payment", "government", "14230000.00", {"date": "2028-01-12"}),
        ("payment", "government", "14514600.00", {"date": "2028-06-30"}),  # (5,748.92 − 2,846.00) 万元 ÷ 2
        ("payment", "government", "14514600.00", {"date": "2029-01-10"})]


def test_a_yearly_fee_over_billing_spans_prorates_a_short_first_year_by_days_and_keeps_back_five_percent():
    years = TableBlock(["运营年度", "计费起止日期", "付款时间"], [
        ["2027年度", "2027年2月16日—2027年12月31日", "2028年1月的第三个星期四"],
        ["2028年度", "2028年1月1日—2028年12月31日", "2029年1月的第三个星期四"],
        ["2030年度起", "—", "按中期评估结果确定"]], page=1, intro="〔Ⅳ〕-3　各运营年度的计费期间如下表，表中不列示金额：")
    assert _document(
        Clause("〔Ⅲ〕-1　专项资金人民币2,400万元作为建设期补助，甲方于2026年第四季度的第二十个工作日拨付乙方；", page=1),
        Clause("〔Ⅳ〕-1　年度可用性付费为人民币1,825万元。首个运营年度不足一年的，按该运营年度实际运营天数（首尾两日均计入）占全年"
               "天数（按365日计）的比例折算，计至元。", page=1),
        Clause("〔Ⅳ〕-2　甲方每次支付可用性付费时，留存当期应付额的5%作为移交维修保证金，实付当期应付额的95%。", page=1),
        Clause(years.intro, page=1), years, kind="ppp") == [
        # 1–7 October off, Saturday the 10th worked: the twentieth working day is 3 November
        ("subsidy", "government", "24000000.00", {"date": "2026-11-03"}),
        ("payment", "government", "15152500.00", {"date": "2028-01-20"}),  # 319 ÷ 365 × 18,250,000 × 95%
        ("payment", "government", "17337500.00", {"date": "2029-01-18"})]


def test_a_training_base_ppp_dates_land_by_a_quoted_season_grants_by_a_yearly_week_and_pays_only_the_fixed_part():
    years = TableBlock(["运营学年", "起止日期", "可用性付费", "其中：固定部分", "其中：绩效挂钩部分"], [
        ["2027—2028学年", "2027年9月1日—2028年8月31日", "1,360.00", "按4-1-1计算", "按4-1-3计算"],
        ["2030—2031学年起", "—", "按中期评估结果确定", "—", "—"]],
        page=1, intro="4-1-4　各运营学年的可用性付费如下（金额单位：万元）：")
    assert _document(
        Clause("1-1-3　建设期自2026年5月1日至2027年2月28日；试运营期自2027年3月1日至2027年8月31日；正式运营期自2027年9月1日起算。",
               page=1),
        Clause("1-2-1　本县“三夏”期间约定为每年5月25日至6月25日；职业教育活动周开始之日为每年5月的第二个星期一；", page=1),
        Clause("2-1-1　实训基地用地约120亩，甲方于2026年“三夏”结束之日后的第一个工作日交付乙方；", page=1),
        Clause("3-1-1　专项资金人民币2,000万元作为建设期补助：60%于2026年职业教育活动周开始之日前的第三个工作日拨付乙方；其余40%于"
               "2026年教师节（9月10日）所在周的星期一拨付乙方。", page=1),
        Clause("3-1-2　试运营期补助人民币300万元，甲方于试运营期结束之日后的第二个星期一支付。", page=1),
        Clause("4-1-1　每个运营学年的可用性付费为人民币1,360万元，其中70%为固定部分，30%为绩效挂钩部分。", page=1),
        Clause("4-1-2　固定部分于该学年结束之日（8月31日）后的第二个星期一支付，不因法定节假日调整。", page=1),
        Clause(years.intro, page=1), years, kind="ppp") == [
        ("land", "government", None, {"date": "2026-06-26"}),
        # 11 May 2026, the second Monday: back over Saturday the 9th, a 调休 working day, to Thursday the 7th
        ("subsidy", "government", "12000000.00", {"date": "2026-05-07"}),
        ("subsidy", "government", "8000000.00", {"date": "2026-09-07"}),
        ("subsidy", "government", "3000000.00", {"date": "2027-09-13"}),  # the trial ends Tuesday 31 August 2027
        ("payment", "government", "9520000.00", {"date": "2028-09-11"})]


def test_a_grant_of_the_lower_of_a_share_and_a_cap_is_paid_on_anniversaries_and_a_planned_listing_dates_the_land():
    assert _signed(
        date(2026, 9, 4),
        "［二］-1　甲方于本协议签订之日所在旬的次旬的第一个工作日，将标准厂房C3栋交付乙方作为过渡生产车间；",
        "［二］-3　项目用地计划于2026年10月28日挂牌成交；乙方竞得后，甲方于该计划成交之日后第二个月的对应日交付净地；",
        "［三］-1　设备补助：按乙方生产设备投资的8%与人民币3,000万元孰低确定。乙方承诺生产设备投资4.2亿元，据此确定设备补助。"
        "设备补助于一期投产之日的第一个周年日兑现一半，于第二个周年日兑现其余一半。") == [
        ("other", "government", None, {"date": "2026-09-11"}),  # signed in 上旬: 中旬 begins Friday 11 September
        ("land", "government", None, {"date": "2026-12-28"}),  # the listing plan itself owes nothing
        # 4.2亿 × 8% = 3,360万, above the 3,000万 cap
        ("subsidy", "government", "15000000.00", {"event": "production_start", "offset": 12, "unit": "month"}),
        ("subsidy", "government", "15000000.00", {"event": "production_start", "offset": 24, "unit": "month"})]


def test_a_grant_rising_each_year_a_reward_for_listed_sugar_seasons_and_a_resolutions_meeting_day_owes_nothing():
    assert _clauses(
        "甲．(3)　2026/2027年榨季的开榨之日已公告为2026年11月20日；以后各榨季的开榨之日按当年11月20日计，榨季结束之日按次年3月31日计。",
        "甲．(4)　本合同所称“某日的次月对应日”，指次月中与该日日期数相同的日。",
        "丙．(1)　设备补助：按乙方生产设备投资的4%计算，以人民币900万元为限。设备补助分三年兑现：2028年兑现人民币200万元，以后"
        "每年比上一年增加人民币100万元；每年的兑现期限为当年5月的第三个星期二。",
        "丙．(2)　蔗渣收储奖励：乙方在一个榨季内收储蔗渣达到20万吨的，甲方给予奖励人民币60万元，于该榨季结束之日的次月对应日兑现；"
        "本款执行2027/2028、2028/2029两个榨季。",
        "县人民代表大会常务委员会第二十三次会议于2026年5月20日审议通过《决议》：同意将该项目设备补助人民币900万元分别纳入"
        "2028年、2029年、2030年县级财政预算；", kind="investment") == [
        ("subsidy", "government", "2000000.00", {"date": "2028-05-16"}),
        ("subsidy", "government", "3000000.00", {"date": "2029-05-15"}),
        ("subsidy", "government", "4000000.00", {"date": "2030-05-21"}),
        ("subsidy", "government", "600000.00", {"date": "2028-04-30"}),  # 31 March + a month: 30 April
        ("subsidy", "government", "600000.00", {"date": "2029-04-30"})]


def test_halves_of_a_month_a_weekday_after_a_festivals_holiday_and_a_rent_subsidy_at_a_rate_rising_each_year():
    assert _clauses(
        "①之4　本协议所称“上半月”，指每月1日至15日；“下半月”，指每月16日至该月最后一日。",
        "②之1　甲方于2026年清明节假期结束后的第一个星期三，将标准厂房4号、5号交付乙方；",
        "②之2　甲方于2026年4月的上半月内，协助乙方完成项目备案及环境影响登记表备案；",
        "②之3　二期厂房用地约40亩，甲方于2026年6月下半月的第一个工作日交付净地；",
        "②之4　厂房租金为每月每平方米人民币13元，自第二个租赁年度起每年在上一租赁年度单价的基础上上浮3%；租赁年度自2026年5月"
        "16日起算，每十二个月为一个租赁年度。",
        "③之1　租金补贴：第一个租赁年度按该年度实缴租金的100%补贴，第二个租赁年度按50%补贴，第三个租赁年度起不再补贴。补贴金额"
        "＝8,000平方米×该租赁年度的租金单价×12个月×补贴比例，于该租赁年度届满之日所在月份的下半月内兑现。",
        kind="investment") == [
        ("other", "government", None, {"date": "2026-04-08"}),  # 清明 off 4–6 April: Wednesday the 8th
        ("approval", "government", None, {"date": "2026-04-15"}),
        ("land", "government", None, {"date": "2026-06-16"}),
        ("subsidy", "government", "1248000.00", {"date": "2027-05-31"}),  # 8,000 × 13 × 12
        ("subsidy", "government", "642720.00", {"date": "2028-05-31"})]  # 8,000 × 13.39 × 12 × 50%


def test_a_reward_advanced_on_a_pledged_quantity_and_a_table_rows_sum_net_of_a_set_off_a_later_clause_gives():
    assert _clauses(
        "◆三・2　鲜奶收购奖励：乙方每收购本县牧户牦牛鲜奶1吨，甲方奖励人民币100元。乙方承诺2027年挤奶季收购量不低于8,000吨，"
        "甲方按承诺收购量的80%计算预拨额，于2027年5月26日预拨；挤奶季结束后按实际收购量清算，多退少补。",
        kind="investment") == [("subsidy", "government", "640000.00", {"date": "2027-05-26"})]  # 8,000 × 100 × 80%
    plan = TableBlock(["期次", "款项", "付款条件", "比例", "金额（元）", "最迟支付日期"], [
        ["04", "验收款", "终验合格", "20%", "见№5・3", "2026年11月27日"]], page=1, intro="№5・1　甲方按下表支付合同价款：")
    assert _document(
        plan, Clause("№5・3　乙方回收旧信号机86台，回收款为人民币18,600.00元，由甲方在支付第04期款项时直接扣减：第04期实付金额＝"
                     "合同总价×20%－旧信号机回收款。", page=1), amount="5386000.00") == [
        ("payment", "government", "1058600.00", {"date": "2026-11-27"})]


def test_a_storage_subsidy_per_storage_year_before_the_spring_festival_inside_it_and_a_bond_after_the_first_harvest():
    rows = TableBlock(["补助项目", "期间", "金额", "拨付期限"], [
        ["代储补贴", "2026—2027储存年度", "2,000吨×120元", "该储存年度内的春节前"],
        ["代储补贴", "2027—2028储存年度", "2,000吨×120元", "同上"]], page=1, intro="〔丙〕四　执行安排汇总如下：")
    ex = extractor("72000000.00", kind="ppp")
    ex.fields.signed_on = date(2026, 4, 22)
    blocks = [Clause("〔甲〕三　本协议所称“秋收季”，指每年9月15日至11月15日；“储存年度”，指每年7月1日至次年6月30日。", page=1), rows,
              Clause("〔丁〕一　乙方已缴纳建设期履约保证金人民币300万元；首个秋收季的烘干作业经甲方考核合格的，甲方于该秋收季结束之日"
                     "起满一个月无息退还；", page=1)]
    ex.learn([b for b in blocks if isinstance(b, Clause)], [rows])
    for b in blocks:
        ex.add_table(b) if isinstance(b, TableBlock) else ex.add_clause(b)
    assert [(o.kind, o.amount and str(o.amount), o.due.as_json()) for o in ex.found] == [
        ("subsidy", "240000.00", {"date": "2027-02-05"}),  # 春节 2027 falls on 6 February, inside 2026—2027
        ("subsidy", "240000.00", {"date": "2028-01-25"}),
        ("bond_return", "3000000.00", {"date": "2026-12-15"})]  # signed in April: the 2026 harvest, ending 15 November


def test_a_supplementary_clause_postponing_a_listing_moves_it_and_the_handover_counted_from_it():
    assert _clauses(
        "第四条　甲方于2026年7月31日前将项目用地按工业用地组织挂牌出让；",
        "第五条　乙方竞得后，甲方于挂牌期限届满之日起满一百二十日按“七通一平”标准交付净地。",
        "第十九条　（补充）因开发区国土空间规划调整，第四条的挂牌期限顺延至2026年8月31日；第五条的净地交付期限相应顺延，仍为"
        "挂牌期限届满之日起满一百二十日。", kind="investment") == [
        ("land", "government", None, {"date": "2026-08-31"}),
        ("land", "government", None, {"date": "2026-12-29"})]  # 31 August + 120 days


def test_a_peak_season_subsidy_paid_in_thirds_on_the_even_months_inside_the_season():
    rows = TableBlock(["补贴类别", "期间", "金额", "拨付时点"], [
        ["旺季补贴", "2027年旺季", "96.00", "该旺季内逢双月的25日前，各拨付三分之一"]],
        page=1, intro="（D）　上述补贴的执行期间及金额如下表（金额单位：万元）：")
    assert _document(Clause("（C）　本协议所称“旺季”，指每年5月1日至10月31日。", page=1), Clause(rows.intro, page=1), rows,
                     kind="ppp") == [
        ("subsidy", "government", "320000.00", {"date": f"2027-{m}-25"}) for m in ("06", "08", "10")]


def test_review_of_1_150_to_1_170_words_after_a_date_and_table_columns_keep_ordinary_duties():
    # 通过 after a day is a resolution passed only after a meeting; paying 通过国库集中支付系统 is still owed
    assert _clauses("甲方于2026年6月30日前通过国库集中支付系统向乙方支付合同总价的30%。", amount="1000000.00") == [
        ("payment", "government", "300000.00", {"date": "2026-06-30"})]
    # a column named 付款日 that a condition mentions (乙方于付款日前提交发票) is still each row's day
    rows = TableBlock(["期次", "付款条件", "比例", "付款日"], [
        ["1", "乙方于付款日前提交发票", "30%", "2026年6月30日"], ["2", "验收合格", "70%", "2026年12月31日"]], page=1, intro="甲方按下表支付：")
    assert _document(rows, amount="1000000.00") == [
        ("payment", "government", "300000.00", {"date": "2026-06-30"}),
        ("payment", "government", "700000.00", {"date": "2026-12-31"})]
    # a table that replaces another is no void one
    plan = TableBlock(["期次", "付款条件", "比例", "付款期限"], [["1", "合同签订", "30%", "2026年6月30日前"]], page=1,
                      intro="付款计划（本表已由双方协商确定，替代原合同附件三）：")
    assert _document(plan, amount="1000000.00") == [("payment", "government", "300000.00", {"date": "2026-06-30"})]


def test_review_of_1_150_to_1_170_days_named_once_keep_their_own_meaning_and_offsets():
    # a time limit's end counts on from its day
    assert _clauses("交货期限为2026年6月10日。", "甲方于交货期限届满之日起30日内支付合同总价的30%。", amount="1000000.00") == [
        ("payment", "government", "300000.00", {"date": "2026-07-10"})]
    assert _clauses("甲方于交货期限（2026年6月10日）届满之日起30日内支付合同总价的30%。", amount="1000000.00") == [
        ("payment", "government", "300000.00", {"date": "2026-07-10"})]
    # a festival that 开始 names no other 开始之日
    assert _clauses("本县桃花节每年3月的第三个星期六开始。", "甲方于2026年国庆节假期开始之日前的倒数第二个工作日拨付补助人民币100万元。",
                    kind="ppp") == [("subsidy", "government", "1000000.00", {"date": "2026-09-29"})]
    # the trial's start is not the operation's
    assert _clauses("试运营期自2027年3月1日起算；正式运营期自2027年9月1日起算。",
                    "甲方于运营期开始之日起满一百八十日退还履约保函人民币1,500万元。", kind="ppp") == [
        ("bond_return", "government", "15000000.00", {"date": "2028-02-28"})]
    # an impossible day (an OCR slip) leaves the words as they are
    assert _clauses("本合同所称“支付批次日”，指每月的第二个星期四和第四个星期四。",
                    "甲方于2026年2月30日后的第一个支付批次日支付奖励人民币10万元。") == []
    # each 该采摘季 is the season named nearest before it
    assert _that_season_named("2026年采摘季结束后，甲方于该采摘季结束之日支付50%，2027年采摘季结束后，甲方于该采摘季结束之日支付"
                              "其余50%").count("2027年采摘季结束之日") == 1


def test_review_of_1_150_to_1_170_sums_keep_their_thousands_cents_and_every_edition():
    nodes = TableBlock(["节点", "节点产值（元）", "实付金额（元）", "付款期限"], [["N1", "1,000,000.00", "", "2026年9月29日前"]],
                       page=1, intro="本节点实付金额＝节点产值×80%－10,000.00。")
    assert _document(nodes, kind="bidding", amount="38400000.00") == [
        ("payment", "government", "790000.00", {"date": "2026-09-29"})]
    thirds = TableBlock(["期次", "分配份额", "付款期限"], [
        ["一", "1", "2026年6月30日前"], ["二", "1", "2026年8月31日前"], ["三", "1", "2026年10月31日前"]],
        page=1, intro="货物部分按1∶1∶1的比例分三期支付：")
    assert [a for _, _, a, _ in _document(Clause("第1至4项合称“货物部分”，小计人民币1,000,000.00元。", page=1), thirds,
                                          amount="1000000.00")] == ["333333.33", "333333.33", "333333.34"]
    editions = TableBlock(["笔次", "比例（占该届服务费）", "付款条件", "付款期限", "适用届次"], [
        ["第一笔", "40%", "方案确认", "该届闭幕之日起满二十五日", "2026届至2028届"]], page=1, intro="每届服务费按下表支付：")
    result = _document(Clause("歌圩节每年11月的第一个星期五开幕，会期三日。", page=1),
                       Clause("服务费：2026届人民币100万元，2027届人民币110万元，2028届人民币120万元；", page=1), editions)
    assert [a for _, _, a, _ in result] == ["400000.00", "440000.00", "480000.00"]


def test_days_counted_in_a_month_or_quarter_after_a_day_months_and_days_on_and_festivals_glossed_with_their_lunar_day():
    assert _relative_days_dated("2026年6月20日所在月份的次月的倒数第十日") == "2026年7月的倒数第十日"
    assert parse_deadline("于2026年7月的倒数第十日前", bare_date_ok=True).date == date(2026, 7, 22)
    assert parse_deadline(_relative_days_dated("于2028年12月31日所在季度的次季度首月的第十五日"), bare_date_ok=True).date \
        == date(2029, 1, 15)
    assert _relative_days_dated("于2026年6月8日起满二十日的次日") == "于2026年6月29日"
    assert _relative_days_dated("2026年8月25日起满三个月之日所在月份的最后一日") == "2026年11月30日"
    assert _relative_days_dated("2029年2月28日起满一个月又十五日之日") == "2029年4月12日"  # 28 March, then fifteen days
    assert _relative_days_dated("2027年端午节（农历五月初五）前第十日") == "2027年5月30日"  # 端午 2027 is 9 June
    assert _relative_days_dated("2027年春节（农历正月初一）后的第二个星期一") == "2027年2月15日"  # 春节 2027: Saturday 6 February
    assert _relative_days_dated("于缺陷责任期届满（2029年4月30日）之日后的第一个星期五") == "于2029年5月4日"
    assert _relative_days_dated("甲方于2025—2026年采暖期结束（2026年4月20日）后的第一个工作日") == "甲方于2026年4月21日"


def test_an_exams_first_and_last_days_date_duties_counted_from_them():
    assert _clauses(
        "❶-1　本合同所称“高考”，指2026年普通高等学校招生全国统一考试，于2026年6月7日开考、6月9日结束；“中考”，指2026年"
        "潕澬市初中学业水平考试，于2026年6月24日开考、6月26日结束。",
        "❸-2　甲方于高考开考之日前的第二十一个工作日（自开考之日的前一日起倒数计算），取得省无线电管理机构的核准文件；",
        "❸-3　甲方于高考开考之日所在月份的前一个月的最后一个工作日前，完成各考点机房的供电及网络改造并移交乙方安装；",
        "❸-5　甲方于中考结束之日的次日起的第三个工作日，组织各考点向乙方移交需返厂检修的设备；") == [
        ("approval", "government", None, {"date": "2026-05-09"}),  # back over May Day to the 调休 Saturday
        ("other", "government", None, {"date": "2026-05-29"}),
        ("other", "government", None, {"date": "2026-07-01"})]  # Friday 26 June: Monday 29, Tuesday 30, 1 July


def test_instalments_of_the_remainder_each_take_a_share_of_what_the_ones_before_left_and_a_warranty_end_with_a_gloss():
    rows = TableBlock(["期次", "付款条件", "计算基数", "比例", "付款期限"], [
        ["第一期", "合同签订", "合同总价", "30%", "2026年10月19日前"],
        ["第二期", "到货验收合格", "第一期支付后的剩余价款", "60%", "2026年11月27日前"],
        ["第三期", "终验合格", "第二期支付后的剩余价款", "90%", "2027年2月25日前"],
        ["第四期", "质保期届满", "第三期支付后的剩余价款", "100%", "质保期届满之日起满一个月又十五日"]],
        page=1, intro="「戊」1　合同价款按下表分四期支付：")
    assert _document(
        Clause("「丁」2　质保期自终验合格之日起算，至2029年2月15日（2028—2029年凝冻期结束之日）届满。", page=1), rows,
        amount="4600000.00") == [
        ("payment", "government", "1380000.00", {"date": "2026-10-19"}),
        ("payment", "government", "1932000.00", {"date": "2026-11-27"}),  # 60% of 3,220,000
        ("payment", "government", "1159200.00", {"date": "2027-02-25"}),  # 90% of 1,288,000
        ("payment", "government", "128800.00", {"date": "2029-03-30"})]  # 15 February + a month + fifteen days
