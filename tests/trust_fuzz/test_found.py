"""Bugs the fuzzing in this package found, each pinned by a plain example."""

from __future__ import annotations

from typing import Any

from litestar.testing import TestClient
from sqlalchemy.orm import Session

from tests import factories
from tests.candidates.factories import visible_candidate
from tests.conftest import attach_session, post_form
from werkgeversportaal.db.models import Role
from werkgeversportaal.settings import Settings


def test_the_employer_introduction_list_stops_naming_a_candidate_who_withdrew(
        client: TestClient[Any], db: Session, settings: Settings) -> None:
    """Found by the consent state machine: the list kept the name after the consent was withdrawn."""
    municipality = factories.municipality(db)
    candidate = visible_candidate(db, municipality, given="Zebulon")
    _employer, user = factories.employer(db)
    manager = factories.user(db, Role.ACCOUNT_MANAGER, municipality_id=municipality.id)
    attach_session(client, db, user, settings)
    requested = post_form(client, f"/werkgever/kandidaten/{candidate.id}/kennismaking",
                          {"motivation": "Wij zoeken iemand voor ons team."})
    assert requested.status_code == 303
    assert "Zebulon" in client.get("/werkgever/kennismakingen").text

    client.cookies.clear()
    attach_session(client, db, manager, settings)
    assert post_form(client, f"/accountmanager/kandidaten/{candidate.id}/toestemming/profile/intrekken"
                     ).status_code == 303

    client.cookies.clear()
    attach_session(client, db, user, settings)
    page = client.get("/werkgever/kennismakingen").text
    assert "Zebulon" not in page
    assert "Kandidaat (niet meer zichtbaar)" in page
