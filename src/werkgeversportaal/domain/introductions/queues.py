"""The accountmanager's work queues: counts and the oldest items first, for the home page."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any
from uuid import UUID

from sqlalchemy import func, select

from werkgeversportaal.db.models import (
    Candidate,
    Employer,
    Introduction,
    IntroductionStatus,
    ModerationStatus,
    VerificationStatus,
    Video,
    VideoStatus,
)
from werkgeversportaal.domain.introductions.followup import TIMEZONE, due_query, today

SHOWN = 5


async def _queue(session: Any, query: Any, count_query: Any) -> dict[str, Any]:
    return {"count": int(await session.scalar(count_query) or 0),
            "items": list((await session.execute(query.limit(SHOWN))).unique().all())}


async def work_queues(session: Any, municipality_id: UUID | None) -> dict[str, dict[str, Any]]:
    in_municipality = Candidate.municipality_id == municipality_id
    employers = select(Employer).where(Employer.verification_status == VerificationStatus.PENDING) \
        .order_by(Employer.created_at)
    videos = (select(Video, Candidate).join(Candidate, Candidate.id == Video.candidate_id)
              .where(in_municipality, Video.status == VideoStatus.READY,
                     Video.moderation == ModerationStatus.PENDING).order_by(Video.created_at))
    requested = (select(Introduction).join(Candidate, Candidate.id == Introduction.candidate_id)
                 .where(in_municipality, Introduction.status.in_([IntroductionStatus.REQUESTED,
                                                                  IntroductionStatus.CANDIDATE_AGREED]))
                 .order_by(Introduction.created_at))
    day = today()
    week_start = datetime.combine(day - timedelta(days=day.weekday()), time(0), TIMEZONE)
    meetings = (select(Introduction).join(Candidate, Candidate.id == Introduction.candidate_id)
                .where(in_municipality, Introduction.status == IntroductionStatus.MEETING_PLANNED,
                       Introduction.meeting_at >= week_start, Introduction.meeting_at < week_start + timedelta(days=7))
                .order_by(Introduction.meeting_at))
    due = due_query(municipality_id, on=day)
    return {
        "employers": await _queue(session, employers, select(func.count()).select_from(employers.subquery())),
        "videos": await _queue(session, videos, select(func.count()).select_from(videos.subquery())),
        "introductions": await _queue(session, requested, select(func.count()).select_from(requested.subquery())),
        "meetings": await _queue(session, meetings, select(func.count()).select_from(meetings.subquery())),
        "followups": await _queue(session, due, select(func.count()).select_from(due.subquery())),
        "today": {"count": 0, "items": [day]},
    }
