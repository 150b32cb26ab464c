"""Intake profile, the candidate's own profile, preview, who viewed, export and erasure."""

from __future__ import annotations

import json

from sqlalchemy import select

from tests import factories
from tests.candidates.factories import ready_video, visible_candidate
from tests.conftest import post_form
from werkgeversportaal.db.models import AuditEvent, Candidate, Consent, ConsentScope, ProfileView, Role, User, Video
from werkgeversportaal.domain.candidates.consent_texts import current_version

INTAKE = {
    "birth_year": "1992", "place": "Huizen", "travel_radius_km": "25", "civic_integration_status": "in_progress",
    "dutch_listening": "A2", "dutch_reading": "A2", "dutch_speaking": "A1", "dutch_writing": "A1",
    "language_1": "Tigrinya", "language_1_level": "C2", "language_2": "Arabisch", "language_2_level": "B1",
    "education_level": "mbo2", "education_field": "Elektrotechniek", "education_country": "Eritrea",
    "experience_1_sector": "construction", "experience_1_occupation": "Metselaar", "experience_1_years": "4",
    "wished_sectors": ["construction", "installation"], "wished_opening_kinds": ["work_study"],
    "hours_per_week": "32", "available_from": "2027-01-04", "language_class_days": ["tue", "thu"],
    "work_level": "mbo3", "competences": "Nauwkeurig", "assessment_date": "2026-10-01",
    "assessment_instrument": "Talentscan", "private_notes": "Schuldhulp loopt", "published": "on",
}


def test_accountmanager_fills_the_intake_profile(db, huizen, as_user, account_manager) -> None:
    candidate, _u = factories.candidate(db, huizen)
    am = as_user(account_manager)
    assert am.get(f"/accountmanager/kandidaten/{candidate.id}/profiel").status_code == 200
    response = post_form(am, f"/accountmanager/kandidaten/{candidate.id}/profiel", INTAKE)
    assert response.status_code == 303
    db.expire_all()
    saved = db.get(Candidate, candidate.id)
    assert saved.dutch_levels == {"listening": "A2", "reading": "A2", "speaking": "A1", "writing": "A1"}
    assert saved.other_languages[0] == {"language": "Tigrinya", "level": "C2"}
    assert saved.experience == [{"sector": "construction", "occupation": "Metselaar", "years": 4}]
    assert saved.assessment["instrument"] == "Talentscan" and saved.published
    assert saved.language_class_days == ["tue", "thu"] and saved.hours_per_week == 32
    detail = am.get(f"/accountmanager/kandidaten/{candidate.id}").text
    assert "Metselaar" in detail


def test_intake_errors_keep_the_values_and_save_nothing(db, huizen, as_user, account_manager) -> None:
    candidate, _u = factories.candidate(db, huizen)
    am = as_user(account_manager)
    bad = {**INTAKE, "birth_year": "negentig", "dutch_listening": "Z9", "wished_sectors": ["ruimtevaart"]}
    response = post_form(am, f"/accountmanager/kandidaten/{candidate.id}/profiel", bad)
    assert response.status_code == 400 and "geboortejaar" in response.text and "Metselaar" in response.text
    db.expire_all()
    assert db.get(Candidate, candidate.id).published is False


def test_other_municipality_cannot_see_or_change_the_profile(db, huizen, as_user) -> None:
    candidate, _u = factories.candidate(db, huizen)
    elsewhere = factories.user(db, Role.ACCOUNT_MANAGER, municipality_id=factories.municipality(db, "Elders").id)
    other = as_user(elsewhere)
    assert other.get(f"/accountmanager/kandidaten/{candidate.id}/profiel").status_code == 404
    assert post_form(other, f"/accountmanager/kandidaten/{candidate.id}/profiel", INTAKE).status_code == 404


def test_candidate_edits_own_profile_and_previews_it(db, huizen, as_user) -> None:
    _candidate, user = factories.candidate(db, huizen, given="Amanuel", family="Tesfay")
    me = as_user(user)
    form = {"self_introduction": "Ik ben Amanuel. Ik was kok.", "place": "Huizen", "hours_per_week": "24",
            "wished_sectors": ["hospitality"], "language_class_days": ["mon"]}
    assert post_form(me, "/kandidaat/profiel", form).status_code == 303
    bad = post_form(me, "/kandidaat/profiel", {**form, "hours_per_week": "200"})
    assert bad.status_code == 400 and "tussen 1 en 60" in bad.text
    preview = me.get("/kandidaat/voorbeeld").text
    assert "Amanuel T." in preview and "Ik was kok." in preview and "Horeca" in preview
    assert "Tesfay" not in preview.split("<main")[1]
    assert "nog geen toestemming" in preview


def test_candidate_sees_who_viewed(db, huizen, as_user) -> None:
    candidate = visible_candidate(db, huizen)
    _employer, user = factories.employer(db, name="Bouwbedrijf De Vries")
    as_user(user).get(f"/werkgever/kandidaten/{candidate.id}")
    views = as_user(candidate.user).get("/kandidaat/bekeken").text
    assert "Bouwbedrijf De Vries" in views


def test_export_contains_my_data_but_not_private_notes(db, huizen, as_user) -> None:
    candidate = visible_candidate(db, huizen, given="Amanuel", family="Tesfay")
    candidate.private_notes = "Alleen voor de accountmanager"
    db.commit()
    response = as_user(candidate.user).get("/kandidaat/mijn-gegevens/export")
    assert response.status_code == 200 and "attachment" in response.headers["content-disposition"]
    data = json.loads(response.content)
    assert data["candidate"]["family_name"] == "Tesfay" and len(data["consents"]) == 2
    assert "Alleen voor de accountmanager" not in response.text
    assert db.scalar(select(AuditEvent).where(AuditEvent.action == "candidate.exported"))


def test_erasure_needs_confirmation_then_removes_everything(db, huizen, as_user, settings) -> None:
    candidate = visible_candidate(db, huizen)
    video = ready_video(db, candidate)
    folder = settings.media.root / video.folder
    folder.mkdir(parents=True)
    (folder / "video.mp4").write_bytes(b"x" * 10)
    _employer, user = factories.employer(db)
    as_user(user).get(f"/werkgever/kandidaten/{candidate.id}")
    me = as_user(candidate.user)
    refused = post_form(me, "/kandidaat/mijn-gegevens/wissen", {})
    assert refused.status_code == 400 and db.get(Candidate, candidate.id) is not None
    candidate_id, user_id = candidate.id, candidate.user_id
    done = post_form(me, "/kandidaat/mijn-gegevens/wissen", {"confirm": "on"})
    assert done.status_code == 303
    db.expunge_all()
    assert db.get(Candidate, candidate_id) is None and db.get(User, user_id) is None
    for model in (Video, Consent, ProfileView):
        assert db.scalars(select(model)).all() == []
    assert not folder.exists()
    erased = db.scalars(select(AuditEvent).where(AuditEvent.action == "candidate.erased")).all()
    assert len(erased) == 1 and erased[0].subject_id == str(candidate_id)
    assert me.get("/kandidaat", follow_redirects=False).status_code == 303  # the session ended with the account


def test_consent_text_and_pages_in_the_candidates_language(db, huizen, as_user) -> None:
    _candidate, user = factories.candidate(db, huizen)
    user.preferred_language = "en"
    db.commit()
    me = as_user(user)
    page = me.get("/kandidaat/toestemming").text
    assert "Employers may see my profile" in page and "I give consent" in page
    assert post_form(me, "/kandidaat/toestemming/video").status_code == 303
    grant = db.scalar(select(Consent))
    assert grant.language == "en" and grant.text_version == current_version(ConsentScope.VIDEO) and not grant.on_behalf
    assert "Test camera and microphone" in me.get("/kandidaat/video").text
