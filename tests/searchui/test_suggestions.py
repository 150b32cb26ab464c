"""Accountmanager match suggestions: own municipality only, best fit first, explained."""

from __future__ import annotations

from typing import Any
from uuid import uuid4

from tests import factories
from tests.conftest import attach_session
from tests.employers.factories import opening
from tests.searchui.factories import profile_candidate
from werkgeversportaal.db.models import OpeningStatus, Role, Sector, VerificationStatus


def manager_client(db: Any, settings: Any, new_client: Any, municipality: Any) -> Any:
    manager = factories.user(db, Role.ACCOUNT_MANAGER, municipality_id=municipality.id)
    client = new_client()
    attach_session(client, db, manager, settings)
    return client


def test_opening_suggestions_rank_own_consented_candidates(db: Any, settings: Any, new_client: Any) -> None:
    huizen, almere = factories.municipality(db, "Huizen"), factories.municipality(db, "Almere")
    company, _ = factories.employer(db)
    job = opening(db, company, title="Heftruckchauffeur", sector=Sector.TRANSPORT, occupation="heftruckchauffeur",
                  status=OpeningStatus.PUBLISHED, workdays=["mon", "tue", "thu"])
    profile_candidate(db, huizen, given="Samir", sectors=["transport"], language_days=["wed"])
    profile_candidate(db, huizen, given="Clash", sectors=["transport"], language_days=["mon", "tue"])
    profile_candidate(db, almere, given="Elders", sectors=["transport"])
    factories.candidate(db, huizen, given="Zonder")
    page = manager_client(db, settings, new_client, huizen).get(f"/accountmanager/vacatures/{job.id}/suggesties")
    assert page.status_code == 200
    assert "Samir" in page.text and "Clash" in page.text and "Elders" not in page.text and "Zonder" not in page.text
    assert page.text.index("Samir") < page.text.index("Clash")
    assert "sector past" in page.text and "werkdagen botsen met de taallessen (ma, di)" in page.text
    assert "vrije dagen passen bij de taallessen" in page.text


def test_candidate_suggestions_show_published_openings_and_foreign_rows_404(
        db: Any, settings: Any, new_client: Any) -> None:
    huizen, almere = factories.municipality(db, "Huizen"), factories.municipality(db, "Almere")
    company, _ = factories.employer(db)
    suspended, _ = factories.employer(db, name="Geschorst BV", status=VerificationStatus.SUSPENDED)
    opening(db, company, title="Leerling-timmerman", status=OpeningStatus.PUBLISHED)
    opening(db, company, title="Conceptplek")
    opening(db, suspended, title="Verborgen plek", status=OpeningStatus.PUBLISHED)
    me = profile_candidate(db, huizen, given="Samir", sectors=["construction"], occupations="Timmerman")
    other = profile_candidate(db, almere, given="Elders")
    client = manager_client(db, settings, new_client, huizen)
    page = client.get(f"/accountmanager/kandidaten/{me.id}/suggesties")
    assert page.status_code == 200
    assert "Leerling-timmerman" in page.text and "Conceptplek" not in page.text and "Verborgen plek" not in page.text
    assert "sector past" in page.text and "beroep past" in page.text
    assert client.get(f"/accountmanager/kandidaten/{other.id}/suggesties").status_code == 404
    assert client.get(f"/accountmanager/kandidaten/{uuid4()}/suggesties").status_code == 404
    assert client.get(f"/accountmanager/vacatures/{uuid4()}/suggesties").status_code == 404
