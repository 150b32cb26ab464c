"""The employers index: the public register of verified employers open to statushouders.

Only verified employers that opted in to the public register are documents; any other state
(pending, rejected, suspended, opted out, gone) answers None, which removes the document.
Issue 3's verification and register changes call `record_index_change(session, "employers", id)`.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from werkgeversportaal.db.models import Employer, VerificationStatus
from werkgeversportaal.domain.search.registry import (
    Document,
    register_document_builder,
    register_visibility_checker,
)

INDEX = "employers"


def _uuids(ids: Sequence[str]) -> list[uuid.UUID]:
    found = []
    for value in ids:
        try:
            found.append(uuid.UUID(str(value)))
        except ValueError:
            continue  # not an employer id: answers None (removed), never an error
    return found


def _public(employer: Employer) -> bool:
    return employer.verification_status == VerificationStatus.VERIFIED and employer.public_register


def employer_document(employer: Employer) -> Document:
    # Fields per search/employers.json; `_geo` once the organisation's place was matched to the
    # offline list of Dutch places (employers registered before that have a place name only).
    document: Document = {
        "id": str(employer.id),
        "name": employer.name,
        "sectors": list(employer.sectors or []),
        "place": employer.place,
        "verification_status": employer.verification_status.value,
        "public_register": employer.public_register,
        "registered_at": int(employer.created_at.timestamp()),
    }
    if employer.lat is not None and employer.lng is not None:
        document["_geo"] = {"lat": employer.lat, "lng": employer.lng}
    return document


async def build_employer_documents(session: AsyncSession, ids: Sequence[str]) -> dict[str, Document | None]:
    documents: dict[str, Document | None] = {str(i): None for i in ids}
    wanted = _uuids(ids)
    if wanted:
        for employer in await session.scalars(select(Employer).where(Employer.id.in_(wanted))):
            if _public(employer):
                documents[str(employer.id)] = employer_document(employer)
    return documents


async def public_employer_ids(session: AsyncSession) -> list[str]:
    rows = await session.scalars(
        select(Employer.id).where(Employer.verification_status == VerificationStatus.VERIFIED,
                                  Employer.public_register.is_(True)).order_by(Employer.id)
    )
    return [str(i) for i in rows]


async def visible_employers(session: AsyncSession, ids: Sequence[str], viewer: Any) -> set[str]:
    """Everyone (also anonymous visitors) may see an employer of the public register."""
    wanted = _uuids(ids)
    if not wanted:
        return set()
    rows = await session.scalars(
        select(Employer.id).where(Employer.id.in_(wanted), Employer.verification_status == VerificationStatus.VERIFIED,
                                  Employer.public_register.is_(True))
    )
    return {str(i) for i in rows}


register_document_builder(INDEX, build_employer_documents, list_ids=public_employer_ids)
register_visibility_checker(INDEX, visible_employers)
