"""Accountmanager search over published openings and the employers register."""

from __future__ import annotations

from typing import Any

from tests import factories
from tests.conftest import attach_session
from tests.employers.factories import opening
from tests.searchui.factories import index_now
from werkgeversportaal.db.models import OpeningStatus, Role, VerificationStatus


def test_manager_finds_openings_and_employers(db: Any, settings: Any, new_client: Any) -> None:
    company, _ = factories.employer(db, name="Installatiebedrijf Gooi", public_register=True)
    hidden, _ = factories.employer(db, name="Installatiebedrijf Stil", status=VerificationStatus.SUSPENDED)
    live = opening(db, company, title="Monteur installatietechniek", status=OpeningStatus.PUBLISHED)
    gone = opening(db, hidden, title="Monteur verborgen", status=OpeningStatus.PUBLISHED)
    index_now(settings, "openings", live.id, gone.id)
    index_now(settings, "employers", company.id, hidden.id)
    manager = factories.user(db, Role.ACCOUNT_MANAGER, municipality_id=factories.municipality(db).id)
    client = new_client()
    attach_session(client, db, manager, settings)
    page = client.get("/accountmanager/zoeken", params={"q": "instalatie"})
    assert page.status_code == 200 and "<mark>" in page.text
    assert "Gooi" in page.text and "verborgen" not in page.text
    employers = client.get("/accountmanager/zoeken", params={"q": "installatiebedrijf", "in": "employers"})
    assert "Gooi</a>" in employers.text and "Stil" not in employers.text
    for bad in ({"in": "candidates"}, {"sector": "x\" OR 1=1"}, {"place": "Huizen", "km": "-1"}, {"page": "10000"}):
        assert client.get("/accountmanager/zoeken", params=bad).status_code == 200
