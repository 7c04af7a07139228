"""Configuration from environment variables, with documented defaults (配置).

| variable | default | meaning |
|---|---|---|
| DATABASE_URL | sqlite:///<instance>/monitor.db | SQLAlchemy URL; postgresql://… in production |
| REDIS_URL | unset | unset: jobs run in-process; redis://… : jobs go to rq workers |
| EMBEDDED_JOBS | thread | embedded default only: `thread` runs the jobs a server's requests queue on a worker thread of that server (the request answers at once and the page shows progress), which also runs the reconcilers and alert retries every few minutes; `inline` runs them inside the request. CLI commands always run theirs inline |
| SECRET_KEY | generated once into <instance>/secret_key | signs sessions and CSRF tokens |
| UPLOAD_DIR | <instance>/uploads | where uploaded PDFs are stored (content-addressed) |
| MAX_UPLOAD_MB | 50 | largest accepted upload |
| TIMEZONE | Asia/Shanghai | what "today" is |
| INSTANCE_PATH | ./instance | folder for the embedded database, secret key, uploads |
| LOG_LEVEL | INFO | logging level |
| RECORD_PUBLICITY_MONTHS | minor:3,general:12,serious:36 | 公示期 of a dishonesty record per severity (轻微/一般/严重), in months from the 认定 date; must lie in the 令第36号 tiers (轻微 ≤ 3, 一般 3–12, 严重 12–36) |
| RECORD_REPAIR_MIN_MONTHS | minor:0,general:3,serious:12 | months a record must have been public before credit repair (信用修复) may be granted |
| RECORD_OFFICIALS_VISIBLE_TO | admin,finance_staff,credit_officer,supervisor | roles that see the names and posts of the officials in a record; add `public` to show them on the public list |
| OBJECTION_ANSWER_WORKING_DAYS | 10 | 工作日 the credit office has to answer an objection (异议); local policy, no national figure |
| OBJECTION_ALERT_DAYS | 2 | alert the credit office this many days before an objection's answer is due |
| COMPLAINT_STEP_WORKING_DAYS | accept:3,review:10,determine:10,supervise:5,record:20 | 工作日 allowed for each complaint step (受理/复核/认定/督办/记入) from the previous one; local policy |
| ALERT_WARNING_DAYS | 7,3,1 | alert when an obligation falls due within each of these days (临期预警) |
| ALERT_RECTIFY_DAYS | 3 | alert when a rectification deadline (限期整改) is this many days away |
| ALERT_EMAIL_DIGEST | off | `off`: one e-mail per notification; `daily`: one digest e-mail a day per address |
| ALERT_MAX_ATTEMPTS | 4 | delivery attempts before a delivery is marked failed |
| ALERT_RETRY_SECONDS | 60,300,1800 | wait before the 2nd, 3rd, … attempt (the last value repeats) |
| ALERT_LINK_BASE_URL | unset | base URL put in alert texts as a link (e.g. https://monitor.example.gov.cn) |
| SMTP_HOST | unset | mail server; unset: no e-mail is sent (notifications stay listed in the API) |
| SMTP_PORT | 25 | mail server port |
| SMTP_SECURITY | none | none, starttls or ssl |
| SMTP_USER / SMTP_PASSWORD | unset | login, when the server needs one |
| SMTP_FROM | monitor@localhost | sender address of alert e-mails |
| SMTP_TIMEOUT | 20 | seconds before an SMTP connection gives up |
| WEBHOOK_TIMEOUT | 10 | seconds before a webhook call gives up |
| CHECKER_PARAMS | unset | JSON `{"rule_id": {"parameter": value}}` overriding the checker rules' defaults (an admin can override again per rule in the database) |
| CHECKER_CONNECTIONS | 2 | PostgreSQL only: connections a full check run recomputes the rules' candidates on, side by side (1: one rule after another); up to the database server's cores |
| CHECK_ON_START | true | embedded default only: run the check (and its follow-ups) when the server starts serving, then daily at 01:00 |
| SCOREBOARD_WEIGHTS / SCOREBOARD_PARAMS | see docs/scoreboard.md | weights and parameters of the integrity score |
| REPORT_DIR | <instance>/reports | where report export files are written |
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any
from urllib.parse import urlparse
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


class ConfigError(Exception):
    """Configuration that cannot work; the message is one sentence naming the variable."""


SCOREBOARD_WEIGHTS = {"on_time": 40, "days_late": 15, "overdue": 15, "findings": 10, "records": 15, "complaints": 5}
SCOREBOARD_PARAMS = {"days_late_zero": 90, "finding_penalty": 5, "record_penalty": 20, "complaint_penalty": 10}


def _number_map(name: str, text: str | None, defaults: dict[str, int]) -> dict[str, float]:
    """Parse ``key=number,key=number`` over ``defaults``; unknown keys and negative numbers are errors."""
    values: dict[str, float] = {k: float(v) for k, v in defaults.items()}
    for part in (text or "").split(","):
        if not part.strip():
            continue
        key, _, raw = part.partition("=")
        key = key.strip()
        if key not in defaults:
            raise ConfigError(f"{name} has an unknown key {key!r}; known: {', '.join(defaults)}.")
        try:
            number = float(raw)
        except ValueError:
            raise ConfigError(f"{name}: {key} must be a number, not {raw.strip()!r}.") from None
        if number < 0 or number != number or number == float("inf"):
            raise ConfigError(f"{name}: {key} must be a non-negative number.")
        values[key] = number
    if name == "SCOREBOARD_WEIGHTS" and not any(values.values()):
        raise ConfigError("SCOREBOARD_WEIGHTS must give at least one positive weight.")
    if name == "SCOREBOARD_PARAMS" and values["days_late_zero"] <= 0:
        raise ConfigError("SCOREBOARD_PARAMS: days_late_zero must be greater than zero.")
    return values


def default_instance_path() -> Path:
    return Path(os.environ.get("INSTANCE_PATH") or Path.cwd() / "instance").resolve()


def _secret_key(instance: Path) -> str:
    path = instance / "secret_key"
    if path.exists():
        return path.read_text().strip()
    key = secrets.token_hex(32)
    path.write_text(key)
    path.chmod(0o600)
    return key


def redact_url(url: str) -> str:
    """``url`` safe to print: a password (after the user's ``:``, before the ``@``) shown as ***,
    however malformed the rest is."""
    head, at, tail = url.rpartition("@")
    if not at:
        return url
    start = head.find("//") + 2 if "//" in head else 0
    user, colon, _ = head[start:].partition(":")
    return f"{head[:start]}{user}{':***' if colon else ''}@{tail}"


def _check_port(name: str, url: str) -> None:
    try:
        urlparse(url).port  # noqa: B018 - raises on a non-numeric port
    except ValueError:
        raise ConfigError(f"{name} is malformed ({redact_url(url)!r}): the port is not a number.") from None


def _check_redis_url(url: str) -> None:
    parsed = urlparse(url)
    if parsed.scheme not in {"redis", "rediss", "unix"} or (parsed.scheme != "unix" and not parsed.hostname):
        raise ConfigError(f"REDIS_URL is malformed ({redact_url(url)!r}); expected redis://host:port/db.")
    _check_port("REDIS_URL", url)


def _normalise_db_url(url: str) -> str:
    # SQLAlchemy 2.1 maps postgresql:// to psycopg 3; spell it out for 2.0 as well.
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


# Credit-repair tiers of 信用修复管理办法 (国家发展改革委令第36号, in force 2026-04-01), in months.
PUBLICITY_TIERS = {"minor": (0, 3), "general": (3, 12), "serious": (12, 36)}


def _int_map(env: dict[str, str], name: str, default: str, keys: tuple[str, ...]) -> dict[str, int]:
    """Parse ``key:N,key:N`` (every key of ``keys`` required) into a mapping; raise ConfigError."""
    raw = env.get(name) or default
    out: dict[str, int] = {}
    for part in raw.split(","):
        key, sep, value = part.strip().partition(":")
        if not sep or key not in keys or not value.strip().isdigit():
            raise ConfigError(f"{name} is malformed ({raw!r}); expected {default}.")
        out[key] = int(value)
    missing = [k for k in keys if k not in out]
    if missing:
        raise ConfigError(f"{name} lacks {', '.join(missing)} ({raw!r}); expected {default}.")
    return out


def _int_list(env: dict[str, str], name: str, default: str) -> list[int]:
    raw = env.get(name) or default
    try:
        values = [int(v) for v in raw.split(",") if v.strip()]
        if not values or any(v < 0 for v in values):
            raise ValueError
    except ValueError:
        raise ConfigError(f"{name} must be a comma-separated list of whole numbers ({raw!r}).") from None
    return values


def _positive_int(env: dict[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    try:
        value = int(raw) if raw else default
        if value <= 0:
            raise ValueError
    except ValueError:
        raise ConfigError(f"{name} must be a positive whole number ({raw!r}).") from None
    return value


def _alert_settings(env: dict[str, str]) -> dict[str, Any]:
    """Records, objections, complaints and alerts (失信记录、异议、投诉、预警) settings."""
    severities = tuple(PUBLICITY_TIERS)
    publicity = _int_map(env, "RECORD_PUBLICITY_MONTHS", "minor:3,general:12,serious:36", severities)
    repair_min = _int_map(env, "RECORD_REPAIR_MIN_MONTHS", "minor:0,general:3,serious:12", severities)
    for sev, (low, high) in PUBLICITY_TIERS.items():
        if not (max(low, 1) <= publicity[sev] <= high):
            raise ConfigError(f"RECORD_PUBLICITY_MONTHS: {sev} must be {max(low, 1)} to {high} months "
                              f"(令第36号), not {publicity[sev]}.")
        if not (low <= repair_min[sev] <= publicity[sev]):
            raise ConfigError(f"RECORD_REPAIR_MIN_MONTHS: {sev} must be {low} to {publicity[sev]} months, "
                              f"not {repair_min[sev]}.")
    steps = ("accept", "review", "determine", "supervise", "record")
    security = (env.get("SMTP_SECURITY") or "none").lower()
    if security not in {"none", "starttls", "ssl"}:
        raise ConfigError(f"SMTP_SECURITY must be none, starttls or ssl, not {security!r}.")
    digest = (env.get("ALERT_EMAIL_DIGEST") or "off").lower()
    if digest not in {"off", "daily"}:
        raise ConfigError(f"ALERT_EMAIL_DIGEST must be off or daily, not {digest!r}.")
    visible = [r.strip() for r in (env.get("RECORD_OFFICIALS_VISIBLE_TO")
                                   or "admin,finance_staff,credit_officer,supervisor").split(",") if r.strip()]
    known_roles = {"admin", "finance_staff", "agency_staff", "credit_officer", "supervisor", "enterprise", "public"}
    unknown = [r for r in visible if r not in known_roles]
    if unknown:
        raise ConfigError(f"RECORD_OFFICIALS_VISIBLE_TO names unknown roles: {', '.join(unknown)}.")
    return {
        "RECORD_PUBLICITY_MONTHS": publicity,
        "RECORD_REPAIR_MIN_MONTHS": repair_min,
        "RECORD_OFFICIALS_VISIBLE_TO": visible,
        "OBJECTION_ANSWER_WORKING_DAYS": _positive_int(env, "OBJECTION_ANSWER_WORKING_DAYS", 10),
        "OBJECTION_ALERT_DAYS": _int_list(env, "OBJECTION_ALERT_DAYS", "2")[0],
        "COMPLAINT_STEP_WORKING_DAYS": _int_map(env, "COMPLAINT_STEP_WORKING_DAYS",
                                                "accept:3,review:10,determine:10,supervise:5,record:20", steps),
        "ALERT_WARNING_DAYS": sorted(set(_int_list(env, "ALERT_WARNING_DAYS", "7,3,1")), reverse=True),
        "ALERT_RECTIFY_DAYS": _int_list(env, "ALERT_RECTIFY_DAYS", "3")[0],
        "ALERT_EMAIL_DIGEST": digest,
        "ALERT_MAX_ATTEMPTS": _positive_int(env, "ALERT_MAX_ATTEMPTS", 4),
        "ALERT_RETRY_SECONDS": _int_list(env, "ALERT_RETRY_SECONDS", "60,300,1800"),
        "ALERT_LINK_BASE_URL": (env.get("ALERT_LINK_BASE_URL") or "").rstrip("/"),
        "SMTP_HOST": env.get("SMTP_HOST") or None,
        "SMTP_PORT": _positive_int(env, "SMTP_PORT", 25),
        "SMTP_SECURITY": security,
        "SMTP_USER": env.get("SMTP_USER") or None,
        "SMTP_PASSWORD": env.get("SMTP_PASSWORD") or None,
        "SMTP_FROM": env.get("SMTP_FROM") or "monitor@localhost",
        "SMTP_TIMEOUT": _positive_int(env, "SMTP_TIMEOUT", 20),
        "WEBHOOK_TIMEOUT": _positive_int(env, "WEBHOOK_TIMEOUT", 10),
    }


def load(overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """Read the environment (and ``overrides``) into a Flask config mapping; raise ConfigError."""
    overrides = dict(overrides or {})
    env = {**os.environ, **{k: v for k, v in overrides.items() if isinstance(v, str)}}
    instance = Path(overrides.get("INSTANCE_PATH") or env.get("INSTANCE_PATH") or default_instance_path())
    try:
        instance.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"INSTANCE_PATH {instance} cannot be created: {exc.strerror}.") from None

    db_url = env.get("DATABASE_URL") or f"sqlite:///{instance / 'monitor.db'}"
    if "://" not in db_url:
        raise ConfigError(f"DATABASE_URL is malformed ({redact_url(db_url)!r}); expected postgresql://user@host/db.")
    _check_port("DATABASE_URL", db_url)
    redis_url = env.get("REDIS_URL") or None
    if redis_url:
        _check_redis_url(redis_url)
    embedded_jobs = (env.get("EMBEDDED_JOBS") or "thread").lower()
    if embedded_jobs not in {"thread", "inline"}:
        raise ConfigError(f"EMBEDDED_JOBS must be thread or inline, not {embedded_jobs!r}.")
    tz = env.get("TIMEZONE") or "Asia/Shanghai"
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"TIMEZONE {tz!r} is not a known time zone (try Asia/Shanghai).") from None
    try:
        max_mb = int(env.get("MAX_UPLOAD_MB") or 50)
        if max_mb <= 0:
            raise ValueError
    except ValueError:
        raise ConfigError("MAX_UPLOAD_MB must be a positive whole number of megabytes.") from None
    upload_dir = Path(env.get("UPLOAD_DIR") or instance / "uploads")
    try:
        upload_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"UPLOAD_DIR {upload_dir} cannot be created: {exc.strerror}.") from None

    weights = _number_map("SCOREBOARD_WEIGHTS", env.get("SCOREBOARD_WEIGHTS"), SCOREBOARD_WEIGHTS)
    score_params = _number_map("SCOREBOARD_PARAMS", env.get("SCOREBOARD_PARAMS"), SCOREBOARD_PARAMS)

    config: dict[str, Any] = {
        "INSTANCE_PATH": str(instance),
        "DATABASE_URL": _normalise_db_url(db_url),
        "REDIS_URL": redis_url,
        "EMBEDDED_JOBS": embedded_jobs,
        "SECRET_KEY": env.get("SECRET_KEY") or _secret_key(instance),
        "UPLOAD_DIR": str(upload_dir),
        "MAX_UPLOAD_MB": max_mb,
        "MAX_CONTENT_LENGTH": max_mb * 1024 * 1024 + 1024 * 1024,
        "TIMEZONE": tz,
        "LOG_LEVEL": env.get("LOG_LEVEL") or "INFO",
        "RQ_KEY_PREFIX": env.get("RQ_KEY_PREFIX") or None,
        # flask-smorest / OpenAPI
        "API_TITLE": "Contract compliance monitor API (政务履约监测)",
        "API_VERSION": "v1",
        "OPENAPI_VERSION": "3.0.3",
        "OPENAPI_URL_PREFIX": "/api/v1",
        "OPENAPI_JSON_PATH": "openapi.json",
        "OPENAPI_SWAGGER_UI_PATH": "/docs",
        "OPENAPI_SWAGGER_UI_URL": "/api/v1/swagger-ui/",
        "API_SPEC_OPTIONS": {"components": {"securitySchemes": {
            "bearer": {"type": "http", "scheme": "bearer"}}}, "security": [{"bearer": []}]},
        # sessions and CSRF
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "WTF_CSRF_TIME_LIMIT": None,
        "BABEL_DEFAULT_LOCALE": "zh_CN",
        "BABEL_DEFAULT_TIMEZONE": tz,
        "CHECK_ON_START": True,
        "CHECKER_CONNECTIONS": _positive_int(env, "CHECKER_CONNECTIONS", 2),
        "REPORT_DIR": str(Path(env.get("REPORT_DIR") or instance / "reports")),
        "SCOREBOARD_WEIGHTS": weights,
        "SCOREBOARD_PARAMS": score_params,
    }
    alert_settings = _alert_settings(env)
    config.update(alert_settings)
    config.update({k: v for k, v in overrides.items() if k not in {"INSTANCE_PATH"}})
    if "DATABASE_URL" in overrides:
        config["DATABASE_URL"] = _normalise_db_url(overrides["DATABASE_URL"])
    for key, value in alert_settings.items():
        if isinstance(overrides.get(key), str):  # a string override is parsed like the environment
            config[key] = value
    return config
