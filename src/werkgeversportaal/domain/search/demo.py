"""Demo data: the demo employers reach the search index through the outbox, like real changes."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from werkgeversportaal.db.models import SearchOutbox
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


EXTENSIONS.append(index_demo_employers)
