"""The accountmanager's side: the request queue, one introduction with its history, every pipeline step,
the pipeline board (htmx moves with a plain-form fallback) and the follow-up milestones."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import msgspec
from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import Response, Template
from sqlalchemy import bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

from werkgeversportaal.db.models import (
    Candidate,
    ContractKind,
    Employer,
    FollowUpMilestone,
    Introduction,
    MeetingMode,
    MilestoneOutcome,
    Sector,
    StopReason,
)
from werkgeversportaal.db.models.accounts import enum_constant
from werkgeversportaal.domain.accounts.deps import runtime_dependency
from werkgeversportaal.domain.introductions import labels as _labels  # noqa: F401  (registers the enum labels)
from werkgeversportaal.domain.introductions.deps import introduction_service
from werkgeversportaal.domain.introductions.labels import SupportAction
from werkgeversportaal.domain.introductions.schemas import (
    MeetingForm,
    MilestoneForm,
    MoveForm,
    PlaceForm,
    StopForm,
    TrialForm,
)
from werkgeversportaal.domain.introductions.services import IntroductionService
from werkgeversportaal.domain.introductions.state import OPEN, PIPELINE, Action, Actor, TransitionError, actions_for
from werkgeversportaal.lib.audit import log_action
from werkgeversportaal.lib.forms import parse_form
from werkgeversportaal.lib.i18n import gettext as _
from werkgeversportaal.lib.labels import choices, label
from werkgeversportaal.lib.middleware import AUTOCOMMIT_OPT
from werkgeversportaal.lib.permissions import CurrentUser, Permission, requires
from werkgeversportaal.lib.permissions import acting_user as _actor
from werkgeversportaal.lib.rendering import flash, is_htmx, redirect, render, safe_next
from werkgeversportaal.lib.runtime import Runtime
from werkgeversportaal.lib.sql import fetch_rows, prebuilt

FORMS: dict[Action, type[msgspec.Struct]] = {
    Action.PLAN_MEETING: MeetingForm, Action.START_TRIAL: TrialForm, Action.PLACE: PlaceForm, Action.STOP: StopForm,
}


_intro, _candidate, _employer = Introduction.__table__.c, Candidate.__table__.c, Employer.__table__.c
# The open introductions of the accountmanager's municipality, oldest first (as IntroductionService.managed).
OPEN_QUEUE = prebuilt(
    select(_intro.id, _intro.created_at, _intro.status, _employer.name.label("employer_name"), _candidate.given_name,
           _candidate.family_name)
    .select_from(Introduction.__table__.join(Candidate.__table__, _candidate.id == _intro.candidate_id)
                 .join(Employer.__table__, _employer.id == _intro.employer_id))
    .where(_candidate.municipality_id == bindparam("municipality_id"),
           _intro.status.in_([enum_constant(status) for status in sorted(OPEN)]))
    .order_by(_intro.created_at)
)


def _action(value: str) -> Action:
    try:
        return Action(value)
    except ValueError:
        raise NotFoundException() from None


def options() -> dict[str, Any]:
    return {"mode_options": choices(MeetingMode), "contract_options": choices(ContractKind),
            "reason_options": choices(StopReason), "outcome_options": choices(MilestoneOutcome),
            "support_options": choices(SupportAction), "sector_options": choices(Sector)}


class IntroductionManagementController(Controller):
    path = "/accountmanager/kennismakingen"
    guards = [requires(Permission.CANDIDATES_MANAGE)]
    dependencies = {**runtime_dependency, **introduction_service}
    include_in_schema = False

    async def _get(self, introductions: IntroductionService, introduction_id: UUID,
                   actor: CurrentUser) -> Introduction:
        intro = await introductions.get_managed(introduction_id, actor)
        if intro is None:
            raise NotFoundException()
        return intro

    async def _detail(self, request: Request[Any, Any, Any], introductions: IntroductionService,
                      intro: Introduction, *, action: Action | None = None, values: dict[str, Any] | None = None,
                      errors: dict[str, str] | None = None, status_code: int = 200) -> Template:
        return render(request, "introductions/manage_detail.html", {
            "intro": intro, "history": await introductions.history(intro.id),
            "milestones": await introductions.milestones(intro.id),
            "actions": actions_for(intro.status, Actor.ACCOUNT_MANAGER), "failed_action": action,
            "values": values or {}, "errors": errors or {}, **options()}, status_code=status_code)

    @get("/", name="am_introductions", opt=AUTOCOMMIT_OPT)
    async def index(self, request: Request[Any, Any, Any], db_session: NamedDependency[AsyncSession]) -> Template:
        rows = await fetch_rows(db_session, OPEN_QUEUE, {"municipality_id": _actor(request).municipality_id})
        return render(request, "introductions/manage_queue.html", {"introductions": rows})

    @get("/bord", name="am_introductions_board")
    async def board(self, request: Request[Any, Any, Any], introductions: NamedDependency[IntroductionService],
                    employer: FromQuery[str | None] = None, sector: FromQuery[str | None] = None,
                    own: FromQuery[bool] = False) -> Template:
        actor = _actor(request)
        conditions: list[Any] = [Introduction.status.in_(list(PIPELINE))]
        if employer:
            try:
                conditions.append(Introduction.employer_id == UUID(employer))
            except ValueError:
                pass
        rows = await introductions.managed(actor, *conditions)
        if sector:
            rows = [r for r in rows if sector in (r.employer.sectors or [])]
        if own:
            # "Own candidates": the ones this accountmanager took in.
            rows = [r for r in rows if r.candidate.created_by_id == actor.id]
        employer_ids = {r.employer_id for r in await introductions.managed(actor)}
        employers = list(await introductions.repository.session.scalars(
            select(Employer).where(Employer.id.in_(employer_ids)).order_by(Employer.name))) if employer_ids else []
        columns = [(status, [r for r in rows if r.status is status]) for status in PIPELINE]
        return render(request, "introductions/board.html", {
            "columns": columns, "employers": employers, "moves": {
                r.id: actions_for(r.status, Actor.ACCOUNT_MANAGER) for r in rows},
            "filters": {"employer": employer or "", "sector": sector or "", "own": own}, **options()})

    @get("/{introduction_id:uuid}", name="am_introduction")
    async def detail(self, request: Request[Any, Any, Any], introduction_id: FromPath[UUID],
                     introductions: NamedDependency[IntroductionService]) -> Template:
        intro = await self._get(introductions, introduction_id, _actor(request))
        return await self._detail(request, introductions, intro)

    @post("/{introduction_id:uuid}/stap/{action:str}", name="am_introduction_step")
    async def step(self, request: Request[Any, Any, Any], introduction_id: FromPath[UUID], action: FromPath[str],
                   introductions: NamedDependency[IntroductionService],
                   runtime: NamedDependency[Runtime]) -> Response[Any]:
        actor, chosen = _actor(request), _action(action)
        intro = await self._get(introductions, introduction_id, actor)
        form = await parse_form(request, FORMS.get(chosen, MoveForm))
        errors = dict(form.errors)
        if form.ok and form.data is not None:
            data_fn = getattr(form.data, "data", None)
            data = data_fn() if callable(data_fn) else {}
            try:
                await introductions.move(intro, chosen, actor, Actor.ACCOUNT_MANAGER, runtime, data,
                                         version=form.data.version,  # type: ignore[attr-defined]
                                         note=getattr(form.data, "note", ""))
            except TransitionError as exc:
                errors = exc.errors
            else:
                if is_htmx(request):
                    return await self._card(request, introductions, intro)
                flash(request, _("De kennismaking staat nu op: %(status)s.", status=label(intro.status)))
                back = (await request.form()).get("back")
                return redirect(safe_next(back, f"/accountmanager/kennismakingen/{intro.id}"))
        # Meeting date "" is mapped to the form field of the state check.
        if "meeting_at" in errors:
            errors["meeting_date"] = errors.pop("meeting_at")
        status_code = 409 if "" in errors else 400
        if "version" in errors:
            # A hidden field: its error has no place on the form, so it goes on top (it was lost before).
            errors.pop("version")
            errors.setdefault("", _("Laad de pagina opnieuw en probeer het nog eens."))
        if is_htmx(request):
            return await self._card(request, introductions, intro, errors.get("") or next(iter(errors.values())),
                                    status_code=status_code)
        return await self._detail(request, introductions, intro, action=chosen, values=form.values, errors=errors,
                                  status_code=status_code)

    async def _card(self, request: Request[Any, Any, Any], introductions: IntroductionService, intro: Introduction,
                    error: str | None = None, status_code: int = 200) -> Template:
        await introductions.repository.session.refresh(intro)
        return render(request, "introductions/fragment_card.html", {
            "card": intro, "moves": {intro.id: actions_for(intro.status, Actor.ACCOUNT_MANAGER)}, "error": error},
            status_code=status_code)

    # -- follow-up milestones ----------------------------------------------------------------

    @post("/{introduction_id:uuid}/mijlpalen", name="am_milestone_add")
    async def add_milestone(self, request: Request[Any, Any, Any], introduction_id: FromPath[UUID],
                            introductions: NamedDependency[IntroductionService]) -> Response[Any]:
        actor = _actor(request)
        intro = await self._get(introductions, introduction_id, actor)
        form = await parse_form(request, MilestoneForm)
        if not form.ok or form.data is None:
            return await self._detail(request, introductions, intro, values=form.values, errors=form.errors,
                                      status_code=400)
        milestone = FollowUpMilestone(introduction_id=intro.id, **msgspec.structs.asdict(form.data))
        milestone.support_actions = [s.value for s in form.data.support_actions]
        introductions.repository.session.add(milestone)
        log_action(introductions.repository.session, actor, "milestone.added", "introduction", intro.id)
        flash(request, _("Het nazorgmoment is toegevoegd."))
        return redirect(f"/accountmanager/kennismakingen/{intro.id}#nazorg")

    @post("/{introduction_id:uuid}/mijlpalen/{milestone_id:uuid}", name="am_milestone_update")
    async def update_milestone(self, request: Request[Any, Any, Any], introduction_id: FromPath[UUID],
                               milestone_id: FromPath[UUID],
                               introductions: NamedDependency[IntroductionService]) -> Response[Any]:
        actor = _actor(request)
        intro = await self._get(introductions, introduction_id, actor)
        session = introductions.repository.session
        milestone = await session.get(FollowUpMilestone, milestone_id)
        if milestone is None or milestone.introduction_id != intro.id:
            raise NotFoundException()
        form = await parse_form(request, MilestoneForm)
        if not form.ok or form.data is None:
            return await self._detail(request, introductions, intro, values=form.values,
                                      errors={f"m{milestone.id}": " ".join(form.errors.values())}, status_code=400)
        for key, value in msgspec.structs.asdict(form.data).items():
            setattr(milestone, key, value)
        milestone.support_actions = [s.value for s in form.data.support_actions]
        log_action(session, actor, "milestone.updated", "introduction", intro.id, milestone=str(milestone.id),
                   outcome=milestone.outcome)
        flash(request, _("Het nazorgmoment is bewaard."))
        return redirect(f"/accountmanager/kennismakingen/{intro.id}#nazorg")
