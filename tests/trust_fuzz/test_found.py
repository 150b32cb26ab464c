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


def test_employer_notifications_do_not_name_the_candidate(client: TestClient[Any], db: Session, settings: Settings,
                                                          run_jobs: Any) -> None:
    """The notification page keeps its texts after a withdrawal, so they must not name the candidate."""
    from sqlalchemy import select

    from werkgeversportaal.db.models import Introduction, User

    municipality = factories.municipality(db)
    candidate = visible_candidate(db, municipality, given="Zebulon")
    _employer, user = factories.employer(db)
    attach_session(client, db, user, settings)
    assert post_form(client, f"/werkgever/kandidaten/{candidate.id}/kennismaking",
                     {"motivation": "Wij zoeken iemand voor ons team."}).status_code == 303
    intro = db.scalar(select(Introduction).where(Introduction.candidate_id == candidate.id))
    assert intro is not None
    client.cookies.clear()
    attach_session(client, db, db.get(User, candidate.user_id), settings)
    assert post_form(client, f"/kandidaat/kennismakingen/{intro.id}/akkoord").status_code == 303
    assert post_form(client, "/kandidaat/toestemming/profile/intrekken").status_code == 303
    run_jobs()

    client.cookies.clear()
    attach_session(client, db, user, settings)
    page = client.get("/meldingen").text
    assert "De status van een kennismaking van uw organisatie is gewijzigd." in page
    assert "Zebulon" not in page
