"""Candidates and openings documents: who gets one, what is in it, and which changes write the outbox."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from tests import factories
from tests.candidates.factories import consent, ready_video
from tests.employers.factories import opening
from tests.searchint.helpers import drain, outbox_rows, with_runtime
from tests.searchui.factories import profile_candidate
from werkgeversportaal.db.models import (
    Consent,
    ConsentScope,
    ModerationStatus,
    OpeningStatus,
    Role,
    VerificationStatus,
)
from werkgeversportaal.domain.search.candidates import build_candidate_documents, consented_candidate_ids
from werkgeversportaal.domain.search.openings import build_opening_documents, published_opening_ids
from werkgeversportaal.lib.runtime import Runtime


def built(settings: Any, build: Any, ids: list[Any]) -> dict[str, Any]:
    async def go(runtime: Runtime) -> dict[str, Any]:
        async with runtime.session_maker() as session:
            return dict(await build(session, [str(i) for i in ids]))

    return with_runtime(settings, go)


def listed(settings: Any, lister: Any) -> list[str]:
    async def go(runtime: Runtime) -> list[str]:
        async with runtime.session_maker() as session:
            return list(await lister(session))

    return with_runtime(settings, go)


def test_only_published_consented_candidates_get_a_document(settings: Any, db: Any) -> None:
    huizen = factories.municipality(db, "Huizen")
    shown = profile_candidate(db, huizen, given="Samir", family="Haddad", dutch="B1", place="Bussum")
    unpublished = profile_candidate(db, huizen, given="Nadia")
    unpublished.published = False
    no_consent, _ = factories.candidate(db, huizen, given="Yonas")
    docs = built(settings, build_candidate_documents, [shown.id, unpublished.id, no_consent.id, "junk"])
    assert docs[str(unpublished.id)] is None and docs[str(no_consent.id)] is None and docs["junk"] is None
    doc = docs[str(shown.id)]
    assert doc["given_name"] == "Samir" and doc["initial"] == "H"
    assert doc["dutch_level"] == 3 and doc["education_level"] == 2
    assert doc["occupations"] == ["Heftruckchauffeur"] and doc["has_video"] is False
    assert "family_name" not in doc and "Haddad" not in str(doc)
    assert set(doc["_geo"]) == {"lat", "lng"}
    assert listed(settings, consented_candidate_ids) == [str(shown.id)]


def test_has_video_needs_an_approved_video_and_video_consent(settings: Any, db: Any) -> None:
    huizen = factories.municipality(db, "Huizen")
    pending = profile_candidate(db, huizen, given="A", video_consent=True)
    ready_video(db, pending)
    approved_no_consent = profile_candidate(db, huizen, given="B")
    ready_video(db, approved_no_consent, moderation=ModerationStatus.APPROVED)
    full = profile_candidate(db, huizen, given="C", video_consent=True)
    ready_video(db, full, moderation=ModerationStatus.APPROVED)
    docs = built(settings, build_candidate_documents, [pending.id, approved_no_consent.id, full.id])
    assert [docs[str(c.id)]["has_video"] for c in (pending, approved_no_consent, full)] == [False, False, True]


def test_openings_index_published_openings_of_verified_employers(settings: Any, db: Any) -> None:
    company, _ = factories.employer(db)
    suspended, _ = factories.employer(db, status=VerificationStatus.SUSPENDED)
    live = opening(db, company, status=OpeningStatus.PUBLISHED, workdays=["mon", "tue"])
    draft = opening(db, company)
    gone = opening(db, suspended, status=OpeningStatus.PUBLISHED)
    docs = built(settings, build_opening_documents, [live.id, draft.id, gone.id])
    assert docs[str(draft.id)] is None and docs[str(gone.id)] is None
    assert docs[str(live.id)]["employer_name"] == company.name and docs[str(live.id)]["workdays"] == ["mon", "tue"]
    assert listed(settings, published_opening_ids) == [str(live.id)]


def test_consent_withdrawal_and_video_moderation_write_the_outbox(settings: Any, db: Any, new_client: Any) -> None:
    from tests.conftest import attach_session, post_form

    huizen = factories.municipality(db, "Huizen")
    candidate = profile_candidate(db, huizen, video_consent=True)
    video = ready_video(db, candidate)
    manager = factories.user(db, Role.ACCOUNT_MANAGER, municipality_id=huizen.id)
    client = new_client()
    attach_session(client, db, manager, settings)
    post_form(client, f"/accountmanager/videos/{video.id}/goedkeuren", page="/accountmanager/videos")
    assert [r.index for r in outbox_rows(db, candidate.id)] == ["candidates"]
    user = db.get(type(manager), candidate.user_id)
    own = new_client()
    attach_session(own, db, user, settings)
    response = post_form(own, "/kandidaat/toestemming/profile/intrekken", page="/kandidaat/toestemming")
    assert response.status_code in (200, 303)
    db.expire_all()
    assert db.scalar(select(Consent.withdrawn_at).where(Consent.candidate_id == candidate.id,
                                                        Consent.scope == ConsentScope.PROFILE)) is not None
    assert len(outbox_rows(db, candidate.id)) == 2
    drain(settings)
    assert built(settings, build_candidate_documents, [candidate.id])[str(candidate.id)] is None
    consent(db, candidate, "profile")


def test_suspending_an_employer_queues_its_openings(settings: Any, db: Any, new_client: Any) -> None:
    from tests.conftest import attach_session, post_form

    company, _ = factories.employer(db)
    live = opening(db, company, status=OpeningStatus.PUBLISHED)
    manager = factories.user(db, Role.ACCOUNT_MANAGER, municipality_id=factories.municipality(db).id)
    client = new_client()
    attach_session(client, db, manager, settings)
    response = post_form(client, f"/accountmanager/werkgevers/{company.id}/schorsen",
                         {"reason": "Klachten over de werkplek"}, page=f"/accountmanager/werkgevers/{company.id}")
    assert response.status_code in (200, 303), response.text[:500]
    assert "openings" in [r.index for r in outbox_rows(db, live.id)]
