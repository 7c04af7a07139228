"""Users and API tokens (用户与令牌)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from contracts.core import clock
from contracts.core.db import Base
from contracts.core.enums import Role


class User(Base):
    """A person (or an enterprise's account) who signs in; scoped by agency or enterprise."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    display_name: Mapped[str] = mapped_column(String(120), default="")
    password_hash: Mapped[str | None] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(32))
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"), index=True)
    enterprise_id: Mapped[int | None] = mapped_column(ForeignKey("enterprises.id"), index=True)
    official_id: Mapped[int | None] = mapped_column(ForeignKey("officials.id"))
    email: Mapped[str | None] = mapped_column(String(200))
    locale: Mapped[str] = mapped_column(String(10), default="zh_CN")
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    last_login_at: Mapped[datetime | None]
    failed_logins: Mapped[int] = mapped_column(default=0, server_default="0")  # wrong passwords in a row
    locked_until: Mapped[datetime | None]  # refused sign-ins until then (锁定)

    tokens: Mapped[list[ApiToken]] = relationship(back_populates="user", order_by="ApiToken.id")

    # Flask-Login protocol
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return str(self.id)

    @property
    def role_enum(self) -> Role:
        return Role(self.role)

    def __repr__(self) -> str:
        return f"<User {self.username} {self.role}>"


class ApiToken(Base):
    """A bearer token for the API; only its SHA-256 is stored; it expires, and can be revoked."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(String(80), default="")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
    last_used_at: Mapped[datetime | None]

    user: Mapped[User] = relationship(back_populates="tokens")
