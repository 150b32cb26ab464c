"""The daily digest: only candidates who became visible since the last one, one e-mail per user, never twice."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from click.testing import CliRunner
from sqlalchemy import select

from tests import factories
from tests.conftest import attach_session, post_form
from tests.searchint.helpers import with_runtime
from tests.searchui.factories import index_now, profile_candidate
from werkgeversportaal.cli import main
from werkgeversportaal.db.models import Consent, Job, SavedSearch, VerificationStatus
from werkgeversportaal.domain.candidates.visibility import visible_since
from werkgeversportaal.domain.search.digest import DIGEST, send_digest


def digest(settings: Any) -> Any:
    return with_runtime(settings, send_digest)


def test_digest_mails_only_new_visible_candidates_once(db: Any, settings: Any, new_client: Any, huizen: Any,
                                                       mailbox: Any, run_jobs: Any) -> None:
    before = profile_candidate(db, huizen, given="Oud", family="Eerder", occupations="Heftruckchauffeur")
    _company, user = factories.employer(db)
    client = new_client()
    attach_session(client, db, user, settings)
    response = post_form(client, "/werkgever/zoekopdrachten", {"name": "Heftruck", "notify_daily": "on",
                                                               "q": "heftruck"}, page="/werkgever/kandidaten")
    assert response.status_code == 303
    assert db.scalar(select(Job).where(Job.kind == DIGEST))  # the daily job is scheduled
    samir = profile_candidate(db, huizen, given="Samir", family="Haddad", occupations="Heftruckchauffeur")
    gone = profile_candidate(db, huizen, given="Weg", family="Teruggetrokken", occupations="Heftruckchauffeur")
    cook = profile_candidate(db, huizen, given="Yonas", family="Tesfay", occupations="Kok")
    index_now(settings, "candidates", before.id, samir.id, gone.id, cook.id)
    # Withdrawn after indexing: the index still has them, the digest must not.
    row = db.scalar(select(Consent).where(Consent.candidate_id == gone.id))
    row.withdrawn_at = datetime.now(UTC)
    db.commit()

    report = digest(settings)
    assert report.emails == 1
    run_jobs()
    body = mailbox.text(mailbox.last_to(user.email))
    assert "Heftruck" in body and "Samir H." in body and f"/werkgever/kandidaten/{samir.id}" in body
    assert "Haddad" not in body  # never a family name
    assert "Weg" not in body and "Oud" not in body and "Yonas" not in body
    assert len(mailbox.to(user.email)) == 1

    assert digest(settings).emails == 0  # twice: nothing new the second time
    run_jobs()
    assert len(mailbox.to(user.email)) == 1
    db.expire_all()
    assert db.scalar(select(SavedSearch)).last_digest_at is not None


def test_no_mail_for_an_unverified_employer_or_without_notify(db: Any, settings: Any, huizen: Any, mailbox: Any,
                                                              run_jobs: Any) -> None:
    employer, user = factories.employer(db)
    quiet_employer, quiet_user = factories.employer(db, name="Stil")
    db.add(SavedSearch(user_id=user.id, employer_id=employer.id, name="Alles", params={}, notify_daily=True))
    db.add(SavedSearch(user_id=quiet_user.id, employer_id=quiet_employer.id, name="Stil", params={},
                       notify_daily=False))
    db.commit()
    samir = profile_candidate(db, huizen, given="Samir", family="Haddad")
    index_now(settings, "candidates", samir.id)
    employer.verification_status = VerificationStatus.SUSPENDED
    db.commit()
    report = digest(settings)
    assert report.emails == 0 and report.skipped == 1
    run_jobs()
    assert mailbox.to(user.email) == [] and mailbox.to(quiet_user.email) == []
    # Verified again: the window stayed open, so Samir is still new.
    employer.verification_status = VerificationStatus.VERIFIED
    db.commit()
    assert digest(settings).emails == 1


def test_visible_since_is_the_later_of_consent_and_publication(db: Any, settings: Any, huizen: Any) -> None:
    samir = profile_candidate(db, huizen, given="Samir", family="Haddad")
    granted = db.scalar(select(Consent.granted_at).where(Consent.candidate_id == samir.id))
    later = datetime.now(UTC)
    samir.published_at = later
    db.commit()

    async def since(runtime: Any) -> Any:
        async with runtime.session_maker() as session:
            return await visible_since(session, [samir.id])

    assert with_runtime(settings, since)[samir.id] == later > granted
    samir.published = False
    db.commit()
    assert with_runtime(settings, since) == {}


def test_cli_digest(settings: Any) -> None:
    result = CliRunner().invoke(main, ["search", "digest"], obj=settings)
    assert result.exit_code == 0, result.output
    assert "0 e-mails queued" in result.output
