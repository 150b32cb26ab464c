"""Generate small test recordings with PyAV itself, so tests need no fixtures on disk or network."""

from __future__ import annotations

import array
import math
from fractions import Fraction
from pathlib import Path
from typing import cast

import av
from av.audio.stream import AudioStream
from av.video.stream import VideoStream
from PIL import Image, ImageDraw

AUDIO_RATE = 48_000
AUDIO_FRAME = 960  # 20 ms, what browsers put in an Opus packet


def make_clip(
    path: Path,
    seconds: float,
    *,
    width: int = 320,
    height: int = 240,
    fps: int = 15,
    container: str = "webm",
    video_codec: str | None = "libvpx",
    audio_codec: str | None = "libopus",
    live: bool = True,
    rotation: int = 0,
    noise: bool = False,
    bit_rate: int | None = None,
) -> Path:
    """A recording with a moving block and a 440 Hz tone, interleaved like a real recorder writes it.

    `live=True` makes the WebM muxer behave like MediaRecorder: it never goes back to write the
    duration into the header. `noise` adds camera-like sensor noise, so encoders work as hard as
    they would on real footage (the benchmark wants that; tests want speed).
    """
    options = {"live": "1"} if live and container == "webm" else {}
    with av.open(str(path), mode="w", format=container, options=options) as out:
        vs = cast(VideoStream, out.add_stream(video_codec, rate=fps)) if video_codec else None
        if vs is not None:
            vs.width, vs.height, vs.pix_fmt = width, height, "yuv420p"
            if video_codec in ("libvpx", "libvpx-vp9"):
                vs.options = {"deadline": "realtime", "cpu-used": "8"}
            elif video_codec == "libx264":
                vs.options = {"preset": "ultrafast"}
            if rotation:
                vs.set_display_rotation(rotation)
            if bit_rate:
                vs.bit_rate = bit_rate
        as_ = cast(AudioStream, out.add_stream(audio_codec, rate=AUDIO_RATE)) if audio_codec else None
        if as_ is not None:
            as_.layout = "mono"

        n_video = int(seconds * fps) if vs is not None else 0
        total_samples = int(seconds * AUDIO_RATE) if as_ is not None else 0
        samples = 0
        steps = max(n_video, math.ceil(total_samples / AUDIO_FRAME))
        for i in range(steps):
            if vs is not None and i < n_video:
                out.mux(vs.encode(_video_frame(i, width, height, noise)))
                until = int((i + 1) / fps * AUDIO_RATE)
            else:
                until = samples + AUDIO_FRAME
            while as_ is not None and samples < min(until, total_samples):
                out.mux(as_.encode(_tone(samples)))
                samples += AUDIO_FRAME
        if vs is not None:
            out.mux(vs.encode(None))
        if as_ is not None:
            out.mux(as_.encode(None))
    return path


def _video_frame(i: int, width: int, height: int, noise: bool = False) -> av.VideoFrame:
    img = Image.new("RGB", (width, height), (20 + i * 3 % 200, 90, 160))
    x = (i * 7) % max(1, width - 40)
    ImageDraw.Draw(img).rectangle([x, height // 3, x + 40, height // 3 + 40], fill=(250, 220, 0))
    if noise:
        grain = Image.effect_noise((width, height), 24).convert("RGB")
        img = Image.blend(img, grain, 0.15)
    frame = av.VideoFrame.from_image(img)
    frame.pts = i
    return frame


def _tone(start: int) -> av.AudioFrame:
    pcm = array.array(
        "h", (int(6000 * math.sin(2 * math.pi * 440 * (start + k) / AUDIO_RATE)) for k in range(AUDIO_FRAME))
    )
    frame = av.AudioFrame(format="s16", layout="mono", samples=AUDIO_FRAME)
    frame.planes[0].update(pcm.tobytes())
    frame.sample_rate = AUDIO_RATE
    frame.pts = start
    frame.time_base = Fraction(1, AUDIO_RATE)
    return frame
