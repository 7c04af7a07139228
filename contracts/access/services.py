"""Creating users, checking sign-ins (argon2 hashes, lockout after repeated failures) and issuing,
checking and revoking API tokens that expire."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from functools import cache

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
TOKEN_DAYS = 90  # a new API token lasts this long unless its owner asks for another period
MAX_TOKEN_DAYS = 365
LOCK_AFTER = 5  # failed sign-ins in a row that lock an account
LOCK_FOR = timedelta(minutes=15)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


@cache
def _decoy_hash() -> str:
    """A hash no password matches, verified when there is no account to check against, so a
    refusal takes as long whether or not the username exists."""
    return _hasher.hash(secrets.token_urlsafe(16))


def authenticate(session: Session, username: str, password: str) -> User | None:
    """The active user signing in with this password, or None (登录校验); the caller commits.

    Every refusal costs one argon2 verification, an unknown username included, so the response
    time does not tell which usernames exist. ``LOCK_AFTER`` wrong passwords in a row lock the
    account for ``LOCK_FOR``, during which even the right password is refused; the lock is
    audited. A successful sign-in clears the count.
    """
    user = session.scalar(select(User).where(User.username == username)) if username else None
    now = clock.now()
    if user is None or not user.password_hash or (user.locked_until is not None and user.locked_until > now):
        _verify(_decoy_hash(), password)
        return None
    if _verify(user.password_hash, password) and user.active:
        user.failed_logins, user.locked_until, user.last_login_at = 0, None, now
        return user
    user.failed_logins = (user.failed_logins or 0) + 1
    if user.failed_logins >= LOCK_AFTER:
        user.failed_logins, user.locked_until = 0, now + LOCK_FOR
        trail.record(session, "lock", "user", user.id, after={"locked_until": user.locked_until},
                     note=f"{LOCK_AFTER} failed sign-ins in a row (连续{LOCK_AFTER}次登录失败)")
    return None


def create_user(session: Session, *, username: str, role: str, password: str | None = None,
                agency_id: int | None = None, enterprise_id: int | None = None, display_name: str = "",
                email: str | None = None, official_id: int | None = None) -> User:
    """Create a user; agency staff need an agency, enterprise accounts an enterprise (and only they).

    Any staff role may work for an agency (a credit officer, or an administrator, in the finance
    bureau): 回避 then keeps them from deciding on that agency's findings and records."""
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
    if role == Role.enterprise and agency_id is not None:
        errors["agency_id"] = [msg("企业账号不绑定部门", "an enterprise account is not bound to an agency")]
    if role != Role.enterprise and enterprise_id is not None:
        errors["enterprise_id"] = [msg("只有企业账号绑定企业", "only an enterprise account is bound to an enterprise")]
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
    user = User(username=username, role=role, agency_id=agency_id, enterprise_id=enterprise_id,
                display_name=display_name or username, email=email, official_id=official_id,
                password_hash=hash_password(password) if password else None)
    session.add(user)
    session.flush()
    trail.record(session, "create", "user", user.id,
                 after={k: v for k, v in trail.snapshot(user).items() if k != "password_hash"})
    return user


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(session: Session, user: User, name: str = "", *, days: int = TOKEN_DAYS) -> str:
    """A new API token for ``user``, valid for ``days`` (1 to ``MAX_TOKEN_DAYS``); only its hash is
    stored, so it is shown once."""
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_TOKEN_DAYS:
        raise DomainError.field("days", f"有效期应为1到{MAX_TOKEN_DAYS}天",
                                f"a token is valid for 1 to {MAX_TOKEN_DAYS} days")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    expires_at = clock.now() + timedelta(days=days)
    session.add(ApiToken(user_id=user.id, name=name, token_hash=_digest(token), prefix=token[:10],
                         expires_at=expires_at))
    session.flush()
    trail.record(session, "create", "api_token", user.id, after={"user_id": user.id, "name": name,
                                                                   "prefix": token[:10], "expires_at": expires_at})
    return token


def token_record(session: Session, token: str) -> ApiToken | None:
    """The stored row of ``token`` (found by its hash), whatever its state."""
    if not token.startswith(TOKEN_PREFIX):
        return None
    return session.scalar(select(ApiToken).where(ApiToken.token_hash == _digest(token)))


def user_for_token(session: Session, token: str) -> User | None:
    """The active user owning an unrevoked, unexpired ``token``, or None."""
    row = token_record(session, token)
    now = clock.now()
    if row is None or row.revoked_at is not None or row.expires_at <= now or not row.user.active:
        return None
    if row.last_used_at is None or (now - row.last_used_at).total_seconds() > 300:
        row.last_used_at = now
    return row.user


def revoke_token(session: Session, token_id: int) -> ApiToken:
    row = session.get(ApiToken, token_id)
    if row is None:
        raise DomainError.field("token_id", "令牌不存在", "no such token", status=404)
    row.revoked_at = clock.now()
    trail.record(session, "revoke", "api_token", row.id, after={"user_id": row.user_id, "prefix": row.prefix})
    return row
