"""Factories of the candidates area: consent, publishing, videos in any state."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from werkgeversportaal.db.models import Candidate, Consent, ConsentScope, ModerationStatus, Video, VideoStatus
from werkgeversportaal.domain.candidates.consent_texts import current_version


def published(db: Session, candidate: Candidate, **profile: Any) -> Candidate:
    candidate.published = True
    for key, value in profile.items():
        setattr(candidate, key, value)
    db.commit()
    return candidate


def consent(db: Session, candidate: Candidate, scope: str, *, version: int | None = None) -> Consent:
    s = ConsentScope(scope)
    row = Consent(candidate_id=candidate.id, scope=s, text_version=version or current_version(s), language="nl",
                  granted_at=datetime.now(UTC), granted_by_id=candidate.user_id)
    db.add(row)
    db.commit()
    return row


def ready_video(db: Session, candidate: Candidate, *, moderation: ModerationStatus = ModerationStatus.PENDING,
                folder: str | None = None) -> Video:
    folder = folder or f"candidates/{candidate.id.hex}/0123456789abcdef0123456789abcdef"
    video = Video(candidate_id=candidate.id, folder=folder, processed_key=f"{folder}/video.mp4",
                  poster_key=f"{folder}/poster.jpg", status=VideoStatus.READY, moderation=moderation,
                  duration_s=12.0, processed_bytes=1000, original_bytes=2000)
    db.add(video)
    db.commit()
    return video


def visible_candidate(db: Session, municipality: Any, **kwargs: Any) -> Candidate:
    from tests import factories

    candidate, _user = factories.candidate(db, municipality, **kwargs)
    published(db, candidate)
    consent(db, candidate, "profile")
    consent(db, candidate, "video")
    return candidate
