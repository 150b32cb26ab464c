"""JSON API for accountmanagers (the municipality's own case system): introductions and follow-up milestones.
Only the candidates of the caller's municipality exist here; others answer 404."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

import msgspec
from litestar import Controller, Request, get, patch, post
from litestar.di import NamedDependency
from litestar.exceptions import HTTPException, NotFoundException
from litestar.params import FromPath, JSONBody, QueryParameter

from werkgeversportaal.db.models import FollowUpMilestone, Introduction, IntroductionStatus
from werkgeversportaal.domain.accounts.deps import runtime_dependency
from werkgeversportaal.domain.introductions.deps import introduction_service
from werkgeversportaal.domain.introductions.schemas import (
    IntroductionOut,
    MilestoneForm,
    MilestoneOut,
    MilestoneUpdate,
    StatusChange,
)
from werkgeversportaal.domain.introductions.services import IntroductionService
from werkgeversportaal.domain.introductions.state import Action, Actor, TransitionError
from werkgeversportaal.lib.audit import log_action
from werkgeversportaal.lib.forms import validate
from werkgeversportaal.lib.permissions import Permission, requires
from werkgeversportaal.lib.permissions import acting_user as _actor
from werkgeversportaal.lib.runtime import Runtime


def _value(value: Any) -> Any:
    return getattr(value, "value", value)


def introduction_out(i: Introduction) -> IntroductionOut:
    return IntroductionOut(
        id=i.id, status=i.status.value, version=i.version, employer_id=i.employer_id, employer_name=i.employer.name,
        candidate_id=i.candidate_id, opening_id=i.opening_id, motivation=i.motivation, created_at=i.created_at,
        meeting_at=i.meeting_at, meeting_mode=_value(i.meeting_mode), meeting_place=i.meeting_place,
        interpreter_needed=i.interpreter_needed, trial_start=i.trial_start, trial_end=i.trial_end,
        contract_kind=_value(i.contract_kind), contract_start=i.contract_start, stop_reason=_value(i.stop_reason),
        stop_note=i.stop_note)


def milestone_out(m: FollowUpMilestone) -> MilestoneOut:
    return MilestoneOut(id=m.id, introduction_id=m.introduction_id, title=m.title, due_date=m.due_date,
                        done_date=m.done_date, outcome=_value(m.outcome), notes=m.notes,
                        support_actions=list(m.support_actions))


class IntroductionsApiController(Controller):
    path = "/api/v1"
    tags = ["introductions"]
    guards = [requires(Permission.CANDIDATES_MANAGE)]
    dependencies = {**runtime_dependency, **introduction_service}

    async def _get(self, request: Request[Any, Any, Any], introductions: IntroductionService,
                   introduction_id: UUID) -> Introduction:
        intro = await introductions.get_managed(introduction_id, _actor(request))
        if intro is None:
            raise NotFoundException()
        return intro

    @get("/introductions", name="api_introductions", summary="Introductions of the own municipality's candidates")
    async def list_introductions(
        self, request: Request[Any, Any, Any], introductions: NamedDependency[IntroductionService],
        status: Annotated[str, QueryParameter(description="e.g. requested, placed")] = "",
    ) -> list[IntroductionOut]:
        conditions = []
        if status:
            try:
                conditions.append(Introduction.status == IntroductionStatus(status))
            except ValueError:
                raise HTTPException(status_code=400, detail="Unknown status") from None
        return [introduction_out(i) for i in await introductions.managed(_actor(request), *conditions)]

    @get("/introductions/{introduction_id:uuid}", name="api_introduction", summary="One introduction")
    async def show(self, request: Request[Any, Any, Any], introductions: NamedDependency[IntroductionService],
                   introduction_id: FromPath[UUID]) -> IntroductionOut:
        return introduction_out(await self._get(request, introductions, introduction_id))

    @post("/introductions/{introduction_id:uuid}/status", name="api_introduction_status", status_code=200,
          summary="Take a pipeline step",
          description="`action` is one of agree, decline, plan_meeting, start_trial, place, start_followup, "
                      "complete, stop; `version` must be the version you read (409 when someone else was first).")
    async def change_status(self, request: Request[Any, Any, Any], introductions: NamedDependency[IntroductionService],
                            runtime: NamedDependency[Runtime], introduction_id: FromPath[UUID],
                            data: JSONBody[StatusChange]) -> IntroductionOut:
        intro = await self._get(request, introductions, introduction_id)
        try:
            action = Action(data.action)
        except ValueError:
            raise HTTPException(status_code=400, detail="Unknown action") from None
        fields = {k: v for k, v in msgspec.structs.asdict(data).items()
                  if k not in {"action", "version", "note"} and v not in (None, "")}
        try:
            await introductions.move(intro, action, _actor(request), Actor.ACCOUNT_MANAGER, runtime, fields,
                                     version=data.version, note=data.note)
        except TransitionError as exc:
            raise HTTPException(status_code=409, detail=" ".join(exc.errors.values()),
                                extra={"errors": exc.errors}) from exc
        return introduction_out(intro)

    @get("/introductions/{introduction_id:uuid}/milestones", name="api_introduction_milestones",
         summary="Follow-up milestones of an introduction")
    async def milestones(self, request: Request[Any, Any, Any], introductions: NamedDependency[IntroductionService],
                         introduction_id: FromPath[UUID]) -> list[MilestoneOut]:
        intro = await self._get(request, introductions, introduction_id)
        return [milestone_out(m) for m in await introductions.milestones(intro.id)]

    @patch("/milestones/{milestone_id:uuid}", name="api_milestone_update", summary="Change a follow-up milestone",
           description="Only the fields sent change.")
    async def update_milestone(self, request: Request[Any, Any, Any],
                               introductions: NamedDependency[IntroductionService], milestone_id: FromPath[UUID],
                               data: JSONBody[MilestoneUpdate]) -> MilestoneOut:
        session = introductions.repository.session
        milestone = await session.get(FollowUpMilestone, milestone_id)
        if milestone is None:
            raise NotFoundException()
        await self._get(request, introductions, milestone.introduction_id)
        current = msgspec.to_builtins(milestone_out(milestone))
        raw = {k: current[k] for k in MilestoneForm.__struct_fields__}
        raw.update(msgspec.to_builtins(data))
        result = validate(MilestoneForm, raw)
        if not result.ok or result.data is None:
            raise HTTPException(status_code=400, detail="Validation failed", extra={"errors": result.errors})
        for key, value in msgspec.structs.asdict(result.data).items():
            setattr(milestone, key, value)
        milestone.support_actions = [_value(s) for s in result.data.support_actions]
        log_action(session, _actor(request), "milestone.updated", "introduction", milestone.introduction_id,
                   milestone=str(milestone.id), via="api")
        await session.flush()
        return milestone_out(milestone)
