"""Process a stored upload and store the results next to it: the body of the video job."""

from __future__ import annotations

import tempfile
from pathlib import Path

import anyio
import anyio.to_thread
import msgspec

from werkgeversportaal.domain.media.probe import ProbeResult
from werkgeversportaal.domain.media.processing import POSTER_NAME, VIDEO_NAME, VideoLimits, process_video
from werkgeversportaal.lib.storage import MediaStorage, validate_key

__all__ = ["StoredVideo", "process_stored_video"]


class StoredVideo(msgspec.Struct, frozen=True, kw_only=True):
    video_key: str
    poster_key: str
    video_bytes: int
    poster_bytes: int
    duration_s: float
    width: int
    height: int
    has_audio: bool
    probe: ProbeResult


async def process_stored_video(
    storage: MediaStorage,
    original_key: str,
    limits: VideoLimits | None = None,
    limiter: anyio.CapacityLimiter | None = None,
) -> StoredVideo:
    """Turn `<folder>/original.*` into `<folder>/video.mp4` and `<folder>/poster.jpg`.

    Safe to retry: outputs are simply written again. The original is left in place on purpose;
    delete it (`storage.delete(original_key)`) only after the database records the video as
    ready, so a crash between the two steps loses nothing. Raises VideoRejected for uploads that
    can never work (mark failed, do not retry). Pass a `limiter` to cap concurrent transcodes:
    each one keeps a CPU core busy.
    """
    folder = validate_key(original_key).rpartition("/")[0]
    if not folder:
        raise ValueError("original_key must sit in a folder of its own, e.g. videos/<id>/original.webm")
    video_key, poster_key = f"{folder}/{VIDEO_NAME}", f"{folder}/{POSTER_NAME}"
    async with storage.local_path(original_key) as source:
        with tempfile.TemporaryDirectory(prefix="video-") as work:
            result = await anyio.to_thread.run_sync(process_video, source, Path(work), limits, limiter=limiter)
            await storage.put_file(video_key, result.video_path, "video/mp4")
            await storage.put_file(poster_key, result.poster_path, "image/jpeg")
    return StoredVideo(
        video_key=video_key,
        poster_key=poster_key,
        video_bytes=result.video_bytes,
        poster_bytes=result.poster_bytes,
        duration_s=result.duration_s,
        width=result.width,
        height=result.height,
        has_audio=result.has_audio,
        probe=result.probe,
    )
