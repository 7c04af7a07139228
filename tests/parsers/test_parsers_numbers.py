"""Money, percents and dates as contracts write them, always as Decimal and date."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from parsers.numbers import (
    cn_to_decimal,
    evaluate,
    find_money,
    money,
    parse_date,
    parse_money,
    parse_percent,
    percent_str,
)


@pytest.mark.parametrize(("text", "yuan"), [
    ("人民币壹佰贰拾万元整", "1200000.00"),
    ("（大写：人民币陆拾捌万壹仟陆佰元整）", "681600.00"),
    ("壹拾捌亿零叁佰万元整", "1803000000.00"),
    ("人民币叁拾陆万元整", "360000.00"),
    ("人民币壹佰元伍角陆分", "100.56"),
    ("伍元零捌分", "5.08"),  # no 角, eight 分
    ("¥1,200,000.00", "1200000.00"),
    ("￥360000", "360000.00"),
    ("计人民币7,358,760.00元", "7358760.00"),
    ("120万元", "1200000.00"),
    ("12.5万元", "125000.00"),
    ("人民币5000万元", "50000000.00"),
    ("项目计划总投资5亿元", "500000000.00"),
    ("人民币1,707,000.00光。", "1707000.00"),  # OCR read 元 as 光: the 人民币 prefix still marks money
    ("两万元", "20000.00"),
])
def test_money_in_any_written_form_becomes_yuan_with_two_places(text, yuan):
    value = parse_money(text)
    assert value == Decimal(yuan)
    assert str(value) == yuan


@pytest.mark.parametrize("text", ["2024年6月30日", "合同签订后30日内", "30%", "第3条", "5万平方米", "12个月", "序号 3"])
def test_dates_percents_periods_and_bare_numbers_are_not_money(text):
    assert parse_money(text) is None


def test_money_is_never_a_float_and_rounds_half_up():
    assert money(Decimal("0.005")) == Decimal("0.01")
    assert isinstance(parse_money("¥1.005元"), Decimal)
    assert money("8058645") == Decimal("8058645.00")


def test_a_sentence_with_a_percent_and_an_amount_yields_just_the_amount():
    found = find_money("预付款：合同签订后7日内支付签约合同价的30%作为工程预付款，计人民币7,358,760.00元。")
    assert [m.value for m in found] == [Decimal("7358760.00")]


def test_digits_and_their_upper_case_spelling_are_two_mentions_of_one_amount():
    found = find_money("本合同总价为人民币681,600.00元（大写：人民币陆拾捌万壹仟陆佰元整）")
    assert [(m.value, m.upper) for m in found] == [(Decimal("681600.00"), False), (Decimal("681600.00"), True)]


@pytest.mark.parametrize(("text", "pct"), [
    ("支付合同总价的30%", "30"), ("百分之五十", "50"), ("百分之三十五", "35"), ("0.5‰", "0.05"),
    ("万分之五", "0.05"), ("千分之一", "0.1"), ("97.5%", "97.5"),
])
def test_percents_in_digits_words_and_per_mille(text, pct):
    assert parse_percent(text) == Decimal(pct)


def test_a_share_written_as_a_fraction_is_a_percent_kept_exact_and_written_to_four_places():
    assert parse_percent("第一期为补助总额的四分之一") == Decimal(25)
    assert parse_percent("二十分之一") == Decimal(5)
    third = parse_percent("各拨付三分之一")
    assert money(Decimal(960000) * third / 100) == Decimal("320000.00")
    assert percent_str(third) == "33.3333"
    assert parse_percent("百分之二十") == Decimal(20)  # not 分之二十 of a hundred twice


def test_a_percent_is_written_without_trailing_zeros():
    assert percent_str(Decimal("30.00")) == "30"
    assert percent_str(Decimal("2.50")) == "2.5"
    assert percent_str(None) is None


@pytest.mark.parametrize(("text", "day"), [
    ("2024年6月30日", date(2024, 6, 30)),
    ("签订日期：二〇二四年三月十五日", date(2024, 3, 15)),
    ("二〇二五年十二月三十一日前", date(2025, 12, 31)),
    ("2024-06-30", date(2024, 6, 30)),
    ("2024/6/3", date(2024, 6, 3)),
    ("2024 年 9 月 1 日", date(2024, 9, 1)),
    ("2024年2月底前", date(2024, 2, 29)),
    ("2025年底前", date(2025, 12, 31)),
    ("2025年第三季度末前", date(2025, 9, 30)),
    ("2026年一季度内", date(2026, 3, 31)),
    ("2027年上半年内", date(2027, 6, 30)),
    ("2026年下半年结束前", date(2026, 12, 31)),
    ("2025年12月的最后一个工作日前", date(2025, 12, 31)),
    ("2027年元旦前", date(2026, 12, 31)),
    ("2026年国庆节前", date(2026, 9, 30)),
    ("二〇二六年六月底前", date(2026, 6, 30)),
    ("2027年“五一”劳动节前", date(2027, 4, 30)),
    ("2028年劳动节前", date(2028, 4, 30)),
    ("不迟于2027年元月15日", date(2027, 1, 15)),
    ("2029年度第四季度内", date(2029, 12, 31)),
    ("2027年度上半年内", date(2027, 6, 30)),
    ("于27年9月底前交付", date(2027, 9, 30)),
    ("27年6月30日前", date(2027, 6, 30)),
    # the day before the lunar new year, which moves: 26 January 2028, 13 February 2029
    ("于2028年春节前支付", date(2028, 1, 25)),
    ("于2029年春节前支付", date(2029, 2, 12)),
    ("于2026年中秋节前开放", date(2026, 9, 24)),
    ("于2028年元宵节前兑现", date(2028, 2, 8)),
    ("2026年端午节前", date(2026, 6, 18)),
    ("2027年“七一”前", date(2027, 6, 30)),
    # festivals on a fixed day of the solar year (教师节 10 September, “六一” 1 June) and lunar ones (重阳 9/9)
    ("于2026年教师节前支付", date(2026, 9, 9)),
    ("于2027年“六一”儿童节前支付", date(2027, 5, 31)),
    ("2028年“八一”建军节前", date(2028, 7, 31)),
    ("2027年植树节前", date(2027, 3, 11)),
    ("2026年重阳节前", date(2026, 10, 17)),
    # the solar terms (节气) by their computed days, and 龙抬头 (the second day of the second lunar month)
    ("2026年冬至前", date(2026, 12, 21)),
    ("2026年立冬前", date(2026, 11, 6)),
    ("2027年清明节前", date(2027, 4, 4)),
    ("于2027年农历二月初二前拨付", date(2027, 3, 8)),
    ("2028年农历二月初二（龙抬头）前", date(2028, 2, 25)),
    # 除夕 is the day before 春节 (6 February 2027); 前第十日 counts back from the festival itself
    ("2027年除夕前", date(2027, 2, 4)),
    ("于2027年除夕前第十日支付", date(2027, 1, 26)),
    ("甲方于二零二六年冬至前交付净地", date(2026, 12, 21)),
    ("于2026年中国农民丰收节前拨付", date(2026, 9, 22)),  # the harvest festival is 秋分, 23 September 2026
    # a part of a month (旬): by its 10th, 20th or last day
    ("于2028年12月上旬无息退还", date(2028, 12, 10)),
    ("2027年4月中旬", date(2027, 4, 20)),
    ("2026年12月下旬", date(2026, 12, 31)),
    ("二〇二七年二月下旬", date(2027, 2, 28)),
    # a month in Chinese numerals after a year in figures
    ("于2027年三月底以前", date(2027, 3, 31)),
    ("2027年十一月上旬", date(2027, 11, 10)),
    # a day named by a season, defined by the date in brackets, which wins over the festival's own day
    ("于2027年春耕前（3月15日前）将土地经营权流转给乙方", date(2027, 3, 15)),
    ("2027年春节前（1月20日前）", date(2027, 1, 20)),
])
def test_chinese_dates_become_dates(text, day):
    assert parse_date(text) == day


def test_a_two_digit_year_is_a_date_only_with_its_month_and_day():
    assert parse_date("特许经营期27年6个月") is None
    assert parse_date("运营期第27年9月30日") is None
    assert parse_date("2027年9月30日") == date(2027, 9, 30)


def test_new_years_day_is_a_date_only_as_a_deadline_before_it():
    assert parse_date("2027年元旦") is None
    assert parse_date("2026年国庆节") is None
    assert parse_date("2027年劳动节") is None
    assert parse_date("2026年春节假期结束后的首个工作日") is None


def test_a_months_last_working_day_skips_its_weekend_and_holidays():
    assert parse_date("2026年1月的最后一个工作日") == date(2026, 1, 30)  # the 31st is a Saturday
    assert parse_date("2025年9月最后一个工作日前") == date(2025, 9, 30)  # a Tuesday
    assert parse_date("2025年2月的最后一个工作日") == date(2025, 2, 28)  # a Friday
    assert parse_date("2026年2月的最后一个工作日") == date(2026, 2, 28)  # a Saturday worked (春节调休)
    assert parse_date("2031年5月的最后一个工作日") == date(2031, 5, 30)  # no calendar yet: the 31st is a Saturday


def test_a_months_nth_working_day_counts_past_the_holiday_and_its_worked_saturday():
    # 1–7 October 2026 are the National Day holiday and Saturday the 10th is worked: the 8th is the first
    assert parse_date("于2026年10月的第10个工作日前") == date(2026, 10, 20)
    assert parse_date("2026年9月第1个工作日") == date(2026, 9, 1)
    assert parse_date("2026年10月的第30个工作日") is None  # the month has fewer


def test_a_day_named_by_its_place_among_the_months_working_days_or_weekdays_is_that_day():
    # November 2026 ends on a Monday: its last working days are the 30th, 27th and 26th
    assert parse_date("止：2026年11月的倒数第三个工作日") == date(2026, 11, 26)
    assert parse_date("于2026年8月的第三个星期五前") == date(2026, 8, 21)  # the 7th, 14th, 21st
    # a whole week (Monday to Sunday) in the month: December 2026 starts on a Tuesday, its first whole week on the 7th
    assert parse_date("于2026年12月的第一个完整自然周的星期三") == date(2026, 12, 9)
    assert parse_date("2026年8月的第四个完整周的星期日") == date(2026, 8, 30)  # Mondays 3, 10, 17, 24 August
    # September 2026's fourth Monday is the 28th, but that week ends in October: no fourth whole week
    assert parse_date("2026年9月的第三个完整自然周的星期一") == date(2026, 9, 21)
    assert parse_date("2026年9月的第四个完整自然周的星期一") is None
    assert parse_date("于2026年8月的第二个星期一前") == date(2026, 8, 10)
    assert parse_date("于2026年9月的最后一个星期三前") == date(2026, 9, 30)
    assert parse_date("不迟于2027年9月的最后一个周五") == date(2027, 9, 24)
    assert parse_date("2026年2月的第五个星期一") is None  # February 2026 has four


def test_a_day_of_a_lunar_year_named_by_its_stem_and_branch_is_its_solar_date():
    # 丙午 is the lunar year that starts on 17 February 2026; its 腊八 (腊月初八) is 15 January 2027
    assert parse_date("于2027年春节前的农历丙午年腊八节（腊月初八）前支付") == date(2027, 1, 14)  # before 腊八: its eve
    assert parse_date("己酉年腊八节前") == date(2030, 1, 10)
    assert parse_date("2027年春节前，即农历丙午年腊月二十（含当日）前") == date(2027, 1, 27)  # the day itself
    assert parse_date("农历丙午年腊月二十五前") == date(2027, 2, 1)
    assert parse_date("丁未年正月初十前") == date(2027, 2, 15)
    assert parse_date("丙午年腊月三十") is None  # that 腊月 has 29 days
    assert parse_date("甲丑年腊月初八前") is None  # no year is 甲丑 (a stem and a branch of unlike parity)
    # no year named: nothing to date
    assert parse_date("承包人应于农历腊月二十三前结清农民工工资") is None
    assert parse_date("于每个农历年的腊八节前缴纳") is None


def test_a_quarters_last_day_or_last_working_day_is_its_last_months():
    assert parse_date("于2026年第三季度的最后一个工作日前") == date(2026, 9, 30)
    assert parse_date("于2026年第一季度的最后一个工作日前") == date(2026, 3, 31)
    assert parse_date("于2027年第二季度的最后一日前") == date(2027, 6, 30)
    assert parse_date("于2027年2月的最后一日前") == date(2027, 2, 28)


@pytest.mark.parametrize("text", ["2025年度", "每月5日前", "2024年13月1日", "第1年", "2月30日",
                                  "2025年第四季度服务费", "2026年上半年度考核"])
def test_years_recurring_days_and_impossible_dates_are_not_dates(text):
    assert parse_date(text) is None


@pytest.mark.parametrize(("text", "value"), [("十五", 15), ("两", 2), ("一百零五", 105), ("二〇二四", 2024), ("零点五", 0.5)])
def test_chinese_numerals(text, value):
    assert cn_to_decimal(text) == Decimal(str(value))


def test_a_formula_of_numbers_percents_units_and_names_works_out_or_gives_nothing():
    known = {"节点产值": Decimal(11_500_000), "本节点扣回预付款": Decimal(1_280_000), "补贴比例": Decimal("0.6")}.get
    assert evaluate("节点产值×80%－本节点扣回预付款", known) == Decimal(7_920_000)
    assert evaluate("4,000平方米×12元×12个月×补贴比例", known) == Decimal(345_600)
    assert evaluate("365万立方米×0.80元", known) == Decimal(2_920_000)
    assert evaluate("（1＋2）×3÷4", known) == Decimal("2.25")
    # an unknown name, a dangling operator, a division by nothing: no figure
    assert evaluate("未知量×2", known) is None and evaluate("1＋", known) is None and evaluate("5÷0", known) is None


def test_a_day_written_in_capitals_as_on_a_cheque_is_that_day():
    # 票据出票日期: 零 before a month of 1, 2 or 10 and before a day of 1 to 9, 10, 20 or 30
    assert parse_date("贰零贰陆年零壹拾月零叁拾日") == date(2026, 10, 30)
    assert parse_date("贰零贰陆年零柒月壹拾伍日") == date(2026, 7, 15)
    assert parse_date("贰零贰陆年壹拾贰月贰拾伍日") == date(2026, 12, 25)
    assert parse_date("贰零贰陆年零贰月叁拾日") is None  # no 30 February
