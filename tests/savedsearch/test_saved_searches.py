"""Saved searches: save from the search page, list, e-mail on/off, delete; other people's rows are 404."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from tests import factories
from tests.conftest import attach_session, post_form
from werkgeversportaal.db.models import AuditEvent, SavedSearch, VerificationStatus


@pytest.fixture
def employer_user(db: Any) -> Any:
    return factories.employer(db)[1]


@pytest.fixture
def employer_client(db: Any, settings: Any, new_client: Any, employer_user: Any) -> Any:
    client = new_client()
    attach_session(client, db, employer_user, settings)
    return client


def save(client: Any, data: dict[str, str]) -> Any:
    return post_form(client, "/werkgever/zoekopdrachten", data, page="/werkgever/kandidaten")


def test_save_the_current_search_and_list_it(employer_client: Any, db: Any) -> None:
    page = employer_client.get("/werkgever/kandidaten", params={"q": "heftruck", "dutch": "A2"})
    assert "Zoekopdracht bewaren" in page.text and 'name="dutch" value="A2"' in page.text
    response = save(employer_client, {"name": "Heftruck A2", "notify_daily": "on", "q": "heftruck", "dutch": "A2",
                                      "page": "3", "sector": "no-such-sector"})
    assert response.status_code == 303
    assert response.headers["location"].startswith("/werkgever/kandidaten?")
    saved = db.scalar(select(SavedSearch))
    # Only what the search page accepts is kept: no page, no unknown sector.
    assert saved.params == {"q": "heftruck", "dutch": "A2"} and saved.notify_daily is True
    assert db.scalar(select(AuditEvent.action).where(AuditEvent.action == "saved_search.created"))
    listing = employer_client.get("/werkgever/zoekopdrachten")
    assert listing.status_code == 200 and "Heftruck A2" in listing.text
    assert "/werkgever/kandidaten?q=heftruck&amp;dutch=A2" in listing.text
    assert "E-mail uitzetten" in listing.text


def test_a_name_is_required_and_the_search_stays(employer_client: Any, db: Any) -> None:
    response = save(employer_client, {"name": "  ", "q": "lasser"})
    assert response.status_code == 400
    assert "Geef de zoekopdracht een naam." in response.text and 'value="lasser"' in response.text
    too_long = save(employer_client, {"name": "x" * 121})
    assert too_long.status_code == 400
    assert db.scalar(select(SavedSearch)) is None


def test_toggle_email_and_delete(employer_client: Any, db: Any) -> None:
    save(employer_client, {"name": "Alles"})
    saved = db.scalar(select(SavedSearch))
    saved_id = saved.id
    assert saved.notify_daily is False
    toggled = post_form(employer_client, f"/werkgever/zoekopdrachten/{saved_id}/email")
    assert toggled.status_code == 303
    db.expire_all()
    assert db.get(SavedSearch, saved_id).notify_daily is True
    assert db.get(SavedSearch, saved_id).last_digest_at is not None  # nothing missed while it was off
    assert post_form(employer_client, f"/werkgever/zoekopdrachten/{saved_id}/verwijderen").status_code == 303
    db.expire_all()
    assert db.scalar(select(SavedSearch).where(SavedSearch.id == saved_id)) is None
    assert "nog geen zoekopdrachten" in employer_client.get("/werkgever/zoekopdrachten").text


def test_another_employers_saved_search_is_not_found(employer_client: Any, db: Any, settings: Any,
                                                      new_client: Any) -> None:
    save(employer_client, {"name": "Van mij"})
    saved = db.scalar(select(SavedSearch))
    other = new_client()
    attach_session(other, db, factories.employer(db, name="Ander")[1], settings)
    assert "Van mij" not in other.get("/werkgever/zoekopdrachten").text
    assert post_form(other, f"/werkgever/zoekopdrachten/{saved.id}/email").status_code == 404
    assert post_form(other, f"/werkgever/zoekopdrachten/{saved.id}/verwijderen").status_code == 404
    db.expire_all()
    assert db.get(SavedSearch, saved.id).notify_daily is False


def test_unverified_employer_is_refused(db: Any, settings: Any, new_client: Any) -> None:
    client = new_client()
    attach_session(client, db, factories.employer(db, status=VerificationStatus.PENDING)[1], settings)
    assert client.get("/werkgever/zoekopdrachten").status_code == 403
    assert post_form(client, "/werkgever/zoekopdrachten", {"name": "x"}, page="/").status_code == 403
    assert db.scalar(select(SavedSearch)) is None
