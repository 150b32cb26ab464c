"""Background jobs of the introductions area."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from uuid import UUID

from werkgeversportaal.db.models import Introduction
from werkgeversportaal.domain.introductions.followup import REMIND, remind
from werkgeversportaal.domain.introductions.services import tell_stopped
from werkgeversportaal.lib.jobs import job_handler

if TYPE_CHECKING:
    from werkgeversportaal.lib.runtime import Runtime


@job_handler(REMIND)
async def remind_job(runtime: Runtime, payload: dict[str, Any]) -> None:
    await remind(runtime)


@job_handler("introductions.tell_stopped")
async def tell_stopped_job(runtime: Runtime, payload: dict[str, Any]) -> None:
    async with runtime.session_maker() as session:
        intro = await session.get(Introduction, UUID(payload["introduction_id"]))
        if intro is None:
            return  # the candidate was erased meanwhile; nobody left to tell
        await tell_stopped(session, runtime, intro)
        await session.commit()
