"""From an uploaded file to a playable video: probe, validate, transcode.

Everything here is synchronous and CPU-bound; call it from a worker thread or process
(`anyio.to_thread.run_sync(process_video, ...)`), never directly on the event loop.
"""

from __future__ import annotations

from pathlib import Path

import msgspec

from werkgeversportaal.domain.media.errors import RejectionCode, VideoRejected
from werkgeversportaal.domain.media.probe import ProbeResult, probe
from werkgeversportaal.domain.media.transcode import TranscodeResult, output_size, transcode

__all__ = [
    "DEFAULT_MAX_BYTES",
    "POSTER_NAME",
    "VIDEO_NAME",
    "ProbeResult",
    "ProcessResult",
    "RejectionCode",
    "TranscodeResult",
    "VideoLimits",
    "VideoRejected",
    "output_size",
    "probe",
    "process_video",
    "transcode",
    "validate",
]

# 90 s of 1080p phone video is ~150 MB; browser recordings at 720p are far smaller.
DEFAULT_MAX_BYTES = 200 * 1024 * 1024
VIDEO_NAME = "video.mp4"
POSTER_NAME = "poster.jpg"


class VideoLimits(msgspec.Struct, frozen=True, kw_only=True):
    min_s: float = 5.0
    max_s: float = 90.0
    max_bytes: int = DEFAULT_MAX_BYTES
    max_height: int = 720
    grace_s: float = 1.0
    """MediaRecorder stops a moment after the on-screen timer; a 90.4 s recording of a 90 s
    maximum must not be refused."""


class ProcessResult(msgspec.Struct, frozen=True, kw_only=True):
    probe: ProbeResult
    video_path: Path
    poster_path: Path
    video_bytes: int
    poster_bytes: int
    duration_s: float
    width: int
    height: int
    has_audio: bool


def validate(
    result: ProbeResult,
    min_s: float = 5.0,
    max_s: float = 90.0,
    max_bytes: int = DEFAULT_MAX_BYTES,
    grace_s: float = 1.0,
) -> None:
    """Raise VideoRejected with the first reason the candidate should hear about."""
    if result.size_bytes == 0:
        raise VideoRejected.empty_file()
    if result.size_bytes > max_bytes:
        raise VideoRejected.too_large(result.size_bytes, max_bytes)
    if not result.has_video:
        raise VideoRejected.audio_only() if result.has_audio else VideoRejected.not_a_video()
    if result.width <= 0 or result.height <= 0:
        raise VideoRejected.damaged()
    if result.duration_s < min_s:
        raise VideoRejected.too_short(result.duration_s, min_s)
    if result.duration_s > max_s + grace_s:
        raise VideoRejected.too_long(result.duration_s, max_s)


def process_video(src_path: Path | str, out_dir: Path | str, limits: VideoLimits | None = None) -> ProcessResult:
    """Probe, validate and transcode `src_path` into `out_dir`/video.mp4 and `out_dir`/poster.jpg.

    Idempotent: running it again on the same input overwrites both outputs (a retried job after a
    crash simply starts over). Raises VideoRejected for input that can never work; any other
    exception is a fault on our side and worth a retry.
    """
    limits = limits or VideoLimits()
    src_path, out_dir = Path(src_path), Path(out_dir)
    probed = probe(src_path)
    validate(probed, limits.min_s, limits.max_s, limits.max_bytes, limits.grace_s)
    out_dir.mkdir(parents=True, exist_ok=True)
    video_path, poster_path = out_dir / VIDEO_NAME, out_dir / POSTER_NAME
    done = transcode(src_path, video_path, poster_path, max_height=limits.max_height)
    return ProcessResult(
        probe=probed,
        video_path=video_path,
        poster_path=poster_path,
        video_bytes=done.mp4_bytes,
        poster_bytes=done.poster_bytes,
        duration_s=done.duration_s,
        width=done.width,
        height=done.height,
        has_audio=done.has_audio,
    )
