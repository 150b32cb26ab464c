"""Accounts: municipalities, users, one-time tokens and personal API tokens."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

from advanced_alchemy.base import UUIDv7AuditBase
from advanced_alchemy.types import DateTimeUTC
from sqlalchemy import Boolean, ColumnElement, Enum, ForeignKey, String, literal_column
from sqlalchemy.orm import Mapped, mapped_column, relationship

if TYPE_CHECKING:
    from werkgeversportaal.db.models.employers import EmployerMembership


class Role(str, enum.Enum):
    ADMIN = "admin"
    ACCOUNT_MANAGER = "account_manager"
    EMPLOYER = "employer"
    CANDIDATE = "candidate"


def enum_column(enum_cls: type[enum.Enum], length: int = 32) -> Enum:
    """Store enums by value as plain strings: readable in SQL, portable across SQLite and PostgreSQL."""
    return Enum(
        enum_cls,
        native_enum=False,
        length=length,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


def enum_constant(member: enum.Enum) -> ColumnElement[Any]:
    """An enum value written into the SQL text (as enum_column stores it) instead of a bind parameter.

    For fixed conditions of prepared statements (status = 'ready'): PostgreSQL estimates a prepared
    statement's generic plan, the one it keeps instead of planning every execution, with the actual
    values of such constants instead of a default guess, so it can settle on it."""
    value = str(member.value)
    if not value.replace("_", "").isalnum():
        raise ValueError(f"not a plain enum value: {value!r}")
    return literal_column(f"'{value}'")


class Municipality(UUIDv7AuditBase):
    __tablename__ = "municipality"

    cbs_code: Mapped[str] = mapped_column(String(6), unique=True)
    name: Mapped[str] = mapped_column(String(120))


class User(UUIDv7AuditBase):
    __tablename__ = "user_account"

    email: Mapped[str] = mapped_column(String(254), unique=True, index=True)
    password_hash: Mapped[str | None] = mapped_column(String(255), default=None)
    role: Mapped[Role] = mapped_column(enum_column(Role))
    display_name: Mapped[str] = mapped_column(String(120))
    preferred_language: Mapped[str] = mapped_column(String(8), default="nl")
    # When the user chose the language themselves; candidates without it get the language choice page first.
    language_chosen_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True), default=None)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    municipality_id: Mapped[UUID | None] = mapped_column(ForeignKey("municipality.id"), default=None)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True), default=None)
    # "email": notifications by e-mail and in the app; "in_app": only in the app (introductions area).
    notify_by: Mapped[str] = mapped_column(String(16), default="email", server_default="email")

    municipality: Mapped[Municipality | None] = relationship(lazy="selectin")
    memberships: Mapped[list[EmployerMembership]] = relationship(
        back_populates="user", lazy="selectin", cascade="all, delete-orphan"
    )


class TokenPurpose(str, enum.Enum):
    INVITATION = "invitation"
    PASSWORD_RESET = "password_reset"  # noqa: S105 (a purpose, not a password)


class OneTimeToken(UUIDv7AuditBase):
    """A link sent by e-mail (invitation, password reset). Only the SHA-256 of the secret is stored."""

    __tablename__ = "one_time_token"

    user_id: Mapped[UUID] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[TokenPurpose] = mapped_column(enum_column(TokenPurpose))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True), default=None)

    user: Mapped[User] = relationship(lazy="joined")


class ApiToken(UUIDv7AuditBase):
    """Personal access token for the JSON API; the secret is shown once and stored hashed."""

    __tablename__ = "api_token"

    user_id: Mapped[UUID] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    prefix: Mapped[str] = mapped_column(String(16), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    scopes: Mapped[str] = mapped_column(String(255), default="read write")
    last_used_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True), default=None)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True), default=None)

    user: Mapped[User] = relationship(lazy="joined")
