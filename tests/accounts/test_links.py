"""Invitations and password resets: one-time, expiring links sent by real e-mail."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update

from tests import factories
from tests.conftest import login, post_form
from werkgeversportaal.db.models import Municipality, OneTimeToken, Role, User

NEW_PASSWORD = "Lange-zin-over-de-Vecht-9"


def test_admin_creates_municipality_and_invites_an_accountmanager(client, db, mailbox, run_jobs, new_client) -> None:
    admin = factories.user(db, Role.ADMIN)
    login(client, admin.email, factories.PASSWORD)
    assert post_form(client, "/beheer/gemeenten", {"cbs_code": "GM0406", "name": "Huizen"}).status_code == 303
    bad = post_form(client, "/beheer/gemeenten", {"cbs_code": "0406", "name": "Huizen"})
    assert bad.status_code == 400 and "GM0406" in bad.text
    duplicate = post_form(client, "/beheer/gemeenten", {"cbs_code": "GM0406", "name": "Huizen"})
    assert duplicate.status_code == 400 and "bestaat al" in duplicate.text

    municipality_id = str(db.scalar(select(Municipality.id).where(Municipality.cbs_code == "GM0406")))
    response = post_form(client, "/beheer/accountmanagers", {"display_name": "Marieke Smit",
                                                             "email": "marieke@huizen.nl",
                                                             "municipality_id": municipality_id})
    assert response.status_code == 303
    run_jobs()
    link = mailbox.link_in(mailbox.last_to("marieke@huizen.nl"), "/uitnodiging/")

    browser = new_client()
    assert "Welkom" in browser.get(link).text
    weak = post_form(browser, link, {"password": "kort", "password_confirm": "kort"})
    assert weak.status_code == 400 and "minstens 12 tekens" in weak.text
    done = post_form(browser, link, {"password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD})
    assert done.status_code == 303 and done.headers["location"] == "/accountmanager"
    assert browser.get("/accountmanager").status_code == 200

    reused = new_client()
    page = reused.get(link)
    assert page.status_code == 410 and "al gebruikt" in page.text


def test_expired_invitation_is_refused(client, db, mailbox, run_jobs) -> None:
    m = factories.municipality(db)
    am = factories.user(db, Role.ACCOUNT_MANAGER, municipality_id=m.id)
    login(client, am.email, factories.PASSWORD)
    response = post_form(client, "/accountmanager/kandidaten/nieuw",
                         {"given_name": "Rania", "family_name": "Haddad", "email": "rania@example.nl",
                          "preferred_language": "en"})
    assert response.status_code == 303
    run_jobs()
    message = mailbox.last_to("rania@example.nl")
    assert "profile" in message["Subject"].lower()  # sent in the candidate's language
    link = mailbox.link_in(message, "/uitnodiging/")
    db.execute(update(OneTimeToken).values(expires_at=datetime.now(UTC) - timedelta(minutes=1)))
    db.commit()
    client.cookies.clear()
    page = client.get(link)
    assert page.status_code == 410 and "verlopen" in page.text
    attempt = post_form(client, link, {"password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD})
    assert attempt.status_code == 410
    db.expire_all()
    assert db.scalar(select(User.password_hash).where(User.email == "rania@example.nl")) is None


def test_forgotten_password_reset_by_email(client, db, mailbox, run_jobs, new_client) -> None:
    user = factories.user(db, Role.ADMIN, email="beheer@example.nl")
    other_browser = new_client()
    login(other_browser, user.email, factories.PASSWORD)

    response = post_form(client, "/wachtwoord-vergeten", {"email": "beheer@example.nl"}, page="/wachtwoord-vergeten")
    assert response.status_code == 200 and "Kijk in uw e-mail" in response.text
    unknown = post_form(client, "/wachtwoord-vergeten", {"email": "niemand@example.nl"})
    assert unknown.status_code == 200 and "Kijk in uw e-mail" in unknown.text  # no account enumeration
    run_jobs()
    assert mailbox.to("niemand@example.nl") == []
    link = mailbox.link_in(mailbox.last_to("beheer@example.nl"), "/wachtwoord-herstellen/")

    assert post_form(client, link, {"password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD}).status_code == 303
    client.cookies.clear()
    login(client, user.email, NEW_PASSWORD)
    # The other browser's session ended with the password change.
    assert other_browser.get("/beheer", follow_redirects=False).status_code == 303
    assert post_form(new_client(), link, {"password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD},
                     page="/inloggen").status_code == 410


def test_a_new_reset_link_replaces_the_old_one(client, db, mailbox, run_jobs) -> None:
    factories.user(db, Role.ADMIN, email="beheer@example.nl")
    post_form(client, "/wachtwoord-vergeten", {"email": "beheer@example.nl"}, page="/wachtwoord-vergeten")
    post_form(client, "/wachtwoord-vergeten", {"email": "beheer@example.nl"})
    run_jobs()
    first, second = (mailbox.link_in(m, "/wachtwoord-herstellen/") for m in mailbox.to("beheer@example.nl"))
    assert client.get(first).status_code == 410
    assert client.get(second).status_code == 200
