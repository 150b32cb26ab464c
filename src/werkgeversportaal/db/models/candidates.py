"""Candidates (statushouders): profile, consent (append-only) and who viewed them."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any
from uuid import UUID

from advanced_alchemy.base import UUIDv7AuditBase
from advanced_alchemy.types import DateTimeUTC
from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from werkgeversportaal.db.models.accounts import Municipality, User, enum_column


class Candidate(UUIDv7AuditBase):
    __tablename__ = "candidate"
    # With the id: the accountmanager's counts and queues join a municipality's candidates from the index alone.
    __table_args__ = (Index("ix_candidate_municipality_id", "municipality_id", "id"),)

    municipality_id: Mapped[UUID] = mapped_column(ForeignKey("municipality.id"))
    user_id: Mapped[UUID | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), unique=True, default=None
    )
    given_name: Mapped[str] = mapped_column(String(80))
    family_name: Mapped[str] = mapped_column(String(120))
    created_by_id: Mapped[UUID | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), default=None
    )
    birth_year: Mapped[int | None] = mapped_column(Integer, default=None)
    place: Mapped[str] = mapped_column(String(120), default="")
    travel_radius_km: Mapped[int | None] = mapped_column(Integer, default=None)
    # Dutch CEFR level per skill: {"listening": "A2", "reading": "A1", "speaking": "A2", "writing": "A1"}.
    dutch_levels: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    # [{"language": "Arabisch", "level": "C2"}]
    other_languages: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
    # {"level": "mbo2", "field": ..., "country": ..., "in_nl": bool, "diploma_valued": bool}
    education: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # [{"sector": "construction", "occupation": "Metselaar", "years": 4}]
    experience: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    wished_sectors: Mapped[list[str]] = mapped_column(JSON, default=list)
    wished_occupations: Mapped[str] = mapped_column(String(255), default="")
    wished_opening_kinds: Mapped[list[str]] = mapped_column(JSON, default=list)
    hours_per_week: Mapped[int | None] = mapped_column(Integer, default=None)
    available_from: Mapped[date | None] = mapped_column(Date, default=None)
    language_class_days: Mapped[list[str]] = mapped_column(JSON, default=list)
    civic_integration_status: Mapped[str] = mapped_column(String(32), default="")
    # {"work_level": "mbo3", "competences": "...", "date": "2026-01-10", "instrument": "Talentscan"}
    assessment: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    private_notes: Mapped[str] = mapped_column(Text, default="")
    self_introduction: Mapped[str] = mapped_column(Text, default="")
    published: Mapped[bool] = mapped_column(Boolean, default=False)
    # When `published` last became true: with the consent grant, when employers could first see them.
    published_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True), default=None)

    municipality: Mapped[Municipality] = relationship(lazy="joined")
    user: Mapped[User | None] = relationship(foreign_keys=[user_id], lazy="joined")

    @property
    def public_name(self) -> str:
        """What an employer sees: the given name and the initial of the family name."""
        return public_name(self.given_name, self.family_name)


def public_name(given_name: str, family_name: str) -> str:
    """The given name and the initial of the family name (also for rows read without the ORM)."""
    initial = family_name[:1].upper()
    return f"{given_name} {initial}." if initial else given_name


class ConsentScope(str, enum.Enum):
    PROFILE = "profile"
    VIDEO = "video"


class ConsentText(UUIDv7AuditBase):
    """One version of a consent text in one language; the texts themselves are data (consent_texts.py)."""

    __tablename__ = "consent_text"
    __table_args__ = (UniqueConstraint("scope", "version", "language"),)

    scope: Mapped[ConsentScope] = mapped_column(enum_column(ConsentScope))
    version: Mapped[int] = mapped_column(Integer)
    language: Mapped[str] = mapped_column(String(8))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)


class Consent(UUIDv7AuditBase):
    """A grant, append-only: withdrawal sets `withdrawn_at` once; rows go only when the candidate is erased."""

    __tablename__ = "consent"

    candidate_id: Mapped[UUID] = mapped_column(ForeignKey("candidate.id", ondelete="CASCADE"), index=True)
    scope: Mapped[ConsentScope] = mapped_column(enum_column(ConsentScope))
    granted_by_id: Mapped[UUID | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"),
                                                       default=None)
    on_behalf: Mapped[bool] = mapped_column(Boolean, default=False)  # given on a signed paper form
    text_version: Mapped[int] = mapped_column(Integer)
    language: Mapped[str] = mapped_column(String(8))
    granted_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    withdrawn_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True), default=None)
    withdrawn_by_id: Mapped[UUID | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"),
                                                         default=None)


class ViewKind(str, enum.Enum):
    PROFILE = "profile"
    VIDEO = "video"


class ProfileView(UUIDv7AuditBase):
    """An employer looked at a candidate's profile or video ("who viewed me")."""

    __tablename__ = "profile_view"

    candidate_id: Mapped[UUID] = mapped_column(ForeignKey("candidate.id", ondelete="CASCADE"), index=True)
    employer_id: Mapped[UUID] = mapped_column(ForeignKey("employer.id", ondelete="CASCADE"), index=True)
    viewer_id: Mapped[UUID | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"), default=None)
    kind: Mapped[ViewKind] = mapped_column(enum_column(ViewKind))
    viewed_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True), index=True)
