"""All models, imported here so Alembic and the app see one metadata."""

from __future__ import annotations

from advanced_alchemy.base import orm_registry

from werkgeversportaal.db.models.accounts import ApiToken, Municipality, OneTimeToken, Role, User
from werkgeversportaal.db.models.candidates import (
    Candidate,
    Consent,
    ConsentScope,
    ConsentText,
    ProfileView,
    ViewKind,
)
from werkgeversportaal.db.models.employers import (
    Employer,
    EmployerMembership,
    EmployerNote,
    Sector,
    VerificationStatus,
)
from werkgeversportaal.db.models.introductions import (
    ContractKind,
    FollowUpMilestone,
    Introduction,
    IntroductionEvent,
    IntroductionStatus,
    MeetingMode,
    MilestoneOutcome,
    Notification,
    StopReason,
)
from werkgeversportaal.db.models.media import ModerationStatus, Video, VideoStatus
from werkgeversportaal.db.models.openings import (
    CefrLevel,
    DayPart,
    EducationLevel,
    Opening,
    OpeningKind,
    OpeningStatus,
    Weekday,
)
from werkgeversportaal.db.models.search import IndexOp, SavedSearch, SearchOutbox
from werkgeversportaal.db.models.system import AuditEvent, Job, JobStatus, SentEmail, SessionStoreItem

metadata = orm_registry.metadata

__all__ = [
    "ApiToken",
    "AuditEvent",
    "Candidate",
    "CefrLevel",
    "Consent",
    "ConsentScope",
    "ConsentText",
    "ContractKind",
    "DayPart",
    "EducationLevel",
    "Employer",
    "EmployerMembership",
    "EmployerNote",
    "FollowUpMilestone",
    "IndexOp",
    "Introduction",
    "IntroductionEvent",
    "IntroductionStatus",
    "Job",
    "JobStatus",
    "MeetingMode",
    "MilestoneOutcome",
    "ModerationStatus",
    "Municipality",
    "Notification",
    "OneTimeToken",
    "Opening",
    "OpeningKind",
    "OpeningStatus",
    "ProfileView",
    "Role",
    "SavedSearch",
    "SearchOutbox",
    "Sector",
    "SentEmail",
    "SessionStoreItem",
    "StopReason",
    "User",
    "VerificationStatus",
    "Video",
    "VideoStatus",
    "ViewKind",
    "Weekday",
    "metadata",
]
