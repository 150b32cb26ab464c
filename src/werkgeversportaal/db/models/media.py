"""Self-introduction videos: where the files are, how processing and moderation went."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any
from uuid import UUID

from advanced_alchemy.base import UUIDv7AuditBase
from advanced_alchemy.types import DateTimeUTC
from sqlalchemy import JSON, BigInteger, Float, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from werkgeversportaal.db.models.accounts import enum_column


class VideoStatus(str, enum.Enum):
    UPLOADED = "uploaded"
    PROCESSING = "processing"
    READY = "ready"
    FAILED = "failed"


class ModerationStatus(str, enum.Enum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


class Video(UUIDv7AuditBase):
    __tablename__ = "video"
    # The moderation queue (videos ready and pending, per candidate, with what the queue shows of
    # each) read from the index alone on PostgreSQL.
    __table_args__ = (Index("ix_video_moderation", "moderation", "status", "candidate_id",
                            postgresql_include=["created_at", "duration_s", "id"]),)

    candidate_id: Mapped[UUID] = mapped_column(ForeignKey("candidate.id", ondelete="CASCADE"), index=True)
    folder: Mapped[str] = mapped_column(String(255))  # storage prefix holding every file of this video
    original_key: Mapped[str | None] = mapped_column(String(512), default=None)
    processed_key: Mapped[str | None] = mapped_column(String(512), default=None)
    poster_key: Mapped[str | None] = mapped_column(String(512), default=None)
    captions_key: Mapped[str | None] = mapped_column(String(512), default=None)
    original_bytes: Mapped[int] = mapped_column(BigInteger, default=0)
    processed_bytes: Mapped[int] = mapped_column(BigInteger, default=0)
    duration_s: Mapped[float | None] = mapped_column(Float, default=None)
    status: Mapped[VideoStatus] = mapped_column(enum_column(VideoStatus), default=VideoStatus.UPLOADED, index=True)
    # {"nl": ..., "en": ...}: the reason in words the candidate understands.
    failure_reason: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    moderation: Mapped[ModerationStatus] = mapped_column(enum_column(ModerationStatus),
                                                         default=ModerationStatus.PENDING)
    rejection_reason: Mapped[str] = mapped_column(Text, default="")
    moderated_by_id: Mapped[UUID | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"),
                                                         default=None)
    moderated_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True), default=None)

    def reason(self, language: str) -> str:
        reasons = self.failure_reason or {}
        return str(reasons.get(language) or reasons.get("nl") or "")
