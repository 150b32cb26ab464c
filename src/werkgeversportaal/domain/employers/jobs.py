"""Background jobs of the employers area."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from werkgeversportaal.domain.employers.openings import CLOSE_EXPIRED, OpeningService, schedule_close_expired, today
from werkgeversportaal.lib.jobs import job_handler

if TYPE_CHECKING:
    from werkgeversportaal.lib.runtime import Runtime


async def close_expired_openings(runtime: Runtime) -> int:
    async with runtime.session_maker() as session:
        closed = await OpeningService(session=session).close_expired(runtime)
        # Re-schedule for tomorrow, so a running worker checks every day without cron.
        await schedule_close_expired(session, today())
        await session.commit()
    return len(closed)


@job_handler(CLOSE_EXPIRED)
async def close_expired_openings_job(runtime: Runtime, payload: dict[str, Any]) -> None:
    await close_expired_openings(runtime)
