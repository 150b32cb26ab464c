"""Edge cases of the sync worker: two syncs at once, a reindex racing the worker, the demo data."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.factories import employer
from tests.searchint.helpers import drain, found_ids, in_thread, outbox_rows, queued_sync_jobs, with_runtime
from tests.searchint.test_sync import record
from werkgeversportaal.db.models import Job, JobStatus
from werkgeversportaal.domain.search.jobs import sync_search_index
from werkgeversportaal.domain.search.outbox import SYNC_JOB
from werkgeversportaal.domain.search.sync import requeue_applied_since
from werkgeversportaal.lib.runtime import Runtime


def test_a_second_sync_steps_aside_while_another_runs(settings, db) -> None:
    company, _ = employer(db, public_register=True)
    record(settings, (company.id, "upsert"))
    db.query(Job).delete()
    later = datetime.now(UTC) + timedelta(minutes=5)
    for _ in range(2):  # the other sync and this one, both holding a live lock
        db.add(Job(kind=SYNC_JOB, payload={}, status=JobStatus.RUNNING, run_after=datetime.now(UTC),
                   locked_until=later))
    db.commit()

    async def run(runtime: Runtime) -> None:
        await sync_search_index(runtime, {})

    with_runtime(settings, run)
    [row] = outbox_rows(db)
    assert row.processed_at is None  # untouched: the running one (or the follow-up) applies it
    assert len(queued_sync_jobs(db)) == 1


def test_changes_applied_while_a_reindex_was_building_are_applied_again(settings, db) -> None:
    company, _ = employer(db, name="Logistiek Tijdens", public_register=True)
    started_at = datetime.now(UTC)
    record(settings, (company.id, "upsert"))
    drain(settings)  # the worker applied it to the old index during the rebuild
    assert outbox_rows(db)[0].processed_at is not None

    async def finish(runtime: Runtime) -> int:
        return await requeue_applied_since(runtime, "employers", started_at)

    assert with_runtime(settings, finish) == 1
    assert outbox_rows(db)[0].processed_at is None
    assert len(queued_sync_jobs(db)) == 1
    drain(settings)
    assert outbox_rows(db)[0].processed_at is not None
    assert found_ids(settings, "logistiek") == {str(company.id)}


def test_demo_employers_reach_the_index(settings, db) -> None:
    import asyncio

    from werkgeversportaal.demo import seed

    in_thread(asyncio.run, seed(settings))
    first = len(outbox_rows(db))
    in_thread(asyncio.run, seed(settings))  # twice: no extra outbox rows
    assert len(outbox_rows(db)) == first
    assert len([row for row in outbox_rows(db) if row.index == "employers"]) == 3
    # published demo openings and consenting demo candidates too
    assert {row.index for row in outbox_rows(db)} == {"employers", "openings", "candidates"}
    drain(settings)
    names = {hit.document["name"] for hit in _all(settings)}
    assert names == {"Bouwbedrijf De Vecht", "Zorggroep Gooi"}  # the pending one stays out


def _all(settings):  # type: ignore[no-untyped-def]
    from tests.searchint.helpers import search

    return search(settings, "", per_page=100).hits
