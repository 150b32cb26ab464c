"""What is in an uploaded file: streams, size, duration, orientation."""

from __future__ import annotations

import logging
from fractions import Fraction
from pathlib import Path

import av
import av.error
import msgspec
from av.container import InputContainer
from av.stream import Disposition
from av.video.stream import VideoStream

from werkgeversportaal.domain.media.errors import VideoRejected

__all__ = ["ProbeResult", "first_video_stream", "open_input", "probe", "sniff_format"]

log = logging.getLogger(__name__)

# Box types that can open an ISO-BMFF file (MP4, MOV, 3GP): "ftyp" in anything recent, the
# others in old QuickTime files.
_ISO_BOXES = {b"ftyp", b"moov", b"mdat", b"free", b"wide", b"skip", b"pnot"}
_EBML_MAGIC = b"\x1a\x45\xdf\xa3"


class ProbeResult(msgspec.Struct, frozen=True, kw_only=True):
    container: str
    size_bytes: int
    has_video: bool
    has_audio: bool
    width: int = 0
    """Width as displayed, i.e. after applying `rotation`."""
    height: int = 0
    duration_s: float = 0.0
    video_codec: str | None = None
    audio_codec: str | None = None
    rotation: int = 0
    """Counter-clockwise degrees from the display matrix (phones record sideways and say so here)."""
    duration_from_packets: bool = False
    """True when the container had no duration (browser recordings) and packets were measured."""


def sniff_format(path: Path) -> tuple[str, str] | None:
    """(FFmpeg demuxer, container label) for a file we accept, from its first bytes; None otherwise."""
    with path.open("rb") as f:
        head = f.read(64)
    if head.startswith(_EBML_MAGIC):
        # The EBML header names its DocType within the first few dozen bytes.
        return "matroska", "webm" if b"webm" in head else "matroska"
    if len(head) >= 12 and head[4:8] in _ISO_BOXES:
        return "mov", "mov" if head[8:12] == b"qt  " or head[4:8] != b"ftyp" else "mp4"
    return None


def open_input(path: Path) -> InputContainer:
    """Open an upload for reading, or raise VideoRejected(not_a_video).

    Only WebM/Matroska (browser recordings) and MP4/MOV (phones, Safari) are accepted, and the
    demuxer is forced rather than guessed: FFmpeg's own guessing would happily open a text file
    as ANSI art or follow an HLS playlist to other files and URLs.
    """
    sniffed = sniff_format(path)
    if sniffed is None:
        raise VideoRejected.not_a_video()
    container_format = sniffed[0]
    try:
        return av.open(str(path), mode="r", format=container_format, metadata_errors="ignore")
    except av.error.FFmpegError as exc:
        log.info("not a readable %s file: %s (%s)", container_format, path, exc)
        raise VideoRejected.not_a_video() from exc


def first_video_stream(container: InputContainer) -> VideoStream | None:
    # Cover art in an MP3 or M4A is a "video" stream too; it is not a recording of the candidate.
    for stream in container.streams.video:
        if not stream.disposition & Disposition.attached_pic:
            return stream
    return None


def probe(path: Path | str) -> ProbeResult:
    """Describe `path`. Raises VideoRejected only when the file cannot be read at all
    (empty_file, not_a_video); judging what it contains is `validate`'s job."""
    path = Path(path)
    size = path.stat().st_size
    if size == 0:
        raise VideoRejected.empty_file()
    with open_input(path) as container:
        format_name = (sniff_format(path) or ("", "unknown"))[1]
        video = first_video_stream(container)
        audio = container.streams.audio[0] if container.streams.audio else None

        width = height = rotation = 0
        if video is not None:
            width, height = video.codec_context.width, video.codec_context.height
            rotation = _rotation_of_first_frame(container, video)
            if rotation % 180:
                width, height = height, width

        duration = container.duration / av.time_base if container.duration else None
        from_packets = duration is None
        if duration is None:
            duration = _duration_from_packets(container, path)

        return ProbeResult(
            container=format_name,
            size_bytes=size,
            has_video=video is not None,
            has_audio=audio is not None,
            width=width,
            height=height,
            duration_s=round(duration, 3),
            video_codec=video.codec_context.name if video is not None else None,
            audio_codec=audio.codec_context.name if audio is not None else None,
            rotation=rotation,
            duration_from_packets=from_packets,
        )


def _rotation_of_first_frame(container: InputContainer, video: VideoStream) -> int:
    try:
        for frame in container.decode(video):
            return round(frame.rotation) % 360
    except av.error.FFmpegError:
        # A broken first frame is for transcode to report; probing only wants the orientation.
        log.info("could not decode a first frame", exc_info=True)
    return 0


def _duration_from_packets(container: InputContainer, path: Path) -> float:
    """Duration from packet timestamps, for containers that do not state it.

    MediaRecorder writes WebM while recording and cannot go back to fill in the duration, so a
    browser recording arrives without one. The last packet's pts + duration is the true end.
    """
    # A fresh container: _rotation_of_first_frame already consumed the first packets of this one.
    with open_input(path) as fresh:
        streams = [s for s in (*fresh.streams.video, *fresh.streams.audio)]
        start: Fraction | None = None
        end = Fraction(0)
        try:
            for packet in fresh.demux(*streams):
                if packet.pts is None or packet.time_base is None:
                    continue
                begin = packet.pts * packet.time_base
                finish = (packet.pts + (packet.duration or 0)) * packet.time_base
                start = begin if start is None else min(start, begin)
                end = max(end, finish)
        except av.error.FFmpegError:
            # A truncated upload still has a measurable beginning; count what could be read.
            log.info("stopped measuring packets of %s early", path, exc_info=True)
        if start is None:
            return 0.0
        return float(end - start)
