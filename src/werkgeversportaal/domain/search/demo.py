"""Demo data: demo employers, openings and candidates reach the search index through the outbox."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from werkgeversportaal.db.models import Employer, EmployerMembership, SavedSearch, SearchOutbox
from werkgeversportaal.demo import EXTENSIONS
from werkgeversportaal.domain.search.outbox import record_index_change


async def index_demo_employers(session: AsyncSession, context: dict[str, Any]) -> list[tuple[str, str, str]]:
    for employer in context.get("employers", {}).values():
        already = await session.scalar(
            select(SearchOutbox.id).where(SearchOutbox.index == "employers",
                                          SearchOutbox.document_id == str(employer.id)).limit(1)
        )
        if already is None:  # seeding twice adds nothing
            await record_index_change(session, "employers", employer.id)
    return []


async def index_demo_openings_and_candidates(session: AsyncSession,
                                            context: dict[str, Any]) -> list[tuple[str, str, str]]:
    """Published demo openings and consented demo candidates, so the search pages show something."""
    from werkgeversportaal.domain.search.candidates import consented_candidate_ids
    from werkgeversportaal.domain.search.openings import published_opening_ids

    for index, ids in (("openings", await published_opening_ids(session)),
                       ("candidates", await consented_candidate_ids(session))):
        done = set(await session.scalars(select(SearchOutbox.document_id).where(SearchOutbox.index == index)))
        for document_id in ids:
            if document_id not in done:
                await record_index_change(session, index, document_id)
    return []


async def demo_saved_search(session: AsyncSession, context: dict[str, Any]) -> list[tuple[str, str, str]]:
    """A saved search with the daily e-mail on, for the first verified demo employer's first user."""
    membership = await session.scalar(
        select(EmployerMembership).join(Employer, Employer.id == EmployerMembership.employer_id)
        .where(Employer.id.in_([e.id for e in context.get("employers", {}).values()]))
        .order_by(EmployerMembership.created_at).limit(1))
    if membership is None or not membership.employer.is_verified:
        return []
    exists = await session.scalar(select(SavedSearch.id).where(SavedSearch.user_id == membership.user_id).limit(1))
    if exists is None:  # seeding twice adds nothing
        session.add(SavedSearch(user_id=membership.user_id, employer_id=membership.employer_id,
                                name="Heftruck, Nederlands A2", params={"q": "heftruck", "dutch": "A2"},
                                notify_daily=True))
    return []


EXTENSIONS.append(index_demo_employers)
EXTENSIONS.append(index_demo_openings_and_candidates)
EXTENSIONS.append(demo_saved_search)
