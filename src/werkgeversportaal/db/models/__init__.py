"""All models, imported here so Alembic and the app see one metadata."""

from __future__ import annotations

from advanced_alchemy.base import orm_registry

from werkgeversportaal.db.models.accounts import ApiToken, Municipality, OneTimeToken, Role, User
from werkgeversportaal.db.models.candidates import Candidate
from werkgeversportaal.db.models.employers import Employer, EmployerMembership, Sector, VerificationStatus
from werkgeversportaal.db.models.search import IndexOp, SearchOutbox
from werkgeversportaal.db.models.system import AuditEvent, Job, JobStatus, SentEmail, SessionStoreItem

metadata = orm_registry.metadata

__all__ = [
    "ApiToken",
    "AuditEvent",
    "Candidate",
    "Employer",
    "EmployerMembership",
    "IndexOp",
    "Job",
    "JobStatus",
    "Municipality",
    "OneTimeToken",
    "Role",
    "SearchOutbox",
    "Sector",
    "SentEmail",
    "SessionStoreItem",
    "User",
    "VerificationStatus",
    "metadata",
]
