"""Employer asks, candidate answers: the requests, the refusals, and what each side sees."""

from __future__ import annotations

from sqlalchemy import select

from tests.conftest import post_form
from tests.employers import factories as ef
from tests.introductions.helpers import request_intro, the_intro
from werkgeversportaal.db.models import AuditEvent, IntroductionEvent, IntroductionStatus, Notification, OpeningStatus


def test_employer_requests_an_introduction_and_the_accountmanager_hears_of_it(db, cast, as_user, run_jobs,
                                                                           mailbox) -> None:
    employer = as_user(cast.employer_user)
    page = employer.get(f"/werkgever/kandidaten/{cast.candidate.id}")
    assert "Kennismaking aanvragen" in page.text
    assert employer.get(f"/werkgever/kandidaten/{cast.candidate.id}/kennismaking").status_code == 200
    response = request_intro(employer, cast.candidate)
    assert response.status_code == 303 and response.headers["location"] == "/werkgever/kennismakingen"
    intro = the_intro(db)
    assert intro.status is IntroductionStatus.REQUESTED and intro.employer_id == cast.employer.id
    assert db.scalar(select(IntroductionEvent).where(IntroductionEvent.introduction_id == intro.id)).to_status \
        == "requested"
    assert db.scalar(select(AuditEvent).where(AuditEvent.action == "introduction.requested"))
    note = db.scalar(select(Notification).where(Notification.user_id == cast.am.id))
    assert note is not None and "Bouwbedrijf Gooi" in note.text
    assert db.scalar(select(Notification).where(Notification.user_id == cast.am_other.id)) is None
    run_jobs()
    assert "Bouwbedrijf Gooi" in mailbox.text(mailbox.last_to(cast.am.email))
    listing = employer.get("/werkgever/kennismakingen").text
    assert "Amanuel T." in listing and "Aangevraagd" in listing
    for secret in ("Tesfay", cast.candidate.user.email):
        assert secret not in listing


def test_a_second_open_request_is_refused(db, cast, as_user) -> None:
    employer = as_user(cast.employer_user)
    assert request_intro(employer, cast.candidate).status_code == 303
    again = request_intro(employer, cast.candidate, "Nog een keer, want het is dringend.")
    assert again.status_code == 400 and "al een lopende kennismaking" in again.text
    assert "Nog een keer, want het is dringend." in again.text  # what was typed is kept
    assert len(db.scalars(select(IntroductionEvent)).all()) == 1


def test_bad_inputs_of_a_request(db, cast, as_user) -> None:
    employer = as_user(cast.employer_user)
    short = request_intro(employer, cast.candidate, "Hoi")
    assert short.status_code == 400 and "10 tot 2000 tekens" in short.text
    foreign = ef.opening(db, cast.other_employer, title="Verzorgende")
    other = request_intro(employer, cast.candidate, opening_id=str(foreign.id))
    assert other.status_code == 400 and "eigen organisatie" in other.text
    own = ef.opening(db, cast.employer, title="Metselaar", status=OpeningStatus.PUBLISHED)
    assert "Metselaar" in employer.get(f"/werkgever/kandidaten/{cast.candidate.id}/kennismaking").text
    assert request_intro(employer, cast.candidate, opening_id=str(own.id)).status_code == 303
    assert the_intro(db).opening_id == own.id


def test_an_invisible_candidate_cannot_be_asked(db, cast, as_user) -> None:
    from tests import factories

    hidden, _u = factories.candidate(db, cast.municipality, given="Verborgen")
    employer = as_user(cast.employer_user)
    assert employer.get(f"/werkgever/kandidaten/{hidden.id}/kennismaking").status_code == 404
    assert request_intro(employer, hidden).status_code == 404


def test_candidate_sees_the_request_in_their_language_and_agrees(db, cast, as_user, run_jobs, mailbox) -> None:
    request_intro(as_user(cast.employer_user), cast.candidate)
    cast.candidate.user.preferred_language = "en"
    db.commit()
    candidate = as_user(cast.candidate.user)
    page = candidate.get("/kandidaat/kennismakingen")
    assert "Bouwbedrijf Gooi" in page.text and "does not get your contact details" in page.text
    intro = the_intro(db)
    response = post_form(candidate, f"/kandidaat/kennismakingen/{intro.id}/akkoord")
    assert response.status_code == 303
    assert the_intro(db).status is IntroductionStatus.CANDIDATE_AGREED
    run_jobs()
    assert "wil kennismaken" in mailbox.text(mailbox.last_to(cast.am.email))


def test_candidate_declines_without_a_reason_and_the_employer_learns_no_reason(db, cast, as_user) -> None:
    request_intro(as_user(cast.employer_user), cast.candidate)
    intro = the_intro(db)
    assert post_form(as_user(cast.candidate.user), f"/kandidaat/kennismakingen/{intro.id}/afwijzen").status_code == 303
    assert the_intro(db).status is IntroductionStatus.DECLINED
    note = db.scalar(select(Notification).where(Notification.user_id == cast.employer_user.id))
    assert note is not None and "gewijzigd" in note.text


def test_agreeing_to_a_withdrawn_request_is_refused_clearly(db, cast, as_user) -> None:
    employer = as_user(cast.employer_user)
    request_intro(employer, cast.candidate)
    intro = the_intro(db)
    assert post_form(employer, f"/werkgever/kennismakingen/{intro.id}/intrekken").status_code == 303
    assert the_intro(db).status is IntroductionStatus.WITHDRAWN
    candidate = as_user(cast.candidate.user)
    response = post_form(candidate, f"/kandidaat/kennismakingen/{intro.id}/akkoord")
    assert response.status_code == 303
    assert "heeft dit verzoek ingetrokken" in candidate.get("/kandidaat/kennismakingen").text
    assert the_intro(db).status is IntroductionStatus.WITHDRAWN
    # Withdrawn is final: a new request may be made.
    assert request_intro(employer, cast.candidate).status_code == 303


def test_nobody_else_may_answer_or_withdraw(db, cast, as_user) -> None:
    from tests import factories

    request_intro(as_user(cast.employer_user), cast.candidate)
    intro = the_intro(db)
    other_candidate, _u = factories.candidate(db, cast.municipality, given="Rania")
    assert post_form(as_user(other_candidate.user), f"/kandidaat/kennismakingen/{intro.id}/akkoord").status_code \
        == 404
    assert post_form(as_user(cast.other_employer_user), f"/werkgever/kennismakingen/{intro.id}/intrekken"
                     ).status_code == 404
    assert the_intro(db).status is IntroductionStatus.REQUESTED
