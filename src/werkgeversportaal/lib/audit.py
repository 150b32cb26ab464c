"""The audit trail: one call, `log_action`, in the same transaction as the change it records."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from werkgeversportaal.db.models import AuditEvent
from werkgeversportaal.lib.permissions import CurrentUser


def log_action(
    session: AsyncSession,
    actor: CurrentUser | None,
    action: str,
    subject_type: str,
    subject_id: object,
    **data: Any,
) -> AuditEvent:
    event = AuditEvent(**audit_values(actor, action, subject_type, subject_id, **data))
    session.add(event)
    return event


def audit_values(actor: CurrentUser | None, action: str, subject_type: str, subject_id: object,
                 **data: Any) -> dict[str, Any]:
    """The columns of one audit record, as `log_action` writes it (for a Core INSERT of several at once)."""
    return {
        "occurred_at": datetime.now(UTC),
        "actor_id": actor.id if actor else None,
        "actor_label": f"{actor.display_name} <{actor.email}>" if actor else "systeem",
        "action": action,
        "subject_type": subject_type,
        "subject_id": str(subject_id),
        "data": {k: _plain(v) for k, v in data.items()},
    }


def _plain(value: Any) -> Any:
    """JSON-friendly: UUIDs, dates and enums are stored as text."""
    if isinstance(value, str | int | float | bool | list | dict) or value is None:
        return value
    return str(getattr(value, "value", value))
