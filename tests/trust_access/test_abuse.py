"""Abuse: no account enumeration (registration, password reset, log-in), rate limits, upload limit."""

from __future__ import annotations

import re
from typing import Any

import pytest
from argon2 import PasswordHasher
from sqlalchemy import func, select

from tests import factories
from tests.accounts.test_registration import GOOD
from tests.conftest import login, post_form
from werkgeversportaal.db.models import Employer, Role, SentEmail, User, Video, VideoStatus
from werkgeversportaal.domain.accounts import services as account_services


def count(db: Any, model: Any, *where: Any) -> int:
    db.expire_all()
    return int(db.scalar(select(func.count()).select_from(model).where(*where)))


def comparable(html: str, *typed: str) -> str:
    """A page with what differs by nature taken out: CSRF tokens and what the visitor typed."""
    html = re.sub(r'(name="(?:csrf-token|_csrf_token)" (?:content|value)=")[^"]*"', r'\1"', html)
    for text in typed:
        html = html.replace(text, "TYPED")
    return html


def cookie_names(response: Any) -> list[str]:
    return sorted(h.split("=")[0] for h in response.headers.get_list("set-cookie"))


@pytest.fixture
def hash_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    real = account_services.hash_password

    def spy(password: str) -> str:
        calls.append(password)
        return real(password)

    monkeypatch.setattr(account_services, "hash_password", spy)
    return calls


@pytest.fixture
def verify_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The hashes argon2 verified against, in order (the real verification still runs)."""
    calls: list[str] = []
    real = PasswordHasher.verify

    def spy(self: PasswordHasher, hash: str | bytes, password: str | bytes) -> bool:
        calls.append(hash if isinstance(hash, str) else hash.decode())
        return real(self, hash, password)

    monkeypatch.setattr(PasswordHasher, "verify", spy)
    return calls


def test_registering_a_known_address_answers_exactly_like_a_new_one(db, new_client, mailbox, run_jobs,
                                                                   hash_calls) -> None:
    existing = factories.user(db, Role.CANDIDATE, email="sandra@gooi-installatie.nl", name="Sandra")
    users_before = count(db, User)

    fresh_client, known_client = new_client(), new_client()
    fresh = post_form(fresh_client, "/registreren", {**GOOD, "email": "nieuw@gooi-installatie.nl"}, page="/registreren")
    assert len(hash_calls) == 1
    known = post_form(known_client, "/registreren", {**GOOD, "kvk_number": "11223344"}, page="/registreren")
    assert len(hash_calls) == 2, "the known address costs the same password hashing as a new one"

    assert (fresh.status_code, fresh.headers.get("location")) == (known.status_code, known.headers.get("location"))
    assert fresh.status_code == 303
    assert cookie_names(fresh) == cookie_names(known)
    fresh_page, known_page = fresh_client.get("/inloggen"), known_client.get("/inloggen")
    assert "Bedankt voor uw aanmelding" in fresh_page.text
    assert comparable(fresh_page.text) == comparable(known_page.text)
    # Neither is logged in by the answer: the new contact logs in like anyone else.
    assert fresh_client.get("/werkgever", follow_redirects=False).status_code == 303
    assert known_client.get("/werkgever", follow_redirects=False).status_code == 303

    # Only the new registration created anything; the known account is untouched.
    assert count(db, User) == users_before + 1
    assert count(db, Employer, Employer.kvk_number == "11223344") == 0
    db.refresh(existing)
    assert existing.role is Role.CANDIDATE
    login(new_client(), existing.email, factories.PASSWORD)

    run_jobs()
    warning = mailbox.last_to(existing.email)
    text = mailbox.text(warning)
    assert "Iemand probeerde een organisatie aan te melden met uw e-mailadres" in text
    assert "/inloggen" in text and "/wachtwoord-vergeten" in text
    assert "aanmelding" in mailbox.last_to("nieuw@gooi-installatie.nl")["Subject"].lower()
    assert len(mailbox.to(existing.email)) == 1


def test_registration_with_a_taken_kvk_number_says_so_whatever_the_address(db, client, new_client) -> None:
    _employer, owner = factories.employer(db, name="Gooi Installatie")
    kvk = db.scalar(select(Employer.kvk_number))
    known = post_form(client, "/registreren", {**GOOD, "kvk_number": kvk, "email": owner.email}, page="/registreren")
    other = new_client()
    fresh = post_form(other, "/registreren", {**GOOD, "kvk_number": kvk, "email": "iemand@example.nl"},
                      page="/registreren")
    assert known.status_code == fresh.status_code == 400
    assert "al aangemeld" in known.text and "al aangemeld" in fresh.text
    assert comparable(known.text, owner.email) == comparable(fresh.text, "iemand@example.nl")


def test_password_reset_answers_identically_for_known_and_unknown_addresses(db, client, new_client, mailbox,
                                                                          run_jobs) -> None:
    user = factories.user(db, Role.EMPLOYER, email="bekend@example.nl")
    unknown_client = new_client()
    known = post_form(client, "/wachtwoord-vergeten", {"email": user.email}, page="/wachtwoord-vergeten")
    unknown = post_form(unknown_client, "/wachtwoord-vergeten", {"email": "onbekend@example.nl"},
                        page="/wachtwoord-vergeten")
    assert known.status_code == unknown.status_code == 200
    assert cookie_names(known) == cookie_names(unknown)
    assert comparable(known.text, user.email) == comparable(unknown.text, "onbekend@example.nl")
    run_jobs()
    assert len(mailbox.to(user.email)) == 1 and mailbox.to("onbekend@example.nl") == []


def test_password_reset_is_rate_limited_without_saying_so(db, client, mailbox, run_jobs) -> None:
    user = factories.user(db, Role.EMPLOYER, email="bekend@example.nl")
    pages = [post_form(client, "/wachtwoord-vergeten", {"email": user.email}, page="/wachtwoord-vergeten")
             for _ in range(6)]
    assert {p.status_code for p in pages} == {200}
    assert len({comparable(p.text) for p in pages}) == 1, "the sixth request looks like the first"
    assert count(db, SentEmail, SentEmail.to_address == user.email) == 5, "at most five reset mails an hour"
    # The limit also holds per visitor (IP) across addresses.
    other = factories.user(db, Role.EMPLOYER, email="ander@example.nl")
    post_form(client, "/wachtwoord-vergeten", {"email": other.email})
    assert count(db, SentEmail, SentEmail.to_address == other.email) == 0


def test_log_in_failure_is_the_same_for_unknown_address_and_wrong_password(db, client, new_client,
                                                                           verify_calls) -> None:
    user = factories.user(db, Role.EMPLOYER, email="bekend@example.nl")
    wrong = post_form(client, "/inloggen", {"email": user.email, "password": "Niet-het-juiste-1"}, page="/inloggen")
    assert len(verify_calls) == 1 and verify_calls[0] == user.password_hash
    unknown = post_form(new_client(), "/inloggen", {"email": "onbekend@example.nl", "password": "Niet-het-juiste-1"},
                        page="/inloggen")
    assert len(verify_calls) == 2, "an unknown address must cost one argon2 verification too"
    dummy = verify_calls[1]
    # The dummy hash has the same algorithm and cost as real ones, so it takes as long to check.
    assert dummy != user.password_hash
    assert dummy.rsplit("$", 2)[0] == user.password_hash.rsplit("$", 2)[0]
    assert wrong.status_code == unknown.status_code == 400
    assert "klopt niet" in wrong.text
    assert comparable(wrong.text, user.email) == comparable(unknown.text, "onbekend@example.nl")


def test_deactivated_account_fails_like_a_wrong_password(db, client, verify_calls) -> None:
    user = factories.user(db, Role.EMPLOYER, email="oud@example.nl")
    user.is_active = False
    db.commit()
    response = post_form(client, "/inloggen", {"email": user.email, "password": factories.PASSWORD}, page="/inloggen")
    assert response.status_code == 400 and "klopt niet" in response.text
    assert len(verify_calls) == 1


def test_log_in_is_limited_per_address_and_per_visitor(db, client, new_client) -> None:
    user = factories.user(db, Role.ADMIN, email="beheer@example.nl")
    for n in range(5):
        post_form(client, "/inloggen", {"email": f"gok{n}@example.nl", "password": "Niet-het-juiste-1"},
                  page="/inloggen")
    # Five failures from one visitor on five addresses: the next attempt from there is refused, even
    # with the right password, and no session is started.
    blocked = post_form(client, "/inloggen", {"email": user.email, "password": factories.PASSWORD})
    assert blocked.status_code == 429 and "te vaak een verkeerd wachtwoord" in blocked.text
    assert "wgp_session=" not in blocked.headers.get("set-cookie", "")
    assert client.get("/beheer", follow_redirects=False).status_code == 303


def test_upload_limit_per_candidate_per_hour_through_the_route(db, settings, new_client) -> None:
    from tests.conftest import attach_session

    settings.media.uploads_per_hour = 2
    settings.media.max_upload_mb = 1
    municipality = factories.municipality(db)
    _candidate, user = factories.candidate(db, municipality)
    _other, other_user = factories.candidate(db, municipality, given="Rania")
    client = new_client()
    attach_session(client, db, user, settings)

    def upload(c: Any) -> Any:
        return c.post("/kandidaat/video/upload", content=b"not a video at all",
                      headers={"x-csrftoken": c.cookies.get("wgp_csrf"), "content-type": "video/webm"})

    for _ in range(2):
        assert upload(client).status_code == 201
        # Processing finished (failed: not a video); only the hourly limit can refuse the next one.
        for video in db.scalars(select(Video)):
            video.status = VideoStatus.FAILED
        db.commit()
    files_before = sorted(p for p in settings.media.root.rglob("*") if p.is_file())
    videos_before = count(db, Video)

    third = upload(client)
    assert third.status_code == 429
    assert third.json()["message"] == ("U heeft het afgelopen uur al vaak een video gestuurd. "
                                       "Probeer het over een uur opnieuw.")
    assert count(db, Video) == videos_before
    assert sorted(p for p in settings.media.root.rglob("*") if p.is_file()) == files_before, "nothing stored"

    # The limit is per candidate: someone else may still upload.
    other = new_client()
    attach_session(other, db, other_user, settings)
    assert upload(other).status_code == 201
