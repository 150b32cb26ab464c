"""Background jobs in a database table: idempotent handlers, retried with back-off.

A job is claimed with a conditional UPDATE (works the same on SQLite and PostgreSQL) that takes
a lease (`locked_until`, settings.worker.lease_seconds). While the handler runs, a heartbeat
renews the lease, so a long video transcode is never taken over by a second worker. A job whose
worker died (killed, machine gone) is picked up again once its lease expires, so handlers must be
idempotent. The attempt number is the lease's fencing token: a worker that lost its lease (it
stalled past it and another took over) cannot renew it or write the job's outcome any more.
A job whose worker died on its last attempt is marked failed instead of being run forever.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import traceback
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from werkgeversportaal.db.models import Job, JobStatus

if TYPE_CHECKING:
    from werkgeversportaal.lib.runtime import Runtime

log = logging.getLogger(__name__)

Handler = Callable[["Runtime", dict[str, Any]], Awaitable[None]]
HANDLERS: dict[str, Handler] = {}
DIED = "the worker stopped while running this job (killed or crashed)"


class PermanentJobError(Exception):
    """Raised by a handler when retrying cannot help (the job is marked failed at once)."""


def job_handler(kind: str) -> Callable[[Handler], Handler]:
    def register(fn: Handler) -> Handler:
        HANDLERS[kind] = fn
        return fn

    return register


def now() -> datetime:
    return datetime.now(UTC)


async def enqueue(
    session: AsyncSession,
    kind: str,
    payload: dict[str, Any] | None = None,
    *,
    dedupe_key: str | None = None,
    delay_seconds: float = 0,
    max_attempts: int = 5,
) -> Job | None:
    """Add a job in the caller's transaction, so it exists exactly when the change it follows does."""
    if dedupe_key:
        existing = await session.scalar(
            select(Job.id).where(Job.dedupe_key == dedupe_key, Job.status.in_([JobStatus.QUEUED, JobStatus.RUNNING]))
        )
        if existing:
            return None
    job = Job(
        kind=kind,
        payload=payload or {},
        dedupe_key=dedupe_key,
        run_after=now() + timedelta(seconds=delay_seconds),
        max_attempts=max_attempts,
    )
    session.add(job)
    return job


def _claimable(moment: datetime) -> Any:
    return or_(
        (Job.status == JobStatus.QUEUED) & (Job.run_after <= moment),
        (Job.status == JobStatus.RUNNING) & (Job.locked_until < moment) & (Job.attempts < Job.max_attempts),
    )


def _lease(runtime: Runtime) -> timedelta:
    return timedelta(seconds=runtime.settings.worker.lease_seconds)


async def claim(runtime: Runtime, job_id: Any) -> bool:
    moment = now()
    async with runtime.session_maker() as session:
        result = await session.execute(
            update(Job)
            .where(Job.id == job_id, _claimable(moment))
            .values(status=JobStatus.RUNNING, locked_until=moment + _lease(runtime), attempts=Job.attempts + 1)
            .execution_options(synchronize_session=False)
        )
        await session.commit()
        return bool(result.rowcount)  # type: ignore[attr-defined]


def _held(job_id: Any, attempts: int) -> Any:
    """The job row while this worker still holds its lease (attempt `attempts` is the fencing token)."""
    return (Job.id == job_id) & (Job.status == JobStatus.RUNNING) & (Job.attempts == attempts)


async def _heartbeat(runtime: Runtime, job_id: Any, attempts: int) -> None:
    """Renew the lease every third of its length while the handler runs."""
    interval = runtime.settings.worker.lease_seconds / 3
    while True:
        await asyncio.sleep(interval)
        try:
            async with runtime.session_maker() as session:
                await session.execute(update(Job).where(_held(job_id, attempts))
                                      .values(locked_until=now() + _lease(runtime))
                                      .execution_options(synchronize_session=False))
                await session.commit()
        except Exception:  # the database may be restarting; the next beat tries again
            log.warning("could not renew the lease of job %s", job_id, exc_info=True)


async def _give_up_on_dead(runtime: Runtime) -> None:
    """Jobs whose worker died on their last attempt: failed, with the kind's `:failed` handler run."""
    async with runtime.session_maker() as session:
        dead = list(await session.execute(
            select(Job.id, Job.kind, Job.payload, Job.attempts).where(
                Job.status == JobStatus.RUNNING, Job.locked_until < now(), Job.attempts >= Job.max_attempts)
            .limit(50)))
    for job_id, kind, payload, attempts in dead:
        async with runtime.session_maker() as session:
            result = await session.execute(
                update(Job).where(_held(job_id, attempts), Job.locked_until < now())
                .values(status=JobStatus.FAILED, locked_until=None, last_error=DIED)
                .execution_options(synchronize_session=False))
            await session.commit()
        if not result.rowcount:  # type: ignore[attr-defined]
            continue
        log.error("job %s (%s) failed for good: %s", job_id, kind, DIED)
        failed = HANDLERS.get(f"{kind}:failed")
        if failed is not None:
            await failed(runtime, {**dict(payload or {}), "error": DIED})


async def run_one(runtime: Runtime, job_id: Any) -> bool:
    if not await claim(runtime, job_id):
        return False
    async with runtime.session_maker() as session:
        job = await session.get(Job, job_id)
        if job is None:
            return False
        kind, payload, attempts, max_attempts = job.kind, dict(job.payload), job.attempts, job.max_attempts
    handler = HANDLERS.get(kind)
    error: str | None = None
    permanent = False
    if handler is None:
        error, permanent = f"no handler for job kind {kind!r}", True
    else:
        heartbeat = asyncio.create_task(_heartbeat(runtime, job_id, attempts))
        try:
            await handler(runtime, payload)
        except PermanentJobError as exc:
            error, permanent = str(exc), True
        except Exception as exc:
            log.warning("job %s (%s) failed on attempt %s: %s", job_id, kind, attempts, exc)
            error = "".join(traceback.format_exception_only(exc)).strip()
        finally:
            heartbeat.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await heartbeat
    async with runtime.session_maker() as session:
        values: dict[str, Any]
        if error is None:
            values = {"status": JobStatus.DONE, "locked_until": None, "last_error": ""}
        elif permanent or attempts >= max_attempts:
            values = {"status": JobStatus.FAILED, "locked_until": None, "last_error": error[:2000]}
        else:
            backoff = runtime.settings.worker.poll_seconds * (2 ** attempts)
            values = {"status": JobStatus.QUEUED, "locked_until": None, "last_error": error[:2000],
                      "run_after": now() + timedelta(seconds=backoff)}
        result = await session.execute(update(Job).where(_held(job_id, attempts)).values(**values)
                                       .execution_options(synchronize_session=False))
        await session.commit()
        if not result.rowcount:  # type: ignore[attr-defined]
            log.warning("job %s (%s): lease lost to another worker; its outcome is theirs to record", job_id, kind)
            return False
    if values["status"] is JobStatus.FAILED:
        failed = HANDLERS.get(f"{kind}:failed")
        if failed is not None:
            await failed(runtime, {**payload, "error": error})
    return error is None


async def run_due(runtime: Runtime, limit: int = 50) -> int:
    """Run the jobs that are due now; returns how many ran."""
    await _give_up_on_dead(runtime)
    async with runtime.session_maker() as session:
        ids = list(
            await session.scalars(select(Job.id).where(_claimable(now())).order_by(Job.run_after).limit(limit))
        )
    count = 0
    for job_id in ids:
        if await run_one(runtime, job_id):
            count += 1
    return count


async def drain(runtime: Runtime, max_rounds: int = 20) -> int:
    """Run jobs until none is due (jobs may enqueue follow-up jobs). For tests and the CLI."""
    total = 0
    for _round in range(max_rounds):
        ran = await run_due(runtime)
        total += ran
        async with runtime.session_maker() as session:
            pending = await session.scalar(select(Job.id).where(_claimable(now())).limit(1))
        if pending is None:
            break
    return total


async def worker_loop(runtime: Runtime, stop: asyncio.Event) -> None:
    log.info("worker started")
    while not stop.is_set():
        try:
            await run_due(runtime)
        except Exception:
            # The database may be restarting; keep the loop alive and try again.
            log.exception("worker round failed")
        try:
            await asyncio.wait_for(stop.wait(), timeout=runtime.settings.worker.poll_seconds)
        except TimeoutError:
            pass
    log.info("worker stopped")
