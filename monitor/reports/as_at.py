"""How things stood at the end of a look-back's day (截至日): what had happened by then, and the state it left.

A look-back "as at" a day shows nothing that happened after it: a tenure counts from its start,
and one that ended after the day was still running on it.

As at today nothing is cut off: the report is the present one, and tenures planned to begin later
stay in it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from contracts.core import clock


@dataclass(frozen=True)
class AsAt:
    """The end of ``day``, which a look-back judges at."""

    day: date
    present: bool  # as at today: nothing is cut off

    @classmethod
    def make(cls, as_of: date | None) -> AsAt:
        today = clock.today()
        day = as_of or today
        return cls(day, day >= today)

    @property
    def until(self) -> date | None:
        """The last day whose facts count; None as at today (nothing is cut off)."""
        return None if self.present else self.day

    def knows(self, on: date) -> bool:
        """Whether what happened on ``on`` had happened by the end of the day."""
        return self.present or on <= self.day
