"""Hooks other areas attach to. The search issue fills these in (outbox entries for the index)."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession


async def on_candidate_erased(session: AsyncSession, candidate_id: UUID) -> None:
    """Called once, in the erasing transaction, after every row of the candidate is gone."""
    from werkgeversportaal.domain.search.outbox import record_index_change

    await record_index_change(session, "candidates", candidate_id, op="delete")


async def on_candidate_visibility_changed(session: AsyncSession, candidate_id: UUID) -> None:
    """Called when consent is granted or withdrawn, the profile or published flag changes, or a video is moderated."""
    from werkgeversportaal.domain.search.outbox import record_index_change

    await record_index_change(session, "candidates", candidate_id)
