"""The integrity score (政务诚信评分): a weighted mean of component scores, each 0–100.

The formula is documented in docs/scoreboard.md; weights and parameters come from the
configuration (``SCOREBOARD_WEIGHTS``, ``SCOREBOARD_PARAMS``). A component without data (no
payments fell due, or a register that is not installed) is left out and the weights of the others
are scaled up, so an agency is neither rewarded nor punished for what cannot be measured.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from monitor.config import SCOREBOARD_PARAMS, SCOREBOARD_WEIGHTS

HUNDRED = Decimal(100)
ZERO = Decimal(0)
COMPONENT_LABELS = {"on_time": "按时支付率", "days_late": "平均逾期天数", "overdue": "逾期未付金额占比",
                    "findings": "未办结违约发现", "records": "政务失信记录", "complaints": "成立的投诉"}


def settings(config: dict[str, Any] | None = None) -> tuple[dict[str, Decimal], dict[str, Decimal]]:
    """(weights, parameters) from a Flask config mapping, or the defaults."""
    config = config or {}
    weights = config.get("SCOREBOARD_WEIGHTS") or SCOREBOARD_WEIGHTS
    params = config.get("SCOREBOARD_PARAMS") or SCOREBOARD_PARAMS
    return ({k: Decimal(str(v)) for k, v in weights.items()}, {k: Decimal(str(v)) for k, v in params.items()})


def _clamp(value: Decimal) -> Decimal:
    return min(max(value, ZERO), HUNDRED)


def _q(value: Decimal, places: str = "0.1") -> Decimal:
    return value.quantize(Decimal(places), rounding=ROUND_HALF_UP)


def components(row: dict[str, Any], params: dict[str, Decimal]) -> dict[str, Decimal | None]:
    """Each component's score 0–100 for one scoreboard row, None where there is nothing to judge."""
    due = row["payments_due"]
    out: dict[str, Decimal | None] = {k: None for k in COMPONENT_LABELS}
    if due:
        out["on_time"] = _clamp(HUNDRED * Decimal(row["paid_on_time"]) / Decimal(due))
        late = row["payments_late"]
        avg = Decimal(row["late_days"]) / Decimal(late) if late else ZERO
        out["days_late"] = _clamp(HUNDRED * (1 - avg / params["days_late_zero"]))
    if row["payments_due_amount"]:
        out["overdue"] = _clamp(HUNDRED * (1 - row["overdue_outstanding"] / row["payments_due_amount"]))
    out["findings"] = _clamp(HUNDRED - params["finding_penalty"] * row["open_findings"])
    if row.get("records") is not None:
        out["records"] = _clamp(HUNDRED - params["record_penalty"] * row["records"])
    if row.get("complaints_upheld") is not None:
        out["complaints"] = _clamp(HUNDRED - params["complaint_penalty"] * row["complaints_upheld"])
    return {k: (None if v is None else _q(v)) for k, v in out.items()}


def score(parts: dict[str, Decimal | None], weights: dict[str, Decimal]) -> Decimal | None:
    """The weighted mean of the components that have data, to one decimal place."""
    used = {k: v for k, v in parts.items() if v is not None and weights.get(k, ZERO) > 0}
    total = sum((weights[k] for k in used), ZERO)
    if not total:
        return None
    return _q(sum((weights[k] * v for k, v in used.items()), ZERO) / total)
