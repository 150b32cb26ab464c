"""Transcode any accepted upload to an H.264/AAC MP4 that every browser plays, plus a poster JPEG."""

from __future__ import annotations

import logging
import os
from fractions import Fraction
from pathlib import Path
from typing import ClassVar

import av
import av.error
import msgspec
from av.audio.frame import AudioFrame
from av.audio.stream import AudioStream
from av.container import OutputContainer
from av.filter import Graph
from av.video.frame import VideoFrame
from av.video.stream import VideoStream
from PIL import Image

from werkgeversportaal.domain.media.errors import VideoRejected
from werkgeversportaal.domain.media.probe import first_video_stream, open_input

__all__ = ["TranscodeResult", "output_size", "transcode"]

log = logging.getLogger(__name__)

# Millisecond-ish precision is too coarse for 60 fps phones; 1/90000 is the MPEG clock and what
# MP4 muxers pick anyway, so no rounding happens on the way out.
_VIDEO_TIME_BASE = Fraction(1, 90_000)
_AUDIO_RATE = 48_000
_POSTER_AT_S = 1.0
# A few corrupt packets happen in real recordings (a dropped USB frame); hundreds mean a broken file.
_MAX_DECODE_ERRORS = 25


class TranscodeResult(msgspec.Struct, frozen=True, kw_only=True):
    mp4_bytes: int
    poster_bytes: int
    duration_s: float
    width: int
    height: int
    has_audio: bool


def output_size(width: int, height: int, max_height: int = 720) -> tuple[int, int]:
    """Even dimensions, aspect ratio kept, never scaled up.

    "720p" limits the shorter side, so a portrait phone video becomes 720x1280 rather than a
    blurry 404x720; the longer side is capped at the matching 16:9 length.
    """
    max_long = max_height * 16 / 9
    scale = min(1.0, max_height / min(width, height), max_long / max(width, height))

    def even(n: float) -> int:
        return max(2, int(n / 2) * 2)

    return even(width * scale), even(height * scale)


class _Rotator:
    """Turns frames upright according to their display matrix (FFmpeg's decoders do not)."""

    # Keyed by the counter-clockwise angle PyAV reports; the same filters FFmpeg's CLI autorotate uses.
    _FILTERS: ClassVar[dict[int, list[tuple[str, str | None]]]] = {
        90: [("transpose", "cclock")],
        180: [("hflip", None), ("vflip", None)],
        270: [("transpose", "clock")],
    }

    def __init__(self) -> None:
        self._graph: Graph | None = None
        self._shape: tuple[int, int, str, int] | None = None

    def __call__(self, frame: VideoFrame) -> VideoFrame:
        rotation = round(frame.rotation) % 360
        if rotation not in self._FILTERS:
            return frame
        shape = (frame.width, frame.height, frame.format.name, rotation)
        if shape != self._shape:
            # A filter graph is fixed to one input size; recordings may change size midway.
            self._graph = self._build(frame, rotation)
            self._shape = shape
        assert self._graph is not None
        self._graph.push(frame)
        out = self._graph.pull()
        assert isinstance(out, VideoFrame)
        return out

    def _build(self, frame: VideoFrame, rotation: int) -> Graph:
        graph = Graph()
        node = graph.add_buffer(
            width=frame.width, height=frame.height, format=frame.format, time_base=frame.time_base or Fraction(1, 1000)
        )
        for name, args in self._FILTERS[rotation]:
            step = graph.add(name, args)
            node.link_to(step)
            node = step
        sink = graph.add("buffersink")
        node.link_to(sink)
        graph.configure()
        return graph


def _frame_rate(stream: VideoStream) -> Fraction:
    rate = stream.average_rate or stream.guessed_rate
    # Browser WebM often reports odd rates (1000/1 from the ms clock); the encoder only uses this
    # for rate control, timestamps come from the frames.
    if rate is None or not 1 <= rate <= 60:
        return Fraction(30)
    return Fraction(rate)


def _add_audio(out: OutputContainer, source: AudioStream) -> AudioStream:
    layout = "mono" if source.codec_context.channels == 1 else "stereo"
    stream = out.add_stream("aac", rate=_AUDIO_RATE)
    stream.layout = layout
    stream.format = "fltp"
    stream.bit_rate = 96_000 if layout == "mono" else 128_000
    return stream


def transcode(src: Path | str, dst_mp4: Path | str, poster_jpg: Path | str, max_height: int = 720) -> TranscodeResult:
    """Write `dst_mp4` (H.264 + AAC, fast start) and `poster_jpg` from `src`.

    Both outputs are written next to their destination and renamed into place, so a crash or a
    retry never leaves a half-written file under the final name.
    """
    src, dst_mp4, poster_jpg = Path(src), Path(dst_mp4), Path(poster_jpg)
    part_mp4 = dst_mp4.with_name(f".{dst_mp4.name}.part")
    part_jpg = poster_jpg.with_name(f".{poster_jpg.name}.part")
    try:
        width, height, poster, has_audio = _encode(src, part_mp4, max_height)
        poster.save(part_jpg, format="JPEG", quality=85, optimize=True)
        with open_input(part_mp4) as check:
            duration = (check.duration or 0) / av.time_base
        os.replace(part_mp4, dst_mp4)
        os.replace(part_jpg, poster_jpg)
    finally:
        part_mp4.unlink(missing_ok=True)
        part_jpg.unlink(missing_ok=True)
    return TranscodeResult(
        mp4_bytes=dst_mp4.stat().st_size,
        poster_bytes=poster_jpg.stat().st_size,
        duration_s=round(duration, 3),
        width=width,
        height=height,
        has_audio=has_audio,
    )


class _Mp4Writer:
    """Encodes upright, scaled frames into the MP4 and keeps the poster candidate."""

    def __init__(
        self,
        out: OutputContainer,
        vin: VideoStream,
        ain: AudioStream | None,
        size: tuple[int, int],
        t0: Fraction,
    ) -> None:
        self.out = out
        self.width, self.height = size
        self.t0 = t0
        self.vout = out.add_stream("libx264", rate=_frame_rate(vin))
        self.vout.width, self.vout.height, self.vout.pix_fmt = self.width, self.height, "yuv420p"
        self.vout.codec_context.time_base = _VIDEO_TIME_BASE
        self.vout.options = {"preset": "veryfast", "crf": "23", "profile": "high"}
        self.aout = _add_audio(out, ain) if ain is not None else None
        self.rotate = _Rotator()
        self.poster: Image.Image | None = None
        self._poster_settled = False
        self._last_pts = -1

    def video(self, frame: VideoFrame) -> None:
        if frame.pts is None or frame.time_base is None:
            return
        pts = int((frame.pts * frame.time_base - self.t0) / _VIDEO_TIME_BASE)
        if pts <= self._last_pts:
            # Duplicate or backwards timestamps (seen in browser recordings) make the muxer fail;
            # dropping that one frame is invisible.
            return
        self._last_pts = pts
        scaled = self.rotate(frame).reformat(width=self.width, height=self.height, format="yuv420p")
        scaled.pts, scaled.time_base = pts, _VIDEO_TIME_BASE
        # The first frame is often dark while the camera adjusts: prefer the one at ~1 s.
        if self.poster is None or (not self._poster_settled and pts * _VIDEO_TIME_BASE >= _POSTER_AT_S):
            self._poster_settled = self.poster is not None
            self.poster = scaled.to_image()
        self.out.mux(self.vout.encode(scaled))

    def audio(self, frame: AudioFrame) -> None:
        if self.aout is None or frame.pts is None or frame.time_base is None:
            return
        # Same shift as the video; the encoder resamples to 48 kHz fltp in frames of 1024 itself.
        frame.pts = int(frame.pts - self.t0 / frame.time_base)
        if frame.pts >= 0:
            self.out.mux(self.aout.encode(frame))

    def finish(self) -> Image.Image:
        if self.poster is None:
            raise VideoRejected.damaged()
        self.out.mux(self.vout.encode(None))
        if self.aout is not None:
            self.out.mux(self.aout.encode(None))
        return self.poster


def _encode(src: Path, part_mp4: Path, max_height: int) -> tuple[int, int, Image.Image, bool]:
    with open_input(src) as inp:
        vin = first_video_stream(inp)
        if vin is None:
            raise VideoRejected.not_a_video()
        ain = inp.streams.audio[0] if inp.streams.audio else None
        vin.thread_type = "AUTO"
        first = _first_upright_frame(src)
        size = output_size(first.width, first.height, max_height)
        # Audio and video are shifted by the same container start time, so they stay in sync.
        t0 = Fraction(inp.start_time or 0, av.time_base)

        with av.open(str(part_mp4), mode="w", format="mp4", options={"movflags": "+faststart"}) as out:
            writer = _Mp4Writer(out, vin, ain, size, t0)
            errors = 0
            for packet in inp.demux(*([vin] if ain is None else [vin, ain])):
                try:
                    frames = packet.decode()
                except av.error.FFmpegError:
                    errors += 1
                    if errors > _MAX_DECODE_ERRORS:
                        raise VideoRejected.damaged() from None
                    continue
                for frame in frames:
                    if isinstance(frame, VideoFrame):
                        writer.video(frame)
                    elif isinstance(frame, AudioFrame):
                        writer.audio(frame)
            poster = writer.finish()
    return size[0], size[1], poster, ain is not None


def _first_upright_frame(src: Path) -> VideoFrame:
    """The first frame, turned upright: its size decides the output size before encoding starts."""
    with open_input(src) as inp:
        vin = first_video_stream(inp)
        assert vin is not None
        try:
            for frame in inp.decode(vin):
                return _Rotator()(frame)
        except av.error.FFmpegError:
            pass
    raise VideoRejected.damaged()
