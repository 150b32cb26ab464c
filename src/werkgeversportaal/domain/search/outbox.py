"""The search outbox: how a change in the database reaches the search index.

Every change that affects an index — candidate profile, consent, video approval, opening status,
employer verification or register opt-in, erasure — MUST call

    await record_index_change(session, "<index>", document_id)            # op="upsert"
    await record_index_change(session, "<index>", document_id, op="delete")

with the session of that change, before it commits. The outbox row then exists exactly when the
change does (a rolled-back change leaves no row), and the `sync_search_index` job applies it:
it asks the index's document builder (registry.py) for the document as the database holds it
then, so "upsert" is right for every change that may add, alter or hide a document; "delete"
only when the row is gone and a builder could no longer say so. A search backend that is down
loses nothing: rows stay pending until it answers again.
"""

from __future__ import annotations

from typing import Literal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from werkgeversportaal.db.models import IndexOp, Job, JobStatus, SearchOutbox
from werkgeversportaal.domain.search.backends import INDEXES
from werkgeversportaal.lib.jobs import enqueue, now

SYNC_JOB = "sync_search_index"


async def record_index_change(
    session: AsyncSession, index: str, document_id: object, op: Literal["upsert", "delete"] = "upsert"
) -> SearchOutbox:
    """Note in the caller's transaction that a document of `index` changed; see the module doc."""
    if index not in INDEXES:
        raise ValueError(f"unknown search index {index!r}")
    row = SearchOutbox(index=index, document_id=str(document_id), op=IndexOp(op), created_at=now())
    session.add(row)
    await ensure_sync_queued(session)
    return row


async def ensure_sync_queued(session: AsyncSession, *, delay_seconds: float = 0) -> None:
    """Queue one sync job unless one is already waiting.

    Only a *queued* job counts: a running one may already have read its batch, so a row written
    now needs a job after it (enqueue's own dedupe would also skip for a running job).
    """
    waiting = await session.scalar(
        select(Job.id).where(Job.kind == SYNC_JOB, Job.status == JobStatus.QUEUED).limit(1)
    )
    if waiting is not None:
        return
    job = await enqueue(session, SYNC_JOB, {}, delay_seconds=delay_seconds)
    if job is not None:
        job.dedupe_key = SYNC_JOB
