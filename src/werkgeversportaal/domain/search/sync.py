"""Applying the outbox to the search backend, and rebuilding an index from the database."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

import anyio.to_thread
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from werkgeversportaal.db.models import IndexOp, Job, JobStatus, SearchOutbox
from werkgeversportaal.domain.search.backends import SearchError, SearchUnavailable
from werkgeversportaal.domain.search.outbox import SYNC_JOB
from werkgeversportaal.domain.search.registry import DOCUMENT_BUILDERS, Document, document_source
from werkgeversportaal.lib.jobs import now

if TYPE_CHECKING:
    from werkgeversportaal.lib.runtime import Runtime

log = logging.getLogger(__name__)

BATCH_SIZE = 500
# A row that failed this often for another reason than an unreachable backend (a document the
# backend refuses) stops being retried; `search status` shows it and a reindex repairs it.
MAX_ATTEMPTS = 10
BUILD_CHUNK = 500


@dataclass
class SyncReport:
    upserted: int = 0
    deleted: int = 0
    processed_rows: int = 0
    unavailable: bool = False
    failed_rows: int = 0
    min_attempts: int = 0


def _pending(indexes: Sequence[str]) -> Any:
    return (SearchOutbox.processed_at.is_(None)) & (SearchOutbox.attempts < MAX_ATTEMPTS) & (
        SearchOutbox.index.in_(list(indexes))
    )


async def build_documents(session: AsyncSession, index: str, ids: Sequence[str]) -> dict[str, Document | None]:
    source = document_source(index)
    if source is None:
        raise LookupError(f"no document builder registered for index {index!r}")
    built = await source.build(session, ids)
    return {i: built.get(i) for i in ids}


async def sync_pending(runtime: Runtime, *, batch_size: int = BATCH_SIZE, max_batches: int = 1000) -> SyncReport:
    """Apply pending outbox rows in batches, oldest first; the last change of a document wins.

    Returns early with `unavailable=True` when the backend cannot be reached: the rows of that
    batch stay pending (with attempts counted) for the next try.
    """
    report = SyncReport()
    backend = runtime.search
    indexes = sorted(DOCUMENT_BUILDERS)
    if not indexes:
        return report
    for _batch in range(max_batches):
        async with runtime.session_maker() as session:
            rows = list(await session.scalars(
                select(SearchOutbox).where(_pending(indexes)).order_by(SearchOutbox.id).limit(batch_size)
            ))
            if not rows:
                break
            latest: dict[tuple[str, str], IndexOp] = {}
            for row in rows:  # ordered by id, so the last assignment is the newest change
                latest[(row.index, row.document_id)] = row.op
            plan: dict[str, tuple[list[Document], list[str]]] = {}
            for index in {key[0] for key in latest}:
                wanted = [doc_id for (i, doc_id), op in latest.items() if i == index and op == IndexOp.UPSERT]
                removed = [doc_id for (i, doc_id), op in latest.items() if i == index and op == IndexOp.DELETE]
                built = await build_documents(session, index, wanted) if wanted else {}
                upserts = [doc for doc in built.values() if doc is not None]
                removed += [doc_id for doc_id, doc in built.items() if doc is None]
                plan[index] = (upserts, removed)
        row_ids = [row.id for row in rows]
        try:
            for index, (upserts, removed) in sorted(plan.items()):
                if upserts:
                    report.upserted += await anyio.to_thread.run_sync(backend.upsert, index, upserts)
                if removed:
                    await anyio.to_thread.run_sync(backend.delete, index, removed)
                    report.deleted += len(removed)
        except SearchUnavailable as exc:
            log.warning("search backend unavailable, %s outbox rows stay pending: %s", len(rows), exc)
            await _count_attempt(runtime, row_ids, str(exc))
            report.unavailable = True
            report.min_attempts = min(row.attempts for row in rows) + 1
            return report
        except SearchError as exc:
            # Retrying the whole batch would fail the same way; count the attempt and move on.
            log.error("search backend refused outbox batch: %s", exc)
            await _count_attempt(runtime, row_ids, str(exc))
            report.failed_rows += len(row_ids)
            continue
        async with runtime.session_maker() as session:
            await session.execute(
                update(SearchOutbox).where(SearchOutbox.id.in_(row_ids))
                .values(processed_at=now(), last_error="").execution_options(synchronize_session=False)
            )
            await session.commit()
        report.processed_rows += len(row_ids)
    return report


async def _count_attempt(runtime: Runtime, row_ids: list[int], error: str) -> None:
    async with runtime.session_maker() as session:
        await session.execute(
            update(SearchOutbox).where(SearchOutbox.id.in_(row_ids))
            .values(attempts=SearchOutbox.attempts + 1, last_error=error[:2000])
            .execution_options(synchronize_session=False)
        )
        await session.commit()


async def other_sync_running(runtime: Runtime) -> bool:
    """True when more than one sync job holds a live lock (this one included).

    Two syncs at once could apply an older document after a newer one, so the later one steps aside.
    """
    async with runtime.session_maker() as session:
        running = await session.scalar(
            select(func.count()).select_from(Job)
            .where(Job.kind == SYNC_JOB, Job.status == JobStatus.RUNNING, Job.locked_until > now())
        )
    return bool(running and running > 1)


def retry_delay(runtime: Runtime, attempts: int) -> float:
    """Back off while the backend stays down, but never wait more than a minute to catch up."""
    return min(60.0, max(runtime.settings.worker.poll_seconds, 0.01) * (2 ** min(attempts, 12)))


# --- reindex ------------------------------------------------------------------------------------

async def collect_documents(
    runtime: Runtime, index: str, progress: Callable[[int], None] | None = None
) -> list[Document]:
    """Every document that belongs in `index`, built from the database through the area's builder."""
    source = document_source(index)
    if source is None or source.list_ids is None:
        raise LookupError(f"no document builder with list_ids registered for index {index!r}")
    documents: list[Document] = []
    async with runtime.session_maker() as session:
        ids = await source.list_ids(session)
        for start in range(0, len(ids), BUILD_CHUNK):
            chunk = ids[start:start + BUILD_CHUNK]
            built = await source.build(session, chunk)
            documents.extend(doc for doc in (built.get(i) for i in chunk) if doc is not None)
            if progress is not None:
                progress(len(chunk))
    return documents


async def count_ids(runtime: Runtime, index: str) -> int:
    source = document_source(index)
    if source is None or source.list_ids is None:
        raise LookupError(f"no document builder with list_ids registered for index {index!r}")
    async with runtime.session_maker() as session:
        return len(await source.list_ids(session))


async def requeue_applied_since(runtime: Runtime, index: str, started_at: datetime) -> int:
    """After a reindex swap: rows the worker applied to the old index while the new one was being
    built are made pending again, so their changes reach the new index too. Rows still pending
    simply run once more (applying a document is idempotent)."""
    from werkgeversportaal.domain.search.outbox import ensure_sync_queued

    async with runtime.session_maker() as session:
        result = await session.execute(
            update(SearchOutbox)
            .where(SearchOutbox.index == index, SearchOutbox.processed_at >= started_at)
            .values(processed_at=None).execution_options(synchronize_session=False)
        )
        count = int(result.rowcount or 0)  # type: ignore[attr-defined]
        if count:
            await ensure_sync_queued(session)
        await session.commit()
    return count


# --- status -------------------------------------------------------------------------------------

@dataclass
class OutboxStatus:
    pending: dict[str, int]
    failed: dict[str, int]
    oldest_pending: datetime | None


async def outbox_status(runtime: Runtime) -> OutboxStatus:
    async with runtime.session_maker() as session:
        open_rows = SearchOutbox.processed_at.is_(None)
        pending = dict((await session.execute(  # type: ignore[arg-type]
            select(SearchOutbox.index, func.count()).where(open_rows, SearchOutbox.attempts < MAX_ATTEMPTS)
            .group_by(SearchOutbox.index)
        )).all())
        failed = dict((await session.execute(  # type: ignore[arg-type]
            select(SearchOutbox.index, func.count()).where(open_rows, SearchOutbox.attempts >= MAX_ATTEMPTS)
            .group_by(SearchOutbox.index)
        )).all())
        oldest = await session.scalar(select(func.min(SearchOutbox.created_at)).where(open_rows))
    return OutboxStatus(pending=pending, failed=failed, oldest_pending=oldest)
