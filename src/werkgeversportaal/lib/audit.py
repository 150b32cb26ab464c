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
    event = AuditEvent(
        occurred_at=datetime.now(UTC),
        actor_id=actor.id if actor else None,
        actor_label=f"{actor.display_name} <{actor.email}>" if actor else "systeem",
        action=action,
        subject_type=subject_type,
        subject_id=str(subject_id),
        data={k: (str(v) if not isinstance(v, str | int | float | bool | list | dict | None) else v) for k, v in data.items()},
    )
    session.add(event)
    return event
