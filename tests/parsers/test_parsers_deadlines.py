"""The deadline grammar, sentence by sentence: trigger event, number, unit and bound, or a date."""

from __future__ import annotations

from datetime import date

import pytest

from parsers.deadlines import EVENTS, Deadline, event_of, find_deadlines, parse_deadline, words_for


def due(text: str, **kw) -> dict | None:
    d = parse_deadline(text, **kw)
    return d.as_json() if d else None


def ev(event: str, offset: int, unit: str = "day") -> dict:
    return {"event": event, "offset": offset, "unit": unit}


@pytest.mark.parametrize(("sentence", "expected"), [
    ("发包人应在合同签订后7日内向承包人支付签约合同价的30%", ev("signing", 7)),
    ("甲方应自本合同签订之日起5个工作日内无息退还", ev("signing", 5, "working_day")),
    ("自合同签订之日起十五日内", ev("signing", 15)),
    ("本合同生效后一个月内", ev("signing", 1, "month")),
    ("合同签订后，采购人应在5个工作日内支付合同总价30%的预付款", ev("signing", 5, "working_day")),
    ("货物全部送达甲方指定地点后15个工作日内，甲方向乙方支付", ev("delivery", 15, "working_day")),
    ("乙方交货后，甲方应在三十日内付清货款", ev("delivery", 30)),
    ("交货后两周内", ev("delivery", 14)),
    ("自第一批货物全部签收之日的次日起算第15日前", ev("delivery", 15)),  # the goods signed for
    ("货物经甲方验收合格后20个工作日内", ev("acceptance", 20, "working_day")),
    ("服务终验合格后15日内", ev("acceptance", 15)),
    ("方案设计成果经发包人组织评审通过，设计人提交付款申请及发票之日起10个工作日内", ev("invoice", 10, "working_day")),
    ("工程结算经筠溪市财政投资评审中心评审，委托人收到评审报告之日起30日内", ev("settlement", 30)),
    ("系统初验合格后20日内", ev("acceptance", 20)),
    ("服务期满且期满考核合格之日起15个工作日内支付", ev("acceptance", 15, "working_day")),
    ("验收合格后，甲方应在10个工作日内支付合同价款的60%", ev("acceptance", 10, "working_day")),
    ("验收合格后半个月内", ev("acceptance", 15)),
    ("收到乙方开具的合法有效发票后30日内支付", ev("invoice", 30)),
    ("验收合格并收到发票后10日内支付", ev("invoice", 10)),
    ("工程竣工验收合格后30日内", ev("completion", 30)),
    ("发包人应在工程接收证书颁发后28天内将履约担保退还给承包人", ev("completion", 28)),
    ("竣工结算审核完成后28日内，发包人支付至结算价的97%", ev("settlement", 28)),
    ("结算审计完成后30天内", ev("settlement", 30)),
    ("竣工结算由市财政投资评审中心审核；发包人在审核结论出具之日起56天内支付至审定结算价的97%", ev("settlement", 56)),
    ("缺陷责任期满后14日内，发包人将质量保证金无息返还承包人", ev("warranty_end", 14)),
    ("质保期满且无质量问题的，甲方在质保期满后30个工作日内向乙方无息支付", ev("warranty_end", 30, "working_day")),
    ("质保期满后支付剩余尾款", ev("warranty_end", 0)),
    ("项目进入商业运营日后90日内，甲方将建设期履约保证金退还乙方", ev("operation_start", 90)),
    ("进入运营期后30日内", ev("operation_start", 30)),
    ("项目投产后12个月内，甲方给予设备投资补助", ev("production_start", 12, "month")),
    ("在乙方项目竣工投产之日起三个月内", ev("production_start", 3, "month")),
    ("投产后1年内", ev("production_start", 12, "month")),
    ("中标通知书发出之日起30日内", ev("award_notice", 30)),
    ("不超过合同签订后30日", ev("signing", 30)),
    ("发包人于竣工验收合格之日起满28日无息退还", ev("completion", 28)),
    ("甲方于项目正式运营之日起满三十日退还保函原件", ev("operation_start", 30)),
    ("预付款：合同签订后第7个工作日前", ev("signing", 7, "working_day")),
    ("竣工验收款：竣工验收合格后第28日前", ev("completion", 28)),
])
def test_an_event_and_a_period_make_an_event_deadline(sentence, expected):
    assert due(sentence) == expected


@pytest.mark.parametrize(("sentence", "day"), [
    ("甲方应于2024年6月30日前完成", "2024-06-30"),
    ("不迟于2024年9月30日交付", "2024-09-30"),
    ("最迟不晚于2024年12月31日", "2024-12-31"),
    ("乙方竞得后，甲方交付净地最迟不超过2027年1月31日", "2027-01-31"),
    ("于2025年3月1日之前", "2025-03-01"),
    ("在2025年6月底前", "2025-06-30"),
    ("甲方应于二〇二四年三月十五日以前完成", "2024-03-15"),
    ("（一）2025年度奖励人民币200万元，甲方于2026年6月30日前兑现；", "2026-06-30"),
    ("截至2025年6月30日", "2025-06-30"),
    ("管道铺设完成且经监理人审核后，发包人于2024年10月31日前向承包人支付签约合同价的20%", "2024-10-31"),
    # a period after a stated day: five working days across 国庆 and its 调休 Saturday (10 October)
    ("计量日（2026年9月30日）后5个工作日内", "2026-10-13"),
    ("于2026年9月30日后15日内支付", "2026-10-15"),
])
def test_a_fixed_date_with_a_bound_is_a_date_deadline(sentence, day):
    assert due(sentence) == {"date": day}


@pytest.mark.parametrize("sentence", [
    "签订日期：2024年12月14日",
    "计划开工日期：2024年9月10日；计划竣工日期：2025年1月7日。",
    "服务期限：自2025年6月10日起至2026年6月9日止",
    "乙方应于每月5日前向甲方提交上月服务工作报告",
    "质量保证期为24个月，自货物验收合格之日起计算",
    "合作期满前18个月，双方应成立移交委员会",
    "乙方应在签订本合同前向甲方提交合同总价5%的履约保证金",
    "承包人应在材料和工程设备到货前24小时通知监理人检验",
    "甲方承诺项目投产后前三年按地方留成部分的50%给予奖励",
    "2025年度奖励人民币200万元",
    "逾期超过15日的，甲方有权解除合同",
    "截至2025年12月31日，甲方尚欠丙方运维服务费人民币487.35万元",  # the day a balance stands at
])
def test_dates_that_are_not_deadlines_and_periods_without_a_known_event(sentence):
    found = [d for d in find_deadlines(sentence) if d.bound != "at"]
    assert found == []


@pytest.mark.parametrize(("sentence", "expected"), [
    ("项目正式开业运营之日起三个月内，甲方给予乙方一次性开业奖励人民币300万元", ev("operation_start", 3, "month")),
    ("自项目开业之日起六个月内，甲方兑现开业奖励", ev("operation_start", 6, "month")),
    ("酒店正式营业后30日内，甲方拨付运营补助", ev("operation_start", 30)),
    ("项目建成开业后一年内，甲方给予贷款贴息", ev("operation_start", 12, "month")),
])
def test_opening_for_business_is_the_start_of_operation(sentence, expected):
    assert due(sentence) == expected


def test_an_opening_award_or_a_duty_to_open_is_not_an_event_deadline():
    assert find_deadlines("甲方给予乙方一次性开业奖励人民币300万元") == []
    assert [d.as_json() for d in find_deadlines("乙方应于2025年10月1日前开工，两年内建成开业。")] == [
        {"date": "2025-10-01"}]


def test_a_period_before_the_event_is_not_a_deadline_after_it():
    assert due("商业运营日前30日内") is None


def test_a_table_cell_may_hold_a_bare_date():
    assert due("2026年12月31日") is None
    assert due("2026年12月31日", bare_date_ok=True) == {"date": "2026-12-31"}


def test_two_deadlines_in_one_sentence_come_back_in_order():
    found = find_deadlines("乙方应于合同签订后45日内将全部货物送达甲方指定地点，并在到货后7日内完成安装、调试。")
    assert [d.as_json() for d in found] == [ev("signing", 45), ev("delivery", 7)]


def test_the_event_table_maps_each_trigger_phrase():
    assert [event_of(p) for p in ("合同签订", "到货", "验收合格", "收到发票", "竣工验收合格", "结算审核完成",
                                  "缺陷责任期满", "商业运营日", "投产", "中标通知书发出")] == [
        "signing", "delivery", "acceptance", "invoice", "completion", "settlement", "warranty_end",
        "operation_start", "production_start", "award_notice"]


def test_a_parenthesised_length_inside_the_warranty_period_does_not_hide_its_end():
    assert due("质保期（二年）届满后十五日内由甲方无息支付给乙方") == ev("warranty_end", 15)
    assert due("缺陷责任期（两年）满后，甲方应在二十八日内返还") == ev("warranty_end", 28)


@pytest.mark.parametrize(("sentence", "expected"), [
    ("景区正式对外开放之日起十二个月内，甲方给予乙方旅游发展奖励人民币壹仟万元整。", ev("operation_start", 12, "month")),
    ("博物馆向公众开放后30日内，甲方拨付运营补助", ev("operation_start", 30)),
    ("项目建成并对外营业后6个月内，甲方兑现奖励", ev("operation_start", 6, "month")),
    ("乐园正式开园之日起一年内，甲方给予乙方宣传推广补助", ev("operation_start", 12, "month")),
    ("项目投入运营后三个月内", ev("operation_start", 3, "month")),
])
def test_opening_a_venue_to_the_public_is_the_start_of_operation(sentence, expected):
    assert due(sentence) == expected


def test_a_duty_to_open_to_the_public_by_a_date_stays_a_date():
    assert [d.as_json() for d in find_deadlines("一期项目应于2028年10月1日前建成并对外营业。")] == [{"date": "2028-10-01"}]


@pytest.mark.parametrize("sentence", [
    "尾款：合同金额的5%作为尾款，在质保期（免费运维期，自终验合格之日起一年）满后一个月内无息支付。",
    "质量保证金在缺陷责任期（自工程竣工验收合格之日起计算，为期两年）届满后一个月内返还",
    "质保期（自货物验收合格之日起24个月）期满后1个月内，甲方无息退还履约保证金",
    "免费运维期（自终验合格之日起一年）结束后一个月内，甲方支付剩余5%",
])
def test_a_parenthesis_defining_the_warranty_period_is_not_the_deadline_its_end_is(sentence):
    assert due(sentence) == ev("warranty_end", 1, "month")


def test_a_settlement_approved_by_a_long_named_review_centre_is_the_settlement_event():
    (d,) = find_deadlines("工程结算经县财政投资评审中心审定后一个月内，支付至审定结算价的97%。")
    assert (d.event, d.offset, d.unit) == ("settlement", 1, "month")


def test_a_day_on_which_a_term_ends_is_no_term_start_and_the_first_working_day_after_it_is_the_deadline():
    # 31 October 2026 is a Saturday: the first working day after it is Monday 2 November
    found = parse_deadline("合同于2026年10月31日到期，甲方于到期后第一个工作日退还。")
    assert found is not None and found.date is not None and found.date.isoformat() == "2026-11-02"
    assert parse_deadline("质保期届满后的首个工作日支付").as_json() == {
        "event": "warranty_end", "offset": 1, "unit": "working_day"}


def test_passing_the_first_acceptance_is_acceptance():
    (d,) = find_deadlines("系统部署完毕并通过初验之日起满30日，甲方支付软件及实施费的二成。")
    assert (d.event, d.offset, d.unit) == ("acceptance", 30, "day")


def test_the_day_the_government_accepts_the_work_is_acceptance_but_the_day_acceptance_is_asked_for_is_not():
    assert parse_deadline("城区两个市场改造完成并经甲方验收之日起15个工作日内").as_json() == {
        "event": "acceptance", "offset": 15, "unit": "working_day"}
    assert parse_deadline("乙方申请验收之日起10日内") is None


@pytest.mark.parametrize("event", [name for name, _ in EVENTS])
@pytest.mark.parametrize(("offset", "unit"), [(0, "day"), (15, "day"), (10, "working_day"), (18, "month")])
def test_the_words_for_a_due_rule_read_back_as_it(event, offset, unit):
    due = Deadline(0, 0, event=event, offset=offset, unit=unit)
    assert parse_deadline(f"甲方于{words_for(due)}支付人民币10万元").as_json() == due.as_json()


def test_the_words_for_a_date_read_back_as_it():
    due = Deadline(0, 0, date=date(2027, 6, 25))
    assert words_for(due) == "2027年6月25日前"
    assert parse_deadline(f"于{words_for(due)}支付").as_json() == {"date": "2027-06-25"}


def test_a_count_of_working_days_after_the_event_by_the_end_of_the_nth_is_that_many():
    assert parse_deadline("甲方自本协议签订之日起，于第30个工作日结束前将一期项目用地挂牌出让").as_json() == {
        "event": "signing", "offset": 30, "unit": "working_day"}
    assert parse_deadline("甲方于竣工验收合格之日起第二十个工作日结束前退还保函原件").as_json() == {
        "event": "completion", "offset": 20, "unit": "working_day"}


def test_the_nth_day_after_a_stated_day_is_a_day_but_a_bare_count_after_one_is_not():
    (d,) = find_deadlines("于2028年3月31日起满20日，甲方支付余款。")
    assert d.date is not None and d.date.isoformat() == "2028-04-20"
    assert find_deadlines("于2028年3月31日起20日，甲方支付余款。") == []


def test_a_day_listed_after_another_time_under_the_same_yu_is_the_deadline():
    (d,) = find_deadlines("B片区施工场地于2027年春节假期结束后、2027年2月下旬移交承包人")
    assert d.date is not None and d.date.isoformat() == "2027-02-28"
    assert find_deadlines("乙方承诺，春节假期结束后、2027年2月下旬开工") == []


def test_a_second_count_of_full_months_is_counted_from_the_same_event():
    found = find_deadlines("设备安装调试完毕并经甲方组织验收之日起满两个月兑现人民币720万元，满十四个月兑现人民币720万元")
    assert [d.as_json() for d in found] == [{"event": "acceptance", "offset": 2, "unit": "month"},
                                            {"event": "acceptance", "offset": 14, "unit": "month"}]
    # a count with no event before it stays no deadline
    assert find_deadlines("乙方承租，满十四个月后可申请续租") == []


def test_ships_put_into_service_on_their_routes_start_the_operation():
    (d,) = find_deadlines("新建客船全部投入航线运营之日起满三个月，甲方无息退还。")
    assert (d.event, d.offset, d.unit) == ("operation_start", 3, "month")


def test_the_first_working_day_after_a_date_is_the_next_working_day():
    # 30 June 2029 is a Saturday: the first working day after it is Monday 2 July
    assert parse_deadline("发包人于2029年6月30日后的首个工作日将质量保证金无息返还承包人").date == date(2029, 7, 2)
    assert parse_deadline("于2026年9月30日之后的第一个工作日支付").date == date(2026, 10, 8)  # after 国庆 (1–7 October)


def test_whole_months_from_a_date_end_on_the_same_day_or_the_months_last():
    # 民法典 art. 202: six months from 31 August 2026 end on 28 February 2027, which has no 31st
    assert parse_deadline("于2026年8月31日起满六个月兑现；", bare_date_ok=True).date == date(2027, 2, 28)
    assert parse_deadline("于2026年8月15日起满一年退还；", bare_date_ok=True).date == date(2027, 8, 15)
