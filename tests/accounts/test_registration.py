"""An employer contact registers the organisation and lands in 'waiting for verification'."""

from __future__ import annotations

from sqlalchemy import func, select

from tests.conftest import login, post_form
from werkgeversportaal.db.models import Employer, User, VerificationStatus

GOOD = {
    "organisation_name": "Installatiebedrijf Gooi",
    "kvk_number": "87654321",
    "place": "Huizen",
    "sectors": ["installation", "construction"],
    "contact_name": "Sandra de Boer",
    "email": "sandra@gooi-installatie.nl",
    "password": "Fiets-naar-de-Vecht-2026",
    "password_confirm": "Fiets-naar-de-Vecht-2026",
    "accept_terms": "on",
}


def count(db, model) -> int:  # type: ignore[no-untyped-def]
    db.expire_all()
    return db.scalar(select(func.count()).select_from(model))


def test_employer_registers_and_waits_for_verification(client, db, mailbox, run_jobs) -> None:
    response = post_form(client, "/registreren", GOOD, page="/registreren")
    assert response.status_code == 303
    # Not logged in straight away: the answer must be the same for an address that already has an
    # account (issue 7, no account enumeration), so the new contact logs in next.
    assert response.headers["location"] == "/inloggen"
    assert "Bedankt voor uw aanmelding" in client.get("/inloggen").text
    login(client, GOOD["email"], GOOD["password"])

    dashboard = client.get("/werkgever")
    assert dashboard.status_code == 200
    assert "Installatiebedrijf Gooi" in dashboard.text
    assert "wacht op controle" in dashboard.text

    employer = db.scalar(select(Employer).where(Employer.kvk_number == "87654321"))
    assert employer.verification_status is VerificationStatus.PENDING
    assert employer.sectors == ["installation", "construction"]
    user = db.scalar(select(User).where(User.email == "sandra@gooi-installatie.nl"))
    assert user.password_hash.startswith("$argon2id$")

    run_jobs()
    mail = mailbox.last_to("sandra@gooi-installatie.nl")
    assert "aanmelding" in mail["Subject"].lower()


def _assert_rejected(client, db, data, field_message: str) -> None:  # type: ignore[no-untyped-def]
    before = (count(db, Employer), count(db, User))
    response = post_form(client, "/registreren", data, page="/registreren")
    assert response.status_code == 400
    assert field_message in response.text
    assert (count(db, Employer), count(db, User)) == before, "nothing may be half-saved"
    # What was typed stays in the form, except the password.
    assert 'value="Installatiebedrijf Gooi"' in response.text
    assert GOOD["password"] not in response.text


def test_kvk_with_letters_or_seven_digits_is_refused(client, db) -> None:
    for bad in ("1234567", "1234567a", "123456789", ""):
        _assert_rejected(client, db, {**GOOD, "kvk_number": bad}, "8 cijfers")


def test_weak_password_is_refused(client, db) -> None:
    _assert_rejected(client, db, {**GOOD, "password": "kort", "password_confirm": "kort"}, "minstens 12 tekens")
    _assert_rejected(client, db, {**GOOD, "password": "wachtwoord123456", "password_confirm": "wachtwoord123456"},
                     "kennen criminelen al")
    _assert_rejected(client, db, {**GOOD, "password_confirm": "Iets-anders-dan-eerst-1"}, "niet gelijk")


def test_duplicate_kvk_is_refused_and_a_known_email_creates_nothing(client, db, new_client) -> None:
    assert post_form(client, "/registreren", GOOD, page="/registreren").status_code == 303
    other = new_client()
    _assert_rejected(other, db, {**GOOD, "email": "ander@gooi-installatie.nl"}, "al aangemeld")
    # A known address is answered like a new one (see tests/trust_access), but nothing is created.
    before = (count(db, Employer), count(db, User))
    again = post_form(other, "/registreren", {**GOOD, "kvk_number": "11112222", "email": "SANDRA@gooi-installatie.nl"},
                      page="/registreren")
    assert again.status_code == 303 and again.headers["location"] == "/inloggen"
    assert (count(db, Employer), count(db, User)) == before


def test_missing_fields_each_get_a_message_in_english_too(client, db) -> None:
    client.cookies.set("lang", "en")
    response = post_form(client, "/registreren", {"organisation_name": "Installatiebedrijf Gooi"},
                         page="/registreren")
    assert response.status_code == 400
    assert "Enter the Chamber of Commerce (KvK) number" in response.text
    assert "Choose at least one sector" in response.text
    assert count(db, Employer) == 0


def test_wrong_csrf_token_changes_nothing(client, db) -> None:
    client.get("/registreren")
    response = client.post("/registreren", data={**GOOD, "_csrf_token": "forged"}, follow_redirects=False)
    assert response.status_code == 403
    assert "formulier is verlopen" in response.text
    assert count(db, Employer) == 0
