"""The employer edits its organisation and invites colleagues; bad input changes nothing."""

from __future__ import annotations

from tests import factories
from tests.conftest import login, post_form
from werkgeversportaal.db.models import AuditEvent, EmployerMembership, User


def _form(**overrides):
    data = {"name": "Bouwbedrijf De Vecht", "kvk_number": "87654321", "place": "blaricum",
            "sectors": ["construction", "installation"], "street": "Havenstraat 1", "postal_code": "1271ab",
            "website": "https://devecht.example.nl", "description": "Wij bouwen in het Gooi.",
            "public_register": "on", "offers_mentor": "on", "offers_language_friendly_schedule": "on"}
    data.update(overrides)
    return data


def test_employer_edits_the_organisation(client, db) -> None:
    employer, user = factories.employer(db)
    login(client, user.email, factories.PASSWORD)
    assert client.get("/werkgever/organisatie").status_code == 200
    assert post_form(client, "/werkgever/organisatie", _form()).status_code == 303
    db.refresh(employer)
    assert employer.kvk_number == "87654321" and employer.place == "Blaricum" and employer.postal_code == "1271AB"
    assert employer.lat is not None and employer.public_register and employer.offers_mentor
    assert not employer.offers_interpreter
    assert employer.sectors == ["construction", "installation"]
    assert db.query(AuditEvent).filter_by(action="employer.updated").count() == 1


def test_bad_organisation_input(client, db) -> None:
    employer, user = factories.employer(db, name="Origineel")
    other, _ = factories.employer(db, name="Ander")
    login(client, user.email, factories.PASSWORD)
    cases = [
        ({"kvk_number": "1234567"}, "precies 8 cijfers"),
        ({"kvk_number": "1234567a"}, "precies 8 cijfers"),
        ({"kvk_number": other.kvk_number}, "al geregistreerd"),
        ({"place": "Blaricom"}, "Bedoelt u: Blaricum"),
        ({"sectors": []}, "minstens één sector"),
        ({"website": "javascript:alert(1)"}, "begint met https://"),
        ({"postal_code": "12345"}, "1271 AB"),
    ]
    for override, message in cases:
        response = post_form(client, "/werkgever/organisatie", _form(**override))
        assert response.status_code == 400, override
        assert message in response.text, override
        assert 'value="Bouwbedrijf De Vecht"' in response.text, "typed values are kept"
    db.refresh(employer)
    assert employer.name == "Origineel"


def test_invite_a_colleague(client, db, mailbox, run_jobs, new_client) -> None:
    employer, user = factories.employer(db)
    login(client, user.email, factories.PASSWORD)
    response = post_form(client, "/werkgever/organisatie/collegas", {"display_name": "Jan", "email": "bad"})
    assert response.status_code == 400 and "geldig e-mailadres" in response.text
    response = post_form(client, "/werkgever/organisatie/collegas",
                         {"display_name": "Jan Collega", "email": "jan@devecht.example.nl"})
    assert response.status_code == 303
    colleague = db.query(User).filter_by(email="jan@devecht.example.nl").one()
    assert db.query(EmployerMembership).filter_by(user_id=colleague.id, employer_id=employer.id).count() == 1
    run_jobs()
    link = mailbox.link_in(mailbox.last_to("jan@devecht.example.nl"), "/uitnodiging/")
    other = new_client()
    password = "Timmeren-in-Huizen-77"
    response = post_form(other, link, {"password": password, "password_confirm": password}, page=link)
    assert response.status_code == 303
    assert other.get("/werkgever").status_code == 200



def test_inviting_an_existing_address_answers_alike_and_changes_nothing(client, db, mailbox, run_jobs) -> None:
    """The colleague form cannot be used to find out who has an account (issue 7: no enumeration)."""
    employer, user = factories.employer(db, name="Bouwbedrijf De Vecht")
    _other, stranger = factories.employer(db, name="Zorggroep B", sectors=["care"])
    login(client, user.email, factories.PASSWORD)
    answers = []
    for email in ("nieuw@devecht.example.nl", stranger.email):
        response = post_form(client, "/werkgever/organisatie/collegas", {"display_name": "Jan", "email": email})
        answers.append((response.status_code, response.headers.get("location")))
        page = client.get("/werkgever/organisatie")
        assert "Uw collega krijgt een e-mail" in page.text
    assert answers[0] == answers[1] == (303, "/werkgever/organisatie")
    assert db.query(EmployerMembership).filter_by(user_id=stranger.id, employer_id=employer.id).count() == 0
    db.refresh(stranger)
    assert stranger.password_hash is not None
    run_jobs()
    text = mailbox.text(mailbox.last_to(stranger.email))
    assert "Bouwbedrijf De Vecht" in text and "al een account" in text and "/uitnodiging/" not in text
