"""The public register: only verified employers that opted in, filtered by sector and place."""

from __future__ import annotations

from tests import factories
from tests.employers import factories as ef
from werkgeversportaal.db.models import OpeningStatus, VerificationStatus


def test_register_lists_only_verified_opted_in_employers(client, db) -> None:
    factories.employer(db, name="Bouw Huizen", public_register=True, place="Huizen")
    factories.employer(db, name="Niet Opgegeven", public_register=False)
    factories.employer(db, name="Nog Niet Gecontroleerd", public_register=True, status=VerificationStatus.PENDING)
    factories.employer(db, name="Geschorst Bedrijf", public_register=True, status=VerificationStatus.SUSPENDED)
    factories.employer(db, name="Zorg Laren", public_register=True, sectors=["care"], place="Laren")
    html = client.get("/werkgevers").text
    assert "Bouw Huizen" in html and "Zorg Laren" in html
    for hidden in ("Niet Opgegeven", "Nog Niet Gecontroleerd", "Geschorst Bedrijf"):
        assert hidden not in html
    by_sector = client.get("/werkgevers?sector=care").text
    assert "Zorg Laren" in by_sector and "Bouw Huizen" not in by_sector
    by_place = client.get("/werkgevers?place=huiz").text
    assert "Bouw Huizen" in by_place and "Zorg Laren" not in by_place
    assert 'href="/werkgevers"' in client.get("/").text  # the public navigation links to it


def test_public_page_shows_only_published_openings(client, db) -> None:
    employer, _ = factories.employer(db, public_register=True)
    ef.opening(db, employer, title="Gepubliceerde metselaar", status=OpeningStatus.PUBLISHED)
    ef.opening(db, employer, title="Geheim concept")
    ef.opening(db, employer, title="Gepauzeerde stage", status=OpeningStatus.PAUSED)
    html = client.get(f"/werkgevers/{employer.id}").text
    assert "Gepubliceerde metselaar" in html
    assert "Geheim concept" not in html and "Gepauzeerde stage" not in html


def test_public_page_of_a_hidden_employer_is_not_found(client, db) -> None:
    hidden, _ = factories.employer(db, public_register=False)
    pending, _ = factories.employer(db, public_register=True, status=VerificationStatus.PENDING)
    for employer in (hidden, pending):
        assert client.get(f"/werkgevers/{employer.id}").status_code == 404
        assert client.get(f"/api/v1/register/{employer.id}").status_code == 404
