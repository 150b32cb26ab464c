"""Why a video is refused, in words a candidate understands (Dutch at B1 level, and English)."""

from __future__ import annotations

from typing import Literal

__all__ = ["RejectionCode", "VideoRejected"]

RejectionCode = Literal["not_a_video", "audio_only", "too_short", "too_long", "empty_file", "too_large", "damaged"]


def _duration_nl(seconds: float) -> str:
    if seconds < 1:
        return "minder dan 1 seconde"
    if seconds >= 120:
        return f"{round(seconds / 60)} minuten"
    whole = round(seconds)
    return "1 seconde" if whole == 1 else f"{whole} seconden"


def _duration_en(seconds: float) -> str:
    if seconds < 1:
        return "less than 1 second"
    if seconds >= 120:
        return f"{round(seconds / 60)} minutes"
    whole = round(seconds)
    return "1 second" if whole == 1 else f"{whole} seconds"


def _megabytes(n: int) -> str:
    return f"{max(1, round(n / 1_000_000))} MB"


class VideoRejected(Exception):
    """The upload can never become a playable video: show the message, do not retry the job."""

    def __init__(self, code: RejectionCode, message_nl: str, message_en: str) -> None:
        super().__init__(f"{code}: {message_en}")
        self.code: RejectionCode = code
        self.message_nl = message_nl
        self.message_en = message_en

    def message(self, language: str) -> str:
        return self.message_nl if language.lower().startswith("nl") else self.message_en

    # The constructors below keep every candidate-facing sentence in one place.

    @classmethod
    def not_a_video(cls) -> VideoRejected:
        return cls(
            "not_a_video",
            "Dit bestand is geen video. Neem een nieuwe video op, of kies een ander bestand.",
            "This file is not a video. Record a new video, or choose another file.",
        )

    @classmethod
    def audio_only(cls) -> VideoRejected:
        return cls(
            "audio_only",
            "We horen geluid, maar we zien geen beeld. Zet uw camera aan en neem de video opnieuw op.",
            "We can hear sound, but there is no picture. Turn on your camera and record the video again.",
        )

    @classmethod
    def too_short(cls, duration_s: float, min_s: float) -> VideoRejected:
        return cls(
            "too_short",
            f"Uw video is te kort ({_duration_nl(duration_s)}). De video moet minstens {_duration_nl(min_s)} "
            "duren. Neem de video opnieuw op.",
            f"Your video is too short ({_duration_en(duration_s)}). It must last at least {_duration_en(min_s)}. "
            "Please record it again.",
        )

    @classmethod
    def too_long(cls, duration_s: float, max_s: float) -> VideoRejected:
        return cls(
            "too_long",
            f"Uw video is te lang ({_duration_nl(duration_s)}). De video mag maximaal {_duration_nl(max_s)} "
            "duren. Maak een kortere video.",
            f"Your video is too long ({_duration_en(duration_s)}). It may last at most {_duration_en(max_s)}. "
            "Please make a shorter video.",
        )

    @classmethod
    def empty_file(cls) -> VideoRejected:
        return cls(
            "empty_file",
            "Het bestand is leeg. Er is niets opgenomen. Probeer het nog een keer.",
            "The file is empty. Nothing was recorded. Please try again.",
        )

    @classmethod
    def too_large(cls, size: int, max_bytes: int) -> VideoRejected:
        return cls(
            "too_large",
            f"Het bestand is te groot ({_megabytes(size)}). Het mag maximaal {_megabytes(max_bytes)} zijn. "
            "Maak een kortere video.",
            f"The file is too large ({_megabytes(size)}). It may be at most {_megabytes(max_bytes)}. "
            "Please make a shorter video.",
        )

    @classmethod
    def damaged(cls) -> VideoRejected:
        return cls(
            "damaged",
            "De video is kapot en kan niet worden afgespeeld. Neem de video opnieuw op.",
            "The video is damaged and cannot be played. Please record it again.",
        )
