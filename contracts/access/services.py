"""Creating users, hashing passwords (argon2) and issuing, checking and revoking API tokens."""

from __future__ import annotations

import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from contracts.access.models import ApiToken, User
from contracts.audit import trail
from contracts.core import clock
from contracts.core.enums import Role
from contracts.core.errors import Conflict, DomainError, msg
from contracts.organisations.models import Agency, Enterprise

_hasher = PasswordHasher()
TOKEN_PREFIX = "ccm_"
MIN_PASSWORD = 8


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def check_password(user: User, password: str) -> bool:
    if not user.password_hash or not user.active:
        return False
    try:
        return _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def create_user(session: Session, *, username: str, role: str, password: str | None = None,
                agency_id: int | None = None, enterprise_id: int | None = None, display_name: str = "",
                email: str | None = None, official_id: int | None = None) -> User:
    """Create a user; agency staff need an agency, enterprise accounts an enterprise."""
    errors: dict[str, list[str]] = {}
    username = (username or "").strip()
    if not username or len(username) > 80:
        errors["username"] = [msg("用户名应为1到80个字符", "username must be 1 to 80 characters")]
    if role not in Role.__members__:
        errors["role"] = [msg(f"未知角色 {role}", f"unknown role {role!r}; one of {', '.join(Role)}")]
    if role == Role.agency_staff and agency_id is None:
        errors["agency_id"] = [msg("部门经办须绑定部门", "agency staff need an agency")]
    if role == Role.enterprise and enterprise_id is None:
        errors["enterprise_id"] = [msg("企业账号须绑定企业", "an enterprise account needs an enterprise")]
    if agency_id is not None and session.get(Agency, agency_id) is None:
        errors["agency_id"] = [msg("部门不存在", "agency does not exist")]
    if enterprise_id is not None and session.get(Enterprise, enterprise_id) is None:
        errors["enterprise_id"] = [msg("企业不存在", "enterprise does not exist")]
    if password is not None and len(password) < MIN_PASSWORD:
        errors["password"] = [msg(f"密码至少{MIN_PASSWORD}位", f"password needs at least {MIN_PASSWORD} characters")]
    if errors:
        raise DomainError(errors)
    if session.scalar(select(User.id).where(User.username == username)):
        raise Conflict({"username": [msg("用户名已存在", "username is taken")]})
    user = User(username=username, role=role, agency_id=agency_id if role != Role.enterprise else None,
                enterprise_id=enterprise_id if role == Role.enterprise else None,
                display_name=display_name or username, email=email, official_id=official_id,
                password_hash=hash_password(password) if password else None)
    session.add(user)
    session.flush()
    trail.record(session, "create", "user", user.id,
                 after={k: v for k, v in trail.snapshot(user).items() if k != "password_hash"})
    return user


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(session: Session, user: User, name: str = "") -> str:
    """A new API token for ``user``; only its hash is stored, so it is shown once."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    session.add(ApiToken(user_id=user.id, name=name, token_hash=_digest(token), prefix=token[:10]))
    session.flush()
    trail.record(session, "create", "api_token", user.id, after={"user_id": user.id, "name": name,
                                                                   "prefix": token[:10]})
    return token


def user_for_token(session: Session, token: str) -> User | None:
    """The active user owning an unrevoked ``token``, or None."""
    if not token.startswith(TOKEN_PREFIX):
        return None
    row = session.scalar(select(ApiToken).where(ApiToken.token_hash == _digest(token)))
    if row is None or row.revoked_at is not None or not row.user.active:
        return None
    now = clock.now()
    if row.last_used_at is None or (now - _aware(row.last_used_at)).total_seconds() > 300:
        row.last_used_at = now
    return row.user


def _aware(value):  # type: ignore[no-untyped-def]
    from datetime import UTC

    return value if value.tzinfo else value.replace(tzinfo=UTC)


def revoke_token(session: Session, token_id: int) -> ApiToken:
    row = session.get(ApiToken, token_id)
    if row is None:
        raise DomainError.field("token_id", "令牌不存在", "no such token", status=404)
    row.revoked_at = clock.now()
    trail.record(session, "revoke", "api_token", row.id, after={"user_id": row.user_id, "prefix": row.prefix})
    return row
