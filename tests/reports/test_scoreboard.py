"""The credit office compares how reliably agencies and districts pay, and drills into the contracts behind it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from contracts.core.errors import DomainError
from monitor.reports import scoreboard
from tests.reports.conftest import ThreeAgencies

H1 = {"start": date(2025, 1, 1), "end": date(2025, 6, 30)}
D = Decimal


def _rows(report: dict) -> dict:
    return {r["name"]: r for r in report["rows"]}


def test_each_agencys_payment_figures_match_the_hand_count(session, three_agencies: ThreeAgencies):
    report = scoreboard.build(session, scoreboard.Query.make(**H1))
    rows = _rows(report)
    edu, health, transport = rows["某县教育局"], rows["某县卫生健康委员会"], rows["某区交通运输局"]

    assert (edu["payments_due"], edu["payments_due_amount"], edu["paid_on_time"], edu["paid_on_time_amount"]) == (
        3, D("600000.00"), 1, D("200000.00"))
    assert (edu["on_time_rate"], edu["on_time_amount_rate"]) == (D("0.3333"), D("0.3333"))
    # 进度款 10 days late; 尾款 due 05-31 unpaid on 07-01: 31 days.
    assert (edu["payments_late"], edu["late_days"], edu["avg_days_late"]) == (2, 41, D("20.5"))
    assert edu["overdue_outstanding"] == D("50000.00")

    assert (health["payments_due"], health["payments_due_amount"], health["paid_on_time"]) == (2, D("500000.00"), 2)
    assert (health["on_time_rate"], health["avg_days_late"], health["overdue_outstanding"]) == (
        D("1.0000"), None, D("0.00"))

    assert (transport["payments_due"], transport["payments_due_amount"], transport["paid_on_time"]) == (
        1, D("400000.00"), 0)
    assert (transport["on_time_rate"], transport["avg_days_late"], transport["overdue_outstanding"]) == (
        D("0.0000"), D("1.0"), D("400000.00"))


def test_the_integrity_score_follows_the_documented_formula(session, three_agencies):
    report = scoreboard.build(session, scoreboard.Query.make(**H1))
    rows = _rows(report)
    edu = rows["某县教育局"]
    # on_time 33.3, days_late 100×(1−20.5/90)=77.2, overdue 100×(1−50,000/600,000)=91.7; no open
    # findings, records or upheld complaints: 100 each.
    assert edu["components"] == {"on_time": D("33.3"), "days_late": D("77.2"), "overdue": D("91.7"),
                                 "findings": D("100.0"), "records": D("100.0"), "complaints": D("100.0")}
    assert edu["score"] == D("68.7")  # (40×33.3 + 15×77.2 + 15×91.7 + 10×100 + 15×100 + 5×100) / 100 = 68.655
    assert rows["某县卫生健康委员会"]["score"] == D("100.0")
    assert rows["某区交通运输局"]["score"] == D("44.8")  # (0 + 15×98.9 + 0 + 1000 + 1500 + 500) / 100
    totals = report["totals"]
    assert (totals["payments_due"], totals["paid_on_time"], totals["on_time_rate"]) == (6, 3, D("0.5000"))
    assert (totals["late_days"], totals["avg_days_late"], totals["overdue_outstanding"]) == (42, D("14.0"), D("450000.00"))
    assert totals["score"] == D("73.2")  # (40×50 + 15×84.4 + 15×70 + 3000) / 100 = 73.16


def test_weights_come_from_the_configuration(session, three_agencies):
    config = {"SCOREBOARD_WEIGHTS": {"on_time": 1, "days_late": 0, "overdue": 0, "findings": 0, "records": 0,
                                     "complaints": 0},
              "SCOREBOARD_PARAMS": {"days_late_zero": 30, "finding_penalty": 5, "record_penalty": 20,
                                    "complaint_penalty": 10}}
    rows = _rows(scoreboard.build(session, scoreboard.Query.make(**H1), config=config))
    assert rows["某县教育局"]["score"] == D("33.3")
    assert rows["某县教育局"]["components"]["days_late"] == D("31.7")  # 100×(1−20.5/30)


def test_districts_add_up_their_agencies(session, three_agencies):
    report = scoreboard.build(session, scoreboard.Query.make(**H1, group="region"))
    rows = {r["key"]: r for r in report["rows"]}
    assert set(rows) == {"330102", "330106"}
    district = rows["330102"]
    assert (district["agencies"], district["payments_due"], district["payments_due_amount"]) == (2, 5, D("1100000.00"))
    assert (district["paid_on_time"], district["on_time_rate"], district["avg_days_late"]) == (3, D("0.6000"), D("20.5"))
    assert district["overdue_outstanding"] == D("50000.00")
    only = scoreboard.build(session, scoreboard.Query.make(**H1, region_code="330106"))
    assert [r["name"] for r in only["rows"]] == ["某区交通运输局"]


def test_judged_at_an_earlier_date_the_later_payments_do_not_count(session, three_agencies):
    report = scoreboard.build(session, scoreboard.Query.make(**H1, as_of=date(2025, 6, 20)))
    rows = _rows(report)
    edu = rows["某县教育局"]
    # On 06-20 only 40,000 of the 尾款 had been paid (the 10,000 of 06-25 came later), 20 days late.
    assert (edu["payments_due"], edu["late_days"], edu["overdue_outstanding"]) == (3, 30, D("60000.00"))
    assert rows["某区交通运输局"]["payments_due"] == 0, "its 06-30 deadline had not passed yet"
    assert rows["某区交通运输局"]["on_time_rate"] is None


def test_the_trend_runs_by_month_of_the_due_date(session, three_agencies):
    report = scoreboard.build(session, scoreboard.Query.make(**H1))
    edu = [(t["month"], t["payments_due"], t["paid_on_time"], t["avg_days_late"], t["overdue_outstanding"])
           for t in report["trend"] if t["key"] == three_agencies.education.id]
    assert edu == [("2025-01", 1, 1, None, D("0.00")), ("2025-03", 1, 0, D("10.0"), D("0.00")),
                   ("2025-05", 1, 0, D("31.0"), D("50000.00"))]
    assert sum(t["payments_due"] for t in report["trend"]) == report["totals"]["payments_due"]


def test_the_drill_down_lists_the_contracts_behind_a_figure(session, three_agencies):
    q = scoreboard.Query.make(**H1)
    late, total = scoreboard.drilldown(session, q, "payments_late", three_agencies.education.id)
    assert total == 1
    assert (late[0]["contract_id"], late[0]["count"], late[0]["amount"], late[0]["max_days_late"]) == (
        three_agencies.c_education.id, 2, D("400000.00"), 31)
    owed, _ = scoreboard.drilldown(session, q, "overdue_outstanding", three_agencies.transport.id)
    assert [(r["code"], r["amount"]) for r in owed] == [(three_agencies.c_transport.code, D("400000.00"))]
    everything, total = scoreboard.drilldown(session, q, "payments_due", None)
    assert total == 3 and sum(r["count"] for r in everything) == 6
    assert sum(r["amount"] for r in everything) == D("1500000.00")
    district, _ = scoreboard.drilldown(session, scoreboard.Query.make(**H1, group="region"), "paid_on_time", "330102")
    assert {r["contract_id"] for r in district} == {three_agencies.c_education.id, three_agencies.c_health.id}
    page2, total = scoreboard.drilldown(session, q, "payments_due", None, page=2, page_size=2)
    assert total == 3 and [r["contract_id"] for r in page2] == [three_agencies.c_transport.id]


def test_bad_periods_are_refused_with_field_messages(session, three_agencies):
    with pytest.raises(DomainError) as err:
        scoreboard.Query.make(start=date(2025, 6, 30), end=date(2025, 1, 1))
    assert "end" in err.value.errors
    with pytest.raises(DomainError) as err:
        scoreboard.Query.make(**H1, as_of=date(2025, 7, 2))
    assert "as_of" in err.value.errors
    with pytest.raises(DomainError) as err:
        scoreboard.drilldown(session, scoreboard.Query.make(**H1), "payments_due", "教育局")
    assert "key" in err.value.errors


def test_records_and_complaints_count_in_the_period_they_were_decided_or_filed(session, registers):
    report = scoreboard.build(session, scoreboard.Query.make(**H1))
    assert report["registers"] == {"records": True, "complaints": True}
    rows = _rows(report)
    edu, health, transport = rows["某县教育局"], rows["某县卫生健康委员会"], rows["某区交通运输局"]
    assert (edu["records"], edu["complaints"], edu["complaints_handled"], edu["complaints_upheld"]) == (1, 1, 1, 1)
    assert edu["avg_complaint_days"] == D("30.0")
    assert (transport["records"], transport["complaints"], transport["complaints_upheld"]) == (0, 1, 0)
    assert transport["avg_complaint_days"] == D("10.0")
    assert (health["records"], health["complaints"], health["avg_complaint_days"]) == (0, 0, None)
    # records 100 − 20×1 = 80, complaints 100 − 10×1 = 90:
    assert (edu["components"]["records"], edu["components"]["complaints"]) == (D("80.0"), D("90.0"))
    assert edu["score"] == D("65.2")  # (1332 + 1158 + 1375.5 + 1000 + 15×80 + 5×90) / 100 = 65.155
    assert transport["score"] == D("44.8")
    assert report["totals"]["records"] == 1 and report["totals"]["complaints"] == 2
    assert report["totals"]["score"] == D("69.7")  # (2000 + 1266 + 1050 + 1000 + 1200 + 450) / 100 = 69.66
    listed, total = scoreboard.drilldown(session, scoreboard.Query.make(**H1), "records", registers.record.agency_id)
    assert total == 1 and listed[0]["contract_id"] == registers.record.contract_id
    handled, _ = scoreboard.drilldown(session, scoreboard.Query.make(**H1), "complaints_handled", None)
    assert sorted(r["title"] for r in handled) == ["智慧校园采购合同", "道路养护服务合同"]


def test_a_later_period_does_not_count_them(session, registers):
    rows = _rows(scoreboard.build(session, scoreboard.Query.make(start=date(2025, 6, 2), end=date(2025, 6, 30))))
    assert all((r["records"], r["complaints"]) == (0, 0) for r in rows.values())
