"""Recording upload and processing: the happy path and every kind of bad input."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select

from tests import factories
from tests.media.media_clips import make_clip
from werkgeversportaal.db.models import Job, JobStatus, Video, VideoStatus


def csrf(client: Any) -> dict[str, str]:
    return {"x-csrftoken": client.cookies.get("wgp_csrf")}


def upload(client: Any, body: bytes, content_type: str = "video/webm", **headers: str) -> Any:
    return client.post("/kandidaat/video/upload", content=body, headers={**csrf(client), "content-type": content_type,
                                                                        **headers})


def status_text(client: Any) -> str:
    return client.get("/kandidaat/video/status").text


def latest(db: Any) -> Video:
    db.expire_all()
    return db.scalars(select(Video).order_by(Video.created_at.desc())).first()


def test_recording_is_uploaded_processed_and_original_removed(db, huizen, as_user, run_jobs, settings,
                                                               tmp_path: Path) -> None:
    _candidate, user = factories.candidate(db, huizen)
    client = as_user(user)
    assert "allow" not in client.get("/kandidaat").headers["permissions-policy"].split("camera=")[1][:8]
    page = client.get("/kandidaat/video")
    assert page.status_code == 200 and "camera=(self)" in page.headers["permissions-policy"]
    assert "Wie ben ik?" in page.text and 'data-max-seconds="6"' in page.text

    clip = make_clip(tmp_path / "rec.webm", 4)
    response = upload(client, clip.read_bytes())
    assert response.status_code == 201, response.text
    video = latest(db)
    assert video.status is VideoStatus.UPLOADED and video.original_bytes == clip.stat().st_size
    assert "wordt zo verwerkt" in status_text(client) and 'hx-trigger="every 2s"' in status_text(client)

    run_jobs()
    video = latest(db)
    assert video.status is VideoStatus.READY and 3 < video.duration_s < 5
    root = settings.media.root
    assert (root / video.processed_key).exists() and (root / video.poster_key).exists()
    assert video.original_key is None and not list(root.glob(f"{video.folder}/original.*"))
    fragment = status_text(client)
    assert "accountmanager bekijkt hem nog" in fragment and "every 2s" not in fragment
    assert "/media/" in fragment  # the candidate can watch their own processed video


def _failed_reason(db: Any, client: Any, run_jobs: Any, body: bytes, content_type: str = "video/webm") -> str:
    assert upload(client, body, content_type).status_code == 201
    run_jobs()
    video = latest(db)
    assert video.status is VideoStatus.FAILED
    return video.reason("nl")


def test_bad_recordings_fail_with_a_reason_and_are_not_retried(db, huizen, as_user, run_jobs, tmp_path) -> None:
    _candidate, user = factories.candidate(db, huizen)
    client = as_user(user)
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n" * 20
    assert "geen video" in _failed_reason(db, client, run_jobs, pdf)
    assert "geen video" in status_text(client)  # the candidate reads it
    audio = make_clip(tmp_path / "audio.webm", 4, video_codec=None)
    assert "geen beeld" in _failed_reason(db, client, run_jobs, audio.read_bytes())
    short = make_clip(tmp_path / "short.webm", 2)
    assert "te kort" in _failed_reason(db, client, run_jobs, short.read_bytes())
    long = make_clip(tmp_path / "long.webm", 10, width=64, height=48, fps=5)
    assert "te lang" in _failed_reason(db, client, run_jobs, long.read_bytes())
    # A rejection is final: no job waits to be retried, and the failed uploads left no files behind.
    assert not db.scalars(select(Job).where(Job.status == JobStatus.QUEUED)).all()


def test_empty_too_large_and_cut_off_uploads_store_nothing(db, huizen, as_user, settings) -> None:
    _candidate, user = factories.candidate(db, huizen)
    client = as_user(user)
    empty = upload(client, b"")
    assert empty.status_code == 400 and "leeg" in empty.json()["message"]
    big = upload(client, b"\0" * (2 * 1024 * 1024 + 1))
    assert big.status_code == 413 and "te groot" in big.json()["message"]

    def half() -> Any:
        yield b"\x1a\x45\xdf\xa3" + b"\0" * 1000

    cut = client.post("/kandidaat/video/upload", content=half(),
                      headers={**csrf(client), "content-type": "video/webm", "content-length": "50000"})
    assert cut.status_code == 400 and "onderbroken" in cut.json()["message"]
    assert db.scalars(select(Video)).all() == []
    files = [p for p in settings.media.root.rglob("*") if p.is_file()]
    assert files == []


def test_second_upload_while_processing_is_refused(db, huizen, as_user, tmp_path) -> None:
    _candidate, user = factories.candidate(db, huizen)
    client = as_user(user)
    clip = make_clip(tmp_path / "rec.webm", 4).read_bytes()
    assert upload(client, clip).status_code == 201
    second = upload(client, clip)
    assert second.status_code == 409 and "nog verwerkt" in second.json()["message"]
    target = client.post("/kandidaat/video/doel", headers=csrf(client))
    assert target.status_code == 409
    assert len(db.scalars(select(Video)).all()) == 1


def test_uploads_are_limited_per_hour(db, huizen, as_user, run_jobs, settings) -> None:
    settings.media.uploads_per_hour = 2
    _candidate, user = factories.candidate(db, huizen)
    client = as_user(user)
    for _ in range(2):
        assert upload(client, b"not a video at all").status_code == 201
        run_jobs()
    third = upload(client, b"not a video at all")
    assert third.status_code == 429 and "uur" in third.json()["message"]


def test_upload_target_for_local_storage_is_the_app(db, huizen, as_user) -> None:
    _candidate, user = factories.candidate(db, huizen)
    client = as_user(user)
    target = client.post("/kandidaat/video/doel?type=video/webm", headers=csrf(client)).json()
    assert target["kind"] == "app" and target["url"] == "/kandidaat/video/upload"
    assert target["max_bytes"] == 2 * 1024 * 1024


def test_confirm_refuses_keys_of_another_candidate(db, huizen, as_user) -> None:
    other, _u = factories.candidate(db, huizen, given="Rania")
    _candidate, user = factories.candidate(db, huizen)
    client = as_user(user)
    key = f"candidates/{other.id.hex}/{'a' * 32}/original.webm"
    response = client.post("/kandidaat/video/bevestigen", data={"key": key}, headers=csrf(client))
    assert response.status_code == 400 and db.scalars(select(Video)).all() == []


def test_signed_urls_expire_and_cannot_be_reused_for_another_file(db, huizen, as_user, run_jobs, tmp_path,
                                                                  settings) -> None:
    _candidate, user = factories.candidate(db, huizen)
    client = as_user(user)
    assert upload(client, make_clip(tmp_path / "rec.webm", 4).read_bytes()).status_code == 201
    run_jobs()
    video = latest(db)
    from werkgeversportaal.lib.runtime import build_storage

    storage = build_storage(settings)
    url = storage.signed_url(video.processed_key, 60)
    ok = client.get(url, headers={"range": "bytes=0-99"})
    assert ok.status_code == 206 and len(ok.content) == 100
    # The same signature on another key (another candidate's video, the poster) is refused.
    other = url.replace(video.processed_key, video.poster_key)
    assert client.get(other).status_code == 403
    expired = storage.signed_url(video.processed_key, -1)
    response = client.get(expired)
    assert response.status_code == 403 and "Geen toegang" in response.text


def test_unexpected_errors_are_retried_then_marked_failed(db, huizen, as_user, run_jobs, settings,
                                                          monkeypatch, tmp_path) -> None:
    from werkgeversportaal.domain.candidates import jobs as video_jobs

    calls: list[str] = []

    async def broken(storage: Any, key: str, *args: Any, **kwargs: Any) -> Any:
        calls.append(key)
        raise OSError("disk full")

    monkeypatch.setattr(video_jobs, "process_stored_video", broken)
    settings.worker.poll_seconds = 0  # no back-off wait between attempts in the test
    _candidate, user = factories.candidate(db, huizen)
    client = as_user(user)
    assert upload(client, make_clip(tmp_path / "rec.webm", 4).read_bytes()).status_code == 201
    run_jobs()
    video = latest(db)
    assert len(calls) == 3 and video.status is VideoStatus.FAILED
    assert "niet gelukt" in video.reason("nl")
    assert (settings.media.root / calls[0]).exists()  # the original is kept for a later retry by staff
    job = db.scalars(select(Job).where(Job.kind == "process_video")).one()
    assert job.status is JobStatus.FAILED and "disk full" in job.last_error
    # The candidate reads a reason they understand, not the technical error.
    assert video_jobs.GENERIC_FAILURE["nl"] in status_text(client)
