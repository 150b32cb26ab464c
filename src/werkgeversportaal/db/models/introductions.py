"""Introductions (kennismakingen): employer meets candidate through the accountmanager; follow-up and
notifications."""

from __future__ import annotations

import enum
from datetime import date, datetime
from uuid import UUID
from zoneinfo import ZoneInfo

from advanced_alchemy.base import UUIDv7AuditBase
from advanced_alchemy.types import DateTimeUTC
from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from werkgeversportaal.db.models.accounts import enum_column
from werkgeversportaal.db.models.candidates import Candidate
from werkgeversportaal.db.models.employers import Employer
from werkgeversportaal.db.models.openings import Opening


class IntroductionStatus(str, enum.Enum):
    REQUESTED = "requested"
    CANDIDATE_AGREED = "candidate_agreed"
    MEETING_PLANNED = "meeting_planned"
    TRIAL = "trial"
    PLACED = "placed"
    FOLLOWUP = "followup"
    COMPLETED = "completed"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"
    STOPPED = "stopped"


class StopReason(str, enum.Enum):
    NO_FIT = "no_fit"
    CANDIDATE_UNAVAILABLE = "candidate_unavailable"
    EMPLOYER_NO_LONGER = "employer_no_longer"
    LANGUAGE = "language"
    HEALTH = "health"
    CONSENT_WITHDRAWN = "consent_withdrawn"
    OTHER = "other"


class MeetingMode(str, enum.Enum):
    ON_SITE = "on_site"
    VIDEO = "video"


class ContractKind(str, enum.Enum):
    PERMANENT = "permanent"
    TEMPORARY = "temporary"
    INTERNSHIP = "internship"
    WORK_STUDY = "work_study"
    OTHER = "other"


class MilestoneOutcome(str, enum.Enum):
    GOING_WELL = "going_well"
    NEEDS_ATTENTION = "needs_attention"
    AT_RISK = "at_risk"
    STOPPED = "stopped"


class Introduction(UUIDv7AuditBase):
    __tablename__ = "introduction"

    employer_id: Mapped[UUID] = mapped_column(ForeignKey("employer.id", ondelete="CASCADE"), index=True)
    candidate_id: Mapped[UUID] = mapped_column(ForeignKey("candidate.id", ondelete="CASCADE"), index=True)
    opening_id: Mapped[UUID | None] = mapped_column(ForeignKey("opening.id", ondelete="SET NULL"), default=None)
    requested_by_id: Mapped[UUID | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"),
                                                         default=None)
    motivation: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[IntroductionStatus] = mapped_column(
        enum_column(IntroductionStatus), default=IntroductionStatus.REQUESTED, index=True)
    stop_reason: Mapped[StopReason | None] = mapped_column(enum_column(StopReason), default=None)
    stop_note: Mapped[str] = mapped_column(Text, default="")
    meeting_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True), default=None, index=True)
    meeting_mode: Mapped[MeetingMode | None] = mapped_column(enum_column(MeetingMode), default=None)
    meeting_place: Mapped[str] = mapped_column(String(255), default="")
    interpreter_needed: Mapped[bool] = mapped_column(Boolean, default=False)
    attendees: Mapped[str] = mapped_column(Text, default="")
    trial_start: Mapped[date | None] = mapped_column(Date, default=None)
    trial_end: Mapped[date | None] = mapped_column(Date, default=None)
    contract_kind: Mapped[ContractKind | None] = mapped_column(enum_column(ContractKind), default=None)
    contract_start: Mapped[date | None] = mapped_column(Date, default=None)
    placed_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True), default=None)
    # Optimistic concurrency: a move names the version it saw; a changed version means someone was first.
    version: Mapped[int] = mapped_column(Integer, default=1)

    employer: Mapped[Employer] = relationship(lazy="joined")
    candidate: Mapped[Candidate] = relationship(lazy="joined")
    opening: Mapped[Opening | None] = relationship(lazy="joined")

    @property
    def meeting_local(self) -> datetime | None:
        """The meeting in Dutch time: meetings are planned and shown in the municipality's time zone."""
        return self.meeting_at.astimezone(ZoneInfo("Europe/Amsterdam")) if self.meeting_at else None


class IntroductionEvent(UUIDv7AuditBase):
    """Append-only history of an introduction."""

    __tablename__ = "introduction_event"

    introduction_id: Mapped[UUID] = mapped_column(ForeignKey("introduction.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[UUID | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"), default=None)
    actor_label: Mapped[str] = mapped_column(String(200), default="")
    occurred_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    from_status: Mapped[str] = mapped_column(String(32), default="")
    to_status: Mapped[str] = mapped_column(String(32))
    note: Mapped[str] = mapped_column(Text, default="")


class FollowUpMilestone(UUIDv7AuditBase):
    __tablename__ = "followup_milestone"

    introduction_id: Mapped[UUID] = mapped_column(ForeignKey("introduction.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(160))
    due_date: Mapped[date] = mapped_column(Date, index=True)
    done_date: Mapped[date | None] = mapped_column(Date, default=None)
    outcome: Mapped[MilestoneOutcome | None] = mapped_column(enum_column(MilestoneOutcome), default=None)
    notes: Mapped[str] = mapped_column(Text, default="")
    support_actions: Mapped[list[str]] = mapped_column(JSON, default=list)


class Notification(UUIDv7AuditBase):
    __tablename__ = "notification"

    user_id: Mapped[UUID] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)
    link: Mapped[str] = mapped_column(String(255), default="")
    read_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True), default=None)
