"""`werkgeversportaal search reindex|status`, run the way an operator runs them."""

from __future__ import annotations

from click.testing import CliRunner

from tests.factories import employer
from tests.searchint.helpers import DownBackend, catch_up, drain, found_ids, in_thread, meili_down_settings, outbox_rows
from tests.searchint.test_sync import record
from werkgeversportaal.cli import main
from werkgeversportaal.db.models import VerificationStatus


def run(settings, *args: str):  # type: ignore[no-untyped-def]
    return in_thread(CliRunner().invoke, main, ["search", *args], obj=settings)


def test_reindex_rebuilds_the_employers_index_from_the_database(settings, db) -> None:
    listed = [employer(db, name=f"Horecabedrijf {n}", public_register=True)[0] for n in range(3)]
    employer(db, name="Horecabedrijf Verborgen", public_register=False)
    employer(db, name="Horecabedrijf Nieuw", status=VerificationStatus.PENDING, public_register=True)
    assert found_ids(settings, "horecabedrijf") == set()  # created without the outbox: not indexed

    result = run(settings, "reindex")
    assert result.exit_code == 0, result.output
    assert "employers: 3 documents indexed" in result.output
    assert "candidates: 0 documents indexed" in result.output  # registered by domain/search/candidates.py
    assert "employers: indexing" in result.output  # the progress bar
    assert found_ids(settings, "horecabedrijf") == {str(e.id) for e in listed}

    again = run(settings, "reindex", "--index", "employers")  # idempotent
    assert again.exit_code == 0, again.output
    assert found_ids(settings, "horecabedrijf") == {str(e.id) for e in listed}


def test_reindex_drops_documents_no_longer_in_the_database(settings, db) -> None:
    company, _ = employer(db, name="Agrarisch Bedrijf Weg", public_register=True)
    record(settings, (company.id, "upsert"))
    drain(settings)
    assert found_ids(settings, "agrarisch") == {str(company.id)}
    db.delete(company)
    db.commit()
    assert run(settings, "reindex", "--index", "employers").exit_code == 0
    assert found_ids(settings, "agrarisch") == set()


def test_reindex_refuses_what_it_cannot_do(settings, db, monkeypatch) -> None:
    from werkgeversportaal.app import load_job_modules
    from werkgeversportaal.domain.search.registry import DOCUMENT_BUILDERS

    load_job_modules()  # every index has a builder now; take one away to see the refusal
    monkeypatch.delitem(DOCUMENT_BUILDERS, "candidates")
    no_builder = run(settings, "reindex", "--index", "candidates")
    assert no_builder.exit_code == 2
    assert "no document builder" in no_builder.output
    unknown = run(settings, "reindex", "--index", "werkgevers")
    assert unknown.exit_code == 2
    assert "Invalid value" in unknown.output

    employer(db, public_register=True)
    down = run(meili_down_settings(settings), "reindex")
    assert down.exit_code == 1
    assert "search backend error" in down.output


def test_status_shows_health_and_pending_rows(settings, db) -> None:
    company, _ = employer(db, public_register=True)
    record(settings, (company.id, "upsert"), (company.id, "upsert"))

    status = run(settings, "status")
    assert status.exit_code == 0, status.output
    assert "backend: embedded ok" in status.output
    assert "pending: 2" in status.output
    assert "oldest pending change" in status.output

    drain(settings, DownBackend())
    assert all(row.attempts >= 1 and row.processed_at is None for row in outbox_rows(db))
    down = run(meili_down_settings(settings), "status")
    assert down.exit_code == 1
    assert "backend: meilisearch UNAVAILABLE" in down.output
    assert "pending: 2" in down.output

    catch_up(settings, db)
    caught_up = run(settings, "status")
    assert "pending: 0" in caught_up.output
    assert "documents: 1 " in caught_up.output
