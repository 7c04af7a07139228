"""Configuration from environment variables, with documented defaults (配置).

| variable | default | meaning |
|---|---|---|
| DATABASE_URL | sqlite:///<instance>/monitor.db | SQLAlchemy URL; postgresql://… in production |
| REDIS_URL | unset | unset: jobs run in-process; redis://… : jobs go to rq workers |
| SECRET_KEY | generated once into <instance>/secret_key | signs sessions and CSRF tokens |
| UPLOAD_DIR | <instance>/uploads | where uploaded PDFs are stored (content-addressed) |
| MAX_UPLOAD_MB | 50 | largest accepted upload |
| TIMEZONE | Asia/Shanghai | what "today" is |
| INSTANCE_PATH | ./instance | folder for the embedded database, secret key, uploads |
| LOG_LEVEL | INFO | logging level |
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


def _check_redis_url(url: str) -> None:
    parsed = urlparse(url)
    if parsed.scheme not in {"redis", "rediss", "unix"} or (parsed.scheme != "unix" and not parsed.hostname):
        raise ConfigError(f"REDIS_URL is malformed ({url!r}); expected redis://host:port/db.")
    try:
        parsed.port  # noqa: B018 - raises on a non-numeric port
    except ValueError:
        raise ConfigError(f"REDIS_URL is malformed ({url!r}): the port is not a number.") from None


def _normalise_db_url(url: str) -> str:
    # SQLAlchemy 2.1 maps postgresql:// to psycopg 3; spell it out for 2.0 as well.
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


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
        raise ConfigError(f"DATABASE_URL is malformed ({db_url!r}); expected postgresql://user@host/db.")
    redis_url = env.get("REDIS_URL") or None
    if redis_url:
        _check_redis_url(redis_url)
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

    config: dict[str, Any] = {
        "INSTANCE_PATH": str(instance),
        "DATABASE_URL": _normalise_db_url(db_url),
        "REDIS_URL": redis_url,
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
        "PAGINATION_PAGE_SIZE": 20,
        "PAGINATION_MAX_PAGE_SIZE": 500,
        # sessions and CSRF
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "WTF_CSRF_TIME_LIMIT": None,
        "BABEL_DEFAULT_LOCALE": "zh_CN",
        "BABEL_DEFAULT_TIMEZONE": tz,
        "CHECK_ON_START": True,
    }
    config.update({k: v for k, v in overrides.items() if k not in {"INSTANCE_PATH"}})
    if "DATABASE_URL" in overrides:
        config["DATABASE_URL"] = _normalise_db_url(overrides["DATABASE_URL"])
    return config
