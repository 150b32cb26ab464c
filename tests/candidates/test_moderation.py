"""Moderation: the queue of the own municipality, approve, reject with a reason, captions."""

from __future__ import annotations

from sqlalchemy import select

from tests import factories
from tests.candidates.factories import ready_video, visible_candidate
from tests.conftest import post_form
from werkgeversportaal.db.models import ModerationStatus, Role, Video

VTT = "WEBVTT\n\n00:00:00.000 --> 00:00:03.000\nIk ben Amanuel.\n"


def test_queue_approve_and_employer_sees_video(db, huizen, as_user, account_manager) -> None:
    candidate = visible_candidate(db, huizen, given="Amanuel")
    video = ready_video(db, candidate)
    elsewhere = visible_candidate(db, factories.municipality(db, "Elders"), given="Buiten")
    ready_video(db, elsewhere, folder=f"candidates/{elsewhere.id.hex}/{'b' * 32}")
    am = as_user(account_manager)
    queue = am.get("/accountmanager/videos").text
    assert "Amanuel" in queue and "Buiten" not in queue
    _employer, employer_user = factories.employer(db)
    employer = as_user(employer_user)
    assert video.processed_key not in employer.get(f"/werkgever/kandidaten/{candidate.id}").text
    assert post_form(am, f"/accountmanager/videos/{video.id}/goedkeuren").status_code == 303
    page = employer.get(f"/werkgever/kandidaten/{candidate.id}").text
    assert video.processed_key in page and video.poster_key in page and "<video" in page
    assert "Er wachten geen video" in am.get("/accountmanager/videos").text


def test_reject_needs_a_reason_the_candidate_reads(db, huizen, as_user, account_manager) -> None:
    candidate, user = factories.candidate(db, huizen)
    video = ready_video(db, candidate)
    am = as_user(account_manager)
    empty = post_form(am, f"/accountmanager/videos/{video.id}/afkeuren", {"reason": ""})
    assert empty.status_code == 400
    reason = "Het geluid is te zacht. Ga dichter bij de telefoon zitten."
    assert post_form(am, f"/accountmanager/videos/{video.id}/afkeuren", {"reason": reason}).status_code == 303
    db.expire_all()
    assert db.get(Video, video.id).moderation is ModerationStatus.REJECTED
    status = as_user(user).get("/kandidaat/video/status").text
    assert reason in status and "nieuwe video opnemen" in status


def test_other_municipality_cannot_moderate(db, huizen, as_user) -> None:
    candidate, _u = factories.candidate(db, huizen)
    video = ready_video(db, candidate)
    elsewhere = factories.user(db, Role.ACCOUNT_MANAGER, municipality_id=factories.municipality(db, "Elders").id)
    other = as_user(elsewhere)
    assert other.get(f"/accountmanager/videos/{video.id}").status_code == 404
    assert post_form(other, f"/accountmanager/videos/{video.id}/goedkeuren").status_code == 404
    db.expire_all()
    assert db.get(Video, video.id).moderation is ModerationStatus.PENDING


def test_captions_must_be_webvtt_and_are_served_as_a_track(db, huizen, as_user, account_manager,
                                                          settings) -> None:
    candidate = visible_candidate(db, huizen)
    video = ready_video(db, candidate, moderation=ModerationStatus.APPROVED)
    am = as_user(account_manager)
    bad = post_form(am, f"/accountmanager/videos/{video.id}/ondertiteling", {"captions": "Hallo, ik ben Amanuel"})
    assert bad.status_code == 400 and "WebVTT" in bad.text
    assert post_form(am, f"/accountmanager/videos/{video.id}/ondertiteling", {"captions": VTT}).status_code == 303
    db.expire_all()
    saved = db.get(Video, video.id)
    assert (settings.media.root / saved.captions_key).read_text().startswith("WEBVTT")
    token = am.cookies.get("wgp_csrf")
    upload = am.post(f"/accountmanager/videos/{video.id}/ondertiteling", data={"_csrf_token": token},
                     files={"captions_file": ("ondertitels.vtt", b"not vtt", "text/vtt")}, follow_redirects=False)
    assert upload.status_code == 400
    _employer, user = factories.employer(db)
    page = as_user(user).get(f"/werkgever/kandidaten/{candidate.id}").text
    assert '<track kind="captions"' in page
    track_url = page.split('<track kind="captions" src="')[1].split('"')[0].replace("&amp;", "&")
    track = as_user(user).get(track_url)
    assert track.status_code == 200 and track.text.startswith("WEBVTT")
    assert db.scalars(select(Video)).all()


def test_an_approved_video_replaces_older_ones(db, huizen, as_user, account_manager, settings, run_jobs) -> None:
    candidate = visible_candidate(db, huizen)
    old = ready_video(db, candidate, moderation=ModerationStatus.APPROVED)
    old_folder = settings.media.root / old.folder
    old_folder.mkdir(parents=True)
    (old_folder / "video.mp4").write_bytes(b"old")
    new = ready_video(db, candidate, folder=f"candidates/{candidate.id.hex}/{'c' * 32}")
    assert post_form(as_user(account_manager), f"/accountmanager/videos/{new.id}/goedkeuren").status_code == 303
    run_jobs()
    db.expunge_all()
    assert [v.id for v in db.scalars(select(Video)).all()] == [new.id]
    assert not old_folder.exists()
