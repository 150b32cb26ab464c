"""The candidate's side: requests to meet, in their own language; agree or decline (no reason needed)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Response, Template

from werkgeversportaal.domain.accounts.deps import runtime_dependency
from werkgeversportaal.domain.introductions.deps import introduction_service
from werkgeversportaal.domain.introductions.labels import MEANING
from werkgeversportaal.domain.introductions.services import IntroductionService
from werkgeversportaal.domain.introductions.state import Action, Actor, TransitionError
from werkgeversportaal.lib.i18n import gettext as _
from werkgeversportaal.lib.permissions import Permission, requires
from werkgeversportaal.lib.permissions import acting_user as _actor
from werkgeversportaal.lib.rendering import flash, redirect, render
from werkgeversportaal.lib.runtime import Runtime


class CandidateIntroductionsController(Controller):
    path = "/kandidaat/kennismakingen"
    guards = [requires(Permission.CANDIDATE_SELF)]
    dependencies = {**runtime_dependency, **introduction_service}
    include_in_schema = False

    @get("/", name="candidate_introductions")
    async def index(self, request: Request[Any, Any, Any],
                    introductions: NamedDependency[IntroductionService]) -> Template:
        actor = _actor(request)
        rows = await introductions.of_candidate(actor.candidate_id) if actor.candidate_id else []
        return render(request, "introductions/candidate_list.html", {"introductions": rows, "meaning": MEANING})

    async def _answer(self, request: Request[Any, Any, Any], introduction_id: UUID, action: Action,
                      introductions: IntroductionService, runtime: Runtime) -> Response[Any]:
        actor = _actor(request)
        intro = await introductions.get_one_or_none(id=introduction_id)
        if intro is None or actor.candidate_id is None or intro.candidate_id != actor.candidate_id:
            raise NotFoundException()
        try:
            await introductions.move(intro, action, actor, Actor.CANDIDATE, runtime)
        except TransitionError as exc:
            # Nothing was written; the page says why (for example: the employer withdrew the request).
            flash(request, " ".join(exc.errors.values()), "error")
            return redirect("/kandidaat/kennismakingen")
        flash(request, _("Dank u. Uw accountmanager neemt contact met u op.") if action is Action.AGREE
              else _("U heeft nee gezegd. De werkgever hoort niet waarom."))
        return redirect("/kandidaat/kennismakingen")

    @post("/{introduction_id:uuid}/akkoord", name="candidate_introduction_agree")
    async def agree(self, request: Request[Any, Any, Any], introduction_id: FromPath[UUID],
                    introductions: NamedDependency[IntroductionService],
                    runtime: NamedDependency[Runtime]) -> Response[Any]:
        return await self._answer(request, introduction_id, Action.AGREE, introductions, runtime)

    @post("/{introduction_id:uuid}/afwijzen", name="candidate_introduction_decline")
    async def decline(self, request: Request[Any, Any, Any], introduction_id: FromPath[UUID],
                      introductions: NamedDependency[IntroductionService],
                      runtime: NamedDependency[Runtime]) -> Response[Any]:
        return await self._answer(request, introduction_id, Action.DECLINE, introductions, runtime)
