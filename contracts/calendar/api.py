"""API: the working-day calendar; an admin loads a later year's State Council schedule (/calendar/years)."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from sqlalchemy import select

from contracts.access.current import authenticated, requires
from contracts.access.permissions import Permission
from contracts.calendar import service
from contracts.calendar.deadlines import LIBRARY_YEARS
from contracts.calendar.models import HolidayYear
from contracts.calendar.schemas import CalendarYearsSchema, HolidayYearSchema
from contracts.core.api import Blueprint
from contracts.core.db import db
from contracts.obligations.services import rederive_pending

blp = Blueprint("calendar_api", __name__, url_prefix="/api/v1",
                description="Official working-day calendar (法定节假日与调休)")


@blp.before_request
def _signed_in() -> None:
    """Every endpoint here needs a signed-in user: 401 comes before the body is even read."""
    authenticated()


@blp.route("/calendar/years")
class CalendarYears(MethodView):
    @blp.response(200, CalendarYearsSchema)
    def get(self):  # type: ignore[no-untyped-def]
        """The years whose working days are known: the library's and those loaded by an admin."""
        requires(Permission.registry_read)
        loaded = db.session.scalars(select(HolidayYear).order_by(HolidayYear.year)).all()
        return {"years": service.known_years(db.session),
                "library_years": [LIBRARY_YEARS.start, LIBRARY_YEARS.stop - 1], "loaded": loaded}

    @blp.arguments(HolidayYearSchema)
    @blp.response(201, HolidayYearSchema)
    def post(self, data: dict[str, Any]):  # type: ignore[no-untyped-def]
        """Load (or replace) a year's schedule; due dates that waited for it are derived now."""
        user = requires(Permission.calendar_manage)
        row = service.load_year(db.session, data["year"], [d.isoformat() for d in data["holidays"]],
                                [d.isoformat() for d in data["workdays"]], data["source"], user_id=user.id)
        count = rederive_pending(db.session, data["year"])
        db.commit()
        return {"year": row.year, "holidays": data["holidays"], "workdays": data["workdays"], "source": row.source,
                "loaded_by_id": row.loaded_by_id, "loaded_at": row.loaded_at, "rederived_contracts": count}
