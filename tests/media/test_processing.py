"""Video processing with real (generated) recordings: what a candidate uploads, what an employer plays."""

from __future__ import annotations

import struct
from pathlib import Path

import av
import pytest
from PIL import Image

from tests.media.media_clips import make_clip
from werkgeversportaal.domain.media.processing import (
    ProbeResult,
    VideoLimits,
    VideoRejected,
    output_size,
    probe,
    process_video,
    validate,
)

LIMITS = VideoLimits(min_s=5, max_s=6, max_bytes=20_000_000)


@pytest.fixture(scope="session")
def clips(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("clips")
    pdf = d / "cv.webm"
    pdf.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n" * 50 + b"%%EOF\n")
    empty = d / "empty.webm"
    empty.write_bytes(b"")
    return {
        "browser": make_clip(d / "browser.webm", 5.5),  # VP8/Opus, no duration in the header
        "phone": make_clip(
            d / "phone.mp4",
            5.5,
            container="mp4",
            video_codec="libx264",
            audio_codec="aac",
            width=1280,
            height=960,
            fps=8,
            live=False,
        ),
        **{
            f"sideways{angle}": make_clip(
                d / f"sideways{angle}.mp4",
                5.5,
                container="mp4",
                video_codec="libx264",
                audio_codec="aac",
                width=320,
                height=180,
                rotation=angle,
                live=False,
            )
            for angle in (90, -90, 180)
        },
        "vp9_odd": make_clip(d / "odd.webm", 5.5, video_codec="libvpx-vp9", width=321, height=241),
        "silent": make_clip(d / "silent.webm", 5.5, audio_codec=None),
        "audio_only": make_clip(d / "voice.webm", 5.5, video_codec=None),
        "short": make_clip(d / "short.webm", 2),
        "long": make_clip(d / "long.webm", 8),
        "pdf": pdf,
        "empty": empty,
    }


def top_level_boxes(path: Path) -> list[str]:
    """Names of the top-level MP4 boxes in file order."""
    names, data, offset = [], path.read_bytes(), 0
    while offset + 8 <= len(data):
        size, name = struct.unpack(">I4s", data[offset : offset + 8])
        if size == 1:
            size = struct.unpack(">Q", data[offset + 8 : offset + 16])[0]
        names.append(name.decode("latin-1"))
        if size < 8:
            break
        offset += size
    return names


def streams_of(path: Path) -> tuple[str | None, str | None, int, int]:
    with av.open(str(path)) as c:
        v = c.streams.video[0] if c.streams.video else None
        a = c.streams.audio[0] if c.streams.audio else None
        return (
            v.codec_context.name if v else None,
            a.codec_context.name if a else None,
            v.codec_context.width if v else 0,
            v.codec_context.height if v else 0,
        )


# -- probe -----------------------------------------------------------------------------------------


def test_browser_recording_has_no_duration_in_its_header(clips: dict[str, Path]) -> None:
    with av.open(str(clips["browser"])) as c:
        assert c.duration is None  # just like Chrome's MediaRecorder output

    result = probe(clips["browser"])

    assert result.duration_from_packets
    assert result.duration_s == pytest.approx(5.5, abs=0.1)
    assert (result.container, result.video_codec, result.audio_codec) == ("webm", "vp8", "opus")
    assert (result.has_video, result.has_audio, result.width, result.height) == (True, True, 320, 240)


def test_phone_video_is_described_upright(clips: dict[str, Path]) -> None:
    result = probe(clips["sideways90"])
    assert (result.container, result.video_codec, result.audio_codec) == ("mp4", "h264", "aac")
    assert (result.rotation, result.width, result.height) == (90, 180, 320)
    assert not result.duration_from_packets


@pytest.mark.parametrize(("clip", "code"), [("pdf", "not_a_video"), ("empty", "empty_file")])
def test_unreadable_files_are_rejected_by_probe(clips: dict[str, Path], clip: str, code: str) -> None:
    with pytest.raises(VideoRejected) as info:
        probe(clips[clip])
    assert info.value.code == code


@pytest.mark.parametrize(
    "content",
    [b"hello\n" * 100, b"#EXTM3U\n#EXTINF:10,\nfile:///etc/passwd\n", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100],
    ids=["text", "hls-playlist", "png"],
)
def test_other_formats_are_not_even_opened(tmp_path: Path, content: bytes) -> None:
    # FFmpeg would read a text file as ANSI art and follow a playlist to local files; we never let it guess.
    path = tmp_path / "upload.webm"
    path.write_bytes(content)
    with pytest.raises(VideoRejected) as info:
        probe(path)
    assert info.value.code == "not_a_video"


# -- validate --------------------------------------------------------------------------------------


def described(**changes: object) -> ProbeResult:
    base = {
        "container": "webm",
        "size_bytes": 1000,
        "has_video": True,
        "has_audio": True,
        "width": 640,
        "height": 480,
        "duration_s": 30.0,
        "video_codec": "vp8",
        "audio_codec": "opus",
    }
    return ProbeResult(**{**base, **changes})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("changes", "code", "dutch"),
    [
        ({"size_bytes": 0}, "empty_file", "leeg"),
        ({"size_bytes": 300_000_000}, "too_large", "te groot (300 MB)"),
        ({"has_video": False}, "audio_only", "geen beeld"),
        ({"has_video": False, "has_audio": False}, "not_a_video", "geen video"),
        ({"duration_s": 2.0}, "too_short", "te kort (2 seconden)"),
        ({"duration_s": 600.0}, "too_long", "te lang (10 minuten)"),
        ({"width": 0, "height": 0}, "damaged", "kapot"),
    ],
)
def test_validate_explains_each_problem(changes: dict[str, object], code: str, dutch: str) -> None:
    with pytest.raises(VideoRejected) as info:
        validate(described(**changes), min_s=5, max_s=90, max_bytes=200_000_000)
    assert info.value.code == code
    assert dutch in info.value.message_nl
    assert info.value.message_en
    assert info.value.message("nl") == info.value.message_nl


def test_validate_allows_the_recorder_to_stop_a_moment_late() -> None:
    validate(described(duration_s=90.6), max_s=90)
    validate(described(duration_s=5.0), min_s=5)


# -- process_video ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("clip", "size", "audio"),
    [
        ("browser", (320, 240), "aac"),
        ("phone", (960, 720), "aac"),  # scaled down to 720p, aspect kept
        ("vp9_odd", (320, 240), "aac"),  # odd sizes become even for yuv420p
        ("silent", (320, 240), None),  # no microphone: video-only MP4
    ],
)
def test_process_video_makes_a_fast_start_h264_mp4_and_poster(
    clips: dict[str, Path], tmp_path: Path, clip: str, size: tuple[int, int], audio: str | None
) -> None:
    result = process_video(clips[clip], tmp_path / "out", LIMITS)

    assert streams_of(result.video_path) == ("h264", audio, *size)
    assert (result.width, result.height) == size
    assert result.height <= 720
    assert result.has_audio is (audio is not None)
    boxes = top_level_boxes(result.video_path)
    assert boxes.index("moov") < boxes.index("mdat"), boxes  # fast start: playable before fully loaded
    assert result.duration_s == pytest.approx(5.5, abs=0.25)
    assert result.video_bytes == result.video_path.stat().st_size
    with Image.open(result.poster_path) as poster:
        assert poster.format == "JPEG"
        assert poster.size == size


@pytest.mark.parametrize(
    ("angle", "size", "block_at"),
    [(90, (180, 320), (80, 299)), (-90, (180, 320), (99, 20)), (180, (320, 180), (299, 99))],
)
def test_sideways_phone_video_is_turned_upright(
    clips: dict[str, Path], tmp_path: Path, angle: int, size: tuple[int, int], block_at: tuple[int, int]
) -> None:
    result = process_video(clips[f"sideways{angle}"], tmp_path / "out", LIMITS)

    assert (result.width, result.height) == size
    with av.open(str(result.video_path)) as c:
        frame = next(c.decode(video=0))
    assert frame.rotation == 0  # the pixels are upright; no player has to interpret a display matrix
    # The yellow block starts at the top-left of the stored frame (centre 20,80); it must land where a
    # player honouring the display matrix (counter-clockwise degrees) would show it.
    red, green, blue = frame.to_image().getpixel(block_at)
    assert red > 200
    assert green > 180
    assert blue < 100
    with Image.open(result.poster_path) as poster:
        assert poster.size == size


@pytest.mark.parametrize(
    ("clip", "code"),
    [
        ("audio_only", "audio_only"),
        ("short", "too_short"),
        ("long", "too_long"),
        ("pdf", "not_a_video"),
        ("empty", "empty_file"),
    ],
)
def test_process_video_rejects_bad_uploads_and_writes_nothing(
    clips: dict[str, Path], tmp_path: Path, clip: str, code: str
) -> None:
    with pytest.raises(VideoRejected) as info:
        process_video(clips[clip], tmp_path / "out", LIMITS)
    assert info.value.code == code
    assert not (tmp_path / "out" / "video.mp4").exists()


def test_process_video_rejects_files_over_the_size_limit(clips: dict[str, Path], tmp_path: Path) -> None:
    with pytest.raises(VideoRejected) as info:
        process_video(clips["browser"], tmp_path / "out", VideoLimits(min_s=1, max_bytes=1000))
    assert info.value.code == "too_large"


def test_truncated_recording_is_processed_or_rejected_cleanly(clips: dict[str, Path], tmp_path: Path) -> None:
    data = clips["browser"].read_bytes()
    cut = tmp_path / "cut.webm"
    cut.write_bytes(data[: len(data) * 2 // 3])

    result = process_video(cut, tmp_path / "out", VideoLimits(min_s=1))

    assert 2.5 < result.duration_s < 4.5
    cut.write_bytes(data[:200])
    with pytest.raises(VideoRejected):
        process_video(cut, tmp_path / "out2", VideoLimits(min_s=1))


def test_process_video_is_idempotent(clips: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "video.mp4").write_bytes(b"half-written by a crashed run")
    (out / ".video.mp4.part").write_bytes(b"left over")

    first = process_video(clips["browser"], out, LIMITS)
    first_bytes = first.video_path.read_bytes()
    second = process_video(clips["browser"], out, LIMITS)

    assert streams_of(second.video_path)[0] == "h264"
    assert second.video_path.read_bytes() == first_bytes
    assert sorted(p.name for p in out.iterdir()) == ["poster.jpg", "video.mp4"]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ((1920, 1080), (1280, 720)),
        ((1080, 1920), (720, 1280)),
        ((640, 480), (640, 480)),
        ((321, 241), (320, 240)),
        ((3840, 1080), (1280, 360)),
    ],
)
def test_output_size(source: tuple[int, int], expected: tuple[int, int]) -> None:
    assert output_size(*source, max_height=720) == expected
