"""Follow-up (nazorg): which milestones are due or overdue, and the daily reminder to the accountmanagers."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any
from uuid import UUID
from zoneinfo import ZoneInfo

from sqlalchemy import select

from werkgeversportaal.db.models import Candidate, FollowUpMilestone, Introduction
from werkgeversportaal.domain.introductions.notify import account_managers_of, notify
from werkgeversportaal.lib.i18n import lazy_gettext as _l
from werkgeversportaal.lib.jobs import enqueue

if TYPE_CHECKING:
    from werkgeversportaal.lib.runtime import Runtime

REMIND = "followups.remind"
TIMEZONE = ZoneInfo("Europe/Amsterdam")
# "Due" means: the check-in is within this many days, or already past.
DUE_WITHIN_DAYS = 7


def today() -> date:
    return datetime.now(TIMEZONE).date()


def due_query(municipality_id: UUID | None = None, *, on: date | None = None) -> Any:
    """Open milestones due within a week or overdue, oldest first."""
    limit = (on or today()) + timedelta(days=DUE_WITHIN_DAYS)
    query = (select(FollowUpMilestone, Introduction)
             .join(Introduction, Introduction.id == FollowUpMilestone.introduction_id)
             .join(Candidate, Candidate.id == Introduction.candidate_id)
             .where(FollowUpMilestone.done_date.is_(None), FollowUpMilestone.due_date <= limit)
             .order_by(FollowUpMilestone.due_date))
    if municipality_id is not None:
        query = query.where(Candidate.municipality_id == municipality_id)
    return query


async def schedule_reminder(session: Any, after: date) -> None:
    """Run the reminder at 07:00 the day after `after`; one job per day (dedupe key)."""
    run_at = datetime.combine(after + timedelta(days=1), time(7, 0), TIMEZONE)
    delay = max(0.0, (run_at - datetime.now(TIMEZONE)).total_seconds())
    await enqueue(session, REMIND, {}, dedupe_key=f"{REMIND}:{run_at.date().isoformat()}", delay_seconds=delay)


async def remind(runtime: Runtime, *, on: date | None = None) -> int:
    """E-mail each accountmanager the milestones of their municipality that are due or overdue; returns how many
    milestones were mentioned. Re-schedules itself for tomorrow, so a running worker reminds daily."""
    day = on or today()
    count = 0
    async with runtime.session_maker() as session:
        rows = (await session.execute(due_query(on=day))).all()
        per_municipality: dict[UUID, list[tuple[FollowUpMilestone, Introduction]]] = defaultdict(list)
        for milestone, intro in rows:
            per_municipality[intro.candidate.municipality_id].append((milestone, intro))
        for municipality_id, items in per_municipality.items():
            overdue = sum(1 for m, _i in items if m.due_date < day)
            for manager in await account_managers_of(session, municipality_id):
                await notify(session, runtime, manager, "followup.due",
                             _l("%(count)s nazorgmoment(en) staan open, waarvan %(overdue)s te laat."),
                             "/accountmanager#nazorg", count=len(items), overdue=overdue)
            count += len(items)
        await schedule_reminder(session, day)
        await session.commit()
    return count
