"""Log in and out, rate limits, session renewal, language switching, role homes."""

from __future__ import annotations

from tests import factories
from tests.conftest import login, post_form
from werkgeversportaal.db.models import Role


def test_each_role_logs_in_to_its_own_home(client, db) -> None:
    m = factories.municipality(db)
    cases = [
        (factories.user(db, Role.ADMIN), "/beheer"),
        (factories.user(db, Role.ACCOUNT_MANAGER, municipality_id=m.id), "/accountmanager"),
        (factories.employer(db)[1], "/werkgever"),
        (factories.candidate(db, m)[1], "/kandidaat"),
    ]
    for user, home in cases:
        client.cookies.clear()
        response = login(client, user.email, factories.PASSWORD)
        assert response.headers["location"] == home
        assert client.get(home).status_code == 200
        assert client.get("/start", follow_redirects=False).headers["location"] == home


def test_session_id_is_renewed_at_login_and_cookie_flags(client, db) -> None:
    user = factories.user(db, Role.ADMIN)
    client.get("/inloggen")
    post_form(client, "/inloggen", {"email": "nobody@example.nl", "password": "x" * 12})
    before = client.cookies.get("wgp_session")
    response = login(client, user.email, factories.PASSWORD)
    after = client.cookies.get("wgp_session")
    assert after and after != before
    cookie = next(h for h in response.headers.get_list("set-cookie") if h.startswith("wgp_session=")).lower()
    assert "httponly" in cookie and "samesite=lax" in cookie


def test_logout_ends_the_session(client, db) -> None:
    user = factories.user(db, Role.ADMIN)
    login(client, user.email, factories.PASSWORD)
    assert post_form(client, "/uitloggen").status_code == 303
    assert client.get("/beheer", follow_redirects=False).headers["location"].startswith("/inloggen")


def test_wrong_password_gives_one_message_for_unknown_and_known_accounts(client, db) -> None:
    user = factories.user(db, Role.ADMIN)
    known = post_form(client, "/inloggen", {"email": user.email, "password": "Niet-het-juiste-1"}, page="/inloggen")
    unknown = post_form(client, "/inloggen", {"email": "wie@example.nl", "password": "Niet-het-juiste-1"})
    assert known.status_code == unknown.status_code == 400
    assert "klopt niet" in known.text and "klopt niet" in unknown.text
    assert f'value="{user.email}"' in known.text  # what was typed stays


def test_too_many_attempts_are_blocked_with_a_clear_message(client, db) -> None:
    user = factories.user(db, Role.ADMIN)
    for _ in range(5):
        post_form(client, "/inloggen", {"email": user.email, "password": "Niet-het-juiste-1"}, page="/inloggen")
    blocked = post_form(client, "/inloggen", {"email": user.email, "password": factories.PASSWORD})
    assert blocked.status_code == 429
    assert "te vaak een verkeerd wachtwoord" in blocked.text
    assert client.get("/beheer", follow_redirects=False).status_code == 303  # still not logged in


def test_next_parameter_only_allows_local_paths(client, db) -> None:
    user = factories.user(db, Role.ADMIN)
    response = post_form(client, "/inloggen", {"email": user.email, "password": factories.PASSWORD,
                                                "next": "https://evil.example/"}, page="/inloggen")
    assert response.headers["location"] == "/beheer"
    client.cookies.clear()
    response = post_form(client, "/inloggen", {"email": user.email, "password": factories.PASSWORD,
                                                "next": "/beheer/e-mails"}, page="/inloggen")
    assert response.headers["location"] == "/beheer/e-mails"


def test_interface_switches_between_dutch_and_english(client, db) -> None:
    assert "Inloggen" in client.get("/inloggen").text
    response = post_form(client, "/taal", {"lang": "en", "next": "/inloggen"}, page="/inloggen")
    assert response.headers["location"] == "/inloggen"
    page = client.get("/inloggen")
    assert '<html lang="en"' in page.text
    assert "Log in" in page.text and "Forgot your password?" in page.text


def test_language_choice_is_remembered_on_the_account(client, db) -> None:
    user = factories.user(db, Role.ADMIN)
    login(client, user.email, factories.PASSWORD)
    post_form(client, "/taal", {"lang": "en", "next": "/beheer"})
    client.cookies.clear()
    login(client, user.email, factories.PASSWORD)
    assert '<html lang="en"' in client.get("/beheer").text


def test_security_headers_are_set(client) -> None:
    headers = client.get("/").headers
    assert "unsafe-inline" not in headers["content-security-policy"]
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "same-origin"
    assert "camera=()" in headers["permissions-policy"]
