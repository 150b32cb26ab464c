"""A worker killed (SIGKILL) in the middle of a video job: a new worker takes the job over once the
lease expires, and the job finishes exactly once. Runs the real worker command in subprocesses
against a file-backed database (SQLite, and PostgreSQL when TEST_POSTGRES_URL is set)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from tests import factories
from tests.conftest import wait_for
from tests.media.media_clips import make_clip
from tests.trust_faults.conftest import csrf
from werkgeversportaal.db.models import AuditEvent, Job, JobStatus, SentEmail, Video, VideoStatus
from werkgeversportaal.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
LEASE_SECONDS = 1.5


def worker_env(settings: Settings) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "MEDIA_", "WORKER_"))}
    env.update({
        "PYTHONPATH": str(ROOT / "src") + os.pathsep + str(ROOT),
        "APP_ENV": "test",
        "SECRET_KEY": settings.app.secret_key,
        "DATABASE_URL": settings.database_url,
        "VAR_DIR": str(settings.app.var_dir),
        "MEDIA_ROOT": str(settings.media.root),
        "MIN_VIDEO_SECONDS": str(settings.media.min_video_seconds),
        "MAIL_BACKEND": "console",
        "SEARCH_DIR": str(settings.app.var_dir / "search"),
        "SEARCH_INDEX_PREFIX": settings.search.index_prefix,
        "WORKER_POLL_SECONDS": "0.1",
        "WORKER_LEASE_SECONDS": str(LEASE_SECONDS),
    })
    return env


def start(args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, *args], cwd=ROOT, env=env, stdout=log.open("wb"),
                            stderr=subprocess.STDOUT)


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def job_row(db: Any) -> Job:
    db.expire_all()
    return db.scalars(select(Job).where(Job.kind == "process_video")).one()


def test_killed_worker_mid_video_job_is_taken_over_after_the_lease_and_finishes_once(
        db, settings, huizen, as_user, tmp_path: Path) -> None:
    settings.media.min_video_seconds = 2
    candidate, user = factories.candidate(db, huizen)
    client = as_user(user)
    clip = make_clip(tmp_path / "rec.webm", 3)
    response = client.post("/kandidaat/video/upload", content=clip.read_bytes(),
                           headers={**csrf(client), "content-type": "video/webm"})
    assert response.status_code == 201, response.text
    video_id = db.scalar(select(Video.id))
    assert job_row(db).status is JobStatus.QUEUED

    env, marker = worker_env(settings), tmp_path / "marker"
    first = start(["-m", "tests.trust_faults.hanging_worker", str(marker)], env, tmp_path / "first.log")
    second: subprocess.Popen[bytes] | None = None
    try:
        wait_for(lambda: marker.exists() and marker.read_text() == "outputs written", timeout=60, interval=0.05)
        job = job_row(db)
        assert job.status is JobStatus.RUNNING and job.attempts == 1
        folder = settings.media.root / db.get(Video, video_id).folder
        assert sorted(p.name for p in folder.iterdir()) == ["original.webm", "poster.jpg", "video.mp4"]

        # A second worker starts while the first is alive but slow: the heartbeat keeps the lease.
        second = start(["-c", "from werkgeversportaal.cli import main; main()", "worker"], env, tmp_path / "second.log")
        time.sleep(LEASE_SECONDS * 2.5)
        job = job_row(db)
        assert job.status is JobStatus.RUNNING and job.attempts == 1, (tmp_path / "second.log").read_text()
        assert job.locked_until is not None and job.locked_until > datetime.now(UTC)

        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
        assert first.returncode == -signal.SIGKILL

        # The lease expires, the second worker claims the job (attempt 2) and finishes it.
        wait_for(lambda: job_row(db).status is JobStatus.DONE, timeout=60, interval=0.1)
    finally:
        if first.poll() is None:
            first.kill()
            first.wait()
        if second is not None:
            stop(second)
    logs = (tmp_path / "second.log").read_text()
    assert second is not None and second.returncode == 0, logs

    job = job_row(db)
    assert job.attempts == 2 and job.last_error == "" and job.locked_until is None
    db.expire_all()
    [video] = db.scalars(select(Video).where(Video.candidate_id == candidate.id)).all()
    assert video.status is VideoStatus.READY and video.original_key is None and 2 < video.duration_s < 4
    # One set of outputs (written twice under the same names), the original gone.
    assert sorted(p.name for p in (settings.media.root / video.folder).iterdir()) == ["poster.jpg", "video.mp4"]
    assert (settings.media.root / video.processed_key).stat().st_size == video.processed_bytes
    # Side effects happened once: one "ready" event, one job for this video, no e-mail.
    assert db.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "video.ready")) == 1
    assert db.scalar(select(func.count()).select_from(Job)) == 1
    assert db.scalar(select(func.count()).select_from(SentEmail)) == 0
    # The candidate sees the processed video.
    fragment = client.get("/kandidaat/video/status")
    assert fragment.status_code == 200 and "/media/" in fragment.text
