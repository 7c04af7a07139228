"""Rule parameters in force: the defaults, a deployment's configuration, an administrator's overrides (规则参数).

Precedence, lowest first: the rule's default; ``CHECKER_PARAMS`` (app config or environment, JSON
``{"rule_id": {"param": value}, "*": {"param": value}}`` where ``*`` applies to every rule having
that parameter); ``ALERT_WARNING_DAYS`` for the warning windows; the ``rule_parameters`` table.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from typing import Any

from flask import current_app, has_app_context
from sqlalchemy import select
from sqlalchemy.orm import Session

from contracts.audit import trail
from contracts.core.errors import DomainError, NotFound, msg
from monitor.checker.models import RuleParameter
from monitor.checker.rules import BY_ID, CATALOGUE, Rule


@dataclass(frozen=True)
class Setting:
    value: Any
    source: str  # default / config / database


def _config() -> dict[str, Any]:
    raw: Any = None
    if has_app_context():
        raw = current_app.config.get("CHECKER_PARAMS")
        warning = current_app.config.get("ALERT_WARNING_DAYS")
    else:
        warning = None
    if raw is None:
        raw = os.environ.get("CHECKER_PARAMS")
    if isinstance(raw, str):
        try:
            raw = json.loads(raw) if raw.strip() else {}
        except json.JSONDecodeError as exc:
            raise DomainError.field("CHECKER_PARAMS", f"配置不是有效的JSON：{exc}", f"not valid JSON: {exc}") from None
    raw = raw or {}
    if not isinstance(raw, dict) or not all(isinstance(v, dict) for v in raw.values()):
        raise DomainError.field("CHECKER_PARAMS", "应为 {规则: {参数: 值}}", "expected {rule: {parameter: value}}")
    raw = dict(raw)
    if warning:
        raw["*"] = {"warning_days": list(warning), **raw.get("*", {})}
    return raw


def _parse(rule: Rule, name: str, value: Any, where: str) -> Any:
    try:
        param = rule.param(name)
    except KeyError:
        raise DomainError({where: [msg(f"规则 {rule.id} 没有参数 {name}", f"rule {rule.id} has no parameter {name}")]}) \
            from None
    try:
        return param.parse(value)
    except ValueError as exc:
        raise DomainError({where: [str(exc)]}) from None


def effective(session: Session) -> dict[str, dict[str, Setting]]:
    """Every rule's parameters with their values in force and where each value comes from."""
    config = _config()
    unknown = [k for k in config if k != "*" and k not in BY_ID]
    if unknown:
        raise DomainError.field("CHECKER_PARAMS", f"未知规则：{', '.join(unknown)}", f"unknown rules: {', '.join(unknown)}")
    stored = session.scalars(select(RuleParameter)).all()
    out: dict[str, dict[str, Setting]] = {}
    for rule in CATALOGUE:
        values = {p.name: Setting(p.parse(p.default), "default") for p in rule.all_params}
        for name, value in config.get("*", {}).items():
            if name in values:
                values[name] = Setting(_parse(rule, name, value, "CHECKER_PARAMS"), "config")
        for name, value in config.get(rule.id, {}).items():
            values[name] = Setting(_parse(rule, name, value, "CHECKER_PARAMS"), "config")
        out[rule.id] = values
    for row in stored:
        rule = BY_ID.get(row.rule_id)
        if rule is not None and row.name in out[rule.id]:
            out[rule.id][row.name] = Setting(_parse(rule, row.name, row.value, "rule_parameters"), "database")
    return out


def values(settings: dict[str, dict[str, Setting]]) -> dict[str, dict[str, Any]]:
    return {rule_id: {k: s.value for k, s in params.items()} for rule_id, params in settings.items()}


def set_parameters(session: Session, rule_id: str, changes: dict[str, Any], *, reason: str,
                   user_id: int | None = None) -> dict[str, Setting]:
    """Override (or, with a null value, restore) parameters of one rule; audited, not committed."""
    rule = BY_ID.get(rule_id)
    if rule is None:
        raise NotFound("rule")
    if not reason or not reason.strip():
        raise DomainError.field("reason", "修改规则参数须说明理由", "say why the parameter changes")
    if not changes:
        raise DomainError.field("values", "没有要修改的参数", "no parameter to change")
    errors: dict[str, list[str]] = {}
    parsed: dict[str, Any] = {}
    for name, value in changes.items():
        try:
            param = rule.param(name)
        except KeyError:
            errors[name] = [msg("该规则没有此参数", f"rule {rule_id} has no parameter {name}")]
            continue
        if value is None:
            parsed[name] = None
            continue
        try:
            parsed[name] = param.dump(param.parse(value))
        except ValueError as exc:
            errors[name] = [str(exc)]
    if errors:
        raise DomainError(errors)
    for name, value in parsed.items():
        row = session.get(RuleParameter, (rule_id, name))
        before = trail.snapshot(row) if row is not None else None
        if value is None:
            if row is not None:
                session.delete(row)
                session.flush()
                trail.record(session, "delete", "rule_parameter", None, before=before, note=reason.strip())
            continue
        if row is None:
            row = RuleParameter(rule_id=rule_id, name=name)
            session.add(row)
        row.value, row.reason, row.updated_by_id = value, reason.strip()[:300], user_id
        session.flush()
        trail.record(session, "update" if before else "create", "rule_parameter", None, before=before,
                     after=trail.snapshot(row), note=reason.strip())
    return effective(session)[rule_id]
