"""An employer's openings through the web pages: create, preview, publish, edit; bad input changes nothing."""

from __future__ import annotations

from sqlalchemy import select

from tests import factories
from tests.conftest import login, post_form
from tests.employers import factories as ef
from werkgeversportaal.db.models import AuditEvent, Opening, OpeningStatus, VerificationStatus


def _count(db) -> int:
    return len(db.scalars(select(Opening)).all())


def test_verified_employer_creates_previews_and_publishes(client, db) -> None:
    _employer, user = factories.employer(db)
    login(client, user.email, factories.PASSWORD)
    response = post_form(client, "/werkgever/vacatures/nieuw", ef.opening_form(place="huizen"))
    assert response.status_code == 303
    opening = db.scalar(select(Opening))
    assert opening.status is OpeningStatus.DRAFT and opening.place == "Huizen"
    assert round(opening.lat, 2) == 52.30 and opening.workdays == ["mon", "tue", "thu"]
    page = client.get(response.headers["location"])
    assert "Zo ziet de vacature eruit" in page.text and "Leerling-timmerman" in page.text
    assert post_form(client, f"/werkgever/vacatures/{opening.id}/status", {"action": "publish"}).status_code == 303
    db.refresh(opening)
    assert opening.status is OpeningStatus.PUBLISHED
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "opening.published"))
    assert event is not None and event.actor_id == user.id and event.subject_id == str(opening.id)
    dashboard = client.get("/werkgever").text
    assert "Gepubliceerd" in dashboard


def test_publish_inline_with_htmx_returns_the_fragment(client, db) -> None:
    employer, user = factories.employer(db)
    opening = ef.opening(db, employer)
    login(client, user.email, factories.PASSWORD)
    response = post_form(client, f"/werkgever/vacatures/{opening.id}/status", {"action": "publish"},
                         headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert 'id="opening-status"' in response.text and "<html" not in response.text
    assert "Gepubliceerd" in response.text


def test_unverified_employer_can_save_a_draft_but_not_publish(client, db) -> None:
    _employer, user = factories.employer(db, status=VerificationStatus.PENDING)
    login(client, user.email, factories.PASSWORD)
    assert post_form(client, "/werkgever/vacatures/nieuw", ef.opening_form()).status_code == 303
    opening = db.scalar(select(Opening))
    page = client.get(f"/werkgever/vacatures/{opening.id}").text
    assert "nog niet gecontroleerd" in page
    response = post_form(client, f"/werkgever/vacatures/{opening.id}/status", {"action": "publish"})
    assert response.status_code == 400
    assert "nog niet gecontroleerd door de gemeente" in response.text
    db.refresh(opening)
    assert opening.status is OpeningStatus.DRAFT


def test_bad_input_shows_errors_and_saves_nothing(client, db) -> None:
    _employer, user = factories.employer(db)
    login(client, user.email, factories.PASSWORD)
    cases = {
        "hours_per_week": ({"hours_per_week": "41"}, "tussen 1 en 40"),
        "hours_zero": ({"hours_per_week": "0"}, "tussen 1 en 40"),
        "closing_date": ({"start_date": "2030-05-01", "closing_date": "2030-04-01"}, "vóór de startdatum"),
        "place": ({"place": "Huisen"}, "Bedoelt u: "),
        "unknown_place": ({"place": "Qqqqqq"}, "Deze plaats kennen we niet"),
    }
    for name, (override, message) in cases.items():
        response = post_form(client, "/werkgever/vacatures/nieuw", ef.opening_form(**override))
        assert response.status_code == 400, name
        assert message in response.text, name
        assert 'value="Leerling-timmerman"' in response.text, f"{name}: values kept"
    assert "Huizen" in post_form(client, "/werkgever/vacatures/nieuw", ef.opening_form(place="Huisen")).text
    assert _count(db) == 0


def test_closed_opening_cannot_be_edited(client, db) -> None:
    employer, user = factories.employer(db)
    opening = ef.opening(db, employer, status=OpeningStatus.CLOSED, title="Oude vacature")
    login(client, user.email, factories.PASSWORD)
    response = post_form(client, f"/werkgever/vacatures/{opening.id}/bewerken", ef.opening_form(title="Nieuw"))
    assert response.status_code == 400
    assert "kan niet meer worden gewijzigd" in response.text
    db.refresh(opening)
    assert opening.title == "Oude vacature"


def test_html_in_the_description_is_shown_as_text(client, db) -> None:
    employer, user = factories.employer(db, public_register=True)
    login(client, user.email, factories.PASSWORD)
    evil = '<script>alert("x")</script><b>vet</b>'
    assert post_form(client, "/werkgever/vacatures/nieuw", ef.opening_form(description=evil)).status_code == 303
    opening = db.scalar(select(Opening))
    assert opening.description == evil  # stored as typed
    post_form(client, f"/werkgever/vacatures/{opening.id}/status", {"action": "publish"})
    for url in (f"/werkgever/vacatures/{opening.id}", f"/werkgevers/{employer.id}"):
        html = client.get(url).text
        assert "<script>alert" not in html and "<b>vet</b>" not in html, url
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&lt;b&gt;vet&lt;/b&gt;" in html, url


def test_another_employers_opening_is_not_found(client, db) -> None:
    employer_a, _user_a = factories.employer(db, name="A")
    _employer_b, user_b = factories.employer(db, name="B")
    opening = ef.opening(db, employer_a, title="Concept van A")
    login(client, user_b.email, factories.PASSWORD)
    for url in (f"/werkgever/vacatures/{opening.id}", f"/werkgever/vacatures/{opening.id}/bewerken"):
        assert client.get(url).status_code == 404
    assert post_form(client, f"/werkgever/vacatures/{opening.id}/bewerken", ef.opening_form()).status_code == 404
    assert post_form(client, f"/werkgever/vacatures/{opening.id}/status", {"action": "close"}).status_code == 404
    assert "Concept van A" not in client.get("/werkgever/vacatures").text
    db.refresh(opening)
    assert opening.status is OpeningStatus.DRAFT and opening.title == "Concept van A"


def test_errors_are_shown_in_the_users_language(client, db) -> None:
    _employer, user = factories.employer(db)
    login(client, user.email, factories.PASSWORD)
    post_form(client, "/taal", {"lang": "en", "next": "/werkgever"})
    response = post_form(client, "/werkgever/vacatures/nieuw", ef.opening_form(hours_per_week="50"))
    assert response.status_code == 400
    assert "between 1 and 40" in response.text and "Save as draft" in response.text
    response = post_form(client, "/werkgever/vacatures/nieuw", ef.opening_form(place="Huisen"))
    assert response.status_code == 400 and "Did you mean: " in response.text
