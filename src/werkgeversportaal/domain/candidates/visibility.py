"""Rule 1, in one place: an employer sees a candidate only while the candidate's consent for that
scope is active (on the current text version), the candidate is published, and the employer is
verified. Every employer-facing page, URL and search result goes through here.

The SQL is built once, at import: the conditions are plain Core expressions whose only parameter,
the current consent text version, is a bind parameter read when the statement runs (so a new text
version counts at once), and the statements below take their ids as bind parameters. SQLAlchemy
then reuses their cache keys and compiled SQL instead of building and compiling expressions on every
request. Nothing is cached about who may see what: every call asks the database.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import Integer, and_, bindparam, exists, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from werkgeversportaal.db.models import Candidate, Consent, ConsentScope
from werkgeversportaal.domain.candidates.consent_texts import current_version
from werkgeversportaal.lib.permissions import CurrentUser, Permission

_candidate = Candidate.__table__.c
_consent = Consent.__table__.c


def _version_param(scope: ConsentScope) -> Any:
    """The current text version of `scope`, evaluated each time a statement holding it is executed."""
    return bindparam(f"consent_version_{scope.value}", type_=Integer, unique=True,
                     callable_=lambda: current_version(scope))


_VERSION = {scope: _version_param(scope) for scope in ConsentScope}
_CONSENT_ACTIVE = {
    scope: exists().where(
        _consent.candidate_id == _candidate.id,
        _consent.scope == scope,
        _consent.withdrawn_at.is_(None),
        _consent.text_version >= _VERSION[scope],
    )
    for scope in ConsentScope
}
_VISIBLE = {
    # A video is shown on the profile page, so it needs the profile to be visible as well.
    scope: and_(_candidate.published.is_(True), _CONSENT_ACTIVE[scope],
                *([] if scope is ConsentScope.PROFILE else [_CONSENT_ACTIVE[ConsentScope.PROFILE]]))
    for scope in ConsentScope
}


def consent_active(scope: ConsentScope) -> Any:
    """SQL condition on Candidate: an unwithdrawn grant of the current text version for `scope`."""
    return _CONSENT_ACTIVE[scope]


def visible_condition(scope: ConsentScope) -> Any:
    """SQL condition on Candidate: published, and consent for `scope` (and for the profile) active."""
    return _VISIBLE[scope]


def employer_may_see_candidates(user: CurrentUser | None) -> bool:
    return bool(user and user.employer_id and user.can(Permission.EMPLOYER_VERIFIED))


_VISIBLE_IDS = {scope: select(_candidate.id).where(_VISIBLE[scope]) for scope in ConsentScope}
_VISIBLE_AMONG = {
    scope: select(_candidate.id).where(_candidate.id.in_(bindparam("among", expanding=True)), _VISIBLE[scope])
    for scope in ConsentScope
}
_CAN_VIEW = {
    scope: select(_candidate.id).where(_candidate.id == bindparam("candidate_id"), _VISIBLE[scope])
    for scope in ConsentScope
}


async def visible_candidate_ids(
    session: AsyncSession, employer: CurrentUser | None, scope: ConsentScope = ConsentScope.PROFILE,
    among: Iterable[UUID] | None = None,
) -> list[UUID]:
    """The candidates `employer` may see now; pass `among` to filter search hits against the database."""
    if not employer_may_see_candidates(employer):
        return []
    if among is None:
        return list(await session.scalars(_VISIBLE_IDS[scope]))
    wanted = list(among)
    if not wanted:
        return []
    return list(await session.scalars(_VISIBLE_AMONG[scope], {"among": wanted}))


async def can_view(session: AsyncSession, employer: CurrentUser | None, candidate_id: UUID,
                   scope: ConsentScope = ConsentScope.PROFILE) -> bool:
    if not employer_may_see_candidates(employer):
        return False
    return await session.scalar(_CAN_VIEW[scope], {"candidate_id": candidate_id}) is not None


async def active_consents(session: AsyncSession, candidate_id: UUID) -> dict[ConsentScope, Consent]:
    """The grant that counts per scope (current text version, not withdrawn)."""
    rows = await session.scalars(
        select(Consent).where(Consent.candidate_id == candidate_id, Consent.withdrawn_at.is_(None))
        .order_by(Consent.granted_at)
    )
    return {row.scope: row for row in rows if row.text_version >= current_version(row.scope)}


# Its own alias of consent: the visibility condition's EXISTS must not correlate with it.
_grant = Consent.__table__.alias()
_VISIBLE_SINCE = (
    select(_candidate.id, _candidate.published_at, func.max(_grant.c.granted_at))
    .join(_grant, _grant.c.candidate_id == _candidate.id)
    .where(_candidate.id.in_(bindparam("ids", expanding=True)), _VISIBLE[ConsentScope.PROFILE],
           _grant.c.scope == ConsentScope.PROFILE, _grant.c.withdrawn_at.is_(None),
           _grant.c.text_version >= _VERSION[ConsentScope.PROFILE])
    .group_by(_candidate.id, _candidate.published_at)
)


async def visible_since(session: AsyncSession, candidate_ids: Iterable[UUID]) -> dict[UUID, datetime]:
    """When each candidate became visible to employers: the later of their counting profile consent
    grant and their publication (`published_at`; unknown for rows published before it existed, then
    the grant alone counts). Candidates not visible now are left out.
    """
    ids = list(candidate_ids)
    if not ids:
        return {}
    rows = await session.execute(_VISIBLE_SINCE, {"ids": ids})
    return {candidate_id: max(granted, published_at) if published_at else granted
            for candidate_id, published_at, granted in rows}
