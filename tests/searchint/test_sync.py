"""The worker applies the outbox to the index; a backend that is down loses nothing and catches up."""

from __future__ import annotations

import time

from sqlalchemy import select

from tests.conftest import login, post_form
from tests.factories import PASSWORD, employer, municipality, user
from tests.searchint.helpers import (
    DownBackend,
    RecordingBackend,
    catch_up,
    drain,
    found_ids,
    meili_down_settings,
    outbox_rows,
    queued_sync_jobs,
    with_runtime,
)
from tests.searchint.test_outbox import REGISTRATION
from werkgeversportaal.db.models import Employer, Role, VerificationStatus
from werkgeversportaal.domain.search.backends import create_backend
from werkgeversportaal.domain.search.outbox import record_index_change
from werkgeversportaal.lib.runtime import Runtime


def record(settings, *changes: tuple[object, str]) -> None:  # type: ignore[no-untyped-def]
    async def go(runtime: Runtime) -> None:
        async with runtime.session_maker() as session:
            for document_id, op in changes:
                await record_index_change(session, "employers", document_id, op=op)  # type: ignore[arg-type]
            await session.commit()

    with_runtime(settings, go)


def set_status(db, company: Employer, status: VerificationStatus, public: bool | None = None) -> None:  # type: ignore[no-untyped-def]
    db.expire_all()
    found = db.get(Employer, company.id)
    found.verification_status = status
    if public is not None:
        found.public_register = public
    db.commit()


def test_worker_puts_a_verified_register_employer_in_the_index_and_takes_it_out(settings, db) -> None:
    listed, _ = employer(db, name="Bouwbedrijf Gooise Meren", place="Bussum", public_register=True)
    unlisted, _ = employer(db, name="Bouwbedrijf Stil", public_register=False)
    pending, _ = employer(db, name="Bouwbedrijf Wacht", status=VerificationStatus.PENDING, public_register=True)
    record(settings, (listed.id, "upsert"), (unlisted.id, "upsert"), (pending.id, "upsert"))

    assert drain(settings) == 1
    assert all(row.processed_at is not None for row in outbox_rows(db))
    assert found_ids(settings, "bouwbedrijf") == {str(listed.id)}
    hit = found_ids(settings, "gooise")  # found by its words, typo-free and by place
    assert hit == {str(listed.id)}
    assert found_ids(settings, "bussum") == {str(listed.id)}

    set_status(db, listed, VerificationStatus.SUSPENDED)
    record(settings, (listed.id, "upsert"))
    drain(settings)
    assert found_ids(settings, "bouwbedrijf") == set()


def test_registration_and_verification_through_the_site_reach_the_index(client, db, settings, new_client) -> None:
    assert post_form(client, "/registreren", {**REGISTRATION}, page="/registreren").status_code == 303
    drain(settings)
    [row] = outbox_rows(db)
    assert row.processed_at is not None
    assert found_ids(settings, "installatiebedrijf") == set()  # pending: not in the public register

    company = db.scalar(select(Employer).where(Employer.kvk_number == REGISTRATION["kvk_number"]))
    company.public_register = True
    db.commit()
    huizen = municipality(db)
    manager = user(db, Role.ACCOUNT_MANAGER, municipality_id=huizen.id)
    am = new_client()
    login(am, manager.email, PASSWORD)
    assert post_form(am, f"/accountmanager/werkgevers/{company.id}/verifieren").status_code == 303
    drain(settings)
    assert found_ids(settings, "installatiebedrijf") == {str(company.id)}

    response = post_form(am, f"/accountmanager/werkgevers/{company.id}/schorsen", {"reason": "Klachten van kandidaten"})
    assert response.status_code == 303
    drain(settings)
    assert found_ids(settings, "installatiebedrijf") == set()


def test_changes_to_one_document_are_coalesced_and_the_last_one_wins(settings, db) -> None:
    first, _ = employer(db, name="Zorggroep Een", public_register=True)
    second, _ = employer(db, name="Zorggroep Twee", public_register=True)
    record(settings, (first.id, "upsert"), (first.id, "upsert"), (second.id, "upsert"), (second.id, "delete"))
    recording = RecordingBackend(create_backend(**_embedded(settings)))
    drain(settings, recording)
    assert recording.upserts == [("employers", [str(first.id)])]
    assert recording.deletes == [("employers", [str(second.id)])]
    assert found_ids(settings, "zorggroep") == {str(first.id)}
    assert len(outbox_rows(db)) == 4
    assert all(row.processed_at is not None for row in outbox_rows(db))


def _embedded(settings) -> dict:  # type: ignore[no-untyped-def]
    kind, options = settings.search.backend_options(settings.app.var_dir)
    return {"kind": kind, **options}


def test_backend_down_keeps_rows_pending_then_catches_up(settings, db) -> None:
    early, _ = employer(db, name="Transportbedrijf Vroeg", public_register=True)
    record(settings, (early.id, "upsert"))

    down = DownBackend()
    drain(settings, down)
    assert down.calls >= 1  # the short test back-off may let drain retry once more
    [row] = outbox_rows(db)
    assert row.processed_at is None
    assert row.attempts == down.calls
    assert "connection refused" in row.last_error
    assert len(queued_sync_jobs(db)) == 1  # a delayed retry waits

    # Writes go on while search is down: more changes pile up in the outbox, still nothing lost.
    late, _ = employer(db, name="Transportbedrijf Laat", public_register=True)
    record(settings, (late.id, "upsert"))
    time.sleep(0.1)  # past the (test-short) retry delay
    drain(settings, down)
    assert [r.processed_at for r in outbox_rows(db)] == [None, None]
    assert len(queued_sync_jobs(db)) == 1

    catch_up(settings, db)  # the backend is back
    assert all(r.processed_at is not None and r.last_error == "" for r in outbox_rows(db))
    assert found_ids(settings, "transportbedrijf") == {str(early.id), str(late.id)}
    assert queued_sync_jobs(db) == []


def test_unreachable_meilisearch_does_not_stop_the_site_and_the_outbox_catches_up(settings, db) -> None:
    down = meili_down_settings(settings)
    from litestar.testing import TestClient

    from werkgeversportaal.app import create_app

    with TestClient(create_app(down), base_url="http://testserver") as site:  # start-up tolerates it
        assert site.get("/health").json() == {"status": "ok"}
        response = post_form(site, "/registreren", REGISTRATION, page="/registreren")
        assert response.status_code == 303
    company = db.scalar(select(Employer).where(Employer.kvk_number == REGISTRATION["kvk_number"]))

    drain(down)
    [row] = outbox_rows(db)
    assert row.processed_at is None
    assert "Meilisearch unreachable" in row.last_error

    set_status(db, company, VerificationStatus.VERIFIED, public=True)
    catch_up(settings, db)
    assert found_ids(settings, "installatiebedrijf") == {str(company.id)}
