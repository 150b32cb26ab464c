"""The audit trail is append-only in PostgreSQL itself: a trigger refuses DELETE, and UPDATE except
taking the actor out of rows of an erased account (candidate erasure, ON DELETE SET NULL).

SQLite has no such guard; there, as everywhere, only lib/audit.log_action writes audit rows and
only candidate erasure changes them (tests/trust_access/test_audit.py).

Revision ID: 0009_audit_append_only
Revises: 0008_saved_searches
Create Date: 2026-11-30 07:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = '0009_audit_append_only'
down_revision: str | None = '0008_saved_searches'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen copy of werkgeversportaal.db.models.system.AUDIT_GUARD_FUNCTION as of this revision.
FUNCTION = """
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
TRIGGER = (
    "CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event "
    "FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()"
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(FUNCTION)
    op.execute(TRIGGER)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TRIGGER IF EXISTS audit_event_append_only ON audit_event")
    op.execute("DROP FUNCTION IF EXISTS audit_event_append_only()")
