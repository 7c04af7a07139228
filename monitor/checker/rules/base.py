"""What a rule is: metadata citing the law, parameters, and a set-based query (规则).

A rule's ``query(ctx)`` returns one SELECT over the registry tables yielding a row per finding
it could make on any day (its candidate: the engine judges the day), with these labelled columns:

- ``contract_id``, ``agency_id``, ``contract_kind``, ``obligation_id`` (NULL for a contract finding);
- ``due_date``: the deadline (NULL for a clause or cap that has none); a deadline rule leaves
  out the rows whose deadline is not known yet (its event not recorded, or its calendar year not
  yet published);
- ``basis_date``: the date whose law applies (the deadline, or the signing date for a clause);
- ``cured_on``: when the act was done late (a contract signed or published after its deadline),
  else NULL;
- for money rules: ``outstanding`` and ``agreed_rate`` (the contract's daily late-interest rate);
- for obligation-lateness rules: ``delay_reason``;
- optionally ``details`` (a JSON object) and ``citation`` (when the rule picks it itself).

The engine keeps these rows as the rule's candidates (``checker_candidates``) and judges the
candidates of every rule together into findings (``monitor.checker.engine``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Select

from contracts.core.errors import msg
from contracts.core.idlist import in_ids


@dataclass(frozen=True)
class LegalBasis:
    """One article of one version of a law or regulation, with the dates it was in force."""

    regulation: str  # 《保障中小企业款项支付条例》
    article: str  # 第九条第一款
    version: str  # 2025年修订（国务院令第802号）
    in_force_from: date | None = None
    in_force_to: date | None = None  # last day in force; None while in force
    kinds: frozenset[str] | None = None  # contract kinds this basis covers (None: every kind)
    confidence: str = "verified"  # verified / secondary (see ../shared/rules.md)

    @property
    def citation(self) -> str:
        return f"{self.regulation}（{self.version}）{self.article}"

    def applies(self, on: date, kind: str | None = None) -> bool:
        if self.in_force_from and on < self.in_force_from:
            return False
        if self.in_force_to and on > self.in_force_to:
            return False
        return self.kinds is None or kind is None or kind in self.kinds


@dataclass(frozen=True)
class Param:
    """A rule parameter with its default; a deployment may override it (config or database)."""

    name: str
    default: Any
    type: str  # int, decimal, bool, date, int_list, str_list, money (decimal or null)
    zh: str
    en: str

    def parse(self, value: Any) -> Any:
        """The value in its Python type; ValueError (bilingual) when it does not fit."""
        bad = ValueError(msg(f"参数 {self.name} 的取值无效：{value!r}", f"invalid value for {self.name}: {value!r}"))
        try:
            if self.type == "int":
                if isinstance(value, bool) or int(value) != value or int(value) < 0:
                    raise bad
                return int(value)
            if self.type in ("decimal", "money"):
                if value is None and self.type == "money":
                    return None
                if isinstance(value, bool) or value is None:
                    raise bad
                number = Decimal(str(value))
                if not number.is_finite() or number < 0:
                    raise bad
                return number
            if self.type == "bool":
                if not isinstance(value, bool):
                    raise bad
                return value
            if self.type == "date":
                return value if isinstance(value, date) else date.fromisoformat(str(value))
            if self.type == "int_list":
                if not isinstance(value, list | tuple) or not value:
                    raise bad
                items = [int(v) for v in value]
                if any(isinstance(v, bool) or v < 0 for v in value) or items != [v for v in value]:
                    raise bad
                return sorted(set(items), reverse=True)
            if self.type == "str_list":
                if not isinstance(value, list | tuple) or not all(isinstance(v, str) and v.strip() for v in value):
                    raise bad
                return [v.strip() for v in value]
        except (TypeError, ValueError, ArithmeticError):
            raise bad from None
        raise bad

    def dump(self, value: Any) -> Any:
        """A JSON-safe form of a parsed value."""
        if isinstance(value, Decimal):
            return format(value, "f")
        if isinstance(value, date):
            return value.isoformat()
        return value


ENABLED = Param("enabled", True, "bool", "是否启用本规则", "whether the rule runs")
WARNING_DAYS = Param("warning_days", [7, 3, 1], "int_list", "到期前多少天发出临期预警",
                     "days before the deadline at which a warning is raised")


SCOPE = "scope"  # the name of the parameter holding the ids of the contracts judged


@dataclass(frozen=True)
class RuleContext:
    """What a rule's query is given: its parameters, the others' and the contracts judged."""

    params: Mapping[str, Any]
    settings: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)  # other entries' parameters
    contracts: tuple[int, ...] | None = None  # only these contracts (a run re-judging the changed ones)

    def within(self, contract_id: Any) -> list[Any]:
        """``contract_id IN (the contracts judged)``, or nothing when every contract is; a rule
        applies it inside any subquery it fences off from the planner (the engine applies it to
        the rule's own SELECT). The ids are the parameter ``SCOPE``, so the engine can run a
        statement built once for other contracts."""
        return [] if self.contracts is None else [in_ids(contract_id, self.contracts, name=SCOPE)]


@dataclass(frozen=True)
class Rule:
    """One checkable rule (or, with ``query`` None, a calculation applied to other rules' findings)."""

    id: str
    title_zh: str
    title_en: str
    bases: tuple[LegalBasis, ...]
    kinds: frozenset[str]
    severity: str  # review / minor / general / serious
    subject: str  # obligation / contract / calculation
    description_zh: str
    description_en: str
    params: tuple[Param, ...] = ()
    query: Callable[[RuleContext], Select] | None = None
    money: bool = False  # late-payment interest is estimated on its findings
    deadline: bool = True  # has due dates (warnings before, breaches after)

    def __post_init__(self) -> None:
        assert len(self.id) <= 40, "rule ids stay short: they are part of the fingerprint"

    @property
    def all_params(self) -> tuple[Param, ...]:
        extra = (WARNING_DAYS,) if self.query is not None and self.deadline else ()
        return ((ENABLED,) if self.query is not None else ()) + extra + self.params

    def param(self, name: str) -> Param:
        for p in self.all_params:
            if p.name == name:
                return p
        raise KeyError(name)

    def basis_for(self, on: date, kind: str | None = None) -> LegalBasis | None:
        """The basis in force on ``on`` for a contract of ``kind`` (the first that applies)."""
        return next((b for b in self.bases if b.applies(on, kind)), None)
