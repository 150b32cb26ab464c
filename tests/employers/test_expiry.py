"""Openings past their closing date close themselves (job + CLI) and the employer is told."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from click.testing import CliRunner
from sqlalchemy import select

from tests import factories
from tests.employers import factories as ef
from werkgeversportaal.db.models import AuditEvent, Job, JobStatus, OpeningStatus
from werkgeversportaal.domain.employers.jobs import close_expired_openings
from werkgeversportaal.lib.runtime import Runtime


def _run(settings) -> int:
    async def go() -> int:
        runtime = Runtime.create(settings)
        try:
            return await close_expired_openings(runtime)
        finally:
            await runtime.engine.dispose()

    return asyncio.run(go())


def test_expired_openings_close_and_the_employer_is_emailed(db, settings, mailbox, run_jobs) -> None:
    employer, contact = factories.employer(db, name="Bouw Eemnes")
    yesterday = date.today() - timedelta(days=2)
    expired = ef.opening(db, employer, title="Verlopen stage", status=OpeningStatus.PUBLISHED, closing_date=yesterday)
    paused = ef.opening(db, employer, title="Gepauzeerd verlopen", status=OpeningStatus.PAUSED, closing_date=yesterday)
    current = ef.opening(db, employer, title="Loopt nog", status=OpeningStatus.PUBLISHED)
    draft = ef.opening(db, employer, title="Concept verlopen", closing_date=yesterday)
    assert _run(settings) == 2
    for opening, status in ((expired, "closed"), (paused, "closed"), (current, "published"), (draft, "draft")):
        db.refresh(opening)
        assert opening.status.value == status, opening.title
    event = db.scalar(select(AuditEvent).where(AuditEvent.subject_id == str(expired.id)))
    assert event.action == "opening.closed" and event.actor_label == "systeem"
    # The job re-schedules itself for tomorrow, so a running worker keeps checking.
    assert db.scalar(select(Job).where(Job.kind == "close_expired_openings", Job.status == JobStatus.QUEUED))
    run_jobs()
    mail = mailbox.last_to(contact.email)
    assert "sluitingsdatum" in mail["Subject"]
    body = mailbox.text(mail)
    assert "Verlopen stage" in body and "Gepauzeerd verlopen" in body and "Loopt nog" not in body
    assert _run(settings) == 0  # idempotent: nothing left to close


def test_publishing_schedules_the_closing_job_once_per_day(client, db) -> None:
    from tests.conftest import login, post_form

    employer, user = factories.employer(db)
    first = ef.opening(db, employer, title="Een")
    second = ef.opening(db, employer, title="Twee")
    login(client, user.email, factories.PASSWORD)
    for opening in (first, second):
        post_form(client, f"/werkgever/vacatures/{opening.id}/status", {"action": "publish"})
    jobs = db.scalars(select(Job).where(Job.kind == "close_expired_openings")).all()
    assert len(jobs) == 1
    runs_on = jobs[0].run_after.astimezone(ZoneInfo("Europe/Amsterdam")).date()
    assert runs_on == first.closing_date + timedelta(days=1)  # just after midnight, Dutch time


def test_cli_command(db, settings, monkeypatch) -> None:
    from werkgeversportaal import cli

    employer, _ = factories.employer(db)
    ef.opening(db, employer, status=OpeningStatus.PUBLISHED, closing_date=date.today() - timedelta(days=3))
    monkeypatch.setattr(cli, "load_settings", lambda: settings)
    result = CliRunner().invoke(cli.main, ["openings", "close-expired"])
    assert result.exit_code == 0, result.output
    assert "1 opening(s) closed" in result.output
