"""The openings index: published openings of verified employers.

Any other status (draft, paused, filled, closed), or an employer that is not (or no longer)
verified, answers None and removes the document. Opening edits and status changes call
`record_index_change(session, "openings", id)`; employer verification and organisation changes call
`record_employer_openings(session, employer_id)` so a suspended employer's openings drop out.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from werkgeversportaal.db.models import Employer, Opening, OpeningStatus, VerificationStatus
from werkgeversportaal.domain.search.backends import epoch_days
from werkgeversportaal.domain.search.documents import cefr_rank, education_rank, uuids
from werkgeversportaal.domain.search.outbox import record_index_change
from werkgeversportaal.domain.search.registry import (
    Document,
    register_document_builder,
    register_visibility_checker,
)

INDEX = "openings"


def published_conditions() -> list[Any]:
    return [Opening.status == OpeningStatus.PUBLISHED, Employer.verification_status == VerificationStatus.VERIFIED]


def opening_document(opening: Opening) -> Document:
    published = opening.updated_at or opening.created_at
    document: Document = {
        "id": str(opening.id),
        "employer_id": str(opening.employer_id),
        "employer_name": opening.employer.name,
        "title": opening.title,
        "description": opening.description or "",
        "kind": opening.kind.value,
        "sector": opening.sector.value,
        "occupation": opening.occupation or "",
        "place": opening.place,
        "status": opening.status.value,
        "dutch_level": cefr_rank(opening.dutch_level),
        "education_level": education_rank(opening.education_level),
        "hours_per_week": opening.hours_per_week,
        "start_date": epoch_days(opening.start_date) if opening.start_date else 0,
        "workdays": list(opening.workdays or []),
        "published_at": int(published.timestamp()),
    }
    if opening.lat is not None and opening.lng is not None:
        document["_geo"] = {"lat": opening.lat, "lng": opening.lng}
    return document


async def build_opening_documents(session: AsyncSession, ids: Sequence[str]) -> dict[str, Document | None]:
    documents: dict[str, Document | None] = {str(i): None for i in ids}
    wanted = uuids(ids)
    if wanted:
        rows = await session.scalars(
            select(Opening).join(Employer, Opening.employer_id == Employer.id)
            .where(Opening.id.in_(wanted), *published_conditions()))
        for opening in rows:
            documents[str(opening.id)] = opening_document(opening)
    return documents


async def published_opening_ids(session: AsyncSession) -> list[str]:
    rows = await session.scalars(
        select(Opening.id).join(Employer, Opening.employer_id == Employer.id).where(*published_conditions())
        .order_by(Opening.id))
    return [str(i) for i in rows]


async def visible_openings(session: AsyncSession, ids: Sequence[str], viewer: Any) -> set[str]:
    """Published openings of verified employers are public (the register shows them to anyone)."""
    wanted = uuids(ids)
    if not wanted:
        return set()
    rows = await session.scalars(
        select(Opening.id).join(Employer, Opening.employer_id == Employer.id)
        .where(Opening.id.in_(wanted), *published_conditions()))
    return {str(i) for i in rows}


async def record_employer_openings(session: AsyncSession, employer_id: Any) -> None:
    """An employer's verification or name changed: every opening of theirs may appear or drop out."""
    for opening_id in await session.scalars(select(Opening.id).where(Opening.employer_id == employer_id)):
        await record_index_change(session, INDEX, opening_id)


register_document_builder(INDEX, build_opening_documents, list_ids=published_opening_ids)
register_visibility_checker(INDEX, visible_openings)
