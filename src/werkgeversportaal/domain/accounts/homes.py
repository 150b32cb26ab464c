"""The accountmanager's home: the work queues (more queues arrive with their areas)."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get
from litestar.di import NamedDependency
from litestar.response import Template
from sqlalchemy import func, select

from werkgeversportaal.db.models import Candidate, Employer, VerificationStatus
from werkgeversportaal.domain.accounts.deps import user_service
from werkgeversportaal.domain.accounts.services import UserService
from werkgeversportaal.lib.permissions import Permission, acting_user, requires
from werkgeversportaal.lib.rendering import render


class AccountManagerHomeController(Controller):
    path = "/accountmanager"
    guards = [requires(Permission.CANDIDATES_MANAGE)]
    dependencies = {**user_service}
    include_in_schema = False

    @get("/", name="am_home")
    async def home(self, request: Request[Any, Any, Any], users: NamedDependency[UserService]) -> Template:
        user = acting_user(request)
        session = users.repository.session
        pending = await session.scalar(
            select(func.count(Employer.id)).where(Employer.verification_status == VerificationStatus.PENDING))
        candidates = await session.scalar(
            select(func.count(Candidate.id)).where(Candidate.municipality_id == user.municipality_id))
        from werkgeversportaal.domain.introductions.queues import work_queues

        return render(request, "account_manager/home.html",
                      {"pending_employers": pending or 0, "candidate_count": candidates or 0,
                       "queues": await work_queues(session, user.municipality_id)})
