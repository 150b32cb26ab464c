"""Cross-cutting tables: audit trail, background jobs, sent e-mail, server-side sessions."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any
from uuid import UUID

from advanced_alchemy.base import BigIntBase, UUIDv7AuditBase
from advanced_alchemy.extensions.litestar.store import StoreModelMixin
from advanced_alchemy.types import DateTimeUTC
from sqlalchemy import DDL, JSON, ForeignKey, Index, Integer, String, Text, event
from sqlalchemy.orm import Mapped, mapped_column

from werkgeversportaal.db.models.accounts import enum_column


class AuditEvent(BigIntBase):
    """Append-only: who did or saw what. No route updates or deletes these rows."""

    __tablename__ = "audit_event"
    __table_args__ = (Index("ix_audit_event_subject", "subject_type", "subject_id"),)

    occurred_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True), index=True)
    actor_id: Mapped[UUID | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"), default=None)
    actor_label: Mapped[str] = mapped_column(String(200), default="")
    action: Mapped[str] = mapped_column(String(64), index=True)
    subject_type: Mapped[str] = mapped_column(String(40))
    subject_id: Mapped[str] = mapped_column(String(64))
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


# PostgreSQL keeps the audit trail append-only itself: no DELETE, and an UPDATE only when it takes
# the actor out of a row whose account is erased (candidate erasure and ON DELETE SET NULL do that;
# what happened stays, who it was goes). Migration 0009_audit_append_only installs the same guard;
# tests create their schema from the models, hence this hook. SQLite has no such guard.
AUDIT_GUARD_FUNCTION = """
CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'audit_event is append-only: rows cannot be deleted';
    END IF;
    IF NEW.id IS DISTINCT FROM OLD.id
       OR NEW.occurred_at IS DISTINCT FROM OLD.occurred_at
       OR NEW.action IS DISTINCT FROM OLD.action
       OR NEW.subject_type IS DISTINCT FROM OLD.subject_type
       OR NEW.subject_id IS DISTINCT FROM OLD.subject_id
       OR NEW.data::text IS DISTINCT FROM OLD.data::text THEN
        RAISE EXCEPTION 'audit_event is append-only: what happened cannot be changed';
    END IF;
    IF NEW.actor_id IS NOT DISTINCT FROM OLD.actor_id AND NEW.actor_label IS NOT DISTINCT FROM OLD.actor_label THEN
        RETURN NEW;
    END IF;
    IF OLD.actor_id IS NOT NULL AND NEW.actor_id IS NULL THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit_event is append-only: only the actor of an erased account may be removed';
END
$$
"""
AUDIT_GUARD_TRIGGER = (
    "CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event "
    "FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()"
)
event.listen(AuditEvent.__table__, "after_create", DDL(AUDIT_GUARD_FUNCTION).execute_if(dialect="postgresql"))
event.listen(AuditEvent.__table__, "after_create", DDL(AUDIT_GUARD_TRIGGER).execute_if(dialect="postgresql"))


class JobStatus(str, enum.Enum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class Job(UUIDv7AuditBase):
    """A unit of background work. Claimed with a conditional UPDATE, so it runs on SQLite and PostgreSQL alike."""

    __tablename__ = "job"
    __table_args__ = (Index("ix_job_claim", "status", "run_after"),)

    kind: Mapped[str] = mapped_column(String(64))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[JobStatus] = mapped_column(enum_column(JobStatus), default=JobStatus.QUEUED)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    max_attempts: Mapped[int] = mapped_column(Integer, default=5)
    run_after: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    locked_until: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True), default=None)
    last_error: Mapped[str] = mapped_column(Text, default="")
    dedupe_key: Mapped[str | None] = mapped_column(String(160), index=True, default=None)


class SentEmail(UUIDv7AuditBase):
    """Every e-mail the portal sends; in the embedded default this is where an admin reads them."""

    __tablename__ = "sent_email"

    to_address: Mapped[str] = mapped_column(String(254), index=True)
    subject: Mapped[str] = mapped_column(String(255))
    template: Mapped[str] = mapped_column(String(80))
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text, default="")
    transport: Mapped[str] = mapped_column(String(16))
    sent_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True), default=None)


class SessionStoreItem(StoreModelMixin):
    """Server-side sessions and rate-limit counters, kept in the database so no Redis is needed."""

    __tablename__ = "session_store"
