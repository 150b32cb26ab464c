"""What a verified employer sees of a candidate. Every request checks visibility.py first.

The list of candidates is the search page (domain/search/candidate_pages.py)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, Request, get
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Template

from werkgeversportaal.db.models import ConsentScope, ViewKind
from werkgeversportaal.domain.accounts.deps import runtime_dependency
from werkgeversportaal.domain.candidates import profile
from werkgeversportaal.domain.candidates.deps import candidate_service
from werkgeversportaal.domain.candidates.services import CandidateService
from werkgeversportaal.domain.candidates.videos import published_video, urls
from werkgeversportaal.domain.candidates.visibility import can_view
from werkgeversportaal.lib.permissions import Permission, requires
from werkgeversportaal.lib.permissions import acting_user as _actor
from werkgeversportaal.lib.rendering import render
from werkgeversportaal.lib.runtime import Runtime


class EmployerCandidatesController(Controller):
    path = "/werkgever/kandidaten"
    guards = [requires(Permission.EMPLOYER_VERIFIED)]
    dependencies = {**runtime_dependency, **candidate_service}
    include_in_schema = False

    @get("/{candidate_id:uuid}", name="employer_candidate")
    async def detail(self, request: Request[Any, Any, Any], candidate_id: FromPath[UUID],
                     candidates: NamedDependency[CandidateService], runtime: NamedDependency[Runtime]) -> Template:
        session, actor = candidates.repository.session, _actor(request)
        if not await can_view(session, actor, candidate_id, ConsentScope.PROFILE):
            raise NotFoundException()
        candidate = await candidates.get(candidate_id)
        video = None
        if await can_view(session, actor, candidate_id, ConsentScope.VIDEO):
            video = await published_video(session, candidate_id)
        await profile.record_view(session, candidate_id, actor, ViewKind.PROFILE)
        if video is not None:
            await profile.record_view(session, candidate_id, actor, ViewKind.VIDEO)
        return render(request, "employer/candidate.html", {
            "view": profile.employer_view(candidate), "video": video,
            "media": urls(runtime, video) if video else {},
        })
