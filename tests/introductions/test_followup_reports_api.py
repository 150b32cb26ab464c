"""Follow-up reminders (job and CLI), the accountmanager's work queues, reports with CSV, and the JSON API."""

from __future__ import annotations

import asyncio
import csv
import io
from datetime import UTC, date, datetime, timedelta

from click.testing import CliRunner
from sqlalchemy import select

from tests.introductions.factories import introduction, milestone
from werkgeversportaal.cli import main
from werkgeversportaal.db.models import FollowUpMilestone, IntroductionEvent, IntroductionStatus, Job
from werkgeversportaal.domain.introductions.followup import REMIND, remind
from werkgeversportaal.lib.runtime import Runtime

S = IntroductionStatus


def _remind(settings) -> int:  # type: ignore[no-untyped-def]
    async def go() -> int:
        runtime = Runtime.create(settings)
        try:
            return await remind(runtime)
        finally:
            await runtime.engine.dispose()

    return asyncio.run(go())


def test_due_and_overdue_milestones_are_mailed_daily_to_the_own_accountmanagers(db, cast, settings, run_jobs,
                                                                              mailbox) -> None:
    intro = introduction(db, cast.employer, cast.candidate, status=S.PLACED)
    milestone(db, intro, due=date.today() - timedelta(days=3))
    milestone(db, intro, due=date.today() + timedelta(days=2), title="Gesprek na 6 weken")
    milestone(db, intro, due=date.today() + timedelta(days=60), title="Later")
    milestone(db, intro, due=date.today() - timedelta(days=30), title="Al gedaan", done_date=date.today())
    assert _remind(settings) == 2
    assert _remind(settings) == 2
    run_jobs()
    mails = mailbox.to(cast.am.email)
    assert mails and "2 nazorgmoment(en) staan open, waarvan 1 te laat" in mailbox.text(mails[-1])
    assert mailbox.to(cast.am_other.email) == []
    jobs = db.scalars(select(Job).where(Job.kind == REMIND)).all()
    assert len(jobs) == 1 and jobs[0].dedupe_key.startswith(f"{REMIND}:")  # re-scheduled once for tomorrow


def test_cli_followups_remind(db, cast, settings, monkeypatch) -> None:
    intro = introduction(db, cast.employer, cast.candidate, status=S.PLACED)
    milestone(db, intro, due=date.today())
    monkeypatch.setenv("DATABASE_URL", settings.db.url)
    monkeypatch.setenv("VAR_DIR", str(settings.app.var_dir))
    result = CliRunner().invoke(main, ["followups", "remind"])
    assert result.exit_code == 0, result.output
    assert "1 follow-up milestone(s) due or overdue" in result.output


def test_home_shows_the_work_queues_with_counts_oldest_first(db, cast, as_user) -> None:
    from tests import factories
    from tests.candidates.factories import visible_candidate

    second = visible_candidate(db, cast.municipality, given="Rania", family="Haddad")
    older = introduction(db, cast.employer, cast.candidate)
    introduction(db, cast.other_employer, second)
    soon = datetime.now(UTC) + timedelta(hours=1)
    planned = introduction(db, cast.other_employer, cast.candidate, status=S.MEETING_PLANNED, meeting_at=soon)
    milestone(db, planned, due=date.today() - timedelta(days=1))
    factories.employer(db, name="Wacht Op Controle", status=factories.VerificationStatus.PENDING)
    home = as_user(cast.am).get("/accountmanager").text
    assert "Kennismakingen te behandelen" in home and "Kennismakingen deze week" in home
    section = home.split("Kennismakingen te behandelen")[1].split("Kennismakingen deze week")[0]
    assert '<span class="count">2</span>' in section
    assert section.index("Amanuel") < section.index("Rania")  # oldest first
    assert f"/accountmanager/kennismakingen/{older.id}" in section
    assert "te laat" in home and "Wacht Op Controle" in home
    other_home = as_user(cast.am_other).get("/accountmanager").text
    assert "Amanuel" not in other_home


def test_report_counts_one_placement_and_downloads_as_csv(db, cast, as_user) -> None:
    from tests.employers import factories as ef

    opening = ef.opening(db, cast.employer, title="Metselaar")
    placed = introduction(db, cast.employer, cast.candidate, status=S.PLACED, opening_id=opening.id,
                          placed_at=datetime.now(UTC))
    for status in ("requested", "candidate_agreed", "meeting_planned", "placed"):
        db.add(IntroductionEvent(introduction_id=placed.id, occurred_at=datetime.now(UTC), to_status=status))
    introduction(db, cast.other_employer, cast.candidate, status=S.DECLINED)
    db.commit()
    am = as_user(cast.am)
    page = am.get("/accountmanager/rapportages")
    assert page.status_code == 200 and page.text.count("<svg") == 4 and "<table" in page.text
    assert 'data-testid="placements-total">1<' in page.text
    assert 'data-testid="introductions-total">2<' in page.text
    assert as_user(cast.am_other).get("/accountmanager/rapportages").text.count('total">0<') == 2
    response = am.get("/accountmanager/rapportages/csv")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.text)))
    month = datetime.now(UTC).strftime("%Y-%m")
    assert ["month", month, "2", "1", ""] in rows
    assert any(r[0] == "sector" and r[1] == "Bouw" and r[3] == "1" for r in rows)
    assert any(r[0] == "step" and r[1] == "Geplaatst" and r[2] == "1" and r[4] == "100%" for r in rows)
    empty = am.get("/accountmanager/rapportages?start=2020-01-01&end=2020-02-01").text
    assert 'data-testid="placements-total">0<' in empty
    assert am.get("/accountmanager/rapportages?start=nonsense").status_code == 200


def test_api_lists_shows_moves_and_updates_milestones_with_a_token(db, cast, client, api_token) -> None:
    intro = introduction(db, cast.employer, cast.candidate, status=S.MEETING_PLANNED)
    token = api_token(cast.am)
    auth = {"Authorization": f"Bearer {token}"}
    listing = client.get("/api/v1/introductions", headers=auth)
    assert listing.status_code == 200 and [i["id"] for i in listing.json()] == [str(intro.id)]
    assert client.get(f"/api/v1/introductions/{intro.id}", headers=auth).json()["status"] == "meeting_planned"
    bad = client.post(f"/api/v1/introductions/{intro.id}/status", headers=auth,
                      json={"action": "start_trial", "version": intro.version, "trial_start": "2027-01-10",
                            "trial_end": "2027-01-01"})
    assert bad.status_code == 409 and "na de begindatum" in bad.json()["detail"]
    stale = client.post(f"/api/v1/introductions/{intro.id}/status", headers=auth,
                        json={"action": "place", "version": intro.version + 5, "contract_kind": "permanent",
                              "contract_start": "2027-01-01"})
    assert stale.status_code == 409
    ok = client.post(f"/api/v1/introductions/{intro.id}/status", headers=auth,
                     json={"action": "place", "version": intro.version, "contract_kind": "permanent",
                           "contract_start": "2027-01-01"})
    assert ok.status_code == 200 and ok.json()["status"] == "placed" and ok.json()["version"] == intro.version + 1
    milestones = client.get(f"/api/v1/introductions/{intro.id}/milestones", headers=auth).json()
    assert milestones[0]["due_date"] == "2027-01-15"
    first = milestones[0]["id"]
    patched = client.patch(f"/api/v1/milestones/{first}", headers=auth,
                           json={"outcome": "going_well", "support_actions": ["jobcoach"]})
    assert patched.status_code == 200 and patched.json()["outcome"] == "going_well"
    assert patched.json()["title"] == milestones[0]["title"]  # fields not sent keep their value
    assert client.patch(f"/api/v1/milestones/{first}", headers=auth, json={"title": ""}).status_code == 400
    db.expire_all()
    assert db.get(FollowUpMilestone, first).support_actions == ["jobcoach"]
    other = {"Authorization": f"Bearer {api_token(cast.am_other)}"}
    assert client.get(f"/api/v1/introductions/{intro.id}", headers=other).status_code == 404
    assert client.patch(f"/api/v1/milestones/{first}", headers=other, json={"notes": "x"}).status_code == 404
    assert client.get("/api/v1/introductions", headers=other).json() == []
    reader = {"Authorization": f"Bearer {api_token(cast.employer_user)}"}
    assert client.get("/api/v1/introductions", headers=reader).status_code == 403


def test_the_api_is_in_the_openapi_document(client) -> None:
    paths = client.get("/api/v1/schema/openapi.json").json()["paths"]
    for path in ("/api/v1/introductions", "/api/v1/introductions/{introduction_id}",
                 "/api/v1/introductions/{introduction_id}/status", "/api/v1/introductions/{introduction_id}/milestones",
                 "/api/v1/milestones/{milestone_id}"):
        assert path in paths, path


def test_queue_statuses_are_written_into_the_sql() -> None:
    """The queues' fixed statuses are SQL constants (PostgreSQL then keeps one plan per statement), and
    only plain enum values can become one."""
    import enum

    import pytest

    from werkgeversportaal.db.models import VideoStatus
    from werkgeversportaal.db.models.accounts import enum_constant
    from werkgeversportaal.domain.introductions.queues import _OWN

    assert str(enum_constant(VideoStatus.READY)) == "'ready'"
    assert "'requested'" in str(_OWN[0]) and "'pending'" in str(_OWN[1]["videos"])

    class Odd(enum.Enum):
        QUOTE = "it's"

    with pytest.raises(ValueError):
        enum_constant(Odd.QUOTE)
