"""Choices on the candidate forms, and the labels of the candidates' enums."""

from __future__ import annotations

from datetime import date
from typing import Any

from werkgeversportaal.db.models import ConsentScope, ModerationStatus, Sector, VideoStatus, ViewKind
from werkgeversportaal.lib import labels
from werkgeversportaal.lib.i18n import lazy_gettext as _l

CEFR_LEVELS = ["A0", "A1", "A2", "B1", "B2", "C1", "C2"]
DUTCH_SKILLS: list[tuple[str, Any]] = [
    ("listening", _l("Luisteren")), ("reading", _l("Lezen")), ("speaking", _l("Spreken")), ("writing", _l("Schrijven")),
]
EDUCATION_LEVELS: list[tuple[str, Any]] = [
    ("none", _l("Geen diploma")), ("mbo1", _l("mbo 1")), ("mbo2", _l("mbo 2")), ("mbo3", _l("mbo 3")),
    ("mbo4", _l("mbo 4")), ("hbo", _l("hbo")), ("wo", _l("wo (universiteit)")),
]
OPENING_KINDS: list[tuple[str, Any]] = [
    ("vacancy", _l("Vacature (betaald werk)")), ("internship", _l("Stage")),
    ("work_experience", _l("Werkervaringsplek")), ("work_study", _l("Leerwerkplek")),
    ("language_internship", _l("Taalstage")),
]
WEEKDAYS: list[tuple[str, Any]] = [
    ("mon", _l("maandag")), ("tue", _l("dinsdag")), ("wed", _l("woensdag")), ("thu", _l("donderdag")),
    ("fri", _l("vrijdag")),
]
CIVIC_INTEGRATION: list[tuple[str, Any]] = [
    ("not_started", _l("Nog niet begonnen")), ("in_progress", _l("Bezig met inburgering")),
    ("completed", _l("Inburgering afgerond")), ("exempt", _l("Hoeft niet (vrijgesteld)")),
]

labels.register([
    (ConsentScope.PROFILE, _l("Profiel zichtbaar voor werkgevers")),
    (ConsentScope.VIDEO, _l("Video zichtbaar voor werkgevers")),
    (VideoStatus.UPLOADED, _l("Ontvangen")),
    (VideoStatus.PROCESSING, _l("Wordt verwerkt")),
    (VideoStatus.READY, _l("Klaar")),
    (VideoStatus.FAILED, _l("Niet gelukt")),
    (ModerationStatus.PENDING, _l("Wacht op controle")),
    (ModerationStatus.APPROVED, _l("Goedgekeurd")),
    (ModerationStatus.REJECTED, _l("Afgekeurd")),
    (ViewKind.PROFILE, _l("Profiel")),
    (ViewKind.VIDEO, _l("Video")),])


def sector_choices() -> list[tuple[str, str]]:
    return labels.choices(Sector)


def sector_text(value: str | None) -> str:
    """text_of(sector_choices(), value), without translating every sector for it."""
    try:
        return labels.label(Sector(value))
    except ValueError:
        return value or ""


def text_of(options: list[tuple[str, Any]], value: str | None) -> str:
    return next((str(text) for key, text in options if key == value), value or "")


def age_range(birth_year: int | None, today: date | None = None) -> str:
    """Employers see an age group, never the birth year."""
    if not birth_year:
        return ""
    age = (today or date.today()).year - birth_year
    for low, high in ((18, 24), (25, 34), (35, 44), (45, 54)):
        if age <= high:
            return f"{low}–{high}" if age >= low else f"< {low}"
    return "55+"
