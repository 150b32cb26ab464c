"""Openings: vacancies, internships and other places an employer offers."""

from __future__ import annotations

import enum
from datetime import date
from uuid import UUID

from advanced_alchemy.base import UUIDv7AuditBase
from sqlalchemy import JSON, Boolean, Date, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from werkgeversportaal.db.models.accounts import enum_column
from werkgeversportaal.db.models.employers import Employer, Sector


class OpeningKind(str, enum.Enum):
    VACANCY = "vacancy"
    INTERNSHIP = "internship"
    WORK_EXPERIENCE = "work_experience"
    WORK_STUDY = "work_study"
    LANGUAGE_INTERNSHIP = "language_internship"


class OpeningStatus(str, enum.Enum):
    DRAFT = "draft"
    PUBLISHED = "published"
    PAUSED = "paused"
    FILLED = "filled"
    CLOSED = "closed"


class CefrLevel(str, enum.Enum):
    A0 = "A0"
    A1 = "A1"
    A2 = "A2"
    B1 = "B1"
    B2 = "B2"
    C1 = "C1"
    C2 = "C2"


class EducationLevel(str, enum.Enum):
    NONE = "none"
    MBO1 = "mbo1"
    MBO2 = "mbo2"
    MBO3 = "mbo3"
    MBO4 = "mbo4"
    HBO = "hbo"
    WO = "wo"


class Weekday(str, enum.Enum):
    MON = "mon"
    TUE = "tue"
    WED = "wed"
    THU = "thu"
    FRI = "fri"
    SAT = "sat"
    SUN = "sun"


class DayPart(str, enum.Enum):
    MORNING = "morning"
    AFTERNOON = "afternoon"
    EVENING = "evening"


class Opening(UUIDv7AuditBase):
    __tablename__ = "opening"

    employer_id: Mapped[UUID] = mapped_column(ForeignKey("employer.id", ondelete="CASCADE"), index=True)
    kind: Mapped[OpeningKind] = mapped_column(enum_column(OpeningKind), index=True)
    status: Mapped[OpeningStatus] = mapped_column(enum_column(OpeningStatus), default=OpeningStatus.DRAFT,
                                                  index=True)
    title: Mapped[str] = mapped_column(String(160))
    description: Mapped[str] = mapped_column(Text, default="")
    sector: Mapped[Sector] = mapped_column(enum_column(Sector), index=True)
    occupation: Mapped[str] = mapped_column(String(160), default="")
    place: Mapped[str] = mapped_column(String(120))
    lat: Mapped[float | None] = mapped_column(Float, default=None)
    lng: Mapped[float | None] = mapped_column(Float, default=None)
    hours_per_week: Mapped[int] = mapped_column(Integer)
    workdays: Mapped[list[str]] = mapped_column(JSON, default=list)
    day_parts: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Kept free so a candidate can follow Dutch lessons next to the work (dual trajectory).
    language_days: Mapped[list[str]] = mapped_column(JSON, default=list)
    language_day_parts: Mapped[list[str]] = mapped_column(JSON, default=list)
    dutch_level: Mapped[CefrLevel] = mapped_column(enum_column(CefrLevel, length=2), default=CefrLevel.A2)
    education_level: Mapped[EducationLevel] = mapped_column(enum_column(EducationLevel), default=EducationLevel.NONE)
    start_date: Mapped[date | None] = mapped_column(Date, default=None)
    duration: Mapped[str] = mapped_column(String(120), default="")
    paid: Mapped[bool] = mapped_column(Boolean, default=True)
    pay_indication: Mapped[str] = mapped_column(String(160), default="")
    places_available: Mapped[int] = mapped_column(Integer, default=1)
    closing_date: Mapped[date | None] = mapped_column(Date, default=None, index=True)

    employer: Mapped[Employer] = relationship(lazy="joined")
