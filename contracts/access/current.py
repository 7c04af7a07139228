"""The current user of a request and the permission check every endpoint uses (当前用户).

``monitor.auth`` resolves who is calling (session or bearer token) into ``flask.g.user``; the
registry's API reads it from here, so the registry never imports the application layer.
"""

from __future__ import annotations

from flask import g

from contracts.access.models import User
from contracts.access.permissions import Permission, require
from contracts.core.errors import DomainError, msg


class Unauthorized(DomainError):
    status = 401

    def __init__(self) -> None:
        super().__init__({"_schema": [msg("需要登录或有效的API令牌", "authentication required")]}, 401)


def user() -> User | None:
    """The signed-in user or the API token's owner, if any."""
    return g.get("user")


def authenticated() -> User:
    """The current user; 401 when nobody is signed in."""
    u = user()
    if u is None:
        raise Unauthorized()
    return u


def requires(permission: Permission) -> User:
    """The current user if they hold ``permission`` (401 / 403 otherwise)."""
    u = authenticated()
    require(u, permission)
    return u
