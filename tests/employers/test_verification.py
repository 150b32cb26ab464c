"""Accountmanagers verify, reject, suspend and reinstate employers; the employer is e-mailed each time."""

from __future__ import annotations

from uuid import uuid4

from sqlalchemy import select

from tests import factories
from tests.conftest import login, post_form
from tests.employers import factories as ef
from werkgeversportaal.db.models import AuditEvent, Employer, EmployerNote, Role, VerificationStatus


def _am(db):
    municipality = factories.municipality(db)
    return factories.user(db, Role.ACCOUNT_MANAGER, municipality_id=municipality.id, name="Marieke Smit")


def test_queue_verify_and_employer_is_emailed(client, db, new_client, mailbox, run_jobs) -> None:
    employer, contact = factories.employer(db, name="Transport Eemland", status=VerificationStatus.PENDING)
    factories.employer(db, name="Al Gecontroleerd")
    am = _am(db)
    login(client, am.email, factories.PASSWORD)
    home = client.get("/accountmanager").text
    assert "/accountmanager/werkgevers/controle" in home
    queue = client.get("/accountmanager/werkgevers/controle").text
    assert "Transport Eemland" in queue and "Al Gecontroleerd" not in queue
    detail = client.get(f"/accountmanager/werkgevers/{employer.id}").text
    assert employer.kvk_number in detail and contact.email in detail

    assert post_form(client, f"/accountmanager/werkgevers/{employer.id}/verifieren").status_code == 303
    db.refresh(employer)
    assert employer.verification_status is VerificationStatus.VERIFIED and employer.verified_at is not None
    run_jobs()
    assert "gecontroleerd" in mailbox.last_to(contact.email)["Subject"]

    # The employer's next request sees the new status: publishing is allowed now.
    employer_client = new_client()
    login(employer_client, contact.email, factories.PASSWORD)
    opening = ef.opening(db, employer)
    assert post_form(employer_client, f"/werkgever/vacatures/{opening.id}/status",
                     {"action": "publish"}).status_code == 303

    page = client.get(f"/accountmanager/werkgevers/{employer.id}").text
    assert "employer.verify" in page and "opening.published" in page and "Marieke Smit" in page


def test_reject_needs_a_reason(client, db, mailbox, run_jobs) -> None:
    employer, contact = factories.employer(db, status=VerificationStatus.PENDING)
    login(client, _am(db).email, factories.PASSWORD)
    response = post_form(client, f"/accountmanager/werkgevers/{employer.id}/afwijzen", {"reason": ""})
    assert response.status_code == 400 and "Geef een reden" in response.text
    db.refresh(employer)
    assert employer.verification_status is VerificationStatus.PENDING
    response = post_form(client, f"/accountmanager/werkgevers/{employer.id}/afwijzen",
                         {"reason": "Het KvK-nummer hoort bij een ander bedrijf."})
    assert response.status_code == 303
    db.refresh(employer)
    assert employer.verification_status is VerificationStatus.REJECTED
    assert employer.status_reason == "Het KvK-nummer hoort bij een ander bedrijf."
    run_jobs()
    mail = mailbox.last_to(contact.email)
    assert "afgewezen" in mail["Subject"] and "ander bedrijf" in mailbox.text(mail)


def test_suspend_and_reinstate(client, db, mailbox, run_jobs) -> None:
    employer, contact = factories.employer(db, public_register=True)
    login(client, _am(db).email, factories.PASSWORD)
    assert post_form(client, f"/accountmanager/werkgevers/{employer.id}/herstellen").status_code == 400
    assert post_form(client, f"/accountmanager/werkgevers/{employer.id}/schorsen",
                     {"reason": "Klachten van kandidaten"}).status_code == 303
    db.refresh(employer)
    assert employer.verification_status is VerificationStatus.SUSPENDED
    assert client.get(f"/werkgevers/{employer.id}").status_code == 404  # gone from the register
    assert post_form(client, f"/accountmanager/werkgevers/{employer.id}/herstellen").status_code == 303
    db.refresh(employer)
    assert employer.verification_status is VerificationStatus.VERIFIED
    run_jobs()
    subjects = [m["Subject"] for m in mailbox.to(contact.email)]
    assert any("geschorst" in s for s in subjects) and any("opgeheven" in s for s in subjects)
    actions = db.scalars(select(AuditEvent.action).where(AuditEvent.subject_id == str(employer.id))).all()
    assert "employer.suspend" in actions and "employer.reinstate" in actions


def test_forbidden_verification_steps_change_nothing(client, db) -> None:
    employer, _contact = factories.employer(db, status=VerificationStatus.REJECTED)
    login(client, _am(db).email, factories.PASSWORD)
    for step in ("schorsen", "herstellen", "afwijzen"):
        response = post_form(client, f"/accountmanager/werkgevers/{employer.id}/{step}", {"reason": "Omdat het kan"})
        assert response.status_code == 400, step
    db.refresh(employer)
    assert employer.verification_status is VerificationStatus.REJECTED
    assert post_form(client, f"/accountmanager/werkgevers/{uuid4()}/verifieren").status_code == 404


def test_notes_are_internal(client, db, new_client) -> None:
    employer, contact = factories.employer(db)
    login(client, _am(db).email, factories.PASSWORD)
    assert post_form(client, f"/accountmanager/werkgevers/{employer.id}/notities", {"body": ""}).status_code == 400
    assert post_form(client, f"/accountmanager/werkgevers/{employer.id}/notities",
                     {"body": "Belde over subsidie <b>loonkosten</b>"}).status_code == 303
    assert db.scalar(select(EmployerNote)).body == "Belde over subsidie <b>loonkosten</b>"
    page = client.get(f"/accountmanager/werkgevers/{employer.id}").text
    assert "Belde over subsidie &lt;b&gt;loonkosten&lt;/b&gt;" in page
    employer_client = new_client()
    login(employer_client, contact.email, factories.PASSWORD)
    for url in ("/werkgever", "/werkgever/organisatie", "/werkgever/vacatures", "/api/v1/openings"):
        assert "subsidie" not in employer_client.get(url).text, url


def test_lists_with_search_and_filters(client, db) -> None:
    bouw, _ = factories.employer(db, name="Bouwbedrijf Huizen", sectors=["construction"], place="Huizen")
    zorg, _ = factories.employer(db, name="Zorggroep Laren", sectors=["care", "hospitality"], place="Laren")
    ef.opening(db, bouw, title="Metselaar")
    ef.opening(db, zorg, title="Helpende zorg", sector="care", kind="internship", place="Laren")
    login(client, _am(db).email, factories.PASSWORD)
    assert "Zorggroep Laren" not in client.get("/accountmanager/werkgevers?sector=construction").text
    found = client.get("/accountmanager/werkgevers?sector=hospitality").text
    assert "Zorggroep Laren" in found and "Bouwbedrijf Huizen" not in found
    assert "Bouwbedrijf Huizen" in client.get(f"/accountmanager/werkgevers?q={bouw.kvk_number}").text
    assert "Bouwbedrijf Huizen" not in client.get("/accountmanager/werkgevers?status=pending").text
    openings = client.get("/accountmanager/vacatures?kind=internship&place=lar").text
    assert "Helpende zorg" in openings and "Metselaar" not in openings
    assert "Metselaar" in client.get("/accountmanager/vacatures?q=metsel&status=draft").text
    assert "Metselaar" not in client.get("/accountmanager/vacatures?status=published").text


def test_pagination(client, db) -> None:
    for n in range(27):
        factories.employer(db, name=f"Bedrijf {n:02d}")
    login(client, _am(db).email, factories.PASSWORD)
    first = client.get("/accountmanager/werkgevers").text
    assert "Bedrijf 00" in first and "Bedrijf 26" not in first and "offset=25" in first
    assert "Bedrijf 26" in client.get("/accountmanager/werkgevers?offset=25").text
    assert db.scalar(select(Employer).where(Employer.name == "Bedrijf 26")) is not None
