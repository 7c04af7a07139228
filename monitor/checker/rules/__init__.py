"""The rule registry: every rule the checker knows, in the order a run applies them (规则目录)."""

from __future__ import annotations

from monitor.checker.rules import payments, ppp, procurement, securities
from monitor.checker.rules.base import LegalBasis, Param, Rule, RuleContext

CATALOGUE: tuple[Rule, ...] = (*payments.RULES, *procurement.RULES, *securities.RULES, *ppp.RULES)
BY_ID: dict[str, Rule] = {r.id: r for r in CATALOGUE}
CHECKS: tuple[Rule, ...] = tuple(r for r in CATALOGUE if r.query is not None)

assert len(BY_ID) == len(CATALOGUE), "rule ids are unique"

__all__ = ["BY_ID", "CATALOGUE", "CHECKS", "LegalBasis", "Param", "Rule", "RuleContext"]
