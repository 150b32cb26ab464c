"""Employer candidate search: text with typos, filters, facets, sort, paging, recheck, fallback, bad input."""

from __future__ import annotations

from typing import Any

import pytest

from tests import factories
from tests.candidates.factories import ready_video
from tests.conftest import attach_session, post_form
from tests.searchint.helpers import DownBackend
from tests.searchui.factories import index_now, profile_candidate
from werkgeversportaal.db.models import ModerationStatus, VerificationStatus


@pytest.fixture
def employer_client(db: Any, settings: Any, new_client: Any) -> Any:
    _company, user = factories.employer(db)
    client = new_client()
    attach_session(client, db, user, settings)
    return client


@pytest.fixture
def people(db: Any, settings: Any, huizen: Any) -> dict[str, Any]:
    found = {
        "samir": profile_candidate(db, huizen, given="Samir", family="Haddad", occupations="Heftruckchauffeur",
                                   sectors=["transport"], dutch="B1", place="Bussum", hours=36),
        "lina": profile_candidate(db, huizen, given="Lina", family="Omar", occupations="Installatiemonteur",
                                  sectors=["installation"], dutch="A2", place="Groningen", hours=24,
                                  intro="Ik heb gewerkt in de installatietechniek.", video_consent=True),
        "yonas": profile_candidate(db, huizen, given="Yonas", family="Tesfay", occupations="Kok",
                                   sectors=["hospitality"], dutch="A1", place="Huizen", kinds=["internship"]),
    }
    ready_video(db, found["lina"], moderation=ModerationStatus.APPROVED)
    index_now(settings, "candidates", *[c.id for c in found.values()])
    return found


def test_typo_tolerant_text_with_highlighting_and_the_public_name_only(employer_client: Any, people: Any) -> None:
    page = employer_client.get("/werkgever/kandidaten", params={"q": "heftruk"})
    assert page.status_code == 200
    assert "Samir H." in page.text and "Haddad" not in page.text and "Lina" not in page.text
    assert "<mark>" in page.text
    typo = employer_client.get("/werkgever/kandidaten", params={"q": "instalatie"})
    assert "Lina O." in typo.text and "Samir" not in typo.text
    prefix = employer_client.get("/werkgever/kandidaten", params={"q": "heftr"},
                                 headers={"HX-Request": "true"})
    assert prefix.status_code == 200 and "Samir H." in prefix.text and "<html" not in prefix.text
    assert 'hx-trigger="input changed delay:300ms' in page.text and 'method="get"' in page.text


def test_empty_query_shows_everyone_with_facet_counts(employer_client: Any, people: Any) -> None:
    page = employer_client.get("/werkgever/kandidaten")
    assert all(name in page.text for name in ("Samir H.", "Lina O.", "Yonas T."))
    assert "3 kandidaten gevonden" in page.text
    assert "B1 (1)" in page.text and "A2 (1)" in page.text
    assert 'name="video" value="on"' in page.text and "(1)" in page.text


def test_filters_and_distance_sort(employer_client: Any, people: Any) -> None:
    dutch = employer_client.get("/werkgever/kandidaten", params={"dutch": "A2"})
    assert "Samir H." in dutch.text and "Lina O." in dutch.text and "Yonas" not in dutch.text
    video = employer_client.get("/werkgever/kandidaten", params={"video": "on"})
    assert "Lina O." in video.text and "Samir" not in video.text
    kind = employer_client.get("/werkgever/kandidaten", params={"kind": "internship"})
    assert "Yonas T." in kind.text and "Samir" not in kind.text
    hours = employer_client.get("/werkgever/kandidaten", params={"hours": "32"})
    assert "Samir H." in hours.text and "Lina" not in hours.text
    near = employer_client.get("/werkgever/kandidaten", params={"place": "Huizen", "km": "20", "sort": "distance"})
    assert "Yonas T." in near.text and "Samir H." in near.text and "Lina" not in near.text
    assert near.text.index("Yonas T.") < near.text.index("Samir H.")


def test_withdrawn_consent_hides_a_hit_before_the_outbox_runs(
        employer_client: Any, people: Any, db: Any, settings: Any, new_client: Any) -> None:
    samir = people["samir"]
    own = new_client()
    attach_session(own, db, samir.user, settings)
    assert post_form(own, "/kandidaat/toestemming/profile/intrekken", page="/kandidaat/toestemming").status_code == 303
    # The outbox row is written but the worker has not run: the index still has Samir.
    page = employer_client.get("/werkgever/kandidaten", params={"q": "heftruck"})
    assert page.status_code == 200 and "Samir" not in page.text


def test_unverified_employer_cannot_search(db: Any, settings: Any, new_client: Any, people: Any) -> None:
    _company, user = factories.employer(db, status=VerificationStatus.PENDING)
    client = new_client()
    attach_session(client, db, user, settings)
    assert client.get("/werkgever/kandidaten").status_code == 403


def test_backend_down_falls_back_to_the_database(employer_client: Any, people: Any) -> None:
    runtime = employer_client.app.state.runtime
    real, runtime.search = runtime.search, DownBackend()
    try:
        page = employer_client.get("/werkgever/kandidaten", params={"q": "kok", "sector": "hospitality"})
    finally:
        runtime.search = real
    assert page.status_code == 200
    assert "Zoeken werkt tijdelijk beperkt" in page.text
    assert "Yonas T." in page.text and "Samir" not in page.text


@pytest.mark.parametrize(("params", "message"), [
    ({"q": "x" * 1000}, "ingekort"),
    ({"sector": "ruimtevaart"}, "Onbekende waarde"),
    ({"dutch": "Z9"}, "Onbekende waarde"),
    ({"place": "Huizen", "km": "-5"}, "Afstand moet"),
    ({"place": "Huizen", "km": "1e308"}, "Afstand moet"),
    ({"place": "Atlantis", "km": "10"}, "kennen we niet"),
    ({"sort": "distance"}, "alleen met een plaats"),
    ({"page": "-3"}, "eerste pagina"),
    ({"available": "gisteren"}, "datum"),
    ({"hours": "9999"}, "Uren per week"),
])
def test_bad_input_gets_a_message_never_an_error(employer_client: Any, people: Any, params: Any, message: str) -> None:
    page = employer_client.get("/werkgever/kandidaten", params=params)
    assert page.status_code == 200
    assert message in page.text


def test_far_pages_and_injection_attempts_give_empty_results(employer_client: Any, people: Any) -> None:
    far = employer_client.get("/werkgever/kandidaten", params={"page": "10000"})
    assert far.status_code == 200 and "Samir" not in far.text
    for attempt in ('transport" OR sectors != "x', "hospitality') OR 1=1 --", "_geoRadius(0,0,99999)"):
        page = employer_client.get("/werkgever/kandidaten", params={"sector": attempt, "dutch": attempt})
        assert page.status_code == 200 and "Onbekende waarde" in page.text
        as_text = employer_client.get("/werkgever/kandidaten", params={"q": attempt, "sector": "hospitality"})
        assert as_text.status_code == 200 and "Samir" not in as_text.text  # the sector filter still holds


def test_posters_only_while_the_video_may_be_seen(
        employer_client: Any, people: Any, db: Any, settings: Any, new_client: Any) -> None:
    lina = people["lina"]
    page = employer_client.get("/werkgever/kandidaten", params={"q": "installatie"})
    assert page.text.count('class="poster"') == 1
    assert f"/media/candidates/{lina.id.hex}/" in page.text and "sig=" in page.text
    assert 'alt="Stilstaand beeld uit de video van Lina"' in page.text
    own = new_client()
    attach_session(own, db, lina.user, settings)
    assert post_form(own, "/kandidaat/toestemming/video/intrekken", page="/kandidaat/toestemming").status_code == 303
    # The index still says Lina has a video; the database says the employer may not see it any more.
    again = employer_client.get("/werkgever/kandidaten", params={"q": "installatie"})
    assert "Lina O." in again.text and 'class="poster"' not in again.text and "poster.jpg" not in again.text
