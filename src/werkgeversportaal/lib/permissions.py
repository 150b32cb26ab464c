"""One permission mechanism: named permissions per role, declared on controllers with `requires(...)`.

A guard answers 401/redirect for anonymous visitors and 403 for a role that lacks the permission.
Rows that belong to another tenant are filtered in the services and answer 404, so they
cannot be discovered.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from uuid import UUID

from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException, PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler

from werkgeversportaal.db.models.accounts import Role


class Permission(str, enum.Enum):
    ACCOUNT = "account"  # own account: language, API tokens
    ADMIN_MUNICIPALITIES = "admin.municipalities"
    ADMIN_USERS = "admin.users"
    ADMIN_MAIL = "admin.mail"
    EMPLOYER_OWN = "employer.own"  # own organisation and its openings, verified or not
    EMPLOYER_VERIFIED = "employer.verified"  # publish openings, see candidates
    EMPLOYERS_MANAGE = "employers.manage"  # verify, suspend, notes
    CANDIDATES_MANAGE = "candidates.manage"  # intake and profiles of the own municipality
    CANDIDATE_SELF = "candidate.self"
    AUDIT_READ = "audit.read"


ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: frozenset(
        {Permission.ACCOUNT, Permission.ADMIN_MUNICIPALITIES, Permission.ADMIN_USERS, Permission.ADMIN_MAIL,
         Permission.AUDIT_READ}
    ),
    Role.ACCOUNT_MANAGER: frozenset(
        {Permission.ACCOUNT, Permission.EMPLOYERS_MANAGE, Permission.CANDIDATES_MANAGE, Permission.AUDIT_READ}
    ),
    Role.EMPLOYER: frozenset({Permission.ACCOUNT, Permission.EMPLOYER_OWN}),
    Role.CANDIDATE: frozenset({Permission.ACCOUNT, Permission.CANDIDATE_SELF}),
}


@dataclass(frozen=True)
class CurrentUser:
    """Who is asking, resolved once per request by the request-context middleware."""

    id: UUID
    email: str
    role: Role
    display_name: str
    language: str
    municipality_id: UUID | None = None
    employer_id: UUID | None = None
    employer_verified: bool = False
    candidate_id: UUID | None = None
    via_token: bool = False
    token_scopes: frozenset[str] = field(default_factory=frozenset)
    permissions: frozenset[Permission] = field(default_factory=frozenset)

    def can(self, permission: Permission) -> bool:
        return permission in self.permissions


def permissions_for(role: Role, *, employer_verified: bool = False) -> frozenset[Permission]:
    granted = set(ROLE_PERMISSIONS[role])
    if role is Role.EMPLOYER and employer_verified:
        granted.add(Permission.EMPLOYER_VERIFIED)
    return frozenset(granted)


def current_user(connection: ASGIConnection) -> CurrentUser | None:
    user = connection.scope.get("user")
    return user if isinstance(user, CurrentUser) else None


def acting_user(connection: ASGIConnection) -> CurrentUser:
    """The signed-in user of a handler behind a `requires(...)` guard (the guard ensured there is one)."""
    user = current_user(connection)
    assert user is not None, "acting_user() used on a route without a login guard"
    return user


def requires(*needed: Permission):  # type: ignore[no-untyped-def]
    """Guard: the visitor must be logged in and hold every named permission.

    Guards are coroutine functions on purpose: Litestar runs a plain function guard in a worker
    thread, a thread hop per request for a check of a few attribute lookups.
    """

    async def guard(connection: ASGIConnection, _handler: BaseRouteHandler) -> None:
        user = current_user(connection)
        if user is None:
            raise NotAuthorizedException("login required")
        writes = connection.scope.get("method") not in {"GET", "HEAD"}
        if user.via_token and writes and "write" not in user.token_scopes:
            raise PermissionDeniedException("this token may only read")
        missing = [p for p in needed if not user.can(p)]
        if missing:
            raise PermissionDeniedException("missing permission: " + ", ".join(p.value for p in missing))

    guard.__name__ = "requires_" + "_".join(p.name.lower() for p in needed)
    guard.permissions = needed  # type: ignore[attr-defined]
    return guard


async def login_required(connection: ASGIConnection, _handler: BaseRouteHandler) -> None:
    if current_user(connection) is None:
        raise NotAuthorizedException("login required")
