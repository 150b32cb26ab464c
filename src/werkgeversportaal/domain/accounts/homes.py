"""The accountmanager's home: the work queues (more queues arrive with their areas)."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get
from litestar.di import NamedDependency
from litestar.response import Template
from sqlalchemy.ext.asyncio import AsyncSession

from werkgeversportaal.lib.middleware import AUTOCOMMIT_OPT
from werkgeversportaal.lib.permissions import Permission, acting_user, requires
from werkgeversportaal.lib.rendering import render


class AccountManagerHomeController(Controller):
    path = "/accountmanager"
    guards = [requires(Permission.CANDIDATES_MANAGE)]
    include_in_schema = False

    @get("/", name="am_home", opt=AUTOCOMMIT_OPT)
    async def home(self, request: Request[Any, Any, Any], db_session: NamedDependency[AsyncSession]) -> Template:
        from werkgeversportaal.domain.introductions.queues import work_queues

        queues = await work_queues(db_session, acting_user(request).municipality_id)
        return render(request, "account_manager/home.html",
                      {"pending_employers": queues["employers"]["count"],
                       "candidate_count": queues["candidates"]["count"], "queues": queues})
