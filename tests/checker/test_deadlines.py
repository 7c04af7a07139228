"""Deadline arithmetic on the official calendar: the boundaries a wrong finding would hang on (期限计算)."""

from __future__ import annotations

from datetime import date

import chinese_calendar
import pytest

from contracts.calendar.deadlines import CalendarNotPublished, WorkCalendar
from contracts.calendar.service import load_year, work_calendar
from contracts.core import clock
from contracts.core.errors import DomainError

CAL = WorkCalendar()
D = date


# ---- calendar days (民法典 arts. 201–203) ------------------------------------------------------
def test_a_day_period_does_not_count_the_start_day():
    # 30 days from Monday 2025-03-03 end on Wednesday 2025-04-02, an ordinary working day.
    assert CAL.due(D(2025, 3, 3), 30, "day") == D(2025, 4, 2)
    assert CAL.due(D(2024, 2, 28), 1, "day") == D(2024, 2, 29)


def test_a_period_ending_on_a_sunday_ends_on_the_monday():
    assert CAL.due(D(2025, 3, 3), 27, "day") == D(2025, 3, 31)  # 2025-03-30 is a Sunday


def test_a_period_ending_in_the_national_day_holiday_ends_on_the_first_working_day_after_it():
    # 2025 国庆+中秋: 10-01 … 10-08 off; 30 days from 2025-09-01 land on 10-01.
    assert CAL.due(D(2025, 9, 1), 30, "day") == D(2025, 10, 9)
    # one day earlier the period ends on 09-30, the last working day before the holiday
    assert CAL.due(D(2025, 8, 31), 30, "day") == D(2025, 9, 30)


def test_a_period_ending_on_a_tiaoxiu_saturday_is_not_extended():
    # 2025-10-11 is a Saturday declared a working day (调休).
    assert CAL.is_workday(D(2025, 10, 11))
    assert CAL.due(D(2025, 9, 11), 30, "day") == D(2025, 10, 11)


def test_a_period_ending_in_the_spring_festival_moves_past_it():
    # 2025 春节: 01-28 … 02-04 off.
    assert CAL.due(D(2025, 1, 20), 10, "day") == D(2025, 2, 5)


def test_offset_zero_is_the_event_day_itself():
    assert CAL.due(D(2025, 10, 1), 0, "day") == D(2025, 10, 1)
    assert CAL.due(D(2025, 10, 1), 0, "working_day") == D(2025, 10, 1)


# ---- working days (工作日) ---------------------------------------------------------------------
def test_working_days_count_strictly_after_the_start_and_include_a_tiaoxiu_sunday():
    # Friday 2025-09-26: Saturday off, Sunday 09-28 is a 调休 working day (1), Monday 09-29 (2).
    assert CAL.due(D(2025, 9, 26), 1, "working_day") == D(2025, 9, 28)
    assert CAL.due(D(2025, 9, 26), 2, "working_day") == D(2025, 9, 29)


def test_a_non_working_start_day_does_not_count_unlike_chinesecalendar_find_workday():
    start = D(2025, 9, 27)  # a Saturday off
    assert CAL.due(start, 2, "working_day") == D(2025, 9, 29)
    # the library's helper counts one working day too many from a non-working start day
    assert chinese_calendar.find_workday(2, start) == D(2025, 9, 30)


def test_working_days_skip_the_national_day_holiday():
    assert CAL.due(D(2025, 9, 30), 1, "working_day") == D(2025, 10, 9)
    # 10-09, 10-10, 10-11 (调休 Saturday), 10-13, 10-14
    assert CAL.due(D(2025, 9, 30), 5, "working_day") == D(2025, 10, 14)


def test_working_days_across_the_spring_festival():
    assert CAL.due(D(2025, 1, 24), 1, "working_day") == D(2025, 1, 26)  # 调休 Sunday
    assert CAL.due(D(2025, 1, 27), 1, "working_day") == D(2025, 2, 5)
    # 01-21 … 01-24 (4), 01-26 (5), 01-27 (6), 02-05 … 02-07 (9), 02-08 调休 Saturday (10)
    assert CAL.due(D(2025, 1, 20), 10, "working_day") == D(2025, 2, 8)


def test_working_days_between_counts_the_half_open_interval():
    assert CAL.working_days_between(D(2025, 9, 30), D(2025, 10, 14)) == 5
    assert CAL.working_days_between(D(2025, 10, 1), D(2025, 10, 8)) == 0


# ---- months (民法典 art. 202) ------------------------------------------------------------------
def test_a_month_period_ends_on_the_corresponding_day_or_the_month_end():
    assert CAL.due(D(2024, 1, 31), 1, "month") == D(2024, 2, 29)  # leap year
    assert CAL.due(D(2025, 1, 31), 1, "month") == D(2025, 2, 28)
    assert CAL.due(D(2025, 3, 31), 1, "month") == D(2025, 4, 30)
    assert CAL.due(D(2024, 12, 31), 2, "month") == D(2025, 2, 28)
    assert CAL.due(D(2025, 5, 15), 12, "month") == D(2026, 5, 15)


def test_a_month_period_ending_in_a_holiday_or_weekend_is_extended():
    assert CAL.due(D(2025, 9, 1), 1, "month") == D(2025, 10, 9)  # 10-01 National Day
    assert CAL.due(D(2025, 3, 31), 2, "month") == D(2025, 6, 3)  # 05-31 … 06-02 端午


def test_a_month_end_landing_on_a_tiaoxiu_saturday_stays():
    # 2026-02-28 is a Saturday declared a working day.
    assert CAL.due(D(2025, 11, 30), 3, "month") == D(2026, 2, 28)


# ---- unpublished years ------------------------------------------------------------------------
def test_a_deadline_in_2027_is_reported_as_calendar_not_published_never_guessed():
    with pytest.raises(CalendarNotPublished) as caught:
        CAL.due(D(2026, 12, 28), 5, "day")  # 2027-01-02
    assert caught.value.year == 2027
    assert "2027年节假日安排尚未发布" in caught.value.errors["due"][0]
    with pytest.raises(CalendarNotPublished):
        CAL.due(D(2026, 12, 30), 3, "working_day")
    with pytest.raises(CalendarNotPublished):
        CAL.due(D(2026, 11, 15), 2, "month")
    with pytest.raises(CalendarNotPublished):
        CAL.is_workday(D(2027, 3, 1))


def test_a_deadline_inside_2026_still_works_at_the_edge_of_the_published_calendar():
    assert CAL.due(D(2026, 12, 28), 3, "day") == D(2026, 12, 31)
    assert CAL.due(D(2026, 12, 29), 2, "working_day") == D(2026, 12, 31)


def test_an_admin_loaded_2027_schedule_is_used_for_holidays_and_tiaoxiu_days(session):
    holidays = ["2027-01-01", "2027-02-05", "2027-02-06", "2027-02-07", "2027-02-08", "2027-02-09",
                "2027-02-10", "2027-02-11"]
    load_year(session, 2027, holidays, ["2027-02-13"], "国办发明电〔2026〕测试号")
    session.commit()
    cal = work_calendar(session)
    assert cal.due(D(2026, 12, 28), 4, "day") == D(2027, 1, 4)  # 01-01 holiday, 01-02/03 weekend
    assert cal.due(D(2027, 2, 4), 1, "working_day") == D(2027, 2, 12)
    assert cal.due(D(2027, 2, 12), 1, "working_day") == D(2027, 2, 13)  # 调休 Saturday
    with pytest.raises(CalendarNotPublished):
        cal.due(D(2027, 12, 30), 5, "day")  # 2028 still unknown


def test_an_obligation_due_in_an_unpublished_year_shows_why_it_has_no_due_date(make):
    clock.set_today(D(2026, 12, 29))
    contract = make.contract(signed_on=D(2026, 10, 9))
    ob = make.obligation(contract, due={"event": "acceptance", "offset": 10, "unit": "working_day"},
                         amount="1000.00")
    make.event(contract, "acceptance", D(2026, 12, 28))
    assert ob.due_date is None
    assert "2027年节假日安排尚未发布" in ob.due_date_error


def test_bad_offsets_and_units_are_refused():
    with pytest.raises(DomainError):
        CAL.due(D(2025, 1, 1), -1, "day")
    with pytest.raises(DomainError):
        CAL.due(D(2025, 1, 1), 3, "week")
