"""Rule 1, in one place: an employer sees a candidate only while the candidate's consent for that
scope is active (on the current text version), the candidate is published, and the employer is
verified. Every employer-facing page, URL and search result goes through here.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import and_, exists, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from werkgeversportaal.db.models import Candidate, Consent, ConsentScope
from werkgeversportaal.domain.candidates.consent_texts import current_version
from werkgeversportaal.lib.permissions import CurrentUser, Permission


def consent_active(scope: ConsentScope) -> Any:
    """SQL condition on Candidate: an unwithdrawn grant of the current text version for `scope`."""
    return exists().where(
        Consent.candidate_id == Candidate.id,
        Consent.scope == scope,
        Consent.withdrawn_at.is_(None),
        Consent.text_version >= current_version(scope),
    )


def visible_condition(scope: ConsentScope) -> Any:
    conditions = [Candidate.published.is_(True), consent_active(scope)]
    if scope is not ConsentScope.PROFILE:
        # A video is shown on the profile page, so it needs the profile to be visible as well.
        conditions.append(consent_active(ConsentScope.PROFILE))
    return and_(*conditions)


def employer_may_see_candidates(user: CurrentUser | None) -> bool:
    return bool(user and user.employer_id and user.can(Permission.EMPLOYER_VERIFIED))


async def visible_candidate_ids(
    session: AsyncSession, employer: CurrentUser | None, scope: ConsentScope = ConsentScope.PROFILE,
    among: Iterable[UUID] | None = None,
) -> list[UUID]:
    """The candidates `employer` may see now; pass `among` to filter search hits against the database."""
    if not employer_may_see_candidates(employer):
        return []
    query = select(Candidate.id).where(visible_condition(scope))
    if among is not None:
        query = query.where(Candidate.id.in_(list(among)))
    return list(await session.scalars(query))


async def can_view(session: AsyncSession, employer: CurrentUser | None, candidate_id: UUID,
                   scope: ConsentScope = ConsentScope.PROFILE) -> bool:
    return bool(await visible_candidate_ids(session, employer, scope, among=[candidate_id]))


async def active_consents(session: AsyncSession, candidate_id: UUID) -> dict[ConsentScope, Consent]:
    """The grant that counts per scope (current text version, not withdrawn)."""
    rows = await session.scalars(
        select(Consent).where(Consent.candidate_id == candidate_id, Consent.withdrawn_at.is_(None))
        .order_by(Consent.granted_at)
    )
    return {row.scope: row for row in rows if row.text_version >= current_version(row.scope)}


async def visible_since(session: AsyncSession, candidate_ids: Iterable[UUID]) -> dict[UUID, datetime]:
    """When each candidate became visible to employers: the later of their counting profile consent
    grant and their publication (`published_at`; unknown for rows published before it existed, then
    the grant alone counts). Candidates not visible now are left out.
    """
    ids = list(candidate_ids)
    if not ids:
        return {}
    grant = aliased(Consent)  # its own alias: the visibility condition's EXISTS must not correlate with it
    rows = await session.execute(
        select(Candidate.id, Candidate.published_at, func.max(grant.granted_at))
        .join(grant, grant.candidate_id == Candidate.id)
        .where(Candidate.id.in_(ids), visible_condition(ConsentScope.PROFILE),
               grant.scope == ConsentScope.PROFILE, grant.withdrawn_at.is_(None),
               grant.text_version >= current_version(ConsentScope.PROFILE))
        .group_by(Candidate.id, Candidate.published_at)
    )
    return {candidate_id: max(granted, published_at) if published_at else granted
            for candidate_id, published_at, granted in rows}
