"""S3 store unreachable while a candidate uploads a video: a clear Dutch answer that it can be
retried (503, not a 500), the video saved before stays, no half rows; with S3 back the retry works.

Runs the S3 backend against moto's server over real HTTP; the server is stopped and started again
on the same port (moto keeps the bucket's objects in this process)."""

from __future__ import annotations

import os
import secrets
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from moto.server import ThreadedMotoServer
from sqlalchemy import func, select

from tests import factories
from tests.media.media_clips import make_clip
from tests.trust_faults.conftest import csrf
from werkgeversportaal.db.models import AuditEvent, Job, Video, VideoStatus
from werkgeversportaal.settings import Settings


class S3Server:
    """A moto S3 server on a fixed port that can be stopped and started again."""

    def __init__(self) -> None:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = int(s.getsockname()[1])
        self.server: ThreadedMotoServer | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.server = ThreadedMotoServer(ip_address="127.0.0.1", port=self.port, verbose=False)
        self.server.start()

    def stop(self) -> None:
        if self.server is not None:
            self.server.stop()
            self.server = None


@pytest.fixture
def s3() -> Iterator[S3Server]:
    for name, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                        "AWS_SESSION_TOKEN": "testing", "AWS_DEFAULT_REGION": "us-east-1"}.items():
        os.environ.setdefault(name, value)
    server = S3Server()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def s3_settings(settings: Settings, s3: S3Server) -> Settings:
    media = settings.media
    media.backend, media.s3_endpoint_url, media.s3_region = "s3", s3.url, "eu-west-1"
    media.s3_bucket = f"media-{secrets.token_hex(6)}"
    media.s3_access_key = media.s3_secret_key = "testing"
    media.min_video_seconds = 2
    return settings


def upload(client: Any, body: bytes) -> Any:
    return client.post("/kandidaat/video/upload", content=body, headers={**csrf(client), "content-type": "video/webm"})


def counts(db: Any) -> tuple[int, int, int]:
    db.expire_all()
    return (db.scalar(select(func.count()).select_from(Video)) or 0,
            db.scalar(select(func.count()).select_from(Job)) or 0,
            db.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "video.uploaded")) or 0)


def test_upload_with_s3_down_says_try_again_keeps_the_saved_video_and_works_once_s3_is_back(
        db: Any, s3_settings: Settings, s3: S3Server, huizen: Any, as_user: Any, run_jobs: Any,
        tmp_path: Path) -> None:
    _candidate, user = factories.candidate(db, huizen)
    client = as_user(user)
    first = make_clip(tmp_path / "first.webm", 3)
    assert upload(client, first.read_bytes()).status_code == 201
    run_jobs()
    db.expire_all()
    [saved] = db.scalars(select(Video)).all()
    assert saved.status is VideoStatus.READY and saved.processed_key
    before = counts(db)

    s3.stop()
    second = make_clip(tmp_path / "second.webm", 3, width=160, height=120)
    refused = upload(client, second.read_bytes())
    assert refused.status_code == 503, refused.text
    body = refused.json()
    assert body["ok"] is False and body["retry"] is True and refused.headers["retry-after"]
    assert "tijdelijk niet bereikbaar" in body["message"] and "Probeer het over een paar minuten opnieuw" \
        in body["message"] and "blijft bewaard" in body["message"]
    assert "Traceback" not in refused.text
    # A direct (presigned) upload being confirmed meets the same store: same answer.
    key = f"candidates/{user.id.hex}/{'a' * 32}/original.webm"  # not this candidate's folder
    confirm = client.post("/kandidaat/video/bevestigen", data={"key": key}, headers=csrf(client))
    assert confirm.status_code == 400  # refused before the store is asked
    own_key = f"candidates/{_candidate.id.hex}/{'b' * 32}/original.webm"
    confirm = client.post("/kandidaat/video/bevestigen", data={"key": own_key}, headers=csrf(client))
    assert confirm.status_code == 503 and confirm.json()["retry"] is True
    # Nothing half-saved: no video row, no job, no "uploaded" event; the saved video is untouched.
    assert counts(db) == before
    db.expire_all()
    assert db.get(Video, saved.id).status is VideoStatus.READY
    page = client.get("/kandidaat/video/status")
    assert page.status_code == 200 and saved.processed_key.rsplit("/", 1)[0] in page.text

    s3.start()
    # The video saved before S3 went away is still there and plays (signed URL, Range request).
    url = client.app.state.runtime.storage.signed_url(saved.processed_key)
    played = httpx.get(url, headers={"Range": "bytes=0-1023"})
    assert played.status_code == 206 and len(played.content) == 1024
    assert int(played.headers["content-range"].rsplit("/", 1)[1]) == saved.processed_bytes

    retried = upload(client, second.read_bytes())
    assert retried.status_code == 201, retried.text
    run_jobs()
    db.expire_all()
    videos = db.scalars(select(Video).order_by(Video.created_at)).all()
    assert [v.status for v in videos] == [VideoStatus.READY, VideoStatus.READY] and videos[0].id == saved.id
