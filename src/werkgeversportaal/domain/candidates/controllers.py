"""Candidate pages: the accountmanager's intake and the candidate's own home."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, Request, get, post
from litestar.exceptions import NotFoundException
from litestar.response import Redirect, Response, Template

from werkgeversportaal.domain.accounts.deps import runtime_dependency
from werkgeversportaal.domain.candidates.deps import candidate_service
from werkgeversportaal.domain.candidates.schemas import CandidateIntakeForm
from werkgeversportaal.domain.candidates.services import CandidateService
from werkgeversportaal.lib.forms import FormErrors, parse_form
from werkgeversportaal.lib.i18n import LOCALES
from werkgeversportaal.lib.i18n import gettext as _
from werkgeversportaal.lib.permissions import CurrentUser, Permission, current_user, requires
from werkgeversportaal.lib.rendering import flash, redirect, render
from werkgeversportaal.lib.runtime import Runtime


def _actor(request: Request[Any, Any, Any]) -> CurrentUser:
    user = current_user(request)
    assert user is not None
    return user


class CandidateIntakeController(Controller):
    path = "/accountmanager/kandidaten"
    guards = [requires(Permission.CANDIDATES_MANAGE)]
    dependencies = {**runtime_dependency, **candidate_service}
    include_in_schema = False

    @get("/", name="am_candidates")
    async def index(self, request: Request[Any, Any, Any], candidates: CandidateService) -> Template:
        rows = await candidates.of_municipality(_actor(request).municipality_id)
        return render(request, "account_manager/candidates.html", {"candidates": rows})

    @get("/nieuw", name="am_candidate_new")
    async def new(self, request: Request[Any, Any, Any]) -> Template:
        return render(request, "account_manager/candidate_new.html",
                      {"values": {"preferred_language": "nl"}, "errors": {}, "languages": LOCALES})

    @post("/nieuw")
    async def create(self, request: Request[Any, Any, Any], candidates: CandidateService,
                     runtime: Runtime) -> Response[Any]:
        form = await parse_form(request, CandidateIntakeForm)
        errors = form.errors
        if form.ok and form.data is not None:
            try:
                candidate = await candidates.intake(form.data, runtime, _actor(request))
            except FormErrors as exc:
                errors = exc.errors
            else:
                flash(request, _("Kandidaat aangemaakt. De uitnodiging is verstuurd."))
                return redirect(f"/accountmanager/kandidaten/{candidate.id}")
        return render(request, "account_manager/candidate_new.html",
                      {"values": form.values, "errors": errors, "languages": LOCALES}, status_code=400)

    @get("/{candidate_id:uuid}", name="am_candidate")
    async def detail(self, request: Request[Any, Any, Any], candidate_id: UUID,
                     candidates: CandidateService) -> Template:
        candidate = await candidates.get_managed(candidate_id, _actor(request))
        if candidate is None:
            raise NotFoundException()
        return render(request, "account_manager/candidate.html", {"candidate": candidate})

    @post("/{candidate_id:uuid}/uitnodigen", name="am_candidate_reinvite")
    async def reinvite(self, request: Request[Any, Any, Any], candidate_id: UUID, candidates: CandidateService,
                       runtime: Runtime) -> Redirect:
        actor = _actor(request)
        candidate = await candidates.get_managed(candidate_id, actor)
        if candidate is None:
            raise NotFoundException()
        await candidates.reinvite(candidate, runtime, actor)
        flash(request, _("Er is een nieuwe uitnodiging verstuurd."))
        return redirect(f"/accountmanager/kandidaten/{candidate.id}")


class CandidateHomeController(Controller):
    path = "/kandidaat"
    guards = [requires(Permission.CANDIDATE_SELF)]
    dependencies = {**candidate_service}
    include_in_schema = False

    @get("/", name="candidate_home")
    async def home(self, request: Request[Any, Any, Any], candidates: CandidateService) -> Template:
        user = _actor(request)
        candidate = await candidates.get_one_or_none(id=user.candidate_id) if user.candidate_id else None
        if candidate is None:
            raise NotFoundException()
        return render(request, "candidate/home.html", {"candidate": candidate})
