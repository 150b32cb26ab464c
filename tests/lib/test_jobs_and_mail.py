"""Background jobs (retry, give up, recover after a crash) and e-mail through real SMTP."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select, update

from werkgeversportaal.db.models import Job, JobStatus, SentEmail
from werkgeversportaal.lib import jobs
from werkgeversportaal.lib.mail import queue_email
from werkgeversportaal.lib.runtime import Runtime

CALLS: list[dict[str, Any]] = []


@jobs.job_handler("test.flaky")
async def flaky(runtime: Runtime, payload: dict[str, Any]) -> None:
    CALLS.append(payload)
    if len(CALLS) < payload["succeed_on"]:
        raise RuntimeError("temporary failure")


def run(settings: Any, coro_fn: Any) -> Any:
    async def go() -> Any:
        runtime = Runtime.create(settings)
        try:
            return await coro_fn(runtime)
        finally:
            await runtime.engine.dispose()

    return asyncio.run(go())


def _enqueue(settings: Any, kind: str, payload: dict[str, Any], **kw: Any) -> None:
    async def add(runtime: Runtime) -> None:
        async with runtime.session_maker() as session:
            await jobs.enqueue(session, kind, payload, **kw)
            await session.commit()

    run(settings, add)


def _make_due(db: Any) -> None:
    db.execute(update(Job).values(run_after=datetime.now(UTC) - timedelta(seconds=1)))
    db.commit()


def test_a_failing_job_is_retried_then_succeeds(settings, db) -> None:
    CALLS.clear()
    _enqueue(settings, "test.flaky", {"succeed_on": 3}, max_attempts=5)
    for _ in range(3):
        run(settings, jobs.run_due)
        _make_due(db)
    db.expire_all()
    job = db.scalar(select(Job))
    assert job.status is JobStatus.DONE and job.attempts == 3 and len(CALLS) == 3


def test_a_job_that_keeps_failing_is_marked_failed_with_the_error(settings, db) -> None:
    CALLS.clear()
    _enqueue(settings, "test.flaky", {"succeed_on": 99}, max_attempts=2)
    for _ in range(3):
        run(settings, jobs.run_due)
        _make_due(db)
    db.expire_all()
    job = db.scalar(select(Job))
    assert job.status is JobStatus.FAILED and "temporary failure" in job.last_error and len(CALLS) == 2


def test_a_job_of_a_killed_worker_is_picked_up_again_once(settings, db) -> None:
    CALLS.clear()
    _enqueue(settings, "test.flaky", {"succeed_on": 1})
    # A worker claimed it and died: running, lock expired.
    db.execute(update(Job).values(status=JobStatus.RUNNING, attempts=1,
                                  locked_until=datetime.now(UTC) - timedelta(seconds=1)))
    db.commit()
    assert run(settings, jobs.run_due) == 1
    assert run(settings, jobs.run_due) == 0
    db.expire_all()
    assert db.scalar(select(Job.status)) is JobStatus.DONE and len(CALLS) == 1


def test_a_job_locked_by_a_live_worker_is_left_alone(settings, db) -> None:
    CALLS.clear()
    _enqueue(settings, "test.flaky", {"succeed_on": 1})
    db.execute(update(Job).values(status=JobStatus.RUNNING, locked_until=datetime.now(UTC) + timedelta(minutes=5)))
    db.commit()
    assert run(settings, jobs.run_due) == 0 and CALLS == []


def test_mail_goes_over_smtp_once_even_if_the_job_runs_twice(settings, db, mailbox) -> None:
    async def send(runtime: Runtime) -> None:
        async with runtime.session_maker() as session:
            await queue_email(session, runtime, to="iemand@example.nl", template="invitation",
                              context={"name": "Iemand", "inviter": "Marieke", "link": "/uitnodiging/abc",
                                       "hours": 72}, locale="en")
            await session.commit()

    run(settings, send)
    assert run(settings, jobs.drain) == 1
    # Run the same job again, as a retry after a crash would.
    db.execute(update(Job).values(status=JobStatus.QUEUED))
    db.commit()
    run(settings, jobs.drain)
    messages = mailbox.to("iemand@example.nl")
    assert len(messages) == 1
    assert messages[0]["Subject"] == "Invitation to the Werkgeversportaal"
    assert "http://testserver/uitnodiging/abc" in mailbox.text(messages[0])
    assert db.scalar(select(SentEmail.sent_at)) is not None
