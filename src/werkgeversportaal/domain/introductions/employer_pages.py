"""The employer's side: ask for an introduction with a visible candidate, follow its status, withdraw it."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Response, Template
from sqlalchemy import select

from werkgeversportaal.db.models import Candidate, ConsentScope, Opening, OpeningStatus
from werkgeversportaal.domain.accounts.deps import runtime_dependency
from werkgeversportaal.domain.candidates.visibility import visible_candidate_ids
from werkgeversportaal.domain.introductions import labels as _labels  # noqa: F401  (registers the enum labels)
from werkgeversportaal.domain.introductions.deps import introduction_service
from werkgeversportaal.domain.introductions.schemas import RequestForm
from werkgeversportaal.domain.introductions.services import IntroductionService, visible_to_employer
from werkgeversportaal.domain.introductions.state import Action, Actor, TransitionError
from werkgeversportaal.lib.forms import FormErrors, parse_form
from werkgeversportaal.lib.i18n import gettext as _
from werkgeversportaal.lib.permissions import Permission, requires
from werkgeversportaal.lib.permissions import acting_user as _actor
from werkgeversportaal.lib.rendering import flash, redirect, render
from werkgeversportaal.lib.runtime import Runtime


async def _openings(session: Any, employer_id: UUID) -> list[tuple[str, str]]:
    rows = await session.scalars(select(Opening).where(
        Opening.employer_id == employer_id, Opening.status.in_([OpeningStatus.PUBLISHED, OpeningStatus.PAUSED]))
        .order_by(Opening.title))
    return [(str(o.id), o.title) for o in rows]


class EmployerIntroductionsController(Controller):
    path = "/werkgever"
    guards = [requires(Permission.EMPLOYER_VERIFIED)]
    dependencies = {**runtime_dependency, **introduction_service}
    include_in_schema = False

    async def _form(self, request: Request[Any, Any, Any], introductions: IntroductionService, candidate_id: UUID,
                    values: dict[str, Any], errors: dict[str, str], status_code: int = 200) -> Template:
        session, actor = introductions.repository.session, _actor(request)
        candidate = await session.get(Candidate, candidate_id)
        assert candidate is not None and actor.employer_id is not None
        return render(request, "introductions/employer_request.html", {
            "candidate": candidate, "openings": await _openings(session, actor.employer_id),
            "values": values, "errors": errors}, status_code=status_code)

    @get("/kandidaten/{candidate_id:uuid}/kennismaking", name="employer_introduction_new")
    async def new(self, request: Request[Any, Any, Any], candidate_id: FromPath[UUID],
                  introductions: NamedDependency[IntroductionService]) -> Template:
        if not await visible_to_employer(introductions.repository.session, _actor(request), candidate_id):
            raise NotFoundException()
        return await self._form(request, introductions, candidate_id, {}, {})

    @post("/kandidaten/{candidate_id:uuid}/kennismaking")
    async def create(self, request: Request[Any, Any, Any], candidate_id: FromPath[UUID],
                     introductions: NamedDependency[IntroductionService],
                     runtime: NamedDependency[Runtime]) -> Response[Any]:
        actor = _actor(request)
        if not await visible_to_employer(introductions.repository.session, actor, candidate_id):
            raise NotFoundException()
        form = await parse_form(request, RequestForm)
        errors = form.errors
        if form.ok and form.data is not None:
            try:
                await introductions.request(actor, candidate_id, form.data.opening_id, form.data.motivation, runtime)
            except FormErrors as exc:
                errors = exc.errors
            else:
                flash(request, _("Uw verzoek is verstuurd. De accountmanager van de kandidaat neemt contact op."))
                return redirect("/werkgever/kennismakingen")
        return await self._form(request, introductions, candidate_id, form.values, errors, 400)

    @get("/kennismakingen", name="employer_introductions")
    async def index(self, request: Request[Any, Any, Any],
                    introductions: NamedDependency[IntroductionService]) -> Template:
        actor = _actor(request)
        assert actor.employer_id is not None
        rows = await introductions.of_employer(actor.employer_id)
        # Rule 1: the name is shown only while the candidate is visible to the employer (consent, published).
        visible = set(await visible_candidate_ids(introductions.repository.session, actor, ConsentScope.PROFILE,
                                                  among={i.candidate_id for i in rows}))
        return render(request, "introductions/employer_list.html", {"introductions": rows, "visible": visible})

    @post("/kennismakingen/{introduction_id:uuid}/intrekken", name="employer_introduction_withdraw")
    async def withdraw(self, request: Request[Any, Any, Any], introduction_id: FromPath[UUID],
                       introductions: NamedDependency[IntroductionService],
                       runtime: NamedDependency[Runtime]) -> Response[Any]:
        actor = _actor(request)
        intro = await introductions.get_one_or_none(id=introduction_id)
        if intro is None or intro.employer_id != actor.employer_id:
            raise NotFoundException()
        try:
            await introductions.move(intro, Action.WITHDRAW, actor, Actor.EMPLOYER, runtime)
        except TransitionError as exc:
            flash(request, " ".join(exc.errors.values()), "error")
            return redirect("/werkgever/kennismakingen")
        flash(request, _("Uw verzoek is ingetrokken."))
        return redirect("/werkgever/kennismakingen")
