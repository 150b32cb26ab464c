"""The accountmanager's work queues: counts and the oldest items first, for the home page.

Every count in one query; then the first items only of the queues that have any, as plain columns.
The statements are built once (the municipality and the dates are bind parameters), so SQLAlchemy
reuses their compiled SQL (found by a short key, lib/sql.prebuilt); their fixed statuses are written
into the SQL (enum_constant), so PostgreSQL keeps one plan per statement instead of planning the counts
on every visit.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any
from uuid import UUID

from sqlalchemy import bindparam, func, select

from werkgeversportaal.db.models import (
    Candidate,
    Employer,
    FollowUpMilestone,
    Introduction,
    IntroductionStatus,
    VerificationStatus,
    Video,
)
from werkgeversportaal.db.models.accounts import enum_constant
from werkgeversportaal.domain.candidates.videos import AWAITING_MODERATION, VIDEO_IN_MUNICIPALITY
from werkgeversportaal.domain.introductions.followup import DUE_WITHIN_DAYS, TIMEZONE, today
from werkgeversportaal.lib.sql import fetch_rows, prebuilt

SHOWN = 5

_employer = Employer.__table__.c
_candidate = Candidate.__table__.c
_video = Video.__table__.c
_intro = Introduction.__table__.c
_milestone = FollowUpMilestone.__table__.c
_videos_from = Video.__table__.join(Candidate.__table__, _candidate.id == _video.candidate_id)
_intros_from = Introduction.__table__.join(Candidate.__table__, _candidate.id == _intro.candidate_id) \
    .join(Employer.__table__, _employer.id == _intro.employer_id)
_milestones_from = FollowUpMilestone.__table__.join(Introduction.__table__, _intro.id == _milestone.introduction_id) \
    .join(Candidate.__table__, _candidate.id == _intro.candidate_id) \
    .join(Employer.__table__, _employer.id == _intro.employer_id)


def _in_municipality() -> Any:
    return _candidate.municipality_id == bindparam("municipality_id")


def _queues(all_municipalities_followups: bool) -> dict[str, tuple[Any, Any]]:
    """Per queue: (the statement counting it, the statement of its first items, oldest first)."""
    pending = [_employer.verification_status == enum_constant(VerificationStatus.PENDING)]
    videos = [_in_municipality(), *AWAITING_MODERATION]
    requested = [_in_municipality(), _intro.status.in_([enum_constant(IntroductionStatus.REQUESTED),
                                                         enum_constant(IntroductionStatus.CANDIDATE_AGREED)])]
    meetings = [_in_municipality(), _intro.status == enum_constant(IntroductionStatus.MEETING_PLANNED),
                _intro.meeting_at >= bindparam("week_start"), _intro.meeting_at < bindparam("week_end")]
    # Open milestones due within a week or overdue (followup.due_query); an accountmanager without a
    # municipality sees those of every municipality there, as before.
    followups = [_milestone.done_date.is_(None), _milestone.due_date <= bindparam("due_limit"),
                 *([] if all_municipalities_followups else [_in_municipality()])]
    employer_name = _employer.name.label("employer_name")
    return {
        "employers": (select(func.count()).select_from(Employer.__table__).where(*pending),
                      select(_employer.id, _employer.name, _employer.created_at).where(*pending)
                      .order_by(_employer.created_at).limit(SHOWN)),
        "videos": (select(func.count()).select_from(_videos_from).where(*videos),
                   select(_video.id, _video.created_at, _candidate.given_name, _candidate.family_name)
                   .select_from(_videos_from).where(VIDEO_IN_MUNICIPALITY, *AWAITING_MODERATION)
                   .order_by(_video.created_at).limit(SHOWN)),
        "introductions": (select(func.count()).select_from(_intros_from).where(*requested),
                          select(_intro.id, _intro.created_at, _intro.status, employer_name, _candidate.given_name,
                                 _candidate.family_name)
                          .select_from(_intros_from).where(*requested).order_by(_intro.created_at).limit(SHOWN)),
        "meetings": (select(func.count()).select_from(_intros_from).where(*meetings),
                     select(_intro.id, _intro.meeting_at, employer_name, _candidate.given_name)
                     .select_from(_intros_from).where(*meetings).order_by(_intro.meeting_at).limit(SHOWN)),
        "followups": (select(func.count()).select_from(_milestones_from).where(*followups),
                      select(_milestone.title, _milestone.due_date, _intro.id.label("introduction_id"),
                             _candidate.given_name, _candidate.family_name, employer_name)
                      .select_from(_milestones_from).where(*followups).order_by(_milestone.due_date).limit(SHOWN)),
    }


def _statements(all_municipalities_followups: bool) -> tuple[Any, dict[str, Any]]:
    queues = _queues(all_municipalities_followups)
    counts = select(
        select(func.count()).select_from(Candidate.__table__).where(_in_municipality())
        .scalar_subquery().label("candidates"),
        *(count.scalar_subquery().label(name) for name, (count, _items) in queues.items()),
    )
    return prebuilt(counts), {name: prebuilt(items) for name, (_count, items) in queues.items()}


_OWN = _statements(all_municipalities_followups=False)
_ALL = _statements(all_municipalities_followups=True)


def _meeting(row: Any) -> dict[str, Any]:
    # Meetings are shown in Dutch time (Introduction.meeting_local).
    return {"id": row.id, "meeting_local": row.meeting_at.astimezone(TIMEZONE) if row.meeting_at else None,
            "employer_name": row.employer_name, "given_name": row.given_name}


async def work_queues(session: Any, municipality_id: UUID | None, *, on: date | None = None) -> dict[str, Any]:
    """Each queue's count and its first items, oldest first; "candidates" counts the municipality's candidates."""
    day = on or today()
    week_start = datetime.combine(day - timedelta(days=day.weekday()), time(0), TIMEZONE)
    params = {"municipality_id": municipality_id, "week_start": week_start,
              "week_end": week_start + timedelta(days=7), "due_limit": day + timedelta(days=DUE_WITHIN_DAYS)}
    counts_query, items = _OWN if municipality_id is not None else _ALL
    counts = (await fetch_rows(session, counts_query, params))[0]._asdict()
    queues: dict[str, Any] = {"candidates": {"count": int(counts.pop("candidates") or 0), "items": []}}
    for name, count in counts.items():
        rows = await fetch_rows(session, items[name], params) if count else []
        queues[name] = {"count": int(count or 0), "items": [_meeting(r) for r in rows] if name == "meetings" else rows}
    queues["today"] = {"count": 0, "items": [day]}
    return queues
