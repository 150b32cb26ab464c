"""The production shape: the browser uploads straight to the bucket (presigned POST), the app confirms,
the worker processes from S3. Runs against moto's S3 server over HTTP."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from tests import factories
from tests.media.conftest import moto_endpoint  # noqa: F401  (fixture)
from tests.media.media_clips import make_clip
from werkgeversportaal.db.models import Video, VideoStatus
from werkgeversportaal.settings import Settings


@pytest.fixture
def settings(settings: Settings, moto_endpoint: str) -> Settings:  # noqa: F811
    settings.media.backend = "s3"
    settings.media.s3_endpoint_url = moto_endpoint
    settings.media.s3_bucket = f"media-{uuid.uuid4().hex[:12]}"
    settings.media.s3_access_key = settings.media.s3_secret_key = "testing"
    return settings


def test_presigned_post_confirm_and_process(db, huizen, as_user, run_jobs, tmp_path: Path) -> None:
    _candidate, user = factories.candidate(db, huizen)
    client = as_user(user)
    headers = {"x-csrftoken": client.cookies.get("wgp_csrf")}
    page = client.get("/kandidaat/video")
    assert "/media/" not in page.text
    target = client.post("/kandidaat/video/doel?type=video/webm", headers=headers).json()
    assert target["kind"] == "presigned_post" and target["url"].startswith("http://127.0.0.1")
    clip = make_clip(tmp_path / "rec.webm", 4).read_bytes()
    posted = httpx.post(target["url"], data=target["fields"], files={"file": ("rec.webm", clip, "video/webm")})
    assert posted.status_code in (200, 201, 204), posted.text

    forged = client.post("/kandidaat/video/bevestigen", data={"key": target["key"].replace("original", "other")},
                         headers=headers)
    assert forged.status_code == 400
    confirmed = client.post("/kandidaat/video/bevestigen", data={"key": target["key"]}, headers=headers)
    assert confirmed.status_code == 201, confirmed.text
    again = client.post("/kandidaat/video/bevestigen", data={"key": target["key"]}, headers=headers)
    assert again.status_code == 409  # still processing

    run_jobs()
    db.expire_all()
    video = db.scalars(select(Video)).one()
    assert video.status is VideoStatus.READY and video.original_key is None
    fragment = client.get("/kandidaat/video/status").text
    url = fragment.split('<video controls preload="metadata" playsinline src="')[1].split('"')[0]
    played: Any = httpx.get(url.replace("&amp;", "&"), headers={"range": "bytes=0-15"})
    assert played.status_code == 206 and played.content[4:8] == b"ftyp"
