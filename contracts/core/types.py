"""Column helpers shared by models (字段类型)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def money(value: Decimal | int | str) -> Decimal:
    """A yuan amount rounded half-up to the fen (分): the one rounding rule of the service."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)
