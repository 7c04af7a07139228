"""Schemas of the holiday calendar: a year's State Council schedule (年度放假安排)."""

from __future__ import annotations

from contracts.calendar.service import FIRST_YEAR, LAST_YEAR, MAX_SOURCE
from contracts.core.schemas import BaseSchema, Date, DateTime, Int, List, Nested, Str, int_range, length, not_blank


class HolidayYearSchema(BaseSchema):
    """One year's statutory days off and 调休 working weekends, from the State Council notice."""

    year = Int(required=True, validate=int_range(FIRST_YEAR, LAST_YEAR))
    holidays = List(Date(), required=True, metadata={"description": "ISO dates that are statutory days off"})
    workdays = List(Date(), load_default=list, metadata={"description": "weekend dates declared working days"})
    source = Str(required=True, validate=[length(1, MAX_SOURCE), not_blank],
                 metadata={"description": "the notice, e.g. 国办发明电〔2026〕x号"})
    loaded_by_id = Int(dump_only=True, allow_none=True)
    loaded_at = DateTime(dump_only=True)
    rederived_contracts = Int(dump_only=True, metadata={
        "description": "contracts whose due dates waited for this calendar and were derived now"})


class LoadedYearSchema(BaseSchema):
    year = Int()
    source = Str()
    loaded_at = DateTime()


class CalendarYearsSchema(BaseSchema):
    years = List(Int(), metadata={"description": "every year whose working days are known"})
    library_years = List(Int(), metadata={"description": "first and last year of the chinesecalendar release"})
    loaded = List(Nested(LoadedYearSchema), metadata={"description": "years loaded by an admin"})
