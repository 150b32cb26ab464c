"""Employers (organisations) and the users who act for them."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING
from uuid import UUID

from advanced_alchemy.base import UUIDv7AuditBase
from advanced_alchemy.types import DateTimeUTC
from sqlalchemy import JSON, Boolean, Float, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from werkgeversportaal.db.models.accounts import enum_column

if TYPE_CHECKING:
    from werkgeversportaal.db.models.accounts import User


class Sector(str, enum.Enum):
    CONSTRUCTION = "construction"
    ICT = "ict"
    TRANSPORT = "transport"
    INSTALLATION = "installation"
    CARE = "care"
    ENGINEERING = "engineering"
    HOSPITALITY = "hospitality"
    AGRICULTURE = "agriculture"
    OTHER = "other"


class VerificationStatus(str, enum.Enum):
    PENDING = "pending"
    VERIFIED = "verified"
    REJECTED = "rejected"
    SUSPENDED = "suspended"


class Employer(UUIDv7AuditBase):
    __tablename__ = "employer"

    name: Mapped[str] = mapped_column(String(160))
    kvk_number: Mapped[str] = mapped_column(String(8), unique=True)
    sectors: Mapped[list[str]] = mapped_column(JSON, default=list)
    street: Mapped[str] = mapped_column(String(160), default="")
    postal_code: Mapped[str] = mapped_column(String(8), default="")
    place: Mapped[str] = mapped_column(String(120))
    # From the offline list of Dutch places (data/places_nl.csv), so distances need no network.
    lat: Mapped[float | None] = mapped_column(Float, default=None)
    lng: Mapped[float | None] = mapped_column(Float, default=None)
    website: Mapped[str] = mapped_column(String(255), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    verification_status: Mapped[VerificationStatus] = mapped_column(
        enum_column(VerificationStatus), default=VerificationStatus.PENDING, index=True
    )
    status_reason: Mapped[str] = mapped_column(Text, default="")
    verified_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True), default=None)
    public_register: Mapped[bool] = mapped_column(Boolean, default=False)
    offers_mentor: Mapped[bool] = mapped_column(Boolean, default=False)
    offers_language_coach: Mapped[bool] = mapped_column(Boolean, default=False)
    offers_language_friendly_schedule: Mapped[bool] = mapped_column(Boolean, default=False)
    offers_interpreter: Mapped[bool] = mapped_column(Boolean, default=False)

    memberships: Mapped[list[EmployerMembership]] = relationship(
        back_populates="employer", lazy="selectin", cascade="all, delete-orphan"
    )

    @property
    def is_verified(self) -> bool:
        return self.verification_status == VerificationStatus.VERIFIED


class EmployerMembership(UUIDv7AuditBase):
    """A contact user of an employer. One user acts for one organisation."""

    __tablename__ = "employer_membership"
    __table_args__ = (UniqueConstraint("employer_id", "user_id"),)

    employer_id: Mapped[UUID] = mapped_column(ForeignKey("employer.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[UUID] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), unique=True)
    job_title: Mapped[str] = mapped_column(String(120), default="")
    phone: Mapped[str] = mapped_column(String(32), default="")

    employer: Mapped[Employer] = relationship(back_populates="memberships", lazy="joined")
    user: Mapped[User] = relationship(back_populates="memberships", lazy="joined")


class EmployerNote(UUIDv7AuditBase):
    """An accountmanager's internal note on an employer. Never shown to the employer."""

    __tablename__ = "employer_note"

    employer_id: Mapped[UUID] = mapped_column(ForeignKey("employer.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[UUID | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"), default=None)
    author_label: Mapped[str] = mapped_column(String(200), default="")
    body: Mapped[str] = mapped_column(Text)
