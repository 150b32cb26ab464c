"""The `sync_search_index` job: applies the search outbox (see outbox.py) to the backend."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import werkgeversportaal.domain.search.employers  # noqa: F401 (registers the employers index)
from werkgeversportaal.domain.search.outbox import SYNC_JOB, ensure_sync_queued
from werkgeversportaal.domain.search.sync import other_sync_running, retry_delay, sync_pending
from werkgeversportaal.lib.jobs import job_handler

if TYPE_CHECKING:
    from werkgeversportaal.lib.runtime import Runtime

log = logging.getLogger(__name__)


async def schedule_sync(runtime: Runtime, delay_seconds: float = 0) -> None:
    async with runtime.session_maker() as session:
        await ensure_sync_queued(session, delay_seconds=delay_seconds)
        await session.commit()


@job_handler(SYNC_JOB)
async def sync_search_index(runtime: Runtime, payload: dict[str, Any]) -> None:
    if await other_sync_running(runtime):
        await schedule_sync(runtime, delay_seconds=max(runtime.settings.worker.poll_seconds, 0.5))
        return
    report = await sync_pending(runtime)
    if report.unavailable:
        # Not an error of this job: it ends, and a delayed follow-up retries for as long as the
        # backend stays down (the job's own retry limit would give up after a few attempts).
        await schedule_sync(runtime, delay_seconds=retry_delay(runtime, report.min_attempts))
    elif report.processed_rows or report.failed_rows:
        log.info("search sync: %s upserted, %s deleted, %s rows applied, %s rows refused",
                 report.upserted, report.deleted, report.processed_rows, report.failed_rows)
