"""The self-introduction video: receiving uploads, moderation, captions and playback URLs.

Files of one video live under one folder `candidates/<candidate>/<video>/`, so erasing a
candidate is one `delete_prefix`. URLs are signed only after the caller's authorization check.
"""

from __future__ import annotations

import tempfile
from collections.abc import AsyncIterable
from datetime import timedelta
from pathlib import Path
from typing import Any, Protocol
from uuid import UUID, uuid4

from sqlalchemy import bindparam, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from werkgeversportaal.db.models import AuditEvent, Candidate, ModerationStatus, Video, VideoStatus
from werkgeversportaal.db.models.accounts import enum_constant
from werkgeversportaal.domain.candidates import hooks
from werkgeversportaal.lib.audit import log_action
from werkgeversportaal.lib.i18n import gettext as _
from werkgeversportaal.lib.jobs import enqueue, now
from werkgeversportaal.lib.permissions import CurrentUser
from werkgeversportaal.lib.runtime import Runtime
from werkgeversportaal.lib.storage import (
    StorageUnavailable,
    UploadIncomplete,
    UploadTarget,
    UploadTooLarge,
    validate_key,
)

BUSY = (VideoStatus.UPLOADED, VideoStatus.PROCESSING)
_EXTENSIONS = {"video/webm": "webm", "video/mp4": "mp4", "video/quicktime": "mov", "video/x-matroska": "mkv"}


class UploadRefused(Exception):
    """The upload cannot be taken; `message` tells the candidate why, `status` is the HTTP answer."""

    def __init__(self, status: int, message: str, *, retry: bool = False) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.retry = retry


def storage_down() -> UploadRefused:
    return UploadRefused(503, _("Uw video kan op dit moment niet worden opgeslagen, omdat de opslag tijdelijk "
                                "niet bereikbaar is. Wat u eerder opsloeg, blijft bewaard. Probeer het over een paar "
                                "minuten opnieuw."), retry=True)


def candidate_prefix(candidate_id: UUID) -> str:
    return f"candidates/{candidate_id.hex}/"


def original_name(content_type: str) -> str:
    # The extension is a hint for the probe only; the content is always checked by PyAV.
    base = content_type.split(";")[0].strip().lower()
    return f"original.{_EXTENSIONS.get(base, 'bin')}"


async def latest_video(session: AsyncSession, candidate_id: UUID) -> Video | None:
    return await session.scalar(
        select(Video).where(Video.candidate_id == candidate_id).order_by(Video.created_at.desc(), Video.id.desc())
        .limit(1)
    )


def _published(video: Any) -> list[Any]:
    """The video employers may see (the caller checks consent): processed and approved."""
    return [video.c.status == VideoStatus.READY, video.c.moderation == ModerationStatus.APPROVED]


async def published_video(session: AsyncSession, candidate_id: UUID) -> Video | None:
    """The candidate's newest published video (the caller checks consent)."""
    return await session.scalar(
        select(Video).where(Video.candidate_id == candidate_id, *_published(Video.__table__))
        .order_by(Video.created_at.desc()).limit(1)
    )


def published_video_column(name: str) -> Any:
    """A column of the candidate's newest published video (as `published_video` picks it), as a scalar
    subquery correlated with the candidate table of the enclosing query (its own alias of video, so
    the enclosing query may join video as well)."""
    video = Video.__table__.alias()
    candidate = Candidate.__table__
    return (select(video.c[name]).where(video.c.candidate_id == candidate.c.id, *_published(video))
            .order_by(video.c.created_at.desc()).limit(1).correlate(candidate).scalar_subquery())


_of_municipality = Candidate.__table__.alias("of_municipality")
# A video of the municipality `municipality_id` (the accountmanager's), as a semi-join: PostgreSQL matches
# the videos against the municipality's index entries instead of reading every candidate row of the
# municipality (~0.7 instead of ~1.0 ms for ~1,700 candidates); the names are read for the videos shown only.
VIDEO_IN_MUNICIPALITY = Video.__table__.c.candidate_id.in_(
    select(_of_municipality.c.id).where(_of_municipality.c.municipality_id == bindparam("municipality_id")))
# Processed and waiting for a moderator's decision; the statuses written into the SQL (enum_constant), so
# PostgreSQL keeps one plan for the queues that use it.
AWAITING_MODERATION = (Video.__table__.c.status == enum_constant(VideoStatus.READY),
                       Video.__table__.c.moderation == enum_constant(ModerationStatus.PENDING))


async def check_may_upload(session: AsyncSession, runtime: Runtime, candidate: Candidate) -> None:
    busy = await session.scalar(
        select(Video.id).where(Video.candidate_id == candidate.id, Video.status.in_(BUSY)).limit(1)
    )
    if busy is not None:
        raise UploadRefused(409, _("Uw vorige video wordt nog verwerkt. Wacht tot die klaar is en probeer het dan "
                                   "opnieuw."))
    since = now() - timedelta(hours=1)
    recent = await session.scalar(
        select(func.count()).select_from(AuditEvent).where(
            AuditEvent.action == "video.uploaded", AuditEvent.subject_type == "candidate",
            AuditEvent.subject_id == str(candidate.id), AuditEvent.occurred_at >= since)
    ) or 0
    if recent >= runtime.settings.media.uploads_per_hour:
        raise UploadRefused(429, _("U heeft het afgelopen uur al vaak een video gestuurd. Probeer het over een uur "
                                   "opnieuw."))


def new_folder(candidate: Candidate) -> str:
    return f"{candidate_prefix(candidate.id)}{uuid4().hex}"


def upload_target(runtime: Runtime, candidate: Candidate, content_type: str) -> UploadTarget:
    key = validate_key(f"{new_folder(candidate)}/{original_name(content_type)}")
    return runtime.storage.upload_target(key, runtime.settings.media.max_upload_bytes,
                                         content_type.split(";")[0].strip() or "video/webm",
                                         expires_in=runtime.settings.media.url_expiry_seconds * 4)


async def receive_upload(session: AsyncSession, runtime: Runtime, candidate: Candidate, actor: CurrentUser,
                         chunks: AsyncIterable[bytes], content_type: str, content_length: int | None) -> Video:
    """Stream the body into storage (never whole in memory), then record the video and queue processing."""
    await check_may_upload(session, runtime, candidate)
    media = runtime.settings.media
    if content_length == 0:
        raise UploadRefused(400, _("Het bestand is leeg. Er is niets opgenomen. Probeer het nog een keer."))
    key = f"{new_folder(candidate)}/{original_name(content_type)}"
    try:
        size = await runtime.storage.save_stream(key, chunks, media.max_upload_bytes,
                                                 content_type or "application/octet-stream",
                                                 expected_bytes=content_length)
    except UploadTooLarge:
        raise UploadRefused(413, _("Het bestand is te groot. Het mag maximaal %(mb)s MB zijn. Maak een kortere "
                                   "video.", mb=media.max_upload_mb)) from None
    except UploadIncomplete:
        raise UploadRefused(400, _("Het versturen is onderbroken. Er is niets opgeslagen. Probeer het opnieuw.")) \
            from None
    except StorageUnavailable:
        raise storage_down() from None
    if size == 0:
        await runtime.storage.delete(key)
        raise UploadRefused(400, _("Het bestand is leeg. Er is niets opgenomen. Probeer het nog een keer."))
    return await _record(session, candidate, actor, key, size)


async def confirm_upload(session: AsyncSession, runtime: Runtime, candidate: Candidate, actor: CurrentUser,
                         key: str) -> Video:
    """After a direct browser upload (S3 presigned POST): check the key is this candidate's and exists."""
    await check_may_upload(session, runtime, candidate)
    try:
        validate_key(key)
    except ValueError:
        raise UploadRefused(400, _("Dit bestand kunnen wij niet gebruiken. Probeer het opnieuw.")) from None
    name = key.rsplit("/", 1)[-1]
    if not key.startswith(candidate_prefix(candidate.id)) or not name.startswith("original.") \
            or key.count("/") != 3:
        raise UploadRefused(400, _("Dit bestand kunnen wij niet gebruiken. Probeer het opnieuw."))
    try:
        if not await runtime.storage.exists(key):
            raise UploadRefused(400, _("Dit bestand kunnen wij niet gebruiken. Probeer het opnieuw."))
        if await session.scalar(select(Video.id).where(Video.original_key == key)) is not None:
            raise UploadRefused(409, _("Deze video is al ontvangen."))
        size = await runtime.storage.size(key)
        if size == 0:
            await runtime.storage.delete(key)
            raise UploadRefused(400, _("Het bestand is leeg. Er is niets opgenomen. Probeer het nog een keer."))
    except StorageUnavailable:
        raise storage_down() from None
    return await _record(session, candidate, actor, key, size)


async def _record(session: AsyncSession, candidate: Candidate, actor: CurrentUser, key: str, size: int) -> Video:
    video = Video(candidate_id=candidate.id, folder=key.rpartition("/")[0], original_key=key, original_bytes=size,
                  status=VideoStatus.UPLOADED)
    session.add(video)
    await session.flush()
    log_action(session, actor, "video.uploaded", "candidate", candidate.id, video_id=str(video.id), bytes=size)
    await enqueue(session, "process_video", {"video_id": str(video.id)}, dedupe_key=f"video:{video.id}",
                  max_attempts=3)
    return video


async def delete_video(session: AsyncSession, runtime: Runtime, video: Video) -> None:
    await runtime.storage.delete_prefix(video.folder)
    await session.delete(video)
    await hooks.on_candidate_visibility_changed(session, video.candidate_id)


class MediaKeys(Protocol):
    processed_key: str | None
    poster_key: str | None
    captions_key: str | None


def urls(runtime: Runtime, video: MediaKeys) -> dict[str, str | None]:
    """Short-lived URLs; call only after the authorization check. `video`: a Video or a row with its keys."""
    storage, expiry = runtime.storage, runtime.settings.media.url_expiry_seconds
    return {
        "video": storage.signed_url(video.processed_key, expiry) if video.processed_key else None,
        "poster": storage.signed_url(video.poster_key, expiry) if video.poster_key else None,
        "captions": storage.signed_url(video.captions_key, expiry) if video.captions_key else None,
    }


async def moderate(session: AsyncSession, video: Video, actor: CurrentUser, *, approve: bool, reason: str = "") -> None:
    video.moderation = ModerationStatus.APPROVED if approve else ModerationStatus.REJECTED
    video.rejection_reason = "" if approve else reason
    video.moderated_by_id = actor.id
    video.moderated_at = now()
    log_action(session, actor, "video.approved" if approve else "video.rejected", "video", video.id,
               candidate_id=str(video.candidate_id), reason=reason)
    if approve:
        # The approved video replaces the older ones; the job runs after this transaction commits.
        await enqueue(session, "remove_replaced_videos", {"video_id": str(video.id)},
                      dedupe_key=f"replaced:{video.id}")
    await hooks.on_candidate_visibility_changed(session, video.candidate_id)


def is_webvtt(text: str) -> bool:
    """WebVTT starts with the signature line "WEBVTT" (optionally a BOM, then a space or tab and a comment)."""
    text = text.lstrip("\ufeff")
    first = text.splitlines()[0] if text else ""
    return (first == "WEBVTT" or first.startswith(("WEBVTT ", "WEBVTT\t"))) and "-->" in text


async def set_captions(session: AsyncSession, runtime: Runtime, video: Video, actor: CurrentUser, text: str) -> None:
    key = f"{video.folder}/captions.vtt"
    with tempfile.TemporaryDirectory(prefix="vtt-") as work:
        path = Path(work) / "captions.vtt"
        path.write_text(text.lstrip("\ufeff").replace("\r\n", "\n"), encoding="utf-8")
        await runtime.storage.put_file(key, path, "text/vtt")
    video.captions_key = key
    log_action(session, actor, "video.captions_set", "video", video.id)
