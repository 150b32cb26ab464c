"""Search at app start-up: create the indexes, read them into memory (the embedded engine), and
pick up changes a previous run left pending."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import anyio.to_thread
from sqlalchemy import select

from werkgeversportaal.db.models import SearchOutbox
from werkgeversportaal.domain.search.backends import SearchError

if TYPE_CHECKING:
    from werkgeversportaal.lib.runtime import Runtime

log = logging.getLogger(__name__)


def _prepare_indexes(runtime: Runtime) -> None:
    runtime.search.ensure_indexes()
    runtime.search.preload()


async def start_search(runtime: Runtime) -> None:
    """Never stops start-up: the portal works with search down (callers fall back to the
    database) and the outbox catches up once the backend answers."""
    try:
        await anyio.to_thread.run_sync(_prepare_indexes, runtime)
    except SearchError as exc:
        log.warning("search backend not ready at start-up (%s); continuing, the outbox will catch up", exc)
    try:
        from werkgeversportaal.domain.search.jobs import schedule_sync

        async with runtime.session_maker() as session:
            pending = await session.scalar(select(SearchOutbox.id).where(SearchOutbox.processed_at.is_(None)).limit(1))
        if pending is not None:
            # A sync job may have given up (or the process died) while rows were still waiting.
            await schedule_sync(runtime)
    except Exception:  # the database may not be migrated yet; the first change queues a sync anyway
        log.exception("could not check the search outbox at start-up")
