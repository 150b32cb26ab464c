"""The video job: probe, validate and transcode an upload, then drop the original.

Idempotent: a video that is already ready or failed is left alone; reprocessing simply writes the
outputs again. VideoRejected marks the video failed with the candidate's reason (no retry); any
other error is retried by the job runner and, once attempts run out, marked failed too.
"""

from __future__ import annotations

import logging
from typing import Any
from uuid import UUID

import anyio
from sqlalchemy import select

from werkgeversportaal.db.models import Video, VideoStatus
from werkgeversportaal.domain.media.pipeline import process_stored_video
from werkgeversportaal.domain.media.processing import VideoLimits, VideoRejected
from werkgeversportaal.lib.audit import log_action
from werkgeversportaal.lib.jobs import job_handler
from werkgeversportaal.lib.runtime import Runtime

log = logging.getLogger(__name__)

# Each transcode keeps a CPU core busy; the web process must stay responsive.
_LIMITER = anyio.CapacityLimiter(1)

GENERIC_FAILURE = {
    "nl": "Het verwerken van uw video is niet gelukt. Neem de video opnieuw op, of probeer het later nog eens.",
    "en": "We could not process your video. Record it again, or try again later.",
}


def limits(runtime: Runtime) -> VideoLimits:
    media = runtime.settings.media
    return VideoLimits(min_s=media.min_video_seconds, max_s=media.max_video_seconds, max_bytes=media.max_upload_bytes)



@job_handler("process_video")
async def process_video_job(runtime: Runtime, payload: dict[str, Any]) -> None:
    video_id = UUID(payload["video_id"])
    async with runtime.session_maker() as session:
        video = await session.get(Video, video_id)
        if video is None or video.status in (VideoStatus.READY, VideoStatus.FAILED) or not video.original_key:
            return
        video.status = VideoStatus.PROCESSING
        original_key = video.original_key
        await session.commit()
    try:
        stored = await process_stored_video(runtime.storage, original_key, limits(runtime), limiter=_LIMITER)
    except VideoRejected as exc:
        async with runtime.session_maker() as session:
            video = await session.get(Video, video_id)
            if video is not None:
                video.status = VideoStatus.FAILED
                video.failure_reason = {"nl": exc.message_nl, "en": exc.message_en, "code": exc.code}
                video.original_key = None
                log_action(session, None, "video.failed", "video", video.id, code=exc.code)
                await session.commit()
        await runtime.storage.delete_prefix(original_key.rpartition("/")[0])
        return
    async with runtime.session_maker() as session:
        video = await session.get(Video, video_id)
        if video is None:  # erased while processing: drop what we wrote
            await runtime.storage.delete_prefix(original_key.rpartition("/")[0])
            return
        video.status = VideoStatus.READY
        video.processed_key, video.poster_key = stored.video_key, stored.poster_key
        video.processed_bytes, video.duration_s = stored.video_bytes, stored.duration_s
        video.original_key = None
        log_action(session, None, "video.ready", "video", video.id, duration_s=round(stored.duration_s, 1))
        await session.commit()
    # Only now that the database says "ready" may the original go (a crash before this loses nothing).
    await runtime.storage.delete(original_key)


@job_handler("process_video:failed")
async def process_video_gave_up(runtime: Runtime, payload: dict[str, Any]) -> None:
    async with runtime.session_maker() as session:
        video = await session.get(Video, UUID(payload["video_id"]))
        if video is None or video.status is VideoStatus.READY:
            return
        log.error("video %s failed for good: %s", video.id, payload.get("error"))
        video.status = VideoStatus.FAILED
        video.failure_reason = dict(GENERIC_FAILURE)
        log_action(session, None, "video.failed", "video", video.id, code="error")
        await session.commit()


@job_handler("remove_replaced_videos")
async def remove_replaced_videos(runtime: Runtime, payload: dict[str, Any]) -> None:
    """Delete a candidate's videos older than the one just approved (rows and files). Idempotent."""
    async with runtime.session_maker() as session:
        approved = await session.get(Video, UUID(payload["video_id"]))
        if approved is None:
            return
        older = list(await session.scalars(select(Video).where(
            Video.candidate_id == approved.candidate_id, Video.id != approved.id,
            Video.created_at < approved.created_at,
            Video.status.in_([VideoStatus.READY, VideoStatus.FAILED]))))
        for video in older:
            await runtime.storage.delete_prefix(video.folder)
            log_action(session, None, "video.replaced", "video", video.id, by=str(approved.id))
            await session.delete(video)
        await session.commit()
