"""Index changes are written in the same transaction as the change: committed together or not at all."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.conftest import post_form
from tests.factories import employer
from tests.searchint.helpers import outbox_rows, queued_sync_jobs, with_runtime
from werkgeversportaal.db.models import Employer, IndexOp, VerificationStatus
from werkgeversportaal.domain.search.outbox import SYNC_JOB, record_index_change
from werkgeversportaal.lib.runtime import Runtime

REGISTRATION = {
    "organisation_name": "Installatiebedrijf Gooi",
    "kvk_number": "87654321",
    "place": "Huizen",
    "sectors": ["installation"],
    "contact_name": "Sandra de Boer",
    "email": "sandra@gooi-installatie.nl",
    "password": "Fiets-naar-de-Vecht-2026",
    "password_confirm": "Fiets-naar-de-Vecht-2026",
    "accept_terms": "on",
}


def test_registration_writes_an_outbox_row_and_queues_one_sync(client, db) -> None:
    assert post_form(client, "/registreren", REGISTRATION, page="/registreren").status_code == 303
    registered = db.scalar(select(Employer).where(Employer.kvk_number == "87654321"))
    rows = outbox_rows(db, registered.id)
    assert [(r.index, r.op, r.processed_at) for r in rows] == [("employers", IndexOp.UPSERT, None)]
    jobs = queued_sync_jobs(db)
    assert len(jobs) == 1
    assert jobs[0].dedupe_key == SYNC_JOB


def test_failed_registration_leaves_no_outbox_row(client, db) -> None:
    bad = {**REGISTRATION, "password_confirm": "iets-anders-dan-het-wachtwoord"}
    assert post_form(client, "/registreren", bad, page="/registreren").status_code == 400
    assert outbox_rows(db) == []
    assert queued_sync_jobs(db) == []


def test_rolled_back_change_leaves_no_row_and_no_job(settings, db) -> None:
    company, _contact = employer(db, status=VerificationStatus.PENDING)

    async def change_then_fail(runtime: Runtime) -> None:
        async with runtime.session_maker() as session:
            found = await session.get(Employer, company.id)
            found.verification_status = VerificationStatus.VERIFIED
            await record_index_change(session, "employers", found.id)
            await session.flush()  # the row and the job reached the database, inside the transaction
            await session.rollback()

    with_runtime(settings, change_then_fail)
    assert outbox_rows(db) == []
    assert queued_sync_jobs(db) == []
    db.expire_all()
    assert db.get(Employer, company.id).verification_status is VerificationStatus.PENDING


def test_many_changes_queue_one_sync_job(settings, db) -> None:
    company, _contact = employer(db)

    async def changes(runtime: Runtime) -> None:
        for _ in range(3):
            async with runtime.session_maker() as session:
                await record_index_change(session, "employers", company.id)
                await session.commit()
        async with runtime.session_maker() as session:
            await record_index_change(session, "employers", company.id, op="delete")
            await session.commit()

    with_runtime(settings, changes)
    assert [r.op for r in outbox_rows(db)] == [IndexOp.UPSERT] * 3 + [IndexOp.DELETE]
    assert len(queued_sync_jobs(db)) == 1


def test_unknown_index_or_op_is_refused(settings, db) -> None:
    async def bad(runtime: Runtime) -> list[str]:
        problems = []
        async with runtime.session_maker() as session:
            for index, op in (("werkgevers", "upsert"), ("employers", "replace")):
                try:
                    await record_index_change(session, index, "x", op=op)  # type: ignore[arg-type]
                except ValueError as exc:
                    problems.append(str(exc))
            await session.commit()
        return problems

    problems = with_runtime(settings, bad)
    assert len(problems) == 2
    assert "werkgevers" in problems[0]
    assert outbox_rows(db) == []


@pytest.mark.parametrize("document_id", ["not-a-uuid", "00000000-0000-0000-0000-000000000000"])
def test_unknown_documents_are_removed_not_errors(settings, db, document_id) -> None:
    from tests.searchint.helpers import drain

    async def record(runtime: Runtime) -> None:
        async with runtime.session_maker() as session:
            await record_index_change(session, "employers", document_id)
            await session.commit()

    with_runtime(settings, record)
    drain(settings)
    [row] = outbox_rows(db)
    assert row.processed_at is not None
    assert row.last_error == ""
